"""Tests for gametheory.pause.verifier: the two-player cases against the inspection-game closed
forms and the core's solver, the N-lab cases against brute force and their certificates."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory.core.twoplayer import two_player_equilibria
from gametheory.pause.inspection import (
    InspectionGame,
    inspection_equilibrium,
    inspection_game,
    inspector_leadership,
)
from gametheory.pause.model import Channel, Lab, PauseModel
from gametheory.pause.verifier import (
    EvasionLevel,
    InspectorGame,
    VerifierSpec,
    inspection_equilibrium_with_budget,
    inspector_commitment,
    inspector_game,
    strategic_verification,
)

# (gain g, sanction s, detection p, inspection cost c, loss l): mixed, does not pay, does not deter
BASIC = [(1.0, 3.0, 0.5, 1.0, 10.0), (2.0, 1.0, 0.9, 0.5, 4.0), (1.0, 0.5, 0.5, 1.0, 10.0)]


def _one_lab(g, s, p, c, ell, budget=math.inf) -> InspectorGame:
    # The basic inspection game's sanction s is what a detected lab loses beyond its gain:
    # here a detected racer keeps g and pays F, so F = g + s.
    return InspectorGame(
        ("lab",),
        gain=[g],
        sanction=[g + s],
        detection=[p],
        inspection_cost=[c],
        loss=[ell],
        budget=budget,
    )


@pytest.mark.parametrize(("g", "s", "p", "c", "ell"), BASIC)
def test_one_lab_equals_the_inspection_closed_forms(g, s, p, c, ell):
    # Avenhaus, von Stengel & Zamir (2002), Handbook of Game Theory vol. 3 ch. 51, the basic
    # inspection game: x* = g / (p (g + s)), y* = c / (p l), verifier -c/p; leadership -c x*.
    params = InspectionGame(g, s, p, c, ell)
    closed = inspection_equilibrium(params)
    sim = inspection_equilibrium_with_budget(_one_lab(g, s, p, c, ell))
    assert sim.inspection[0] == pytest.approx(closed.inspect_probability)
    assert sim.race_probability[0] == pytest.approx(closed.violate_probability)
    assert sim.inspector_payoff == pytest.approx(closed.verifier_payoff)
    assert sim.lab_payoffs[0] == pytest.approx(closed.lab_payoff)
    lead = inspector_leadership(params)
    com = inspector_commitment(_one_lab(g, s, p, c, ell))
    assert com.inspection[0] == pytest.approx(lead.inspect_probability)
    assert (com.response[0] == "pause") == lead.lab_complies
    assert com.inspector_payoff == pytest.approx(lead.verifier_payoff)


@pytest.mark.parametrize(("g", "s", "p", "c", "ell"), BASIC)
def test_one_lab_equals_the_core_solver(g, s, p, c, ell):
    # The core's vertex enumeration on the basic game finds the same (unique) equilibrium.
    found = list(two_player_equilibria(inspection_game(InspectionGame(g, s, p, c, ell))))
    assert len(found) == 1
    sim = inspection_equilibrium_with_budget(_one_lab(g, s, p, c, ell))
    assert found[0].strategies[0][0] == pytest.approx(sim.inspection[0])
    assert found[0].strategies[1][1] == pytest.approx(sim.race_probability[0])


def test_binding_budget_one_lab_hand_derived():
    # Ours: g = 1, F = 4, p = 0.5, c = 1, l = 10, budget 0.25 < x* = 0.5. The inspector
    # inspects with 0.25 (all it can); the lab, undeterred, races. Price of budget:
    # l p - c(1 + lambda) = 0 -> lambda = 4.
    sim = inspection_equilibrium_with_budget(_one_lab(1.0, 3.0, 0.5, 1.0, 10.0, budget=0.25))
    assert sim.inspection[0] == pytest.approx(0.25)
    assert sim.race_probability[0] == pytest.approx(1.0)
    assert sim.budget_price == pytest.approx(4.0)
    assert sim.inspector_payoff == pytest.approx(-0.25 - 10 * (1 - 0.25 * 0.5))
    com = inspector_commitment(_one_lab(1.0, 3.0, 0.5, 1.0, 10.0, budget=0.25))
    assert com.inspection[0] == pytest.approx(0.25) and com.response == ("race",)


def _random_game(seed: int, n: int, levels: int, budget_share: float) -> InspectorGame:
    rng = np.random.default_rng(seed)
    evasion = tuple(
        EvasionLevel(float(rng.uniform(0, 1)), float(rng.uniform(0.2, 1))) for _ in range(levels)
    )
    cost = rng.uniform(0.5, 2, n)
    return InspectorGame(
        tuple(f"l{i}" for i in range(n)),
        gain=rng.uniform(0.5, 3, n),
        sanction=rng.uniform(1, 10, n),
        detection=rng.uniform(0.3, 1, n),
        inspection_cost=cost,
        loss=rng.uniform(1, 20, n),
        budget=float(budget_share * cost.sum()),
        evasion=evasion,
    )


def _brute_force_commitment(game: InspectorGame, steps: int) -> float:
    n = len(game.labs)
    grid = np.linspace(0, 1, steps)
    best = -math.inf
    for x in itertools.product(grid, repeat=n):
        if float(game.inspection_cost @ np.array(x)) > game.budget + 1e-12:
            continue
        total = 0.0
        for i in range(n):
            lab = game.lab_payoffs(i, x[i])
            mine = game.inspector_values(i, x[i])
            total += float(mine[lab >= lab.max() - 1e-9].max())  # ties favour the inspector
        best = max(best, total)
    return best


@settings(max_examples=12, deadline=None)
@given(seed=st.integers(0, 10**6), levels=st.integers(0, 2), share=st.floats(0.1, 1.2))
def test_commitment_beats_every_grid_commitment(seed, levels, share):
    game = _random_game(seed, 2, levels, share)
    com = inspector_commitment(game)
    assert com.spent <= game.budget + 1e-9
    for i in range(2):  # the reply is a best reply
        lab = game.lab_payoffs(i, com.inspection[i])
        assert lab.max() - com.lab_payoffs[i] <= 1e-9
    assert com.inspector_payoff >= _brute_force_commitment(game, 61) - 1e-9


@settings(max_examples=12, deadline=None)
@given(
    seed=st.integers(0, 10**6),
    n=st.integers(1, 3),
    levels=st.integers(0, 2),
    share=st.floats(0.05, 1.2),
)
def test_simultaneous_equilibrium_is_certified_and_leadership_pays(seed, n, levels, share):
    game = _random_game(seed, n, levels, share)
    sim = inspection_equilibrium_with_budget(game)
    assert sim.regret <= 1e-9 * max(1.0, float(game.loss.max()))
    assert sim.spent <= game.budget + 1e-9
    if sim.budget_price > 0:  # complementary slackness: a priced budget is spent
        assert sim.spent == pytest.approx(game.budget)
    # The leader can always commit to its equilibrium strategy (von Stengel & Zamir 2010).
    assert inspector_commitment(game).inspector_payoff >= sim.inspector_payoff - 1e-9


def test_strategic_verification_on_a_model_and_the_budget_lp():
    lab = dict(prize=4, pause_cost=1, risk=0.1, harm=10, sanction=8)
    m = PauseModel(
        labs=(Lab("a", **lab), Lab("b", **lab)), channels=(Channel("audits", (0.6, 0.6), cost=2),)
    )
    spec = VerifierSpec(budget=1.5, evasion=(EvasionLevel(1.5, 0.6),))
    sv = strategic_verification(m, spec)
    # Gains 4 + 1 - 0.1 * 10 = 4 (thresholds); x* = 2.5 / (0.6 * 0.6 * 8) = 0.868 per lab.
    assert sv.game.gain.tolist() == [4.0, 4.0]
    assert sv.deterring_inspection == pytest.approx([2.5 / 2.88] * 2)
    # A budget of 1.5 deters one lab (cost 0.868), not both (1.736).
    assert sorted(sv.commitment.response) == ["pause", "race"]
    assert sv.budget_lp_cost is not None and sv.budget_lp_cost > 0
    assert sv.leadership_value >= -1e-9


def test_inspector_game_defaults_and_overrides():
    lab = dict(prize=4, pause_cost=1, risk=0.1, harm=10, sanction=8)
    m = PauseModel(labs=(Lab("a", **lab), Lab("b", **lab)))
    g = inspector_game(m, VerifierSpec(detection={"a": 0.9}, loss={"b": 3.0}))
    assert g.detection.tolist() == [0.9, 0.0]
    assert g.loss.tolist() == [2.0, 3.0]
    assert g.inspection_cost.tolist() == [1.0, 1.0]  # no channel costs: unit cost


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 10**6), levels=st.integers(0, 3))
def test_one_lab_commitment_equals_the_core_stackelberg_solver(seed, levels):
    # With one lab and no binding budget the inspector's commitment problem is a 2 x (1 + L)
    # bimatrix game; the core's strong Stackelberg solver (Conitzer & Sandholm 2006 LPs)
    # must find the same leader value.
    from gametheory.core.commitment import strong_stackelberg

    game = _random_game(seed, 1, levels, 1.0)
    game = InspectorGame(
        game.labs,
        gain=game.gain,
        sanction=game.sanction,
        detection=game.detection,
        inspection_cost=game.inspection_cost,
        loss=game.loss,
        budget=math.inf,
        evasion=game.evasion,
    )
    ours = inspector_commitment(game)
    core = strong_stackelberg(game.pair_game(0), leader=0)
    assert ours.inspector_payoff == pytest.approx(core.leader_value, abs=1e-9)
    if abs(float(core.strategy[0]) - float(ours.inspection[0])) <= 1e-9:
        assert ours.lab_payoffs[0] == pytest.approx(core.follower_value, abs=1e-9)
