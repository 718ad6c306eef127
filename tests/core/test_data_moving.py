"""Moving the content from SQLite to PostgreSQL with Django's own dumpdata and loaddata.

The procedure of README.md ("Moving to PostgreSQL") and docs/deploy.md, done for real: a SQLite
file is prepared in subprocesses (``migrate``, ``load_demo``, an officer's and a translator's
edits each saved as a revision with its user, a news item with only part of its Russian, a group
made in the admin, deleted objects that leave gaps in the ids and a deleted item to recover),
dumped with the documented commands and loaded with the documented command into a freshly
migrated database: the test's PostgreSQL database (PostgreSQL pass), or a second SQLite file.

The same ``snapshot()`` of everything that must survive (counts, every translated column, the
translation tracking, relations, revisions with their users, groups, the BLO trigger) is taken of
both sides and compared, and the target dumped again must give the same dump.
"""

import json
import os
import re
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import quote

import pytest
import reversion
from django.apps import apps
from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group, Permission, User
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, connection, transaction
from modeltranslation.utils import build_localized_fieldname
from reversion.models import Revision, Version

from apps.blos.models import Border, BorderLiaisonOffice
from apps.contacts.models import Contact, Office
from apps.core import i18n
from apps.core.models import Country, Topic
from apps.editorial import roles
from apps.news.models import NewsItem
from apps.programmes.models import Programme
from apps.translations.models import TRACKING_FIELDS

BASE_DIR = Path(settings.BASE_DIR)
ROUNDTABLE = "tashkent-border-management-roundtable"
PARTLY_TRANSLATED = "partly-translated"
COMPONENT = "cross-border-cooperation-component"
PROGRAMME = "programme-for-central-asia-2015-2021"

CONTENT_MODELS = [Country, Topic, Border, BorderLiaisonOffice, Programme, Office, Contact, NewsItem]
COUNTED_MODELS = [*CONTENT_MODELS, Revision, Version, Group, User, LogEntry]


# --- the documented procedure ------------------------------------------------------------------


def excluded_from_dump() -> list[str]:
    """What the dump leaves out: what ``migrate`` creates on the target (content types,
    permissions, the public cache's content version), sessions (people log in again), the
    groups (dumped apart, by name), and django-axes' login-attempt records when that app is
    installed."""
    excluded = ["contenttypes", "auth.permission", "auth.group", "sessions", "core.contentversion"]
    if apps.is_installed("axes"):
        excluded.append("axes")
    return excluded


def dump_commands(groups_file: Path, content_file: Path) -> list[list[str]]:
    return [
        # Groups by name (--natural-primary): the target's migration has made the two roles
        # already, so loading updates them instead of clashing on their unique name.
        [
            "dumpdata",
            "auth.group",
            "--natural-foreign",
            "--natural-primary",
            "--indent",
            "2",
            "-o",
            str(groups_file),
        ],
        # Everything else with its ids (revisions refer to objects by id), and references to
        # content types, permissions, groups and users by name (--natural-foreign).
        [
            "dumpdata",
            "--natural-foreign",
            *(f"--exclude={label}" for label in excluded_from_dump()),
            "--indent",
            "2",
            "-o",
            str(content_file),
        ],
    ]


def load_command(groups_file: Path, content_file: Path) -> list[str]:
    return ["loaddata", str(groups_file), str(content_file)]


def manage(database_url: str, *args: str) -> str:
    """Run ``manage.py`` with ``DATABASE_URL`` set, as an operator would."""
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        env={**os.environ, "DATABASE_URL": database_url},
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if result.returncode != 0:
        pytest.fail(
            f"manage.py {' '.join(args)} failed ({result.returncode}):\n"
            f"{result.stdout}\n{result.stderr}",
            pytrace=False,
        )
    return result.stdout


def run_here(database_url: str, function: str, *args: str) -> None:
    """Call a function of this module in a ``manage.py shell`` on ``database_url``."""
    call = f"{function}({', '.join(repr(arg) for arg in args)})"
    manage(
        database_url,
        "shell",
        "-v",
        "0",
        "-c",
        f"from tests.core.test_data_moving import {function}; {call}",
    )


