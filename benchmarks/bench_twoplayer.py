"""Benchmark: all equilibria of random bimatrix games, pausegame against its peers.

Run by hand: ``uv run python benchmarks/bench_twoplayer.py``. Two parts:

- nondegenerate: seeded random games with uniform payoffs on [0, 1) (nondegenerate with
  probability one) at 6x6 and 10x10 (``BENCH_SIZES``); prints the median time per game of each
  solver, its ratio to pausegame's ``two_player_equilibria``, and the equilibrium counts,
  flagging a solver that finds fewer equilibria than pausegame. QuantEcon (the ``bench``
  extra) and pygambit (the ``gambit`` extra) are timed when importable. A row "floor" times
  the two Qhull calls alone, which both pausegame's fast path and QuantEcon's vertex
  enumeration make: what is left of each solver's time beyond it is its own work (pausegame's
  labels read within ``tol``, the proof of nondegeneracy and the regret certificates;
  QuantEcon's matching in numba-compiled code).
- degenerate: seeded random games with integer payoffs in {0, ..., 4} at 10x10, 12x12 and
  15x15 (``BENCH_DEGENERATE_SIZES``; add 20 by hand, it takes minutes), every extreme
  equilibrium by pausegame's exact search and by ``lrsnash`` (lrslib, when installed), the
  minimum wall-clock and CPU time of ``DEGENERATE_REPEATS`` runs side by side (one run at
  20x20), and whether the two sets of exact equilibria are equal. ``lrsnash`` runs as a
  subprocess; its CPU time is the child's user + system time, and pausegame's includes the two
  enumeration processes it forks (both cores).
"""

from __future__ import annotations

import os
import resource
import subprocess
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from gametheory import NormalFormGame
from gametheory.core.lrsnash import lrsnash_input, lrsnash_path, parse_lrsnash
from gametheory.core.twoplayer import (
    _exact_extreme,
    _hull_points,
    _integer_payoffs,
    support_enumeration,
    two_player_equilibria,
    vertex_enumeration,
)

SIZES = tuple(int(s) for s in os.environ.get("BENCH_SIZES", "6,10").split(",") if s)
DEGENERATE_SIZES = tuple(
    int(s) for s in os.environ.get("BENCH_DEGENERATE_SIZES", "10,12,15").split(",") if s
)
DEGENERATE_SEEDS = range(3)
#: Runs of each degenerate game (the minimum is shown; one run at 20x20).
DEGENERATE_REPEATS = 3
#: lrsnash is stopped after this many seconds (the issue's bound for 20x20).
LRSNASH_TIMEOUT = 300.0
SEEDS = range(4)
REPEATS = {6: 40, 10: 8}
#: Consecutive runs of one solver in each interleaved round.
BLOCK = 5
#: Solvers slower than this per game (nashpy, Gambit, support enumeration at 10x10) get only
#: SLOW_REPEATS timed runs.
SLOW_SECONDS = 0.02
SLOW_REPEATS = 3
#: The row of the two Qhull calls alone (the floor of the Qhull-based solvers).
FLOOR = "floor: two Qhull calls alone"


def _median_times(
    functions: dict[str, Callable[[], int]], repeats: int
) -> dict[str, tuple[float, int]]:
    """Median seconds and equilibrium count of each solver, timed in interleaved rounds.

    Interleaving (a block of ``BLOCK`` consecutive runs of every solver per round) spreads
    the load of a shared machine evenly over the solvers, so their ratios stay meaningful when
    absolute times drift; within a block a solver runs warm, as in a parameter sweep. Solvers
    slower than ``SLOW_SECONDS`` on the warm-up run get ``SLOW_REPEATS`` single runs.
    """
    counts: dict[str, int] = {}
    warm: dict[str, float] = {}
    for name, function in functions.items():  # warm up (and JIT-compile QuantEcon's numba)
        start = time.perf_counter()
        counts[name] = function()
        warm[name] = time.perf_counter() - start
    times: dict[str, list[float]] = {name: [] for name in functions}
    for round_ in range(repeats):
        for name, function in functions.items():
            slow = warm[name] > SLOW_SECONDS
            if slow and round_ >= SLOW_REPEATS:
                continue
            for _ in range(1 if slow else BLOCK):
                start = time.perf_counter()
                function()
                times[name].append(time.perf_counter() - start)
    return {name: (float(np.median(times[name])), counts[name]) for name in functions}


