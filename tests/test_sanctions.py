"""Tests for gametheory.pause.sanctions: who imposes, at what cost, and the effective sanctions."""

from __future__ import annotations

import pytest

from gametheory.core.errors import InputError
from gametheory.pause.analysis import analyze
from gametheory.pause.model import Channel, Lab, PauseModel
from gametheory.pause.sanctions import (
    SanctionSpec,
    effective_sanction_model,
    sanction_credibility,
    sanction_spec,
)

LAB = dict(prize=4, pause_cost=1, risk=0.1, harm=10, sanction=8)


def _three() -> PauseModel:
    return PauseModel(
        labs=(Lab("a", **LAB), Lab("b", **LAB), Lab("c", **LAB)),
        channels=(Channel("audits", (0.6, 0.6, 0.6)),),
    )


def test_each_other_lab_imposes_only_where_it_pays():
    # Hand-derived: each of the 2 other labs carries 8 / 2 = 4 of a target's sanction. a's
    # imposing costs 0.1 and returns 0.2 per unit (credible), b's costs 0.5 and returns 0
    # (not), c's ties at 0.3 / 0.3 (credible: a tie imposes). Effective: a gets b's 0 plus
    # c's 4 = 4; b gets a's 4 + c's 4 = 8; c gets a's 4 + b's 0 = 4.
    spec = SanctionSpec(cost={"a": 0.1, "b": 0.5, "c": 0.3}, benefit={"a": 0.2, "b": 0.0, "c": 0.3})
    result = sanction_credibility(_three(), spec)
    assert result.effective == {"a": 4.0, "b": 8.0, "c": 4.0}
    parts = {(p.target, p.imposer): p for p in result.impositions}
    assert parts["a", "b"].cost == pytest.approx(2.0) and not parts["a", "b"].imposes
    assert parts["a", "c"].net == 0.0 and parts["a", "c"].imposes
    # G = 4 + 1 - 0.1 * 10 = 4; detection 0.6: q F = 0.6 * 4 = 2.4 < 4 for a and c.
    assert result.all_pause_nominal and not result.all_pause_effective
    assert result.tempted_effective == ("a", "c")
    assert not result.credible


def test_bloc_decides_jointly_and_third_party_alone():
    bloc = SanctionSpec(
        imposer="bloc", bloc=("a", "b"), cost={"a": 0.4, "b": 0.0}, benefit={"a": 0.0, "b": 0.3}
    )
    # Target c: a and b share 8 (4 each): joint net 4 * (0 - 0.4) + 4 * (0.3 - 0) = -0.4 < 0.
    # Target a: only b imposes, all 8: net 8 * 0.3 > 0. Target b: only a: net -3.2.
    result = sanction_credibility(_three(), bloc)
    assert result.effective == {"a": 8.0, "b": 0.0, "c": 0.0}
    third = SanctionSpec(imposer="third party", third_party_cost=0.2, third_party_benefit=0.25)
    assert sanction_credibility(_three(), third).credible


def test_costless_sanctions_are_all_carried_out():
    result = sanction_credibility(_three(), SanctionSpec())
    assert result.credible and result.effective == result.nominal


def test_analyze_uses_effective_sanctions_when_costly(tmp_path):
    # One model, one answer: analyze on a scenario whose sanctions are costly agrees with the
    # sanction report's effective all-pause verdict.
    from gametheory.pause.scenario import load_scenario
    from gametheory.pause.treaty import treaty_terms

    for costly in (True, False):
        scenario = load_scenario(
            "two-labs", overrides=[f"treaty.sanctions.costly={str(costly).lower()}"]
        )
        result = analyze(scenario)
        report = sanction_credibility(scenario.model, treaty_terms(scenario).sanctions)
        expected = report.all_pause_effective if costly else report.all_pause_nominal
        assert result.all_pause_is_equilibrium == expected
        assert any("costly" in note for note in result.notes) == costly


def test_spec_checks_lab_names():
    m = _three()
    with pytest.raises(InputError, match="no such lab"):
        sanction_spec(m, {"cost": {"zz": 0.1}})
    with pytest.raises(InputError, match="no such lab"):
        sanction_spec(m, {"imposer": "bloc", "bloc": ["a", "zz"]})
    assert [lab.sanction for lab in effective_sanction_model(m, SanctionSpec()).labs] == [8, 8, 8]
