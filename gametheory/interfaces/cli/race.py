"""``pausegame race``: how a covert lead compounds, and the verification a pause length needs.

``pausegame race [MODEL] [--beta B] [--rate A] [--pause-length T] [--plot FILE]`` derives each
lab's prize from the lead it would open by racing through a pause (:mod:`gametheory.pause.race`)
and prints its critical verification at pause lengths up to ``T``, the longest pause its
current verification deters and the longest any verification deters (``--format json`` for
the same as JSON). ``--plot`` draws the capability trajectories of the most tempted lab
racing covertly while the others pause, beside the critical verification against pause
length.
"""

from __future__ import annotations

import argparse
import math
import sys
from typing import Any

import numpy as np

from gametheory.core.errors import EXIT_OK, InputError
from gametheory.core.limits import check_memory
from gametheory.interfaces.cli.commands import COMMANDS
from gametheory.interfaces.cli.scenarios import add_model_arguments, model_from_args
from gametheory.interfaces.outputs import dumps_json, save_figure_file
from gametheory.pause.model import detection_probabilities
from gametheory.pause.race import (
    blowup_time,
    critical_verification_vs_pause_length,
    longest_deterred_pause,
    race_trajectories,
)

__all__ = ["add_parser", "run_race"]

SCHEMA_VERSION = 1


def _number(text: str, option: str, *, positive: bool = False) -> float:
    try:
        value = float(text)
    except ValueError:
        raise InputError("expected a number", field=option, value=text) from None
    if not math.isfinite(value) or value < 0 or (positive and value == 0):
        raise InputError(
            f"expected a finite number {'> 0' if positive else '>= 0'}", field=option, value=text
        )
    return value


def add_parser(subparsers: Any) -> None:
    """Register ``race`` on the subcommand parsers."""
    race: argparse.ArgumentParser = subparsers.add_parser(
        "race",
        help=COMMANDS["race"].help,
        description="Capability grows as dC/dt = a C^beta while a lab trains "
        "(docs/model/races.md). "
        "Each lab's prize is the value of the lead it opens by racing covertly through a "
        "pause, calibrated to the scenario's prize at --reference-length; the critical "
        "verification then grows with the pause length, without bound for beta > 1.",
    )
    add_model_arguments(race)
    race.add_argument("--beta", default="1.5", metavar="B", help="returns to AI (default 1.5)")
    race.add_argument(
        "--rate", default="0.1", metavar="A", help="research rate a per period (default 0.1)"
    )
    race.add_argument(
        "--pause-length",
        default="6",
        metavar="T",
        help="the longest pause tabulated, in periods (default 6)",
    )
    race.add_argument(
        "--reference-length",
        default="1",
        metavar="R",
        help="the pause length at which the scenario's prize is the lead's value (default 1)",
    )
    race.add_argument(
        "--steps", default="6", metavar="K", help="pause lengths tabulated (default 6)"
    )
    race.add_argument("--format", choices=("table", "json"), default="table")
    race.add_argument("--plot", metavar="FILE", help="draw trajectories and q*(tau) to FILE")
    race.set_defaults(run=run_race)


#: What the closed forms above answer, beside the one model of time (docs/model/time.md).
VIEW_NOTE = (
    "The table above is a view with its own question: the prize is the value of the lead, "
    "detection is counted once per pause, and sanctions, pause cost and risk are held fixed "
    "as the pause lengthens. The package's one convention (per-period detection, leads in the "
    "contest) is the dynamic pause game."
)


def _dynamic_answer(scenario: Any, horizon: float) -> tuple[Any, Any, int] | None:
    """The dynamic game's longest pause and lead built, when the scenario has [dynamics]."""
    from gametheory.pause.markov import longest_pause

    section = scenario.sections.get("dynamics")
    if section is None:
        return None
    periods = max(1, math.ceil(horizon))
    longest, lead = longest_pause(scenario.model, section, max_periods=periods)
    return longest, lead, periods


def _finite(x: float) -> float | None:
    return float(x) if math.isfinite(x) else None


def _show(x: float) -> str:
    return f"{x:.3f}" if math.isfinite(x) else "never"


#: Bytes per (pause length, lab) cell of the race table, its working arrays included.
RACE_BYTES_PER_CELL = 512


