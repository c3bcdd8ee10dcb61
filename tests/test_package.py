"""SCORM packages: ``python -m generator package``, its zip and its imsmanifest.xml.

Each manifest is validated with lxml against the ADL schema files shipped in
generator/scorm/schemas/, the extension namespaces (adlcp, and for 2004 adlseq, adlnav
and imsss) included, so that a wrong value in any of them fails.
"""

from __future__ import annotations

import json
import os
import posixpath
import re
import stat
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from generator.cli import cli
from generator.scorm.manifest import Sco, Section, build_manifest
from generator.scorm.package import SCHEMAS
from generator.topics import TOPICS

from .conftest import lenient, make_project
from .helpers import DATA, MINIMAL, REFERENCE, ROOT

Project = Callable[..., Path]
FORMATS = ("scorm12", "scorm2004")
THREE_ENDINGS = DATA / "valid" / "three-endings.yml"
SITE_SLUG = "library-customer-service-training"  # mkdocs.yml's site_name, as a slug
# What each manifest's namespaces are validated with (the first: the manifest itself).
SCHEMA_FILES = {
    "scorm12": {
        "http://www.imsproject.org/xsd/imscp_rootv1p1p2": "imscp_rootv1p1p2.xsd",
        "http://www.adlnet.org/xsd/adlcp_rootv1p2": "adlcp_rootv1p2.xsd",
    },
    "scorm2004": {
        "http://www.imsglobal.org/xsd/imscp_v1p1": "imscp_v1p1.xsd",
        "http://www.adlnet.org/xsd/adlcp_v1p3": "adlcp_v1p3.xsd",
        "http://www.adlnet.org/xsd/adlseq_v1p3": "adlseq_v1p3.xsd",
        "http://www.adlnet.org/xsd/adlnav_v1p3": "adlnav_v1p3.xsd",
        "http://www.imsglobal.org/xsd/imsss": "imsss_v1p0.xsd",
    },
}
SCHEMA_VERSION = {"scorm12": "1.2", "scorm2004": "2004 4th Edition"}
SCORM_TYPE = {"scorm12": "scormtype", "scorm2004": "scormType"}
XSI_LOCATION = "{http://www.w3.org/2001/XMLSchema-instance}schemaLocation"


# -- helpers -------------------------------------------------------------------------
def validator(fmt: str) -> etree.XMLSchema:
    """The package's XSDs for ``fmt``, every namespace a manifest uses imported."""
    folder = SCHEMAS / fmt
    imports = "".join(
        f'<xs:import namespace="{uri}" schemaLocation="{name}"/>'
        for uri, name in SCHEMA_FILES[fmt].items()
    )
    driver = f'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">{imports}</xs:schema>'
    return etree.XMLSchema(etree.fromstring(driver, base_url=str(folder / "all.xsd")))


def cp(fmt: str) -> dict[str, str]:
    """The content packaging namespace of ``fmt``, as prefix ``cp`` for XPath."""
    return {"cp": next(iter(SCHEMA_FILES[fmt]))}


def adlcp(fmt: str, name: str) -> str:
    return "{" + list(SCHEMA_FILES[fmt])[1] + "}" + name


