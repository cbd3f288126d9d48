"""Tests for gametheory.core.correlated: correlated and coarse correlated equilibria."""

from __future__ import annotations

from fractions import Fraction as Q

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory import (
    NormalFormGame,
    coarse_correlated_equilibrium,
    correlated_equilibrium,
    correlation_gain,
    exact_correlation_gain,
    expected_payoffs,
    two_player_equilibria,
)

# Aumann (1974), J. Math. Econ. 1:67-96, the chicken example (§2): payoffs (6,6) (2,7) /
# (7,2) (0,0); the mediator drawing (C,C), (C,D), (D,C) with probability 1/3 each is a
# correlated equilibrium paying (5, 5), outside the convex hull of the Nash payoffs
# (7,2), (2,7), (14/3, 14/3).
CHICKEN = NormalFormGame.from_bimatrix([[6, 2], [7, 0]], [[6, 7], [2, 0]])


def test_aumann_chicken_third_each_is_a_correlated_equilibrium_paying_5_5():
    third = Q(1, 3)
    pi = [[third, third], [third, Q(0)]]
    assert exact_correlation_gain(CHICKEN, pi) == 0
    payoffs = [
        sum(CHICKEN.exact()[i].reshape(-1) * np.array(pi, dtype=object).reshape(-1))
        for i in range(2)
    ]
    assert payoffs == [5, 5]
    # Not in the convex hull of Nash payoffs: their sum is at most 28/3 < 10.
    nash_welfare = [
        expected_payoffs(CHICKEN, list(e.strategies)).sum() for e in two_player_equilibria(CHICKEN)
    ]
    assert max(nash_welfare) == pytest.approx(28 / 3)


def test_chicken_welfare_optimum_exactly():
    # Derived here: both incentive constraints of the recommendation C bind, giving
    # 1/2 on (C,C) and 1/4 on (C,D) and (D,C): 21/4 each. Checked exactly.
    ce = correlated_equilibrium(CHICKEN)
    assert np.allclose(ce.distribution, [[0.5, 0.25], [0.25, 0.0]], atol=1e-9)
    assert ce.objective == pytest.approx(10.5)
    assert ce.upper_bound == pytest.approx(10.5)
    exact = [[Q(1, 2), Q(1, 4)], [Q(1, 4), Q(0)]]
    assert exact_correlation_gain(CHICKEN, exact) == 0
    # Any more weight on (C,C) breaks obedience exactly.
    assert exact_correlation_gain(CHICKEN, [[Q(3, 5), Q(1, 5)], [Q(1, 5), Q(0)]]) > 0


def test_coarse_contains_correlated():
    # Chicken's recommendation C is constrained in a CE but a CCE only compares with
    # committing to one action: its welfare optimum is at least the CE's.
    cce = coarse_correlated_equilibrium(CHICKEN)
    ce = correlated_equilibrium(CHICKEN)
    assert cce.objective >= ce.objective - 1e-9
    assert correlation_gain(CHICKEN, ce.distribution, coarse=True) <= 1e-9


def test_risk_objective_minimises_the_bad_outcome():
    # Minimising the probability of (D, D) (the crash): every CE can avoid it entirely.
    crash = np.array([[0.0, 0.0], [0.0, 1.0]])
    ce = correlated_equilibrium(CHICKEN, objective=-crash)
    assert ce.distribution[1, 1] == pytest.approx(0.0, abs=1e-9)


def test_three_players():
    # Jordan's three-player matching pennies: the uniform Nash equilibrium is a CE, so the
    # welfare LP is feasible; every returned distribution is certified.
    g = NormalFormGame.from_payoff_function(
        lambda a, b, c: [2.0 * (a == b) - 1, 2.0 * (b == c) - 1, 2.0 * (c != a) - 1], (2, 2, 2)
    )
    ce = correlated_equilibrium(g)
    assert ce.gain <= ce.tol
    uniform = np.full((2, 2, 2), 1 / 8)
    assert correlation_gain(g, uniform) <= 1e-12
    assert ce.objective >= uniform.reshape(-1) @ g.payoffs.sum(axis=0).reshape(-1) - 1e-9


games = st.tuples(st.integers(2, 3), st.integers(2, 3), st.integers(0, 10**6)).map(
    lambda t: NormalFormGame(np.random.default_rng(t[2]).integers(-2, 3, size=(2, t[0], t[1])))
)


@settings(max_examples=30, deadline=None)
@given(games)
def test_nash_is_correlated_and_welfare_dominated(game):
    ce = correlated_equilibrium(game)
    cce = coarse_correlated_equilibrium(game)
    assert ce.gain <= ce.tol and cce.gain <= cce.tol
    assert cce.objective >= ce.objective - 1e-8
    for eq in two_player_equilibria(game):
        product = np.outer(*eq.strategies)
        assert correlation_gain(game, product) <= 1e-9
        assert ce.objective >= expected_payoffs(game, list(eq.strategies)).sum() - 1e-8


def test_bad_input():
    with pytest.raises(ValueError, match="objective"):
        correlated_equilibrium(CHICKEN, objective=[1, 2, 3])
    with pytest.raises(ValueError, match="distribution"):
        correlation_gain(CHICKEN, [0.5, 0.5])
    with pytest.raises(ValueError, match="exactly 1"):
        exact_correlation_gain(CHICKEN, [[Q(1, 2), 0], [0, 0]])
