"""Benchmark: verification tradeoffs on a five-lab model.

Run by hand from the repository root::

    uv run python benchmarks/bench_tradeoffs.py [--draws 100000] [--grid 1000] [--dask]

(a) Classify a 1000 x 1000 verification x sanction grid of the shipped five-lab model with
    :func:`gametheory.pause.sweeps.sweep`. Goal: <= 2 s.
(b) 10^5 Monte Carlo draws of the five-lab model with four uncertain parameters (lognormal,
    triangular, beta and truncated normal) with :func:`gametheory.monte_carlo`, serially and
    with two joblib workers. Goal: <= 2 s. With ``--dask``, also on a two-worker dask
    ``LocalCluster``, checking the result is identical to the serial one.

Times are the best of ``--repeat`` runs (wall clock), after one warm-up run.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from gametheory import Distribution, load_model, monte_carlo
from gametheory.pause.sweeps import sweep

DISTRIBUTIONS = {
    "labs.lab-a.prize": Distribution.lognormal(30, 0.5),
    "defaults.sanction": Distribution.triangular(20, 40, 70),
    "channels.compute-accounting.per_lab.lab-e": Distribution.beta(2, 8),
    "labs.lab-d.risk": Distribution.normal(0.06, 0.03),
}


def best_time(function: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """The best wall time of ``repeat`` calls after a warm-up, and the last result."""
    result = function()
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--grid", type=int, default=1000)
    parser.add_argument("--draws", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--dask", action="store_true")
    args = parser.parse_args()
    model = load_model("frontier-five")

    axes = {
        "verification": np.linspace(0, 1, args.grid),
        "defaults.sanction": np.linspace(0, 120, args.grid),
    }
    seconds, result = best_time(lambda: sweep(model, axes, progress=False), args.repeat)
    print(
        f"(a) sweep {args.grid} x {args.grid} verification x sanction, five labs: "
        f"{seconds:.3f} s (goal <= 2 s); all-pause holds on {result.all_pause.mean():.1%}"
    )

    def run(**options: Any) -> Any:
        return monte_carlo(model, DISTRIBUTIONS, draws=args.draws, seed=args.seed, **options)

    seconds, serial = best_time(run, args.repeat)
    low, high = serial.probability_interval()
    print(
        f"(b) monte carlo {args.draws} draws, five labs, serial: {seconds:.3f} s (goal <= 2 s); "
        f"P(all-pause) = {serial.probability:.4f} [{low:.4f}, {high:.4f}]"
    )
    seconds, threaded = best_time(lambda: run(jobs=2), args.repeat)
    same = np.array_equal(serial.samples, threaded.samples) and np.array_equal(
        serial.all_pause, threaded.all_pause
    )
    print(f"    with jobs=2 (joblib threads): {seconds:.3f} s; identical to serial: {same}")
    if args.dask:
        from dask.distributed import Client, LocalCluster

        with (
            LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster,
            Client(cluster) as client,
        ):
            seconds, on_dask = best_time(lambda: run(scheduler=client), args.repeat)
        same = np.array_equal(serial.samples, on_dask.samples) and np.array_equal(
            serial.all_pause, on_dask.all_pause
        )
        print(f"    on a two-worker dask LocalCluster: {seconds:.3f} s; identical: {same}")


if __name__ == "__main__":
    main()
