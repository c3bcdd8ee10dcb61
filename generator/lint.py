"""Design warnings: what ``check`` accepts but makes a weaker scenario (``lint``).

check's errors stop a build; these warnings never do. Each rule is a small function that
reads a valid scenario and its Document (for positions) and returns Problems whose
message starts with ``warning: `` and says what to change and why it matters to
learners or facilitators.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import click

from .errors import Problem, ScenarioError
from .load import (
    SUFFIX,
    LoadedScenario,
    display_path,
    expand_paths,
    load_scenario_bytes,
    read_limited,
)
from .messages import describe, where
from .model import Choice, Scenario, Step
from .reading import grade, words
from .site_config import CONFIG_FILE, site_link_errors
from .site_paths import PROGRESS_SRC, scenario_src
from .text import link_target, links_in
from .topics import topic
from .yaml_strict import Document, Loc, load_bytes

WARNING = "warning: "
NOT_LINTED = WARNING + "not linted"
MAX_GRADE = 8.0
LENGTH_RATIO = 1.5
DEFAULT_DIR = Path("scenarios")


@dataclass(frozen=True)
class Subject:
    """A valid scenario as the rules see it: the model, and the file for positions."""

    doc: Document
    loaded: LoadedScenario

    @property
    def scenario(self) -> Scenario:
        """The validated scenario."""
        return self.loaded.scenario

    @property
    def slug(self) -> str:
        """The file name without ``.yml``: the page address."""
        return self.loaded.slug

    def warn(self, loc: Loc, message: str, *, key: bool = False) -> Problem:
        """A warning placed at ``loc`` (its key when ``key``), named as check names it.

        At the top level (``loc`` empty) the message stands alone.
        """
        line, col = self.doc.position(loc, key=key)
        named = f"{where(loc)}: {message}" if loc else message
        return Problem(self.doc.path, line, col, WARNING + named)


Rule = Callable[[Subject], list[Problem]]


def _decisions(s: Scenario) -> Iterator[tuple[str, list[Choice]]]:
    for step_id, step in s.steps.items():
        if step.choices:
            yield step_id, step.choices


def _length(text: str) -> int:
    return len(words(text))


# 1. The best reply is the longest -------------------------------------------------------


def best_is_longest(subject: Subject) -> list[Problem]:
    """The best reply is the longest at more than half of the decisions.

    Only decisions that have both a best reply and another reply count. At such a
    decision the best is "the longest" when some best reply has strictly more words than
    every reply that is not best (two best replies may tie with each other).
    """
    counted, longest = 0, []
    for step_id, choices in _decisions(subject.scenario):
        best = [_length(c.text) for c in choices if c.quality == "best"]
        other = [_length(c.text) for c in choices if c.quality != "best"]
        if not best or not other:
            continue
        counted += 1
        if max(best) > max(other):
            longest.append(step_id)
    if not longest or len(longest) * 2 <= counted:
        return []
    return [
        subject.warn(
            ("steps",),
            f"the best reply is also the longest at {len(longest)} of {counted} decisions "
            f"({', '.join(longest)}), so learners learn to pick the longest reply instead of "
            "judging what it says; make some best replies short, or other replies longer",
            key=True,
        )
    ]


# 2. Best replies are much longer than poor ones -----------------------------------------


def _average(numbers: list[int]) -> float:
    return sum(numbers) / len(numbers)


def best_much_longer_than_poor(subject: Subject) -> list[Problem]:
    """Best replies average more than 1.5 times the words of poor ones, over the scenario."""
    choices = [c for _, cs in _decisions(subject.scenario) for c in cs]
    best = [_length(c.text) for c in choices if c.quality == "best"]
    poor = [_length(c.text) for c in choices if c.quality == "poor"]
    if not best or not poor or _average(best) <= LENGTH_RATIO * _average(poor):
        return []
    return [
        subject.warn(
            ("steps",),
            f"best replies average {_average(best):.1f} words and poor ones "
            f"{_average(poor):.1f}, so length alone gives the answer away; write poor "
            "replies with the same care (a poor reply can be long and polite)",
            key=True,
        )
    ]


# 3. A decision without consequence ------------------------------------------------------


def no_consequence(subject: Subject) -> list[Problem]:
    """Every reply of a decision leads to the same next step."""
    out = []
    for step_id, choices in _decisions(subject.scenario):
        targets = {c.next for c in choices}
        if len(targets) == 1:
            out.append(
                subject.warn(
                    ("steps", step_id),
                    f'every reply leads to "{choices[0].next}", so what the learner '
                    "chooses changes nothing in the conversation; let a weaker reply lead "
                    "to a step where the patron reacts to it",
                    key=True,
                )
            )
    return out


# 4. No feedback names a principle -------------------------------------------------------

_GENERATED_FOLDERS = ("scenarios/", "topics/")


def is_idea_page(href: str, slug: str) -> bool:
    """Whether a link in scenario ``slug`` goes to a hand-written page of the site.

    Pages the plugin generates (scenarios, topics, progress) and links that leave the
    docs folder do not count.
    """
    target = link_target(href, scenario_src(slug))
    return (
        target.kind == "page"
        and not target.path.startswith("../")
        and not target.path.startswith(_GENERATED_FOLDERS)
        and target.path != PROGRESS_SRC
    )


def no_principle_linked(subject: Subject) -> list[Problem]:
    """No choice's feedback links an idea page (one warning per scenario)."""
    for _, choices in _decisions(subject.scenario):
        for choice in choices:
            if any(is_idea_page(href, subject.slug) for href in links_in(choice.feedback)):
                return []
    guide = topic(subject.scenario.topic)
    example = f"[{guide.title}](../{guide.guide})"
    return [
        subject.warn(
            ("steps",),
            "no reply's feedback links an idea page, so learners do not see which "
            "principle a reply follows or where to read more; link the idea in a "
            f"feedback, for example {example}",
            key=True,
        )
    ]


