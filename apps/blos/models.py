from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Greatest, Least
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from apps.blos import geo
from apps.contacts.models import Contact, Office
from apps.core.fields import LowercaseSlugField, RichTextField, lowercase_slug
from apps.core.i18n import columns
from apps.core.links import reverse_slug
from apps.core.models import (
    Country,
    KeepsFormerSlugs,
    NaturalKeyManager,
    Publishable,
    PublishableQuerySet,
)
from apps.core.ordering import ReadersText
from apps.editorial.models import Versioned
from apps.programmes.models import Programme
from apps.translations.models import TranslationTracked


class Border(TranslationTracked, Versioned, models.Model):
    """A border between two countries, whichever way round they are entered."""

    country_a = models.ForeignKey(
        "core.Country", on_delete=models.PROTECT, related_name="+", verbose_name=_("country A")
    )
    country_b = models.ForeignKey(
        "core.Country", on_delete=models.PROTECT, related_name="+", verbose_name=_("country B")
    )
    name = models.CharField(
        _("name"), max_length=200, help_text=_("For example “Kazakhstan–Kyrgyzstan”.")
    )
    slug = LowercaseSlugField(_("slug"), max_length=100, unique=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = NaturalKeyManager()

    class Meta:
        ordering = [ReadersText("name").asc()]
        verbose_name = _("border")
        verbose_name_plural = _("borders")
        constraints = [
            lowercase_slug("blos_border_slug_lowercase"),
            models.CheckConstraint(
                condition=~models.Q(country_a=models.F("country_b")),
                name="blos_border_countries_differ",
                violation_error_message=_("A border joins two different countries."),
            ),
            models.UniqueConstraint(
                Least("country_a", "country_b"),
                Greatest("country_a", "country_b"),
                name="blos_border_unique_pair",
                violation_error_message=_("This border already exists."),
            ),
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)

    @property
    def countries(self):
        return (self.country_a, self.country_b)

    def clean(self):
        super().clean()
        if not (self.country_a_id and self.country_b_id):
            return
        if self.country_a_id == self.country_b_id:
            raise ValidationError(
                {"country_b": _("A border joins two different countries: choose another one.")}
            )
        pair = models.Q(country_a=self.country_a_id, country_b=self.country_b_id) | models.Q(
            country_a=self.country_b_id, country_b=self.country_a_id
        )
        if Border.objects.filter(pair).exclude(pk=self.pk).exists():
            raise ValidationError(
                {"country_b": _("A border between these two countries already exists.")}
            )

    def validate_constraints(self, exclude=None):
        # Both constraints are about the country pair and clean() reports them on the field
        # (the database still enforces them); skip the generic non-field messages.
        exclude = {*(exclude or ()), "country_a", "country_b"}
        super().validate_constraints(exclude=exclude)


class BorderLiaisonOfficeQuerySet(PublishableQuerySet):
    def of_programme(self, programme):
        """The offices of ``programme``: its own and those of its published components, as a
        programme's news (``NewsItemQuerySet.of_programme``)."""
        return self.filter(
            models.Q(programme=programme)
            | models.Q(programme__parent=programme, programme__is_published=True)
        )

    def for_list(self):
        """What the directory and its map show of each office (only those columns: the
        descriptions of 500 offices are not read). The borders and host countries are
        prefetched, not joined: a dozen shared objects instead of one copy of each per office
        (1,000 models fewer to build for the directory)."""
        shown = ("slug", "name", "status", "latitude", "longitude", "border", "host_country")
        return self.only(*columns(BorderLiaisonOffice, *shown)).prefetch_related(
            models.Prefetch("border", Border.objects.only(*columns(Border, "slug", "name"))),
            models.Prefetch(
                "host_country", Country.objects.only(*columns(Country, "iso_code", "name"))
            ),
        )

    def for_detail(self):
        """With the border, host country, programme and contact (and its office) joined: all
        of the office's, border's and country's columns, but only those of the programme and
        the contact that a page or an API answer shows. With every column (a programme's
        summary and body in two languages) a page of the API's offices took half as long
        again to read."""
        return self.select_related(
            "border", "host_country", "programme__parent", "contact", "contact__office"
        ).only(
            *_every_column(BorderLiaisonOffice),
            *_every_column(Border, through="border"),
            *_every_column(Country, through="host_country"),
            *columns(Programme, "slug", "title", "is_published", "parent", through="programme"),
            "programme__parent__is_published",
            *columns(
                Contact,
                *("full_name", "position", "email", "phone", "office", "is_published"),
                through="contact",
            ),
            *columns(Office, "name", "city", "is_published", through="contact__office"),
        )


def _every_column(model, through: str = "") -> list[str]:
    return [f"{through}__{f.name}" if through else f.name for f in model._meta.concrete_fields]


class BorderLiaisonOfficeManager(NaturalKeyManager.from_queryset(BorderLiaisonOfficeQuerySet)):
    pass


class BLOStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    BEING_ESTABLISHED = "being_established", _("being established")
    ESTABLISHED = "established", _("established")
    CLOSED = "closed", _("closed")


class BorderLiaisonOffice(KeepsFormerSlugs, TranslationTracked, Versioned, Publishable):
    Status = BLOStatus

    name = models.CharField(_("name"), max_length=200)
    slug = LowercaseSlugField(_("slug"), max_length=120, unique=True)
    crossing_point = models.CharField(
        _("crossing point"),
        max_length=200,
        help_text=_("The border crossing point the office serves."),
    )
    description = RichTextField(_("description"), blank=True)
    border = models.ForeignKey(
        Border, on_delete=models.PROTECT, related_name="blos", verbose_name=_("border")
    )
    host_country = models.ForeignKey(
        "core.Country",
        on_delete=models.PROTECT,
        related_name="hosted_blos",
        verbose_name=_("host country"),
        help_text=_("One of the two countries of the border."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.PLANNED, db_index=True
    )
    established_on = models.DateField(_("established on"), null=True, blank=True)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=5,
        validators=[MinValueValidator(Decimal(-90)), MaxValueValidator(Decimal(90))],
        help_text=_("Decimal degrees, −90 to 90 (north is positive)."),
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=8,
        decimal_places=5,
        validators=[MinValueValidator(Decimal(-180)), MaxValueValidator(Decimal(180))],
        help_text=_("Decimal degrees, −180 to 180 (east is positive)."),
    )
    programme = models.ForeignKey(
        "programmes.Programme",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="blos",
        verbose_name=_("programme"),
    )
    contact = models.ForeignKey(
        "contacts.Contact",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="blos",
        verbose_name=_("contact"),
    )

    objects = BorderLiaisonOfficeManager()

    class Meta:
        ordering = [ReadersText("border__name").asc(), ReadersText("name").asc()]
        verbose_name = _("Border Liaison Office")
        verbose_name_plural = _("Border Liaison Offices")
        constraints = [
            lowercase_slug("blos_blo_slug_lowercase"),
            models.CheckConstraint(
                condition=models.Q(status__in=BLOStatus.values),
                name="blos_blo_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(latitude__gte=-90, latitude__lte=90),
                name="blos_blo_latitude_range",
                violation_error_message=_("Latitude must be between −90 and 90."),
            ),
            models.CheckConstraint(
                condition=models.Q(longitude__gte=-180, longitude__lte=180),
                name="blos_blo_longitude_range",
                violation_error_message=_("Longitude must be between −180 and 180."),
            ),
        ]
        # host_country ∈ {border.country_a, border.country_b} spans two tables, so it is enforced
        # by database triggers (migration 0002) as well as by clean().

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse_slug("blos:detail", self.slug)

    def get_status_display(self) -> str:
        """The status's label in the active language. Django's own builds a dict of the
        choices on every call, translating each label to hash it: the directory asks 1,000
        times (~20 µs each)."""
        try:
            return str(BLOStatus(self.status).label)
        except ValueError:  # not a known status (an unsaved object): as Django shows it
            return str(self.status)

    def natural_key(self):
        return (self.slug,)

    @property
    def public_programme(self):
        """The programme, if the public may see it (``ProgrammeQuerySet.published``: it is
        published, and so is the programme it is a component of)."""
        programme = self.programme
        if programme is None or not programme.is_published:
            return None
        parent = programme.parent if programme.parent_id else None
        return programme if parent is None or parent.is_published else None

    @property
    def public_contact(self):
        """The contact, if the public may see it (it and its office are published)."""
        contact = self.contact
        if contact is not None and contact.is_published and contact.office.is_published:
            return contact
        return None

    def clean(self):
        super().clean()
        errors = self._position_errors()
        if self.border_id and self.host_country_id:
            border = self.border
            if self.host_country_id not in (border.country_a_id, border.country_b_id):
                errors["host_country"] = _(
                    "The host country must be one of the two countries of the border %(border)s."
                ) % {"border": border}
        if errors:
            raise ValidationError(errors)

    def _position_errors(self) -> dict:
        """A position off the map of Central Asia: the office would be drawn outside the
        map, on the directory and on its own page (latitude and longitude swapped is the
        usual slip)."""
        if self.latitude is None or self.longitude is None:
            return {}
        extent = geo.bounds()
        errors = {}
        for field, value, low, high, limit in (
            ("latitude", self.latitude, extent["south"], extent["north"], 90),
            ("longitude", self.longitude, extent["west"], extent["east"], 180),
        ):
            # Beyond ±90 or ±180 the field's own validator has said so.
            if -limit <= value <= limit and not low <= float(value) <= high:
                errors[field] = _(
                    "Outside the map of Central Asia: the %(field)s must be between %(low)s and "
                    "%(high)s."
                ) % {
                    "field": self._meta.get_field(field).verbose_name,
                    "low": number_format(Decimal(f"{low:g}")),
                    "high": number_format(Decimal(f"{high:g}")),
                }
        if errors and geo.in_bounds(self.longitude, self.latitude):
            swapped = _("Latitude and longitude look swapped.")
            errors = {field: f"{message} {swapped}" for field, message in errors.items()}
        return errors
