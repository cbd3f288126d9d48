"""``pausegame sweep``, ``frontier``, ``budget`` and ``uncertainty``: verification tradeoffs.

* ``sweep [MODEL] --param PATH=START:STOP:NUM [--param ...]``: classify the game on a one- or
  two-parameter grid (:func:`gametheory.pause.sweeps.sweep`); ``--plot`` draws the phase
  diagram (two parameters) or the weakest link's shortfall along the axis (one parameter).
* ``frontier [MODEL]``: the least common sanction for each verification strength and the
  binding lab (:func:`gametheory.pause.frontier.sanction_frontier`); ``--bars`` draws each lab's
  shortfall at the scenario's own verification.
* ``budget [MODEL]``: the cheapest verification making all-pause an equilibrium, or with
  ``--budget B`` the largest margin within ``B`` (:mod:`gametheory.pause.budget`).
* ``uncertainty [MODEL]``: Monte Carlo over the scenario's ``[uncertainty]`` section and any
  ``--distribution`` options (:func:`gametheory.pause.uncertainty.monte_carlo`), with ``--sobol N``
  the Sobol' indices of the smallest margin
  (:func:`gametheory.pause.uncertainty.pause_sensitivity`).

Each takes the model options every command shares (``MODEL``, ``--variant``, ``--set``), shows a
progress bar on a terminal (none when piped), writes ``--out FILE.csv`` (or a figure when
``FILE`` ends in ``.png``/``.svg``) and ``--plot FILE.png|svg``, and records what was run — the
command, model file, variant, overrides, parameters, seed and version — in
``<out>.run.json`` next to ``--out``, or prints it with ``--format json``.
"""

from __future__ import annotations

import argparse
import math
import sys
import textwrap
import tomllib
from pathlib import Path
from typing import Any

import numpy as np

from gametheory.core.errors import EXIT_FAILURE, EXIT_OK, InputError
from gametheory.core.limits import check_memory
from gametheory.interfaces.cli.commands import COMMANDS
from gametheory.interfaces.cli.scenarios import add_model_arguments, model_from_args
from gametheory.interfaces.outputs import dumps_json, write_table, write_text
from gametheory.pause.scenario import Scenario
from gametheory.pause.sweeps import SWEEP_BYTES_PER_POINT

__all__ = ["add_parser", "run_budget", "run_frontier", "run_sweep", "run_uncertainty"]

FIGURE_SUFFIXES = (".png", ".svg")


# -- shared pieces -------------------------------------------------------------------------------
def _common(parser: argparse.ArgumentParser, *, plot: str) -> None:
    add_model_arguments(parser)
    parser.add_argument(
        "--out",
        metavar="FILE",
        help="write the results to FILE.csv or FILE.parquet (needs pyarrow), or the figure to "
        "FILE.png/.svg; what was run goes to FILE.run.json; an existing FILE needs --force",
    )
    parser.add_argument("--plot", metavar="FILE", help=f"draw {plot} to FILE.png or FILE.svg")
    parser.add_argument(
        "--format",
        choices=("table", "json"),
        default="table",
        help="table (default) for people; json: what was run and a summary of the results",
    )


def _outputs(args: argparse.Namespace) -> tuple[Path | None, list[Path]]:
    """The CSV file and the figure files asked for, checked before any work."""
    csv: Path | None = None
    figures: list[Path] = []
    if args.out is not None:
        out = Path(args.out)
        if out.suffix.lower() in (".csv", ".parquet"):
            csv = out
        elif out.suffix.lower() in FIGURE_SUFFIXES:
            figures.append(out)
        else:
            raise InputError(
                "expected a file name ending in .csv, .parquet, .png or .svg",
                field="--out",
                value=args.out,
            )
    for option in ("plot", "bars"):
        value = getattr(args, option, None)
        if value is not None:
            if Path(value).suffix.lower() not in FIGURE_SUFFIXES:
                raise InputError(
                    "expected a file name ending in .png or .svg", field=f"--{option}", value=value
                )
            figures.append(Path(value))
    for path in ([csv] if csv else []) + figures:
        if not path.parent.is_dir():
            raise InputError(
                "no such directory; expected a path in an existing directory",
                field="--out",
                value=str(path),
            )
    return csv, figures


def _clean(value: Any) -> Any:
    """JSON-safe: numpy scalars to Python, inf and NaN to None."""
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, Path):
        return str(value)
    return value


