r"""Exact thresholds: how strong verification, or how large a sanction, deters each lab.

All-pause is an equilibrium of the pause game (:mod:`gametheory.pause.model`) exactly when no lab
gains by racing alone. Lab :math:`i`'s gain from racing alone, before sanctions, is

.. math::

    G_i = V_i + \kappa_i - \bigl(P(\{i\}) - P(\emptyset)\bigr) H_i,
    \qquad P(\{i\}) - P(\emptyset) = (1 - r_0)\, r_i ,

and racing costs it :math:`q_i F_i` in expected sanctions, so its **margin** is
:math:`m_i = q_i F_i - G_i` (payoff units) and pausing is a best response iff
:math:`m_i \ge 0`. The payoff is affine in :math:`q_i` and in :math:`F_i`, so the thresholds
are solved, never bisected:

* critical verification :math:`q_i^* = G_i / F_i` (``docs/model/one-shot.md``), reported as
  :math:`\max(0, G_i/F_i)`; with :math:`F_i = 0` and :math:`G_i > 0` no verification strength
  suffices, and above 1 even certain detection does not;
* critical sanction at the current detection :math:`F_i^* = G_i / q_i`; with
  :math:`q_i = 0` and :math:`G_i > 0` no sanction suffices;
* shortfall :math:`q_i^* - q_i`; the **weakest link** is the lab with the largest shortfall
  (infinite shortfalls first, ordered by :math:`G_i`).

**Tipping points are not decided by rounding.** A lab whose margin is within ``tol`` of zero
is reported ``"on the boundary"`` and counted as deterred (pausing is then a best response up
to ``tol``, the same test :func:`~gametheory.core.game.is_equilibrium` applies). With
``exact=True`` every quantity is computed in :class:`fractions.Fraction` arithmetic from the
model's numbers (a scenario loaded in exact mode holds the Fractions of its decimal text), and
only an exact zero margin is "on the boundary". For example payoffs 4.4 − 0.7·2 are exactly
3, but 3.0000000000000004 in floats.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
from numpy.typing import NDArray

from gametheory.core.tolerance import TOL
from gametheory.pause.model import PauseModel, detection_probabilities, payoff_tol

__all__ = [
    "LabThreshold",
    "ThresholdReport",
    "critical_verification",
    "defection_gains",
    "pause_margins",
]

Real = float | Fraction

DETERRED = "deterred"
BOUNDARY = "on the boundary"
TEMPTED = "tempted"


@dataclass(frozen=True)
class LabThreshold:
    """One lab's thresholds; see the module docstring for the definitions.

    Attributes
    ----------
    lab : str
    detection : float or Fraction
        :math:`q_i`, from the verification channels.
    sanction : float or Fraction
        :math:`F_i`.
    defection_gain : float or Fraction
        :math:`G_i`, the gain from racing alone before sanctions.
    critical_verification : float, Fraction or None
        :math:`\\max(0, G_i/F_i)`; ``None`` when no verification strength suffices.
    shortfall : float, Fraction or None
        :math:`q_i^* - q_i` (negative: slack); ``None`` when infinite.
    critical_sanction : float, Fraction or None
        :math:`\\max(0, G_i/q_i)`; ``None`` when no sanction suffices (:math:`q_i = 0`).
    margin : float or Fraction
        :math:`q_i F_i - G_i`, payoff units.
    status : str
        ``"deterred"``, ``"on the boundary"`` or ``"tempted"``.
    explanation : str
        The status in words.
    """

    lab: str
    detection: Real
    sanction: Real
    defection_gain: Real
    critical_verification: Real | None
    shortfall: Real | None
    critical_sanction: Real | None
    margin: Real
    status: str
    explanation: str

    @property
    def pauses(self) -> bool:
        """Whether pausing is a best response for this lab when all others pause."""
        return self.status != TEMPTED


@dataclass(frozen=True)
class ThresholdReport:
    """Every lab's thresholds, the all-pause verdict and the weakest link."""

    labs: tuple[LabThreshold, ...]
    all_pause_is_equilibrium: bool
    weakest_link: LabThreshold
    exact: bool
    tol: float

    def __getitem__(self, name: str) -> LabThreshold:
        for entry in self.labs:
            if entry.lab == name:
                return entry
        raise KeyError(name)


def defection_gains(model: PauseModel, *, exact: bool = False) -> NDArray[Any]:
    r""":math:`G_i = V_i + \kappa_i - (1 - r_0) r_i H_i` for every lab (O(N)).

    Examples
    --------
    >>> from gametheory import Lab, PauseModel
    >>> m = PauseModel(labs=(Lab("a", prize=4, pause_cost=1, risk=0.1, harm=10),))
    >>> defection_gains(m).tolist()
    [4.0]
    """
    if exact:
        r0 = Fraction(model.background_risk)
        return np.array(
            [
                Fraction(lab.prize)
                + Fraction(lab.pause_cost)
                - (1 - r0) * Fraction(lab.risk) * Fraction(lab.harm)
                for lab in model.labs
            ],
            dtype=object,
        )
    r0f = float(model.background_risk)
    return np.asarray(
        model.array("prize")
        + model.array("pause_cost")
        - (1.0 - r0f) * model.array("risk") * model.array("harm")
    )


