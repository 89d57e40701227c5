"""The structure component: blocks, lists under lead-ins, headings and page chrome."""

from __future__ import annotations

from pipeline.extract.types import items_of

PAGE = """Accept cookies to continue browsing our website

Council budgets under strain

Finance directors in shire areas expect deeper deficits next year, a survey of members shows.

The review panel set out three asks:

  1. Publish the grant figures earlier in the year.
  2. Fund the new duties in full.
  3. End competitive bidding for small pots.

Related stories

Another headline about parking charges
"""


def regions(parse, text):
    return items_of(parse(text), "pt_regions")


def test_numbered_items_hang_from_their_lead_in(parse):
    regs = regions(parse, PAGE)
    lead = next(i for i, r in enumerate(regs) if r.kind == "lead_in")
    items = [r for r in regs if r.kind == "list_item"]
    assert [r.number for r in items] == ["1.", "2.", "3."]
    assert all(r.parent == lead for r in items)
    assert PAGE[items[1].start:items[1].end] == "Fund the new duties in full."


def test_short_unpunctuated_line_is_a_heading(parse):
    regs = regions(parse, PAGE)
    headings = [PAGE[r.start:r.end] for r in regs if r.kind == "heading"]
    assert "Council budgets under strain" in headings


def test_cookie_banner_and_related_stories_tail_are_chrome(parse):
    regs = regions(parse, PAGE)
    chrome = [PAGE[r.start:r.end] for r in regs if r.kind == "chrome"]
    assert "Accept cookies to continue browsing our website" in chrome
    assert "Related stories" in chrome
    assert "Another headline about parking charges" in chrome
    assert not any("Finance directors" in c for c in chrome)


def test_glued_navigation_menu_is_chrome(parse):
    text = ("HomeNewsOpinionJobsEvents\n\nThe board met on Tuesday to agree its plan for the "
            "coming year.\n")
    regs = regions(parse, text)
    chrome = [text[r.start:r.end] for r in regs if r.kind == "chrome"]
    assert chrome == ["HomeNewsOpinionJobsEvents"]


def test_bulleted_items_separated_by_blank_lines_share_the_lead_in(parse):
    text = ("The minister should publish by June 2021:\n\n- a funding formula;\n\n"
            "- a workforce plan; and\n\n- a timetable.\n")
    regs = regions(parse, text)
    items = [r for r in regs if r.kind == "list_item"]
    assert len(items) == 3
    assert len({r.parent for r in items}) == 1 and items[0].parent is not None
