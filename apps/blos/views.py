from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.views.generic import DetailView, ListView

from apps.blos import geo
from apps.blos.models import Border, BorderLiaisonOffice
from apps.core.i18n import fallback_badge, fallback_lang_attr
from apps.core.models import Country
from apps.core.views import LowercaseSlugMixin, PublishedMixin, TranslatedDetailMixin

# The order in which statuses are counted and listed: the network as it stands first.
STATUSES = [
    BorderLiaisonOffice.Status.ESTABLISHED,
    BorderLiaisonOffice.Status.BEING_ESTABLISHED,
    BorderLiaisonOffice.Status.PLANNED,
    BorderLiaisonOffice.Status.CLOSED,
]


@dataclass
class BorderGroup:
    border: Border
    blos: list = field(default_factory=list)

    @property
    def status_counts(self) -> list[tuple]:
        """(status, count) for every status present on this border, in the statuses' order."""
        counts = [(status, sum(b.status == status for b in self.blos)) for status in STATUSES]
        return [(status, count) for status, count in counts if count]


MARKER_HALF = 6


def map_context(blos, here=None) -> dict:
    """The map of Central Asia, its country names in the reader's language, and each BLO
    placed by its coordinates (``x0``/``y0``: the corner of the square marks; ``here``: the
    office whose page the map is on). The offices are labelled first (``label_offices``)."""
    language = get_language()
    names = {
        country.iso_code: (country.name, fallback_lang_attr(country, "name", language))
        for country in Country.objects.all()
    }
    base = geo.central_asia_map()
    # A country the site does not have keeps the map file's name in the reader's language.
    countries = []
    for country in base["countries"]:
        name, lang = names.get(country["iso_a2"], (None, ""))
        if not name:  # the map file names every country in both languages
            name = country.get(f"name_{language}") or country["name_en"]
        countries.append({**country, "name": name, "name_lang": lang})
    markers = []
    for blo in blos:
        x, y = geo.project(blo.latitude, blo.longitude)
        markers.append(
            {
                "blo": blo,
                "x": x,
                "y": y,
                "x0": x - MARKER_HALF,
                "y0": y - MARKER_HALF,
                "here": blo == here,
            }
        )
    return {"map": {**base, "countries": countries}, "markers": markers}


def label_offices(blos) -> None:
    """What the directory's table writes on each of its ~500 rows, worked out once per office
    (``url``, ``name_html``, ``name_lang``, ``name_badge``) and once per host country
    (``name_lang``): the same through template tags was a third of the page's time."""
    language = get_language()
    labelled_countries = set()
    for blo in blos:
        blo.url = blo.get_absolute_url()
        # "Kazakhstan–Kyrgyzstan" may break after its dash: on a phone it was one word too
        # wide for the table.
        blo.name_html = mark_safe(escape(blo.name).replace("–", "–<wbr>"))
        blo.name_lang = fallback_lang_attr(blo, "name", language)
        blo.name_badge = fallback_badge(blo, "name", language)
        country = blo.host_country
        if country.pk not in labelled_countries:
            country.name_lang = fallback_lang_attr(country, "name", language)
            labelled_countries.add(country.pk)


class BorderLiaisonOfficeListView(PublishedMixin, ListView):
    """Every public BLO grouped by border, with counts per status and a map."""

    model = BorderLiaisonOffice
    paginate_by = None

    def get_queryset(self):
        return super().get_queryset().for_list()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        label_offices(self.object_list)
        groups: dict[int, BorderGroup] = {}
        for blo in self.object_list:
            groups.setdefault(blo.border_id, BorderGroup(blo.border)).blos.append(blo)
        context["border_groups"] = sorted(groups.values(), key=lambda g: str(g.border))
        context["status_totals"] = [
            (status, sum(blo.status == status for blo in self.object_list)) for status in STATUSES
        ]
        context.update(map_context(self.object_list))
        return context


class BorderLiaisonOfficeDetailView(
    LowercaseSlugMixin, PublishedMixin, TranslatedDetailMixin, DetailView
):
    model = BorderLiaisonOffice

    def get_queryset(self):
        return super().get_queryset().for_detail()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        label_offices([self.object])
        context.update(map_context([self.object], here=self.object))
        context["news"] = self.object.news_items.published()[:5]
        return context