# --- the source: a SQLite site with some history -----------------------------------------------


def prepare_source(snapshot_file: str) -> None:
    """Run in the source database after ``load_demo``: what a site accumulates in use."""
    officer = User.objects.create_user(
        "officer", "officer@example.org", "officer-password", is_staff=True
    )
    officer.groups.add(Group.objects.get(name=roles.OFFICERS))
    translator = User.objects.create_user(
        "translator", "translator@example.org", "translator-password", is_staff=True
    )
    translator.groups.add(Group.objects.get(name=roles.TRANSLATORS))
    # A group made in the admin, not by a migration.
    reviewers = Group.objects.create(name="Reviewers")
    reviewers.permissions.add(
        Permission.objects.get(codename="view_newsitem", content_type__app_label="news")
    )
    officer.groups.add(reviewers)

    # Deleted objects leave gaps in the ids; the revisions of a deleted item keep its id
    # ("Recover deleted news items").
    with reversion.create_revision():
        reversion.set_user(officer)
        withdrawn = NewsItem.objects.create(
            slug="withdrawn",
            title_en="Withdrawn",
            dateline_en="Dushanbe, Tajikistan",
            summary_en="Withdrawn before publication.",
            body_en="<p>Withdrawn.</p>",
        )
    withdrawn.delete()
    Topic.objects.create(slug="short-lived", name_en="Short-lived").delete()

    # A translator's edit and then an officer's, as the admin saves them: a revision each, with
    # its user and comment, and a log entry. The English changed after the Russian: outdated.
    item = NewsItem.objects.get(slug=ROUNDTABLE)
    with reversion.create_revision():
        reversion.set_user(translator)
        reversion.set_comment("Changed Title [ru].")
        item.title_ru = f"{item.title_ru} (обновлено)"
        item.save()
    with reversion.create_revision():
        reversion.set_user(officer)
        reversion.set_comment("Changed Title [en].")
        item.title_en = f"{item.title_en} (updated)"
        item.save()
    LogEntry.objects.create(
        user=officer,
        content_type=ContentType.objects.get_for_model(NewsItem),
        object_id=str(item.pk),
        object_repr=str(item),
        action_flag=CHANGE,
        change_message='[{"changed": {"fields": ["Title [en]"]}}]',
    )

    # A news item with only its Russian title: Russian missing, not published in Russian.
    with reversion.create_revision():
        reversion.set_user(officer)
        partial = NewsItem.objects.create(
            slug=PARTLY_TRANSLATED,
            title_en="Moving the site to PostgreSQL",
            title_ru="Перенос сайта на PostgreSQL",
            dateline_en="Dushanbe, Tajikistan",
            summary_en="Only the title is translated.",
            body_en="<p>The body is in English only.</p>",
            status=NewsItem.Status.IN_REVIEW,
            # Microseconds do not survive a dump (milliseconds do): 12:00:00.000999 → 12:00:00.
            published_at=datetime(2021, 11, 23, 12, 0, 0, 999, tzinfo=UTC),
        )
        partial.countries.set(Country.objects.filter(iso_code__in=["KZ", "UZ"]))
        partial.topics.set([Topic.objects.create(slug="data", name_en="Data", name_ru="Данные")])
        partial.programmes.set(Programme.objects.all())
        partial.blos.set(BorderLiaisonOffice.objects.order_by("-pk")[:3])
        partial.contacts.set(Contact.objects.all())

    write_snapshot(snapshot_file)


# --- what must survive -------------------------------------------------------------------------


class _DumpPrecision(DjangoJSONEncoder):
    """Values as dumpdata keeps them: decimals as strings, datetimes to the millisecond
    (DjangoJSONEncoder cuts microseconds off, so 12:00:00.000123 arrives as 12:00:00)."""

    def default(self, o):
        if isinstance(o, datetime):
            return o.astimezone(UTC).isoformat(timespec="milliseconds")
        return super().default(o)


def _jsonable(data):
    return json.loads(json.dumps(data, cls=_DumpPrecision, sort_keys=True))


