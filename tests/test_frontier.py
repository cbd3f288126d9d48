"""The tradeoff frontier: closed form, checked against the game itself."""

from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings

from gametheory import Channel, InputError, Lab, pause_equilibria, pause_margins
from gametheory.pause.frontier import sanction_frontier

from .strategies import pause_models


def with_common(model, q, f):
    labs = tuple(replace(lab, sanction=f) for lab in model.labs)
    return replace(model, labs=labs, channels=(Channel("q", (q,) * model.num_labs),))


@given(pause_models(max_labs=5))
@settings(max_examples=60, deadline=None)
def test_frontier_is_the_all_pause_boundary(model):
    q = np.array([0.1, 0.35, 0.6, 1.0])
    frontier = sanction_frontier(model, q)
    for k, qk in enumerate(q):
        f_star = frontier.frontier[k]
        # At the frontier the binding lab's margin is zero to 1e-12 (relative to its scale).
        margins = pause_margins(model, detection=qk, sanction=f_star)
        b = frontier.binding[k]
        scale = max(1.0, abs(frontier.defection_gains[b]))
        if f_star > 0:
            assert abs(margins[b]) <= 1e-12 * scale
        assert (margins >= -1e-12 * scale).all()
        # Just above it all-pause is an equilibrium of the enumerated game; below it by more
        # than the tolerance, when a lab is tempted at all, it is not.
        above = with_common(model, qk, f_star * (1 + 1e-6) + 1e-9)
        assert (~pause_equilibria(above)).all(axis=1).any()
        # "Below" must be beyond the tolerance: the margin q F - G drops by q * delta, so
        # delta >= 1e-8 / q puts it at least 1e-8 (ten times TOL) below zero.
        delta = 1e-6 * f_star + 1e-8 / qk
        if f_star > delta:
            below = with_common(model, qk, f_star - delta)
            assert not (~pause_equilibria(below)).all(axis=1).any()


def test_frontier_by_hand():
    # G_a = 2; lab b has pause cost 1, risk 0.5, harm 4: G_b = 3 + 1 - 0.5 * 4 = 2;
    # lab c: G = 5. F*(q) = 5 / q, binding c everywhere.
    from gametheory import PauseModel

    model = PauseModel(
        labs=(
            Lab("a", prize=2),
            Lab("b", prize=3, pause_cost=1, risk=0.5, harm=4),
            Lab("c", prize=5),
        ),
    )
    frontier = sanction_frontier(model, [0.5, 1.0])
    np.testing.assert_allclose(frontier.least_sanction, [[4, 4, 10], [2, 2, 5]], atol=1e-15)
    assert frontier.binding.tolist() == [2, 2]
    zero = sanction_frontier(model, [0.0])
    assert np.isinf(zero.frontier[0])


def test_bad_verification():
    from gametheory import PauseModel

    with pytest.raises(InputError, match=r"verification strengths in \[0, 1\]"):
        sanction_frontier(PauseModel(labs=(Lab("a"),)), [1.2])
