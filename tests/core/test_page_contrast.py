"""The page CSS: every text colour reads at WCAG AA (4.5:1) on every background, light and dark."""

from __future__ import annotations

import re

import pytest

from desk.paths import resource_text

TEXT = ("--text", "--muted", "--faint", "--accent", "--link")
BACKGROUNDS = ("--bg", "--panel")


def palettes() -> dict[str, dict[str, str]]:
    """The colour variables of the light :root and of the dark-scheme :root."""
    css = resource_text("css", "article.css")
    light = re.search(r"^:root \{(.*?)^\}", css, re.S | re.M).group(1)
    dark_block = css.split("@media (prefers-color-scheme: dark)", 1)[1]
    dark = re.search(r":root \{(.*?)\}", dark_block, re.S).group(1)

    def variables(block: str) -> dict[str, str]:
        return dict(re.findall(r"(--[a-z]+):\s*(#[0-9a-fA-F]{6})", block))

    base = variables(light)
    return {"light": base, "dark": {**base, **variables(dark)}}


def luminance(colour: str) -> float:
    """WCAG relative luminance of #rrggbb."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two colours."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_contrast_formula_matches_wcag_examples():
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_text_colour_reads_on_every_background(scheme):
    colours = palettes()[scheme]
    for fg in TEXT:
        for bg in BACKGROUNDS:
            ratio = contrast(colours[fg], colours[bg])
            assert ratio >= 4.5, f"{scheme}: {fg} on {bg} is {ratio:.2f}:1"


def test_only_palette_colours_are_used_for_text():
    """A literal colour for text elsewhere in the CSS would escape the checks above."""
    css = resource_text("css", "article.css")
    css = css.split("/* -- the editor's preview", 1)[0]  # the preview's note shading is its own
    literal = re.findall(r"(?<![-\w])color:\s*(#[0-9a-fA-F]{3,6})", css)
    assert literal == []