# 5. Reading grade -----------------------------------------------------------------------

_ENOUGH_WORDS_FOR_A_GRADE = 10


def staff_texts(s: Scenario) -> Iterator[tuple[Loc, str]]:
    """Every text staff read while playing, with where it stands in the file.

    Not the title, the patron's goal, notes or discussion: those are for facilitators.
    """
    yield ("summary",), s.summary
    for i, objective in enumerate(s.objectives):
        yield ("objectives", i), objective
    yield ("patron", "about"), s.patron.about
    for step_id, step in s.steps.items():
        yield from _step_texts(("steps", step_id), step)
    for q, question in enumerate(s.questions):
        yield ("questions", q, "prompt"), question.prompt
        for o, option in enumerate(question.options):
            yield ("questions", q, "options", o, "text"), option.text
            if option.feedback:
                yield ("questions", q, "options", o, "feedback"), option.feedback


def _step_texts(loc: Loc, step: Step) -> Iterator[tuple[Loc, str]]:
    for name in ("scene", "patron", "debrief"):
        text = getattr(step, name)
        if text:
            yield (*loc, name), text
    for i, choice in enumerate(step.choices or []):
        yield (*loc, "choices", i, "text"), choice.text
        yield (*loc, "choices", i, "feedback"), choice.feedback


