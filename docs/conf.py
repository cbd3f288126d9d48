"""Sphinx configuration of pausegame's documentation site.

Build: ``uv run --group docs sphinx-build -W --keep-going -b html docs docs/_build/html``
(warnings are errors, so a broken internal link or cross-reference fails the build). Before
reading the sources this file generates the pages that come from the code itself: the command
reference from the ``pausegame`` argument parser, the scenario file reference from the format's
declaration (:mod:`gametheory.pause.schema`), and a copy of the notebooks, which myst-nb
executes so the site shows their outputs.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from gametheory._version import __version__  # noqa: E402
from gametheory.interfaces.cli import build_parser  # noqa: E402
from gametheory.pause.schema import reference_markdown  # noqa: E402

project = "pausegame"
author = "the pausegame developers"
copyright = "2026, the pausegame developers"
version = release = __version__

extensions = [
    "myst_nb",
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.mathjax",
    "numpydoc",
]
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence"]
myst_heading_anchors = 3
nb_execution_mode = "force"
nb_execution_timeout = 600
nb_execution_raise_on_error = True
nb_execution_show_tb = True
autosummary_generate = True
autosummary_imported_members = False
templates_path = ["_templates"]
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
exclude_patterns = ["_build", "**/.ipynb_checkpoints", "analyze-json-schema.md"]
html_theme = "pydata_sphinx_theme"
html_title = f"pausegame {__version__}"
html_static_path: list[str] = []
html_theme_options = {"navigation_with_keys": False}
# numpydoc renames each docstring's References to unique labels; a reference list that the
# text does not cite by number is normal in numpydoc docstrings, not a broken link.
suppress_warnings = ["myst.header", "ref.citation"]


# -- pages generated from the code -------------------------------------------------------------
def _write_if_changed(path: Path, text: str) -> None:
    if not path.exists() or path.read_text() != text:
        path.write_text(text)


def _command_reference() -> str:
    parser = build_parser()
    lines = [
        "# Command reference",
        "",
        "Generated from the `pausegame` argument parser; `pausegame COMMAND --help` prints the "
        "same. Exit codes: 0 success, 1 a computation failed, 2 bad input (file, field, option).",
        "",
    ]
    subparsers = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    for name, sub in subparsers.choices.items():
        lines += [f"## `pausegame {name}`", "", (sub.description or "").strip(), ""]
        usage = " ".join(sub.format_usage().split())
        lines += ["```text", usage.removeprefix("usage: "), "```", ""]
        rows = []
        for action in sub._actions:
            if isinstance(action, argparse._HelpAction):
                continue
            flags = ", ".join(action.option_strings) or action.metavar or action.dest
            text = (action.help or "").replace("%(default)s", str(action.default))
            text = text.replace("|", "\\|").replace("\n", " ")
            rows.append(f"| `{flags}` | {text} |")
        if rows:
            lines += ["| argument | meaning |", "|---|---|", *rows, ""]
    return "\n".join(lines)


def _generate() -> None:
    reference = HERE / "reference"
    _write_if_changed(reference / "commands.md", _command_reference())
    _write_if_changed(reference / "scenario-file.md", reference_markdown())
    notebooks = HERE / "notebooks"
    notebooks.mkdir(exist_ok=True)
    for stale in notebooks.glob("*.ipynb"):
        if not (ROOT / "notebooks" / stale.name).exists():
            stale.unlink()
    for source in sorted((ROOT / "notebooks").glob("*.ipynb")):
        target = notebooks / source.name
        if not target.exists() or target.read_bytes() != source.read_bytes():
            shutil.copyfile(source, target)


_generate()
