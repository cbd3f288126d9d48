"""Benchmark: how well the reverse search estimates its own work, and what the estimate costs.

Run by hand: ``uv run python benchmarks/bench_lexsearch_estimate.py``. Two parts:

- accuracy: seeded random games with integer payoffs in {0, ..., 4} at 12x12 and 15x15
  (``BENCH_ESTIMATE_SIZES``; add 20 by hand, a minute per polytope), both best-response
  polytopes of each. Each reverse search is walked chunk by chunk; when 10%, 25%, 50% and 90%
  of its bases have been visited, it prints the finished share ``F`` (the weights of the
  leaves visited), the weighted backtrack estimate (bases / F, Kilby et al. 2006) and the
  depth-by-depth estimate the progress line shows (``_Traversal.estimated_bases``), each as a
  ratio to the true number of bases (1.00 is exact; below 1 an underestimate), and the
  estimated total time (elapsed x estimate / bases) as a ratio to the true time.
- overhead: the whole walk of every polytope with the code before the weights were carried
  (``git show BENCH_BASELINE:gametheory/core/lexsearch.py``, by default the commit before
  this benchmark was added) and with the current code, without a reporter and with one (the
  estimate computed after every chunk); CPU seconds, median of ``REPEATS`` interleaved runs;
  sizes below 20 only.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

from gametheory.core import lexsearch

SIZES = tuple(int(s) for s in os.environ.get("BENCH_ESTIMATE_SIZES", "12,15").split(",") if s)
SEEDS = range(int(os.environ.get("BENCH_ESTIMATE_SEEDS", "5")))
SHARES = (0.10, 0.25, 0.50, 0.90)
REPEATS = 5
BASELINE = os.environ.get("BENCH_BASELINE", "3237ffb")


def polytopes(size: int, seed: int) -> list[tuple[str, np.ndarray]]:
    """The two matrices C of a seeded {0, ..., 4} game, shifted to positive integers."""
    rng = np.random.default_rng(seed)
    a, b = rng.integers(0, 5, (size, size)), rng.integers(0, 5, (size, size))
    return [("row", b - b.min() + 1), ("column", (a - a.min() + 1).T)]


def trace(c: np.ndarray) -> tuple[list[tuple[int, float, float, float, float]], float]:
    """After each chunk: bases, finished share, the two estimates, seconds; and the total."""
    start = time.perf_counter()
    traversal = lexsearch._Traversal(c)
    rows = []
    while not traversal.done:
        traversal.step()
        rows.append(
            (
                traversal.bases,
                traversal.finished,
                traversal.weighted_backtrack_estimate(),
                traversal.estimated_bases(),
                time.perf_counter() - start,
            )
        )
    return rows, time.perf_counter() - start


def accuracy() -> None:
    print(
        "estimate / true number of bases when a share of the walk is done "
        "(F: finished share; backtrack: bases / F; depth: the estimate shown; "
        "time: estimated / true total seconds, from the depth estimate)"
    )
    header = " ".join(f"{f'at {share:.0%}':>30s}" for share in SHARES)
    print(f"{'game':>16s} {'bases':>9s} {header}")
    ratios: dict[float, list[tuple[float, float, float]]] = {share: [] for share in SHARES}
    for size in SIZES:
        for seed in SEEDS:
            for name, c in polytopes(size, seed):
                rows, seconds = trace(c)
                total = rows[-1][0]
                cells = []
                for share in SHARES:
                    bases, finished, backtrack, depth, elapsed = next(
                        row for row in rows if row[0] >= share * total
                    )
                    timed = elapsed * depth / bases / seconds
                    ratios[share].append((backtrack / total, depth / total, timed))
                    cells.append(
                        f"F {finished:.2f} bt {backtrack / total:.2f} "
                        f"dp {depth / total:.2f} t {timed:.2f}"
                    )
                label = f"{size}x{size} s{seed} {name}"
                print(f"{label:>16s} {total:>9,d} " + " ".join(f"{x:>30s}" for x in cells))
    print("\nrange (min-max, median) over all polytopes:")
    for share, values in ratios.items():
        columns = np.array(values)
        text = ", ".join(
            f"{what} {col.min():.2f}-{col.max():.2f} (median {np.median(col):.2f})"
            for what, col in zip(("backtrack", "depth", "time"), columns.T, strict=True)
        )
        print(f"  at {share:.0%}: {text}")


def baseline_module() -> ModuleType | None:
    """The lexsearch module as it was at ``BENCH_BASELINE``, or None without git."""
    root = Path(__file__).resolve().parent.parent
    try:
        source = subprocess.run(
            ["git", "show", f"{BASELINE}:gametheory/core/lexsearch.py"],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    path = Path(tempfile.mkdtemp()) / "lexsearch_baseline.py"
    path.write_text(source)
    spec = importlib.util.spec_from_file_location("lexsearch_baseline", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["lexsearch_baseline"] = module
    spec.loader.exec_module(module)
    return module


def walk(module: Any, c: np.ndarray, report: bool) -> float:
    """CPU seconds of one whole walk (CPU time: less disturbed by other jobs than wall)."""
    start = time.process_time()
    traversal = module._Traversal(c)
    while not traversal.done:
        traversal.step()
        if report:
            traversal.estimated_bases()
    return time.process_time() - start


def overhead() -> None:
    before = baseline_module()
    if before is None:
        print(f"\noverhead not measured: no git, or no commit {BASELINE}")
        return
    print(
        f"\noverhead of carrying the weights: whole walks of all the polytopes, median of "
        f"{REPEATS} interleaved runs, CPU seconds (before: {BASELINE})"
    )
    print(f"{'size':>6s} {'before':>8s} {'after':>8s} {'+report':>8s} {'after/before':>13s}")
    for size in (s for s in SIZES if s < 20):  # at 20x20 the repeats would take half an hour
        games = [c for seed in SEEDS for _, c in polytopes(size, seed)]
        times: dict[str, list[float]] = {"before": [], "after": [], "report": []}
        for _ in range(REPEATS):
            times["before"].append(sum(walk(before, c, False) for c in games))
            times["after"].append(sum(walk(lexsearch, c, False) for c in games))
            times["report"].append(sum(walk(lexsearch, c, True) for c in games))
        old, new, reported = (float(np.median(times[k])) for k in ("before", "after", "report"))
        print(f"{size:>6d} {old:>8.3f} {new:>8.3f} {reported:>8.3f} {new / old:>13.3f}")


if __name__ == "__main__":
    accuracy()
    overhead()
