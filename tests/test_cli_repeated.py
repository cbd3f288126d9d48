"""Tests of `pausegame repeated`, `pausegame inspect` and `pausegame lifecycle`."""

from __future__ import annotations

import json

import pytest

from gametheory import repeated_pause
from gametheory.interfaces.cli import main
from gametheory.pause.scenario import load_scenario


def test_repeated_json_matches_library(capsys):
    assert (
        main(
            [
                "repeated",
                "coordinated-pausing",
                "--variant",
                "agreement",
                "--discount",
                "0.8",
                "--false-alarm",
                "0.05",
                "--format",
                "json",
            ]
        )
        == 0
    )
    document = json.loads(capsys.readouterr().out)
    model = load_scenario("coordinated-pausing", variant="agreement").model
    report = repeated_pause(model, discount=0.8, false_alarm=0.05)
    assert [lab["self_enforcing"] for lab in document["labs"]] == report.self_enforcing.tolist()
    assert document["discount"] == 0.8


def test_repeated_table_and_plot(tmp_path, capsys):
    plot = tmp_path / "frontier.png"
    assert main(["repeated", "two-labs", "--punishment-length", "3", "--plot", str(plot)]) == 0
    assert "3-period punishment" in capsys.readouterr().out
    assert plot.stat().st_size > 0


def test_repeated_bad_option(capsys):
    assert main(["repeated", "two-labs", "--discount", "1.5"]) == 2
    assert "discount" in capsys.readouterr().err


def test_inspect(tmp_path, capsys):
    plot = tmp_path / "roc.png"
    assert (
        main(
            [
                "inspect",
                "--format",
                "json",
                "--periods",
                "2",
                "--inspections",
                "1",
                "--plot",
                str(plot),
            ]
        )
        == 0
    )
    document = json.loads(capsys.readouterr().out)
    assert document["sequential"]["value"] == "1/3"  # Dresher: C(1,1)/(C(2,0)+C(2,1))
    assert document["leadership"]["lab_complies"] is True
    assert plot.stat().st_size > 0
    assert main(["inspect", "--gain", "-1"]) == 2


@pytest.mark.parametrize("variant", [None, "legal"])
def test_lifecycle(tmp_path, capsys, variant):
    plot = tmp_path / "lifecycle.png"
    argv = ["lifecycle", "coordinated-pausing", "--format", "json", "--plot", str(plot)]
    if variant:
        argv += ["--variant", variant]
    assert main(argv) == 0
    versions = json.loads(capsys.readouterr().out)["versions"]
    assert len(versions) == (1 if variant else 4)
    assert plot.stat().st_size > 0


def test_lifecycle_table_and_overrides(capsys):
    assert (
        main(
            ["lifecycle", "coordinated-pausing", "--horizon", "12", "--set", "lifecycle.hazard=0.2"]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "voluntary" in out and "(12)" in out
    assert main(["lifecycle", "two-labs"]) == 2  # no [lifecycle] section


def test_inspect_large_payoffs_work_at_the_default_relative_tol(capsys):
    # Review: payoffs of order 1e7 used to end in a RuntimeError traceback, then in an exit-2
    # "below the float64 resolution" error; tol is now relative to the payoff scale (#15).
    large = [
        "--gain",
        "8793680.631248342",
        "--sanction",
        "7694652.565736848",
        "--detection",
        "0.6933875181262953",
        "--inspection-cost",
        "4526753.239332202",
        "--loss",
        "6573851.877701814",
    ]
    assert main(["inspect", *large]) == 0
    assert "verifier" in capsys.readouterr().out
    assert main(["inspect", *large, "--tol", "1e-6", "--format", "json"]) == 0
    assert main(["inspect", "--tol", "-1"]) == 2


def test_lifecycle_defaults_to_the_model_with_a_lifecycle_section(capsys):
    # frontier-five, the package's default model, has no [lifecycle] section; the lifecycle
    # command defaults to coordinated-pausing, whose four versions it compares.
    assert main(["lifecycle"]) == 0
    out = capsys.readouterr().out
    for version in ("voluntary", "agreement", "mutual-auditor", "legal"):
        assert version in out
