#!/usr/bin/env python3
"""Writes templates/assets/og-image.png, the default theme's sharing image (Open Graph and Twitter
cards, 1200 x 630): the site icon's three bars on its blue, drawn with the standard library only
(a palette PNG, so it stays a few kilobytes). Run it again after changing the design, and commit."""

import struct
import sys
import zlib
from pathlib import Path

WIDTH, HEIGHT = 1200, 630
PALETTE = [(0x1F, 0x4E, 0x79), (0xFF, 0xFF, 0xFF), (0xF2, 0xB8, 0x4B)]  # the icon's blue, white, amber
# The icon's bars (x, y, width, height on its 32-unit grid, colour), centred and scaled by 15.
BARS = [(7, 17, 4, 8, 1), (14, 11, 4, 14, 1), (21, 6, 4, 19, 2)]
SCALE = 15
LEFT, TOP = (WIDTH - 32 * SCALE) // 2 + 0, (HEIGHT - 32 * SCALE) // 2


def pixels():
    rows = []
    for y in range(HEIGHT):
        row = bytearray(WIDTH)
        for x0, y0, w, h, colour in BARS:
            if TOP + y0 * SCALE <= y < TOP + (y0 + h) * SCALE:
                start = LEFT + x0 * SCALE
                row[start:start + w * SCALE] = bytes([colour]) * (w * SCALE)
        rows.append(b"\x00" + bytes(row))  # filter type 0 per scanline
    return b"".join(rows)


def chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png() -> bytes:
    header = struct.pack(">IIBBBBB", WIDTH, HEIGHT, 8, 3, 0, 0, 0)  # 8-bit palette
    palette = b"".join(bytes(colour) for colour in PALETTE)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"PLTE", palette)
            + chunk(b"IDAT", zlib.compress(pixels(), 9)) + chunk(b"IEND", b""))


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[1] / "templates" / "assets" / "og-image.png"
    target.write_bytes(png())
    print(f"wrote {target} ({target.stat().st_size} bytes)")
