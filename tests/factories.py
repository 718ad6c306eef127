"""factory_boy factories: one per model, valid and published unless a test says otherwise.

Translated fields are always given per language (``name_en``, ``name_ru``) so that a test states
exactly which language versions exist.
"""

import string
from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from apps.blos.models import Border, BorderLiaisonOffice
from apps.contacts.models import Contact, Office
from apps.core.models import Country, Topic
from apps.news.models import NewsItem
from apps.programmes.models import Programme


def iso_code_for(n: int) -> str:
    """0 → "AA", 1 → "AB", … 675 → "ZZ", then round again."""
    letters = string.ascii_uppercase
    n %= len(letters) ** 2
    return letters[n // len(letters)] + letters[n % len(letters)]


def ready_when_translated(*fields):
    """``russian_ready``: published when every field given English text has Russian text,
    as an editor would do (tests that need an unpublished translation pass it)."""

    def value(stub):
        def text(name):
            try:
                return getattr(stub, name)
            except AttributeError:
                return ""

        return all(text(f"{field}_ru") or not text(f"{field}_en") for field in fields)

    return factory.LazyAttribute(value)


class CountryFactory(DjangoModelFactory):
    class Meta:
        model = Country

    # The Russian version is published when it is complete (as an editor would do).
    russian_ready = ready_when_translated("name")

    iso_code = factory.Sequence(iso_code_for)
    name_en = factory.Sequence(lambda n: f"Country {n}")
    name_ru = factory.Sequence(lambda n: f"Страна {n}")


class TopicFactory(DjangoModelFactory):
    class Meta:
        model = Topic

    # The Russian version is published when it is complete (as an editor would do).
    russian_ready = ready_when_translated("name")

    slug = factory.Sequence(lambda n: f"topic-{n}")
    name_en = factory.Sequence(lambda n: f"Topic {n}")
    name_ru = factory.Sequence(lambda n: f"Тема {n}")


class OfficeFactory(DjangoModelFactory):
    class Meta:
        model = Office

    # The Russian version is published when it is complete (as an editor would do).
    russian_ready = ready_when_translated("name", "city", "address")

    name_en = factory.Sequence(lambda n: f"Office {n}")
    name_ru = factory.Sequence(lambda n: f"Офис {n}")
    city_en = "Tashkent"
    city_ru = "Ташкент"
    country = factory.SubFactory(CountryFactory)
    is_published = True


class ContactFactory(DjangoModelFactory):
    class Meta:
        model = Contact

    # The Russian version is published when it is complete (as an editor would do).
    russian_ready = ready_when_translated("full_name", "position")

    full_name_en = factory.Sequence(lambda n: f"Contact Person {n}")
    full_name_ru = factory.Sequence(lambda n: f"Контактное лицо {n}")
    position_en = "Programme officer"
    position_ru = "Сотрудник программы"
    office = factory.SubFactory(OfficeFactory)
    email = factory.Sequence(lambda n: f"contact{n}@example.org")
    is_published = True


class BorderFactory(DjangoModelFactory):
    class Meta:
        model = Border

    # The Russian version is published when it is complete (as an editor would do).
    russian_ready = ready_when_translated("name")

    # Two SubFactories create two new, hence different, countries.
    country_a = factory.SubFactory(CountryFactory)
    country_b = factory.SubFactory(CountryFactory)
    name_en = factory.LazyAttribute(lambda o: f"{o.country_a.name_en}–{o.country_b.name_en}")
    name_ru = factory.LazyAttribute(lambda o: f"{o.country_a.name_ru}–{o.country_b.name_ru}")
    slug = factory.Sequence(lambda n: f"border-{n}")


class BorderLiaisonOfficeFactory(DjangoModelFactory):
    class Meta:
        model = BorderLiaisonOffice

    # The Russian version is published when it is complete (as an editor would do).
    russian_ready = ready_when_translated("name", "crossing_point", "description")

    name_en = factory.Sequence(lambda n: f"BLO {n}")
    name_ru = factory.Sequence(lambda n: f"ПКП {n}")
    slug = factory.Sequence(lambda n: f"blo-{n}")
    crossing_point_en = "Dostyk"
    crossing_point_ru = "Достык"
    border = factory.SubFactory(BorderFactory)
    host_country = factory.SelfAttribute("border.country_a")
    status = BorderLiaisonOffice.Status.ESTABLISHED
    latitude = Decimal("41.31100")
    longitude = Decimal("69.27970")
    is_published = True


class ProgrammeFactory(DjangoModelFactory):
    class Meta:
        model = Programme

    # The Russian version is published when it is complete (as an editor would do).
    russian_ready = ready_when_translated("title", "short_name", "summary", "body")

    title_en = factory.Sequence(lambda n: f"Programme {n}")
    title_ru = factory.Sequence(lambda n: f"Программа {n}")
    short_name_en = factory.Sequence(lambda n: f"P{n}")
    short_name_ru = factory.Sequence(lambda n: f"П{n}")
    summary_en = "Cross-border cooperation."
    summary_ru = "Трансграничное сотрудничество."
    slug = factory.Sequence(lambda n: f"programme-{n}")
    start_year = 2015
    end_year = 2021
    is_published = True


# A news item written in English only: NewsItemFactory(**NEWS_ENGLISH_ONLY).
NEWS_ENGLISH_ONLY = {"title_ru": "", "dateline_ru": "", "summary_ru": "", "body_ru": ""}


class NewsItemFactory(DjangoModelFactory):
    """A published news item, public since yesterday. Traits: ``draft``, ``scheduled``."""

    class Meta:
        model = NewsItem

    # The Russian version is published when it is complete (as an editor would do).
    russian_ready = ready_when_translated(
        "title", "dateline", "summary", "body", "image_alt", "image_caption"
    )

    title_en = factory.Sequence(lambda n: f"News item {n}")
    title_ru = factory.Sequence(lambda n: f"Новость {n}")
    slug = factory.Sequence(lambda n: f"news-item-{n}")
    dateline_en = "Tashkent, Uzbekistan"
    dateline_ru = "Ташкент, Узбекистан"
    summary_en = "Officers met at the border."
    summary_ru = "Сотрудники встретились на границе."
    body_en = "<p>Officers from both sides met at the crossing point.</p>"
    body_ru = "<p>Сотрудники обеих сторон встретились на пункте пропуска.</p>"
    status = NewsItem.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))

    class Params:
        draft = factory.Trait(status=NewsItem.Status.DRAFT, published_at=None)
        scheduled = factory.Trait(
            status=NewsItem.Status.PUBLISHED,
            published_at=factory.LazyFunction(lambda: timezone.now() + timedelta(days=1)),
        )


ALL_FACTORIES = (
    CountryFactory,
    TopicFactory,
    OfficeFactory,
    ContactFactory,
    BorderFactory,
    BorderLiaisonOfficeFactory,
    ProgrammeFactory,
    NewsItemFactory,
)