def _record(
    command: str,
    scenario: Scenario,
    args: argparse.Namespace,
    parameters: dict[str, Any],
    seed: int | None = None,
) -> dict[str, Any]:
    from gametheory._version import __version__

    return {
        "command": f"pausegame {command}",
        "model": str(scenario.path),
        "scenario": scenario.name,
        "variant": scenario.variant,
        "overrides": [list(pair) for pair in args.overrides],
        "parameters": parameters,
        "seed": seed,
        "version": __version__,
        "outputs": [p for p in (args.out, args.plot, getattr(args, "bars", None)) if p],
    }


def _finish(
    args: argparse.Namespace,
    record: dict[str, Any],
    summary: dict[str, Any],
    table: str,
    frames: dict[Path, Any],
    figures: dict[Path, Any],
) -> int:
    for path, frame in frames.items():
        columns = frame if isinstance(frame, dict) else {c: frame[c].to_numpy() for c in frame}
        write_table(path, columns, "--out")
    if figures:  # matplotlib only when a figure is written
        from gametheory.interfaces.plots import save_figure

        for path, figure in figures.items():
            save_figure(figure, path)
    if args.out is not None:
        write_text(Path(f"{args.out}.run.json"), dumps_json(_clean(record)), "--out")
    if args.format == "json":
        document = {"run": record, "result": summary}
        sys.stdout.write(dumps_json(_clean(document)))
    else:
        sys.stdout.write(table)
    return EXIT_OK


# -- sweep -------------------------------------------------------------------------------------
def _axis(text: str) -> tuple[str, np.ndarray, dict[str, Any]]:
    path, sep, spec = text.rpartition("=")
    parts = spec.split(":")
    if not sep or not path or len(parts) != 3:
        raise InputError(
            "expected PATH=START:STOP:NUM, e.g. verification=0:1:101", field="--param", value=text
        )
    try:
        start, stop = float(parts[0]), float(parts[1])
        num = int(parts[2])
    except ValueError:
        raise InputError(
            "expected numbers START and STOP and a whole number NUM in PATH=START:STOP:NUM",
            field="--param",
            value=text,
        ) from None
    if not (math.isfinite(start) and math.isfinite(stop)) or num < 1:
        raise InputError("expected finite START and STOP and NUM >= 1", field="--param", value=text)
    check_memory(
        num * SWEEP_BYTES_PER_POINT, field="--param", value=text, what="the sweep's results"
    )
    values = np.linspace(start, stop, num)
    return path.strip(), values, {"start": start, "stop": stop, "num": num}


def _line_figure(result: Any, name: str) -> Any:
    from gametheory.interfaces.outputs import plain_label

    name = plain_label(name)  # plain text in figures (no mathtext), cut if long
    from matplotlib.figure import Figure

    from gametheory.interfaces.plots import REGION_COLOURS, _label

    figure = Figure(figsize=(7, 4))
    ax = figure.add_subplot()
    x = result.values[0]
    shortfall = np.where(np.isfinite(result.shortfall), result.shortfall, np.nan)
    ax.plot(x, shortfall, color="black", lw=1.5, label="weakest link's shortfall q* − q")
    codes = np.where(result.region >= 0, result.region, 3)
    for code in np.unique(codes):
        mask = codes == code
        ax.scatter(
            x[mask],
            shortfall[mask],
            color=REGION_COLOURS[int(code)],
            s=14,
            zorder=3,
            label=result.region_names()[mask][0],
        )
    ax.axhline(0, color="grey", lw=0.8)
    ax.set_xlabel(_label(result.parameters[0]))
    ax.set_ylabel("shortfall q* − q (difference of probabilities; > 0: it races)")
    from gametheory.pause.sweeps import describe_axis

    ax.set_title(
        f"{name}: does a pause hold along {result.parameters[0]}?\n"
        f"({describe_axis(result.parameters[0]).split(': ', 1)[1]})",
        fontsize=9,
    )
    ax.legend(fontsize=8)
    return figure


