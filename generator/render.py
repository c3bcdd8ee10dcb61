"""Render scenario, topic, progress and error pages from the package's Jinja2 templates."""

from __future__ import annotations

import hashlib
import json
import random
from collections import deque
from dataclasses import dataclass
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from .branch_map import NODE_H, NODE_W, WIDTH, build_map, draw_edges, ending_shape
from .errors import Problem
from .facilitation import DEBRIEF_MINUTES, live_minutes, reactions, session_minutes
from .load import LoadedScenario
from .model import Bank, Choice, Option, Question, Scenario, Step
from .response_ids import question_id, response_ids
from .site_paths import (
    CERTIFICATE_SRC,
    PLAN_SRC,
    PROGRESS_SRC,
    SHEETS,
    facilitator_src,
    scenario_src,
    topic_src,
)
from .text import TextRenderer, page_url, relative_url
from .topics import TOPICS, Topic
from .topics import topic as find_topic

QUALITY_LABELS = {"best": "Best choice", "good": "Good choice", "poor": "Poor choice"}
OUTCOME_LABELS = {"success": "Success", "partial": "Partly resolved", "failure": "Not resolved"}


@cache
def _env() -> Environment:
    return Environment(
        loader=PackageLoader("generator", "templates"),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def json_for_html(data: Any) -> Markup:
    """JSON that is safe inside ``<script type="application/json">``.

    Material's instant navigation re-creates inline scripts without their ``type`` and so
    runs them as JavaScript: callers wrap data in a list, which then evaluates as a
    harmless array literal instead of a syntax error.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    for char, escape in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e")):
        text = text.replace(char, escape)
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return Markup(text)


def step_order(start: str, choices: dict[str, list[Choice]]) -> list[str]:
    """Steps in the order a reader meets them: breadth-first from the start, following
    the replies in their listed order (so step numbers do not give the best reply away)."""
    order: list[str] = []
    seen = {start}
    queue = deque([start])
    while queue:
        step_id = queue.popleft()
        order.append(step_id)
        for choice in choices[step_id]:
            if choice.next not in seen:
                seen.add(choice.next)
                queue.append(choice.next)
    return order


DEFAULT_PASS_MARK = 0.8
COACHING = ("debrief", "immediate")
"""When a learner sees each reply's quality and feedback; the first is the default."""


def study_order(slug: str, key: str, count: int, fixed: bool = False) -> list[int]:
    """The order in which ``count`` replies or options are listed on the page.

    It is worked out from the scenario and step (or question) names, so it is the same
    in every build, and it is never the written order, which would give the best reply
    away when trainers write it first. ``fixed`` keeps the written order.
    """
    order = list(range(count))
    if fixed or count < 2:
        return order
    seed = int.from_bytes(hashlib.sha256(f"{slug}/{key}".encode()).digest()[:8], "big")
    random.Random(seed).shuffle(order)
    if order == sorted(order):
        order = order[1:] + order[:1]
    return order


def option_key(slot: int, variant: int | None) -> str:
    """The name ``study_order`` lists a question's options by: ``question-N`` for slot
    ``slot`` (from 0), ``question-N-K`` for variant ``variant`` (from 0) of a bank."""
    base = f"question-{slot + 1}"
    return base if variant is None else f"{base}-{variant + 1}"


@dataclass(frozen=True)
class StudyOrder:
    """Replies by step id and options by slot and variant, in the order they are listed,
    with the written position of each (``choice_at``, ``option_at``).

    ``options[i][k]`` are the listed options of variant ``k`` of slot ``i`` (a plain
    question is its slot's only variant, ``k`` 0)."""

    choices: dict[str, list[Choice]]
    options: list[list[list[Option]]]
    choice_at: dict[str, list[int]]
    option_at: list[list[list[int]]]


def study_orders(loaded: LoadedScenario) -> StudyOrder:
    """The listed order of every step's replies and every question's options."""
    s = loaded.scenario
    choices, choice_at = {}, {}
    for step_id, step in s.steps.items():
        written = step.choices or []
        order = study_order(loaded.slug, step_id, len(written), step.shuffle is False)
        choices[step_id] = [written[i] for i in order]
        choice_at[step_id] = order
    options: list[list[list[Option]]] = []
    option_at: list[list[list[int]]] = []
    for index, slot in enumerate(s.questions):
        variants = slot.variants if isinstance(slot, Bank) else [slot]
        options.append([])
        option_at.append([])
        for k, q in enumerate(variants):
            key = option_key(index, k if isinstance(slot, Bank) else None)
            order = study_order(loaded.slug, key, len(q.options), q.shuffle is False)
            options[-1].append([q.options[i] for i in order])
            option_at[-1].append(order)
    return StudyOrder(choices, options, choice_at, option_at)


def _hash(structure: Any, size: int) -> str:
    """``size`` hex digits of the sha256 of ``structure`` as canonical JSON."""
    text = json.dumps(structure, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:size]


def _step_structure(step: Step, order: list[int] | None = None) -> dict[str, Any]:
    """What a saved choice at ``step`` depends on: each reply's response id, next and
    quality, in the written order or in ``order`` (written positions, as listed), and
    whether the replies are shuffled."""
    written = step.choices or []
    ids = response_ids([c.id for c in written], "reply")
    at = range(len(written)) if order is None else order
    return {
        "replies": [[ids[i], written[i].next, written[i].quality] for i in at],
        "fixed": step.shuffle is False,
    }


def _slot_structure(
    index: int, slot: Question | Bank, orders: list[list[int]] | None = None
) -> list[Any]:
    """What a saved answer in slot ``index`` depends on: each variant's question id, type,
    options' response ids and correct flags (in the written order, or in ``orders[k]``
    for variant ``k``: written positions, as listed) and whether its options are
    shuffled."""
    variants = slot.variants if isinstance(slot, Bank) else [slot]
    out = []
    for k, q in enumerate(variants):
        qid = question_id(index, k if isinstance(slot, Bank) else None, q.id)
        ids = response_ids([o.id for o in q.options], "option")
        at = range(len(q.options)) if orders is None else orders[k]
        options = [[ids[i], q.options[i].correct] for i in at]
        out.append([qid, q.type, options, q.shuffle is False])
    return out


def structure_version(s: Scenario) -> str:
    """The scenario's structure version (Page.version, data-v): 16 hex digits that change
    when a saved attempt would no longer fit it: the start, a step's ending or its replies'
    ids, next steps and qualities, a question's id, type, options' ids and right answers,
    or a shuffle flag. Text does not count, so fixing a typo keeps learners' progress."""
    steps: dict[str, Any] = {}
    for step_id, step in s.steps.items():
        if step.ending:
            steps[step_id] = {"ending": step.ending}
        else:
            steps[step_id] = _step_structure(step)
    questions = [_slot_structure(i, slot) for i, slot in enumerate(s.questions)]
    return _hash({"start": s.start, "steps": steps, "questions": questions}, 16)


def max_attempts_of(s: Scenario, site: int = 0) -> int:
    """How many attempts count towards the scenario's status: its own ``max_attempts``,
    else the site's ``site`` (0: unlimited)."""
    return s.max_attempts if s.max_attempts is not None else site


def runtime_data(
    loaded: LoadedScenario,
    pass_mark: float = DEFAULT_PASS_MARK,
    lms: bool = False,
    coaching: str = COACHING[0],
    max_attempts: int = 0,
) -> dict[str, Any]:
    """The structure the browser runtime needs (the ``Page`` typedef in
    ``assets/roleplay.js``, contract version 3); all text is read from the page itself.

    Replies and options are listed in the page's order (see ``study_order``). A decision
    step is ``{"replies": [{"next", "quality", "written"}, ...], "sig"}``, with
    ``"fixed": true`` when its replies must not be shuffled; an ending step is
    ``{"ending": outcome}``. Each knowledge-check slot is ``{"sig", "variants"}``, one
    variant for a plain question and each of a bank's: ``{"type", "correct": [flag per
    option], "written": [positions]}``, with ``"fixed": true`` likewise. ``written`` is
    each item's position in the scenario file. ``version`` is ``structure_version``; a
    ``sig`` is 6 hex digits of the same for one step or slot, in the listed order.
    With ``lms`` (SCORM packages), each reply has its response ``"id"``, and each variant
    its options' ``"ids"`` in the listed order and its interaction ``"id"``
    (``response_ids.question_id``), for the LMS adapter to report.
    ``"coaching"`` is the scenario's own setting, or else the site's ``coaching``;
    ``"maxAttempts"`` likewise with ``max_attempts`` (0: unlimited).
    """
    s = loaded.scenario
    listed = study_orders(loaded)
    steps: dict[str, dict[str, Any]] = {}
    for step_id, step in s.steps.items():
        if step.ending:
            steps[step_id] = {"ending": step.ending}
            continue
        ids = response_ids([c.id for c in step.choices or []], "reply") if lms else []
        replies = []
        for c, at in zip(listed.choices[step_id], listed.choice_at[step_id], strict=True):
            reply: dict[str, Any] = {"next": c.next, "quality": c.quality, "written": at}
            if lms:
                reply["id"] = ids[at]
            replies.append(reply)
        steps[step_id] = {
            "replies": replies,
            "sig": _hash(_step_structure(step, listed.choice_at[step_id]), 6),
        }
        if step.shuffle is False:
            steps[step_id]["fixed"] = True
    questions: list[dict[str, Any]] = []
    for index, slot in enumerate(s.questions):
        in_bank = isinstance(slot, Bank)
        variants: list[dict[str, Any]] = []
        for k, q in enumerate(slot.variants if isinstance(slot, Bank) else [slot]):
            options, positions = listed.options[index][k], listed.option_at[index][k]
            variant: dict[str, Any] = {
                "type": q.type,
                "correct": [o.correct for o in options],
                "written": positions,
            }
            if q.shuffle is False:
                variant["fixed"] = True
            if lms:
                ids = response_ids([o.id for o in q.options], "option")
                variant["ids"] = [ids[i] for i in positions]
                variant["id"] = question_id(index, k if in_bank else None, q.id)
            variants.append(variant)
        sig = _hash(_slot_structure(index, slot, listed.option_at[index]), 6)
        questions.append({"sig": sig, "variants": variants})
    return {
        "slug": loaded.slug,
        "version": structure_version(s),
        "start": s.start,
        "steps": steps,
        "questions": questions,
        "passMark": s.pass_mark if s.pass_mark is not None else pass_mark,
        "coaching": s.coaching or coaching,
        "maxAttempts": max_attempts_of(s, max_attempts),
    }


@dataclass(frozen=True)
class SiteLinks:
    """Where a page's links point, relative to that page."""

    use_directory_urls: bool
    from_src: str

    def to(self, src: str) -> str:
        here = page_url(self.from_src, self.use_directory_urls)
        return relative_url(page_url(src, self.use_directory_urls), here)


def render_scenario(
    loaded: LoadedScenario,
    use_directory_urls: bool = True,
    pass_mark: float = DEFAULT_PASS_MARK,
    lms: bool = False,
    coaching: str = COACHING[0],
    max_attempts: int = 0,
) -> str:
    """The HTML body of a scenario page (Material adds the title from page metadata);
    ``lms`` adds the response ids an LMS adapter reports, ``coaching`` and
    ``max_attempts`` are the site's (see runtime_data)."""
    src = scenario_src(loaded.slug)
    text = TextRenderer(src, use_directory_urls)
    s = loaded.scenario
    listed = study_orders(loaded)
    order = step_order(s.start, listed.choices)
    decisions = [step_id for step_id in order if not s.steps[step_id].ending]
    number = {step_id: i + 1 for i, step_id in enumerate(decisions)}
    topic = find_topic(s.topic)
    links = SiteLinks(use_directory_urls, src)
    return (
        _env()
        .get_template("scenario.html")
        .render(
            s=s,
            slug=loaded.slug,
            t=text,
            order=order,
            number=number,
            topic=topic,
            topic_url=links.to(topic_src(topic.slug)),
            guide_url=links.to(topic.guide),
            kit_url=links.to(facilitator_src(loaded.slug)),
            lms=lms,
            quality_labels=QUALITY_LABELS,
            outcome_labels=OUTCOME_LABELS,
            listed=listed,
            data=json_for_html(
                [runtime_data(loaded, pass_mark, lms, coaching, max_attempts=max_attempts)]
            ),
        )
    )


_ITEMS: dict[tuple[str, str, str, bool, bool, float, int], str] = {}


def _item(
    x: LoadedScenario,
    text: TextRenderer,
    links: SiteLinks,
    with_summary: bool,
    pass_mark: float,
    max_attempts: int = 0,
) -> str:
    """One scenario's entry in a list, cached while its file is unchanged (``links``
    belong to the same page as ``text``). Its status span carries what kit.js needs to
    read the saved progress: the structure version, the number of question slots, the
    pass mark and the attempts that count (0: unlimited)."""
    s = x.scenario
    mark = s.pass_mark if s.pass_mark is not None else pass_mark
    most = max_attempts_of(s, max_attempts)
    key = (x.digest, x.slug, text.page_src_uri, text.use_directory_urls, with_summary, mark, most)
    if key not in _ITEMS:
        url = links.to(scenario_src(x.slug))
        status = (
            f'<span class="rp-status" data-slug="{x.slug}" data-v="{structure_version(s)}" '
            f'data-n="{len(s.questions)}" data-pm="{mark:g}" data-ma="{most}"></span>'
        )
        summary = f'<div class="rp-list-summary">{text.block(s.summary)}</div>'
        _ITEMS[key] = (
            f'<li><a href="{url}">{text.inline(s.title)}</a> {status}'
            f"{summary if with_summary else ''}</li>"
        )
    return _ITEMS[key]


def render_topic(
    topic: Topic,
    scenarios: list[LoadedScenario],
    use_directory_urls: bool = True,
    pass_mark: float = DEFAULT_PASS_MARK,
    max_attempts: int = 0,
) -> str:
    """The HTML body of a topic's index page (``max_attempts``: the site's, 0 unlimited)."""
    src = topic_src(topic.slug)
    links = SiteLinks(use_directory_urls, src)
    text = TextRenderer(src, use_directory_urls)
    items = [_item(x, text, links, True, pass_mark, max_attempts) for x in scenarios]
    return (
        _env()
        .get_template("topic.html")
        .render(
            topic=topic,
            items=Markup("\n".join(items)),
            progress_url=links.to(PROGRESS_SRC),
            guide_url=links.to(topic.guide),
        )
    )


def render_progress(
    scenarios: list[LoadedScenario],
    use_directory_urls: bool = True,
    pass_mark: float = DEFAULT_PASS_MARK,
    max_attempts: int = 0,
) -> str:
    """The HTML body of the progress page: every scenario, grouped by topic
    (``max_attempts``: the site's, 0 unlimited)."""
    links = SiteLinks(use_directory_urls, PROGRESS_SRC)
    text = TextRenderer(PROGRESS_SRC, use_directory_urls)
    groups = []
    for topic in TOPICS:
        items = [
            _item(x, text, links, False, pass_mark, max_attempts)
            for x in scenarios
            if x.scenario.topic == topic.slug
        ]
        if items:
            groups.append((topic, links.to(topic_src(topic.slug)), Markup("\n".join(items))))
    return _env().get_template("progress.html").render(groups=groups, total=len(scenarios))


def render_facilitator(loaded: LoadedScenario, use_directory_urls: bool = True) -> str:
    """The HTML body of a scenario's facilitator page: the patron and staff cards, the
    branch map with its text alternative, and the debrief."""
    src = facilitator_src(loaded.slug)
    s = loaded.scenario
    listed = study_orders(loaded)
    order = step_order(s.start, listed.choices)
    m = build_map(s, order, listed.choices)
    first = s.steps[s.start]
    return (
        _env()
        .get_template("facilitator.html")
        .render(
            s=s,
            slug=loaded.slug,
            t=TextRenderer(src, use_directory_urls, written_for=scenario_src(loaded.slug)),
            scenario_url=SiteLinks(use_directory_urls, src).to(scenario_src(loaded.slug)),
            minutes=live_minutes(s),
            session_minutes=session_minutes(s),
            first=first,
            reactions=reactions(s, OUTCOME_LABELS),
            m=m,
            edges=draw_edges(m),
            titles={n.step_id: n.title for n in m.nodes},
            shape=ending_shape,
            width=WIDTH,
            node_w=NODE_W,
            node_h=NODE_H,
            quality_labels=QUALITY_LABELS,
            outcomes=OUTCOME_LABELS,
        )
    )


def render_certificate(
    scenarios: list[LoadedScenario],
    site_name: str,
    use_directory_urls: bool = True,
    pass_mark: float = DEFAULT_PASS_MARK,
    max_attempts: int = 0,
) -> str:
    """The HTML body of the certificate page; the runtime fills in what was passed
    (``max_attempts``: the site's, 0 unlimited)."""
    links = SiteLinks(use_directory_urls, CERTIFICATE_SRC)
    text = TextRenderer(CERTIFICATE_SRC, use_directory_urls)
    items = [_item(x, text, links, False, pass_mark, max_attempts) for x in scenarios]
    return (
        _env()
        .get_template("certificate.html")
        .render(
            site_name=site_name,
            items=Markup("\n".join(items)),
            progress_url=links.to(PROGRESS_SRC),
        )
    )


_PLAN_ROWS: dict[tuple[str, str, bool], str] = {}


def _plan_row(x: LoadedScenario, text: TextRenderer, links: SiteLinks) -> str:
    """One scenario's line on the plan page, cached while its file is unchanged."""
    key = (x.digest, x.slug, text.use_directory_urls)
    if key not in _PLAN_ROWS:
        _PLAN_ROWS[key] = (
            f'<li data-minutes="{session_minutes(x.scenario)}" data-slug="{x.slug}">'
            f'<a href="{links.to(scenario_src(x.slug))}">{text.inline(x.scenario.title)}</a>: '
            f"about {live_minutes(x.scenario)} minutes live, "
            f"{session_minutes(x.scenario)} with its debrief. "
            f'<a href="{links.to(facilitator_src(x.slug))}">Facilitator page</a>.</li>'
        )
    return _PLAN_ROWS[key]


def render_plan(scenarios: list[LoadedScenario], use_directory_urls: bool = True) -> str:
    """The HTML body of the "Plan a session" page: every scenario's live timing by topic."""
    links = SiteLinks(use_directory_urls, PLAN_SRC)
    text = TextRenderer(PLAN_SRC, use_directory_urls)
    groups = []
    for topic in TOPICS:
        rows = [_plan_row(x, text, links) for x in scenarios if x.scenario.topic == topic.slug]
        if rows:
            groups.append((topic, Markup("\n".join(rows))))
    sheets = [(title, links.to(src)) for title, src in SHEETS]
    return (
        _env()
        .get_template("plan.html")
        .render(groups=groups, sheets=sheets, debrief_minutes=DEBRIEF_MINUTES)
    )


def render_search_text(loaded: LoadedScenario) -> str:
    """The scenario's words in light markup, for the search index only.

    Search parses every page's HTML; the full page has several times more tags for the
    same words, which made indexing the largest cost of a build.
    """
    return _env().get_template("search.html").render(s=loaded.scenario)


def render_errors(problems: list[Problem]) -> str:
    """The HTML body of the page shown in place of a broken scenario under ``serve``."""
    return _env().get_template("errors.html").render(problems=problems)
