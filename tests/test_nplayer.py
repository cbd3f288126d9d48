"""Tests for gametheory.core.nplayer: every equilibrium of N-player two-action games."""

from __future__ import annotations

import itertools
import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory import (
    DegenerateGameWarning,
    NormalFormGame,
    all_equilibria,
    derangements,
    pure_equilibria,
    regret,
    threshold_stag_hunt,
    two_player_equilibria,
)

from .catalogue import CATALOGUE, by_name


def _random_game(n: int, seed: int) -> NormalFormGame:
    return NormalFormGame(np.random.default_rng(seed).normal(size=(n,) + (2,) * n))


def _contains(result, profile, atol=1e-6) -> bool:
    return any(e.isclose(profile, atol=atol) for e in result)


def test_derangements_known_values():
    # OEIS A000166 (subfactorials): 1, 0, 1, 2, 9, 44, 265, 1854.
    assert [derangements(k) for k in range(8)] == [1, 0, 1, 2, 9, 44, 265, 1854]
    with pytest.raises(ValueError, match="k: got -1"):
        derangements(-1)


@pytest.mark.parametrize("entry", CATALOGUE, ids=lambda e: e.name)
def test_catalogue_every_known_equilibrium_is_found(entry):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DegenerateGameWarning)
        result = all_equilibria(entry.game, rng=0)
    for profile in entry.equilibria:
        expected = [np.array([float(x) for x in s]) for s in profile]
        assert _contains(result, expected), (entry.name, profile)
    for eq in result:
        assert regret(entry.game, eq.strategies) <= result.tol
    if entry.has_continuum:
        assert not result.complete and result.issues
    else:
        assert result.complete
        assert len(result) == len(entry.equilibria)


def test_jordan_game_has_exactly_one_equilibrium_certified_complete():
    # Jordan (1993): the uniform profile is the unique equilibrium. Each player's payoff
    # depends on one other player only, so the totally mixed system has a root at infinity;
    # the multiprojective count still certifies completeness.
    result = all_equilibria(by_name("Jordan's three-player matching pennies").game, rng=1)
    assert result.complete, result.issues
    assert len(result) == 1
    assert result[0].isclose([[0.5, 0.5]] * 3)


@pytest.mark.parametrize("n", [3, 4, 5])
def test_unanimity_stag_hunt_interior_point(n):
    # Pacheco et al. (2009): with M = N the interior rest point is F ** (-1 / (N - 1)); as a
    # symmetric equilibrium every lab pauses with that probability.
    f = 3.0
    game = threshold_stag_hunt(n, n, f).to_normal_form()
    result = all_equilibria(game, rng=2)
    x = f ** (-1 / (n - 1))
    assert _contains(result, [[x, 1 - x]] * n)
    assert _contains(result, [[1.0, 0.0]] * n) and _contains(result, [[0.0, 1.0]] * n)


def _brute_force(game: NormalFormGame, grid: int = 9) -> list[list[np.ndarray]]:
    """Newton from every cell of a grid, on every support pattern's indifference system."""
    n = game.num_players
    # d_i as a function of p (probabilities of action 0), vectorised over rows of p.
    tensors = [
        np.take(game.payoffs[i], 0, axis=i) - np.take(game.payoffs[i], 1, axis=i) for i in range(n)
    ]

    def gains(p: np.ndarray) -> np.ndarray:
        out = np.empty_like(p)
        for i in range(n):
            value = np.broadcast_to(tensors[i], (len(p), *tensors[i].shape))
            others = [j for j in range(n) if j != i]
            for j in reversed(others):
                w = np.stack([p[:, j], 1 - p[:, j]], axis=1)
                value = np.einsum("p...a,pa->p...", value, w)
            out[:, i] = value
        return out

    found: list[list[np.ndarray]] = [
        [np.eye(2)[a] for a in profile] for profile in itertools.product(range(2), repeat=n)
    ]
    for k in range(2, n + 1):
        for mixing in itertools.combinations(range(n), k):
            pure = [j for j in range(n) if j not in mixing]
            for values in itertools.product([0.0, 1.0], repeat=len(pure)):
                cells = (np.arange(grid) + 0.5) / grid
                starts = np.array(list(itertools.product(cells, repeat=k)))
                p = np.zeros((len(starts), n))
                p[:, pure] = values
                p[:, list(mixing)] = starts
                for _ in range(40):
                    f = gains(p)[:, list(mixing)]
                    jac = np.empty((len(p), k, k))
                    for b, j in enumerate(mixing):
                        h = np.zeros(n)
                        h[j] = 1e-7
                        jac[:, :, b] = (gains(p + h)[:, list(mixing)] - f) / 1e-7
                    with np.errstate(all="ignore"):
                        ok = np.abs(np.linalg.det(jac)) > 1e-12
                        step = np.zeros((len(p), k))
                        step[ok] = np.linalg.solve(jac[ok], -f[ok][..., None])[..., 0]
                    p[:, list(mixing)] += np.clip(step, -0.5, 0.5)
                residual = np.abs(gains(p)[:, list(mixing)]).max(axis=1)
                inside = (p >= -1e-9).all(axis=1) & (p <= 1 + 1e-9).all(axis=1)
                for row in p[(residual < 1e-10) & inside]:
                    profile = [np.array([q, 1 - q]) for q in np.clip(row, 0, 1)]
                    if regret(game, profile) <= 1e-8:
                        found.append(profile)
    return [f for f in found if regret(game, f) <= 1e-8]


