"""Every page kind in a real browser, as a reader sees it: content, accessibility, a phone's screen.

Stores: the API fixture (invented text), one built from ../shared/seeds, and one from a day of the
real-news dev corpus (skipped with a message when ../shared is absent). Screenshots go to
build/screenshots/ (kept by CI as artifacts, never committed). The accessibility check is axe-core,
shipped inside the axe-playwright-python package: nothing is fetched.
"""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest

import khobor
from khobor.ingest import FieldMapping
from test_serve_api import build_fixture_store
from test_serve_browser import Server, browser, page  # noqa: F401 - fixtures

SHOTS = Path(__file__).resolve().parents[1] / "build" / "screenshots"
REAL = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "real-news-dev"
PHONE = {"width": 390, "height": 844}


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def serious_violations(page) -> list[str]:
    """axe-core's serious and critical findings on the page, one line each."""
    from axe_playwright_python.sync_playwright import Axe

    found = Axe().run(page).response["violations"]
    return [f"{v['id']} ({v['impact']}): {v['help']} at {v['nodes'][0]['target']}"
            for v in found if v["impact"] in ("serious", "critical")]


def check_page(page, url: str, name: str) -> None:
    """Open, screenshot, and hold to no serious accessibility problem and no sideways scrolling."""
    response = page.goto(url)
    assert response.status == 200, url
    shot(page, name)
    assert serious_violations(page) == [], url
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), f"{url} scrolls sideways"


@pytest.fixture(scope="module")
def fixture_db(tmp_path_factory) -> str:
    return build_fixture_store(tmp_path_factory.mktemp("pages") / "fixture.db")


def test_every_page_kind_on_the_fixture(page, fixture_db):
    with Server(fixture_db) as base:
        check_page(page, base + "/?lang=en", "fixture-home")
        first = page.locator(".story-card").first
        assert first.locator("h2 a").get_attribute("href") == "/stories/s1"
        assert "latest report 13 July 2025" in first.inner_text() and "from 4 outlets" in first.inner_text()
        assert first.locator("svg.spark rect").count() == 2  # two days with reports in the last 30

        check_page(page, base + "/stories/s1", "fixture-story")
        assert page.locator("svg.timeline a.tl-event").count() == 3
        dots = page.locator("svg.cast circle").evaluate_all("els => els.map(e => e.dataset.entity + '@' + e.dataset.event)")
        assert "e_lavrov@ev3" in dots and "e_lavrov@ev1" not in dots

        check_page(page, base + "/events/ev3", "fixture-event")
        assert page.locator("p.lead").inner_text().startswith("সের্গেই লাভরভ শনিবার")
        assert "3 independent reports from 3 outlets" in page.locator("p.why-sentence").inner_text()
        assert not page.locator("details.debug code").first.is_visible()
        page.locator("details.debug summary").click()
        assert page.locator("details.debug code").first.inner_text() == "ev3"

        check_page(page, base + "/events/ev2", "fixture-event-copy")
        page.locator("details.copies summary").click()
        assert page.locator(".diff").inner_text() == "word for word the same"

        check_page(page, base + "/entities/e_lavrov", "fixture-entity")
        assert page.locator("svg.bars rect[data-count='3']").count() == 1
        check_page(page, base + "/entities", "fixture-entities")
        check_page(page, base + "/articles/a4", "fixture-article")
        check_page(page, base + "/search?q=লাভরভ", "fixture-search")


def test_language_switch(page, fixture_db):
    with Server(fixture_db) as base:
        page.goto(base + "/events/ev2?lang=en")
        assert "19 June 2024" in page.locator("dl.facts").inner_text()
        page.locator("a.switch").click()
        assert page.locator("html").get_attribute("lang") == "bn"
        assert "১৯ জুন ২০২৪" in page.locator("dl.facts").inner_text()
        assert page.locator("h2").first.inner_text() == "কেন এই খবরগুলো একটি ঘটনা"
        page.goto(base + "/stories/s1")  # the choice is remembered
        assert page.locator("h2").first.inner_text() == "সময়রেখা"
        shot(page, "fixture-story-bn")
        assert serious_violations(page) == []


def test_phone_sized_screen(browser, fixture_db):  # noqa: F811
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    phone = context.new_page()
    try:
        with Server(fixture_db) as base:
            for path, name in (("/", "home"), ("/stories/s1", "story"), ("/events/ev3", "event"), ("/entities/e_lavrov", "entity"),
                               ("/articles/a4", "article")):
                phone.goto(base + path)
                shot(phone, f"phone-{name}")
                assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), path
                assert phone.locator("h1").bounding_box()["width"] <= PHONE["width"]
    finally:
        context.close()


