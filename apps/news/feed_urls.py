from django.urls import path
from django.views.decorators.http import require_safe

from apps.news.feeds import NewsAtomFeed, NewsFeed

app_name = "feeds"
# Read only: any other method is a 405, as on every other page (a TRACE was answered with the
# whole feed).
urlpatterns = [
    path("news.rss", require_safe(NewsFeed()), name="news-rss"),
    path("news.atom", require_safe(NewsAtomFeed()), name="news-atom"),
]
