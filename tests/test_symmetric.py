"""Tests of the symmetric N-player solver: catalogue, known roots, certification, completeness."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import brentq

from gametheory import (
    DegenerateGameWarning,
    NormalFormGame,
    SymmetricGame,
    pure_equilibrium_profiles,
    regret,
    symmetric_equilibria,
    symmetric_game,
    threshold_stag_hunt,
)
from gametheory.core.tolerance import TOL

from .catalogue import CATALOGUE


def _symmetric_shares(entry):
    """The catalogue's symmetric equilibria as probabilities of action 0."""
    shares = []
    for profile in entry.equilibria:
        if all(s == profile[0] for s in profile):
            shares.append(float(profile[0][0]))
    return sorted(shares)


@pytest.mark.parametrize("entry", [e for e in CATALOGUE if e.symmetric], ids=lambda e: e.name)
def test_catalogue_symmetric_games(entry):
    result = symmetric_equilibria(entry.game)
    assert not result.continuum
    assert list(result.shares) == pytest.approx(_symmetric_shares(entry), abs=1e-12)
    for eq in result.equilibria:
        assert regret(entry.game, list(eq.equilibrium.strategies)) <= TOL


@pytest.mark.parametrize("entry", [e for e in CATALOGUE if not e.symmetric], ids=lambda e: e.name)
def test_catalogue_asymmetric_games_are_rejected(entry):
    with pytest.raises(ValueError, match="game: "):
        symmetric_equilibria(entry.game)


def test_asymmetry_error_names_entry_and_permutation():
    payoffs = symmetric_game([0, 1, 2], [1, 1, 1]).payoffs.copy()
    payoffs[2, 0, 1, 0] += 1.0
    with pytest.raises(ValueError) as info:
        symmetric_equilibria(NormalFormGame(payoffs))
    message = str(info.value)
    assert "payoffs[2][0, 1, 0] = 2" in message
    assert "payoffs[0][0, 0, 1] = 1" in message
    assert "(0->1, 1->2, 2->0)" in message
    with pytest.raises(ValueError, match="two actions"):
        symmetric_equilibria(NormalFormGame(np.zeros((2, 3, 3))))


# -- known values -----------------------------------------------------------------------------
@pytest.mark.parametrize("n", [2, 3, 5, 10, 30])
def test_unanimity_stag_hunt_closed_form(n):
    # Unanimity stag hunt (Pacheco et al. 2009 with M = N; Skyrms 2004 ch. 1): stag pays
    # s = 5 only if all others hunt stag, hare pays h = 2; g(x) = s x^(N-1) - h, so the
    # interior rest point is (h/s)^(1/(N-1)), unstable, and all-stag's basin (x*, 1] shrinks.
    s, h = 5.0, 2.0
    a = np.zeros(n)
    a[-1] = s
    result = symmetric_equilibria((a, np.full(n, h)))
    expected = (h / s) ** (1 / (n - 1))
    assert result.shares == pytest.approx((0.0, expected, 1.0), abs=1e-12)
    assert [e.stability for e in result.equilibria] == ["stable", "unstable", "stable"]


def _pacheco_gain(x, n, m, f, c=1.0):
    """f_C - f_D of Pacheco et al. (2009), eq. (2.2), written out term by term."""
    total = 0.0
    for k in range(n):  # k of the other N - 1 group members cooperate
        weight = math.comb(n - 1, k) * x**k * (1 - x) ** (n - 1 - k)
        payoff_c = (f * c * (k + 1) / n if k + 1 >= m else 0.0) - c
        payoff_d = f * c * k / n if k >= m else 0.0
        total += weight * (payoff_c - payoff_d)
    return total


@pytest.mark.parametrize(
    ("n", "m", "f", "interior", "stabilities"),
    [
        # Pacheco et al. (2009), table 2: F/N < lambda*: no interior root, 0 stable.
        (10, 5, 2.0, 0, ["stable"]),
        # lambda* < F/N <= 1: x_L unstable, x_R stable, 0 stable; 1 unstable (no equilibrium).
        (10, 5, 8.0, 2, ["stable", "unstable", "stable"]),
        (20, 10, 15.0, 2, ["stable", "unstable", "stable"]),
        # F/N > 1: 0 and 1 stable, x_L unstable.
        (10, 5, 12.0, 1, ["stable", "unstable", "stable"]),
    ],
)
def test_threshold_stag_hunt_regimes(n, m, f, interior, stabilities):
    result = symmetric_equilibria(threshold_stag_hunt(n, m, f))
    inside = [x for x in result.shares if 0 < x < 1]
    assert len(inside) == interior
    assert [e.stability for e in result.equilibria] == stabilities
    # The roots agree with the paper's polynomial solved independently by bisection.
    grid = np.linspace(1e-6, 1 - 1e-6, 2001)
    values = [_pacheco_gain(x, n, m, f) for x in grid]
    roots = [
        brentq(_pacheco_gain, lo, hi, args=(n, m, f), xtol=1e-14)
        for lo, hi, vl, vh in zip(grid[:-1], grid[1:], values[:-1], values[1:], strict=True)
        if vl * vh < 0
    ]
    assert inside == pytest.approx(roots, abs=1e-10)


