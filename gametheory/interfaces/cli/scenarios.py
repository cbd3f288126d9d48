"""``pausegame models``, ``validate``, ``export`` and ``schema``: scenario files.

* ``pausegame models`` lists the shipped scenarios (:func:`gametheory.shipped_models`).
* ``pausegame validate FILE [--variant NAME] [--set KEY=VALUE ...] [--exact]`` reads a
  scenario strictly and prints ``OK: ...`` or the located error (exit code 2). Without
  ``--variant`` it checks the default and every variant.
* ``pausegame export FILE --nfg [-o OUT]`` writes the model's game in Gambit's ``.nfg`` format.
* ``pausegame new NAME`` writes a commented scenario file ``NAME.toml`` to start from.
* ``pausegame schema [--markdown]`` prints the scenario format (:mod:`gametheory.pause.schema`).

Other commands that take a model reuse :func:`add_model_arguments` and :func:`model_from_args`,
so ``MODEL``, ``--variant``, ``--set``, ``--without`` and ``--exact`` mean the same everywhere
(:func:`gametheory.pause.whatif.load_what_if`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from gametheory.core.errors import EXIT_OK, InputError
from gametheory.interfaces.cli.commands import COMMANDS
from gametheory.interfaces.outputs import write_text
from gametheory.pause.scenario import (
    DEFAULT_MODEL,
    Scenario,
    load_scenario,
    shipped_models,
)
from gametheory.pause.whatif import load_what_if

__all__ = [
    "add_model_arguments",
    "add_parser",
    "add_section_model_arguments",
    "add_without_argument",
    "model_from_args",
    "rounded_game",
    "scenario_template",
    "without_from_args",
]


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
        '(VALUE is read as TOML: 3, 0.5, "text"); also what sweep accepts: verification=0.9 '
        "(every lab's detection), verification.LAB=0.9, num_labs=3, and labs.LAB=false (drop "
        "the lab); repeatable",
    )
    add_without_argument(parser)
    parser.add_argument(
        "--exact",
        action="store_true",
        help="read decimals as exact fractions and decide ties without rounding",
    )


def add_section_model_arguments(
    parser: argparse.ArgumentParser, *, default: str = DEFAULT_MODEL, set_example: str
) -> None:
    """``MODEL``, ``--variant``, ``--set`` and ``--without`` for commands that read a section.

    Like :func:`add_model_arguments` without ``--exact`` (these analyses are float only);
    ``set_example`` shows an override of the command's own section in the help.

    Examples
    --------
    >>> parser = argparse.ArgumentParser()
    >>> add_section_model_arguments(parser, set_example="trigger.noise=0.05")
    >>> args = parser.parse_args(["two-labs", "--set", "trigger.noise=0.05"])
    >>> args.model, args.overrides
    ('two-labs', ['trigger.noise=0.05'])
    """
    parser.add_argument(
        "model",
        nargs="?",
        default=default,
        metavar="MODEL",
        help=f"a scenario file, or a shipped model's name (default {default})",
    )
    parser.add_argument("--variant", metavar="NAME", help="apply the file's named variant")
    parser.add_argument(
        "--set",
        dest="overrides",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help=f"override one parameter, e.g. --set {set_example} (repeatable)",
    )
    add_without_argument(parser)


def add_without_argument(parser: argparse.ArgumentParser) -> None:
    """Add ``--without LAB`` (repeatable, or comma-separated): analyse the scenario without it."""
    parser.add_argument(
        "--without",
        metavar="LAB",
        action="append",
        default=[],
        help="drop LAB from the scenario: what if it leaves? (repeatable, or LAB1,LAB2)",
    )


def without_from_args(args: argparse.Namespace) -> list[str]:
    """The labs named by ``--without`` options, in order (commas split a list)."""
    return [
        name.strip()
        for text in getattr(args, "without", [])
        for name in text.split(",")
        if name.strip()
    ]


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
    return load_what_if(
        args.model,
        variant=args.variant,
        overrides=args.overrides,
        without=without_from_args(args),
        exact=args.exact,
    )


def add_parser(subparsers: Any) -> None:
    """Register ``models``, ``validate`` and ``export`` on the subcommand parsers."""
    models = subparsers.add_parser(
        "models",
        help=COMMANDS["models"].help,
        description="List the scenario files shipped with pausegame: name, labs, variants and "
        "description. Any of the names can be given wherever a MODEL is expected.",
    )
    models.set_defaults(run=run_models)

    validate = subparsers.add_parser(
        "validate",
        help=COMMANDS["validate"].help,
        description="Read a scenario file strictly and report OK or the first problem, located "
        "as FILE:LINE: FIELD = VALUE: what was expected (exit code 2). Without --variant the "
        "default and every variant are checked.",
    )
    add_model_arguments(validate, required=True)
    validate.set_defaults(run=run_validate)

    export = subparsers.add_parser(
        "export",
        help=COMMANDS["export"].help,
        description="Write the normal-form pause game of a scenario (pause = action 0, "
        "race = action 1) in Gambit's .nfg format, for Gambit and other solvers. Each payoff is "
        "written as the shortest decimal within a relative 1e-14 of it (-17.65, not the float "
        "round-off -17.650000000000006).",
    )
    add_model_arguments(export, required=True)
    formats = export.add_mutually_exclusive_group(required=True)
    formats.add_argument("--nfg", action="store_true", help="Gambit strategic-form (.nfg)")
    export.add_argument(
        "-o", "--output", metavar="OUT", help="write to OUT instead of standard output"
    )
    export.set_defaults(run=run_export)

    new = subparsers.add_parser(
        "new",
        help=COMMANDS["new"].help,
        description="Write NAME.toml (or NAME, if it ends in .toml): a small scenario with "
        "every field commented, to edit and run with `pausegame analyze NAME.toml`. An "
        "existing file is never overwritten.",
    )
    new.add_argument("name", metavar="NAME", help="the scenario's name, or a path ending in .toml")
    new.set_defaults(run=run_new)

    schema = subparsers.add_parser(
        "schema",
        help=COMMANDS["schema"].help,
        description="Print the scenario format, from its one declaration in "
        "gametheory.pause.schema: as a JSON Schema for editors that check TOML as you type "
        "(the shipped models/scenario.schema.json), or with --markdown as the reference table "
        "of every key, its type, bounds, default and meaning.",
    )
    schema.add_argument(
        "--markdown", action="store_true", help="the reference page instead of the JSON Schema"
    )
    schema.set_defaults(run=run_schema)


def run_models(args: argparse.Namespace) -> int:
    """Print the shipped models: name, labs and variants, then the whole description."""
    import textwrap

    for name, path in shipped_models().items():
        scenario = load_scenario(path)
        variants = ", ".join(scenario.variants) or "none"
        print(f"{name}  ({scenario.model.num_labs} labs; variants: {variants})")
        description = " ".join(scenario.description.split()) or "(no description)"
        print(textwrap.fill(description, width=96, initial_indent="    ", subsequent_indent="    "))
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


def _shortest(value: float, rel: float) -> float:
    for digits in range(1, 18):
        candidate = float(f"{value:.{digits}g}")
        if abs(candidate - value) <= rel * abs(value):
            return candidate
    return value


def rounded_game(game: Any, rel: float = 1e-14) -> Any:
    """``game`` with each float payoff replaced by the shortest decimal within ``rel`` of it.

    The payoffs are sums and products of the scenario's decimals, so float round-off shows as
    ``-17.650000000000006``; the shortest decimal within a relative 1e-14 (a few dozen units
    in the last place) is ``-17.65``; a payoff that needs more digits keeps 14 or more.

    Examples
    --------
    >>> from gametheory import NormalFormGame
    >>> game = NormalFormGame.from_bimatrix([[-17.650000000000006, 1 / 3]], [[1, 2]])
    >>> rounded_game(game).payoffs[0].tolist()
    [[-17.65, 0.33333333333333]]
    """
    import numpy as np

    from gametheory.core.game import NormalFormGame

    if game.exact_payoffs is not None:
        return game
    payoffs = np.vectorize(lambda v: _shortest(float(v), rel), otypes=[float])(game.payoffs)
    return NormalFormGame(payoffs, players=game.players, actions=game.actions, title=game.title)


def run_export(args: argparse.Namespace) -> int:
    """Write the scenario's game in the format asked for."""
    from gametheory.core.nfg import write_nfg
    from gametheory.pause.model import to_game

    scenario = model_from_args(args)
    try:
        game = to_game(scenario.model)
    except ValueError as exc:
        raise InputError(str(exc), file=str(scenario.path), field="labs") from None
    game = rounded_game(game)
    if args.output is None:
        sys.stdout.write(write_nfg(game))
        return EXIT_OK
    out = write_text(args.output, write_nfg(game), "--output")
    print(f"wrote {out} ({game.num_players} players, {game.payoffs[0].size} profiles)")
    return EXIT_OK


