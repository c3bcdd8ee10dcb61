"""Build the site as a SCORM package: a zip to upload to a learning management system.

The site is built with MkDocs' own API into a temporary folder, set up for an LMS frame:
relative ``.html`` links (``use_directory_urls: false``), no Material instant navigation
and no ``site_url`` (no canonical addresses on the web server). The zip holds
``imsmanifest.xml`` and the ADL schema files at its root, and the site's files under
their site paths. The build adds the LMS adapter (assets/lms.js) for ``fmt``, through
which each scenario page keeps its progress in the LMS and reports to it.

``build_package`` zips every chosen scenario as one package; ``build_scenario_packages``
zips the same build once per scenario, each zip without the other scenarios' pages
(for an LMS that tracks only one SCO per activity). A zip holds exactly the files the
build published that it needs, its search index cut down to its own pages, and is
written to a temporary file beside its place, then renamed over it: only ever over a
regular file.
"""

from __future__ import annotations

import errno
import io
import json
import logging
import os
import posixpath
import re
import stat
import tempfile
import zipfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException

from ..build import run_build, site_config
from ..errors import ScenarioError
from ..load import display_path, find_scenarios, load_all, plain_reason
from ..published import links_out
from ..site import Sco, Section, SitePlan
from ..site_config import CONFIG_FILE, PLUGIN, SiteSettings, read_site_settings, site_link_errors
from ..site_paths import facilitator_src, scenario_src
from ..text import page_url
from . import Format
from .manifest import build_manifest, slugify

SCHEMAS = Path(__file__).resolve().parent / "schemas"
MANIFEST = "imsmanifest.xml"
SEARCH_INDEX = "search/search_index.json"
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


def default_folder(site_name: str, fmt: Format) -> Path:
    """``dist/<site-name>-<format>/``: where the packages of one scenario each go."""
    return Path("dist") / f"{slugify(site_name)}-{fmt}"


def _not_a_file(mode: int) -> str | None:
    """What a file of this ``st_mode`` is, in words, when it is not a regular file."""
    kinds = (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISLNK, "a shortcut (symbolic link)"),
        (stat.S_ISCHR, "a device"),
        (stat.S_ISBLK, "a device"),
        (stat.S_ISFIFO, "a pipe (FIFO)"),
        (stat.S_ISSOCK, "a socket"),
    )
    return next((name for test, name in kinds if test(mode)), None)


def output_file(output: Path | str) -> Path:
    """``output`` as the path of a zip to write, if it may be written there.

    Raises PackageError for an empty path, a path ending in a slash, and anything there
    but a regular file: a folder, a shortcut (never followed, never replaced), a device,
    a pipe or a socket.
    """
    text = str(output)
    if not text:
        raise PackageError("--output is empty: give the path of the zip file to write")
    path = Path(text)
    if text.endswith(("/", os.sep)) or path.name in ("", ".", ".."):
        raise PackageError(f"cannot write {text}: it names a folder; give a file name in it")
    try:
        mode = path.lstat().st_mode
    except FileNotFoundError:
        return path
    except OSError as err:
        raise PackageError(f"cannot write {display_path(path)}: {plain_reason(err)}") from None
    kind = _not_a_file(mode)
    if kind is not None:
        raise PackageError(
            f"cannot write {display_path(path)}: it is {kind}, not a regular file; "
            "give the path of a zip file (what is there is left alone)"
        )
    return path


def output_folder(output: Path | str) -> Path:
    """``output`` as the folder to write zips into (made when missing), if it may be.

    Raises PackageError for an empty path and for anything there but a folder (or a
    shortcut to one).
    """
    text = str(output)
    if not text:
        raise PackageError("--output is empty: give the folder to write the zips into")
    path = Path(text)
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return path
    except OSError as err:
        raise PackageError(f"cannot write into {display_path(path)}: {plain_reason(err)}") from None
    if not stat.S_ISDIR(mode):
        kind = "a regular file" if stat.S_ISREG(mode) else _not_a_file(mode)
        raise PackageError(
            f"cannot write into {display_path(path)}: it is {kind}, not a folder; "
            "with --one-per-scenario, --output names the folder for the zips"
        )
    return path


def _settings(config_file: Path) -> SiteSettings:
    settings = read_site_settings(config_file)
    if settings is None:
        raise PackageError(f"cannot read the site's configuration {display_path(config_file)}")
    return settings


def _scenario_folder(config_file: Path) -> tuple[str, list[Path]]:
    """The scenarios folder of the site (as a trainer would type it) and its files."""
    settings = _settings(config_file)
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


