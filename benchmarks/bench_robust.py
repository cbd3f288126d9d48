"""Benchmark: start-up, big scenarios, big outputs and pure equilibria near the memory limit.

Run by hand from the repository root (issue #16, items 2-5)::

    uv sync --extra parquet          # pyarrow: CSV at array speed and Parquet
    uv run --no-sync python benchmarks/bench_robust.py [--labs 100000] [--players 24]
    uv run --no-sync python benchmarks/bench_robust.py --startup-only   # (a) only, seconds

(a) start-up: ``pausegame --help`` and ``pausegame analyze`` (default model), each a fresh
    process with compiled bytecode (goal <= 0.25 s wall), and ``analyze`` of 1,000 labs end to
    end (goal <= 0.4 s): the minimum and the median wall time, and the median CPU time (user +
    system, of the process and its threads), which a busy machine inflates less than wall time;
(b) scenario loading: ``load_scenario`` of 10,000 and ``--labs`` labs (goal: 100k in ~1 s);
(c) outputs: a 1000 x 1000 sweep computed, then written as CSV and Parquet by pausegame
    (pyarrow when installed) and, for comparison, by pandas ``to_csv``; ``pausegame sweep``
    with ``--out FILE.csv`` and ``FILE.parquet`` end to end (goal: CSV end to end <= 1.5 s):
    median and fastest of ``--repeat`` fresh processes, and their median CPU time (the CSV is
    formatted on two cores, so CPU exceeds wall);
(d) pure equilibria of a random ``--players``-player two-action game against one streaming
    read of its payoff array (``payoffs.max()``) (goal: within 2x): medians of at least 9
    interleaved runs of each, and the ratio of the fastest runs.

Start-up: ``--repeat`` x 4 fresh processes, as in (a). Loading and the in-process outputs:
the smallest wall time and the smallest CPU time of ``--repeat`` runs (on a shared machine the
minimum is the least disturbed run).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np


def best_times(function: Callable[[], Any], repeat: int) -> tuple[float, float]:
    """The smallest wall and the smallest CPU time (this process, all threads) of ``repeat``
    runs: on a shared machine the minimum is the run least disturbed by the others."""
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        function()
        cpus.append(time.process_time() - cpu)
        walls.append(time.perf_counter() - wall)
    return min(walls), min(cpus)


def command_times(argv: list[str], repeat: int) -> tuple[float, float, float]:
    """Median and smallest wall time and median CPU time (user + system, all threads) of a
    fresh ``pausegame`` process."""
    entry = [sys.executable, "-m", "gametheory", *argv]
    walls, cpus = [], []
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        wall = time.perf_counter()
        subprocess.run(entry, capture_output=True, check=True)
        walls.append(time.perf_counter() - wall)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(walls), min(walls), statistics.median(cpus)


def command_time(argv: list[str], repeat: int) -> str:
    """``pausegame ARGV`` in fresh processes: min and median wall, median CPU, in words."""
    script = Path(sys.executable).with_name("pausegame")
    entry = [str(script)] if script.exists() else [sys.executable, "-m", "gametheory"]
    subprocess.run([*entry, *argv], capture_output=True, check=True)  # caches, bytecode
    walls, cpus = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        child = subprocess.Popen([*entry, *argv], stdout=subprocess.DEVNULL)
        _, status, usage = os.wait4(child.pid, 0)
        walls.append(time.perf_counter() - start)
        cpus.append(usage.ru_utime + usage.ru_stime)
        if status != 0:
            raise RuntimeError(f"pausegame {' '.join(argv)} failed")
    return (
        f"{min(walls):.3f} s (median {statistics.median(walls):.3f} s; "
        f"CPU {statistics.median(cpus):.3f} s)"
    )


def scenario_text(num_labs: int, seed: int = 0) -> str:
    rng = np.random.default_rng(seed)
    head = (
        'name = "many-labs"\n[defaults]\ncapability = 1\nprize = 10\npause_cost = 1\n'
        "harm = 50\nrisk = 0.01\nsanction = 5\n[channels.audits]\ndetection = 0.3\n"
    )
    prizes = rng.uniform(1, 20, num_labs)
    return head + "".join(f"[labs.l{i}]\nprize = {p:.3f}\n" for i, p in enumerate(prizes))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labs", type=int, default=100_000)
    parser.add_argument("--players", type=int, default=22)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--startup-only", action="store_true", help="measure (a) only")
    args = parser.parse_args()
    rows: list[tuple[str, str]] = []
    work = Path(tempfile.mkdtemp())

    # (a) start-up
    runs = 4 * args.repeat
    rows.append(("`pausegame --help`", command_time(["--help"], runs)))
    rows.append(("`pausegame analyze` (default model)", command_time(["analyze"], runs)))
    thousand = work / "labs-1000.toml"
    thousand.write_text(scenario_text(1000), encoding="utf-8")
    seconds = command_time(["analyze", str(thousand)], runs)
    rows.append(("`pausegame analyze` of 1,000 labs, end to end", seconds))
    if args.startup_only:
        print_table(rows)
        return

    # (b) scenario loading
    from gametheory.pause.scenario import load_scenario

    for n in (10_000, args.labs):
        path = work / f"labs-{n}.toml"
        path.write_text(scenario_text(n), encoding="utf-8")
        wall, cpu = best_times(lambda p=path: load_scenario(p), max(2, args.repeat // 2))
        rows.append((f"load a scenario of {n:,} labs", f"{wall:.2f} s (CPU {cpu:.2f} s)"))

    # (c) a 1000 x 1000 sweep, its CSV and its Parquet
    from gametheory.interfaces.outputs import output_transaction, write_table
    from gametheory.pause.scenario import load_model
    from gametheory.pause.sweeps import sweep

    model = load_model("frontier-five")
    axes = {"verification": np.linspace(0, 1, 1000), "defaults.sanction": np.linspace(0, 20, 1000)}
    computed, _ = best_times(lambda: sweep(model, axes, progress=False), args.repeat)
    result = sweep(model, axes, progress=False)
    columns = result.to_columns(coded=True)

    def written(name: str) -> Callable[[], Any]:
        def write() -> None:
            with output_transaction(force=True):
                write_table(work / name, columns, "--out")

        return write

    try:
        import pyarrow  # noqa: F401

        writer = "pyarrow"
    except ImportError:
        writer = "plain Python"
    csv_wall, csv_cpu = best_times(written("sweep.csv"), args.repeat)
    parts = [f"compute {computed:.2f} s; CSV {csv_wall:.2f} s (CPU {csv_cpu:.2f} s, {writer})"]
    if writer == "pyarrow":
        parquet_wall, _ = best_times(written("sweep.parquet"), args.repeat)
        parts.append(f"Parquet {parquet_wall:.2f} s")
    frame = result.to_frame()
    pandas_wall, _ = best_times(lambda: frame.to_csv(work / "sweep-pandas.csv", index=False), 1)
    parts.append(f"pandas `to_csv` {pandas_wall:.2f} s ({pandas_wall / csv_wall:.1f}×)")
    rows.append(("1000 × 1000 sweep (10⁶ rows)", "; ".join(parts)))
    grid = ["--param", "verification=0:1:1000", "--param", "defaults.sanction=0:20:1000"]
    for suffix in ("csv", "parquet") if writer == "pyarrow" else ("csv",):
        out = ["--out", str(work / f"cli.{suffix}"), "--force"]
        wall, least, cpu = command_times(["sweep", "frontier-five", *grid, *out], args.repeat)
        rows.append(
            (
                f"`pausegame sweep` 1000 × 1000 `--out FILE.{suffix}`, end to end",
                f"median {wall:.2f} s (fastest {least:.2f} s; CPU {cpu:.2f} s)",
            )
        )

    # (d) pure equilibria against one streaming read
    from gametheory.core.pure import pure_equilibrium_profiles

    n = args.players
    rng = np.random.default_rng(0)
    payoffs = rng.standard_normal((n,) + (2,) * n)
    reads, solves = [], []
    for _ in range(max(args.repeat, 9)):  # interleaved, so both see the same load
        reads.append(best_times(lambda: payoffs.max(), 1))
        solves.append(best_times(lambda: pure_equilibrium_profiles(payoffs), 1))
    read, read_cpu = (statistics.median(r[j] for r in reads) for j in (0, 1))
    solve, solve_cpu = (statistics.median(r[j] for r in solves) for j in (0, 1))
    fastest = min(r[0] for r in solves) / min(r[0] for r in reads)
    gib = payoffs.nbytes / 2**30
    rows.append(
        (
            f"pure equilibria, {n} players × 2 actions ({gib:.2f} GiB, writable float64)",
            f"median {solve:.3f} s (CPU {solve_cpu:.3f} s); one streaming read (`max()`) median "
            f"{read:.3f} s (CPU {read_cpu:.3f} s); {solve / read:.2f}× wall, "
            f"{solve_cpu / read_cpu:.2f}× CPU (fastest runs {fastest:.2f}×)",
        )
    )

    print_table(rows)


def print_table(rows: list[tuple[str, str]]) -> None:
    width = max(len(r[0]) for r in rows)
    print(f"| {'workload'.ljust(width)} | pausegame |")
    print(f"|{'-' * (width + 2)}|---|")
    for name, value in rows:
        print(f"| {name.ljust(width)} | {value} |")


if __name__ == "__main__":
    main()
