"""The role-play in real Chromium: walking scenarios, saved progress, storage trouble,
no JavaScript, hostile text, keyboard use and axe-core."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Browser, BrowserContext, Locator, Page, Route, expect

from .browser_support import axe_violations

pytestmark = pytest.mark.browser

BEST = (
    "That volume has to stay here, but let's make sure you leave with what he needs. "
    "I can scan the volcano pages for you right now."
)
POOR = "Sorry, reference books can't leave the library."
RECOVER = (
    "I hear you, a deadline tomorrow is stressful. Here's what I can do: scan the pages now, "
    "or show you the same article in our online encyclopedia from home."
)
BLAME = "Those are the rules. I don't make them."
# The verdicts on the reference scenario (two questions, pass mark 80%: both needed).
UNANSWERED = (
    "Not passed yet. Successful ending: reached. Knowledge check: 0 of 2 first answers "
    "right; 2 needed (pass mark 80%). Not answered yet: 2."
)
PASSED = (
    "Passed on attempt 1: you reached a successful ending and answered 2 of 2 questions "
    "right at the first try (pass mark 80%)."
)


def open_page(page: Page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("[data-rp-ready]")


def scenario(page: Page, site_url: str, slug: str = "reference-book") -> None:
    open_page(page, f"{site_url}/scenarios/{slug}/")


def choose(page: Page, text: str) -> None:
    page.get_by_role("button", name=text, exact=True).click()


def proceed(page: Page) -> None:
    page.get_by_role("button", name="Continue", exact=True).click()


def saved(page: Page, slug: str = "reference-book", prefix: str = "rp2:") -> Any:
    """The progress saved for ``slug``, parsed, or None."""
    raw = page.evaluate("k => localStorage.getItem(k)", prefix + slug)
    return None if raw is None else json.loads(raw)


def replies(page: Page, turn: int = -1) -> list[str]:
    """The reply buttons of a turn of the interactive version, in the order shown."""
    box = page.locator(".rp-live .rp-turn").nth(turn)
    return box.locator(".rp-opt").evaluate_all("els => els.map(e => e.textContent)")


def options(page: Page, question: int = 0) -> list[str]:
    """A question's options in the interactive version, in the order shown."""
    form = page.locator("form.rp-form").nth(question)
    return form.locator("label").evaluate_all("els => els.map(e => e.textContent)")


def answer(page: Page, question: int, *names: str) -> None:
    form = page.locator("form.rp-form").nth(question)
    for name in names:
        form.get_by_label(name, exact=True).check()
    form.get_by_role("button", name="Check answer").click()


def answer_all_right(page: Page) -> None:
    """Answers both questions of the reference scenario right."""
    answer(page, 0, "Is it illegal?", "Is it immoral?", "Is it impossible?")
    answer(page, 1, "From yes")
    expect(page.locator("form.rp-form").nth(1).locator(".rp-result")).to_have_text("Correct")


def status_of(page: Page, slug: str) -> Locator:
    return page.locator(f".rp-status[data-slug='{slug}']")


@pytest.fixture
def errors(page: Page) -> Iterator[list[str]]:
    """Script errors and dialogs on the page; each test asserts there were none."""
    seen: list[str] = []
    page.on("pageerror", lambda e: seen.append(f"error: {e}"))
    page.on("dialog", lambda d: (seen.append(f"dialog: {d.message}"), d.dismiss()))
    yield seen
    assert seen == []


def test_walk_to_success_then_try_again(
    page: Page, site_url: str, errors: list[str], immediate: None
) -> None:
    scenario(page, site_url)
    live = page.locator(".rp-live")
    expect(live).to_contain_text("My son's report on volcanoes")
    expect(page.locator(".rp-study")).to_be_hidden()
    choose(page, BEST)
    expect(page.get_by_role("button", name=POOR, exact=True)).to_be_disabled()
    expect(page.get_by_role("button", name="No", exact=True)).to_be_disabled()
    expect(live).to_contain_text("Best choice")
    expect(page.locator(".rp-announce")).to_contain_text("You named the rule once")
    proceed(page)
    expect(live.locator(".rp-end")).to_contain_text("Outcome: Success")
    expect(live).to_contain_text("Oh, that would be perfect.")
    expect(live).to_contain_text("You chose the best reply in 1 of 1 decision.")
    # Not passed: the knowledge check is still to do, and the verdict says so.
    expect(live.locator(".rp-verdict")).to_have_text(UNANSWERED)
    expect(page.locator(".rp-notice")).to_have_text(UNANSWERED)
    expect(live.locator(".rp-end")).to_contain_text("Try again starts a new attempt")
    page.get_by_role("button", name="Try again").click()
    expect(live.locator(".rp-turn")).to_have_count(1)
    expect(page.get_by_role("button", name=POOR, exact=True)).to_be_enabled()
    expect(page.locator(".rp-notice")).to_have_text("")
    expect(page.locator(".rp-announce")).to_have_text("A new attempt has started.")
    state = saved(page)
    assert state["path"] == [] and state["done"] is None and state["n"] == 2


def test_walk_to_failure_keeps_transcript(
    page: Page, site_url: str, errors: list[str], immediate: None
) -> None:
    scenario(page, site_url)
    choose(page, POOR)
    expect(page.locator(".rp-live .rp-reply")).to_contain_text("Poor choice")
    proceed(page)
    live = page.locator(".rp-live")
    expect(live.locator(".rp-turn")).to_have_count(2)
    expect(live.locator(".rp-turn").first).to_contain_text("My son's report")
    expect(live.locator(".rp-turn").first.get_by_role("button", name="Continue")).to_have_count(0)
    choose(page, BLAME)
    proceed(page)
    expect(live.locator(".rp-end")).to_contain_text("Outcome: Not resolved")
    expect(live).to_contain_text("You chose the best reply in 0 of 2 decisions.")


def test_partial_ending_and_a_choice_that_loops_back(
    page: Page, site_url: str, errors: list[str]
) -> None:
    scenario(page, site_url, "three-endings")
    choose(page, "Could you say that again?")
    live = page.locator(".rp-live")
    expect(live.locator(".rp-turn")).to_have_count(2)
    page.get_by_role("button", name="Those usually turn up eventually.").last.click()
    choose(page, "Let me check the request status right now.")
    expect(live.locator(".rp-end")).to_contain_text("Outcome: Partly resolved")
    expect(live).to_contain_text("You chose the best reply in 0 of 3 decisions.")


def test_knowledge_check(page: Page, site_url: str, errors: list[str]) -> None:
    scenario(page, site_url)
    choose(page, BEST)  # the knowledge check follows an ending
    single = page.get_by_role(
        "group", name="A request passes the three-question check. Where should your answer start?"
    )
    single.get_by_role("radio", name="From the policy manual", exact=True).check()
    form = page.locator("form.rp-form").nth(1)
    form.get_by_role("button", name="Check answer").click()
    expect(form.locator(".rp-result")).to_have_text("Not quite")
    expect(form).to_contain_text("Policy matters, but lead with what you can do")
    single.get_by_role("radio", name="From yes", exact=True).check()
    form.get_by_role("button", name="Check answer").click()
    expect(form.locator(".rp-result")).to_have_text(
        "Correct. For passing, your first answer counts: it was not right."
    )
    expect(page.locator(".rp-quiz")).to_contain_text(
        "Your first answer counts toward passing; you can try again for practice."
    )

    multiple = page.get_by_role(
        "group", name="Before you say no to a request, which three questions do you ask yourself?"
    )
    for name in ("Is it illegal?", "Is it immoral?", "Is it impossible?"):
        multiple.get_by_role("checkbox", name=name, exact=True).check()
    first = page.locator("form.rp-form").first
    first.get_by_role("button", name="Check answer").click()
    expect(first.locator(".rp-result")).to_have_text("Correct")
    expect(first).to_contain_text("Inconvenience alone is not a reason to say no.")


def test_empty_answer_asks_for_a_choice(page: Page, site_url: str, errors: list[str]) -> None:
    scenario(page, site_url)
    choose(page, BEST)
    form = page.locator("form.rp-form").first
    form.get_by_role("button", name="Check answer").click()
    expect(form.locator(".rp-result")).to_have_text("Choose at least one answer first.")


def test_resume_after_reload(page: Page, site_url: str, errors: list[str], immediate: None) -> None:
    scenario(page, site_url)
    choose(page, POOR)
    page.reload()
    page.wait_for_selector("[data-rp-ready]")
    expect(page.locator(".rp-notice")).to_have_text("Welcome back: you are where you left off.")
    expect(page.get_by_role("button", name=POOR, exact=True)).to_have_attribute(
        "aria-pressed", "true"
    )
    proceed(page)
    page.reload()
    page.wait_for_selector("[data-rp-ready]")
    expect(page.locator(".rp-live .rp-turn")).to_have_count(2)
    expect(page.get_by_role("button", name=BLAME, exact=True)).to_be_enabled()
    choose(page, RECOVER)
    proceed(page)
    page.locator("form.rp-form").nth(1).get_by_role("radio", name="From yes").check()
    page.locator("form.rp-form").nth(1).get_by_role("button", name="Check answer").click()
    page.reload()
    page.wait_for_selector("[data-rp-ready]")
    expect(page.locator(".rp-notice")).to_have_text(
        "Not passed yet. Successful ending: reached. Knowledge check: 1 of 2 first answers "
        "right; 2 needed (pass mark 80%). Not answered yet: 1."
    )
    expect(page.locator(".rp-live .rp-end")).to_contain_text("Outcome: Success")
    expect(page.locator("form.rp-form").nth(1).locator(".rp-result")).to_have_text("Correct")
    expect(
        page.locator("form.rp-form").nth(1).get_by_role("radio", name="From yes")
    ).to_be_checked()


