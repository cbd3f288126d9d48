"""Tests for gametheory.pause.coalitions: brute force over all deviations, classic results, core."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory.core.game import NormalFormGame, certify
from gametheory.core.tolerance import TOL
from gametheory.pause.coalitions import (
    LinearPublicGood,
    active_signatories,
    coalition_stability,
    largest_consistent_set,
    least_core,
    participation_sweep,
    shapley_value,
    stabilizing_transfers,
    stable_coalition_sizes,
    with_participation,
)
from gametheory.pause.model import (
    Channel,
    Lab,
    PauseModel,
    pause_payoffs,
    payoff_tol,
    racing_profiles,
    to_game,
)
from gametheory.pause.structure import deviation_gains

Payoff = Callable[[tuple[bool, ...]], np.ndarray]


# -- an independent, naive reference: Python loops over profiles ---------------------------------
def naive_outcome(payoff: Payoff, n: int, members: set[int], start: set[int]) -> tuple | None:
    """Sequential best response of outsiders, most tempted first (ties: lowest index)."""
    racing = [i in start and i not in members for i in range(n)]
    seen = {tuple(racing)}
    while True:
        here = payoff(tuple(racing))
        best, best_gain = None, TOL
        for i in range(n):
            if i in members:
                continue
            flipped = list(racing)
            flipped[i] = not flipped[i]
            gain = payoff(tuple(flipped))[i] - here[i]
            if gain > best_gain:
                best, best_gain = i, gain
        if best is None:
            return tuple(racing)
        racing[best] = not racing[best]
        if tuple(racing) in seen:
            return None
        seen.add(tuple(racing))


def naive_stability(payoff: Payoff, n: int) -> dict[int, dict[str, Any] | None]:
    outcomes: dict[int, Any] = {}
    for mask in range(1 << n):
        members = {i for i in range(n) if mask >> i & 1}
        outcome = naive_outcome(payoff, n, members, set(range(n)))
        if outcome is None:
            outcome = naive_outcome(payoff, n, members, set())
        outcomes[mask] = outcome
    result: dict[int, dict[str, Any] | None] = {}
    for mask, outcome in outcomes.items():
        if outcome is None or any(outcomes[mask ^ (1 << i)] is None for i in range(n)):
            result[mask] = None
            continue
        u = payoff(outcome)
        leave = [payoff(outcomes[mask ^ (1 << i)])[i] - u[i] for i in range(n) if mask >> i & 1]
        join = [payoff(outcomes[mask | (1 << i)])[i] - u[i] for i in range(n) if not mask >> i & 1]
        result[mask] = {
            "outcome": outcome,
            "internal": all(g <= TOL for g in leave),
            "external": all(g < -TOL for g in join),
            "surplus": -sum(leave),
            "payoffs": u,
        }
    return result


def model_payoff(model: PauseModel) -> Payoff:
    return lambda racing: pause_payoffs(model, list(racing))


def random_model(rng: np.random.Generator, n: int) -> PauseModel:
    labs = tuple(
        Lab(
            f"l{i}",
            capability=float(rng.integers(1, 5)),
            prize=float(rng.integers(0, 10)),
            pause_cost=float(rng.integers(0, 3)),
            harm=float(rng.choice([0, 10, 20, 40])),
            risk=float(rng.choice([0.05, 0.2, 0.5])),
            sanction=float(rng.integers(0, 10)),
        )
        for i in range(n)
    )
    channel = Channel("audit", tuple(float(x) for x in rng.choice([0, 0.3, 0.7], n)))
    return PauseModel(labs, (channel,), decisiveness=float(rng.choice([0, 1, 2])))


def assert_matches_brute_force(result, reference, n):
    for mask in range(1 << n):
        ref = reference[mask]
        if ref is None:
            assert not result.determined[mask]
            continue
        assert result.determined[mask]
        bits = sum(1 << i for i, r in enumerate(ref["outcome"]) if r)
        assert result.outsiders_racing[mask] == bits
        assert bool(result.internally_stable[mask]) == ref["internal"]
        assert bool(result.externally_stable[mask]) == ref["external"]
        np.testing.assert_allclose(result.free_riding_surplus[mask], ref["surplus"], atol=1e-9)
        np.testing.assert_allclose(result.payoffs[mask], ref["payoffs"], atol=1e-9)


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(1, 4))
def test_stability_equals_brute_force_on_pause_models(seed, n):
    model = random_model(np.random.default_rng(seed), n)
    result = coalition_stability(model)
    assert_matches_brute_force(result, naive_stability(model_payoff(model), n), n)


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(2, 4))
def test_stability_equals_brute_force_on_random_games(seed, n):
    # Random games also exercise cycling best-response dynamics (undetermined outcomes).
    payoffs = np.random.default_rng(seed).integers(-3, 4, size=(n,) + (2,) * n).astype(float)
    game = NormalFormGame(payoffs)

    def payoff(racing):
        return payoffs[(slice(None), *(int(r) for r in racing))]

    assert_matches_brute_force(coalition_stability(game), naive_stability(payoff, n), n)


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_outsider_outcomes_are_certified_equilibria_of_the_outsiders_game(seed):
    model = random_model(np.random.default_rng(seed), 3)
    result = coalition_stability(model)
    game = to_game(model)
    for mask in range(8):
        if result.outsiders_racing[mask] < 0:
            continue
        outsiders = [i for i in range(3) if not mask >> i & 1]
        if not outsiders:
            continue
        # The outsiders' game: members' axes fixed at pause (0).
        index = tuple(slice(None) if i in outsiders else 0 for i in range(3))
        sub = NormalFormGame(game.payoffs[(outsiders, *index)])
        profile = [int(result.outsiders_racing[mask] >> i & 1) for i in outsiders]
        # Certified against the tolerance coalition_stability decided with: the scenario's.
        tol = payoff_tol(model, TOL)
        assert certify(sub, [np.eye(2)[a] for a in profile], "coalitions", tol=tol) is not None


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_race_advantage_agrees_with_dynamics_module(seed):
    from gametheory.pause.coalitions import _ModelStage

    model = random_model(np.random.default_rng(seed), 4)
    masks = np.arange(16, dtype=np.int64)
    np.testing.assert_allclose(
        _ModelStage(model).advantage(masks), deviation_gains(model, racing_profiles(4)), atol=1e-9
    )
    np.testing.assert_allclose(
        _ModelStage(model).payoffs(masks), pause_payoffs(model, racing_profiles(4)), atol=1e-9
    )


def _random_stage(seed: int, n: int, kind: str):
    from gametheory.pause.coalitions import _game_table, _ModelStage, _TableStage

    rng = np.random.default_rng(seed)
    if kind == "model":
        return _ModelStage(random_model(rng, n))
    payoffs = rng.integers(-3, 4, size=(n,) + (2,) * n).astype(float)
    return _TableStage(_game_table(NormalFormGame(payoffs)))


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(1, 6), kind=st.sampled_from(["model", "game"]))
def test_tabulated_dynamics_equal_stepwise_dynamics(seed, n, kind):
    # The all-coalitions engine (ranks tabulated once, Brent cycle detection) must make the same
    # moves as the stepwise engine that recomputes gains and remembers every visited profile.
    from gametheory.pause.coalitions import _coalition_dynamics, _dynamics, _switch_ranks

    stage = _random_stage(seed, n, kind)
    coalitions = np.arange(1 << n, dtype=np.int64)
    ranks = _switch_ranks(stage, TOL)
    for start in ((1 << n) - 1 ^ coalitions, np.zeros_like(coalitions)):
        state, converged, _ = _dynamics(stage, coalitions, start, TOL)
        fast_state, fast_converged = _coalition_dynamics(ranks, coalitions, start)
        np.testing.assert_array_equal(fast_converged, converged)
        np.testing.assert_array_equal(fast_state[converged], state[converged])


def test_brent_cycle_detection_on_a_long_cycle():
    # A ring of 8 players: player 0 wants to match player 7, every other player wants to differ
    # from its left neighbour. Seven "differ" links around an even ring admit no consistent
    # profile, so there is no pure equilibrium and the dynamics must cycle; the cycle is long
    # enough to outlast several of Brent's checkpoints.
    from gametheory.pause.coalitions import (
        _coalition_dynamics,
        _dynamics,
        _switch_ranks,
        _TableStage,
    )

    n = 8
    masks = np.arange(1 << n)
    bits = (masks[:, None] >> np.arange(n)) & 1
    left = np.roll(bits, 1, axis=1)
    want = np.where(np.arange(n) == 0, left, 1 - left)
    stage = _TableStage((bits == want).astype(float))
    start = np.zeros(1, dtype=np.int64)
    _, converged, moves = _dynamics(stage, start, start, TOL, record=True)
    assert not converged[0] and len(moves[0]) > 8  # the reference sees a long cycle too
    _, fast_converged = _coalition_dynamics(_switch_ranks(stage, TOL), start, start)
    assert not fast_converged[0]


def test_chunked_tables_give_the_same_analysis(monkeypatch):
    # With 2^N below the chunk size no chunk boundary is crossed elsewhere in this file; force
    # tiny chunks so the rank table and outcome evaluation are built piecewise.
    import gametheory.pause.coalitions as coalitions_module

    model = random_model(np.random.default_rng(7), 6)
    whole = coalition_stability(model)
    monkeypatch.setattr(coalitions_module, "_CHUNK", 8)
    pieces = coalition_stability(model)
    for name in ("outsiders_racing", "determined", "strongest_pull"):
        np.testing.assert_array_equal(getattr(pieces, name), getattr(whole, name))
    for name in ("payoffs", "catastrophe", "leave_gain", "join_gain", "free_riding_surplus"):
        np.testing.assert_array_equal(getattr(pieces, name), getattr(whole, name))


def test_reported_coalitions_are_consistent():
    lab = dict(prize=6, pause_cost=1, harm=25, risk=0.2)
    result = coalition_stability(PauseModel(tuple(Lab(x, **lab) for x in "abcd")))
    stable = result.stable_coalitions
    assert len(stable) and all(result.stable[stable])
    sizes = result.sizes[stable]
    assert (np.diff(sizes) <= 0).all()
    assert result.largest_stable == stable[0]
    safest = result.safest_stable
    assert result.catastrophe[safest] == result.catastrophe[stable].min()
    unstable = np.flatnonzero(result.leave_gain > TOL)
    for mask in unstable:
        pull = result.strongest_pull[mask]
        assert mask >> pull & 1
        gains = [
            result.payoffs[mask ^ (1 << i), i] - result.payoffs[mask, i]
            for i in range(4)
            if mask >> i & 1
        ]
        assert result.payoffs[mask ^ (1 << pull), pull] - result.payoffs[mask, pull] == max(gains)
    assert (result.strongest_pull[result.internally_stable] == -1).all()


def test_multiple_outsider_equilibria_are_flagged():
    # Two labs, coalition empty: a stag hunt has two pure equilibria.
    game = NormalFormGame.from_bimatrix([[4, 0], [3, 3]], [[4, 3], [0, 3]])
    result = coalition_stability(game)
    assert result.multiple_outsider_equilibria[0]
    assert result.outsiders_racing[0] == 0b11  # from all racing


# -- the symmetric shortcut and the classic small-coalition result -------------------------------
@pytest.mark.parametrize("n", range(3, 16))
@pytest.mark.parametrize(("benefit", "cost"), [(1.0, 1.0), (2.0, 0.5), (0.3, 7.0)])
def test_linear_public_good_has_stable_size_three(n, benefit, cost):
    # Carraro & Siniscalco (1993) J. Public Econ. 52:309; Hoel (1992); Barrett (2003, ch. 7):
    # with linear benefits and quadratic costs the stable coalition has 3 members.
    game = LinearPublicGood(n, benefit, cost)
    assert stable_coalition_sizes(game.signatory, game.nonsignatory, n) == (3,)


@pytest.mark.parametrize("n", [1, 2])
def test_linear_public_good_small_n_is_grand_coalition(n):
    game = LinearPublicGood(n)
    assert stable_coalition_sizes(game.signatory, game.nonsignatory, n) == (n,)


@settings(max_examples=30, deadline=None)
@given(n=st.integers(2, 8), k=st.integers(0, 8), benefit=st.floats(0.1, 5), cost=st.floats(0.1, 5))
def test_public_good_payoffs_match_closed_form_and_best_responses(n, k, benefit, cost):
    k = min(k, n)
    game = LinearPublicGood(n, benefit, cost)
    q_s, q_n = game.abatement(k)

    def joint(q):  # the signatories' joint payoff at a common abatement q
        return k * (benefit * (k * q + (n - k) * q_n) - cost * q**2 / 2)

    def own(q):  # a non-signatory's own payoff
        return benefit * (k * q_s + (n - k - 1) * q_n + q) - cost * q**2 / 2

    for step in (-1e-3, 1e-3):
        if k:
            assert joint(q_s) >= joint(q_s + step)
        if k < n:
            assert own(q_n) >= own(q_n + step)
    scale = benefit**2 / cost
    if k:
        assert game.signatory(k) == pytest.approx(scale * (k**2 / 2 + n - k))
    if k < n:
        assert game.nonsignatory(k) == pytest.approx(scale * (k**2 + n - k - 0.5))


def test_symmetric_shortcut_agrees_with_full_analysis():
    # A symmetric table game whose payoffs depend only on the number of members.
    n = 4
    game = LinearPublicGood(n, 1.0, 1.0)

    def payoff(racing):  # racing = not a member
        k = n - sum(racing)
        return np.array([game.nonsignatory(k) if r else game.signatory(k) for r in racing])

    tensor = np.zeros((n,) + (2,) * n)
    for profile in itertools.product((0, 1), repeat=n):
        index: tuple[Any, ...] = (slice(None), *profile)
        tensor[index] = payoff(tuple(bool(a) for a in profile))
    # Outsiders' play does not matter here (they always race = stay out), so the full
    # analysis must give the shortcut's sizes.
    full = coalition_stability(NormalFormGame(tensor))
    sizes = sorted({int(full.sizes[k]) for k in full.stable_coalitions})
    assert tuple(sizes) == stable_coalition_sizes(game.signatory, game.nonsignatory, n)


def test_stable_sizes_input_errors():
    with pytest.raises(ValueError, match="n: got 0"):
        stable_coalition_sizes(float, float, 0)
    with pytest.raises(ValueError, match="cost"):
        LinearPublicGood(3, 1.0, -1.0)


# -- transfers, core, Shapley ---------------------------------------------------------------------
@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_transfers_balance_and_beat_outside_options(seed):
    model = random_model(np.random.default_rng(seed), 3)
    result = coalition_stability(model)
    for mask in range(1, 8):
        if not result.determined[mask]:
            continue
        scheme = stabilizing_transfers(result, mask)
        assert scheme.feasible == bool(result.potentially_internally_stable[mask])
        if scheme.transfers is None:
            assert scheme.surplus < -TOL
            continue
        assert sum(scheme.transfers) == pytest.approx(0, abs=1e-9)
        for u, t, o in zip(scheme.payoffs, scheme.transfers, scheme.outside_options, strict=True):
            assert u + t >= o - 1e-9


def test_transfer_known_case():
    model = PauseModel(
        labs=(
            Lab("a", prize=2, pause_cost=2, harm=10, risk=0.5),
            Lab("b", prize=7, pause_cost=0, harm=10, risk=0.5),
            Lab("c", prize=1, pause_cost=1, harm=10, risk=0.1),
        )
    )
    result = coalition_stability(model)
    # In {b, c} c gains 1 by leaving; b would lose 4 (its exit sets b and a racing): the
    # surplus is 3 (checked against the naive reference, which recomputes every deviation).
    reference = naive_stability(model_payoff(model), 3)[0b110]
    assert reference is not None
    assert result.leave_gain[0b110] == pytest.approx(1.0)
    assert result.free_riding_surplus[0b110] == pytest.approx(reference["surplus"])
    assert reference["surplus"] == pytest.approx(3.0)
    scheme = stabilizing_transfers(result, 0b110, shares=[0.5, 0.5])
    assert scheme.transfers == pytest.approx((-2.5, 2.5))


# The glove game (one left glove, two right gloves; a pair is worth 1): Shapley value
# (2/3, 1/6, 1/6) and core {(1, 0, 0)}; e.g. Maschler, Solan & Zamir (2013), Game Theory,
# Cambridge UP, ch. 17-18 (computed by hand from the subset formula and the core inequalities).
GLOVE = [0, 0, 0, 1, 0, 1, 0, 1]


def test_glove_game_shapley_and_core():
    np.testing.assert_allclose(shapley_value(GLOVE), [2 / 3, 1 / 6, 1 / 6])
    core = least_core(GLOVE)
    assert core.nonempty
    np.testing.assert_allclose(core.allocation, [1, 0, 0], atol=1e-9)


def test_majority_game_has_empty_core():
    # Three-player simple majority game: v(K) = 1 iff |K| >= 2. Its core is empty; the least
    # core is (1/3, 1/3, 1/3) with epsilon 1/3 (Maschler, Peleg & Shapley 1979).
    v = [0, 0, 0, 1, 0, 1, 1, 1]
    core = least_core(v)
    assert not core.nonempty
    assert core.epsilon == pytest.approx(1 / 3)
    np.testing.assert_allclose(core.allocation, [1 / 3] * 3, atol=1e-9)
    np.testing.assert_allclose(shapley_value(v), [1 / 3] * 3)


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(1, 6))
def test_shapley_axioms(seed, n):
    rng = np.random.default_rng(seed)
    v = rng.normal(size=1 << n)
    v[0] = 0
    phi = shapley_value(v)
    assert phi.sum() == pytest.approx(v[-1])  # efficiency
    # Additivity.
    w = rng.normal(size=1 << n)
    w[0] = 0
    np.testing.assert_allclose(shapley_value(v + w), phi + shapley_value(w), atol=1e-9)


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(2, 5))
def test_convex_games_have_the_shapley_value_in_the_core(seed, n):
    # Shapley (1971): in a convex game the Shapley value lies in the (non-empty) core.
    weights = np.random.default_rng(seed).uniform(0, 1, n)
    masks = np.arange(1 << n)
    totals = np.array([sum(weights[i] for i in range(n) if m >> i & 1) for m in masks])
    v = totals**2  # supermodular
    core = least_core(v)
    assert core.nonempty
    phi = shapley_value(v)
    for m in masks[1:]:
        assert sum(phi[i] for i in range(n) if m >> i & 1) >= v[m] - 1e-9


def test_characteristic_function_input_errors():
    with pytest.raises(ValueError, match="length 2\\*\\*N"):
        shapley_value([0, 1, 2])
    with pytest.raises(ValueError, match="v\\(empty coalition\\)"):
        least_core([1, 1])


def test_coalition_input_errors():
    model = PauseModel(tuple(Lab(x) for x in "ab"))
    with pytest.raises(ValueError, match="monitoring: got shape"):
        coalition_stability(model, monitoring=np.zeros((3, 3)))
    with pytest.raises(ValueError, match="diagonal"):
        coalition_stability(model, monitoring=np.eye(2))
    with pytest.raises(ValueError, match=r"\[0\.0, 1\.0\]"):
        coalition_stability(model, monitoring=[[0, 2], [0, 0]])
    with pytest.raises(TypeError):
        coalition_stability("not a model")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="bitmask"):
        stabilizing_transfers(coalition_stability(model), 0)


# -- participation clauses and farsighted stability ------------------------------------------------
def _three_identical() -> PauseModel:
    lab = dict(prize=6, pause_cost=1, harm=25, risk=0.2)
    return PauseModel(labs=tuple(Lab(x, **lab) for x in "abc"))


def test_minimum_participation_hand_derived():
    # Worked by hand (ours): u at "a races" = (6 - 0.2*25, -1 - 5, -1 - 5) = (1, -6, -6);
    # "a, b race": (3 - 0.36*25, ., -1 - 9) = (-6, -6, -10); all race 2 - 0.488*25 = -10.2;
    # all pause -1. Without a pause the dynamics from all racing reach "b, c race":
    # (-10, -6, -6). Clause k = 3: leaving the whole pause returns everyone there, so each
    # member keeps -1 > -6: the whole pause is stable. k = 2: {a, b} is stable (c races
    # alone, a leaving gets -10 < -6, b is indifferent and stays), the whole pause is not (a
    # leaves to race alone: 1 > -1).
    base = coalition_stability(_three_identical())
    three = with_participation(base, min_participation=3)
    assert three.payoffs[0b011].tolist() == [-10.0, -6.0, -6.0]
    assert three.stable[0b111] and not base.stable[0b111]
    two = with_participation(base, min_participation=2)
    assert two.stable[0b011] and not two.stable[0b111]
    assert two.leave_gain[0b111] == pytest.approx(2.0)
    sweep = participation_sweep(base)
    row2, row3 = sweep.rows[1], sweep.rows[2]
    assert (row2.pausing, row2.catastrophe, row2.welfare) == pytest.approx((2, 0.2, -11.0))
    assert (row3.pausing, row3.catastrophe, row3.welfare) == pytest.approx((3, 0.0, -3.0))
    assert row3.headline == ("a", "b", "c") and sweep.best == 3


def test_no_clause_changes_nothing():
    base = coalition_stability(_three_identical())
    same = with_participation(base, min_participation=1)
    assert np.array_equal(same.stable, base.stable)
    assert np.array_equal(same.payoffs, base.payoffs)


@settings(max_examples=30, deadline=None)
@given(thresholds=st.lists(st.integers(1, 5), min_size=1, max_size=5))
def test_active_signatories_is_the_largest_self_supporting_subset(thresholds):
    n = len(thresholds)
    thresholds = [min(t, n) for t in thresholds]
    active = active_signatories(thresholds)
    for coalition in range(1 << n):
        best = 0
        for sub in range(1 << n):
            if sub & ~coalition:
                continue
            size = bin(sub).count("1")
            if all(size >= thresholds[i] for i in range(n) if sub >> i & 1):
                best |= sub  # self-supporting sets are closed under union
        assert active[coalition] == best


def test_pledges_are_validated():
    base = coalition_stability(_three_identical())
    with pytest.raises(ValueError, match="pledges"):
        with_participation(base, pledges={"zz": 2})
    with pytest.raises(ValueError, match="min_participation"):
        with_participation(base, min_participation=4)


def _naive_lcs(payoffs: np.ndarray, tol: float) -> set[int]:
    """Chwe's largest consistent set by brute force: the union of all consistent sets."""
    size, n = payoffs.shape

    def prefers(group: int, b: int, a: int) -> bool:
        return all(payoffs[b, i] > payoffs[a, i] + tol for i in range(n) if group >> i & 1)

    def dominates(b: int, x: int) -> bool:  # b >> x, by search over chains
        seen, todo = {x}, [x]
        while todo:
            here = todo.pop()
            for there in range(size):
                if there != here and prefers(here ^ there, b, here):
                    if there == b:
                        return True
                    if there not in seen:
                        seen.add(there)
                        todo.append(there)
        return False

    dom = [[dominates(b, x) for b in range(size)] for x in range(size)]
    union: set[int] = set()
    for subset in range(1, 1 << size):
        members = [s for s in range(size) if subset >> s & 1]
        if all(
            any((b == dev or dom[dev][b]) and not prefers(a ^ dev, b, a) for b in members)
            for a in members
            for dev in range(size)
            if dev != a
        ):
            union |= set(members)
    return union


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 10**6), n=st.integers(2, 3))
def test_largest_consistent_set_against_brute_force(seed, n):
    rng = np.random.default_rng(seed)
    payoffs = rng.integers(-3, 4, size=(n, *([2] * n))).astype(float)
    game = NormalFormGame(payoffs)
    analysis = coalition_stability(game)
    if np.isnan(analysis.payoffs).any():
        return
    assert set(largest_consistent_set(analysis)) == _naive_lcs(
        np.asarray(analysis.payoffs), analysis.tol
    )
