"""The one tolerance rule: ``tol`` is relative to the payoff scale (issue #15)."""

from __future__ import annotations

import dataclasses
import pickle

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
from gametheory.pause.scenario import load_model, shipped_models

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
