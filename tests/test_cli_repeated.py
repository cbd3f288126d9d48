"""Tests of `pausegame repeated`, `pausegame inspect` and `pausegame lifecycle`."""

from __future__ import annotations

import json
import math

import pytest

from gametheory import repeated_pause
from gametheory.interfaces.cli import main
from gametheory.pause.repeated import CREDIBLE_PUNISHMENTS
from gametheory.pause.scenario import load_scenario


def test_repeated_json_matches_library(capsys):
    argv = ["repeated", "coordinated-pausing", "--variant", "agreement", "--discount", "0.8"]
    assert main([*argv, "--false-alarm", "0.05", "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    model = load_scenario("coordinated-pausing", variant="agreement").model
    assert document["discount"] == 0.8
    assert [p["punishment"] for p in document["punishments"]] + [
        u["punishment"] for u in document["unavailable"]
    ] == list(CREDIBLE_PUNISHMENTS)
    for entry in document["punishments"]:
        report = repeated_pause(
            model, discount=0.8, false_alarm=0.05, punishment=entry["punishment"]
        )
        labs = entry["labs"]
        assert [lab["self_enforcing"] for lab in labs] == report.self_enforcing.tolist()
        assert [lab["least_detection"] for lab in labs] == [
            None if math.isinf(x) else x for x in report.least_detection.tolist()
        ]
        assert entry["credible"] is True
        assert all(lab["least_detection_checked"] for lab in labs)


def test_repeated_reproduction_from_the_issue(capsys):
    # Issue 13: lab-e's least detection, re-run at that detection, must keep the pause; the
    # default punishment is credible and the benchmark carries no verdict.
    assert main(["repeated", "frontier-five", "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    default = document["punishments"][0]
    assert default["punishment"] == "nash-reversion" and default["credible"]
    lab_e = next(lab for lab in default["labs"] if lab["lab"] == "lab-e")
    star = lab_e["least_detection"]
    assert 0.1 < star < 0.2
    # In three-blocs the EU pauses even without agreement: all-race is no equilibrium there.
    assert main(["repeated", "three-blocs", "--punishment", "grim-all-race"]) == 0
    out = capsys.readouterr().out
    assert "NOT credible" in out and "no verdict" in out and "the pause holds" not in out
    argv = ["repeated", "three-blocs", "--punishment", "grim-all-race", "--format", "json"]
    assert main(argv) == 0
    bench = json.loads(capsys.readouterr().out)["punishments"][0]
    assert bench["credible"] is False and bench["all_self_enforcing"] is None
    assert all(lab["self_enforcing"] is None for lab in bench["labs"])


def test_repeated_table_and_plot(tmp_path, capsys):
    plot = tmp_path / "frontier.png"
    assert main(["repeated", "two-labs", "--punishment-length", "3", "--plot", str(plot)]) == 0
    out = capsys.readouterr().out
    assert "reversion for 3 periods" in out and "stick and carrot: 3 periods" in out
    assert "checked" in out and "NO" not in out.split("checked:")[0]
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
