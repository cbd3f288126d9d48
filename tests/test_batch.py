"""Tests of the batch solvers: catalogue, one-at-a-time agreement, regret, completeness."""

from __future__ import annotations

import itertools
from fractions import Fraction as Q

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from gametheory import (
    NormalFormGame,
    batch_2x2_equilibria,
    batch_pure_equilibria,
    batch_pure_profiles,
    classify_2x2_symmetric,
    pure_equilibrium_profiles,
    regret,
)
from gametheory.core.tolerance import TOL

from .catalogue import CATALOGUE, by_name

TWO_BY_TWO = [e for e in CATALOGUE if e.game.shape == (2, 2)]

int_games = hnp.arrays(
    np.int64,
    st.tuples(st.integers(1, 12), st.just(2), st.just(2), st.just(2)),
    elements=st.integers(-3, 3),
)
float_games = hnp.arrays(
    np.float64,
    st.tuples(st.integers(1, 12), st.just(2), st.just(2), st.just(2)),
    elements=st.floats(-10, 10, allow_nan=False, width=32),
)
games = st.one_of(int_games, float_games)


def _batch(games_array):
    array = np.asarray(games_array, dtype=float)
    return batch_2x2_equilibria(array[:, 0], array[:, 1])


def _profile_key(profile):
    return tuple(tuple(float(x) for x in s) for s in profile)


# -- catalogue --------------------------------------------------------------------------------
def test_catalogue_2x2_games_give_exactly_the_known_equilibria():
    a = np.stack([e.game.payoffs[0] for e in TWO_BY_TWO])
    b = np.stack([e.game.payoffs[1] for e in TWO_BY_TWO])
    result = batch_2x2_equilibria(a, b)
    assert not result.continuum.any()
    for k, entry in enumerate(TWO_BY_TWO):
        found = result.equilibria(k)
        assert len(found) == len(entry.equilibria) == result.count[k], entry.name
        for known in entry.equilibria:
            assert sum(e.isclose(_profile_key(known), atol=1e-12) for e in found) == 1, (
                entry.name,
                known,
            )
        pure = [tuple(int(v) for v in rc) for rc in np.argwhere(result.pure[k])]
        assert sorted(pure) == entry.pure_equilibria, entry.name


def test_stag_hunt_mixed_equilibrium_known_value():
    # Skyrms (2004): 4q = 3 gives q = 3/4 on stag, for both players.
    game = by_name("stag hunt").game
    result = batch_2x2_equilibria(game.payoffs[0], game.payoffs[1])
    assert result.batch_shape == ()
    assert bool(result.mixed)
    assert float(result.mixed_row) == pytest.approx(0.75, abs=1e-15)
    assert float(result.mixed_column) == pytest.approx(0.75, abs=1e-15)


# -- agreement with one-at-a-time solvers -----------------------------------------------------
def _exact_interior(a, b):
    """The exact 2x2 indifference solution (p, q), or None when not strictly interior."""
    a = [[Q(int(x)) if float(x).is_integer() else Q(float(x)) for x in row] for row in a]
    b = [[Q(int(x)) if float(x).is_integer() else Q(float(x)) for x in row] for row in b]
    dq = (a[0][0] - a[1][0]) - (a[0][1] - a[1][1])
    dp = (b[0][0] - b[0][1]) - (b[1][0] - b[1][1])
    if dq == 0 or dp == 0:
        return None
    q = (a[1][1] - a[0][1]) / dq
    p = (b[1][1] - b[1][0]) / dp
    if 0 < p < 1 and 0 < q < 1:
        return p, q
    return None


@settings(max_examples=60, deadline=None)
@given(games)
def test_pure_mask_equals_pure_equilibria_one_at_a_time(batch):
    result = _batch(batch)
    for k, (a, b) in enumerate(np.asarray(batch, dtype=float)):
        game = NormalFormGame.from_bimatrix(a, b)
        expected = {tuple(r) for r in pure_equilibrium_profiles(game).tolist()}
        got = {tuple(int(v) for v in rc) for rc in np.argwhere(result.pure[k])}
        assert got == expected


@settings(max_examples=60, deadline=None)
@given(games)
def test_mixed_equals_exact_indifference_solution_in_nondegenerate_games(batch):
    result = _batch(batch)
    for k, (a, b) in enumerate(np.asarray(batch, dtype=float)):
        if result.degenerate[k]:
            continue
        exact = _exact_interior(a, b)
        assert bool(result.mixed[k]) == (exact is not None)
        if exact is not None:
            assert result.mixed_row[k] == pytest.approx(float(exact[0]), abs=1e-12)
            assert result.mixed_column[k] == pytest.approx(float(exact[1]), abs=1e-12)
        else:
            assert np.isnan(result.mixed_row[k])
        # Nondegenerate 2x2 games have an odd number of equilibria, none in a continuum.
        assert result.count[k] % 2 == 1
        assert not result.continuum[k]


