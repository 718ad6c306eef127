import secrets

from django.core.exceptions import EmptyResultSet, ValidationError
from django.db import connections, models
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.blos.models import BorderLiaisonOffice
from apps.contacts.models import Contact, Office
from apps.core.fields import LowercaseSlugField, RichTextField, lowercase_slug
from apps.core.i18n import columns
from apps.core.links import reverse_slug
from apps.core.models import Country, KeepsFormerSlugs, NaturalKeyManager, Topic
from apps.core.validators import IMAGE_UPLOAD_HELP_TEXT, validate_image_upload
from apps.editorial.models import Versioned
from apps.programmes.models import Programme
from apps.translations.models import TranslationTracked

# What a news card shows (templates/news/_newsitem_cards.html).
CARD_FIELDS = ("slug", "title", "dateline", "summary", "published_at")
# Publication dates the site can store and list: a date in year 1 could not be converted to
# UTC (a 500 on save), and one in 9999 broke the admin's year list (the year after it).
PUBLICATION_YEARS = (1990, 2100)


def validate_publication_date(value):
    first, last = PUBLICATION_YEARS
    if value is not None and not first <= value.year <= last:
        raise ValidationError(
            _("Enter a date between %(first)d and %(last)d.") % {"first": first, "last": last},
            code="out_of_range",
        )


def news_image_path(instance, filename: str) -> str:
    """``news/<year>/<random>/<name>``: an image uploaded with an item scheduled for later
    (under embargo) is served from the media folder as soon as it is uploaded, so its address
    must not be guessable from its file name before the item is published."""
    return f"news/{timezone.now():%Y}/{secrets.token_urlsafe(12)}/{filename}"


