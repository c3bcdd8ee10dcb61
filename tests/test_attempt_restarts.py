"""check, the build and serve say when an edit restarts learners' unfinished attempts,
compared with the last published site (issue 19)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.attempt_restarts import published_site, restart_notes
from generator.cli import cli
from generator.load import load_scenario

from .build import build_site
from .helpers import REFERENCE, with_new_reply

Project = Callable[..., Path]


@pytest.fixture
def published(project: Project) -> Path:
    """A project with the reference scenario, built once into its site/ folder."""
    root = project(**{"reference-book": REFERENCE})
    build_site(root)
    return root


def _scenario(root: Path) -> Path:
    return root / "scenarios" / "reference-book.yml"


def _add_reply(root: Path, step: str) -> None:
    text = _scenario(root).read_text("utf-8")
    _scenario(root).write_text(with_new_reply(text, step, "Let me ask what we can do."), "utf-8")


def _notes(root: Path) -> list[str]:
    loaded = [load_scenario(_scenario(root))]
    return [str(p) for p in restart_notes(loaded, *published_site(root / "mkdocs.yml"))]


def test_a_wording_edit_or_a_comment_restarts_nothing(published: Path) -> None:
    text = _scenario(published).read_text("utf-8")
    edited = text.replace("Those are the rules. I don't make them.", "Those are the rules.")
    _scenario(published).write_text("# A trainer's note.\n" + edited, "utf-8")
    assert _notes(published) == []


def test_a_new_reply_names_the_step_and_what_learners_keep(published: Path) -> None:
    _add_reply(published, "frustrated")
    notes = _notes(published)
    line = _scenario(published).read_text("utf-8").splitlines().index("  frustrated:") + 1
    assert notes == [
        f"{load_scenario(_scenario(published)).path}:{line}:3: info: compared with the "
        'published site, replies of step "frustrated" were added, removed or sent elsewhere, '
        "so a learner whose unfinished attempt went through it will start that attempt "
        "again. Passes and finished attempts are kept. Wording changes alone never do this."
    ]


def test_a_changed_question_clears_its_answers_only(published: Path) -> None:
    text = _scenario(published).read_text("utf-8")
    marker = "questions:\n  - prompt:"
    assert marker in text
    # The first question's options are reordered in the file: its option ids move.
    loaded = load_scenario(_scenario(published))
    first = loaded.scenario.questions[0]
    assert not hasattr(first, "variants")
    options = text.index("    options:\n", text.index(marker)) + len("    options:\n")
    end = text.index("  - prompt:", options)
    block = text[options:end]
    items = ["      - text:" + part for part in block.split("      - text:")[1:]]
    reordered = "".join(items[1:] + items[:1])
    _scenario(published).write_text(text[:options] + reordered + text[end:], "utf-8")
    notes = _notes(published)
    assert len(notes) == 1
    assert "answers to knowledge-check question 1 in unfinished attempts are cleared" in notes[0]
    assert "step" not in notes[0].split("info: ")[1].split(";")[0]


def test_a_scenario_not_yet_published_has_no_note(project: Project) -> None:
    root = project(**{"reference-book": REFERENCE})
    _add_reply(root, "request")
    assert _notes(root) == []


def test_check_prints_the_note_and_still_passes(
    published: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _add_reply(published, "request")
    monkeypatch.chdir(published)
    result = CliRunner().invoke(cli, ["check"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert [line.split(": info: ")[0] for line in lines if ": info: " in line] == [
        "scenarios/reference-book.yml:" + str(
            _scenario(published).read_text("utf-8").splitlines().index("  request:") + 1
        ) + ":3"
    ]  # fmt: skip
    assert lines[-1] == "Checked 1 file: no errors."


def test_the_build_says_it_before_replacing_the_site(
    published: Path, caplog: pytest.LogCaptureFixture
) -> None:
    _add_reply(published, "request")
    with caplog.at_level(logging.INFO):
        build_site(published)
    said = [r.getMessage() for r in caplog.records if 'step "request"' in r.getMessage()]
    assert len(said) == 1 and said[0].startswith("scenarios/reference-book.yml:")
    assert "will start that attempt again" in said[0]
    # Built: the next comparison is with the new pages, so it says nothing more.
    assert _notes(published) == []