@pytest.mark.parametrize("seed", range(6))
def test_complete_against_grid_and_newton_brute_force(seed):
    game = _random_game(3, 100 + seed)
    result = all_equilibria(game, rng=seed)
    assert result.complete, result.issues
    for profile in _brute_force(game):
        assert _contains(result, profile, atol=1e-6), profile


def _certified(result, n: int) -> bool:
    """Proved complete: by the interval proof for generic games of any N (exact re-solving
    is the fallback for N <= 3), with the numerical path counts matching too."""
    return (
        result.complete
        and result.certificate in ("interval", "exact")
        and not result.issues
        and result.numerically_complete
    )


@settings(max_examples=25, deadline=None)
@given(st.integers(3, 4), st.integers(0, 2**32 - 1))
def test_every_returned_profile_is_certified(n, seed):
    game = _random_game(n, seed)
    result = all_equilibria(game, rng=seed)
    assert len(result) >= 1  # Nash (1951): every finite game has one
    for eq in result:
        assert regret(game, eq.strategies) <= result.tol
    assert _certified(result, n), result.issues
    assert result.solutions_found == result.bezout_number
    pure = {e.pure_profile for e in pure_equilibria(game)}
    assert pure == {e.pure_profile for e in result if e.is_pure}


def test_generic_five_player_game_is_proved_complete():
    game = _random_game(5, 7)
    result = all_equilibria(game, rng=3)
    assert _certified(result, 5), result.issues
    # Paths over all patterns: sum over k of C(5, k) 2^(5-k) D(k).
    assert result.bezout_number == sum(
        math.comb(5, k) * 2 ** (5 - k) * derangements(k) for k in range(2, 6)
    )


def test_equilibria_do_not_depend_on_the_random_start_system():
    game = _random_game(4, 11)
    first, second = all_equilibria(game, rng=0), all_equilibria(game, rng=99)
    assert len(first) == len(second)
    assert all(_contains(second, e.strategies) for e in first)


def test_continuum_is_flagged_non_generic():
    # Player 1 is indifferent everywhere (constant payoff): any mixture of player 1 against
    # an equilibrium of the others is an equilibrium.
    rng = np.random.default_rng(5)
    payoffs = rng.normal(size=(3, 2, 2, 2))
    payoffs[0] = 1.0
    game = NormalFormGame(payoffs)
    result = all_equilibria(game, rng=0)
    assert not result.complete
    assert any("continuum" in issue or "indifferent" in issue for issue in result.issues)
    for eq in result:
        assert regret(game, eq.strategies) <= result.tol


def test_two_players_dispatch_to_the_two_player_solver():
    game = by_name("battle of the sexes").game
    result = all_equilibria(game)
    assert len(result) == 3 and result.complete
    assert all(_contains(result, e.strategies) for e in two_player_equilibria(game))


def test_input_errors():
    game = NormalFormGame(np.zeros((3, 2, 3, 2)))
    with pytest.raises(ValueError, match=r"shape \(2, 3, 2\); expected two actions"):
        all_equilibria(game)
    with pytest.raises(ValueError, match="tol"):
        all_equilibria(_random_game(3, 0), tol=-1)
    with pytest.raises(ValueError, match="at most"):
        all_equilibria(NormalFormGame(np.zeros((7,) + (2,) * 7)))


@pytest.mark.parametrize("seed", range(4))
def test_agrees_with_gambit_enumpoly(seed):
    # Gambit's enumpoly misses equilibria on some generic games (issue 4); whatever it finds
    # we find too.
    gbt = pytest.importorskip("pygambit")
    game = _random_game(3, 200 + seed)
    gambit_game = gbt.Game.from_arrays(*game.payoffs)
    theirs = gbt.nash.enumpoly_solve(gambit_game).equilibria
    ours = all_equilibria(game, rng=seed)
    players = list(gambit_game.players)
    for profile in theirs:
        strategies = [
            np.array([float(profile[s]) for s in player.strategies]) for player in players
        ]
        assert _contains(ours, strategies, atol=1e-5)