class NewsItemQuerySet(models.QuerySet):
    def published(self, *, at=None):
        """The one rule of what the public may see: published, and its time has come."""
        return self.filter(status=NewsItem.Status.PUBLISHED, published_at__lte=at or timezone.now())

    def drafts(self):
        return self.filter(status=NewsItem.Status.DRAFT)

    def years(self) -> list[int]:
        """The years (local time) with an item in this queryset, newest first.

        On PostgreSQL a recursive query jumps from year to year, one index probe each (0.3 ms
        at 10,000 items, where ``dates()`` reads every row's date: 3.4 ms), with this
        queryset's own conditions (``published()``) as its subquery. Elsewhere ``dates()``.
        """
        connection = connections[self.db]
        if connection.vendor != "postgresql":
            return [day.year for day in self.dates("published_at", "year", order="DESC")]
        query = self.years_sql()
        if query is None:
            return []
        with connection.cursor() as cursor:
            cursor.execute(*query)
            return [year for (year,) in cursor.fetchall()]

    def years_sql(self) -> tuple[str, tuple] | None:
        """PostgreSQL's recursive query behind ``years()``: (sql, params), or None when Django
        already knows the queryset is empty (``none()``, ``pk__in=[]``)."""
        try:
            rows_sql, rows_params = self.order_by().values("published_at").query.sql_with_params()
        except EmptyResultSet:
            return None
        zone = timezone.get_current_timezone_name()
        latest_year = (
            "SELECT date_part('year', max(published_at) AT TIME ZONE %s)::int "
            f"FROM ({rows_sql}) AS rows"
        )
        before_year = "published_at < make_timestamptz(year, 1, 1, 0, 0, 0, %s)"
        sql = (
            f"WITH RECURSIVE years (year) AS ({latest_year} UNION ALL "
            f"SELECT ({latest_year} WHERE {before_year}) FROM years WHERE year IS NOT NULL) "
            "SELECT year FROM years WHERE year IS NOT NULL"
        )
        return sql, (zone, *rows_params, zone, *rows_params, zone)

    def scheduled(self, *, at=None):
        return self.filter(status=NewsItem.Status.PUBLISHED, published_at__gt=at or timezone.now())

    def of_programme(self, programme):
        """The items of ``programme``: those about it or about one of its published
        components (a component's: those about it). The programme's page lists them, and its
        "All news of this programme" is the news list filtered so."""
        return self.filter(pk__in=_tags_of_programme(programme.pk).values("newsitem"))

    def count_by_programme(self, programmes):
        """``programmes``, each with ``news_count``: how many of these items are its
        (``of_programme``; an item about a programme and its component counts once)."""
        items = self.order_by().values("pk")
        tags = _tags_of_programme(models.OuterRef("pk")).filter(newsitem__in=items).order_by()
        count = tags.values(n=models.Func("newsitem", template="COUNT(DISTINCT %(expressions)s)"))
        return programmes.annotate(
            news_count=models.Subquery(count, output_field=models.IntegerField())
        )

    def last_public_change(self):
        """When the latest of these items last changed as the public sees it (``None``: no
        item): its last edit, or its publication if later (``NewsItem.public_since``)."""
        dates = self.aggregate(
            edited=models.Max("updated_at"), published=models.Max("published_at")
        )
        return max(filter(None, dates.values()), default=None)

    def for_list(self):
        """What a list's cards show of each item: these columns only (not the bodies, in two
        languages, nor the editorial bookkeeping), and no related queries."""
        return self.only(*columns(self.model, *CARD_FIELDS))

    def for_detail(self):
        """With what a page or an API answer shows of its related objects, as plain lists:
        ``public_countries``, ``public_topics``, ``public_programmes``, ``public_blos`` and
        ``public_contacts`` (published ones only, and only the columns shown: a related
        programme's or office's long texts are not read).

        Lists, not the relations' prefetch caches: a cache costs a manager and a filtered
        queryset per item and relation to fill, and more to read (a third of an API list's
        time), where a list is read as it is.
        """
        return self.prefetch_related(
            Prefetch(
                "countries",
                queryset=Country.objects.only(*columns(Country, "iso_code", "name")),
                to_attr="public_countries",
            ),
            Prefetch(
                "topics",
                queryset=Topic.objects.only(*columns(Topic, "slug", "name")),
                to_attr="public_topics",
            ),
            Prefetch(
                "programmes",
                queryset=Programme.objects.published().only(*columns(Programme, "slug", "title")),
                to_attr="public_programmes",
            ),
            Prefetch(
                "blos",
                queryset=BorderLiaisonOffice.objects.published().only(
                    *columns(BorderLiaisonOffice, "slug", "name")
                ),
                to_attr="public_blos",
            ),
            Prefetch(
                "contacts",
                queryset=Contact.objects.published()
                .select_related("office")
                .only(
                    *columns(Contact, "full_name", "position", "email", "phone", "office"),
                    *columns(Office, "name", "city", through="office"),
                ),
                to_attr="public_contacts",
            ),
        )


def _tags_of_programme(programme):
    """The links of news items to ``programme`` (a primary key or an ``OuterRef``) or to one of
    its published components."""
    return NewsItem.programmes.through.objects.filter(
        models.Q(programme=programme)
        | models.Q(programme__parent=programme, programme__is_published=True)
    )


class NewsItemManager(NaturalKeyManager.from_queryset(NewsItemQuerySet)):
    pass


class NewsStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    IN_REVIEW = "in_review", _("in review")
    PUBLISHED = "published", _("published")


# draft → in review → published, and back to draft from either (unpublishing).
ALLOWED_TRANSITIONS = {
    NewsStatus.DRAFT: {NewsStatus.DRAFT, NewsStatus.IN_REVIEW},
    NewsStatus.IN_REVIEW: {NewsStatus.IN_REVIEW, NewsStatus.DRAFT, NewsStatus.PUBLISHED},
    NewsStatus.PUBLISHED: {NewsStatus.PUBLISHED, NewsStatus.DRAFT},
}


