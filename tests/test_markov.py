"""Tests of gametheory.pause.markov: the dynamic pause game and its special cases."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from gametheory import Channel, Lab, PauseModel, analyze, pause_payoffs
from gametheory.core.errors import InputError
from gametheory.core.stochastic import stochastic_regret, transition_matrix
from gametheory.core.tolerance import TOL
from gametheory.pause.lifecycle import PauseLifecycle, analyse_lifecycle
from gametheory.pause.markov import (
    PauseDynamics,
    dynamic_equilibria,
    dynamic_game,
    least_confiscation,
    least_detection_dynamic,
    longest_pause,
    resumption_rules,
    solve_dynamic,
    temptation,
)
from gametheory.pause.model import payoff_tol
from gametheory.pause.repeated import critical_discount
from gametheory.pause.scenario import load_scenario, parse_scenario, shipped_models

ONE_SHOT = PauseDynamics(pause_periods=1, on_detection="continue", lead_levels=0)

CASES = [
    ("two-labs", None),
    ("two-labs", "strong-verification"),
    ("three-blocs", None),
    ("frontier-five", None),
    ("coordinated-pausing", "voluntary"),
    ("coordinated-pausing", "mutual-auditor"),
    ("coordinated-pausing", "legal"),
]


def duel(capability_b: float, sanction: float = 22.0) -> PauseModel:
    return PauseModel(
        labs=(
            Lab("a", prize=10, sanction=sanction, capability=1, pause_cost=1),
            Lab("b", prize=10, sanction=sanction, capability=capability_b, pause_cost=1),
        ),
        channels=(Channel("audit", (0.6, 0.6)),),
        decisiveness=2,
    )


@pytest.mark.parametrize(("name", "variant"), CASES)
def test_one_period_without_leads_is_the_one_shot_game(name, variant):
    # The continuation does not depend on the period's actions, so the paused state's
    # stationary MPE are exactly the one-shot game's pure equilibria (each paired with any
    # equilibrium of the open-racing stage game), and the tempted labs are analyze's.
    scenario = load_scenario(name, variant=variant, exact=True)
    one_shot = analyze(scenario, exact=True)
    tempted = [t.lab for t in one_shot.thresholds.labs if t.status == "tempted"]
    solution = solve_dynamic(scenario.model, ONE_SHOT)
    assert list(solution.tempted) == tempted
    assert solution.pause_holds == one_shot.all_pause_is_equilibrium
    found = dynamic_equilibria(scenario.model, ONE_SHOT)
    assert found.complete
    names = scenario.model.lab_names
    start = solution.dynamic.start
    paused_profiles = {
        tuple(n for n, a in zip(names, e.profile[start], strict=True) if a)
        for e in found.equilibria
    }
    assert paused_profiles == {tuple(e.racing) for e in one_shot.equilibria}
    for e in found.equilibria:
        assert stochastic_regret(solution.dynamic.game, e.profile).max() <= 1e-9


def test_mutual_auditor_lifecycle_and_analyze_agree():
    # The case: on coordinated-pausing --variant mutual-auditor the lifecycle and
    # analyze --exact name the same tempted developer (dev-a), with the file's own [dynamics].
    scenario = load_scenario("coordinated-pausing", variant="mutual-auditor")
    exact = analyze(load_scenario("coordinated-pausing", variant="mutual-auditor", exact=True))
    life = analyse_lifecycle(
        scenario.model,
        PauseLifecycle(**scenario.sections["lifecycle"]),
        dynamics=scenario.sections["dynamics"],
    )
    tempted = [n for n, ok in zip(life.lab_names, life.complies.all(axis=1), strict=True) if not ok]
    assert tempted == [t.lab for t in exact.thresholds.labs if t.status == "tempted"] == ["dev-a"]
    assert scenario.sections["dynamics"]["pause_periods"] == 1  # about a year, as the file says


def test_without_leads_it_is_the_repeated_pause():
    # resumption = never, a detection collapses the pause into open racing for good, no leads:
    # the Green-Porter repeated pause with Nash reversion at f = 0, L = infinity. Each lab's
    # least discount factor is gametheory.pause.repeated.critical_discount's, with the
    # punishment payoff of open racing (no sanction: there is no agreement left), the lab's
    # best reply to everyone else racing.
    scenario = load_scenario("frontier-five")
    model = scenario.model
    n = model.num_labs
    alone = np.eye(n, dtype=bool)
    everyone = np.ones((1, n), dtype=bool)
    temptation_payoff = np.diag(pause_payoffs(model, alone))
    reward = pause_payoffs(model, np.zeros((1, n), dtype=bool))[0]
    others = ~np.eye(n, dtype=bool)
    punishment = np.maximum(
        pause_payoffs(model, everyone, detection=np.zeros(n))[0],
        np.diag(pause_payoffs(model, others, detection=np.zeros(n))),
    )
    q = solve_dynamic(model, ONE_SHOT).dynamic.detection
    repeated = PauseDynamics(resumption="never", on_detection="collapse", collapse_periods=0)
    checked = 0
    for i in range(n):
        delta = critical_discount(temptation_payoff[i], reward[i], punishment[i], q[i])
        if not 0.02 < delta < 0.98:
            continue
        above = temptation(dynamic_game(model, replace(repeated, discount=delta + 0.01)))
        below = temptation(dynamic_game(model, replace(repeated, discount=delta - 0.01)))
        assert above[i] <= 1e-9 < below[i]
        checked += 1
    assert checked >= 1


def test_the_lifecycle_regime_chain_is_a_special_case():
    # Sensitivity 1 and notification 1 leave the lifecycle two states, racing and paused:
    # racing -> paused with h + (1 - h) phi, paused -> racing with rho. The dynamic game's
    # regime chain under compliance, with trigger = h + (1 - h) phi and a threshold rule rho,
    # has the same long-run fraction paused and expected pause length.
    h, phi, rho = 0.05, 0.02, 0.25
    model = PauseModel(labs=(Lab("a", prize=1, sanction=10),), channels=(Channel("x", (0.5,)),))
    life = analyse_lifecycle(model, PauseLifecycle(h, 1.0, phi, 1.0, rho))
    dyn = PauseDynamics(
        resumption="threshold", resumption_probability=rho, trigger=h + (1 - h) * phi
    )
    game = dynamic_game(model, dyn)
    _, matrix = transition_matrix(game.game, game.compliance())
    p = matrix.toarray()
    system = np.vstack([p.T - np.eye(len(p)), np.ones(len(p))])
    pi = np.linalg.lstsq(system, np.r_[np.zeros(len(p)), 1.0], rcond=None)[0]
    assert game.regimes == ("paused", "racing")
    assert pi[0] == pytest.approx(life.fraction_paused, abs=1e-12)
    assert dyn.expected_pause_length == pytest.approx(life.expected_pause_length)


def test_capability_changes_the_verdict():
    # Two labs the one-shot game deems deterred whatever their capabilities (racing alone takes
    # the whole prize). Over a two-period pause a covert lead pays in the open race that
    # follows, and it pays most when the labs are neck and neck (the contest share
    # c_a^2 / (c_a^2 + c_b^2) is steepest there): equal labs are tempted, a clear leader and
    # follower are not.
    dyn = PauseDynamics(discount=0.9, pause_periods=2, lead_levels=3, growth_rate=0.3)
    for capability in (1.0, 3.0):
        assert analyze(duel(capability)).all_pause_is_equilibrium
    assert solve_dynamic(duel(1.0), dyn).tempted == ("a", "b")
    assert solve_dynamic(duel(3.0), dyn).tempted == ()


def test_least_detection_is_a_root_checked_either_side():
    dyn = PauseDynamics(discount=0.9, pause_periods=2, lead_levels=3, growth_rate=0.3)
    model = duel(1.0)
    q = least_detection_dynamic(model, dyn)
    assert 0.6 < q[0] < 1 and q[0] == pytest.approx(q[1])
    for delta, tempted in ((1e-5, False), (-1e-5, True)):
        gains = temptation(dynamic_game(model, dyn, detection=q + delta))
        assert (gains > 1e-9).all() == tempted
    # The one-shot limit: one period, no leads: q* = G / F (MODEL's critical verification).
    # The root is where the gain falls to tol, which is relative to the payoff scale
    # (gametheory.core.tolerance): within tol / F of G / F.
    one = least_detection_dynamic(model, ONE_SHOT)
    assert one == pytest.approx([11 / 22, 11 / 22], abs=1e-12 + float(payoff_tol(model, TOL)) / 22)


def test_longest_pause_and_confiscation():
    model = PauseModel(
        labs=(Lab("a", prize=1, sanction=5), Lab("b", prize=1, sanction=5)),
        channels=(Channel("audit", (0.5, 0.5)),),
    )
    dyn = PauseDynamics(discount=0.9, lead_levels=4, growth_rate=0.3, prize_per_capability=1.0)
    longest, lead = longest_pause(model, dyn, max_periods=5)
    assert longest.tolist() == [2.0, 2.0]
    assert lead == pytest.approx([np.expm1(0.9)] * 2)  # three periods of dC/dt = 0.3 C
    for t, tempted in ((2, False), (3, True)):
        gains = temptation(dynamic_game(model, replace(dyn, pause_periods=t)))
        assert (gains > 1e-9).all() == tempted
    four = replace(dyn, pause_periods=4)
    c = least_confiscation(model, four)
    assert 0 < c < 1
    assert temptation(dynamic_game(model, replace(four, confiscation=c + 1e-5))).max() <= 1e-9
    assert temptation(dynamic_game(model, replace(four, confiscation=c - 1e-5))).max() > 1e-9
    rules = {r.rule: r for r in resumption_rules(model, four)}
    assert not rules["as in the scenario"].holds and rules["detected lead confiscated"].holds


@pytest.mark.parametrize("name", sorted(shipped_models()))
def test_every_shipped_model_has_a_dynamics_section_that_solves(name):
    scenario = load_scenario(name)
    assert "dynamics" in scenario.sections
    solution = solve_dynamic(scenario.model, scenario.sections["dynamics"])
    assert solution.path is not None and solution.equilibrium is not None
    assert solution.equilibrium.regret <= 1e-9
    assert np.all(np.diff(solution.path.cumulative_risk) >= -1e-12)


def test_dynamics_section_errors_are_located():
    text = (
        'name = "x"\n[defaults]\ncapability = 1\nprize = 1\npause_cost = 0\nharm = 0\n'
        "risk = 0\nsanction = 0\n[labs.a]\n[labs.b]\n"
        '[dynamics]\npause_periods = 2\nresumption = "vote"\n'
    )
    with pytest.raises(InputError) as info:
        parse_scenario(text, source="x.toml")
    assert str(info.value).startswith("x.toml:13: dynamics.resumption = 'vote': expected one of")
    with pytest.raises(InputError, match=r"x.toml:12: dynamics.pause_periods = 0"):
        parse_scenario(
            text.replace("periods = 2", "periods = 0").replace('"vote"', '"review"'),
            source="x.toml",
        )
    with pytest.raises(InputError, match="unknown key"):
        parse_scenario(text.replace("resumption", "resumptoin"), source="x.toml")


def test_exploding_capability_is_refused():
    model = PauseModel(labs=(Lab("a", prize=1),))
    with pytest.raises(InputError, match="lead_levels"):
        dynamic_game(model, PauseDynamics(lead_levels=5, growth_rate=1.0, returns=2.0))
