from apps.core.sitemaps import TranslatedSitemap
from apps.news.models import NewsItem


class NewsItemSitemap(TranslatedSitemap):
    changefreq = "monthly"

    def items(self):
        return NewsItem.objects.published().order_by("-published_at")

    def lastmod(self, item):
        return item.updated_at
