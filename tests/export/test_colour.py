"""The colour arithmetic against published data, and every distance the emphasis promises, computed from the
palette the window and the exports use."""

from itertools import combinations, product

import pytest

from reader.export.colour import VISIONS, ciede2000, contrast, distance, simulate, to_lab
from reader.export.palette import DARK, LIGHT, MIN_DISTANCE, Palette

# Sharma, Wu and Dalal (2005), Table 1: the 34 pairs of CIELAB colours and their CIEDE2000 differences.
SHARMA = [
    ((50.0000, 2.6772, -79.7751), (50.0000, 0.0000, -82.7485), 2.0425),
    ((50.0000, 3.1571, -77.2803), (50.0000, 0.0000, -82.7485), 2.8615),
    ((50.0000, 2.8361, -74.0200), (50.0000, 0.0000, -82.7485), 3.4412),
    ((50.0000, -1.3802, -84.2814), (50.0000, 0.0000, -82.7485), 1.0000),
    ((50.0000, -1.1848, -84.8006), (50.0000, 0.0000, -82.7485), 1.0000),
    ((50.0000, -0.9009, -85.5211), (50.0000, 0.0000, -82.7485), 1.0000),
    ((50.0000, 0.0000, 0.0000), (50.0000, -1.0000, 2.0000), 2.3669),
    ((50.0000, -1.0000, 2.0000), (50.0000, 0.0000, 0.0000), 2.3669),
    ((50.0000, 2.4900, -0.0010), (50.0000, -2.4900, 0.0009), 7.1792),
    ((50.0000, 2.4900, -0.0010), (50.0000, -2.4900, 0.0010), 7.1792),
    ((50.0000, 2.4900, -0.0010), (50.0000, -2.4900, 0.0011), 7.2195),
    ((50.0000, 2.4900, -0.0010), (50.0000, -2.4900, 0.0012), 7.2195),
    ((50.0000, -0.0010, 2.4900), (50.0000, 0.0009, -2.4900), 4.8045),
    ((50.0000, -0.0010, 2.4900), (50.0000, 0.0010, -2.4900), 4.8045),
    ((50.0000, -0.0010, 2.4900), (50.0000, 0.0011, -2.4900), 4.7461),
    ((50.0000, 2.5000, 0.0000), (50.0000, 0.0000, -2.5000), 4.3065),
    ((50.0000, 2.5000, 0.0000), (73.0000, 25.0000, -18.0000), 27.1492),
    ((50.0000, 2.5000, 0.0000), (61.0000, -5.0000, 29.0000), 22.8977),
    ((50.0000, 2.5000, 0.0000), (56.0000, -27.0000, -3.0000), 31.9030),
    ((50.0000, 2.5000, 0.0000), (58.0000, 24.0000, 15.0000), 19.4535),
    ((50.0000, 2.5000, 0.0000), (50.0000, 3.1736, 0.5854), 1.0000),
    ((50.0000, 2.5000, 0.0000), (50.0000, 3.2972, 0.0000), 1.0000),
    ((50.0000, 2.5000, 0.0000), (50.0000, 1.8634, 0.5757), 1.0000),
    ((50.0000, 2.5000, 0.0000), (50.0000, 3.2592, 0.3350), 1.0000),
    ((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387), 1.2644),
    ((63.0109, -31.0961, -5.8663), (62.8187, -29.7946, -4.0864), 1.2630),
    ((61.2901, 3.7196, -5.3901), (61.4292, 2.2480, -4.9620), 1.8731),
    ((35.0831, -44.1164, 3.7933), (35.0232, -40.0716, 1.5901), 1.8645),
    ((22.7233, 20.0904, -46.6940), (23.0331, 14.9730, -42.5619), 2.0373),
    ((36.4612, 47.8580, 18.3852), (36.2715, 50.5065, 21.2231), 1.4146),
    ((90.8027, -2.0831, 1.4410), (91.1528, -1.6435, 0.0447), 1.4441),
    ((90.9257, -0.5406, -0.9208), (88.6381, -0.8985, -0.7239), 1.5381),
    ((6.7747, -0.2908, -2.4247), (5.8714, -0.0985, -2.2286), 0.6377),
    ((2.0776, 0.0795, -1.1350), (0.9033, -0.0636, -0.5514), 0.9082),
]