@dataclass(frozen=True)
class _LmsSite:
    """A site built for an LMS frame in a temporary folder, ready to be zipped."""

    folder: Path
    title: str
    """The site's name: the organization's title in a manifest."""
    sections: tuple[Section, ...]
    files: tuple[str, ...]
    """Every file a package of all of ``sections`` holds (manifest and schemas aside)."""

    @property
    def sco_pages(self) -> set[str]:
        """The page of each scenario (SCO)."""
        return {sco.href for section in self.sections for sco in section.scos}


@dataclass(frozen=True)
class Written:
    """One zip written: where, and the scenarios it holds."""

    path: Path
    scos: tuple[Sco, ...]


def build_package(
    fmt: Format,
    slugs: Sequence[str],
    output: Path | str | None,
    config_file: Path = Path(CONFIG_FILE),
) -> Path:
    """Build the SCORM package of ``fmt`` and return where it was written.

    ``slugs`` picks scenarios (all when empty); ``output`` defaults to
    ``dist/<site-name>-<format>.zip``. Scenario mistakes (and shortcuts leading out of
    the docs folder) raise ScenarioError with every located problem, before anything is
    built; other failures, and an ``output`` that is not a regular file's place, raise
    PackageError.
    """
    target = output_file(output) if output is not None else None
    with _lms_site(fmt, slugs, config_file) as site:
        target = target or default_output(site.title, fmt)
        _package(site, fmt, target)
    return target


def build_scenario_packages(
    fmt: Format,
    slugs: Sequence[str],
    folder: Path | str | None,
    config_file: Path = Path(CONFIG_FILE),
) -> list[Written]:
    """Build one single-SCO package of ``fmt`` per scenario; return them in site order.

    The site is built once; each zip holds its scenario's page and every shared file
    (the idea pages and assets), no other scenario's page. ``slugs`` picks scenarios
    (all when empty). The zips are named ``<site-name>-<scenario>-<format>.zip``, in
    ``folder`` (made if missing), by default ``dist/<site-name>-<format>/``. Errors as
    for ``build_package``; no zip is written when a target is not a regular file's place.
    """
    where = output_folder(folder) if folder is not None else None
    with _lms_site(fmt, slugs, config_file) as site:
        where = where or output_folder(default_folder(site.title, fmt))
        name = slugify(site.title)
        jobs = [
            (Section(section.slug, section.title, (sco,)), where / f"{name}-{sco.slug}-{fmt}.zip")
            for section in site.sections
            for sco in section.scos
        ]
        for _section, target in jobs:
            output_file(target)  # all refused before any is written
        # What every zip holds alike is compressed once; each zip is a copy of it with
        # its own page, search index and manifest added.
        common = [f for f in site.files if f not in site.sco_pages and f != SEARCH_INDEX]
        base = _zip_bytes(lambda archive: _add_files(archive, fmt, site.folder, common))
        written = []
        for section, target in jobs:
            _package_one(site, fmt, section, target, base, f"manifest-{name}-")
            written.append(Written(target, section.scos))
    return written


@contextmanager
def _lms_site(fmt: Format, slugs: Sequence[str], config_file: Path) -> Iterator[_LmsSite]:
    """Check the chosen scenarios, then build the site for an LMS frame into a temporary
    folder, removed when the block ends."""
    paths = chosen_scenarios(slugs, config_file)
    loaded, problems = load_all(paths)
    problems += site_link_errors(loaded, config_file)
    problems += links_out(_settings(config_file).docs_dir)
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
        sections = tuple(plan.sections)
        pages = {sco.href for section in sections for sco in section.scos}
        files = _site_files(site)
        missing = sorted(pages - set(files))
        if missing:
            raise PackageError(f"the build made no page {missing[0]}")
        clash = {MANIFEST, *(p.name for p in schema_files(fmt))} & set(files)
        if clash:
            name = sorted(clash)[0]
            raise PackageError(f"the site has a file {name} where the package needs its own")
        _drop_page_turns(site, pages)
        yield _LmsSite(site, config.site_name, sections, tuple(files))


def _package(site: _LmsSite, fmt: Format, target: Path) -> None:
    """Zip all of ``site`` into ``target``: its manifest, the schema files, the site."""
    shared = [f for f in site.files if f not in site.sco_pages]
    manifest = build_manifest(fmt, site.title, site.sections, shared)
    rewritten = {SEARCH_INDEX: _search_index(site.folder, set(site.files))}

    def add(archive: zipfile.ZipFile) -> None:
        _add(archive, MANIFEST, manifest)
        _add_files(archive, fmt, site.folder, site.files, rewritten)

    _write_zip(target, add)


