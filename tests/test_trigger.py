"""Tests of gametheory.pause.trigger: the trigger global game of the pause."""

from __future__ import annotations

import numpy as np
import pytest

from gametheory.core.errors import InputError
from gametheory.core.globalgames import action_probabilities, at_least_probability
from gametheory.pause.model import Channel, Lab, PauseModel
from gametheory.pause.scenario import load_scenario, parse_scenario, shipped_models
from gametheory.pause.trigger import (
    pause_trigger,
    trigger_parameters,
    trigger_sweep,
    validate_trigger_section,
)

KAPPA, V, H, F, Q = 6.0, 20.0, 100.0, 40.0, 0.5


def _identical(n: int) -> PauseModel:
    labs = tuple(Lab(f"l{i}", prize=V, pause_cost=KAPPA, harm=H, sanction=F) for i in range(n))
    return PauseModel(labs=labs, channels=(Channel("c", (Q,) * n),))


def _params(model: PauseModel, required: int, noise: float = 0.02):
    return trigger_parameters(model, {"noise": noise, "required": required})


@pytest.mark.parametrize(("n", "k"), [(2, 2), (4, 3), (5, 1), (5, 5)])
def test_identical_labs_limit_matches_laplacian_closed_form(n: int, k: int) -> None:
    # Ours (module docstring): theta*_0 = (kappa + (K-1)/N V - (N-K+1)/N q F) / H.
    model = _identical(n)
    t = pause_trigger(model, _params(model, k))
    expected = (KAPPA + (k - 1) / n * V - (n - k + 1) / n * Q * F) / H
    assert t.limit_point == pytest.approx(expected, abs=1e-12)


def test_trigger_point_converges_to_limit() -> None:
    s = load_scenario("frontier-five")
    p = trigger_parameters(s.model, s.sections["trigger"])
    rows = trigger_sweep(s.model, p, noises=[0.02, 0.002, 0.0002])["noise"]
    gaps = [abs(r["trigger_point"] - r["limit_point"]) for r in rows]
    assert gaps[0] > gaps[1] > gaps[2]
    assert gaps[2] < 1e-3


def test_trigger_point_is_the_half_crossing() -> None:
    s = load_scenario("frontier-five")
    p = trigger_parameters(s.model, s.sections["trigger"])
    t = pause_trigger(s.model, p)
    assert t.equilibrium.regret <= 1e-9

    def holds(theta: float) -> float:
        probs = action_probabilities(t.equilibrium, [theta])
        return float(at_least_probability(probs, p.required)[0])

    assert holds(t.trigger_point - 1e-6) < 0.5 < holds(t.trigger_point + 1e-6)


def test_required_labs_and_verification_move_the_trigger() -> None:
    s = load_scenario("coordinated-pausing")
    p = trigger_parameters(s.model, s.sections["trigger"])
    sweep = trigger_sweep(s.model, p, required=[1, 2, 3, 4], detection_scales=[0.0, 1.0, 2.0])
    limits = [r["limit_point"] for r in sweep["required"]]
    assert limits == sorted(limits) and limits[0] < limits[-1]
    by_detection = [r["trigger_point"] for r in sweep["detection_scale"]]
    assert by_detection == sorted(by_detection, reverse=True)


def test_versions_of_coordinated_pausing_lower_the_trigger() -> None:
    # More enforcement (Alaga & Schuett's versions in order) lowers the trigger point.
    points = []
    for variant in ("voluntary", "agreement", "mutual-auditor"):
        s = load_scenario("coordinated-pausing", variant=variant)
        points.append(pause_trigger(s.model, trigger_parameters(s.model, s.sections["trigger"])))
    values = [t.limit_point for t in points]
    assert values == sorted(values, reverse=True)


def test_section_errors_are_located() -> None:
    text = load_scenario("two-labs").path.read_text()
    with pytest.raises(InputError) as info:
        parse_scenario(text.replace("noise = 0.02", "noise = -0.02"), source="x.toml")
    message = str(info.value)
    assert message.startswith("x.toml:") and "trigger.noise" in message and "> 0" in message
    with pytest.raises(InputError, match="unknown key"):
        parse_scenario(text.replace("vote_quota = 1", "vote_qouta = 1"), source="x.toml")
    s = parse_scenario(text.replace("required = 2", "required = 3"), source="x.toml")
    with pytest.raises(InputError, match="number of labs"):
        trigger_parameters(s.model, s.sections["trigger"], file="x.toml")


def test_validator_requires_noise() -> None:
    class Loc:
        def error(self, message, *keys, value=None):
            return InputError(message, field=".".join(("trigger", *keys)), value=value)

    with pytest.raises(InputError, match="missing key 'noise'"):
        validate_trigger_section({"required": 2}, Loc())


def test_every_shipped_model_has_trigger_and_beliefs() -> None:
    for name in shipped_models():
        s = load_scenario(name)
        assert "trigger" in s.sections and "beliefs" in s.sections, name


def test_missing_section_is_an_input_error() -> None:
    model = _identical(2)
    with pytest.raises(InputError, match="no \\[trigger\\] section"):
        trigger_parameters(model, None)


def test_no_verification_and_no_prize_is_pure_risk_comparison() -> None:
    # With V = 0 and q F = 0 the gain is theta H - kappa whatever the others do: every cutoff
    # is kappa / H for any noise (a dominant-strategy check of the solver).
    labs = (Lab("a", pause_cost=5, harm=100), Lab("b", pause_cost=10, harm=100))
    model = PauseModel(labs=labs)
    t = pause_trigger(model, _params(model, 2, noise=0.05))
    assert np.allclose(t.equilibrium.cutoffs, [0.05, 0.10], atol=1e-9)
