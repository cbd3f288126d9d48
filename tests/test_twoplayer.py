"""Tests for gametheory.core.twoplayer: every solver over the catalogue, peers, exact checks."""

from __future__ import annotations

import itertools
import os
import warnings
from fractions import Fraction

import nashpy
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory import DegenerateGameWarning, InputError, NormalFormGame, exact_regret, regret
from gametheory.core.game import check_game_tol
from gametheory.core.pure import pure_equilibria
from gametheory.core.tolerance import TOL
from gametheory.core.twoplayer import (
    LemkeHowsonError,
    _exact_extreme,
    _extreme_equilibria,
    _integer_payoffs,
    _rational_solve,
    equilibrium_components,
    exact_equilibrium,
    lemke_howson,
    lemke_howson_all_labels,
    support_enumeration,
    two_player_equilibria,
    vertex_enumeration,
)
from tests.catalogue import CATALOGUE, by_name

TWO_PLAYER = [entry for entry in CATALOGUE if entry.game.num_players == 2]
NONDEGENERATE = [entry for entry in TWO_PLAYER if not entry.has_continuum]
SOLVERS = [support_enumeration, vertex_enumeration, two_player_equilibria]

Profile = tuple[tuple[Fraction, ...], ...]


def exact_set(game: NormalFormGame, equilibria) -> set[Profile]:
    """The equilibria re-solved in rationals, each checked to have exact regret zero."""
    out = set()
    for eq in equilibria:
        exact = exact_equilibrium(game, eq)
        assert exact.is_equilibrium, exact
        out.add(exact.strategies)
    return out


def all_equilibria(game: NormalFormGame):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DegenerateGameWarning)
        return list(two_player_equilibria(game))


def random_game(rng: np.random.Generator, m: int, n: int) -> NormalFormGame:
    # Uniform float payoffs: nondegenerate with probability one.
    return NormalFormGame.from_bimatrix(rng.random((m, n)), rng.random((m, n)))


def keys(equilibria) -> list[tuple[float, ...]]:
    return sorted(tuple(np.round(np.concatenate(e), 7)) for e in equilibria)


# -- the catalogue ----------------------------------------------------------------------------
@pytest.mark.parametrize("entry", NONDEGENERATE, ids=lambda e: e.name)
@pytest.mark.parametrize("solver", SOLVERS, ids=lambda f: f.__name__)
def test_catalogue_nondegenerate(entry, solver):
    # Known values: tests/catalogue.py, each with its source.
    found = list(solver(entry.game))
    assert all(e.regret <= TOL and regret(entry.game, e.strategies) <= TOL for e in found)
    assert exact_set(entry.game, found) == set(entry.equilibria)


@pytest.mark.parametrize("entry", TWO_PLAYER, ids=lambda e: e.name)
def test_catalogue_all_equilibria_and_components(entry):
    if entry.has_continuum:
        with pytest.warns(DegenerateGameWarning):
            found = list(two_player_equilibria(entry.game))
    else:
        with warnings.catch_warnings():
            warnings.simplefilter("error", DegenerateGameWarning)
            found = list(two_player_equilibria(entry.game))
    assert exact_set(entry.game, found) == set(entry.equilibria)
    components = equilibrium_components(entry.game) if not entry.has_continuum else None
    if components is not None:
        assert not components.has_continuum and not components.degenerate
        assert len(components.nash_subsets) == len(entry.equilibria)


@pytest.mark.parametrize("entry", TWO_PLAYER, ids=lambda e: e.name)
def test_catalogue_lemke_howson(entry):
    m, n = entry.game.shape
    known = set(entry.equilibria)
    for label in range(m + n):
        eq = lemke_howson(entry.game, initial_dropped_label=label)
        assert eq.regret <= TOL
        assert exact_set(entry.game, [eq]) <= known
    assert exact_set(entry.game, lemke_howson_all_labels(entry.game)) <= known