def run_race(args: argparse.Namespace) -> int:
    """Tabulate (or write as JSON, or plot) the critical verification against pause length."""
    scenario = model_from_args(args)
    model = scenario.model
    beta = _number(args.beta, "--beta")
    rate = _number(args.rate, "--rate", positive=True)
    horizon = _number(args.pause_length, "--pause-length", positive=True)
    reference = _number(args.reference_length, "--reference-length", positive=True)
    try:
        steps = int(args.steps)
    except ValueError:
        raise InputError("expected an integer", field="--steps", value=args.steps) from None
    if steps < 1:
        raise InputError("expected an integer >= 1", field="--steps", value=args.steps)
    check_memory(
        steps * (model.num_labs + 1) * RACE_BYTES_PER_CELL,
        field="--steps",
        value=args.steps,
        what="the table of pause lengths",
    )
    lengths = np.linspace(horizon / steps, horizon, steps)
    try:
        table = critical_verification_vs_pause_length(
            model, lengths, beta=beta, rate=rate, reference_length=reference
        )
    except ValueError as exc:
        raise InputError(
            str(exc), field="--reference-length", value=args.reference_length
        ) from None
    current = longest_deterred_pause(model, beta=beta, rate=rate, reference_length=reference)
    certain = longest_deterred_pause(
        model, beta=beta, rate=rate, reference_length=reference, detection=1.0
    )
    blowup = blowup_time(model.array("capability"), rate, beta)
    q = detection_probabilities(model)
    dynamic = _dynamic_answer(scenario, horizon)
    if args.format == "json":
        document = {
            "schema_version": SCHEMA_VERSION,
            "model": scenario.name,
            "variant": scenario.variant,
            "beta": beta,
            "rate": rate,
            "reference_length": reference,
            "pause_lengths": lengths.tolist(),
            "labs": [
                {
                    "name": name,
                    "detection": float(q[i]),
                    "value_per_lead": float(table.value_per_lead[i]),
                    "lead": [_finite(x) for x in table.lead[:, i]],
                    "critical_verification": [
                        _finite(x) for x in table.critical_verification[:, i]
                    ],
                    "longest_deterred_pause": _finite(current[i]),
                    "longest_pause_certain_detection": _finite(certain[i]),
                    "blowup_time": _finite(blowup[i]),
                }
                for i, name in enumerate(model.lab_names)
            ],
        }
        if dynamic is not None:
            longest, lead, periods = dynamic
            document["dynamic_game"] = {
                "note": VIEW_NOTE,
                "max_periods": periods,
                "labs": [
                    {
                        "name": name,
                        "longest_pause": _finite(longest[i]),
                        "lead_built": _finite(lead[i]),
                    }
                    for i, name in enumerate(model.lab_names)
                ],
            }
        sys.stdout.write(dumps_json(document))
    else:
        print(
            f"{scenario.name}: dC/dt = {rate:g} C^{beta:g}; prize = value of the lead, "
            f"calibrated at a {reference:g}-period pause"
        )
        width = max(len(n) for n in model.lab_names)
        print("critical verification q* by pause length (inf: no verification suffices)")
        print("tau".rjust(8) + "".join(n.rjust(max(width, 8) + 2) for n in model.lab_names))
        for k, tau in enumerate(lengths):
            cells = "".join(
                f"{x:.3f}".rjust(max(width, 8) + 2) for x in table.critical_verification[k]
            )
            print(f"{tau:8.3g}{cells}")
        print()
        for i, name in enumerate(model.lab_names):
            print(
                f"{name.ljust(width)}  q = {q[i]:.3f}: deters pauses up to {_show(current[i])} "
                f"periods; certain detection up to {_show(certain[i])}; "
                f"blow-up at {_show(blowup[i])}"
            )
        print()
        print(VIEW_NOTE)
        if dynamic is not None:
            longest, lead, periods = dynamic
            print(
                "The scenario's dynamic pause game ([dynamics]; pausegame dynamic): the longest "
                f"pause (of 1..{periods} periods) before covert racing pays"
            )
            for i, name in enumerate(model.lab_names):
                kept = "any tried" if math.isinf(longest[i]) else f"{longest[i]:g} period(s)"
                built = (
                    f"; racing through the next builds {lead[i]:.3g}"
                    if math.isfinite(lead[i])
                    else ""
                )
                print(f"{name.ljust(width)}  {kept}{built}")
    if args.plot:
        _plot(model, table, lengths, beta, rate, args.plot)
    return EXIT_OK


def _plot(model: Any, table: Any, lengths: Any, beta: float, rate: float, path: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    tau = float(lengths[-1])
    defector = int(np.argmax(np.nan_to_num(table.critical_verification[-1], posinf=1e300)))
    racing = np.zeros(model.num_labs, dtype=bool)
    racing[defector] = True
    times = np.linspace(0.0, 1.5 * tau, 301)
    tr = race_trajectories(
        model.array("capability"), rate, beta, times, racing=racing, pause_length=tau
    )
    figure, (left, right) = plt.subplots(1, 2, figsize=(11, 4))
    for i, name in enumerate(model.lab_names):
        label = f"{name} (races covertly)" if racing[i] else name
        left.plot(
            times,
            np.where(np.isfinite(tr.capability[:, i]), tr.capability[:, i], np.nan),
            label=label,
        )
    left.axvline(tau, color="grey", linestyle=":", label="pause ends")
    left.set_yscale("log")
    left.set_xlabel("time (periods)")
    left.set_ylabel("capability C")
    left.set_title(f"dC/dt = {rate:g} C^{beta:g}")
    left.legend(fontsize=8)
    fine = np.linspace(float(lengths[0]) / 4, tau, 200)
    curve = critical_verification_vs_pause_length(
        model, fine, beta=beta, rate=rate, value_per_lead=table.value_per_lead
    )
    for i, name in enumerate(model.lab_names):
        y = curve.critical_verification[:, i]
        right.plot(fine, np.where(np.isfinite(y), y, np.nan), label=name)
    right.axhline(1.0, color="black", linestyle="--", label="certain detection")
    right.set_ylim(0, 1.5)
    right.set_xlabel("pause length tau (periods)")
    right.set_ylabel("critical verification q*")
    right.legend(fontsize=8)
    try:
        save_figure_file(figure, path, "--plot", dpi=120, bbox_inches="tight")
    finally:
        plt.close(figure)
