"""Benchmark: all equilibria of random N-player two-action games, and logit QRE tracing.

Run by hand from the repository root::

    uv run python benchmarks/bench_nplayer.py [--games 10] [--seed 0]

(a) :func:`gametheory.all_equilibria` on random 3-, 4- and 6-player two-action games
    (standard normal payoffs), median time, how many are proved complete (by which
    certificate: ``interval``, ``exact``) and how many only numerically complete, and how many
    equilibria pygambit's ``enumpoly_solve`` misses on the same games (when importable).
    Goals (issue 4): 4 players within 20x Gambit's enumpoly (~2.8 ms), 6 players within 5 s.
(b) :func:`gametheory.logit_qre` on random 6-player two-action games to regret 1e-8, against
    pygambit's ``logit_solve``. Goal: at most Gambit's time (~55 ms).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from gametheory import NormalFormGame, all_equilibria, logit_qre, regret

try:
    import pygambit as gbt
except ImportError:  # pragma: no cover - optional
    gbt = None


def timed(function: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def random_game(n: int, rng: np.random.Generator) -> NormalFormGame:
    return NormalFormGame(rng.normal(size=(n,) + (2,) * n))


def gambit_profiles(game: NormalFormGame, solver: Callable[[Any], Any]) -> tuple[float, list]:
    gambit_game = gbt.Game.from_arrays(*game.payoffs)
    seconds, result = timed(lambda: solver(gambit_game))
    players = list(gambit_game.players)
    profiles = [
        [np.array([float(p[s]) for s in player.strategies]) for player in players]
        for p in result.equilibria
    ]
    return seconds, profiles


def bench_all_equilibria(n: int, games: int, rng: np.random.Generator) -> None:
    ours, theirs, missed, found = [], [], 0, 0
    proved: dict[str, int] = {}
    numerical = 0
    for k in range(games):
        game = random_game(n, rng)
        seconds, result = timed(lambda game=game, k=k: all_equilibria(game, rng=k))
        ours.append(seconds)
        if result.complete:
            proved[result.certificate] = proved.get(result.certificate, 0) + 1
        else:
            numerical += result.numerically_complete
        found += len(result)
        if gbt is not None and n <= 4:
            seconds, profiles = gambit_profiles(game, gbt.nash.enumpoly_solve)
            theirs.append(seconds)
            missed += sum(not any(e.isclose(p, atol=1e-5) for p in profiles) for e in result)
    line = (
        f"all_equilibria, {n} players: median {1e3 * np.median(ours):8.1f} ms over {games} games, "
        f"{sum(proved.values())}/{games} proved complete "
        f"({', '.join(f'{v} by {k}' for k, v in sorted(proved.items())) or 'none'}), "
        f"{numerical} only numerically complete (not certified), {found} equilibria"
    )
    if theirs:
        line += (
            f"; gambit enumpoly median {1e3 * np.median(theirs):.1f} ms, missed {missed} of ours"
        )
    print(line)


def bench_qre(n: int, games: int, rng: np.random.Generator) -> None:
    ours, theirs, worst = [], [], 0.0
    for _ in range(games):
        game = random_game(n, rng)
        logit_qre(game, tol=1e-8)  # warm caches
        seconds, result = timed(lambda game=game: logit_qre(game, tol=1e-8))
        ours.append(seconds)
        worst = max(worst, regret(game, result.equilibrium.strategies))
        if gbt is not None:
            seconds, _ = gambit_profiles(game, lambda g: gbt.nash.logit_solve(g, maxregret=1e-8))
            theirs.append(seconds)
    line = (
        f"logit_qre, {n} players: median {1e3 * np.median(ours):8.1f} ms over {games} games, "
        f"worst regret {worst:.1e}"
    )
    if theirs:
        line += f"; gambit logit_solve median {1e3 * np.median(theirs):.1f} ms"
    print(line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--games", type=int, default=10)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    all_equilibria(random_game(3, rng))  # import and first-call costs
    bench_all_equilibria(3, args.games, rng)
    bench_all_equilibria(4, args.games, rng)
    bench_all_equilibria(6, max(1, args.games // 5), rng)
    bench_qre(6, args.games, rng)


if __name__ == "__main__":
    main()
