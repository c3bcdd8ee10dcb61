"""The site plan (generator/site.py): pages, order, headings, navigation, assets and SCOs,
made without MkDocs."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from generator.catalog import ScenarioCatalog, catalog_of
from generator.load import load_scenario
from generator.site import Heading, SiteOptions, headings_in, plan_site, site_order
from generator.site_paths import generated_files
from generator.topics import TOPICS

from .helpers import DATA, MINIMAL, REFERENCE, ROOT


def _catalog(tmp_path: Path, files: dict[str, Path | str]) -> ScenarioCatalog:
    folder = tmp_path / "scenarios"
    folder.mkdir()
    for slug, source in files.items():
        target = folder / f"{slug}.yml"
        if isinstance(source, Path):
            shutil.copy(source, target)
        else:
            target.write_text(source, "utf-8")
    catalog = ScenarioCatalog(folder)
    catalog.refresh()
    return catalog


def test_the_plan_module_runs_without_mkdocs() -> None:
    code = "import sys, generator.site; print(sorted(m for m in sys.modules if 'mkdocs' in m))"
    run = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert run.stdout.strip() == "[]"


def test_plan_holds_every_generated_page_once(tmp_path: Path) -> None:
    catalog = _catalog(tmp_path, {"reference-book": REFERENCE, "minimal": MINIMAL})
    plan = plan_site(list(catalog.entries.values()))
    sources = [p.src for p in plan.pages]
    assert len(sources) == len(set(sources))
    assert plan.sources() == generated_files(["reference-book", "minimal"])
    kinds = {p.src: p.kind for p in plan.pages}
    assert kinds["scenarios/minimal.md"] == "scenario"
    assert kinds["scenarios/minimal/facilitator.md"] == "facilitator"
    assert kinds["certificate.md"] == "certificate"
    assert kinds["plan-a-session.md"] == "plan"
    assert kinds["progress.md"] == "progress"
    assert [kinds[f"topics/{t.slug}.md"] for t in TOPICS] == ["topic"] * len(TOPICS)
    # Facilitator pages hold answer keys: reached by links, never listed in the navigation.
    assert sorted(p.src for p in plan.pages if not p.in_nav) == [
        "scenarios/minimal/facilitator.md",
        "scenarios/reference-book/facilitator.md",
    ]


def test_headings_come_from_the_body_with_their_ids(tmp_path: Path) -> None:
    catalog = _catalog(tmp_path, {"reference-book": REFERENCE})
    plan = plan_site(list(catalog.entries.values()))
    scenario = plan.page("scenarios/reference-book.md")
    assert scenario is not None
    assert [h.id for h in scenario.headings] == [
        "what-you-will-practice",
        "role-play",
        "knowledge-check",
    ]
    for h in scenario.headings:
        assert f'id="{h.id}"' in scenario.body
    kit = plan.page("scenarios/reference-book/facilitator.md")
    assert kit is not None
    assert ("debrief", 2) in [(h.id, h.level) for h in kit.headings]
    assert ("the-endings", 3) in [(h.id, h.level) for h in kit.headings]
    for src in ("plan-a-session.md", "progress.md", "certificate.md"):
        page = plan.page(src)
        assert page is not None and page.headings, src


def test_headings_lose_tags_and_keep_escapes() -> None:
    body = '<h2 id="a"><a href="x">Fish &amp; chips</a></h2><h3>no id</h3><h3 id="b">B</h3>'
    assert headings_in(body) == (Heading("a", "Fish &amp; chips", 2), Heading("b", "B", 3))


def test_a_scenario_without_questions_has_no_knowledge_check_heading(tmp_path: Path) -> None:
    text = MINIMAL.read_text("utf-8")
    catalog = _catalog(tmp_path, {"minimal": text})
    page = plan_site(list(catalog.entries.values())).page("scenarios/minimal.md")
    assert page is not None
    has_questions = bool(load_scenario(MINIMAL).scenario.questions)
    assert ("knowledge-check" in [h.id for h in page.headings]) == has_questions


def test_order_is_by_title_then_slug_everywhere(tmp_path: Path) -> None:
    text = MINIMAL.read_text("utf-8")
    catalog = _catalog(tmp_path, {"b-copy": text, "a-copy": text, "reference-book": REFERENCE})
    plan = plan_site(list(catalog.entries.values()))
    valid = site_order(catalog.valid())
    expected = [x.slug for x in valid]
    assert expected.index("a-copy") < expected.index("b-copy")
    listed = [sco.slug for section in plan.sections for sco in section.scos]
    topic_of = {x.slug: x.scenario.topic for x in valid}
    for topic in TOPICS:
        in_topic = [s for s in expected if topic_of[s] == topic.slug]
        assert [s for s in listed if topic_of[s] == topic.slug] == in_topic
        nav_topic = next(n for n in plan.nav.children if n.title == topic.title)
        assert [n.src for n in nav_topic.children[1:]] == [f"scenarios/{s}.md" for s in in_topic]


def test_nav_section_lists_broken_files_first_then_topics(tmp_path: Path) -> None:
    broken = (DATA / "broken" / "dangling-next.yml").read_text("utf-8")
    catalog = _catalog(tmp_path, {"minimal": MINIMAL, "zz-broken": broken})
    plan = plan_site(list(catalog.entries.values()), SiteOptions(nav_section="Practice"))
    config = plan.nav.as_config()
    [(name, items)] = config.items()
    assert name == "Practice"
    assert items[0] == {"Mistakes in zz-broken.yml": "scenarios/zz-broken.md"}
    assert [next(iter(item)) for item in items[1:]] == [t.title for t in TOPICS] + [
        "Your progress",
        "Your certificate",
    ]
    page = plan.page("scenarios/zz-broken.md")
    assert page is not None and page.kind == "mistakes"
    assert "no step called" in page.body
    # A broken file has no facilitator page and no SCO.
    assert plan.page("scenarios/zz-broken/facilitator.md") is None
    assert "zz-broken" not in [s.slug for section in plan.sections for s in section.scos]


def test_assets_and_their_load_order(tmp_path: Path) -> None:
    catalog = _catalog(tmp_path, {"minimal": MINIMAL})
    site = plan_site(list(catalog.entries.values()))
    package = plan_site(list(catalog.entries.values()), SiteOptions(lms="scorm2004"))
    assert "assets/roleplay/lms.js" not in site.sources()
    # The kit's script is published, and loaded by the runtime only where a page needs it.
    assert "assets/roleplay/kit.js" in site.sources()
    assert site.global_assets("script") == ["assets/roleplay/roleplay.js"]
    assert site.global_assets("style") == [
        "assets/roleplay/roleplay.css",
        "assets/roleplay/site.css",
    ]
    scripts = package.global_assets("script")
    assert scripts[:2] == ["assets/roleplay/lms.js", "assets/roleplay/roleplay.js"]
    assert package.global_assets("style")[0] == "assets/roleplay/roleplay.css"
    adapter = next(a for a in package.assets if a.path.endswith("lms.js"))
    assert b"scorm2004" in adapter.content()


def test_scos_point_at_package_pages(tmp_path: Path) -> None:
    catalog = _catalog(tmp_path, {"reference-book": REFERENCE})
    plan = plan_site(list(catalog.entries.values()), SiteOptions(use_directory_urls=False))
    scos = [s for section in plan.sections for s in section.scos]
    assert [(s.slug, s.href) for s in scos] == [("reference-book", "scenarios/reference-book.html")]
    assert [section.slug for section in plan.sections] == [t.slug for t in TOPICS]


def test_rendered_pages_are_kept_while_the_file_is_unchanged(tmp_path: Path) -> None:
    catalog = _catalog(tmp_path, {"minimal": MINIMAL})
    first = plan_site(list(catalog.entries.values())).page("scenarios/minimal.md")
    catalog.refresh()
    assert catalog.reloaded == 0
    again = plan_site(list(catalog.entries.values())).page("scenarios/minimal.md")
    assert first is not None and again is not None
    assert again.body is first.body  # the same string: not rendered again
    other = plan_site(list(catalog.entries.values()), SiteOptions(use_directory_urls=False))
    page = other.page("scenarios/minimal.md")
    assert page is not None and page.body is not first.body


def test_catalog_of_loaded_scenarios_plans_the_same_pages(tmp_path: Path) -> None:
    catalog = _catalog(tmp_path, {"reference-book": REFERENCE, "minimal": MINIMAL})
    from_folder = plan_site(list(catalog.entries.values()))
    from_loaded = plan_site(catalog_of(catalog.valid()))
    assert [(p.src, p.title, p.body) for p in from_folder.pages] == [
        (p.src, p.title, p.body) for p in from_loaded.pages
    ]
