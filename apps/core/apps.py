from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "apps.core"
    label = "core"
    verbose_name = _("Reference data")

    def ready(self):
        from django.apps import apps

        from apps.core.caching import connect_invalidation
        from apps.core.lookups import register_casefold

        connection_created.connect(register_casefold, dispatch_uid="core.lookups.casefold")
        connect_invalidation(
            apps.get_model(label)
            for label in (
                "core.Country",
                "core.Topic",
                "contacts.Office",
                "contacts.Contact",
                "blos.Border",
                "blos.BorderLiaisonOffice",
                "programmes.Programme",
                "news.NewsItem",
            )
        )