@settings(max_examples=60, deadline=None)
@given(games)
def test_every_returned_profile_has_regret_at_most_tol(batch):
    result = _batch(batch)
    regrets = result.regret()
    assert np.isnan(regrets[~result.extreme]).all()
    assert (regrets[result.extreme] <= TOL).all()
    for k in range(len(batch)):
        game = result.game(k)
        equilibria = result.equilibria(k)
        assert len(equilibria) == result.count[k] >= 1  # Nash (1951): at least one
        for eq in equilibria:
            assert regret(game, list(eq.strategies)) <= TOL


def _grid_regret(a, b, p, q):
    """Regret of (p, q) on arrays of probabilities, written independently of the solver."""
    x = np.stack([p, 1 - p], axis=-1)
    y = np.stack([q, 1 - q], axis=-1)
    row_values = np.einsum("ij,...j->...i", a, y)
    col_values = np.einsum("ij,...i->...j", b, x)
    row = row_values.max(-1) - (x * row_values).sum(-1)
    col = col_values.max(-1) - (y * col_values).sum(-1)
    return np.maximum(row, col)


def _extreme_points(result, k):
    return [tuple(float(s[0]) for s in e.strategies) for e in result.equilibria(k)]


@settings(max_examples=40, deadline=None)
@given(int_games)
def test_extreme_equilibria_span_every_equilibrium_of_integer_games(batch):
    # Every equilibrium on a 61 x 61 grid of profiles must lie in a rectangle (possibly a
    # segment or a point) whose four corners are extreme equilibria (module docstring of
    # batch: maximal Nash subsets are products of intervals).
    grid = np.arange(61) / 60
    p, q = np.meshgrid(grid, grid, indexing="ij")
    result = _batch(batch)
    for k, (a, b) in enumerate(np.asarray(batch, dtype=float)):
        points = _extreme_points(result, k)
        corners = {(round(x, 12), round(y, 12)) for x, y in points}
        xs = sorted({x for x, _ in corners})
        ys = sorted({y for _, y in corners})
        rectangles = [
            (x1, x2, y1, y2)
            for x1, x2 in itertools.combinations_with_replacement(xs, 2)
            for y1, y2 in itertools.combinations_with_replacement(ys, 2)
            if {(x1, y1), (x1, y2), (x2, y1), (x2, y2)} <= corners
        ]
        eq_mask = _grid_regret(a, b, p, q) <= TOL
        for pp, qq in zip(p[eq_mask], q[eq_mask], strict=True):
            assert any(
                x1 - 1e-12 <= pp <= x2 + 1e-12 and y1 - 1e-12 <= qq <= y2 + 1e-12
                for x1, x2, y1, y2 in rectangles
            ), (a.tolist(), b.tolist(), pp, qq, points)
        # The segments the continuum flag promises are equilibria.
        has_segment = False
        for (x1, y1), (x2, y2) in itertools.combinations(points, 2):
            if abs(x1 - x2) < 1e-12 or abs(y1 - y2) < 1e-12:
                has_segment = True
                mid = _grid_regret(a, b, np.array((x1 + x2) / 2), np.array((y1 + y2) / 2))
                assert mid <= TOL
        assert has_segment == bool(result.continuum[k])
        if result.continuum[k]:
            assert result.degenerate[k]


def test_degenerate_game_extremes_documented_example():
    # Column player indifferent everywhere, row player a pure coordination game:
    # equilibria {1} x [1/2, 1], [0, 1] x {1/2}, {0} x [0, 1/2]; four extreme points.
    result = batch_2x2_equilibria([[1, 0], [0, 1]], [[1, 1], [1, 1]])
    assert bool(result.degenerate) and bool(result.continuum)
    assert sorted(_extreme_points(result, ())) == [(0.0, 0.0), (0.0, 0.5), (1.0, 0.5), (1.0, 1.0)]


def test_broadcasting_and_input_errors():
    a = np.zeros((3, 1, 2, 2))
    b = np.zeros((1, 4, 2, 2))
    assert batch_2x2_equilibria(a, b).batch_shape == (3, 4)
    with pytest.raises(ValueError, match="A: got shape"):
        batch_2x2_equilibria(np.zeros((3, 2)), np.zeros((2, 2)))
    with pytest.raises(ValueError, match="B: entry"):
        batch_2x2_equilibria(np.zeros((2, 2)), [[0, np.nan], [0, 0]])
    with pytest.raises(ValueError, match="do not broadcast"):
        batch_2x2_equilibria(np.zeros((3, 2, 2)), np.zeros((4, 2, 2)))
    with pytest.raises(ValueError, match="index"):
        batch_2x2_equilibria(np.zeros((3, 2, 2)), np.zeros((3, 2, 2))).equilibria(3)


