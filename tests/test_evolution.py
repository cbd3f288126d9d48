"""Tests for gametheory.core.evolution: replicator and finite-population dynamics."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory import (
    fermi_fixation_probabilities,
    fermi_transitions,
    finite_population_payoffs,
    gradient_of_selection,
    moran_fixation_probabilities,
    replicator_gradient,
    replicator_rest_points,
    small_mutation_stationary_distribution,
    stationary_distribution,
    symmetric_game,
    threshold_stag_hunt,
)

STAG_HUNT = ([0, 4], [3, 3])  # Skyrms (2004), stag = action 0; catalogue entry "stag hunt"


@pytest.mark.parametrize("n", [2, 3, 5, 8])
def test_unanimity_stag_hunt_interior_rest_point(n):
    # Pacheco et al. (2009): with M = N the interior root is F ** (-1 / (N - 1)), unstable:
    # the replicator field changes sign there from falling to rising.
    f = 2.5
    game = threshold_stag_hunt(n, n, f)
    x = f ** (-1 / (n - 1))
    assert replicator_gradient(game, x) == pytest.approx(0.0, abs=1e-12)
    assert replicator_gradient(game, x - 1e-3) < 0 < replicator_gradient(game, x + 1e-3)
    points = replicator_rest_points(game).rest_points
    assert points[1].x == pytest.approx(x, abs=1e-10)


def test_threshold_stag_hunt_has_two_interior_roots():
    # Pacheco et al. (2009), Fig. 2: N = 10, M = 5 and F = 8 gives an unstable root x_L and a
    # stable coexistence root x_R.
    game = threshold_stag_hunt(10, 5, 8.0)
    grid = np.linspace(1e-6, 1 - 1e-6, 2001)
    signs = np.sign(replicator_gradient(game, grid))
    changes = np.flatnonzero(np.diff(signs) != 0)
    assert len(changes) == 2
    assert signs[changes[0]] < 0 < signs[changes[1]]  # rising through x_L, falling at x_R


def test_replicator_gradient_sign_matches_the_stag_hunt_threshold():
    gradient = replicator_gradient(STAG_HUNT, np.linspace(0, 1, 41))
    shares = np.linspace(0, 1, 41)
    assert (gradient[(shares > 0) & (shares < 0.75)] < 0).all()
    assert (gradient[(shares > 0.75) & (shares < 1)] > 0).all()


@pytest.mark.parametrize("z", [5, 20, 100])
def test_neutral_fixation_is_one_over_z(z):
    # Neutral drift: every individual is equally likely to be the ancestor (Moran 1958).
    game = threshold_stag_hunt(4, 3, 2.0)
    assert fermi_fixation_probabilities(game, z, 0.0) == pytest.approx([1 / z, 1 / z])
    assert moran_fixation_probabilities(game, z, 0.0) == pytest.approx([1 / z, 1 / z])


def test_moran_constant_fitness_closed_form():
    # Nowak (2006), Evolutionary Dynamics, eq. 6.13: rho = (1 - 1/r) / (1 - 1/r^Z).
    z, w = 12, 0.3
    r = 1 - w + w * 4.0
    rho = moran_fixation_probabilities(([4.0, 4.0, 4.0], [1.0, 1.0, 1.0]), z, w)
    assert rho[0] == pytest.approx((1 - 1 / r) / (1 - 1 / r**z))
    assert rho[1] == pytest.approx((1 - r) / (1 - r**z))


def test_fixation_matches_the_embedded_chain_solved_directly():
    # Solve the absorbing birth-death chain's linear system and compare with the product.
    game, z, beta = threshold_stag_hunt(3, 2, 3.0), 15, 2.0
    up, down = fermi_transitions(game, z, beta)
    matrix = np.zeros((z + 1, z + 1))
    for j in range(1, z):
        matrix[j, j + 1], matrix[j, j - 1] = up[j], down[j]
        matrix[j, j] = 1 - up[j] - down[j]
    matrix[0, 0] = matrix[z, z] = 1
    absorb = np.linalg.matrix_power(matrix, 200000)[:, z]
    rho = fermi_fixation_probabilities(game, z, beta)
    assert rho[0] == pytest.approx(absorb[1], rel=1e-6)
    assert rho[1] == pytest.approx(1 - absorb[z - 1], rel=1e-6)


def test_hypergeometric_payoffs_by_enumeration():
    # Z = 5, N = 3, j = 2 players of action 0: enumerate co-player pairs directly.
    a, b = np.array([0.0, 1.0, 5.0]), np.array([2.0, 3.0, 7.0])
    f0, f1 = finite_population_payoffs((a, b), 5)
    # A 0-player's co-players come from {1 zero, 3 ones}: C(4, 2) = 6 pairs, 3 contain the zero.
    assert f0[2] == pytest.approx((3 * a[1] + 3 * a[0]) / 6)
    # A 1-player's co-players come from {2 zeros, 2 ones}: 1 pair of zeros, 4 mixed, 1 of ones.
    assert f1[2] == pytest.approx((b[2] + 4 * b[1] + b[0]) / 6)
    assert np.isnan(f0[0]) and np.isnan(f1[5])


def test_gradient_of_selection_large_population_follows_the_replicator():
    # Pacheco et al. (2009): for large Z the finite-population gradient's interior zero tends
    # to the replicator's root.
    game = threshold_stag_hunt(5, 5, 3.0)
    z = 2000
    gradient = gradient_of_selection(game, z, 0.5)
    crossing = np.flatnonzero(np.diff(np.sign(gradient[1:z])) > 0)[0] + 1
    assert crossing / z == pytest.approx(3.0 ** (-1 / 4), abs=0.01)


def test_small_mutation_limit_favours_the_risk_dominant_convention():
    pi = small_mutation_stationary_distribution(STAG_HUNT, 30, 1.0)
    assert pi.sum() == pytest.approx(1.0)
    assert pi[1] > 0.99  # hare (action 1) is risk dominant


def test_stationary_distribution_with_small_mutation_concentrates_on_monomorphic_states():
    # Fudenberg & Imhof (2006): as mu -> 0 the mass sits on the monomorphic states in the
    # proportions of the small-mutation limit.
    game, z, beta = STAG_HUNT, 12, 0.5
    pi = stationary_distribution(game, z, beta, 1e-7)
    limit = small_mutation_stationary_distribution(game, z, beta)
    assert pi[0] + pi[z] > 0.999
    assert [pi[z], pi[0]] == pytest.approx(limit, rel=1e-3)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.floats(-5, 5), min_size=6, max_size=6),
    st.integers(3, 30),
    st.floats(0, 5),
    st.floats(1e-4, 1),
)
def test_stationary_distribution_is_stationary(payoffs, z, beta, mu):
    game = (np.array(payoffs[:3]), np.array(payoffs[3:]))
    pi = stationary_distribution(game, z, beta, mu)
    up, down = fermi_transitions(game, z, beta)
    j = np.arange(z + 1)
    up = (1 - mu) * up + mu * (z - j) / z
    down = (1 - mu) * down + mu * j / z
    flow_in = np.zeros(z + 1)
    flow_in[1:] += pi[:-1] * up[:-1]
    flow_in[:-1] += pi[1:] * down[1:]
    assert pi.sum() == pytest.approx(1.0)
    assert np.abs(flow_in - pi * (up + down)).max() < 1e-12


@pytest.mark.parametrize("beta", [10.0, 1e3, 1e5])
def test_small_mutation_limit_under_strong_selection(beta):
    # Both fixation probabilities underflow to 0 for beta >~ 100 here, but their ratio does
    # not: hare (risk dominant) takes all the mass (Fudenberg & Imhof 2006).
    pi = small_mutation_stationary_distribution(STAG_HUNT, 50, beta)
    assert np.isfinite(pi).all()
    assert pi.sum() == pytest.approx(1.0)
    assert pi[1] == pytest.approx(1.0)


def test_accepts_normal_form_games():
    game = symmetric_game(*STAG_HUNT)
    assert replicator_gradient(game, 0.75) == pytest.approx(0.0)
    assert fermi_fixation_probabilities(game, 10, 1.0) == pytest.approx(
        fermi_fixation_probabilities(STAG_HUNT, 10, 1.0)
    )


def test_input_errors():
    with pytest.raises(ValueError, match="population_size: got 2; expected at least the group"):
        fermi_fixation_probabilities(threshold_stag_hunt(3, 3, 2.0), 2, 1.0)
    with pytest.raises(ValueError, match="intensity: got -1"):
        fermi_transitions(STAG_HUNT, 10, -1)
    with pytest.raises(ValueError, match="mutation: got 0"):
        stationary_distribution(STAG_HUNT, 10, 1.0, 0)
    with pytest.raises(ValueError, match=r"selection: w = 1\.0 makes some fitness"):
        moran_fixation_probabilities(([0, -1], [1, 1]), 10, 1.0)
    with pytest.raises(ValueError, match="share"):
        replicator_gradient(STAG_HUNT, 1.5)
    with pytest.raises(ValueError, match="share: got 'x'"):
        replicator_gradient(STAG_HUNT, "x")
    with pytest.raises(ValueError, match="intensity: got None"):
        fermi_fixation_probabilities(STAG_HUNT, 10, None)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="selection: got 'x'"):
        moran_fixation_probabilities(STAG_HUNT, 10, "x")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="mutation: got None"):
        stationary_distribution(STAG_HUNT, 10, 1.0, None)  # type: ignore[arg-type]