def scenario_template(name: str) -> str:
    """The commented scenario written by ``pausegame new NAME``.

    Examples
    --------
    >>> from gametheory.pause.scenario import parse_scenario
    >>> scenario = parse_scenario(scenario_template("demo"), source="demo.toml")
    >>> scenario.name, scenario.model.lab_names, list(scenario.variants)
    ('demo', ('lab-a', 'lab-b'), ['strong-sanctions'])
    """
    from importlib.resources import files

    text = files("gametheory.interfaces.cli").joinpath("new_scenario.toml").read_text("utf-8")
    return text.replace("__NAME__", name)


def run_new(args: argparse.Namespace) -> int:
    """Write the commented scenario ``NAME.toml``."""
    import re

    path = Path(args.name if args.name.endswith(".toml") else f"{args.name}.toml")
    name = path.stem
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]*", name):
        raise InputError(
            "expected a name of letters, digits, '-', '_' or '.', e.g. my-scenario",
            field="NAME",
            value=args.name,
        )
    if path.exists():
        raise InputError(
            "the file exists and is never overwritten; expected a new name",
            field="NAME",
            value=str(path),
        )
    if not path.parent.is_dir():
        raise InputError(
            "no such directory; expected a path in an existing directory",
            field="NAME",
            value=str(path),
        )
    try:
        with path.open("x", encoding="utf-8") as handle:
            handle.write(scenario_template(name))
    except OSError as exc:
        raise InputError(
            f"cannot write ({exc.strerror or exc}); expected a writable path",
            field="NAME",
            value=str(path),
        ) from None
    print(f"wrote {path}: a commented two-lab scenario; edit it, then run")
    print(f"  pausegame analyze {path}")
    return EXIT_OK