def test_progress_page_statuses_counts_and_reset(
    page: Page, site_url: str, errors: list[str]
) -> None:
    scenario(page, site_url)
    choose(page, BEST)
    page.locator("form.rp-form").nth(1).get_by_role("radio", name="From yes").check()
    page.locator("form.rp-form").nth(1).get_by_role("button", name="Check answer").click()
    scenario(page, site_url, "three-endings")
    choose(page, "Could you say that again?")
    scenario(page, site_url, "minimal")  # viewed only
    open_page(page, f"{site_url}/progress/")
    expect(status_of(page, "reference-book")).to_have_text("Completed")
    expect(status_of(page, "three-endings")).to_have_text("In progress")
    expect(status_of(page, "minimal")).to_have_text("Not started")
    expect(page.locator(".rp-counts")).to_have_text(
        "0 passed, 1 completed, 1 in progress, 7 not started."
    )
    expect(
        page.locator("article").get_by_role("link", name="Yes-first", exact=True)
    ).to_be_visible()
    page.get_by_role("button", name="Reset all progress").click()
    page.get_by_role("button", name="Cancel").click()
    expect(page.locator(".rp-counts")).to_contain_text("1 completed")
    page.get_by_role("button", name="Reset all progress").click()
    page.get_by_role("button", name="Yes, reset my progress").click()
    expect(page.locator(".rp-counts")).to_have_text(
        "Your progress was reset. 0 passed, 0 completed, 0 in progress, 9 not started."
    )
    scenario(page, site_url)
    expect(page.locator(".rp-live .rp-turn")).to_have_count(1)
    expect(page.locator(".rp-notice")).to_have_text("")


def test_instant_navigation_initialises_once_per_page(
    page: Page, site_url: str, errors: list[str], immediate: None
) -> None:
    open_page(page, f"{site_url}/topics/yes-first/")
    page.evaluate("window.__samePage = true")
    page.locator("article").get_by_role("link", name="Can I take this reference book home?").click()
    page.wait_for_selector(".rp[data-rp-ready]")
    assert page.evaluate("window.__samePage === true"), "Material's instant navigation was used"
    expect(page.locator(".rp-live .rp-turn")).to_have_count(1)
    choose(page, BEST)
    expect(page.locator(".rp-live .rp-reply")).to_have_count(1)
    page.locator("article").get_by_role("link", name="Yes-first", exact=True).click()
    page.wait_for_selector(".rp-topic-page[data-rp-ready]")
    expect(page.locator(".rp-status[data-slug='reference-book']")).to_have_text("In progress")
    page.go_back()
    page.wait_for_selector(".rp[data-rp-ready]")
    assert page.evaluate("window.__samePage === true")
    expect(page.locator(".rp-live .rp-turn")).to_have_count(1)
    expect(page.get_by_role("button", name="Continue")).to_have_count(1)
    assert page.locator("[data-rp-ready]").count() == 1


BLOCKED = """
Object.defineProperty(window, 'localStorage', {
  configurable: true, get() { throw new DOMException('blocked', 'SecurityError'); }
});
"""
FULL = """
Storage.prototype.setItem = function () {
  throw new DOMException('full', 'QuotaExceededError');
};
"""


@pytest.mark.parametrize("script", [BLOCKED, FULL], ids=["blocked", "full"])
def test_storage_that_fails_falls_back_to_memory(
    context: BrowserContext, site_url: str, script: str
) -> None:
    context.add_init_script(script)
    page = context.new_page()
    seen: list[str] = []
    # Material's own inline palette code reads localStorage unguarded; only ours counts.
    page.on("pageerror", lambda e: seen.append(str(e)) if "roleplay" in (e.stack or "") else None)
    scenario(page, site_url)
    choose(page, POOR)
    choose(page, RECOVER)
    expect(page.locator(".rp-live .rp-end")).to_contain_text("Outcome: Success")
    answer_all_right(page)
    expect(page.locator(".rp-verdict")).to_have_text(PASSED)
    page.get_by_role("button", name="Try again").click()
    expect(page.locator(".rp-live .rp-turn")).to_have_count(1)
    choose(page, BEST)
    answer_all_right(page)
    page.locator("article").get_by_role("link", name="Yes-first", exact=True).click()
    page.wait_for_selector(".rp-topic-page[data-rp-ready]")
    # Same page session (instant navigation): the memory copy still knows.
    expect(status_of(page, "reference-book")).to_have_text("Passed")
    page.get_by_role("link", name="See your progress on every scenario").click()
    page.wait_for_selector(".rp-progress[data-rp-ready]")
    expect(status_of(page, "reference-book")).to_have_text("Passed")
    rows = {r["slug"]: r for r in download_csv(page)}
    assert rows["reference-book"]["status"] == "Passed"
    assert rows["reference-book"]["score"] == "2/2"
    assert rows["reference-book"]["date_passed"] == local_today(page)
    assert seen == []


CORRUPT = [
    "{not json",
    "null",
    "[]",
    '"text"',
    json.dumps({"v": "VERSION", "path": [["nope", 7]], "at": 5, "wait": False}),
    json.dumps({"v": "VERSION", "path": "x", "at": "request", "wait": "yes", "quiz": []}),
    json.dumps({"v": "VERSION", "path": [], "at": "request", "wait": False, "quiz": {"0": [[9]]}}),
    json.dumps({"v": "VERSION", "path": [["request", 1.5]], "at": "request", "wait": True}),
    json.dumps({"v": "VERSION", "path": [], "at": "request", "wait": False, "done": "]"}),
    json.dumps({"v": "VERSION", "path": [], "at": "request", "wait": False, "done": "__proto__"}),
]


@pytest.mark.parametrize("prefix", ["rp1:", "rp2:"])
@pytest.mark.parametrize("stored", CORRUPT)
def test_corrupt_saved_progress_starts_cleanly(
    page: Page, site_url: str, errors: list[str], stored: str, prefix: str
) -> None:
    scenario(page, site_url)
    version = json.loads(page.locator(".rp script").text_content() or "[{}]")[0]["version"]
    page.evaluate(
        "([k, v]) => localStorage.setItem(k, v)",
        [prefix + "reference-book", stored.replace("VERSION", version)],
    )
    page.reload()
    page.wait_for_selector("[data-rp-ready]")
    expect(page.locator(".rp-live .rp-turn")).to_have_count(1)
    # A value the page cannot use is replaced, so no page counts it.
    open_page(page, f"{site_url}/progress/")
    expect(status_of(page, "reference-book")).to_have_text("Not started")
    scenario(page, site_url)
    page.reload()
    page.wait_for_selector("[data-rp-ready]")
    expect(page.locator(".rp-live .rp-turn")).to_have_count(1)
    choose(page, BEST)
    expect(page.locator(".rp-live .rp-end")).to_contain_text("Outcome: Success")
    open_page(page, f"{site_url}/progress/")
    expect(page.locator(".rp-status[data-slug='reference-book']")).to_contain_text("Completed")


def test_progress_saved_on_another_version_keeps_what_still_fits(
    page: Page, site_url: str, errors: list[str]
) -> None:
    open_page(page, f"{site_url}/progress/")  # not the scenario: a view saves its attempt
    # Saved by an older build: its path still walks today's steps, so it goes on.
    old = {"v": "0000000000000000", "path": [["request", 0]], "at": "frustrated", "wait": False}
    page.evaluate(
        "v => localStorage.setItem('rp1:reference-book', v)", json.dumps({**old, "done": None})
    )
    scenario(page, site_url)
    expect(page.locator(".rp-notice")).to_have_text("Welcome back: you are where you left off.")
    expect(page.locator(".rp-live .rp-turn")).to_have_count(2)
    state = saved(page)
    assert [p[0] for p in state["path"]] == ["request"] and state["v"] != old["v"]
    assert saved(page, prefix="rp1:") is None
    # Its path went through a step that is gone (or changed): the attempt starts again,
    # and the pass it had is kept, as passed on an earlier version.
    gone = {
        **state, "v": "1111111111111111", "path": [["request", 0, "zzzzzz"]],
        "p": [1, "2026-01-02", 2, 2, "1111111111111111"],
    }  # fmt: skip
    page.evaluate("v => localStorage.setItem('rp2:reference-book', v)", json.dumps(gone))
    scenario(page, site_url)
    expect(page.locator(".rp-notice")).to_have_text(
        "This scenario has changed since your last visit, so your unfinished attempt starts "
        "again. Your results and any pass are kept."
    )
    expect(page.locator(".rp-live .rp-turn")).to_have_count(1)
    state = saved(page)
    assert state["path"] == [] and state["p"] == gone["p"] and state["n"] == gone["n"]
    open_page(page, f"{site_url}/progress/")
    expect(status_of(page, "reference-book")).to_have_text("Passed")
    expect(page.locator("[data-slug='reference-book'] + .rp-attempts")).to_have_text(
        " on attempt 1, in an earlier version"
    )


# Assessment: orders that carry no signal, the four statuses, and the learner's record.


