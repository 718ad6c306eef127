from django.contrib.sitemaps import Sitemap
from django.urls import reverse
from django.utils.functional import cached_property

from apps.core import i18n


class TranslatedSitemap(Sitemap):
    """Every page in each language it really exists in, with hreflang alternates and
    ``x-default`` (the unprefixed address, which negotiates the language)."""

    i18n = True
    alternates = True
    x_default = True

    def get_languages_for_item(self, item):
        return i18n.available_languages(item)


class StaticPagesSitemap(TranslatedSitemap):
    """The fixed pages (home and the lists), which exist in every language."""

    changefreq = "daily"

    def items(self):
        return ["home", "news:list", "blos:list", "programmes:list", "contacts:list"]

    def get_languages_for_item(self, item):
        return self._languages()

    def location(self, item):
        return reverse(item)

    @cached_property
    def _latest_update(self):
        from apps.news.models import NewsItem

        # The lists and the home page change when an item is edited or goes live.
        return NewsItem.objects.published().last_public_change()

    def lastmod(self, item):
        return self._latest_update
