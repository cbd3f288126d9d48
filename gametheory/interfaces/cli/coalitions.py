"""``pausegame coalitions`` and ``pausegame network``: which groups of labs keep a pause stable.

``coalitions [MODEL]`` lists the stable coalitions (members pause, outsiders best-respond;
conventions in :mod:`gametheory.pause.coalitions`), the largest and the safest, the transfers that
would stabilise the grand coalition (or the proof none can) and the Shapley value of the
pause's surplus. With ``--min-participation K`` (or ``--treaty``: the scenario's
``[treaty]`` clause and pledges) the pause binds only once enough labs sign
(:func:`gametheory.pause.coalitions.with_participation`), and the output says so; ``--sweep``
adds the table over every threshold k (reach, catastrophe risk, welfare, the best k) and
``--farsighted`` Chwe's largest consistent set; ``--plot FILE.png|svg`` draws the largest
stable coalition in force, the pause's reach, the catastrophe risk and the welfare against
every threshold k (:func:`gametheory.interfaces.plots.plot_participation`).
``network [MODEL] [--graph FILE] [--defect LAB | --accuse LAB] [--plot FILE]`` reads the
alliance network from the scenario's ``[network]`` section or from ``--graph``
(GraphML or a networkx edge list), and reports the stable coalitions on it, the cascade of a
defection or false accusation, the key players and the pairwise stability of its monitoring
links, and which monitoring and sanction links would actually be used when imposing
sanctions is costly (the scenario's ``[treaty.sanctions]``), with the key player for
monitoring; ``--plot`` draws it (:func:`gametheory.pause.network.draw_network`).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from gametheory.core.errors import EXIT_OK, InputError
from gametheory.core.tolerance import TOL
from gametheory.interfaces.cli.commands import COMMANDS
from gametheory.interfaces.cli.options import parse_tol
from gametheory.interfaces.cli.scenarios import add_model_arguments, model_from_args
from gametheory.interfaces.outputs import dumps_json, staged
from gametheory.pause.coalitions import (
    MAX_CORE_PLAYERS,
    MAX_FARSIGHTED_LABS,
    CoalitionStability,
    coalition_stability,
    largest_consistent_set,
    least_core,
    participation_sweep,
    shapley_value,
    stabilizing_transfers,
    with_participation,
)
from gametheory.pause.network import (
    alliance_network,
    cascade,
    draw_network,
    enforced_network,
    key_players,
    monitoring_link_stability,
    network_coalition_stability,
    read_network,
)
from gametheory.pause.scenario import DEFAULT_MODEL
from gametheory.pause.treaty import treaty_terms

__all__ = ["SCHEMA_VERSION", "add_parser", "run_coalitions", "run_network"]

#: Version of the ``--format json`` documents; bumped when a field changes meaning.
SCHEMA_VERSION = 1
#: The most stable coalitions a table lists.
_SHOWN = 20


def _common(parser: argparse.ArgumentParser, default: str = DEFAULT_MODEL) -> None:
    add_model_arguments(parser, default=default)
    parser.add_argument("--format", choices=("table", "json"), default="table")
    parser.add_argument("--tol", type=str, default=str(TOL), metavar="TOL")


def add_parser(subparsers: Any) -> None:
    """Register ``coalitions`` and ``network`` on the subcommand parsers."""
    coalitions = subparsers.add_parser(
        "coalitions",
        help=COMMANDS["coalitions"].help,
        description="For every coalition of labs that pause while the others best-respond: "
        "internal and external stability (d'Aspremont et al. 1983), the largest and safest "
        "stable coalitions, the stabilising transfers for the grand coalition (Carraro, "
        "Eyckmans & Finus 2006) and the core and Shapley value of the pause's surplus.",
    )
    _common(coalitions)
    clause = coalitions.add_mutually_exclusive_group()
    clause.add_argument(
        "--min-participation",
        type=int,
        metavar="K",
        help="the pause binds only once K labs have signed (a minimum participation clause)",
    )
    clause.add_argument(
        "--treaty",
        action="store_true",
        help="use the scenario's [treaty] clause: min_participation and conditional pledges",
    )
    coalitions.add_argument(
        "--sweep",
        action="store_true",
        help="stable coalitions, reach, catastrophe risk and welfare under every threshold k",
    )
    coalitions.add_argument(
        "--farsighted",
        action="store_true",
        help=f"Chwe's largest consistent set (farsighted stability; up to {MAX_FARSIGHTED_LABS} "
        "labs)",
    )
    coalitions.add_argument(
        "--plot",
        metavar="FILE",
        help="draw the largest stable coalition, reach, catastrophe risk and welfare against "
        "every minimum participation k to FILE.png or FILE.svg (an existing file only with "
        "--force)",
    )
    coalitions.set_defaults(run=run_coalitions)

    network = subparsers.add_parser(
        "network",
        help=COMMANDS["network"].help,
        description="Analyse the alliance network of a scenario ([network] section) or of "
        "--graph FILE (GraphML or networkx edge list): monitoring links add detection, "
        "sanction links add sanctions, information links are descriptive only.",
    )
    # The network needs a [network] section: default to the shipped model that has one.
    _common(network, default="three-blocs")
    network.add_argument("--graph", metavar="FILE", help="GraphML (.graphml) or edge-list file")
    trigger = network.add_mutually_exclusive_group()
    trigger.add_argument("--defect", metavar="LAB", help="cascade after LAB defects")
    trigger.add_argument("--accuse", metavar="LAB", help="cascade after LAB is wrongly accused")
    network.add_argument("--plot", metavar="FILE", help="draw the network to FILE (png, svg...)")
    network.add_argument(
        "--link-detection",
        type=float,
        default=0.5,
        metavar="D",
        help="strength of a mutual monitoring link for pairwise stability (default 0.5)",
    )
    network.set_defaults(run=run_network)


def _summary(analysis: CoalitionStability) -> dict[str, Any]:
    def describe(mask: int) -> dict[str, Any]:
        pull = int(analysis.strongest_pull[mask])
        return {
            "members": list(analysis.members(mask)),
            "outsiders_racing": list(analysis.members(int(analysis.outsiders_racing[mask])))
            if analysis.outsiders_racing[mask] >= 0
            else None,
            "catastrophe": float(analysis.catastrophe[mask]),
            "leave_gain": float(analysis.leave_gain[mask]),
            "join_gain": float(analysis.join_gain[mask]),
            "strongest_pull": analysis.labs[pull] if pull >= 0 else None,
            "free_riding_surplus": float(analysis.free_riding_surplus[mask]),
            "multiple_outsider_equilibria": bool(analysis.multiple_outsider_equilibria[mask]),
        }

    stable = analysis.stable_coalitions
    grand = (1 << analysis.num_labs) - 1
    largest, safest = analysis.largest_stable, analysis.safest_stable
    return {
        "stable": [describe(int(k)) for k in stable],
        "largest": describe(largest) if largest is not None else None,
        "safest": describe(safest) if safest is not None else None,
        "grand": describe(grand),
        "undetermined": int((~analysis.determined).sum()),
    }


def _fair_shares(analysis: CoalitionStability) -> dict[str, Any]:
    grand = (1 << analysis.num_labs) - 1
    scheme = stabilizing_transfers(analysis, grand)
    document: dict[str, Any] = {
        "transfers": {
            "feasible": scheme.feasible,
            "surplus": scheme.surplus,
            "transfers": dict(zip(scheme.members, scheme.transfers, strict=True))
            if scheme.transfers is not None
            else None,
        }
    }
    if analysis.determined.all():
        values = analysis.characteristic_function
        document["shapley"] = dict(zip(analysis.labs, shapley_value(values).tolist(), strict=True))
        if analysis.num_labs <= MAX_CORE_PLAYERS:
            core = least_core(values, tol=analysis.tol)
            document["core"] = {
                "nonempty": core.nonempty,
                "epsilon": core.epsilon,
                "allocation": dict(zip(analysis.labs, core.allocation.tolist(), strict=True)),
            }
    return document


def _names(names: list[str] | None) -> str:
    if names is None:
        return "(undetermined)"
    return "{" + ", ".join(names) + "}" if names else "{}"


def _coalition_lines(summary: dict[str, Any], fair: dict[str, Any] | None) -> list[str]:
    lines = [f"stable coalitions: {len(summary['stable'])}"]
    if summary["stable"]:
        lines.append(f"  {'members':<40} {'outsiders racing':<28} {'P(catastrophe)':>14}")
    for row in summary["stable"][:_SHOWN]:
        lines.append(
            f"  {_names(row['members']):<40} {_names(row['outsiders_racing']):<28} "
            f"{row['catastrophe']:>14.4f}"
        )
    if len(summary["stable"]) > _SHOWN:
        lines.append(f"  ... and {len(summary['stable']) - _SHOWN} more (--format json)")
    for key in ("largest", "safest"):
        row = summary[key]
        lines.append(f"{key} stable: {_names(row['members']) if row else 'none'}")
    grand = summary["grand"]
    pull = grand["strongest_pull"]
    lines.append(
        "grand coalition: "
        + (
            f"unstable; strongest pull out: {pull} (gains {grand['leave_gain']:.4g})"
            if pull
            else "internally stable"
        )
    )
    if summary["undetermined"]:
        lines.append(f"undetermined coalitions (outsiders cycle): {summary['undetermined']}")
    if fair is not None:
        t = fair["transfers"]
        if t["feasible"]:
            shares = ", ".join(f"{k} {v:+.4g}" for k, v in t["transfers"].items())
            lines.append(f"transfers stabilising the grand coalition: {shares}")
        else:
            lines.append(
                f"no transfers can stabilise the grand coalition: free-riding surplus "
                f"{t['surplus']:.4g} < 0"
            )
        if "shapley" in fair:
            lines.append(
                "Shapley value of v(K): "
                + ", ".join(f"{k} {v:.4g}" for k, v in fair["shapley"].items())
            )
        if "core" in fair:
            core = fair["core"]
            lines.append(
                "core: "
                + (
                    "non-empty, e.g. "
                    if core["nonempty"]
                    else f"empty (least-core epsilon {core['epsilon']:.4g}); least-core point "
                )
                + ", ".join(f"{k} {v:.4g}" for k, v in core["allocation"].items())
            )
    return lines


def run_coalitions(args: argparse.Namespace) -> int:
    """Run ``pausegame coalitions``.

    Examples
    --------
    >>> from gametheory.interfaces.cli import main
    >>> main(["coalitions", "three-blocs"])
    model: three-blocs (3 labs)
    stable coalitions: ...
    0
    """
    tol = parse_tol(args.tol)
    scenario = model_from_args(args)
    base = coalition_stability(scenario.model, tol=tol)
    k, pledges = 1, {}
    if args.treaty:
        terms = treaty_terms(scenario)
        k, pledges = terms.min_participation, terms.pledges
    elif args.min_participation is not None:
        k = args.min_participation
        if not 1 <= k <= base.num_labs:
            raise InputError(
                f"expected an integer in [1, {base.num_labs}] (the number of labs)",
                field="--min-participation",
                value=k,
            )
    clause = k > 1 or bool(pledges)
    analysis = with_participation(base, min_participation=k, pledges=pledges) if clause else base
    summary = _summary(analysis)
    if clause:
        summary["stable"] = [
            row
            for row, mask in zip(summary["stable"], analysis.stable_coalitions, strict=True)
            if analysis.in_force(int(mask))
        ]
    fair = None if clause else _fair_shares(analysis)
    participation: dict[str, Any] | None = None
    if clause:
        participation = {"min_participation": k, "pledges": pledges}
    sweep = participation_sweep(base, pledges=pledges) if args.sweep or args.plot else None
    if sweep is not None and args.plot:
        from gametheory.interfaces.plots import plot_participation, save_figure

        save_figure(
            plot_participation(sweep, num_labs=base.num_labs, name=scenario.name), args.plot
        )
    farsighted = None
    if args.farsighted:
        if analysis.num_labs > MAX_FARSIGHTED_LABS:
            raise InputError(
                f"expected at most {MAX_FARSIGHTED_LABS} labs for the largest consistent set",
                field="--farsighted",
                value=analysis.num_labs,
            )
        try:
            kept = largest_consistent_set(analysis)
        except ValueError as exc:  # some coalition's outcome is undetermined
            raise InputError(str(exc), field="--farsighted") from None
        farsighted = [list(analysis.members(m)) for m in kept]
    if args.format == "json":
        document = {
            "schema_version": SCHEMA_VERSION,
            "model": scenario.name,
            "labs": list(analysis.labs),
            "method": analysis.method,
            "tol": tol,
            "participation": participation,
            **summary,
            **(fair or {}),
        }
        if sweep is not None and args.sweep:
            document["sweep"] = {
                "best": sweep.best,
                "rows": [
                    {
                        "min_participation": r.min_participation,
                        "stable_in_force": [list(c) for c in r.stable_in_force],
                        "headline": list(r.headline) if r.headline else None,
                        "labs_pausing": r.pausing,
                        "catastrophe": r.catastrophe,
                        "welfare": r.welfare,
                    }
                    for r in sweep.rows
                ],
            }
        if farsighted is not None:
            document["largest_consistent_set"] = farsighted
        document["plot"] = args.plot
        sys.stdout.write(dumps_json(document))
        return EXIT_OK
    lines = [f"model: {scenario.name} ({analysis.num_labs} labs)"]
    if participation is not None:
        told = f"participation clause: the pause binds once {k} labs have signed"
        if pledges:
            told += "; conditional pledges: " + ", ".join(
                f"{lab} pauses once {n} are bound" for lab, n in pledges.items()
            )
        lines.append(told)
        lines.append(
            "(a coalition below the threshold is not in force: its signatories best-respond; "
            "only coalitions in force are listed)"
        )
    lines += _coalition_lines(summary, fair)
    if sweep is not None and args.sweep:
        lines.append("minimum participation k: the largest stable coalition in force at each k")
        lines.append(
            f"  {'k':>2}  {'coalition':<36} {'labs pausing':>12} {'P(catastrophe)':>14} "
            f"{'welfare':>10}"
        )
        for r in sweep.rows:
            name = _names(list(r.headline)) if r.headline else "none in force"
            lines.append(
                f"  {r.min_participation:>2}  {name:<36} {r.pausing:>12} {r.catastrophe:>14.4f} "
                f"{r.welfare:>10.4g}"
            )
        lines.append(
            f"  welfare-maximising threshold: k = {sweep.best} (welfare = the labs' total payoff)"
        )
    if farsighted is not None:
        lines.append(
            "largest consistent set (Chwe 1994; coalitions farsighted labs may keep): "
            + ", ".join(_names(c) for c in farsighted)
        )
    if args.plot:
        lines.append(f"figure written to {args.plot}")
    sys.stdout.write("\n".join(lines) + "\n")
    return EXIT_OK


def run_network(args: argparse.Namespace) -> int:
    """Run ``pausegame network``.

    Examples
    --------
    >>> from gametheory.interfaces.cli import main
    >>> main(["network", "three-blocs", "--defect", "us"])
    model: three-blocs (3 labs), network: ...
    0
    """
    tol = parse_tol(args.tol)
    if not 0 < args.link_detection <= 1:  # also rejects NaN
        raise InputError(
            "expected a probability in (0, 1]", field="--link-detection", value=args.link_detection
        )
    scenario = model_from_args(args)
    model = scenario.model
    if args.graph is not None:
        network = read_network(model, args.graph)
        source = str(args.graph)
    elif "network" in scenario.sections:
        network = alliance_network(model, scenario.sections["network"])
        source = f"{scenario.name} [network]"
    else:
        raise InputError(
            "the scenario has no [network] section; expected one, or --graph FILE",
            file=str(scenario.path),
        )
    analysis = network_coalition_stability(model, network, tol=tol)
    summary = _summary(analysis)
    trigger = args.defect or args.accuse
    result = None
    if trigger is not None:
        model.lab_index(trigger)
        result = cascade(model, network, trigger, accusation=args.accuse is not None, tol=tol)
    players = key_players(model, network, tol=tol)
    links = monitoring_link_stability(model, network, detection=args.link_detection, tol=tol)
    enforced = enforced_network(model, network, treaty_terms(scenario).sanctions, tol=tol)
    if args.plot:
        largest = analysis.largest_stable
        try:
            with staged(args.plot, "--plot") as temporary:
                draw_network(
                    network,
                    temporary,
                    coalition=analysis.members(largest) if largest is not None else (),
                    cascade_result=result,
                    title=f"{scenario.name}: alliance network",
                )
        except ValueError as exc:
            raise InputError(
                f"cannot write the plot ({exc})", field="--plot", value=args.plot
            ) from None
    edges = [
        {"source": u, "target": v, "type": d["type"], "value": d["value"]}
        for u, v, d in network.graph.edges(data=True)
    ]
    cascade_doc: dict[str, Any] | None = None
    if result is not None:
        cascade_doc = {
            "trigger": result.trigger,
            "kind": result.kind,
            "steps": [{"lab": s[0], "action": s[1], "gain": s[2]} for s in result.steps],
            "followers": list(result.followers),
            "racing": list(result.racing),
            "unravelled": result.unravelled(model.lab_names),
            "converged": result.converged,
            "accused_races": result.accused_races,
        }
    if args.format == "json":
        document = {
            "schema_version": SCHEMA_VERSION,
            "model": scenario.name,
            "network": source,
            "labs": list(model.lab_names),
            "edges": edges,
            "tol": tol,
            **summary,
            "cascade": cascade_doc,
            "key_players": [
                {
                    "lab": k.lab,
                    "followers": k.followers,
                    "pausing_after_exit": k.pausing_after_exit,
                    "margin_drop": k.margin_drop,
                }
                for k in players
            ],
            "link_stability": {
                "stable": links.stable,
                "detection": links.detection,
                "would_cut": [list(c) for c in links.would_cut],
                "would_add": [list(a) for a in links.would_add],
            },
            "enforcement": {
                "baseline_racing": list(enforced.baseline),
                "links": [
                    {
                        "source": u.source,
                        "target": u.target,
                        "type": u.type,
                        "value": u.value,
                        "used": u.used,
                        "reason": u.reason,
                    }
                    for u in enforced.links
                ],
                "effective_detection": dict(
                    zip(model.lab_names, enforced.effective_detection.tolist(), strict=True)
                ),
                "monitoring_importance": dict(enforced.monitoring_importance),
                "key_monitor": enforced.key_monitor,
            },
            "plot": args.plot,
        }
        sys.stdout.write(dumps_json(document))
        return EXIT_OK
    lines = [f"model: {scenario.name} ({model.num_labs} labs), network: {source}"]
    lines.append(f"edges: {len(edges)}")
    for e in edges:
        lines.append(f"  {e['source']} -> {e['target']}  {e['type']:<11} {e['value']:g}")
    lines += _coalition_lines(summary, None)
    if cascade_doc is not None:
        lines.append(f"cascade after {cascade_doc['kind']} of {cascade_doc['trigger']}:")
        for number, step in enumerate(cascade_doc["steps"], 1):
            lines.append(f"  {number}. {step['lab']} -> {step['action']} (gain {step['gain']:.4g})")
        if not cascade_doc["steps"]:
            lines.append("  no one moves")
        lines.append(
            f"  racing at the end: {_names(cascade_doc['racing'])}"
            + ("; the pause unravels" if cascade_doc["unravelled"] else "")
        )
    lines.append(f"  {'key player':<20} {'followers':>9} {'still pausing':>13} {'margin drop':>12}")
    for player in players:
        lines.append(
            f"  {player.lab:<20} {player.followers:>9} {player.pausing_after_exit:>13} "
            f"{player.margin_drop:>12.4g}"
        )
    verdict = "pairwise stable" if links.stable else "not pairwise stable"
    lines.append(f"monitoring links (d = {links.detection:g} each way): {verdict}")
    lines += [f"  {who} would cut {a}-{b}" for a, b, who in links.would_cut]
    lines += [f"  {a} and {b} would add a link" for a, b in links.would_add]
    lines.append(
        "links that would be used (sanctions carried out only where imposing pays its imposer; "
        f"baseline racing: {_names(list(enforced.baseline))}):"
    )
    for use in enforced.links:
        mark = "used" if use.used else "not used"
        lines.append(
            f"  {use.source} -> {use.target}  {use.type:<11} {use.value:<6.3g} {mark:<9}"
            f"{use.reason}"
        )
    lines.append(
        "effective detection (counted only with a credible sanction behind it): "
        + ", ".join(
            f"{lab} {q:.3g}"
            for lab, q in zip(model.lab_names, enforced.effective_detection, strict=True)
        )
    )
    lines.append(
        "key player for monitoring: "
        + (
            f"{enforced.key_monitor} (without its links the others' effective detection "
            f"falls by {enforced.monitoring_importance[0][1]:.3g} in all)"
            if enforced.key_monitor
            else "none (no lab's links carry effective detection)"
        )
    )
    if args.plot:
        lines.append(f"drawing written to {args.plot}")
    sys.stdout.write("\n".join(lines) + "\n")
    return EXIT_OK
