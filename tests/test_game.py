"""NormalFormGame: construction, validation and the regret oracle."""

from fractions import Fraction as Q

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from gametheory import (
    NormalFormGame,
    as_profile,
    certify,
    exact_regret,
    expected_payoffs,
    is_equilibrium,
    regret,
)

from .catalogue import CATALOGUE


def test_game_is_immutable_and_owns_its_payoffs():
    payoffs = np.zeros((2, 2, 2))
    game = NormalFormGame(payoffs)
    payoffs[0, 0, 0] = 5.0
    assert game.payoffs[0, 0, 0] == 0.0
    with pytest.raises(ValueError, match="read-only"):
        game.payoffs[0, 0, 0] = 1.0
    with pytest.raises(AttributeError):
        game.title = "x"  # type: ignore[misc]


def test_read_only_arrays_are_not_copied():
    payoffs = np.zeros((3, 2, 2, 2))
    payoffs.setflags(write=False)
    assert NormalFormGame(payoffs).payoffs is payoffs


@pytest.mark.parametrize(
    ("payoffs", "kwargs", "message"),
    [
        ([[1, 2], [3]], {}, "different shapes"),
        ([[[1, 2], [3, "x"]], [[1, 2], [3, 4]]], {}, "could not read as a numeric array"),
        (np.zeros((3, 2, 2)), {}, r"got shape \(3, 2, 2\), i.e. 3 payoff arrays of 2"),
        (np.zeros(3), {}, "expected shape"),
        ([np.zeros((2, 2)), np.zeros((2, 3))], {}, "different shapes"),
        (np.full((2, 2, 2), np.nan), {}, r"entry \(0, 0, 0\) is nan; expected finite"),
        (np.zeros((2, 2, 2)), {"players": ["a"]}, "players: got 1 labels"),
        (np.zeros((2, 2, 2)), {"players": ["a", "a"]}, "repeat"),
        (np.zeros((2, 2, 2)), {"actions": [["x"], ["y", "z"]]}, r"actions\[0\]"),
        (np.zeros((2, 0, 2)), {}, "no actions"),
    ],
)
def test_validation_messages(payoffs, kwargs, message):
    with pytest.raises(ValueError, match=message):
        NormalFormGame(payoffs, **kwargs)


def test_nan_is_located_precisely():
    payoffs = np.zeros((3, 2, 2, 2))
    payoffs[2, 1, 0, 1] = np.inf
    with pytest.raises(ValueError, match=r"entry \(2, 1, 0, 1\) is inf"):
        NormalFormGame(payoffs)


def test_bimatrix_shape_mismatch():
    with pytest.raises(ValueError, match=r"row_payoffs has shape \(2, 2\) but column"):
        NormalFormGame.from_bimatrix(np.zeros((2, 2)), np.zeros((2, 3)))


def test_payoff_function_axes():
    # u_i(a) = 10 * i + a_i: each player's payoff depends on its own action only.
    game = NormalFormGame.from_payoff_function(
        lambda *a: [10 * i + a[i] for i in range(3)], (2, 3, 2)
    )
    assert game.shape == (2, 3, 2)
    assert game.payoffs[1, 0, 2, 1] == 12.0
    assert game.payoffs[2, 1, 0, 1] == 21.0


def test_profile_validation():
    game = CATALOGUE[0].game
    with pytest.raises(ValueError, match="expected one for each of 2 players"):
        as_profile(game, [0])
    with pytest.raises(ValueError, match=r"action 2 out of range; expected 0..1"):
        as_profile(game, [2, 0])
    with pytest.raises(ValueError, match="negative probability"):
        as_profile(game, [[1.5, -0.5], 0])


@pytest.mark.parametrize("entry", CATALOGUE, ids=lambda e: e.name)
def test_known_equilibria_certify(entry):
    for profile in entry.equilibria:
        floats = [[float(x) for x in s] for s in profile]
        assert is_equilibrium(entry.game, floats)
        assert certify(entry.game, floats, "catalogue") is not None


def test_regret_by_hand():
    # Prisoner's dilemma (Axelrod 1984): against C, D earns 5 instead of 3: regret 2.
    game = CATALOGUE[0].game
    assert regret(game, [0, 0]) == 2.0
    assert expected_payoffs(game, [[0.5, 0.5], 1]).tolist() == [0.5, 3.0]


def test_exact_regret_rejects_inexact_profiles():
    game = CATALOGUE[0].game
    with pytest.raises(ValueError, match="not exactly a probability vector"):
        exact_regret(game, [[Q(1, 3), Q(1, 3)], 0])


payoff_arrays = arrays(
    float,
    st.tuples(st.just(3), st.integers(1, 3), st.integers(1, 3), st.integers(1, 3)),
    elements=st.integers(-5, 5).map(float),
)


@given(payoff_arrays, st.data())
@settings(max_examples=60, deadline=None)
def test_float_and_exact_regret_agree(payoffs, data):
    game = NormalFormGame(payoffs)
    profile = []
    for n in game.shape:
        weights = data.draw(st.lists(st.integers(0, 4), min_size=n, max_size=n))
        if sum(weights) == 0:
            weights[0] = 1
        profile.append([Q(w, sum(weights)) for w in weights])
    exact = exact_regret(game, profile)
    assert exact >= 0
    assert regret(game, [[float(x) for x in s] for s in profile]) == pytest.approx(
        float(exact), abs=1e-9
    )


def test_exact_regret_rejects_out_of_range_pure_actions():
    # An out-of-range index used to become an all-zero "strategy" and a wrong regret.
    game = CATALOGUE[0].game
    with pytest.raises(ValueError, match=r"profile\[0\]: action 5 out of range; expected 0..1"):
        exact_regret(game, [5, 0])
    with pytest.raises(ValueError, match="out of range"):
        exact_regret(game, [0, -1])


@pytest.mark.parametrize("shape", [(0, 2), (0, 2, 2)])
def test_empty_payoff_arrays_get_a_clear_error(shape):
    with pytest.raises(ValueError, match="with N >= 1 players"):
        NormalFormGame(np.zeros(shape))
    if len(shape) == 2:
        with pytest.raises(ValueError, match=r"bimatrix|no actions"):
            NormalFormGame.from_bimatrix(np.zeros(shape))
