"""``pausegame repeated``, ``pausegame inspect`` and ``pausegame lifecycle``.

* ``repeated [MODEL]``: under each credible punishment (Nash reversion, stick and carrot;
  :func:`gametheory.pause.repeated.credible_punishments`), each lab's stage payoffs T, R, P,
  least discount factor and least detection that make the pause self-enforcing, each re-solved
  on either side; ``--plot`` draws each lab's least detection against δ.
* ``inspect``: the inspection game's equilibrium, inspector leadership, the Neyman–Pearson
  choice of false-alarm rate and Dresher's sequential game (:mod:`gametheory.pause.inspection`);
  ``--plot`` draws the ROC curve against the deterrence line.
* ``lifecycle [MODEL]``: the pause lifecycle of one version (``--variant``) or of every
  version of the scenario side by side (:mod:`gametheory.pause.lifecycle`); ``--plot`` draws the
  time series and the versions compared.

Parameters not given on the command line come from the scenario's ``[repeated]`` and
``[lifecycle]`` sections, then from the library defaults.
"""

from __future__ import annotations

import argparse
import math
import sys
from typing import Any

import numpy as np

from gametheory.core.errors import EXIT_OK, InputError
from gametheory.core.tolerance import TOL
from gametheory.interfaces.cli.commands import COMMANDS
from gametheory.interfaces.cli.options import parse_tol
from gametheory.interfaces.cli.scenarios import add_section_model_arguments, without_from_args
from gametheory.interfaces.outputs import dumps_json, save_figure_file
from gametheory.pause.repeated import PUNISHMENTS, THRESHOLD_STEP
from gametheory.pause.scenario import DEFAULT_MODEL, load_scenario
from gametheory.pause.whatif import load_what_if

__all__ = ["add_parser", "run_inspect", "run_lifecycle", "run_repeated"]

SCHEMA_VERSION = 1
#: The JSON schema of ``repeated`` (2: one entry per punishment, credible ones only by default).
REPEATED_SCHEMA_VERSION = 2


def _model_arguments(parser: argparse.ArgumentParser, default: str = DEFAULT_MODEL) -> None:
    add_section_model_arguments(parser, default=default, set_example="lifecycle.hazard=0.1")


def _output_arguments(parser: argparse.ArgumentParser, plot_help: str) -> None:
    parser.add_argument("--format", choices=("table", "json"), default="table")
    parser.add_argument("--plot", metavar="FILE", help=plot_help)


def _number(text: str | None, option: str) -> float | None:
    if text is None:
        return None
    try:
        value = float(text)
    except ValueError:
        raise InputError("expected a number", field=option, value=text) from None
    if not math.isfinite(value):
        raise InputError("expected a finite number", field=option, value=text)
    return value


def _required(text: str, option: str) -> float:
    value = _number(text, option)
    assert value is not None  # text is not None: argparse supplies a default
    return value


def _integer(text: str | None, option: str) -> int | None:
    if text is None:
        return None
    try:
        return int(text)
    except ValueError:
        raise InputError("expected an integer", field=option, value=text) from None


