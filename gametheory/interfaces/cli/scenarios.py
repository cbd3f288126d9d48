"""``pausegame models``, ``validate``, ``export`` and ``schema``: scenario files.

* ``pausegame models`` lists the shipped scenarios (:func:`gametheory.shipped_models`).
* ``pausegame validate FILE [--variant NAME] [--set KEY=VALUE ...] [--exact]`` reads a
  scenario strictly and prints ``OK: ...`` or the located error (exit code 2). Without
  ``--variant`` it checks the default and every variant.
* ``pausegame export FILE --nfg [-o OUT]`` writes the model's game in Gambit's ``.nfg`` format.
* ``pausegame schema [--markdown]`` prints the scenario format (:mod:`gametheory.pause.schema`).

Other commands that take a model reuse :func:`add_model_arguments` and :func:`model_from_args`,
so ``MODEL``, ``--variant``, ``--set`` and ``--exact`` mean the same everywhere.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from gametheory.core.errors import EXIT_OK, InputError
from gametheory.interfaces.outputs import write_text
from gametheory.pause.scenario import (
    DEFAULT_MODEL,
    Scenario,
    load_scenario,
    shipped_models,
)

__all__ = ["add_model_arguments", "add_parser", "model_from_args"]


def _assignment(text: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep or not key.strip():
        raise argparse.ArgumentTypeError(
            f"expected KEY=VALUE (e.g. labs.lab-a.prize=3), got {text!r}"
        )
    return key.strip(), value.strip()


def add_model_arguments(
    parser: argparse.ArgumentParser, *, required: bool = False, default: str = DEFAULT_MODEL
) -> None:
    """Add the scenario options: ``MODEL``, ``--variant``, ``--set KEY=VALUE``, ``--exact``.

    ``MODEL`` is a scenario file or a shipped model's name; unless ``required`` it defaults
    to ``default`` (:data:`~gametheory.pause.scenario.DEFAULT_MODEL`; a command that needs an
    optional section defaults to a shipped model that has one).

    Examples
    --------
    >>> parser = argparse.ArgumentParser()
    >>> add_model_arguments(parser)
    >>> args = parser.parse_args(["two-labs", "--set", "labs.lab-a.prize=3", "--exact"])
    >>> args.model, args.overrides, args.exact
    ('two-labs', [('labs.lab-a.prize', '3')], True)
    >>> parser.parse_args([]).model
    'frontier-five'
    """
    if required:
        parser.add_argument("model", metavar="MODEL", help="scenario file (.toml) or shipped name")
    else:
        parser.add_argument(
            "model",
            metavar="MODEL",
            nargs="?",
            default=default,
            help=f"scenario file (.toml) or shipped model name (default {default}; "
            "see `pausegame models`)",
        )
    parser.add_argument("--variant", metavar="NAME", help="apply the scenario's variant NAME")
    parser.add_argument(
        "--set",
        dest="overrides",
        metavar="KEY=VALUE",
        type=_assignment,
        action="append",
        default=[],
        help="override one parameter after the variant, e.g. labs.lab-a.prize=3 "
        '(VALUE is read as TOML: 3, 0.5, "text"); repeatable',
    )
    parser.add_argument(
        "--exact",
        action="store_true",
        help="read decimals as exact fractions and decide ties without rounding",
    )


def model_from_args(args: argparse.Namespace) -> Scenario:
    """The :class:`~gametheory.pause.scenario.Scenario` named by :func:`add_model_arguments`'
    options.

    Examples
    --------
    >>> parser = argparse.ArgumentParser()
    >>> add_model_arguments(parser)
    >>> scenario = model_from_args(parser.parse_args(["coordinated-pausing", "--variant", "legal"]))
    >>> scenario.variant, scenario.model.num_labs
    ('legal', 4)
    """
    return load_scenario(
        args.model, variant=args.variant, overrides=args.overrides, exact=args.exact
    )


def add_parser(subparsers: Any) -> None:
    """Register ``models``, ``validate`` and ``export`` on the subcommand parsers."""
    models = subparsers.add_parser(
        "models",
        help="list the shipped scenario models",
        description="List the scenario files shipped with pausegame: name, labs, variants and "
        "description. Any of the names can be given wherever a MODEL is expected.",
    )
    models.set_defaults(run=run_models)

    validate = subparsers.add_parser(
        "validate",
        help="check a scenario file strictly",
        description="Read a scenario file strictly and report OK or the first problem, located "
        "as FILE:LINE: FIELD = VALUE: what was expected (exit code 2). Without --variant the "
        "default and every variant are checked.",
    )
    add_model_arguments(validate, required=True)
    validate.set_defaults(run=run_validate)

    export = subparsers.add_parser(
        "export",
        help="write a scenario's game in another format (Gambit .nfg)",
        description="Write the normal-form pause game of a scenario (pause = action 0, "
        "race = action 1) in Gambit's .nfg format, for Gambit and other solvers.",
    )
    add_model_arguments(export, required=True)
    formats = export.add_mutually_exclusive_group(required=True)
    formats.add_argument("--nfg", action="store_true", help="Gambit strategic-form (.nfg)")
    export.add_argument(
        "-o", "--output", metavar="OUT", help="write to OUT instead of standard output"
    )
    export.set_defaults(run=run_export)

    schema = subparsers.add_parser(
        "schema",
        help="print the scenario file format (JSON Schema, or the reference in Markdown)",
        description="Print the scenario format, from its one declaration in "
        "gametheory.pause.schema: as a JSON Schema for editors that check TOML as you type "
        "(the shipped models/scenario.schema.json), or with --markdown as the reference table "
        "of every key, its type, bounds, default and meaning.",
    )
    schema.add_argument(
        "--markdown", action="store_true", help="the reference page instead of the JSON Schema"
    )
    schema.set_defaults(run=run_schema)


def _one_line(text: str, width: int = 72) -> str:
    line = " ".join(text.split())
    return line if len(line) <= width else line[: width - 3] + "..."


def run_models(args: argparse.Namespace) -> int:
    """Print the shipped models as a table."""
    rows = [("MODEL", "LABS", "VARIANTS", "DESCRIPTION")]
    for name, path in shipped_models().items():
        scenario = load_scenario(path)
        variants = ", ".join(scenario.variants) or "-"
        rows.append((name, str(scenario.model.num_labs), variants, _one_line(scenario.description)))
    widths = [max(len(row[k]) for row in rows) for k in range(3)]
    for row in rows:
        print("  ".join(cell.ljust(w) for cell, w in zip(row[:3], widths, strict=True)), row[3])
    return EXIT_OK


def run_schema(args: argparse.Namespace) -> int:
    """Print the scenario format as a JSON Schema or a Markdown reference."""
    import json

    from gametheory.pause.schema import json_schema, reference_markdown

    if args.markdown:
        sys.stdout.write(reference_markdown())
    else:
        sys.stdout.write(json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n")
    return EXIT_OK


def run_validate(args: argparse.Namespace) -> int:
    """Validate one scenario (and all its variants unless one is named)."""
    scenario = model_from_args(args)
    checked = ""
    if args.variant is None and scenario.variants:
        for name in scenario.variants:
            load_scenario(scenario.path, variant=name, overrides=args.overrides, exact=args.exact)
        checked = f"variants {', '.join(scenario.variants)} (all valid)"
    elif scenario.variants:
        checked = f"variant {scenario.variant} applied"
    else:
        checked = "no variants"
    if scenario.variant is not None and args.variant is None:
        checked += f"; default {scenario.variant}"
    model = scenario.model
    print(f"OK: {scenario.path}: {model.num_labs} labs, {len(model.channels)} channels, {checked}")
    if not model.channels:
        print("note: no verification channels, so `pausegame budget` has nothing to buy")
    return EXIT_OK


def run_export(args: argparse.Namespace) -> int:
    """Write the scenario's game in the format asked for."""
    from gametheory.core.nfg import write_nfg
    from gametheory.pause.model import to_game

    scenario = model_from_args(args)
    try:
        game = to_game(scenario.model)
    except ValueError as exc:
        raise InputError(str(exc), file=str(scenario.path), field="labs") from None
    if args.output is None:
        sys.stdout.write(write_nfg(game))
        return EXIT_OK
    out = write_text(args.output, write_nfg(game), "--output")
    print(f"wrote {out} ({game.num_players} players, {game.payoffs[0].size} profiles)")
    return EXIT_OK