def _solvers(a: np.ndarray, b: np.ndarray, size: int) -> dict[str, Callable[[], int]]:
    game = NormalFormGame.from_bimatrix(a, b)
    solvers: dict[str, Callable[[], int]] = {
        "pausegame two_player_equilibria": lambda: len(list(two_player_equilibria(game))),
        "pausegame vertex_enumeration": lambda: len(list(vertex_enumeration(game))),
        "pausegame support_enumeration": lambda: len(list(support_enumeration(game))),
    }
    # The floor of every Qhull-based method (pausegame's fast path and QuantEcon's vertex
    # enumeration both call Qhull once per polytope): the two calls alone, nothing else.
    row_c, column_c = b + (1.0 - b.min()), a.T + (1.0 - a.min())
    solvers[FLOOR] = lambda: len(_hull_points(row_c)) * 0 + len(_hull_points(column_c)) * 0
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
            for name, (seconds, count) in _median_times(
                _solvers(a, b, size), REPEATS[size]
            ).items():
                times.setdefault(name, []).append(seconds)
                counts.setdefault(name, []).append(count)
        reference = counts["pausegame two_player_equilibria"]
        base = float(np.median(times["pausegame two_player_equilibria"]))
        print(f"\n{size}x{size} random games, seeds {list(SEEDS)}: median time per game")
        print(f"{'solver':34s} {'median ms':>10s} {'x pausegame':>12s}  equilibria per seed")
        # Per seed, the solvers ran in interleaved rounds; shown is the median over seeds.
        for name, values in times.items():
            median = float(np.median(values))
            flag = "" if counts[name] == reference else "  <- differs from pausegame"
            if name == FLOOR:
                flag = "  (no equilibria: the vertices of both polytopes, unlabelled)"
            print(f"{name:34s} {median * 1e3:10.3f} {median / base:12.2f}  {counts[name]}{flag}")
        if size > 6:
            print("(nashpy support_enumeration not run: too slow at this size)")
    _report_missing()
    if DEGENERATE_SIZES:
        degenerate()


def _lrsnash(game: NormalFormGame) -> tuple[float, float, set[Any] | None]:
    """Wall and CPU seconds of one lrsnash run, and its equilibria (None on timeout)."""
    executable = lrsnash_path()
    assert executable is not None
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "game"
        path.write_text(lrsnash_input(game))
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        try:
            out = subprocess.run(
                [executable, str(path)],
                capture_output=True,
                text=True,
                timeout=LRSNASH_TIMEOUT,
                check=True,
            ).stdout
        except subprocess.TimeoutExpired:
            return LRSNASH_TIMEOUT, float("nan"), None
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, set(parse_lrsnash(out, *game.shape))


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def degenerate() -> None:
    """Every extreme equilibrium of degenerate integer games: pausegame beside lrsnash."""
    have_lrs = lrsnash_path() is not None
    print(
        "\ndegenerate games, payoffs in {0,...,4}: every extreme equilibrium; wall and CPU "
        f"seconds, each the minimum of {DEGENERATE_REPEATS} runs (1 run at 20x20)"
    )
    print(
        f"{'size':>6s} {'seed':>4s} {'equilibria':>10s} {'pausegame s':>12s} {'cpu s':>7s} "
        f"{'lrsnash s':>10s} {'cpu s':>7s} {'wall ratio':>10s}  same equilibria"
    )
    for size in DEGENERATE_SIZES:
        repeats = 1 if size >= 20 else DEGENERATE_REPEATS
        for seed in DEGENERATE_SEEDS:
            rng = np.random.default_rng(seed)
            game = NormalFormGame.from_bimatrix(
                rng.integers(0, 5, (size, size)), rng.integers(0, 5, (size, size))
            )
            walls, cpus = [], []
            for _ in range(repeats):
                # CPU time of this process and of the two enumeration processes it forks.
                start, cpu_start = time.perf_counter(), time.process_time() + _children_cpu()
                _, mine = _exact_extreme(game, _integer_payoffs(game), 1e-9, "bench", False, None)
                walls.append(time.perf_counter() - start)
                cpus.append(time.process_time() + _children_cpu() - cpu_start)
            wall, cpu = min(walls), min(cpus)
            row = f"{size:>6d} {seed:>4d} {len(mine):>10d} {wall:>12.2f} {cpu:>7.2f}"
            if have_lrs:
                runs = [_lrsnash(game) for _ in range(repeats)]
                lrs_wall = min(r[0] for r in runs)
                lrs_cpu = min(r[1] for r in runs)
                theirs = runs[0][2]
                same = "timeout" if theirs is None else str(theirs == set(mine))
                row += f" {lrs_wall:>10.2f} {lrs_cpu:>7.2f} {lrs_wall / wall:>10.2f}  {same}"
            print(row, flush=True)
    if not have_lrs:
        print("lrsnash not installed (Debian: apt-get install lrslib): not timed")


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