def hard_to_read(subject: Subject) -> list[Problem]:
    """The staff-facing text reads above grade 8 (Flesch-Kincaid).

    The warning stands at the hardest text of at least ten words, where rewriting helps
    most (short texts get extreme grades from a single long word).
    """
    texts = list(staff_texts(subject.scenario))
    # A blank line ends a sentence, so an objective without a full stop stays its own.
    overall = grade("\n\n".join(text for _, text in texts))
    if overall <= MAX_GRADE:
        return []
    graded = [(grade(t), loc) for loc, t in texts if _length(t) >= _ENOUGH_WORDS_FOR_A_GRADE]
    hardest, loc = max(graded, default=(overall, ("summary",)))
    return [
        subject.warn(
            loc,
            f"the scenario reads at grade {overall:.1f} (aim for {MAX_GRADE:.0f} or below), "
            "so staff who read it between tasks or in a second language may lose the "
            f"thread; use shorter sentences and everyday words, starting here (grade "
            f"{hardest:.1f})",
        )
    ]


# 6. Narration in a patron line ----------------------------------------------------------

_TITLES = {"mr", "mrs", "ms", "mx", "miss", "dr", "prof", "sir", "madam"}
_LEADING_MARKUP = re.compile(r"^[\s*_]+")
_NEXT_WORD = re.compile(r"\s+([^\W\d_]+(?:['\u2019][^\W\d_]+)?)")
# Past tenses that do not end in -ed, as narration uses them: "Mark sat down."
_IRREGULAR = set(
    "is was has had does did goes went says said comes came gets got takes took gives "
    "gave makes made sees saw leaves left stands stood sits sat runs ran puts put lets "
    "keeps kept feels felt holds held brings brought thinks thought tells told knows knew "
    "begins began shakes shook throws threw finds found sends sent spends spent hangs hung "
    "grabs grabbed storms slams".split()
)
_NOT_VERBS = set(
    "always perhaps sometimes besides nowadays afterwards towards yes this its his hers "
    "ours yours theirs plus less as us thus".split()
)
# Words that may stand between the name and the verb: "Mark slowly looks up".
_IN_BETWEEN = set("just then still also now finally suddenly quickly slowly only".split())


def _name_forms(name: str) -> list[str]:
    """How a line may start with the patron's name: "Mr. Chen", "Mr Chen", "Chen"."""
    parts = name.split()
    plain = [p for p in parts if p.lower().rstrip(".") not in _TITLES]
    forms = {name, " ".join(p.rstrip(".") for p in parts)}
    if plain:
        forms |= {plain[0], plain[-1]}
    return sorted(forms, key=len, reverse=True)


def _third_person_verb(word: str) -> bool:
    if word != word.lower() or word in _NOT_VERBS:
        return False  # "Mark Jones here" names a person; a verb is in lower case
    if word in _IRREGULAR:
        return True
    if len(word) > 2 and word.endswith("s") and not word.endswith(("ss", "us", "'s", "\u2019s")):
        return True
    return len(word) > 3 and word.endswith("ed") and not word.endswith("eed")


def reads_as_narration(line: str, name: str) -> bool:
    """Whether ``line`` opens with the patron's ``name`` and a verb in the third person.

    "Mark sighs.", "Grace stares at the kiosk.", "Mr. Chen slowly stands up" and "Ana:
    Ana walks off" read as narration; "Mark here, I called yesterday", "Mark Jones
    speaking" and "I sighed" do not.
    """
    text = _LEADING_MARKUP.sub("", line, count=1)
    forms = _name_forms(name)
    for form in forms:  # a speaker label first: "Ana: Ana walks off"
        if text.startswith(form + ":"):
            text = text[len(form) + 1 :].lstrip()
            break
    opening = next((f for f in forms if re.match(re.escape(f) + r"\b", text)), None)
    if opening is None:
        return False
    rest = text[len(opening) :]
    for _ in range(2):  # the verb, or one adverb and then the verb
        found = _NEXT_WORD.match(rest)
        if not found:
            return False
        word = found.group(1)
        if _third_person_verb(word):
            return True
        if word not in _IN_BETWEEN and not word.endswith("ly"):
            return False
        rest = rest[found.end() :]
    return False


