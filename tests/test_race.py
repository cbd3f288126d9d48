"""Recursive self-improvement (docs/model/races.md): closed form against solve_ivp, and the derived
critical verification against the pause model's own thresholds."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory import (
    Lab,
    PauseModel,
    blowup_time,
    capability_gain,
    capability_trajectory,
    critical_verification,
    critical_verification_vs_pause_length,
    expected_lead,
    longest_deterred_pause,
    race_trajectories,
    solve_capability_ode,
    time_to_capability,
)

from .strategies import pause_models

betas = st.floats(0.0, 3.0)
initials = st.floats(0.2, 5.0)
rates = st.floats(0.01, 1.0)


@settings(max_examples=25, deadline=None)
@given(initials, rates, betas)
def test_closed_form_matches_solve_ivp(c0, a, beta):
    horizon = min(5.0, 0.9 * float(blowup_time(c0, a, beta)))
    times = np.linspace(0.0, horizon, 7)
    closed = capability_trajectory(c0, a, beta, times)
    numeric = solve_capability_ode(c0, a, beta, times)
    np.testing.assert_allclose(numeric, closed, rtol=1e-6)


def test_hand_values_and_blowup():
    # beta = 2, a = 1/2, C0 = 1: C(t) = 1 / (1 - t/2), t* = 2 (solved by separation).
    assert capability_trajectory(1.0, 0.5, 2.0, [0, 1, 1.5, 2, 3]).tolist() == [
        1.0,
        2.0,
        4.0,
        math.inf,
        math.inf,
    ]
    # beta = 1: exponential; beta = 0: linear C0 + a t; beta = 1/2: (sqrt(C0) + a t / 2)^2.
    assert capability_trajectory(2.0, 0.3, 1.0, 1.0) == pytest.approx(2 * math.exp(0.3))
    assert capability_trajectory(2.0, 0.3, 0.0, 4.0) == pytest.approx(3.2)
    assert capability_trajectory(4.0, 1.0, 0.5, 2.0) == pytest.approx(9.0)
    assert float(blowup_time(1.0, 0.5, 2.0)) == 2.0
    assert np.isinf(blowup_time(1.0, 0.5, 1.0))
    assert np.isinf(solve_capability_ode(1.0, 0.5, 2.0, [2.5]))


@settings(max_examples=30, deadline=None)
@given(initials, rates, betas, st.floats(1.01, 50.0))
def test_time_to_capability_inverts_the_trajectory(c0, a, beta, factor):
    t = float(time_to_capability(c0, a, beta, c0 * factor))
    assert t < float(blowup_time(c0, a, beta))
    assert float(capability_trajectory(c0, a, beta, t)) == pytest.approx(c0 * factor, rel=1e-7)


def test_trajectories_freeze_pausing_labs():
    times = np.linspace(0, 4, 9)
    tr = race_trajectories(
        [1.0, 2.0, 3.0], 0.2, 1.5, times, racing=[True, False, False], pause_length=2.0
    )
    during = times <= 2.0
    assert (tr.capability[during, 1] == 2.0).all() and (tr.capability[during, 2] == 3.0).all()
    np.testing.assert_allclose(tr.capability[:, 0], capability_trajectory(1.0, 0.2, 1.5, times))
    # After the pause the paused lab restarts its own clock.
    np.testing.assert_allclose(
        tr.capability[~during, 1], capability_trajectory(2.0, 0.2, 1.5, times[~during] - 2.0)
    )
    with pytest.raises(ValueError, match="racing"):
        race_trajectories([1.0, 2.0], 0.2, 1.5, times, racing=[1, 0], pause_length=1.0)


@settings(max_examples=30, deadline=None)
@given(initials, rates, st.floats(0.0, 1.5), st.floats(0.0, 8.0), st.floats(0.0, 1.0))
def test_expected_lead_is_a_distribution_and_monotone(c0, a, beta, tau, q):
    d = expected_lead(c0, a, beta, tau, q)
    assert d.detection_pmf.sum() + d.undetected_probability == pytest.approx(1.0)
    assert d.expected_lead <= d.lead_if_undetected * (1 + 1e-12) + 1e-12
    more = expected_lead(c0, a, beta, tau, min(1.0, q + 0.2))
    assert more.expected_lead <= d.expected_lead * (1 + 1e-12) + 1e-12
    assert expected_lead(c0, a, beta, tau, 0.0).expected_lead == pytest.approx(
        float(capability_gain(c0, a, beta, tau))
    )


@settings(max_examples=30, deadline=None)
@given(pause_models(), st.floats(0.0, 2.5), st.floats(0.05, 3.0))
def test_derived_prize_matches_critical_verification(model, beta, tau):
    # Replace each prize by v_i * lead_i(tau) and ask gametheory.pause.thresholds directly.
    rate = 0.02
    t_star = float(np.min(blowup_time(model.array("capability"), rate, beta)))
    if t_star <= max(tau, 1.0):
        return
    table = critical_verification_vs_pause_length(model, [tau], beta=beta, rate=rate)
    derived = model
    for i, lab in enumerate(model.labs):
        derived = derived.with_lab(lab.name, prize=float(table.prize[0, i]))
    report = critical_verification(derived)
    for i, entry in enumerate(report.labs):
        ours = table.critical_verification[0, i]
        if entry.critical_verification is None:
            assert np.isinf(ours)
        else:
            assert ours == pytest.approx(entry.critical_verification, rel=1e-9, abs=1e-12)
    # At the reference length the scenario's own prize, hence its own q*, is recovered.
    at_ref = critical_verification_vs_pause_length(model, [1.0], beta=beta, rate=rate)
    np.testing.assert_allclose(at_ref.prize[0], model.array("prize"), rtol=1e-9, atol=1e-12)


def test_superlinear_growth_and_blowup():
    model = PauseModel(labs=(Lab("a", prize=4, sanction=8, capability=1.0),))
    taus = np.linspace(0.1, 1.9, 40)
    for beta in (1.0, 1.5, 2.0):
        q = critical_verification_vs_pause_length(model, taus, beta=beta, rate=0.5)
        q_star = q.critical_verification[:, 0]
        finite = np.isfinite(q_star)
        assert (np.diff(q_star[finite], 2) > 0).all()  # convex: faster than linear
    # beta = 0 is linear in tau.
    lin = critical_verification_vs_pause_length(model, taus, beta=0.0, rate=0.5)
    np.testing.assert_allclose(np.diff(lin.critical_verification[:, 0], 2), 0, atol=1e-12)
    # beta = 2, a = 1/2: t* = 2, so every pause of 2 periods or more is undeterrable.
    q = critical_verification_vs_pause_length(model, [2.0, 3.0], beta=2.0, rate=0.5)
    assert np.isinf(q.critical_verification).all()


@settings(max_examples=30, deadline=None)
@given(st.floats(0.0, 1.0), st.floats(0.5, 2.5))
def test_longest_deterred_pause_sits_on_the_boundary(detection, beta):
    model = PauseModel(labs=(Lab("a", prize=2, sanction=10, pause_cost=0.5, capability=1.0),))
    tau = float(longest_deterred_pause(model, beta=beta, rate=0.3, detection=detection)[0])
    if tau == 0.0:
        q0 = critical_verification_vs_pause_length(model, [0.0], beta=beta, rate=0.3)
        assert q0.critical_verification[0, 0] >= detection
        return
    assert tau < float(blowup_time(1.0, 0.3, beta))
    q = critical_verification_vs_pause_length(model, [tau], beta=beta, rate=0.3)
    assert q.critical_verification[0, 0] == pytest.approx(detection, rel=1e-7, abs=1e-9)


def test_bad_input_names_the_field():
    with pytest.raises(ValueError, match="beta"):
        capability_trajectory(1.0, 0.1, -1.0, 1.0)
    with pytest.raises(ValueError, match="initial"):
        capability_trajectory(0.0, 0.1, 1.0, 1.0)
    with pytest.raises(ValueError, match="detection"):
        expected_lead(1.0, 0.1, 1.0, 3.0, 1.5)
    model = PauseModel(labs=(Lab("a", prize=1, capability=20.0),))
    with pytest.raises(ValueError, match=r"reference_length.*blow-up"):
        critical_verification_vs_pause_length(model, [1.0], beta=2.0, rate=0.1)


@pytest.mark.parametrize("beta", [1 - 1e-16, 1 - 1e-9, 1 + 1e-12])
def test_closed_forms_are_stable_as_beta_approaches_one(beta):
    # Found by hypothesis: at beta = 0.9999999999999999 the power form of C(t) cancelled
    # catastrophically (C(1) came out as 1 instead of e). The limit beta -> 1 is exp(a t).
    times = np.linspace(0.0, 3.0, 7)
    np.testing.assert_allclose(
        capability_trajectory(1.0, 1.0, beta, times), np.exp(times), rtol=1e-6
    )
    assert time_to_capability(2.0, 0.5, beta, 2.0 * math.e) == pytest.approx(2.0, rel=1e-6)
