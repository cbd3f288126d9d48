"""Tests of `pausegame race`."""

from __future__ import annotations

import json

import numpy as np
import pytest

from gametheory import critical_verification, critical_verification_vs_pause_length
from gametheory.interfaces.cli import main
from gametheory.pause.scenario import load_model


def test_race_json_matches_library(capsys):
    argv = [
        "race",
        "two-labs",
        "--beta",
        "2",
        "--rate",
        "0.05",
        "--pause-length",
        "3",
        "--steps",
        "3",
        "--format",
        "json",
    ]
    assert main(argv) == 0
    document = json.loads(capsys.readouterr().out)
    model = load_model("two-labs")
    table = critical_verification_vs_pause_length(model, [1.0, 2.0, 3.0], beta=2.0, rate=0.05)
    assert document["pause_lengths"] == [1.0, 2.0, 3.0]
    for i, lab in enumerate(document["labs"]):
        got = [np.inf if x is None else x for x in lab["critical_verification"]]
        np.testing.assert_allclose(got, table.critical_verification[:, i])
    # At the reference length (1 period) the scenario's own critical verification returns.
    report = critical_verification(model)
    for lab, entry in zip(document["labs"], report.labs, strict=True):
        assert lab["critical_verification"][0] == pytest.approx(entry.critical_verification)


def test_race_table_and_plot(tmp_path, capsys):
    plot = tmp_path / "race.png"
    assert main(["race", "two-labs", "--plot", str(plot)]) == 0
    out = capsys.readouterr().out
    assert "critical verification q* by pause length" in out and "lab-a" in out
    assert plot.stat().st_size > 0


@pytest.mark.parametrize(
    ("argv", "field"),
    [
        (["race", "two-labs", "--beta", "-1"], "--beta"),
        (["race", "two-labs", "--rate", "x"], "--rate"),
        (["race", "two-labs", "--steps", "0"], "--steps"),
        (["race", "frontier-five", "--beta", "2"], "--reference-length"),
    ],
)
def test_race_bad_options(argv, field, capsys):
    assert main(argv) == 2
    assert field in capsys.readouterr().err
