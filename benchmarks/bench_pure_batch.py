"""Benchmark: pure equilibria of large two-action games, and batches of 2x2 games.

Run by hand from the repository root::

    uv pip install quantecon          # the ``bench`` extra; pygambit is used when importable
    uv run python benchmarks/bench_pure_batch.py [--skip-24] [--seed 0]

(a) All pure equilibria of a random N-player two-action game (N = 16 and 24) with
    :func:`gametheory.pure_equilibrium_profiles`, against QuantEcon's ``pure_nash_brute`` and
    pygambit's ``enumpure_solve`` at N = 16. Goals: <= 10 ms at N = 16, <= 4 GiB of working
    memory at N = 24 (beyond the game's own payoff array); at N = 24 the raw payoff array too
    (its scale unknown, read during the scan) within 2x of one streaming read of it.
(b) All equilibria of 10^6 random 2x2 games with :func:`gametheory.batch_2x2_equilibria`,
    against nashpy's support enumeration run one game at a time on 10^3 games and
    extrapolated. Goal: >= 10^6 games per second.

Peak memory is measured with :mod:`tracemalloc` (numpy reports its buffers to it) around the
solver call only, and the process's peak resident size with :func:`resource.getrusage`.
"""

from __future__ import annotations

import argparse
import gc
import resource
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

import numpy as np

from gametheory import NormalFormGame, batch_2x2_equilibria, pure_equilibrium_profiles

GIB = float(1 << 30)


