"""WCAG 2.2 reflow: at 390 and 320 px wide no page is wider than the screen.

Wide tables and the timeline scroll inside their own labelled, focusable region instead;
the timeline scales to its column and no text in it is cut off.
"""

import pytest
from django.urls import reverse

from commissioning.programmes.services import load_demo
from tests.e2e.test_every_page_is_accessible import page_urls

# What makes a page wider than the screen: the widest elements outside a scroll region.
WIDEST = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [];
  for (const element of document.body.querySelectorAll('*')) {
    if (element.closest('.app-scroll-region')) continue;
    const box = element.getBoundingClientRect();
    if (box.right > width + 1 && box.width > 0) {
      const name = element.tagName.toLowerCase() + '.' + element.className;
      wide.push(name + ' ' + Math.round(box.right));
    }
  }
  return {scroll: document.documentElement.scrollWidth, width: width, wide: wide.slice(0, 5)};
}"""

# Every text of the timeline inside the drawing's own box (nothing cut off at its edges).
CUT_OFF = """() => {
  const svg = document.querySelector('svg.app-timeline');
  const [, , width, height] = svg.getAttribute('viewBox').split(' ').map(Number);
  return [...svg.querySelectorAll('text, rect, line, circle, polygon')].filter((shape) => {
    const box = shape.getBBox();
    return box.x < 0 || box.y < 0
      || box.x + box.width > width + 0.5 || box.y + box.height > height + 0.5;
  }).map((shape) => shape.textContent || shape.tagName);
}"""


@pytest.fixture
def demo(db):
    return load_demo()


def main_pages(demo) -> dict[str, str]:
    return {**page_urls(demo), "not-found": "/no-such-page/"}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [390, 320])
def test_no_page_is_wider_than_a_phone(live_server, page, sign_in, demo, width):
    sign_in(demo.programme.imports.first().user)
    page.set_viewport_size({"width": width, "height": 800})
    too_wide = []
    for name, url in main_pages(demo).items():
        page.goto(f"{live_server.url}{url}")
        measured = page.evaluate(WIDEST)
        if measured["scroll"] > measured["width"]:
            too_wide.append(f"{name} ({url}): {measured['scroll']} px: {measured['wide']}")
    assert not too_wide, "\n".join(too_wide)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [390, 1280])
def test_the_timeline_fits_its_column_and_scrolls_in_its_own_region(
    live_server, page, sign_in, demo, width
):
    sign_in(demo.programme.imports.first().user)
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(f"{live_server.url}{reverse('programme-timeline', args=[demo.programme.slug])}")

    region = page.get_by_role("region", name="Timeline chart")
    assert region.get_attribute("tabindex") == "0"
    column = page.locator("main").bounding_box()
    drawing = page.locator("svg.app-timeline").bounding_box()
    if width >= 1000:
        assert drawing["width"] <= column["width"] + 1  # scaled down to fit its column
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.evaluate(CUT_OFF) == []
    region.focus()
    page.keyboard.press("ArrowRight")  # a keyboard user can scroll it


# A visible table caption that says again what the heading just above it says.
REPEATED_CAPTIONS = """() => {
  const words = (element) => element.textContent.replace(/\\s+/g, ' ').trim().toLowerCase();
  const headings = [...document.querySelectorAll('h1, h2, h3, h4')];
  return [...document.querySelectorAll('caption')].filter((caption) => {
    if (caption.classList.contains('govuk-visually-hidden')) return false;
    const before = headings.filter((heading) =>
      heading.compareDocumentPosition(caption) & Node.DOCUMENT_POSITION_FOLLOWING);
    return before.length && words(before[before.length - 1]) === words(caption);
  }).map(words);
}"""


@pytest.mark.django_db(transaction=True)
def test_no_caption_repeats_its_heading(live_server, page, sign_in, demo):
    sign_in(demo.programme.imports.first().user)
    repeated = []
    for name, url in main_pages(demo).items():
        page.goto(f"{live_server.url}{url}")
        found = page.evaluate(REPEATED_CAPTIONS)
        if found:
            repeated.append(f"{name} ({url}): {found}")
    assert not repeated, "\n".join(repeated)