def add_parser(subparsers: Any) -> None:
    """Register ``repeated``, ``inspect`` and ``lifecycle`` on the subcommand parsers."""
    rep: argparse.ArgumentParser = subparsers.add_parser(
        "repeated",
        help=COMMANDS["repeated"].help,
        description="The repeated pause under imperfect monitoring with credible "
        "punishments (Nash reversion, stick and carrot): each lab's T, R, P, least discount "
        "factor δ* and least detection d*, each re-solved on either side "
        "(docs/model/repeated.md).",
    )
    _model_arguments(rep)
    rep.add_argument("--discount", metavar="DELTA", help="discount factor in (0, 1)")
    rep.add_argument("--false-alarm", metavar="F", help="false-alarm rate per period")
    rep.add_argument(
        "--punishment-length",
        metavar="L",
        help="periods of punishment (default: for ever for Nash reversion, the best stick "
        "of at most 4 periods for stick and carrot)",
    )
    rep.add_argument(
        "--punishment",
        choices=PUNISHMENTS,
        help="report one punishment (default: every credible one); grim-all-race is a "
        "non-credible benchmark and carries no verdict",
    )
    rep.add_argument("--tol", default=str(TOL), metavar="TOL")
    _output_arguments(rep, "draw the δ*–d* frontier per lab to FILE (png, pdf, svg)")
    rep.set_defaults(run=run_repeated)

    ins: argparse.ArgumentParser = subparsers.add_parser(
        "inspect",
        help=COMMANDS["inspect"].help,
        description="The basic inspection game (equilibrium and inspector leadership), the "
        "Neyman-Pearson choice of false-alarm rate, and Dresher's sequential game.",
    )
    for option, default, text in (
        ("--gain", "1", "the lab's gain from an undetected violation"),
        ("--sanction", "3", "the lab's loss when caught"),
        ("--detection", "0.5", "detection probability of one inspection"),
        ("--inspection-cost", "1", "the verifier's cost of an inspection"),
        ("--loss", "10", "the verifier's loss from an undetected violation"),
        ("--discriminability", "2", "d of the statistical test"),
        ("--false-alarm-cost", "1", "the verifier's cost of a false alarm"),
        ("--lab-false-alarm-cost", "0", "a compliant lab's cost of a false alarm"),
        ("--periods", "5", "periods of Dresher's game"),
        ("--inspections", "2", "inspections of Dresher's game"),
    ):
        ins.add_argument(option, default=default, help=f"{text} (default {default})")
    ins.add_argument("--tol", default=str(TOL), metavar="TOL")
    _output_arguments(ins, "draw the ROC curve against the deterrence line to FILE")
    ins.set_defaults(run=run_inspect)

    life: argparse.ArgumentParser = subparsers.add_parser(
        "lifecycle",
        help=COMMANDS["lifecycle"].help,
        description="The Markov model of the pause lifecycle "
        "(docs/model/lifecycle.md). Without --variant "
        "every variant of the scenario is analysed side by side.",
    )
    # The lifecycle needs a [lifecycle] section: default to the shipped model that has one.
    _model_arguments(life, default="coordinated-pausing")
    life.add_argument("--horizon", metavar="H", help="periods for the catastrophe risk")
    _output_arguments(life, "draw the time series and the versions compared to FILE")
    life.set_defaults(run=run_lifecycle)


def _write_plot(figure: Any, path: str) -> None:
    save_figure_file(figure, path, "--plot", dpi=120, bbox_inches="tight")


def _figure(columns: int) -> tuple[Any, Any]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(1, columns, figsize=(5 * columns, 4), squeeze=False)
    return figure, axes[0]


def _close(figure: Any) -> None:
    import matplotlib.pyplot as plt

    plt.close(figure)


def _table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(r[c]) for r in [header, *rows]) for c in range(len(header))]
    lines = [header, ["-" * w for w in widths], *rows]
    return "\n".join("  ".join(x.ljust(w) for x, w in zip(r, widths, strict=True)) for r in lines)


def _fmt(x: float) -> str:
    if math.isinf(x):
        return "impossible" if x > 0 else "-inf"
    return f"{x:.4g}"


def _json_number(x: float) -> float | None:
    return None if not math.isfinite(x) else float(x)


# -- repeated -----------------------------------------------------------------------------------
_LEGEND = (
    "T: racing alone during the pause (expected sanction d·F included); R: every lab pausing; "
    "P: the first punishment period (no agreement: no sanction); d: detection per period of "
    "racing; δ*: least discount factor at the lab's own d; d*: least detection at δ (the "
    "expected sanction moves with it); checked: the condition re-solved from the model at the "
    f"threshold ± {THRESHOLD_STEP:g} holds above and fails below."
)


