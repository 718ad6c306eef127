"""``__casefold``: text compared in any case, in every alphabet, on every database.

SQLite's ``LIKE``, ``lower()`` and ``upper()`` fold only ASCII letters, so on the embedded
database ``title_ru__icontains="таможенники"`` misses "Таможенники" (the public search and the
admin's search both met this). ``title_ru__casefold__contains="таможенники"`` folds both sides
(a bilateral transform) with Python's ``str.casefold``, given to each SQLite connection as an SQL
function. PostgreSQL folds with its own ``LOWER()``, which knows every alphabet.

The admin's ``search_fields`` take it as ``"title_ru__casefold"`` (the admin adds
``__icontains``).
"""

from django.db.models import CharField, TextField, Transform

SQLITE_FUNCTION = "bordercoop_casefold"


class Casefold(Transform):
    lookup_name = "casefold"
    function = "LOWER"
    bilateral = True

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function=SQLITE_FUNCTION, **extra_context)


def register_casefold(sender, connection, **kwargs):
    """Give each new SQLite connection its casefold function (on ``connection_created``)."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(SQLITE_FUNCTION, 1, _casefold, deterministic=True)


def _casefold(text: str | None) -> str | None:
    return None if text is None else str(text).casefold()


CharField.register_lookup(Casefold)
TextField.register_lookup(Casefold)
