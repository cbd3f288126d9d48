"""What-if changes: ``--without LAB``, ``--set labs.LAB=false`` and the sweep shortcuts."""

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from gametheory import InputError, PauseModel, analyze, critical_verification, load_scenario
from gametheory.core.errors import EXIT_BAD_INPUT, EXIT_OK
from gametheory.interfaces.cli import main
from gametheory.pause.sweeps import sweep
from gametheory.pause.whatif import load_what_if, with_setting


def test_without_a_lab_is_the_model_written_without_it() -> None:
    full = load_scenario("frontier-five").model
    by_hand = PauseModel(
        labs=full.labs[:4],
        channels=tuple(replace(c, detection=c.detection[:4]) for c in full.channels),
        background_risk=full.background_risk,
        decisiveness=full.decisiveness,
    )
    dropped = load_what_if("frontier-five", without=["lab-e"]).model
    assert dropped.labs == by_hand.labs and dropped.channels == by_hand.channels
    ours, theirs = critical_verification(dropped), critical_verification(by_hand)
    assert ours.all_pause_is_equilibrium == theirs.all_pause_is_equilibrium is True
    assert ours.weakest_link.lab == theirs.weakest_link.lab


def test_set_lab_false_is_the_same_as_without() -> None:
    a = load_what_if("frontier-five", overrides=[("labs.lab-e", "false")])
    b = load_what_if("frontier-five", without=["lab-e"])
    assert a.model == b.model and a.name == b.name == "frontier-five without lab-e"
    kept = load_what_if("frontier-five", overrides=[("labs.lab-e", "true")])
    assert kept.model.num_labs == 5


def test_set_verification_agrees_with_sweep() -> None:
    # One model, one answer: --set verification=0.3 and a sweep point at 0.3 agree.
    model = load_scenario("frontier-five").model
    point = sweep(model, {"verification": [0.3]})
    scenario = load_what_if("frontier-five", overrides=[("verification", "0.3")])
    report = analyze(scenario.model)
    assert report.all_pause_is_equilibrium == bool(point.all_pause[0])
    assert "every lab's verification at 0.3" in scenario.name
    one = load_what_if("frontier-five", overrides=[("verification.lab-e", "0.6")]).model
    point = sweep(model, {"verification.lab-e": [0.6]})
    assert analyze(one).all_pause_is_equilibrium == bool(point.all_pause[0])
    q = one.channels[0].detection
    assert q[4] == 0.6 and np.isclose(q[0], critical_verification(model).labs[0].detection)


def test_set_num_labs() -> None:
    scenario = load_what_if("frontier-five", overrides=[("num_labs", "2")])
    assert scenario.model.lab_names == ("lab-a", "lab-b")
    assert list(scenario.parameters["labs"]) == ["lab-a", "lab-b"]


def test_exact_verification_is_a_fraction() -> None:
    s = with_setting(load_scenario("two-labs", exact=True), "verification", "0.1")
    assert str(s.model.channels[0].detection[0]) == "1/10"


def test_sections_naming_a_dropped_lab_are_pruned() -> None:
    s = load_what_if("three-blocs", without=["us"])
    edges = s.sections["network"]["edges"]
    assert edges and all("us" not in (e["source"], e["target"]) for e in edges)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"without": ["lab-z"]}, "--without = 'lab-z': no lab 'lab-z'"),
        ({"without": ["lab-a", "lab-b", "lab-c", "lab-d", "lab-e"]}, "drop every lab"),
        ({"overrides": [("labs.lab-z", "false")]}, "--set labs.lab-z"),
        ({"overrides": [("verification", "1.5")]}, "expected a probability in [0, 1]"),
        ({"overrides": [("verification.lab-z", "0.5")]}, "no lab 'lab-z'"),
        ({"overrides": [("num_labs", "0")]}, "expected a whole number >= 1"),
    ],
)
def test_bad_what_ifs_are_located(kwargs: dict, message: str) -> None:
    with pytest.raises(InputError, match=r"frontier-five\.toml") as info:
        load_what_if("frontier-five", **kwargs)
    assert message in str(info.value)


def test_without_on_every_scenario_command(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (
        ["analyze", "--without", "lab-e"],
        ["frontier", "--without", "lab-e", "--verification", "0.1:1:3"],
        ["sweep", "--without", "lab-e", "--param", "verification=0:1:3"],
        ["budget", "--without", "lab-e"],
        ["coalitions", "--without", "lab-e"],
        ["repeated", "--without", "lab-e"],
        ["race", "--without", "lab-e"],
    ):
        assert main(argv) == EXIT_OK, argv
        assert "without lab-e" in capsys.readouterr().out, argv
    assert main(["network", "--without", "us"]) == EXIT_OK
    assert main(["lifecycle", "--without", "dev-d"]) == EXIT_OK
    assert "without dev-d" in capsys.readouterr().out
    assert main(["analyze", "--without", "lab-z"]) == EXIT_BAD_INPUT
    assert "no lab 'lab-z'" in capsys.readouterr().err


def test_new_writes_a_commented_scenario_that_runs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["new", "my-scenario"]) == EXIT_OK
    text = (tmp_path / "my-scenario.toml").read_text(encoding="utf-8")
    assert 'name = "my-scenario"' in text
    # every field the file sets is explained by a comment line above it
    assert sum(line.startswith("#") for line in text.splitlines()) >= 20
    assert main(["validate", "my-scenario.toml"]) == EXIT_OK
    assert main(["analyze", "my-scenario.toml", "--variant", "strong-sanctions"]) == EXIT_OK
    capsys.readouterr()
    assert main(["new", "my-scenario"]) == EXIT_BAD_INPUT  # never overwrites
    assert "never overwritten" in capsys.readouterr().err
    assert main(["new", "bad name!"]) == EXIT_BAD_INPUT
