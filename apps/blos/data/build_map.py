"""Build ``central_asia.json``, the offline outline map of Central Asia used by ``apps.blos.geo``.

This is a one-off conversion script, kept so the map can be rebuilt; the site never imports or
runs it (the app reads only the JSON it writes). It needs nothing beyond the standard library.

Source: Natural Earth 1:50m Admin 0 country boundaries (public domain), as TopoJSON from the
``world-atlas`` npm package (ISC licence, by Mike Bostock). To rebuild::

    mkdir -p /tmp/mapwork && cd /tmp/mapwork
    npm pack world-atlas@2 && tar xzf world-atlas-2.*.tgz
    cd /work/main
    python3 apps/blos/data/build_map.py /tmp/mapwork/package/countries-50m.json

Options (``--help``) set the extent, the width of the viewBox and the simplification tolerance.

What it does, in order:

1. decodes the TopoJSON arcs (quantized, delta-encoded) back to longitude/latitude;
2. projects them with an equirectangular projection whose x is scaled by the cosine of the
   extent's middle latitude, onto a viewBox ``0 0 WIDTH HEIGHT`` that covers the extent exactly;
3. simplifies each shared arc once (Douglas–Peucker, in pixels), so neighbouring countries keep
   one identical border line;
4. assembles each country's rings from its arcs, clips them to the viewBox plus a small margin
   (Sutherland–Hodgman), rounds to 0.1 px and writes them as SVG path data;
5. finds a label point inside each country's largest visible polygon (the interior point
   farthest from its edges).
"""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path

Point = tuple[float, float]
Ring = list[Point]

ATTRIBUTION = (
    "Country outlines: Natural Earth 1:50m (public domain), via the world-atlas package "
    "(© Mike Bostock, ISC licence)"
)

# ISO 3166-1 numeric id (as world-atlas gives it) -> (alpha-2, English name, Russian name).
COUNTRIES: dict[str, tuple[str, str, str]] = {
    "398": ("KZ", "Kazakhstan", "Казахстан"),
    "417": ("KG", "Kyrgyzstan", "Кыргызстан"),
    "762": ("TJ", "Tajikistan", "Таджикистан"),
    "795": ("TM", "Turkmenistan", "Туркменистан"),
    "860": ("UZ", "Uzbekistan", "Узбекистан"),
    "004": ("AF", "Afghanistan", "Афганистан"),
    "364": ("IR", "Iran", "Иран"),
    "586": ("PK", "Pakistan", "Пакистан"),
    "156": ("CN", "China", "Китай"),
    "643": ("RU", "Russia", "Россия"),
    "496": ("MN", "Mongolia", "Монголия"),
    "356": ("IN", "India", "Индия"),
    "031": ("AZ", "Azerbaijan", "Азербайджан"),
    "524": ("NP", "Nepal", "Непал"),
    "368": ("IQ", "Iraq", "Ирак"),
    "051": ("AM", "Armenia", "Армения"),
    "268": ("GE", "Georgia", "Грузия"),
    "792": ("TR", "Turkey", "Турция"),
    "414": ("KW", "Kuwait", "Кувейт"),
    "682": ("SA", "Saudi Arabia", "Саудовская Аравия"),
}
FOCUS = {"KZ", "KG", "TJ", "TM", "UZ", "AF"}
# Natural Earth shapes without an ISO code that may fall inside the extent: kept as plain
# context shapes (no code, no label) so that the map has no hole where they are.
UNCODED = {"Siachen Glacier": ("Siachen Glacier", "Ледник Сиачен")}

# Default extent, in degrees: the five southern countries whole (Afghanistan to 29.4 N,
# Turkmenistan's Caspian coast at 52.5 E, Kyrgyzstan to 80.3 E) with a small margin, and
# Kazakhstan cut off north of 49.5 N (Border Liaison Offices lie at 36.7–43.1 N).
DEFAULT_BOUNDS = {"west": 51.5, "east": 88.0, "south": 29.0, "north": 49.5}
# Hand-placed label points, (longitude, latitude), where the computed one is awkward: the
# widest part of Tajikistan is the Pamirs, not the strip by Dushanbe where offices cluster.
LABEL_OVERRIDES: dict[str, Point] = {"TJ": (72.6, 38.45)}
# A neighbour gets a label point only if a circle this big (px) fits in its visible part.
MIN_LABEL_ROOM = 25.0