@pytest.mark.parametrize(("one", "other", "expected"), SHARMA)
def test_ciede2000_gives_sharmas_published_differences_both_ways(one, other, expected) -> None:
    assert ciede2000(one, other) == pytest.approx(expected, abs=1e-4)
    assert ciede2000(other, one) == pytest.approx(expected, abs=1e-4)


def test_srgb_to_lab_and_the_simulations_keep_known_points() -> None:
    assert to_lab("#ffffff") == pytest.approx((100.0, 0.0, 0.0), abs=0.01)
    assert to_lab("#000000") == pytest.approx((0.0, 0.0, 0.0), abs=0.01)
    assert to_lab("#ff0000") == pytest.approx((53.24, 80.09, 67.20), abs=0.02)  # the usual sRGB red
    for vision in VISIONS:  # each row of Machado's matrices sums to 1: greys stay grey
        assert simulate("#808080", vision) == "#808080"
    # Red and green, far apart, become nearly one colour without the cones that tell them apart.
    assert distance("#d62728", "#2ca02c") > 60
    assert distance("#d62728", "#2ca02c", "deuteranopia") < 25
    assert distance("#d62728", "#2ca02c", "protanopia") < 35


def test_the_issue_s_two_greys_were_indeed_nearly_alike() -> None:
    # Reader 0.1's "shared verbatim" and "found in one source only": the complaint this palette answers.
    assert distance("#dce2ea", "#d6ebf8") < 7.5


def test_contrast_is_wcag_s_ratio() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


def _too_close(palette: Palette) -> list[str]:
    fills, marks = palette.fills(), palette.marks()
    pairs = [*combinations(fills, 2), *combinations(marks, 2), *product(marks, palette.passage_fills())]
    colours = {**fills, **marks}
    return [
        f"{a} / {b} ({vision}): {distance(colours[a], colours[b], vision):.1f}"
        for vision in VISIONS
        for a, b in pairs
        if distance(colours[a], colours[b], vision) < MIN_DISTANCE
    ]


@pytest.mark.parametrize("palette", [LIGHT, DARK], ids=["light", "dark"])
def test_every_pair_of_styles_is_told_apart_also_with_deuteranopia_and_protanopia(palette: Palette) -> None:
    assert _too_close(palette) == []
    for found in (palette.found, palette.found_current):  # and Find's marks from the words the user selects
        assert min(distance(palette.selection, found, vision) for vision in VISIONS) >= MIN_DISTANCE
    assert "found" in palette.fills() and "found current" in palette.fills()  # Find is among them


def test_the_check_finds_a_pair_too_close() -> None:
    from dataclasses import replace

    # The find highlight of Reader 0.1, as close to the page's amber as it was: the check must say so.
    old = replace(LIGHT, found="#f5d04c", reworded="#fbe7b8", changed="#f0b54a")
    assert any(line.startswith("changed / found") for line in _too_close(old))


@pytest.mark.parametrize("palette", [LIGHT, DARK], ids=["light", "dark"])
def test_text_reads_on_every_fill(palette: Palette) -> None:
    for name, text in palette.texts().items():
        assert contrast(text, palette.fills()[name]) >= 4.5, name


@pytest.mark.parametrize("palette", [LIGHT, DARK], ids=["light", "dark"])
def test_copying_stands_out_more_than_the_quiet_marks(palette: Palette) -> None:
    """Copying is filled (far from the page); the same fact and its doubtful kin are lines only, and text
    found in one source only is the page itself."""
    page = palette.page
    assert (
        min(distance(page, c) for c in (palette.verbatim, palette.reworded, palette.changed)) >= MIN_DISTANCE
    )
    assert set(palette.fills()) >= {"verbatim", "reworded", "changed"}
    assert not {"paraphrase", "possible", "quoted"} & set(palette.fills())
