"""Verification budgets: the linear programs against brute force and finite differences."""

from dataclasses import replace

import numpy as np
import pytest

from gametheory import Channel, InputError, Lab, PauseModel, critical_verification
from gametheory.pause.budget import (
    best_verification_for_budget,
    current_cost,
    least_cost_verification,
)


def small_model() -> PauseModel:
    return PauseModel(
        labs=(Lab("a", prize=5, sanction=10), Lab("b", prize=3, sanction=6)),
        channels=(
            Channel("inspections", (0.4, 0.2), cost=6.0),
            Channel("chips", (0.3, 0.5), cost=4.0),
        ),
    )


def intensified(model: PauseModel, x: np.ndarray) -> PauseModel:
    channels = tuple(
        replace(
            c, detection=tuple(1 - (1 - d) ** xi for d, xi in zip(c.detection, x[m], strict=True))
        )
        for m, c in enumerate(model.channels)
    )
    return replace(model, channels=channels)


def brute_force_least_cost(model: PauseModel, step: float = 0.01, cap: float = 3.0) -> float:
    """The cheapest grid point; labs are independent, so minimise lab by lab."""
    d = np.array([c.detection for c in model.channels], dtype=float)
    costs = np.array([c.cost for c in model.channels]) / model.num_labs
    q_star = np.array([t.critical_verification for t in critical_verification(model).labs])
    grid = np.arange(0, cap + 1e-12, step)
    x = np.stack(np.meshgrid(grid, grid, indexing="ij"), axis=-1).reshape(-1, 2)
    total = 0.0
    for i in range(model.num_labs):
        detection = 1 - np.prod((1 - d[:, i]) ** x, axis=1)
        total += float((x @ costs)[detection >= q_star[i] - 1e-12].min())
    return total


def test_least_cost_matches_brute_force():
    model = small_model()
    plan = least_cost_verification(model)
    assert plan.feasible
    brute = brute_force_least_cost(model)
    # The LP is optimal over the continuum: never above the grid's best, and the grid's best
    # is within one grid step of cost of it.
    assert plan.cost <= brute + 1e-9
    assert brute - plan.cost <= 0.01 * (6 + 4)
    # Running the plan makes all-pause an equilibrium, on the boundary for binding labs.
    report = critical_verification(intensified(model, plan.intensity))
    assert report.all_pause_is_equilibrium
    np.testing.assert_allclose(plan.detection, [t.detection for t in report.labs], rtol=1e-9)


def test_lab_marginal_value_is_a_derivative():
    # d cost / d G_a = dual_a * dL_a/dG_a with L = -log(1 - G/F): dL/dG = 1/(F (1 - q*)).
    model = small_model()
    plan = least_cost_verification(model)
    eps = 1e-6
    bumped = least_cost_verification(model.with_lab("a", prize=5 + eps))
    q_star = 5 / 10
    expected = plan.lab_marginal_value[0] / (10 * (1 - q_star))
    assert (bumped.cost - plan.cost) / eps == pytest.approx(expected, rel=1e-4)


def test_budget_margin_is_monotone_and_consistent():
    model = small_model()
    least = least_cost_verification(model)
    below = best_verification_for_budget(model, least.cost * 0.8)
    at = best_verification_for_budget(model, least.cost)
    above = best_verification_for_budget(model, least.cost * 1.5)
    assert below.margin < 0 <= above.margin
    assert at.margin == pytest.approx(0, abs=1e-9)
    assert "short" in below.message and "holds" in above.message
    assert above.cost <= least.cost * 1.5 + 1e-9
    # The margin of a budget grows at the rate given by its dual (per unit of budget).
    eps = 1e-4
    nudged = best_verification_for_budget(model, least.cost * 0.8 + eps)
    budget_rate = (nudged.margin - below.margin) / eps
    assert budget_rate > 0


def test_undeterrable_lab_is_reported():
    model = PauseModel(
        labs=(Lab("a", prize=5, sanction=2), Lab("b", prize=1, sanction=4)),
        channels=(Channel("x", (0.5, 0.5), cost=1),),
    )
    plan = least_cost_verification(model)
    assert not plan.feasible and plan.undeterrable == ("a",)
    # The sanction named is the root of the real condition: at the reachable verification
    # 1 - 0.5**3 = 0.875, a gain of 5 needs 5 / 0.875; re-solving on either side of it
    # finds no plan just below and a plan just above.
    needed = plan.sanction_needed["a"]
    assert needed == pytest.approx(5 / 0.875)
    assert "a needs a sanction of at least 5.714 (it has 2)" in plan.message
    below = replace(model, labs=(replace(model.labs[0], sanction=needed * 0.999), model.labs[1]))
    above = replace(model, labs=(replace(model.labs[0], sanction=needed * 1.001), model.labs[1]))
    assert not least_cost_verification(below).feasible
    assert least_cost_verification(above).feasible


def test_capped_intensity_names_the_sanction_needed():
    model = PauseModel(
        labs=(Lab("a", prize=3, sanction=4),), channels=(Channel("x", (0.5,), cost=10),)
    )
    plan = least_cost_verification(model, max_intensity=1)  # needs intensity 2
    assert not plan.feasible
    assert plan.sanction_needed == {"a": pytest.approx(6.0)}  # 3 / 0.5
    assert least_cost_verification(model, max_intensity=2).feasible


def test_plan_compares_with_what_the_scenario_spends_now():
    model = PauseModel(
        labs=(Lab("a", prize=3, sanction=4),), channels=(Channel("x", (0.5,), cost=10),)
    )
    plan = least_cost_verification(model)
    assert plan.current_cost == current_cost(model) == 10
    assert plan.cost == pytest.approx(20)


def test_bad_budget_inputs():
    with pytest.raises(InputError, match="at least one channel"):
        least_cost_verification(PauseModel(labs=(Lab("a"),)))
    with pytest.raises(InputError, match="budget = -1"):
        best_verification_for_budget(small_model(), -1)
