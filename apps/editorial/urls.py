from django.urls import path

from apps.editorial import views

app_name = "editorial"
urlpatterns = [
    path("news/<slug:slug>/", views.NewsItemPreviewView.as_view(), name="preview-news"),
    path("blos/<slug:slug>/", views.BorderLiaisonOfficePreviewView.as_view(), name="preview-blo"),
    path("programmes/<slug:slug>/", views.ProgrammePreviewView.as_view(), name="preview-programme"),
]
