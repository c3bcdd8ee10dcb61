"""Upload a SCORM package to the local Moodle through its web form, then launch it as a learner.

    .venv/bin/python tools/moodle/upload_and_play.py PACKAGE.zip [--course LST]
        [--name NAME] [--learner learner1:Learner-1] [--shots DIR] [--headed]

What a teacher and a learner would do, in Chromium driven by Playwright:

1. admin logs in, opens the course, turns editing on, presses "Add an activity or resource"
   in the course's first section and picks "SCORM package";
2. in the form: types the name, opens the package file's file picker ("Add..."), chooses
   "Upload a file", gives it the zip, presses "Upload this file", then "Save and display";
3. the learner logs in (a separate browser session), opens the activity, presses "Enter",
   waits until the package's page has loaded inside Moodle's player and has talked to the
   SCORM API, then leaves with "Exit activity";
4. prints what Moodle recorded (report.py) and the time each step took.

The course and the learner must exist (moodle_cli.py course). It reads the site address and
the admin login from moodle.env in the run folder (``--run-dir`` or ``$MOODLE_RUN``, default
``/work/moodle-run``). Exit code 0 when every step worked, 1 otherwise (with a screenshot
of the page where it stopped).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Browser, BrowserContext, Frame, Page, Request, sync_playwright

HERE = Path(__file__).resolve().parent
DEFAULT_RUN = Path(os.environ.get("MOODLE_RUN", "/work/moodle-run"))
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Moodle's first page views after an install or a cache purge build caches: be patient.
TIMEOUT_MS = 60_000


class Steps:
    """Times each step and keeps a screenshot of where things stopped."""

    def __init__(self, shots: Path | None) -> None:
        self.shots = shots
        self.timings: list[tuple[str, float]] = []
        self.page: Page | None = None
        if shots:
            shots.mkdir(parents=True, exist_ok=True)

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        """Runs one named step; on failure saves a screenshot and re-raises."""
        print(f"... {name}", flush=True)
        start = time.monotonic()
        try:
            yield
        except Exception:
            self.snap(f"failed-{len(self.timings) + 1}")
            raise
        elapsed = time.monotonic() - start
        self.timings.append((name, elapsed))
        print(f"    done in {elapsed:.1f} s", flush=True)
        self.snap(f"{len(self.timings):02d}")

    def snap(self, label: str) -> None:
        """A full-page screenshot of the current page, when --shots was given (or on failure)."""
        if self.page is None:
            return
        folder = self.shots or Path("/tmp")
        path = folder / f"moodle-{label}.png"
        try:
            self.page.screenshot(path=str(path), full_page=True)
        except Exception as error:  # a screenshot must never hide the real failure
            print(f"    (no screenshot: {error})")
            return
        if label.startswith("failed"):
            print(f"    screenshot of the page: {path}")


def watch_outside(context: BrowserContext, outside: list[str]) -> None:
    """Notes every request the pages make to a host beyond this machine."""

    def note(request: Request) -> None:
        parts = urlsplit(request.url)
        if parts.scheme in ("http", "https") and parts.hostname not in ("127.0.0.1", "localhost"):
            outside.append(request.url)

    context.on("request", note)


def read_env(run_dir: Path) -> dict[str, str]:
    """The KEY=VALUE settings setup.sh wrote to ``moodle.env``."""
    path = run_dir / "moodle.env"
    if not path.is_file():
        sys.exit(f"{path}: not found; run tools/moodle/setup.sh first (or give --run-dir)")
    pairs = (line.partition("=") for line in path.read_text(encoding="utf-8").splitlines())
    return {key.strip(): value.strip() for key, sep, value in pairs if sep}


def log_in(page: Page, url: str, username: str, password: str) -> None:
    """Logs in on Moodle's login page and waits for the page after it."""
    page.goto(f"{url}/login/index.php")
    # The page's script (core/togglesensitive) rebuilds the password field once it runs; a
    # value typed before that is lost and the login fails now and then. So wait for the
    # scripts to settle, and check the fields just before sending.
    page.wait_for_load_state("networkidle")
    for _ in range(5):
        page.fill("#username", username)
        page.fill("#password", password)
        page.wait_for_timeout(200)
        if page.input_value("#password") == password and page.input_value("#username") == username:
            break
    with page.expect_navigation(wait_until="domcontentloaded"):
        page.click("#loginbtn")
    # Moodle checks the session cookie with one more redirect (testsession) before landing.
    page.wait_for_load_state("domcontentloaded")
    if "/login/" in page.url:
        error = page.locator(".alert-danger, #loginerrormessage")
        message = error.first.inner_text() if error.count() else page.url
        raise RuntimeError(f"log in as {username} failed: {message}")


