"""Benchmark: the five-lab dynamic pause game with capability leads 0..5 (7,776 lead vectors).

Run by hand from the repository root::

    uv sync --extra bench             # QuantEcon, the peer for the best-response MDP
    uv run --no-sync python benchmarks/bench_dynamic.py [--levels 5] [--repeat 3]

The game is ``frontier-five`` with its ``[dynamics]`` section and ``lead_levels`` raised to 5:
6^5 = 7,776 lead vectors x 3 regimes = 23,328 states, 32 joint actions each.

(a) Policy evaluation of the compliance profile: the sparse LU solve of
    :func:`gametheory.policy_evaluation` against plain value iteration
    (:func:`gametheory.value_iteration`, to 1e-9), the baseline a reader would write first.
(b) One lab's best reply to compliance, an MDP of 23,328 states x 2 actions:
    :func:`gametheory.best_response` (policy iteration) against QuantEcon's
    ``DiscreteDP(...).solve("policy_iteration")`` on the same state-action pairs (skipped when
    QuantEcon is not installed). QuantEcon's time excludes building its state-action arrays
    (done once, from the same game); pausegame's includes building its rows from the game.
(c) The whole answer, :func:`gametheory.solve_dynamic`: every lab's temptation (ten MDP
    solves) and a certified stationary Markov perfect equilibrium by best-response dynamics.
    Goal: seconds.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from gametheory import (
    best_response,
    dynamic_game,
    load_scenario,
    policy_evaluation,
    solve_dynamic,
    value_iteration,
)


def best_time(function: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """The best wall time of ``repeat`` calls, and the last result."""
    best = float("inf")
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    return best, result


def quantecon_best_response(dynamic: Any, lab: int) -> tuple[Callable[[], Any], Any]:
    """QuantEcon's DiscreteDP for lab ``lab``'s reply to compliance, on state-action pairs."""
    import scipy.sparse as sp
    from quantecon.markov import DiscreteDP

    game = dynamic.game
    size = game.num_states
    compliance = dynamic.compliance()
    states = np.repeat(np.arange(size), 2)
    actions = np.repeat(compliance, 2, axis=0)
    actions[:, lab] = np.tile([0, 1], size)
    pay, row, nxt, prob = game.outcomes(states, actions)
    matrix = sp.csr_matrix((prob, (row, nxt)), shape=(2 * size, size))
    ddp = DiscreteDP(
        np.asarray(pay[:, lab], float),
        matrix,
        float(game.discount[lab]),
        states,
        np.tile([0, 1], size),
    )
    return (lambda: ddp.solve("policy_iteration")), ddp


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--levels", type=int, default=5, help="lead levels (default 5)")
    parser.add_argument("--repeat", type=int, default=3, help="timing repeats (default 3)")
    args = parser.parse_args()
    scenario = load_scenario(
        "frontier-five", overrides=[("dynamics.lead_levels", str(args.levels))]
    )
    section = scenario.sections["dynamics"]
    dynamic = dynamic_game(scenario.model, section)
    game = dynamic.game
    profile = dynamic.compliance()
    print(
        f"frontier-five, lead levels 0..{args.levels}: {dynamic.lead_states} lead vectors x "
        f"{len(dynamic.regimes)} regimes = {game.num_states} states, 32 joint actions each"
    )
    rows: list[tuple[str, float, str, float | None]] = []

    lu_time, lu = best_time(lambda: policy_evaluation(game, profile), args.repeat)
    vi_time, vi = best_time(lambda: value_iteration(game, profile, tol=1e-9), 1)
    assert np.allclose(lu, vi, atol=1e-6), "the two evaluations disagree"
    rows.append(("(a) policy evaluation", lu_time, "value iteration", vi_time))

    lab = int(np.argmax(scenario.model.array("prize")))
    br_time, (_, values) = best_time(lambda: best_response(game, profile, lab), 1)
    try:
        solve, _ = quantecon_best_response(dynamic, lab)
    except ImportError:
        rows.append(
            ("(b) best reply (policy iteration)", br_time, "QuantEcon (not installed)", None)
        )
    else:
        qe_time, qe = best_time(solve, max(2, args.repeat))  # the first call JIT-compiles
        assert np.allclose(qe.v, values, atol=1e-6), "QuantEcon's values differ"
        rows.append(("(b) best reply (policy iteration)", br_time, "QuantEcon DiscreteDP", qe_time))

    full_time, solution = best_time(lambda: solve_dynamic(scenario.model, section), 1)
    rows.append(("(c) solve_dynamic (10 MDPs + certified MPE)", full_time, "-", None))

    width = max(len(r[0]) for r in rows)
    print(f"{'task'.ljust(width)}  pausegame (s)  peer                        peer (s)  ratio")
    for name, ours, peer, theirs in rows:
        ratio = f"{theirs / ours:6.1f}x" if theirs is not None else "     -"
        peer_time = f"{theirs:8.3f}" if theirs is not None else "       -"
        print(f"{name.ljust(width)}  {ours:13.3f}  {peer.ljust(26)}  {peer_time}  {ratio}")
    e = solution.equilibrium
    print(
        f"tempted: {', '.join(solution.tempted) or 'none'}; equilibrium regret "
        f"{e.regret:.2g} (tol {e.tol:g})"
        if e is not None
        else "no equilibrium reached"
    )


if __name__ == "__main__":
    main()
