"""A procedure page on a phone and with the keyboard alone."""

from __future__ import annotations

import pytest

from .conftest import VIEWPORTS

PROCEDURE = "thu-tuc/1-001193-dang-ky-khai-sinh/"  # fully online: has the "Nộp hồ sơ trực tuyến" action


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_key_facts_and_action_come_before_the_documents(browser, sample_server, viewport):
    context = browser.new_context(viewport=VIEWPORTS[viewport])
    page = context.new_page()
    page.goto(sample_server.url(PROCEDURE), wait_until="networkidle")
    top = lambda selector: page.locator(selector).first.bounding_box()["y"]  # noqa: E731
    documents = top("#thanh-phan-ho-so")
    for selector in (".tt-fact:nth-child(1) dd", ".tt-fact:nth-child(2) dd", "a.tt-submit"):
        box = page.locator(selector).first.bounding_box()
        assert box["y"] + box["height"] <= documents, (viewport, selector)
    if viewport == "phone":  # the action is on the first screens, not below a long list
        assert top("a.tt-submit") < 2 * VIEWPORTS["phone"]["height"]
    context.close()


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_keyboard_reaches_search_and_submit_with_visible_focus(browser, sample_server, viewport):
    context = browser.new_context(viewport=VIEWPORTS[viewport])
    page = context.new_page()
    page.goto(sample_server.url(PROCEDURE), wait_until="networkidle")
    reached: dict[str, dict] = {}
    for _ in range(80):
        page.keyboard.press("Tab")
        focus = page.evaluate("""() => {
          const e = document.activeElement, s = getComputedStyle(e), r = e.getBoundingClientRect();
          return {search: e.matches('#tt-header-query, header form[role=search] button[type=submit]'),  // the field, or on a phone its button
                  submit: e.matches('a.tt-submit'),
                  outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2,
                  onScreen: r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth};
        }""")
        for name in ("search", "submit"):
            if focus[name] and name not in reached:
                reached[name] = focus
        if len(reached) == 2:
            break
    context.close()
    assert set(reached) == {"search", "submit"}, f"{viewport}: Tab reached only {sorted(reached)}"
    for name, focus in reached.items():
        assert focus["outline"], f"{viewport}: no visible focus outline on {name}"
        assert focus["onScreen"], f"{viewport}: {name} has the focus but is off screen"


def test_figures_are_right_aligned_and_their_labels_left(browser, sample_server):
    """Every number of the monthly table lines up on the right, as tabular figures; a month (row header) and the
    column of months on the left, and column names may wrap (portal.css: .tt-figures, one class per table)."""
    context = browser.new_context(viewport=VIEWPORTS["desktop"])
    page = context.new_page()
    page.goto(sample_server.url(PROCEDURE), wait_until="networkidle")
    cells = page.evaluate("""() => {
      const table = document.querySelector('table.tt-stats[data-dimension]');
      const style = e => { const s = getComputedStyle(e); return [s.textAlign, s.fontVariantNumeric, s.whiteSpace]; };
      return {numbers: [...table.querySelectorAll('tbody td')].map(style),
              rows: [...table.querySelectorAll('tbody th')].map(e => getComputedStyle(e).textAlign),
              heads: [...table.querySelectorAll('thead th')].map(style)};
    }""")
    context.close()
    assert len(cells["numbers"]) >= 6 * 12
    assert set(map(tuple, cells["numbers"])) == {("right", "tabular-nums", "nowrap")}
    assert set(cells["rows"]) == {"left"}
    heads = list(map(tuple, cells["heads"]))
    assert heads[0][0] != "right" and set(heads[1:]) == {("right", "tabular-nums", "normal")}
