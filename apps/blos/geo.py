"""The offline outline map of Central Asia on which Border Liaison Offices are placed.

The map is inline SVG drawn by the server: country outlines come ready-projected from
``data/central_asia.json`` (built once by ``data/build_map.py`` from Natural Earth, public
domain), and :func:`project` turns an office's latitude and longitude into a point in the same
SVG viewBox. Nothing here touches the network, a tile server or JavaScript.

The projection is equirectangular, with x scaled by the cosine of the map's middle latitude::

    x = (longitude - west) * x_scale
    y = (north - latitude) * y_scale

so east is to the right, north is up, and the extent given by ``bounds`` fills the viewBox.
"""

from __future__ import annotations

import functools
import json
from decimal import Decimal
from pathlib import Path
from typing import Any, TypedDict

DATA_FILE = Path(__file__).resolve().parent / "data" / "central_asia.json"

Number = Decimal | float | int


class MapCountry(TypedDict):
    """One country outline, ready for ``<path d="…">``."""

    iso_a2: str | None  # ISO 3166-1 alpha-2; None for a context shape without a code
    name_en: str
    name_ru: str
    focus: bool  # one of the six countries the map is about (not a neighbour shown for context)
    path: str  # SVG path data in viewBox coordinates
    label_x: float | None  # a point inside the country to centre its name on, if it has room
    label_y: float | None


class CentralAsiaMap(TypedDict):
    view_box: str  # "0 0 W H", for the viewBox attribute
    width: int
    height: int
    countries: list[MapCountry]  # neighbours first, then focus countries (drawing order)
    source: str  # attribution to show with the map


@functools.cache
def _data() -> dict[str, Any]:
    """The map file, read and parsed once per process."""
    with DATA_FILE.open(encoding="utf-8") as file:
        return json.load(file)


def project(latitude: Number, longitude: Number) -> tuple[float, float]:
    """SVG (x, y) of a point, in the map's viewBox, rounded to 0.1.

    Takes decimal degrees, north and east positive, as ``Decimal`` (the model fields) or
    ``float``. Points outside the map's bounds project outside the viewBox; check them with
    :func:`in_bounds` first.
    """
    projection = _data()["projection"]
    x = (float(longitude) - projection["west"]) * projection["x_scale"]
    y = (projection["north"] - float(latitude)) * projection["y_scale"]
    return round(x, 1), round(y, 1)


def bounds() -> dict[str, float]:
    """The map's extent in degrees: ``south``, ``north``, ``west``, ``east``."""
    return dict(_data()["bounds"])


def in_bounds(latitude: Number, longitude: Number) -> bool:
    """Whether the point lies within the map's extent (edges included)."""
    extent = _data()["bounds"]
    return (
        extent["south"] <= float(latitude) <= extent["north"]
        and extent["west"] <= float(longitude) <= extent["east"]
    )


def central_asia_map() -> CentralAsiaMap:
    """Everything a template needs to draw the base map.

    A new structure on every call, so a caller may change it freely.
    """
    data = _data()
    _, _, width, height = data["viewBox"]
    countries: list[MapCountry] = []
    for country in data["countries"]:
        label = country["label"]
        countries.append(
            {
                "iso_a2": country["iso_a2"],
                "name_en": country["name_en"],
                "name_ru": country["name_ru"],
                "focus": country["focus"],
                "path": country["path"],
                "label_x": label[0] if label else None,
                "label_y": label[1] if label else None,
            }
        )
    return {
        "view_box": f"0 0 {width} {height}",
        "width": width,
        "height": height,
        "countries": countries,
        "source": data["source"],
    }