def test_orders_are_drawn_per_attempt_and_kept_on_reload(
    browser: Browser, page: Page, site_url: str, errors: list[str]
) -> None:
    # Three replies and four options: eight fresh visitors all seeing one order is
    # a chance of (1/144)^7.
    seen: set[tuple[tuple[str, ...], tuple[str, ...]]] = set()
    for _ in range(8):
        context = browser.new_context()
        visitor = context.new_page()
        scenario(visitor, site_url)
        seen.add((tuple(replies(visitor)), tuple(options(visitor))))
        context.close()
        if len(seen) > 1:
            break
    assert len(seen) > 1, "every visitor saw the same order"
    scenario(page, site_url)
    choose(page, BEST)
    shown = replies(page, 0), options(page, 0), options(page, 1)
    assert sorted(shown[0]) == sorted([POOR, BEST, "No"])
    page.reload()
    page.wait_for_selector("[data-rp-ready]")
    assert (replies(page, 0), options(page, 0), options(page, 1)) == shown
    # Keyboard and screen readers meet the replies in the order shown.
    names = (
        page.locator(".rp-live")
        .get_by_role("button")
        .evaluate_all("els => els.map(e => e.textContent)")
    )
    assert names[:3] == shown[0]
    seed = saved(page)["seed"]
    page.get_by_role("button", name="Try again").click()
    expect(page.locator(".rp-live .rp-turn")).to_have_count(1)
    state = saved(page)
    assert state["seed"] != seed and isinstance(state["seed"], int)
    assert 0 <= state["seed"] < 2**32


def test_a_step_that_must_keep_its_order_keeps_it(
    page: Page, site_url: str, errors: list[str]
) -> None:
    # tests/data/valid/scene.yml: the step "answers" has shuffle: false.
    scenario(page, site_url, "scene")
    seeds = set()
    for _ in range(6):
        choose(page, "Hello! Are these returns?")
        assert replies(page) == ["First, I'll check them in.", "Then you can go."]
        seeds.add(saved(page, "scene")["seed"])
        choose(page, "First, I'll check them in.")
        page.get_by_role("button", name="Try again").click()
    assert len(seeds) == 6


def test_a_question_that_must_keep_its_order_keeps_it(
    browser: Browser, page: Page, site_url: str, errors: list[str]
) -> None:
    url = f"{site_url}/scenarios/reference-book/"
    study = browser.new_context(java_script_enabled=False)
    reader = study.new_page()
    reader.goto(url)
    listed = reader.locator(".rp-question[data-q='0'] .rp-otext").all_text_contents()
    study.close()

    def keep_first_question(route: Route) -> None:
        # As the page of a question with shuffle: false (its data says "fixed").
        response = route.fetch()
        html = response.text()
        start = html.index(">", html.index('<script type="application/json"')) + 1
        end = html.index("</script>", start)
        data = json.loads(html[start:end])
        assert "fixed" not in data[0]["questions"][0]["variants"][0]
        data[0]["questions"][0]["variants"][0]["fixed"] = True
        route.fulfill(response=response, body=html[:start] + json.dumps(data) + html[end:])

    page.route(url, keep_first_question)
    scenario(page, site_url)
    seeds = set()
    for _ in range(6):
        assert options(page, 0) == listed
        seeds.add(saved(page)["seed"] if saved(page) else None)
        choose(page, BEST)
        page.get_by_role("button", name="Try again").click()
    assert len(seeds) == 6


def test_a_failure_ending_is_completed_not_passed(
    page: Page, site_url: str, errors: list[str]
) -> None:
    scenario(page, site_url)
    choose(page, POOR)
    choose(page, BLAME)
    answer_all_right(page)
    verdict = (
        "Not passed yet. Successful ending: not reached. Knowledge check: 2 of 2 first "
        "answers right; 2 needed (pass mark 80%)."
    )
    expect(page.locator(".rp-verdict")).to_have_text(verdict)
    expect(page.locator(".rp-notice")).to_have_text(verdict)
    open_page(page, f"{site_url}/progress/")
    expect(status_of(page, "reference-book")).to_have_text("Completed")
    expect(page.locator(".rp-counts")).to_have_text(
        "0 passed, 1 completed, 0 in progress, 8 not started."
    )


def test_a_success_with_every_first_answer_right_passes(
    page: Page, site_url: str, errors: list[str]
) -> None:
    scenario(page, site_url)
    choose(page, BEST)
    expect(page.locator(".rp-verdict")).to_have_text(UNANSWERED)
    answer_all_right(page)
    # The verdict follows the answers given after the ending.
    expect(page.locator(".rp-verdict")).to_have_text(PASSED)
    expect(page.locator(".rp-notice")).to_have_text(PASSED)
    page.reload()
    page.wait_for_selector("[data-rp-ready]")
    expect(page.locator(".rp-notice")).to_have_text(PASSED)
    open_page(page, f"{site_url}/topics/yes-first/")
    expect(status_of(page, "reference-book")).to_have_text("Passed")
    expect(page.locator(".rp-counts")).to_have_text(
        "1 passed, 0 completed, 0 in progress, 3 not started."
    )
    open_page(page, f"{site_url}/progress/")
    expect(status_of(page, "reference-book")).to_have_text("Passed")


def test_show_the_answer_first_prevents_a_pass(
    page: Page, site_url: str, errors: list[str]
) -> None:
    scenario(page, site_url)
    choose(page, BEST)
    form = page.locator("form.rp-form").first
    form.get_by_role("button", name="Show the answer").click()
    expect(form.locator(".rp-result")).to_have_text(
        "The answer is shown. It counts as a wrong first answer."
    )
    expect(form.locator(".rp-ofb:visible")).to_have_count(4)
    expect(form.locator(".rp-ofb:visible", has_text="Correct answer.")).to_have_count(3)
    answer_all_right(page)
    expect(form.locator(".rp-result")).to_have_text(
        "Correct. For passing, your first answer counts: it was not right."
    )
    expect(page.locator(".rp-verdict")).to_have_text(
        "Not passed yet. Successful ending: reached. Knowledge check: 1 of 2 first answers "
        "right; 2 needed (pass mark 80%)."
    )
    open_page(page, f"{site_url}/progress/")
    expect(status_of(page, "reference-book")).to_have_text("Completed")


def test_practice_after_a_wrong_first_answer_does_not_pass(
    page: Page, site_url: str, errors: list[str]
) -> None:
    scenario(page, site_url)
    choose(page, BEST)
    answer(page, 1, "From the policy manual")
    answer(page, 0, "Is it illegal?", "Is it immoral?", "Is it impossible?")
    answer(page, 1, "From yes")  # again, for practice
    page.reload()
    page.wait_for_selector("[data-rp-ready]")
    expect(page.locator("form.rp-form").nth(1).locator(".rp-result")).to_have_text(
        "Correct. For passing, your first answer counts: it was not right."
    )
    expect(page.locator(".rp-verdict")).to_contain_text("1 of 2 first answers right")
    open_page(page, f"{site_url}/progress/")
    expect(status_of(page, "reference-book")).to_have_text("Completed")


def test_narration_and_a_scenario_without_questions(
    page: Page, site_url: str, errors: list[str]
) -> None:
    # tests/data/valid/scene.yml: narration alone, then narration and speech.
    scenario(page, site_url, "scene")
    first = page.locator(".rp-live .rp-turn").first
    expect(first.locator(".rp-scene")).to_have_text(
        "Rosa drops a pile of books on the desk. Two people queue behind her."
    )
    expect(first.locator(".rp-line")).to_have_count(0)
    expect(first.locator(".rp-scene")).to_have_css("font-style", "italic")
    expect(first).not_to_contain_text("Rosa:")
    choose(page, "Hello! Are these returns?")
    turn = page.locator(".rp-live .rp-turn").last
    expect(turn.locator("p")).to_have_text(
        ["She nods, out of breath.", "Rosa: Yes, and I'm late for work."]
    )
    assert page.evaluate("document.activeElement.classList.contains('rp-scene')")
    choose(page, "Then you can go.")
    expect(page.locator(".rp-verdict")).to_have_text(
        "Passed on attempt 1: you reached a successful ending."
    )
    open_page(page, f"{site_url}/progress/")
    expect(status_of(page, "scene")).to_have_text("Passed")
    scenario(page, site_url, "scene")
    page.get_by_role("button", name="Try again").click()
    choose(page, "Please wait your turn.")
    end = page.locator(".rp-live .rp-end")
    expect(end.locator(".rp-scene")).to_have_text(
        "Rosa leaves the books on the desk and walks out."
    )
    assert page.evaluate("document.activeElement.classList.contains('rp-scene')")
    # A pass stays: a later attempt is practice.
    expect(page.locator(".rp-verdict")).to_have_text(
        "Passed on attempt 1: you reached a successful ending. Later attempts are practice: "
        "they do not change this."
    )
    open_page(page, f"{site_url}/progress/")
    expect(status_of(page, "scene")).to_have_text("Passed")
    expect(page.locator("[data-slug='scene'] + .rp-attempts")).to_have_text(
        " on attempt 1 (2 attempts)"
    )


def local_today(page: Page) -> str:
    """Today's date where the browser is."""
    zone = page.evaluate("Intl.DateTimeFormat().resolvedOptions().timeZone")
    return datetime.now(ZoneInfo(zone)).date().isoformat()


def download(page: Page, kind: str) -> str:
    """Downloads the learner's record from the progress page; its text."""
    with page.expect_download() as info:
        page.get_by_role("button", name=f"Download my record ({kind})").click()
    record = info.value
    assert record.suggested_filename == f"training-record-{local_today(page)}.{kind.lower()}"
    return Path(record.path()).read_text("utf-8")


