"""Tests of gametheory.pause.inspection: closed forms agree with the generic solvers."""

from __future__ import annotations

import math
import warnings
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import minimize_scalar

from gametheory import is_equilibrium
from gametheory.core.errors import InputError
from gametheory.pause.inspection import (
    InspectionGame,
    dresher_value,
    inspection_equilibrium,
    inspection_game,
    inspector_leadership,
    non_detection,
    sequential_inspection,
    statistical_inspection,
)

twoplayer = pytest.importorskip("gametheory.core.twoplayer")

params = st.builds(
    InspectionGame,
    gain=st.floats(0.1, 10),
    sanction=st.floats(0, 10),
    detection=st.floats(0.05, 1),
    inspection_cost=st.floats(0.01, 5),
    loss=st.floats(0.1, 20),
)


def test_handbook_values():
    # g=1, s=3, p=1/2, c=1, l=10: x* = g/(p(g+s)) = 1/2, y* = c/(p l) = 1/5 (Avenhaus et al.
    # 2002, the basic inspection game: indifference conditions), verifier value -c/p = -2.
    sol = inspection_equilibrium(InspectionGame(1, 3, 0.5, 1, 10))
    assert (sol.inspect_probability, sol.violate_probability) == pytest.approx((0.5, 0.2))
    assert sol.verifier_payoff == pytest.approx(-2.0)
    assert sol.lab_payoff == pytest.approx(0.0)


@settings(max_examples=40, deadline=None)
@given(params)
def test_closed_form_is_an_equilibrium_and_matches_the_solver(p):
    sol = inspection_equilibrium(p)
    game = inspection_game(p)
    assert is_equilibrium(game, sol.equilibrium.strategies)
    if sol.regime == "mixed" and min(sol.inspect_probability, sol.violate_probability) > 1e-6:
        # Nondegenerate cycle: the equilibrium is unique, so the solver must find exactly it.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            found = list(twoplayer.two_player_equilibria(game))
        assert len(found) == 1
        assert found[0].isclose(sol.equilibrium, atol=1e-6)


@settings(max_examples=40, deadline=None)
@given(params)
def test_leadership_helps_the_verifier(p):
    lead = inspector_leadership(p)
    sol = inspection_equilibrium(p)
    assert lead.verifier_payoff >= sol.verifier_payoff - 1e-9
    if lead.lab_complies:
        # The announced detection is exactly the deterrence threshold g/(g+s).
        assert lead.inspect_probability * p.detection == pytest.approx(
            p.gain / (p.gain + p.sanction)
        )


def test_non_detection_tradeoff():
    alpha = np.linspace(0.01, 0.99, 50)
    beta = non_detection(alpha, 1.5)
    assert np.all(np.diff(beta) < 0)  # more false alarms, fewer misses
    assert non_detection(0.3, 0.0) == pytest.approx(0.7)
    with pytest.raises(InputError):
        non_detection(1.5, 1.0)


@pytest.mark.parametrize("h", [0.0, 0.5, 2.0])
def test_statistical_inspection_equilibria(h):
    g, s, d, ell, z = 1.0, 4.0, 2.0, 10.0, 1.0
    result = statistical_inspection(g, s, d, loss=ell, false_alarm_cost=z, lab_false_alarm_cost=h)
    assert result.simultaneous
    for alpha, y in result.simultaneous:
        # The lab is indifferent at alpha ...
        assert (1 - non_detection(alpha, d)) * (g + s) - g - alpha * h == pytest.approx(0, abs=1e-9)
        # ... and alpha is the verifier's best response to y.
        best = minimize_scalar(
            lambda a, y=y: (1 - y) * z * a + y * ell * float(non_detection(a, d)),
            bounds=(1e-12, 1 - 1e-12),
            method="bounded",
            options={"xatol": 1e-12},
        )
        assert best.x == pytest.approx(alpha, rel=1e-4, abs=1e-7)
    lead = result.leadership_false_alarm
    assert lead == pytest.approx(min(a for a, _ in result.simultaneous))


def test_statistical_inspection_that_cannot_deter():
    # A sanction below the lab's false-alarm cost and a weak test: nothing deters.
    result = statistical_inspection(1, 0.2, 0.1, loss=5, false_alarm_cost=1, lab_false_alarm_cost=3)
    assert result.leadership_false_alarm is None and result.simultaneous == ()


