"""Search over the news in the reader's language.

On PostgreSQL: full-text search with the ``english`` / ``russian`` configurations, ranked, using
the GIN expression indexes of migration ``news.0002``. The vector built here must stay
identical to the indexed expression, or PostgreSQL will not use the index. Elsewhere (SQLite):
a plain case-insensitive "contains" over the same fields.
"""

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, Q

from apps.core.i18n import SOURCE_LANGUAGE

SEARCH_FIELDS = ("title", "summary", "body")
CONFIGS = {"en": "english", "ru": "russian"}
MAX_QUERY_LENGTH = 200


def clean_query(raw: str | None) -> str:
    """The query as searched: stripped, single-spaced, at most MAX_QUERY_LENGTH characters.

    NUL characters are dropped: PostgreSQL refuses them in a string literal (a 500 page).
    """
    return " ".join((raw or "").replace("\x00", " ").split())[:MAX_QUERY_LENGTH]


def search_vector(language: str) -> SearchVector:
    fields = (f"{field}_{language}" for field in SEARCH_FIELDS)
    return SearchVector(*fields, config=CONFIGS[language])


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
        return (
            queryset.annotate(search=search_vector(language))
            .filter(search=search_query)
            .annotate(rank=SearchRank(F("search"), search_query))
            .order_by("-rank", "-published_at")
        )
    matches = Q()
    for field in SEARCH_FIELDS:
        matches |= Q(**{f"{field}_{language}__icontains": query})
    return queryset.filter(matches)
