"""pausegame: game-theoretic analysis of whether a coordinated pause of frontier AI holds.

The import package is :mod:`gametheory`, in layers that import one way only
(interfaces -> pause domain -> core; ``tests/test_layers.py`` enforces it):

* :mod:`gametheory.core` -- any finite game: solvers, certification, selection, Gambit files;
* :mod:`gametheory.pause` -- the pause game, its scenario files and every analysis of it;
* :mod:`gametheory.interfaces` -- the ``pausegame`` command line, explorer, reports, plots;
* :mod:`gametheory.reproductions` -- published models reproduced with the core.

Everything public in the core and the domain is re-exported here, flat
(``import gametheory as gt; gt.analyze(...)``). Each name is imported on first use, from the
tables of the core's and the domain's ``__init__`` (:mod:`gametheory.core._lazy`), and scipy,
networkx, matplotlib and pandas only inside the functions that use them, so that ``import
gametheory`` (and every ``pausegame`` command) starts quickly; ``tests/test_package.py`` checks
both.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from gametheory import core, pause
from gametheory._version import __version__ as __version__
from gametheory.core._lazy import lazy_exports

if TYPE_CHECKING:  # type checkers read the names here; Python reads the table
    from gametheory.core import *  # noqa: F403
    from gametheory.pause import *  # noqa: F403
else:
    __all__, _TABLE, __getattr__, __dir__ = lazy_exports(
        __name__, {}, also={**core._TABLE, **pause._TABLE}
    )
