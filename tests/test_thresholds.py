"""Critical verification and sanction against hand-derived values (docs/model/one-shot.md)."""

from fractions import Fraction as Q

import numpy as np
import pytest
from hypothesis import given, settings

from gametheory import (
    Channel,
    Lab,
    PauseModel,
    critical_verification,
    defection_gains,
    pause_equilibria,
    pause_margins,
)

from .strategies import pause_models


def test_hand_derived_thresholds():
    # G = V + kappa - (1 - r0) r H. Lab a: 6 + 1 - 0.9 * 0.1 * 10 = 6.1; F = 10 -> q* = 0.61.
    # Lab b: 2 + 0 - 0.9 * 0.5 * 4 = 0.2; F = 1 -> q* = 0.2. Lab c: F = 0, G = 3 > 0.
    model = PauseModel(
        labs=(
            Lab("a", prize=6, pause_cost=1, harm=10, risk=0.1, sanction=10),
            Lab("b", prize=2, harm=4, risk=0.5, sanction=1),
            Lab("c", prize=3, sanction=0),
        ),
        channels=(Channel("audits", (0.5, 0.5, 0.5)),),
        background_risk=0.1,
    )
    report = critical_verification(model)
    a, b, c = report.labs
    assert a.defection_gain == pytest.approx(6.1)
    assert a.critical_verification == pytest.approx(0.61)
    assert a.shortfall == pytest.approx(0.11)
    assert a.critical_sanction == pytest.approx(12.2)
    assert a.status == "tempted"
    assert b.critical_verification == pytest.approx(0.2) and b.status == "deterred"
    assert b.shortfall == pytest.approx(-0.3)
    assert c.critical_verification is None and c.shortfall is None
    assert "no verification strength suffices" in c.explanation
    assert c.critical_sanction == pytest.approx(6.0)
    assert report.weakest_link.lab == "c"
    assert not report.all_pause_is_equilibrium


def test_verification_above_one_is_explained():
    model = PauseModel(labs=(Lab("a", prize=10, sanction=4),), channels=(Channel("x", (0.9,)),))
    entry = critical_verification(model).labs[0]
    assert entry.critical_verification == pytest.approx(2.5)
    assert "even certain detection fails" in entry.explanation


def test_verification_above_one_names_the_sanction_needed_at_the_current_detection():
    # G = 10, F = 4, q = 0.5: q* = 2.5 > 1. At q = 0.5 the sanction must reach G / q = 20;
    # the explanation used to say "at least 10" (G, the bound at certain detection), a
    # sanction with which the lab still races at the detection it has.
    model = PauseModel(labs=(Lab("a", prize=10, sanction=4),), channels=(Channel("x", (0.5,)),))
    entry = critical_verification(model).labs[0]
    assert entry.critical_sanction == pytest.approx(20)
    assert "at detection 0.5 the sanction must be at least 20" in entry.explanation
    blind = critical_verification(PauseModel(labs=(Lab("a", prize=10, sanction=4),))).labs[0]
    assert blind.critical_sanction is None
    assert "no sanction helps without detection" in blind.explanation


def test_no_detection_no_sanction_is_explained():
    entry = critical_verification(PauseModel(labs=(Lab("a", prize=1),))).labs[0]
    assert entry.critical_sanction is None and entry.critical_verification is None
    assert "neither sanction nor detection" in entry.explanation


def tie_model(exact: bool) -> PauseModel:
    # Racing alone gains 4.4 - 0.7 * 2: exactly 3 in decimal, 3.0000000000000004 in floats,
    # and costs q F = 0.5 * 6 = 3 in expected sanctions: a tie (the example of issue 3).
    n = Q if exact else float
    lab = Lab("a", prize=n("4.4"), harm=n("2"), risk=n("0.7"), sanction=n("6"))
    return PauseModel(labs=(lab,), channels=(Channel("x", (n("0.5"),)),))


def test_tie_is_not_decided_by_rounding():
    assert defection_gains(tie_model(False))[0] == 3.0000000000000004
    raw = critical_verification(tie_model(False), tol=0.0).labs[0]
    assert raw.status == "tempted"  # what a comparison without tolerance would conclude
    default = critical_verification(tie_model(False)).labs[0]
    assert default.status == "on the boundary"
    exact = critical_verification(tie_model(True), exact=True)
    entry = exact.labs[0]
    assert entry.margin == 0 and isinstance(entry.margin, Q)
    assert entry.status == "on the boundary"
    assert entry.critical_verification == Q(1, 2)
    assert exact.all_pause_is_equilibrium


def test_exact_detection_combines_channels_exactly():
    model = PauseModel(
        labs=(Lab("a", prize=Q(3), sanction=Q(4)),),
        channels=(Channel("x", (Q("0.5"),)), Channel("y", (Q("0.5"),))),
    )
    entry = critical_verification(model, exact=True).labs[0]
    assert entry.detection == Q(3, 4) and entry.margin == 0


@given(pause_models(max_labs=8))
@settings(max_examples=80, deadline=None)
def test_threshold_is_where_all_pause_flips(model):
    # At q_i = q_i* exactly lab i is indifferent; slightly below it races (when G_i > 0).
    report = critical_verification(model)
    for i, entry in enumerate(report.labs):
        q_star = entry.critical_verification
        if q_star is None or not 0 < q_star <= 1:
            continue
        detection = np.ones(model.num_labs)
        detection[i] = entry.critical_verification
        margins = pause_margins(model, detection=detection)
        assert abs(margins[i]) <= 1e-9 * max(1.0, abs(entry.defection_gain))


@given(pause_models(max_labs=10))
@settings(max_examples=60, deadline=None)
def test_margins_agree_with_enumeration(model):
    all_pause = bool((~pause_equilibria(model)).all(axis=1).any())
    assert all_pause == bool((pause_margins(model) >= -1e-9).all())