def test_von_stengel_degenerate_game():
    # von Stengel (2002), Handbook of Game Theory vol. 3, ch. 45, degenerate variant of the
    # running example: top row against y with y_1 in [2/3, 1] is a continuum.
    entry = by_name("von Stengel degenerate game")
    with pytest.warns(DegenerateGameWarning) as caught:
        components = equilibrium_components(entry.game)
    message = str(caught[0].message)
    assert "player '1'" in message and "support ['0']" in message
    assert "2 pure best responses" in message
    assert components.degenerate and components.has_continuum
    assert exact_set(entry.game, components.equilibria) == set(entry.equilibria)
    continua = [s for s in components.nash_subsets if s.is_continuum]
    assert len(continua) == 1
    (subset,) = continua
    assert [r.tolist() for r in subset.rows] == [[1.0, 0.0, 0.0]]
    assert np.allclose(np.array(subset.columns), [[2 / 3, 1 / 3], [1.0, 0.0]])
    # Every convex combination of the subset's extreme points is an equilibrium.
    for t in np.linspace(0, 1, 11):
        y = t * subset.columns[0] + (1 - t) * subset.columns[1]
        assert regret(entry.game, [subset.rows[0], y]) <= TOL
    # The isolated mixed equilibrium is its own component.
    assert len(components.components) == 2


def test_degenerate_pure_game_has_a_continuum():
    # Both players' rows/columns tie: every y is a best response to the top row.
    game = NormalFormGame.from_bimatrix([[1, 1], [0, 0]], [[1, 1], [0, 0]])
    with pytest.warns(DegenerateGameWarning):
        result = equilibrium_components(game)
    assert result.has_continuum
    assert len(result.nash_subsets) == 1 and len(result.nash_subsets[0].columns) == 2


# -- properties -------------------------------------------------------------------------------
@settings(max_examples=40, deadline=None)
@given(
    payoffs=st.integers(0, 2**32 - 1).flatmap(
        lambda seed: st.tuples(st.just(seed), st.integers(1, 4), st.integers(1, 4))
    ),
    low_range=st.booleans(),
)
def test_every_profile_is_certified_degenerate_or_not(payoffs, low_range):
    seed, m, n = payoffs
    rng = np.random.default_rng(seed)
    # Small integer payoffs are often degenerate (ties); floats almost never.
    if low_range:
        a = rng.integers(-2, 3, (m, n)).astype(float)
        b = rng.integers(-2, 3, (m, n)).astype(float)
    else:
        a, b = rng.random((m, n)), rng.random((m, n))
    game = NormalFormGame.from_bimatrix(a, b)
    extreme = all_equilibria(game)
    assert extreme, "every finite game has an equilibrium (Nash 1951)"
    for eq in extreme:
        assert regret(game, eq.strategies) <= TOL
    # Support enumeration and Lemke-Howson end at vertex pairs, so at extreme equilibria.
    for eq in [*support_enumeration(game), *lemke_howson_all_labels(game)]:
        assert regret(game, eq.strategies) <= TOL
        assert any(eq.isclose(other) for other in extreme)
    components = equilibrium_components(game) if not low_range else None
    if components is not None:
        assert len(components.equilibria) == len(extreme)


@pytest.mark.parametrize("seed", range(12))
def test_small_random_games_match_nashpy(seed):
    rng = np.random.default_rng(seed)
    m, n = rng.integers(2, 5, size=2)
    game = random_game(rng, int(m), int(n))
    a, b = game.payoffs
    expected = keys(nashpy.Game(a, b).support_enumeration())
    for solver in SOLVERS:
        assert keys(e.strategies for e in solver(game)) == expected


@pytest.mark.parametrize(("size", "seed"), [(8, 0), (8, 1), (10, 0), (7, 2)])
def test_larger_random_games_solvers_agree_and_are_exact(size, seed):
    game = random_game(np.random.default_rng(seed), size, size + seed % 2)
    support = list(support_enumeration(game))
    vertex = list(vertex_enumeration(game))
    everything = list(two_player_equilibria(game))
    assert keys(e.strategies for e in support) == keys(e.strategies for e in vertex)
    assert keys(e.strategies for e in vertex) == keys(e.strategies for e in everything)
    assert len(support) % 2 == 1  # nondegenerate games have an odd number (Shapley 1974)
    assert len(exact_set(game, vertex)) == len(vertex)