def download_csv(page: Page) -> list[dict[str, str]]:
    text = download(page, "CSV")
    assert text.startswith("\ufeff")  # Excel reads it as UTF-8
    lines = text[1:].splitlines()
    assert lines[0] == (
        '"slug","title","status","date_passed","attempt_passed","attempts","passed_on",'
        '"score","ending"'
    )
    assert all(line.startswith('"') and line.endswith('"') for line in lines)
    return list(csv.DictReader(io.StringIO(text[1:])))


def test_the_record_downloads_as_csv_and_json(browser: Browser, site_url: str) -> None:
    # A time zone where the date is not UTC's now: dates are the learner's local date.
    utc = datetime.now(UTC).date()
    zone = next(
        z
        for z in ("Pacific/Kiritimati", "Pacific/Pago_Pago")
        if datetime.now(ZoneInfo(z)).date() != utc
    )
    context = browser.new_context(timezone_id=zone)
    page = context.new_page()
    seen: list[str] = []
    page.on("pageerror", lambda e: seen.append(str(e)))
    scenario(page, site_url)
    _walk_passed(page)
    scenario(page, site_url, "minimal")
    choose(page, "Not now.")
    answer(page, 0, "From the rule book")
    scenario(page, site_url, "scene")
    choose(page, "Hello! Are these returns?")
    choose(page, "First, I'll check them in.")
    scenario(page, site_url, "three-endings")
    choose(page, "Could you say that again?")
    open_page(page, f"{site_url}/progress/")
    expect(page.locator(".rp-record")).to_be_visible()
    # Text a spreadsheet would run as a formula, and quotes, in a title.
    page.locator("li:has(> [data-slug='minimal']) > a").evaluate(
        "a => a.textContent = '=HYPERLINK(\"http://x\")'"
    )
    today = local_today(page)
    formula = '=HYPERLINK("http://x")'
    reference = "Can I take this reference book home?"
    expected = {
        "reference-book": [reference, "Passed", today, "1", "1", "this version", "2/2", "success"],
        "minimal": ["'" + formula, "Completed", "", "", "1", "", "0/1", "failure"],
        "scene": ["Narration and speech", "Passed", today, "1", "1", "this version", "", "success"],
        "three-endings": [
            "The missing interlibrary loan", "In progress", "", "", "1", "", "0/2", ""
        ],
    }  # fmt: skip
    for span in page.locator(".rp-status").all():
        slug = span.get_attribute("data-slug") or ""
        if slug not in expected:
            title = page.locator(f"li:has(> [data-slug='{slug}']) > a").text_content() or ""
            # Not started: no attempts and no score (not "0/3").
            expected[slug] = [title.strip(), "Not started", "", "", "", "", "", ""]
    fields = [
        "title", "status", "date_passed", "attempt_passed", "attempts", "passed_on", "score",
        "ending",
    ]  # fmt: skip
    rows = download_csv(page)
    assert {r["slug"]: [r[f] for f in fields] for r in rows} == expected
    assert len(rows) == 9
    record = json.loads(download(page, "JSON"))
    assert datetime.fromisoformat(record["made"])
    assert [list(r) for r in record["scenarios"]] == [["slug", *fields]] * 9
    expected["minimal"][0] = formula  # JSON is not for spreadsheets: the title as it is
    assert {r["slug"]: [r[f] for f in fields] for r in record["scenarios"]} == expected
    context.close()
    assert seen == []


def test_the_study_version_does_not_list_replies_as_written(
    browser: Browser, site_url: str
) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site_url}/scenarios/reference-book/")
    first = page.locator("#step-request .rp-choice summary").first
    # tests/data/valid/reference-book.yml writes the poor reply first.
    expect(first).not_to_have_text(POOR)
    summaries = page.locator("#step-request .rp-choice summary").all_text_contents()
    assert sorted(summaries) == sorted([POOR, BEST, "No"]) and summaries != [POOR, BEST, "No"]
    context.close()


def test_old_saved_progress_still_counts(page: Page, site_url: str, errors: list[str]) -> None:
    open_page(page, f"{site_url}/progress/")
    v = {
        slug: status_of(page, slug).get_attribute("data-v")
        for slug in ("reference-book", "minimal", "three-endings")
    }
    # The format before this one: written positions of replies and options.
    old = {
        "reference-book": {
            "v": v["reference-book"],
            "path": [["request", 1]],
            "at": "relieved",
            "wait": False,
            "done": "success",
            "quiz": {"0": [[0, 1, 2], True], "1": [[0], True]},
        },
        "minimal": {
            "v": v["minimal"],
            "path": [["ask", 1]],
            "at": "gone",
            "wait": False,
            "done": "failure",
            "quiz": {"0": [[0], True]},
        },
        "three-endings": {
            "v": v["three-endings"],
            "path": [["ask", 0]],
            "at": "ask",
            "wait": True,
            "done": None,
            "quiz": {"1": [[0, 1], True]},
        },
        "scene": {
            "v": "0000000000000000",
            "path": [],
            "at": "arrives",
            "wait": False,
            "done": "success",
            "quiz": {},
        },
    }
    for slug, state in old.items():
        page.evaluate("([k, v]) => localStorage.setItem(k, v)", [f"rp1:{slug}", json.dumps(state)])
    page.reload()
    page.wait_for_selector("[data-rp-ready]")
    # Counted on the list pages without visiting the scenarios.
    expect(status_of(page, "reference-book")).to_have_text("Passed")
    expect(status_of(page, "minimal")).to_have_text("Completed")
    expect(status_of(page, "three-endings")).to_have_text("In progress")
    # Passed on another version (its structure has changed since): still passed.
    expect(status_of(page, "scene")).to_have_text("Passed")
    expect(page.locator(".rp-counts")).to_have_text(
        "2 passed, 1 completed, 1 in progress, 5 not started."
    )
    # A mid-way walk resumes where it was: the written first reply is listed second.
    scenario(page, site_url, "three-endings")
    expect(page.locator(".rp-notice")).to_have_text("Welcome back: you are where you left off.")
    picked = "I'll look into it and call you by Thursday. What number is best?"
    expect(page.get_by_role("button", name=picked, exact=True)).to_have_attribute(
        "aria-pressed", "true"
    )
    form = page.locator("form.rp-form").nth(1)
    expect(form.locator(".rp-result")).to_have_text("Correct")
    for name in ("Taking the patron's contact details", "Pursuing the problem"):
        expect(form.get_by_label(name, exact=True)).to_be_checked()
    assert saved(page, "three-endings", "rp1:") is None
    state = saved(page, "three-endings")
    data = json.loads(page.locator(".rp script").text_content() or "[{}]")[0]
    assert data["steps"]["ask"]["replies"][state["path"][0][1]]["written"] == 0
    proceed(page)  # saved while its feedback was shown: Continue, whatever the coaching
    expect(page.locator(".rp-live .rp-end")).to_contain_text("Thank you, Thursday works.")
    # A finished old run shows its verdict; its date passed is not known.
    scenario(page, site_url)
    expect(page.locator(".rp-notice")).to_have_text(PASSED)
    expect(page.locator(".rp-verdict")).to_have_text(PASSED)
    assert saved(page)["p"][:2] == [1, ""]
    # A changed scenario: its pass is kept, and said to be of an earlier version.
    scenario(page, site_url, "scene")
    expect(page.locator(".rp-notice")).to_have_text(
        "Passed on attempt 1: you reached a successful ending. That was in an earlier "
        "version of this scenario."
    )
    # The reset clears old progress too (minimal's was never opened, so never moved).
    open_page(page, f"{site_url}/progress/")
    expect(status_of(page, "minimal")).to_have_text("Completed")
    page.get_by_role("button", name="Reset all progress").click()
    page.get_by_role("button", name="Yes, reset my progress").click()
    page.reload()
    page.wait_for_selector("[data-rp-ready]")
    expect(page.locator(".rp-counts")).to_have_text(
        "0 passed, 0 completed, 0 in progress, 9 not started."
    )


def test_without_javascript_the_page_is_a_study_version(browser: Browser, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site_url}/scenarios/reference-book/")
    study = page.locator(".rp-study")
    expect(study).to_be_visible()
    expect(study.locator("section.rp-step")).to_have_count(4)
    expect(study.locator("details")).to_have_count(5)
    study.locator("summary", has_text=BLAME).click()
    expect(study).to_contain_text("Blaming the rules makes you a gatekeeper")
    expect(study).to_contain_text("Outcome: Not resolved")
    expect(page.locator(".rp-quiz")).to_contain_text("Is it inconvenient for me?")
    expect(page.locator(".rp-quiz")).to_be_visible()  # no ending needed without JavaScript
    page.get_by_text("Show the answer").first.click()
    expect(page.locator(".rp-key").first).to_contain_text("Is it illegal?")
    expect(page.locator(".rp-live")).to_be_hidden()
    context.close()


def test_hostile_text_stays_inert(page: Page, site_url: str, errors: list[str]) -> None:
    scenario(page, site_url, "hostile")
    expect(page.locator(".rp-live")).to_contain_text("<script>alert(1)</script>")
    expect(page.locator("h1")).to_contain_text("\u2039img src=x onerror=alert(1)\u203a")
    page.locator(".rp-opt").first.click()
    page.locator("form.rp-form").first.locator("input").first.check()
    page.locator("form.rp-form").first.get_by_role("button", name="Check answer").click()
    assert page.evaluate("document.querySelectorAll('article img, article svg').length") == 0
    title = page.evaluate("document.title")
    assert "<" not in title and "alert(6)" in title
    open_page(page, f"{site_url}/progress/")
    expect(page.locator(".rp-progress")).to_contain_text("<script>alert(1)</script>")


