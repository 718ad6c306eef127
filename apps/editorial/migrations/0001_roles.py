"""The two roles of the admin as groups: Communications officers and Translators."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

OFFICERS = "Communications officers"
TRANSLATORS = "Translators"
CONTENT_MODELS = [
    ("core", "country"),
    ("core", "topic"),
    ("contacts", "office"),
    ("contacts", "contact"),
    ("blos", "border"),
    ("blos", "borderliaisonoffice"),
    ("programmes", "programme"),
    ("news", "newsitem"),
]
OFFICER_EXTRA = [("news", "publish_newsitem")]


def _permissions(apps, pairs):
    Permission = apps.get_model("auth", "Permission")
    found = []
    for app_label, codename in pairs:
        found.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return found


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    officer_perms = [
        (app, f"{action}_{model}")
        for app, model in CONTENT_MODELS
        for action in ("add", "change", "delete", "view")
    ] + OFFICER_EXTRA
    translator_perms = [
        (app, f"{action}_{model}") for app, model in CONTENT_MODELS for action in ("change", "view")
    ]
    officers, _ = Group.objects.get_or_create(name=OFFICERS)
    officers.permissions.set(_permissions(apps, officer_perms))
    translators, _ = Group.objects.get_or_create(name=TRANSLATORS)
    translators.permissions.set(_permissions(apps, translator_perms))


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[OFFICERS, TRANSLATORS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0002_translation_tracking"),
        ("contacts", "0002_translation_tracking"),
        ("blos", "0003_translation_tracking"),
        ("programmes", "0002_translation_tracking"),
        ("news", "0003_review_status_and_translation_tracking"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