def test_dresher_closed_form():
    # Avenhaus, von Stengel & Zamir (2002), Dresher's game: v(n, m) = C(n-1, m)/sum_{i<=m} C(n, i).
    for n in range(0, 15):
        for m in range(0, n + 2):
            assert sequential_inspection(n, m).value == dresher_value(n, m)
    assert dresher_value(2, 1) == Fraction(1, 3)
    assert dresher_value(4, 2) == Fraction(3, 11)


def test_dresher_stage_games_agree_with_the_solver():
    game = sequential_inspection(6, 3)
    for n in range(1, 7):
        for m in range(1, 4):
            stage = game.stage_game(n, m)
            p_inspect, p_violate = game.inspect[n][m], game.violate[n][m]
            profile = [
                [float(p_inspect), 1 - float(p_inspect)],
                [float(p_violate), 1 - float(p_violate)],
            ]
            assert is_equilibrium(stage, profile)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                found = list(twoplayer.two_player_equilibria(stage))
            # Zero-sum: every equilibrium gives the lab the game's value.
            for eq in found:
                value = eq.strategies[0] @ stage.payoffs[1] @ eq.strategies[1]
                assert value == pytest.approx(float(game.values[n][m]))


def test_bad_parameters():
    with pytest.raises(InputError, match="gain"):
        InspectionGame(0, 1, 0.5, 1, 1)
    with pytest.raises(InputError, match="periods"):
        sequential_inspection(-1, 1)
    assert math.isfinite(InspectionGame(1, 1, 1, 1, 1).deterring_probability)


def test_large_payoffs_work_at_the_default_relative_tol():
    # Review: payoffs of order 1e7 made the closed form's round-off regret exceed the absolute
    # TOL; that was a RuntimeError, then an InputError. tol is now relative to the payoff
    # scale (gametheory.core.tolerance; issue #15), so the default works at any units.
    params = InspectionGame(
        8793680.631248342,
        7694652.565736848,
        0.6933875181262953,
        4526753.239332202,
        6573851.877701814,
    )
    assert inspection_equilibrium(params).regime == "mixed"
    assert inspector_leadership(params).lab_complies
    solution = inspection_equilibrium(params, tol=1e-6)
    assert solution.regime == "mixed"
    assert solution.equilibrium.regret <= 1e-6
    assert inspector_leadership(params, tol=1e-6).lab_complies


@pytest.mark.parametrize("b", [Fraction(1), Fraction(2), Fraction(1, 3), Fraction(7, 2)])
def test_dresher_general_caught_payoff_matches_the_recursion(b):
    # The closed form for a general payoff -b when caught (ours, by induction) against the
    # exact recursion; b = 1 is Dresher's (Avenhaus, von Stengel & Zamir 2002, section 2).
    for n in range(0, 8):
        for m in range(0, 8):
            assert sequential_inspection(n, m, caught_loss=b).value == dresher_value(n, m, b)
    # By hand, n = 2, m = 1: the stage game [[-b, 1], [1, 0]] has value 1 / (b + 2).
    assert dresher_value(2, 1, b) == 1 / (b + 2)
    game = sequential_inspection(3, 1, caught_loss=b)
    assert game.stage_game(3, 1).payoffs[1][0][0] == -float(b)


def test_caught_loss_is_validated():
    with pytest.raises(InputError, match="caught_loss"):
        sequential_inspection(2, 1, caught_loss=0)


@pytest.mark.parametrize("h", [0.0, 0.3])
def test_statistical_inspection_reports_both_payoffs_and_leadership_pays(h):
    g, s, d, ell, z = 1.0, 3.0, 2.0, 10.0, 1.0
    result = statistical_inspection(g, s, d, loss=ell, false_alarm_cost=z, lab_false_alarm_cost=h)
    alpha = result.leadership_false_alarm
    assert result.leadership_payoffs == pytest.approx((-z * alpha, -h * alpha))
    for (a, y), (verifier, lab) in zip(
        result.simultaneous, result.simultaneous_payoffs, strict=True
    ):
        beta = float(non_detection(a, d))
        assert verifier == pytest.approx(-(1 - y) * z * a - y * ell * beta)
        # The lab is indifferent: violating pays what complying does.
        assert lab == pytest.approx(-h * a)
        assert lab == pytest.approx(g - (1 - beta) * (g + s))
    assert result.leadership_pays
