"""Time :func:`gametheory.analyze` on random pause models of N = 10 ... 10,000 labs.

Run with ``uv run python benchmarks/bench_analyze.py``. N <= 20 takes the full enumeration
path; larger N the structural path (O(N) thresholds, best-response dynamics, and the O(N²)
order-structure test up to ``MAX_ORDER_STRUCTURE_LABS``). Prints the best of a few runs.
"""

from __future__ import annotations

import time

import numpy as np

from gametheory import Channel, Lab, PauseModel, analyze


def random_model(n: int, seed: int = 0) -> PauseModel:
    rng = np.random.default_rng(seed)
    labs = tuple(
        Lab(
            f"lab-{i}",
            capability=float(rng.uniform(0.1, 5)),
            prize=float(rng.uniform(0, 10)),
            pause_cost=float(rng.uniform(0, 3)),
            harm=float(rng.uniform(0, 50)),
            risk=float(rng.uniform(0, 0.01)),
            sanction=float(rng.uniform(0, 20)),
        )
        for i in range(n)
    )
    channels = (Channel("audits", tuple(float(x) for x in rng.uniform(0, 1, n))),)
    return PauseModel(labs=labs, channels=channels, background_risk=0.01, decisiveness=1.0)


def main() -> None:
    print(f"{'N':>6}  {'method':<17} {'seconds':>8}  all-pause  unique")
    for n in (10, 100, 1000, 10000):
        model = random_model(n)
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            result = analyze(model)
            best = min(best, time.perf_counter() - start)
        print(
            f"{n:>6}  {result.method:<17} {best:>8.4f}  {result.all_pause_is_equilibrium!s:<9}"
            f"  {result.all_pause_is_unique}"
        )


if __name__ == "__main__":
    main()
