"""``pausegame verifier`` and ``pausegame sanctions``: enforcement as a strategic problem.

``verifier [MODEL] [--budget B] [--evasion COST:FACTOR ...] [--plot FILE]`` gives the
inspector's optimal commitment and the simultaneous-move equilibrium of the inspector game
(:mod:`gametheory.pause.verifier`): how often each lab is inspected, whether it pauses, races
or races while evading, the detection each lab faces in equilibrium, what moving first is
worth to the inspector, and what a strategic evader costs against the non-strategic budget LP
(``pausegame budget``). The scenario's ``[treaty.verifier]`` supplies the defaults; the
options override them.

``sanctions [MODEL] [--imposer WHO] [--cost C] [--benefit B]`` reports, for each lab, the
sanction as written and the part that would be carried out when imposing costs the imposers
(:mod:`gametheory.pause.sanctions`), and whether the pause holds on each. The scenario's
``[treaty.sanctions]`` supplies the defaults.
"""

from __future__ import annotations

import argparse
import dataclasses
import math
import sys
from typing import Any

from gametheory.core.errors import EXIT_OK, InputError
from gametheory.core.tolerance import TOL
from gametheory.interfaces.cli.commands import COMMANDS
from gametheory.interfaces.cli.options import parse_tol
from gametheory.interfaces.cli.scenarios import add_model_arguments, model_from_args
from gametheory.interfaces.outputs import dumps_json, save_figure_file
from gametheory.pause.sanctions import IMPOSERS, SanctionSpec, sanction_credibility
from gametheory.pause.treaty import treaty_terms
from gametheory.pause.verifier import (
    EvasionLevel,
    StrategicVerification,
    VerifierSpec,
    strategic_verification,
)

__all__ = ["SCHEMA_VERSION", "add_parser", "run_sanctions", "run_verifier"]

#: Version of the ``--format json`` documents; bumped when a field changes meaning.
SCHEMA_VERSION = 1


def _evasion(text: str) -> EvasionLevel:
    cost, sep, factor = text.partition(":")
    try:
        if not sep:
            raise ValueError
        return EvasionLevel(float(cost), float(factor))
    except (ValueError, InputError):
        raise argparse.ArgumentTypeError(
            f"{text!r}: expected COST:FACTOR, a cost >= 0 and a factor in (0, 1]"
        ) from None


def add_parser(subparsers: Any) -> None:
    """Register ``verifier`` and ``sanctions`` on the subcommand parsers."""
    verifier = subparsers.add_parser(
        "verifier",
        help=COMMANDS["verifier"].help,
        description="An inspector spreads a budget of inspections across the labs; each lab "
        "pauses, races, or races while spending on evasion. Reports the inspector's optimal "
        "commitment, the simultaneous-move equilibrium, the detection each lab faces, and "
        "what a strategic evader costs compared with the non-strategic budget LP.",
    )
    add_model_arguments(verifier)
    verifier.add_argument("--budget", type=float, metavar="B", help="the inspection budget")
    verifier.add_argument(
        "--evasion",
        type=_evasion,
        nargs="+",
        metavar="COST:FACTOR",
        help="evasion options: spend COST to multiply detection by FACTOR (replaces the "
        "scenario's)",
    )
    verifier.add_argument("--format", choices=("table", "json"), default="table")
    verifier.add_argument("--tol", type=str, default=str(TOL), metavar="TOL")
    verifier.add_argument("--plot", metavar="FILE", help="bar chart of inspection and detection")
    verifier.set_defaults(run=run_verifier)

    sanctions = subparsers.add_parser(
        "sanctions",
        help=COMMANDS["sanctions"].help,
        description="Imposing a sanction costs the imposers (lost trade, lost cooperation); "
        "a sanction is carried out only where imposing it is subgame-perfect. Reports the "
        "effective sanctions and whether the pause holds with them.",
    )
    add_model_arguments(sanctions)
    sanctions.add_argument("--imposer", choices=IMPOSERS, help="who imposes sanctions")
    sanctions.add_argument(
        "--cost", type=float, metavar="C", help="every imposer's cost per unit imposed"
    )
    sanctions.add_argument(
        "--benefit", type=float, metavar="B", help="every imposer's return per unit imposed"
    )
    sanctions.add_argument("--format", choices=("table", "json"), default="table")
    sanctions.add_argument("--tol", type=str, default=str(TOL), metavar="TOL")
    sanctions.set_defaults(run=run_sanctions)


def _verifier_spec(args: argparse.Namespace, scenario: Any) -> VerifierSpec:
    spec = treaty_terms(scenario).verifier or VerifierSpec()
    if args.budget is not None:
        if not (args.budget >= 0):
            raise InputError("expected a number >= 0", field="--budget", value=args.budget)
        spec = dataclasses.replace(spec, budget=args.budget)
    if args.evasion is not None:
        spec = dataclasses.replace(spec, evasion=tuple(args.evasion))
    return spec


