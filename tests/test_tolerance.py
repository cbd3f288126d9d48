"""The one tolerance rule: ``tol`` is relative to the payoff scale (issue #15)."""

from __future__ import annotations

import dataclasses
import json
import pickle
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory.core.errors import InputError
from gametheory.core.game import NormalFormGame
from gametheory.core.pure import pure_equilibria
from gametheory.core.tolerance import TOL, PayoffTol, check_tol, scale_tol
from gametheory.interfaces.cli import main
from gametheory.pause.analysis import analyze
from gametheory.pause.model import PauseModel, payoff_tol
from gametheory.pause.scenario import load_model, load_scenario, shipped_models

PAYOFF_PARAMETERS = ("prize", "pause_cost", "harm", "sanction")


def rescaled(model: PauseModel, factor: float) -> PauseModel:
    """Every payoff parameter of every lab multiplied by ``factor`` (a change of units)."""
    labs = tuple(
        dataclasses.replace(lab, **{p: float(getattr(lab, p)) * factor for p in PAYOFF_PARAMETERS})
        for lab in model.labs
    )
    return dataclasses.replace(model, labs=labs)


def summary(model: PauseModel, factor: float) -> dict[str, object]:
    """What analyze decides, with every payoff-valued quantity divided by ``factor``."""
    result = analyze(model).to_dict()
    return {
        "verdict": (result["all_pause_is_equilibrium"], result["all_pause_is_unique"]),
        "pure": [e["label"] for e in result["equilibria"]],
        "mixed": [
            np.round(list(e["race_probability"].values()), 6).tolist()
            for e in result["mixed_equilibria"] or []
        ],
        "class": (result.get("game_class") or {}).get("name"),
        "status": [t["status"] for t in result["critical_verification"]],
        "q*": [t["critical_verification"] for t in result["critical_verification"]],
        "F*": [
            None if t["critical_sanction"] is None else t["critical_sanction"] / factor
            for t in result["critical_verification"]
        ],
    }


def assert_same(a: object, b: object) -> None:
    if isinstance(a, dict) and isinstance(b, dict):
        assert a.keys() == b.keys()
        for key in a:
            assert_same(a[key], b[key])
    elif isinstance(a, list | tuple) and isinstance(b, list | tuple):
        assert len(a) == len(b)
        for x, y in zip(a, b, strict=True):
            assert_same(x, y)
    elif isinstance(a, float) and isinstance(b, float):
        assert a == pytest.approx(b, rel=1e-9, abs=1e-12)
    else:
        assert a == b


@pytest.mark.parametrize("name", shipped_models())
def test_rescaling_every_payoff_changes_no_verdict_equilibrium_or_threshold(name):
    # The rule's promise: multiplying every payoff parameter by 10**k, k in -6..9, changes
    # verdicts, equilibrium sets and thresholds by the scale only (q* is a ratio: unchanged;
    # the critical sanction F* scales with the payoffs).
    model = load_model(name)
    reference = summary(model, 1.0)
    for k in range(-6, 10):
        factor = 10.0**k
        assert_same(summary(rescaled(model, factor), factor), reference)


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), k=st.integers(-6, 9))
def test_rescaling_a_game_changes_no_pure_equilibrium(seed, k):
    payoffs = np.random.default_rng(seed).integers(-3, 4, size=(3, 2, 3, 2)).astype(float)
    game = NormalFormGame(payoffs)
    scaled = NormalFormGame(payoffs * 10.0**k)
    assert [e.pure_profile for e in pure_equilibria(game)] == [
        e.pure_profile for e in pure_equilibria(scaled)
    ]


def test_the_reproducer_harm_a_million_is_analysed(capsys):
    # Issue #15: "tol = 1e-09: below the float64 resolution" for ordinary magnitudes.
    assert main(["analyze", "two-labs", "--set", "defaults.harm=1000000"]) == 0
    assert main(["analyze", "two-labs", "--set", "defaults.harm=1000000", "--exact"]) == 0
    assert "below the float64 resolution" not in capsys.readouterr().err


