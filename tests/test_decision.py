"""Tests of gametheory.pause.decision: who decides, and how often they get it right."""

from __future__ import annotations

import numpy as np
import pytest

from gametheory.core.globalgames import cutoff_regret
from gametheory.pause.decision import compare_rules, error_rates, pause_probabilities, vote_gain
from gametheory.pause.scenario import load_scenario
from gametheory.pause.trigger import pause_trigger, trigger_parameters


def _scenario(name: str):
    s = load_scenario(name)
    return s.model, trigger_parameters(s.model, s.sections["trigger"])


def test_error_rates_match_simulation() -> None:
    # Simulate states, the labs' and the auditor's evaluations, and apply each rule.
    model, p = _scenario("frontier-five")
    rng = np.random.default_rng(2026)
    draws = 200_000
    theta = rng.normal(p.state_mean, p.state_sd, draws)
    signals = theta[:, None] + p.noise * rng.normal(size=(draws, model.num_labs))
    warranted = theta > p.should_pause_above
    trig = pause_trigger(model, p)
    alone = (signals > trig.equilibrium.cutoffs).sum(axis=1) >= p.required
    regulator = signals.mean(axis=1) > p.should_pause_above
    auditor = theta + p.auditor_noise * rng.normal(size=draws) > p.should_pause_above
    sincere = model.array("pause_cost") / model.array("harm")
    vote = (signals > sincere).sum(axis=1) >= p.vote_quota
    simulated = {
        "labs alone": alone,
        "vote (sincere)": vote,
        "single regulator": regulator,
        "external auditor": auditor,
    }
    rules = {r.name: r for r in compare_rules(model, p)}
    for name, paused in simulated.items():
        hit, false = paused[warranted].mean(), paused[~warranted].mean()
        assert rules[name].hit_rate == pytest.approx(hit, abs=0.006), name
        assert rules[name].false_alarm_rate == pytest.approx(false, abs=0.006), name


def test_symmetric_majority_votes_are_sincere_equilibrium_votes() -> None:
    # Five identical labs, 3 of 5: the pivotal event (2 of the 4 others) is symmetric, so
    # conditioning on it leaves the sincere cutoff optimal (Austen-Smith & Banks 1996).
    model, p = _scenario("frontier-five")
    rules = {r.name: r for r in compare_rules(model, p)}
    assert rules["vote (sincere)"].vote_regret is not None
    assert rules["vote (sincere)"].vote_regret <= 1e-9
    assert "are equilibrium votes" in rules["vote (sincere)"].note


def test_supermajority_votes_are_not_sincere() -> None:
    # Three of four: a pivotal vote means two of the three others saw a high state, so a
    # lab at its sincere cutoff gains by voting pause (Feddersen & Pesendorfer 1998).
    model, p = _scenario("coordinated-pausing")
    rules = {r.name: r for r in compare_rules(model, p)}
    sincere = model.array("pause_cost") / model.array("harm")
    regret = cutoff_regret(vote_gain(model, p.vote_quota), sincere, p.noise)
    assert regret > 1e-3
    assert rules["vote (sincere)"].vote_regret == pytest.approx(regret)
    assert "are not equilibrium votes" in rules["vote (sincere)"].note
    equilibrium = rules["vote (equilibrium)"]
    assert equilibrium.vote_regret is not None and equilibrium.vote_regret <= 1e-9


def test_error_rates_of_a_perfect_rule() -> None:
    _, p = _scenario("three-blocs")
    hit, false = error_rates(lambda th: float(th > p.should_pause_above), p)
    assert hit == pytest.approx(1.0) and false == pytest.approx(0.0, abs=1e-12)


def test_pause_probabilities_rise_with_the_state() -> None:
    model, p = _scenario("two-labs")
    curves = pause_probabilities(model, p, np.linspace(0.0, 0.4, 9))
    for name, values in curves.items():
        assert np.all(np.diff(values) >= -1e-12), name