def _key(obj) -> str:
    """Objects by natural key where they have one, by id otherwise (offices, contacts)."""
    return obj.natural_key()[0] if hasattr(obj, "natural_key") else str(obj.pk)


def _username(user) -> str | None:
    return user.username if user else None


def _slugs(manager, field="slug") -> list:
    return sorted(manager.values_list(field, flat=True))


def trigger_refuses_a_foreign_host_country() -> bool:
    blo = BorderLiaisonOffice.objects.select_related("border").order_by("pk").first()
    outsider = Country.objects.exclude(
        pk__in=[blo.border.country_a_id, blo.border.country_b_id]
    ).first()
    try:
        with transaction.atomic():
            # update() skips clean(): only the database trigger can refuse it.
            BorderLiaisonOffice.objects.filter(pk=blo.pk).update(host_country=outsider)
    except IntegrityError:
        return True
    return False


def snapshot() -> dict:
    columns = {
        model: [
            build_localized_fieldname(name, language)
            for name in i18n.translated_fields(model)
            for language in ("en", "ru")
        ]
        for model in CONTENT_MODELS
    }
    texts = {
        model._meta.label: {
            _key(obj): {
                column: getattr(obj, column)
                for column in [*columns[model], *TRACKING_FIELDS, "russian_ready", "version"]
            }
            for obj in model.objects.all()
        }
        for model in CONTENT_MODELS
    }
    news = {
        item.slug: {
            "status": item.status,
            "published_at": item.published_at,
            "countries": _slugs(item.countries, "iso_code"),
            "topics": _slugs(item.topics),
            "programmes": _slugs(item.programmes),
            "blos": _slugs(item.blos),
            "contacts": _slugs(item.contacts, "pk"),
        }
        for item in NewsItem.objects.all()
    }
    revisions = [
        {
            "id": revision.pk,
            "user": _username(revision.user),
            "comment": revision.comment,
            "date": revision.date_created,
            "versions": sorted(
                [
                    version.content_type.app_label,
                    version.content_type.model,
                    version.object_id,
                    version.object_repr,
                    version.serialized_data,
                ]
                for version in revision.version_set.select_related("content_type")
            ),
        }
        for revision in Revision.objects.select_related("user").order_by("pk")
    ]
    roundtable = NewsItem.objects.get(slug=ROUNDTABLE)
    blos = BorderLiaisonOffice.objects.select_related("border")
    return _jsonable(
        {
            "counts": {
                model._meta.label: model._default_manager.count() for model in COUNTED_MODELS
            },
            "texts": texts,
            "news": news,
            "borders": {
                border.slug: [border.country_a.iso_code, border.country_b.iso_code]
                for border in Border.objects.select_related("country_a", "country_b")
            },
            "blos": {
                blo.slug: [
                    blo.border.slug,
                    blo.host_country.iso_code,
                    blo.programme.slug if blo.programme else None,
                    blo.contact_id,
                    blo.status,
                    blo.latitude,
                    blo.longitude,
                ]
                for blo in blos.select_related("host_country", "programme")
            },
            "programmes": {
                programme.slug: {
                    "parent": programme.parent.slug if programme.parent else None,
                    "components": _slugs(programme.components),
                    "topics": _slugs(programme.topics),
                }
                for programme in Programme.objects.select_related("parent")
            },
            "contacts": {
                str(contact.pk): [contact.office_id, contact.office.country.iso_code]
                for contact in Contact.objects.select_related("office__country")
            },
            "revisions": revisions,
            "history": [
                [_username(version.revision.user), version.revision.comment]
                for version in Version.objects.get_for_object(roundtable).select_related(
                    "revision__user"
                )
            ],
            "deleted_news": sorted(
                version.object_repr for version in Version.objects.get_deleted(NewsItem)
            ),
            "users": {
                user.username: {
                    "groups": _slugs(user.groups, "name"),
                    "password": user.password,
                    "email": user.email,
                    "is_staff": user.is_staff,
                    "is_superuser": user.is_superuser,
                }
                for user in User.objects.all()
            },
            "groups": {
                group.name: sorted(
                    f"{permission.content_type.app_label}.{permission.codename}"
                    for permission in group.permissions.select_related("content_type")
                )
                for group in Group.objects.all()
            },
            "log": [
                [entry.user.username, entry.content_type.model, entry.object_id, entry.action_flag]
                for entry in LogEntry.objects.select_related("user", "content_type")
            ],
            "hosts_on_their_borders": all(
                blo.host_country_id in (blo.border.country_a_id, blo.border.country_b_id)
                for blo in blos
            ),
            "trigger_refuses_a_foreign_host_country": trigger_refuses_a_foreign_host_country(),
        }
    )