#: Seeded games (players, seed of ``_random_game``) where pygambit 16.7's ``enumpoly_solve``
#: returned fewer equilibria than ``all_equilibria`` (recorded 2026-11; the extra ones are
#: certified by regret and the enumeration is certified complete).
GAMBIT_MISSES = [(3, 12), (3, 19), (3, 33), (4, 9), (4, 34)]


@pytest.mark.parametrize(("n", "seed"), GAMBIT_MISSES)
def test_recorded_games_where_gambit_misses_an_equilibrium(n, seed):
    game = _random_game(n, seed)
    ours = all_equilibria(game, rng=seed)
    assert _certified(ours, n), ours.issues
    for eq in ours:
        assert regret(game, eq.strategies) <= ours.tol
    gbt = pytest.importorskip("pygambit")
    gambit_game = gbt.Game.from_arrays(*game.payoffs)
    theirs = [
        [np.array([float(p[s]) for s in player.strategies]) for player in gambit_game.players]
        for p in gbt.nash.enumpoly_solve(gambit_game).equilibria
    ]
    assert all(_contains(ours, profile, atol=1e-5) for profile in theirs)
    assert len(ours) >= len(theirs)


# -- the exact proof for N <= 3 (issue 14) ------------------------------------------------------
@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_exact_proof_on_degenerate_three_player_games(seed):
    # Payoffs in {-1, 0, 1}: ties, continua and singular systems are common. When the result
    # claims a proof, every equilibrium the grid-and-Newton brute force finds is listed.
    game = NormalFormGame(np.random.default_rng(seed).integers(-1, 2, size=(3, 2, 2, 2)))
    result = all_equilibria(game, rng=seed)
    for eq in result:
        assert regret(game, eq.strategies) <= result.tol
    if result.complete:
        assert result.certificate in ("interval", "exact") and not result.issues
        for profile in _brute_force(game):
            assert _contains(result, profile, atol=1e-6), profile
    else:
        assert result.issues


@settings(max_examples=200, deadline=None)
@given(
    st.fractions(-5, 5, max_denominator=7),
    st.fractions(-5, 5, max_denominator=7),
    st.fractions(0, 9, max_denominator=5),
)
def test_surd_signs_are_exact(a, b, d):
    from gametheory.core.nplayer import _Surd

    value = _Surd(a, b, d)
    approx = float(a) + float(b) * float(d) ** 0.5
    if abs(approx) > 1e-9:
        assert value.sign() == (1 if approx > 0 else -1)


def test_four_players_are_proved_complete():
    result = all_equilibria(_random_game(4, 3), rng=0)
    assert result.complete and result.certificate == "interval" and not result.issues


# -- the interval proof (issue 14) --------------------------------------------------------------
def _volunteers_dilemma(n: int, benefit: int, cost: int) -> NormalFormGame:
    """Diekmann's volunteer's dilemma: action 0 volunteers (payoff b - c); action 1 shirks and
    gets b when someone else volunteers, else 0."""
    payoffs = np.zeros((n,) + (2,) * n)
    for profile in itertools.product(range(2), repeat=n):
        for i in range(n):
            volunteers = sum(a == 0 for a in profile)
            if profile[i] == 0:
                payoffs[(i, *profile)] = benefit - cost
            else:
                payoffs[(i, *profile)] = benefit if volunteers else 0
    return NormalFormGame(payoffs)


