"""The documentation: every public function has an example; internal links resolve; one version.

The site itself is built by ``.ci/run`` with Sphinx, warnings as errors (a broken
cross-reference fails it); these checks give the same answers in the test suite, quickly.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from pathlib import Path

import pytest

import gametheory

ROOT = Path(__file__).resolve().parent.parent

# The command line's add_parser/run functions are documented by the generated command
# reference (docs/reference/commands.md, from the parser), not by doctests.
_SKIP_PREFIXES = ("gametheory.interfaces.cli", "gametheory.__main__")


def _public_functions() -> list[tuple[str, object]]:
    found = []
    for info in pkgutil.walk_packages(gametheory.__path__, "gametheory."):
        if info.ispkg or info.name.startswith(_SKIP_PREFIXES):
            continue
        module = importlib.import_module(info.name)
        for name in getattr(module, "__all__", []):
            obj = getattr(module, name)
            if inspect.isfunction(obj) and obj.__module__ == info.name:
                found.append((f"{info.name}.{name}", obj))
    return found


def test_there_are_public_functions_to_check():
    assert len(_public_functions()) > 150


@pytest.mark.parametrize(
    "name,function", [pytest.param(n, f, id=n) for n, f in _public_functions()]
)
def test_every_public_function_has_an_example(name, function):
    doc = inspect.getdoc(function) or ""
    assert re.search(r"^Examples\n-+\n", doc, re.M), f"{name}: no Examples section"
    assert ">>> " in doc, f"{name}: its Examples section runs nothing"


_LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")


def _markdown_files() -> list[Path]:
    files = [ROOT / "README.md", ROOT / "CHANGELOG.md"]
    for path in (ROOT / "docs").rglob("*.md"):
        if "_build" in path.parts or path.parent.name in ("_api",):
            continue
        files.append(path)
    return files


@pytest.mark.parametrize("path", _markdown_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_internal_links_resolve(path):
    broken = []
    for target in _LINK.findall(path.read_text()):
        if re.match(r"[a-z]+:", target):  # https:, mailto:: external, not checked offline
            continue
        resolved = (path.parent / target).resolve()
        generated = ROOT / "docs" / "notebooks"  # copied from notebooks/ at build time
        if resolved.is_relative_to(generated):
            resolved = ROOT / "notebooks" / resolved.relative_to(generated)
        if not resolved.exists():
            broken.append(target)
    assert not broken, f"{path.relative_to(ROOT)}: broken links {broken}"


def test_one_version_everywhere():
    citation = (ROOT / "CITATION.cff").read_text()
    assert f'version: "{gametheory.__version__}"' in citation
    pyproject = (ROOT / "pyproject.toml").read_text()
    assert 'dynamic = ["version"]' in pyproject
    assert 'path = "gametheory/_version.py"' in pyproject
    assert (ROOT / "LICENSE").read_text().startswith("MIT License")
