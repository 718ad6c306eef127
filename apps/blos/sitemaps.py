from apps.blos.models import BorderLiaisonOffice
from apps.core.sitemaps import TranslatedSitemap


class BorderLiaisonOfficeSitemap(TranslatedSitemap):
    changefreq = "monthly"

    def items(self):
        return BorderLiaisonOffice.objects.published().order_by("slug")

    def lastmod(self, item):
        return item.updated_at
