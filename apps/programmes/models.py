from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from apps.core.fields import LowercaseSlugField, RichTextField, lowercase_slug
from apps.core.i18n import columns
from apps.core.links import reverse_slug
from apps.core.models import KeepsFormerSlugs, NaturalKeyManager, Publishable, PublishableQuerySet
from apps.core.ordering import ReadersText
from apps.editorial.models import Versioned
from apps.translations.models import TranslationTracked

YEAR_VALIDATORS = [MinValueValidator(1990), MaxValueValidator(2100)]


class ProgrammeQuerySet(PublishableQuerySet):
    def published(self):
        """The one rule of what the public may see of programmes: published, and a component
        only while its programme is (withdrawing a programme withdraws its components, as
        withdrawing an office withdraws its contacts)."""
        return (
            super()
            .published()
            .filter(models.Q(parent__isnull=True) | models.Q(parent__is_published=True))
        )

    def top_level(self):
        return self.filter(parent__isnull=True)

    def with_components(self, *fields: str, as_if_published: bool = False):
        """Each programme's published components, as the list ``public_components`` (a list,
        not the relation's prefetch cache, which costs a manager and a queryset per
        programme); only their ``fields`` when given. ``as_if_published``: those the public
        will see once the programme is published (a staff preview of a programme not yet
        published, whose components ``published()`` leaves out with it)."""
        if as_if_published:
            components = Programme.objects.filter(is_published=True)
        else:
            components = Programme.objects.published()
        if fields:
            components = components.only(*fields, "parent")
        return self.prefetch_related(
            models.Prefetch("components", queryset=components, to_attr="public_components")
        )

    def for_links(self):
        """What a list of links shows of each programme and of its published components
        (``public_components``): their addresses and titles, not their texts."""
        shown = columns(Programme, "slug", "title")
        return self.only(*shown).with_components(*shown)


class ProgrammeManager(NaturalKeyManager.from_queryset(ProgrammeQuerySet)):
    pass


class Programme(KeepsFormerSlugs, TranslationTracked, Versioned, Publishable):
    """A programme, or a component of one (``parent`` set)."""

    title = models.CharField(_("title"), max_length=250)
    short_name = models.CharField(
        _("short name"), max_length=80, help_text=_("Used in menus and lists, e.g. “CBC”.")
    )
    summary = models.TextField(_("summary"))
    body = RichTextField(_("body"), blank=True)
    slug = LowercaseSlugField(_("slug"), max_length=120, unique=True)
    start_year = models.PositiveSmallIntegerField(_("start year"), validators=YEAR_VALIDATORS)
    end_year = models.PositiveSmallIntegerField(
        _("end year"),
        null=True,
        blank=True,
        validators=YEAR_VALIDATORS,
        help_text=_("Leave empty while the programme is open-ended."),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="components",
        verbose_name=_("part of programme"),
        help_text=_("Set this for a component of a larger programme."),
    )
    topics = models.ManyToManyField(
        "core.Topic", blank=True, related_name="programmes", verbose_name=_("topics")
    )
    sort_order = models.PositiveSmallIntegerField(_("ordering"), default=0)

    objects = ProgrammeManager()

    class Meta:
        ordering = ["sort_order", "-start_year", ReadersText("title").asc()]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        constraints = [
            lowercase_slug("programmes_programme_slug_lowercase"),
            models.CheckConstraint(
                condition=models.Q(end_year__isnull=True)
                | models.Q(end_year__gte=models.F("start_year")),
                name="programmes_programme_end_after_start",
                violation_error_message=_("The end year cannot be before the start year."),
            ),
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("pk")),
                name="programmes_programme_not_own_parent",
                violation_error_message=_("A programme cannot be a component of itself."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse_slug("programmes:detail", self.slug)

    def natural_key(self):
        return (self.slug,)

    @property
    def years(self) -> str:
        if self.end_year is None:
            # "2022–" reads as unfinished; Russian has no such form either.
            return gettext("since %(year)d") % {"year": self.start_year}
        if self.end_year == self.start_year:
            return str(self.start_year)
        return f"{self.start_year}–{self.end_year}"

    def clean(self):
        super().clean()
        errors = {}
        if self.start_year and self.end_year and self.end_year < self.start_year:
            errors["end_year"] = _("The end year cannot be before the start year.")
        if self.parent_id:
            if self.pk and self.parent_id == self.pk:
                errors["parent"] = _("A programme cannot be a component of itself.")
            elif self.parent.parent_id:
                errors["parent"] = _(
                    "Choose a programme, not a component: components are one level deep."
                )
            elif self.pk and self.components.exists():
                errors["parent"] = _("This programme has components, so it cannot be one.")
        if errors:
            raise ValidationError(errors)

    def validate_constraints(self, exclude=None):
        # clean() reports these invariants on their fields; the database still enforces them.
        exclude = {*(exclude or ()), "end_year", "parent"}
        super().validate_constraints(exclude=exclude)
