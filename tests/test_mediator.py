"""Tests for gametheory.pause.mediator and ``pausegame analyze --mediator``."""

from __future__ import annotations

import json

import numpy as np
import pytest

from gametheory import (
    EXIT_OK,
    Channel,
    Lab,
    PauseModel,
    analyze,
    correlation_gain,
    load_model,
    mediated_pause,
    to_game,
)
from gametheory.interfaces.cli import main

# A two-lab chicken (tests/test_analysis.py: prize 4, pause cost 1, risk 0.1, harm 10,
# sanction 10, verification 0.25 gives T > R and S > P).
CHICKEN_LAB = dict(prize=4, pause_cost=1, risk=0.1, harm=10, sanction=10)


def chicken() -> PauseModel:
    return PauseModel(
        labs=tuple(Lab(n, **CHICKEN_LAB) for n in "ab"), channels=(Channel("audits", (0.25, 0.25)),)
    )


def test_mediation_lowers_the_risk_in_chicken():
    model = chicken()
    assert analyze(model).game_class.name == "chicken"
    med = mediated_pause(model)
    game = to_game(model)
    for ce in (med.welfare_optimal, med.risk_optimal):
        assert correlation_gain(game, ce.distribution) <= 1e-9
    # The safest pure equilibrium has one lab racing (risk 0.1); the agency does strictly
    # better by recommending all-pause part of the time.
    assert med.least_nash_risk == pytest.approx(0.1)
    assert med.risk_optimal_risk < med.least_nash_risk - 1e-3
    assert med.all_pause_probability[1] > 0.05
    assert med.welfare_optimal.objective >= med.best_nash_welfare - 1e-9


def test_frontier_five_mediator_never_worse_than_nash():
    med = mediated_pause(load_model("frontier-five"))
    assert med.risk_optimal_risk <= med.least_nash_risk + 1e-9
    assert med.welfare_optimal.objective >= med.best_nash_welfare - 1e-9
    assert np.isclose(med.welfare_optimal.distribution.sum(), 1.0)


def test_cli_flag_table_and_json_agree_with_the_function(capsys):
    med = mediated_pause(load_model("frontier-five"))
    assert main(["analyze", "frontier-five", "--mediator"]) == EXIT_OK
    table = capsys.readouterr().out
    assert "Mediator" in table and f"{med.risk_optimal_risk:.4g}" in table
    assert main(["analyze", "frontier-five", "--mediator", "--format", "json"]) == EXIT_OK
    document = json.loads(capsys.readouterr().out)
    assert document["mediator"]["risk_optimal"]["catastrophe_risk"] == pytest.approx(
        med.risk_optimal_risk
    )
    assert main(["analyze", "frontier-five", "--format", "json"]) == EXIT_OK
    assert "mediator" not in json.loads(capsys.readouterr().out)


def test_too_many_labs():
    labs = tuple(Lab(f"l{i}", **CHICKEN_LAB) for i in range(11))
    with pytest.raises(ValueError, match="at most 10 labs"):
        mediated_pause(PauseModel(labs=labs))
