"""Benchmark: all equilibria of random bimatrix games, pausegame against its peers.

Run by hand: ``uv run python benchmarks/bench_twoplayer.py``. Seeded random games with
uniform payoffs on [0, 1) (nondegenerate with probability one) at 6x6 and 10x10; prints the
median time per game of each solver, its ratio to pausegame's ``two_player_equilibria``, and
the equilibrium counts, flagging a solver that finds fewer equilibria than pausegame.
QuantEcon (the ``bench`` extra) and pygambit (the ``gambit`` extra) are timed when importable.
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np

from gametheory import NormalFormGame
from gametheory.twoplayer import support_enumeration, two_player_equilibria, vertex_enumeration

SIZES = (6, 10)
SEEDS = range(4)
REPEATS = {6: 15, 10: 3}


def _median_time(function: Callable[[], int], repeats: int) -> tuple[float, int]:
    count = function()  # warm up (and JIT-compile QuantEcon's numba code)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return float(np.median(times)), count


def _solvers(a: np.ndarray, b: np.ndarray, size: int) -> dict[str, Callable[[], int]]:
    game = NormalFormGame.from_bimatrix(a, b)
    solvers: dict[str, Callable[[], int]] = {
        "pausegame two_player_equilibria": lambda: len(list(two_player_equilibria(game))),
        "pausegame vertex_enumeration": lambda: len(list(vertex_enumeration(game))),
        "pausegame support_enumeration": lambda: len(list(support_enumeration(game))),
    }
    if size <= 6:
        import nashpy

        nash_game = nashpy.Game(a, b)
        solvers["nashpy support_enumeration"] = lambda: len(list(nash_game.support_enumeration()))
    try:
        import quantecon.game_theory as qe

        qe_game = qe.NormalFormGame((qe.Player(a), qe.Player(b.T)))
        solvers["quantecon vertex_enumeration"] = lambda: len(qe.vertex_enumeration(qe_game))
        solvers["quantecon support_enumeration"] = lambda: len(qe.support_enumeration(qe_game))
    except ImportError:
        pass
    try:
        import pygambit

        gambit_game = pygambit.Game.from_arrays(a, b)
        solvers["gambit enummixed (float)"] = lambda: len(
            pygambit.nash.enummixed_solve(gambit_game, rational=False).equilibria
        )
    except ImportError:
        pass
    return solvers


def main() -> None:
    warnings.simplefilter("ignore")
    for size in SIZES:
        times: dict[str, list[float]] = {}
        counts: dict[str, list[int]] = {}
        for seed in SEEDS:
            rng = np.random.default_rng(seed)
            a, b = rng.random((size, size)), rng.random((size, size))
            for name, function in _solvers(a, b, size).items():
                seconds, count = _median_time(function, REPEATS[size])
                times.setdefault(name, []).append(seconds)
                counts.setdefault(name, []).append(count)
        reference = counts["pausegame two_player_equilibria"]
        base = float(np.median(times["pausegame two_player_equilibria"]))
        print(f"\n{size}x{size} random games, seeds {list(SEEDS)}: median time per game")
        print(f"{'solver':34s} {'median ms':>10s} {'x pausegame':>12s}  equilibria per seed")
        for name, values in times.items():
            median = float(np.median(values))
            flag = "" if counts[name] == reference else "  <- differs from pausegame"
            print(f"{name:34s} {median * 1e3:10.3f} {median / base:12.2f}  {counts[name]}{flag}")
        if size > 6:
            print("(nashpy support_enumeration not run: too slow at this size)")
    _report_missing()


def _report_missing() -> None:
    missing: list[Any] = []
    for module in ("quantecon", "pygambit"):
        try:
            __import__(module)
        except ImportError:
            missing.append(module)
    if missing:
        print(f"\nnot installed, not timed: {', '.join(missing)}")


if __name__ == "__main__":
    main()