def _report_json(report: Any) -> dict[str, Any]:
    stage = report.stage
    credible = report.credible
    return {
        "punishment": report.path.rule,
        "description": report.path.description,
        "credible": credible,
        "punishment_length": report.punishment_length,
        # A threat that is not credible carries no verdict.
        "all_self_enforcing": report.all_self_enforcing if credible else None,
        "binding_discount": report.binding_discount,
        "binding_detection": report.binding_detection,
        "labs": [
            {
                "lab": name,
                "temptation": float(stage.temptation[i]),
                "reward": float(stage.reward[i]),
                "punishment": float(stage.punishment[i]),
                "detection": float(report.detection[i]),
                "critical_discount": _json_number(report.critical_discount[i]),
                "least_detection": _json_number(report.least_detection[i]),
                "self_enforcing": bool(report.self_enforcing[i]) if credible else None,
                "critical_discount_checked": bool(report.discount_checked[i]),
                "least_detection_checked": bool(report.detection_checked[i]),
            }
            for i, name in enumerate(report.lab_names)
        ],
    }


def _report_lines(report: Any) -> list[str]:
    stage = report.stage
    credible = report.credible
    title = report.path.rule.replace("-", " ")
    status = "credible" if credible else "NOT credible: a benchmark, no verdict"
    rows = []
    for i, name in enumerate(report.lab_names):
        least = report.least_detection[i]
        shown = _fmt(least)
        if math.isfinite(least) and least > 1:
            shown += " (impossible)"
        checked = report.discount_checked[i] and report.detection_checked[i]
        verdict = ("yes" if report.self_enforcing[i] else "no") if credible else "-"
        rows.append(
            [
                name,
                _fmt(stage.temptation[i]),
                _fmt(stage.reward[i]),
                _fmt(stage.punishment[i]),
                _fmt(report.detection[i]),
                _fmt(report.critical_discount[i]),
                shown,
                verdict,
                "yes" if checked else "NO",
            ]
        )
    header = ["lab", "T", "R", "P", "d", "δ*", "d* at δ", "self-enforcing", "checked"]
    lines = [
        f"punishment: {title} ({status})",
        f"  {report.path.description}",
        "",
        _table(header, rows),
        "",
        f"binds first as δ falls: {report.binding_discount or 'no lab'}; as detection falls "
        f"(largest shortfall d* − d): {report.binding_detection or 'no lab'}",
    ]
    if credible:
        holds = "holds" if report.all_self_enforcing else "does NOT hold"
        lines.append(f"the pause {holds} for every lab under this punishment")
    else:
        lines.append("no verdict: the pause cannot rest on a threat that is not credible")
    return lines


