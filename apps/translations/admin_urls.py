"""The translators' pages, under /admin/translations/ (the admin's login protects them)."""

from django.contrib import admin
from django.urls import path

from apps.translations import views

app_name = "translations"
urlpatterns = [
    path("", admin.site.admin_view(views.QueueView.as_view()), name="queue"),
    path("export/", admin.site.admin_view(views.ExportQueueView.as_view()), name="export"),
    path("import/", admin.site.admin_view(views.ImportView.as_view()), name="import"),
]
