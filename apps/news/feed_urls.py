from django.urls import path

from apps.news.feeds import NewsAtomFeed, NewsFeed

app_name = "feeds"
urlpatterns = [
    path("news.rss", NewsFeed(), name="news-rss"),
    path("news.atom", NewsAtomFeed(), name="news-atom"),
]
