"""Tests of gametheory.core.globalgames: global games, their limit, and regime change."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory.core.game import NormalFormGame
from gametheory.core.globalgames import (
    at_least_probability,
    cutoff_regret,
    global_game_equilibrium,
    regime_change_equilibrium,
    regime_change_limit,
    trigger_state,
)
from gametheory.core.selection import risk_dominant


def _investment(i, theta, others):  # Carlsson & van Damme's (1993) 2x2 investment game
    return theta[None, :] - 1.0 + others[:, :1]


def test_limit_is_risk_dominant_threshold() -> None:
    # Invest pays theta (theta - 1 if the other does not invest); not investing pays 0.
    # Complete information: both-invest risk-dominates exactly when theta > 1/2.
    c = float(global_game_equilibrium(_investment, 2, 0.0).cutoffs[0])
    for theta, expected in ((c - 0.01, 1), (c + 0.01, 0)):
        g = NormalFormGame.from_bimatrix([[theta, theta - 1], [0, 0]], [[theta, 0], [theta - 1, 0]])
        assert risk_dominant(g).dominant == (expected, expected)


def test_cutoff_converges_to_limit_with_asymmetric_players() -> None:
    def gain(i, theta, others):
        weight = (1.0, 3.0)[i]
        return weight * theta[None, :] - 1.0 + 0.8 * others[:, :1]

    limit = global_game_equilibrium(gain, 2, 0.0)
    gaps = []
    for sigma in (0.1, 0.01, 0.001):
        eq = global_game_equilibrium(gain, 2, sigma)
        assert eq.regret <= 1e-9
        gaps.append(abs(trigger_state(eq, 2) - limit.cutoffs[0]))
    assert gaps[0] > gaps[1] > gaps[2] and gaps[2] < 5e-3


def test_laplacian_condition_three_players() -> None:
    # Symmetric gain theta - 1 + m/2 with m others acting: the Laplacian condition
    # (1/3) sum_m (c - 1 + m/2) = 0 gives c = 1/2 (Morris & Shin 2003, section 2).
    gain = lambda i, th, o: th[None, :] - 1.0 + 0.5 * o.sum(axis=1)[:, None]  # noqa: E731
    assert global_game_equilibrium(gain, 3, 0.0).cutoffs == pytest.approx([0.5] * 3, abs=1e-12)


def test_certificate_fails_off_equilibrium() -> None:
    assert cutoff_regret(_investment, [0.5, 0.5], 0.2) <= 1e-12
    assert cutoff_regret(_investment, [0.8, 0.5], 0.2) > 1e-3


def test_at_least_probability_matches_enumeration() -> None:
    p = np.array([0.2, 0.5, 0.9])
    total = 0.0
    for bits in range(8):
        acts = [(bits >> j) & 1 for j in range(3)]
        if sum(acts) >= 2:
            total += np.prod([p[j] if a else 1 - p[j] for j, a in enumerate(acts)])
    assert float(at_least_probability(p, 2)) == pytest.approx(total, abs=1e-15)


# -- Morris & Shin (1998) ---------------------------------------------------------------
# Source: Morris, S. & Shin, H. S. (1998), "Unique equilibrium in a model of self-fulfilling
# currency attacks", American Economic Review 88(3):587-597, section II: the state theta is
# uniform on [0, 1]; a speculator's signal is uniform on [theta - eps, theta + eps]; attacking
# costs t and pays e* - f(theta) if the peg is abandoned, which happens when the proportion
# attacking exceeds the a(theta) solving c(a, theta) = v. The equilibrium (x*, theta*) solves
#   (i)  s(theta*, x*) = a(theta*), with s(theta, x*) = (x* - theta + eps)/(2 eps) the
#        proportion of speculators whose signal is below x*, and
#   (ii) (1/(2 eps)) * integral_{x* - eps}^{theta*} (e* - f(theta)) dtheta = t.
# The limit eps -> 0 is the root of (1 - a(theta)) (e* - f(theta)) = t (Heinemann 2000,
# AER 90(1):316-318, correcting MS98's Theorem 2 for a critical mass that varies).
# Parametrisation chosen here: e* = 1, f(theta) = theta, c(alpha, theta) = alpha + 1 - theta,
# v = 1, so a(theta) = theta; t = 0.25.
E_STAR, T = 1.0, 0.25


def _a(theta: float) -> float:
    return theta


def _ms98_closed_form(eps: float) -> tuple[float, float]:
    """Solve (i) and (ii) for the linear forms above (algebra derived here)."""
    # (i): (x - th + eps)/(2 eps) = th  =>  x = th - eps + 2 eps th; substituted into (ii),
    # which with f = theta integrates to [E*(th - lo) - (th^2 - lo^2)/2] / (2 eps) = t,
    # lo = x - eps.
    from scipy import optimize

    def x_of(th: float) -> float:
        return th - eps + 2 * eps * th

    def condition(th: float) -> float:
        lo = x_of(th) - eps
        integral = E_STAR * (th - lo) - (th**2 - lo**2) / 2
        return integral / (2 * eps) - T

    th = optimize.brentq(condition, 0.2, 0.8, xtol=1e-15)
    return x_of(th), th


@pytest.mark.parametrize("eps", [0.05, 0.01])
def test_morris_shin_1998_equilibrium(eps: float) -> None:
    eq = regime_change_equilibrium(
        lambda th: E_STAR - th, T, _a, eps, kind="uniform", signal_range=(0.2, 0.8)
    )
    x, th = _ms98_closed_form(eps)
    assert eq.signal == pytest.approx(x, abs=1e-9)
    assert eq.state == pytest.approx(th, abs=1e-9)
    assert eq.regret <= 1e-9


def test_morris_shin_1998_limit() -> None:
    # (1 - th)(1 - th) = 1/4  =>  th* = 1/2 (the root in [0, 1]).
    limit = regime_change_limit(lambda th: E_STAR - th, T, _a, state_range=(0.0, 1.0))
    assert limit == pytest.approx(0.5, abs=1e-12)
    states = [
        regime_change_equilibrium(lambda th: E_STAR - th, T, _a, eps, signal_range=(0.2, 0.8)).state
        for eps in (0.02, 0.002, 0.0002)
    ]
    gaps = [abs(s - limit) for s in states]
    assert gaps[0] > gaps[1] > gaps[2] and gaps[2] < 1e-3


@settings(max_examples=12, deadline=None)
@given(
    st.floats(0.5, 3.0),
    st.floats(0.1, 1.5),
    st.floats(0.01, 0.5),
    st.integers(2, 4),
)
def test_symmetric_cutoffs_are_certified_and_laplacian(slope, bonus, sigma, n) -> None:
    # gain = slope * theta - 1 + bonus * m: with a flat prior the symmetric cutoff solves the
    # Laplacian condition for every noise, slope c - 1 + bonus (n - 1)/2 = 0 (derived here).
    def gain(i, theta, others):
        return slope * theta[None, :] - 1.0 + bonus * others.sum(axis=1)[:, None]

    eq = global_game_equilibrium(gain, n, sigma)
    expected = (1.0 - bonus * (n - 1) / 2) / slope
    assert eq.regret <= 1e-9
    assert eq.cutoffs == pytest.approx([expected] * n, abs=1e-9)
