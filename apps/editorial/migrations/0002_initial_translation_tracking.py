"""Fill the translation tracking of content that existed before it.

Until now a complete Russian version was shown to Russian readers; it stays published, and is
recorded as translated from the current English text.
"""

import hashlib
import json
import re

from django.db import migrations
from django.utils import timezone

TRANSLATED = {
    ("core", "Country"): ["name"],
    ("core", "Topic"): ["name"],
    ("contacts", "Office"): ["address", "city", "name"],
    ("contacts", "Contact"): ["full_name", "position"],
    ("blos", "Border"): ["name"],
    ("blos", "BorderLiaisonOffice"): ["crossing_point", "description", "name"],
    ("programmes", "Programme"): ["body", "short_name", "summary", "title"],
    ("news", "NewsItem"): ["body", "dateline", "image_alt", "image_caption", "summary", "title"],
}
_SPACE_AROUND_TAGS = re.compile(r"\s*(<[^>]+>)\s*")
_SPACE = re.compile(r"\s+")


def _normalise(text):
    return _SPACE_AROUND_TAGS.sub(r"\1", _SPACE.sub(" ", text or "").strip())


def _fingerprint(texts):
    payload = json.dumps(
        {k: _normalise(v) for k, v in sorted(texts.items())}, ensure_ascii=False, sort_keys=True
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def fill(apps, schema_editor):
    now = timezone.now()
    for (app_label, model_name), fields in TRANSLATED.items():
        model = apps.get_model(app_label, model_name)
        for obj in model.objects.all():
            english = {name: getattr(obj, f"{name}_en") or "" for name in fields}
            russian = {name: getattr(obj, f"{name}_ru") or "" for name in fields}
            complete = all(russian[name] for name in fields if english[name])
            obj.english_fingerprint = _fingerprint(english)
            obj.english_changed_at = now
            if any(russian.values()):
                obj.russian_source_fingerprint = obj.english_fingerprint
                obj.russian_source = english
            obj.russian_status = "up_to_date" if complete else "missing"
            obj.russian_ready = complete
            obj.save(
                update_fields=[
                    "english_fingerprint",
                    "english_changed_at",
                    "russian_source_fingerprint",
                    "russian_source",
                    "russian_status",
                    "russian_ready",
                ]
            )


class Migration(migrations.Migration):
    dependencies = [("editorial", "0001_roles")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
