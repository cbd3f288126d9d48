"""Tests of gametheory.pause.lifecycle: the Markov chain against long simulations."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory import Channel, Lab, PauseModel, defection_gains, detection_probabilities
from gametheory.core.errors import InputError
from gametheory.pause.lifecycle import (
    PauseLifecycle,
    analyse_lifecycle,
    compare_versions,
    lifecycle_time_series,
    lifecycle_transitions,
    simulate_lifecycle,
    validate_lifecycle_section,
)

MODEL = PauseModel(
    labs=(Lab("a", prize=2, sanction=10), Lab("b", prize=1, sanction=10)),
    channels=(Channel("audit", (0.5, 0.5)),),
)

lifecycles = st.builds(
    PauseLifecycle,
    hazard=st.floats(0.01, 0.5),
    sensitivity=st.floats(0.05, 1),
    false_positive_rate=st.floats(0, 0.3),
    notification=st.floats(0, 1),
    resumption_probability=st.floats(0.05, 1),
    review_periods=st.integers(1, 6),
    resumption=st.sampled_from(["probability", "review"]),
)


@settings(max_examples=40, deadline=None)
@given(lifecycles)
def test_stationary_distribution_is_invariant(params):
    _names, p = lifecycle_transitions(params)
    assert np.allclose(p.sum(axis=1), 1) and (p >= 0).all()
    report = analyse_lifecycle(MODEL, params)
    assert np.allclose(report.stationary @ p, report.stationary, atol=1e-10)
    assert report.stationary.sum() == pytest.approx(1)
    assert report.expected_pause_length == pytest.approx(params.expected_pause_hint)
    assert 0 <= report.risk_over_horizon <= 1


def test_hand_computed_two_state_case():
    # h = 0, phi = 0.1, nu = 1, rho = 0.25: racing <-> paused with rates 0.1 and 0.25, so the
    # stationary fraction paused is 0.1/(0.1 + 0.25) = 2/7 (two-state chain, Kemeny & Snell).
    params = PauseLifecycle(0.0, 0.5, 0.1, 1.0, 0.25, risk_racing=0.01, risk_paused=0.0, horizon=3)
    report = analyse_lifecycle(MODEL, params)
    assert report.fraction_paused == pytest.approx(2 / 7)
    assert report.fraction_paused_alone == pytest.approx(0)
    # Risk over 3 periods by enumerating the paths from racing: survive each racing period
    # with 0.99 and each paused one with 1.
    survive = 0.0
    for path in range(4):
        states = [0] + [(path >> k) & 1 for k in range(2)]
        prob = 1.0
        for a, b in itertools.pairwise(states):
            prob *= [[0.9, 0.1], [0.25, 0.75]][a][b]
        survive += prob * np.prod([0.99 if s == 0 else 1.0 for s in states])
    assert report.risk_over_horizon == pytest.approx(1 - survive)


def test_compliance_comes_from_the_dynamic_game():
    # One convention: compliance is the dynamic pause game's temptation (gametheory.pause.markov)
    # at the scenario's [dynamics]; without lead dynamics that is the one-shot margin q F - G,
    # whatever the lifecycle's pause length.
    params = PauseLifecycle(0.05, 0.9, 0.02, 1.0, resumption="review", review_periods=8)
    report = analyse_lifecycle(MODEL, params)
    assert report.remaining_pause.tolist() == [8, 7, 6, 5, 4, 3, 2, 1]
    margins = detection_probabilities(MODEL) * MODEL.array("sanction") - defection_gains(MODEL)
    assert (report.complies == (margins >= -1e-9)[:, None]).all()
    assert report.temptation == pytest.approx(np.maximum(-margins, 0.0))
    # With lead dynamics a longer pause can tempt where the one-shot game does not.
    dynamics = {"pause_periods": 6, "lead_levels": 4, "growth_rate": 0.3}
    dynamics["prize_per_capability"] = 5.0
    with_leads = analyse_lifecycle(MODEL, params, dynamics=dynamics)
    assert report.pause_holds and not with_leads.complies.any()
    shorter = analyse_lifecycle(MODEL, params, dynamics={**dynamics, "pause_periods": 1})
    assert (0 < shorter.temptation).all() and (shorter.temptation < with_leads.temptation).all()


def test_discounted_remaining_pause():
    params = PauseLifecycle(0.05, 0.9, 0.02, 1.0, 0.2, discount=0.9)
    report = analyse_lifecycle(MODEL, params)
    assert report.remaining_pause[0] == pytest.approx(1 / (1 - 0.9 * 0.8))


@pytest.mark.parametrize(
    "params",
    [
        PauseLifecycle(0.05, 0.8, 0.02, 0.7, 0.2, horizon=60),
        PauseLifecycle(0.1, 0.6, 0.05, 0.9, resumption="review", review_periods=4, horizon=60),
    ],
)
def test_simulation_matches_stationary_quantities(params):
    exact = analyse_lifecycle(MODEL, params)
    sim = simulate_lifecycle(params, chains=200, periods=1500, rng=2024)
    assert abs(sim.fraction_paused - exact.fraction_paused) < 4 * sim.fraction_paused_se
    assert abs(sim.pause_length - exact.expected_pause_length) < 4 * sim.pause_length_se + 1e-9
    assert abs(sim.risk_over_horizon - exact.risk_over_horizon) < 4 * sim.risk_over_horizon_se


def test_time_series_with_constant_hazard_converges_to_stationary():
    params = PauseLifecycle(
        0.1,
        0.8,
        0.05,
        1.0,
        0.3,
        risk_racing=0,
        risk_hazard=0,
        risk_partial=0,
        risk_paused=0,
        horizon=400,
    )
    series = lifecycle_time_series(params)
    assert series.fraction_paused[-1] == pytest.approx(
        analyse_lifecycle(MODEL, params).fraction_paused
    )
    assert np.allclose(series.cumulative_risk, 0, atol=1e-12)
    rising = lifecycle_time_series(
        PauseLifecycle(0.01, 0.8, 0.0, 1.0, 0.3, hazard_growth=1.1, horizon=30)
    )
    assert np.all(np.diff(rising.hazard) >= 0) and rising.hazard[-1] <= 1


def test_four_versions():
    reports = compare_versions("coordinated-pausing")
    assert [r.name for r in reports] == ["voluntary", "agreement", "mutual-auditor", "legal"]
    # Rising enforcement: every lab complies under the legal version, none under voluntary.
    assert not reports[0].complies.any()
    assert reports[-1].pause_holds
    sanctions = [r.expected_sanction.min() for r in reports]
    assert sanctions == sorted(sanctions)


def test_validation():
    class Loc:
        def error(self, message, *keys, value=None):
            return InputError(message, field=".".join(("lifecycle", *keys)), value=value)

    ok = validate_lifecycle_section(
        {"hazard": 0.1, "sensitivity": 0.9, "false_positive_rate": 0}, Loc()
    )
    assert ok == {"hazard": 0.1, "sensitivity": 0.9, "false_positive_rate": 0.0}
    for bad in (
        {"hazard": 0.1, "sensitivity": 0.9},
        {"hazard": 0.1, "sensitivity": 0.9, "false_positive_rate": 0, "review_periods": 0},
        {"hazard": 0.1, "sensitivity": 0.9, "false_positive_rate": 0, "colour": "red"},
        {"hazard": True, "sensitivity": 0.9, "false_positive_rate": 0},
    ):
        with pytest.raises(InputError):
            validate_lifecycle_section(bad, Loc())
    with pytest.raises(InputError, match="chains"):
        simulate_lifecycle(PauseLifecycle(0.1, 0.9, 0.0), chains=1)
