"""``pausegame trigger`` and ``pausegame bayes``: what triggers a pause, and who decides.

* ``trigger [MODEL]``: the trigger global game of the scenario's ``[trigger]`` section
  (:mod:`gametheory.pause.trigger`) -- each lab's cutoff, the trigger point and its noiseless
  limit, how noise, the labs required and verification move it -- then every decision rule's
  hit and false-alarm rates (:mod:`gametheory.pause.decision`) and whether labs report their
  evaluations honestly (:mod:`gametheory.pause.evaluations`). ``--variants`` compares the
  rules under every variant of the scenario; ``--plot`` draws each rule's probability of
  pausing against the state.
* ``bayes [MODEL]``: the Bayes–Nash equilibria of the scenario's ``[beliefs]`` section
  (:mod:`gametheory.pause.beliefs`): with finite types, every pure equilibrium through the
  agent form; with continuous types, the cutoff equilibria.
"""

from __future__ import annotations

import argparse
import math
import sys
from typing import Any

from gametheory.core.bayesian import bayes_nash_equilibria, pure_bayes_nash_equilibria
from gametheory.core.errors import EXIT_OK
from gametheory.core.nplayer import MAX_PLAYERS
from gametheory.interfaces.cli.commands import COMMANDS
from gametheory.interfaces.cli.scenarios import add_section_model_arguments, without_from_args
from gametheory.interfaces.outputs import dumps_json, save_figure_file
from gametheory.pause.beliefs import (
    bayesian_pause_game,
    beliefs_from_section,
    pause_cutoff_equilibria,
)
from gametheory.pause.decision import compare_rules
from gametheory.pause.evaluations import honest_reporting
from gametheory.pause.trigger import pause_trigger, trigger_parameters, trigger_sweep
from gametheory.pause.whatif import load_what_if

__all__ = ["add_parser", "run_bayes", "run_trigger"]

SCHEMA_VERSION = 1

_TERMS = (
    "Terms: the state theta is the catastrophe probability a lab's continued training adds "
    "this period; each lab's evaluation reads it with noise sigma. A lab's cutoff: it pauses "
    "when its evaluation exceeds it. Trigger point theta*: the state at which the pause holds "
    "with probability 1/2; theta*_0: its limit as the noise vanishes. Warranted: the state "
    "exceeds should_pause_above. Hit rate: P(pause | warranted); false-alarm rate: P(pause | "
    "not warranted)."
)


def _model_arguments(parser: argparse.ArgumentParser) -> None:
    add_section_model_arguments(parser, set_example="trigger.noise=0.05")
    parser.add_argument("--format", choices=("table", "json"), default="table")


def add_parser(subparsers: Any) -> None:
    """Register ``trigger`` and ``bayes`` on the subcommand parsers."""
    trig: argparse.ArgumentParser = subparsers.add_parser(
        "trigger",
        help=COMMANDS["trigger"].help,
        description="The trigger as a global game: the labs' cutoffs, the trigger point and "
        "its noiseless limit, and each decision rule's hit and false-alarm rates.",
    )
    _model_arguments(trig)
    trig.add_argument(
        "--variants",
        action="store_true",
        help="compare the decision rules under every variant of the scenario",
    )
    trig.add_argument("--plot", metavar="FILE", help="draw P(pause) against the state to FILE")
    trig.set_defaults(run=run_trigger)

    bayes: argparse.ArgumentParser = subparsers.add_parser(
        "bayes",
        help=COMMANDS["bayes"].help,
        description="Bayes-Nash equilibria of the pause game when each lab knows one of its "
        "own parameters and the others know only its distribution.",
    )
    _model_arguments(bayes)
    bayes.set_defaults(run=run_bayes)


def _fmt(x: float) -> str:
    return "n/a" if not math.isfinite(x) else f"{x:.4g}"


def _rules_json(rules: list[Any]) -> list[dict[str, Any]]:
    return [
        {
            "rule": r.name,
            "hit_rate": r.hit_rate,
            "false_alarm_rate": r.false_alarm_rate,
            "note": r.note,
            "vote_regret": r.vote_regret,
        }
        for r in rules
    ]


