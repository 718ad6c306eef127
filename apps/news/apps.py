from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "apps.news"
    label = "news"
    verbose_name = _("News")

    def ready(self):
        from apps.news.search import register_casefold

        connection_created.connect(register_casefold, dispatch_uid="news.search.casefold")
