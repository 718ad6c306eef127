from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EditorialConfig(AppConfig):
    name = "apps.editorial"
    label = "editorial"
    verbose_name = _("Editorial workflow")

    def ready(self):
        # Every app's admin module is loaded by now (django.contrib.admin is first in
        # INSTALLED_APPS, and its ready() loads them).
        from django.contrib import admin

        from apps.editorial.admin import answer_odd_input_everywhere

        answer_odd_input_everywhere(admin.site)
