"""The offline Central Asia map: its data file, the projection, and where capitals fall."""

import json
import re
from decimal import Decimal

import pytest

from apps.blos import geo

Point = tuple[float, float]
Ring = list[Point]

FOCUS = {"KZ", "KG", "TJ", "TM", "UZ", "AF"}

CAPITALS = [
    pytest.param("UZ", 41.31, 69.24, id="Tashkent"),
    pytest.param("TJ", 38.56, 68.77, id="Dushanbe"),
    pytest.param("KZ", 43.24, 76.89, id="Almaty"),
    pytest.param("KG", 42.87, 74.59, id="Bishkek"),
    pytest.param("TM", 37.95, 58.38, id="Ashgabat"),
    pytest.param("AF", 34.53, 69.17, id="Kabul"),
]


def parse_path(path: str) -> list[Ring]:
    """Rings of SVG path data made of absolute M, L and Z commands (what the map file uses)."""
    assert re.fullmatch(r"[MLZ0-9.\s,-]*", path), "only absolute M/L/Z commands expected"
    rings: list[Ring] = []
    for command, args in re.findall(r"([MLZ])([^MLZ]*)", path):
        numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", args)]
        assert len(numbers) % 2 == 0
        points = list(zip(numbers[::2], numbers[1::2], strict=True))
        if command == "M":
            rings.append(points)
        elif command == "L":
            rings[-1].extend(points)
        else:
            assert not numbers
    return rings


def contains(rings: list[Ring], point: Point) -> bool:
    """Even-odd ray casting over all the rings (holes and enclaves included)."""
    x, y = point
    inside = False
    for ring in rings:
        for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
            if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
                inside = not inside
    return inside


def bbox(rings: list[Ring]) -> tuple[float, float, float, float]:
    xs = [x for ring in rings for x, _ in ring]
    ys = [y for ring in rings for _, y in ring]
    return min(xs), min(ys), max(xs), max(ys)


def country(iso_a2: str) -> geo.MapCountry:
    (match,) = [c for c in geo.central_asia_map()["countries"] if c["iso_a2"] == iso_a2]
    return match


# The data file ---------------------------------------------------------------------------------


def test_data_file_is_small():
    assert geo.DATA_FILE.stat().st_size < 120 * 1024


def test_data_file_says_where_the_outlines_come_from():
    source = json.loads(geo.DATA_FILE.read_text(encoding="utf-8"))["source"]
    assert "Natural Earth" in source
    assert geo.central_asia_map()["source"] == source


def test_map_has_the_six_focus_countries_with_outlines():
    countries = geo.central_asia_map()["countries"]
    focus = {c["iso_a2"]: c for c in countries if c["focus"]}

    assert set(focus) == FOCUS
    for item in focus.values():
        assert parse_path(item["path"])
        assert item["label_x"] is not None
        assert item["label_y"] is not None


def test_neighbours_are_context_only():
    codes = {c["iso_a2"] for c in geo.central_asia_map()["countries"] if not c["focus"]}
    assert {"IR", "PK", "CN", "IN"} <= codes
    assert not codes & FOCUS


def test_focus_countries_are_drawn_after_their_neighbours():
    flags = [c["focus"] for c in geo.central_asia_map()["countries"]]
    assert flags == sorted(flags)


def test_view_box_matches_width_and_height():
    base_map = geo.central_asia_map()
    assert base_map["view_box"] == f"0 0 {base_map['width']} {base_map['height']}"
    assert base_map["width"] == 1000
    assert 400 < base_map["height"] < 1000


def test_outlines_stay_near_the_view_box():
    base_map = geo.central_asia_map()
    for item in base_map["countries"]:
        xmin, ymin, xmax, ymax = bbox(parse_path(item["path"]))
        assert xmin >= -10
        assert ymin >= -10
        assert xmax <= base_map["width"] + 10
        assert ymax <= base_map["height"] + 10


def test_callers_get_their_own_copy():
    geo.central_asia_map()["countries"].clear()
    assert geo.central_asia_map()["countries"]


@pytest.mark.parametrize("iso_a2", sorted(FOCUS))
def test_label_point_is_inside_its_country(iso_a2):
    item = country(iso_a2)
    assert contains(parse_path(item["path"]), (item["label_x"], item["label_y"]))


# The projection --------------------------------------------------------------------------------


def test_east_is_right_and_north_is_up():
    x, y = geo.project(40, 70)
    east_x, east_y = geo.project(40, 71)
    north_x, north_y = geo.project(41, 70)

    assert east_x > x
    assert east_y == y
    assert north_y < y
    assert north_x == x


def test_projection_is_monotonic_across_the_map():
    xs = [geo.project(40, lon)[0] for lon in range(52, 88)]
    ys = [geo.project(lat, 70)[1] for lat in range(30, 49)]
    assert xs == sorted(xs)
    assert len(set(xs)) == len(xs)
    assert ys == sorted(ys, reverse=True)
    assert len(set(ys)) == len(ys)


def test_projection_keeps_a_plausible_aspect():
    # At the middle of the map a degree of longitude is cos(latitude) of a degree of latitude.
    x0, y0 = geo.project(40, 70)
    x1, _ = geo.project(40, 71)
    _, y1 = geo.project(39, 70)
    assert 0.7 < (x1 - x0) / (y1 - y0) < 0.8


def test_project_takes_decimals_and_floats_alike():
    assert geo.project(Decimal("41.31100"), Decimal("69.27970")) == geo.project(41.311, 69.2797)


def test_project_rounds_to_a_tenth():
    x, y = geo.project(Decimal("40.12345"), Decimal("70.98765"))
    assert x == round(x, 1)
    assert y == round(y, 1)


def test_corners_of_the_bounds_are_the_corners_of_the_view_box():
    base_map = geo.central_asia_map()
    bounds = json.loads(geo.DATA_FILE.read_text(encoding="utf-8"))["bounds"]

    assert geo.project(bounds["north"], bounds["west"]) == (0, 0)
    assert geo.project(bounds["south"], bounds["east"]) == (base_map["width"], base_map["height"])


def test_in_bounds():
    assert geo.in_bounds(Decimal("36.7"), Decimal("59.9"))  # the offices' extent
    assert geo.in_bounds(Decimal("43.1"), Decimal("79.0"))
    assert geo.in_bounds(34.53, 69.17)  # Kabul
    assert not geo.in_bounds(55.75, 37.62)  # Moscow
    assert not geo.in_bounds(39.9, 116.4)  # Beijing
    assert not geo.in_bounds(-41.3, 69.2)  # Tashkent's latitude, south


# Capitals land in their own country ------------------------------------------------------------


@pytest.mark.parametrize(("iso_a2", "latitude", "longitude"), CAPITALS)
def test_capital_is_within_the_map(iso_a2, latitude, longitude):
    assert geo.in_bounds(latitude, longitude)


@pytest.mark.parametrize(("iso_a2", "latitude", "longitude"), CAPITALS)
def test_capital_is_inside_its_country_bounding_box(iso_a2, latitude, longitude):
    x, y = geo.project(latitude, longitude)
    xmin, ymin, xmax, ymax = bbox(parse_path(country(iso_a2)["path"]))
    assert xmin <= x <= xmax
    assert ymin <= y <= ymax


@pytest.mark.parametrize(("iso_a2", "latitude", "longitude"), CAPITALS)
def test_capital_is_inside_its_country_outline(iso_a2, latitude, longitude):
    point = geo.project(latitude, longitude)
    for item in geo.central_asia_map()["countries"]:
        inside = contains(parse_path(item["path"]), point)
        assert inside == (item["iso_a2"] == iso_a2), item["iso_a2"]