def read_zip(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def manifest_of(files: dict[str, bytes]) -> etree._Element:
    return etree.fromstring(files["imsmanifest.xml"])


def assert_valid(fmt: str, manifest: bytes) -> None:
    schema = validator(fmt)
    ok = schema.validate(etree.fromstring(manifest))
    assert ok, str(schema.error_log)


def organization(fmt: str, root: etree._Element) -> list[tuple[str, list[str]]]:
    """Each topic item's title with its scenario items' titles."""
    ns = cp(fmt)
    [org] = root.findall("cp:organizations/cp:organization", ns)
    return [
        (
            group.findtext("cp:title", namespaces=ns),
            [i.findtext("cp:title", namespaces=ns) for i in group.findall("cp:item", ns)],
        )
        for group in org.findall("cp:item", ns)
    ]


_REF = re.compile(r'<(a|link|script|img)\b[^>]*?\s(href|src)="([^"]*)"', re.IGNORECASE)


def references(html: str) -> list[tuple[str, str]]:
    """(tag, address) of every link, style sheet, script and image in a page."""
    return [(m.group(1).lower(), m.group(3)) for m in _REF.finditer(html)]


def local_target(page: str, address: str) -> str | None:
    """The package file a relative address leads to; None for other addresses."""
    path = address.split("#")[0].split("?")[0]
    if not path or ":" in path or path.startswith("/"):
        return None
    return posixpath.normpath(posixpath.join(posixpath.dirname(page), path))


def dead_links(files: dict[str, bytes]) -> list[str]:
    """Relative links and references of the pages that lead to no file of the package.

    Facilitator pages are left out: their links to idea pages are dead on the website
    too (render_facilitator resolves the scenario's links from the page's own folder).
    """
    dead = []
    for name, data in files.items():
        if name.endswith(".html") and not name.endswith("/facilitator.html"):
            for _tag, address in references(data.decode()):
                target = local_target(name, address)
                if target is not None and target not in files:
                    dead.append(f"{name}: {address}")
    return dead


def package(*args: str) -> tuple[int, str]:
    """Run the command; whatever happens, it ends without a traceback."""
    result = CliRunner().invoke(cli, ["package", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result.exit_code, result.output


# -- a package of two test scenarios in two topics, built once per format ------------
@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Path]]:
    root = lenient(
        make_project(
            tmp_path_factory.mktemp("package") / "project",
            {"minimal": MINIMAL, "three-endings": THREE_ENDINGS},
        )
    )
    built = {}
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(root)
        for fmt in FORMATS:
            code, output = package("--format", fmt)
            assert code == 0, output
            assert output == f"Wrote dist/{SITE_SLUG}-{fmt}.zip (2 scenarios).\n"
            built[fmt] = root / "dist" / f"{SITE_SLUG}-{fmt}.zip"
    yield built


@pytest.mark.parametrize("fmt", FORMATS)
def test_zip_holds_manifest_and_schemas_at_its_root_then_the_site(
    packages: dict[str, Path], fmt: str
) -> None:
    with zipfile.ZipFile(packages[fmt]) as archive:
        names = archive.namelist()
    schemas = sorted(p.name for p in (SCHEMAS / fmt).iterdir())
    assert names[0] == "imsmanifest.xml"
    assert names[1 : 1 + len(schemas)] == schemas
    assert names[1 + len(schemas) :] == sorted(names[1 + len(schemas) :])
    files = read_zip(packages[fmt])
    for name in schemas:
        assert files[name] == (SCHEMAS / fmt / name).read_bytes(), f"{name} changed"
    for page in ("scenarios/minimal.html", "scenarios/three-endings.html", "index.html"):
        assert page in files
    assert "yes-first.html" in files and "follow-up.html" in files  # the idea pages
    assert not [n for n in names if n.endswith("/index.html") and n != "index.html"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_manifest_validates_against_the_shipped_xsds(packages: dict[str, Path], fmt: str) -> None:
    files = read_zip(packages[fmt])
    assert_valid(fmt, files["imsmanifest.xml"])
    root = manifest_of(files)
    ns = cp(fmt)
    assert root.findtext("cp:metadata/cp:schema", namespaces=ns) == "ADL SCORM"
    assert root.findtext("cp:metadata/cp:schemaversion", namespaces=ns) == SCHEMA_VERSION[fmt]
    # Every schema the manifest names is at the package root.
    locations = root.get(XSI_LOCATION).split()
    assert set(SCHEMA_FILES[fmt].values()) <= set(locations[1::2]) <= set(files)


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_wrong_scorm_type_fails_validation(packages: dict[str, Path], fmt: str) -> None:
    manifest = read_zip(packages[fmt])["imsmanifest.xml"]
    attribute = f'adlcp:{SCORM_TYPE[fmt]}="sco"'.encode()
    assert attribute in manifest
    wrong = manifest.replace(attribute, attribute.replace(b'"sco"', b'"lesson"'))
    schema = validator(fmt)
    assert not schema.validate(etree.fromstring(wrong))
    assert "lesson" in str(schema.error_log)


# Each 2004 extension namespace, checked: a right value passes, a wrong one fails. Each
# is written into the first scenario item, or as an attribute of the organization.
EXTENSIONS = [
    ('adlseq:objectivesGlobalToSystem="{}"', "false", "sometimes"),
    (
        "<adlnav:presentation><adlnav:navigationInterface><adlnav:hideLMSUI>{}"
        "</adlnav:hideLMSUI></adlnav:navigationInterface></adlnav:presentation>",
        "continue",
        "everything",
    ),
    ('<imsss:sequencing><imsss:controlMode choice="{}"/></imsss:sequencing>', "true", "maybe"),
    ('<adlcp:completionThreshold completedByMeasure="{}"/>', "true", "most"),
]


def with_extension(manifest: str, text: str) -> str:
    if text.startswith("<"):
        marker = "<title>Minimal</title>"
        return manifest.replace(marker, marker + text, 1)
    marker = '<organization identifier="topics"'
    return manifest.replace(marker, f"{marker} {text}", 1)


@pytest.mark.parametrize(("text", "right", "wrong"), EXTENSIONS)
def test_2004_extension_namespaces_are_validated(
    packages: dict[str, Path], text: str, right: str, wrong: str
) -> None:
    manifest = read_zip(packages["scorm2004"])["imsmanifest.xml"].decode()
    schema = validator("scorm2004")
    good = with_extension(manifest, text.format(right))
    assert good != manifest
    assert schema.validate(etree.fromstring(good.encode())), str(schema.error_log)
    bad = with_extension(manifest, text.format(wrong))
    assert not schema.validate(etree.fromstring(bad.encode()))
    assert wrong in str(schema.error_log)


@pytest.mark.parametrize("fmt", FORMATS)
def test_organization_mirrors_the_topics(packages: dict[str, Path], fmt: str) -> None:
    root = manifest_of(read_zip(packages[fmt]))
    ns = cp(fmt)
    title = root.findtext("cp:organizations/cp:organization/cp:title", namespaces=ns)
    assert title == "Library customer-service training"
    order = [t.slug for t in TOPICS]
    assert order.index("yes-first") < order.index("follow-up")
    assert organization(fmt, root) == [
        ("Yes-first", ["Minimal"]),
        ("Follow-up and the personal touch", ["The missing interlibrary loan"]),
    ]


@pytest.mark.parametrize("fmt", FORMATS)
def test_one_sco_per_scenario_sharing_every_other_file(packages: dict[str, Path], fmt: str) -> None:
    files = read_zip(packages[fmt])
    root = manifest_of(files)
    ns = cp(fmt)
    resources = {r.get("identifier"): r for r in root.findall("cp:resources/cp:resource", ns)}
    items = root.findall(".//cp:item[@identifierref]", ns)
    assert sorted(i.get("identifierref") for i in items) == [
        "sco-minimal",
        "sco-three-endings",
    ]
    listed: list[str] = []
    for identifier, resource in resources.items():
        assert resource.get("type") == "webcontent"
        listed += [f.get("href") for f in resource.findall("cp:file", ns)]
        if identifier.startswith("sco-"):
            slug = identifier.removeprefix("sco-")
            assert resource.get(adlcp(fmt, SCORM_TYPE[fmt])) == "sco"
            assert resource.get("href") == f"scenarios/{slug}.html"
            assert [f.get("href") for f in resource.findall("cp:file", ns)] == [
                f"scenarios/{slug}.html"
            ]
            [dependency] = resource.findall("cp:dependency", ns)
            assert dependency.get("identifierref") in resources
        else:
            assert resource.get(adlcp(fmt, SCORM_TYPE[fmt])) == "asset"
    schemas = {"imsmanifest.xml", *(p.name for p in (SCHEMAS / fmt).iterdir())}
    assert sorted(listed) == sorted(set(files) - schemas)  # each site file, once


@pytest.mark.parametrize("fmt", FORMATS)
def test_pages_fit_an_lms_frame(packages: dict[str, Path], fmt: str) -> None:
    files = read_zip(packages[fmt])
    pages = {n: d.decode() for n, d in files.items() if n.endswith(".html")}
    assert len(pages) > 10
    for name, html in pages.items():
        assert "navigation.instant" not in html, name
        assert 'rel="canonical"' not in html, name
        for tag, address in references(html):
            if tag != "a":  # what the page loads stays inside the package
                assert local_target(name, address) in files, f"{name}: {address}"
    scenario = pages["scenarios/minimal.html"]
    links = [a for tag, a in references(scenario) if tag == "a"]
    local = [a for a in links if local_target("scenarios/minimal.html", a) is not None]
    assert "../yes-first.html" in local  # the topic's idea page
    for address in local:
        path = address.split("#")[0]
        assert path.endswith(".html") or path.startswith("../assets/"), address
        assert local_target("scenarios/minimal.html", address) in files, address


@pytest.mark.parametrize("fmt", FORMATS)
def test_scenario_pages_load_the_lms_adapter_of_their_version_first(
    packages: dict[str, Path], fmt: str
) -> None:
    files = read_zip(packages[fmt])
    adapter = files["assets/roleplay/lms.js"].decode()
    assert f'"{fmt}"=="scorm12"' in adapter  # the version it looks for, filled in
    assert "SCORM_VERSION" not in adapter
    scripts = re.findall(r'<script src="([^"]+)"', files["scenarios/minimal.html"].decode())
    ours = [s for s in scripts if "/roleplay/" in s]
    assert ours[:2] == ["../assets/roleplay/lms.js", "../assets/roleplay/roleplay.js"]
    # Material's n/p shortcuts would follow these in the SCO's frame and end the session.
    for name, content in files.items():
        if name.startswith("scenarios/") and name.count("/") == 1:
            assert not re.search(r'<link rel="(prev|next)"', content.decode()), name
    assert '<link rel="next"' in files["yes-first.html"].decode()  # other pages keep them
    # The page's data carries the ids the adapter reports: the reply's and the options'.
    data = json.loads(
        re.findall(
            r"<script type=\"application/json\" class=\"rp-data\">(.*?)</script>",
            files["scenarios/minimal.html"].decode(),
        )[0]
    )[0]
    replies = [c for step in data["steps"].values() for c in step.get("replies", [])]
    assert replies and all(re.fullmatch(r"[A-Za-z0-9_.]+", c["id"]) for c in replies)
    asked = [q for slot in data["questions"] for q in slot["variants"]]
    assert asked and all(len(q["ids"]) == len(q["correct"]) for q in asked)
    assert all(re.fullmatch(r"[A-Za-z0-9_.]+", q["id"]) for q in asked)


def test_the_website_has_no_lms_adapter(tmp_path: Path) -> None:
    from .build import build_site

    root = make_project(tmp_path / "site", {"minimal": MINIMAL})
    build_site(root)
    assert not (root / "site" / "assets" / "roleplay" / "lms.js").exists()
    page = (root / "site" / "scenarios" / "minimal" / "index.html").read_text("utf-8")
    assert "lms.js" not in page
    data = json.loads(
        re.findall(r"<script type=\"application/json\" class=\"rp-data\">(.*?)</script>", page)[0]
    )[0]
    assert not any("id" in c for step in data["steps"].values() for c in step.get("replies", []))


# -- choosing scenarios, and mistakes ------------------------------------------------
def test_scenario_option_packages_just_those(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = lenient(
        project(
            minimal=MINIMAL,
            **{"three-endings": THREE_ENDINGS, "reference-book": REFERENCE},
            # Left out of the package, a broken file does not stop it.
            **{"dangling-next": DATA / "broken" / "dangling-next.yml"},
        )
    )
    monkeypatch.chdir(root)
    temporary = root / "temporary"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    args = ["--format", "scorm2004", "--output", "out/two.zip"]
    code, output = package(*args, "--scenario", "minimal", "--scenario", "three-endings")
    assert code == 0, output
    assert output == "Wrote out/two.zip (2 scenarios).\n"
    files = read_zip(root / "out" / "two.zip")
    assert_valid("scorm2004", files["imsmanifest.xml"])
    assert organization("scorm2004", manifest_of(files)) == [
        ("Yes-first", ["Minimal"]),
        ("Follow-up and the personal touch", ["The missing interlibrary loan"]),
    ]
    assert "scenarios/reference-book.html" not in files
    assert "scenarios/reference-book/facilitator.html" not in files
    assert "scenarios/dangling-next.html" not in files
    assert b"reference-book" not in files["yes-first.html"]
    assert list(temporary.iterdir()) == []


def test_an_unknown_scenario_is_a_usage_error_naming_it(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(project())
    code, output = package("--format", "scorm12", "--scenario", "minimal", "--scenario", "nope")
    assert code == 2
    assert 'no scenario called "nope" in scenarios/' in output
    assert not Path("dist").exists()


def test_a_broken_scenario_lists_located_errors_and_exits_1(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(
        project(minimal=MINIMAL, **{"dangling-next": DATA / "broken" / "dangling-next.yml"})
    )
    code, output = package("--format", "scorm12")
    assert code == 1
    expected = (DATA / "broken" / "dangling-next.expected").read_text().splitlines()
    lines = output.splitlines()
    assert lines[:-1] == [f"scenarios/dangling-next.yml:{line}" for line in expected]
    assert lines[-1] == f"Not packaged: {len(expected)} error{'s' * (len(expected) > 1)} in 1 file."
    assert not Path("dist").exists()


def test_the_build_is_strict_and_its_folder_removed(
    project: Project, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # Not lenient: the hand-written pages' links to the shipped scenarios are missing.
    monkeypatch.chdir(project(minimal=MINIMAL))
    temporary = tmp_path / "temporary"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    code, output = package("--format", "scorm12")
    assert code == 1
    assert "content/yes-first.md:" in output and 'the link "scenarios/' in output
    assert output.splitlines()[-1].startswith("Not packaged: the site was not built: Aborted")
    assert not Path("dist").exists()
    assert list(temporary.iterdir()) == []


def test_a_wrong_format_is_a_usage_error(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project())
    code, output = package("--format", "scorm13")
    assert code == 2
    assert "scorm12" in output and "scorm2004" in output


def test_manifest_escapes_titles() -> None:
    sco = Sco("a-b", 'Fines & "blocked" <cards>', "scenarios/a-b.html")
    for fmt in FORMATS:
        manifest = build_manifest(fmt, "R&D <training>", [Section("t", "T & U", (sco,))], [])
        assert_valid(fmt, manifest)
        root = etree.fromstring(manifest)
        assert organization(fmt, root) == [("T & U", ['Fines & "blocked" <cards>'])]
        assert b"R&amp;D &lt;training&gt;" in manifest


# -- the shipped project: what `make package` builds ---------------------------------
@pytest.mark.parametrize("fmt", FORMATS)
def test_shipped_scenarios_package_and_validate(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    monkeypatch.chdir(ROOT)
    target = tmp_path / f"shipped-{fmt}.zip"
    code, output = package("--format", fmt, "--output", str(target))
    shipped = sorted(p.stem for p in (ROOT / "scenarios").glob("*.yml"))
    assert code == 0, output
    assert output.endswith(f" ({len(shipped)} scenarios).\n")
    files = read_zip(target)
    assert_valid(fmt, files["imsmanifest.xml"])
    root = manifest_of(files)
    topics = organization(fmt, root)
    assert [t for t, _ in topics] == [t.title for t in TOPICS]
    assert sum(len(items) for _, items in topics) == len(shipped)
    assert dead_links(files) == []
    ideas = {t.guide.removesuffix(".md") + ".html" for t in TOPICS}
    for slug in shipped:
        page = f"scenarios/{slug}.html"
        html = files[page].decode()
        article = html[html.index("<article") : html.index("</article>")]
        linked = {local_target(page, a) for tag, a in references(article) if tag == "a"}
        assert linked & ideas, f"{slug} links no idea page"


def test_a_part_of_the_shipped_scenarios_leaves_no_dead_link(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # yes-first.md links to five shipped scenarios; four are left out here.
    monkeypatch.chdir(ROOT)
    target = tmp_path / "one.zip"
    code, output = package(
        "--format", "scorm12", "--scenario", "printing-over-the-limit", "--output", str(target)
    )
    assert code == 0, output
    files = read_zip(target)
    assert_valid("scorm12", files["imsmanifest.xml"])
    assert dead_links(files) == []
    idea = files["yes-first.html"].decode()
    # The LMS's table of contents is the only way to a scenario: no page links to one.
    assert "Copying a whole book" in idea  # the text stays, without its link
    assert "scenarios/copying-a-whole-book" not in idea
    assert "scenarios/printing-over-the-limit" not in idea


@pytest.mark.parametrize("fmt", FORMATS)
def test_packages_hold_the_learners_module_without_answer_keys_or_links_between_scos(
    packages: dict[str, Path], fmt: str
) -> None:
    files = read_zip(packages[fmt])
    names = set(files)
    # No facilitator pages (answer keys), and no pages of statuses the LMS keeps instead.
    assert not [n for n in names if n.endswith("/facilitator.html")]
    for gone in ("plan-a-session.html", "progress.html", "certificate.html"):
        assert gone not in names
    assert not [n for n in names if n.startswith("topics/")]
    sco = files["scenarios/minimal.html"].decode()
    assert "facilitator" not in sco
    # A SCO's page shows no site navigation, and no page links to another SCO.
    assert 'data-md-type="navigation" hidden>' in sco
    for name, content in files.items():
        if name.endswith(".html"):
            assert not re.search(r'href="[^"]*scenarios/[^"#]+\.html', content.decode()), name


def footer_buttons(files: dict[str, bytes]) -> tuple[int, list[str]]:
    """How many previous/next page buttons the pages' footers hold, and the pages whose
    footer names a page without a button for it (its page left out of the package)."""
    buttons, dead = 0, []
    for name, content in files.items():
        if name.endswith(".html"):
            footer = "".join(
                re.findall(r'<nav class="md-footer__inner.*?</nav>', content.decode(), re.S)
            )
            links = len(re.findall(r'<a href="[^"]+" class="md-footer__link ', footer))
            if footer.count("md-footer__direction") != links:
                dead.append(name)
            buttons += links
    return buttons, dead


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_footer_offers_only_pages_in_the_package(packages: dict[str, Path], fmt: str) -> None:
    buttons, dead = footer_buttons(read_zip(packages[fmt]))
    assert dead == []  # each "Previous" or "Next" is a button to a page of the package
    assert buttons > 10


# -- what a package holds: what the website publishes, and nothing from outside ------
@pytest.mark.parametrize("fmt", FORMATS)
def test_search_finds_only_pages_in_the_package(packages: dict[str, Path], fmt: str) -> None:
    files = read_zip(packages[fmt])
    index = json.loads(files["search/search_index.json"])
    pages = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert {"scenarios/minimal.html", "yes-first.html", "index.html"} <= pages
    # No answer keys and no page the package left out: a search result always opens.
    assert sorted(pages - set(files)) == []


def website_name(package_name: str) -> str:
    """Where the website (directory URLs) publishes a file of a package."""
    if not package_name.endswith(".html") or package_name == "index.html":
        return package_name
    return package_name.removesuffix(".html") + "/index.html"


def test_a_package_holds_only_what_the_website_publishes_and_no_editor_backup(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    from .build import build_site

    root = lenient(project(minimal=MINIMAL))
    backups = {"index.md~", "#yes-first.md#", "yes-first.md.orig", "notes.bak", "~$sheet.docx"}
    for name in backups:
        (root / "content" / name).write_text("a copy nobody meant to publish")
    (root / "content" / "notes.txt").write_text("published")
    monkeypatch.chdir(root)
    code, output = package("--format", "scorm12", "--output", "one.zip")
    assert code == 0, output
    files = set(read_zip(root / "one.zip")) - {"imsmanifest.xml"}
    files -= {p.name for p in (SCHEMAS / "scorm12").iterdir()}
    site = build_site(root)
    published = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    assert "notes.txt" in files
    assert sorted(files & backups) == []
    files.remove("assets/roleplay/lms.js")  # the LMS adapter: what makes it a package
    assert sorted(n for n in files if website_name(n) not in published) == []


def test_a_link_out_of_the_docs_folder_stops_the_package_with_a_located_error(
    project: Project, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    root = lenient(project(minimal=MINIMAL))
    (tmp_path / "secret.txt").write_text("not for the package")
    (root / "content" / "secret.md").symlink_to(tmp_path / "secret.txt")
    monkeypatch.chdir(root)
    code, output = package("--format", "scorm2004")
    assert code == 1
    first, *rest = output.splitlines()
    assert first.startswith(
        "content/secret.md:1:1: this is a shortcut (symbolic link) to a file outside the "
        "docs folder content/"
    )
    assert rest == ["Not packaged: 1 error in 1 file."]
    assert not Path("dist").exists()


# -- --output: a regular file's place, written whole or not at all -------------------
def _device(folder: Path) -> Path:
    """A private copy of /dev/null (a character device), so that a failing test cannot
    harm the real one."""
    if os.geteuid() != 0:
        pytest.skip("making a device file needs root")
    path = folder / "null"
    os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    return path


def _fifo(folder: Path) -> Path:
    os.mkfifo(folder / "pipe")
    return folder / "pipe"


def _link(folder: Path) -> Path:
    (folder / "kept.zip").write_bytes(b"what the shortcut leads to")
    (folder / "link.zip").symlink_to(folder / "kept.zip")
    return folder / "link.zip"


def _folder(folder: Path) -> Path:
    (folder / "sub").mkdir()
    return folder / "sub"


@pytest.mark.parametrize(
    ("make", "kind"),
    [
        (_device, "a device"),
        (_fifo, "a pipe (FIFO)"),
        (_link, "a shortcut (symbolic link)"),
        (_folder, "a folder"),
    ],
)
def test_output_refuses_anything_but_a_regular_files_place(
    project: Project,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    make: Callable[[Path], Path],
    kind: str,
) -> None:
    monkeypatch.chdir(lenient(project(minimal=MINIMAL)))
    there = tmp_path / "there"
    there.mkdir()
    target = make(there)
    before = {p.name: (p.lstat().st_mode, p.is_file() and p.read_bytes()) for p in there.iterdir()}
    code, output = package("--format", "scorm12", "--output", str(target))
    assert code == 1
    assert output == (
        f"Not packaged: cannot write {target}: it is {kind}, not a regular file; give the "
        "path of a zip file (what is there is left alone)\n"
    )
    after = {p.name: (p.lstat().st_mode, p.is_file() and p.read_bytes()) for p in there.iterdir()}
    assert after == before


@pytest.mark.parametrize(
    ("output", "message"),
    [
        ("", "--output is empty: give the path of the zip file to write"),
        ("out/", "cannot write out/: it names a folder; give a file name in it"),
    ],
)
def test_output_refuses_an_empty_path_or_a_folders_name(
    project: Project, monkeypatch: pytest.MonkeyPatch, output: str, message: str
) -> None:
    monkeypatch.chdir(lenient(project(minimal=MINIMAL)))
    code, text = package("--format", "scorm12", "--output", output)
    assert (code, text) == (1, f"Not packaged: {message}\n")
    assert not Path("out").exists()


def test_output_is_replaced_whole_and_no_temporary_file_stays(
    project: Project, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from generator.scorm import package as packager

    monkeypatch.chdir(lenient(project(minimal=MINIMAL)))
    there = tmp_path / "there"
    there.mkdir()
    target = there / "out.zip"
    target.write_bytes(b"the last good package")
    calls = 0
    add = packager._add

    def interrupted(*args: object) -> None:
        nonlocal calls
        calls += 1
        if calls == 5:
            raise KeyboardInterrupt  # the person at the keyboard gave up halfway
        add(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(packager, "_add", interrupted)
    with pytest.raises(KeyboardInterrupt):
        packager.build_package("scorm12", [], target)
    assert [p.name for p in there.iterdir()] == ["out.zip"]
    assert target.read_bytes() == b"the last good package"
    monkeypatch.setattr(packager, "_add", add)
    code, output = package("--format", "scorm12", "--output", str(target))
    assert code == 0, output
    assert [p.name for p in there.iterdir()] == ["out.zip"]
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~_umask()
    assert zipfile.is_zipfile(target)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


# -- one package per scenario: single-SCO zips from one build ------------------------
def test_one_package_per_scenario_holds_that_scenarios_module_alone(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = lenient(
        project(minimal=MINIMAL, **{"three-endings": THREE_ENDINGS, "reference-book": REFERENCE})
    )
    monkeypatch.chdir(root)
    two = ["--scenario", "minimal", "--scenario", "three-endings"]
    code, output = package("--format", "scorm2004", "--one-per-scenario", *two)
    assert code == 0, output
    folder = f"dist/{SITE_SLUG}-scorm2004"
    assert output.splitlines() == [
        f"Wrote {folder}/{SITE_SLUG}-minimal-scorm2004.zip (Minimal).",
        f"Wrote {folder}/{SITE_SLUG}-three-endings-scorm2004.zip (The missing interlibrary loan).",
        f"Wrote 2 packages into {folder}/, one per scenario.",
    ]
    assert sorted(p.name for p in Path(folder).iterdir()) == [
        f"{SITE_SLUG}-minimal-scorm2004.zip",
        f"{SITE_SLUG}-three-endings-scorm2004.zip",
    ]
    identifiers = set()
    for slug, topic, title in [
        ("minimal", "Yes-first", "Minimal"),
        ("three-endings", "Follow-up and the personal touch", "The missing interlibrary loan"),
    ]:
        files = read_zip(Path(folder) / f"{SITE_SLUG}-{slug}-scorm2004.zip")
        assert_valid("scorm2004", files["imsmanifest.xml"])
        root_element = manifest_of(files)
        identifiers.add(root_element.get("identifier"))
        assert organization("scorm2004", root_element) == [(topic, [title])]
        # The same files as a package built with --scenario for it alone.
        alone = f"alone-{slug}.zip"
        code, output = package("--format", "scorm2004", "--scenario", slug, "--output", alone)
        assert code == 0, output
        assert sorted(files) == sorted(read_zip(Path(alone)))
        assert [n for n in files if n.startswith("scenarios/")] == [f"scenarios/{slug}.html"]
        for name, content in files.items():
            if name.endswith(".html"):
                assert not re.search(r'href="[^"]*scenarios/[^"#]+\.html', content.decode()), name
        index = json.loads(files["search/search_index.json"])
        found = {doc["location"].split("#")[0] for doc in index["docs"]}
        assert f"scenarios/{slug}.html" in found and found <= set(files)
        assert b"reference-book" not in files["search/search_index.json"]
    assert len(identifiers) == 2  # an LMS must not take one for a new version of the other


@pytest.mark.parametrize("fmt", FORMATS)
def test_one_package_per_shipped_scenario_each_valid(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    monkeypatch.chdir(ROOT)
    folder = tmp_path / "new" / "folder"
    code, output = package("--format", fmt, "--one-per-scenario", "--output", str(folder))
    assert code == 0, output
    shipped = sorted(p.stem for p in (ROOT / "scenarios").glob("*.yml"))
    assert (
        output.splitlines()[-1]
        == f"Wrote {len(shipped)} packages into {folder}/, one per scenario."
    )
    zips = sorted(folder.iterdir())
    assert [z.name for z in zips] == sorted(f"{SITE_SLUG}-{slug}-{fmt}.zip" for slug in shipped)
    for path in zips:
        files = read_zip(path)
        assert_valid(fmt, files["imsmanifest.xml"])
        [(_topic, [_title])] = organization(fmt, manifest_of(files))
        assert len([n for n in files if n.startswith("scenarios/")]) == 1, path.name
        assert dead_links(files) == [], path.name
        assert footer_buttons(files)[1] == [], path.name


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (None, "--output is empty: give the folder to write the zips into"),
        (
            _fifo,
            "cannot write into {}: it is a pipe (FIFO), not a folder; with "
            "--one-per-scenario, --output names the folder for the zips",
        ),
        (
            lambda folder: folder / "kept.zip",
            "cannot write into {}: it is a regular file, not a folder; with "
            "--one-per-scenario, --output names the folder for the zips",
        ),
    ],
)
def test_one_per_scenario_output_is_a_folder(
    project: Project,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    make: Callable[[Path], Path] | None,
    message: str,
) -> None:
    monkeypatch.chdir(lenient(project(minimal=MINIMAL)))
    (tmp_path / "kept.zip").write_bytes(b"kept")
    given = str(make(tmp_path)) if make else ""
    code, output = package("--format", "scorm12", "--one-per-scenario", "--output", given)
    assert (code, output) == (1, f"Not packaged: {message.format(given)}\n")
    assert (tmp_path / "kept.zip").read_bytes() == b"kept"


def test_one_per_scenario_writes_nothing_when_one_zip_cannot_be_written(
    project: Project, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(lenient(project(minimal=MINIMAL, **{"three-endings": THREE_ENDINGS})))
    there = tmp_path / "there"
    there.mkdir()
    (there / "elsewhere").write_bytes(b"kept")
    link = there / f"{SITE_SLUG}-three-endings-scorm12.zip"
    link.symlink_to(there / "elsewhere")
    code, output = package("--format", "scorm12", "--one-per-scenario", "--output", str(there))
    assert code == 1
    assert output.startswith(f"Not packaged: cannot write {link}: it is a shortcut")
    assert sorted(p.name for p in there.iterdir()) == ["elsewhere", link.name]
    assert link.is_symlink() and (there / "elsewhere").read_bytes() == b"kept"
