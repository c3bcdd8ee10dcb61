"""Play a package in Moodle's player as a learner would, and print what Moodle recorded.

The check behind the LMS issue: Enter, then moving between scenarios with the player's
table of contents. As the learner, it

1. passes the first scenario (its best replies, then every question right),
2. opens the second one from the table of contents and makes two decisions,
3. leaves with "Exit activity", then launches again and opens both scenarios: the first
   must show its result, the second its place;

and prints each step's notices as the learner saw them, then `report.py` for the
activity. With `--upload`, the admin first uploads the zip through the web form (see
upload_and_play.py); otherwise `--cmid` names an activity already in the course.

    .venv/bin/python tools/moodle/play_course.py --upload dist/x-scorm2004.zip \\
        --name "All scenarios (2004)" --first noise-in-the-quiet-room \\
        --second printing-over-the-limit --learner learner3:Learner-3

Uses the project's own loader to find each scenario's best path, so run it from the
repository's root with the project's .venv.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

from playwright.sync_api import Frame, Page, sync_playwright

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent.parent))

from upload_and_play import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    DEFAULT_RUN,
    TIMEOUT_MS,
    Steps,
    add_scorm_through_form,
    course_id,
    log_in,
    sco_frame,
)

from generator.load import load_scenario  # noqa: E402
from generator.reading import plain  # noqa: E402


def best_path(slug: str) -> tuple[str, list[str], list[list[list[str]]]]:
    """A scenario's title, its best replies from the start to an ending, and the right
    options of each question slot, per variant (plain text, as the page shows them)."""
    s = load_scenario(HERE.parent.parent / "scenarios" / f"{slug}.yml").scenario
    replies, at, seen = [], s.start, set()
    while not s.steps[at].ending and at not in seen:
        seen.add(at)
        best = next(c for c in s.steps[at].choices or [] if c.quality == "best")
        replies.append(plain(best.text))
        at = best.next
    right = [[[plain(o.text) for o in q.options if o.correct] for q in slot] for slot in s.slots()]
    return s.title, replies, right


def poor_path(slug: str) -> list[str]:
    """A scenario's poorest replies from the start to an ending (plain text)."""
    s = load_scenario(HERE.parent.parent / "scenarios" / f"{slug}.yml").scenario
    order = {"poor": 0, "good": 1, "best": 2}
    replies, at, seen = [], s.start, set()
    while not s.steps[at].ending and at not in seen:
        seen.add(at)
        worst = min(s.steps[at].choices or [], key=lambda c: order[c.quality])
        replies.append(plain(worst.text))
        at = worst.next
    return replies


def frame_of(page: Page, slug: str) -> Frame:
    """The player's frame once it shows this scenario's page."""
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while time.monotonic() < deadline:
        frame = sco_frame(page)
        if frame is not None and f"/scenarios/{slug}.html" in frame.url:
            frame.wait_for_load_state("load")
            frame.wait_for_selector("[data-rp-ready]")
            return frame
        page.wait_for_timeout(250)
    raise RuntimeError(f"the player never showed {slug}")


def open_from_toc(page: Page, title: str, slug: str) -> Frame:
    """Click the scenario's entry in the player's table of contents."""
    page.locator("#scorm_toc").get_by_text(title).first.click()
    return frame_of(page, slug)


def notices(frame: Frame) -> str:
    """What the page says to the learner outside the conversation itself."""
    texts = frame.locator(".rp-notice, [role=alert], .rp-verdict").all_inner_texts()
    return " | ".join(t.strip() for t in texts if t.strip()) or "(none)"


def choose(frame: Frame, text: str) -> None:
    frame.locator(".rp-live .rp-opt:enabled", has_text=text[:40]).first.click()
    more = frame.get_by_role("button", name="Continue", exact=True)
    if more.count() and more.last.is_visible():
        more.last.click()


def answer(frame: Frame, question: int, variants: list[list[str]]) -> None:
    """Answers the slot ``question`` right: its variant this attempt asks (the one shown)."""
    asked = frame.locator(f".rp-question[data-q='{question}']:not([hidden])")
    form = asked.locator("form.rp-form")
    for label in variants[int(asked.get_attribute("data-k") or 0)]:
        form.locator("label", has_text=label[:40]).first.click()
    form.get_by_role("button", name="Check answer").click()