def run_sweep(args: argparse.Namespace) -> int:
    """Run ``pausegame sweep``; return the exit code."""
    from gametheory.pause.sweeps import sweep

    if not args.param:
        raise InputError("expected one or two --param PATH=START:STOP:NUM", field="--param")
    axes = [_axis(text) for text in args.param]
    csv, figures = _outputs(args)
    if args.plot is not None and len(axes) == 2 and "num_labs" in [a[0] for a in axes]:
        raise InputError("num_labs cannot be combined with a second axis", field="--param")
    scenario = model_from_args(args)
    result = sweep(scenario.model, [(path, values) for path, values, _ in axes], progress=None)
    columns = result.to_columns(coded=True)
    points = len(columns["region"])
    region = columns["region"]  # codes into a few labels: counted without a text per point
    counts = np.bincount(region.codes, minlength=len(region.labels))
    order = np.argsort(-counts, kind="stable")
    regions = {region.labels[i]: float(counts[i] / points) for i in order if counts[i]}
    parameters = {path: spec for path, _, spec in axes}
    record = _record("sweep", scenario, args, parameters)
    summary = {
        "points": points,
        "shape": list(result.shape),
        "region_shares": regions,
        "all_pause_share": float(result.all_pause.mean()),
    }
    from gametheory.pause.sweeps import describe_axis
    from gametheory.pause.thresholds import critical_verification

    meanings = [describe_axis(path) for path, _, _ in axes]
    summary["axes"] = meanings
    own = critical_verification(scenario.model).weakest_link.lab
    summary["weakest_link_at_scenario"] = own
    if len(axes) == 1:
        spec = axes[0][2]
        grid = f"{points} points from {spec['start']:g} to {spec['stop']:g}"
    else:
        grid = f"{' × '.join(str(len(a[1])) for a in axes)} = {points} points"
    lines = [
        f"{scenario.name}: sweep over {' × '.join(a[0] for a in axes)} ({grid})",
        *(f"  {text}" for text in meanings),
        f"at the scenario's own parameters the weakest link is {own} (as `pausegame analyze`); "
        "weakest_link below is each grid point's",
        "",
        "share of the grid in each region:",
        *(f"  {share:7.1%}  {region}" for region, share in regions.items()),
        "",
    ]
    if len(axes) == 1 and axes[0][0] != "num_labs":
        from gametheory.pause.crossings import sweep_thresholds

        thresholds = sweep_thresholds(scenario.model, axes[0][0], axes[0][1])
        summary["thresholds"] = [
            {
                "value": t.value,
                "below": t.below,
                "above": t.above,
                "on_boundary": t.on_boundary,
                "checked": list(t.checked),
            }
            for t in thresholds
        ]
        if thresholds:
            lines += [
                _wrap(
                    "thresholds crossed (each the root of the condition, checked by "
                    "re-solving just below and just above it):"
                ),
                *(
                    textwrap.fill(
                        t.sentence(), width=96, initial_indent="  ", subsequent_indent="      "
                    )
                    for t in thresholds
                ),
                "",
            ]
        else:
            lines += [f"no threshold crossed: the answer is the same at all {grid}", ""]
    if points <= 60 and csv is None:
        frame = result.to_frame()
        narrow = [c for c in frame.columns if c in [a[0] for a in axes]] + [
            c for c in ("region", "weakest_link", "shortfall") if c in frame.columns
        ]
        lines += [
            frame[narrow].to_string(index=False, float_format=lambda v: f"{v:.4g}"),
            _wrap(
                "shortfall: the weakest link's critical verification q* minus its verification "
                "q (> 0: it races; < 0: deterred with that much to spare). --out FILE.csv "
                "writes every column (equilibria, risk, welfare, game class)."
            ),
            "",
        ]
    elif csv is not None:
        lines += [f"wrote {points} rows to {csv}", ""]
    figure_objects: dict[Path, Any] = {}
    for path in figures:
        if len(axes) == 2:
            from gametheory.interfaces.plots import per_lab_view_available, plot_phase_diagram

            view = args.view or ("per-lab" if per_lab_view_available(result) else "common")
            figure_objects[path] = plot_phase_diagram(result, view=view)
        else:
            figure_objects[path] = _line_figure(result, scenario.name)
    frames: dict[Path, Any] = {csv: columns} if csv is not None else {}
    return _finish(args, record, summary, "\n".join(lines), frames, figure_objects)


