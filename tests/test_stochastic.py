"""Tests of gametheory.core.stochastic: values, the one-shot-deviation regret, Markov equilibria."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory.core.stochastic import (
    StochasticGame,
    best_response,
    exact_stochastic_regret,
    markov_equilibria,
    mixed_markov_equilibrium,
    one_shot_deviation_gains,
    policy_evaluation,
    stochastic_regret,
    transition_matrix,
    value_iteration,
)

PD = [[[3, 0], [5, 1]], [[3, 5], [0, 1]]]
STAY = [[[1], [1]], [[1], [1]]]


def random_game(seed: int, states: int = 3, players: int = 2, actions: int = 2) -> StochasticGame:
    rng = np.random.default_rng(seed)
    shape = (actions,) * players
    payoffs = [rng.integers(-5, 6, size=(players, *shape)).astype(float) for _ in range(states)]
    transitions = [rng.dirichlet(np.ones(states), size=shape) for _ in range(states)]
    return StochasticGame.from_arrays(payoffs, transitions, discount=0.8)


def test_repeated_prisoners_dilemma():
    # A one-state stochastic game is a repeated game; its stationary MPE are the stage game's
    # Nash equilibria played for ever (Shapley 1953, the one-state case): (defect, defect),
    # worth 1 / (1 - delta) = 10 at delta = 0.9.
    game = StochasticGame.from_arrays([PD], [STAY], discount=0.9)
    result = markov_equilibria(game)
    assert result.complete and result.method == "exhaustive" and result.profiles_checked == 4
    assert [e.profile.tolist() for e in result.equilibria] == [[[1, 1]]]
    assert np.allclose(result.equilibria[0].values, 10.0)
    assert stochastic_regret(game, [[0, 0]]).tolist() == [[2.0, 2.0]]


def test_two_state_values_by_hand():
    # Two players with one action each. State 0 pays (1, 0) and moves to state 1; state 1 pays
    # (0, 2) and returns with 1/2. With delta = 1/2, by hand: player 0 has v(0) = 1 + v(1)/2,
    # v(1) = (v(0) + v(1))/4, so v = (6/5, 2/5); player 1 has v(0) = v(1)/2,
    # v(1) = 2 + (v(0) + v(1))/4, so v = (8/5, 16/5).
    payoffs = [np.array([1.0, 0.0]).reshape(2, 1, 1), np.array([0.0, 2.0]).reshape(2, 1, 1)]
    transitions = [np.array([0.0, 1.0]).reshape(1, 1, 2), np.array([0.5, 0.5]).reshape(1, 1, 2)]
    game = StochasticGame.from_arrays(payoffs, transitions, discount=0.5)
    values = policy_evaluation(game, [[0, 0], [0, 0]])
    assert np.allclose(values, [[6 / 5, 8 / 5], [2 / 5, 16 / 5]])
    assert exact_stochastic_regret(game, [[0, 0], [0, 0]]) == 0


@settings(max_examples=15, deadline=None)
@given(st.integers(0, 10_000))
def test_linear_solve_and_value_iteration_agree(seed):
    game = random_game(seed)
    profile = np.random.default_rng(seed).integers(0, 2, size=(3, 2))
    assert np.allclose(policy_evaluation(game, profile), value_iteration(game, profile, tol=1e-12))


@settings(max_examples=15, deadline=None)
@given(st.integers(0, 10_000))
def test_every_equilibrium_has_zero_regret_and_the_exhaustive_list_is_complete(seed):
    game = random_game(seed, states=2)
    result = markov_equilibria(game)
    assert result.complete
    pure = {tuple(p.ravel()) for p in np.indices((2,) * 4).reshape(4, -1).T}
    found = {tuple(e.profile.ravel()) for e in result.equilibria}
    for profile in pure:
        regret = stochastic_regret(game, np.array(profile).reshape(2, 2)).max()
        assert (regret <= 1e-9) == (profile in found)
    for e in result.equilibria:
        assert e.regret <= 1e-9


def test_best_response_is_optimal_against_every_pure_policy():
    game = random_game(7)
    others = np.array([[0, 1], [1, 0], [1, 1]])
    _, values = best_response(game, others, 0)
    for policy in np.indices((2, 2, 2)).reshape(3, -1).T:
        trial = others.copy()
        trial[:, 0] = policy
        assert (policy_evaluation(game, trial)[:, 0] <= values + 1e-9).all()


def test_best_response_dynamics_certified_and_marked_incomplete():
    game = random_game(11, states=3)
    result = markov_equilibria(game, starts=(np.zeros((3, 2), dtype=np.intp),))
    assert not result.complete and "others may exist" in result.note
    for e in result.equilibria:
        assert stochastic_regret(game, e.profile).max() <= 1e-9


def test_exact_regret_matches_float_and_is_zero_at_an_equilibrium():
    payoffs = [np.vectorize(Fraction, otypes=[object])(np.array(PD))]
    game = StochasticGame.from_arrays(payoffs, [STAY], discount=Fraction(9, 10))
    assert exact_stochastic_regret(game, [[1, 1]]) == 0
    assert exact_stochastic_regret(game, [[0, 0]]) == 2
    result = markov_equilibria(game, exact=True)
    assert result.equilibria[0].exact_regret == 0


def test_mixed_equilibrium_where_no_pure_one_exists():
    # Matching pennies in both of two states, switching state every period: no pure stationary
    # MPE (the exhaustive list is empty), and the fixed point finds the 1/2-1/2 profile.
    mp = [[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]]
    switch = [[[0, 1], [0, 1]], [[0, 1], [0, 1]]]
    back = [[[1, 0], [1, 0]], [[1, 0], [1, 0]]]
    game = StochasticGame.from_arrays([mp, mp], [switch, back], discount=0.5)
    assert markov_equilibria(game).equilibria == ()
    found = mixed_markov_equilibrium(game)
    assert found is not None and not found.is_pure
    assert np.allclose(found.profile, 0.5) and found.regret <= 1e-9


def test_deviation_gains_and_transition_matrix():
    game = StochasticGame.from_arrays([PD], [STAY], discount=0.9)
    gains = one_shot_deviation_gains(game, [[0, 0]])
    assert gains[0, 1].tolist() == [0.0, 2.0]
    reward, matrix = transition_matrix(game, [[1, 0]])
    assert reward.tolist() == [[5.0, 0.0]] and matrix.toarray().tolist() == [[1.0]]


def test_bad_input():
    with pytest.raises(ValueError, match="discount"):
        StochasticGame.from_arrays([PD], [STAY], discount=1.0)
    with pytest.raises(ValueError, match="probability vectors"):
        StochasticGame.from_arrays([PD], [[[[2], [1]], [[1], [1]]]], discount=0.5)
    game = StochasticGame.from_arrays([PD], [STAY], discount=0.5)
    with pytest.raises(ValueError, match="out of range"):
        policy_evaluation(game, [[0, 2]])
