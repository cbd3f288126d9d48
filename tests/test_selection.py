"""Tests of equilibrium selection: Pareto and risk dominance, replicator rest points."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory import (
    NormalFormGame,
    batch_2x2_equilibria,
    expected_payoffs,
    large_population_selection,
    pareto_dominant,
    regret,
    replicator_rest_points,
    replicator_trajectory,
    risk_dominant,
    small_mutation_stationary_distribution,
    symmetric_game,
    threshold_stag_hunt,
    uniform_belief_dominance,
)
from gametheory.core.tolerance import TOL

from .catalogue import CATALOGUE, by_name

TWO_BY_TWO = [e for e in CATALOGUE if e.game.shape == (2, 2)]


# -- risk dominance ---------------------------------------------------------------------------
def test_stag_hunt_hare_risk_dominates():
    # Harsanyi & Selten (1988): losses at hare (3 - 0)(3 - 0) = 9 > (4 - 3)(4 - 3) = 1 at stag.
    result = risk_dominant(by_name("stag hunt").game)
    assert result.equilibria == ((0, 0), (1, 1))
    assert result.products == (1.0, 9.0)
    assert result.dominant == (1, 1) and not result.tie


def test_battle_of_the_sexes_is_a_tie_and_pure_coordination_too():
    # Luce & Raiffa (1957) BoS: losses (2)(1) = 2 at the first, (1)(2) = 2 at the second.
    assert risk_dominant(by_name("battle of the sexes").game).tie
    assert risk_dominant(NormalFormGame.from_bimatrix(np.eye(2), np.eye(2))).dominant is None


def test_risk_dominance_rejects_games_without_two_strict_equilibria():
    with pytest.raises(ValueError, match=r"strict pure equilibria \[\(1, 1\)\]"):
        risk_dominant(by_name("prisoner's dilemma").game)
    with pytest.raises(ValueError, match="2x2"):
        risk_dominant(by_name("von Stengel degenerate game").game)


coordination = st.tuples(
    st.integers(1, 9), st.integers(1, 9), st.integers(-9, 9), st.integers(-9, 9)
)


@settings(max_examples=100, deadline=None)
@given(coordination)
def test_risk_dominant_equilibrium_has_the_larger_basin(values):
    # Symmetric 2x2 coordination game: row payoffs [[R, S], [T, P]] with R > T and P > S.
    # The risk-dominant equilibrium is the one whose replicator basin exceeds 1/2
    # (Kandori, Mailath & Rob 1993; Young 1993).
    gap_stag, gap_hare, t, s = values
    a = np.array([[t + gap_stag, s], [t, s + gap_hare]], dtype=float)
    game = NormalFormGame.from_bimatrix(a, a.T)
    dominance = risk_dominant(game)
    rest = replicator_rest_points(game)
    all_zero, all_one = rest.rest_points[-1], rest.rest_points[0]
    assert all_zero.stability == all_one.stability == "stable"
    if dominance.tie:
        assert all_zero.basin_size == pytest.approx(0.5)
    elif dominance.dominant == (0, 0):
        assert all_zero.basin_size > 0.5
    else:
        assert all_one.basin_size > 0.5


# -- Pareto dominance -------------------------------------------------------------------------
def test_pareto_known_values():
    # Stag hunt: (stag, stag) pays (4, 4), the others (3, 3) (Skyrms 2004).
    stag = by_name("stag hunt")
    kept = pareto_dominant(stag.game, stag.equilibria)
    assert [e.pure_profile for e in kept] == [(0, 0)]
    # Battle of the sexes: both pure equilibria survive, the mixed one pays (2/3, 2/3).
    bos = by_name("battle of the sexes")
    kept = pareto_dominant(bos.game, bos.equilibria)
    assert sorted(e.pure_profile for e in kept) == [(0, 0), (1, 1)]
    with pytest.raises(ValueError, match=r"equilibria\[0\]"):
        pareto_dominant(bos.game, [[0, 1]])
    assert pareto_dominant(bos.game, []) == ()


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(-3, 3), min_size=8, max_size=8))
def test_pareto_kept_are_undominated_and_dropped_are_dominated(values):
    a = np.array(values[:4], dtype=float).reshape(2, 2)
    b = np.array(values[4:], dtype=float).reshape(2, 2)
    equilibria = batch_2x2_equilibria(a, b).equilibria(())
    game = NormalFormGame.from_bimatrix(a, b)
    kept = pareto_dominant(game, equilibria)
    assert kept
    payoffs = {id(e): expected_payoffs(game, list(e.strategies)) for e in equilibria}

    def dominates(u, v):
        return bool(np.all(u >= v - TOL) and np.any(u > v + TOL))

    kept_ids = {id(e) for e in kept}
    for e in equilibria:
        beaten = any(dominates(payoffs[id(f)], payoffs[id(e)]) for f in equilibria)
        assert beaten == (id(e) not in kept_ids)
        assert regret(game, list(e.strategies)) <= TOL


# -- replicator dynamics ----------------------------------------------------------------------
def test_catalogue_rest_points():
    # Chicken (Rapoport & Chammah 1966): the mixed share 9/10 of swerving attracts everything.
    chicken = replicator_rest_points(by_name("chicken").game)
    assert [(p.x, p.stability) for p in chicken.rest_points] == [
        (0.0, "unstable"),
        (pytest.approx(0.9, abs=1e-12), "stable"),
        (1.0, "unstable"),
    ]
    assert chicken.stable[0].basin == pytest.approx((0.0, 1.0))
    # Prisoner's dilemma (Axelrod 1984): defection (share 0 of cooperators) takes over.
    pd = replicator_rest_points(by_name("prisoner's dilemma").game)
    assert [(p.x, p.stability, p.basin) for p in pd.rest_points] == [
        (0.0, "stable", (0.0, 1.0)),
        (1.0, "unstable", (1.0, 1.0)),
    ]


def test_unanimity_basin_shrinks_with_n():
    # Pacheco et al. (2009) with M = N: the all-cooperate basin is (F^(-1/(N-1)), 1].
    sizes = []
    for n in (2, 4, 8, 16):
        rest = replicator_rest_points(threshold_stag_hunt(n, n, 3.0))
        top = rest.rest_points[-1]
        assert top.basin[0] == pytest.approx(3.0 ** (-1 / (n - 1)), abs=1e-12)
        sizes.append(top.basin_size)
    assert sizes == sorted(sizes, reverse=True)


def test_n_player_normal_form_input():
    game = symmetric_game(*_three_player_compact())
    from_game = replicator_rest_points(game)
    from_compact = replicator_rest_points(_three_player_compact())
    assert [p.x for p in from_game.rest_points] == [p.x for p in from_compact.rest_points]


def _three_player_compact():
    return np.array([0.0, 0.0, 4.0]), np.array([1.0, 1.0, 1.0])


def test_trajectory_errors():
    game = by_name("stag hunt").game
    with pytest.raises(ValueError, match="x0"):
        replicator_trajectory(game, 1.5, [0, 1])
    with pytest.raises(ValueError, match="increasing"):
        replicator_trajectory(game, 0.5, [1, 0])
    with pytest.raises(ValueError, match="game: "):
        replicator_trajectory(by_name("battle of the sexes").game, 0.5, [0, 1])


@settings(max_examples=25, deadline=None)
@given(
    st.lists(st.integers(-3, 3), min_size=3, max_size=3),
    st.lists(st.integers(-3, 3), min_size=3, max_size=3),
    st.floats(0.02, 0.98),
)
def test_trajectories_converge_to_the_stable_point_whose_basin_holds_x0(a, b, x0):
    a, b = np.array(a, dtype=float), np.array(b, dtype=float)
    if np.all(a == b):
        return
    rest = replicator_rest_points((a, b))
    xs = [p.x for p in rest.rest_points]
    if min(abs(x0 - x) for x in xs) < 0.02:
        return  # too close to a rest point to converge in a fixed time
    target = [
        p for p in rest.rest_points if p.stability != "unstable" and p.basin[0] < x0 < p.basin[1]
    ]
    assert len(target) == 1
    path = replicator_trajectory((a, b), x0, np.linspace(0, 400, 5))
    assert path.success
    # The flow is monotone and never crosses a rest point.
    steps = np.diff(path.x)
    assert np.all(steps >= -1e-9) or np.all(steps <= 1e-9)
    point = target[0]
    assert abs(path.x[-1] - point.x) < abs(x0 - point.x)
    # Every rest point hyperbolic: exponential departure and approach, e^(-20) by t = 400. (A
    # start near a non-hyperbolic one, e.g. g(x) = x^2 at 0, leaves it only like 1 / t.)
    if all(abs(p.derivative) > 0.05 for p in rest.rest_points):
        assert path.x[-1] == pytest.approx(point.x, abs=1e-3)


# -- N-player risk dominance and large-population selection (issue 14) -------------------------


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(-3, 3), min_size=4, max_size=4))
def test_uniform_belief_is_harsanyi_selten_on_symmetric_2x2(values):
    # Harsanyi & Selten (1988, §3.9): in a symmetric 2x2 game with two strict equilibria,
    # the risk-dominant one has the larger product of deviation losses.
    a0, a1, b0, b1 = values
    game = symmetric_game([a0, a1], [b0, b1])
    try:
        hs = risk_dominant(game)
        ub = uniform_belief_dominance(game, hs.equilibria[0], hs.equilibria[1])
    except ValueError:
        return  # not two strict equilibria of opposite actions
    assert ub.dominant == hs.dominant


def test_three_player_stag_hunt_by_hand():
    # Stag pays 4 only when both others hunt stag; hare always 3. Uniform belief on k = 0, 1,
    # 2 stag hunters among the others: stag 4/3 against hare 3 (derived here).
    game = symmetric_game([0, 0, 4], [3, 3, 3])
    result = uniform_belief_dominance(game)
    assert result.dominant == (1, 1, 1)
    assert result.gains == pytest.approx((4 / 3 - 3,) * 3)


@settings(max_examples=25, deadline=None)
@given(
    st.integers(2, 4).flatmap(
        lambda n: st.tuples(
            st.lists(st.integers(-3, 3), min_size=n, max_size=n),
            st.lists(st.integers(-3, 3), min_size=n, max_size=n),
        )
    ),
    st.sampled_from([0.1, 0.5, 1.0]),
)
def test_large_population_closed_form_against_the_fixation_chain(payoffs, beta):
    # The exact log-odds log(pi_0 / pi_1) of the closed form (module docstring, derived here)
    # against the stationary distribution of gametheory.core.evolution's Fermi process.
    a, b = payoffs
    result = large_population_selection((a, b), intensity=beta, population_sizes=(12, 40))
    for z, log_odds in result.log_odds.items():
        pi = small_mutation_stationary_distribution((a, b), z, beta)
        assert log_odds == pytest.approx(np.log(pi[0] / pi[1]), abs=1e-7)
    total = sum(a) - sum(b)
    assert result.selected == (None if total == 0 else (0 if total > 0 else 1))


def test_large_population_selects_the_uniform_belief_dominant_state():
    game = symmetric_game([0, 0, 4], [3, 3, 3])
    assert large_population_selection(game).selected == 1
    assert uniform_belief_dominance(game).dominant == (1, 1, 1)


def test_uniform_belief_bad_input():
    with pytest.raises(ValueError, match="strict equilibrium"):
        uniform_belief_dominance(symmetric_game([1, 0], [0, 1]), (0, 0), (1, 1))
    with pytest.raises(ValueError, match="opposites"):
        uniform_belief_dominance(symmetric_game([1, 0], [0, 1]), (0, 1), (0, 0))
    with pytest.raises(ValueError, match="intensity"):
        large_population_selection(([1, 0], [0, 1]), intensity=0)
