"""``pausegame dynamic``: the pause over time, as one dynamic (Markov) game.

``pausegame dynamic [MODEL]`` builds the dynamic pause game of a scenario from its
``[dynamics]`` section (:mod:`gametheory.pause.markov`, under the convention of
:mod:`gametheory.pause.timing`), and prints which labs a covert lead tempts, the certified
stationary Markov perfect equilibrium the pause settles into, and its expected course: the
probability the pause is kept, each lab's capability gained, values and catastrophe risk,
period by period. ``--levers`` adds the seed's levers (longest pause before covert racing
pays, the lead it builds, the least detection and confiscation, which resumption rule
holds); ``--sweep LEVER=V1,V2,...`` re-solves along one lever and ``--draws D --seed S`` at
draws of the scenario's ``[uncertainty]`` section, with ``--jobs`` joblib workers or on a dask
cluster (``--scheduler ADDRESS``), identical to a serial run. ``--format json``,
``--plot FILE`` and ``--out FILE`` as elsewhere.
"""

from __future__ import annotations

import argparse
import math
import sys
from typing import Any

import numpy as np

from gametheory.core.errors import EXIT_OK, InputError
from gametheory.interfaces.cli.commands import COMMANDS
from gametheory.interfaces.cli.scenarios import add_model_arguments, model_from_args
from gametheory.interfaces.outputs import dumps_json, save_figure_file, write_text
from gametheory.pause.markov import (
    SWEEP_LEVERS,
    DynamicSolution,
    DynamicSweep,
    PauseDynamics,
    PauseLevers,
    ResumptionRuleCheck,
    dynamic_sweep,
    dynamic_uncertainty,
    pause_levers,
    resumption_rules,
    solve_dynamic,
)
from gametheory.pause.timing import CONVENTION

__all__ = ["add_parser", "run_dynamic"]

SCHEMA_VERSION = 1