def write_snapshot(path: str) -> None:
    Path(path).write_text(json.dumps(snapshot(), ensure_ascii=False), encoding="utf-8")


def inspect_target(directory: str) -> None:
    """Snapshot the target and dump it again with the same options as the source."""
    directory = Path(directory)
    write_snapshot(directory / "snapshot.json")
    for command in dump_commands(directory / "groups.json", directory / "content.json"):
        name, *args = command
        call_command(name, *args, verbosity=0)


def read_json(path: Path):
    return json.loads(Path(path).read_text(encoding="utf-8"))


# DjangoJSONEncoder writes 12:00:00.000123 as "12:00:00.000Z", and then, loaded back as
# 12:00:00, as "12:00:00Z": the same value.
_WHOLE_SECOND = re.compile(r"^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)\.000(Z|[+-]\d\d:\d\d)$")


def by_key(dump: list[dict]) -> dict:
    """A dump's objects by model and id (groups: by name), datetimes written one way."""
    return {
        (obj["model"], obj.get("pk") or obj["fields"]["name"]): {
            **obj,
            "fields": {
                name: _WHOLE_SECOND.sub(r"\1\2", value) if isinstance(value, str) else value
                for name, value in obj["fields"].items()
            },
        }
        for obj in dump
    }


# --- the round trips ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def source(tmp_path_factory):
    """A SQLite site prepared in subprocesses and dumped with the documented commands."""
    directory = tmp_path_factory.mktemp("source")
    url = f"sqlite:///{directory / 'bordercoop.sqlite3'}"
    manage(url, "migrate", "--no-input", "-v", "0")
    manage(url, "load_demo", "--no-superuser")
    run_here(url, "prepare_source", str(directory / "snapshot.json"))
    groups, content = directory / "groups.json", directory / "content.json"
    for command in dump_commands(groups, content):
        manage(url, *command)
    return SimpleNamespace(
        groups=groups, content=content, snapshot=read_json(directory / "snapshot.json")
    )


def check_source_is_what_the_test_needs(before: dict) -> None:
    assert before["counts"]["news.NewsItem"] == 4
    assert before["counts"]["auth.Group"] == 3
    assert before["counts"]["auth.User"] == 2


def check_everything_survived(before: dict, after: dict) -> None:
    """The target holds what the source held, section by section (clearer failures), and
    the things this test made are really there."""
    assert after["counts"] == before["counts"]
    for model, objects in before["texts"].items():
        assert after["texts"][model] == objects, model
    for section in before:
        assert after[section] == before[section], section

    texts = after["texts"]["news.NewsItem"]
    partial = texts[PARTLY_TRANSLATED]
    assert partial["title_ru"] == "Перенос сайта на PostgreSQL"
    assert not partial["body_ru"]
    assert (partial["russian_status"], partial["russian_ready"]) == ("missing", False)
    assert texts[ROUNDTABLE]["title_en"].endswith("(updated)")
    assert texts[ROUNDTABLE]["title_ru"].endswith("(обновлено)")
    assert texts[ROUNDTABLE]["russian_status"] == "outdated"
    assert texts[ROUNDTABLE]["english_fingerprint"]
    assert after["news"][PARTLY_TRANSLATED]["published_at"] == "2021-11-23T12:00:00.000+00:00"
    assert after["news"][PARTLY_TRANSLATED]["countries"] == ["KZ", "UZ"]
    assert after["news"][PARTLY_TRANSLATED]["topics"] == ["data"]
    assert len(after["news"][PARTLY_TRANSLATED]["blos"]) == 3
    assert after["programmes"][COMPONENT]["parent"] == PROGRAMME
    assert after["programmes"][PROGRAMME]["components"] == [COMPONENT]
    # The edited item's history, newest first, with who made each revision.
    assert after["history"] == [
        ["officer", "Changed Title [en]."],
        ["translator", "Changed Title [ru]."],
        [None, "Demo content loaded."],
    ]
    assert after["deleted_news"] == ["Withdrawn"]
    assert after["users"]["translator"]["groups"] == [roles.TRANSLATORS]
    assert after["users"]["officer"]["groups"] == [roles.OFFICERS, "Reviewers"]
    assert after["groups"]["Reviewers"] == ["news.view_newsitem"]
    assert "news.publish_newsitem" in after["groups"][roles.OFFICERS]
    assert after["hosts_on_their_borders"] is True
    assert after["trigger_refuses_a_foreign_host_country"] is True


