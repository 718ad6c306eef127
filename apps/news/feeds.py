"""RSS 2.0 and Atom feeds of the published news, per language, narrowed by the list's filters."""

import re
import uuid
from urllib.parse import urlencode

from django.contrib.syndication.views import Feed
from django.shortcuts import render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from apps.core import caching, i18n
from apps.news.filters import NewsItemFilter
from apps.news.models import NewsItem

FEED_LENGTH = 20
# The namespace of the entries' ids (RFC 4122 name-based UUIDs of "news/<pk>/<language>").
FEED_ID_NAMESPACE = uuid.UUID("6f2b8f0e-3c1d-5a7e-9b4f-2d8c1e0a7b53")
# C0 control characters that XML 1.0 refuses (a vertical tab pasted from a word processor
# into a title): left out of the feed, which would otherwise fail as a whole.
NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def xml_text(text: str) -> str:
    return NOT_IN_XML.sub("", text or "")


class LanguageTaggedAtom1Feed(Atom1Feed):
    """Atom whose entries shown in another language than the feed's say so (``xml:lang``,
    RFC 4287 2): a Russian feed's untranslated items are English text."""

    def item_attributes(self, item):
        attributes = super().item_attributes(item)
        if item.get("xml_lang"):
            attributes["xml:lang"] = item["xml_lang"]
        return attributes


class FiltersRefused(Exception):
    def __init__(self, filterset):
        super().__init__()
        self.filterset = filterset


class NewsFeed(Feed):
    feed_type = Rss201rev2Feed

    def __call__(self, request, *args, **kwargs):
        try:
            response = super().__call__(request, *args, **kwargs)
        except FiltersRefused as refused:
            # A feed of nothing would look like a quiet feed for ever: a reader subscribed to
            # ?country=zz (a typo, or a programme since withdrawn) is told instead, in a page
            # that names each filter and what is wrong with it; feed readers report the 400.
            return render(
                request,
                "news/feed_filters_refused.html",
                {"filter": refused.filterset, "feed_url": request.path},
                status=400,
            )
        # Django dates the feed by its newest item: not moved when an item leaves it.
        caching.date_no_earlier_than_last_change(response)
        return response

    def get_object(self, request, *args, **kwargs):
        filterset = NewsItemFilter(
            request.GET,
            queryset=NewsItem.objects.published().prefetch_related("topics"),
            request=request,
        )
        if not filterset.is_valid():
            raise FiltersRefused(filterset)
        return filterset

    def title(self, filterset):
        # A filtered feed says what it holds: a reader subscribed to several tells them apart.
        if labels := filterset.active_labels:
            return _("News: %(filters)s — Cross-Border Cooperation in Central Asia") % {
                "filters": ", ".join(labels)
            }
        return _("News — Cross-Border Cooperation in Central Asia")

    def author_name(self, filterset):
        # Atom requires an author (RFC 4287, 4.1.1): the site, which publishes every item.
        return _("Cross-Border Cooperation in Central Asia")

    def description(self, filterset):
        return _("The latest news of the cross-border cooperation programme in Central Asia.")

    subtitle = description

    def link(self, filterset):
        query = urlencode(filterset.active_filters)
        return reverse("news:list") + (f"?{query}" if query else "")

    def feed_url(self, filterset):
        query = urlencode(filterset.active_filters)
        name = "feeds:news-atom" if issubclass(self.feed_type, Atom1Feed) else "feeds:news-rss"
        return reverse(name) + (f"?{query}" if query else "")

    def items(self, filterset):
        return filterset.qs[:FEED_LENGTH]

    # An entry's id does not change with the item's address: a feed reader that has an item
    # does not see it again as new when its slug is changed (the old address redirects).
    item_guid_is_permalink = False

    def item_guid(self, item):
        name = f"news/{item.pk}/{get_language()}"
        return f"urn:uuid:{uuid.uuid5(FEED_ID_NAMESPACE, name)}"

    def item_extra_kwargs(self, item):
        if i18n.shows_fallback(item, "title", get_language()):
            return {"xml_lang": i18n.SOURCE_LANGUAGE}
        return {}

    def item_title(self, item):
        title = xml_text(item.title)
        if i18n.shows_fallback(item, "title", get_language()):
            # As on the list's cards: a Russian reader is told the item is in English.
            title = f"{title} ({_('in English')})"
        return title

    def item_description(self, item):
        return xml_text(item.summary)

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [xml_text(topic.name) for topic in item.topics.all()]


class NewsAtomFeed(NewsFeed):
    feed_type = LanguageTaggedAtom1Feed