def _focus_is_visible(page: Page) -> bool:
    return bool(
        page.evaluate(
            """() => {
              const el = document.activeElement;
              const s = getComputedStyle(el);
              return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0)
                || s.boxShadow !== 'none';
            }"""
        )
    )


def _tab_to(page: Page, name: str, limit: int = 60) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        label = page.evaluate("document.activeElement.textContent.trim()")
        if label == name:
            assert _focus_is_visible(page), f"focus on {name!r} is not visible"
            return
    raise AssertionError(f"could not reach {name!r} with Tab")


def test_keyboard_only_end_to_end(page: Page, site_url: str, errors: list[str]) -> None:
    scenario(page, site_url)
    _tab_to(page, POOR)
    page.keyboard.press("Enter")
    # The patron's reaction has the focus: the next replies follow it.
    assert page.evaluate("document.activeElement.classList.contains('rp-line')")
    _tab_to(page, RECOVER)
    page.keyboard.press("Space")
    expect(page.locator(".rp-live .rp-end")).to_contain_text("Outcome: Success")
    assert page.evaluate("document.activeElement.classList.contains('rp-line')")
    page.locator("form.rp-form").nth(1).get_by_role("radio", name="From yes").focus()
    page.keyboard.press("Space")
    _tab_to(page, "Check answer")
    page.keyboard.press("Enter")
    expect(page.locator("form.rp-form").nth(1).locator(".rp-result")).to_have_text("Correct")
    page.get_by_role("button", name="Try again").focus()
    assert _focus_is_visible(page)
    page.keyboard.press("Enter")
    expect(page.locator(".rp-live .rp-turn")).to_have_count(1)


# tests/data/valid/long-words.yml: long addresses, and links in every kind of text.
LONG = "scenarios/long-words/"


LONG_URL = re.compile(r"^https:\/\/catalogue\.")  # Playwright cannot take a bare / here
E_MAIL = re.compile(r"^interlibrary\.loans\.")


def _long_feedback(page: Page) -> None:
    page.get_by_role("button", name=re.compile(r"^It's all on")).click()
    form = page.locator("form.rp-form").first
    form.get_by_role("radio", name=LONG_URL).check()
    form.get_by_role("button", name="Check answer").click()


def _long_ending(page: Page) -> None:
    page.get_by_role("button", name=re.compile(r"^Send it to")).click()
    form = page.locator("form.rp-form").first
    form.get_by_role("radio", name=E_MAIL).check()
    form.get_by_role("button", name="Check answer").click()


def _walk_mid(page: Page) -> None:
    choose(page, POOR)


def _walk_end(page: Page) -> None:
    choose(page, BEST)
    page.locator("form.rp-form").first.get_by_role("button", name="Check answer").click()
    page.locator("form.rp-form").first.get_by_role("button", name="Show the answer").click()
    page.locator("form.rp-form").nth(1).get_by_role("radio", name="From yes").check()
    page.locator("form.rp-form").nth(1).get_by_role("button", name="Check answer").click()
    expect(page.locator(".rp-verdict")).to_contain_text("Not passed yet.")


def _walk_passed(page: Page) -> None:
    choose(page, BEST)
    answer_all_right(page)
    expect(page.locator(".rp-verdict")).to_have_text(PASSED)


def _walk_choices(page: Page) -> None:
    """The ending's list of choices, with the best reply where it was not chosen."""
    choose(page, POOR)
    choose(page, RECOVER)
    expect(page.locator(".rp-end ol > li")).to_have_count(2)


def _progress_with_statuses(page: Page) -> None:
    """Each of the four statuses on the progress page, with its counts and the record."""
    site = page.url.removesuffix("/progress/")
    scenario(page, site)
    _walk_passed(page)
    scenario(page, site, "minimal")
    choose(page, "Not now.")
    scenario(page, site, "three-endings")
    choose(page, "Could you say that again?")
    open_page(page, f"{site}/progress/")
    expect(page.locator(".rp-counts")).to_have_text(
        "1 passed, 1 completed, 1 in progress, 6 not started."
    )
    expect(page.locator(".rp-record")).to_be_visible()


STATES = {
    "home": ("", None),
    "topic": ("topics/yes-first/", None),
    "scenario-fresh": ("scenarios/reference-book/", None),
    "scenario-mid": ("scenarios/reference-book/", _walk_mid),
    "scenario-ending": ("scenarios/reference-book/", _walk_end),
    "scenario-passed": ("scenarios/reference-book/", _walk_passed),
    "scenario-choices": ("scenarios/reference-book/", _walk_choices),
    "progress": ("progress/", None),
    "progress-statuses": ("progress/", _progress_with_statuses),
    "study-version": ("scenarios/three-endings/", None),
    # Links in the copied text; the footer names a page whose title has an apostrophe.
    "scenario-links": (LONG, _long_ending),
    "topic-next-apostrophe": ("topics/policy-and-technology/", None),
}


@pytest.mark.parametrize("width", [1280, 320])
@pytest.mark.parametrize("scheme", ["default", "slate"])
@pytest.mark.parametrize("state", list(STATES))
def test_axe_finds_no_wcag_violations(
    page: Page, site_url: str, state: str, scheme: str, width: int
) -> None:
    path, action = STATES[state]
    page.set_viewport_size({"width": width, "height": 720})
    page.emulate_media(color_scheme="dark" if scheme == "slate" else "light")
    page.goto(f"{site_url}/{path}")
    page.wait_for_load_state("networkidle")
    if path:
        page.wait_for_selector("[data-rp-ready]")
    if action:
        action(page)
    if state == "study-version":
        page.evaluate(
            "document.querySelector('.rp-study').hidden = false;"
            "document.querySelectorAll('.rp-study details').forEach(d => d.open = true)"
        )
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == scheme
    violations = axe_violations(page)
    assert violations == [], json.dumps(violations, indent=1)


def test_choice_buttons_are_named_exactly_by_their_text(
    page: Page, site_url: str, errors: list[str]
) -> None:
    scenario(page, site_url)
    names = page.locator(".rp-live .rp-opt").evaluate_all("els => els.map(e => e.textContent)")
    assert sorted(names) == sorted([POOR, BEST, "No"])
    for name in names:
        expect(
            page.get_by_role("button", name=re.compile("^" + re.escape(name) + "$"))
        ).to_have_count(1)


def test_no_request_leaves_the_site(page: Page, site_url: str, errors: list[str]) -> None:
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.context.on("request", lambda r: requested.append(r.url))
    open_page(page, f"{site_url}/topics/yes-first/")
    scenario(page, site_url)
    page.keyboard.press("/")  # Material's search: loads its worker and the index
    page.keyboard.type("gatekeeper", delay=20)
    expect(page.locator(".md-search-result__list")).to_contain_text("reference book")
    page.wait_for_load_state("networkidle")
    outside = [u for u in requested if not u.startswith((site_url, "data:", "blob:"))]
    assert requested and outside == []


# Links in the text the runtime copies stay links, except inside the choice buttons.

# The replies on a shortest way to a step, found in the page's own data, each named by
# its text in the study version (the interactive version shows them in another order).
WALK_JS = """target => {
  const d = JSON.parse(document.querySelector('.rp script').textContent)[0];
  const came = {[d.start]: null}, queue = [d.start];
  while (queue.length) {
    const id = queue.shift();
    (d.steps[id].replies || []).forEach(({next}, i) => {
      if (!(next in came)) { came[next] = [id, i]; queue.push(next); }
    });
  }
  const picks = [];
  for (let at = target; came[at]; at = came[at][0]) {
    const [id, k] = came[at];
    const summary = document.querySelectorAll(`#step-${id} .rp-choice summary`)[k];
    picks.unshift(summary.textContent.replace(/\\s+/g, ' ').trim());
  }
  return picks;
}"""


def walk_to(page: Page, step: str) -> None:
    """Reply, on a shortest way found in the page's own data, until ``step`` is shown."""
    for name in page.evaluate(WALK_JS, step):
        turn = page.locator(".rp-live .rp-turn").last
        turn.get_by_role("button", name=name, exact=True).click()


def test_links_in_copied_text_stay_links(page: Page, site_url: str, errors: list[str]) -> None:
    scenario(page, site_url, "long-words")
    live = page.locator(".rp-live")
    expect(
        live.locator(".rp-line").get_by_role("link", name="yes-first in practice")
    ).to_have_attribute("href", re.compile(r"/yes-first/$"))
    # A link cannot sit in a button: there it is plain text.
    expect(live.locator(".rp-opt")).to_have_count(2)
    expect(live.locator(".rp-opt a")).to_have_count(0)
    expect(
        live.get_by_role("button", name=re.compile(r"^It's all on https:\/\/catalogue\."))
    ).to_have_count(1)
    live.get_by_role("button", name=re.compile(r"^Send it to")).click()
    reply = live.locator(".rp-reply").get_by_role("link", name="the follow-up idea")
    expect(reply).to_have_attribute("href", re.compile(r"/follow-up/$"))
    debrief = live.locator(".rp-debrief")
    expect(debrief.get_by_role("link", name="yes-first in practice")).to_have_attribute(
        "href", re.compile(r"/yes-first/$")
    )
    expect(debrief.get_by_role("link", name=LONG_URL)).to_have_count(1)
    form = page.locator("form.rp-form").first
    # A link in an option's text stays one inside its label (clicking it follows it).
    expect(form.locator("label").get_by_role("link", name="The form's own page")).to_have_count(1)
    expect(form.get_by_role("radio", name="The form's own page")).to_have_count(1)
    form.get_by_role("radio", name=E_MAIL).check()
    form.get_by_role("button", name="Check answer").click()
    expect(form.locator(".rp-ofb").get_by_role("link", name="the follow-up idea")).to_be_visible()
    live.locator(".rp-reply").get_by_role("link", name="the follow-up idea").click()
    expect(page).to_have_url(f"{site_url}/follow-up/")
    expect(page.locator("article .rp")).to_have_count(0)


