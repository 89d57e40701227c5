"""The web UI in a real headless Chromium, served by uvicorn on a free local port.

Debian's ``chromium`` is driven through Playwright (pointed at /usr/bin/chromium; Playwright's
own browser downloads are never used). Without the browser these tests skip with the reason,
except on CI (env ``CI`` set), where a missing browser is a failure.
Screenshots of the main pages land in tests/screenshots/ (git-ignored) for a person to look at.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("POLICYTRAIL_CHROMIUM", "/usr/bin/chromium"))
SCREENSHOTS = Path(__file__).resolve().parents[1] / "screenshots"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = pytest.mark.browser


def _need_browser() -> None:
    problem = None
    if not CHROMIUM.exists():
        problem = f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            problem = "playwright is not installed (pip install -e '.[dev]')"
    if problem:
        if os.environ.get("CI"):
            pytest.fail(f"browser tests must run on CI: {problem}")
        pytest.skip(problem)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(built) -> Iterator[str]:
    """The app served by a real uvicorn on 127.0.0.1, in a thread of this process."""
    _need_browser()
    import uvicorn

    from pipeline.web.app import create_app

    port = _free_port()
    config = uvicorn.Config(
        create_app(built.path), host="127.0.0.1", port=port, log_level="warning"
    )
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not srv.started:
        if time.monotonic() > deadline:
            pytest.fail("uvicorn did not start within 15s")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    context.set_default_timeout(5000)
    pg = context.new_page()
    dialogs: list[str] = []
    pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    pg.dialogs = dialogs  # type: ignore[attr-defined]
    yield pg
    context.close()


def shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def test_search_shows_highlighted_results(page, server):
    page.goto(f"{server}/")
    shot(page, "home")
    page.fill("input[name=q]", "funding gap")
    page.click("form.search button")
    page.wait_for_selector(".result")
    marks = page.locator(".snippet mark")
    assert marks.count() >= 2
    assert {m.lower() for m in marks.all_inner_texts()} <= {"funding", "gap"}
    shot(page, "search")


def test_tracker_filters_by_status(page, server):
    page.goto(f"{server}/recs")
    assert page.locator("tbody tr").count() == 4
    page.select_option("select[name=status]", "overdue")
    page.click("form.filters button")
    page.wait_for_url("**status=overdue**")
    statuses = page.locator("tbody tr").evaluate_all("rows => rows.map(r => r.dataset.status)")
    assert statuses == ["overdue", "overdue"]
    shot(page, "tracker-overdue")
    page.locator("tbody tr a[href^='/thread/']").first.click()
    page.wait_for_selector("ol.evidence")
    dates = page.locator("ol.evidence > li > span.nowrap").all_inner_texts()
    assert dates == sorted(dates) and len(dates) == 2
    shot(page, "thread")


def test_document_page_highlights_its_items(page, server, built):
    kind, fid = built.items["figure:gap2017"]
    page.goto(f"{server}/doc/{built.docs['gap2017']}#item-{kind}-{fid}")
    marks = page.locator("article mark.item")
    assert marks.count() == 3
    target = page.locator(f"#item-{kind}-{fid}")
    assert target.inner_text() == "£2bn"
    assert target.evaluate("e => getComputedStyle(e).backgroundColor") != "rgba(0, 0, 0, 0)"
    shot(page, "document")


def test_hostile_document_runs_no_script(page, server, built):
    page.goto(f"{server}/doc/{built.docs['xss']}")
    page.wait_for_load_state("load")
    assert page.dialogs == []  # type: ignore[attr-defined]
    assert page.locator("script").count() == 0  # the app itself ships no script
    assert page.locator("a[href^='javascript:' i]").count() == 0
    assert page.locator("img").count() == 0
    assert "<script>alert(1)</script>" in page.locator("h1").inner_text()
    shot(page, "xss-document")
    page.goto(f"{server}/recs")
    page.goto(f"{server}/search?q=hostile")
    page.goto(f"{server}/thread/{built.threads['xss']}")
    assert page.dialogs == []  # type: ignore[attr-defined]


def test_themes_chart_renders_and_clicks_through(page, server, built):
    page.goto(f"{server}/themes")
    svg = page.locator("svg.chart")
    assert svg.is_visible()
    box = svg.bounding_box()
    assert box and box["width"] > 300 and box["height"] > 150
    assert page.locator("svg.chart polyline.series").count() == 2
    shot(page, "themes")
    page.locator(f"svg.chart a[href='/theme/{built.themes['gap']}?period=2018'] circle").click()
    page.wait_for_url("**period=2018")
    assert "£3.1bn" in page.locator("ol.members").inner_text()
    shot(page, "theme-2018")


def test_figure_timeline_renders_points_linked_to_sentences(page, server, built):
    page.goto(f"{server}/timeline?measure=funding+gap")
    assert page.locator("svg.chart circle.point").count() == 2
    shot(page, "timeline")
    page.locator("svg.chart a circle.point").first.click()
    page.wait_for_url("**/doc/**#item-figure-*")
    assert page.locator("mark.item:target").inner_text() == "£2bn"