def pause_margins(
    model: PauseModel,
    *,
    detection: Any = None,
    sanction: Any = None,
) -> NDArray[np.float64]:
    r"""The margins :math:`m_i = q_i F_i - G_i`, vectorised.

    ``detection`` and ``sanction`` override :math:`q` and :math:`F` with arrays that
    broadcast against the labs' axis (the last), so a sweep evaluates a whole grid at once.

    Examples
    --------
    >>> from gametheory import Lab, PauseModel
    >>> m = PauseModel(labs=(Lab("a", prize=4, sanction=8), Lab("b", prize=2, sanction=8)))
    >>> pause_margins(m, detection=[[0.25], [0.5]]).tolist()
    [[-2.0, 0.0], [0.0, 2.0]]
    """
    q = detection_probabilities(model) if detection is None else np.asarray(detection, float)
    f = model.array("sanction") if sanction is None else np.asarray(sanction, float)
    return np.asarray(q * f - defection_gains(model))


def _classify(
    name: str, q: Real, f: Real, gain: Real, margin: Real, tol: float, exact: bool
) -> LabThreshold:
    zero: Real = Fraction(0) if exact else 0.0
    if f > 0:
        q_star: Real | None = max(zero, gain / f)
    else:
        q_star = zero if gain <= 0 else None
    shortfall = None if q_star is None else q_star - q
    if q > 0:
        f_star: Real | None = max(zero, gain / q)
    else:
        f_star = zero if gain <= 0 else None

    on_boundary = margin == 0 if exact else abs(float(margin)) <= tol
    if on_boundary:
        status = BOUNDARY
        words = (
            f"on the boundary: racing alone gains {_fmt(gain)} and costs {_fmt(q * f)} in "
            "expected sanctions; pausing is a best response, but only just"
        )
    elif margin > 0:
        status = DETERRED
        words = f"deterred with a margin of {_fmt(margin)}"
    else:
        status = TEMPTED
        if q_star is None:
            words = (
                f"races: gains {_fmt(gain)} and faces no sanction, so no verification "
                f"strength suffices; a sanction of at least {_fmt(gain / q)} is needed"
                if q > 0
                else f"races: gains {_fmt(gain)} and faces neither sanction nor detection; "
                "both are needed"
            )
        elif q_star > 1:
            needed = (
                f"at detection {_fmt(q)} the sanction must be at least {_fmt(f_star)}"
                if f_star is not None
                else "no sanction helps without detection"
            )
            words = (
                f"races: needs verification {_fmt(q_star)} > 1, so even certain detection "
                f"fails; {needed}"
            )
        else:
            tail = (
                f" or a sanction of {_fmt(f_star)}"
                if f_star is not None
                else " (no sanction helps without detection)"
            )
            words = (
                f"races: needs verification {_fmt(q_star)} (has {_fmt(q)}, short by "
                f"{_fmt(q_star - q)}){tail}"
            )
    return LabThreshold(name, q, f, gain, q_star, shortfall, f_star, margin, status, words)


def _fmt(x: Real) -> str:
    if isinstance(x, Fraction):
        return f"{float(x):.4g} (= {x})" if x.denominator != 1 else str(x.numerator)
    return f"{x:.4g}"


def critical_verification(
    model: PauseModel, *, exact: bool = False, tol: float = TOL
) -> ThresholdReport:
    """Every lab's critical verification, shortfall and critical sanction, in O(N).

    Parameters
    ----------
    model : PauseModel
    exact : bool
        Compute in :class:`fractions.Fraction` arithmetic and decide ties exactly.
    tol : float
        Float mode: a margin within ``tol`` of zero is ``"on the boundary"``.

    Returns
    -------
    ThresholdReport

    References
    ----------
    ``docs/model/one-shot.md`` (the project's model reference) for :math:`q_i^*`.

    Examples
    --------
    Two labs; racing alone gains G = 4 + 1 - 0.1 * 10 = 4, the sanction is 8, so q* = 0.5.

    >>> from gametheory import Channel, Lab, PauseModel
    >>> lab = dict(prize=4, pause_cost=1, risk=0.1, harm=10, sanction=8)
    >>> m = PauseModel(labs=(Lab("a", **lab), Lab("b", **lab)),
    ...                channels=(Channel("audits", (0.6, 0.4)),))
    >>> report = critical_verification(m)
    >>> [round(t.critical_verification, 12) for t in report.labs]
    [0.5, 0.5]
    >>> report.all_pause_is_equilibrium, report.weakest_link.lab
    (False, 'b')
    >>> report["b"].explanation
    'races: needs verification 0.5 (has 0.4, short by 0.1) or a sanction of 10'
    """
    tol = payoff_tol(model, tol)
    gains = defection_gains(model, exact=exact)
    q = detection_probabilities(model, exact=exact)
    if exact:
        f = [Fraction(lab.sanction) for lab in model.labs]
    else:
        f = model.array("sanction").tolist()
        q = q.tolist()
    entries = []
    for i, lab in enumerate(model.labs):
        gain = gains[i] if exact else float(gains[i])
        margin = q[i] * f[i] - gain
        entries.append(_classify(lab.name, q[i], f[i], gain, margin, tol, exact))

    def severity(t: LabThreshold) -> tuple[int, float]:
        if t.shortfall is None:
            return (1, float(t.defection_gain))
        return (0, float(t.shortfall))

    weakest = max(entries, key=severity)
    holds = all(t.pauses for t in entries)
    return ThresholdReport(tuple(entries), holds, weakest, exact, tol)
