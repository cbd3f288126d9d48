"""Tests for gametheory.core.lrsnash: the format bridge, and equilibria equal to lrsnash's."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from gametheory import DegenerateGameWarning, NormalFormGame
from gametheory.core.lrsnash import (
    lrsnash_equilibria,
    lrsnash_input,
    lrsnash_path,
    parse_lrsnash,
)
from gametheory.core.twoplayer import _exact_extreme, _integer_payoffs
from tests.test_twoplayer import sharing_game

needs_lrsnash = pytest.mark.skipif(
    lrsnash_path() is None, reason="lrsnash not installed (Debian: apt-get install lrslib)"
)


def exact_profiles(game: NormalFormGame):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DegenerateGameWarning)
        return set(_exact_extreme(game, _integer_payoffs(game), 1e-9, "exact", False, None)[1])


def test_input_writes_rationals_and_parse_rejects_garbage():
    from fractions import Fraction

    game = NormalFormGame(
        np.array([[[0.5, 1.0]], [[2.0, 0.25]]]),
        exact_payoffs=np.array([[[Fraction(1, 2), 1]], [[2, Fraction(1, 4)]]], dtype=object),
    )
    assert lrsnash_input(game) == "1 2\n\n1/2 1\n\n2 1/4\n\n"
    with pytest.raises(ValueError, match="line 2: got '3 1 2'"):
        parse_lrsnash("*comment\n3 1 2\n", 1, 2)


@needs_lrsnash
def test_sharing_game_equals_lrsnash():
    game = sharing_game()
    theirs = set(lrsnash_equilibria(game, timeout=60))
    assert len(theirs) == 21
    assert exact_profiles(game) == theirs


@needs_lrsnash
@pytest.mark.parametrize("top", [1, 2, 4])
def test_small_games_equal_lrsnash(top):
    # Seeded games with payoffs in {0, ..., top}, degenerate more often the smaller the range.
    for seed in range(25):
        rng = np.random.default_rng(seed)
        m, n = rng.integers(1, 6, 2)
        game = NormalFormGame.from_bimatrix(
            rng.integers(0, top + 1, (m, n)), rng.integers(0, top + 1, (m, n))
        )
        assert exact_profiles(game) == set(lrsnash_equilibria(game, timeout=60)), (seed, m, n)


@needs_lrsnash
def test_ten_by_ten_equals_lrsnash():
    rng = np.random.default_rng(0)
    game = NormalFormGame.from_bimatrix(rng.integers(0, 5, (10, 10)), rng.integers(0, 5, (10, 10)))
    theirs = set(lrsnash_equilibria(game, timeout=120))
    assert len(theirs) > 10
    assert exact_profiles(game) == theirs
