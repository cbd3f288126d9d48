"""``pausegame analyze [MODEL]``: does a pause hold in a scenario, and if not, who breaks it.

Reads a scenario file (or a shipped model by name; default the embedded frontier model
:data:`gametheory.pause.scenario.DEFAULT_MODEL`), applies ``--variant`` and ``--set KEY=VALUE``
overrides (the options every model command shares, :mod:`gametheory.interfaces.cli.scenarios`), runs
:func:`gametheory.pause.analysis.analyze` and prints the report: a table for people (default), or
``json`` (schema: ``docs/analyze-json-schema.md``), ``markdown`` or ``csv`` (one row per lab).
Bad input (a missing file, an invalid field, a bad option) exits with
:data:`~gametheory.core.errors.EXIT_BAD_INPUT`; success with
:data:`~gametheory.core.errors.EXIT_OK`.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from gametheory.core.errors import EXIT_OK
from gametheory.core.tolerance import TOL
from gametheory.interfaces.cli.commands import COMMANDS
from gametheory.interfaces.cli.options import parse_tol
from gametheory.interfaces.cli.scenarios import add_model_arguments, model_from_args
from gametheory.interfaces.outputs import dumps_json, write_text
from gametheory.pause.analysis import analyze, format_csv, format_markdown, format_table

__all__ = ["FORMATS", "add_parser", "run"]

#: The output formats, the first the default.
FORMATS = ("table", "json", "markdown", "csv")


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register ``analyze`` on the ``pausegame`` subcommand parsers."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "analyze",
        help=COMMANDS["analyze"].help,
        description="Analyse a pause scenario: whether all labs pausing is an equilibrium and "
        "whether it is the only one; every pure equilibrium (who races, catastrophe risk, total "
        "welfare); each lab's critical verification, shortfall and critical sanction; the "
        "weakest link; and, for two labs, the game's class and mixed equilibria.",
    )
    add_model_arguments(parser)
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default=FORMATS[0],
        help="table (default) for people; json, markdown or csv (one row per lab)",
    )
    parser.add_argument(
        "--tol",
        default=str(TOL),
        metavar="TOL",
        help=f"tolerance for ties, relative to the largest payoff (default {TOL:g}; ignored "
        "with --exact)",
    )
    parser.add_argument(
        "--mediator",
        action="store_true",
        help="also show what a verification agency that recommends pause or race to each lab "
        "can sustain (welfare- and risk-optimal correlated equilibria)",
    )
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE, not stdout")
    parser.set_defaults(run=run)
    return parser


def run(args: argparse.Namespace) -> int:
    """Run ``pausegame analyze`` with parsed ``args``; return the exit code."""
    tol = parse_tol(args.tol)
    scenario = model_from_args(args)
    result = analyze(scenario, exact=args.exact, tol=tol)
    mediator = None
    if args.mediator:
        from gametheory.pause.mediator import mediated_pause

        mediator = mediated_pause(result.model, tol=tol)
    if args.format == "json":
        data = result.to_dict()
        if mediator is not None:
            data["mediator"] = mediator.to_dict()
        text = dumps_json(data)
    elif args.format == "markdown":
        text = format_markdown(result)
    elif args.format == "csv":
        text = format_csv(result)
    else:
        text = format_table(result)
    if mediator is not None and args.format in ("table", "markdown"):
        from gametheory.pause.mediator import format_mediator

        text += "\n" + format_mediator(mediator)
    if args.output is None:
        sys.stdout.write(text)
    else:
        write_text(args.output, text, "--output")
    return EXIT_OK
