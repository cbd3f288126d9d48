"""Tests of `pausegame repeated`, `pausegame inspect` and `pausegame lifecycle`."""

from __future__ import annotations

import json

import pytest

from gametheory import repeated_pause
from gametheory.cli import main
from gametheory.scenario import load_scenario


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