def _document(result: StrategicVerification) -> dict[str, Any]:
    game = result.game
    labs = []
    for i, lab in enumerate(game.labs):
        strategy = result.simultaneous.lab_strategies[i]
        labs.append(
            {
                "lab": lab,
                "gain": float(game.gain[i]),
                "sanction": float(game.sanction[i]),
                "inspection_detection": float(game.detection[i]),
                "inspection_cost": float(game.inspection_cost[i]),
                "loss": float(game.loss[i]),
                "deterring_inspection": _finite(result.deterring_inspection[i]),
                "deterring_inspection_without_evasion": _finite(
                    result.deterring_inspection_naive[i]
                ),
                "commitment": {
                    "inspection": float(result.commitment.inspection[i]),
                    "response": result.commitment.response[i],
                    "detection": float(result.commitment.detection[i]),
                },
                "simultaneous": {
                    "inspection": float(result.simultaneous.inspection[i]),
                    "race_probability": float(result.simultaneous.race_probability[i]),
                    "strategy": strategy.tolist(),
                    "detection": float(result.simultaneous.detection[i]),
                },
            }
        )
    return {
        "budget": _finite(game.budget),
        "evasion": [{"cost": lv.cost, "factor": lv.factor} for lv in game.evasion],
        "labs": labs,
        "commitment": {
            "inspector_payoff": result.commitment.inspector_payoff,
            "spent": result.commitment.spent,
        },
        "simultaneous": {
            "inspector_payoff": result.simultaneous.inspector_payoff,
            "spent": result.simultaneous.spent,
            "budget_price": result.simultaneous.budget_price,
            "regret": result.simultaneous.regret,
        },
        "leadership_value": result.leadership_value,
        "deterring_budget": result.deterring_budget,
        "deterring_budget_without_evasion": result.deterring_budget_naive,
        "made_undeterrable_by_evasion": list(result.made_undeterrable),
        "budget_lp_cost": result.budget_lp_cost,
        "undeterrable": list(result.undeterrable),
    }


def _finite(x: float) -> float | None:
    return float(x) if math.isfinite(x) else None