def run_repeated(args: argparse.Namespace) -> int:
    """Run ``pausegame repeated``.

    Without ``--punishment`` every credible punishment is reported
    (:func:`gametheory.pause.repeated.credible_punishments`); with it, that one (the
    ``grim-all-race`` benchmark only when asked for by name).

    Examples
    --------
    >>> from gametheory.interfaces.cli import main
    >>> main(["repeated", "two-labs", "--discount", "0.95", "--format", "json"]) == 0
    ... # doctest: +ELLIPSIS
    {...}
    True
    """
    from gametheory.pause.repeated import (
        credible_punishments,
        least_detection_curve,
        repeated_pause,
    )

    scenario = load_what_if(
        args.model,
        variant=args.variant,
        overrides=tuple(args.overrides),
        without=without_from_args(args),
    )
    options: dict[str, Any] = dict(scenario.sections.get("repeated", {}))
    for key, value in (
        ("discount", _number(args.discount, "--discount")),
        ("false_alarm", _number(args.false_alarm, "--false-alarm")),
        ("punishment_length", _integer(args.punishment_length, "--punishment-length")),
        ("punishment", args.punishment),
    ):
        if value is not None:
            options[key] = value
    tol = parse_tol(args.tol)
    model = scenario.model
    rule = options.pop("punishment", None)
    results: tuple[Any, ...]
    if rule is None:
        results = credible_punishments(model, tol=tol, **options)
    else:
        results = (repeated_pause(model, tol=tol, punishment=rule, **options),)
    reports = [r for r in results if not isinstance(r, InputError)]
    missing = [r for r in results if isinstance(r, InputError)]
    if not reports:
        raise missing[0]
    first = reports[0]
    if args.format == "json":
        document = {
            "schema_version": REPEATED_SCHEMA_VERSION,
            "model": scenario.name,
            "variant": scenario.variant,
            "discount": first.discount,
            "false_alarm": first.false_alarm,
            "convention": "one period = one round of the one-shot pause game; racing during "
            "the pause is detected with probability d per period and pays the sanction F; the "
            "punishment phase is played without agreement (no detection, no sanction)",
            "punishments": [_report_json(r) for r in reports],
            "unavailable": [
                {"punishment": str(exc.value), "reason": exc.message} for exc in missing
            ],
        }
        sys.stdout.write(dumps_json(document))
    else:
        lines = [
            f"model: {scenario.name}"
            + (f" (variant {scenario.variant})" if scenario.variant else ""),
            f"discount δ = {first.discount:g}, false alarms {first.false_alarm:g} per period; "
            "a flagged violation ends the pause, and the punishment is played without "
            "agreement (no detection, no sanction)",
        ]
        for report in reports:
            lines += ["", *_report_lines(report)]
        for exc in missing:
            lines += ["", f"punishment: {str(exc.value).replace('-', ' ')}: {exc.message}"]
        lines += ["", _LEGEND]
        sys.stdout.write("\n".join(lines) + "\n")
    if args.plot:
        figure, (axis,) = _figure(1)
        deltas = np.linspace(0.02, 0.99, 300)
        curves = least_detection_curve(model, first, deltas)
        for i, name in enumerate(first.lab_names):
            d = curves[:, i]
            line = axis.plot(deltas, np.where(d <= 1, d, np.nan), label=name)[0]
            axis.plot(
                [first.discount],
                [first.detection[i]],
                "o",
                color=line.get_color(),
                mfc=line.get_color() if first.self_enforcing[i] else "white",
            )
        axis.set_xlabel("discount factor δ")
        axis.set_ylabel("least detection d* (probability per period)")
        axis.set_ylim(0, 1)
        axis.set_title(
            f"{scenario.name}: each lab keeps the pause above its curve\n"
            f"({first.path.rule.replace('-', ' ')}; dots: each lab's d at δ = {first.discount:g})",
            fontsize=9,
        )
        axis.legend()
        _write_plot(figure, args.plot)
        _close(figure)
    return EXIT_OK