def test_corrections_from_the_page(page, sample_store):
    _, db = sample_store
    with khobor.open(db, read_only=True) as store:
        visit = max(store.events(), key=lambda e: len(e.article_ids))
        people = store.entities(type="PER")[:2]
        originals = [a.id for a in store.articles() if a.event_id == visit.id and not a.duplicate_of]
    assert len(originals) >= 2, "the samples' visit has two independent reports"
    leaving = originals[-1]
    with Server(db, allow_edits=True, token="s3cret") as base:
        page.goto(base + f"/events/{visit.id}")
        page.fill("#edit-token", "s3cret")
        page.dispatch_event("#edit-token", "change")
        page.check(f"input[name=article_ids][value='{leaving}']")
        page.locator("button[form=split-form]").click()
        page.wait_for_url(re.compile(rf".*/events/(?!{visit.id}$).+"))
        new_event = page.url.rsplit("/", 1)[1]
        assert page.locator(".report-item input[name=article_ids]").evaluate_all("els => els.map(e => e.value)") == [leaving]
        shot(page, "edit-split")

        page.goto(base + f"/events/{visit.id}")  # the split shows at once on the old event too
        assert page.locator(f"input[name=article_ids][value='{leaving}']").count() == 0
        page.goto(base + f"/events/{new_event}")
        item = page.locator(".report-item").first
        item.locator("input[name=event_id]").fill(visit.id)
        item.locator("form.move button").click()
        page.wait_for_url(f"**/events/{visit.id}")
        assert page.locator(f"input[name=article_ids][value='{leaving}']").count() == 1

        page.goto(base + f"/entities/{people[0].id}")
        page.fill("#edit-token", "wrong")
        page.dispatch_event("#edit-token", "change")
        page.fill("input[name=other_id]", people[1].id)
        page.locator("form.merge button").click()
        page.wait_for_selector("#edit-status.error")
        assert "token" in page.locator("#edit-status").inner_text()  # refused, and the reader is told why
        assert serious_violations(page) == []
        page.fill("#edit-token", "s3cret")
        page.dispatch_event("#edit-token", "change")
        with page.expect_navigation():
            page.locator("form.merge button").click()
        page.goto(base + f"/entities/{people[1].id}")
        assert page.locator("h1").inner_text().startswith("Error 404")  # merged away


def test_seed_store_pages(page, tmp_path, seeds_dir):
    path = tmp_path / "seeds.db"
    with khobor.open(str(path)) as store:
        store.ingest([seeds_dir])
        store.process()
        stories = store.stories()
        events = store.events()
    with Server(str(path)) as base:
        check_page(page, base + "/", "seeds-home")
        if not stories:
            pytest.skip(f"the seeds made no story ({len(events)} events): story, event and entity pages not checked")
        assert page.locator(".story-card").count() == min(20, len(stories) + len([e for e in events if not e.story_id]))
        page.locator(".story-card h2 a").first.click()
        page.wait_for_selector("h1")
        check_page(page, page.url, "seeds-story")
        check_page(page, base + f"/events/{events[0].id}", "seeds-event")
        assert page.locator("p.why-sentence").inner_text().strip()
        entity = page.locator("dl.facts a.chip").first
        if entity.count():
            check_page(page, base + entity.get_attribute("href"), "seeds-entity")
            assert page.locator("h1").inner_text().strip()


@pytest.fixture(scope="module")
def real_db(tmp_path_factory) -> str:
    """One busy day of the real-news dev corpus (2025-12-12, Bengali and English outlets) run through every stage."""
    corpus = REAL / "munt-dev.jsonl.gz"
    if not corpus.is_file():
        pytest.skip("real-news-dev corpus not present (../shared/data/real-news-dev); dev-only data")
    folder = tmp_path_factory.mktemp("real")
    sample = folder / "day.jsonl"
    with gzip.open(corpus, "rt", encoding="utf-8") as lines, sample.open("w", encoding="utf-8") as out:
        for line in lines:
            if json.loads(line).get("published", "").startswith("2025-12-12"):
                out.write(line)
    db = folder / "real.db"
    with khobor.open(str(db)) as store:
        store.ingest([sample], mapping=FieldMapping(date="published", source="id"))
        store.process()
    return str(db)


def test_real_news_pages(page, real_db):
    with khobor.open(real_db, read_only=True) as store:
        stories = store.stories()
        mixed = [e for e in store.events()
                 if len({a.language for a in store.articles(where=khobor.store.schema.articles.c.event_id == e.id)}) == 2]
    with Server(real_db) as base:
        check_page(page, base + "/?lang=en", "real-home")
        cards = page.locator(".story-card")
        assert cards.count() == min(20, len(stories))
        for i in range(min(5, cards.count())):  # what an editor scans: a headline, when, how many outlets
            text = cards.nth(i).inner_text()
            assert cards.nth(i).locator("h2 a").inner_text().strip()
            assert "latest report 12 December 2025" in text or "latest report 11 December 2025" in text
            assert re.search(r"from [1-9]\d* outlets?", text), text
        cards.first.locator("h2 a").click()
        page.wait_for_selector("h1")
        check_page(page, page.url, "real-story")
        if mixed:
            check_page(page, base + f"/events/{mixed[0].id}", "real-event-bn-en")
            assert page.locator(".two-langs .lang-col").count() == 2
        check_page(page, base + "/?lang=bn", "real-home-bn")
        assert "১২ ডিসেম্বর ২০২৫" in page.locator(".story-card").first.inner_text()
        chip = page.locator(".story-card a.chip").first
        if chip.count():
            check_page(page, base + chip.get_attribute("href"), "real-entity")
            assert page.locator("h1").inner_text().strip()