# TopoJSON -------------------------------------------------------------------------------------


def decode_arcs(topology: dict) -> list[list[Point]]:
    """Return every arc as absolute (longitude, latitude) points."""
    (scale_x, scale_y) = topology["transform"]["scale"]
    (translate_x, translate_y) = topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * scale_x + translate_x, y * scale_y + translate_y))
        arcs.append(points)
    return arcs


def polygons_of(geometry: dict) -> list[list[list[int]]]:
    """Arc indexes of each polygon (outer ring first, then holes) of a (Multi)Polygon."""
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["arcs"]
    return []


def ring_from_arcs(arc_indexes: list[int], arcs: list[list[Point]]) -> Ring:
    """Join the arcs of one ring; a negative index ``~i`` means arc ``i`` reversed."""
    ring: Ring = []
    for index in arc_indexes:
        points = arcs[index] if index >= 0 else arcs[~index][::-1]
        ring.extend(points if not ring else points[1:])
    return ring


# Projection and simplification ---------------------------------------------------------------


class Projection:
    """Equirectangular, x scaled by cos(middle latitude); the extent fills the viewBox."""

    def __init__(self, bounds: dict[str, float], width: int) -> None:
        self.bounds = bounds
        self.width = width
        self.standard_parallel = (bounds["south"] + bounds["north"]) / 2
        self.x_scale = width / (bounds["east"] - bounds["west"])  # px per degree of longitude
        cos_phi = math.cos(math.radians(self.standard_parallel))
        self.height = round((bounds["north"] - bounds["south"]) * self.x_scale / cos_phi)
        self.y_scale = self.height / (bounds["north"] - bounds["south"])  # px per degree of lat

    def __call__(self, point: Point) -> Point:
        longitude, latitude = point
        return (
            (longitude - self.bounds["west"]) * self.x_scale,
            (self.bounds["north"] - latitude) * self.y_scale,
        )

    def as_json(self) -> dict:
        return {
            "type": "equirectangular",
            "standard_parallel": round(self.standard_parallel, 6),
            "west": self.bounds["west"],
            "north": self.bounds["north"],
            "x_scale": round(self.x_scale, 9),
            "y_scale": round(self.y_scale, 9),
            "formula": "x = (longitude - west) * x_scale; y = (north - latitude) * y_scale",
        }


def _segment_distance(p: Point, a: Point, b: Point) -> float:
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    length2 = dx * dx + dy * dy
    if length2 == 0:
        return math.hypot(px - ax, py - ay)
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length2))
    return math.hypot(px - ax - t * dx, py - ay - t * dy)