def test_double_root_is_found_once_and_semi_stable():
    # g(x) = (2x - 1)^2 has Bernstein coefficients (1, -1, 1): a double root at 1/2.
    result = symmetric_equilibria(([1, -1, 1], [0, 0, 0]))
    assert result.shares == pytest.approx((0.5, 1.0), abs=1e-6)
    assert [e.stability for e in result.equilibria] == ["semi-stable", "stable"]


def test_large_n_is_certified_by_the_formula():
    game = threshold_stag_hunt(60, 30, 45.0)
    result = symmetric_equilibria(game)
    assert len([x for x in result.shares if 0 < x < 1]) == 2
    for eq in result.equilibria:
        assert len(eq.equilibrium.strategies) == 60
        assert eq.equilibrium.regret <= TOL
        assert game.regret(eq.share) <= TOL


def test_continuum_warns():
    with pytest.warns(DegenerateGameWarning, match="every symmetric profile"):
        result = symmetric_equilibria(([1, 2, 3], [1, 2, 3]))
    assert result.continuum
    assert result.shares == (0.0, 1.0)


def test_input_errors():
    with pytest.raises(ValueError, match="a, b: got lengths 2 and 3"):
        SymmetricGame([0, 1], [0, 1, 2])
    with pytest.raises(ValueError, match=r"a\[1\] is nan"):
        SymmetricGame([0, np.nan], [0, 1])
    with pytest.raises(ValueError, match="game_or_payoffs"):
        symmetric_equilibria(3)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="threshold"):
        threshold_stag_hunt(4, 5, 2.0)


# -- properties -------------------------------------------------------------------------------
compact_games = st.integers(2, 6).flatmap(
    lambda n: st.tuples(
        st.lists(st.integers(-3, 3), min_size=n, max_size=n),
        st.lists(st.integers(-3, 3), min_size=n, max_size=n),
    )
)


@settings(max_examples=80, deadline=None)
@given(compact_games)
def test_every_root_certified_and_every_sign_change_found(payoffs):
    a, b = (np.array(v, dtype=float) for v in payoffs)
    if np.all(a == b):
        return  # the continuum case, tested above
    result = symmetric_equilibria((a, b))
    game = symmetric_game(a, b)
    for eq in result.equilibria:
        assert regret(game, list(eq.equilibrium.strategies)) <= TOL
    # Completeness for interior roots of odd multiplicity: every sign change of g is found.
    compact = SymmetricGame(a, b)
    grid = np.linspace(0, 1, 1001)[1:-1]
    values = compact.gain(grid)
    shares = np.array(result.shares)
    for lo, hi, vl, vh in zip(grid[:-1], grid[1:], values[:-1], values[1:], strict=True):
        if vl * vh < 0:
            assert np.any((shares >= lo) & (shares <= hi)), (a, b, lo, hi)
    # The symmetric pure equilibria agree with the full game's pure equilibria.
    pure = {tuple(r) for r in pure_equilibrium_profiles(game).tolist()}
    n = len(a)
    assert ((0,) * n in pure) == (1.0 in result.shares)
    assert ((1,) * n in pure) == (0.0 in result.shares)


@settings(max_examples=40, deadline=None)
@given(compact_games)
def test_normal_form_round_trip(payoffs):
    a, b = (np.array(v, dtype=float) for v in payoffs)
    back = SymmetricGame.from_normal_form(symmetric_game(a, b))
    assert back.a.tolist() == a.tolist() and back.b.tolist() == b.tolist()


@settings(max_examples=30, deadline=None)
@given(compact_games, st.integers(0, 2**32 - 1))
def test_stability_matches_the_direction_of_the_flow(payoffs, seed):
    a, b = (np.array(v, dtype=float) for v in payoffs)
    if np.all(a == b):
        return
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = symmetric_equilibria((a, b))
    compact = SymmetricGame(a, b)
    rng = np.random.default_rng(seed)
    for eq in result.equilibria:
        x = eq.share
        eps = 1e-4 * rng.uniform(0.5, 1.0)
        left = compact.gain(x - eps) > 0 if x > 0 else None  # flow towards x from the left
        right = compact.gain(x + eps) < 0 if x < 1 else None  # towards x from the right
        sides = [s for s in (left, right) if s is not None]
        if all(sides):
            assert eq.stability == "stable"
        elif not any(sides):
            assert eq.stability == "unstable"
        else:
            assert eq.stability == "semi-stable"
