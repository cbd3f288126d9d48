"""Tests for gametheory.pause.treaty: the [treaty] section, and every shipped model runs every
treaty analysis from its own section."""

from __future__ import annotations

import pytest

from gametheory.core.errors import InputError
from gametheory.pause.coalitions import (
    coalition_stability,
    largest_consistent_set,
    participation_sweep,
    with_participation,
)
from gametheory.pause.sanctions import sanction_credibility
from gametheory.pause.scenario import load_scenario, parse_scenario, shipped_models
from gametheory.pause.treaty import treaty_terms
from gametheory.pause.verifier import strategic_verification

BASE = """
name = "t"
[defaults]
capability = 1
prize = 4
pause_cost = 1
harm = 10
risk = 0.1
sanction = 8
[labs.a]
[labs.b]
"""
KEY_LINE = BASE.count("\n") + 2  # the second line of a section appended to BASE


@pytest.mark.parametrize("name", sorted(shipped_models()))
def test_every_shipped_model_runs_every_treaty_analysis(name):
    scenario = load_scenario(name)
    terms = treaty_terms(scenario)
    assert terms.sanctions is not None and terms.verifier is not None and terms.description
    base = coalition_stability(scenario.model)
    clause = with_participation(
        base, min_participation=terms.min_participation, pledges=terms.pledges
    )
    sweep = participation_sweep(base, pledges=terms.pledges)
    assert len(sweep.rows) == scenario.model.num_labs
    assert largest_consistent_set(clause)  # never empty
    report = sanction_credibility(scenario.model, terms.sanctions)
    assert set(report.effective) == set(scenario.model.lab_names)
    verification = strategic_verification(scenario.model, terms.verifier)
    assert verification.simultaneous.regret <= 1e-9 * max(1.0, float(verification.game.loss.max()))
    assert verification.commitment.spent <= terms.verifier.budget + 1e-9


@pytest.mark.parametrize(
    ("section", "field", "expected"),
    [
        ("[treaty]\nmin_participation = 0\n", "treaty.min_participation", "integer >= 1"),
        ("[treaty]\npledges = { a = true }\n", "treaty.pledges.a", "integer >= 1"),
        ("[treaty]\nfoo = 1\n", "treaty.foo", "unknown key"),
        ('[treaty.sanctions]\nimposer = "un"\n', "treaty.sanctions.imposer", "one of"),
        ("[treaty.sanctions]\ncost = -1\n", "treaty.sanctions.cost", ">= 0"),
        (
            "[treaty.verifier]\nevasion = [{ cost = 1, factor = 0 }]\n",
            "treaty.verifier.evasion.0.factor",
            "(0, 1]",
        ),
    ],
)
def test_bad_treaty_sections_get_located_errors(section, field, expected):
    with pytest.raises(InputError) as info:
        parse_scenario(BASE + section, source="t.toml")
    error = info.value
    assert error.file == "t.toml" and error.line == KEY_LINE
    assert error.field == field and expected in str(error)


def test_lab_names_and_counts_are_checked_against_the_model():
    scenario = parse_scenario(BASE + "[treaty]\nmin_participation = 3\n", source="t.toml")
    with pytest.raises(InputError, match="at most 2") as info:
        treaty_terms(scenario)
    assert info.value.field == "treaty.min_participation"
    scenario = parse_scenario(BASE + "[treaty]\npledges = { zz = 1 }\n", source="t.toml")
    with pytest.raises(InputError, match="no such lab"):
        treaty_terms(scenario)


def test_terms_are_read():
    text = BASE + (
        "[treaty]\nmin_participation = 2\npledges = { a = 2 }\n"
        '[treaty.sanctions]\nimposer = "third party"\nthird_party_cost = 0.5\n'
        "[treaty.verifier]\nbudget = 0.5\nevasion = [{ cost = 1, factor = 0.5 }]\n"
    )
    terms = treaty_terms(parse_scenario(text, source="t.toml"))
    assert terms.min_participation == 2 and terms.pledges == {"a": 2}
    assert terms.sanctions.imposer == "third party" and terms.sanctions.third_party_cost == 0.5
    assert terms.verifier.budget == 0.5 and terms.verifier.evasion[0].factor == 0.5
