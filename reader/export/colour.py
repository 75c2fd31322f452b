"""Colour arithmetic for checking the highlight palette (no Qt): sRGB to CIELAB, the CIEDE2000 colour
difference, simulated colour-vision deficiencies and text contrast.

CIEDE2000 follows Sharma, Wu and Dalal (2005), "The CIEDE2000 color-difference formula: implementation
notes, supplementary test data, and mathematical observations", and is tested against their published
pairs. Deuteranopia and protanopia are simulated with the matrices of Machado, Oliveira and Fernandes
(2009) at severity 1.0, applied to linear RGB as the model is defined.
"""

from __future__ import annotations

import math
from typing import Literal

Lab = tuple[float, float, float]
Vision = Literal["normal", "deuteranopia", "protanopia"]
VISIONS: tuple[Vision, ...] = ("normal", "deuteranopia", "protanopia")

_MACHADO: dict[str, tuple[tuple[float, float, float], ...]] = {
    "protanopia": (
        (0.152286, 1.052583, -0.204868),
        (0.114503, 0.786281, 0.099216),
        (-0.003882, -0.048116, 1.051998),
    ),
    "deuteranopia": (
        (0.367322, 0.860646, -0.227968),
        (0.280085, 0.672501, 0.047413),
        (-0.011820, 0.042940, 0.968881),
    ),
}
_WHITE_D65 = (0.95047, 1.0, 1.08883)


def rgb(colour: str) -> tuple[int, int, int]:
    """ "#rrggbb" (or "rrggbb") as three 0-255 channels."""
    value = colour.lstrip("#")
    if len(value) != 6:
        raise ValueError(f"not a #rrggbb colour: {colour!r}")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def hex_colour(channels: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{min(255, max(0, round(c))):02x}" for c in channels)


def _linear(channel: float) -> float:
    c = channel / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _encoded(linear: float) -> float:
    c = min(1.0, max(0.0, linear))
    return 255 * (12.92 * c if c <= 0.0031308 else 1.055 * c ** (1 / 2.4) - 0.055)


def blend(top: str, bottom: str, alpha: float) -> str:
    """``top`` laid over ``bottom`` with opacity ``alpha`` (0-1), as a painter composes them (in sRGB)."""
    t, b = rgb(top), rgb(bottom)
    return hex_colour(
        (
            alpha * t[0] + (1 - alpha) * b[0],
            alpha * t[1] + (1 - alpha) * b[1],
            alpha * t[2] + (1 - alpha) * b[2],
        )
    )


def simulate(colour: str, vision: Vision) -> str:
    """How ``colour`` looks with ``vision`` (Machado et al. 2009, severity 1.0); "normal" returns it."""
    if vision == "normal":
        return colour
    r, g, b = (_linear(c) for c in rgb(colour))
    m = _MACHADO[vision]
    return hex_colour(tuple(_encoded(row[0] * r + row[1] * g + row[2] * b) for row in m))  # type: ignore[arg-type]


def to_lab(colour: str) -> Lab:
    """CIELAB (D65 white) of an sRGB colour."""
    r, g, b = (_linear(c) for c in rgb(colour))
    x = 0.4124564 * r + 0.3575761 * g + 0.1804375 * b
    y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b
    z = 0.0193339 * r + 0.1191920 * g + 0.9503041 * b

    def f(t: float) -> float:
        return t ** (1 / 3) if t > (6 / 29) ** 3 else t / (3 * (6 / 29) ** 2) + 4 / 29

    fx, fy, fz = f(x / _WHITE_D65[0]), f(y / _WHITE_D65[1]), f(z / _WHITE_D65[2])
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def ciede2000(lab1: Lab, lab2: Lab) -> float:
    """The CIEDE2000 colour difference (kL = kC = kH = 1), as in Sharma et al. 2005."""
    l1, a1, b1 = lab1
    l2, a2, b2 = lab2
    c_mean = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(c_mean**7 / (c_mean**7 + 25**7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = math.hypot(a1p, b1), math.hypot(a2p, b2)
    h1p = math.degrees(math.atan2(b1, a1p)) % 360 if c1p else 0.0
    h2p = math.degrees(math.atan2(b2, a2p)) % 360 if c2p else 0.0

    dlp = l2 - l1
    dcp = c2p - c1p
    if c1p * c2p == 0:
        dhp = 0.0
    elif abs(h2p - h1p) <= 180:
        dhp = h2p - h1p
    elif h2p - h1p > 180:
        dhp = h2p - h1p - 360
    else:
        dhp = h2p - h1p + 360
    d_big_hp = 2 * math.sqrt(c1p * c2p) * math.sin(math.radians(dhp / 2))

    lp_mean = (l1 + l2) / 2
    cp_mean = (c1p + c2p) / 2
    if c1p * c2p == 0:
        hp_mean = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        hp_mean = (h1p + h2p) / 2
    elif h1p + h2p < 360:
        hp_mean = (h1p + h2p + 360) / 2
    else:
        hp_mean = (h1p + h2p - 360) / 2
    t = (
        1
        - 0.17 * math.cos(math.radians(hp_mean - 30))
        + 0.24 * math.cos(math.radians(2 * hp_mean))
        + 0.32 * math.cos(math.radians(3 * hp_mean + 6))
        - 0.20 * math.cos(math.radians(4 * hp_mean - 63))
    )
    d_theta = 30 * math.exp(-(((hp_mean - 275) / 25) ** 2))
    r_c = 2 * math.sqrt(cp_mean**7 / (cp_mean**7 + 25**7))
    s_l = 1 + 0.015 * (lp_mean - 50) ** 2 / math.sqrt(20 + (lp_mean - 50) ** 2)
    s_c = 1 + 0.045 * cp_mean
    s_h = 1 + 0.015 * cp_mean * t
    r_t = -math.sin(math.radians(2 * d_theta)) * r_c
    return math.sqrt(
        (dlp / s_l) ** 2 + (dcp / s_c) ** 2 + (d_big_hp / s_h) ** 2 + r_t * (dcp / s_c) * (d_big_hp / s_h)
    )


def distance(one: str, other: str, vision: Vision = "normal") -> float:
    """CIEDE2000 between two sRGB colours as seen with ``vision``."""
    return ciede2000(to_lab(simulate(one, vision)), to_lab(simulate(other, vision)))


def contrast(one: str, other: str) -> float:
    """The WCAG 2 contrast ratio of two colours (1 to 21): 4.5 and more reads well as body text."""

    def luminance(colour: str) -> float:
        r, g, b = (_linear(c) for c in rgb(colour))
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)