def test_agrees_with_gambit_rational():
    pygambit = pytest.importorskip("pygambit")
    rng = np.random.default_rng(7)
    for m, n in [(2, 3), (3, 3), (4, 3), (4, 4), (3, 5)]:
        a = rng.integers(-50, 51, (m, n))
        b = rng.integers(-50, 51, (m, n))
        game = NormalFormGame.from_bimatrix(a, b)
        gambit_game = pygambit.Game.from_arrays(a.astype(object), b.astype(object))
        result = pygambit.nash.enummixed_solve(gambit_game, rational=True)
        theirs = {
            tuple(
                tuple(Fraction(str(eq[player][s])) for s in player.strategies)
                for player in gambit_game.players
            )
            for eq in result.equilibria
        }
        assert exact_set(game, all_equilibria(game)) == theirs


# -- Lemke-Howson -----------------------------------------------------------------------------
def test_lemke_howson_reaches_equilibria_in_the_full_set():
    game = random_game(np.random.default_rng(3), 6, 5)
    full = list(vertex_enumeration(game))
    reached = list(lemke_howson_all_labels(game))
    assert reached and len(reached) <= len(full)
    assert all(any(eq.isclose(other) for other in full) for eq in reached)


def test_lemke_howson_pivot_limit_and_label_check():
    game = random_game(np.random.default_rng(4), 5, 5)
    with pytest.raises(LemkeHowsonError, match="max_pivots=1"):
        lemke_howson(game, max_pivots=1)
    with pytest.raises(ValueError, match=r"initial_dropped_label: got 10; expected .* 0\.\.9"):
        lemke_howson(game, initial_dropped_label=10)


def test_lemke_howson_degenerate_game_terminates():
    # The lexicographic rule keeps the path well defined when ratios tie.
    game = by_name("von Stengel degenerate game").game
    for label in range(5):
        assert lemke_howson(game, initial_dropped_label=label).regret <= TOL


# -- exact verification and input checks ------------------------------------------------------
def test_exact_equilibrium_reports_a_float_only_equilibrium_honestly():
    # Row 1 beats row 0 by 1e-12 against column 0: within TOL, but not exactly an equilibrium.
    game = NormalFormGame.from_bimatrix([[1.0, 0.0], [1.0 + 1e-12, 0.0]], [[1, 0], [0, 1]])
    (eq,) = [e for e in all_equilibria(game) if e.pure_profile == (0, 0)]
    exact = exact_equilibrium(game, eq)
    assert exact.regret > 0 and not exact.is_equilibrium


def test_exact_equilibrium_rejects_mismatched_equilibrium():
    small = by_name("battle of the sexes").game
    large = by_name("von Stengel degenerate game").game
    eq = next(support_enumeration(small))
    with pytest.raises(ValueError, match="expected 3 and 2"):
        exact_equilibrium(large, eq)


def test_three_player_game_is_rejected_eagerly():
    game = by_name("Jordan's three-player matching pennies").game
    for solver in [*SOLVERS, lemke_howson_all_labels]:
        with pytest.raises(ValueError, match=r"3-player game .* expected a two-player game"):
            solver(game)


# -- the vectorised internals against their references ----------------------------------------
@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), d=st.integers(2, 6), e=st.integers(2, 6))
def test_hull_vertices_equal_every_basis(seed, d, e):
    # Qhull (through scipy's binding) and trying every basis must give the same vertices and
    # labels, the origin's labels z_i = 0 included (Qhull returns it with round-off).
    from gametheory.core.twoplayer import _positive, _vertices_by_bases, _vertices_by_hull

    c = _positive(np.random.default_rng(seed).random((d, e)))
    hull, bases = _vertices_by_hull(c, TOL), _vertices_by_bases(c, TOL)
    assert (hull.num_labels == d).all()

    def rows(v):
        return sorted(zip(map(tuple, np.round(v.points, 9)), map(tuple, v.labels), strict=True))

    assert rows(hull) == rows(bases)


