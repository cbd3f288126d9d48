r"""The verification–sanction tradeoff, in closed form: each lab's own curve, or a common one.

Lab :math:`i` pauses when everyone else does iff :math:`q_i F_i \ge G_i`
(:mod:`gametheory.pause.thresholds`). The least sanction that deters lab :math:`i` at
verification :math:`q` is :math:`F_i^*(q) = \max(0, G_i)/q`, a hyperbola in the
:math:`(q, F)` plane: **lab i's own critical curve**.

* **Each lab's own parameters** (:func:`lab_curves`, the default view of every command): lab
  :math:`i` is deterred exactly when its own point :math:`(q_i, F_i)` lies on or above its own
  curve; the weakest link is the lab with the largest shortfall :math:`q_i^* - q_i`, the same
  lab :func:`~gametheory.pause.thresholds.critical_verification` (and ``pausegame analyze``)
  names.
* **Every lab at the same verification and sanction** (:func:`sanction_frontier`, a labelled
  option: a different question): the least common sanction deterring every lab is
  :math:`F^*(q) = \max_i F_i^*(q)`, and the **binding lab** attains the maximum. The binding
  lab is the lab with the largest gain :math:`G_i`, whatever the scenario's own verification
  and sanctions, so it can differ from the weakest link.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from gametheory.core.errors import InputError
from gametheory.core.tolerance import TOL
from gametheory.pause.model import PauseModel, detection_probabilities
from gametheory.pause.thresholds import critical_verification, defection_gains

__all__ = ["COMMON_VIEW", "Frontier", "LabCurves", "lab_curves", "sanction_frontier"]

#: The words every output of the common view carries.
COMMON_VIEW = "with every lab at the same verification q and the same sanction F"


@dataclass(frozen=True, eq=False)
class Frontier:
    """The least common sanction for each verification strength, every lab at the same q and F.

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


def _verification_grid(verification: ArrayLike) -> NDArray[np.float64]:
    q = np.asarray(verification, dtype=float).ravel()
    if q.size == 0 or not np.all((q >= 0) & (q <= 1)):
        raise InputError(
            "expected verification strengths in [0, 1]", field="verification", value=q.tolist()
        )
    return q


def _least_sanctions(gains: NDArray[np.float64], q: NDArray[np.float64]) -> NDArray[np.float64]:
    """:math:`F_i^*(q) = \\max(0, G_i)/q`, shape (len(q), N) (inf where q = 0 and G_i > 0)."""
    positive = np.maximum(gains, 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(positive[None, :] > 0, positive[None, :] / q[:, None], 0.0)


def sanction_frontier(model: PauseModel, verification: ArrayLike) -> Frontier:
    """The least common sanction making all-pause an equilibrium, every lab at the same q.

    The common view (module docstring): it answers "which common sanction deters every lab
    if every lab had the same verification q", not "who is the problem at the scenario's own
    verification" (:func:`lab_curves`).

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
    q = _verification_grid(verification)
    gains = np.asarray(defection_gains(model), dtype=float)
    least = _least_sanctions(gains, q)
    binding = np.argmax(least, axis=1)
    frontier = least[np.arange(len(q)), binding]
    return Frontier(q, least, frontier, binding, model.lab_names, gains)


@dataclass(frozen=True, eq=False)
class LabCurves:
    """Each lab's own critical curve and its own point: the per-lab view.

    Attributes
    ----------
    verification : ndarray
        The verification strengths :math:`q` at which the curves are evaluated.
    least_sanction : ndarray, shape (len(verification), N)
        Lab :math:`i`'s own curve :math:`F_i^*(q) = \\max(0, G_i)/q`.
    detection, sanction : ndarray
        Each lab's own point :math:`(q_i, F_i)` from the scenario.
    critical_verification, critical_sanction : ndarray
        :math:`q_i^* = \\max(0, G_i/F_i)` and :math:`F_i^* = \\max(0, G_i/q_i)` (inf where none
        suffices).
    shortfall : ndarray
        :math:`q_i^* - q_i` (inf where no verification suffices).
    deterred : ndarray of bool
        Whether the lab's point is on the safe side of its own curve (within ``tol``, as
        :func:`~gametheory.pause.thresholds.critical_verification` decides).
    weakest_link : str
        The lab with the largest shortfall (the lab ``pausegame analyze`` names).
    lab_names : tuple of str
    defection_gains : ndarray
    """

    verification: NDArray[np.float64]
    least_sanction: NDArray[np.float64]
    detection: NDArray[np.float64]
    sanction: NDArray[np.float64]
    critical_verification: NDArray[np.float64]
    critical_sanction: NDArray[np.float64]
    shortfall: NDArray[np.float64]
    deterred: NDArray[np.bool_]
    weakest_link: str
    lab_names: tuple[str, ...]
    defection_gains: NDArray[np.float64]

    def to_frame(self) -> Any:
        """A tidy :class:`pandas.DataFrame`: one row per verification, one column per lab.

        Examples
        --------
        >>> from gametheory import Lab, PauseModel
        >>> m = PauseModel(labs=(Lab("a", prize=2), Lab("b", prize=3)))
        >>> lab_curves(m, [0.5, 1.0]).to_frame().values.tolist()
        [[0.5, 4.0, 6.0], [1.0, 2.0, 3.0]]
        """
        import pandas as pd

        columns: dict[str, Any] = {"verification": self.verification}
        for i, name in enumerate(self.lab_names):
            columns[f"least_sanction[{name}]"] = self.least_sanction[:, i]
        return pd.DataFrame(columns)


def lab_curves(model: PauseModel, verification: ArrayLike, *, tol: float = TOL) -> LabCurves:
    """Each lab's own critical curve :math:`F_i^*(q)` and its own point :math:`(q_i, F_i)`.

    The per-lab view (module docstring): every number is about the lab's own verification
    and sanction, and the verdicts and the weakest link are those of
    :func:`~gametheory.pause.thresholds.critical_verification`.

    Examples
    --------
    Lab b gains 3 from racing alone; caught with probability 0.5 and sanctioned 8 it is
    deterred (0.5 * 8 = 4 >= 3), while lab a, caught with 0.2, is not (0.2 * 8 < 2).

    >>> from gametheory import Channel, Lab, PauseModel
    >>> m = PauseModel(labs=(Lab("a", prize=2, sanction=8), Lab("b", prize=3, sanction=8)),
    ...                channels=(Channel("audit", (0.2, 0.5)),))
    >>> c = lab_curves(m, [0.25, 0.5, 1.0])
    >>> c.deterred.tolist(), c.weakest_link, c.least_sanction[:, 1].tolist()
    ([False, True], 'a', [12.0, 6.0, 3.0])
    """
    q = _verification_grid(verification)
    gains = np.asarray(defection_gains(model), dtype=float)
    report = critical_verification(model, tol=tol)

    def number(x: Any) -> float:
        return math.inf if x is None else float(x)

    return LabCurves(
        verification=q,
        least_sanction=_least_sanctions(gains, q),
        detection=np.asarray(detection_probabilities(model), dtype=float),
        sanction=model.array("sanction").copy(),
        critical_verification=np.array([number(t.critical_verification) for t in report.labs]),
        critical_sanction=np.array([number(t.critical_sanction) for t in report.labs]),
        shortfall=np.array([number(t.shortfall) for t in report.labs]),
        deterred=np.array([t.pauses for t in report.labs]),
        weakest_link=report.weakest_link.lab,
        lab_names=model.lab_names,
        defection_gains=gains,
    )
