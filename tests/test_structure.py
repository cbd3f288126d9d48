"""Bitmask equilibria, deviation gains and best-response dynamics against brute force."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory import (
    Lab,
    PauseModel,
    best_response_dynamics,
    critical_verification,
    deviation_gains,
    extremal_equilibria,
    is_equilibrium,
    order_structure,
    pause_equilibria,
    pause_payoffs,
    pure_equilibria,
    racing_profiles,
    to_game,
)

from .strategies import pause_models


@given(pause_models(max_labs=6))
@settings(max_examples=80, deadline=None)
def test_deviation_gains_are_payoff_differences(model):
    profiles = racing_profiles(model.num_labs)
    gains = deviation_gains(model, profiles)
    for i in range(model.num_labs):
        raced = profiles.copy()
        raced[:, i] = True
        paused = profiles.copy()
        paused[:, i] = False
        direct = pause_payoffs(model, raced)[:, i] - pause_payoffs(model, paused)[:, i]
        np.testing.assert_allclose(gains[:, i], direct, rtol=1e-9, atol=1e-9)


@given(pause_models(max_labs=7))
@settings(max_examples=60, deadline=None)
def test_bitmask_equilibria_equal_normal_form_enumeration(model):
    fast = {tuple(int(x) for x in row) for row in pause_equilibria(model)}
    brute = {e.pure_profile for e in pure_equilibria(to_game(model))}
    assert fast == brute


@given(pause_models(min_labs=1, max_labs=12))
@settings(max_examples=60, deadline=None)
def test_linear_time_all_pause_check_equals_enumeration(model):
    # The O(N) verdict (thresholds) agrees with full enumeration for every N <= 12.
    report = critical_verification(model)
    equilibria = pause_equilibria(model)
    all_pause_found = bool((~equilibria).all(axis=1).any())
    assert report.all_pause_is_equilibrium == all_pause_found


@given(pause_models(max_labs=6), st.data())
@settings(max_examples=60, deadline=None)
def test_converged_dynamics_end_at_certified_equilibria(model, data):
    start = data.draw(st.lists(st.booleans(), min_size=model.num_labs, max_size=model.num_labs))
    for order in ("sequential", "simultaneous"):
        run = best_response_dynamics(model, start, order=order)
        if run.converged:
            profile = [int(x) for x in run.final]
            assert is_equilibrium(to_game(model), profile)
        else:
            assert run.cycle or len(run.path) > 1


def complements_model(seed: int, n: int) -> PauseModel:
    rng = np.random.default_rng(seed)
    labs = tuple(
        Lab(
            f"l{i}",
            capability=float(rng.uniform(0.5, 2)),
            prize=float(rng.uniform(0, 0.01)),
            pause_cost=float(rng.uniform(0, 1.5)),
            harm=float(rng.uniform(5, 10)),
            risk=float(rng.uniform(0.1, 0.3)),
        )
        for i in range(n)
    )
    return PauseModel(labs=labs)


def test_extremal_equilibria_bound_every_equilibrium_under_complements():
    for seed in range(30):
        model = complements_model(seed, 6)
        assert order_structure(model) == "complements"
        low, high = extremal_equilibria(model)
        everything = pause_equilibria(model)
        rows = {tuple(r) for r in everything.tolist()}
        assert tuple(low.tolist()) in rows and tuple(high.tolist()) in rows
        assert (everything >= low).all() and (everything <= high).all()


def test_extremal_equilibria_unavailable_without_complements():
    model = PauseModel(labs=tuple(Lab(n, prize=3) for n in "abc"))
    assert order_structure(model) == "substitutes"
    assert extremal_equilibria(model) is None


def test_simultaneous_dynamics_cycle_in_chicken():
    # Racing alone gains 4 - 0.1 * 30 = 1 > 0; against a racer 2 - 0.9 * 0.1 * 30 = -0.7 < 0:
    # a game of chicken. Simultaneous revision from all-pause flips both labs every step.
    lab = dict(prize=4, harm=30, risk=0.1)
    model = PauseModel(labs=(Lab("a", **lab), Lab("b", **lab)))
    run = best_response_dynamics(model, [False, False], order="simultaneous")
    assert run.cycle and not run.converged
    assert [list(p) for p in run.path[:3]] == [[False, False], [True, True], [False, False]]
    sequential = best_response_dynamics(model, [False, False], order="sequential")
    assert sequential.converged and sequential.final.tolist() == [True, False]