def best_time(function: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """The best wall time of ``repeat`` calls, and the last result."""
    best = float("inf")
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    return best, result


def traced_peak(function: Callable[[], Any]) -> tuple[float, float, Any]:
    """Wall time and tracemalloc peak (bytes) of one call."""
    gc.collect()
    tracemalloc.start()
    start = time.perf_counter()
    result = function()
    elapsed = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return elapsed, float(peak), result


def max_rss_gib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / GIB  # Linux: KiB


def random_game(num_players: int, rng: np.random.Generator) -> NormalFormGame:
    # Integer payoffs give ties, so the equilibrium set is not trivially tiny.
    # Drawn player by player, so that the 3 GiB array at N = 24 is never held twice.
    payoffs = np.empty((num_players, *(2,) * num_players))
    for i in range(num_players):
        payoffs[i] = rng.integers(0, 4, size=(2,) * num_players)
    # Handing over a read-only array lets the game keep it without a copy (3 GiB at N = 24).
    payoffs.setflags(write=False)
    return NormalFormGame(payoffs)


def quantecon_game(game: NormalFormGame) -> Any:
    from quantecon.game_theory import NormalFormGame as QEGame
    from quantecon.game_theory import Player

    n = game.num_players
    # QuantEcon orders player i's payoff array (own action, a_{i+1}, ..., a_{i-1}).
    players = [
        Player(np.moveaxis(game.payoffs[i], list(range(n)), [(j - i) % n for j in range(n)]))
        for i in range(n)
    ]
    return QEGame(players)


def bench_pure(rows: list[tuple[str, str, float, str]], rng: np.random.Generator, skip_24: bool):
    game16 = random_game(16, rng)
    # Warm the allocator and any caches, then take the best of several runs.
    seconds, profiles = best_time(lambda: pure_equilibrium_profiles(game16), repeat=7)
    _, peak, _ = traced_peak(lambda: pure_equilibrium_profiles(game16))
    ours16 = seconds
    rows.append(
        (
            "pure, N=16",
            "gametheory.pure_equilibrium_profiles",
            seconds,
            f"{len(profiles)} equilibria, peak {peak / 2**20:.2f} MiB beyond the game",
        )
    )

    try:
        from quantecon.game_theory import pure_nash_brute

        qe_game = quantecon_game(game16)
        pure_nash_brute(quantecon_game(random_game(3, rng)))  # compile numba code first
        seconds, qe_profiles = best_time(lambda: pure_nash_brute(qe_game), repeat=1)
        agree = sorted(map(tuple, profiles.tolist())) == sorted(qe_profiles)
        rows.append(
            (
                "pure, N=16",
                "quantecon.pure_nash_brute",
                seconds,
                f"x{seconds / ours16:.0f} slower; same equilibria: {agree}",
            )
        )
    except ImportError:
        rows.append(("pure, N=16", "quantecon.pure_nash_brute", float("nan"), "not installed"))

    try:
        import pygambit

        start = time.perf_counter()
        g = pygambit.Game.from_arrays(*[game16.payoffs[i] for i in range(16)])
        build = time.perf_counter() - start
        seconds, result = best_time(lambda: pygambit.nash.enumpure_solve(g), repeat=1)
        rows.append(
            (
                "pure, N=16",
                "pygambit.nash.enumpure_solve",
                seconds,
                f"x{seconds / ours16:.0f} slower; {len(result.equilibria)} equilibria; "
                f"building the game took {build:.1f} s more",
            )
        )
    except Exception as exc:  # report any failure of the optional comparison
        rows.append(
            (
                "pure, N=16",
                "pygambit.nash.enumpure_solve",
                float("nan"),
                f"unavailable: {type(exc).__name__}: {exc}"[:80],
            )
        )

    if skip_24:
        return
    game24 = random_game(24, rng)
    game_gib = game24.payoffs.nbytes / GIB
    # Timed without tracemalloc (which slows numpy's allocations), then traced for the peak.
    runs = [best_time(lambda: pure_equilibrium_profiles(game24), repeat=1) for _ in range(3)]
    seconds, profiles = float(np.median([r[0] for r in runs])), runs[-1][1]
    _, peak, _ = traced_peak(lambda: pure_equilibrium_profiles(game24))
    rows.append(
        (
            "pure, N=24",
            "gametheory.pure_equilibrium_profiles",
            seconds,
            f"median of 3; {len(profiles)} equilibria; game {game_gib:.2f} GiB; peak "
            f"{peak / GIB:.2f} GiB beyond the game; process max RSS {max_rss_gib():.1f} GiB",
        )
    )
    # The same payoffs as a raw array: no game to know the scale, which the scan then reads
    # (issue 16: within 2x of one streaming read). Interleaved with the read, medians.
    raw = game24.payoffs
    reads, solves = [], []
    for _ in range(5):
        reads.append(best_time(raw.max, repeat=1)[0])
        solves.append(best_time(lambda: pure_equilibrium_profiles(raw), repeat=1)[0])
    read, solve = float(np.median(reads)), float(np.median(solves))
    _, peak, _ = traced_peak(lambda: pure_equilibrium_profiles(raw))
    rows.append(
        (
            "pure, N=24",
            "  the raw payoff array (scale read too)",
            solve,
            f"median of 5; one streaming read (max()) {read:.3f} s: {solve / read:.2f}x; "
            f"peak {peak / GIB:.2f} GiB beyond the game",
        )
    )


def bench_batch(rows: list[tuple[str, str, float, str]], rng: np.random.Generator):
    n = 10**6
    a = rng.standard_normal((n, 2, 2))
    b = rng.standard_normal((n, 2, 2))
    batch_2x2_equilibria(a[:1000], b[:1000])
    seconds, result = best_time(lambda: batch_2x2_equilibria(a, b), repeat=5)
    rate = n / seconds
    rows.append(
        (
            "2x2, 10^6 games",
            "gametheory.batch_2x2_equilibria",
            seconds,
            f"{rate:.2e} games/s; mean {result.count.mean():.3f} equilibria per game",
        )
    )
    seconds_regret, regrets = best_time(result.regret, repeat=1)
    rows.append(
        (
            "2x2, 10^6 games",
            "  + .regret() of everything",
            seconds_regret,
            f"max regret {np.nanmax(regrets):.1e}",
        )
    )

    import nashpy

    m = 1000
    start = time.perf_counter()
    count = 0
    for k in range(m):
        count += len(list(nashpy.Game(a[k], b[k]).support_enumeration()))
    per_game = (time.perf_counter() - start) / m
    rows.append(
        (
            "2x2, 10^6 games",
            "nashpy support_enumeration, 1 at a time",
            per_game * n,
            f"extrapolated from {m} games; x{per_game * n / seconds:.0f} slower; "
            f"{count / m:.3f} equilibria per game",
        )
    )

    start = time.perf_counter()
    for k in range(m):
        batch_2x2_equilibria(a[k], b[k]).equilibria(())
    per_game = (time.perf_counter() - start) / m
    rows.append(
        (
            "2x2, 10^6 games",
            "gametheory, 1 at a time + certify",
            per_game * n,
            f"extrapolated from {m} games",
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--skip-24", action="store_true", help="skip the 24-player game")
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    rows: list[tuple[str, str, float, str]] = []
    bench_batch(rows, rng)
    bench_pure(rows, rng, args.skip_24)
    print(f"{'workload':<17} {'solver':<42} {'seconds':>10}  notes")
    for workload, solver, seconds, note in rows:
        print(f"{workload:<17} {solver:<42} {seconds:>10.4f}  {note}")


if __name__ == "__main__":
    main()
