"""The pause game's payoffs against docs/model/one-shot.md, computed by hand."""

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings

from gametheory import (
    Channel,
    InputError,
    Lab,
    PauseModel,
    catastrophe_probability,
    detection_probabilities,
    pause_payoffs,
    racing_profiles,
    to_game,
)

from .strategies import pause_models


def three_labs() -> PauseModel:
    return PauseModel(
        labs=(
            Lab("a", capability=1, prize=6, pause_cost=1, harm=10, risk=0.1, sanction=5),
            Lab("b", capability=2, prize=6, pause_cost=2, harm=20, risk=0.2, sanction=5),
            Lab("c", capability=3, prize=3, pause_cost=0, harm=0, risk=0.0, sanction=0),
        ),
        channels=(Channel("audits", (0.5, 0.0, 0.2)), Channel("chips", (0.5, 0.5, 0.0))),
        background_risk=0.05,
        decisiveness=2,
    )


def test_payoff_by_hand():
    # a and b race, c pauses. Strengths c^2: 1 and 4, so a wins 1/5 of 6 = 1.2, b 4/5 of 6.
    # q_a = 1 - 0.5 * 0.5 = 0.75, q_b = 0.5. P = 1 - 0.95 * 0.9 * 0.8 = 0.316.
    m = three_labs()
    u = pause_payoffs(m, [True, True, False])
    p = 1 - 0.95 * 0.9 * 0.8
    expected = [1.2 - 0.75 * 5 - p * 10, 4.8 - 0.5 * 5 - p * 20, -0.0 - p * 0]
    np.testing.assert_allclose(u, expected, rtol=0, atol=1e-12)
    np.testing.assert_allclose(catastrophe_probability(m, [True, True, False]), p)
    np.testing.assert_allclose(detection_probabilities(m), [0.75, 0.5, 0.2])


def test_equal_split_when_decisiveness_is_zero():
    m = PauseModel(
        labs=(Lab("a", capability=1, prize=6), Lab("b", capability=5, prize=6)), decisiveness=0
    )
    assert pause_payoffs(m, [True, True]).tolist() == [3.0, 3.0]


@given(pause_models(max_labs=5))
@settings(max_examples=60, deadline=None)
def test_game_tensor_matches_profile_payoffs(model):
    game = to_game(model)
    profiles = racing_profiles(model.num_labs)
    values = pause_payoffs(model, profiles)
    for row, mask in zip(values, profiles, strict=True):
        index = tuple(int(x) for x in mask)
        np.testing.assert_allclose(game.payoffs[(slice(None), *index)], row)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"capability": 0}, "labs.x.capability = 0: expected a number > 0"),
        ({"risk": 1}, "labs.x.risk = 1: expected a number in [0, 1)"),
        ({"prize": -1}, "labs.x.prize = -1: expected a number >= 0"),
        ({"harm": True}, "labs.x.harm = True: expected a number >= 0"),
        ({"sanction": float("nan")}, "labs.x.sanction = nan: expected a finite number >= 0"),
    ],
)
def test_lab_bounds(kwargs, message):
    with pytest.raises(InputError, match=None) as info:
        Lab("x", **kwargs)
    assert str(info.value) == message


def test_model_errors():
    with pytest.raises(InputError, match="expected at least one lab"):
        PauseModel(labs=())
    with pytest.raises(InputError, match="lab names must be unique"):
        PauseModel(labs=(Lab("a"), Lab("a")))
    with pytest.raises(InputError, match=r"channels.c.detection .*expected 2 detection"):
        PauseModel(labs=(Lab("a"), Lab("b")), channels=(Channel("c", (0.5,)),))
    with pytest.raises(InputError, match=r"channels.c.detection\[0\] = 1.5"):
        Channel("c", (1.5,))
    with pytest.raises(ValueError, match="at most 22 labs"):
        to_game(PauseModel(labs=tuple(Lab(str(i)) for i in range(23))))


@pytest.mark.parametrize(
    ("capabilities", "decisiveness"),
    [((3, 1), 1000), ((1e-300, 1), 2.5), ((1e200, 1), 2)],
)
def test_contest_strengths_out_of_float_range_are_rejected(capabilities, decisiveness):
    # c**gamma overflowing to inf (3**1000) or underflowing to 0 ((1e-300)**2.5) made every
    # contest share NaN, and analyze crashed with a traceback; it is bad input instead.
    labs = tuple(Lab(n, capability=c, prize=1) for n, c in zip("ab", capabilities, strict=True))
    with pytest.raises(InputError, match=r"decisiveness = .*capability\*\*decisiveness"):
        PauseModel(labs=labs, decisiveness=decisiveness)


# -- one implementation for floats and Fractions (issue: exact mode cannot drift) -----------------
@settings(max_examples=60, deadline=None)
@given(pause_models(max_labs=4))
def test_exact_payoffs_are_the_float_formula_in_rationals(model):
    from gametheory import catastrophe_probability, contest_strengths_are_exact
    from gametheory.pause.model import racing_profiles

    profiles = racing_profiles(model.num_labs)
    exact = pause_payoffs(model, profiles, exact=True)
    assert exact.dtype == object
    assert all(isinstance(x, Fraction) for x in exact.ravel())
    floats = pause_payoffs(model, profiles)
    scale = 1.0 + float(np.abs(floats).max())
    np.testing.assert_allclose(exact.astype(float), floats, rtol=1e-12, atol=1e-12 * scale)
    risk = catastrophe_probability(model, profiles, exact=True)
    np.testing.assert_allclose(
        risk.astype(float), catastrophe_probability(model, profiles), rtol=1e-12, atol=1e-15
    )
    assert contest_strengths_are_exact(model) == (Fraction(model.decisiveness).denominator == 1)


@settings(max_examples=60, deadline=None)
@given(pause_models(max_labs=4))
def test_exact_deviation_gains_are_exact_payoff_differences(model):
    # Delta_i(R) = u_i(R + i) - u_i(R - i), exactly, at every profile: the gains and the
    # payoffs are two expressions of one model, checked against each other in rationals.
    from gametheory import deviation_gains
    from gametheory.pause.model import racing_profiles

    profiles = racing_profiles(model.num_labs)
    gains = deviation_gains(model, profiles, exact=True)
    for i in range(model.num_labs):
        with_i, without_i = profiles.copy(), profiles.copy()
        with_i[:, i], without_i[:, i] = True, False
        difference = (
            pause_payoffs(model, with_i, exact=True)[:, i]
            - pause_payoffs(model, without_i, exact=True)[:, i]
        )
        assert list(gains[:, i]) == list(difference)
    np.testing.assert_allclose(
        gains.astype(float), deviation_gains(model, profiles), rtol=1e-9, atol=1e-9
    )
