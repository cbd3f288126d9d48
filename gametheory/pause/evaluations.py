r"""Strategic evaluations: when do labs report their dangerous-capability evaluations honestly?

Under a regulator's rule (:mod:`gametheory.pause.decision`) every lab is paused when the mean
of the :math:`N` labs' reported evaluations exceeds the state :math:`\bar\theta` above which a
pause is warranted (``[trigger] should_pause_above``). A lab may shade (sandbag) its report,
lowering it by :math:`b \ge 0`. With the others honest, the pause then comes with probability

.. math::

    P_b(\theta) = \Phi\Bigl(\frac{\theta - b/N - \bar\theta}{\sigma/\sqrt N}\Bigr),

and lab :math:`i`'s expected gain from shading (our specification: a pause costs it
:math:`\kappa_i` and spares it the loss :math:`\theta H_i`; the state has the scenario's normal
distribution) is

.. math::

    G_i(b) = \mathbb E_\theta\bigl[(P_0(\theta) - P_b(\theta))(\kappa_i - \theta H_i)\bigr].

A shaded evaluation is caught with probability :math:`a_i` -- by default the lab's detection
probability :math:`q_i` from the pause model's verification channels, the same channels that
catch covert training -- and then costs the sanction :math:`F_i`. Honest reporting is an
equilibrium exactly when no lab gains by shading: :math:`\max_b G_i(b) \le a_i F_i`, so the
least audit strength that keeps lab :math:`i` honest is :math:`a_i^* = \max_b G_i(b)/F_i`.

References
----------
.. [1] Alaga, J. & Schuett, J. (2023). Coordinated pausing: an evaluation-based coordination
   scheme for frontier AI developers. arXiv:2310.00374 (evaluations, notification, auditors).
.. [2] Becker, G. S. (1968). Crime and punishment: an economic approach. *Journal of
   Political Economy* 76:169-217 (deterrence as probability times sanction).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.polynomial.hermite_e import hermegauss
from numpy.typing import NDArray

from gametheory.core.tolerance import TOL
from gametheory.pause.model import PauseModel
from gametheory.pause.trigger import TriggerParameters

__all__ = ["HonestReporting", "honest_reporting", "shading_gain"]

_NODES, _WEIGHTS = hermegauss(96)
_WEIGHTS = _WEIGHTS / _WEIGHTS.sum()


def shading_gain(model: PauseModel, params: TriggerParameters, lab: int, shade: float) -> float:
    """:math:`G_i(b)`: lab ``lab``'s expected gain from shading its report by ``shade``.

    Examples
    --------
    >>> from gametheory.pause.scenario import load_scenario
    >>> from gametheory.pause.trigger import trigger_parameters
    >>> s = load_scenario("frontier-five")
    >>> p = trigger_parameters(s.model, s.sections["trigger"])
    >>> shading_gain(s.model, p, 0, 0.0)
    0.0
    """
    from scipy import special

    n = model.num_labs
    theta = params.state_mean + params.state_sd * _NODES
    spread = params.noise / np.sqrt(n)
    honest = special.ndtr((theta - params.should_pause_above) / spread)
    shaded = special.ndtr((theta - shade / n - params.should_pause_above) / spread)
    loss = float(model.labs[lab].pause_cost) - theta * float(model.labs[lab].harm)
    return float(((honest - shaded) * loss) @ _WEIGHTS)


@dataclass(frozen=True)
class HonestReporting:
    """Whether each lab reports honestly, and the audit that would make it.

    Attributes
    ----------
    labs : tuple of str
    best_shade : ndarray
        The shading :math:`b` that maximises each lab's gain (0: shading never pays).
    gain : ndarray
        :math:`\\max_b G_i(b)` in payoff units.
    least_audit : ndarray
        :math:`a_i^*`, the least probability of catching a shaded evaluation that keeps the
        lab honest (``inf`` when its sanction is 0 and shading pays).
    audit : ndarray
        The probability the scenario's audit provides.
    audit_source : str
    honest : ndarray of bool
        ``audit >= least_audit``.
    """

    labs: tuple[str, ...]
    best_shade: NDArray[np.float64]
    gain: NDArray[np.float64]
    least_audit: NDArray[np.float64]
    audit: NDArray[np.float64]
    audit_source: str
    honest: NDArray[np.bool_]

    @property
    def all_honest(self) -> bool:
        """Whether honest reporting is an equilibrium."""
        return bool(self.honest.all())


def honest_reporting(
    model: PauseModel, params: TriggerParameters, *, tol: float = TOL
) -> HonestReporting:
    """Each lab's best shading, its gain, and the least audit that keeps it honest.

    The maximum over :math:`b` is taken on a grid up to :math:`\\bar\\theta`'s distance from
    the state's mean plus ten noise widths (times :math:`N`), refined by a bounded search.

    Examples
    --------
    >>> from gametheory.pause.scenario import load_scenario
    >>> from gametheory.pause.trigger import trigger_parameters
    >>> s = load_scenario("frontier-five")
    >>> r = honest_reporting(s.model, trigger_parameters(s.model, s.sections["trigger"]))
    >>> bool((r.gain >= 0).all()), r.labs[0]
    (True, 'lab-a')
    """
    from scipy import optimize

    n = model.num_labs
    top = n * (abs(params.should_pause_above - params.state_mean) + 6 * params.state_sd)
    top += n * 10 * params.noise
    grid = np.linspace(0.0, top, 401)
    shades, gains = np.zeros(n), np.zeros(n)
    for i in range(n):
        values = np.array([shading_gain(model, params, i, b) for b in grid])
        k = int(values.argmax())
        lo, hi = grid[max(k - 1, 0)], grid[min(k + 1, len(grid) - 1)]
        best_b, best = float(grid[k]), float(values[k])
        if hi > lo:
            res = optimize.minimize_scalar(
                lambda b, i=i: -shading_gain(model, params, i, b),
                bounds=(lo, hi),
                method="bounded",
            )
            if -res.fun > best:
                best_b, best = float(res.x), float(-res.fun)
        if best <= tol:
            best_b, best = 0.0, 0.0
        shades[i], gains[i] = best_b, best
    sanction = model.array("sanction")
    with np.errstate(divide="ignore", invalid="ignore"):
        least = np.where(gains <= tol, 0.0, np.where(sanction > 0, gains / sanction, np.inf))
    honest = params.audit * sanction >= gains - tol
    return HonestReporting(
        model.lab_names, shades, gains, least, params.audit, params.audit_source, honest
    )