def enter(page: Page, url: str, cmid: int) -> None:
    page.goto(f"{url}/mod/scorm/view.php?id={cmid}")
    with page.expect_navigation(wait_until="domcontentloaded"):
        page.get_by_role("button", name="Enter").click()
    page.locator("#scorm_toc").wait_for()


def leave(page: Page) -> None:
    page.wait_for_timeout(1500)  # as a reader would, and time for the last commit
    with page.expect_navigation(wait_until="domcontentloaded"):
        page.get_by_role("link", name="Exit activity").click()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--upload", type=Path, help="upload this zip as a new activity first")
    parser.add_argument("--name", help="the new activity's name")
    parser.add_argument("--cmid", type=int, help="an activity already in the course")
    parser.add_argument("--course", default="LST")
    parser.add_argument("--first", required=True, help="the scenario to pass")
    parser.add_argument("--second", help="the scenario to start from the table of contents")
    parser.add_argument("--learner", default="learner3:Learner-3", help="user:password")
    parser.add_argument(
        "--retry-poorly",
        action="store_true",
        help="on the second visit, Try again on the first scenario and play its poorest replies",
    )
    parser.add_argument("--run-dir", type=Path, default=DEFAULT_RUN)
    parser.add_argument("--shots", type=Path, help="keep a screenshot after every step here")
    args = parser.parse_args(argv)
    from upload_and_play import read_env

    env = read_env(args.run_dir)
    url = env["MOODLE_URL"]
    user, _, password = args.learner.partition(":")
    steps = Steps(args.shots)
    first_title, first_path, first_answers = best_path(args.first)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        cmid = args.cmid
        if args.upload:
            admin = browser.new_context(viewport={"width": 1280, "height": 900})
            admin.set_default_timeout(TIMEOUT_MS)
            steps.page = admin.new_page()
            with steps.step("admin: log in"):
                log_in(steps.page, url, env["MOODLE_ADMIN_USER"], env["MOODLE_ADMIN_PASS"])
            course = course_id(steps.page, url, args.course)
            name = args.name or args.upload.stem
            cmid = add_scorm_through_form(steps, steps.page, url, course, args.upload, name)
            print(f"    activity added: {url}/mod/scorm/view.php?id={cmid}")
            admin.close()
        if cmid is None:
            parser.error("give --upload or --cmid")
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.set_default_timeout(TIMEOUT_MS)
        console: list[str] = []
        page = steps.page = context.new_page()
        page.on("console", lambda m: console.append(f"{m.type}: {m.text}"))
        with steps.step(f"{user}: log in, Enter"):
            log_in(page, url, user, password)
            enter(page, url, cmid)
        with steps.step(f"{user}: {args.first}: best replies, every question right"):
            frame = open_from_toc(page, first_title, args.first)
            for text in first_path:
                choose(frame, text)
            for i, labels in enumerate(first_answers):
                answer(frame, i, labels)
            print(f"    {args.first} says: {notices(frame)}")
        if args.second:
            second_title, second_path, _ = best_path(args.second)
            with steps.step(f"{user}: {args.second} from the table of contents, two decisions"):
                frame = open_from_toc(page, second_title, args.second)
                for text in second_path[:2]:
                    choose(frame, text)
                print(f"    {args.second} says: {notices(frame)}")
        with steps.step(f"{user}: Exit activity"):
            leave(page)
        with steps.step(f"{user}: Enter again"):
            enter(page, url, cmid)
            frame = open_from_toc(page, first_title, args.first)
            print(f"    {args.first} on relaunch: {notices(frame)}")
            if args.retry_poorly:
                frame.get_by_role("button", name="Try again").click()
                for text in poor_path(args.first):
                    choose(frame, text)
                print(f"    {args.first} after a poor attempt: {notices(frame)}")
            if args.second:
                frame = open_from_toc(page, second_title, args.second)
                turns = frame.locator(".rp-live .rp-turn").count()
                print(f"    {args.second} on relaunch: {turns} turns shown; {notices(frame)}")
            leave(page)
        browser.close()
    print("\nConsole messages from the player and the package:")
    for line in console:
        if "SCORM" in line or "error" in line.lower():
            print(f"  {line}")
    print("\nTimings:")
    for step_name, seconds in steps.timings:
        print(f"  {seconds:6.1f} s  {step_name}")
    report = [sys.executable, str(HERE / "report.py"), f"--run-dir={args.run_dir}"]
    subprocess.run([*report, f"--user={user}", f"--activity={cmid}"], check=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
