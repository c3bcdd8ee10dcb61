"""SCORM packages inside a real LMS runtime: scorm-again's SCORM 1.2 and 2004 APIs.

A harness page in the package's folder holds the API, as an LMS's player does, and
opens a scenario (a SCO) in a frame or, as a popup launch does, in a new window. The
learner walks it in Chromium; the tests read scorm-again's data model afterwards.
scorm-again is pinned in the Makefile and installed with npm into .scorm-again/.
A stricter harness, the Moodle profile (MOODLE_PROFILE), plays a package as a real
Moodle 4.5 was seen to: its tests are at the end.
"""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

import pytest
from playwright.sync_api import FrameLocator, Page, expect

from generator.load import find_scenarios, load_all
from generator.render import runtime_data
from generator.scorm.package import build_package

from .browser_support import axe_violations, serve
from .conftest import lenient, make_project
from .helpers import DATA, REFERENCE, ROOT, with_new_reply

pytestmark = pytest.mark.browser

FORMATS = ("scorm12", "scorm2004")
SCORM_AGAIN = re.findall(r"^SCORM_AGAIN\s*:=\s*(\S+)", (ROOT / "Makefile").read_text(), re.M)[0]
SCORM_AGAIN_DIR = ROOT / ".scorm-again" / "node_modules" / "scorm-again"
# The API's global name, scorm-again's class for it, and its built file.
RUNTIMES = {
    "scorm12": ("API", "Scorm12API", "scorm12.min.js"),
    "scorm2004": ("API_1484_11", "Scorm2004API", "scorm2004.min.js"),
}
# The API's functions: initialize, set, commit, finish first, then the rest.
CALLS = {
    "scorm12": (
        "LMSInitialize",
        "LMSSetValue",
        "LMSCommit",
        "LMSFinish",
        "LMSGetValue",
        "LMSGetLastError",
        "LMSGetErrorString",
        "LMSGetDiagnostic",
    ),
    "scorm2004": (
        "Initialize",
        "SetValue",
        "Commit",
        "Terminate",
        "GetValue",
        "GetLastError",
        "GetErrorString",
        "GetDiagnostic",
    ),
}
WRONG = {"scorm12": "wrong", "scorm2004": "incorrect"}
SUSPEND_LIMIT = 4096  # SCORM 1.2's cmi.suspend_data, the smaller of the two
TIME = {"scorm12": r"\d\d:\d\d:\d\d", "scorm2004": r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d\dZ"}
SPAN = {"scorm12": r"\d{2,4}:\d\d:\d\d(\.\d{1,2})?", "scorm2004": r"PT\d+H\d+M\d+(\.\d{1,2})?S"}
# The reference example's replies and options as the LMS sees them: their written places.
BEST = "reply_2"
SORRY = "reply_1"
RULES = "reply_2"
THREE = ["option_1", "option_2", "option_3"]


@cache
def shipped_worst_case() -> tuple[str, dict[str, Any]]:
    """The shipped scenario with the longest saved state, and that state: its longest
    walk, every option chosen as every first answer, after 20 retries."""
    loaded, problems = load_all(find_scenarios(ROOT / "scenarios")[0])
    assert not problems
    worst: tuple[int, str, dict[str, Any]] = (0, "", {})
    for x in loaded:
        data = runtime_data(x, lms=True)
        path = _longest_walk(data, data["start"], set())
        at = data["start"]
        for _, k, _sig in path:
            at = data["steps"][at]["replies"][k]["next"]
        state = {
            "v": data["version"],
            "n": 21,
            "seed": 2**32 - 1,
            "path": path,
            "at": at,
            "wait": False,
            "done": data["steps"][at]["ending"],
            # Each slot's longest variant, every option chosen.
            "quiz": {
                str(i): [
                    list(range(max(len(v["correct"]) for v in q["variants"]))),
                    True,
                    q["sig"],
                ]
                for i, q in enumerate(data["questions"])
            },
            "p": [21, "2026-11-24", 9, 9, data["version"]],
            "h": 2,
        }
        size = len(suspend_data(state))
        if size > worst[0]:
            worst = (size, x.slug, state)
    return worst[1], worst[2]


def _longest_walk(data: dict[str, Any], at: str, seen: set[str]) -> list[list[Any]]:
    """The longest list of [step, listed reply, step sig] from ``at`` to an ending."""
    assert at not in seen, f"{data['slug']} loops back to {at}: its saved state is unbounded"
    best: list[list[Any]] = []
    step = data["steps"][at]
    for k, reply in enumerate(step.get("replies", [])):
        walk = [[at, k, step["sig"]], *_longest_walk(data, reply["next"], seen | {at})]
        best = max(best, walk, key=len)
    return best


def suspend_data(state: dict[str, Any]) -> str:
    """What lms.js writes for ``state`` (see encode there), to size the shipped ones."""
    values = [state[k] for k in ("v", "n", "seed", "wait", "done", "quiz", "p")]
    values += [[p[1:] for p in state["path"]], state["h"]]
    return json.dumps(values, separators=(",", ":"))


# -- the Moodle profile ----------------------------------------------------------------

# A strict stand-in for Moodle 4.5's SCORM player page, around scorm-again's API, made
# from what Moodle documents and what was seen in a real Moodle 4.5.6 (its code is not
# copied here): one API object for the whole player page, each SCO's data loaded as the
# page loads and the SCOs switched through a table of contents (toc); in SCORM 2004 the
# API stays terminated once a SCO has terminated, so the next SCO's Initialize fails
# with 104 (1.2 starts the next SCO's session); each id of a 2004 choice response or
# pattern must match ^[\w.]{1,250}$ (else 406); after a finished attempt left with a
# normal exit, the next launch is a new attempt with a fresh data model;
# GetErrorString knows string codes only; what a call saves while the player page
# itself is going away (the learner leaves the player or closes the tab) is lost, as
# the browser blocks a synchronous save then. The "server", each SCO's attempts as the
# data model's JSON, is this origin's localStorage under "moodle-profile".
MOODLE_PROFILE = r"""
(() => {
  "use strict";
  const v12 = "Scorm12API" in window, Api = v12 ? Scorm12API : Scorm2004API;
  const name = f => v12 ? "LMS" + f.replace("Terminate", "Finish") : f;
  const KEY = "moodle-profile", server = () => JSON.parse(localStorage.getItem(KEY) || "{}");
  const loaded = server(); /* every SCO's data, as the player page loads */
  const texts = new Api({ logLevel: 5 });
  /* The SCO the table of contents shows, and the one whose session the API holds. */
  let node = new URLSearchParams(location.search).get("sco"), sco = null;
  let api = null, live = false, terminated = false, attempt = 1, code = "0", types = {};
  let leaving = false;
  /* The player page's own pagehide comes before its frames' (Chrome). */
  addEventListener("pagehide", () => { leaving = true; }, true);
  window.calls = [];

  function launchData() {
    const attempts = loaded[sco] || [], last = attempts[attempts.length - 1];
    attempt = attempts.length || 1;
    if (!last) return null;
    const core = v12 ? last.core : last, exit = core.exit;
    const status = v12 ? core.lesson_status : last.completion_status;
    if (exit !== "suspend" && /^(completed|passed|failed)$/.test(status)) {
      attempt++; /* a finished attempt, left normally: a new one, a fresh data model */
      return null;
    }
    const entry = exit === "suspend" ? "resume" : "";
    if (v12) return { suspend_data: last.suspend_data, interactions: last.interactions,
                      core: { lesson_status: core.lesson_status, score: core.score, entry } };
    const keep = ["suspend_data", "completion_status", "success_status", "score", "interactions"];
    return Object.assign({ entry }, ...keep.map(k => ({ [k]: last[k] })));
  }
  function store() {
    if (leaving) return; /* blocked by the browser: nothing reaches the server */
    const all = server();
    (all[sco] = all[sco] || [])[attempt - 1] = JSON.parse(JSON.stringify(api.cmi));
    localStorage.setItem(KEY, JSON.stringify(all));
    loaded[sco] = all[sco];
  }
  const fail = c => { code = c; return "false"; };
  function pass(f, args) {
    const r = api[name(f)](...args);
    code = String(api[name("GetLastError")]());
    return r;
  }
  const functions = {
    Initialize(p) {
      if (live) return fail(v12 ? "101" : "103");
      if (terminated) return fail("104");
      sco = node;
      api = new Api({ logLevel: 5 });
      const data = launchData();
      if (data) api.loadFromJSON(data);
      types = {};
      const r = pass("Initialize", [p]);
      live = r === "true";
      return r;
    },
    GetValue: el => live ? pass("GetValue", [el]) : (fail(v12 ? "301" : "122"), ""),
    SetValue(el, value) {
      if (!live) return fail(v12 ? "301" : "132");
      const m = !v12 && /^cmi\.interactions\.(\d+)\.(type|learner_response|correct_responses\.)/
        .exec(el);
      const ok = id => /^[\w.]{1,250}$/.test(id);
      if (m && m[2] === "type") types[m[1]] = value;
      else if (m && types[m[1]] === "choice" && !String(value).split("[,]").every(ok)) {
        return fail("406");
      }
      return pass("SetValue", [el, value]);
    },
    Commit(p) {
      if (!live) return fail(v12 ? "301" : "142");
      const r = pass("Commit", [p]);
      if (r === "true") store();
      return r;
    },
    Terminate(p) {
      if (!live) return fail(v12 ? "301" : terminated ? "113" : "112");
      const r = pass("Terminate", [p]);
      if (r === "true") {
        store();
        live = false;
        terminated = !v12;
      }
      return r;
    },
    GetLastError: () => code,
    GetErrorString: c => typeof c === "string" ? texts[name("GetErrorString")](c) : "",
    GetDiagnostic: c => typeof c === "string" ? texts[name("GetDiagnostic")](c) : "",
  };
  const wrapper = {};
  for (const [f, run] of Object.entries(functions)) {
    wrapper[name(f)] = (...args) => { calls.push([name(f), ...args]); return run(...args); };
  }
  window[v12 ? "API" : "API_1484_11"] = wrapper;
  /* The table of contents: the player loads another SCO into its frame. */
  window.toc = slug => {
    node = slug;
    document.querySelector("iframe").src = "scenarios/" + slug + ".html";
  };
  addEventListener("DOMContentLoaded", () => toc(node));
})();
"""


# -- the packages, served with scorm-again beside them --------------------------------


@pytest.fixture(scope="module")
def lms_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Both packages of three scenarios, unzipped under /scorm12/ and /scorm2004/, each
    with scorm-again and a harness page."""
    dist = SCORM_AGAIN_DIR / "dist"
    version = json.loads((SCORM_AGAIN_DIR / "package.json").read_text())["version"]
    if version != SCORM_AGAIN:
        pytest.fail(f"scorm-again {SCORM_AGAIN} is needed, found {version}: run `make test`")
    base = tmp_path_factory.mktemp("lms")
    worst = shipped_worst_case()[0]
    root = lenient(
        make_project(
            base / "project",
            {
                "reference-book": REFERENCE,
                "scene": DATA / "valid" / "scene.yml",  # no knowledge check
                worst: ROOT / "scenarios" / f"{worst}.yml",
            },
        )
    )
    served = base / "served"
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(root)
        for fmt in FORMATS:
            package = build_package(fmt, [], root / f"{fmt}.zip")  # type: ignore[arg-type]
            with zipfile.ZipFile(package) as archive:
                archive.extractall(served / fmt)
            shutil.copy(dist / RUNTIMES[fmt][2], served / fmt / "lms-api.js")
            (served / fmt / "player.html").write_text(
                '<!doctype html><html lang="en"><meta charset="utf-8"><title>Player</title>'
                '<link rel="icon" href="data:,"><body><iframe title="Course" '
                'src="scenarios/reference-book.html" style="width:1100px;height:900px">'
                "</iframe></body></html>",
                "utf-8",
            )
            (served / fmt / "harness.html").write_text(
                '<!doctype html><html lang="en"><meta charset="utf-8"><title>LMS</title>'
                '<link rel="icon" href="data:,"><script src="lms-api.js"></script>'
                "<body></body></html>",
                "utf-8",
            )
            (served / fmt / "moodle.js").write_text(MOODLE_PROFILE, "utf-8")
            (served / fmt / "moodle.html").write_text(
                '<!doctype html><html lang="en"><meta charset="utf-8"><title>Player</title>'
                '<link rel="icon" href="data:,"><script src="lms-api.js"></script>'
                '<script src="moodle.js"></script><body><iframe title="Course" '
                'style="width:1100px;height:900px"></iframe></body></html>',
                "utf-8",
            )
            (served / fmt / "course.html").write_text(
                '<!doctype html><html lang="en"><meta charset="utf-8"><title>Course</title>'
                '<link rel="icon" href="data:,"><body><p>The course page.</p></body></html>',
                "utf-8",
            )
    with serve(served) as url:
        yield url


@dataclass
class Lms:
    """The LMS side: a harness page holding scorm-again's API for one format."""

    page: Page
    fmt: str

    @property
    def name(self) -> str:
        return RUNTIMES[self.fmt][0]

    def start(
        self, url: str, saved: dict[str, Any] | None = None, quirks: dict[str, str] | None = None
    ) -> Lms:
        """Open the harness with a new API, loaded with ``saved`` data as an LMS would
        on a later launch; every call the SCO makes is noted in ``window.calls``.
        ``quirks`` replace API functions, by their SCORM 2004 names (Terminate for 1.2's
        LMSFinish): each a JavaScript function of the real one and the arguments."""
        name, cls, _ = RUNTIMES[self.fmt]
        self.page.goto(f"{url}/{self.fmt}/harness.html")
        self.page.evaluate(
            """([name, cls, saved, functions, quirks]) => {
                 const api = new window[cls]({logLevel: 5});
                 if (saved) api.loadFromJSON(saved);
                 window.calls = [];
                 for (const f of functions) {
                   const real = api[f].bind(api);
                   const quirk = quirks[f.replace(/^LMS/, "").replace("Finish", "Terminate")];
                   const run = quirk ? (0, eval)("(" + quirk + ")") : null;
                   api[f] = (...args) => {
                     window.calls.push([f, ...args]);
                     return run ? run(real, args) : real(...args);
                   };
                 }
                 window[name] = api;
               }""",
            [name, cls, saved, CALLS[self.fmt], quirks or {}],
        )
        return self

    def frame(self, slug: str) -> FrameLocator:
        """Launch the scenario in a frame of the harness."""
        self.page.evaluate(
            """src => { const f = document.createElement('iframe');
                        f.src = src; f.title = 'Course';
                        f.style.cssText = 'width:1100px;height:900px';
                        document.body.append(f); }""",
            f"scenarios/{slug}.html",
        )
        sco = self.page.frame_locator("iframe")
        expect(sco.locator(".rp-live")).to_be_visible()
        return sco

    def popup(self, slug: str) -> Page:
        """Launch the scenario in a new window, as an LMS's popup launch does."""
        with self.page.expect_popup() as info:
            self.page.evaluate("src => { window.open(src, 'sco'); }", f"scenarios/{slug}.html")
        sco = info.value
        expect(sco.locator(".rp-live")).to_be_visible()
        return sco

    def leave_frame(self) -> None:
        """The learner closes the course: the frame is sent away, as players do."""
        self.page.frames[1].goto("about:blank")

    def cmi(self) -> dict[str, Any]:
        data: dict[str, Any] = self.page.evaluate(f"JSON.parse(JSON.stringify({self.name}.cmi))")
        return data

    def calls(self) -> list[list[str]]:
        calls: list[list[str]] = self.page.evaluate("window.calls")
        return calls

    # What differs between the versions' data models.
    def status(self, cmi: dict[str, Any]) -> tuple[str, str]:
        """(completion, success): 1.2's one lesson_status fills both."""
        if self.fmt == "scorm12":
            return cmi["core"]["lesson_status"], cmi["core"]["lesson_status"]
        return cmi["completion_status"], cmi["success_status"]

    def core(self, cmi: dict[str, Any]) -> dict[str, Any]:
        return cmi["core"] if self.fmt == "scorm12" else cmi

    def interactions(self, cmi: dict[str, Any]) -> list[dict[str, Any]]:
        found = cmi["interactions"]
        return [found[str(i)] for i in range(len(found))]

    def answers(self, cmi: dict[str, Any]) -> list[tuple[str, str, str]]:
        """Each interaction as (id, response, result)."""
        key = "student_response" if self.fmt == "scorm12" else "learner_response"
        return [(i["id"], i[key], i["result"]) for i in self.interactions(cmi)]

    def pattern(self, cmi: dict[str, Any], n: int) -> str:
        pattern: str = self.interactions(cmi)[n]["correct_responses"]["0"]["pattern"]
        return pattern

    def listed(self, ids: list[str]) -> str:
        return ("," if self.fmt == "scorm12" else "[,]").join(ids)

    def resumed(self, cmi: dict[str, Any]) -> dict[str, Any]:
        """What an LMS hands the next launch after a suspended exit."""
        if self.fmt == "scorm12":
            core = {k: cmi["core"][k] for k in ("lesson_status", "score")}
            return {
                "suspend_data": cmi["suspend_data"],
                "core": {**core, "entry": "resume"},
                "interactions": cmi["interactions"],
            }
        keep = ("suspend_data", "completion_status", "success_status", "score", "interactions")
        return {**{k: cmi[k] for k in keep}, "entry": "resume"}


class Moodle(Lms):
    """The Moodle profile (MOODLE_PROFILE): a player page with a table of contents, and
    what its "server" recorded."""

    url = ""

    def launch(self, url: str, slug: str) -> FrameLocator:
        """The learner opens the activity at the SCO ``slug``: a new player page."""
        self.url = url
        self.page.goto(f"{url}/{self.fmt}/moodle.html?sco={slug}")
        sco = self.page.frame_locator("iframe")
        expect(sco.locator(".rp-live")).to_be_visible()
        return sco

    def toc(self, slug: str) -> FrameLocator:
        """The learner picks another scenario in the player's table of contents."""
        self.page.evaluate("slug => toc(slug)", slug)
        self.page.wait_for_function(
            "slug => document.querySelector('iframe').contentWindow.location.pathname"
            ".endsWith('/' + slug + '.html')",
            arg=slug,
        )
        sco = self.page.frame_locator("iframe")
        expect(sco.locator(".rp-live")).to_be_visible()
        return sco

    def exit(self) -> None:
        """Exit activity: the player page goes, back to the course page."""
        self.page.goto(f"{self.url}/{self.fmt}/course.html")

    def close_tab(self) -> None:
        """The learner closes the tab holding the player; a new tab opens the course."""
        context = self.page.context
        self.page.close()
        self.page = context.new_page()
        self.page.goto(f"{self.url}/{self.fmt}/course.html")

    def attempts(self, slug: str) -> list[dict[str, Any]]:
        """What the server holds for the SCO ``slug``: each attempt's data model."""
        saved: dict[str, list[dict[str, Any]]] = self.page.evaluate(
            "JSON.parse(localStorage.getItem('moodle-profile') || '{}')"
        )
        return saved.get(slug, [])

    def cmi(self) -> dict[str, Any]:
        raise NotImplementedError("read what the server holds: attempts(slug)")


@pytest.fixture
def console(page: Page) -> list[str]:
    """Console messages of every frame, and page errors, as text."""
    seen: list[str] = []
    page.on("console", lambda m: seen.append(f"{m.type}: {m.text}"))
    page.on("pageerror", lambda e: seen.append(f"pageerror: {e}"))
    return seen


def choose(sco: FrameLocator | Page, start: str) -> None:
    sco.locator(".rp-turn").last.get_by_role(
        "button", name=re.compile("^" + re.escape(start))
    ).click()


def check(sco: FrameLocator | Page, question: int, *labels: str) -> None:
    form = sco.locator(".rp-form").nth(question)
    for label in labels:
        form.get_by_label(label, exact=True).check()
    form.get_by_role("button", name="Check answer").click()
    expect(form.locator(".rp-result")).not_to_be_empty()


def walk_to_failure(sco: FrameLocator | Page) -> None:
    """Two poor replies: the reference example's failure ending."""
    choose(sco, "No")
    choose(sco, "Those are the rules")


def pass_reference(sco: FrameLocator | Page) -> None:
    """The best reply, then both questions right at the first try."""
    choose(sco, "That volume has to stay here")
    check(sco, 0, "Is it illegal?", "Is it immoral?", "Is it impossible?")
    check(sco, 1, "From yes")
    expect(sco.locator(".rp-verdict")).to_contain_text("Passed")


def reply_order(sco: FrameLocator | Page, turn: int) -> list[str]:
    return sco.locator(".rp-turn").nth(turn).locator(".rp-opt").all_inner_texts()


# -- the walks -----------------------------------------------------------------------
@pytest.mark.parametrize("fmt", FORMATS)
def test_success_with_a_passed_check_is_reported_in_full(
    page: Page, lms_url: str, fmt: str, console: list[str]
) -> None:
    lms = Lms(page, fmt).start(lms_url)
    sco = lms.frame("reference-book")
    assert lms.status(lms.cmi())[0] == "incomplete"  # set on launch
    pass_reference(sco)
    lms.leave_frame()
    cmi = lms.cmi()
    core = lms.core(cmi)
    assert lms.status(cmi) == (("passed",) * 2 if fmt == "scorm12" else ("completed", "passed"))
    assert core["score"]["raw"] == "100"
    assert (core["score"]["min"], core["score"]["max"]) == ("0", "100")
    if fmt == "scorm2004":
        assert core["score"]["scaled"] == "1"
    assert lms.answers(cmi) == [
        ("request", BEST, "correct"),
        ("knowledge_check_1", lms.listed(THREE), "correct"),
        ("knowledge_check_2", "option_1", "correct"),
    ]
    assert [lms.pattern(cmi, n) for n in (1, 2)] == [lms.listed(THREE), "option_1"]
    for interaction in lms.interactions(cmi):
        assert interaction["type"] == "choice"
        assert re.fullmatch(TIME[fmt], interaction["time" if fmt == "scorm12" else "timestamp"])
        assert re.fullmatch(SPAN[fmt], interaction["latency"])
    assert re.fullmatch(SPAN[fmt], core["session_time"])
    assert core["session_time"] not in ("00:00:00", "PT0H0M0.00S", "")
    # Finished, yet a suspend: the LMS resumes this attempt, and the pass stays in view.
    assert core["exit"] == "suspend"
    assert not [m for m in console if m.startswith(("warning", "error", "pageerror"))]


@pytest.mark.parametrize("fmt", FORMATS)
def test_unfinished_exit_suspends_and_the_next_launch_resumes_there(
    page: Page, lms_url: str, fmt: str, console: list[str]
) -> None:
    lms = Lms(page, fmt).start(lms_url)
    sco = lms.frame("reference-book")
    first_order = reply_order(sco, 0)
    first_options = sco.locator(".rp-form").first.locator("label").all_inner_texts()
    choose(sco, "Sorry, reference books")
    lms.leave_frame()
    cmi = lms.cmi()
    core = lms.core(cmi)
    assert core["exit"] == "suspend"
    assert lms.status(cmi)[0] == "incomplete"
    assert core["score"]["raw"] == ""
    assert lms.answers(cmi) == [("request", SORRY, WRONG[fmt])]
    assert 0 < len(cmi["suspend_data"]) <= SUSPEND_LIMIT

    # The next launch: where the learner left off, with the replies in the same order.
    later = Lms(page, fmt).start(lms_url, lms.resumed(cmi))
    sco = later.frame("reference-book")
    expect(sco.locator(".rp-notice")).to_have_text("Welcome back: you are where you left off.")
    assert reply_order(sco, 0) == first_order
    assert sco.locator(".rp-form").first.locator("label").all_inner_texts() == first_options
    expect(sco.locator(".rp-turn")).to_have_count(2)
    expect(sco.locator(".rp-turn").last).to_contain_text("Then what am I supposed to do tonight?")

    # Then a failure ending, and a knowledge check that fails.
    choose(sco, "Those are the rules")
    expect(sco.locator(".rp-live .rp-end")).to_be_visible()
    # Decided at the ending: a failure ending cannot pass, whatever the answers.
    failed = ("failed",) * 2 if fmt == "scorm12" else ("completed", "failed")
    assert later.status(later.cmi()) == failed
    check(sco, 0, "Is it illegal?")
    check(sco, 1, "From the policy manual")
    later.leave_frame()
    cmi = later.cmi()
    assert later.status(cmi) == failed
    assert later.core(cmi)["score"]["raw"] == "0"
    assert later.core(cmi)["exit"] == "suspend"
    assert later.answers(cmi)[1:] == [
        ("frustrated", RULES, WRONG[fmt]),
        ("knowledge_check_1", "option_1", WRONG[fmt]),
        ("knowledge_check_2", "option_2", WRONG[fmt]),
    ]
    assert not [m for m in console if m.startswith(("warning", "error", "pageerror"))]


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_popup_finds_the_api_in_its_opener(page: Page, lms_url: str, fmt: str) -> None:
    lms = Lms(page, fmt).start(lms_url)
    sco = lms.popup("reference-book")
    pass_reference(sco)
    # The LMS is the store (Material keeps its own settings there).
    assert sco.evaluate("Object.keys(localStorage).filter(k => k.startsWith('rp'))") == []
    sco.goto("about:blank")
    cmi = lms.cmi()
    assert lms.status(cmi)[1] == "passed"
    assert [a[0] for a in lms.answers(cmi)] == ["request", "knowledge_check_1", "knowledge_check_2"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_leaving_commits_and_finishes_once(page: Page, lms_url: str, fmt: str) -> None:
    initialize, set_value, commit, finish = CALLS[fmt][:4]
    lms = Lms(page, fmt).start(lms_url)
    sco = lms.frame("reference-book")
    choose(sco, "Sorry, reference books")
    # Both unload events fire as the frame goes.
    lms.leave_frame()
    names = [call[0] for call in lms.calls() if call[0] in CALLS[fmt][:4]]
    assert names.count(initialize) == 1
    assert names.count(finish) == 1
    assert names[-2:] == [commit, finish]
    session = "cmi.core.session_time" if fmt == "scorm12" else "cmi.session_time"
    assert [set_value, session] in [call[:2] for call in lms.calls()]


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_lms_error_is_logged_and_the_learner_goes_on(
    page: Page, lms_url: str, fmt: str, console: list[str]
) -> None:
    initialize, _, _, finish, _, last_error, error_string, _ = CALLS[fmt]
    lms = Lms(page, fmt).start(lms_url)
    # A session the LMS has already ended: it refuses to initialize another.
    page.evaluate(f"{lms.name}.{initialize}(''), {lms.name}.{finish}('')")
    sco = lms.frame("reference-book")
    words = page.evaluate(f"{lms.name}.{error_string}({lms.name}.{last_error}())")
    code = page.evaluate(f"{lms.name}.{last_error}()")
    assert code != "0"
    warnings = [m for m in console if m.startswith("warning")]
    assert [f"warning: SCORM {initialize}(): error {code}: {words}"] == warnings
    # The learner is told; the page goes on as the website does: progress in the browser.
    alert = sco.get_by_role("alert")
    expect(alert).to_contain_text(NOT_RECORDED)
    expect(alert).to_contain_text("tell your trainer")
    choose(sco, "Sorry, reference books")
    expect(sco.locator(".rp-turn").last).to_contain_text("Then what am I supposed to do tonight?")
    assert page.frames[1].evaluate("localStorage.getItem('rp2:reference-book')")


@pytest.mark.parametrize("fmt", FORMATS)
def test_twenty_retries_stay_small_and_each_reply_is_an_interaction(
    page: Page, lms_url: str, fmt: str
) -> None:
    lms = Lms(page, fmt).start(lms_url)
    sco = lms.frame("reference-book")
    saved = []
    for _ in range(21):
        walk_to_failure(sco)
        saved.append(lms.cmi()["suspend_data"])
        sco.get_by_role("button", name="Try again").click()
    lms.leave_frame()
    cmi = lms.cmi()
    assert len(lms.interactions(cmi)) == 42
    assert max(len(s) for s in saved) <= SUSPEND_LIMIT
    # Nothing piles up: each attempt's state differs only in its number and seed.
    values = [json.loads(s) for s in saved]
    assert [v[1] for v in values] == list(range(1, 22))
    assert len({json.dumps(v[:1] + v[3:8]) for v in values}) == 1
    assert [v[8] for v in values] == [0] + [2] * 20  # the best earlier attempt: completed


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_longest_shipped_scenarios_worst_state_fits_scorm_12(
    page: Page, lms_url: str, fmt: str
) -> None:
    """Its longest walk, every option as every first answer, the 21st attempt: written
    through the adapter, read back on the next launch."""
    slug, state = shipped_worst_case()
    lms = Lms(page, fmt).start(lms_url)
    sco = lms.frame(slug)
    raw = json.dumps(state)
    page.frames[1].evaluate("([key, raw]) => rpLMS.setItem(key, raw)", [f"rp2:{slug}", raw])
    lms.leave_frame()
    cmi = lms.cmi()
    assert cmi["suspend_data"] == suspend_data(state)
    assert len(cmi["suspend_data"]) <= SUSPEND_LIMIT
    later = Lms(page, fmt).start(lms_url, lms.resumed(cmi))
    sco = later.frame(slug)
    stored = page.frames[1].evaluate("key => JSON.parse(rpLMS.getItem(key))", f"rp2:{slug}")
    assert stored == state
    expect(sco.locator(".rp-live .rp-end")).to_be_visible()


def test_every_shipped_scenarios_worst_state_fits_scorm_12() -> None:
    """The sizing the browser test above confirms for the largest, for all of them."""
    state = shipped_worst_case()[1]
    size = len(suspend_data(state))
    assert size <= SUSPEND_LIMIT
    assert state["path"], "a walk to measure"


@pytest.mark.parametrize("fmt", FORMATS)
def test_links_to_other_pages_open_a_new_tab_and_keep_the_session(
    page: Page, lms_url: str, fmt: str
) -> None:
    lms = Lms(page, fmt).start(lms_url)
    sco = lms.frame("reference-book")
    choose(sco, "Sorry, reference books")
    with page.context.expect_page() as info:
        # The idea page of the scenario's topic, linked from the page's introduction.
        sco.locator(".md-content a[href$='yes-first.html']").first.click()
    other = info.value
    other.wait_for_load_state()
    assert other.evaluate("window.opener") is None
    expect(sco.locator(".rp-turn")).to_have_count(2)  # the scenario is still there
    assert CALLS[fmt][3] not in [call[0] for call in lms.calls()]


@pytest.mark.parametrize("fmt", FORMATS)
def test_commits_after_every_step_of_the_learner(page: Page, lms_url: str, fmt: str) -> None:
    """A reply (told with the step it leads to: two events), an answer (a first one or
    not), Show the answer, Try again: each event is committed once, after what it
    reports."""
    commit = CALLS[fmt][2]
    lms = Lms(page, fmt).start(lms_url)
    sco = lms.frame("reference-book")

    def commits() -> list[int]:
        names = [call[0] for call in lms.calls()]
        return [n for n, name in enumerate(names) if name == commit]

    def committed(act: Any, *args: Any, events: int = 1) -> None:
        before = len(lms.calls())
        act(sco, *args)
        page.wait_for_timeout(50)
        assert len([n for n in commits() if n >= before]) == events, (act.__name__, args)
        # after what it reports: only the commit's GetLastError comes after it
        assert [call[0] for call in lms.calls()[-2:]] == [commit, CALLS[fmt][5]]

    def again(sco: FrameLocator) -> None:
        sco.get_by_role("button", name="Try again").click()

    def show(sco: FrameLocator, question: int) -> None:
        form = sco.locator(".rp-form").nth(question)
        form.get_by_role("button", name="Show the answer").click()

    for _ in range(2):  # the same ending twice
        committed(choose, "No", events=2)
        committed(choose, "Those are the rules", events=2)
        committed(again)
    committed(choose, "That volume has to stay here", events=2)
    committed(check, 1, "From yes")
    committed(check, 1, "From the policy manual")  # practice: no interaction
    # "Show the answer" first: a wrong first answer with no response.
    committed(show, 0)
    lms.leave_frame()
    cmi = lms.cmi()
    assert len(lms.interactions(cmi)) == 7
    shown = lms.interactions(cmi)[-1]
    assert shown["id"] == "knowledge_check_1"
    assert shown["result"] == WRONG[fmt]
    assert shown["student_response" if fmt == "scorm12" else "learner_response"] == ""
    assert lms.pattern(cmi, len(lms.interactions(cmi)) - 1) == lms.listed(THREE)
    # The success ending with one of two first answers right (pass mark 80%).
    assert lms.status(cmi)[1] == "failed"
    assert lms.core(cmi)["score"]["raw"] == "50"


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_scenario_without_questions_passes_on_its_success_ending(
    page: Page, lms_url: str, fmt: str
) -> None:
    lms = Lms(page, fmt).start(lms_url)
    sco = lms.frame("scene")
    choose(sco, "Hello! Are these returns?")
    choose(sco, "First, I'll check them in.")
    lms.leave_frame()
    cmi = lms.cmi()
    assert lms.status(cmi) == (("passed",) * 2 if fmt == "scorm12" else ("completed", "passed"))
    assert lms.core(cmi)["score"]["raw"] == "100"
    if fmt == "scorm2004":
        assert cmi["score"]["scaled"] == "1"
    assert lms.core(cmi)["exit"] == "suspend"


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    ("saved", "notice"),
    [
        ("[1,2,", ""),
        ("hello", ""),
        # Saved by a package of another structure, through a step that has changed since.
        (
            '["0000000000000000",1,5,false,null,{},null,[[0,"zzzzzz"]],0]',
            "This scenario has changed",
        ),
    ],
    ids=["truncated", "not-json", "other-version"],
)
def test_unusable_saved_data_starts_afresh(
    page: Page, lms_url: str, fmt: str, saved: str, notice: str
) -> None:
    status = {"core": {"lesson_status": "incomplete"}} if fmt == "scorm12" else {}
    lms = Lms(page, fmt).start(lms_url, {"suspend_data": saved, **status})
    sco = lms.frame("reference-book")
    expect(sco.locator(".rp-notice")).to_have_text(re.compile("^" + re.escape(notice)))
    expect(sco.locator(".rp-live .rp-turn")).to_have_count(1)
    choose(sco, "No")
    assert json.loads(lms.cmi()["suspend_data"])[7] != []


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_frame_inside_a_popup_finds_the_api_in_the_popups_opener(
    page: Page, lms_url: str, fmt: str
) -> None:
    lms = Lms(page, fmt).start(lms_url)
    with page.expect_popup() as info:
        page.evaluate("() => { window.open('player.html', 'player'); }")
    player = info.value
    sco = player.frame_locator("iframe")
    choose(sco, "That volume has to stay here")
    assert lms.answers(lms.cmi()) == [("request", BEST, "correct")]


@pytest.mark.parametrize("fmt", FORMATS)
def test_material_keyboard_page_turns_do_not_leave_the_scenario(
    page: Page, lms_url: str, fmt: str
) -> None:
    lms = Lms(page, fmt).start(lms_url)
    sco = lms.frame("reference-book")
    choose(sco, "Sorry, reference books")
    frame = page.frames[1]
    url = frame.url
    for key in ("n", "p", ".", ","):
        frame.press("body", key)
    page.wait_for_timeout(300)
    assert frame.url == url
    assert CALLS[fmt][3] not in [call[0] for call in lms.calls()]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("how", ["frame-removed", "popup-closed"])
def test_closing_the_player_suspends_and_finishes(
    page: Page, lms_url: str, fmt: str, how: str
) -> None:
    lms = Lms(page, fmt).start(lms_url)
    if how == "popup-closed":
        sco = lms.popup("reference-book")
        choose(sco, "Sorry, reference books")
        sco.close()
    else:
        choose(lms.frame("reference-book"), "Sorry, reference books")
        page.evaluate("document.querySelector('iframe').remove()")
    finish = CALLS[fmt][3]
    page.wait_for_function("f => window.calls.some(c => c[0] === f)", arg=finish, timeout=5000)
    cmi = lms.cmi()
    assert lms.core(cmi)["exit"] == "suspend"
    assert [call[0] for call in lms.calls()].count(finish) == 1


@pytest.mark.parametrize("fmt", FORMATS)
def test_without_an_lms_the_packaged_page_works_as_the_website_and_says_so(
    page: Page, lms_url: str, fmt: str
) -> None:
    page.goto(f"{lms_url}/{fmt}/scenarios/scene.html")
    note = page.get_by_role("note")
    expect(note).to_have_text(
        "Not connected to a course"
        "Your progress on this scenario stays in this browser, on this device, and is not "
        "reported to anyone."
    )
    assert axe_violations(page) == []
    choose(page, "Hello! Are these returns?")
    saved = page.evaluate("JSON.parse(localStorage.getItem('rp2:scene'))")
    assert saved["path"][0][0] == "arrives"
    assert page.evaluate("'rpLMS' in window") is False
    choose(page, "First, I'll check them in.")
    # What is passed here is not on any record.
    expect(page.locator(".rp-live .rp-verdict")).to_have_text(
        PASSED_HERE + "you reached a successful ending."
    )
    expect(page.locator(".rp-notice")).to_have_text(
        PASSED_HERE + "you reached a successful ending."
    )
    page.reload()
    expect(page.locator(".rp-notice")).to_have_text(
        PASSED_HERE + "you reached a successful ending."
    )


def test_a_reply_event_in_a_package_carries_the_replys_id(page: Page, lms_url: str) -> None:
    lms = Lms(page, "scorm2004").start(lms_url)
    sco = lms.frame("reference-book")
    page.frames[1].evaluate(
        "() => { window.replies = [];"
        " addEventListener('roleplay:reply', e => replies.push(e.detail.reply)); }"
    )
    choose(sco, "That volume has to stay here")
    expect(sco.locator(".rp-live .rp-end")).to_be_visible()
    assert page.frames[1].evaluate("window.replies") == [BEST]


KIT_TAG = re.compile(r'<script src="[^"]*/kit\.js"></script>')


def test_a_packages_scenario_page_loads_no_kit_js_and_the_package_has_no_list_pages(
    page: Page, lms_url: str, console: list[str]
) -> None:
    """In a package the LMS keeps the record: no progress, certificate or plan page
    (kit.js's work), and a scenario page never loads kit.js."""
    loads: list[str] = []
    page.on("request", lambda r: loads.append(r.url) if r.url.endswith("/kit.js") else None)
    page.goto(f"{lms_url}/scorm12/scenarios/reference-book.html")
    choose(page, "Sorry, reference books")
    page.wait_for_load_state("networkidle")
    assert loads == []
    for gone in ("progress.html", "certificate.html", "plan-a-session.html"):
        assert page.request.get(f"{lms_url}/scorm12/{gone}").status == 404
    assert not [m for m in console if m.startswith(("error", "pageerror"))]


# -- what a real Moodle 4.5.6 showed, in the Moodle profile ---------------------------

NOT_RECORDED = "Your progress on this scenario is not being recorded"
PASSED_HERE = "Passed in this browser only (not recorded in your course), on attempt 1: "


def warnings_of(console: list[str]) -> list[str]:
    return [m for m in console if m.startswith(("warning", "error", "pageerror"))]


@pytest.mark.parametrize("fmt", FORMATS)
def test_moodle_a_second_scenario_opened_from_the_table_of_contents(
    page: Page, lms_url: str, fmt: str
) -> None:
    """Fault 1: in SCORM 2004 Moodle refuses the second SCO of a player session (104).
    The learner is told, and nothing looks passed; in 1.2 the second SCO is tracked."""
    moodle = Moodle(page, fmt)
    sco = moodle.launch(lms_url, "reference-book")
    choose(sco, "Sorry, reference books")
    sco = moodle.toc("scene")
    choose(sco, "Hello! Are these returns?")
    choose(sco, "First, I'll check them in.")
    verdict = sco.locator(".rp-live .rp-verdict")
    alert = sco.get_by_role("alert")
    if fmt == "scorm12":
        expect(verdict).to_have_text(
            re.compile("^Passed on attempt 1: you reached a successful ending")
        )
        expect(alert).to_have_count(0)
    else:
        expect(alert).to_contain_text(NOT_RECORDED)
        expect(alert).to_contain_text(
            "close this activity and open this scenario again from the course page"
        )
        expect(alert).to_contain_text("tell your trainer")
        expect(verdict).to_have_text(re.compile("^" + re.escape(PASSED_HERE)))
        expect(sco.locator(".rp-notice")).not_to_have_text(re.compile("^Passed on"))
    moodle.exit()
    assert moodle.attempts("reference-book")
    scene = moodle.attempts("scene")
    if fmt == "scorm12":
        assert moodle.status(scene[-1])[1] == "passed"
    else:
        assert scene == []


def test_moodle_error_texts_are_asked_for_with_string_codes(
    page: Page, lms_url: str, console: list[str]
) -> None:
    """Fault 4: Moodle's GetErrorString knows "104", not 104."""
    moodle = Moodle(page, "scorm2004")
    moodle.launch(lms_url, "reference-book")
    moodle.toc("scene")
    text = page.evaluate("API_1484_11.GetErrorString('104')")
    assert text
    assert f"warning: SCORM Initialize(): error 104: {text}" in console


@pytest.mark.parametrize("fmt", FORMATS)
def test_moodle_accepts_every_reply_and_answer(
    page: Page, lms_url: str, fmt: str, console: list[str]
) -> None:
    """Fault 2: Moodle refuses a 2004 choice response or pattern with an id outside
    [\\w.] (406): every id is one it accepts."""
    moodle = Moodle(page, fmt)
    pass_reference(moodle.launch(lms_url, "reference-book"))
    moodle.exit()
    record = moodle.attempts("reference-book")[-1]
    assert moodle.answers(record) == [
        ("request", BEST, "correct"),
        ("knowledge_check_1", moodle.listed(THREE), "correct"),
        ("knowledge_check_2", "option_1", "correct"),
    ]
    assert [moodle.pattern(record, n) for n in (1, 2)] == [moodle.listed(THREE), "option_1"]
    assert not warnings_of(console)


@pytest.mark.parametrize("fmt", FORMATS)
def test_moodle_a_passed_scenario_stays_passed(page: Page, lms_url: str, fmt: str) -> None:
    """Fault 3: a pass is kept. The next launch resumes the same attempt and shows the
    result with Try again; a failing attempt after it lowers nothing."""
    moodle = Moodle(page, fmt)
    pass_reference(moodle.launch(lms_url, "reference-book"))
    moodle.exit()
    sco = moodle.launch(lms_url, "reference-book")
    expect(sco.locator(".rp-live .rp-verdict")).to_have_text(re.compile("^Passed on attempt 1: "))
    sco.get_by_role("button", name="Try again").click()
    walk_to_failure(sco)
    check(sco, 0, "Is it illegal?")
    check(sco, 1, "From the policy manual")
    expect(sco.locator(".rp-live .rp-verdict")).to_have_text(
        re.compile("Later attempts are practice: they do not change this.$")
    )
    moodle.exit()
    attempts = moodle.attempts("reference-book")
    assert len(attempts) == 1
    # The attempts, and the one that passed, where the LMS shows the learner's comments.
    record = attempts[0]
    said = (
        record["comments"] if fmt == "scorm12" else record["comments_from_learner"]["0"]["comment"]
    )
    # In 1.2 a line of its own: Moodle adds each comment to the last.
    line = r"Attempts: 2\. Passed on attempt 1, \d{4}-\d\d-\d\d\." + (
        "\n" if fmt == "scorm12" else ""
    )
    assert re.fullmatch(line, said), said
    passed = ("passed",) * 2 if fmt == "scorm12" else ("completed", "passed")
    assert moodle.status(attempts[0]) == passed
    assert moodle.core(attempts[0])["score"]["raw"] == "100"
    # and again, without a word from the learner
    moodle.launch(lms_url, "reference-book")
    moodle.exit()
    attempts = moodle.attempts("reference-book")
    assert len(attempts) == 1
    assert moodle.status(attempts[0]) == passed
    assert moodle.core(attempts[0])["score"]["raw"] == "100"


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("how", ["exit-activity", "tab-closed"])
def test_moodle_the_place_is_saved_after_every_decision(
    page: Page, lms_url: str, fmt: str, how: str
) -> None:
    """Fault 6: saves while the player page goes are lost; the decisions made before it
    (two replies, the second leading to an ending) are all there on the next launch."""
    moodle = Moodle(page, fmt)
    sco = moodle.launch(lms_url, "reference-book")
    choose(sco, "Sorry, reference books")
    choose(sco, "Those are the rules")
    if how == "exit-activity":
        moodle.exit()
    else:
        moodle.close_tab()
    sco = moodle.launch(lms_url, "reference-book")
    expect(sco.locator(".rp-notice")).to_contain_text("Successful ending: not reached.")
    expect(sco.locator(".rp-live .rp-turn")).to_have_count(2)
    expect(sco.locator(".rp-live .rp-picked")).to_have_count(2)
    expect(sco.locator(".rp-live .rp-end")).to_contain_text("Outcome: Not resolved")


# Each quirk: replacements for API functions (see Lms.start), and what the log says.
QUIRKS = {
    "getvalue-null": ({"GetValue": "(real, a) => null"}, ""),
    "getvalue-undefined": ({"GetValue": "(real, a) => undefined"}, ""),
    # cmi.interactions._count is 7 too: the LMS refuses interaction 7, and says so
    "getvalue-number": ({"GetValue": "(real, a) => 7"}, "(cmi.interactions.7.id): error "),
    "suspend-data-null": (
        {"GetValue": "(real, a) => a[0] == 'cmi.suspend_data' ? 'null' : real(...a)"},
        "",
    ),
    "api-throws": (
        {
            f: "() => { throw new Error('the LMS is down') }"
            for f in (
                "Initialize",
                "GetValue",
                "SetValue",
                "Commit",
                "Terminate",
                "GetLastError",
                "GetErrorString",
            )
        },
        "the LMS is down",
    ),
    "setvalue-fails": (
        {
            "SetValue": "(real, a) => (window.failed = '351', 'false')",
            "GetLastError": "real => window.failed ? (window.failed = '', '351') : real()",
        },
        "error 351: ",
    ),
    "commit-fails": (
        {
            "Commit": "(real, a) => (window.failed = '101', 'false')",
            "GetLastError": "real => window.failed ? (window.failed = '', '101') : real()",
        },
        "error 101: ",
    ),
}


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("quirk", list(QUIRKS))
def test_whatever_the_lms_returns_the_learner_goes_on(
    page: Page, lms_url: str, fmt: str, quirk: str, console: list[str]
) -> None:
    """Fault 5: odd values and failing calls. The page starts afresh, the learner goes
    on, the session is finished, and an error is logged with its text and shown."""
    quirks, logged = QUIRKS[quirk]
    lms = Lms(page, fmt).start(lms_url, {"suspend_data": "[1,2,3]"}, quirks)
    sco = lms.frame("reference-book")
    expect(sco.locator(".rp-live .rp-turn")).to_have_count(1)
    walk_to_failure(sco)
    expect(sco.locator(".rp-live .rp-end")).to_be_visible()
    if logged:
        expect(sco.get_by_role("alert")).to_contain_text(NOT_RECORDED)
    else:
        expect(sco.get_by_role("alert")).to_have_count(0)
    lms.leave_frame()
    if quirk != "api-throws":
        assert CALLS[fmt][3] in [call[0] for call in lms.calls()]
    warnings = warnings_of(console)
    if logged:
        assert warnings and all(logged in m for m in warnings), warnings
    else:
        assert not warnings


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_saved_ending_without_a_quiz_is_left_properly(
    page: Page, lms_url: str, fmt: str, console: list[str]
) -> None:
    """Fault 5: a saved state whose quiz is null still finishes the session."""
    version = runtime_data(load_all([REFERENCE])[0][0], lms=True)["version"]
    saved = f'["{version}",1,5,false,"failure",null,"",[0,0]]'
    lms = Lms(page, fmt).start(lms_url, {"suspend_data": saved})
    sco = lms.frame("reference-book")
    expect(sco.locator(".rp-live .rp-end")).to_be_visible()
    lms.leave_frame()
    assert CALLS[fmt][3] in [call[0] for call in lms.calls()]
    assert not warnings_of(console)


# -- honest attempts, banks and corrected packages (issues 18 and 19) ---------------

WORDING = ("Those are the rules. I don't make them.", "Those are the rules; I don't make them.")


@pytest.fixture(scope="module")
def editions(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Three editions of one course, as a trainer re-uploads it, each unzipped under
    /<edition>/<format>/ with scorm-again and a harness page: "first" (the reference
    example, a copy of it of which one attempt counts, and a bank); "wording" (a reply
    reworded); "structure" (a reply added to the first step)."""
    base = tmp_path_factory.mktemp("editions")
    reference = REFERENCE.read_text("utf-8")
    added = with_new_reply(reference, "request", "Let me ask my supervisor what we can do.")
    editions = {
        "first": {
            "reference-book": reference,
            "limited": reference.replace('title: "', 'title: "Limited: ', 1) + "max_attempts: 1\n",
            "bank": (DATA / "valid" / "bank.yml").read_text("utf-8"),
        },
        "wording": {"reference-book": reference.replace(*WORDING)},
        "structure": {"reference-book": added},
    }
    served = base / "served"
    for edition, scenarios in editions.items():
        root = lenient(make_project(base / edition, dict(scenarios)))
        with pytest.MonkeyPatch.context() as patch:
            patch.chdir(root)
            for fmt in FORMATS:
                package = build_package(fmt, [], root / f"{fmt}.zip")  # type: ignore[arg-type]
                target = served / edition / fmt
                with zipfile.ZipFile(package) as archive:
                    archive.extractall(target)
                shutil.copy(SCORM_AGAIN_DIR / "dist" / RUNTIMES[fmt][2], target / "lms-api.js")
                (target / "harness.html").write_text(
                    '<!doctype html><html lang="en"><meta charset="utf-8"><title>LMS</title>'
                    '<link rel="icon" href="data:,"><script src="lms-api.js"></script>'
                    "<body></body></html>",
                    "utf-8",
                )
    with serve(served) as url:
        yield url


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_corrected_package_resumes_learners_where_the_structure_still_fits(
    page: Page, editions: str, fmt: str
) -> None:
    lms = Lms(page, fmt).start(f"{editions}/first")
    sco = lms.frame("reference-book")
    pass_reference(sco)
    sco.get_by_role("button", name="Try again").click()
    choose(sco, "Sorry, reference books")  # attempt 2, open
    lms.leave_frame()
    saved = lms.resumed(lms.cmi())
    # A reworded reply: the same structure, so everything is as it was.
    later = Lms(page, fmt).start(f"{editions}/wording", saved)
    sco = later.frame("reference-book")
    expect(sco.locator(".rp-notice")).to_have_text("Welcome back: you are where you left off.")
    expect(sco.locator(".rp-turn")).to_have_count(2)
    expect(sco.locator(".rp-turn").last).to_contain_text("Those are the rules; I don't make")
    # A reply added to the step the open attempt went through: that attempt starts
    # again, and the pass stays, in the page and in the LMS.
    later = Lms(page, fmt).start(f"{editions}/structure", saved)
    sco = later.frame("reference-book")
    expect(sco.locator(".rp-notice")).to_contain_text("so your unfinished attempt starts again")
    expect(sco.locator(".rp-turn")).to_have_count(1)
    choose(sco, "Let me ask my supervisor")
    expect(sco.locator(".rp-verdict")).to_contain_text(
        "Passed on attempt 1: you reached a successful ending and answered 2 of 2 questions"
    )
    expect(sco.locator(".rp-verdict")).to_contain_text(
        "That was in an earlier version of this scenario."
    )
    cmi = later.cmi()
    assert later.status(cmi)[1] == "passed"
    state = json.loads(cmi["suspend_data"])
    assert (state[1], state[6][0]) == (2, 1)  # attempt 2; passed on attempt 1


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_attempt_after_max_attempts_changes_nothing_in_the_lms(
    page: Page, editions: str, fmt: str
) -> None:
    lms = Lms(page, fmt).start(f"{editions}/first")
    sco = lms.frame("limited")  # max_attempts: 1
    walk_to_failure(sco)
    failed = ("failed",) * 2 if fmt == "scorm12" else ("completed", "failed")
    assert lms.status(lms.cmi()) == failed
    sco.get_by_role("button", name="Try again").click()
    expect(sco.locator(".rp-notice")).to_contain_text("this one is practice")
    choose(sco, "That volume has to stay here")  # the best reply and every answer right
    check(sco, 0, "Is it illegal?", "Is it immoral?", "Is it impossible?")
    check(sco, 1, "From yes")
    expect(sco.locator(".rp-verdict")).to_contain_text("Not passed yet.")
    cmi = lms.cmi()
    assert lms.status(cmi) == failed
    assert lms.core(cmi)["score"]["raw"] == "0"
    said = cmi["comments"] if fmt == "scorm12" else cmi["comments_from_learner"]["0"]["comment"]
    assert said == "Attempts: 2 (the first 1 count). Not passed yet." + (
        "\n" if fmt == "scorm12" else ""
    )


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_banks_answer_is_reported_under_its_variants_id(
    page: Page, editions: str, fmt: str
) -> None:
    lms = Lms(page, fmt).start(f"{editions}/first")
    sco = lms.frame("bank")
    choose(sco, "Yes, let's look together.")
    shown = sco.locator(".rp-question[data-q='1']:not([hidden])")
    expect(shown).to_have_count(1)
    k = shown.get_attribute("data-k")
    form = shown.locator("form")
    label = "What you can offer instead" if k == "0" else "That is not allowed."
    form.get_by_label(label, exact=True).check()
    form.get_by_role("button", name="Check answer").click()
    expect(form.locator(".rp-result")).not_to_be_empty()
    ids = [a[0] for a in lms.answers(lms.cmi())]
    # Variant 2 has its own id (first_words); variant 1 takes knowledge_check_2.1.
    assert ids[-1] == ("knowledge_check_2.1" if k == "0" else "first_words")