def test_public_convex_hull_fallback_agrees(monkeypatch):
    # Without scipy's private Qhull binding, the public ConvexHull gives the same equilibria.
    import gametheory.core.twoplayer as twoplayer

    game = random_game(np.random.default_rng(11), 7, 7)
    fast = keys(e.strategies for e in two_player_equilibria(game))
    monkeypatch.setattr(twoplayer, "_Qhull", None)
    assert keys(e.strategies for e in two_player_equilibria(game)) == fast


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), m=st.integers(1, 5), n=st.integers(1, 5))
def test_batched_certification_equals_certify(seed, m, n):
    # The batched regret check accepts exactly what gametheory.core.game.certify accepts, with the
    # same regret, on equilibria and on random non-equilibria alike.
    from gametheory.core.game import certify
    from gametheory.core.twoplayer import _certify_pairs

    rng = np.random.default_rng(seed)
    game = random_game(rng, m, n)
    found = all_equilibria(game)
    xs = np.vstack([rng.random((4, m)), *[e.strategies[0] for e in found]])
    ys = np.vstack([rng.random((4, n)), *[e.strategies[1] for e in found]])
    ok, batched = _certify_pairs(game, xs, ys, "test", TOL)
    one_by_one = [
        certify(game, [x / x.sum(), y / y.sum()], "test") for x, y in zip(xs, ys, strict=True)
    ]
    assert ok.tolist() == [e is not None for e in one_by_one]
    assert ok[4:].all()
    for mine, reference in zip(batched, [e for e in one_by_one if e is not None], strict=True):
        assert mine.isclose(reference, atol=1e-12)
        assert abs(mine.regret - reference.regret) <= 1e-12
        assert not any(s.flags.writeable for s in mine.strategies)


# -- payoff scale -------------------------------------------------------------------------------
# A degenerate 7x6 game with integer payoffs in [-50, 50] (drawn with numpy seed 2); its four
# extreme equilibria were computed by Gambit 16.7 (enummixed_solve, rational=True).
SCALE_A = [
    [-25, 1, 34, -45, 32, -29],
    [-43, -25, -4, 26, 4, -14],
    [-16, -36, 30, 44, 15, 1],
    [-41, -44, 6, 47, 39, 17],
    [37, -6, 31, -36, 35, 19],
    [36, -41, 36, 43, 38, 25],
    [37, 21, -38, 27, -42, 36],
]
SCALE_B = [
    [-47, -4, -16, 31, -40, -39],
    [-9, 20, 44, 25, -49, -29],
    [7, -39, -37, 41, 6, 39],
    [18, -40, -45, 8, -11, -32],
    [7, -30, 46, 42, -30, 16],
    [10, 25, -30, -22, -34, 27],
    [12, 16, -50, -16, 18, -1],
]


@pytest.mark.parametrize("scale", [1.0, 1e6])
def test_scaled_payoffs_and_tol_give_the_same_extreme_equilibria(scale):
    # Multiplying every payoff and tol by the same factor changes no equilibrium, so the
    # extreme equilibria must be Gambit's four, each once, at any scale.
    game = NormalFormGame.from_bimatrix(np.array(SCALE_A) * scale, np.array(SCALE_B) * scale)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DegenerateGameWarning)
        found = list(two_player_equilibria(game, tol=TOL * scale))
    assert len(found) == 4
    assert len(keys(e.strategies for e in found)) == len(set(keys(e.strategies for e in found)))
    exact = NormalFormGame.from_bimatrix(SCALE_A, SCALE_B)
    assert exact_set(exact, found) == {
        (
            (Fraction(1, 19), 0, 0, 0, 0, 0, Fraction(18, 19)),
            (0, Fraction(37, 47), 0, 0, Fraction(10, 47), 0),
        ),
        ((0, 0, 0, 0, Fraction(6, 43), 0, Fraction(37, 43)), (1, 0, 0, 0, 0, 0)),
        ((0, 0, 0, 0, Fraction(4, 9), 0, Fraction(5, 9)), (1, 0, 0, 0, 0, 0)),
        (
            (Fraction(37, 818), 0, 0, 0, Fraction(115, 818), 0, Fraction(333, 409)),
            (Fraction(229, 3453), Fraction(2387, 3453), 0, 0, Fraction(279, 1151), 0),
        ),
    }


