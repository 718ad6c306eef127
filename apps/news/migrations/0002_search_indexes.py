"""GIN indexes for full-text search, on PostgreSQL only.

One expression index per language, on the vector searches then computed. Migration 0006
replaced them with indexes on stored vectors (generated columns). SQLite has no such index
(its search is a plain "contains").
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

INDEXES = {
    "news_newsitem_search_en": SearchVector("title_en", "summary_en", "body_en", config="english"),
    "news_newsitem_search_ru": SearchVector("title_ru", "summary_ru", "body_ru", config="russian"),
}


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    NewsItem = apps.get_model("news", "NewsItem")
    for name, vector in INDEXES.items():
        schema_editor.add_index(NewsItem, GinIndex(vector, name=name))


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    NewsItem = apps.get_model("news", "NewsItem")
    for name, vector in INDEXES.items():
        schema_editor.remove_index(NewsItem, GinIndex(vector, name=name))


class Migration(migrations.Migration):
    dependencies = [("news", "0001_initial")]

    operations = [migrations.RunPython(create_indexes, drop_indexes, elidable=False)]
