"""Tests of `pausegame trigger` and `pausegame bayes`."""

from __future__ import annotations

import json

import pytest

from gametheory.core.bayesian import pure_bayes_nash_equilibria
from gametheory.interfaces.cli import main
from gametheory.pause.beliefs import (
    bayesian_pause_game,
    beliefs_from_section,
    pause_cutoff_equilibria,
)
from gametheory.pause.decision import compare_rules
from gametheory.pause.scenario import load_scenario
from gametheory.pause.trigger import pause_trigger, trigger_parameters


def test_trigger_default_model_json_matches_library(capsys) -> None:
    assert main(["trigger", "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    s = load_scenario("frontier-five")
    p = trigger_parameters(s.model, s.sections["trigger"])
    t = pause_trigger(s.model, p)
    assert document["model"] == "frontier-five"
    assert document["cutoffs"] == pytest.approx(
        dict(zip(t.labs, t.equilibrium.cutoffs, strict=True))
    )
    assert document["trigger_point"] == pytest.approx(t.trigger_point)
    assert document["limit_point"] == pytest.approx(t.limit_point)
    rules = compare_rules(s.model, p)
    assert [r["hit_rate"] for r in document["rules"]] == pytest.approx([r.hit_rate for r in rules])


def test_trigger_table_variants_and_plot(tmp_path, capsys) -> None:
    plot = tmp_path / "trigger.png"
    code = main(["trigger", "coordinated-pausing", "--variants", "--plot", str(plot)])
    assert code == 0
    out = capsys.readouterr().out
    assert "Trigger point theta*" in out and "Terms:" in out
    for variant in ("voluntary", "agreement", "mutual-auditor", "legal"):
        assert variant in out
    assert "np.float64" not in out and plot.stat().st_size > 0


def test_trigger_without_labels_the_files_description(capsys) -> None:
    # frontier-five's [trigger] description counts five labs; with one removed the table must
    # not present that sentence as describing the four-lab game.
    assert main(["trigger", "--without", "lab-a"]) == 0
    out = capsys.readouterr().out
    description = load_scenario("frontier-five").sections["trigger"]["description"]
    assert f"The file's description, written with lab-a still in: {description}" in out
    assert "of 4 labs pause" in out
    assert main(["trigger"]) == 0
    assert "The file's description" not in capsys.readouterr().out


def test_bayes_default_model_agrees_with_library(capsys) -> None:
    assert main(["bayes", "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    s = load_scenario("frontier-five")
    game = bayesian_pause_game(s.model, beliefs_from_section(s.model, s.sections["beliefs"]))
    assert len(document["equilibria"]) == len(pure_bayes_nash_equilibria(game))
    assert all(e["interim_regret"] <= 1e-9 for e in document["equilibria"])


def test_bayes_continuous_table(capsys) -> None:
    assert main(["bayes", "two-labs"]) == 0
    out = capsys.readouterr().out
    s = load_scenario("two-labs")
    eq = pause_cutoff_equilibria(s.model, beliefs_from_section(s.model, s.sections["beliefs"]))[0]
    assert f"{eq.cutoffs[0]:.4g}" in out and "cutoff" in out


def test_missing_section_exits_2(tmp_path, capsys) -> None:
    text = load_scenario("two-labs").path.read_text()
    path = tmp_path / "plain.toml"
    path.write_text(text[: text.index("# THE TRIGGER")])
    assert main(["trigger", str(path)]) == 2
    assert "no [trigger] section" in capsys.readouterr().err
    assert main(["bayes", str(path)]) == 2
    assert "no [beliefs] section" in capsys.readouterr().err