def test_shipped_debrief_link_works_with_javascript(
    page: Page, site_url: str, errors: list[str]
) -> None:
    scenario(page, site_url, "ebook-on-a-new-tablet")
    ending = page.locator(".rp-study .rp-step:has(.rp-debrief a)").first.get_attribute("data-step")
    assert ending, "the shipped scenario's debrief no longer has a link"
    walk_to(page, ending)
    link = page.locator(".rp-live .rp-end .rp-debrief").get_by_role("link").first
    expect(link).to_have_attribute("href", re.compile(r"\S"))
    target = link.evaluate("a => a.href")
    assert target.startswith(site_url)
    link.click()
    expect(page).to_have_url(target)
    expect(page.locator("article .rp")).to_have_count(0)


# Two tabs on one scenario: saved progress never goes backwards unless the learner asks
# ("Try again" and the progress page's reset are the learner asking).


def _tab(context: BrowserContext, seen: list[str]) -> Page:
    page = context.new_page()
    page.on("pageerror", lambda e: seen.append(f"error: {e}"))
    return page


def test_other_open_tabs_follow_and_keep_a_finished_run(
    context: BrowserContext, site_url: str
) -> None:
    seen: list[str] = []
    older, newer, overview = _tab(context, seen), _tab(context, seen), _tab(context, seen)
    scenario(older, site_url)
    open_page(overview, f"{site_url}/progress/")
    status = status_of(overview, "reference-book")
    scenario(newer, site_url)
    _walk_passed(newer)
    # The tabs opened before show the finished run without a reload, in its order.
    expect(status).to_have_text("Passed")
    expect(overview.locator(".rp-counts")).to_contain_text("1 passed")
    expect(older.locator(".rp-live .rp-end")).to_contain_text("Outcome: Success")
    expect(older.locator(".rp-verdict")).to_have_text(PASSED)
    expect(older.locator(".rp-notice")).to_have_text(PASSED)
    assert replies(older, 0) == replies(newer, 0)
    assert options(older, 0) == options(newer, 0)
    second = older.locator("form.rp-form").nth(1)
    expect(second.locator(".rp-result")).to_have_text("Correct")
    expect(second.get_by_role("radio", name="From yes", exact=True)).to_be_checked()
    # "Try again" in one tab is a new attempt in all of them.
    older.get_by_role("button", name="Try again").click()
    expect(newer.locator(".rp-live .rp-turn")).to_have_count(1)
    expect(newer.locator(".rp-notice")).to_have_text("")
    expect(newer.locator("form.rp-form").nth(1).locator(".rp-result")).to_have_text("")
    expect(status).to_have_text("Passed")  # the pass of attempt 1 stays
    expect(overview.locator("[data-slug='reference-book'] + .rp-attempts")).to_have_text(
        " on attempt 1 (2 attempts)"
    )
    choose(older, POOR)
    expect(newer.get_by_role("button", name=POOR, exact=True)).to_have_attribute(
        "aria-pressed", "true"
    )
    assert replies(older, 0) == replies(newer, 0)
    # Resetting on the progress page: the open scenario starts over.
    overview.get_by_role("button", name="Reset all progress").click()
    overview.get_by_role("button", name="Yes, reset my progress").click()
    expect(older.locator(".rp-live .rp-turn")).to_have_count(1)
    expect(older.get_by_role("button", name=POOR, exact=True)).to_be_enabled()
    expect(older.locator(".rp-notice")).to_have_text("")
    expect(older.locator("form.rp-form").nth(1).locator(".rp-result")).to_have_text("")
    choose(older, POOR)
    open_page(overview, f"{site_url}/progress/")
    expect(status).to_have_text("In progress")
    assert seen == []


def _stale(page: Page, state: dict[str, Any]) -> None:
    """Saves ``state`` from the page itself, which so gets no storage event: it is stale,
    as a tab that missed the event would be."""
    page.evaluate("v => localStorage.setItem('rp2:reference-book', v)", json.dumps(state))


def test_a_reply_in_a_stale_tab_keeps_saved_progress(
    browser: Browser, page: Page, site_url: str, errors: list[str]
) -> None:
    elsewhere = browser.new_context()
    finisher = elsewhere.new_page()
    scenario(finisher, site_url)
    _walk_passed(finisher)
    finished = saved(finisher)
    elsewhere.close()
    assert finished["done"] == "success" and finished["p"][1]
    scenario(page, site_url)
    _stale(page, finished)
    choose(page, POOR)
    state = saved(page)
    assert [p[0] for p in state["path"]] == ["request"] and state["wait"] is False
    assert state["done"] == "success" and state["p"] == finished["p"]
    assert {k: v[1] for k, v in state["quiz"].items()} == {"0": True, "1": True}
    # The stale tab's own answer is practice: the first answer, right, still counts.
    form = page.locator("form.rp-form").nth(1)
    form.get_by_role("radio", name="From the policy manual", exact=True).check()
    form.get_by_role("button", name="Check answer").click()
    expect(form.locator(".rp-result")).to_have_text(
        "Not quite. For passing, your first answer counts: it was right."
    )
    open_page(page, f"{site_url}/progress/")
    expect(status_of(page, "reference-book")).to_have_text("Passed")


def test_a_stale_tab_does_not_undo_try_again_elsewhere(
    page: Page, site_url: str, errors: list[str]
) -> None:
    scenario(page, site_url)
    _walk_passed(page)
    finished = saved(page)
    # Another tab chose "Try again": attempt 2, with its own order, nothing done yet.
    again = {**finished, "n": 2, "seed": finished["seed"] ^ 1, "path": [], "at": "request"}
    _stale(page, {**again, "wait": False, "done": None, "quiz": {}})
    # This tab still shows attempt 1 passed; an answer here belongs to attempt 2.
    expect(page.locator(".rp-verdict")).to_have_text(PASSED)
    answer(page, 1, "From the policy manual")
    state = saved(page)
    assert (state["n"], state["seed"], state["done"], state["path"]) == (2, again["seed"], None, [])
    assert {k: v[1] for k, v in state["quiz"].items()} == {"1": False}
    expect(page.locator(".rp-live .rp-turn")).to_have_count(1)
    expect(page.locator(".rp-live .rp-end")).to_have_count(0)
    open_page(page, f"{site_url}/progress/")
    expect(status_of(page, "reference-book")).to_have_text("Passed")  # on attempt 1


# WCAG 1.4.10 Reflow: 320 CSS pixels wide, as a 1280 pixel window zoomed to 400 %.

NARROW = {"320px": ((320, 640), 1), "1280px-at-400%": ((320, 256), 4)}

REFLOW = {
    "home": ("", None),
    "topic": ("topics/policy-and-technology/", None),
    "progress": ("progress/", None),
    "scenario-fresh": (LONG, None),
    "scenario-feedback": (LONG, _long_feedback),
    "scenario-ending": (LONG, _long_ending),
    "study-version": (LONG, None),
}
SIDEWAYS_JS = """() => ({
  scroll: [document.documentElement.scrollWidth, window.innerWidth],
  // Content wider than its own box is cut off or spills (scroll containers aside).
  spill: [...document.querySelectorAll('.md-content *')]
    .filter(e => e.clientWidth > 1 && e.scrollWidth > e.clientWidth + 1
      && !['auto', 'scroll'].includes(getComputedStyle(e).overflowX))
    .map(e => `${e.tagName}.${e.className}: ${e.textContent.trim().slice(0, 50)}`),
})"""


@pytest.mark.parametrize("size", list(NARROW))
@pytest.mark.parametrize("state", list(REFLOW))
def test_narrow_screens_never_scroll_sideways(
    browser: Browser, site_url: str, state: str, size: str
) -> None:
    (width, height), scale = NARROW[size]
    study = state == "study-version"
    context = browser.new_context(
        viewport={"width": width, "height": height},
        device_scale_factor=scale,
        java_script_enabled=not study,
    )
    page = context.new_page()
    seen: list[str] = []
    page.on("pageerror", lambda e: seen.append(str(e)))
    path, action = REFLOW[state]
    page.goto(f"{site_url}/{path}")
    if study:
        page.evaluate("document.querySelectorAll('.rp details').forEach(d => d.open = true)")
    else:
        page.wait_for_selector("[data-rp-ready]" if path else "body")
    if action:
        action(page)
    found = page.evaluate(SIDEWAYS_JS)
    context.close()
    assert found["scroll"][0] <= found["scroll"][1], found
    assert found["spill"] == [], found
    assert seen == []


# The runtime's events (RoleplayEvent in assets/roleplay.js): "roleplay:<type>" on window.

EVENT_TYPES = ["attempt", "reply", "step", "ending", "answer"]
# Each event's detail, with the State saved under roleplay.key(slug) when it came.
LISTEN_JS = """types => {
  window.__events = [];
  for (const type of types) {
    addEventListener('roleplay:' + type, e => {
      const key = window.roleplay.key(e.detail.scenario);
      window.__events.push({...e.detail, saved: JSON.parse(localStorage.getItem(key))});
    });
  }
}"""