@pytest.mark.parametrize("n", [3, 4, 5])
def test_volunteers_dilemma_every_equilibrium_proved(n):
    # Diekmann (1985), J. Conflict Resolution 29:605-610: with b = 8, c = 1, the equilibria are
    # one volunteer and everyone else shirking (n of them), and for every set S of k >= 2
    # mixing players (the rest shirk) each member shirks with q = (c/b)^(1/(k-1)). The totally
    # mixed system has roots at infinity, so the Bezout count is short and only a proof that
    # does not count paths can certify the list.
    result = all_equilibria(_volunteers_dilemma(n, 8, 1), rng=0)
    assert result.complete and result.certificate == "interval", result.issues
    expected = [[[1.0, 0.0] if j == i else [0.0, 1.0] for j in range(n)] for i in range(n)]
    for k in range(2, n + 1):
        q = (1 / 8) ** (1 / (k - 1))
        for mixing in itertools.combinations(range(n), k):
            expected.append([[1 - q, q] if j in mixing else [0.0, 1.0] for j in range(n)])
    assert len(result) == len(expected)
    for profile in expected:
        assert _contains(result, profile, atol=1e-9), profile


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_interval_proof_agrees_with_exact_rational_solving(seed):
    # Three players: the interval proof and the exact re-solving (rationals, symbolic square
    # roots) must find the same equilibria.
    from gametheory.core.nplayer import (
        _exact_equilibria,
        _monomial_coefficients,
        _pattern_systems,
        _proved_by_intervals,
    )

    game = _random_game(3, seed)
    coefficients = _monomial_coefficients(game)
    systems = {
        mixing: _pattern_systems(coefficients, mixing)
        for k in (2, 3)
        for mixing in itertools.combinations(range(3), k)
    }
    proved, undecided = _proved_by_intervals(game, coefficients, systems)
    exact, reasons = _exact_equilibria(game)
    assert not undecided and not reasons
    mixed = sorted(tuple(np.round(p, 9)) for p in exact if not all(x in (0.0, 1.0) for x in p))
    assert sorted(tuple(np.round(p, 9)) for p in proved) == mixed


@pytest.mark.parametrize("seed", range(6))
def test_four_players_with_a_dominant_action_reduce_to_three_exactly(seed):
    # Player 4's action 0 is strictly dominant, so the equilibria are those of the three-player
    # game the others play against it, which the exact rational solver enumerates.
    from gametheory.core.nplayer import _exact_equilibria

    rng = np.random.default_rng(300 + seed)
    payoffs = rng.normal(size=(4, 2, 2, 2, 2))
    payoffs[3, :, :, :, 0] = payoffs[3, :, :, :, 1] + 1.0 + rng.random((2, 2, 2))
    game = NormalFormGame(payoffs)
    result = all_equilibria(game, rng=seed)
    assert result.complete and result.certificate == "interval", result.issues
    reduced = NormalFormGame(payoffs[:3, :, :, :, 0])
    exact, reasons = _exact_equilibria(reduced)
    assert not reasons
    assert len(result) == len(exact)
    for point in exact:
        assert _contains(result, [[q, 1 - q] for q in [*point, 1.0]], atol=1e-9)


@pytest.mark.parametrize("seed", range(20))
def test_degenerate_four_player_games_are_proved_or_named_not_certified(seed):
    # Integer payoffs in [-9, 9]: ties are common (15 of these 20 games have one), so a result
    # is either proved (and then contains every equilibrium the grid-and-Newton brute force
    # finds) or says it is not certified complete.
    game = NormalFormGame(np.random.default_rng(seed).integers(-9, 10, size=(4, 2, 2, 2, 2)))
    result = all_equilibria(game, rng=seed)
    for eq in result:
        assert regret(game, eq.strategies) <= result.tol
    if result.complete:
        assert result.certificate == "interval" and not result.issues
        for profile in _brute_force(game, grid=4):
            assert _contains(result, profile, atol=1e-6), profile
    else:
        assert result.certificate in ("numerical", "none")
        assert any("not certified complete" in issue for issue in result.issues)


def test_interval_proof_names_an_undecided_continuum():
    # Player 1 is indifferent everywhere: its patterns are ties, so nothing is proved.
    payoffs = np.random.default_rng(8).normal(size=(4, 2, 2, 2, 2))
    payoffs[0] = 2.0
    result = all_equilibria(NormalFormGame(payoffs), rng=0)
    assert not result.complete and result.certificate in ("numerical", "none")
    assert any("not certified complete" in issue for issue in result.issues)
    assert any("not proved nonzero" in issue for issue in result.issues)


def test_six_players_are_named_not_certified_complete():
    # The interval proof stops at five players (its cost); a six-player result must say so.
    from gametheory.core.nplayer import MAX_PROVED_PLAYERS

    assert MAX_PROVED_PLAYERS == 5
    result = all_equilibria(_random_game(6, 1), rng=0)
    assert not result.complete and result.certificate in ("numerical", "none")
    assert any(issue.startswith("not certified complete") for issue in result.issues)
    for eq in result:
        assert regret(_random_game(6, 1), eq.strategies) <= result.tol


@pytest.mark.parametrize("seed", range(3))
def test_four_player_proof_against_grid_and_newton_brute_force(seed):
    # Generic four-player games: proved complete, and nothing the brute force finds is missing.
    game = _random_game(4, 500 + seed)
    result = all_equilibria(game, rng=seed)
    assert result.complete and result.certificate == "interval", result.issues
    for profile in _brute_force(game, grid=5):
        assert _contains(result, profile, atol=1e-6), profile