def _package_one(
    site: _LmsSite, fmt: Format, section: Section, target: Path, base: bytes, prefix: str
) -> None:
    """Zip the one scenario of ``section`` into ``target``: the zip ``base`` (the schema
    files and what every scenario shares), then the scenario's page, the search index and
    the manifest, whose identifier is ``prefix`` and the scenario's slug."""
    [sco] = section.scos
    others = site.sco_pages - {sco.href}
    files = [f for f in site.files if f not in others]
    shared = [f for f in files if f != sco.href]
    manifest = build_manifest(fmt, site.title, [section], shared, identifier=prefix + sco.slug)
    own = [f for f in (sco.href, SEARCH_INDEX) if f in files]
    rewritten = {SEARCH_INDEX: _search_index(site.folder, set(files))}

    def add(archive: zipfile.ZipFile) -> None:
        _add_files(archive, None, site.folder, own, rewritten)
        _add(archive, MANIFEST, manifest)

    _write_zip(target, add, base)


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
_FOOTER_LINK = 'class="md-footer__link '  # Material's previous and next page buttons


def left_out_pages(slugs: Sequence[str]) -> set[str]:
    """The docs paths of the pages of scenarios left out of a package."""
    return {scenario_src(slug) for slug in slugs} | {facilitator_src(slug) for slug in slugs}


def _remove_pages(site: Path, sources: set[str]) -> None:
    """Delete the built pages of these docs paths (some may not have been built)."""
    for src in sources:
        (site / page_url(src, False)).unlink(missing_ok=True)


def _unlink_pages(site: Path, sources: set[str]) -> None:
    """Turn links to the pages at these docs paths into plain text, in every page; a
    footer's button to the previous or next page goes, with its label.

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
            if not leads_away(anchor.group(1)):
                return anchor.group()
            # A "Next" or "Previous" button without its page would be a dead button.
            return "" if _FOOTER_LINK in anchor.group().split(">", 1)[0] else anchor.group(2)

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


def _search_index(site: Path, files: set[str]) -> bytes | None:
    """The site's search index without the pages a package leaves out (answer keys,
    other scenarios), so that every result opens a page of the package; None when the
    site has no index."""
    if SEARCH_INDEX not in files:
        return None
    index = json.loads((site / SEARCH_INDEX).read_bytes())
    index["docs"] = [
        doc
        for doc in index.get("docs", [])
        if doc.get("location", "").split("#")[0] in files | {""}
    ]
    return json.dumps(index, separators=(",", ":"), ensure_ascii=False).encode()


def _add_files(
    archive: zipfile.ZipFile,
    fmt: Format | None,
    site: Path,
    files: Sequence[str],
    rewritten: Mapping[str, bytes | None] | None = None,
) -> None:
    """Add the schema files of ``fmt`` (none for None), then these files of the site;
    ``rewritten`` gives some of them other bytes."""
    for schema in schema_files(fmt) if fmt else []:
        _add(archive, schema.name, schema.read_bytes())
    changed = {k: v for k, v in (rewritten or {}).items() if v is not None}
    for name in files:
        _add(archive, name, changed[name] if name in changed else (site / name).read_bytes())


def _zip_bytes(write: Callable[[zipfile.ZipFile], None]) -> bytes:
    """A zip made in memory by ``write``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        write(archive)
    return buffer.getvalue()


def _write_zip(output: Path, write: Callable[[zipfile.ZipFile], None], base: bytes = b"") -> None:
    """Write a zip to ``output``: the entries of the zip ``base`` (if any), then those
    ``write`` adds.

    The zip is written to a temporary file beside ``output`` and renamed over it, so
    ``output`` is the whole old file or the whole new one; only a regular file is ever
    replaced, and the temporary file never stays.
    """
    try:
        if output.parent.exists() and not output.parent.is_dir():
            raise NotADirectoryError(errno.ENOTDIR, "not a folder")
        output.parent.mkdir(parents=True, exist_ok=True)
        handle, partial = tempfile.mkstemp(prefix=f".{output.name}.", dir=output.parent)
    except OSError as err:
        raise PackageError(f"cannot write {display_path(output)}: {plain_reason(err)}") from None
    try:
        with os.fdopen(handle, "w+b") as stream:
            stream.write(base)
            stream.seek(0)
            with zipfile.ZipFile(stream, "a" if base else "w", zipfile.ZIP_DEFLATED) as archive:
                write(archive)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(partial, 0o666 & ~_umask())
        output_file(output)  # still no folder, shortcut or device there
        os.replace(partial, output)
    except OSError as err:
        raise PackageError(f"cannot write {display_path(output)}: {plain_reason(err)}") from None
    finally:
        with suppress(OSError):
            os.unlink(partial)  # gone already when it was renamed


def _umask() -> int:
    """The process's file creation mask (read by setting it, then set back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _add(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    archive.writestr(info, data)
