"""Tests for gametheory.pause.selection: which of all-pause and all-race is selected."""

from __future__ import annotations

import pytest

from gametheory import (
    Channel,
    Lab,
    PauseModel,
    analyze,
    load_model,
    pause_selection,
    small_mutation_stationary_distribution,
    to_game,
)
from gametheory.core.symmetric import SymmetricGame

# Two identical labs (tests/test_analysis.py's RISING): a stag hunt for verification q in
# (0.2, 0.3).
LAB = dict(prize=4, pause_cost=4, risk=0.5, harm=12, sanction=10)


def two_labs(q: float) -> PauseModel:
    return PauseModel(
        labs=(Lab("a", **LAB), Lab("b", **LAB)), channels=(Channel("audits", (q, q)),)
    )


@pytest.mark.parametrize(("q", "expected"), [(0.22, "all-race"), (0.28, "all-pause")])
def test_stag_hunt_selection_switches_at_q_one_quarter(q, expected):
    model = two_labs(q)
    assert analyze(model).game_class.name == "stag hunt"
    result = pause_selection(model)
    assert result.answer == expected
    # A finite population of such labs spends most of its time at the selected state.
    symmetric = SymmetricGame.from_normal_form(to_game(model))
    pi = small_mutation_stationary_distribution(symmetric, 200, 1.0)
    assert pi[0 if expected == "all-pause" else 1] > 0.99
    assert result.population is not None and result.population.selected == (
        0 if expected == "all-pause" else 1
    )


def test_tie_at_the_boundary_and_no_selection_outside_the_stag_hunt():
    assert pause_selection(two_labs(0.25)).answer.startswith("neither: a tie")
    assert pause_selection(two_labs(0.35)).answer.startswith("no selection")


def test_asymmetric_labs_get_risk_dominance_only():
    result = pause_selection(load_model("frontier-five"))
    # frontier-five: all-pause is not an equilibrium, so there is nothing to select.
    assert result.risk_dominance is None and result.answer.startswith("no selection")
