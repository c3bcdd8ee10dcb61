"""A built test site served on 127.0.0.1 from a thread, and axe-core for the browser tests."""

from __future__ import annotations

import functools
import http.server
import json
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page

from .helpers import ROOT

# axe-core is pinned in the Makefile, which installs it with npm into .axe/ (git-ignored).
AXE_VERSION = re.findall(r"^AXE_CORE\s*:=\s*(\S+)", (ROOT / "Makefile").read_text(), re.M)[0]
AXE_DIR = ROOT / ".axe" / "node_modules" / "axe-core"
AXE_JS = AXE_DIR / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
# Best-practice rules run as well: Lighthouse reports these, and they are ours to meet.
EXTRA_RULES = ["aria-dialog-name"]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve ``directory`` over HTTP on a free port; yield its base URL."""
    handler = functools.partial(_Quiet, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


def axe_installed() -> Path:
    """The pinned axe-core's script; fails the test with what to do when it is missing."""
    try:
        version = json.loads((AXE_DIR / "package.json").read_text("utf-8"))["version"]
    except (OSError, ValueError, KeyError):
        version = None
    if version != AXE_VERSION:
        found = f"found {version}" if version else "it is missing"
        pytest.fail(
            f"axe-core {AXE_VERSION} is needed in {AXE_DIR.relative_to(ROOT)}, {found}: "
            "run `make axe` (or `make test`)"
        )
    return AXE_JS


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """axe-core's WCAG 2.0/2.1/2.2 A and AA violations, and those of EXTRA_RULES, on the
    page as it is now."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(axe_installed()))
    assert page.evaluate("axe.version") == AXE_VERSION
    result: dict[str, Any] = page.evaluate(
        """([tags, extra]) => axe.run(document, {
             runOnly: {type: 'tag', values: tags},
             rules: Object.fromEntries(extra.map(id => [id, {enabled: true}])),
           })""",
        [WCAG_TAGS, EXTRA_RULES],
    )
    return [
        {"id": v["id"], "nodes": [n["target"] for n in v["nodes"]][:5], "help": v["help"]}
        for v in result["violations"]
    ]
