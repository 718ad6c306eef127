from django.urls import path

from apps.blos import views

app_name = "blos"
urlpatterns = [
    path("", views.BorderLiaisonOfficeListView.as_view(), name="list"),
    path("<slug:slug>/", views.BorderLiaisonOfficeDetailView.as_view(), name="detail"),
]