def check_dumps_equal(source, directory: Path) -> None:
    """The target, dumped again with the same options, gives the same objects."""
    assert by_key(read_json(directory / "content.json")) == by_key(read_json(source.content))
    assert by_key(read_json(directory / "groups.json")) == by_key(read_json(source.groups))


def test_the_dump_refers_to_content_types_users_and_groups_by_name(source):
    dump = read_json(source.content)
    assert {obj["model"] for obj in dump}.isdisjoint(
        {"contenttypes.contenttype", "auth.permission", "auth.group", "sessions.session"}
    )
    versions = [obj for obj in dump if obj["model"] == "reversion.version"]
    assert versions
    assert all(isinstance(obj["fields"]["content_type"], list) for obj in versions)
    [translator] = [
        obj["fields"]
        for obj in dump
        if obj["model"] == "auth.user" and obj["fields"]["username"] == "translator"
    ]
    assert translator["groups"] == [[roles.TRANSLATORS]]
    # Content keeps its ids: revisions and log entries refer to objects by id.
    assert all("pk" in obj for obj in dump)
    assert all("pk" not in obj for obj in read_json(source.groups))


def test_moving_to_another_sqlite_database_keeps_everything(source, tmp_path):
    check_source_is_what_the_test_needs(source.snapshot)
    url = f"sqlite:///{tmp_path / 'target.sqlite3'}"
    manage(url, "migrate", "--no-input", "-v", "0")
    manage(url, *load_command(source.groups, source.content))

    run_here(url, "inspect_target", str(tmp_path))
    check_everything_survived(source.snapshot, read_json(tmp_path / "snapshot.json"))
    check_dumps_equal(source, tmp_path)


def postgresql_test_database_url() -> str:
    """A DATABASE_URL for the test database pytest-django made (``test_<name>``)."""
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    host = db["HOST"] or "localhost"
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{credentials}@{host}{port}/{quote(db['NAME'], safe='')}"


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_moving_to_postgresql_keeps_everything(source, tmp_path):
    check_source_is_what_the_test_needs(source.snapshot)
    url = postgresql_test_database_url()
    # The test database is migrated and holds only what the migrations made (content types,
    # permissions, the two groups): what `migrate` leaves in a new PostgreSQL database.
    assert not NewsItem.objects.exists()
    assert Group.objects.count() == 2
    manage(url, "migrate", "--no-input", "-v", "0")
    manage(url, *load_command(source.groups, source.content))

    inspect_target(str(tmp_path))
    check_everything_survived(source.snapshot, read_json(tmp_path / "snapshot.json"))
    check_dumps_equal(source, tmp_path)

    # loaddata moved PostgreSQL's sequences past the loaded ids: new objects can be saved.
    with reversion.create_revision():
        topic = Topic.objects.create(slug="after-the-move", name_en="After the move")
    assert topic.pk > max(Topic.objects.exclude(pk=topic.pk).values_list("pk", flat=True))
    assert Revision.objects.latest("pk").version_set.get().object_id == str(topic.pk)