def test_the_default_tolerance_is_relative_so_rescaled_payoffs_lose_no_equilibrium():
    # Review: with payoffs of order 1e7 an absolute tol of 1e-9 is below float64 resolution
    # (1e7 * 2.2e-16 = 2.2e-9), and equilibria used to vanish silently from the result; tol is
    # now relative to the largest |payoff| (gametheory.core.tolerance, issue #15).
    rng = np.random.default_rng(2)
    a, b = rng.standard_normal((2, 5, 5))
    small = NormalFormGame.from_bimatrix(a, b)
    large = NormalFormGame.from_bimatrix(a * 1e7, b * 1e7)
    with pytest.raises(InputError, match="below the float64 resolution"):
        list(two_player_equilibria(large, tol=1e-16))
    expected = sorted(
        np.concatenate(e.strategies).round(9).tolist() for e in two_player_equilibria(small)
    )
    found = sorted(
        np.concatenate(e.strategies).round(9).tolist() for e in two_player_equilibria(large)
    )
    assert found == expected


# -- degenerate games: completeness (issue 14) and the exact lexicographic search -------------
def sharing_game() -> NormalFormGame:
    """Two indivisible units shared by an offer and an accept/reject decision, in strategic form.

    The proposer offers (2, 0), (1, 1) or (0, 2); the responder's strategy says, for each
    offer, whether she accepts (a rejected offer pays both 0): 3 x 2**3 actions, many ties.
    """
    offers = [(2, 0), (1, 1), (0, 2)]
    plans = list(itertools.product([0, 1], repeat=3))
    a = [[offer[0] * plan[k] for plan in plans] for k, offer in enumerate(offers)]
    b = [[offer[1] * plan[k] for plan in plans] for k, offer in enumerate(offers)]
    return NormalFormGame.from_bimatrix(a, b)