def narration_in_patron_line(subject: Subject) -> list[Problem]:
    """A patron line opens with the patron's name and a verb: narration, not speech."""
    name = subject.scenario.patron.name
    out = []
    for step_id, step in subject.scenario.steps.items():
        if not step.patron:
            continue
        line = " ".join(step.patron.split())
        if reads_as_narration(line, name):
            out.append(
                subject.warn(
                    ("steps", step_id, "patron"),
                    f"{describe(line)} reads as narration, but patron lines are shown as "
                    f"{name}'s own words, so learners see {name} say it aloud; move what "
                    f"happens to scene: (shown as narration) and keep patron: for what "
                    f"{name} says",
                )
            )
    return out


# 7. The summary gives the hidden need away ----------------------------------------------

_STOPWORDS = set(
    "a an the and or but if so as at by for from in into of off on onto out over to up "
    "with without about after before between through under until upon than then there "
    "here this that these those it its it's i me my mine we us our you your he him his "
    "she her hers they them their who whom whose which what when where why how all any "
    "both each every few more most other some such no nor not only own same too very can "
    "could will would shall should may might must do does did doing done is are was were "
    "be been being am have has had having get gets got just also still even yet again "
    "now one ones someone something anything nothing really much many way ways next last "
    "new right".split()
)
# Words of every scenario: sharing them says nothing about this patron's need.
_EVERYDAY = set(
    "library librarian staff desk patron member branch help need want wants needs like "
    "make take give see look know think say tell ask find use go come try work time day "
    "today".split()
)
_MAX_PHRASE_WORDS = 8
_TOKEN = re.compile(r"[^\W_]+(?:['\u2019-][^\W_]+)*|[.,;:!?()\"\u201c\u201d\u2014\u2013]")


@dataclass(frozen=True)
class _Word:
    norm: str
    start: int
    end: int
    content: bool


def _normal(word: str) -> str:
    word = word.lower().replace("\u2019", "'")
    word = word.removesuffix("'s")
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]  # exams and exam are the same word here
    return word


def _clauses(text: str, ignored: set[str]) -> list[list[_Word]]:
    """The words of each clause (punctuation splits them), marked content or not."""
    clauses: list[list[_Word]] = [[]]
    for found in _TOKEN.finditer(text):
        if not found.group()[0].isalnum():
            clauses.append([])
            continue
        norm = _normal(found.group())
        content = norm not in _STOPWORDS and norm not in _EVERYDAY and norm not in ignored
        clauses[-1].append(_Word(norm, found.start(), found.end(), content))
    return [c for c in clauses if c]


def _phrases(text: str, ignored: set[str]) -> set[tuple[str, ...]]:
    """Every run of words within a clause that starts and ends with content words and
    holds at least two (at most eight words long), in normal form."""
    out: set[tuple[str, ...]] = set()
    for clause in _clauses(text, ignored):
        for i, first in enumerate(clause):
            if not first.content:
                continue
            for j in range(i + 1, min(len(clause), i + _MAX_PHRASE_WORDS)):
                if clause[j].content:
                    out.add(tuple(w.norm for w in clause[i : j + 1]))
    return out


def shared_phrase(summary: str, goal: str, name: str = "") -> str | None:
    """The longest phrase of ``summary`` that ``goal`` repeats, or None.

    A phrase is a run of the same words in the same order, holding at least two content
    words: not stopwords ("a", "the", "his"), not words of every scenario ("library",
    "help") and not the patron's ``name``. "a hearing tomorrow" in both is shared; "the
    library" or "Omar" is not.
    """
    ignored = {_normal(part.rstrip(".")) for part in name.split()}
    in_goal = _phrases(goal, ignored)
    # Runs of the summary are followed only while the goal has a phrase that starts so,
    # which keeps a long summary quick.
    starts = {key[:n] for key in in_goal for n in range(1, len(key) + 1)}
    best: tuple[int, int, int, int] | None = None  # content words, length, start, end
    for clause in _clauses(summary, ignored):
        for i, first in enumerate(clause):
            if not first.content:
                continue
            count, key = 1, [first.norm]
            for word in clause[i + 1 : i + _MAX_PHRASE_WORDS]:
                key.append(word.norm)
                if tuple(key) not in starts:
                    break
                count += 1 if word.content else 0
                found = (count, word.end - first.start, first.start, word.end)
                if tuple(key) in in_goal and (best is None or found[:2] > best[:2]):
                    best = found
    if best is None:
        return None
    return " ".join(summary[best[2] : best[3]].split())