# -- N-player pure batch ----------------------------------------------------------------------
@st.composite
def n_player_batches(draw):
    n = draw(st.integers(1, 4))
    shape = (draw(st.integers(1, 6)), n, *(2,) * n)
    return draw(hnp.arrays(np.int64, shape, elements=st.integers(-2, 2))).astype(float)


@settings(max_examples=60, deadline=None)
@given(n_player_batches())
def test_batch_pure_equals_pure_equilibria_one_at_a_time(batch):
    mask = batch_pure_equilibria(batch)
    listed = batch_pure_profiles(mask)
    for g, payoffs in enumerate(batch):
        expected = pure_equilibrium_profiles(NormalFormGame(payoffs)).tolist()
        assert listed[listed[:, 0] == g, 1:].tolist() == expected
        for row in expected:
            assert regret(NormalFormGame(payoffs), row) <= TOL


def test_batch_pure_three_actions_and_errors():
    # Rock-paper-scissors has no pure equilibrium; its negation... neither: a zero-sum game
    # with a cyclic best reply (von Neumann & Morgenstern 1944).
    rps = np.array([[0, -1, 1], [1, 0, -1], [-1, 1, 0]], dtype=float)
    coordination = np.eye(3)
    batch = np.stack([np.stack([rps, -rps]), np.stack([coordination, coordination])])
    profiles = batch_pure_profiles(batch_pure_equilibria(batch))
    assert profiles.tolist() == [[1, 0, 0], [1, 1, 1], [1, 2, 2]]
    with pytest.raises(ValueError, match="payoffs: got shape"):
        batch_pure_equilibria(np.zeros((4, 2, 2)))
    with pytest.raises(ValueError, match="mask"):
        batch_pure_profiles(np.zeros((2, 2)))


# -- classification ---------------------------------------------------------------------------
def test_classify_catalogue_games():
    # Axelrod (1984) T=5 > R=3 > P=1 > S=0; Skyrms (2004) R=4 > T=3 = P=3 > S=0;
    # Rapoport & Chammah (1966) chicken T=1 > R=0 > S=-1 > P=-10.
    names = ["prisoner's dilemma", "stag hunt", "chicken"]
    a = np.stack([by_name(n).game.payoffs[0] for n in names])
    classes = classify_2x2_symmetric(a[:, 0, 0], a[:, 0, 1], a[:, 1, 0], a[:, 1, 1])
    assert classes.tolist() == names
    # Harmony (Santos, Pacheco & Lenaerts 2006, TS plane with R=1, P=0): T=0.5 < 1, S=0.5 > 0.
    assert str(classify_2x2_symmetric(1, 0.5, 0.5, 0)) == "harmony"
    # A tie (T = R) is "other"; racing dominant with mutual racing preferred is deadlock.
    assert classify_2x2_symmetric([1, 1, 0], [0, 0, 1], [1, 2, 2], [0, 0, 0]).tolist()[0] == "other"
    assert str(classify_2x2_symmetric(0, -1, 2, 1)) == "deadlock"


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(-4, 4), min_size=4, max_size=4))
def test_classes_have_their_defining_equilibrium_structure(values):
    r, s, t, p = (float(v) for v in values)
    name = str(classify_2x2_symmetric(r, s, t, p))
    a = np.array([[r, s], [t, p]])
    result = batch_2x2_equilibria(a, a.T)
    pure = sorted(tuple(int(v) for v in rc) for rc in np.argwhere(result.pure))
    expected = {
        "prisoner's dilemma": ([(1, 1)], False),
        "harmony": ([(0, 0)], False),
        "stag hunt": ([(0, 0), (1, 1)], True),
        "chicken": ([(0, 1), (1, 0)], True),
        "deadlock": ([(1, 1)], False),
    }
    if name in expected:
        assert (pure, bool(result.mixed)) == expected[name]
        assert not result.degenerate
    else:
        # A tie in a compared pair (including R = P between the prisoner's dilemma and
        # deadlock), or a coordination game whose defecting equilibrium pays more.
        assert t == r or s == p or (p > s and r == p) or (r > t and p > s and p > r)


def test_regret_is_exact_at_pure_profiles_across_payoff_scales():
    # Found by hypothesis: a gain just below tol (float32(1e-9)) beside a payoff of 2. The
    # form b11 + (b01 - b11) p cancelled to 1.00000008e-9 > tol at p = 1; the regret of a pure
    # profile is a difference of two payoffs, exactly float32(1e-9) here.
    tiny = float(np.float32(1e-9))
    batch = np.array([[[[tiny, tiny], [tiny, tiny]], [[0.0, tiny], [tiny, 2.0]]]])
    result = _batch(batch)
    regrets = result.regret()
    assert regrets[0, 0, 0] == tiny <= TOL
    assert (regrets[result.extreme] <= TOL).all()