def listed_reply(page: Page, step: str, text: str) -> int:
    """A reply's listed index: its place in the study version."""
    summaries = page.locator(f"#step-{step} .rp-choice summary").all_text_contents()
    return [" ".join(s.split()) for s in summaries].index(text)


def listed_option(page: Page, question: int, name: str) -> int:
    """An option's listed index, from its input's id (…-o<index>)."""
    form = page.locator("form.rp-form").nth(question)
    return int((form.get_by_label(name, exact=True).get_attribute("id") or "").rsplit("-o", 1)[1])


def test_events_tell_each_step_once_it_is_saved(
    page: Page, site_url: str, errors: list[str]
) -> None:
    scenario(page, site_url)
    page.evaluate(LISTEN_JS, EVENT_TYPES)
    started = page.evaluate("Date.now()")
    _walk_passed(page)
    answer(page, 1, "From the policy manual")  # practice: not the first answer
    form = page.locator("form.rp-form").nth(1)
    form.get_by_role("button", name="Show the answer").click()  # changes nothing now
    page.get_by_role("button", name="Try again").click()
    choose(page, POOR)
    expect(page.locator(".rp-live .rp-turn")).to_have_count(2)
    events = page.evaluate("window.__events")
    finished = page.evaluate("Date.now()")
    times = [e.pop("time") for e in events]
    assert all(isinstance(t, int) for t in times) and started <= times[0]
    assert times == sorted(times) and times[-1] <= finished
    saved_states = [e.pop("saved") for e in events]
    three = sorted(
        listed_option(page, 0, n) for n in ("Is it illegal?", "Is it immoral?", "Is it impossible?")
    )
    common = {"scenario": "reference-book", "attempt": 1}
    assert events == [
        # Saved with the ending it leads to: the status after both.
        {**common, "type": "reply", "step": "request", "status": "completed", "right": 0,
         "reply": None, "index": listed_reply(page, "request", BEST), "quality": "best"},
        {**common, "type": "ending", "step": "relieved", "status": "completed", "right": 0,
         "outcome": "success"},
        {**common, "type": "answer", "step": "relieved", "status": "completed", "right": 1,
         "question": 0, "variant": 0, "chosen": three, "first": True, "correct": True},
        {**common, "type": "answer", "step": "relieved", "status": "passed", "right": 2,
         "question": 1, "variant": 0, "chosen": [listed_option(page, 1, "From yes")], "first": True,
         "correct": True},
        {**common, "type": "answer", "step": "relieved", "status": "passed", "right": 2,
         "question": 1, "variant": 0, "chosen": [listed_option(page, 1, "From the policy manual")],
         "first": False, "correct": False},
        # The pass of attempt 1 stays through the next attempt.
        {**common, "type": "attempt", "attempt": 2, "step": "request", "status": "passed",
         "right": 0},
        {**common, "type": "reply", "attempt": 2, "step": "request", "status": "passed",
         "right": 0, "reply": None, "index": listed_reply(page, "request", POOR),
         "quality": "poor"},
        {**common, "type": "step", "attempt": 2, "step": "frustrated", "status": "passed",
         "right": 0},
    ]  # fmt: skip
    # Each is told once the state it tells of is saved.
    sig = json.loads(page.locator(".rp script").text_content() or "[{}]")[0]["steps"]["request"]
    assert saved_states[0]["path"] == [["request", events[0]["index"], sig["sig"]]]
    assert saved_states[1]["done"] == "success"
    assert list(saved_states[3]["quiz"]) == ["0", "1"] and saved_states[3]["p"][0] == 1
    assert (saved_states[5]["n"], saved_states[5]["path"]) == (2, [])
    assert saved_states[7]["at"] == "frustrated"


def test_events_reach_listeners_added_before_the_runtime_and_one_that_throws_breaks_nothing(
    context: BrowserContext, site_url: str
) -> None:
    # As lms.js does: listening before roleplay.js has run.
    context.add_init_script(
        "addEventListener('roleplay:reply', () => { throw new Error('a broken listener'); });"
        f"({LISTEN_JS})({json.dumps(EVENT_TYPES)});"
    )
    page = context.new_page()
    seen: list[str] = []
    page.on("pageerror", lambda e: seen.append(str(e)))
    scenario(page, site_url)
    choose(page, BEST)
    expect(page.locator(".rp-announce")).to_contain_text("Oh, that would be perfect.")
    expect(page.locator(".rp-live .rp-end")).to_contain_text("Outcome: Success")
    assert [e["type"] for e in page.evaluate("window.__events")] == ["reply", "ending"]
    assert saved(page)["done"] == "success"
    assert len(seen) == 1 and "a broken listener" in seen[0]


# Statuses as data: data-status (and data-date, data-score, data-ending) on list pages.


def _statuses(page: Page) -> dict[str, dict[str, str]]:
    found: dict[str, dict[str, str]] = page.locator(".rp-status").evaluate_all(
        "els => Object.fromEntries(els.map(e => [e.dataset.slug, {...e.dataset}]))"
    )
    for data in found.values():
        for key in ("slug", "v", "n", "pm", "ma"):
            data.pop(key)
    return found


def test_list_pages_put_each_status_in_data_status(
    page: Page, site_url: str, errors: list[str]
) -> None:
    open_page(page, f"{site_url}/progress/")
    _progress_with_statuses(page)
    today = local_today(page)
    found = _statuses(page)
    none = {"attempt": "", "earlier": ""}
    assert found["reference-book"] == {
        "status": "passed", "date": today, "attempt": "1", "attempts": "1", "earlier": "",
        "score": "2/2", "ending": "success"
    }  # fmt: skip
    assert found["minimal"] == {
        "status": "completed", "date": "", "attempts": "1", **none, "score": "0/1",
        "ending": "failure",
    }  # fmt: skip
    assert found["three-endings"] == {
        "status": "in-progress", "date": "", "attempts": "1", **none, "score": "0/2",
        "ending": "",
    }  # fmt: skip
    # Not started: no attempts and no score (was "0/N").
    assert found["scene"] == {
        "status": "not-started", "date": "", "attempts": "", **none, "score": "", "ending": ""
    }  # fmt: skip
    open_page(page, f"{site_url}/topics/yes-first/")
    assert {slug: d["status"] for slug, d in _statuses(page).items()} == {
        "reference-book": "passed", "minimal": "completed", "hostile": "not-started",
        "bank": "not-started",
    }  # fmt: skip


def test_the_certificate_reads_data_status_not_the_words(
    page: Page, site_url: str, errors: list[str]
) -> None:
    def translated(route: Route) -> None:
        # The list pages' script with its status words in another language.
        response = route.fetch()
        script = response.text()
        assert script.count('"Passed"') == 1 and script.count('"Completed"') == 1
        script = script.replace('"Passed"', '"Bestanden"').replace('"Completed"', '"Passed"')
        route.fulfill(response=response, body=script)

    page.route("**/assets/roleplay/kit.js", translated)  # the list pages' script
    scenario(page, site_url)
    _walk_passed(page)
    scenario(page, site_url, "minimal")
    choose(page, "Not now.")
    page.goto(f"{site_url}/certificate/")
    page.wait_for_selector(".rp-cert-page[data-kit-ready]")
    expect(status_of(page, "reference-book")).to_have_text("Bestanden")
    expect(status_of(page, "minimal")).to_have_text("Passed")
    expect(page.locator(".rp-cert-list li")).to_have_text(
        [f"Can I take this reference book home?, passed on {local_today(page)} at attempt 1"]
    )


# kit.js: not a global asset. roleplay.js loads it, once, on the pages that need it.

KIT_TAG = re.compile(r'<script src="[^"]*/kit\.js"></script>')
RUNTIME_TAG = re.compile(r'(<script src="([^"]*/)roleplay\.js"></script>)')


def _pages_with_kit(static: bool) -> Any:
    """A route handler for the site's pages: without a kit.js tag of their own (the site
    as it is once kit.js is no global asset), or with one after roleplay.js's."""

    def handle(route: Route) -> None:
        response = route.fetch()
        html = KIT_TAG.sub("", response.text())
        if static:
            html = RUNTIME_TAG.sub(r'\1<script src="\2kit.js"></script>', html, count=1)
        route.fulfill(response=response, body=html)

    return handle


def _kit_loads(page: Page) -> list[str]:
    loads: list[str] = []
    page.on("request", lambda r: loads.append(r.url) if r.url.endswith("/kit.js") else None)
    return loads


def _follow(page: Page, url: str) -> None:
    """Follows a link to ``url`` from the article, as Material's instant navigation does."""
    page.evaluate(
        """href => { const a = document.createElement('a');
                     a.href = href; a.id = 'rp-test-link'; a.textContent = 'Next page';
                     document.querySelector('article').append(a); }""",
        url,
    )
    page.locator("#rp-test-link").click()


