"""Reproductions of published models: each module states its source, model and closed forms.

Use as ``from gametheory import reproductions`` and, e.g.,
``reproductions.armstrong2016.disaster_probability``; the modules' public names are also
re-exported here, flat. The README's "Reproduced results" table lists what is reproduced,
with the notebook and the test of each.

* :mod:`~gametheory.reproductions.armstrong2016` -- Armstrong, Bostrom & Shulman (2016).
* :mod:`~gametheory.reproductions.barrett1994` -- Barrett (1994).
* :mod:`~gametheory.reproductions.han2020` -- Han, Pereira, Santos & Lenaerts (2020).
* :mod:`~gametheory.reproductions.pacheco2009` -- Pacheco, Santos, Souza & Skyrms (2009).
"""

from gametheory.reproductions import armstrong2016, barrett1994, han2020, pacheco2009
from gametheory.reproductions.armstrong2016 import *  # noqa: F403
from gametheory.reproductions.barrett1994 import *  # noqa: F403
from gametheory.reproductions.han2020 import *  # noqa: F403
from gametheory.reproductions.pacheco2009 import *  # noqa: F403

__all__ = [
    "armstrong2016",
    "barrett1994",
    "han2020",
    "pacheco2009",
    *armstrong2016.__all__,
    *barrett1994.__all__,
    *han2020.__all__,
    *pacheco2009.__all__,
]