def run_trigger(args: argparse.Namespace) -> int:
    """Run ``pausegame trigger``."""
    scenario = load_what_if(
        args.model,
        variant=args.variant,
        overrides=args.overrides,
        without=without_from_args(args),
    )
    file = str(scenario.path)
    model = scenario.model
    params = trigger_parameters(model, scenario.sections.get("trigger"), file=file)
    trig = pause_trigger(model, params)
    sweep = trigger_sweep(
        model,
        params,
        noises=[params.noise * f for f in (0.1, 0.5, 1, 2, 4)],
        required=list(range(1, model.num_labs + 1)),
        detection_scales=[0, 0.5, 1, 1.5],
    )
    rules = compare_rules(model, params)
    honesty = honest_reporting(model, params)
    by_variant: dict[str, list[Any]] = {}
    if args.variants:
        for name in scenario.variants or {}:
            s = load_what_if(
                args.model,
                variant=name,
                overrides=args.overrides,
                without=without_from_args(args),
            )
            p = trigger_parameters(s.model, s.sections.get("trigger"), file=file)
            by_variant[name] = compare_rules(s.model, p)
    if args.plot:
        _plot(model, params, trig, args.plot)
    if args.format == "json":
        out = {
            "schema_version": SCHEMA_VERSION,
            "model": scenario.name,
            "variant": scenario.variant,
            "noise": params.noise,
            "required": params.required,
            "should_pause_above": params.should_pause_above,
            "cutoffs": dict(zip(trig.labs, trig.equilibrium.cutoffs.tolist(), strict=True)),
            "certificate_regret": trig.equilibrium.regret,
            "trigger_point": trig.trigger_point,
            "limit_point": trig.limit_point,
            "limit_noise": trig.limit.sigma,
            "sweeps": sweep,
            "rules": _rules_json(rules),
            "honest_reporting": {
                lab: {
                    "best_shade": float(honesty.best_shade[i]),
                    "gain": float(honesty.gain[i]),
                    "least_audit": float(honesty.least_audit[i]),
                    "audit": float(honesty.audit[i]),
                    "honest": bool(honesty.honest[i]),
                }
                for i, lab in enumerate(honesty.labs)
            },
            "audit_source": honesty.audit_source,
            "variants": {k: _rules_json(v) for k, v in by_variant.items()},
        }
        sys.stdout.write(dumps_json(out))
        return EXIT_OK
    title = scenario.name + (f" (variant {scenario.variant})" if scenario.variant else "")
    print(f"The trigger: {title}")
    if params.description:
        removed = without_from_args(args)
        if removed:
            # The file's words were written for every lab; say so rather than let a count in
            # them ("four of five") contradict the line below.
            print(
                f"  The file's description, written with {', '.join(removed)} still in: "
                f"{params.description}"
            )
        else:
            print(f"  {params.description}")
    print(
        f"  noise sigma = {params.noise:g}; the pause holds when {params.required} of "
        f"{model.num_labs} labs pause; a pause is warranted above {params.should_pause_above:.4g}"
    )
    print()
    print("Cutoffs (a lab pauses when its evaluation exceeds its cutoff):")
    for lab, c in zip(trig.labs, trig.equilibrium.cutoffs, strict=True):
        print(f"  {lab:<24} {c:.4f}")
    print(
        f"  certified: no evaluation gains more than {trig.equilibrium.regret:.1e} by "
        "switching (checked on a grid of evaluations and at the cutoffs)"
    )
    print(f"Trigger point theta*:           {trig.trigger_point:.4f}")
    print(f"Limit as noise vanishes theta*_0: {trig.limit_point:.4f}")
    if trig.limit.sigma > 0:
        print(
            f"  (a lab's cutoff separates from the others' as the noise vanishes, so this is "
            f"the trigger point at noise {trig.limit.sigma:.2g})"
        )
    print()
    for key, label in (
        ("noise", "noise sigma"),
        ("required", "labs required"),
        ("detection_scale", "detection x"),
    ):
        print(f"How theta* moves with {label}:")
        print(f"  {label:<16} {'theta*':>8} {'theta*_0':>9}")
        for row in sweep[key]:
            print(f"  {row['value']:<16g} {row['trigger_point']:>8.4f} {row['limit_point']:>9.4f}")
    print()
    print("Who decides (resumption: a rule lifts an unwarranted pause with 1 - false alarms):")
    _print_rules(rules)
    print()
    print(f"Honest reporting of evaluations to a regulator (audit: {honesty.audit_source}):")
    print(f"  {'lab':<24} {'best shade':>10} {'gain':>8} {'least audit':>11} {'audit':>6}  honest")
    for i, lab in enumerate(honesty.labs):
        print(
            f"  {lab:<24} {honesty.best_shade[i]:>10.4f} {honesty.gain[i]:>8.4g} "
            f"{_fmt(honesty.least_audit[i]):>11} {honesty.audit[i]:>6.3f}  "
            f"{'yes' if honesty.honest[i] else 'NO'}"
        )
    if by_variant:
        print()
        print("The rules under every variant (hit rate / false-alarm rate):")
        names = [r.name for r in rules]
        header = "".join(f"{n:>22}" for n in names)
        print(f"  {'variant':<16}{header}")
        for variant, rs in by_variant.items():
            cells = "".join(
                f"{_fmt(r.hit_rate) + ' / ' + _fmt(r.false_alarm_rate):>22}" for r in rs
            )
            print(f"  {variant:<16}{cells}")
    print()
    print(_TERMS)
    return EXIT_OK


