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

**Monitoring and reciprocity** (the paper's Eq. 1 and 2, p. 886). Unsafe play is found out
in a round with probability :math:`p_{fo}` (``found_out``) and then earns nothing that round,
so the per-round payoffs are :math:`\pi_{11} = b/2 - c`,
:math:`\pi_{12} = (1 - p_{fo})\,b/(s+1) + p_{fo} b - c`,
:math:`\pi_{21} = (1 - p_{fo})\,sb/(s+1)` and :math:`\pi_{22} = (1 - p_{fo}^2)\,b/2`
(with :math:`p_{fo} = 0` the matrix above). Beside ALWAYS-SAFE (AS) and ALWAYS-UNSAFE (AU) the
paper adds the conditional strategy CS, safe in the first round and then copying the
co-player's last move; :func:`dsair_strategy_payoffs` is its 3×3 matrix and
:func:`dsair_strategy_distribution` the fixation probabilities and the small-mutation
stationary distribution over AS, AU and CS.

When the prize dominates (:math:`B/W \gg b, c`) the thresholds become
:math:`1 - 1/s` and :math:`1 - 1/(3s)`: the paper's two curves in the :math:`(s, p_r)` plane.
They split it into three **zones** (:func:`zone`), numbered as in the paper (p. 891): (I) the
compliance zone, safety both preferred and selected; (II) the dilemma zone, safety preferred
but unsafe play selected, where regulation is needed; (III) the innovation zone, unsafe play
both preferred and selected. (:data:`ZONES` names them; its order is not the paper's
numbering.)

**Races of N teams** (the paper's Appendix B, pp. 904-907). In a group of :math:`N` with
:math:`k` SAFE teams the per-round payoffs are
:math:`\pi_S(k) = -c + (1 - p_{fo})\,b/(k + s(N-k)) + p_{fo} b/k` for :math:`k < N`,
:math:`\pi_S(N) = b/N - c` and :math:`\pi_U(k) = (1 - p_{fo})\,sb/(k + s(N-k))`; the UNSAFE
teams of a group are found out together (the paper's footnote 1, p. 904, unlike the two-team
Eq. 1). AS earns :math:`\pi_S(k)` beside an UNSAFE team and :math:`B/(NW) + \pi_S(N)` in an
all-SAFE group; AU earns :math:`(1 - p_r)\bigl(sB/(W(N-k)) + \pi_U(k)\bigr)`.
:func:`dsair_group_game` is that game between AS and AU in the compact form of
:mod:`gametheory.core.symmetric`, so groups are drawn from the population without replacement
(the paper's Eq. 29) and the Fermi rule (Eq. 30) applies unchanged;
:func:`group_social_threshold` (Eq. 21) and :func:`group_risk_dominance_threshold` (Eq. 24)
are the two thresholds, the latter tending to the paper's :math:`1 - 1/(N H_N s)` (Eq. 26,
:math:`H_N = \sum_{i \le N} 1/i`) when the prize dominates.

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
    small_mutation_chain,
    small_mutation_stationary_distribution,
)
from gametheory.core.symmetric import SymmetricGame

__all__ = [
    "DSAIR",
    "STRATEGIES",
    "ZONES",
    "dsair_game",
    "dsair_group_game",
    "dsair_payoffs",
    "dsair_stationary_distribution",
    "dsair_strategy_distribution",
    "dsair_strategy_payoffs",
    "group_risk_dominance_threshold",
    "group_social_threshold",
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
    found_out: float = 0.0

    def __post_init__(self) -> None:
        checks = (
            ("benefit", self.benefit >= 0, "a number >= 0"),
            ("safety_cost", self.safety_cost >= 0, "a number >= 0"),
            ("speed", self.speed > 1, "a number > 1"),
            ("rounds", self.rounds > 0, "a number > 0"),
            ("prize", self.prize >= 0, "a number >= 0"),
            ("risk", 0 <= self.risk <= 1, "a probability in [0, 1]"),
            ("found_out", 0 <= self.found_out <= 1, "a probability in [0, 1]"),
        )
        for name, ok, expected in checks:
            value = getattr(self, name)
            if not (isinstance(value, int | float) and math.isfinite(value) and ok):
                raise ValueError(f"{name}: got {value!r}; expected {expected}")


def _rounds(p: DSAIR) -> tuple[float, float, float, float]:
    """The per-round payoffs pi_11, pi_12, pi_21, pi_22 of the paper's Eq. 1."""
    b, c, s, fo = p.benefit, p.safety_cost, p.speed, p.found_out
    return (
        b / 2 - c,
        (1 - fo) * b / (s + 1) + fo * b - c,
        (1 - fo) * s * b / (s + 1),
        (1 - fo**2) * b / 2,
    )


def _parts(p: DSAIR) -> tuple[float, float, float, float]:
    """SS, SU, US', UU' (the unsafe payoffs before the survival factor 1 - p_r)."""
    s, w, prize = p.speed, p.rounds, p.prize
    p11, p12, p21, p22 = _rounds(p)
    return prize / (2 * w) + p11, p12, s * prize / w + p21, s * prize / (2 * w) + p22


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


#: The strategies of :func:`dsair_strategy_payoffs`, in order.
STRATEGIES: tuple[str, ...] = ("AS", "AU", "CS")


def dsair_strategy_payoffs(params: DSAIR) -> NDArray[np.float64]:
    r"""The paper's 3×3 matrix of average per-round payoffs of AS, AU and CS (Eq. 2, p. 886).

    CS plays SAFE in the first round and then copies its co-player: against AS it is AS;
    against AU it earns :math:`\pi_{12}` once and :math:`\pi_{22}` in the remaining
    :math:`W/s - 1` rounds of the race AU wins in :math:`W/s` rounds.

    Examples
    --------
    >>> m = dsair_strategy_payoffs(DSAIR(benefit=4, safety_cost=1, speed=2, rounds=10,
    ...                                  prize=20, risk=0.5))
    >>> m.round(6).tolist()
    [[2.0, 0.333333, 2.0], [3.333333, 2.0, 3.066667], [2.0, 1.666667, 2.0]]
    """
    s, w = params.speed, params.rounds
    ss, su, us, uu = _parts(params)
    _, p12, p21, p22 = _rounds(params)
    survive = 1 - params.risk
    first = min(1.0, s / w)  # the share of AU's race spent in its first round
    au_cs = survive * (s * params.prize / w + first * p21 + (1 - first) * p22)
    cs_au = first * p12 + (1 - first) * p22
    return np.array(
        [
            [ss, su, ss],
            [survive * us, survive * uu, au_cs],
            [ss, cs_au, ss],
        ]
    )


def dsair_strategy_distribution(
    params: DSAIR, population_size: int, intensity: float
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Fixation probabilities between AS, AU and CS and the small-mutation stationary
    distribution over them (:data:`STRATEGIES` order), under the pairwise comparison rule.

    ``fixation[i, j]`` is the probability that one ``j`` mutant takes over a population of
    ``i`` (:func:`gametheory.core.evolution.small_mutation_chain`).

    Examples
    --------
    When disaster is likely, unsafe play dies out and AS and CS drift between each other:

    >>> p = DSAIR(benefit=4, safety_cost=1, speed=1.5, rounds=100, prize=1e4, risk=0.9,
    ...           found_out=0.5)
    >>> rho, pi = dsair_strategy_distribution(p, 100, 0.1)
    >>> pi.round(2).tolist()
    [0.5, 0.0, 0.5]
    """
    return small_mutation_chain(dsair_strategy_payoffs(params), population_size, intensity)


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
    >>> p = DSAIR(benefit=0, safety_cost=0, speed=2.0, risk=0.9)   # zone I (compliance)
    >>> rho, pi = dsair_stationary_distribution(p, 100, 0.1)
    >>> bool(pi[0] > 0.5)
    True
    """
    game = dsair_game(params)
    rho = fermi_fixation_probabilities(game, population_size, intensity)
    pi = small_mutation_stationary_distribution(game, population_size, intensity)
    return rho, pi


def _group_parts(
    params: DSAIR, num_players: int
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """AS's payoff for k = 1..N SAFE teams in its group, and AU's for k = 0..N-1 before the
    survival factor 1 - p_r (the paper's Appendix B, p. 904)."""
    n = num_players
    if isinstance(n, bool) or not isinstance(n, int) or n < 2:
        raise ValueError(f"num_players: got {n!r}; expected an integer >= 2")
    b, c, s, fo = params.benefit, params.safety_cost, params.speed, params.found_out
    prize = params.prize / params.rounds
    k = np.arange(1, n, dtype=float)
    share = b / (k + s * (n - k))  # a SAFE team's share of b when nobody is found out
    safe = np.append(-c + (1 - fo) * share + fo * b / k, prize / n - c + b / n)
    k = np.arange(n, dtype=float)
    unsafe = s * prize / (n - k) + (1 - fo) * s * b / (k + s * (n - k))
    return safe, unsafe


def dsair_group_game(params: DSAIR, num_players: int) -> SymmetricGame:
    """The race of ``num_players`` teams between AS (action 0) and AU (action 1), as a
    symmetric N-player game (module docstring; the paper's Appendix B).

    ``a[k]`` is AS's payoff when ``k`` of its ``N - 1`` co-players are AS, ``b[k]`` AU's.
    With ``found_out = 0`` and two teams it is :func:`dsair_game`.

    Examples
    --------
    >>> g = dsair_group_game(DSAIR(benefit=4, safety_cost=1, speed=3, rounds=10, prize=20,
    ...                            risk=0.5), 2)
    >>> g.a.tolist(), g.b.tolist()
    ([0.0, 2.0], [2.5, 4.5])
    """
    safe, unsafe = _group_parts(params, num_players)
    return SymmetricGame(safe, (1 - params.risk) * unsafe)


def group_social_threshold(params: DSAIR, num_players: int) -> float:
    """The risk above which an all-AS population earns more than an all-AU one in races of
    ``num_players`` teams (the paper's Eq. 21, p. 905).

    Examples
    --------
    With a dominant prize it is 1 - 1/s whatever N (the paper's Eq. 22):

    >>> round(group_social_threshold(DSAIR(benefit=0, safety_cost=0, speed=2.0), 5), 12)
    0.5
    """
    safe, unsafe = _group_parts(params, num_players)
    return 1 - float(safe[-1] / unsafe[0]) if unsafe[0] > 0 else -math.inf


def group_risk_dominance_threshold(params: DSAIR, num_players: int) -> float:
    r"""The risk above which AS is risk-dominant against AU in races of ``num_players`` teams:
    :math:`\sum_{k=1}^{N} \Pi_{AS,AU}(k) > \sum_{k=0}^{N-1} \Pi_{AU,AS}(k)` (the paper's
    Eq. 24 and 31, pp. 906, 909), solved for :math:`p_r`.

    Examples
    --------
    With a dominant prize it is 1 - 1/(N H_N s) (the paper's Eq. 26); two teams give 1 - 1/(3s):

    >>> p = DSAIR(benefit=0, safety_cost=0, speed=2.0)
    >>> round(group_risk_dominance_threshold(p, 2), 12), round(1 - 1 / (3 * 2.0), 12)
    (0.833333333333, 0.833333333333)
    """
    safe, unsafe = _group_parts(params, num_players)
    total = float(unsafe.sum())
    return 1 - float(safe.sum()) / total if total > 0 else -math.inf
