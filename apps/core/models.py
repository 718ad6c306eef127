from datetime import UTC, datetime

from django.core.validators import RegexValidator
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.models import Value
from django.db.models.functions import Length, Substr, Upper
from django.db.models.lookups import Exact, GreaterThanOrEqual, LessThanOrEqual
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.fields import LowercaseSlugField, lowercase_slug
from apps.core.ordering import ReadersText
from apps.editorial.models import Versioned
from apps.translations.models import TranslationTracked


class PublishableQuerySet(models.QuerySet):
    """Reads shared by every model that officers prepare before it shows (``is_published``)."""

    def published(self):
        """The one rule of what the public may see of this model."""
        return self.filter(is_published=True)


class NaturalKeyManager(models.Manager):
    """A manager that finds an object by its natural key, the inverse of ``natural_key()``.

    ``loaddata`` needs it to read a dump made with ``--natural-foreign`` (a news item's
    countries written as ``["UZ"]``, not as ids, so the dump does not depend on the ids of the
    database it came from). The natural key is one unique field, ``natural_key_field``. A model
    with its own QuerySet takes ``NaturalKeyManager.from_queryset(ItsQuerySet)``, which keeps
    every queryset method on the manager (``NewsItem.objects.published()``).
    """

    natural_key_field = "slug"

    def get_by_natural_key(self, key):
        return self.get(**{self.natural_key_field: key})


class CountryManager(NaturalKeyManager):
    natural_key_field = "iso_code"


class Publishable(models.Model):
    """Frame for content that is public only once an officer ticks *published*."""

    is_published = models.BooleanField(
        _("published"),
        default=False,
        help_text=_("Only published entries appear on the public site, in feeds and in the API."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True


iso_alpha2_validator = RegexValidator(
    r"^[A-Z]{2}$", _("Enter a two-letter ISO 3166 code in capitals, for example UZ.")
)


def _capital_letter(field: str, position: int) -> tuple:
    """Conditions that the character at ``position`` of ``field`` lies between A and Z."""
    char = Substr(field, position, 1)
    return (GreaterThanOrEqual(char, Value("A")), LessThanOrEqual(char, Value("Z")))


class Country(TranslationTracked, Versioned, models.Model):
    iso_code = models.CharField(
        _("ISO code"),
        max_length=2,
        unique=True,
        validators=[iso_alpha2_validator],
        help_text=_("ISO 3166-1 alpha-2 code in capitals, for example KZ."),
    )
    name = models.CharField(_("name"), max_length=100)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = CountryManager()

    class Meta:
        ordering = [ReadersText("name").asc()]
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    Exact(Length("iso_code"), 2),
                    Exact(models.F("iso_code"), Upper("iso_code")),
                    *_capital_letter("iso_code", 1),
                    *_capital_letter("iso_code", 2),
                ),
                name="core_country_iso_code_alpha2_upper",
                violation_error_message=_("The ISO code must be two capital letters."),
            ),
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.iso_code,)