def summary_gives_goal_away(subject: Subject) -> list[Problem]:
    """The summary repeats a distinctive phrase of the patron's goal."""
    s = subject.scenario
    if not s.patron.goal:
        return []
    phrase = shared_phrase(s.summary, s.patron.goal, s.patron.name)
    if phrase is None:
        return []
    return [
        subject.warn(
            ("summary",),
            f'it shares "{phrase}" with patron.goal, so learners read what the patron is '
            "really after before they play; leave that for the conversation to bring out",
        )
    ]


# 8. No notes, no discussion -------------------------------------------------------------


def no_notes(subject: Subject) -> list[Problem]:
    """The scenario has no facilitator notes."""
    if subject.scenario.notes:
        return []
    return [
        subject.warn(
            (),
            'no "notes", so a facilitator running this as a live role-play gets no advice '
            "on how to play the patron or what to watch for; add notes: at the top level",
        )
    ]


def no_discussion(subject: Subject) -> list[Problem]:
    """The scenario has no discussion questions for a group debrief."""
    if subject.scenario.discussion:
        return []
    return [
        subject.warn(
            (),
            'no "discussion", so a group has no questions to talk over after the '
            "role-play; add discussion: with two or three questions at the top level",
        )
    ]


RULES: tuple[Rule, ...] = (
    best_is_longest,
    best_much_longer_than_poor,
    no_consequence,
    no_principle_linked,
    hard_to_read,
    narration_in_patron_line,
    summary_gives_goal_away,
    no_notes,
    no_discussion,
)


# Running the rules ----------------------------------------------------------------------


def not_linted(path: str, reason: str = "") -> Problem:
    """The one line for a file that is not linted because check finds errors in it."""
    why = reason or (
        f"check finds errors in this file; fix what python -m generator check {path} reports"
    )
    return Problem(path, 1, 1, f"{NOT_LINTED}: {why}")


def is_not_linted(problem: Problem) -> bool:
    """Whether ``problem`` says a file or folder was not linted (not a design warning)."""
    return problem.message.startswith(NOT_LINTED)


def load_subject(raw: bytes, path: str, slug: str) -> Subject:
    """A valid scenario file's bytes as the rules see them; ScenarioError when invalid."""
    loaded = load_scenario_bytes(raw, path, slug)
    # The loader keeps no Document; reading the file again is cheap next to validating it.
    return Subject(load_bytes(raw, path), loaded)


def _warnings(subject: Subject) -> list[Problem]:
    """Every rule's warnings, in file order (rule order at the same place)."""
    found = [problem for rule in RULES for problem in rule(subject)]
    return sorted(found, key=lambda p: (p.line, p.col))


def _internal_error(path: str, err: Exception) -> Problem:
    return not_linted(
        path,
        f"internal error while linting this file ({type(err).__name__}: {err}); "
        "please report it with the file attached",
    )


def lint_bytes(raw: bytes, path: str, slug: str) -> list[Problem]:
    """The design warnings of one scenario file's bytes, in file order.

    A file with errors is not linted: the answer is then the single not-linted line.
    ``path`` is used in the messages and ``slug`` is the file name without ``.yml``.
    Links to the site's pages are not checked here (the build and serve check them).
    """
    try:
        subject = load_subject(raw, path, slug)
    except ScenarioError:
        return [not_linted(path)]
    return _warnings(subject)


