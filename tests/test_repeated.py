"""Tests of gametheory.pause.repeated: closed forms, recursion and simulation agree."""

from __future__ import annotations

import itertools
import math
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory import (
    Channel,
    Lab,
    PauseModel,
    detection_probabilities,
    load_model,
    pause_equilibria,
    pause_payoffs,
)
from gametheory.core.errors import InputError
from gametheory.pause.repeated import (
    CREDIBLE_PUNISHMENTS,
    PunishmentPath,
    credible_punishments,
    critical_discount,
    least_detection,
    least_detection_curve,
    no_agreement_model,
    path_holds,
    punishment_path,
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


def _dilemma(detection=1.0, sanction=0.0):
    """Two labs whose pause game is the prisoner's dilemma T, R, P, S = 2, 0, -1, -2.

    Prize 4 and risk 0.5 with harm 4: racing alone pays 4 - 0.5 * 4 = 2, pausing 0, both
    racing 2 - 0.75 * 4 = -1, pausing against a racer -0.5 * 4 = -2 (without sanctions).
    """
    lab = {"prize": 4, "harm": 4, "risk": 0.5, "sanction": sanction}
    return PauseModel(
        labs=(Lab("a", **lab), Lab("b", **lab)),
        channels=(Channel("audit", (detection, detection)),),
    )


def _with_detection(model, lab, value):
    """The model re-run with one lab's detection per period set to ``value``."""
    q = detection_probabilities(model).copy()
    q[lab] = value
    return replace(model, channels=(Channel("all", tuple(q.tolist())),))


def test_stage_payoffs_from_the_model():
    model = _model()
    s = stage_payoffs(model)
    u_alone = pause_payoffs(model, np.eye(2, dtype=bool))
    assert s.temptation.tolist() == [u_alone[0, 0], u_alone[1, 1]]
    assert s.reward.tolist() == pause_payoffs(model, [False, False]).tolist()
    # The punishment is played without agreement: no detection, no sanction.
    free = no_agreement_model(model)
    profile = punishment_path(model).profiles[0]
    assert s.punishment.tolist() == pause_payoffs(free, profile).tolist()
    assert profile.tolist() in pause_equilibria(free).tolist()
    assert s.credible.all()


def test_nash_reversion_textbook_prisoners_dilemma():
    # Perfect monitoring, reversion to the stage equilibrium for ever: the textbook
    # delta* = (T - R)/(T - P) = 2/3 (Friedman 1971; Fudenberg & Tirole 1991, §5.1).
    rep = repeated_pause(_dilemma(), discount=0.9)
    assert rep.stage.temptation.tolist() == [2.0, 2.0]
    assert rep.stage.reward.tolist() == [0.0, 0.0]
    assert rep.stage.punishment.tolist() == [-1.0, -1.0]
    assert rep.path.description.endswith("where every lab races")
    assert rep.critical_discount == pytest.approx([2 / 3, 2 / 3], abs=1e-12)
    assert rep.discount_checked.all() and rep.detection_checked.all()


def test_finite_nash_punishment_matches_limited_punishment():
    # L periods of the stage equilibrium: delta + ... + delta^L >= (T - R)/(R - P) = 2
    # (the limited-punishment condition, Osborne 2004, An Introduction to Game Theory, §14.7).
    for length in (1, 2):
        rep = repeated_pause(_dilemma(), discount=0.9, punishment_length=length)
        assert np.isinf(rep.critical_discount).all()
    rep = repeated_pause(_dilemma(), discount=0.95, punishment_length=3)
    root = rep.critical_discount[0]
    assert root + root**2 + root**3 == pytest.approx(2.0, abs=1e-9)
    # The abstract closed form gives the same root.
    assert root == pytest.approx(critical_discount(2, 0, -1, 1.0, punishment_length=3), abs=1e-9)


def test_stick_and_carrot_one_period_stick():
    # A one-period stick of mutual racing (the stage equilibrium), then back to the pause:
    # the lab keeps the pause iff (1 - delta)(T - R) <= delta (1 - delta)(R - P), i.e.
    # delta* = (T - R)/(R - P), the limited-punishment condition with L = 1 (Osborne 2004,
    # §14.7). With sanction 0.5 at detection 1: T, R, P = 1.5, 0, -1, delta* = 1.5: impossible;
    # with sanction 1.5: T = 0.5, delta* = 1/2.
    rep = repeated_pause(
        _dilemma(sanction=0.5), discount=0.9, punishment="stick-and-carrot", punishment_length=1
    )
    assert np.isinf(rep.critical_discount).all()
    model = _dilemma(sanction=1.5)
    rep = repeated_pause(model, discount=0.9, punishment="stick-and-carrot", punishment_length=1)
    assert rep.path.length == 1 and rep.path.restarts and rep.credible
    assert rep.path.profiles.tolist() == [[True, True]]
    assert rep.stage.temptation.tolist() == [0.5, 0.5]
    assert rep.critical_discount == pytest.approx([0.5, 0.5], abs=1e-12)
    assert rep.discount_checked.all() and rep.detection_checked.all()


def test_stick_that_is_not_a_stage_equilibrium_needs_patience():
    # Stick "a races, b pauses" is not an equilibrium of the no-agreement game (b would race).
    # With a sanction that removes the pause's temptation (5 at detection 1), only the stick
    # binds. b follows it iff (1 - delta)(-2 - (-1)) + delta (V - W) >= 0 with V = 0 and
    # W = -2 (1 - delta): (1 - delta)(2 delta - 1) >= 0, delta >= 1/2 (derived here; the
    # stick-and-carrot logic of Abreu 1986, §5). a, who races in the stick, gains from it.
    model = _dilemma(sanction=5.0)
    path = PunishmentPath(
        "stick-and-carrot", np.array([[True, False]]), 1, True, True, "a races, b pauses"
    )
    for delta in (0.3, 0.45, 0.499):
        assert path_holds(model, path, 1, discount=delta, detection=1.0) < 0
    for delta in (0.501, 0.6, 0.9):
        assert path_holds(model, path, 1, discount=delta, detection=1.0) > 0
        assert path_holds(model, path, 0, discount=delta, detection=1.0) >= 0
    # Below 1/2 the stick's own condition is the least gain, and it is the formula above.
    value = path_holds(model, path, 1, discount=0.4, detection=1.0)
    assert value == pytest.approx((1 - 0.4) * (2 * 0.4 - 1), abs=1e-12)


def test_least_detection_moves_the_sanction_with_detection():
    # The reproduction: lab-e's least detection must make the pause hold when the model
    # is re-run at it, and fail just below it.
    model = load_model("frontier-five")
    rep = repeated_pause(model, discount=0.9)
    e = model.lab_index("lab-e")
    star = rep.least_detection[e]
    assert 0 < star < 1
    for step, holds in ((1e-4, True), (-1e-4, False)):
        again = repeated_pause(_with_detection(model, e, star + step), discount=0.9)
        assert bool(again.self_enforcing[e]) is holds
    # The closed form of the module docstring, from the model's numbers.
    s = rep.stage
    gain = s.temptation[e] + rep.detection[e] * model.labs[e].sanction - s.reward[e]
    v_minus_w = s.reward[e] - s.punishment[e]
    expected = 0.1 * gain / (0.9 * v_minus_w + 0.1 * model.labs[e].sanction)
    assert star == pytest.approx(expected, rel=1e-12)
    assert rep.detection_checked.all() and rep.discount_checked.all()


@settings(max_examples=25, deadline=None)
@given(
    st.floats(1, 10),
    st.floats(0, 5),
    st.floats(0, 20),
    st.floats(0.01, 0.5),
    st.floats(0, 0.99),
    st.floats(0.2, 0.97),
    st.floats(0, 0.2),
    st.sampled_from(CREDIBLE_PUNISHMENTS),
)
def test_thresholds_are_roots(prize, cost, sanction, risk, detection, delta, f, rule):
    lab = {"prize": prize, "pause_cost": cost, "harm": 10, "risk": risk, "sanction": sanction}
    model = PauseModel(
        labs=(Lab("a", capability=2, **lab), Lab("b", **lab)),
        channels=(Channel("audit", (detection, detection / 2)),),
    )
    try:
        rep = repeated_pause(model, discount=delta, false_alarm=f, punishment=rule)
    except InputError:
        return  # no such punishment for this model (reported as such)
    assert rep.discount_checked.all()
    assert rep.detection_checked.all()
    for i in range(2):
        gain = path_holds(
            model, rep.path, i, discount=delta, detection=rep.detection[i], false_alarm=f
        )
        assert bool(rep.self_enforcing[i]) == (gain >= -1e-9)


def test_benchmark_is_named_and_carries_no_default():
    model = load_model("frontier-five")
    assert repeated_pause(model).path.rule == "nash-reversion"
    bench = repeated_pause(model, punishment="grim-all-race")
    assert bench.path.rule == "grim-all-race"
    assert [r.path.rule for r in credible_punishments(model)] == list(CREDIBLE_PUNISHMENTS)


def test_least_detection_curve_agrees_with_report():
    model = _model()
    rep = repeated_pause(model, discount=0.8, false_alarm=0.05)
    curve = least_detection_curve(model, rep, [0.8])
    assert curve[0] == pytest.approx(rep.least_detection, rel=1e-12)


def test_validate_section():
    class Loc:
        def error(self, message, *keys, value=None):
            return InputError(message, field=".".join(("repeated", *keys)), value=value)

    assert validate_repeated_section({"punishment": "stick-and-carrot"}, Loc()) == {
        "punishment": "stick-and-carrot"
    }
    for bad in ({"discount": True}, {"punishment": "forgive"}, {"speed": 1}, {"false_alarm": 2}):
        with pytest.raises(InputError):
            validate_repeated_section(bad, Loc())
