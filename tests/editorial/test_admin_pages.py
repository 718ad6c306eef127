"""What every admin page carries."""

import pytest

from apps.news.models import NewsItem
from tests.admin_helpers import admin_url
from tests.page_helpers import page

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("view", ["index", "changelist", "add"])
def test_admin_pages_name_the_sites_icon(officer_client, view):
    """Browsers asked for /favicon.ico on every admin page (a 404)."""
    url = "/admin/" if view == "index" else admin_url(NewsItem, view)

    icons = page(officer_client.get(url)).find_all("link", rel="icon")

    assert [icon.attrs["href"].rsplit("/", 1)[-1].split(".")[0] for icon in icons] == ["favicon"]
