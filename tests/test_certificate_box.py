"""The certificate's name box as a person sees it in real Chromium (issue 19): a labelled
text box whose border stands out from the page behind it, in the light and dark schemes."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

LABEL = "Your name, as it should appear on the certificate"

# Every colour as the browser paints it: a 1x1 canvas turns any CSS colour syntax into
# RGBA bytes. The background behind the box is each ancestor's background, painted over
# the one below, on a white canvas; an opaque ancestor hides everything under it.
PAINTED_JS = """box => {
  const ctx = document.createElement('canvas').getContext('2d', {willReadFrequently: true});
  const rgba = color => {
    ctx.clearRect(0, 0, 1, 1);
    ctx.fillStyle = '#000'; ctx.fillStyle = color; ctx.fillRect(0, 0, 1, 1);
    const [r, g, b, a] = ctx.getImageData(0, 0, 1, 1).data;
    return [r, g, b, a / 255];
  };
  const layers = [];
  for (let el = box.parentElement; el; el = el.parentElement) {
    layers.push(rgba(getComputedStyle(el).backgroundColor));
  }
  const style = getComputedStyle(box);
  const sides = ['top', 'right', 'bottom', 'left'].map(side => ({
    side,
    width: parseFloat(style.getPropertyValue(`border-${side}-width`)),
    style: style.getPropertyValue(`border-${side}-style`),
    color: rgba(style.getPropertyValue(`border-${side}-color`)),
  }));
  const r = box.getBoundingClientRect();
  const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  return {layers, sides, covered: top !== box,
          scheme: document.body.getAttribute('data-md-color-scheme')};
}"""


def over(top: list[float], below: tuple[float, float, float]) -> tuple[float, float, float]:
    """The opaque colour of ``top`` (RGB bytes and alpha) painted over ``below``."""
    alpha = top[3]
    r, g, b = (top[i] * alpha + below[i] * (1 - alpha) for i in range(3))
    return (r, g, b)


def behind(layers: list[list[float]]) -> tuple[float, float, float]:
    """The colour the ancestors' backgrounds paint, nearest ancestor first in ``layers``."""
    color = (255.0, 255.0, 255.0)
    for layer in reversed(layers):
        color = over(layer, color)
    return color


def luminance(rgb: tuple[float, float, float]) -> float:
    """WCAG relative luminance of an sRGB colour given in bytes."""

    def linear(byte: float) -> float:
        c = byte / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    """WCAG contrast ratio of two opaque colours, 1 to 21."""
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def open_certificate(page: Page, site_url: str, scheme: str) -> None:
    page.emulate_media(color_scheme="dark" if scheme == "slate" else "light")
    page.goto(f"{site_url}/certificate/")
    page.wait_for_selector(".rp-cert-page[data-kit-ready]")


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_the_name_box_is_labelled_and_its_border_stands_out(
    page: Page, site_url: str, scheme: str
) -> None:
    open_certificate(page, site_url, scheme)
    box = page.get_by_role("textbox", name=LABEL, exact=True)
    expect(box).to_be_visible()
    assert box.evaluate("b => [...b.labels].map(l => l.textContent.trim())") == [LABEL]
    size = box.bounding_box()
    assert size is not None and size["width"] >= 100 and size["height"] >= 24, size
    seen: dict[str, Any] = box.evaluate(PAINTED_JS)
    assert seen["scheme"] == scheme
    assert not seen["covered"], "something is drawn over the name box"
    ground = behind(seen["layers"])
    for side in seen["sides"]:
        assert side["style"] not in ("none", "hidden") and side["width"] >= 1, side
        ratio = contrast(over(side["color"], ground), ground)
        assert ratio >= 3, f"{side['side']} border: {ratio:.2f}:1 against the page, {side}"
