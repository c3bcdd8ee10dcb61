"""Links in scenario text to pages of the site: check, strict builds and serve agree."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, PluginError

from generator.cli import cli
from generator.links import LinkLevels, TextLink, refused_by_strict, site_link_problems
from generator.site_config import link_levels, read_site_settings
from generator.text import link_target

from .build import build_site
from .conftest import make_project
from .helpers import MINIMAL, ROOT, log_records, site_snapshot

Project = Callable[..., Path]


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """A copy of the shipped site (so its own pages' links resolve) plus test scenarios."""

    def factory(**scenarios: Path | str) -> Path:
        shipped: dict[str, Path | str] = {p.stem: p for p in (ROOT / "scenarios").glob("*.yml")}
        root = make_project(tmp_path / "project", {**shipped, "minimal": MINIMAL, **scenarios})
        config = root / "mkdocs.yml"
        config.write_text(config.read_text("utf-8").replace("strict: false", "strict: true"))
        return root

    return factory


DEAD = {
    "typo": ("[beyond](../beyond-satisfation.md)", '"../beyond-satisfaction.md"'),
    "missing-dots": ("[expectations](expectations.md)", '"../expectations.md"'),
}


def with_feedback(feedback: str) -> str:
    """The minimal scenario with ``feedback`` as its first choice's feedback (line 16)."""
    text = MINIMAL.read_text("utf-8")
    assert "        feedback: You started from yes.\n" in text
    return text.replace(
        "        feedback: You started from yes.\n", f'        feedback: "See {feedback}"\n'
    )


def set_validation(root: Path, validation: str) -> None:
    config = root / "mkdocs.yml"
    config.write_text(config.read_text("utf-8") + f"\nvalidation:\n{validation}\n", "utf-8")


def check_in(root: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["check"])
    return result.exit_code, result.output


def line_of(output: str, needle: str) -> str:
    found = [line for line in output.splitlines() if needle in line]
    assert found, output
    return found[0]


@pytest.mark.parametrize("case", list(DEAD))
def test_check_reports_a_dead_site_link_at_its_place(
    case: str, project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    link, hint = DEAD[case]
    root = project(minimal=with_feedback(link))
    code, output = check_in(root, monkeypatch)
    assert code == 1
    line = line_of(output, "is broken")
    assert line.startswith("scenarios/minimal.yml:16:19: steps.ask.choices[1].feedback: the link")
    assert f"(did you mean {hint}?)" in line


@pytest.mark.parametrize("case", list(DEAD))
def test_strict_build_refuses_a_dead_link_and_keeps_the_site(
    case: str, project: Project, caplog: pytest.LogCaptureFixture
) -> None:
    root = project()
    site = build_site(root)
    before = site_snapshot(site)
    (root / "scenarios" / "minimal.yml").write_text(with_feedback(DEAD[case][0]), "utf-8")
    with pytest.raises((PluginError, Abort)):
        build_site(root)
    assert "scenarios/minimal.yml:16:19: steps.ask.choices[1].feedback: the link" in caplog.text
    after = site_snapshot(site)
    assert after == before


def test_plain_build_warns_about_a_dead_link_as_mkdocs_does(project: Project) -> None:
    root = project(minimal=with_feedback(DEAD["typo"][0]))
    with log_records(logging.WARNING) as records:
        site = build_site(root, strict=False)
    warnings = [r.getMessage() for r in records if r.levelno == logging.WARNING]
    assert any("scenarios/minimal.yml:16:19:" in w and "is broken" in w for w in warnings)
    assert (site / "scenarios" / "minimal" / "index.html").exists()


def test_serve_shows_a_dead_link_on_the_error_page_and_recovers(project: Project) -> None:
    root = project(minimal=with_feedback(DEAD["typo"][0]))
    page = (build_site(root, serve=True) / "scenarios" / "minimal" / "index.html").read_text()
    assert "This scenario could not be built" in page
    assert "scenarios/minimal.yml:16:19:" in page
    (root / "scenarios" / "minimal.yml").write_text(MINIMAL.read_text("utf-8"), "utf-8")
    page = (build_site(root, serve=True) / "scenarios" / "minimal" / "index.html").read_text()
    assert "This scenario could not be built" not in page


def test_links_to_pages_that_exist_pass_everywhere(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    links = (
        "[idea](../yes-first.md#three-questions), [another](reference-book.md), "
        "[topic](../topics/yes-first.md), [progress](../progress.md), "
        "[web](https://example.org/a.md) and <help@example.org>"
    )
    root = project(minimal=with_feedback(links), **{"reference-book": MINIMAL})
    code, output = check_in(root, monkeypatch)
    shipped = len(list((ROOT / "scenarios").glob("*.yml")))
    expected = f"Checked {shipped + 2} files: no errors."
    assert (code, output.splitlines()[-1]) == (0, expected), output
    page = build_site(root) / "scenarios" / "minimal" / "index.html"
    html = page.read_text()
    assert 'href="../../yes-first/#three-questions"' in html
    assert 'href="../../topics/yes-first/"' in html


CASES = {
    # validation setting, link, reported by check and refused by a strict build
    "not_found ignored": ("  links:\n    not_found: ignore", "[x](../nope.md)", False),
    "absolute by default": ("  links:\n    anchors: info", "[x](/yes-first/)", False),
    "absolute warned": ("  absolute_links: warn", "[x](/yes-first/)", True),
    "relative_to_docs, found": ("  absolute_links: relative_to_docs", "[x](/yes-first.md)", False),
    "relative_to_docs, missing": ("  absolute_links: relative_to_docs", "[x](/nope.md)", True),
    "unrecognized by default": ("  links:\n    anchors: info", "[x](../yes-first/)", False),
    "unrecognized warned": ("  links:\n    unrecognized_links: warn", "[x](../yes-first/)", True),
    "missing file": ("  links:\n    anchors: info", "[x](../leaflet.pdf)", True),
}


@pytest.mark.parametrize("case", list(CASES))
def test_check_and_strict_build_follow_mkdocs_validation_settings(
    case: str, project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    validation, link, refused = CASES[case]
    root = project(minimal=with_feedback(link))
    set_validation(root, validation)
    code, output = check_in(root, monkeypatch)
    assert (code == 1) is refused, output
    if refused:
        assert "scenarios/minimal.yml:16:19:" in output
        with pytest.raises((PluginError, Abort)):
            build_site(root)
    else:
        build_site(root)


@pytest.mark.parametrize(
    "validation",
    [
        None,
        {"absolute_links": "warn"},
        {"not_found": "ignore", "links": {"unrecognized_links": "warn"}},
        {"links": {"absolute_links": "relative_to_docs", "not_found": "info"}},
        {"unrecognized_links": "warn", "anchors": "warn", "omitted_files": "ignore"},
    ],
)
def test_check_reads_validation_settings_exactly_as_mkdocs_does(
    validation: dict[str, object] | None, tmp_path: Path
) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: x\n", "utf-8")
    (tmp_path / "docs").mkdir()
    mkdocs_config = load_config(str(config), validation=validation)
    assert link_levels(validation) == LinkLevels.from_mkdocs(mkdocs_config.validation.links)


def test_site_settings_follow_docs_dir_and_the_plugins_scenarios_dir(tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        "site_name: x\ndocs_dir: pages\nplugins:\n  - search\n  - role-play:\n"
        "      scenarios_dir: cases\nvalidation:\n  absolute_links: warn\n"
        "extra:\n  key: !ENV [HOME, x]\n",
        "utf-8",
    )
    settings = read_site_settings(config)
    assert settings is not None
    assert settings.docs_dir == tmp_path / "pages"
    assert settings.scenarios_dir == tmp_path / "cases"
    assert settings.levels == LinkLevels(absolute_links=logging.WARNING)


def judged(hrefs: list[str], levels: LinkLevels) -> list[tuple[str, str, str]]:
    """(href, severity, rule) of each link that site_link_problems reports."""
    links = [
        TextLink("steps.ask.choices[1].feedback", i + 1, 9, link_target(href, "scenarios/x.md"))
        for i, href in enumerate(hrefs)
    ]
    files = {"yes-first.md", "scenarios/x.md"}
    found = site_link_problems("x.yml", "scenarios/x.md", links, files, levels)
    return [(hrefs[p.line - 1], p.severity, p.rule) for p in found]


LINKS = ["../yes-first.md", "../nope.md", "../../outside.md", "/yes-first/", "../yes-first/"]


def test_link_problems_carry_the_severity_of_their_mkdocs_level_and_a_rule_code() -> None:
    assert judged(LINKS, LinkLevels()) == [
        ("../nope.md", "warning", "link-not-found"),
        ("../../outside.md", "warning", "link-not-found"),
        ("/yes-first/", "info", "absolute-link"),
        ("../yes-first/", "info", "unrecognized-link"),
    ]
    warned = LinkLevels(absolute_links=logging.WARNING, unrecognized_links=logging.WARNING)
    assert {severity for _, severity, _ in judged(LINKS, warned)} == {"warning"}


def test_what_the_settings_ignore_is_not_reported() -> None:
    ignored = LinkLevels(logging.DEBUG, logging.DEBUG, logging.DEBUG)
    assert judged(LINKS, ignored) == []


def test_strict_refuses_link_warnings_as_errors_and_lets_info_pass() -> None:
    links = [TextLink("summary", 1, 1, link_target(h, "scenarios/x.md")) for h in LINKS]
    found = site_link_problems("x.yml", "scenarios/x.md", links, {"yes-first.md"}, LinkLevels())
    refused = refused_by_strict(found)
    assert [p.rule for p in refused] == ["link-not-found", "link-not-found"]
    assert {p.severity for p in refused} == {"error"}
    assert str(refused[0]).startswith('x.yml:1:1: summary: the link "../nope.md" is broken')