def pure_profiles_missing(game: NormalFormGame, extreme) -> list[tuple[int, ...]]:
    """Pure equilibria neither among ``extreme`` nor inside one of the game's Nash subsets."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DegenerateGameWarning)
        subsets = equilibrium_components(game).nash_subsets
    missing = []
    for pure in pure_equilibria(game):
        if any(pure.isclose(e) for e in extreme):
            continue
        x, y = pure.strategies
        if not any(
            any(np.allclose(x, r) for r in s.rows) and any(np.allclose(y, c) for c in s.columns)
            for s in subsets
        ):
            missing.append(pure.pure_profile)
    return missing


def test_sharing_game_keeps_every_pure_equilibrium_on_both_paths():
    # Issue 14: the basis fallback returned 20 equilibria and missed the pure equilibrium
    # (offer (2, 0), accept everything): its vertex was merged with another by a hash whose
    # weights sqrt(4) = 2 and sqrt(9) = 3 are commensurable. Brute force (pure_equilibria)
    # finds 9 pure equilibria; both the exact search and the float basis fallback keep them.
    game = sharing_game()
    with pytest.warns(DegenerateGameWarning, match="lexicographic pivoting"):
        exact = list(two_player_equilibria(game))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DegenerateGameWarning)
        floating = _extreme_equilibria(game, TOL, "bases", exact=False).equilibria
    assert len(list(pure_equilibria(game))) == 9
    assert pure_profiles_missing(game, exact) == []
    assert pure_profiles_missing(game, floating) == []
    assert keys(e.strategies for e in exact) == keys(e.strategies for e in floating)
    assert (0, 7) in {e.pure_profile for e in exact}


@pytest.mark.parametrize("entry", TWO_PLAYER, ids=lambda e: e.name)
def test_catalogue_pure_equilibria_are_extreme(entry):
    # A pure equilibrium is a pair of vertices of the best-response polytopes, so it must be
    # among the extreme equilibria (or, at the least, in a reported Nash subset).
    assert pure_profiles_missing(entry.game, all_equilibria(entry.game)) == []


EXPLORE = os.environ.get("HYPOTHESIS_PROFILE") == "explore"


def small_integer_game(seed: int, m: int, n: int, top: int = 2) -> NormalFormGame:
    rng = np.random.default_rng(seed)
    return NormalFormGame.from_bimatrix(
        rng.integers(0, top + 1, (m, n)), rng.integers(0, top + 1, (m, n))
    )


@settings(max_examples=3000 if EXPLORE else 80, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), m=st.integers(1, 4), n=st.integers(1, 4))
def test_pure_equilibria_never_missed_and_paths_agree(seed, m, n):
    # Payoffs in {0, 1, 2}: mostly degenerate. Every pure equilibrium is found; the exact
    # lexicographic search agrees with the float basis fallback; exact regrets are zero.
    game = small_integer_game(seed, m, n)
    exact = all_equilibria(game)
    assert pure_profiles_missing(game, exact) == []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DegenerateGameWarning)
        floating = _extreme_equilibria(game, TOL, "bases", exact=False).equilibria
    assert keys(e.strategies for e in exact) == keys(e.strategies for e in floating)
    integers = _integer_payoffs(game)
    _, profiles = _exact_extreme(game, integers, TOL, "exact", False, None)
    assert all(exact_regret(game, list(p)) == 0 for p in profiles)
    assert sorted(profiles) == sorted(exact_vertex_pairs(game))


def exact_vertex_pairs(game: NormalFormGame) -> set[tuple[tuple[Fraction, ...], ...]]:
    """Every completely labelled vertex pair, by trying every basis in Fractions (reference)."""
    a, b = (np.array(p, dtype=object) for p in game.exact())
    m, n = a.shape

    def vertices(c):  # vertices of {z >= 0, C^T z <= 1} with their zero/tight label sets
        c = c - min(c.flat) + 1
        d, e = c.shape
        found = {}
        for k in range(1, min(d, e) + 1):
            for own in itertools.combinations(range(d), k):
                for other in itertools.combinations(range(e), k):
                    matrix = [[Fraction(c[i, j]) for i in own] for j in other]
                    solution, _ = _rational_solve(matrix, [Fraction(1)] * k)
                    if solution is None or min(solution) < 0:
                        continue
                    z = [Fraction(0)] * d
                    for i, v in zip(own, solution, strict=True):
                        z[i] = v
                    values = [sum(z[i] * c[i, j] for i in range(d)) for j in range(e)]
                    if max(values) > 1:
                        continue
                    labels = {i for i in range(d) if z[i] == 0}
                    labels |= {d + j for j in range(e) if values[j] == 1}
                    found[tuple(z)] = labels
        return found

    rows = vertices(b)  # labels: i (x_i = 0), m + j (column j a best response)
    columns = {  # relabel: y_j = 0 is label m + j, row i a best response is label i
        y: {m + j for j in labels if j < n} | {j - n for j in labels if j >= n}
        for y, labels in vertices(a.T).items()
    }
    out = set()
    for x, lx in rows.items():
        for y, ly in columns.items():
            if lx | ly == set(range(m + n)):
                sx, sy = sum(x), sum(y)
                out.add((tuple(v / sx for v in x), tuple(v / sy for v in y)))
    return out


def test_exact_search_is_exact_on_rational_payoffs():
    # Halves and thirds: the search scales each player's payoffs to integers. The game is
    # von Stengel's degenerate game divided by 3 and 2, so its equilibria are the catalogue's.
    entry = by_name("von Stengel degenerate game")
    a, b = entry.game.exact()
    exact_payoffs = np.array([a / 3, b / 2], dtype=object)
    scaled = NormalFormGame(exact_payoffs.astype(float), exact_payoffs=exact_payoffs)
    assert _integer_payoffs(scaled) is not None
    with pytest.warns(DegenerateGameWarning):
        found = list(two_player_equilibria(scaled))
    assert exact_set(scaled, found) == set(entry.equilibria)


def test_progress_is_drawn_only_on_a_terminal():
    import io

    from gametheory.core.lexsearch import LexProgress, exact_vertices

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    screen, pipe = Terminal(), io.StringIO()
    c = np.random.default_rng(0).integers(1, 4, (5, 5))
    for stream in (screen, pipe):
        exact_vertices(c, progress=LexProgress("P", stream=stream))
    assert "bases" in screen.getvalue() and screen.getvalue().endswith("\n")
    assert pipe.getvalue() == ""


# -- the nondegenerate fast path against the general path -------------------------------------
def fast_path_game(seed: int) -> tuple[NormalFormGame, str]:
    """A seeded game large enough for the fast path (C(m+n, m) > 100), of one of four kinds.

    Uniform payoffs (nondegenerate with probability one), a few payoff levels (often
    degenerate), integers in {0, ..., 4} (mostly degenerate, with pure ties), and uniform
    payoffs with one pair of entries tied within 1e-13 (degenerate within ``tol`` when the tie
    is at a vertex).
    """
    rng = np.random.default_rng(seed)
    m, n = [(4, 5), (5, 4), (3, 7), (5, 5), (6, 6), (5, 7), (7, 7), (8, 6)][seed % 8]
    kind = ["uniform", "levels", "integers", "near tie"][seed // 8 % 4]
    if kind == "levels":
        a, b = (rng.integers(0, 8, (m, n)) / 7 for _ in range(2))
    elif kind == "integers":
        a, b = rng.integers(0, 5, (m, n)), rng.integers(0, 5, (m, n))
    else:
        a, b = rng.random((m, n)), rng.random((m, n))
    if kind == "near tie":  # a column player's payoff tied across two columns of one row
        b[0, 1] = b[0, 0] + 1e-13
    return NormalFormGame.from_bimatrix(a, b), kind


@pytest.mark.parametrize("seed", range(320))
def test_fast_path_equals_the_general_path(seed):
    # The fast path (both polytopes from Qhull, proved simple by their labels) must decide
    # degeneracy exactly as the general path does and, when it answers, give the same
    # equilibria. A nondegenerate game has an odd number of equilibria (Lemke & Howson 1964,
    # Shapley 1974): an invariant the enumeration must meet.
    from gametheory.core.twoplayer import _nondegenerate_extreme

    game, kind = fast_path_game(seed)
    a, b = game.payoffs
    tol = check_game_tol(game, TOL)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DegenerateGameWarning)
        general = _extreme_equilibria(game, tol, "vertex enumeration", fast_path=False)
        fast = _nondegenerate_extreme(game, a, b, tol, "vertex enumeration")
    assert (fast is None) == general.degenerate, kind
    if kind == "uniform":
        assert fast is not None
    if fast is None:
        return
    assert len(fast.equilibria) % 2 == 1
    assert keys(e.strategies for e in fast.equilibria) == keys(
        e.strategies for e in general.equilibria
    )
    assert all(e.regret <= tol and e.method == "vertex enumeration" for e in fast.equilibria)
    assert fast.pairs.shape == (len(fast.equilibria), 2)
    # The public entry point takes the fast path and yields the same profiles.
    assert keys(e.strategies for e in two_player_equilibria(game)) == keys(
        e.strategies for e in fast.equilibria
    )


@pytest.mark.parametrize("seed", [s for s in range(320) if s // 8 % 4 == 0][::2])
def test_fast_path_equals_support_enumeration(seed):
    # An independent algorithm (support pairs, no polytope) on the uniform, nondegenerate games.
    game, kind = fast_path_game(seed)
    assert kind == "uniform"
    assert keys(e.strategies for e in two_player_equilibria(game)) == keys(
        e.strategies for e in support_enumeration(game)
    )
