"""Search over the news in the reader's language.

On PostgreSQL: full-text search with the ``english`` / ``russian`` configurations, ranked, over
the vectors stored on each row (generated columns ``search_vector_en`` / ``search_vector_ru``
with their GIN indexes, migration ``news.0006``), so a search never recomputes a vector.
Elsewhere (SQLite): a plain case-insensitive "contains" over the same fields.

A search ranks at most the ``MAX_RESULTS`` newest matches. A rare word costs nothing either
way; a word most items contain would otherwise rank every item on every request (the GIN index
cannot narrow a word that is everywhere). The newest matches come from the date index, which
stops after ``MAX_RESULTS`` rows, so a search costs a few milliseconds at any size.
"""

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.db import connection
from django.db.models import Expression, Q

from apps.core.i18n import SOURCE_LANGUAGE

SEARCH_FIELDS = ("title", "summary", "body")
CONFIGS = {"en": "english", "ru": "russian"}
MAX_QUERY_LENGTH = 200
MAX_RESULTS = 500


def clean_query(raw: str | None) -> str:
    """The query as searched: stripped, single-spaced, at most MAX_QUERY_LENGTH characters.

    NUL characters are dropped: PostgreSQL refuses them in a string literal (a 500 page).
    """
    return " ".join((raw or "").replace("\x00", " ").split())[:MAX_QUERY_LENGTH]


class StoredSearchVector(Expression):
    """The news item's stored vector in ``language`` (a PostgreSQL-only generated column the
    model does not declare, so that SQLite and the admin never see it)."""

    output_field = SearchVectorField()

    def __init__(self, language: str):
        super().__init__()
        if language not in CONFIGS:
            raise ValueError(f"no search vector for language {language!r}")
        self.language = language

    def as_sql(self, compiler, connection):
        table = compiler.quote_name_unless_alias(compiler.query.get_initial_alias())
        return f"{table}.{connection.ops.quote_name(f'search_vector_{self.language}')}", []

    def __eq__(self, other):
        return isinstance(other, StoredSearchVector) and other.language == self.language

    def __hash__(self):
        return hash((type(self), self.language))


def search(queryset, query: str, language: str):
    """``queryset`` narrowed to the items matching ``query`` in ``language``, best first."""
    query = clean_query(query)
    if not query:
        return queryset.none()
    if language != SOURCE_LANGUAGE:
        # A translation is searchable once it is published, like everything else about it.
        queryset = queryset.filter(russian_ready=True)
    if connection.vendor == "postgresql":
        search_query = SearchQuery(query, search_type="websearch", config=CONFIGS[language])
        vector = StoredSearchVector(language)
        matches = queryset.annotate(search=vector).filter(search=search_query)
        return (
            queryset.filter(pk__in=_newest(matches))
            .annotate(rank=SearchRank(vector, search_query))
            .order_by("-rank", "-published_at")
        )
    matches = Q()
    for field in SEARCH_FIELDS:
        matches |= Q(**{f"{field}_{language}__icontains": query})
    return queryset.filter(pk__in=_newest(queryset.filter(matches)))


def _newest(matches):
    """The ids of the ``MAX_RESULTS`` newest of ``matches`` (a subquery)."""
    return matches.order_by("-published_at", "-created_at").values("pk")[:MAX_RESULTS]