def course_id(page: Page, url: str, shortname: str) -> int:
    """The id of the course with this short name (course/view.php accepts ``name=``)."""
    page.goto(f"{url}/course/view.php?name={shortname}")
    found = page.evaluate("() => (window.M && M.cfg) ? M.cfg.courseId : 0")
    if not isinstance(found, int) or found <= 1:  # 1 is the site's front page
        raise RuntimeError(f"no course with short name {shortname} (run moodle_cli.py course)")
    return found


def create_course_through_form(
    steps: Steps, page: Page, url: str, shortname: str, learner: str
) -> int:
    """Creates a course with the web form and enrols the learner as a student; its id."""
    with steps.step(f"admin: new course {shortname} with the course form"):
        page.goto(f"{url}/course/edit.php?category=1")
        page.fill("#id_fullname", f"SCORM check {shortname}")
        page.fill("#id_shortname", shortname)
        with page.expect_navigation(wait_until="domcontentloaded"):
            page.click("#id_saveanddisplay")
        found = re.search(r"/course/view\.php\?id=(\d+)", page.url)
        if not found:
            errors = page.locator(".invalid-feedback:visible, .alert-danger")
            detail = " | ".join(errors.all_inner_texts()) if errors.count() else page.url
            raise RuntimeError(f"the course form did not save: {detail}")
        course = int(found.group(1))

    with steps.step(f"admin: Participants > Enrol users: {learner} as student"):
        page.goto(f"{url}/user/index.php?id={course}")
        page.get_by_role("button", name="Enrol users").first.click()
        dialog = page.get_by_role("dialog")
        search = dialog.get_by_placeholder("Search")
        # The suggestions come from the server after typing; wait for them, or the click can
        # land on a list that is about to be replaced and select nobody.
        with page.expect_response(lambda r: "core_enrol_get_potential_users" in r.url):
            search.fill(learner)
        option = dialog.locator(".form-autocomplete-suggestions [role=option]", has_text=learner)
        # The suggestion reads "Full name e-mail"; the participants table shows the e-mail too.
        label = option.first.inner_text().strip()
        email = re.search(r"\S+@\S+", label)
        option.first.click()
        dialog.locator(".form-autocomplete-selection [data-value]").first.wait_for()
        with page.expect_response(lambda r: "/enrol/manual/ajax.php" in r.url):
            dialog.get_by_role("button", name="Enrol users").click()
        dialog.wait_for(state="hidden")
        page.reload()
        row = page.locator("tr", has_text=email.group(0) if email else label)
        row = row.filter(has_text="Student")
        row.first.wait_for()
    return course


def add_scorm_through_form(
    steps: Steps, page: Page, url: str, course: int, package: Path, name: str
) -> int:
    """Adds the package as a SCORM activity through the course page and the form; its cmid."""
    with steps.step("admin: course page, editing on"):
        page.goto(f"{url}/course/view.php?id={course}")
        switch = page.locator("input[name=setmode]")
        if not switch.is_checked():
            with page.expect_navigation(wait_until="domcontentloaded"):
                switch.check()
        page.get_by_role("button", name="Add an activity or resource").first.wait_for()

    with steps.step('admin: "Add an activity or resource" > SCORM package'):
        # Into section 1 (the first after "General"), or the last one if there is no section 1.
        in_section_1 = page.locator("#section-1").get_by_role(
            "button", name="Add an activity or resource"
        )
        if in_section_1.count():
            in_section_1.first.click()
        else:
            page.get_by_role("button", name="Add an activity or resource").last.click()
        option = page.get_by_role("dialog").locator("[data-internal=scorm] a").first
        option.wait_for()
        with page.expect_navigation(wait_until="domcontentloaded"):
            option.click()
        page.get_by_role("heading", name=re.compile(r"(New|Adding a new) SCORM package")).wait_for()

    with steps.step("admin: the form, the package through the file picker"):
        page.fill("#id_name", name)
        manager = page.locator("#fitem_id_packagefile")
        manager.locator(".filemanager:not(.fm-loading)").wait_for()
        manager.locator(".fp-btn-add a").click()
        picker = page.locator(".file-picker.fp-generallayout").last
        picker.wait_for()
        picker.locator(".fp-repo-name", has_text="Upload a file").click()
        picker.locator("input[type=file][name=repo_upload_file]").set_input_files(str(package))
        picker.get_by_role("button", name="Upload this file").click()
        manager.locator(".fp-filename", has_text=package.name).first.wait_for()

    with steps.step('admin: "Save and display" (Moodle unpacks and reads the package)'):
        with page.expect_navigation(wait_until="domcontentloaded", timeout=TIMEOUT_MS * 3):
            page.click("#id_submitbutton")
        if "/mod/scorm/view.php" not in page.url:
            errors = page.locator(".error, .invalid-feedback:visible, .alert-danger")
            detail = " | ".join(errors.all_inner_texts()) if errors.count() else page.url
            raise RuntimeError(f"the form did not save: {detail}")
        found = re.search(r"[?&]id=(\d+)", page.url)
        if not found:
            raise RuntimeError(f"no activity id in {page.url}")
        return int(found.group(1))


