r"""Han, Pereira, Santos & Lenaerts (2020), "To regulate or not": the DSAIR race game.

**Model** (``docs/model/races.md``). Two firms play ALWAYS-SAFE (action 0) or ALWAYS-UNSAFE
(action 1) in a race of :math:`W` development rounds for a prize :math:`B`; each round brings
the benefit :math:`b`, safety costs :math:`c`, unsafe play is :math:`s > 1` times faster and
brings disaster with probability :math:`p_r`. Average per-round payoffs (row vs column):

.. math::

    \Pi = \begin{pmatrix}
        \frac b2 - c + \frac{B}{2W} & \frac{b}{s+1} - c \\
        (1 - p_r)\bigl(\frac{sb}{s+1} + \frac{sB}{W}\bigr) &
        (1 - p_r)\bigl(\frac b2 + \frac{sB}{2W}\bigr)
    \end{pmatrix}
    = \begin{pmatrix} SS & SU \\ US & UU \end{pmatrix}.

Writing :math:`US = (1 - p_r) US'` and :math:`UU = (1 - p_r) UU'`, three thresholds in
:math:`p_r` (derived here, each a linear condition in :math:`1 - p_r`):

* **collective preference** for safety, :math:`SS > UU`:
  :math:`p_r > 1 - SS/UU'` (:func:`social_threshold`);
* **risk dominance** of SAFE, :math:`SS + SU > US + UU` (equivalently SAFE has the larger
  basin under the replicator dynamics): :math:`p_r > 1 - (SS + SU)/(US' + UU')`
  (:func:`risk_dominance_threshold`);
* **finite-population selection**: under the pairwise comparison rule in a population of
  :math:`Z`, :math:`\ln(\rho_S/\rho_U) = \frac\beta2\bigl[(Z-2)SS + Z\,SU - Z\,US -
  (Z-2)UU\bigr]` for every intensity :math:`\beta`, so SAFE is favoured (more than half the
  time in the small-mutation limit) iff :math:`p_r > 1 - ((Z-2)SS + Z\,SU)/(Z\,US' +
  (Z-2)UU')` (:func:`selection_threshold`); it tends to the risk-dominance threshold as
  :math:`Z \to \infty`.

When the prize dominates (:math:`B/W \gg b, c`) the thresholds become
:math:`1 - 1/s` and :math:`1 - 1/(3s)`: the paper's two curves in the :math:`(s, p_r)` plane.
They split it into three **zones** (:func:`zone`): (I) unsafe play is both preferred and
selected; (II) safety is preferred but unsafe play is selected — the dilemma where regulation
is needed; (III) safety is both preferred and selected.

References
----------
.. [1] Han, T. A., Pereira, L. M., Santos, F. C. & Lenaerts, T. (2020). To regulate or not: a
   social dynamics analysis of an idealised AI race. *Journal of Artificial Intelligence
   Research* 69:881-921.
.. [2] Traulsen, A., Nowak, M. A. & Pacheco, J. M. (2006). Stochastic dynamics of invasion
   and fixation. *Physical Review E* 74:011909.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import ArrayLike, NDArray

from gametheory.core.evolution import (
    fermi_fixation_probabilities,
    small_mutation_stationary_distribution,
)
from gametheory.core.symmetric import SymmetricGame

__all__ = [
    "DSAIR",
    "ZONES",
    "dsair_game",
    "dsair_payoffs",
    "dsair_stationary_distribution",
    "risk_dominance_threshold",
    "selection_threshold",
    "social_threshold",
    "zone",
    "zone_map",
]

#: Zone names, indexed by the integers :func:`zone_map` returns.
ZONES: tuple[str, ...] = (
    "unsafe preferred and selected",
    "safety preferred, unsafe selected (regulate)",
    "safety preferred and selected",
    "unsafe preferred, safety selected",
)


@dataclass(frozen=True)
class DSAIR:
    """Parameters of the DSAIR game (module docstring).

    Examples
    --------
    >>> DSAIR(benefit=4, safety_cost=1, speed=1.5, rounds=100, prize=1e4, risk=0.2).speed
    1.5
    >>> DSAIR(speed=0.5)
    Traceback (most recent call last):
    ...
    ValueError: speed: got 0.5; expected a number > 1
    """

    benefit: float = 4.0
    safety_cost: float = 1.0
    speed: float = 1.5
    rounds: float = 100.0
    prize: float = 10_000.0
    risk: float = 0.0

    def __post_init__(self) -> None:
        checks = (
            ("benefit", self.benefit >= 0, "a number >= 0"),
            ("safety_cost", self.safety_cost >= 0, "a number >= 0"),
            ("speed", self.speed > 1, "a number > 1"),
            ("rounds", self.rounds > 0, "a number > 0"),
            ("prize", self.prize >= 0, "a number >= 0"),
            ("risk", 0 <= self.risk <= 1, "a probability in [0, 1]"),
        )
        for name, ok, expected in checks:
            value = getattr(self, name)
            if not (isinstance(value, int | float) and math.isfinite(value) and ok):
                raise ValueError(f"{name}: got {value!r}; expected {expected}")


def _parts(p: DSAIR) -> tuple[float, float, float, float]:
    """SS, SU, US', UU' (the unsafe payoffs before the survival factor 1 - p_r)."""
    b, c, s, w, prize = p.benefit, p.safety_cost, p.speed, p.rounds, p.prize
    ss = b / 2 - c + prize / (2 * w)
    su = b / (s + 1) - c
    us = s * b / (s + 1) + s * prize / w
    uu = b / 2 + s * prize / (2 * w)
    return ss, su, us, uu


def dsair_payoffs(params: DSAIR) -> NDArray[np.float64]:
    """The 2×2 matrix :math:`\\Pi` of average per-round payoffs (SAFE = 0, UNSAFE = 1).

    Examples
    --------
    >>> dsair_payoffs(DSAIR(benefit=4, safety_cost=1, speed=3, rounds=10, prize=20,
    ...                     risk=0.5)).tolist()
    [[2.0, 0.0], [4.5, 2.5]]
    """
    ss, su, us, uu = _parts(params)
    survive = 1 - params.risk
    return np.array([[ss, su], [survive * us, survive * uu]])


def dsair_game(params: DSAIR) -> SymmetricGame:
    """The DSAIR game in :mod:`gametheory.core.symmetric`'s compact form (action 0 = SAFE).

    Examples
    --------
    >>> dsair_game(DSAIR(4, 1, 3, 10, 20, 0.5)).a.tolist()
    [0.0, 2.0]
    """
    pi = dsair_payoffs(params)
    return SymmetricGame(np.array([pi[0, 1], pi[0, 0]]), np.array([pi[1, 1], pi[1, 0]]))


def social_threshold(params: DSAIR) -> float:
    """The risk :math:`p_r` above which all-SAFE pays more than all-UNSAFE: :math:`1 - SS/UU'`.

    Examples
    --------
    With a dominant prize the threshold is 1 - 1/s (Han et al. 2020):

    >>> round(social_threshold(DSAIR(benefit=0, safety_cost=0, speed=2.0)), 12)
    0.5
    """
    ss, _, _, uu = _parts(params)
    return 1 - ss / uu if uu > 0 else -math.inf


def risk_dominance_threshold(params: DSAIR) -> float:
    """The risk above which SAFE risk-dominates: :math:`1 - (SS + SU)/(US' + UU')`.

    Examples
    --------
    With a dominant prize the threshold is 1 - 1/(3s) (Han et al. 2020):

    >>> round(risk_dominance_threshold(DSAIR(benefit=0, safety_cost=0, speed=2.0)), 12)
    0.833333333333
    """
    ss, su, us, uu = _parts(params)
    return 1 - (ss + su) / (us + uu) if us + uu > 0 else -math.inf


def selection_threshold(params: DSAIR, population_size: int) -> float:
    """The risk above which evolution favours SAFE in a population of ``population_size``.

    :math:`1 - ((Z-2)SS + Z\\,SU)/(Z\\,US' + (Z-2)UU')`, the same for every intensity of
    selection (module docstring).

    Examples
    --------
    >>> p = DSAIR(benefit=0, safety_cost=0, speed=2.0)
    >>> round(selection_threshold(p, 10**8), 6) == round(risk_dominance_threshold(p), 6)
    True
    """
    z = population_size
    if isinstance(z, bool) or not isinstance(z, int) or z < 2:
        raise ValueError(f"population_size: got {z!r}; expected an integer >= 2")
    ss, su, us, uu = _parts(params)
    denominator = z * us + (z - 2) * uu
    return 1 - ((z - 2) * ss + z * su) / denominator if denominator > 0 else -math.inf


def zone(params: DSAIR, population_size: int | None = None) -> str:
    """Which zone of the :math:`(s, p_r)` plane ``params`` lies in (:data:`ZONES`).

    Selection is judged by risk dominance (infinite population) or, given
    ``population_size``, by :func:`selection_threshold`.

    Examples
    --------
    >>> [zone(DSAIR(benefit=0, safety_cost=0, speed=2.0, risk=r)) for r in (0.3, 0.7, 0.9)]
    ... # doctest: +NORMALIZE_WHITESPACE
    ['unsafe preferred and selected', 'safety preferred, unsafe selected (regulate)',
     'safety preferred and selected']
    """
    return ZONES[int(zone_map(params, [params.speed], [params.risk], population_size)[0, 0])]


def zone_map(
    params: DSAIR,
    speeds: ArrayLike,
    risks: ArrayLike,
    population_size: int | None = None,
) -> NDArray[np.int64]:
    """The zone index (into :data:`ZONES`) over a grid, shape ``(len(risks), len(speeds))``.

    Examples
    --------
    >>> zone_map(DSAIR(benefit=0, safety_cost=0), [2.0], [0.3, 0.7, 0.9])[:, 0].tolist()
    [0, 1, 2]
    """
    s_values = np.asarray(speeds, dtype=float).ravel()
    p_values = np.asarray(risks, dtype=float).ravel()
    out = np.empty((p_values.size, s_values.size), dtype=np.int64)
    for j, s in enumerate(s_values):
        p = replace(params, speed=float(s))
        social = social_threshold(p)
        select = (
            risk_dominance_threshold(p)
            if population_size is None
            else selection_threshold(p, population_size)
        )
        preferred = p_values > social
        selected = p_values > select
        out[:, j] = np.where(preferred, np.where(selected, 2, 1), np.where(selected, 3, 0))
    return out


def dsair_stationary_distribution(
    params: DSAIR, population_size: int, intensity: float
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Fixation probabilities ``[rho_SAFE, rho_UNSAFE]`` and the small-mutation stationary
    distribution ``[SAFE, UNSAFE]`` under the pairwise comparison rule.

    Computed by :mod:`gametheory.core.evolution` (Fermi rule; Fudenberg & Imhof 2006).

    Examples
    --------
    >>> p = DSAIR(benefit=0, safety_cost=0, speed=2.0, risk=0.9)   # zone III
    >>> rho, pi = dsair_stationary_distribution(p, 100, 0.1)
    >>> bool(pi[0] > 0.5)
    True
    """
    game = dsair_game(params)
    rho = fermi_fixation_probabilities(game, population_size, intensity)
    pi = small_mutation_stationary_distribution(game, population_size, intensity)
    return rho, pi