# -- inspect ------------------------------------------------------------------------------------
def run_inspect(args: argparse.Namespace) -> int:
    """Run ``pausegame inspect``.

    Examples
    --------
    >>> from gametheory.interfaces.cli import main
    >>> main(["inspect", "--periods", "3", "--inspections", "1"]) == 0  # doctest: +ELLIPSIS
    inspection game...
    True
    """
    from gametheory.pause.inspection import (
        InspectionGame,
        inspection_equilibrium,
        inspector_leadership,
        non_detection,
        sequential_inspection,
        statistical_inspection,
    )

    values: dict[str, float] = {
        name: _required(getattr(args, name), "--" + name.replace("_", "-"))
        for name in (
            "gain",
            "sanction",
            "detection",
            "inspection_cost",
            "loss",
            "discriminability",
            "false_alarm_cost",
            "lab_false_alarm_cost",
        )
    }
    params = InspectionGame(
        values["gain"],
        values["sanction"],
        values["detection"],
        values["inspection_cost"],
        values["loss"],
    )
    tol = parse_tol(args.tol)
    simultaneous = inspection_equilibrium(params, tol=tol)
    lead = inspector_leadership(params, tol=tol)
    statistical = statistical_inspection(
        float(values["gain"]),
        float(values["sanction"]),
        float(values["discriminability"]),
        loss=float(values["loss"]),
        false_alarm_cost=float(values["false_alarm_cost"]),
        lab_false_alarm_cost=float(values["lab_false_alarm_cost"]),
    )
    periods = _integer(args.periods, "--periods")
    inspections = _integer(args.inspections, "--inspections")
    dresher = sequential_inspection(periods or 0, inspections or 0)
    if args.format == "json":
        document = {
            "schema_version": SCHEMA_VERSION,
            "parameters": values,
            "simultaneous": {
                "inspect_probability": simultaneous.inspect_probability,
                "violate_probability": simultaneous.violate_probability,
                "verifier_payoff": simultaneous.verifier_payoff,
                "regime": simultaneous.regime,
            },
            "leadership": {
                "inspect_probability": lead.inspect_probability,
                "lab_complies": lead.lab_complies,
                "verifier_payoff": lead.verifier_payoff,
            },
            "statistical": {
                "leadership_false_alarm": statistical.leadership_false_alarm,
                "leadership_detection": statistical.leadership_detection,
                "simultaneous": [list(e) for e in statistical.simultaneous],
            },
            "sequential": {
                "periods": dresher.periods,
                "inspections": dresher.inspections,
                "value": str(dresher.value),
                "violate_now": str(dresher.violate[dresher.periods][dresher.inspections])
                if dresher.periods and dresher.inspections
                else None,
            },
        }
        sys.stdout.write(dumps_json(document))
    else:
        lines = [
            "inspection game (verifier vs lab)",
            f"  without commitment ({simultaneous.regime}): inspect "
            f"{simultaneous.inspect_probability:.4g}, violate "
            f"{simultaneous.violate_probability:.4g}, verifier gets "
            f"{simultaneous.verifier_payoff:.4g}",
            f"  inspector leadership: announce {lead.inspect_probability:.4g}; lab "
            f"{'complies' if lead.lab_complies else 'violates'}; verifier gets "
            f"{lead.verifier_payoff:.4g}",
        ]
        if statistical.leadership_false_alarm is None:
            lines.append("  statistical test: no false-alarm rate deters at this discriminability")
        else:
            lines.append(
                f"  statistical test: announce false-alarm rate "
                f"{statistical.leadership_false_alarm:.4g} (detection "
                f"{statistical.leadership_detection:.4g}); without commitment "
                + "; ".join(f"α {a:.4g}, violate {y:.4g}" for a, y in statistical.simultaneous)
            )
        lines.append(
            f"Dresher's game, {dresher.periods} periods, {dresher.inspections} inspections: "
            f"lab's value {dresher.value} = {float(dresher.value):.4g}"
        )
        sys.stdout.write("\n".join(lines) + "\n")
    if args.plot:
        figure, (axis,) = _figure(1)
        alpha = np.linspace(1e-4, 1 - 1e-4, 400)
        d = float(values["discriminability"])
        g, s = float(values["gain"]), float(values["sanction"])
        h = float(values["lab_false_alarm_cost"])
        axis.plot(alpha, 1 - non_detection(alpha, d), label=f"detection 1 − β(α), d = {d:g}")
        axis.plot(alpha, (g + alpha * h) / (g + s), "--", label="deterrence line")
        axis.set_xlabel("false-alarm rate α")
        axis.set_ylabel("probability")
        axis.set_title("the lab complies above the line")
        axis.legend()
        _write_plot(figure, args.plot)
        _close(figure)
    return EXIT_OK


