"""Every notebook runs top to bottom and shows what a reader should see.

Each notebook in ``notebooks/`` is executed once here (this replaces a bare ``--nbmake`` run,
which only checks that cells run). Its outputs are then checked:

* every figure is displayed: no bare ``<Figure size ...>`` text without its image (a figure
  built without pyplot, returned but never rendered);
* no raw Python reprs: no numpy scalar reprs (``np.float64(-2.917)``), no dataclass reprs
  (``KeyPlayer(lab=...``), no negative zero (``-0.0``);
* no errors; and in the teaching notebooks 01-05 no ``assert`` statements in student-facing
  cells: the checks that used to be asserts there live here, against the printed outputs (the
  reproduction notebooks 06 onwards keep theirs: they set a paper's numbers beside ours).

Exercises carry worked solutions in cells whose source is collapsed (cell metadata
``"jupyter": {"source_hidden": true}``); each exercise's solution is checked to be collapsed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

NOTEBOOKS = sorted((Path(__file__).parent.parent / "notebooks").glob("*.ipynb"))

BARE_FIGURE = re.compile(r"<(?:matplotlib\.figure\.)?Figure size [^>]*>")
NUMPY_SCALAR = re.compile(r"\bnp\.(?:float|int|uint|bool|complex|str|bytes|longdouble)\w*\(")
DATACLASS_REPR = re.compile(r"\b[A-Z][A-Za-z0-9]*\([a-z_][a-z_0-9]*=")
NEGATIVE_ZERO = re.compile(r"(?<![\w.])-0(?:\.0+)?(?![\w.])")
ASSERT_LINE = re.compile(r"^\s*assert\b", re.MULTILINE)


def reader_text(output: dict) -> str:
    """What a reader sees of one output, as text (an image's text/plain is not shown)."""
    kind = output["output_type"]
    if kind == "stream":
        return str(output["text"])
    if kind in ("execute_result", "display_data"):
        data = output.get("data", {})
        if any(key.startswith("image/") for key in data):
            return ""
        return str(data.get("text/plain", ""))
    if kind == "error":
        return f"{output['ename']}: {output['evalue']}"
    return ""


def problems(notebook: dict, *, teaching: bool = True) -> list[str]:
    """Everything a reader should not see in an executed notebook (the module docstring).

    >>> cell = {"cell_type": "code", "source": "x", "outputs": [
    ...     {"output_type": "execute_result", "data": {"text/plain": "np.float64(-2.917)"}}]}
    >>> problems({"cells": [cell]})
    ['cell 0: a numpy scalar repr: np.float64(-2.917)']
    """
    found = []
    for index, cell in enumerate(notebook["cells"]):
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"])
        if teaching and ASSERT_LINE.search(source):
            found.append(f"cell {index}: an assert in a student-facing cell")
        for output in cell.get("outputs", []):
            text = reader_text(output)
            if output["output_type"] == "error":
                found.append(f"cell {index}: raised {text}")
            for pattern, what in (
                (BARE_FIGURE, "a figure that is not displayed"),
                (NUMPY_SCALAR, "a numpy scalar repr"),
                (DATACLASS_REPR, "a raw object repr"),
                (NEGATIVE_ZERO, "a negative zero"),
            ):
                match = pattern.search(text)
                if match:
                    line = next(ln for ln in text.splitlines() if match.group(0) in ln)
                    found.append(f"cell {index}: {what}: {line.strip()[:120]}")
    return found


def execute(path: Path) -> dict:
    notebook = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(
        notebook,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    return notebook


def printed(notebook: dict) -> str:
    """All the text a reader sees, cells joined, whitespace normalised."""
    return " ".join(
        " ".join(reader_text(o).split())
        for cell in notebook["cells"]
        if cell["cell_type"] == "code"
        for o in cell.get("outputs", [])
    )


def images(notebook: dict) -> int:
    return sum(
        any(key.startswith("image/") for key in o.get("data", {}))
        for cell in notebook["cells"]
        if cell["cell_type"] == "code"
        for o in cell.get("outputs", [])
    )


# -- what notebooks 01-05 must show (formerly asserts in their cells) ---------------------------
def check_01(nb: dict, text: str) -> None:
    # q = 0: prisoner's dilemma, only all-race; q = 0.25: stag hunt with both pure equilibria
    # and the mixed one at 1/2; q = 0.4: harmony, pausing unique (the cells' own algebra:
    # T > R while q < 0.2, P > S while q < 0.3). A harm of 6 at q = 0.475 gives chicken.
    assert "game class: prisoner's dilemma; equilibria: all race" in text
    assert "game class: stag hunt; equilibria: all pause, all race" in text
    assert "mixed equilibrium: race probabilities [0.5 0.5]" in text
    assert "game class: harmony; equilibria: all pause" in text
    assert "classes on the grid: harmony, prisoner's dilemma, stag hunt" in text
    assert "with harm 6 at q = 0.475: chicken" in text
    assert images(nb) >= 4


def check_02(nb: dict, text: str) -> None:
    assert "complete: True" in text
    assert "all-pause among them: False" in text
    assert "every equilibrium certified: True" in text
    assert "QRE limit certified and among the equilibria: True" in text
    assert "a population all pausing is invaded: True" in text
    assert images(nb) >= 2


def check_03(nb: dict, text: str) -> None:
    # frontier-five.toml: lab-e needs 0.551; at q = 0.6 the frontier is G_a / 0.6 = 53.4.
    assert "lab-e: races: needs verification 0.551" in text
    assert "with 60% detection the sanction must be at least $53.4bn (binding lab: lab-a)" in text
    assert "budget 0.414: within the budget all-pause holds" in text
    assert images(nb) >= 2


def check_04(nb: dict, text: str) -> None:
    import numpy as np

    import gametheory as gt

    # Dresher (1962): the lab's value of the 12-period game with one inspection is 11/13.
    assert "Dresher n=12, m=1: lab's value 11/13" in text
    model = gt.load_scenario("coordinated-pausing", variant="agreement").model
    delta = np.round(gt.repeated_pause(model, discount=0.9).critical_discount, 3)
    assert f"false alarms 0.00: delta* = {' '.join(str(delta).split())}" in text
    # One model, one answer: the lifecycle and the one-shot analysis name the same labs.
    found = re.search(r"one-shot analysis: ([^;]*); in the lifecycle: ([^.]*)\.", text)
    assert found is not None and found.group(1) == found.group(2)
    assert "voluntary paused" in text and "tempted: dev-a, dev-b, dev-c, dev-d" in text


def check_05(nb: dict, text: str) -> None:
    # Barrett (1994): the stable agreement has three members whatever n.
    for n in (3, 5, 10, 50):
        assert f"{n} countries: stable coalition size 3" in text
    assert "after a US defection: no one follows" in text
    assert "key player: china" in text
    assert "the US would cut: monitoring with china, monitoring with eu" in text


CHECKS: dict[str, Callable[[dict, str], None]] = {
    "01-two-labs": check_01,
    "02-three-labs": check_02,
    "03-verification-tradeoffs": check_03,
    "04-repeated-pause": check_04,
    "05-coalitions-and-alliances": check_05,
}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs_and_reads_well(path: Path) -> None:
    notebook = execute(path)
    assert problems(notebook, teaching=path in NOTEBOOKS[:5]) == []
    check = CHECKS.get(path.stem)
    if check is not None:
        check(notebook, printed(notebook))


@pytest.mark.parametrize("path", NOTEBOOKS[:5], ids=[p.stem for p in NOTEBOOKS[:5]])
def test_teaching_notebooks_have_exercises_with_collapsed_solutions(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    exercises = [
        k
        for k, cell in enumerate(notebook.cells)
        if cell.cell_type == "markdown" and cell.source.lstrip().startswith("### Exercise")
    ]
    assert exercises, "expected at least one '### Exercise' cell"
    for k in exercises:
        solution = notebook.cells[k + 1]
        assert solution.cell_type == "code"
        assert solution.source.lstrip().startswith("# Solution")
        assert solution.metadata.get("jupyter", {}).get("source_hidden") is True


def test_notebooks_are_committed_without_outputs() -> None:
    for path in NOTEBOOKS:
        notebook = nbformat.read(path, as_version=4)
        for cell in notebook.cells:
            if cell.cell_type == "code":
                assert not cell.outputs and cell.execution_count is None, path.name


def test_the_checks_catch_what_they_should() -> None:
    def cell(text: str, source: str = "x") -> dict:
        return {
            "cell_type": "code",
            "source": source,
            "outputs": [{"output_type": "stream", "name": "stdout", "text": text}],
        }

    assert problems({"cells": [cell("<Figure size 600x400 with 1 Axes>")]})
    assert problems({"cells": [cell("KeyPlayer(lab='china', drop=1.2)")]})
    assert problems({"cells": [cell("margin -0.0")]})
    assert problems({"cells": [cell("ok", source="assert x == 1")]})
    assert not problems({"cells": [cell("margin -0.05, P(pause) = 0.3, size 3")]})


def test_binder_can_launch_the_notebooks() -> None:
    root = Path(__file__).parent.parent
    requirements = (root / "binder" / "requirements.txt").read_text(encoding="utf-8")
    assert [line for line in requirements.splitlines() if not line.startswith("#")] == ["."]
    assert (root / "binder" / "runtime.txt").read_text(encoding="utf-8").strip() == "python-3.11"
    readme = (root / "README.md").read_text(encoding="utf-8")
    link = re.search(r"\(https://mybinder\.org/v2/gh/[^)]*labpath=([^)&]*)\)", readme)
    assert link is not None
    assert (root / link.group(1).replace("%2F", "/")).is_file()