class Topic(TranslationTracked, Versioned, models.Model):
    slug = LowercaseSlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=120)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = NaturalKeyManager()

    class Meta:
        ordering = [ReadersText("name").asc()]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        constraints = [lowercase_slug("core_topic_slug_lowercase")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("news:list") + f"?topic={self.slug}"

    def natural_key(self):
        return (self.slug,)


def whole_second(moment) -> int:
    """``moment`` as HTTP dates give it: whole seconds since the epoch."""
    return int(moment.timestamp())


class ContentVersion(models.Model):
    """The public content's version when the cache is one per worker process (local memory).

    A number that goes up with every save or deletion of public content
    (``apps.core.caching``). Every worker reads it once per cacheable request and keys its
    cached pages with it, so a change made through any worker is seen by all of them at once.
    With a cache shared by every worker (Redis) the version lives in the cache instead.

    On PostgreSQL the number is a sequence (``SEQUENCE``, migration core.0004): ``nextval``
    takes no lock and is seen by every connection at once, so saves in concurrent transactions
    never wait for each other on it (an UPDATE of one row would keep it locked until each
    transaction ends: saves would queue, and two transactions saving the same objects in
    different orders could deadlock). On SQLite, which lets one transaction write at a time
    anyway, it is this table's one row.
    """

    ROW = 1
    SEQUENCE = "core_contentversion_number"

    number = models.PositiveBigIntegerField(_("number"), default=0)
    #: When public content last changed, in every cache mode (``apps.core.caching``): set
    #: once each change commits, by a statement of its own, so no saving transaction waits
    #: on this row. API answers, feeds and the sitemap are never dated before it.
    changed_at = models.DateTimeField(_("content changed"), null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("content version")
        verbose_name_plural = _("content versions")
        constraints = [
            models.CheckConstraint(condition=models.Q(pk=1), name="core_contentversion_one_row"),
        ]

    def __str__(self):
        return str(self.number)

    @classmethod
    def _sequence_connection(cls, using):
        connection = connections[using or DEFAULT_DB_ALIAS]
        return connection if connection.vendor == "postgresql" else None

    @classmethod
    def current(cls, *, using: str | None = None) -> int:
        """The number now (0 until the first change; reading never writes)."""
        connection = cls._sequence_connection(using)
        if connection is not None:
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT last_value, is_called FROM {cls.SEQUENCE}")
                last_value, is_called = cursor.fetchone()
            return last_value if is_called else 0
        rows = cls.objects.using(using).filter(pk=cls.ROW).order_by()
        number = rows.values_list("number", flat=True)
        return next(iter(number), 0)

    @classmethod
    def changed_at_latest(cls, *, using: str | None = None):
        """When public content last changed (None: not since the database was made)."""
        rows = cls.objects.using(using).filter(pk=cls.ROW).order_by()
        return next(iter(rows.values_list("changed_at", flat=True)), None)

    @classmethod
    def record_change(cls, *, using: str | None = None) -> None:
        """Public content changed now. Called once the change has committed.

        HTTP dates are whole seconds: a change in the same second as the one before is
        recorded in the next second, so that every change dates the answers after it later
        than those before it (an answer read between two changes of one second was "not
        modified" by the second one). Answers are given no date until that second has come
        (``caching.last_modified``).
        """
        with transaction.atomic(using=using):
            row = cls.objects.using(using).select_for_update().filter(pk=cls.ROW).first()
            now = timezone.now()
            if row is None:
                cls.objects.using(using).get_or_create(pk=cls.ROW, defaults={"changed_at": now})
                return
            if row.changed_at is not None and whole_second(row.changed_at) >= whole_second(now):
                now = datetime.fromtimestamp(whole_second(row.changed_at) + 1, tz=UTC)
            row.changed_at = now
            row.save(update_fields=["changed_at"])

    @classmethod
    def bump(cls, *, using: str | None = None) -> None:
        """One more; concurrent bumps never lose one."""
        connection = cls._sequence_connection(using)
        if connection is not None:
            with connection.cursor() as cursor:
                cursor.execute("SELECT nextval(%s)", [cls.SEQUENCE])
            return
        rows = cls.objects.using(using).filter(pk=cls.ROW)
        if rows.update(number=models.F("number") + 1):
            return
        _row, created = cls.objects.using(using).get_or_create(pk=cls.ROW, defaults={"number": 1})
        if not created:  # another process created it between the two statements
            rows.update(number=models.F("number") + 1)


class FormerSlug(models.Model):
    """An address an object had before its slug was changed: the old address is sent on,
    permanently, to the new one (links in mail, search engines and feed readers keep
    working). An address taken again by another object is that object's, and is forgotten
    here."""

    content_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.CASCADE, verbose_name=_("content type")
    )
    object_id = models.PositiveIntegerField(_("object id"))
    slug = LowercaseSlugField(_("slug"), max_length=200)
    changed_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("former address")
        verbose_name_plural = _("former addresses")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "slug"], name="core_formerslug_one_object_per_slug"
            ),
            lowercase_slug("core_formerslug_slug_lowercase"),
        ]

    def __str__(self):
        return self.slug

    @classmethod
    def record(cls, obj, former: str | None) -> None:
        """``obj`` was saved; ``former`` is the slug it had before (None: a new object)."""
        from django.contrib.contenttypes.models import ContentType

        content_type = ContentType.objects.get_for_model(type(obj))
        if former is not None and former != obj.slug:
            cls.objects.update_or_create(
                content_type=content_type, slug=former, defaults={"object_id": obj.pk}
            )
        if former != obj.slug:
            cls.objects.filter(content_type=content_type, slug=obj.slug).delete()

    @classmethod
    def moved_within(cls, queryset, slug: str) -> str | None:
        """The slug now of the object that had ``slug``, if ``queryset`` (what the asking page
        may show: the public objects, or all of them for a preview) holds it."""
        moved = cls.moved_to(queryset.model, slug)
        if moved is None or not queryset.filter(slug=moved).exists():
            return None
        return moved

    @classmethod
    def moved_to(cls, model, slug: str) -> str | None:
        """The slug now of the object of ``model`` that had ``slug`` (None: none had it)."""
        from django.contrib.contenttypes.models import ContentType

        former = cls.objects.filter(
            content_type=ContentType.objects.get_for_model(model), slug=slug
        ).first()
        if former is None:
            return None
        return (
            model._base_manager.filter(pk=former.object_id).values_list("slug", flat=True).first()
        )


class KeepsFormerSlugs(models.Model):
    """A model with public pages at its slug: a change of slug keeps the old address
    (``FormerSlug``)."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        former = None
        if self.pk is not None:
            stored = type(self)._base_manager.filter(pk=self.pk).values_list("slug", flat=True)
            former = stored.first()
        super().save(*args, **kwargs)
        FormerSlug.record(self, former)
