from django.urls import path

from apps.contacts import views

app_name = "contacts"
urlpatterns = [
    path("", views.PressContactListView.as_view(), name="list"),
]
