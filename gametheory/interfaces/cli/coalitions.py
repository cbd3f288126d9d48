"""``pausegame coalitions`` and ``pausegame network``: which groups of labs keep a pause stable.

``coalitions [MODEL]`` lists the stable coalitions (members pause, outsiders best-respond;
conventions in :mod:`gametheory.pause.coalitions`), the largest and the safest, the transfers that
would stabilise the grand coalition (or the proof none can) and the Shapley value of the
pause's surplus. ``network [MODEL] [--graph FILE] [--defect LAB | --accuse LAB] [--plot FILE]``
reads the alliance network from the scenario's ``[network]`` section or from ``--graph``
(GraphML or a networkx edge list), and reports the stable coalitions on it, the cascade of a
defection or false accusation, the key players and the pairwise stability of its monitoring
links; ``--plot`` draws it (:func:`gametheory.pause.network.draw_network`).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from gametheory.core.errors import EXIT_OK, InputError
from gametheory.core.tolerance import TOL
from gametheory.interfaces.cli.options import parse_tol
from gametheory.interfaces.cli.scenarios import add_model_arguments, model_from_args
from gametheory.interfaces.outputs import dumps_json, staged
from gametheory.pause.coalitions import (
    MAX_CORE_PLAYERS,
    CoalitionStability,
    coalition_stability,
    least_core,
    shapley_value,
    stabilizing_transfers,
)
from gametheory.pause.network import (
    alliance_network,
    cascade,
    draw_network,
    key_players,
    monitoring_link_stability,
    network_coalition_stability,
    read_network,
)
from gametheory.pause.scenario import DEFAULT_MODEL

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
        help="which coalitions of pausing labs are stable, with transfers and fair shares",
        description="For every coalition of labs that pause while the others best-respond: "
        "internal and external stability (d'Aspremont et al. 1983), the largest and safest "
        "stable coalitions, the stabilising transfers for the grand coalition (Carraro, "
        "Eyckmans & Finus 2006) and the core and Shapley value of the pause's surplus.",
    )
    _common(coalitions)
    coalitions.set_defaults(run=run_coalitions)

    network = subparsers.add_parser(
        "network",
        help="alliance network: stable coalitions, cascades, key players, link stability",
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
    analysis = coalition_stability(scenario.model, tol=tol)
    summary = _summary(analysis)
    fair = _fair_shares(analysis)
    if args.format == "json":
        document = {
            "schema_version": SCHEMA_VERSION,
            "model": scenario.name,
            "labs": list(analysis.labs),
            "method": analysis.method,
            "tol": tol,
            **summary,
            **fair,
        }
        sys.stdout.write(dumps_json(document))
        return EXIT_OK
    lines = [f"model: {scenario.name} ({analysis.num_labs} labs)"]
    lines += _coalition_lines(summary, fair)
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
    if args.plot:
        lines.append(f"drawing written to {args.plot}")
    sys.stdout.write("\n".join(lines) + "\n")
    return EXIT_OK
