"""Build the site as a SCORM package: a zip to upload to a learning management system.

The site is built with MkDocs' own API into a temporary folder, set up for an LMS frame:
relative ``.html`` links (``use_directory_urls: false``), no Material instant navigation
and no ``site_url`` (no canonical addresses on the web server). The zip holds
``imsmanifest.xml`` and the ADL schema files at its root, and the site's files under
their site paths. The build adds the LMS adapter (assets/lms.js) for ``fmt``, through
which each scenario page keeps its progress in the LMS and reports to it.
"""

from __future__ import annotations

import errno
import logging
import os
import posixpath
import re
import tempfile
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException

from ..build import run_build, site_config
from ..errors import ScenarioError
from ..load import display_path, find_scenarios, load_all, plain_reason
from ..site import SitePlan
from ..site_config import CONFIG_FILE, PLUGIN, read_site_settings, site_link_errors
from ..site_paths import facilitator_src, scenario_src
from ..text import page_url
from . import Format
from .manifest import build_manifest, slugify

SCHEMAS = Path(__file__).resolve().parent / "schemas"
MANIFEST = "imsmanifest.xml"
WEB_SERVER_ONLY = frozenset({"404.html", "sitemap.xml", "sitemap.xml.gz"})
"""Built files left out of a package: the error page a web server shows (it loads its
assets from the server's root, which inside an LMS is the LMS) and the sitemaps."""
# Zip entries get a fixed time, so that the same site makes the same zip.
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


class PackageError(Exception):
    """The package could not be built; the message says why, in one or a few lines."""


class UnknownScenarios(PackageError):
    """``--scenario`` named slugs that have no file in the scenarios folder."""

    def __init__(self, slugs: Sequence[str], folder: str) -> None:
        self.slugs = list(slugs)
        self.folder = folder
        names = ", ".join(f'"{s}"' for s in self.slugs)
        super().__init__(f"no scenario called {names} in {folder}/")


def schema_files(fmt: Format) -> list[Path]:
    """The schema definition files SCORM wants at the root of a package of ``fmt``."""
    return sorted(p for p in (SCHEMAS / fmt).iterdir() if p.is_file())


def default_output(site_name: str, fmt: Format) -> Path:
    """``dist/<site-name>-<format>.zip``, the site name made a slug."""
    return Path("dist") / f"{slugify(site_name)}-{fmt}.zip"


def _scenario_folder(config_file: Path) -> tuple[str, list[Path]]:
    """The scenarios folder of the site (as a trainer would type it) and its files."""
    settings = read_site_settings(config_file)
    if settings is None:
        raise PackageError(f"cannot read the site's configuration {display_path(config_file)}")
    paths, problems = find_scenarios(settings.scenarios_dir)
    if problems:
        raise ScenarioError(problems)
    return display_path(settings.scenarios_dir), paths


def chosen_scenarios(slugs: Sequence[str], config_file: Path = Path(CONFIG_FILE)) -> list[Path]:
    """The scenario files to package: those named by ``slugs``, or all when none is.

    Raises UnknownScenarios for a slug without a file, ScenarioError when the folder
    cannot be read and PackageError when there is no scenario at all.
    """
    folder, paths = _scenario_folder(config_file)
    by_slug = {path.stem: path for path in paths}
    wanted = list(dict.fromkeys(slugs))
    unknown = [slug for slug in wanted if slug not in by_slug]
    if unknown:
        raise UnknownScenarios(unknown, folder)
    if not paths:
        raise PackageError(f"no scenarios to package: {folder}/ has no .yml files")
    return [by_slug[slug] for slug in wanted] if wanted else paths


def build_package(
    fmt: Format,
    slugs: Sequence[str],
    output: Path | None,
    config_file: Path = Path(CONFIG_FILE),
) -> Path:
    """Build the SCORM package of ``fmt`` and return where it was written.

    ``slugs`` picks scenarios (all when empty); ``output`` defaults to
    ``dist/<site-name>-<format>.zip``. Scenario mistakes raise ScenarioError with every
    located problem, before anything is built; other failures raise PackageError.
    """
    paths = chosen_scenarios(slugs, config_file)
    loaded, problems = load_all(paths)
    problems += site_link_errors(loaded, config_file)
    if problems:
        raise ScenarioError(problems)
    chosen = [x.slug for x in loaded]
    left_out = sorted({p.stem for p in _scenario_folder(config_file)[1]} - set(chosen))
    with tempfile.TemporaryDirectory(prefix="scorm-") as tmp, _mkdocs_warnings():
        site = Path(tmp) / "site"
        config = _lms_config(config_file, site, chosen if left_out else [], fmt)
        plan = _build(config)
        # The LMS's table of contents is the only way between scenarios; the pages a
        # package leaves out (answer keys, lists of statuses) leave no dead link.
        dropped = plan.left_out_of_packages() | left_out_pages(left_out)
        _unlink_pages(site, dropped | {scenario_src(slug) for slug in chosen})
        _remove_pages(site, dropped)
        target = output or default_output(config.site_name, fmt)
        sections = list(plan.sections)
        pages = {sco.href for section in sections for sco in section.scos}
        files = _site_files(site)
        missing = sorted(pages - set(files))
        if missing:
            raise PackageError(f"the build made no page {missing[0]}")
        _drop_page_turns(site, pages)
        shared = [f for f in files if f not in pages]
        manifest = build_manifest(fmt, config.site_name, sections, shared)
        _write_zip(target, manifest, schema_files(fmt), site, files)
    return target


