"""Tests for ``pausegame verifier`` and ``pausegame sanctions``."""

from __future__ import annotations

import dataclasses
import json

import pytest

from gametheory.core.errors import EXIT_BAD_INPUT, EXIT_OK
from gametheory.interfaces.cli import main
from gametheory.pause.sanctions import sanction_credibility
from gametheory.pause.scenario import load_scenario
from gametheory.pause.treaty import treaty_terms
from gametheory.pause.verifier import EvasionLevel, strategic_verification


def test_verifier_json_matches_library(capsys, tmp_path):
    plot = tmp_path / "v.png"
    args = ["verifier", "two-labs", "--budget", "0.1", "--evasion", "0.5:0.5", "1:0.2"]
    assert main([*args, "--format", "json", "--plot", str(plot)]) == EXIT_OK
    document = json.loads(capsys.readouterr().out)
    scenario = load_scenario("two-labs")
    spec = dataclasses.replace(
        treaty_terms(scenario).verifier,
        budget=0.1,
        evasion=(EvasionLevel(0.5, 0.5), EvasionLevel(1.0, 0.2)),
    )
    result = strategic_verification(scenario.model, spec)
    assert document["budget"] == 0.1 and len(document["evasion"]) == 2
    assert [lab["commitment"]["inspection"] for lab in document["labs"]] == pytest.approx(
        result.commitment.inspection.tolist()
    )
    assert document["leadership_value"] == pytest.approx(result.leadership_value)
    assert plot.stat().st_size > 0


def test_verifier_table_on_every_shipped_model(capsys):
    for name in ("two-labs", "three-blocs", "coordinated-pausing", "frontier-five"):
        assert main(["verifier", name]) == EXIT_OK
        out = capsys.readouterr().out
        assert "moving first is worth" in out and "budget LP" in out


def test_verifier_bad_budget_exits_2(capsys):
    assert main(["verifier", "two-labs", "--budget", "-1"]) == EXIT_BAD_INPUT
    assert "--budget" in capsys.readouterr().err


@pytest.mark.parametrize("bad", ["1:2", "x", "-1:0.5"])
def test_verifier_bad_evasion_is_a_usage_error(capsys, bad):
    with pytest.raises(SystemExit) as info:
        main(["verifier", "two-labs", "--evasion", bad])
    assert info.value.code == EXIT_BAD_INPUT
    assert "COST:FACTOR" in capsys.readouterr().err


def test_sanctions_and_analyze_give_one_answer(capsys):
    # One model, one answer: with costly sanctions, analyze's all-pause verdict is the
    # sanctions command's verdict with the effective sanctions.
    costly = ["--set", "treaty.sanctions.costly=true"]
    assert main(["sanctions", "two-labs", *costly, "--format", "json"]) == EXIT_OK
    report = json.loads(capsys.readouterr().out)
    assert report["analyze_uses_effective"] is True
    assert main(["analyze", "two-labs", *costly, "--format", "json"]) == EXIT_OK
    analysis = json.loads(capsys.readouterr().out)
    assert analysis["all_pause_is_equilibrium"] == report["all_pause_effective"]
    assert report["all_pause_nominal"] and not report["all_pause_effective"]
    scenario = load_scenario("two-labs")
    expected = sanction_credibility(scenario.model, treaty_terms(scenario).sanctions)
    assert report["effective"] == expected.effective


def test_sanctions_options_and_table(capsys):
    assert main(["sanctions", "three-blocs", "--cost", "0", "--benefit", "0"]) == EXIT_OK
    out = capsys.readouterr().out
    assert "us 80 -> 80" in out  # free to impose: carried out in full
    assert main(["sanctions", "two-labs", "--cost", "-1"]) == EXIT_BAD_INPUT
    assert main(["sanctions", "two-labs", "--imposer", "bloc"]) == EXIT_BAD_INPUT
