"""Benchmark: stability of all 2^N coalitions of the pause game (N up to 20).

Run ``uv run python benchmarks/bench_coalitions.py [N ...]``. Prints the wall and CPU time of
:func:`gametheory.coalition_stability` for random pause models with N labs, and the process's
peak resident memory so far (Unix only); timings are not asserted by any test. On a shared
machine the CPU time is the number to compare.
"""

from __future__ import annotations

import sys
import time

try:
    import resource
except ImportError:  # pragma: no cover - Windows
    resource = None  # type: ignore[assignment]

import numpy as np

from gametheory import Channel, Lab, PauseModel, coalition_stability


def random_model(n: int, seed: int = 0) -> PauseModel:
    rng = np.random.default_rng(seed)
    labs = tuple(
        Lab(
            f"lab-{i}",
            capability=float(rng.uniform(1, 10)),
            prize=float(rng.uniform(0, 50)),
            pause_cost=float(rng.uniform(0, 5)),
            harm=float(rng.uniform(50, 300)),
            risk=float(rng.uniform(0.005, 0.05)),
            sanction=float(rng.uniform(0, 40)),
        )
        for i in range(n)
    )
    channel = Channel("audits", tuple(float(x) for x in rng.uniform(0, 0.6, n)))
    return PauseModel(labs, (channel,), background_risk=0.01, decisiveness=1.5)


def main(sizes: list[int]) -> None:
    for n in sizes:
        model = random_model(n)
        start, cpu = time.perf_counter(), time.process_time()
        result = coalition_stability(model)
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
        largest = result.largest_stable
        # ru_maxrss is in KiB on Linux.
        peak = "" if resource is None else f", peak RSS {peak_kib() / 1024:5.0f} MiB"
        print(
            f"N = {n:2d}: {1 << n:>9,d} coalitions in {elapsed:6.2f} s wall, {cpu:6.2f} s CPU"
            f"{peak}; {len(result.stable_coalitions)} stable, largest size "
            f"{result.sizes[largest] if largest is not None else '-'}"
        )


def peak_kib() -> int:
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


if __name__ == "__main__":
    main([int(x) for x in sys.argv[1:]] or [10, 14, 16, 18, 20])
