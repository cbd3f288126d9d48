"""``pausegame analyze``: every shipped model in every format, options, and bad input."""

import csv
import io
import json

import pytest

from gametheory import EXIT_BAD_INPUT, EXIT_OK
from gametheory.interfaces.cli import main
from gametheory.pause.scenario import DEFAULT_MODEL, load_scenario, shipped_models

MODELS = sorted(shipped_models())


def run(capsys, *argv):
    code = main(["analyze", *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_the_shipped_models_are_there():
    assert {"two-labs", "frontier-five", "three-blocs", "coordinated-pausing"} <= set(MODELS)


@pytest.mark.parametrize("model", MODELS)
@pytest.mark.parametrize("exact", [False, True])
def test_every_model_in_every_format(capsys, model, exact):
    flags = ["--exact"] if exact else []
    num_labs = load_scenario(model).model.num_labs

    code, table, _ = run(capsys, model, *flags)
    assert code == EXIT_OK
    assert table.startswith(model) and "All-pause" in table.splitlines()[2]

    code, out, _ = run(capsys, model, "--format", "json", *flags)
    assert code == EXIT_OK
    document = json.loads(out)
    assert document["model"]["name"] == model
    assert document["model"]["file"].endswith(f"{model}.toml")
    assert len(document["critical_verification"]) == num_labs
    assert document["exact"] is exact
    assert document["verdict"] in table

    code, out, _ = run(capsys, model, "--format", "markdown", *flags)
    assert code == EXIT_OK and out.startswith(f"# {model}")

    code, out, _ = run(capsys, model, "--format", "csv", *flags)
    assert code == EXIT_OK
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == num_labs
    assert sum(row["weakest_link"] == "True" for row in rows) == 1


def test_default_model(capsys):
    code, out, _ = run(capsys, "--format", "json")
    assert code == EXIT_OK
    assert json.loads(out)["model"]["name"] == DEFAULT_MODEL


def test_overrides_variant_and_output_file(capsys, tmp_path):
    code, out, _ = run(capsys, "two-labs", "--set", "labs.lab-a.prize=3", "--format", "json")
    assert code == EXIT_OK
    assert json.loads(out)["model"]["parameters"]["labs"]["lab-a"]["prize"] == 3
    code, out, _ = run(capsys, "coordinated-pausing", "--variant", "legal", "--format", "json")
    assert code == EXIT_OK
    assert json.loads(out)["model"]["variant"] == "legal"
    target = tmp_path / "report.md"
    code, out, _ = run(capsys, "two-labs", "--format", "markdown", "-o", str(target))
    assert code == EXIT_OK and out == ""
    assert target.read_text(encoding="utf-8").startswith("# two-labs")


def test_json_round_trips_from_the_command_line(capsys):
    code, out, _ = run(capsys, "two-labs", "--format", "json", "--exact")
    assert code == EXIT_OK
    document = json.loads(out)
    assert json.loads(json.dumps(document)) == document
    assert document["schema_version"] == 1
    assert document["game_class"]["name"]
    assert all(entry["exact"] is not None for entry in document["critical_verification"])


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["no-such-model"], "no such file or shipped model"),
        (["two-labs", "--tol", "-1"], "--tol = '-1': expected a finite number >= 0"),
        (["coordinated-pausing", "--variant", "nosuch"], "no such variant"),
        (["two-labs", "--set", "labs.lab-a.prize=-3"], "labs.lab-a.prize"),
    ],
)
def test_bad_input_exits_with_the_bad_input_code(capsys, argv, message):
    code, out, err = run(capsys, *argv)
    assert code == EXIT_BAD_INPUT
    assert out == ""
    assert message in err


def test_unwritable_output_is_bad_input(capsys, tmp_path):
    code, _, err = run(capsys, "two-labs", "-o", str(tmp_path / "missing" / "report.txt"))
    assert code == EXIT_BAD_INPUT
    assert "--output" in err


@pytest.mark.parametrize(
    "overrides",
    [
        ["decisiveness=1000", "labs.lab-a.capability=3"],
        ["decisiveness=2.5", "labs.lab-a.capability=1e-300"],
    ],
)
def test_contest_overflow_is_bad_input_not_a_traceback(capsys, overrides):
    # 3**1000 overflows float64 and (1e-300)**2.5 underflows to 0: the contest shares were NaN
    # and analyze raised ValueError (exit 1, traceback); --exact raised ZeroDivisionError.
    for exact in ([], ["--exact"]):
        argv = ["two-labs", *exact, *(x for o in overrides for x in ("--set", o))]
        code, out, err = run(capsys, *argv)
        assert code == EXIT_BAD_INPUT
        assert out == ""
        assert "two-labs.toml" in err and "decisiveness" in err
