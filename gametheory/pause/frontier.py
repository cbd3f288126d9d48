r"""The verification–sanction tradeoff frontier, in closed form.

Lab :math:`i` pauses when everyone else does iff :math:`q F_i \ge G_i` (:mod:`gametheory.
thresholds`). With the same verification strength :math:`q` for every lab, the least sanction
that deters lab :math:`i` is :math:`F_i^*(q) = \max(0, G_i)/q`, a hyperbola; the **frontier**
is the least common sanction deterring every lab, :math:`F^*(q) = \max_i F_i^*(q)`, and the
**binding lab** is the one attaining the maximum. A point :math:`(q, F)` above the frontier
makes all-pause an equilibrium; below it, the binding lab races.

With per-lab sanctions (the scenario's :math:`F_i`) the same closed form gives each lab's
least verification :math:`q_i^* = G_i / F_i`, drawn as vertical lines.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from gametheory.core.errors import InputError
from gametheory.pause.model import PauseModel
from gametheory.pause.thresholds import defection_gains

__all__ = ["Frontier", "sanction_frontier"]


@dataclass(frozen=True, eq=False)
class Frontier:
    """The least sanction for each verification strength.

    Attributes
    ----------
    verification : ndarray
        The verification strengths :math:`q` (the same for every lab).
    least_sanction : ndarray, shape (len(verification), N)
        :math:`F_i^*(q)` per lab (inf where :math:`q = 0` and :math:`G_i > 0`).
    frontier : ndarray
        :math:`\\max_i F_i^*(q)`.
    binding : ndarray of int
        The index of the binding lab at each :math:`q`.
    lab_names : tuple of str
    defection_gains : ndarray
        :math:`G_i`, from which everything else follows.
    """

    verification: NDArray[np.float64]
    least_sanction: NDArray[np.float64]
    frontier: NDArray[np.float64]
    binding: NDArray[np.int64]
    lab_names: tuple[str, ...]
    defection_gains: NDArray[np.float64]

    def to_frame(self) -> Any:
        """A tidy :class:`pandas.DataFrame`: one row per verification strength.

        Examples
        --------
        >>> from gametheory import Lab, PauseModel
        >>> m = PauseModel(labs=(Lab("a", prize=2), Lab("b", prize=3)))
        >>> sanction_frontier(m, [0.5, 1.0]).to_frame().round(6).values.tolist()
        [[0.5, 6.0, 'b', 4.0, 6.0], [1.0, 3.0, 'b', 2.0, 3.0]]
        """
        import pandas as pd

        columns: dict[str, Any] = {
            "verification": self.verification,
            "least_sanction": self.frontier,
            "binding_lab": np.array(self.lab_names, dtype=object)[self.binding],
        }
        for i, name in enumerate(self.lab_names):
            columns[f"least_sanction[{name}]"] = self.least_sanction[:, i]
        return pd.DataFrame(columns)


def sanction_frontier(model: PauseModel, verification: ArrayLike) -> Frontier:
    """The least common sanction making all-pause an equilibrium, for each verification.

    Parameters
    ----------
    model : PauseModel
        Its sanctions and channels are ignored: :math:`q` and :math:`F` are the axes.
    verification : array_like
        Verification strengths in [0, 1].

    Examples
    --------
    Lab b gains 3 from racing alone: at q = 0.5 it needs a sanction of 6.

    >>> from gametheory import Lab, PauseModel
    >>> m = PauseModel(labs=(Lab("a", prize=2), Lab("b", prize=3)))
    >>> f = sanction_frontier(m, [0.25, 0.5])
    >>> f.frontier.tolist(), [f.lab_names[i] for i in f.binding]
    ([12.0, 6.0], ['b', 'b'])
    """
    q = np.asarray(verification, dtype=float).ravel()
    if q.size == 0 or not np.all((q >= 0) & (q <= 1)):
        raise InputError(
            "expected verification strengths in [0, 1]", field="verification", value=q.tolist()
        )
    gains = np.asarray(defection_gains(model), dtype=float)
    positive = np.maximum(gains, 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        least = np.where(
            positive[None, :] > 0,
            positive[None, :] / q[:, None],
            0.0,
        )
    binding = np.argmax(least, axis=1)
    frontier = least[np.arange(len(q)), binding]
    return Frontier(q, least, frontier, binding, model.lab_names, gains)
