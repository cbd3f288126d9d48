"""Sweep thresholds: roots of the real condition, checked either side, against closed forms."""

import numpy as np
import pytest

from gametheory import Lab, PauseModel, critical_verification, load_model
from gametheory.core.errors import EXIT_OK
from gametheory.interfaces.cli import main
from gametheory.pause.crossings import sweep_thresholds
from gametheory.pause.sweeps import sweep


def region(model, path, x):
    return sweep(model, {path: [x]}).region_names()[0]


def test_verification_threshold_is_the_critical_verification():
    # frontier-five: the pause holds from lab-e's critical verification q* = G/F (thresholds).
    model = load_model("frontier-five")
    (t,) = sweep_thresholds(model, "verification", np.linspace(0, 1, 61))
    q_star = max(float(e.critical_verification) for e in critical_verification(model).labs)
    assert t.value == pytest.approx(q_star, abs=1e-9)
    below, above = t.checked
    assert below < t.value < above and above - below < 1e-5
    assert region(model, "verification", below) == t.below == "pause not an equilibrium"
    assert region(model, "verification", above) == t.above == "pause unique"


def test_two_changes_between_grid_points_are_both_found():
    # two-labs (a stag hunt): all-pause becomes an equilibrium at F = G/q = 1.25/0.19 and the
    # only one once racing against a racer no longer pays, both between the grid points 5, 15.
    model = load_model("two-labs")
    found = sweep_thresholds(model, "defaults.sanction", [0.0, 5.0, 15.0, 50.0])
    assert [t.above for t in found] == ["pause one of several", "pause unique"]
    assert found[0].value == pytest.approx(1.25 / 0.19, rel=1e-9)
    for t in found:
        assert region(model, "defaults.sanction", t.checked[0]) == t.below
        assert region(model, "defaults.sanction", t.checked[1]) == t.above


def test_no_change_no_threshold():
    model = PauseModel(labs=(Lab("a", prize=3, sanction=6),))
    assert sweep_thresholds(model, "verification", [0.6, 0.8, 1.0]) == ()


def test_sweep_command_prints_the_threshold(capsys):
    assert main(["sweep", "two-labs", "--param", "defaults.sanction=0:50:11"]) == EXIT_OK
    text = " ".join(capsys.readouterr().out.split())
    assert "defaults.sanction = 6.57895: below, pause not an equilibrium" in text
    assert "(11 points from 0 to 50)" in text and "game_class" not in text


def test_frontier_says_when_it_abbreviates(capsys):
    assert main(["frontier", "two-labs"]) == EXIT_OK
    assert "(showing 11 of 96 rows" in capsys.readouterr().out
    assert main(["frontier", "two-labs", "--verification", "0.1:1:5"]) == EXIT_OK
    assert "showing" not in capsys.readouterr().out


def test_uncertainty_table_is_narrow_and_explained(capsys):
    assert main(["uncertainty", "--draws", "64", "--seed", "3"]) == EXIT_OK
    out = capsys.readouterr().out
    assert max(len(line) for line in out.splitlines()) <= 100
    assert "q*: its critical verification" in " ".join(out.split())
