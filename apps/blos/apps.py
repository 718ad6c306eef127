from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BlosConfig(AppConfig):
    name = "apps.blos"
    label = "blos"
    verbose_name = _("Border Liaison Offices")