# -- lifecycle ----------------------------------------------------------------------------------
def run_lifecycle(args: argparse.Namespace) -> int:
    """Run ``pausegame lifecycle``.

    Examples
    --------
    >>> from gametheory.interfaces.cli import main
    >>> main(["lifecycle", "coordinated-pausing"]) == 0  # doctest: +ELLIPSIS
    version...
    True
    """
    from gametheory.pause.lifecycle import (
        PauseLifecycle,
        analyse_lifecycle,
        compare_versions,
        lifecycle_time_series,
    )

    overrides = list(args.overrides)
    horizon = _integer(args.horizon, "--horizon")
    if horizon is not None:
        overrides.append(("lifecycle.horizon", str(horizon)))
    without = without_from_args(args)
    if args.variant is None and not without:
        reports = compare_versions(args.model, overrides=overrides)
    else:
        base = load_scenario(args.model)
        names: list[str | None] = (
            [args.variant] if args.variant is not None else [*base.variants] or [None]
        )
        found = []
        for variant in names:
            scenario = load_what_if(
                args.model, variant=variant, overrides=overrides, without=without
            )
            if "lifecycle" not in scenario.sections:
                raise InputError(
                    "expected a [lifecycle] section", file=str(scenario.path), field="lifecycle"
                )
            params = PauseLifecycle(**scenario.sections["lifecycle"])
            name = variant or scenario.name
            if without:
                name += f" without {', '.join(without)}"
            found.append(
                analyse_lifecycle(
                    scenario.model,
                    params,
                    name=name,
                    dynamics=scenario.sections.get("dynamics"),
                )
            )
        reports = tuple(found)
    if args.format == "json":
        document = {
            "schema_version": SCHEMA_VERSION,
            "versions": [
                {
                    "version": r.name,
                    "evaluator": r.params.evaluator,
                    "fraction_paused": r.fraction_paused,
                    "fraction_paused_alone": r.fraction_paused_alone,
                    "risk_per_period": r.risk_per_period,
                    "horizon": r.horizon,
                    "risk_over_horizon": r.risk_over_horizon,
                    "expected_pause_length": r.expected_pause_length,
                    "pause_states": list(r.pause_states),
                    "remaining_pause": r.remaining_pause.tolist(),
                    "labs": [
                        {
                            "lab": name,
                            "covert_gain_per_period": float(r.defection_gain[i]),
                            "expected_sanction": float(r.expected_sanction[i]),
                            "complies": r.complies[i].tolist(),
                        }
                        for i, name in enumerate(r.lab_names)
                    ],
                }
                for r in reports
            ],
        }
        sys.stdout.write(dumps_json(document))
    else:
        rows = []
        for r in reports:
            tempted = [name for i, name in enumerate(r.lab_names) if not r.complies[i].all()]
            rows.append(
                [
                    r.name,
                    f"{r.fraction_paused:.3f}",
                    f"{r.fraction_paused_alone:.3f}",
                    f"{r.expected_pause_length:.3g}",
                    f"{r.risk_over_horizon:.3f} ({r.horizon})",
                    ", ".join(tempted) if tempted else "none",
                ]
            )
        header = ["version", "paused", "alone", "pause length", "risk (horizon)", "tempted"]
        sys.stdout.write(_table(header, rows) + "\n")
    if args.plot:
        figure, axes = _figure(3)
        for r in reports:
            series = lifecycle_time_series(r.params)
            t = np.arange(1, len(series.hazard) + 1)
            axes[0].plot(t, series.fraction_paused, label=r.name)
            axes[1].plot(t, series.cumulative_risk, label=r.name)
        axes[0].set_xlabel("period")
        axes[0].set_ylabel("P(paused | no catastrophe)")
        axes[1].set_xlabel("period")
        axes[1].set_ylabel("cumulative catastrophe risk")
        axes[0].legend()
        names = [r.name for r in reports]
        axes[2].bar(names, [r.fraction_paused for r in reports], label="paused")
        axes[2].bar(
            names,
            [r.fraction_paused_alone for r in reports],
            bottom=[r.fraction_paused for r in reports],
            label="paused alone",
        )
        axes[2].set_ylabel("long-run fraction of time")
        axes[2].tick_params(axis="x", rotation=30)
        axes[2].legend()
        _write_plot(figure, args.plot)
        _close(figure)
    return EXIT_OK
