"""pausegame: game-theoretic analysis of whether a coordinated pause of frontier AI holds.

The import package is :mod:`gametheory`; everything public is re-exported here, flat.
Heavy parts of scipy, networkx, matplotlib and pandas are imported inside the functions that
use them, so that ``import gametheory`` (and every ``pausegame`` command) starts quickly.
"""

from gametheory.analysis import *  # noqa: F403
from gametheory.batch import *  # noqa: F403
from gametheory.coalitions import *  # noqa: F403
from gametheory.dynamics import *  # noqa: F403
from gametheory.errors import *  # noqa: F403
from gametheory.game import *  # noqa: F403
from gametheory.inspection import *  # noqa: F403
from gametheory.lifecycle import *  # noqa: F403
from gametheory.network import *  # noqa: F403
from gametheory.nfg import *  # noqa: F403
from gametheory.nplayer import *  # noqa: F403
from gametheory.pause import *  # noqa: F403
from gametheory.population import *  # noqa: F403
from gametheory.pure import *  # noqa: F403
from gametheory.qre import *  # noqa: F403
from gametheory.race import *  # noqa: F403
from gametheory.repeated import *  # noqa: F403
from gametheory.scenario import *  # noqa: F403
from gametheory.selection import *  # noqa: F403
from gametheory.symmetric import *  # noqa: F403
from gametheory.thresholds import *  # noqa: F403
from gametheory.tolerance import *  # noqa: F403
from gametheory.tracing import *  # noqa: F403
from gametheory.twoplayer import *  # noqa: F403
from gametheory.uncertainty import *  # noqa: F403

__version__ = "0.1.0"