def add_parser(subparsers: Any) -> None:
    """Register ``dynamic`` on the subcommand parsers."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "dynamic",
        help=COMMANDS["dynamic"].help,
        description="The dynamic pause game of a scenario's [dynamics] section (docs/model/"
        "time.md): regimes (paused, collapsed, racing) and each lab's capability lead, which "
        "grows by dC/dt = a C^beta while it races. Reports who a covert lead tempts, the "
        "certified stationary Markov perfect equilibrium and its course over time.",
    )
    add_model_arguments(parser)
    parser.add_argument(
        "--levers",
        action="store_true",
        help="also compute the levers: longest pause, lead built, least detection and "
        "confiscation, and which resumption rule keeps the pause",
    )
    parser.add_argument(
        "--max-pause",
        type=int,
        default=8,
        metavar="T",
        help="the longest pause (periods) the levers try (default 8)",
    )
    parser.add_argument(
        "--sweep",
        metavar="LEVER=V1,V2,...",
        help=f"re-solve at each value of one lever ({', '.join(SWEEP_LEVERS)})",
    )
    parser.add_argument(
        "--draws",
        type=int,
        metavar="D",
        help="also solve the game at D draws of the scenario's [uncertainty] section",
    )
    parser.add_argument("--seed", type=int, default=0, metavar="S", help="seed of the draws")
    parser.add_argument(
        "--jobs", type=int, default=1, metavar="J", help="parallel workers (joblib; -1: every core)"
    )
    parser.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="run the sweep on a dask cluster at ADDRESS (needs the optional extra "
        "pausegame[dask])",
    )
    parser.add_argument("--format", choices=("table", "json"), default="table")
    parser.add_argument("--plot", metavar="FILE", help="draw values and leads over time to FILE")
    parser.add_argument("--out", metavar="FILE", help="write the table or JSON to FILE")
    parser.set_defaults(run=run_dynamic)


def _sweep_values(text: str) -> tuple[str, list[float]]:
    lever, sep, rest = text.partition("=")
    lever = lever.strip()
    if not sep or lever not in SWEEP_LEVERS:
        raise InputError(
            f"expected LEVER=V1,V2,... with LEVER one of {list(SWEEP_LEVERS)}",
            field="--sweep",
            value=text,
        )
    try:
        values = [float(v) for v in rest.split(",") if v.strip()]
    except ValueError:
        raise InputError("expected comma-separated numbers", field="--sweep", value=text) from None
    if not values or not all(math.isfinite(v) for v in values):
        raise InputError("expected comma-separated finite numbers", field="--sweep", value=text)
    return lever, values


def _number(x: float) -> float | None:
    return float(x) if math.isfinite(x) else None


def _show(x: float, digits: int = 4) -> str:
    return f"{x:.{digits}g}" if math.isfinite(x) else "never" if x > 0 else "-"


def _table(headers: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(len(h), *(len(r[k]) for r in rows)) for k, h in enumerate(headers)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    return lines


def _describe(solution: DynamicSolution) -> list[str]:
    d = solution.dynamic
    dyn = d.dynamics
    model = d.model
    lines = [f"Convention: {CONVENTION}."]
    lines.append(
        f"Rule: {dyn.describe()}; discount {dyn.discount:g} per period; "
        f"{d.game.num_states} states ({len(d.regimes)} regimes x {d.lead_states} lead vectors)."
    )
    if dyn.lead_levels:
        lines.append(
            f"Capability: dC/dt = {dyn.growth_rate:g} C^{dyn.returns:g} while a lab races, "
            f"tracked for {dyn.lead_levels} period(s) of racing; the contest uses it"
            + (
                f"; the prize grows {dyn.prize_per_capability:g} per unit"
                if dyn.prize_per_capability
                else ""
            )
            + "."
        )
    else:
        lines.append("Capability: no lead dynamics (lead_levels = 0).")
    lines.append("")
    rows = [
        [name, f"{g:.4g}", "tempted" if name in solution.tempted else "keeps the pause"]
        for name, g in zip(model.lab_names, solution.gains, strict=True)
    ]
    lines += _table(["lab", "gain of covert racing", "verdict"], rows)
    lines.append(
        "(gain of covert racing: what the lab's best plan that races during the pause is worth "
        "over its best plan that keeps it, the others keeping it, from the start of the pause)"
    )
    lines.append("")
    e = solution.equilibrium
    if e is None:
        lines.append(
            "Equilibrium: no stationary Markov perfect equilibrium reached (best-response "
            "dynamics cycles from compliance and from all-race); the verdicts above stand."
        )
        return lines
    kind = "pure" if e.is_pure else "mixed"
    exact = "" if e.exact_regret is None else f", exact regret {e.exact_regret}"
    lines.append(
        f"Equilibrium: a {kind} stationary Markov perfect equilibrium ({e.method}), certified: "
        f"no lab gains from a one-shot deviation in any state (regret {e.regret:.3g} <= "
        f"tol {e.tol:g}{exact}). The pause {'holds' if solution.pause_holds else 'does not hold'}"
        " on its path."
    )
    if e.is_pure:
        racing = [n for n, a in zip(model.lab_names, e.profile[d.start], strict=True) if a]
        lines.append(
            "At the start of the pause: "
            + ("racing covertly: " + ", ".join(racing) if racing else "every lab pauses")
            + "."
        )
    return lines


def _path_lines(solution: DynamicSolution) -> list[str]:
    path = solution.path
    if path is None:
        return []
    names = solution.dynamic.model.lab_names
    headers = ["period", "P(pause kept)", *(f"lead {n}" for n in names), "cumulative risk"]
    horizon = len(path.paused)
    shown = sorted({*range(min(horizon, 6)), horizon - 1})
    rows = [
        [
            str(t + 1),
            f"{path.paused[t]:.3f}",
            *(f"{x:.3f}" for x in path.lead[t]),
            f"{path.cumulative_risk[t]:.3f}",
        ]
        for t in shown
    ]
    lines = ["", "Under the equilibrium, from the start of the pause (given no catastrophe yet):"]
    lines += _table(headers, rows)
    lines.append(
        f"(lead: expected capability gained since the start; {horizon} periods: expected "
        f"{path.expected_time_paused:.3g} periods with the pause kept, catastrophe risk "
        f"{path.cumulative_risk[-1]:.3f})"
    )
    return lines


def _lever_lines(levers: PauseLevers, rules: tuple[ResumptionRuleCheck, ...], q: Any) -> list[str]:
    rows = [
        [
            name,
            "any tried" if math.isinf(levers.longest_pause[i]) else f"{levers.longest_pause[i]:g}",
            _show(levers.lead_built[i]) if math.isfinite(levers.lead_built[i]) else "-",
            _show(levers.least_detection[i])
            if math.isfinite(levers.least_detection[i])
            else "none",
            f"{q[i]:.4g}",
        ]
        for i, name in enumerate(levers.labs)
    ]
    lines = ["", f"Levers (fixed review, pauses of 1..{levers.max_periods} periods tried):"]
    lines += _table(
        ["lab", "longest pause kept", "lead it would build", "least detection q*", "has q"], rows
    )
    conf = levers.least_confiscation
    lines.append(
        "(longest pause kept: periods before covert racing pays; lead: capability gained racing "
        "through the first pause that tempts; q*: per-period detection that removes the "
        f"temptation at a {levers.max_periods}-period pause, a root re-solved on either side; "
        "a lead is tracked for lead_levels periods of racing, so longer pauses build no more)"
    )
    lines.append(
        "Confiscation of a detected lead needed to keep every lab from racing: "
        + (
            "none needed"
            if conf == 0
            else "no probability suffices"
            if math.isinf(conf)
            else f"probability {conf:.4g}"
        )
        + "."
    )
    lines.append("")
    lines.append("Resumption rules (same expected pause length):")
    lines += _table(
        ["rule", "pause holds", "tempted"],
        [[r.rule, "yes" if r.holds else "no", ", ".join(r.tempted) or "none"] for r in rules],
    )
    return lines


def _sweep_lines(sweep: DynamicSweep) -> list[str]:
    headers = [sweep.lever, *sweep.labs, "pause holds"]
    rows = [
        [f"{v:g}", *(f"{x:.4g}" for x in sweep.temptation[k]), "yes" if sweep.holds[k] else "no"]
        for k, v in enumerate(sweep.values)
    ]
    return ["", f"Gain of covert racing by {sweep.lever}:", *_table(headers, rows)]


def _document(
    scenario: Any,
    solution: DynamicSolution,
    levers: PauseLevers | None,
    rules: tuple[ResumptionRuleCheck, ...] | None,
    sweep: DynamicSweep | None,
) -> dict[str, Any]:
    d = solution.dynamic
    e = solution.equilibrium
    out: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "model": scenario.name,
        "variant": scenario.variant,
        "convention": CONVENTION,
        "dynamics": {k: getattr(d.dynamics, k) for k in PauseDynamics.__dataclass_fields__},
        "states": d.game.num_states,
        "regimes": list(d.regimes),
        "labs": [
            {"name": n, "gain_of_covert_racing": float(g), "tempted": n in solution.tempted}
            for n, g in zip(d.model.lab_names, solution.gains, strict=True)
        ],
        "compliance_is_equilibrium": solution.compliance_is_equilibrium,
        "pause_holds": solution.pause_holds,
        "equilibrium": None
        if e is None
        else {
            "pure": e.is_pure,
            "method": e.method,
            "regret": e.regret,
            "tol": e.tol,
            "exact_regret": None if e.exact_regret is None else str(e.exact_regret),
            "start_racing": [
                n
                for n, a in zip(d.model.lab_names, e.profile[d.start], strict=True)
                if e.is_pure and a
            ],
        },
    }
    if solution.path is not None:
        p = solution.path
        out["path"] = {
            "pause_kept": p.paused.tolist(),
            "lead": p.lead.tolist(),
            "values": p.values.tolist(),
            "cumulative_risk": p.cumulative_risk.tolist(),
            "expected_time_paused": p.expected_time_paused,
        }
    if levers is not None and rules is not None:
        out["levers"] = {
            "max_periods": levers.max_periods,
            "labs": [
                {
                    "name": n,
                    "longest_pause": _number(levers.longest_pause[i]),
                    "lead_built": _number(levers.lead_built[i]),
                    "least_detection": _number(levers.least_detection[i]),
                }
                for i, n in enumerate(levers.labs)
            ],
            "least_confiscation": _number(levers.least_confiscation),
            "resumption_rules": [
                {"rule": r.rule, "holds": r.holds, "tempted": list(r.tempted)} for r in rules
            ],
        }
    if sweep is not None:
        out["sweep"] = {
            "lever": sweep.lever,
            "values": sweep.values.tolist(),
            "gain_of_covert_racing": sweep.temptation.tolist(),
            "holds": sweep.holds.tolist(),
        }
    return out


def run_dynamic(args: argparse.Namespace) -> int:
    """Run ``pausegame dynamic``.

    Examples
    --------
    >>> from gametheory.interfaces.cli import main
    >>> main(["dynamic", "coordinated-pausing", "--variant", "legal"])  # doctest: +ELLIPSIS
    Convention: one period = one round of the one-shot pause game...
    0
    """
    scenario = model_from_args(args)
    section = scenario.sections.get("dynamics")
    if section is None:
        raise InputError(
            "expected a [dynamics] section (see docs/model/time.md)",
            file=str(scenario.path),
            field="dynamics",
        )
    dynamics = PauseDynamics(**section)
    if args.max_pause < 1:
        raise InputError("expected an integer >= 1", field="--max-pause", value=args.max_pause)
    if args.jobs == 0:
        raise InputError("expected a number of workers, not 0", field="--jobs", value=0)
    model = scenario.model
    solution = solve_dynamic(model, dynamics, exact=args.exact)
    levers = rules = None
    if args.levers:
        levers = pause_levers(model, dynamics, max_periods=args.max_pause)
        rules = resumption_rules(model, dynamics)
    sweep = None
    if args.sweep:
        lever, values = _sweep_values(args.sweep)
        sweep = dynamic_sweep(
            model, dynamics, lever, values, jobs=args.jobs, scheduler=args.scheduler
        )
    uncertain = None
    if args.draws is not None:
        uncertain = dynamic_uncertainty(
            args.model,
            variant=args.variant,
            overrides=tuple(args.overrides),
            draws=args.draws,
            seed=args.seed,
            jobs=args.jobs,
            scheduler=args.scheduler,
        )
    if args.format == "json":
        document = _document(scenario, solution, levers, rules, sweep)
        if uncertain is not None:
            document["uncertainty"] = {
                "parameters": list(uncertain.parameters),
                "draws": int(uncertain.holds.size),
                "seed": uncertain.seed,
                "probability_pause_holds": uncertain.probability,
                "wilson_95": list(uncertain.interval),
                "share_tempted": dict(
                    zip(uncertain.labs, uncertain.tempted.mean(axis=0).tolist(), strict=True)
                ),
            }
        text = dumps_json(document).rstrip("\n")
    else:
        lines = _describe(solution) + _path_lines(solution)
        if levers is not None and rules is not None:
            lines += _lever_lines(levers, rules, solution.dynamic.detection)
        if sweep is not None:
            lines += _sweep_lines(sweep)
        if uncertain is not None:
            low, high = uncertain.interval
            shares = ", ".join(
                f"{n} {x:.0%}"
                for n, x in zip(uncertain.labs, uncertain.tempted.mean(axis=0), strict=True)
            )
            lines += [
                "",
                f"Uncertain ({', '.join(uncertain.parameters)}; {uncertain.holds.size} draws, "
                f"seed {uncertain.seed}): the pause holds in the dynamic game with probability "
                f"{uncertain.probability:.3f} (95% Wilson interval {low:.3f} to {high:.3f}); "
                f"share of draws each lab is tempted: {shares}",
            ]
        text = "\n".join(lines)
    if args.out:
        write_text(args.out, text + "\n", "--out")
    else:
        sys.stdout.write(text + "\n")
    if args.plot:
        _plot(solution, args.plot)
    return EXIT_OK


def _plot(solution: DynamicSolution, path: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    if solution.path is None:
        raise InputError(
            "no equilibrium to plot (best-response dynamics cycles)", field="--plot", value=path
        )
    p = solution.path
    names = solution.dynamic.model.lab_names
    t = np.arange(1, len(p.paused) + 1)
    figure, (left, middle, right) = plt.subplots(1, 3, figsize=(14, 4))
    for i, name in enumerate(names):
        left.plot(t, p.values[:, i], label=name)
        middle.plot(t, p.lead[:, i], label=name)
    left.set_xlabel("period")
    left.set_ylabel("expected value of continuing")
    left.legend(fontsize=8)
    middle.set_xlabel("period")
    middle.set_ylabel("expected capability gained")
    right.plot(t, p.paused, label="P(pause kept)")
    right.plot(t, p.cumulative_risk, label="cumulative catastrophe risk")
    right.set_xlabel("period")
    right.set_ylim(0, 1.02)
    right.legend(fontsize=8)
    figure.suptitle("the pause over time, under the equilibrium")
    try:
        save_figure_file(figure, path, "--plot", dpi=120, bbox_inches="tight")
    finally:
        plt.close(figure)