def _print_rules(rules: list[Any]) -> None:
    print(f"  {'rule':<20} {'hit rate':>9} {'false alarms':>13}  note")
    for r in rules:
        print(f"  {r.name:<20} {_fmt(r.hit_rate):>9} {_fmt(r.false_alarm_rate):>13}  {r.note}")


def _plot(model: Any, params: Any, trig: Any, path: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    from gametheory.interfaces.plots import plot_pause_probabilities

    figure = plot_pause_probabilities(model, params)
    save_figure_file(figure, path, "--plot", dpi=120, bbox_inches="tight")


def _mixed(actions: tuple[str, ...], probabilities: Any) -> str:
    used = [(a, float(p)) for a, p in zip(actions, probabilities, strict=True) if p > 1e-9]
    if len(used) == 1:
        return used[0][0]
    return " or ".join(f"{a} ({p:.3f})" for a, p in used)


def run_bayes(args: argparse.Namespace) -> int:
    """Run ``pausegame bayes``."""
    scenario = load_what_if(
        args.model,
        variant=args.variant,
        overrides=args.overrides,
        without=without_from_args(args),
    )
    model = scenario.model
    beliefs = beliefs_from_section(model, scenario.sections.get("beliefs"), file=str(scenario.path))
    title = scenario.name + (f" (variant {scenario.variant})" if scenario.variant else "")
    if beliefs.continuous:
        cutoff_eqs = pause_cutoff_equilibria(model, beliefs)
        if args.format == "json":
            document = {
                "schema_version": SCHEMA_VERSION,
                "model": scenario.name,
                "parameter": beliefs.parameter,
                "types": "continuous",
                "equilibria": [
                    {
                        "cutoffs": dict(zip(model.lab_names, e.cutoffs.tolist(), strict=True)),
                        "race_probability": dict(
                            zip(model.lab_names, e.probabilities.tolist(), strict=True)
                        ),
                        "regret": e.regret,
                    }
                    for e in cutoff_eqs
                ],
            }
            sys.stdout.write(dumps_json(document))
            return EXIT_OK
        print(f"Private {beliefs.parameter} (continuous types): {title}")
        print(
            f"{len(cutoff_eqs)} cutoff equilibri{'um' if len(cutoff_eqs) == 1 else 'a'} found "
            f"(a lab races when its {beliefs.parameter} exceeds its cutoff):"
        )
        for k, ce in enumerate(cutoff_eqs, 1):
            print(
                f"  equilibrium {k} (no type gains more than {ce.regret:.1e} by switching, "
                f"checked on {ce.grid_points} types per lab and at the cutoffs)"
            )
            for lab, c, p in zip(model.lab_names, ce.cutoffs, ce.probabilities, strict=True):
                print(f"    {lab:<24} cutoff {c:>10.4g}   races with probability {p:.3f}")
        return EXIT_OK
    game = bayesian_pause_game(model, beliefs)
    agents = sum(game.type_counts)
    if agents <= MAX_PLAYERS:
        bne, complete = bayes_nash_equilibria(game, rng=0)
        scope = "every Bayes-Nash equilibrium, mixed ones included" + (
            "" if complete else " (completeness not certified: some may be missing)"
        )
    else:
        bne = pure_bayes_nash_equilibria(game)
        scope = (
            "every pure Bayes-Nash equilibrium (mixed ones are not searched above "
            f"{MAX_PLAYERS} type-players)"
        )
    if args.format == "json":
        out: dict[str, Any] = {
            "schema_version": SCHEMA_VERSION,
            "model": scenario.name,
            "parameter": beliefs.parameter,
            "types": "finite",
            "scope": scope,
        }
        out["equilibria"] = [
            {
                **{
                    lab: {
                        game.types[i][t]: dict(
                            zip(game.actions[i], e.strategies[i][t].tolist(), strict=True)
                        )
                        for t in range(game.type_counts[i])
                    }
                    for i, lab in enumerate(model.lab_names)
                },
                "interim_regret": e.interim_regret,
            }
            for e in bne
        ]
        sys.stdout.write(dumps_json(out))
        return EXIT_OK
    print(f"Private {beliefs.parameter} (finite types): {title}")
    print(f"  agent form: {agents} type-players (one per lab and type); {scope}")
    print(
        f"{len(bne)} Bayes-Nash equilibri{'um' if len(bne) == 1 else 'a'} "
        "(what each type of each lab does):"
    )
    for k, e in enumerate(bne, 1):
        print(f"  equilibrium {k} (no type gains more than {e.interim_regret:.1e} by deviating)")
        for i, lab in enumerate(model.lab_names):
            cells = ", ".join(
                f"{game.types[i][t]}: {_mixed(game.actions[i], e.strategies[i][t])}"
                for t in range(game.type_counts[i])
            )
            print(f"    {lab:<24} {cells}")
    return EXIT_OK
