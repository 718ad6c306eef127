from apps.core.sitemaps import TranslatedSitemap
from apps.programmes.models import Programme


class ProgrammeSitemap(TranslatedSitemap):
    changefreq = "monthly"

    def items(self):
        return Programme.objects.published().order_by("slug")

    def lastmod(self, item):
        return item.updated_at
