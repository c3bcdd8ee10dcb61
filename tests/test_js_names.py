"""Shorter local names in the published scripts (generator/js_names.py)."""

from __future__ import annotations

import json
import shutil
import subprocess
from importlib.resources import files

import pytest
import rjsmin  # type: ignore[import-untyped]

from generator.assets import asset, lms_adapter
from generator.js_names import shorten

SAMPLE = """(() => {
  var counter = { total: 0 }, message = "counter total", pattern = /counter|total[/]/g;
  function increase(amount, label = "counter") {
    counter.total += amount;
    var result = { amount, label: label + ":" + message };
    return [result, pattern.test("counter"), 'total'];
  }
  var twice = value => increase(value) && increase(value);
  window.out = [twice(2), increase(1), counter];
})();"""


def run(script: str) -> object:
    """What the script leaves in window.out, run by Node."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    program = "var window = {};\n" + script + "\nconsole.log(JSON.stringify(window.out));"
    done = subprocess.run([node, "-e", program], capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def parses(script: str) -> None:
    """Fails the test when Node cannot parse ``script`` (it is compiled, not run)."""
    node = shutil.which("node") or "node"
    check = "new Function(require('fs').readFileSync(0, 'utf8'))"
    subprocess.run([node, "-e", check], input=script, text=True, check=True)


def test_local_names_get_shorter_and_the_script_does_the_same() -> None:
    small = shorten(rjsmin.jsmin(SAMPLE))
    assert len(small) < len(rjsmin.jsmin(SAMPLE))
    for local in ("increase", "twice", "value", "message", "pattern", "result"):
        assert local not in small, local
    assert run(small) == run(SAMPLE)


def test_properties_keys_strings_and_regular_expressions_keep_their_names() -> None:
    small = shorten(rjsmin.jsmin(SAMPLE))
    assert ".total" in small and "total:" in small  # a property and a key
    assert "{amount," in small  # a shorthand property: its name is its key
    assert '"counter total"' in small and "'total'" in small
    assert "/counter|total[/]/g" in small
    assert "label:" in small


def test_a_shorthand_property_keeps_its_name() -> None:
    small = shorten("(()=>{var amount=1;window.out={amount};})();")
    assert run(small) == {"amount": 1}


def test_a_name_that_may_be_the_pages_global_is_kept() -> None:
    small = shorten(
        "(()=>{var status=2,location=3,length=4;window.out=[status,location,length];})();"
    )
    assert "status" in small and "location" in small and "length" in small


def test_template_literals_are_refused() -> None:
    with pytest.raises(ValueError, match="template literals"):
        shorten("var greeting = `hello`;")


@pytest.mark.parametrize("name", ["roleplay.js", "kit.js"])
def test_every_published_script_parses_and_is_shorter(name: str) -> None:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    source = files("generator").joinpath(f"assets/{name}").read_text("utf-8")
    published = asset(name).decode("utf-8")
    assert len(published) < len(rjsmin.jsmin(source))
    parses(published)


def test_the_lms_adapter_parses_with_its_version_filled_in() -> None:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    for fmt in ("scorm12", "scorm2004"):
        published = lms_adapter(fmt).decode("utf-8")
        assert f'"{fmt}"' in published
        parses(published)
