"""Public names of a package resolved on first use (PEP 562), so importing it stays cheap.

A package lists its public names by submodule, as text; :func:`lazy_exports` turns that list
into the package's ``__all__``, a module-level ``__getattr__`` that imports the submodule
defining a name the first time the name is read (and keeps it), and a ``__dir__`` that lists
every public name. A submodule of the package is also an attribute on first use
(``gametheory.core.twoplayer``). Static type checkers see the names through an
``if TYPE_CHECKING:`` block of imports in the package itself; ``tests/test_package.py``
checks that the lists, each submodule's ``__all__`` and the package's ``__all__`` agree.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["lazy_exports"]


def lazy_exports(
    package: str, exports: Mapping[str, str], also: Mapping[str, str] | None = None
) -> tuple[list[str], dict[str, str], Callable[[str], Any], Callable[[], list[str]]]:
    """``__all__``, the name table, ``__getattr__`` and ``__dir__`` of a lazy ``package``.

    Parameters
    ----------
    package : str
        The package's ``__name__``.
    exports : mapping of str to str
        Submodule name (relative to ``package``) -> its public names, separated by white
        space, in the order ``__all__`` lists them.
    also : mapping of str to str, optional
        Further name -> absolute module name entries (a flat re-export of other lazy
        packages' tables), appended to ``__all__`` after ``exports``.

    Returns
    -------
    tuple
        ``(__all__, table, __getattr__, __dir__)``; ``table`` maps each public name to the
        absolute name of the module that defines it.

    Examples
    --------
    >>> names, table, getattr_, dir_ = lazy_exports("gametheory.core", {"tolerance": "TOL"})
    >>> names, table
    (['TOL'], {'TOL': 'gametheory.core.tolerance'})
    >>> getattr_("TOL") > 0
    True
    """
    table: dict[str, str] = {}
    for submodule, names in exports.items():
        for name in names.split():
            if name in table:
                raise ValueError(f"{package}: {name} is listed twice")
            table[name] = f"{package}.{submodule}"
    for name, module in (also or {}).items():
        if name in table:
            raise ValueError(f"{package}: {name} is listed twice")
        table[name] = module
    public = list(table)

    def __getattr__(name: str) -> Any:
        module = table.get(name)
        if module is not None:
            value = getattr(importlib.import_module(module), name)
        elif name.isidentifier() and not name.startswith("__") and _is_submodule(package, name):
            value = importlib.import_module(f"{package}.{name}")
        else:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        setattr(sys.modules[package], name, value)
        return value

    def __dir__() -> list[str]:
        return sorted(set(vars(sys.modules[package])) | set(table))

    return public, table, __getattr__, __dir__


def _is_submodule(package: str, name: str) -> bool:
    return importlib.util.find_spec(f"{package}.{name}") is not None
