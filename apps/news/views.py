from urllib.parse import urlencode

from django.utils.translation import get_language, gettext, gettext_noop
from django.views.generic import DetailView, ListView
from django_filters.views import FilterView

from apps.core import i18n
from apps.core.paginators import CountedPaginator, with_total
from apps.core.views import LowercaseSlugMixin, PublishedMixin, TranslatedDetailMixin
from apps.news import search
from apps.news.filters import NewsItemFilter
from apps.news.models import NewsItem

ORGANISATION_NAME = gettext_noop("Regional Office for Central Asia")


class NewsItemListView(PublishedMixin, FilterView):
    """Newest first, 20 a page, filterable by year, country, topic and programme."""

    model = NewsItem
    filterset_class = NewsItemFilter
    template_name = "news/newsitem_list.html"

    def get_queryset(self):
        return super().get_queryset().for_list()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        active = context["filter"].active_filters
        context["feed_query"] = f"?{urlencode(active)}" if active else ""
        context["canonical_query"] = active
        return context


class NewsItemDetailView(LowercaseSlugMixin, PublishedMixin, TranslatedDetailMixin, DetailView):
    model = NewsItem

    def get_queryset(self):
        return super().get_queryset().for_detail()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["json_ld_data"] = self.json_ld(context["is_fallback"])
        return context

    def json_ld(self, is_fallback: bool) -> dict:
        """schema.org NewsArticle description of the item, in the language shown."""
        item = self.object
        data = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": item.title,
            "description": item.summary,
            "dateModified": item.updated_at.isoformat(),
            "inLanguage": i18n.SOURCE_LANGUAGE if is_fallback else get_language(),
            "mainEntityOfPage": self.request.build_absolute_uri(item.get_absolute_url()),
            "dateline": item.dateline,
            "publisher": {"@type": "Organization", "name": gettext(ORGANISATION_NAME)},
        }
        if item.published_at:  # a draft shown in a staff preview may have no date yet
            data["datePublished"] = item.published_at.isoformat()
        if item.image:
            data["image"] = [self.request.build_absolute_uri(item.image.url)]
        return data


class SearchView(PublishedMixin, ListView):
    model = NewsItem
    template_name = "news/search.html"
    paginator_class = CountedPaginator

    def get_queryset(self):
        self.query = search.clean_query(self.request.GET.get("q"))
        if not self.query:  # the search form alone: nothing to find, count or paginate
            return NewsItem.objects.none()
        matches = search.search(super().get_queryset().for_list(), self.query, get_language())
        # Each row carries the number of matches: a page of results is one query, not a
        # count and then the page (each finding and sorting the matches again).
        return with_total(matches)

    def get_paginate_by(self, queryset):
        return super().get_paginate_by(queryset) if self.query else None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["query"] = self.query
        context["max_query_length"] = search.MAX_QUERY_LENGTH
        context["max_results"] = search.MAX_RESULTS
        # Each language finds other items: page 3 here may not exist there (a 404).
        context["pages_differ_by_language"] = True
        # The page's own form is the search form: the header's would be a second one.
        context["hide_header_search"] = True
        return context