def lint_loaded(raw: bytes, loaded: LoadedScenario) -> list[Problem]:
    """lint_bytes for a file already loaded from ``raw``: not validated a second time."""
    return _warnings(Subject(load_bytes(raw, loaded.path), loaded))


def _subject_of(path: Path) -> Subject | Problem:
    """The file as the rules see it, or the not-linted line that says why it is not."""
    shown = display_path(path)
    if path.suffix != SUFFIX:
        return not_linted(shown, f'scenario files end in "{SUFFIX}"')
    try:
        raw = read_limited(path)
    except ScenarioError as err:  # it cannot be read: say why, as check would
        return not_linted(shown, err.problems[0].message)
    try:
        return load_subject(raw, shown, path.stem)
    except ScenarioError:
        return not_linted(shown)
    except Exception as err:  # a bug of ours must still not show a trainer a traceback
        return _internal_error(shown, err)


def _lint_subject(subject: Subject) -> list[Problem]:
    try:
        return _warnings(subject)
    except Exception as err:  # a bug of ours must still not show a trainer a traceback
        return [_internal_error(subject.doc.path, err)]


def lint_file(path: Path) -> list[Problem]:
    """The design warnings of one scenario file (see ``lint_bytes``), never an exception."""
    found = _subject_of(path)
    return [found] if isinstance(found, Problem) else _lint_subject(found)


def run_lint(paths: list[Path]) -> tuple[int, list[Problem]]:
    """Lint files; return how many there were and every warning and not-linted line.

    As ``check`` does, links to the site's own pages are checked against the site in the
    mkdocs.yml of the current folder; a file with a broken one is not linted.
    """
    found = [_subject_of(path) for path in paths]
    valid = [x.loaded for x in found if isinstance(x, Subject)]
    broken_links = {p.path for p in site_link_errors(valid, Path(CONFIG_FILE))}
    problems: list[Problem] = []
    for item in found:
        if isinstance(item, Problem):
            problems.append(item)
        elif item.doc.path in broken_links:
            problems.append(not_linted(item.doc.path))
        else:
            problems += _lint_subject(item)
    return len(paths), problems


# The command ----------------------------------------------------------------------------


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun if count == 1 else noun + 's'}"


def summary_line(files: int, problems: list[Problem]) -> str:
    """The last line of the report, e.g. "Linted 12 files: 9 warnings in 5 of them."."""
    if files == 0 and not problems:
        return "No scenario files found (they end in .yml)."
    warnings = [p for p in problems if not is_not_linted(p)]
    skipped = {p.path for p in problems if is_not_linted(p)}
    text = f"Linted {_plural(files, 'file')}: "
    if warnings:
        text += f"{_plural(len(warnings), 'warning')} in {len({p.path for p in warnings})} of them"
    else:
        text += "no warnings"
    if skipped:
        text += f"; {len(skipped)} not linted (fix what check reports first)"
    return text + "."


@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--strict", is_flag=True, help="Exit with 1 when there is any warning.")
def _lint(paths: tuple[Path, ...], strict: bool) -> None:
    """Warn about scenario design: FILE:LINE:COL: warning: what, and why it matters.

    check finds mistakes; lint finds what works but teaches less well: the best reply
    always the longest, choices without consequence, feedback that names no idea, hard
    reading, narration in patron lines, a summary that gives the need away, missing notes
    or discussion. With no PATHS, lints every .yml file in scenarios/. A PATH may be a
    file or a folder. A file with errors is not linted. Exits 0, or 1 with --strict when
    there is any warning.
    """
    files, unreadable = expand_paths(paths, DEFAULT_DIR)
    count, problems = run_lint(files)
    problems = [not_linted(p.path, p.message) for p in unreadable] + problems
    for problem in problems:
        click.echo(str(problem))
    click.echo(summary_line(count, problems))
    if strict and problems:
        raise SystemExit(1)


lint_command: click.Command = click.command("lint")(_lint)
