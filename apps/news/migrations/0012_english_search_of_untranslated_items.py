"""The search indexes of what each language's readers are shown, on PostgreSQL only.

A Russian search also looks at the English of the items without a published Russian version
(they are shown in English on the Russian pages; ``apps.news.search``). Two partial indexes
let PostgreSQL find both halves from the indexes alone:

- the English vectors of those items (``WHERE NOT russian_ready``). Without it a word most
  items have in English ("border"), searched on the Russian site, read every row (~30 ms at
  10,000 items, for no result when every item is translated);
- the Russian vectors of the items whose Russian version is published (``WHERE
  russian_ready``, the only ones a Russian search reads). With the whole-table index the
  condition was checked again on every match (~6 ms more for 1,700 matches).
"""

from django.db import migrations


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "CREATE INDEX news_newsitem_search_en_untranslated ON news_newsitem "
        "USING gin (search_vector_en) WHERE NOT russian_ready"
    )
    schema_editor.execute("DROP INDEX IF EXISTS news_newsitem_search_ru")
    schema_editor.execute(
        "CREATE INDEX news_newsitem_search_ru ON news_newsitem "
        "USING gin (search_vector_ru) WHERE russian_ready"
    )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS news_newsitem_search_en_untranslated")
    schema_editor.execute("DROP INDEX IF EXISTS news_newsitem_search_ru")
    schema_editor.execute(
        "CREATE INDEX news_newsitem_search_ru ON news_newsitem USING gin (search_vector_ru)"
    )


class Migration(migrations.Migration):
    dependencies = [("news", "0011_slugs_lowercase")]

    operations = [migrations.RunPython(create_indexes, drop_indexes, elidable=False)]
