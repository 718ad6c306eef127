import re
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from apps.blos.models import Border, BorderLiaisonOffice
from apps.contacts.models import Contact, Office
from apps.core import i18n
from apps.core.models import Country, Topic
from apps.news.models import NewsItem
from apps.programmes.models import Programme

pytestmark = pytest.mark.django_db

ESTABLISHED = BorderLiaisonOffice.Status.ESTABLISHED
BEING_ESTABLISHED = BorderLiaisonOffice.Status.BEING_ESTABLISHED


def _border_key(border):
    return frozenset((border.country_a.iso_code, border.country_b.iso_code))


@pytest.fixture
def demo(capsys, monkeypatch):
    monkeypatch.delenv("DJANGO_SUPERUSER_PASSWORD", raising=False)
    call_command("load_demo")
    return capsys.readouterr().out


def test_demo_creates_the_countries_and_topics(demo):
    assert set(Country.objects.values_list("iso_code", flat=True)) == {
        "KZ",
        "KG",
        "TJ",
        "TM",
        "UZ",
        "AF",
    }
    assert Topic.objects.count() == 8
    assert Topic.objects.filter(slug="small-arms-and-light-weapons").exists()


def test_demo_blos_match_the_release_counts_per_border(demo):
    established = Counter(
        _border_key(blo.border)
        for blo in BorderLiaisonOffice.objects.filter(status=ESTABLISHED).select_related(
            "border__country_a", "border__country_b"
        )
    )
    assert established == {
        frozenset({"KZ", "KG"}): 2,
        frozenset({"UZ", "TJ"}): 6,
        frozenset({"KG", "TJ"}): 4,
        frozenset({"KG", "UZ"}): 2,
        frozenset({"UZ", "AF"}): 1,
        frozenset({"TJ", "AF"}): 2,
        frozenset({"KZ", "UZ"}): 2,
    }
    being_established = Counter(
        _border_key(blo.border)
        for blo in BorderLiaisonOffice.objects.filter(status=BEING_ESTABLISHED).select_related(
            "border__country_a", "border__country_b"
        )
    )
    assert sum(being_established.values()) == 6
    assert set(being_established) == {
        frozenset({"KZ", "KG"}),
        frozenset({"TJ", "UZ"}),
        frozenset({"TM", "UZ"}),
    }
    assert BorderLiaisonOffice.objects.count() == 25


def test_demo_blos_are_valid_and_say_the_crossing_point_is_not_named(demo):
    for blo in BorderLiaisonOffice.objects.select_related("border"):
        blo.full_clean()
        assert blo.host_country_id in (blo.border.country_a_id, blo.border.country_b_id)
        assert 35 <= blo.latitude <= 46 and 55 <= blo.longitude <= 81
        assert "not named" in blo.crossing_point_en.lower()
        assert "не назван" in blo.crossing_point_ru


def test_demo_blos_are_one_of_several_or_the_only_one_on_their_border(demo):
    sizes = Counter(BorderLiaisonOffice.objects.values_list("border", flat=True))
    assert 1 in sizes.values() and max(sizes.values()) > 1  # the release has both kinds
    for border in Border.objects.all():
        offices = list(BorderLiaisonOffice.objects.filter(border=border))
        for office in offices:
            if len(offices) == 1:
                assert office.description_en.startswith("<p>The only office ")
                assert office.description_ru.startswith("<p>Единственный офис ")
            else:
                assert office.description_en.startswith("<p>One of the offices ")
                assert office.description_ru.startswith("<p>Один из офисов ")


def test_demo_programme_has_its_component(demo):
    programme = Programme.objects.get(slug="programme-for-central-asia-2015-2021")
    component = Programme.objects.get(slug="cross-border-cooperation-component")
    assert programme.title_en == "Programme for Central Asia 2015-2021"
    assert component.title_en == "Cross-Border Cooperation Component"
    assert component.parent == programme
    assert (programme.start_year, programme.end_year) == (2015, 2021)


