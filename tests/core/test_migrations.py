"""The migrations match the models."""

from io import StringIO

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_models_have_no_changes_missing_from_migrations():
    out = StringIO()

    # --check exits non-zero (SystemExit) when a migration is missing.
    call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=StringIO())

    assert "No changes detected" in out.getvalue()
