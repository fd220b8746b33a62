"""Colours and contrast (WCAG 2.1, R-A11Y-2): pure functions, no Django.

A theme colour is accepted only if the text drawn with it stays readable:
- the primary colour carries white text (header band, buttons) and is also the link colour on
  a white page: contrast ≥ 4.5:1 against white;
- the secondary colour is used for large text and UI parts (borders, focus ring, icons) on
  white: contrast ≥ 3:1.
When a colour fails, the nearest compliant shade (same hue, darker) is proposed.
"""

from __future__ import annotations

import colorsys
import re

WHITE = "#ffffff"
TEXT_MIN = 4.5
LARGE_TEXT_AND_UI_MIN = 3.0

_HEX = re.compile(r"^#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})$")


class ColourError(ValueError):
    """Not a colour: the message is for the person who typed it, in French."""


def parse_colour(value: str) -> str:
    """Normalise '#ABC', 'abc', '#AABBCC' to '#aabbcc'; refuse anything else."""
    match = _HEX.match((value or "").strip())
    if not match:
        raise ColourError(f"« {value} » n'est pas une couleur : saisissez un code hexadécimal comme #000091.")
    digits = match.group(1).lower()
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return f"#{digits}"


def _rgb(colour: str) -> tuple[float, float, float]:
    value = parse_colour(colour)
    return tuple(int(value[i : i + 2], 16) / 255 for i in (1, 3, 5))  # type: ignore[return-value]


def _channel(c: float) -> float:
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: str) -> float:
    r, g, b = (_channel(c) for c in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first: str, second: str) -> float:
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _to_hex(r: float, g: float, b: float) -> str:
    return "#" + "".join(f"{round(max(0.0, min(1.0, c)) * 255):02x}" for c in (r, g, b))


def nearest_compliant(colour: str, *, against: str = WHITE, minimum: float = TEXT_MIN) -> str:
    """The same hue, darkened (or lightened, against a dark background) just enough."""
    if contrast_ratio(colour, against) >= minimum:
        return parse_colour(colour)
    h, lightness, s = colorsys.rgb_to_hls(*_rgb(colour))
    darken = relative_luminance(against) > 0.5
    low, high = (0.0, lightness) if darken else (lightness, 1.0)
    best = _to_hex(*colorsys.hls_to_rgb(h, low if darken else high, s))
    for _ in range(30):  # bisection on lightness: the closest shade that passes
        mid = (low + high) / 2
        candidate = _to_hex(*colorsys.hls_to_rgb(h, mid, s))
        if contrast_ratio(candidate, against) >= minimum:
            best = candidate
            low, high = (mid, high) if darken else (low, mid)
        else:
            low, high = (low, mid) if darken else (mid, high)
    return best