def test_a_relative_tol_below_the_float_resolution_is_refused_with_the_option_named(capsys):
    assert main(["analyze", "two-labs", "--tol", "1e-16"]) == 2
    assert "--tol" in capsys.readouterr().err


def test_payoff_tol_is_scaled_once_and_survives_pickling():
    model = rescaled(load_model("two-labs"), 1e6)
    tol = payoff_tol(model, TOL)
    assert float(tol) == pytest.approx(TOL * 136e6)  # V + kappa + H + F = 10 + 16 + 100 + 10
    assert payoff_tol(model, tol) is tol and check_tol(tol) is tol
    again = pickle.loads(pickle.dumps(tol))
    assert isinstance(again, PayoffTol) and again == tol and again.relative == TOL
    with pytest.raises(InputError, match="float64 range"):
        scale_tol(TOL, float("inf"))


# -- the same rule in every command ------------------------------------------------------------

#: Payoff-valued keys of the scenario sections the dynamic commands read (in the units of the
#: labs' payoffs): rescaling them with the labs is a change of units.
SECTION_PAYOFFS = {
    "dynamics": ("prize_per_capability",),
    "lifecycle": ("sanction",),
    # The inspector's loss, and the budget and inspection costs it pays from (in the same
    # units: money; the model's channel costs are rescaled with the labs').
    "treaty.verifier": ("loss", "budget", "inspection_cost"),
}
#: One command per code path: (command, extra options); each reads the scenario and its sections.
DYNAMIC_COMMANDS = [
    ("repeated", []),
    ("repeated", ["--punishment", "stick-and-carrot"]),
    ("repeated", ["--false-alarm", "0.05", "--punishment-length", "3"]),
    ("dynamic", []),
    ("lifecycle", []),
    ("verifier", []),
    ("race", []),
    ("sanctions", []),
    ("budget", []),
    ("coalitions", []),
    ("network", []),
    ("frontier", []),
    ("trigger", []),
]


def unit_overrides(name: str, factor: float) -> list[str]:
    """``--set`` options multiplying every payoff parameter of scenario ``name`` by ``factor``."""
    scenario = load_scenario(name)
    words: list[str] = []
    for lab in scenario.model.labs:
        for p in PAYOFF_PARAMETERS:
            words += ["--set", f"labs.{lab.name}.{p}={float(getattr(lab, p)) * factor!r}"]
    for channel in scenario.model.channels:
        words += ["--set", f"channels.{channel.name}.cost={float(channel.cost) * factor!r}"]
    for section, keys in SECTION_PAYOFFS.items():
        table: object = scenario.sections
        for part in section.split("."):
            table = table.get(part, {}) if isinstance(table, dict) else {}
        if not isinstance(table, dict):
            continue
        for key in keys:
            value = table.get(key)
            if isinstance(value, dict):  # one value per lab
                for lab, x in value.items():
                    words += ["--set", f"{section}.{key}.{lab}={float(x) * factor!r}"]
            elif value is not None:
                words += ["--set", f"{section}.{key}={float(value) * factor!r}"]
        evasion = table.get("evasion") if section == "treaty.verifier" else None
        if evasion:
            levels = ", ".join(
                f"{{cost = {float(e['cost']) * factor!r}, factor = {float(e['factor'])!r}}}"
                for e in evasion
            )
            words += ["--set", f"treaty.verifier.evasion=[{levels}]"]
    edges = scenario.sections.get("network", {}).get("edges")
    if edges:  # a sanction edge's sanction is a payoff (a monitoring edge's a probability)
        tables = []
        for edge in edges:
            items = {k: edge[k] for k in ("source", "target", "type", "mutual")}
            if edge["type"] == "monitoring":
                items["detection"] = edge["value"]
            elif edge["type"] == "sanction":
                items["sanction"] = edge["value"] * factor
            tables.append("{" + ", ".join(f"{k} = {toml_value(v)}" for k, v in items.items()) + "}")
        words += ["--set", f"network.edges=[{', '.join(tables)}]"]
    return words


def toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value)
    return repr(float(value)) if isinstance(value, float) else str(value)


def run_json(argv: list[str], capsys: pytest.CaptureFixture[str]) -> object:
    code = main([*argv, "--format", "json"])
    captured = capsys.readouterr()
    assert code in (0, 1, 2), captured.err  # 1: a computed "no" (budget: infeasible)
    if code == 2:
        return ("error", captured.err.split(": ")[-1])
    return json.loads(captured.out)


def assert_same_up_to_units(ref: object, got: object, factor: float, where: str = "") -> None:
    """Equal, except that each number may be multiplied by ``factor`` (a payoff) or not (a
    probability, a discount factor, a count); words, flags and lists must be the same."""
    if isinstance(ref, dict) and isinstance(got, dict):
        assert ref.keys() == got.keys(), where
        for key in ref:
            if key in ("command", "tol", "set", "overrides", "argv"):
                continue  # the command line itself differs by the --set options
            assert_same_up_to_units(ref[key], got[key], factor, f"{where}.{key}")
    elif isinstance(ref, list | tuple) and isinstance(got, list | tuple):
        assert len(ref) == len(got), where
        for k, (a, b) in enumerate(zip(ref, got, strict=True)):
            assert_same_up_to_units(a, b, factor, f"{where}[{k}]")
    elif isinstance(ref, float | int) and not isinstance(ref, bool) and isinstance(got, float):
        same = got == pytest.approx(ref, rel=1e-6, abs=1e-9)
        scaled = got == pytest.approx(ref * factor, rel=1e-6, abs=1e-9 * factor)
        assert same or scaled, f"{where}: {ref} -> {got} (x{factor:g})"
    elif isinstance(ref, str) and isinstance(got, str):
        # The words must be the same; numbers in a sentence are checked in their own fields.
        number = r"[-+]?\d[\d.,]*(e[-+]?\d+)?"
        assert re.sub(number, "#", ref) == re.sub(number, "#", got), f"{where}: {ref!r} -> {got!r}"
    else:
        assert ref == got, f"{where}: {ref!r} -> {got!r} (x{factor:g})"


@pytest.mark.filterwarnings("ignore")
@pytest.mark.parametrize(
    ("command", "extra"), DYNAMIC_COMMANDS, ids=[" ".join([c, *e]) for c, e in DYNAMIC_COMMANDS]
)
def test_rescaling_changes_no_verdict_in_the_dynamic_commands(command, extra, capsys):
    # The rule holds in every command, not only the one-shot game: the repeated pause (each
    # punishment), the dynamic game, the lifecycle, the strategic verifier and the race give
    # the same verdicts, equilibria and thresholds, payoffs in the new units, for every 10**k,
    # k in -6..9.
    for name in shipped_models():
        base = [command, name, *extra]
        reference = run_json([*base, *unit_overrides(name, 1.0)], capsys)
        if isinstance(reference, tuple):  # the scenario has no such section
            continue
        for k in range(-6, 10):
            factor = 10.0**k
            got = run_json([*base, *unit_overrides(name, factor)], capsys)
            assert_same_up_to_units(reference, got, factor, f"{name} x10^{k}")


@pytest.mark.parametrize("k", range(-6, 10))
def test_rescaling_the_inspection_game_changes_no_equilibrium(k, capsys):
    payoffs = {"gain": 1.0, "sanction": 3.0, "inspection-cost": 1.0, "loss": 10.0}
    payoffs |= {"false-alarm-cost": 1.0, "lab-false-alarm-cost": 0.5}
    shape = ["--detection", "0.5", "--periods", "6", "--inspections", "2"]

    def options(factor: float) -> list[str]:
        return [w for key, x in payoffs.items() for w in (f"--{key}", repr(x * factor))]

    reference = run_json(["inspect", *shape, *options(1.0)], capsys)
    got = run_json(["inspect", *shape, *options(10.0**k)], capsys)
    assert not isinstance(reference, tuple)
    assert_same_up_to_units(reference, got, 10.0**k, f"inspect x10^{k}")
