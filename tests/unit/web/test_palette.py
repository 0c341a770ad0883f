"""The review page's colours pass WCAG AA: every text colour has a contrast ratio of at least
4.5:1 on the background it is drawn on (computed from app.css, as WCAG 2.x defines it)."""

from __future__ import annotations

import re

import pytest

from deid.model import PhiType
from deid.web.app import STATIC_DIR

CSS = (STATIC_DIR / "app.css").read_text(encoding="utf-8")
COLOURS = dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})\s*;", CSS))
AA = 4.5

PAIRS = [  # (text, background) as the stylesheet uses them
    ("text", "page"),
    ("muted", "page"),
    ("muted", "panel"),
    ("link", "page"),
    ("error", "error-bg"),
    ("ok", "page"),
    ("rejected-fg", "rejected-bg"),
    ("button-fg", "button-bg"),
    ("primary-fg", "primary-bg"),
    ("bar-fg", "bar-bg"),
    ("focus", "page"),  # the focus ring must stand out from the page (>= 3:1 needed; AA here)
]


def luminance(hex_colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_contrast_is_computed_as_wcag_defines_it():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)  # famously just under


@pytest.mark.parametrize("phi_type", [t.value for t in PhiType])
def test_every_type_has_a_highlight_and_its_text_passes_aa(phi_type):
    assert f"--c-{phi_type}" in CSS and f".t-{phi_type} {{" in CSS, phi_type
    assert contrast(COLOURS["fg"], COLOURS[f"c-{phi_type}"]) >= AA


@pytest.mark.parametrize(("text", "background"), PAIRS)
def test_the_page_text_colours_pass_aa(text, background):
    assert contrast(COLOURS[text], COLOURS[background]) >= AA


def test_a_finding_is_labelled_by_text_not_colour_alone():
    """The type is drawn as text before each highlight (and a rejected one says so)."""
    assert re.search(r"\.f::before\s*\{[^}]*content:\s*attr\(data-type\)", CSS)
    assert re.search(r"\.f\.rejected::before\s*\{[^}]*\"\s*rejected\"", CSS)