def test_kit_js_loads_once_where_a_page_needs_it_also_after_instant_navigation(
    page: Page, site_url: str, errors: list[str]
) -> None:
    page.route(lambda url: url.endswith("/"), _pages_with_kit(static=False))
    loads = _kit_loads(page)
    kit = f"{site_url}/assets/roleplay/kit.js"
    scenario(page, site_url)
    choose(page, BEST)
    page.wait_for_load_state("networkidle")
    assert loads == [] and page.evaluate("window.rpKit") is None  # never on a scenario page
    open_page(page, f"{site_url}/topics/yes-first/")  # the statuses are the kit's
    expect(status_of(page, "reference-book")).to_have_text("Completed")
    assert loads == [kit]
    scenario(page, site_url)
    page.evaluate("window.__samePage = true")
    _follow(page, f"{site_url}/plan-a-session/")
    page.wait_for_selector(".rp-plan[data-kit-ready]")
    rows = page.locator(".rp-plan-list li")
    expect(rows.locator("input[type=checkbox]")).to_have_count(rows.count())
    rows.first.get_by_role("checkbox").check()
    expect(page.locator(".rp-plan-order li")).to_have_count(1)
    _follow(page, f"{site_url}/progress/")
    page.wait_for_selector(".rp-progress[data-kit-ready]")
    expect(page.locator(".rp-record")).to_be_visible()
    expect(page.get_by_role("button", name="Reset all progress")).to_be_visible()
    _follow(page, f"{site_url}/certificate/")
    page.wait_for_selector(".rp-cert-page[data-kit-ready]")
    expect(page.locator(".rp-cert-none")).to_be_visible()  # completed, not passed
    assert page.evaluate("window.__samePage === true"), "Material's instant navigation was used"
    assert loads == [kit, kit]  # once for the topic page, once for this page session


def test_kit_js_that_a_page_loads_itself_is_not_loaded_again(
    page: Page, site_url: str, errors: list[str]
) -> None:
    page.route(lambda url: url.endswith("/"), _pages_with_kit(static=True))
    loads = _kit_loads(page)
    page.goto(f"{site_url}/plan-a-session/")
    page.wait_for_selector(".rp-plan[data-kit-ready]")
    page.wait_for_load_state("networkidle")
    rows = page.locator(".rp-plan-list li")
    expect(rows.locator("input[type=checkbox]")).to_have_count(rows.count())
    _follow(page, f"{site_url}/certificate/")
    page.wait_for_selector(".rp-cert-page[data-kit-ready]")
    assert loads == [f"{site_url}/assets/roleplay/kit.js"]


# Coaching: "debrief" (the default) shows consequences first and every choice's quality
# and feedback at the ending; "immediate" shows them at each reply.

QUALITY_WORDS = re.compile(r"Best choice|Good choice|Poor choice")
FRUSTRATED = "Dana: Seriously? Then what am I supposed to do tonight?"


@pytest.fixture
def immediate(page: Page) -> None:
    """Scenario pages whose data says coaching "immediate", as a site's or a scenario's
    ``coaching: immediate`` has it written (tests/test_render.py checks that part)."""

    def handle(route: Route) -> None:
        response = route.fetch()
        html = response.text().replace('"coaching":"debrief"', '"coaching":"immediate"')
        route.fulfill(response=response, body=html)

    page.route(re.compile(r"/scenarios/[^/]+/$"), handle)


def test_a_reply_shows_the_patrons_reaction_and_no_verdict_on_it(
    page: Page, site_url: str, errors: list[str]
) -> None:
    scenario(page, site_url)
    live = page.locator(".rp-live")
    choose(page, POOR)
    turns = live.locator(".rp-turn")
    expect(turns).to_have_count(2)
    expect(turns.last.locator(".rp-line")).to_have_text(FRUSTRATED)
    expect(page.get_by_role("button", name=POOR, exact=True)).to_have_attribute(
        "aria-pressed", "true"
    )
    expect(live.get_by_role("button", name="Continue")).to_have_count(0)
    expect(live.locator(".rp-reply")).to_have_count(0)
    expect(live).not_to_contain_text(QUALITY_WORDS)
    expect(live).not_to_contain_text("a bare no leaves Dana with nothing")
    # The reaction is focused and read out.
    assert page.evaluate("document.activeElement.classList.contains('rp-line')")
    expect(page.locator(".rp-announce")).to_have_text(FRUSTRATED)
    assert saved(page)["wait"] is False and saved(page)["at"] == "frustrated"
    page.reload()
    page.wait_for_selector("[data-rp-ready]")
    expect(live).not_to_contain_text(QUALITY_WORDS)
    expect(live.locator(".rp-turn")).to_have_count(2)


def test_the_ending_lists_every_choice_with_the_best_reply_where_it_was_not_chosen(
    page: Page, site_url: str, errors: list[str]
) -> None:
    scenario(page, site_url)
    choose(page, POOR)
    choose(page, RECOVER)
    end = page.locator(".rp-live .rp-end")
    expect(end.locator("h3")).to_have_text("Your choices")
    items = end.locator("ol > li")
    expect(items).to_have_count(2)
    first, second = items.nth(0), items.nth(1)
    expect(first.locator("p")).to_have_text(
        [
            f"You said: {POOR}",
            "Poor choice",
            re.compile(r"^The rule is real, but a bare no leaves Dana with nothing\."),
            f"The best reply: {BEST}",
            "Best choice",
            "You named the rule once and went straight to a real alternative.",
        ]
    )
    # The best reply at the second step was not chosen either: RECOVER is "good".
    expect(second.locator("p")).to_have_count(3)
    expect(second).to_contain_text(f"You said: {RECOVER}")
    expect(second).to_contain_text("Good choice")
    expect(second).not_to_contain_text("The best reply")  # no best reply at that step
    # Then the ending's own debrief, the count and the verdict.
    texts = end.locator(":scope > *").evaluate_all("els => els.map(e => e.textContent)")
    assert texts.index("Your choices") < texts.index("Outcome: Success")
    expect(end).to_contain_text("You chose the best reply in 0 of 2 decisions.")
    expect(end.locator(".rp-verdict")).to_have_text(UNANSWERED)
    # A best reply is listed alone.
    page.get_by_role("button", name="Try again").click()
    choose(page, BEST)
    expect(page.locator(".rp-live .rp-end ol > li")).to_have_count(1)
    expect(page.locator(".rp-live .rp-end ol > li p")).to_have_count(3)
    expect(page.locator(".rp-live .rp-end")).not_to_contain_text("The best reply")


def test_immediate_coaching_shows_quality_and_feedback_at_each_reply(
    page: Page, site_url: str, errors: list[str], immediate: None
) -> None:
    scenario(page, site_url)
    live = page.locator(".rp-live")
    choose(page, POOR)
    expect(live.locator(".rp-reply")).to_contain_text("Poor choice")
    expect(live.locator(".rp-reply")).to_contain_text("a bare no leaves Dana with nothing")
    expect(live.locator(".rp-turn")).to_have_count(1)
    assert page.evaluate("document.activeElement.getAttribute('aria-pressed')") == "true"
    proceed(page)
    expect(live.locator(".rp-turn").last.locator(".rp-line")).to_have_text(FRUSTRATED)
    choose(page, RECOVER)
    expect(live.locator(".rp-reply").last).to_contain_text("Good choice")
    proceed(page)
    expect(live.locator(".rp-end")).to_contain_text("Outcome: Success")


def test_announcements_keep_sentences_apart(
    page: Page, site_url: str, errors: list[str], immediate: None
) -> None:
    scenario(page, site_url)
    choose(page, POOR)
    proceed(page)
    choose(page, RECOVER)
    expect(page.locator(".rp-announce")).to_have_text(
        "Good choice. A good recovery. You acknowledged the stress and offered two options."
    )


def test_a_reaction_with_narration_is_read_out_as_sentences(
    page: Page, site_url: str, errors: list[str]
) -> None:
    scenario(page, site_url, "scene")
    choose(page, "Hello! Are these returns?")
    expect(page.locator(".rp-announce")).to_have_text(
        "She nods, out of breath. Rosa: Yes, and I'm late for work."
    )


def test_the_knowledge_check_follows_the_ending(
    page: Page, site_url: str, errors: list[str]
) -> None:
    scenario(page, site_url)
    check = page.locator(".rp-check")
    expect(check).to_be_hidden()
    expect(page.locator("#knowledge-check")).to_be_hidden()
    choose(page, POOR)
    expect(check).to_be_hidden()
    page.reload()
    page.wait_for_selector("[data-rp-ready]")
    expect(check).to_be_hidden()
    choose(page, BLAME)
    expect(check).to_be_visible()
    expect(page.locator("#knowledge-check")).to_be_visible()
    page.reload()
    page.wait_for_selector("[data-rp-ready]")
    expect(check).to_be_visible()
    page.get_by_role("button", name="Try again").click()
    expect(check).to_be_hidden()


def test_the_order_is_kept_on_reload_before_the_first_choice(
    page: Page, site_url: str, errors: list[str]
) -> None:
    scenario(page, site_url)
    shown = replies(page), options(page, 0), options(page, 1)
    seed = saved(page)["seed"]
    for _ in range(3):
        page.reload()
        page.wait_for_selector("[data-rp-ready]")
        assert (replies(page), options(page, 0), options(page, 1)) == shown
    assert saved(page)["seed"] == seed
    # Merely viewed, it is still not started.
    open_page(page, f"{site_url}/progress/")
    expect(status_of(page, "reference-book")).to_have_attribute("data-status", "not-started")
    expect(page.locator(".rp-notice")).to_have_count(0)


def test_on_a_phone_the_first_reply_is_one_tap_away(browser: Browser, site_url: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True)
    page = context.new_page()
    scenario(page, site_url)
    skip = page.get_by_role("link", name="Skip to the role-play")
    box = skip.bounding_box()
    assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= 844, box
    skip.tap()
    first = page.locator(".rp-live .rp-opt").first
    page.wait_for_function(
        "() => { const r = document.querySelector('.rp-live .rp-opt').getBoundingClientRect();"
        " return r.top >= 0 && r.bottom <= innerHeight; }",
        timeout=3000,
    )
    box = first.bounding_box()
    assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= 844, box
    context.close()
