"""Benchmark: Bayesian games through the agent form, continuous-type cutoffs, the trigger.

Run by hand from the repository root::

    uv run python benchmarks/bench_bayes.py [--seed 0]

(a) A five-lab Bayesian pause game with three types each (``frontier-five``'s ``[beliefs]``;
    its agent form has 15 type-players and 2^15 pure profiles): building the agent form, and
    every pure Bayes-Nash equilibrium with its interim-regret certificate. The same agent form
    goes through QuantEcon's ``pure_nash_brute`` and pygambit's ``enumpure_solve`` when they
    are installed, and the equilibria found are compared (nashpy solves two-player games only,
    so it cannot take a 15-player agent form). The same for a random five-player
    Bayesian game with three types each (standard normal payoffs).
(b) A continuous-type cutoff solve (``coordinated-pausing``'s ``[beliefs]``: four developers,
    private prize uniform on [10, 40]) and a random symmetric five-player one, each certified
    on 2001 types per player. No peer solves monotone cutoff equilibria of games with
    continuous types; the row is ours alone.
(c) The trigger global game of ``frontier-five`` (five labs), equilibrium plus noiseless limit.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from typing import Any

import numpy as np
from scipy import stats

from gametheory import (
    BayesianGame,
    agent_form,
    bayesian_pause_game,
    beliefs_from_section,
    cutoff_equilibria,
    load_scenario,
    pause_cutoff_equilibria,
    pause_trigger,
    pure_bayes_nash_equilibria,
    pure_equilibrium_profiles,
    trigger_parameters,
)


def best_time(function: Callable[[], Any], repeat: int = 3) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    return best, result


def quantecon_game(payoffs: np.ndarray) -> Any:
    from quantecon.game_theory import NormalFormGame as QEGame
    from quantecon.game_theory import Player

    n = payoffs.shape[0]
    players = [
        Player(np.moveaxis(payoffs[i], list(range(n)), [(j - i) % n for j in range(n)]))
        for i in range(n)
    ]
    return QEGame(players)


def peers(label: str, game: BayesianGame, ours: float, profiles: set, rows: list) -> None:
    form = agent_form(game)
    try:
        from quantecon.game_theory import pure_nash_brute

        qe = quantecon_game(form.payoffs)
        pure_nash_brute(quantecon_game(np.zeros((2, 2, 2))))  # compile numba code first
        seconds, found = best_time(lambda: pure_nash_brute(qe), repeat=1)
        rows.append(
            (
                label,
                "quantecon pure_nash_brute on the agent form",
                seconds,
                f"{seconds / ours:.1f}x ours; "
                f"same equilibria: {set(map(tuple, found)) == profiles}",
            )
        )
    except ImportError:
        rows.append((label, "quantecon pure_nash_brute", float("nan"), "not installed"))
    try:
        import pygambit

        start = time.perf_counter()
        g = pygambit.Game.from_arrays(*[form.payoffs[i] for i in range(form.num_players)])
        build = time.perf_counter() - start
        seconds, result = best_time(lambda: pygambit.nash.enumpure_solve(g), repeat=1)
        rows.append(
            (
                label,
                "pygambit enumpure_solve on the agent form",
                seconds,
                f"{seconds / ours:.1f}x ours; {len(result.equilibria)} equilibria "
                f"(ours {len(profiles)}); building its game took {build:.2f} s more",
            )
        )
    except ImportError:
        rows.append((label, "pygambit enumpure_solve", float("nan"), "not installed"))


def bench_finite(rows: list, rng: np.random.Generator) -> None:
    s = load_scenario("frontier-five")
    beliefs = beliefs_from_section(s.model, s.sections["beliefs"])
    seconds, game = best_time(lambda: bayesian_pause_game(s.model, beliefs))
    rows.append(("5 labs x 3 types (pause)", "build the Bayesian game", seconds, ""))
    seconds, form = best_time(lambda: agent_form(game))
    rows.append(("5 labs x 3 types (pause)", "build the agent form (15 players)", seconds, ""))
    seconds, eqs = best_time(lambda: pure_bayes_nash_equilibria(game))
    profiles = set(map(tuple, pure_equilibrium_profiles(form).tolist()))
    rows.append(
        (
            "5 labs x 3 types (pause)",
            "pausegame: agent form + pure BNE + certificates",
            seconds,
            f"{len(eqs)} equilibria, max interim regret {max(e.interim_regret for e in eqs):.1e}",
        )
    )
    peers("5 labs x 3 types (pause)", game, seconds, profiles, rows)

    prior = rng.random((3,) * 5) + 0.1
    random_game = BayesianGame(rng.normal(size=(5,) + (3,) * 5 + (2,) * 5), prior / prior.sum())
    seconds, eqs = best_time(lambda: pure_bayes_nash_equilibria(random_game))
    profiles = set(map(tuple, pure_equilibrium_profiles(agent_form(random_game)).tolist()))
    rows.append(
        (
            "5 players x 3 types (random)",
            "pausegame: agent form + pure BNE + certificates",
            seconds,
            f"{len(eqs)} equilibria",
        )
    )
    peers("5 players x 3 types (random)", random_game, seconds, profiles, rows)


def bench_cutoffs(rows: list) -> None:
    s = load_scenario("coordinated-pausing")
    beliefs = beliefs_from_section(s.model, s.sections["beliefs"])
    seconds, eqs = best_time(lambda: pause_cutoff_equilibria(s.model, beliefs))
    rows.append(
        (
            "cutoffs, 4 developers (pause)",
            "pausegame cutoff_equilibria",
            seconds,
            f"{len(eqs)} equilibria, regret {max(e.regret for e in eqs):.1e} on 2001 types each",
        )
    )

    def gain(i: int, x: np.ndarray, others: np.ndarray) -> np.ndarray:
        return x[None, :] - 3.0 + 0.5 * others.sum(axis=1)[:, None]

    seconds, eqs = best_time(lambda: cutoff_equilibria(gain, [stats.uniform(0, 4)] * 5))
    rows.append(
        (
            "cutoffs, 5 players (coordination)",
            "pausegame cutoff_equilibria",
            seconds,
            f"{len(eqs)} equilibria; no peer solves continuous-type cutoff games",
        )
    )


def bench_trigger(rows: list) -> None:
    s = load_scenario("frontier-five")
    params = trigger_parameters(s.model, s.sections["trigger"])
    seconds, t = best_time(lambda: pause_trigger(s.model, params))
    rows.append(
        (
            "trigger global game, 5 labs",
            "pausegame pause_trigger (equilibrium + limit)",
            seconds,
            f"theta* {t.trigger_point:.4f}, limit {t.limit_point:.4f}",
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    rows: list[tuple[str, str, float, str]] = []
    bench_finite(rows, rng)
    bench_cutoffs(rows)
    bench_trigger(rows)
    print(f"{'workload':<34} {'solver':<50} {'seconds':>9}  notes")
    for workload, solver, seconds, note in rows:
        shown = "n/a" if seconds != seconds else f"{seconds:.4f}"
        print(f"{workload:<34} {solver:<50} {shown:>9}  {note}")


if __name__ == "__main__":
    main()
