"""Tests for gametheory.core.commitment: optimal commitment (Stackelberg leadership)."""

from __future__ import annotations

from fractions import Fraction as Q

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory import (
    InspectionGame,
    NormalFormGame,
    announced_inspection_policy,
    exact_commitment_check,
    expected_payoffs,
    inspector_leadership,
    pure_equilibria,
    strong_stackelberg,
    two_player_equilibria,
    weak_stackelberg,
)

# Conitzer & Sandholm (2006), "Computing the optimal strategy to commit to", EC'06, §1: the
# introductory game. Up strictly dominates Down; Nash pays the leader 1; committing to
# (1/2, 1/2) pays 2.5 (follower indifferent, breaks the tie for Right).
CS_EXAMPLE = NormalFormGame.from_bimatrix([[1, 3], [0, 2]], [[1, 0], [0, 1]])


def test_conitzer_sandholm_example_strong():
    c = strong_stackelberg(CS_EXAMPLE)
    assert np.allclose(c.strategy, [0.5, 0.5])
    assert c.reply == 1
    assert c.leader_value == pytest.approx(2.5)
    assert c.follower_value == pytest.approx(0.5)
    assert c.attained
    assert c.upper_bound == pytest.approx(2.5)
    # The Nash payoff of the simultaneous game is 1: commitment is worth 1.5.
    (nash,) = list(pure_equilibria(CS_EXAMPLE))
    assert expected_payoffs(CS_EXAMPLE, list(nash.strategies))[0] == 1.0


def test_conitzer_sandholm_example_weak_not_attained():
    c = weak_stackelberg(CS_EXAMPLE)
    assert c.supremum == pytest.approx(2.5)
    assert not c.attained
    assert c.reply == 1
    values = c.strategy @ CS_EXAMPLE.payoffs[1]
    assert values[1] - values[0] > c.tol  # Right is the unique best reply
    assert 0 < c.supremum - c.leader_value < 1e-6


def test_exact_check():
    c = strong_stackelberg(CS_EXAMPLE)
    assert exact_commitment_check(CS_EXAMPLE, c, [Q(1, 2), Q(1, 2)]) == 0
    assert exact_commitment_check(CS_EXAMPLE, c, [Q(3, 5), Q(2, 5)]) == Q(1, 5)
    with pytest.raises(ValueError, match="summing to exactly 1"):
        exact_commitment_check(CS_EXAMPLE, c, [Q(1, 2), Q(1, 3)])


def test_zero_sum_value_matching_pennies_and_rps():
    # In zero-sum games the commitment value is the minimax value (von Neumann 1928):
    # matching pennies and rock-paper-scissors have value 0 with uniform optimal strategies.
    pennies = NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])
    rps = NormalFormGame.from_bimatrix([[0, -1, 1], [1, 0, -1], [-1, 1, 0]])
    for game in (pennies, rps):
        c = strong_stackelberg(game)
        assert c.leader_value == pytest.approx(0.0, abs=1e-9)
        assert np.allclose(c.strategy, 1 / game.shape[0])


def test_column_leader_is_the_transposed_game():
    rng = np.random.default_rng(3)
    a, b = rng.integers(-4, 5, size=(2, 3, 4))
    game = NormalFormGame.from_bimatrix(a, b)
    flipped = NormalFormGame.from_bimatrix(b.T, a.T)
    one, two = strong_stackelberg(game, leader=1), strong_stackelberg(flipped, leader=0)
    assert one.leader_value == pytest.approx(two.leader_value)
    assert one.follower == 0


def _games(rows):
    return st.tuples(rows, st.integers(2, 4), st.integers(0, 10**6)).map(
        lambda t: NormalFormGame(np.random.default_rng(t[2]).integers(0, 3, size=(2, t[0], t[1])))
    )


small_games = _games(st.integers(2, 3))
two_row_games = _games(st.just(2))


@settings(max_examples=40, deadline=None)
@given(small_games)
def test_leader_gains_at_least_any_nash_payoff(game):
    # von Stengel & Zamir (2010), Games Econ. Behav. 69:446-457: the leader's optimal
    # commitment value is at least its payoff in any Nash equilibrium.
    c = strong_stackelberg(game)
    w = weak_stackelberg(game)
    assert w.supremum <= c.supremum + 1e-9
    for eq in two_player_equilibria(game):
        assert c.leader_value >= expected_payoffs(game, list(eq.strategies))[0] - 1e-9


@settings(max_examples=30, deadline=None)
@given(two_row_games)
def test_strong_value_against_brute_force_grid(game):
    # Brute force for a two-action leader: scan x = (q, 1-q) on a fine grid plus every
    # breakpoint where the follower is indifferent between two replies.
    c = strong_stackelberg(game)
    u_l, u_f = game.payoffs
    qs = set(np.linspace(0, 1, 201).tolist())
    diffs = u_f[0] - u_f[1]
    for t in range(u_f.shape[1]):
        for s in range(u_f.shape[1]):
            denominator = diffs[t] - diffs[s]
            if denominator != 0:
                q = (u_f[1, s] - u_f[1, t]) / denominator
                if 0 <= q <= 1:
                    qs.add(float(q))
    best = -np.inf
    for q in qs:
        x = np.array([q, 1 - q])
        values = x @ u_f
        replies = np.flatnonzero(values >= values.max() - 1e-12)
        best = max(best, max(float(x @ u_l[:, t]) for t in replies))
    assert c.leader_value == pytest.approx(best, abs=1e-7)


@pytest.mark.parametrize(
    "params",
    [
        InspectionGame(gain=1, sanction=3, detection=0.5, inspection_cost=1, loss=10),
        InspectionGame(gain=2, sanction=1, detection=0.9, inspection_cost=0.5, loss=4),
        InspectionGame(gain=1, sanction=0, detection=0.5, inspection_cost=1, loss=10),
        InspectionGame(gain=1, sanction=3, detection=0.5, inspection_cost=20, loss=10),
    ],
)
def test_announced_inspection_policy_agrees_with_the_closed_form(params):
    # One model, one answer: the LP commitment and Avenhaus et al.'s closed form agree.
    policy = announced_inspection_policy(params)
    closed = inspector_leadership(params)
    assert policy.leader_value == pytest.approx(closed.verifier_payoff, abs=1e-9)
    assert (policy.reply == 0) == closed.lab_complies


def test_bad_input():
    three = NormalFormGame(np.zeros((3, 2, 2, 2)))
    with pytest.raises(ValueError, match="two-player"):
        strong_stackelberg(three)
    with pytest.raises(ValueError, match="leader"):
        strong_stackelberg(CS_EXAMPLE, leader=2)
