"""Benchmark: game trees (issue 14) against pygambit, when it is installed.

Run by hand from the repository root::

    uv run python benchmarks/bench_extensive.py [--repeat 5]

Workloads, each through pausegame and (when importable) pygambit in the same process:

(a) Kuhn poker (``tests/data/kuhn_poker.efg``): the zero-sum sequence-form LP
    (:func:`gametheory.zero_sum_sequence_form_equilibrium` against ``gbt.nash.lp_solve``)
    and Lemke's algorithm on the sequence form
    (:func:`gametheory.sequence_form_equilibrium`, exact, against ``gbt.nash.lcp_solve``);
(b) a general-sum tree with imperfect information (random payoffs, seeded): Lemke;
(c) reading and writing the ``.efg`` file.

Medians over ``--repeat`` runs; ratios are peer time / pausegame time. Without pygambit only
pausegame's times are printed and the peers' columns say "not installed".
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from gametheory import (
    ExtensiveGame,
    leaf,
    move,
    read_efg,
    sequence_form_equilibrium,
    write_efg,
    zero_sum_sequence_form_equilibrium,
)

try:
    import pygambit as gbt
except ImportError:  # pragma: no cover - optional
    gbt = None

KUHN = Path(__file__).resolve().parent.parent / "tests" / "data" / "kuhn_poker.efg"


def median_time(function: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return float(np.median(times))


def signalling_tree(rng: np.random.Generator, types: int = 3, messages: int = 3) -> ExtensiveGame:
    """A sender-receiver game: the sender knows its type, sends a message; the receiver sees
    only the message and acts. Random integer payoffs (general sum)."""
    from gametheory import chance

    branches = []
    for t in range(types):
        sends = []
        for m in range(messages):
            acts = [(f"a{a}", leaf(*rng.integers(-5, 6, size=2).tolist())) for a in range(3)]
            sends.append((f"m{m}", move("receiver", acts, infoset=f"heard m{m}")))
        branches.append((f"t{t}", f"1/{types}", move("sender", sends, infoset=f"type t{t}")))
    return ExtensiveGame.from_tree(chance(branches), players=("sender", "receiver"))


def row(label: str, ours: float, theirs: float | None) -> str:
    peer = "pygambit not installed" if gbt is None else "-"
    if theirs is not None:
        peer = f"{1e3 * theirs:8.2f} ms ({theirs / ours:.2f}x)"
    return f"{label:<48} {1e3 * ours:8.2f} ms   {peer}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    kuhn = read_efg(KUHN)
    signalling = signalling_tree(np.random.default_rng(args.seed))
    with tempfile.TemporaryDirectory() as tmp:
        signalling_file = Path(tmp, "signalling.efg")
        write_efg(signalling, signalling_file)
        gambit_kuhn = gambit_signalling = None
        if gbt is not None:
            gambit_kuhn = gbt.read_efg(str(KUHN))
            gambit_signalling = gbt.read_efg(str(signalling_file))

        def peer(solver: str, game: Any) -> float | None:
            if gbt is None:
                return None
            return median_time(lambda: getattr(gbt.nash, solver)(game), args.repeat)

        print(f"{'workload':<48} {'pausegame':>11}   peer (ratio)")
        lp = zero_sum_sequence_form_equilibrium(kuhn)
        print(
            row(
                f"Kuhn poker, sequence-form LP (value {lp.payoffs[0]:.6f})",
                median_time(lambda: zero_sum_sequence_form_equilibrium(kuhn), args.repeat),
                peer("lp_solve", gambit_kuhn),
            )
        )
        print(
            row(
                "Kuhn poker, Lemke (exact)",
                median_time(lambda: sequence_form_equilibrium(kuhn), args.repeat),
                peer("lcp_solve", gambit_kuhn),
            )
        )
        print(
            row(
                f"signalling game ({len(signalling.nodes)} nodes), Lemke (exact)",
                median_time(lambda: sequence_form_equilibrium(signalling), args.repeat),
                peer("lcp_solve", gambit_signalling),
            )
        )
        text = KUHN.read_text(encoding="utf-8")
        theirs = None
        if gbt is not None:
            theirs = median_time(lambda: gbt.read_efg(str(KUHN)), args.repeat)
        print(
            row("Kuhn poker, read .efg", median_time(lambda: read_efg(text), args.repeat), theirs)
        )


if __name__ == "__main__":
    main()