def simplify(points: list[Point], tolerance: float) -> list[Point]:
    """Douglas–Peucker; the two end points are always kept (they join arcs together)."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        farthest, distance = 0, -1.0
        for i in range(first + 1, last):
            d = _segment_distance(points[i], points[first], points[last])
            if d > distance:
                farthest, distance = i, d
        if distance > tolerance:
            keep[farthest] = True
            stack.extend([(first, farthest), (farthest, last)])
    return [p for p, k in zip(points, keep, strict=True) if k]


# Clipping and geometry ------------------------------------------------------------------------


def clip_ring(ring: Ring, xmin: float, ymin: float, xmax: float, ymax: float) -> Ring:
    """Sutherland–Hodgman clipping of a closed ring to a rectangle."""
    edges = [
        (lambda p: p[0] >= xmin, lambda a, b: _cross_x(a, b, xmin)),
        (lambda p: p[0] <= xmax, lambda a, b: _cross_x(a, b, xmax)),
        (lambda p: p[1] >= ymin, lambda a, b: _cross_y(a, b, ymin)),
        (lambda p: p[1] <= ymax, lambda a, b: _cross_y(a, b, ymax)),
    ]
    output = ring[:-1] if len(ring) > 1 and ring[0] == ring[-1] else list(ring)
    for inside, cross in edges:
        points, output = output, []
        if not points:
            break
        previous = points[-1]
        for current in points:
            if inside(current):
                if not inside(previous):
                    output.append(cross(previous, current))
                output.append(current)
            elif inside(previous):
                output.append(cross(previous, current))
            previous = current
    return output


def _cross_x(a: Point, b: Point, x: float) -> Point:
    t = (x - a[0]) / (b[0] - a[0])
    return (x, a[1] + t * (b[1] - a[1]))


def _cross_y(a: Point, b: Point, y: float) -> Point:
    t = (y - a[1]) / (b[1] - a[1])
    return (a[0] + t * (b[0] - a[0]), y)


def round_ring(ring: Ring) -> Ring:
    """Round to 0.1 px and drop the points that rounding made repeat."""
    out: Ring = []
    for x, y in ring:
        point = (round(x, 1), round(y, 1))
        if not out or point != out[-1]:
            out.append(point)
    while len(out) > 1 and out[0] == out[-1]:
        out.pop()
    return out


def area(ring: Ring) -> float:
    """Signed shoelace area."""
    return (
        sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True))
        / 2
    )


def contains(rings: list[Ring], point: Point) -> bool:
    """Even-odd ray casting over all the rings of a polygon (holes included)."""
    x, y = point
    inside = False
    for ring in rings:
        for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
            if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
                inside = not inside
    return inside


def edge_distance(rings: list[Ring], point: Point) -> float:
    return min(
        _segment_distance(point, a, b)
        for ring in rings
        for a, b in zip(ring, ring[1:] + ring[:1], strict=True)
    )


def label_point(rings: list[Ring]) -> tuple[Point, float]:
    """The interior point farthest from the edges (a coarse grid, then finer ones around it).

    Returns the point and its distance to the nearest edge, in px.
    """
    xs = [x for x, _ in rings[0]]
    ys = [y for _, y in rings[0]]
    best, best_distance = None, -1.0
    cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    half_x, half_y = (max(xs) - min(xs)) / 2, (max(ys) - min(ys)) / 2
    for steps in (24, 10, 10):
        step_x, step_y = half_x * 2 / steps, half_y * 2 / steps
        for i in range(steps + 1):
            for j in range(steps + 1):
                point = (cx - half_x + i * step_x, cy - half_y + j * step_y)
                if not contains(rings, point):
                    continue
                distance = edge_distance(rings, point)
                if distance > best_distance:
                    best, best_distance = point, distance
        if best is None:
            break
        (cx, cy), half_x, half_y = best, step_x * 1.5, step_y * 1.5
    if best is None:  # a sliver: fall back to a vertex
        best, best_distance = rings[0][0], 0.0
    return (round(best[0], 1), round(best[1], 1)), best_distance


def path_data(rings: list[Ring]) -> str:
    """Absolute SVG path data: ``M x y L x y x y … Z`` for each ring."""

    def number(value: float) -> str:
        text = f"{value:.1f}"
        return text[:-2] if text.endswith(".0") else text

    parts = []
    for ring in rings:
        head, *rest = ring
        coords = " ".join(f"{number(x)} {number(y)}" for x, y in rest)
        parts.append(f"M{number(head[0])} {number(head[1])}L{coords}Z")
    return "".join(parts)


# Build ----------------------------------------------------------------------------------------


def build(
    topology: dict,
    bounds: dict[str, float],
    width: int,
    tolerance: float,
    margin: float,
    min_area: float,
) -> dict:
    projection = Projection(bounds, width)
    arcs = [simplify([projection(p) for p in arc], tolerance) for arc in decode_arcs(topology)]
    box = (-margin, -margin, width + margin, projection.height + margin)

    countries = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        code = COUNTRIES.get(geometry.get("id", ""))
        name = geometry.get("properties", {}).get("name", "")
        if code is None and name not in UNCODED:
            continue
        polygons: list[list[Ring]] = []
        for polygon in polygons_of(geometry):
            rings = []
            for ring_arcs in polygon:
                ring = round_ring(clip_ring(ring_from_arcs(ring_arcs, arcs), *box))
                if len(ring) >= 3 and abs(area(ring)) >= min_area:
                    rings.append(ring)
                elif not rings:
                    break  # the outer ring is gone: so are its holes
            if rings:
                polygons.append(rings)
        polygons = [p for p in polygons if _inside_viewbox(p[0], width, projection.height)]
        if not polygons:
            continue
        if code is not None:
            iso_a2, name_en, name_ru = code
        else:
            iso_a2 = None
            name_en, name_ru = UNCODED[name]
        largest = max(polygons, key=lambda p: abs(area(p[0])))
        label, room = label_point(largest)
        if iso_a2 in LABEL_OVERRIDES:
            x, y = projection(LABEL_OVERRIDES[iso_a2])
            label = (round(x, 1), round(y, 1))
            if not any(contains(polygon, label) for polygon in polygons):
                raise SystemExit(f"label override for {iso_a2} is outside the country")
        # Focus countries always get a label point; a neighbour only if its visible part has
        # room for one (not a corner of Russia or Mongolia at the edge of the map).
        has_label = iso_a2 in FOCUS or (iso_a2 is not None and room >= MIN_LABEL_ROOM)
        countries.append(
            {
                "iso_a2": iso_a2,
                "name_en": name_en,
                "name_ru": name_ru,
                "focus": iso_a2 in FOCUS,
                "path": path_data([ring for polygon in polygons for ring in polygon]),
                "label": list(label) if has_label else None,
            }
        )
    # Context first, focus countries last: drawn in this order, focus borders end up on top.
    countries.sort(key=lambda c: (c["focus"], c["iso_a2"] or ""))
    return {
        "source": ATTRIBUTION,
        "viewBox": [0, 0, width, projection.height],
        "bounds": bounds,
        "projection": projection.as_json(),
        "countries": countries,
    }


def _inside_viewbox(ring: Ring, width: float, height: float) -> bool:
    """Whether some part of the ring is visible (not only the clip margin around the box)."""
    xs = [x for x, _ in ring]
    ys = [y for _, y in ring]
    return max(xs) > 0 and min(xs) < width and max(ys) > 0 and min(ys) < height


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("topojson", type=Path, help="countries-50m.json from world-atlas@2")
    parser.add_argument(
        "--out",
        type=Path,
        default=Path(__file__).resolve().parent / "central_asia.json",
        help="output file (default: central_asia.json beside this script)",
    )
    for side, value in DEFAULT_BOUNDS.items():
        parser.add_argument(f"--{side}", type=float, default=value, help=f"degrees ({value})")
    parser.add_argument("--width", type=int, default=1000, help="viewBox width (1000)")
    parser.add_argument("--tolerance", type=float, default=0.3, help="px, Douglas–Peucker (0.3)")
    parser.add_argument("--margin", type=float, default=4.0, help="px kept outside the box (4)")
    parser.add_argument("--min-area", type=float, default=1.0, help="px², smaller rings go (1)")
    args = parser.parse_args()

    topology = json.loads(args.topojson.read_text(encoding="utf-8"))
    bounds = {side: getattr(args, side) for side in DEFAULT_BOUNDS}
    result = build(topology, bounds, args.width, args.tolerance, args.margin, args.min_area)
    text = json.dumps(result, ensure_ascii=False, separators=(",", ":"))
    args.out.write_text(text + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({len(text.encode()) / 1024:.1f} KiB, viewBox {result['viewBox']})")
    for country in result["countries"]:
        print(
            f"  {country['iso_a2'] or '--'} {country['name_en']:<16} "
            f"{len(country['path']):>6} chars  label {country['label']}"
        )


if __name__ == "__main__":
    main()
