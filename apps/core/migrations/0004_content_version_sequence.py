"""On PostgreSQL the content version is a sequence (see ContentVersion): no row lock."""

from django.db import migrations

SEQUENCE = "core_contentversion_number"


def create_sequence(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE SEQUENCE IF NOT EXISTS {SEQUENCE}")


def drop_sequence(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP SEQUENCE IF EXISTS {SEQUENCE}")


class Migration(migrations.Migration):
    dependencies = [("core", "0003_content_version")]

    operations = [migrations.RunPython(create_sequence, drop_sequence, elidable=False)]
