r"""The verifier as a player: inspection games (Avenhaus, von Stengel & Zamir 2002).

**The basic inspection game.** A verifier (row player, actions ``inspect`` and
``no inspection``) faces a lab (column player, actions ``comply`` and ``violate``; payoff
convention :mod:`gametheory.core.game`). An inspection costs the verifier :math:`c \ge 0` and
detects a violation with probability :math:`p \in (0, 1]`. A violation gains the lab
:math:`g > 0` when undetected and costs it the sanction :math:`s \ge 0` when detected; an
undetected violation costs the verifier :math:`\ell > 0`. Payoffs (verifier, lab):

==================  ==============  ====================================
\                   comply          violate
==================  ==============  ====================================
inspect             :math:`-c, 0`   :math:`-c - (1-p)\ell,\ (1-p)g - ps`
no inspection       :math:`0, 0`    :math:`-\ell,\ g`
==================  ==============  ====================================

When inspecting deters (:math:`p(g + s) > g`) and pays (:math:`c < p\ell`) the game has no
pure equilibrium; the lab's indifference fixes the inspection probability
:math:`x^* = g / (p(g + s))` and the verifier's the violation probability
:math:`y^* = c / (p\ell)`: **without commitment the lab violates with positive probability**
and the verifier gets :math:`-c/p`. Under **inspector leadership** the verifier announces its
inspection probability :math:`x` first; the lab complies when the announced detection
:math:`x p \ge g/(g + s)`, so the verifier announces :math:`x^*` itself, the lab complies and
the verifier gets :math:`-c x^* > -c/p` (Avenhaus et al., the leadership result).

**False alarms: the Neyman–Pearson tradeoff.** An inspection is a statistical test; at
false-alarm rate :math:`\alpha` a Gaussian test of discriminability :math:`d` misses a violation
with probability :math:`\beta(\alpha) = \Phi(\Phi^{-1}(1 - \alpha) - d)` (the most powerful
test at level :math:`\alpha`, by the Neyman–Pearson lemma). A false alarm costs a compliant lab
:math:`h \ge 0` and the verifier :math:`z > 0`. The lab complies when
:math:`-\alpha h \ge g - (1 - \beta(\alpha))(g + s)`; :func:`statistical_inspection` gives the
least deterring :math:`\alpha` under leadership and the equilibria of the simultaneous game.

**Dresher's sequential game.** Over :math:`n` periods the verifier has :math:`m` inspections
and the lab may violate once; the lab gets 1 for an undetected violation, :math:`-b` for a
detected one (Dresher: :math:`b = 1`), 0 if it never violates (zero-sum). With
:math:`v(n, m)` the lab's value,
:math:`v(n, 0) = 1` for :math:`n \ge 1`, :math:`v(0, m) = 0`, and the stage game

==================  =======  =====================
lab's payoff        violate  legal
==================  =======  =====================
inspect             -b       :math:`v(n-1, m-1)`
no inspection       1        :math:`v(n-1, m)`
==================  =======  =====================

solved by the 2×2 closed form gives the recursion (:func:`sequential_inspection`, exact in
rationals). At :math:`b = 1` its solution is
:math:`v(n, m) = \binom{n-1}{m} / \sum_{i=0}^{m} \binom{n}{i}` (:func:`dresher_value`;
Avenhaus et al. 2002, §2); for any :math:`b > 0`,
:math:`v(n, m) = \binom{n-1}{m} / \sum_{i=0}^{m} \binom{n}{i} b^{m-i}` (our derivation by
induction on the recursion, checked against it in the tests; von Stengel 2016 solves a
more general recursion).

References
----------
.. [1] Avenhaus, R., von Stengel, B. & Zamir, S. (2002). Inspection games. In Aumann & Hart
   (eds.), *Handbook of Game Theory with Economic Applications* vol. 3, ch. 51, 1947-1987.
.. [2] Dresher, M. (1962). A sampling inspection problem in arms control agreements: a
   game-theoretic analysis. Memorandum RM-2972-ARPA, RAND Corporation.
.. [3] Avenhaus, R. & Canty, M. J. (1996). *Compliance Quantified: An Introduction to Data
   Verification*. Cambridge University Press.
.. [4] von Stengel, B. (2016). Recursive inspection games. *Mathematics of Operations
   Research* 41:935-952.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
from numpy.typing import NDArray

from gametheory.core.commitment import Commitment, strong_stackelberg
from gametheory.core.errors import InputError
from gametheory.core.game import Equilibrium, NormalFormGame, certify
from gametheory.core.limits import check_count
from gametheory.core.tolerance import TOL, check_tol

__all__ = [
    "InspectionGame",
    "InspectionSolution",
    "LeadershipSolution",
    "SequentialInspection",
    "StatisticalInspection",
    "announced_inspection_policy",
    "dresher_value",
    "inspection_equilibrium",
    "inspection_game",
    "inspector_leadership",
    "non_detection",
    "sequential_inspection",
    "statistical_inspection",
]

VERIFIER_ACTIONS = ("inspect", "no inspection")
LAB_ACTIONS = ("comply", "violate")


def _check(value: float, field: str, expected: str, ok: bool) -> float:
    if not ok:
        raise InputError(f"expected {expected}", field=field, value=value)
    return float(value)


def _real(value: float | Fraction) -> bool:
    return not isinstance(value, bool) and isinstance(value, int | float | Fraction | np.floating)


@dataclass(frozen=True)
class InspectionGame:
    """Parameters of the basic inspection game (module docstring).

    Parameters
    ----------
    gain : float
        :math:`g > 0`, the lab's gain from an undetected violation.
    sanction : float
        :math:`s \\ge 0`, the lab's loss when a violation is detected.
    detection : float
        :math:`p \\in (0, 1]`, the chance an inspection detects a violation.
    inspection_cost : float
        :math:`c \\ge 0`, the verifier's cost of one inspection.
    loss : float
        :math:`\\ell > 0`, the verifier's loss from an undetected violation.

    Examples
    --------
    >>> InspectionGame(gain=1, sanction=3, detection=0.5, inspection_cost=1, loss=10).gain
    1
    >>> InspectionGame(gain=1, sanction=3, detection=0, inspection_cost=1, loss=10)
    Traceback (most recent call last):
    ...
    gametheory.core.errors.InputError: inspection.detection = 0: expected a probability in (0, 1]
    """

    gain: float
    sanction: float
    detection: float
    inspection_cost: float
    loss: float

    def __post_init__(self) -> None:
        for name in ("gain", "sanction", "detection", "inspection_cost", "loss"):
            value = getattr(self, name)
            _check(value, f"inspection.{name}", "a finite number", _real(value))
            _check(value, f"inspection.{name}", "a finite number", math.isfinite(value))
        _check(self.gain, "inspection.gain", "a number > 0", self.gain > 0)
        _check(self.sanction, "inspection.sanction", "a number >= 0", self.sanction >= 0)
        _check(
            self.detection,
            "inspection.detection",
            "a probability in (0, 1]",
            0 < self.detection <= 1,
        )
        _check(
            self.inspection_cost,
            "inspection.inspection_cost",
            "a number >= 0",
            self.inspection_cost >= 0,
        )
        _check(self.loss, "inspection.loss", "a number > 0", self.loss > 0)

    @property
    def deterring_probability(self) -> float:
        """:math:`g/(p(g + s))`: the inspection probability that makes the lab indifferent."""
        return float(self.gain) / (
            float(self.detection) * (float(self.gain) + float(self.sanction))
        )


def inspection_game(params: InspectionGame) -> NormalFormGame:
    """The basic inspection game as a :class:`~gametheory.core.game.NormalFormGame`.

    Verifier is the row player (inspect, no inspection), the lab the column player
    (comply, violate); payoffs in the module docstring.

    Examples
    --------
    >>> g = inspection_game(InspectionGame(1, 3, 0.5, 1, 10))
    >>> g.payoffs[0].tolist(), g.payoffs[1].tolist()
    ([[-1.0, -6.0], [0.0, -10.0]], [[0.0, -1.0], [0.0, 1.0]])
    """
    g, s, p = float(params.gain), float(params.sanction), float(params.detection)
    c, ell = float(params.inspection_cost), float(params.loss)
    verifier = [[-c, -c - (1 - p) * ell], [0.0, -ell]]
    lab = [[0.0, (1 - p) * g - p * s], [0.0, g]]
    return NormalFormGame.from_bimatrix(
        verifier,
        lab,
        players=("verifier", "lab"),
        actions=(VERIFIER_ACTIONS, LAB_ACTIONS),
        title="inspection game",
    )


@dataclass(frozen=True)
class InspectionSolution:
    """The equilibrium of the basic inspection game without commitment.

    Attributes
    ----------
    inspect_probability, violate_probability : float
    verifier_payoff, lab_payoff : float
    regime : str
        ``"mixed"``, ``"inspection does not pay"`` or ``"inspection does not deter"``.
    equilibrium : Equilibrium
        The same profile, certified on :func:`inspection_game`.
    """

    inspect_probability: float
    violate_probability: float
    verifier_payoff: float
    lab_payoff: float
    regime: str
    equilibrium: Equilibrium


def inspection_equilibrium(params: InspectionGame, *, tol: float = TOL) -> InspectionSolution:
    """The equilibrium of the basic inspection game in closed form (module docstring).

    When inspection does not pay (:math:`c \\ge p\\ell`) the verifier never inspects and the
    lab violates; when even certain inspection does not deter (:math:`p(g+s) \\le g`) the lab
    violates and the verifier inspects; otherwise the unique equilibrium is mixed with
    :math:`x^* = g/(p(g+s))` and :math:`y^* = c/(p\\ell)`.

    Examples
    --------
    g, s, p, c, l = 1, 3, 0.5, 1, 10: inspect with 1/(0.5 · 4) = 1/2, violate with
    1/(0.5 · 10) = 1/5; the verifier gets -c/p = -2.

    >>> sol = inspection_equilibrium(InspectionGame(1, 3, 0.5, 1, 10))
    >>> sol.inspect_probability, sol.violate_probability, sol.verifier_payoff, sol.regime
    (0.5, 0.2, -2.0, 'mixed')
    """
    tol = check_tol(tol)
    g, s, p = float(params.gain), float(params.sanction), float(params.detection)
    c, ell = float(params.inspection_cost), float(params.loss)
    if c >= p * ell:
        x, y, regime = 0.0, 1.0, "inspection does not pay"
    elif p * (g + s) <= g:
        x, y, regime = 1.0, 1.0, "inspection does not deter"
    else:
        x, y, regime = g / (p * (g + s)), c / (p * ell), "mixed"
    game = inspection_game(params)
    equilibrium = certify(game, [[x, 1 - x], [1 - y, y]], "inspection closed form", tol=tol)
    if equilibrium is None:
        # The closed form is exact; only round-off at a large payoff scale exceeds ``tol``.
        scale = max(g, s, c, ell)
        raise InputError(
            f"the closed form's round-off regret exceeds tol at payoffs of order {scale:.3g}; "
            f"expected a larger tol (e.g. {scale * 1e-13:.0e})",
            field="tol",
            value=tol,
        )
    verifier = -c * x - y * ell * (1 - p * x)
    lab = y * (g - x * p * (g + s))
    return InspectionSolution(x, y, verifier, lab, regime, equilibrium)


@dataclass(frozen=True)
class LeadershipSolution:
    """Inspector leadership: the announced inspection probability and the lab's reply.

    Attributes
    ----------
    inspect_probability : float
        The probability the verifier announces (and commits to).
    lab_complies : bool
    verifier_payoff, lab_payoff : float
    simultaneous_verifier_payoff : float
        The verifier's payoff without commitment, for comparison.
    """

    inspect_probability: float
    lab_complies: bool
    verifier_payoff: float
    lab_payoff: float
    simultaneous_verifier_payoff: float


def inspector_leadership(params: InspectionGame, *, tol: float = TOL) -> LeadershipSolution:
    r"""The verifier announces its inspection probability first; the lab best-responds.

    The lab complies when the announced detection :math:`x p \ge g/(g + s)` (ties resolved in
    the leader's favour, as in Avenhaus et al. 2002). The verifier deters with the least such
    :math:`x` when that is feasible (:math:`x \le 1`) and cheaper than tolerating the
    violation; otherwise it picks the better of not inspecting and always inspecting.
    ``tol`` is passed to :func:`inspection_equilibrium` for the comparison payoff.

    Examples
    --------
    >>> lead = inspector_leadership(InspectionGame(1, 3, 0.5, 1, 10))
    >>> lead.inspect_probability, lead.lab_complies, lead.verifier_payoff
    (0.5, True, -0.5)
    >>> lead.simultaneous_verifier_payoff   # commitment helps the verifier
    -2.0
    """
    g, s, p = float(params.gain), float(params.sanction), float(params.detection)
    c, ell = float(params.inspection_cost), float(params.loss)
    simultaneous = inspection_equilibrium(params, tol=tol).verifier_payoff
    # Tolerate the violation: x = 0 gives -l, x = 1 gives -c - (1-p) l.
    tolerate_x, tolerate = (1.0, -c - (1 - p) * ell) if c < p * ell else (0.0, -ell)
    x = params.deterring_probability
    if x <= 1 and -c * x >= tolerate:
        return LeadershipSolution(x, True, -c * x, 0.0, simultaneous)
    lab = g - tolerate_x * p * (g + s)
    return LeadershipSolution(tolerate_x, False, tolerate, lab, simultaneous)


# -- statistical inspections --------------------------------------------------------------------
def announced_inspection_policy(params: InspectionGame, *, tol: float = TOL) -> Commitment:
    """The verifier's optimal announced inspection policy, by the general commitment solver.

    :func:`gametheory.core.commitment.strong_stackelberg` on :func:`inspection_game` with the
    verifier leading; the same question as :func:`inspector_leadership` (whose closed form it
    must agree with), answered by the linear programs that work for any two-player game.

    Examples
    --------
    >>> policy = announced_inspection_policy(InspectionGame(1, 3, 0.5, 1, 10))
    >>> round(float(policy.strategy[0]), 9), policy.reply, round(policy.leader_value, 9)
    (0.5, 0, -0.5)
    """
    return strong_stackelberg(inspection_game(params), leader=0, tol=tol)


def non_detection(false_alarm: float | NDArray[np.float64], discriminability: float) -> NDArray:
    r"""The Neyman–Pearson tradeoff :math:`\beta(\alpha) = \Phi(\Phi^{-1}(1-\alpha) - d)`.

    The least probability of missing a violation at false-alarm rate :math:`\alpha` for a
    Gaussian test whose violation shifts the statistic by :math:`d` standard deviations.

    Examples
    --------
    >>> float(non_detection(0.05, 0.0))   # a useless test: beta = 1 - alpha
    0.95
    >>> bool(non_detection(0.05, 3.0) < non_detection(0.05, 1.0))
    True
    """
    from scipy.stats import norm

    alpha = np.asarray(false_alarm, dtype=float)
    if ((alpha < 0) | (alpha > 1)).any():
        raise InputError("expected probabilities in [0, 1]", field="false_alarm", value=false_alarm)
    d = _check(
        discriminability,
        "discriminability",
        "a finite number >= 0",
        _real(discriminability) and math.isfinite(discriminability) and discriminability >= 0,
    )
    return np.asarray(norm.cdf(norm.isf(alpha) - d))


def _non_detection_slope(alpha: float, d: float) -> float:
    r""":math:`\beta'(\alpha) = -\varphi(\Phi^{-1}(1-\alpha) - d)/\varphi(\Phi^{-1}(1-\alpha))`."""
    from scipy.stats import norm

    z = float(norm.isf(alpha))
    return -float(norm.pdf(z - d) / norm.pdf(z))


@dataclass(frozen=True)
class StatisticalInspection:
    """Inspections as statistical tests with false alarms (module docstring).

    Attributes
    ----------
    leadership_false_alarm : float or None
        The least :math:`\\alpha` at which the lab complies (the verifier announces it);
        ``None`` when no test of this discriminability deters.
    leadership_detection : float or None
        :math:`1 - \\beta` at that :math:`\\alpha`.
    simultaneous : tuple of (float, float)
        Every equilibrium of the simultaneous game as (:math:`\\alpha`, violation probability);
        empty when no test deters (the lab then violates for sure).
    leadership_payoffs : (float, float) or None
        (verifier, lab) under leadership: the lab complies, so only false alarms cost,
        :math:`(-z\\alpha, -h\\alpha)`.
    simultaneous_payoffs : tuple of (float, float)
        (verifier, lab) at each simultaneous equilibrium: the verifier gets
        :math:`-(1 - y) z \\alpha - y \\ell \\beta(\\alpha)`, the indifferent lab its
        compliance payoff :math:`-h\\alpha`. Comparing the two shows **inspector leadership
        paying the verifier** with false alarms (Avenhaus, von Stengel & Zamir 2002, §4).
    """

    leadership_false_alarm: float | None
    leadership_detection: float | None
    simultaneous: tuple[tuple[float, float], ...]
    leadership_payoffs: tuple[float, float] | None = None
    simultaneous_payoffs: tuple[tuple[float, float], ...] = ()

    @property
    def leadership_pays(self) -> bool | None:
        """Whether the verifier gets at least as much by leading as in every simultaneous
        equilibrium (``None`` when either is missing)."""
        if self.leadership_payoffs is None or not self.simultaneous_payoffs:
            return None
        lead = self.leadership_payoffs[0]
        return all(lead >= verifier - 1e-12 for verifier, _ in self.simultaneous_payoffs)


def statistical_inspection(
    gain: float,
    sanction: float,
    discriminability: float,
    *,
    loss: float,
    false_alarm_cost: float,
    lab_false_alarm_cost: float = 0.0,
) -> StatisticalInspection:
    r"""The verifier's choice of false-alarm rate, with and without leadership.

    The lab complies iff :math:`\phi(\alpha) = (1 - \beta(\alpha))(g + s) - g - \alpha h \ge 0`.
    :math:`\phi` is concave (the Gaussian ROC curve is), so the deterring rates form an
    interval; under leadership the verifier announces its left end (each false alarm costs it
    ``false_alarm_cost`` :math:`z`). At :math:`h = 0` this is the closed form
    :math:`\alpha = 1 - \Phi(d + \Phi^{-1}(1 - g/(g+s)))`; otherwise :func:`scipy.optimize.brentq`.
    In the simultaneous game the lab mixes only at a root :math:`\alpha_r` of :math:`\phi`, and
    the verifier, minimising :math:`(1 - y) z \alpha + y \ell \beta(\alpha)` (convex), chooses
    :math:`\alpha_r` when :math:`(1 - y) z = -y \ell \beta'(\alpha_r)`, which gives the violation
    probability :math:`y`.

    Examples
    --------
    >>> st = statistical_inspection(1, 3, 2.0, loss=10, false_alarm_cost=1)
    >>> round(st.leadership_detection, 12)   # = g/(g + s) with h = 0
    0.25
    >>> [round(a, 6) for a, _ in st.simultaneous] == [round(st.leadership_false_alarm, 6)]
    True
    >>> st.leadership_pays   # the verifier does better announcing its test first
    True
    """
    from scipy.optimize import brentq, minimize_scalar
    from scipy.stats import norm

    g = _check(gain, "gain", "a number > 0", _real(gain) and gain > 0)
    s = _check(sanction, "sanction", "a number >= 0", _real(sanction) and sanction >= 0)
    ell = _check(loss, "loss", "a number > 0", _real(loss) and loss > 0)
    z = _check(false_alarm_cost, "false_alarm_cost", "a number > 0", _real(false_alarm_cost))
    _check(false_alarm_cost, "false_alarm_cost", "a number > 0", z > 0)
    h = _check(
        lab_false_alarm_cost,
        "lab_false_alarm_cost",
        "a number >= 0",
        _real(lab_false_alarm_cost) and lab_false_alarm_cost >= 0,
    )
    d = float(discriminability)
    non_detection(0.5, d)  # validates d

    def margin(alpha: float) -> float:
        return float((1 - non_detection(alpha, d)) * (g + s) - g - alpha * h)

    roots: list[float] = []
    if h == 0:
        target = g / (g + s)
        if target < 1:
            roots.append(float(norm.sf(d + norm.isf(target))))
    else:
        peak = minimize_scalar(lambda a: -margin(a), bounds=(0.0, 1.0), method="bounded")
        top = float(peak.x)
        if margin(top) > 0:
            roots.append(float(brentq(margin, 0.0, top, xtol=1e-14)))
            if margin(1.0) < 0:
                roots.append(float(brentq(margin, top, 1.0, xtol=1e-14)))
    equilibria = []
    payoffs = []
    for alpha in roots:
        if not 0 < alpha < 1:
            continue
        slope = -_non_detection_slope(alpha, d)
        y = z / (z + ell * slope)
        equilibria.append((alpha, y))
        beta = float(non_detection(alpha, d))
        payoffs.append((-(1 - y) * z * alpha - y * ell * beta, -h * alpha))
    if roots:
        lead = roots[0]
        return StatisticalInspection(
            lead,
            float(1 - non_detection(lead, d)),
            tuple(equilibria),
            (-z * lead, -h * lead),
            tuple(payoffs),
        )
    return StatisticalInspection(None, None, tuple(equilibria), None, tuple(payoffs))


# -- Dresher's sequential inspection game -------------------------------------------------------
def _zero_sum_2x2(
    matrix: list[list[Fraction]],
) -> tuple[Fraction, Fraction, Fraction]:
    """Value and optimal strategies of a 2×2 zero-sum game, row player maximising, exactly.

    Returns (value, P(row 0), P(column 0)); a saddle point gives pure strategies.
    """
    (a, b), (c, d) = matrix
    for r, row in enumerate(matrix):
        for k in range(2):
            # A saddle point: least in its row, greatest in its column.
            if row[k] == min(row) and row[k] == max(matrix[0][k], matrix[1][k]):
                return row[k], Fraction(1 - r), Fraction(1 - k)
    denominator = a - b - c + d
    return (a * d - b * c) / denominator, (d - c) / denominator, (d - b) / denominator


#: The largest ``periods × inspections`` :func:`sequential_inspection` solves (a few seconds).
MAX_DRESHER_CELLS = 40_000


def _check_count(value: int, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 0:
        raise InputError("expected an integer >= 0", field=field, value=value)
    return int(value)


@dataclass(frozen=True)
class SequentialInspection:
    """Dresher's sequential inspection game solved by its recursion, exactly.

    Attributes
    ----------
    periods, inspections : int
        :math:`n` and :math:`m`.
    values : tuple of tuple of Fraction
        ``values[k][j]`` is the lab's value :math:`v(k, j)`, ``0 <= k <= n``, ``0 <= j <= m``.
    violate : tuple of tuple of Fraction
        The lab's equilibrium probability of violating now with ``k`` periods and ``j``
        inspections left (``k >= 1``; row 0 unused).
    inspect : tuple of tuple of Fraction
        The verifier's equilibrium probability of inspecting now.
    caught_loss : Fraction
        :math:`b`: the lab gets :math:`-b` when caught.
    """

    periods: int
    inspections: int
    values: tuple[tuple[Fraction, ...], ...]
    violate: tuple[tuple[Fraction, ...], ...]
    inspect: tuple[tuple[Fraction, ...], ...]
    caught_loss: Fraction = Fraction(1)

    @property
    def value(self) -> Fraction:
        """The lab's value :math:`v(n, m)` of the whole game."""
        return self.values[self.periods][self.inspections]

    def stage_game(self, periods: int, inspections: int) -> NormalFormGame:
        """The stage game with ``periods`` periods and ``inspections`` inspections left.

        Verifier rows (inspect, no inspection), lab columns (violate, legal); zero-sum.

        Examples
        --------
        >>> sequential_inspection(2, 1).stage_game(2, 1).payoffs[1].tolist()
        [[-1.0, 1.0], [1.0, 0.0]]
        """
        if not (1 <= periods <= self.periods and 1 <= inspections <= self.inspections):
            raise ValueError(
                f"stage_game: got ({periods}, {inspections}); expected 1 <= periods <= "
                f"{self.periods} and 1 <= inspections <= {self.inspections}"
            )
        lab = [
            [-self.caught_loss, self.values[periods - 1][inspections - 1]],
            [Fraction(1), self.values[periods - 1][inspections]],
        ]
        array = np.array([[float(x) for x in row] for row in lab])
        exact = np.array([[[-x for x in row] for row in lab], lab], dtype=object)
        return NormalFormGame(
            np.stack([-array, array]),
            players=("verifier", "lab"),
            actions=(("inspect", "no inspection"), ("violate", "legal")),
            title=f"Dresher stage ({periods}, {inspections})",
            exact_payoffs=exact,
        )


def _check_loss(value: float | Fraction) -> Fraction:
    if not (_real(value) and math.isfinite(value) and value > 0):
        raise InputError("expected a number > 0", field="caught_loss", value=value)
    return Fraction(value)


def sequential_inspection(
    periods: int, inspections: int, *, caught_loss: float | Fraction = 1
) -> SequentialInspection:
    """Solve Dresher's game with ``periods`` periods and ``inspections`` inspections.

    Each stage game is solved by the exact 2×2 zero-sum closed form (module docstring).
    ``caught_loss`` is :math:`b`, what a caught lab loses (Dresher: 1); a float converts to
    its exact binary value.

    Examples
    --------
    Two periods, one inspection: the lab violates at once with 1/3, the verifier inspects at
    once with 1/3, and the lab gets 1/3 (lab indifferent: 1 - 2y = y).

    >>> game = sequential_inspection(2, 1)
    >>> game.value, game.violate[2][1], game.inspect[2][1]
    (Fraction(1, 3), Fraction(1, 3), Fraction(1, 3))
    >>> game.value == dresher_value(2, 1)
    True

    A heavier penalty for being caught, b = 3: the lab's value falls to 1/(b + 2) = 1/5.

    >>> sequential_inspection(2, 1, caught_loss=3).value
    Fraction(1, 5)
    """
    b = _check_loss(caught_loss)
    n = _check_count(periods, "periods")
    m = _check_count(inspections, "inspections")
    check_count(
        n * m,
        MAX_DRESHER_CELLS,
        field="periods × inspections",
        why="Dresher's recursion keeps an exact fraction for every pair, and their digits grow",
    )
    values = [[Fraction(0)] * (m + 1) for _ in range(n + 1)]
    violate = [[Fraction(0)] * (m + 1) for _ in range(n + 1)]
    inspect = [[Fraction(0)] * (m + 1) for _ in range(n + 1)]
    for k in range(1, n + 1):
        values[k][0] = Fraction(1)
        violate[k][0] = Fraction(1)
        for j in range(1, m + 1):
            # Lab maximises: rows violate, legal; columns inspect, no inspection.
            lab = [
                [-b, Fraction(1)],
                [values[k - 1][j - 1], values[k - 1][j]],
            ]
            value, p_violate, p_inspect = _zero_sum_2x2(lab)
            values[k][j], violate[k][j], inspect[k][j] = value, p_violate, p_inspect
    return SequentialInspection(
        n,
        m,
        tuple(map(tuple, values)),
        tuple(map(tuple, violate)),
        tuple(map(tuple, inspect)),
        b,
    )


def dresher_value(periods: int, inspections: int, caught_loss: float | Fraction = 1) -> Fraction:
    r"""The closed form :math:`v(n, m) = \binom{n-1}{m} / \sum_{i=0}^m \binom{n}{i} b^{m-i}`.

    For :math:`n \ge 1`; :math:`v(0, m) = 0`. At :math:`b = 1` (``caught_loss``) it is
    Dresher's value (Avenhaus, von Stengel & Zamir 2002, §2); the general :math:`b` is our
    derivation, checked against :func:`sequential_inspection` in the tests.

    Examples
    --------
    >>> dresher_value(3, 1), dresher_value(5, 5)
    (Fraction(1, 2), Fraction(0, 1))
    >>> dresher_value(2, 1, caught_loss=3)
    Fraction(1, 5)
    """
    n = _check_count(periods, "periods")
    m = _check_count(inspections, "inspections")
    b = _check_loss(caught_loss)
    if n == 0:
        return Fraction(0)
    return Fraction(math.comb(n - 1, m)) / sum(math.comb(n, i) * b ** (m - i) for i in range(m + 1))