def sco_frame(page: Page) -> Frame | None:
    """The frame that holds the package's own page inside Moodle's player, if it loaded."""
    for frame in page.frames:
        if "/mod_scorm/content/" in frame.url:
            return frame
    return None


def play_as_learner(
    steps: Steps, page: Page, url: str, cmid: int, username: str, password: str
) -> None:
    """Opens the activity as the learner, presses Enter, waits for the SCO, exits."""
    with steps.step(f"{username}: log in, open the activity"):
        log_in(page, url, username, password)
        page.goto(f"{url}/mod/scorm/view.php?id={cmid}")
        page.get_by_role("button", name="Enter").wait_for()

    with steps.step(f"{username}: Enter, the package loads in the player"):
        with page.expect_navigation(wait_until="domcontentloaded"):
            page.get_by_role("button", name="Enter").click()
        deadline = time.monotonic() + TIMEOUT_MS / 1000
        frame = sco_frame(page)
        while frame is None and time.monotonic() < deadline:
            page.wait_for_timeout(250)
            frame = sco_frame(page)
        if frame is None:
            raise RuntimeError("the package's page never appeared in the player")
        frame.wait_for_load_state("load")
        title = frame.title()
        print(f"    the package's page: {title!r} at {frame.url}")
        # Moodle's SCORM 1.2 API object lives in the player page; the package finds it there.
        page.wait_for_function(
            "() => typeof window.API !== 'undefined' || typeof window.API_1484_11 !== 'undefined'"
        )

    with steps.step(f"{username}: Exit activity"):
        # Give the package a moment to send its first values, as a reader would.
        page.wait_for_timeout(2000)
        with page.expect_navigation(wait_until="domcontentloaded"):
            page.get_by_role("link", name="Exit activity").click()


def main(argv: list[str] | None = None) -> int:
    """Command line entry point; returns the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("package", type=Path, help="the SCORM zip to upload")
    parser.add_argument("--course", default="LST", help="course short name (default LST)")
    parser.add_argument(
        "--new-course",
        action="store_true",
        help="create the course with the web form first and enrol the learner through it",
    )
    parser.add_argument("--name", help="activity name (default: the zip's file name)")
    parser.add_argument("--learner", default="learner1:Learner-1", help="user:password")
    parser.add_argument("--run-dir", type=Path, default=DEFAULT_RUN, help="setup.sh's run folder")
    parser.add_argument("--shots", type=Path, help="keep a screenshot after every step here")
    parser.add_argument("--headed", action="store_true", help="show the browser window")
    args = parser.parse_args(argv)

    package: Path = args.package.resolve()
    if not package.is_file():
        print(f"{package}: no such file", file=sys.stderr)
        return 1
    env = read_env(args.run_dir)
    url = env["MOODLE_URL"]
    learner, _, learner_password = args.learner.partition(":")
    name = args.name or package.stem
    steps = Steps(args.shots)
    started = time.monotonic()
    ok = False
    outside: list[str] = []

    with sync_playwright() as playwright:
        browser: Browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=not args.headed
        )
        try:
            admin = browser.new_context(viewport={"width": 1280, "height": 900})
            admin.set_default_timeout(TIMEOUT_MS)
            watch_outside(admin, outside)
            steps.page = admin.new_page()
            with steps.step("admin: log in"):
                log_in(steps.page, url, env["MOODLE_ADMIN_USER"], env["MOODLE_ADMIN_PASS"])
            if args.new_course:
                course = create_course_through_form(steps, steps.page, url, args.course, learner)
            else:
                course = course_id(steps.page, url, args.course)
            cmid = add_scorm_through_form(steps, steps.page, url, course, package, name)
            print(f"    activity added: {url}/mod/scorm/view.php?id={cmid}")
            admin.close()

            player = browser.new_context(viewport={"width": 1280, "height": 900})
            player.set_default_timeout(TIMEOUT_MS)
            watch_outside(player, outside)
            steps.page = player.new_page()
            play_as_learner(steps, steps.page, url, cmid, learner, learner_password)
            player.close()
            ok = True
        except Exception as error:
            print(f"FAILED: {error}", file=sys.stderr)
        finally:
            browser.close()

    print("\nTimings:")
    for step_name, seconds in steps.timings:
        print(f"  {seconds:6.1f} s  {step_name}")
    print(f"  {time.monotonic() - started:6.1f} s  in all")
    print(f"\nRequests to hosts beyond this machine: {len(outside) or 'none'}")
    for address in sorted(set(outside)):
        print(f"  {address}")
    if ok:
        print(f"\nWhat Moodle recorded for {learner} in activity {cmid}:")
        report = [sys.executable, str(HERE / "report.py"), f"--run-dir={args.run_dir}"]
        subprocess.run([*report, f"--user={learner}", f"--activity={cmid}"], check=False)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
