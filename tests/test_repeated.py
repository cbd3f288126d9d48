"""Tests of gametheory.pause.repeated: closed forms, recursion and simulation agree."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory import Channel, Lab, PauseModel, pause_equilibria, pause_payoffs
from gametheory.core.errors import InputError
from gametheory.pause.repeated import (
    critical_discount,
    least_detection,
    repeated_pause,
    repeated_values,
    simulate_repeated_values,
    stage_payoffs,
    validate_repeated_section,
)

lengths = st.one_of(st.none(), st.integers(1, 8))


@st.composite
def stage(draw):
    reward = draw(st.floats(-5, 5))
    gain = draw(st.floats(0.05, 5))
    loss = draw(st.floats(0.05, 5))
    return reward + gain, reward, reward - loss


def test_textbook_prisoners_dilemma():
    # Perfect monitoring, grim trigger: delta* = (T - R)/(T - P) (Fudenberg & Tirole 1991, §5.1).
    assert critical_discount(5, 3, 1, 1.0) == pytest.approx(0.5)
    assert critical_discount(4, 3, 0, 1.0) == pytest.approx(0.25)


def test_model_md_formula_with_false_alarms():
    # docs/model/repeated.md: delta* = (T-R)/((T-R)(1-f) + (q-f)(R-P)); 2/(2*0.8 + 0.5*2) = 1/1.3.
    assert critical_discount(5, 3, 1, 0.7, false_alarm=0.2) == pytest.approx(2 / 2.6)


def test_short_punishment_closed_forms():
    # L = 1: delta* = K; L = 2: delta^2 + delta = K. K = 2/(1*4 - 0) = 0.5 with q=1, R-P=4.
    assert critical_discount(5, 3, -1, 1.0, punishment_length=1) == pytest.approx(0.5)
    root = critical_discount(5, 3, -1, 1.0, punishment_length=2)
    assert root**2 + root == pytest.approx(0.5)


@settings(max_examples=60, deadline=None)
@given(stage(), st.floats(0.05, 1), st.floats(0, 0.3), lengths)
def test_indifferent_at_critical_discount(payoffs, q, f, length):
    t, r, p = payoffs
    delta = critical_discount(t, r, p, q, false_alarm=f, punishment_length=length)
    if not delta < 0.999:
        return
    delta = max(delta, 1e-3)
    v = repeated_values(t, r, p, q, delta, false_alarm=f, punishment_length=length)
    assert v.pause == pytest.approx(v.deviate, abs=1e-7)
    # Above the threshold complying is strictly better; below, racing once is.
    above = repeated_values(
        t, r, p, q, min(delta + 0.5 * (1 - delta), 0.999), false_alarm=f, punishment_length=length
    )
    assert above.pause >= above.deviate - 1e-9
    if delta > 0.02:
        below = repeated_values(t, r, p, q, delta * 0.9, false_alarm=f, punishment_length=length)
        assert below.pause < below.deviate + 1e-9


@settings(max_examples=60, deadline=None)
@given(stage(), st.floats(0.05, 0.98), st.floats(0, 0.3), lengths)
def test_least_detection_inverts_critical_discount(payoffs, delta, f, length):
    t, r, p = payoffs
    q = least_detection(t, r, p, delta, false_alarm=f, punishment_length=length)
    if not f < q <= 1:
        return
    assert critical_discount(t, r, p, q, false_alarm=f, punishment_length=length) == (
        pytest.approx(delta, rel=1e-7)
    )


def test_least_detection_at_zero_false_alarm_is_model_md():
    # docs/model/repeated.md: q* = (1 - delta)(T - R)/(delta (R - P)).
    t, r, p, delta = 7.0, 4.0, 1.5, 0.7
    assert least_detection(t, r, p, delta) == pytest.approx(
        (1 - delta) * (t - r) / (delta * (r - p))
    )


def test_longer_punishment_needs_less_patience():
    values = [
        critical_discount(5, 3, 0, 0.9, false_alarm=0.05, punishment_length=n)
        for n in (2, 3, 5, 10, 40)
    ]
    assert all(a > b for a, b in itertools.pairwise(values))
    assert values[-1] == pytest.approx(critical_discount(5, 3, 0, 0.9, false_alarm=0.05), abs=1e-6)


def test_impossible_cases():
    assert critical_discount(5, 3, 4, 1.0) == math.inf  # R < P: the punishment does not hurt
    assert critical_discount(5, 3, 1, 0.1, false_alarm=0.1) == math.inf  # q = f: blind signal
    assert critical_discount(2, 3, 1, 0.5) == 0.0  # pausing is a stage best response
    assert least_detection(5, 3, 1, 0.2) > 1
    with pytest.raises(InputError, match="discount"):
        least_detection(5, 3, 1, 1.0)
    with pytest.raises(InputError, match="punishment_length"):
        critical_discount(5, 3, 1, 0.5, punishment_length=0)


@pytest.mark.parametrize(
    ("q", "f", "delta", "length"), [(0.6, 0.1, 0.8, None), (0.9, 0.05, 0.7, 3), (0.5, 0.0, 0.9, 1)]
)
def test_simulation_matches_closed_form(q, f, delta, length):
    exact = repeated_values(5, 3, 1, q, delta, false_alarm=f, punishment_length=length)
    sim = simulate_repeated_values(
        5, 3, 1, q, delta, false_alarm=f, punishment_length=length, paths=6000, rng=12345
    )
    assert abs(sim.pause - exact.pause) < 4 * sim.pause_se + 1e-9
    assert abs(sim.deviate - exact.deviate) < 4 * sim.deviate_se + 1e-9


def test_simulation_is_reproducible():
    a = simulate_repeated_values(5, 3, 1, 0.6, 0.8, paths=100, rng=7)
    b = simulate_repeated_values(5, 3, 1, 0.6, 0.8, paths=100, rng=np.random.default_rng(7))
    assert a == b


def _model(sanction=4.0):
    return PauseModel(
        labs=(
            Lab("big", capability=3, prize=10, pause_cost=1, harm=20, risk=0.1, sanction=sanction),
            Lab("small", capability=1, prize=6, pause_cost=1, harm=20, risk=0.1, sanction=sanction),
        ),
        channels=(Channel("audit", (0.4, 0.6)),),
    )


def test_stage_payoffs_from_the_model():
    model = _model()
    s = stage_payoffs(model)
    u_alone = pause_payoffs(model, np.eye(2, dtype=bool))
    assert s.temptation.tolist() == [u_alone[0, 0], u_alone[1, 1]]
    assert s.reward.tolist() == pause_payoffs(model, [False, False]).tolist()
    assert s.punishment.tolist() == pause_payoffs(model, [True, True]).tolist()
    worst = stage_payoffs(model, punishment="worst-equilibrium")
    equilibria = pause_equilibria(model)
    values = pause_payoffs(model, equilibria)
    assert worst.punishment.tolist() == values.min(axis=0).tolist()
    assert worst.credible.all()


def test_repeated_pause_report_and_binding_lab():
    model = _model()
    rep = repeated_pause(model, discount=0.9, false_alarm=0.05)
    s = rep.stage
    for i in range(2):
        q = 1 - (1 - rep.detection[i]) * 0.95
        assert rep.critical_discount[i] == pytest.approx(
            critical_discount(s.temptation[i], s.reward[i], s.punishment[i], q, false_alarm=0.05)
        )
        assert rep.self_enforcing[i] == (rep.critical_discount[i] <= 0.9)
    assert rep.binding_discount == model.lab_names[int(np.argmax(rep.critical_discount))]
    # The big lab gains more from racing and is watched less: it binds first.
    assert rep.binding_discount == "big"
    assert rep.binding_detection == "big"


def test_validate_section():
    class Loc:
        def error(self, message, *keys, value=None):
            return InputError(message, field=".".join(("repeated", *keys)), value=value)

    assert validate_repeated_section({"punishment": "worst-equilibrium"}, Loc()) == {
        "punishment": "worst-equilibrium"
    }
    for bad in ({"discount": True}, {"punishment": "forgive"}, {"speed": 1}, {"false_alarm": 2}):
        with pytest.raises(InputError):
            validate_repeated_section(bad, Loc())