@contextmanager
def _mkdocs_warnings() -> Iterator[None]:
    """Show MkDocs' warnings and errors on stderr, as ``mkdocs build`` does: under
    ``strict`` they are why a build stops."""
    handler = logging.StreamHandler()  # the sys.stderr of the moment
    handler.setLevel(logging.WARNING)
    handler.setFormatter(logging.Formatter("%(levelname)-8s-  %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)


def _lms_config(config_file: Path, site: Path, only: list[str], fmt: Format) -> MkDocsConfig:
    """mkdocs.yml's configuration, changed for a site inside an LMS frame."""
    try:
        config = site_config(config_file, site_dir=str(site), use_directory_urls=False, strict=True)
    except MkDocsException as err:
        raise PackageError(f"{display_path(config_file)}: {err}") from None
    config.site_url = None  # no canonical links or sitemap addresses outside the package
    features = config.theme.get("features") or []
    config.theme["features"] = [f for f in features if not f.startswith("navigation.instant")]
    plugin = config.plugins.get(PLUGIN)
    if plugin is None:
        raise PackageError(f"{display_path(config_file)} does not use the {PLUGIN} plugin")
    plugin.config["only"] = only
    plugin.config["lms"] = fmt
    if only:
        # Hand-written pages link to scenarios left out of this package: those links
        # are taken out of the pages (_unlink_pages) instead of failing the build. The
        # full site's build checks them.
        config.validation.links.not_found = logging.INFO
    return config


def _build(config: MkDocsConfig) -> SitePlan:
    """``mkdocs build --strict``, as the command line runs it; the site plan it used."""
    try:
        run_build(config)
    except MkDocsException as err:
        raise PackageError(f"the site was not built: {err}") from None
    plan = getattr(config.plugins.get(PLUGIN), "plan", None)
    if not isinstance(plan, SitePlan):
        raise PackageError(f"the {PLUGIN} plugin made no site plan")
    return plan


_ANCHOR = re.compile(r'<a\b[^>]*?\shref="([^"]*)"[^>]*>(.*?)</a>', re.DOTALL)
_PAGE_TURN = re.compile(r'<link rel="(?:prev|next)" href="([^"]*)">')


def left_out_pages(slugs: Sequence[str]) -> set[str]:
    """The docs paths of the pages of scenarios left out of a package."""
    return {scenario_src(slug) for slug in slugs} | {facilitator_src(slug) for slug in slugs}


def _remove_pages(site: Path, sources: set[str]) -> None:
    """Delete the built pages of these docs paths (some may not have been built)."""
    for src in sources:
        (site / page_url(src, False)).unlink(missing_ok=True)


def _unlink_pages(site: Path, sources: set[str]) -> None:
    """Turn links to the pages at these docs paths into plain text, in every page.

    MkDocs leaves a link it cannot resolve as written, to the ``.md`` file: both count.
    """
    gone = {page_url(src, False) for src in sources} | sources

    for page in site.rglob("*.html"):
        here = posixpath.dirname(page.relative_to(site).as_posix())

        def leads_away(href: str, here: str = here) -> bool:
            href = href.split("#")[0].split("?")[0]
            if not href or ":" in href or href.startswith("/"):
                return False
            return posixpath.normpath(posixpath.join(here, href)) in gone

        def unlink(anchor: re.Match[str]) -> str:
            return anchor.group(2) if leads_away(anchor.group(1)) else anchor.group()

        def unturn(link: re.Match[str]) -> str:
            return "" if leads_away(link.group(1)) else link.group()

        html = page.read_text("utf-8")
        changed = _PAGE_TURN.sub(unturn, _ANCHOR.sub(unlink, html))
        if changed != html:
            page.write_text(changed, "utf-8")




def _drop_page_turns(site: Path, pages: set[str]) -> None:
    """Take the previous/next page links out of the SCOs' pages: Material's keyboard
    shortcuts (n, p) follow them in the same frame, which would end the LMS session.
    Links a learner clicks open a new tab instead (see assets/lms.js)."""
    for name in pages:
        page = site / name
        html = page.read_text("utf-8")
        page.write_text(_PAGE_TURN.sub("", html), "utf-8")


def _site_files(site: Path) -> list[str]:
    """Every file of the built site that a package needs, as sorted relative paths."""
    found = (p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
    return sorted(name for name in found if name not in WEB_SERVER_ONLY)


def _write_zip(
    output: Path, manifest: bytes, schemas: list[Path], site: Path, files: list[str]
) -> None:
    """Write the package: the manifest, the schema files, then the site, in that order."""
    clash = {MANIFEST, *(p.name for p in schemas)} & set(files)
    if clash:
        name = sorted(clash)[0]
        raise PackageError(f"the site has a file {name} where the package needs its own")
    partial = output.with_name(output.name + ".partial")
    try:
        if output.parent.exists() and not output.parent.is_dir():
            raise NotADirectoryError(errno.ENOTDIR, "not a folder")
        output.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
            _add(archive, MANIFEST, manifest)
            for schema in schemas:
                _add(archive, schema.name, schema.read_bytes())
            for name in files:
                _add(archive, name, (site / name).read_bytes())
        os.replace(partial, output)
    except OSError as err:
        with suppress(OSError):
            partial.unlink(missing_ok=True)
        raise PackageError(f"cannot write {display_path(output)}: {plain_reason(err)}") from None


def _add(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    archive.writestr(info, data)
