"""Tests of gametheory.pause.beliefs: Bayesian pause games."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from gametheory.core.bayesian import interim_regret, pure_bayes_nash_equilibria
from gametheory.core.errors import InputError
from gametheory.core.pure import pure_equilibria
from gametheory.pause.beliefs import (
    bayesian_pause_game,
    beliefs_from_section,
    pause_cutoff_equilibria,
)
from gametheory.pause.model import pause_payoffs, to_game
from gametheory.pause.scenario import load_scenario, parse_scenario

TWO_LABS = load_scenario("two-labs").path.read_text()
FINITE = """
[beliefs]
parameter = "prize"
values = [4, 10, 30]
probabilities = [0.2, 0.5, 0.3]
"""


def _finite_two_labs():
    text = TWO_LABS[: TWO_LABS.index("[beliefs]")] + FINITE
    s = parse_scenario(text, source="two-labs-finite.toml")
    return s.model, beliefs_from_section(s.model, s.sections["beliefs"])


def test_finite_bne_agree_with_the_definition() -> None:
    model, beliefs = _finite_two_labs()
    game = bayesian_pause_game(model, beliefs)
    ours = {e.actions() for e in pure_bayes_nash_equilibria(game)}
    # Brute force over every pure strategy (3 types x 2 actions per lab), certified with the
    # interim regret computed from the Bayesian game -- no agent form involved.
    brute = set()
    plans = list(itertools.product(range(2), repeat=3))
    for a, b in itertools.product(plans, plans):
        strategies = [np.eye(2)[list(a)], np.eye(2)[list(b)]]
        if interim_regret(game, strategies) <= 1e-9:
            brute.add((a, b))
    assert ours == brute and ours


def test_payoffs_are_the_pause_model_at_each_type_profile() -> None:
    model, beliefs = _finite_two_labs()
    game = bayesian_pause_game(model, beliefs)
    changed = model.with_lab("lab-a", prize=30.0).with_lab("lab-b", prize=4.0)
    assert np.allclose(game.payoffs[:, 2, 0], to_game(changed).payoffs)
    assert game.prior[2, 0] == pytest.approx(0.3 * 0.2)


def test_one_type_each_is_the_complete_information_game() -> None:
    text = TWO_LABS[: TWO_LABS.index("[beliefs]")] + (
        '[beliefs]\nparameter = "prize"\nvalues = [10]\nprobabilities = [1.0]\n'
    )
    s = parse_scenario(text)
    game = bayesian_pause_game(s.model, beliefs_from_section(s.model, s.sections["beliefs"]))
    bayes = {tuple(a[0] for a in e.actions()) for e in pure_bayes_nash_equilibria(game)}
    assert bayes == {e.pure_profile for e in pure_equilibria(to_game(s.model))}


def test_continuous_cutoff_is_indifferent_and_certified() -> None:
    s = load_scenario("two-labs")
    eqs = pause_cutoff_equilibria(s.model, beliefs_from_section(s.model, s.sections["beliefs"]))
    assert eqs and all(e.regret <= 1e-9 for e in eqs)
    # Independent check with the pause model's payoffs: at the cutoff pause cost c, lab-a is
    # indifferent given that lab-b races with probability p = P(kappa_b > c).
    e = eqs[0]
    c, p = float(e.cutoffs[0]), float(e.probabilities[1])
    m = s.model.with_lab("lab-a", pause_cost=c)
    race = pause_payoffs(m, [[True, False], [True, True]])[:, 0]
    pause = pause_payoffs(m, [[False, False], [False, True]])[:, 0]
    gain = (1 - p) * (race[0] - pause[0]) + p * (race[1] - pause[1])
    assert gain == pytest.approx(0.0, abs=1e-9)
    assert p == pytest.approx((24 - c) / 16, abs=1e-12)


def test_beliefs_errors_are_located() -> None:
    bad = TWO_LABS.replace('parameter = "pause_cost"', 'parameter = "harm"')
    with pytest.raises(InputError) as info:
        parse_scenario(bad, source="x.toml")
    assert str(info.value).startswith("x.toml:") and "beliefs.parameter" in str(info.value)
    with pytest.raises(InputError, match="summing to 1"):
        parse_scenario(
            TWO_LABS[: TWO_LABS.index("[beliefs]")] + FINITE.replace("0.3]", "0.4]"),
            source="x.toml",
        )
    text = TWO_LABS + '[beliefs.labs.lab-z]\ndistribution = "uniform"\nlow = 1\nhigh = 2\n'
    s = parse_scenario(text, source="x.toml")
    with pytest.raises(InputError, match="no such lab"):
        beliefs_from_section(s.model, s.sections["beliefs"], file="x.toml")


def test_per_lab_types() -> None:
    text = TWO_LABS + '[beliefs.labs.lab-b]\ndistribution = "uniform"\nlow = 20\nhigh = 30\n'
    s = parse_scenario(text)
    b = beliefs_from_section(s.model, s.sections["beliefs"])
    assert b.types[1]["low"] == 20 and b.types[0]["low"] == 8
    eqs = pause_cutoff_equilibria(s.model, b)
    assert eqs and all(e.regret <= 1e-9 for e in eqs)


def test_exact_certificate_of_the_default_model() -> None:
    from fractions import Fraction

    from gametheory.core.bayesian import exact_interim_regret

    s = load_scenario("frontier-five")
    game = bayesian_pause_game(s.model, beliefs_from_section(s.model, s.sections["beliefs"]))
    eqs = pure_bayes_nash_equilibria(game)
    for e in eqs[:2]:
        pure = [[[int(a == k) for k in range(2)] for a in plan] for plan in e.actions()]
        assert exact_interim_regret(game, pure) == Fraction(0)
    # Every lab racing whatever its type is not an equilibrium, exactly.
    all_race = [[[0, 1]] * 3] * 5
    assert exact_interim_regret(game, all_race) > 0