def _plot(result: StrategicVerification, path: str, title: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    labs = result.game.labs
    at = np.arange(len(labs))
    fig, ax = plt.subplots(figsize=(7, 3.5))
    width = 0.2
    ax.bar(at - 1.5 * width, result.commitment.inspection, width, label="inspection (leader)")
    ax.bar(at - 0.5 * width, result.simultaneous.inspection, width, label="inspection (no leader)")
    ax.bar(at + 0.5 * width, result.commitment.detection, width, label="detection (leader)")
    ax.bar(at + 1.5 * width, result.simultaneous.detection, width, label="detection (no leader)")
    ax.set_xticks(at, labs)
    ax.set_ylim(0, 1)
    ax.set_ylabel("probability")
    ax.set_title(title)
    ax.legend(fontsize="small")
    fig.tight_layout()
    try:
        save_figure_file(fig, path, "--plot")
    finally:
        plt.close(fig)


def run_verifier(args: argparse.Namespace) -> int:
    """Run ``pausegame verifier``.

    Examples
    --------
    >>> from gametheory.interfaces.cli import main
    >>> main(["verifier", "two-labs"])
    model: two-labs (2 labs); inspection budget 0.15
    ...
    0
    """
    tol = parse_tol(args.tol)
    scenario = model_from_args(args)
    spec = _verifier_spec(args, scenario)
    result = strategic_verification(scenario.model, spec, tol=tol)
    if args.plot:
        _plot(result, args.plot, f"{scenario.name}: strategic verification")
    if args.format == "json":
        document = {
            "schema_version": SCHEMA_VERSION,
            "model": scenario.name,
            "tol": tol,
            **_document(result),
            "plot": args.plot,
        }
        sys.stdout.write(dumps_json(document))
        return EXIT_OK
    game = result.game
    budget = "none" if not math.isfinite(game.budget) else f"{game.budget:g}"
    lines = [f"model: {scenario.name} ({len(game.labs)} labs); inspection budget {budget}"]
    if game.evasion:
        lines.append(
            "evasion options: "
            + "; ".join(
                f"spend {lv.cost:g} to cut detection to {lv.factor:g} of it" for lv in game.evasion
            )
        )
    else:
        lines.append("evasion options: none")
    lines.append(
        "x = inspection probability; detection = the chance the lab's race would be caught"
    )
    lines.append(
        f"  {'lab':<14} {'x* deters':>9} {'no evasion':>10}  {'leader: x':>9} "
        f"{'reply':<18} {'detection':>9}  {'no leader: x':>12} {'P(race)':>7} "
        f"{'detection':>9}"
    )
    for i, lab in enumerate(game.labs):
        deter = result.deterring_inspection[i]
        naive = result.deterring_inspection_naive[i]
        lines.append(
            f"  {lab:<14} {_short(deter):>9} {_short(naive):>10}  "
            f"{result.commitment.inspection[i]:>9.3f} {result.commitment.response[i]:<18} "
            f"{result.commitment.detection[i]:>9.3f}  "
            f"{result.simultaneous.inspection[i]:>12.3f} "
            f"{result.simultaneous.race_probability[i]:>7.3f} "
            f"{result.simultaneous.detection[i]:>9.3f}"
        )
    lines.append(
        f"inspector's payoff: {result.commitment.inspector_payoff:.4g} as leader, "
        f"{result.simultaneous.inspector_payoff:.4g} without; moving first is worth "
        f"{result.leadership_value:.4g}"
    )
    lines.append(
        f"budget that deters every lab deterrable despite evasion: {result.deterring_budget:.4g} "
        f"({result.deterring_budget_naive:.4g} if they could not evade: a strategic evader "
        f"costs {result.deterring_budget - result.deterring_budget_naive:+.4g})"
    )
    if result.made_undeterrable:
        lines.append(
            "evasion puts out of reach of any inspection: " + ", ".join(result.made_undeterrable)
        )
    if result.undeterrable:
        lines.append("no inspection probability deters: " + ", ".join(result.undeterrable))
    if result.budget_lp_cost is not None:
        lines.append(
            f"non-strategic budget LP (pausegame budget; channel intensities, no evasion): "
            f"least cost {result.budget_lp_cost:.4g}"
        )
    else:
        lines.append("non-strategic budget LP: no verification plan deters every lab")
    if args.plot:
        lines.append(f"chart written to {args.plot}")
    sys.stdout.write("\n".join(lines) + "\n")
    return EXIT_OK


def _short(x: float) -> str:
    return "none" if not math.isfinite(x) else f"{x:.3f}"


def run_sanctions(args: argparse.Namespace) -> int:
    """Run ``pausegame sanctions``.

    Examples
    --------
    >>> from gametheory.interfaces.cli import main
    >>> main(["sanctions", "two-labs"])
    model: two-labs (2 labs); sanctions imposed by each other lab
    ...
    0
    """
    tol = parse_tol(args.tol)
    scenario = model_from_args(args)
    names = scenario.model.lab_names
    spec = treaty_terms(scenario).sanctions or SanctionSpec()
    changes: dict[str, Any] = {}
    if args.imposer is not None:
        changes["imposer"] = args.imposer
        if args.imposer == "bloc" and not spec.bloc:
            raise InputError(
                "imposer 'bloc' needs the scenario's [treaty.sanctions] bloc", field="--imposer"
            )
    for option in ("cost", "benefit"):
        value = getattr(args, option)
        if value is None:
            continue
        if not (value >= 0 and math.isfinite(value)):
            raise InputError("expected a number >= 0", field=f"--{option}", value=value)
        changes[option] = dict.fromkeys(names, value)
        if (args.imposer or spec.imposer) == "third party":
            changes[f"third_party_{option}"] = value
    spec = dataclasses.replace(spec, **changes)
    result = sanction_credibility(scenario.model, spec, tol=tol)
    if args.format == "json":
        document = {
            "schema_version": SCHEMA_VERSION,
            "model": scenario.name,
            "tol": tol,
            "imposer": result.imposer,
            "nominal": result.nominal,
            "effective": result.effective,
            "impositions": [
                {
                    "target": p.target,
                    "imposer": p.imposer,
                    "amount": p.amount,
                    "cost": p.cost,
                    "benefit": p.benefit,
                    "imposes": p.imposes,
                }
                for p in result.impositions
            ],
            "all_pause_nominal": result.all_pause_nominal,
            "all_pause_effective": result.all_pause_effective,
            "tempted_effective": list(result.tempted_effective),
            "analyze_uses_effective": spec.costly,
        }
        sys.stdout.write(dumps_json(document))
        return EXIT_OK
    lines = [f"model: {scenario.name} ({len(names)} labs); sanctions imposed by {result.imposer}"]
    lines.append(
        "an imposer carries out its part when what imposing returns covers what it costs "
        "(subgame perfection); net = return - cost"
    )
    lines.append(f"  {'target':<14} {'imposer':<14} {'amount':>8} {'net':>8}  carried out")
    for p in result.impositions:
        lines.append(
            f"  {p.target:<14} {p.imposer:<14} {p.amount:>8.4g} {p.net:>8.4g}  "
            + ("yes" if p.imposes else "no")
        )
    lines.append(
        "effective sanctions: "
        + ", ".join(f"{k} {result.nominal[k]:g} -> {result.effective[k]:g}" for k in names)
    )
    verdict = {True: "holds", False: "fails"}
    lines.append(
        f"all-pause equilibrium: {verdict[result.all_pause_nominal]} with the sanctions as "
        f"written, {verdict[result.all_pause_effective]} with the effective ones"
        + (f" (tempted: {', '.join(result.tempted_effective)})" if result.tempted_effective else "")
    )
    lines.append(
        "pausegame analyze uses the "
        + ("effective" if spec.costly else "written")
        + " sanctions for this scenario ([treaty.sanctions] costly = "
        + ("true" if spec.costly else "false")
        + ")"
    )
    sys.stdout.write("\n".join(lines) + "\n")
    return EXIT_OK
