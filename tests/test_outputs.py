"""Safe outputs (issue #15): atomic, never over an input, --force, strict JSON, escaped text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gametheory.interfaces.cli import EXIT_INTERRUPTED, main
from gametheory.interfaces.outputs import csv_text, dumps_json, markdown_text, plain_label
from gametheory.pause.scenario import shipped_models


def strict_loads(text: str) -> object:
    def refuse(constant: str) -> None:
        raise ValueError(f"not JSON: {constant}")

    return json.loads(text, parse_constant=refuse)


@pytest.fixture
def scenario(tmp_path: Path) -> Path:
    path = tmp_path / "v.toml"
    path.write_text(shipped_models()["two-labs"].read_text(encoding="utf-8"), encoding="utf-8")
    return path


def test_analyze_refuses_to_overwrite_its_input(scenario, capsys):
    # Reproducer: `analyze v.toml -o v.toml` overwrote the scenario with the report.
    before = scenario.read_text(encoding="utf-8")
    assert main(["analyze", str(scenario), "-o", str(scenario)]) == 2
    assert "inputs are never overwritten" in capsys.readouterr().err
    assert main(["analyze", str(scenario), "-o", str(scenario), "--force"]) == 2
    assert scenario.read_text(encoding="utf-8") == before


def test_an_existing_output_is_replaced_only_with_force(scenario, tmp_path, capsys):
    out = tmp_path / "report.md"
    out.write_text("old", encoding="utf-8")
    assert main(["analyze", str(scenario), "--format", "markdown", "-o", str(out)]) == 2
    assert "--force" in capsys.readouterr().err and out.read_text(encoding="utf-8") == "old"
    assert main(["analyze", str(scenario), "--format", "markdown", "-o", str(out), "--force"]) == 0
    assert out.read_text(encoding="utf-8").startswith("#")


def old_sweep_outputs(tmp_path: Path) -> tuple[Path, Path]:
    csv, record = tmp_path / "s.csv", tmp_path / "s.csv.run.json"
    csv.write_text("old csv", encoding="utf-8")
    record.write_text("old record", encoding="utf-8")
    return csv, record


def assert_untouched(tmp_path: Path, csv: Path, record: Path) -> None:
    assert csv.read_text(encoding="utf-8") == "old csv"
    assert record.read_text(encoding="utf-8") == "old record"
    assert not [p for p in tmp_path.iterdir() if ".tmp" in p.name]  # no temporary left


@pytest.mark.parametrize("plot", ["/proc/x.png", "dir.png"])
def test_an_unwritable_figure_leaves_the_old_csv_and_run_record(
    tmp_path, monkeypatch, plot, capsys
):
    # Reproducer: an unwritable --plot path left a stale .run.json beside a new CSV.
    monkeypatch.chdir(tmp_path)
    (tmp_path / "dir.png").mkdir()
    csv, record = old_sweep_outputs(tmp_path)
    argv = ["sweep", "two-labs", "--param", "verification=0:1:5", "--out", str(csv), "--force"]
    assert main([*argv, "--plot", plot]) == 2
    assert "--plot" in capsys.readouterr().err
    assert_untouched(tmp_path, csv, record)


def test_ctrl_c_while_writing_leaves_the_old_files(tmp_path, monkeypatch, capsys):
    # Reproducer: SIGINT while the CSV was written left a truncated file beside the old record.
    import gametheory.interfaces.plots as plots

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(plots, "save_figure", interrupted)
    csv, record = old_sweep_outputs(tmp_path)
    argv = ["sweep", "two-labs", "--param", "verification=0:1:5", "--out", str(csv), "--force"]
    assert main([*argv, "--plot", str(tmp_path / "p.png")]) == EXIT_INTERRUPTED
    assert "interrupted" in capsys.readouterr().err
    assert_untouched(tmp_path, csv, record)


def test_a_successful_run_replaces_csv_and_record_together(tmp_path):
    csv, record = old_sweep_outputs(tmp_path)
    argv = ["sweep", "two-labs", "--param", "verification=0:1:5", "--out", str(csv), "--force"]
    assert main(argv) == 0
    assert csv.read_text(encoding="utf-8").count("\n") == 6
    assert strict_loads(record.read_text(encoding="utf-8"))["command"] == "pausegame sweep"


@pytest.mark.parametrize("command", ["coalitions", "network"])
def test_json_output_is_strict_on_every_shipped_model(command, capsys):
    # Reproducer: coalitions/network --format json emitted -Infinity on all shipped models.
    for name in shipped_models():
        if main([command, name, "--format", "json"]) != 0:
            capsys.readouterr()
            continue
        strict_loads(capsys.readouterr().out)


def test_dumps_json_gives_null_and_the_reason():
    document = strict_loads(dumps_json({"gain": float("-inf"), "x": [float("nan")]}))
    assert document == {
        "gain": None,
        "x": [None],
        "non_finite": {"gain": "-infinity", "x[0]": "not a number"},
    }


def test_csv_cells_cannot_become_formulas(tmp_path):
    scenario = tmp_path / "f.toml"
    text = shipped_models()["two-labs"].read_text(encoding="utf-8")
    scenario.write_text(text.replace("[labs.lab-a]", '[labs."=HYPERLINK(1)"]'), encoding="utf-8")
    out = tmp_path / "s.csv"
    argv = ["sweep", str(scenario), "--param", "defaults.sanction=0:100:3", "--out", str(out)]
    assert main(argv) == 0
    cells = out.read_text(encoding="utf-8").replace('"', "").replace("\n", ",").split(",")
    assert "'=HYPERLINK(1)" in cells and not any(c.startswith("=") for c in cells)
    assert csv_text("-1+2") == "'-1+2" and csv_text("lab") == "lab"


def test_parquet_output_round_trips(tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "s.parquet"
    assert main(["sweep", "two-labs", "--param", "verification=0:1:7", "--out", str(out)]) == 0
    table = pq.read_table(out)
    assert table.num_rows == 7 and "region" in table.column_names


def test_names_are_escaped_for_markdown_and_plain_in_figures():
    assert "<" not in markdown_text("<img src=x onerror=alert(1)>")
    assert markdown_text("a|b") == "a\\|b"
    assert plain_label("$\\alpha$") == "\\$\\alpha\\$"
    assert plain_label("x" * 5000).endswith("…") and len(plain_label("x" * 5000)) == 40


def test_report_escapes_hostile_names_and_draws_them_as_plain_text(tmp_path):
    # Reproducers: `$...$` in a name crashed report (matplotlib mathtext); <script> and
    # <img onerror> were copied into the Markdown unescaped; a 5,000-character name took 170 s.
    hostile = "<script>alert(1)</script>$\\\\frac{a}{$"
    text = (
        'name = "$x^{$ <img src=x onerror=alert(1)>"\n[defaults]\ncapability = 1\nprize = 10\n'
        "pause_cost = 1\nharm = 50\nrisk = 0.1\nsanction = 5\n[channels.audits]\n"
        f'detection = 0.3\n[labs."{hostile}"]\n[labs."{"x" * 5000}"]\n'
    )
    scenario = tmp_path / "h.toml"
    scenario.write_text(text, encoding="utf-8")
    out = tmp_path / "r.md"
    assert main(["report", str(scenario), "-o", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert "<script>" not in page and "&lt;script&gt;" in page and "<img" not in page
    html = tmp_path / "r.html"
    assert main(["report", str(scenario), "-o", str(html)]) == 0
    assert "<script>" not in html.read_text(encoding="utf-8")


def test_a_report_of_many_labs_shows_top_rows_and_summaries(tmp_path):
    defaults = (
        "[defaults]\ncapability = 1\nprize = 10\npause_cost = 1\nharm = 50\nrisk = 0.01\n"
        "sanction = 5\n[channels.audits]\ndetection = 0.3\n"
    )
    labs = "".join(f"[labs.l{i}]\nprize = {1 + i % 17}\n" for i in range(300))
    scenario = tmp_path / "many.toml"
    scenario.write_text(defaults + labs, encoding="utf-8")
    out = tmp_path / "r.md"
    assert main(["report", str(scenario), "-o", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert "more rows" in page and "detection min / median / max" in page
    assert page.count("\n| l") < 3 * 45  # tables are cut at 40 rows, not 300


# -- tables at array speed (issue #16): CSV and Parquet read back to the same values ----------
def table_columns() -> dict[str, object]:
    import numpy as np

    from gametheory.core.columns import CodedText

    floats = np.array([0.1 + 0.2, -0.0, 1e-300, 1.7976931348623157e308, np.inf, np.nan, 2.5, -7])
    return {
        "x": floats,
        "n": np.arange(8, dtype=np.int64) - 3,
        "big": np.arange(8, dtype=np.uint64) + np.uint64(2**63),
        "flag": np.arange(8) % 3 == 0,
        "text": np.array(["a,b", 'say "hi"', "=SUM(A1)", "é ✓", "", "-1", "plain", "x\ny"]),
        "coded": CodedText(np.array([2, 0, 1, 1, 0, 2, 2, 0]), ("lab-a", "+b", "c, d")),
    }


def expected_cells(columns: dict[str, object]) -> dict[str, list[object]]:
    """What the file should hold: finite floats exactly, others empty; text neutralised."""
    import math

    import numpy as np

    out: dict[str, list[object]] = {}
    for name, column in columns.items():
        values = np.asarray(column).tolist()
        if name == "x":
            out[name] = [v if math.isfinite(v) else None for v in values]
        elif name in ("text", "coded"):
            out[name] = [csv_text(v) for v in values]
        else:
            out[name] = values
    return out


def read_csv_cells(path: Path) -> dict[str, list[object]]:
    import csv

    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return {
        "x": [float(r["x"]) if r["x"] else None for r in rows],
        "n": [int(r["n"]) for r in rows],
        "big": [int(r["big"]) for r in rows],
        "flag": [r["flag"].lower() == "true" for r in rows],
        "text": [r["text"] for r in rows],
        "coded": [r["coded"] for r in rows],
    }


@pytest.mark.parametrize("with_pyarrow", [True, False], ids=["pyarrow", "plain-python"])
def test_csv_reads_back_to_the_same_values(tmp_path, monkeypatch, with_pyarrow):
    from gametheory.interfaces.outputs import write_table

    if with_pyarrow:
        pytest.importorskip("pyarrow")
    else:
        monkeypatch.setitem(__import__("sys").modules, "pyarrow", None)  # import fails
    columns = table_columns()
    out = write_table(tmp_path / "t.csv", columns, "--out")
    got = read_csv_cells(out)
    want = expected_cells(columns)
    assert got["x"][:4] == [0.30000000000000004, -0.0, 1e-300, 1.7976931348623157e308]
    assert got == want


@pytest.mark.parametrize("piece", [1, 3, 8, 5000])
def test_csv_cut_into_pieces_for_the_cores_is_the_one_writers_file(tmp_path, monkeypatch, piece):
    # A large table is formatted in pieces of rows on several threads: the file must be byte
    # for byte the one Arrow's writer makes in one go (the header once, every row in order).
    pa = pytest.importorskip("pyarrow")
    import numpy as np
    import pyarrow.csv as pcsv

    import gametheory.interfaces.outputs as outputs
    from gametheory.core.columns import CodedText

    base = table_columns()
    columns = {
        name: CodedText(np.tile(c.codes, 5), c.labels)
        if isinstance(c, CodedText)
        else np.tile(np.asarray(c), 5)
        for name, c in base.items()
    }  # 40 rows
    monkeypatch.setattr(outputs, "CSV_PIECE_ROWS", piece)
    monkeypatch.setattr(pa, "cpu_count", lambda: 2)
    pieces = outputs.write_table(tmp_path / "pieces.csv", columns, "--out")
    arrays = {name: outputs._column(values) for name, values in columns.items()}
    table = pa.table({name: outputs._arrow_array(pa, a) for name, a in arrays.items()})
    pcsv.write_csv(table, tmp_path / "one.csv", pcsv.WriteOptions(batch_size=1 << 16))
    assert pieces.read_bytes() == (tmp_path / "one.csv").read_bytes()
    assert read_csv_cells(pieces) == {k: v * 5 for k, v in expected_cells(base).items()}


def test_plain_python_and_pyarrow_csv_hold_the_same_values(tmp_path, monkeypatch):
    pytest.importorskip("pyarrow")
    from gametheory.interfaces.outputs import write_table

    arrow = read_csv_cells(write_table(tmp_path / "a.csv", table_columns(), "--out"))
    monkeypatch.setitem(__import__("sys").modules, "pyarrow", None)
    plain = read_csv_cells(write_table(tmp_path / "p.csv", table_columns(), "--out"))
    assert arrow == plain


def test_parquet_reads_back_to_the_same_values(tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    from gametheory.interfaces.outputs import write_table

    columns = table_columns()
    table = pq.read_table(write_table(tmp_path / "t.parquet", columns, "--out"))
    got = {name: table.column(name).to_pylist() for name in table.column_names}
    assert got == expected_cells(columns)


def test_parquet_without_pyarrow_is_a_clear_error(tmp_path, monkeypatch):
    from gametheory.core.errors import InputError
    from gametheory.interfaces.outputs import write_table

    monkeypatch.setitem(__import__("sys").modules, "pyarrow", None)
    with pytest.raises(InputError, match=r"pausegame\[parquet\]") as caught:
        write_table(tmp_path / "t.parquet", table_columns(), "--out")
    assert caught.value.field == "--out" and not (tmp_path / "t.parquet").exists()


def test_writing_a_table_does_not_import_pandas(tmp_path):
    # pyarrow.array() imports pandas (seconds, cold) to ask what its argument is; the writer
    # builds Arrow arrays from buffers instead. Checked in a fresh interpreter.
    import subprocess
    import sys

    pytest.importorskip("pyarrow")
    code = (
        "import sys; from tests.test_outputs import table_columns; "
        "from gametheory.interfaces.outputs import write_table; "
        f"write_table({str(tmp_path / 't.csv')!r}, table_columns(), '--out'); "
        f"write_table({str(tmp_path / 't.parquet')!r}, table_columns(), '--out'); "
        "print('pandas' in sys.modules)"
    )
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=root)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"


def test_parquet_sweep_is_refused_over_an_existing_file_without_force(tmp_path, capsys):
    pytest.importorskip("pyarrow")
    out = tmp_path / "s.parquet"
    out.write_bytes(b"old")
    argv = ["sweep", "two-labs", "--param", "verification=0:1:5", "--out", str(out)]
    assert main(argv) == 2
    assert out.read_bytes() == b"old" and "--force" in capsys.readouterr().err
    assert main([*argv, "--force"]) == 0 and out.read_bytes()[:4] == b"PAR1"
