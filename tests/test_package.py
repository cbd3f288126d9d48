"""What ``import gametheory`` costs, and that the lazy flat API is complete (issue #16, item 2).

``gametheory``, ``gametheory.core`` and ``gametheory.pause`` resolve their public names on
first use from a table (:mod:`gametheory.core._lazy`); the ``pausegame`` command line lists its
commands from :data:`gametheory.interfaces.cli.commands.COMMANDS` and imports only the module
of the command it runs. Import state is read in a fresh interpreter each time.
"""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys

import pytest

import gametheory
from gametheory.interfaces.cli import build_parser
from gametheory.interfaces.cli.commands import COMMANDS

HEAVY = ("matplotlib", "pandas", "networkx", "tqdm", "sympy", "pyarrow")
LAZY_PACKAGES = ("gametheory", "gametheory.core", "gametheory.pause")
#: Modules of the core and the domain whose names are not re-exported flat, and why.
NOT_REEXPORTED = {
    "gametheory.core.limits",  # the memory guard of the command line and the solvers
    "gametheory.pause.schema",  # the one declaration of the scenario format
    "gametheory.core.columns",  # coded text columns, for the table writers
    "gametheory.pause.plain_toml",  # the scenario loader's fast reader of plain TOML
    "gametheory.core.progress",  # the command line's progress bar
}
CLI = "gametheory.interfaces.cli"


def imported_after(statement: str) -> set[str]:
    code = f"import sys; {statement}; print(' '.join(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(out.stdout.split())


def run_main(argv: list[str]) -> str:
    """A statement running ``pausegame ARGV`` (which may exit), for :func:`imported_after`."""
    return f"from {CLI} import main\ntry:\n    main({argv!r})\nexcept SystemExit:\n    pass"


def command_modules(modules: set[str]) -> set[str]:
    """The command modules of the CLI among ``modules`` (not its table and shared options)."""
    return {m for m in modules if m.startswith(f"{CLI}.")} - {f"{CLI}.commands", f"{CLI}.options"}


def test_import_gametheory_imports_no_plotting_dataframe_or_graph_library():
    modules = imported_after("import gametheory")
    assert not {m for m in modules if m.split(".")[0] in HEAVY}


def test_import_gametheory_imports_no_scipy_and_no_submodule():
    modules = imported_after("import gametheory")
    assert "scipy" not in modules
    # Only the three package tables and their helper: every other module waits for first use.
    loaded = {m for m in modules if m.startswith("gametheory")}
    assert loaded == {*LAZY_PACKAGES, "gametheory._version", "gametheory.core._lazy"}


def test_a_name_imports_only_what_defines_it():
    modules = imported_after("import gametheory; gametheory.NormalFormGame")
    assert "gametheory.core.game" in modules
    assert "gametheory.core.twoplayer" not in modules
    assert "scipy" not in modules


@pytest.mark.parametrize("package", LAZY_PACKAGES)
def test_every_public_name_resolves_and_dir_lists_it(package):
    module = importlib.import_module(package)
    assert len(module.__all__) == len(set(module.__all__))
    for name in module.__all__:
        value = getattr(module, name)
        assert value is getattr(importlib.import_module(module._TABLE[name]), name)
    assert set(module.__all__) <= set(dir(module))
    namespace: dict[str, object] = {}
    exec(f"from {package} import *", namespace)
    assert set(module.__all__) <= set(namespace)


@pytest.mark.parametrize("package", ["gametheory.core", "gametheory.pause"])
def test_the_table_lists_each_submodule_all_exactly(package):
    module = importlib.import_module(package)
    listed: dict[str, set[str]] = {}
    for name, where in module._TABLE.items():
        listed.setdefault(where, set()).add(name)
    for where, names in listed.items():
        assert names == set(importlib.import_module(where).__all__), where
    public = {
        f"{package}.{info.name}"
        for info in pkgutil.iter_modules(module.__path__)
        if not info.name.startswith("_")
    }
    # A new module must be added to the table in its package's __init__ (or listed above).
    assert public - NOT_REEXPORTED == set(listed)


def test_the_flat_package_is_the_core_and_the_domain():
    assert gametheory._TABLE == {**gametheory.core._TABLE, **gametheory.pause._TABLE}
    assert not set(gametheory.core.__all__) & set(gametheory.pause.__all__)


def test_submodules_are_attributes_and_unknown_names_are_attribute_errors():
    assert gametheory.core.twoplayer is importlib.import_module("gametheory.core.twoplayer")
    assert gametheory.reproductions is importlib.import_module("gametheory.reproductions")
    with pytest.raises(AttributeError, match=r"'gametheory\.pause' has no attribute 'no_such'"):
        _ = gametheory.pause.no_such
    with pytest.raises(AttributeError):
        _ = gametheory.__wrapped__


def test_the_command_line_parser_imports_no_plotting_or_dataframe_library():
    modules = imported_after(f"from {CLI} import build_parser; build_parser()")
    assert not {m for m in modules if m.split(".")[0] in HEAVY}


def test_pausegame_help_imports_no_command_module_and_no_numpy():
    modules = imported_after(run_main(["--help"]))
    assert not command_modules(modules)
    assert "numpy" not in modules


@pytest.mark.parametrize("name", ["analyze", "solve", "sweep"])
def test_a_command_imports_only_its_own_module(name):
    modules = imported_after(run_main([name, "--help"]))
    own = f"{CLI}.{COMMANDS[name].module}"
    # The model commands share the scenario options of the scenarios module.
    assert command_modules(modules) - {f"{CLI}.scenarios"} == {own}


def _subcommands(parser):
    return next(a for a in parser._actions if a.dest == "command").choices


def test_the_command_table_matches_the_full_parser():
    full = _subcommands(build_parser())
    assert list(full) == list(COMMANDS)
    # Every module that registers commands is in the table (else its commands would be lost).
    package = importlib.import_module(CLI)
    registering = {
        info.name
        for info in pkgutil.iter_modules(package.__path__)
        if hasattr(importlib.import_module(f"{CLI}.{info.name}"), "add_parser")
    }
    assert registering == {command.module for command in COMMANDS.values()}
    assert build_parser([]).format_help() == build_parser().format_help()
    for name, command in COMMANDS.items():
        # Registering only this command's module gives this command in full, runnable.
        parser = _subcommands(build_parser([name]))[name]
        assert parser.get_default("run") is not None, name
        assert parser.get_default("run").__module__ == f"{CLI}.{command.module}"
        assert parser.format_help() == full[name].format_help()
