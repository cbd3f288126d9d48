"""Tests of gametheory.pause.evaluations: honest reporting and auditing."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from gametheory.pause.evaluations import honest_reporting, shading_gain
from gametheory.pause.scenario import load_scenario
from gametheory.pause.trigger import trigger_parameters


def _scenario(name: str):
    s = load_scenario(name)
    return s.model, trigger_parameters(s.model, s.sections["trigger"])


def test_shading_gain_matches_simulation() -> None:
    model, p = _scenario("frontier-five")
    rng = np.random.default_rng(18)
    draws, shade, lab = 400_000, 0.05, 0
    theta = rng.normal(p.state_mean, p.state_sd, draws)
    signals = theta[:, None] + p.noise * rng.normal(size=(draws, model.num_labs))
    honest = signals.mean(axis=1) > p.should_pause_above
    shaded = (signals.mean(axis=1) - shade / model.num_labs) > p.should_pause_above
    loss = model.labs[lab].pause_cost - theta * model.labs[lab].harm
    simulated = float(((honest.astype(float) - shaded) * loss).mean())
    assert shading_gain(model, p, lab, shade) == pytest.approx(simulated, abs=0.01)


def test_least_audit_is_the_honesty_threshold() -> None:
    # Re-solve with the audit just below and just above the least audit of each lab.
    model, p = _scenario("frontier-five")
    report = honest_reporting(model, p)
    assert (report.gain > 0).all()  # the regulator's threshold is below the labs' own
    for factor, expected in ((0.999, False), (1.001, True)):
        audit = report.least_audit * factor
        changed = dataclasses.replace(p, audit=audit)
        honest = honest_reporting(model, changed).honest
        assert honest.all() if expected else not honest.any()


def test_no_incentive_when_private_and_public_thresholds_agree() -> None:
    model, p = _scenario("frontier-five")
    same = dataclasses.replace(p, should_pause_above=0.06)  # = pause_cost / harm of every lab
    report = honest_reporting(model, same)
    assert np.all(report.gain == 0) and report.all_honest


def test_channels_are_the_default_audit() -> None:
    from gametheory.pause.model import detection_probabilities

    model, p = _scenario("three-blocs")
    report = honest_reporting(model, p)
    assert np.allclose(report.audit, detection_probabilities(model))
