from apps.core.sitemaps import TranslatedSitemap
from apps.news.models import NewsItem


class NewsItemSitemap(TranslatedSitemap):
    changefreq = "monthly"

    def items(self):
        return NewsItem.objects.published().order_by("-published_at")

    def lastmod(self, item):
        # A scheduled item's page appears at its publication time, after its last edit.
        return item.public_since