def test_demo_office_and_press_contact(demo):
    office = Office.objects.get()
    assert office.city_en == "Dushanbe"
    assert office.country.iso_code == "TJ"
    contact = Contact.objects.get()
    assert contact.office == office
    assert contact.is_press_contact
    assert contact.email == "nurangez.abdulhamidova@un.org"
    assert Contact.objects.published().press().count() == 1


def test_demo_roundtable_item_is_published_and_linked(demo):
    item = NewsItem.objects.get(slug="tashkent-border-management-roundtable")
    assert item.status == NewsItem.Status.PUBLISHED
    assert item.published_at.date().isoformat() == "2021-11-23"
    assert item.dateline_en == "Tashkent, Uzbekistan"
    assert item.countries.filter(iso_code="UZ").exists()
    assert item.topics.filter(slug="border-management").exists()
    assert item.programmes.filter(slug="cross-border-cooperation-component").exists()
    assert item.blos.count() == 25
    assert item.contacts.filter(is_press_contact=True).count() == 1
    assert list(NewsItem.objects.published()) == [item]


def test_demo_draft_and_scheduled_items_are_not_public(demo):
    draft = NewsItem.objects.get(slug="draft-example")
    scheduled = NewsItem.objects.get(slug="scheduled-example")
    assert draft.status == NewsItem.Status.DRAFT
    assert scheduled.status == NewsItem.Status.PUBLISHED
    assert not draft.is_public and not scheduled.is_public
    public = set(NewsItem.objects.published().values_list("slug", flat=True))
    assert public.isdisjoint({"draft-example", "scheduled-example"})


@pytest.mark.parametrize(
    "model", [Country, Topic, Border, BorderLiaisonOffice, Programme, Office, Contact, NewsItem]
)
def test_demo_content_is_complete_in_russian(demo, model):
    assert model.objects.exists()
    for obj in model.objects.all():
        assert i18n.missing_fields(obj, "ru") == [], obj


def test_load_demo_is_idempotent(demo):
    models = [Country, Topic, Border, BorderLiaisonOffice, Programme, Office, Contact, NewsItem]
    before = {model: model.objects.count() for model in models}
    scheduled_at = NewsItem.objects.get(slug="scheduled-example").published_at
    call_command("load_demo")
    assert {model: model.objects.count() for model in models} == before
    assert NewsItem.objects.get(slug="scheduled-example").published_at == scheduled_at
    assert get_user_model().objects.filter(username="admin").count() == 1


def admin_password(out: str) -> str:
    """The password printed on the admin's line (load_demo also prints the demo users')."""
    [line] = [line for line in out.splitlines() if line.startswith("Admin:")]
    match = re.search(r"as 'admin' with password (\S+)$", line)
    assert match, line
    return match[1]


def test_load_demo_prints_a_generated_admin_password_never_a_fixed_one(demo, capsys):
    user = get_user_model().objects.get(username="admin")
    assert user.is_superuser
    printed = admin_password(demo)
    assert user.check_password(printed)
    # A fresh database gets a different password.
    user.delete()
    call_command("load_demo")
    second = admin_password(capsys.readouterr().out)
    assert second != printed
    assert get_user_model().objects.get(username="admin").check_password(second)


def test_load_demo_takes_the_password_from_the_environment(demo, monkeypatch, capsys):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a-long-local-password-42")
    call_command("load_demo")
    out = capsys.readouterr().out
    assert "a-long-local-password-42" not in out
    assert get_user_model().objects.get(username="admin").check_password("a-long-local-password-42")


def test_demo_blos_lie_inside_their_host_country_on_the_map(demo):
    from apps.blos import geo
    from tests.blos.test_geo import contains, parse_path

    outlines = {
        country["iso_a2"]: parse_path(country["path"])
        for country in geo.central_asia_map()["countries"]
        if country["iso_a2"]
    }
    for blo in BorderLiaisonOffice.objects.select_related("host_country"):
        point = geo.project(blo.latitude, blo.longitude)
        assert contains(outlines[blo.host_country.iso_code], point), blo.slug