# -- frontier ----------------------------------------------------------------------------------
def _frontier_common(args: argparse.Namespace, scenario: Scenario, values: Any) -> Any:
    """The common view: every lab at the same q and F (a labelled option)."""
    from gametheory.interfaces.plots import plot_frontier
    from gametheory.pause.frontier import COMMON_VIEW, sanction_frontier

    frontier = sanction_frontier(scenario.model, values)
    frame = frontier.to_frame()
    step = max(1, len(frame) // 10)
    shown = frame.iloc[::step][["verification", "least_sanction", "binding_lab"]]
    lines = [
        f"{scenario.name}: least common sanction for each verification strength, {COMMON_VIEW}",
        f"(every {step}th of {len(frame)} rows shown; --out FILE.csv writes them all)"
        if step > 1
        else "",
        shown.to_string(index=False, float_format=lambda v: f"{v:.4g}"),
        "",
        "binding lab: the lab a common sanction must deter (the largest gain G); this is not "
        "the weakest link at the scenario's own verification and sanctions (drop --common)",
        "",
    ]
    return frame, lines, lambda: plot_frontier(frontier, name=scenario.name)


def run_frontier(args: argparse.Namespace) -> int:
    """Run ``pausegame frontier``; return the exit code.

    By default every number is about each lab's own verification and sanction
    (:func:`gametheory.pause.frontier.lab_curves`); ``--common`` puts every lab at the same
    verification q and sanction F (:func:`gametheory.pause.frontier.sanction_frontier`) and
    says so.
    """
    from gametheory.interfaces.plots import plot_lab_curves, plot_shortfalls
    from gametheory.pause.frontier import COMMON_VIEW, lab_curves
    from gametheory.pause.thresholds import critical_verification

    _, values, spec = _axis(f"verification={args.verification}")
    csv, _ = _outputs(args)
    scenario = model_from_args(args)
    model = scenario.model
    curves = lab_curves(model, values)
    report = critical_verification(model)
    view = "common" if args.common else "per-lab"
    record = _record("frontier", scenario, args, {"verification": spec, "view": view})
    labs = [
        {
            "lab": t.lab,
            "defection_gain": float(t.defection_gain),
            "verification": float(t.detection),
            "sanction": float(t.sanction),
            "critical_verification": None
            if t.critical_verification is None
            else float(t.critical_verification),
            "critical_sanction": None
            if t.critical_sanction is None
            else float(t.critical_sanction),
            "shortfall": None if t.shortfall is None else float(t.shortfall),
            "deterred": t.pauses,
        }
        for t in report.labs
    ]
    rows = [
        [
            t.lab,
            f"{float(t.detection):.4g}",
            f"{float(t.sanction):.4g}",
            f"{float(t.defection_gain):.4g}",
            "none suffices"
            if t.critical_verification is None
            else f"{float(t.critical_verification):.4g}",
            "none suffices" if t.critical_sanction is None else f"{float(t.critical_sanction):.4g}",
            "inf" if t.shortfall is None else f"{float(t.shortfall):+.4g}",
            "deterred" if t.pauses else "RACES",
        ]
        for t in report.labs
    ]
    header = ["lab", "q", "F", "G", "q* = G/F", "F* = G/q", "shortfall q*-q", "verdict"]
    widths = [max(len(r[c]) for r in [header, *rows]) for c in range(len(header))]
    table = [
        "  ".join(x.ljust(w) for x, w in zip(r, widths, strict=True))
        for r in [header, ["-" * w for w in widths], *rows]
    ]
    lines = [
        f"{scenario.name}: each lab at its own verification q and sanction F (the scenario's)",
        "",
        *table,
        "",
        f"weakest link: {report.weakest_link.lab} (the largest shortfall q* − q, as "
        "`pausegame analyze`)",
        "each lab is deterred exactly when its own point (q, F) is on or above its own curve "
        "F*(q) = G/q (--plot draws them). G: gain from racing alone before sanctions; q*: least "
        "verification at its own F; F*: least sanction at its own q.",
        "",
    ]
    summary: dict[str, Any] = {
        "view": view,
        "all_pause_is_equilibrium": report.all_pause_is_equilibrium,
        "weakest_link": report.weakest_link.lab,
        "labs": labs,
    }
    if args.common:
        frame, common_lines, draw = _frontier_common(args, scenario, values)
        lines += common_lines
        summary["common_view"] = COMMON_VIEW
        summary["frontier"] = frame.to_dict(orient="records") if csv is None else None
    else:
        frame = curves.to_frame()
        summary["curves"] = frame.to_dict(orient="records") if csv is None else None

        def draw() -> Any:
            return plot_lab_curves(curves, name=scenario.name)

    figures: dict[Path, Any] = {}
    if args.out is not None and csv is None:
        figures[Path(args.out)] = draw()
    if args.plot is not None:
        figures[Path(args.plot)] = draw()
    if args.bars is not None:
        figures[Path(args.bars)] = plot_shortfalls(report, model=model)
    frames = {csv: frame} if csv is not None else {}
    return _finish(args, record, summary, "\n".join(lines), frames, figures)


# -- budget ------------------------------------------------------------------------------------
def _number_option(text: str | None, option: str, low: float, strict: bool) -> float | None:
    if text is None:
        return None
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    ok = math.isfinite(value) and (value > low if strict else value >= low)
    if not ok:
        raise InputError(
            f"expected a finite number {'>' if strict else '>='} {low:g}", field=option, value=text
        )
    return value


def _plan_figure(plan: Any, name: str) -> Any:
    from gametheory.interfaces.outputs import plain_label

    name = plain_label(name)  # plain text in figures (no mathtext), cut if long
    from matplotlib.figure import Figure

    figure = Figure(
        figsize=(max(5.0, 0.8 * len(plan.lab_names) + 3), 3 + 0.4 * len(plan.channel_names))
    )
    ax = figure.add_subplot()
    image = ax.imshow(np.nan_to_num(plan.intensity), cmap="Greens", aspect="auto", vmin=0)
    ax.set_xticks(range(len(plan.lab_names)), plan.lab_names, rotation=30, ha="right")
    ax.set_yticks(range(len(plan.channel_names)), plan.channel_names)
    for (m, i), x in np.ndenumerate(np.nan_to_num(plan.intensity)):
        ax.text(i, m, f"{x:.2f}", ha="center", va="center", fontsize=8)
    figure.colorbar(image, ax=ax, label="intensity (1 = the scenario's strength)")
    ax.set_title(f"{name}: {plan.objective} verification plan (cost {plan.cost:.3g})")
    return figure


def run_budget(args: argparse.Namespace) -> int:
    """Run ``pausegame budget``; return the exit code."""
    from gametheory.pause.budget import best_verification_for_budget, least_cost_verification

    budget = _number_option(args.budget, "--budget", 0.0, strict=False)
    cap = _number_option(args.max_intensity, "--max-intensity", 0.0, strict=True)
    assert cap is not None  # argparse supplies a default
    csv, figures = _outputs(args)
    scenario = model_from_args(args)
    if not scenario.model.channels:  # as `validate` notes it: located, before any work
        raise InputError(
            "a verification budget needs at least one channel; expected a [channels.NAME] section",
            file=str(scenario.path),
            field="channels",
        )
    if budget is None:
        plan = least_cost_verification(scenario.model, max_intensity=cap)
    else:
        plan = best_verification_for_budget(scenario.model, budget, max_intensity=cap)
    frame = plan.to_frame()
    record = _record("budget", scenario, args, {"budget": budget, "max_intensity": cap})
    summary = {
        "objective": plan.objective,
        "feasible": plan.feasible,
        "message": plan.message,
        "cost": plan.cost,
        "margin": plan.margin,
        "undeterrable": list(plan.undeterrable),
        "detection": dict(zip(plan.lab_names, plan.detection.tolist(), strict=True)),
        "lab_marginal_value": dict(
            zip(plan.lab_names, plan.lab_marginal_value.tolist(), strict=True)
        ),
        "channel_marginal_value": dict(
            zip(plan.channel_names, plan.channel_marginal_value.tolist(), strict=True)
        ),
        "plan": frame.to_dict(orient="records"),
    }
    summary["current_cost"] = plan.current_cost
    summary["sanction_needed"] = plan.sanction_needed
    lines = [
        f"{scenario.name}: {plan.objective} verification plan"
        + (f" within a budget of {budget:g}" if budget is not None else ""),
        "",
    ]
    holds = plan.feasible and not plan.undeterrable
    if not holds:
        lines += [_wrap(f"No plan makes all-pause hold: {plan.message}."), ""]
    else:
        lines += [_wrap(_budget_verdict(plan, scenario.model, cap)), ""]
        intensity = frame.pivot(index="channel", columns="lab", values="intensity")
        lines += [
            _wrap(
                "Intensity of each channel (rows) on each lab (columns), in multiples of the "
                "scenario's own strength: 1 = as written, 0 = off, 2 = twice over (two "
                f"independent looks); capped at {cap:g}."
            ),
            intensity.loc[list(plan.channel_names), list(plan.lab_names)].to_string(
                float_format=lambda v: f"{v:.3f}"
            ),
            "",
            _wrap(
                "Resulting verification (probability a racing lab is detected): "
                + ", ".join(
                    f"{n} {q:.3f}" for n, q in zip(plan.lab_names, plan.detection, strict=True)
                )
            ),
            "",
        ]
        if plan.objective == "largest margin":
            lines += [
                _wrap(
                    "Log-margin of a lab: log((1 − q*)/(1 − q)), how far its verification q is "
                    "above the critical verification q* it needs, on the scale where channels "
                    "add up (> 0: deterred with room to spare; < 0: short)."
                ),
                "",
            ]
    figure_objects = {path: _plan_figure(plan, scenario.name) for path in figures}
    frames = {csv: frame} if csv is not None else {}
    code = _finish(args, record, summary, "\n".join(lines), frames, figure_objects)
    return code if holds else EXIT_FAILURE


def _wrap(text: str) -> str:
    return textwrap.fill(text, width=96, break_on_hyphens=False)


def _budget_verdict(plan: Any, model: Any, cap: float) -> str:
    """The plan's cost against what the scenario spends now, in one or two sentences."""
    now, cost = plan.current_cost, plan.cost
    if now > cost:
        compare = f"you spend {now:.4g} now (every channel as written), saving {now - cost:.4g}"
    elif now < cost:
        compare = f"you spend {now:.4g} now (every channel as written): {cost - now:.4g} more"
    else:
        compare = f"the same as you spend now ({now:.4g}, every channel as written)"
    if plan.objective == "least cost":
        return f"The cheapest plan that makes all-pause an equilibrium costs {cost:.4g}; {compare}."
    message = plan.message[:1].upper() + plan.message[1:]
    if plan.margin >= 0:
        return f"{message}. The plan costs {cost:.4g}; {compare}."
    verdict = f"{message}: all-pause is not an equilibrium with this plan."
    if plan.margin < 0:
        from gametheory.pause.budget import least_cost_verification

        least = least_cost_verification(model, max_intensity=cap)
        if least.feasible:
            verdict += (
                f" All-pause needs a budget of at least {least.cost:.4g} (the cheapest plan: "
                "`pausegame budget` without --budget)."
            )
    return verdict


# -- uncertainty -------------------------------------------------------------------------------
def _distribution_option(text: str) -> tuple[str, Any]:
    path, sep, spec = text.partition("=")
    if not sep or not path.strip():
        raise InputError(
            'expected PATH={distribution = "lognormal", median = 30, sigma = 0.5}',
            field="--distribution",
            value=text,
        )
    try:
        table = tomllib.loads(f"value = {spec}")["value"]
    except tomllib.TOMLDecodeError:
        raise InputError(
            "expected a TOML inline table after '=', e.g. "
            '{distribution = "uniform", low = 10, high = 30}',
            field="--distribution",
            value=text,
        ) from None
    return path.strip(), table


def _uncertainty_figure(result: Any, sobol: Any, name: str) -> Any:
    from gametheory.interfaces.outputs import plain_label

    name = plain_label(name)  # plain text in figures (no mathtext), cut if long
    from matplotlib.figure import Figure

    figure = Figure(figsize=(12, 4.5), layout="constrained")
    left, right = figure.subplots(1, 2)
    labs = list(result.lab_names)
    # A lab with no sanction has q* = inf: its box shows the finite draws only.
    finite = [c[np.isfinite(c)] for c in result.critical_verification.T]
    left.boxplot(finite, whis=(5, 95), showfliers=False)
    left.set_xticks(range(1, len(labs) + 1), labs, rotation=30, ha="right")
    left.scatter(
        range(1, len(labs) + 1),
        np.median(result.detection, axis=0),
        marker="D",
        color="#2a9d8f",
        zorder=3,
        label="verification q (median)",
    )
    # q* = G/F is a probability only up to 1; above it no verification deters. Show the
    # probability scale and say how many draws lie beyond it, instead of stretching the axis.
    beyond = float(np.mean(~(result.critical_verification <= 1.0)))
    left.set_ylim(0, 1.1)
    left.axhline(1.0, color="grey", lw=0.8, ls="--")
    left.text(0.5, 1.02, f"above 1: no verification deters ({beyond:.0%} of lab-draws)", fontsize=8)
    left.set_ylabel("critical verification q* (probability of detection needed)")
    left.set_xlabel("box: 25–75 %, whiskers: 5–95 % of draws")
    low, high = result.probability_interval()
    left.set_title(
        f"P(all-pause holds) = {result.probability:.3f} [{low:.3f}, {high:.3f}]", fontsize=10
    )
    left.legend(fontsize=8)
    if sobol is not None:
        order = np.argsort(-sobol.total)
        names = [sobol.names[k] for k in order]
        y = np.arange(len(names))
        right.barh(
            y - 0.2, sobol.first_order[order], height=0.4, label="first order S", color="#e9c46a"
        )
        right.barh(y + 0.2, sobol.total[order], height=0.4, label="total S_T", color="#e76f51")
        right.set_yticks(y, names)
        right.invert_yaxis()
        right.set_xlabel("Sobol' index of the smallest margin (share of variance)")
        right.set_title("which unknown matters most", fontsize=10)
        right.legend(fontsize=8)
    else:
        right.bar(range(len(labs)), result.weakest_link_probability(), color="#e76f51")
        right.set_xticks(range(len(labs)), labs, rotation=30, ha="right")
        right.set_ylabel("probability of being the weakest link")
        right.set_title("who breaks the pause", fontsize=10)
    figure.suptitle(f"{name}: {result.draws} Monte Carlo draws")
    return figure


#: Short headers of the per-lab uncertainty table, explained below it.
_UNCERTAINTY_HEADERS = {
    "lab": "lab",
    "p_weakest_link": "P(weakest)",
    "p_deterred": "P(deterred)",
    "verification_median": "q median",
    "critical_verification_q05": "q* 5%",
    "critical_verification_q50": "q* 50%",
    "critical_verification_q95": "q* 95%",
}


def _uncertainty_table(frame: Any) -> str:
    """The per-lab summary, narrow enough for a terminal, with its terms defined."""
    known = [c for c in _UNCERTAINTY_HEADERS if c in frame.columns]
    narrow = frame[known].rename(columns=_UNCERTAINTY_HEADERS)
    table = narrow.to_string(index=False, float_format=lambda v: f"{v:.3f}")
    legend = _wrap(
        "P(weakest): share of draws in which the lab is the weakest link; P(deterred): share "
        "in which it would not race. q: its verification (the probability that racing is "
        "detected); q*: its critical verification, the least q that deters it (5th, 50th and "
        "95th percentiles over the draws; above 1, no verification deters it)."
    )
    return f"{table}\n\n{legend}"


def run_uncertainty(args: argparse.Namespace) -> int:
    """Run ``pausegame uncertainty``; return the exit code."""
    from gametheory.pause.uncertainty import monte_carlo, pause_sensitivity

    if args.draws < 1:
        raise InputError("expected a whole number >= 1", field="--draws", value=args.draws)
    if args.seed is not None and args.seed < 0:
        raise InputError("expected a whole number >= 0", field="--seed", value=args.seed)
    if args.jobs < 1 and args.jobs != -1:
        raise InputError("expected a whole number >= 1, or -1", field="--jobs", value=args.jobs)
    if args.sobol is not None and (args.sobol < 2 or args.sobol & (args.sobol - 1)):
        raise InputError("expected a power of two >= 2", field="--sobol", value=args.sobol)
    extra = [_distribution_option(text) for text in args.distribution]
    csv, figures = _outputs(args)
    scenario = model_from_args(args)
    distributions: dict[str, Any] = dict(scenario.sections.get("uncertainty", {}))
    distributions.update(extra)
    if not distributions:
        raise InputError(
            "nothing is uncertain: expected an [uncertainty] section in the scenario or "
            '--distribution PATH={distribution = "uniform", low = 10, high = 30}',
            field="--distribution",
        )
    result = monte_carlo(
        scenario.model,
        distributions,
        draws=args.draws,
        seed=args.seed,
        jobs=args.jobs,
        scheduler=args.scheduler,
        progress=None,
    )
    sobol = None
    if args.sobol is not None:
        sobol = pause_sensitivity(
            scenario.model, distributions, samples=args.sobol, seed=result.seed
        )
    parameters = {
        "draws": args.draws,
        "jobs": args.jobs,
        "scheduler": args.scheduler,
        "chunk_size": result.chunk_size,
        "sobol_samples": args.sobol,
        "distributions": {
            p: d.to_dict() for p, d in zip(result.parameters, result.distributions, strict=True)
        },
    }
    record = _record("uncertainty", scenario, args, parameters, seed=result.seed)
    summary_frame = result.summary_frame()
    low, high = result.probability_interval()
    summary: dict[str, Any] = {
        "probability_all_pause": result.probability,
        "wilson_95": [low, high],
        "labs": summary_frame.to_dict(orient="records"),
        "sobol": None if sobol is None else sobol.to_frame().to_dict(orient="records"),
    }
    lines = [
        f"{scenario.name}: {result.draws} draws of {len(result.parameters)} uncertain "
        f"parameters (seed {result.seed})",
        f"P(all-pause is an equilibrium) = {result.probability:.4f}, "
        f"95% Wilson interval [{low:.4f}, {high:.4f}]",
        "",
        _uncertainty_table(summary_frame),
        "",
    ]
    frames: dict[Path, Any] = {}
    if csv is not None:
        frames[csv] = result.to_columns(coded=True)
    if sobol is not None:
        lines += [
            "Sobol' indices of the smallest margin (most important first):",
            sobol.to_frame().to_string(index=False, float_format=lambda v: f"{v:.3f}"),
            "",
        ]
        if csv is not None:
            frames[csv.with_suffix(".sobol" + csv.suffix)] = sobol.to_frame()
    figure_objects = {path: _uncertainty_figure(result, sobol, scenario.name) for path in figures}
    return _finish(args, record, summary, "\n".join(lines), frames, figure_objects)


# -- registration ------------------------------------------------------------------------------
def add_parser(subparsers: Any) -> None:
    """Register ``sweep``, ``frontier``, ``budget`` and ``uncertainty``."""
    sweep = subparsers.add_parser(
        "sweep",
        help=COMMANDS["sweep"].help,
        description="Sweep one or two parameters of a scenario and classify every grid point: "
        "pause unique, pause one of several, or pause not an equilibrium; the largest pausing "
        "equilibrium, its risk and welfare; the weakest link and its shortfall. PATH is a field "
        "path: labs.<lab>.<parameter>, defaults.<parameter>, channels.<channel>.detection, "
        "channels.<channel>.per_lab.<lab>, background_risk, decisiveness, verification (every "
        "lab at the same q), verification.<lab>, scale.verification or scale.<parameter> (each "
        "lab's own value times a factor) or num_labs. The output says which paths put every "
        "lab at the same value.",
    )
    _common(sweep, plot="the phase diagram (two parameters) or the shortfall along the axis")
    sweep.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="PATH=START:STOP:NUM",
        help="an axis: NUM values from START to STOP (repeat once for a second axis)",
    )
    sweep.add_argument(
        "--view",
        choices=("per-lab", "common"),
        help="the phase diagram of two parameters: each lab's own curve and point (per-lab, "
        "the default when one axis is verification) or the regions of the grid, whose title "
        "says which parameters every lab shares (common)",
    )
    sweep.set_defaults(run=run_sweep)

    frontier = subparsers.add_parser(
        "frontier",
        help=COMMANDS["frontier"].help,
        description="The verification-sanction tradeoff. By default each lab at its own "
        "verification q and sanction F: its gain from racing alone G, least verification "
        "q* = G/F, least sanction F* = G/q, shortfall and verdict, and the weakest link (as "
        "analyze); --plot draws each lab's own curve F*(q) with its own point. With --common, "
        "every lab at the same verification q: the least common sanction for each q and the "
        "binding lab.",
    )
    _common(frontier, plot="each lab's own curve and point (with --common: the frontier)")
    frontier.add_argument(
        "--verification",
        default="0.05:1:96",
        metavar="START:STOP:NUM",
        help="the verification strengths (default 0.05:1:96)",
    )
    frontier.add_argument(
        "--common",
        action="store_true",
        help="also answer a different question: the least common sanction with every lab at "
        "the same verification q and sanction F",
    )
    frontier.add_argument("--bars", metavar="FILE", help="draw per-lab shortfalls to FILE")
    frontier.set_defaults(run=run_frontier)

    budget = subparsers.add_parser(
        "budget",
        help=COMMANDS["budget"].help,
        description="Choose how hard to run each verification channel on each lab (its "
        "intensity: 1 = the scenario as written, 0 = off, 2 = twice over): without --budget, "
        "the least cost that makes all-pause an equilibrium, compared with what the scenario "
        "spends now; with --budget B, the plan within B that leaves the weakest lab the largest "
        "log-margin log((1 − q*)/(1 − q)). Exit code 1 when no plan exists, with the sanction "
        "that would make one possible.",
    )
    _common(budget, plot="the plan's intensities")
    budget.add_argument("--budget", metavar="B", help="the budget, in the channels' cost unit")
    budget.add_argument(
        "--max-intensity",
        default="3",
        metavar="X",
        help="cap on each channel's intensity per lab (default 3: three times the scenario)",
    )
    budget.set_defaults(run=run_budget)

    uncertainty = subparsers.add_parser(
        "uncertainty",
        help=COMMANDS["uncertainty"].help,
        description="Monte Carlo over the scenario's [uncertainty] distributions (and "
        "--distribution options): the probability that all-pause is an equilibrium with a 95% "
        "Wilson interval, each lab's critical verification quantiles and probability of being "
        "the weakest link; --sobol N adds Sobol' indices ranking which unknown matters most. "
        "Results depend only on --seed and --draws, not on --jobs or --scheduler.",
    )
    _common(uncertainty, plot="the critical-verification distributions and sensitivities")
    uncertainty.add_argument(
        "--draws", type=int, default=10_000, metavar="N", help="Monte Carlo draws (default 10000)"
    )
    uncertainty.add_argument(
        "--seed", type=int, metavar="S", help="root seed (default: fresh, recorded in the run JSON)"
    )
    uncertainty.add_argument(
        "--jobs", type=int, default=1, metavar="J", help="parallel workers (joblib; -1: every core)"
    )
    uncertainty.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="run on a dask cluster at ADDRESS (needs the optional extra pausegame[dask])",
    )
    uncertainty.add_argument(
        "--sobol",
        type=int,
        metavar="N",
        help="also compute Sobol' indices from N base samples (power of 2)",
    )
    uncertainty.add_argument(
        "--distribution",
        action="append",
        default=[],
        metavar="PATH=TABLE",
        help='an uncertain parameter, e.g. \'labs.lab-a.prize={distribution = "lognormal", '
        "median = 30, sigma = 0.5}' (repeatable; overrides the scenario's)",
    )
    uncertainty.set_defaults(run=run_uncertainty)