class NewsItem(KeepsFormerSlugs, TranslationTracked, Versioned, models.Model):
    Status = NewsStatus

    title = models.CharField(_("title"), max_length=250)
    slug = LowercaseSlugField(
        _("slug"),
        max_length=120,
        unique=True,
        help_text=_(
            # The admin shows help texts as HTML: "<slug>" would vanish as an unknown tag.
            "The last part of the item’s address, as in /en/news/tashkent-roundtable/."
        ),
    )
    dateline = models.CharField(
        _("dateline"),
        max_length=120,
        help_text=_("Where the news comes from, e.g. “Tashkent, Uzbekistan”."),
    )
    summary = models.TextField(
        _("summary"), help_text=_("One or two sentences for lists and feeds.")
    )
    body = RichTextField(_("body"))
    # Indexed as the first column of news_public_by_date (below), which serves every filter
    # on it; an index of its own would only be one more to write on every save.
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.DRAFT)
    published_at = models.DateTimeField(
        _("publication date"),
        null=True,
        blank=True,
        db_index=True,
        validators=[validate_publication_date],
        help_text=_("A date in the future schedules the item: it appears by itself at that time."),
    )
    image = models.ImageField(
        _("image"),
        upload_to=news_image_path,
        max_length=255,
        blank=True,
        validators=[validate_image_upload],
        help_text=IMAGE_UPLOAD_HELP_TEXT,
    )
    image_alt = models.CharField(
        _("image alternative text"),
        max_length=250,
        blank=True,
        help_text=_("What the image shows, for readers who cannot see it. Required with an image."),
    )
    image_caption = models.CharField(_("image caption"), max_length=300, blank=True)
    countries = models.ManyToManyField(
        "core.Country", blank=True, related_name="news_items", verbose_name=_("countries")
    )
    topics = models.ManyToManyField(
        "core.Topic", blank=True, related_name="news_items", verbose_name=_("topics")
    )
    programmes = models.ManyToManyField(
        "programmes.Programme", blank=True, related_name="news_items", verbose_name=_("programmes")
    )
    blos = models.ManyToManyField(
        "blos.BorderLiaisonOffice",
        blank=True,
        related_name="news_items",
        verbose_name=_("Border Liaison Offices"),
    )
    contacts = models.ManyToManyField(
        "contacts.Contact",
        blank=True,
        related_name="news_items",
        verbose_name=_("contacts"),
        help_text=_("Shown as “For further information, please contact”."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = NewsItemManager()

    class Meta:
        ordering = ["-published_at", "-created_at"]
        get_latest_by = "published_at"
        permissions = [("publish_newsitem", _("Can publish and unpublish news items"))]
        verbose_name = _("news item")
        verbose_name_plural = _("news items")
        indexes = [
            # published() and the list's order: an index-only scan for the paginator's COUNT
            # and the year facet, and the newest page without a sort of every row.
            models.Index(
                fields=["status", "published_at", "created_at"], name="news_public_by_date"
            ),
        ]
        constraints = [
            lowercase_slug("news_newsitem_slug_lowercase"),
            models.CheckConstraint(
                condition=models.Q(status__in=NewsStatus.values),
                name="news_newsitem_status_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=NewsStatus.PUBLISHED)
                | models.Q(published_at__isnull=False),
                name="news_newsitem_published_has_date",
                violation_error_message=_("A published item needs a publication date."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse_slug("news:detail", self.slug)

    def natural_key(self):
        return (self.slug,)

    @property
    def public_since(self):
        """When this item's public page last changed: its last edit, or its publication if
        later. A scheduled item appears at its publication time, after its last edit, with no
        save to date it."""
        return max(filter(None, (self.updated_at, self.published_at)))

    @property
    def is_public(self) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        # Not loaded (only()): not asked for either, which would be a query per item.
        instance._loaded_status = instance.__dict__.get("status")
        return instance

    def clean(self):
        super().clean()
        errors = {}
        previous = getattr(self, "_loaded_status", None)
        if previous is not None and self.status not in ALLOWED_TRANSITIONS.get(
            previous, {self.status}
        ):
            errors["status"] = _(
                "A news item cannot go from “%(old)s” to “%(new)s”: drafts are sent for review "
                "before they are published."
            ) % {"old": NewsStatus(previous).label, "new": NewsStatus(self.status).label}
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            errors["published_at"] = _("A published item needs a publication date.")
        if self.image and not self.image_alt_en:
            errors["image_alt_en"] = _("Describe the image for readers who cannot see it.")
        if errors:
            raise ValidationError(errors)

    def validate_constraints(self, exclude=None):
        # clean() reports the publication-date rule on its field.
        exclude = {*(exclude or ()), "published_at"}
        super().validate_constraints(exclude=exclude)
