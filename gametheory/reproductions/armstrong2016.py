r"""Armstrong, Bostrom & Shulman (2016), "Racing to the precipice": equilibria and disaster risk.

**Model** (``docs/model/races.md``). :math:`n \ge 2` teams; team :math:`i` has capability
:math:`c_i \sim U[0, \mu]` (i.i.d.) and chooses safety :math:`s_i \in [0, 1]`. The team with
the highest score :math:`c_i - s_i` builds the first AI, which is safe with probability
:math:`s_{\mathrm{winner}}`. A team gets 1 if its own AI is safe, :math:`1 - e` if another
team's is (enmity :math:`e \in (0, 1]`), 0 on disaster. Three information levels: no team
knows any capability (**none**), each knows its own (**private**), all know all (**public**).

**Closed forms.** Derived here independently (when the paper's text was not at hand) and
checked numerically by best responses; they agree with the safety levels and disaster
probabilities the paper's technical-report version prints [2]_ (section 2, pp. 3-4; see
``tests/test_reproductions.py::test_armstrong_printed_*``). The range of public-information
equilibria and the tie rule behind it are ours; the report takes :math:`\min(1, \Delta/e)`.

* *None.* A symmetric pure safety :math:`s`. With :math:`d = s_i - s` a deviation, team
  :math:`i` wins with :math:`W(d) = (\mu - d)^n / (n\mu^n)` for :math:`0 \le d \le \mu` and
  :math:`W(d) = (1 - (|d|/\mu)^n)/n + |d|/\mu` for :math:`-\mu \le d \le 0`, and gets
  :math:`U = W s_i + (1 - W) s (1 - e)`. As :math:`W'(0) = -1/\mu` for every :math:`n`, the
  first-order condition :math:`1/n - s e/\mu = 0` gives

  .. math:: s^* = \min\bigl(1, \mu/(n e)\bigr), \qquad P(\text{disaster}) = 1 - s^* .

* *Private.* A symmetric strategy :math:`s(c)` with increasing score :math:`x(c) = c - s(c)`.
  The first-order condition of a type choosing its score is :math:`e\, s\, H'(x) = H(x)`,
  :math:`H` the distribution of the best rival score; with uniform capabilities it becomes
  :math:`(n-1) e\, s = c(1 - s')`, whose only solution bounded at 0 is linear:

  .. math:: s(c) = \min\bigl(1, c / (1 + (n-1)e)\bigr).

  The most capable team wins; with :math:`\bar c = 1 + (n-1)e`,
  :math:`P(\text{safe}) = n\mu / ((n+1)\bar c)` if :math:`\mu \le \bar c`, else
  :math:`1 - (\bar c/\mu)^n/(n+1)`.

* *Public.* With :math:`\Delta` the gap between the two highest capabilities, the runner-up
  overtakes a leader of safety :math:`\sigma` only if it gains, :math:`\sigma - \Delta >
  (1 - e)\sigma`. Ties are broken in favour of the more capable team. The pure equilibria
  are: leader safety :math:`\sigma \in [\min(1, \Delta), \min(1, \Delta/e)]`, each trailing
  team :math:`j` matching the leader's score with :math:`s_j = \max(0, \sigma - (c_1 - c_j))`.
  **We select the leader's preferred one**, :math:`\sigma = \min(1, \Delta/e)` (it is also
  the outcome when the leader moves first, and the one the report analyses, p. 4); the others
  are less safe. As :math:`\Delta/\mu \sim \mathrm{Beta}(1, n)`, with :math:`a = e/\mu`,

  .. math:: P(\text{safe}) = \frac{1 - (1 - a)_+^{n+1}}{(n + 1)\, a}.

Each closed form is compared with a numerical solution from best responses on a fine
strategy grid (:func:`solve_no_information`, :func:`solve_private_information`,
:func:`public_equilibrium_range`) and with Monte Carlo (:func:`simulate_disaster`).

References
----------
.. [1] Armstrong, S., Bostrom, N. & Shulman, C. (2016). Racing to the precipice: a model of
   artificial intelligence development. *AI & Society* 31:201-206.
.. [2] Armstrong, S., Bostrom, N. & Shulman, C. (2013). Racing to the precipice: a model of
   artificial intelligence development. Technical Report #2013-1, Future of Humanity
   Institute, Oxford University, pp. 1-8.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.optimize import minimize_scalar

from gametheory.core.tolerance import TOL, check_tol

__all__ = [
    "INFORMATION_LEVELS",
    "NumericalSolution",
    "RacingToThePrecipice",
    "disaster_probability",
    "no_information_safety",
    "private_information_safety",
    "public_equilibrium_range",
    "public_information_safety",
    "simulate_disaster",
    "solve_no_information",
    "solve_private_information",
]

Information = Literal["none", "private", "public"]
#: The three information levels of the paper, from least to most.
INFORMATION_LEVELS: tuple[Information, ...] = ("none", "private", "public")


@dataclass(frozen=True)
class RacingToThePrecipice:
    """Parameters of the race: ``teams`` n, ``enmity`` e and capability spread ``mu``.

    Examples
    --------
    >>> RacingToThePrecipice(teams=2, enmity=0.5, mu=1.0).teams
    2
    >>> RacingToThePrecipice(teams=1, enmity=0.5, mu=1.0)
    Traceback (most recent call last):
    ...
    ValueError: teams: got 1; expected an integer >= 2
    """

    teams: int
    enmity: float
    mu: float

    def __post_init__(self) -> None:
        n = self.teams
        if isinstance(n, bool) or not isinstance(n, int | np.integer) or n < 2:
            raise ValueError(f"teams: got {n!r}; expected an integer >= 2")
        e = self.enmity
        if not (isinstance(e, int | float) and math.isfinite(e) and 0 < e <= 1):
            raise ValueError(f"enmity: got {e!r}; expected a number in (0, 1]")
        if not (isinstance(self.mu, int | float) and math.isfinite(self.mu) and self.mu > 0):
            raise ValueError(f"mu: got {self.mu!r}; expected a finite number > 0")


@dataclass(frozen=True)
class NumericalSolution:
    """A symmetric equilibrium found numerically from best responses on a grid.

    Attributes
    ----------
    parameter : float
        The equilibrium's parameter: the safety :math:`s` (none) or the slope :math:`k` of
        :math:`s(c) = \\min(1, kc)` (private).
    closed_form : float
        The same parameter from the closed form.
    regret : float
        The largest gain any type has from its best grid deviation at the numerical solution.
    closed_form_regret : float
        The same at the closed form.
    grid : int
        Points of the strategy grid.
    method : str
    """

    parameter: float
    closed_form: float
    regret: float
    closed_form_regret: float
    grid: int
    method: str


def _check_information(information: str) -> Information:
    if information not in INFORMATION_LEVELS:
        raise ValueError(
            f"information: got {information!r}; expected one of {list(INFORMATION_LEVELS)}"
        )
    return information


# -- no information ------------------------------------------------------------------------------
def no_information_safety(params: RacingToThePrecipice) -> float:
    """The symmetric equilibrium safety :math:`\\min(1, \\mu/(ne))` without information.

    Examples
    --------
    >>> no_information_safety(RacingToThePrecipice(2, 1.0, 1.0))
    0.5
    """
    return min(1.0, params.mu / (params.teams * params.enmity))


def _win_probability(params: RacingToThePrecipice, d: NDArray[np.float64]) -> NDArray:
    """W(d): the chance a team with safety s + d beats n - 1 rivals with safety s."""
    n, mu = params.teams, params.mu
    r = np.clip(np.abs(d) / mu, 0.0, 1.0)
    above = (1 - r) ** n / n
    below = (1 - r**n) / n + r
    return np.asarray(np.where(d >= 0, above, below))


def _no_information_payoff(
    params: RacingToThePrecipice, own: NDArray[np.float64], others: NDArray[np.float64]
) -> NDArray[np.float64]:
    w = _win_probability(params, own - others)
    return np.asarray(w * own + (1 - w) * others * (1 - params.enmity))


def _no_information_regret(
    params: RacingToThePrecipice, s: NDArray[np.float64], grid: NDArray[np.float64]
) -> NDArray[np.float64]:
    best = _no_information_payoff(params, grid[None, :], s[:, None]).max(axis=1)
    return np.asarray(np.maximum(best - _no_information_payoff(params, s, s), 0.0))


def solve_no_information(params: RacingToThePrecipice, *, grid: int = 2001) -> NumericalSolution:
    """The symmetric equilibrium without information, from best responses on a grid.

    Every candidate safety on the grid is scored by its regret (the best deviation's gain over
    the grid); the numerical equilibrium is the candidate of least regret.

    Examples
    --------
    >>> sol = solve_no_information(RacingToThePrecipice(3, 0.8, 1.0))
    >>> abs(sol.parameter - sol.closed_form) <= 1e-3, round(sol.closed_form, 6)
    (True, 0.416667)
    >>> sol.closed_form_regret < 1e-9
    True
    """
    if grid < 3:
        raise ValueError(f"grid: got {grid}; expected at least 3 points")
    points = np.linspace(0.0, 1.0, grid)
    regret = _no_information_regret(params, points, points)
    k = int(np.argmin(regret))
    exact = no_information_safety(params)
    exact_regret = float(_no_information_regret(params, np.array([exact]), points)[0])
    return NumericalSolution(
        float(points[k]), exact, float(regret[k]), exact_regret, grid, "grid best responses"
    )


# -- private information ---------------------------------------------------------------------------
def private_information_safety(
    params: RacingToThePrecipice, capability: ArrayLike
) -> NDArray[np.float64]:
    """The equilibrium strategy :math:`s(c) = \\min(1, c/(1 + (n-1)e))` with private information.

    Examples
    --------
    >>> private_information_safety(RacingToThePrecipice(2, 1.0, 4.0), [0.5, 1.0, 3.0]).tolist()
    [0.25, 0.5, 1.0]
    """
    c = np.asarray(capability, dtype=float)
    return np.asarray(np.minimum(1.0, c / (1 + (params.teams - 1) * params.enmity)))


def _private_regret(
    params: RacingToThePrecipice,
    slope: float,
    types: NDArray[np.float64],
    actions: NDArray[np.float64],
) -> float:
    """Largest gain of any type from a grid deviation when rivals play s(c) = min(1, slope c).

    The rivals' score x(t) = t - s(t) is increasing when slope < 1; the chance that every
    rival scores below y is H(y) = (x^{-1}(y)/mu)^{n-1}, and the value of a rival's win is
    (1 - e) times the integral of s(t) d(t/mu)^{n-1} over the types scoring above y.
    """
    n, e, mu = params.teams, params.enmity, params.mu
    t = np.linspace(0.0, mu, 4001)
    s_t = np.minimum(1.0, slope * t)
    x_t = t - s_t
    density = (n - 1) * t ** (n - 2) / mu ** (n - 1)
    piece = 0.5 * (s_t[1:] * density[1:] + s_t[:-1] * density[:-1]) * np.diff(t)
    tail = np.concatenate([np.cumsum(piece[::-1])[::-1], [0.0]])  # integral from t to mu

    def value(score: NDArray[np.float64], safety: NDArray[np.float64]) -> NDArray:
        rival = np.interp(score, x_t, t, left=0.0, right=mu)
        beaten = (rival / mu) ** (n - 1)
        return np.asarray(beaten * safety + (1 - e) * np.interp(rival, t, tail))

    own = np.minimum(1.0, slope * types)
    current = value(types - own, own)
    best = value(
        types[:, None] - actions[None, :], np.broadcast_to(actions, (types.size, actions.size))
    )
    return float(np.max(best.max(axis=1) - current))


def solve_private_information(
    params: RacingToThePrecipice, *, types: int = 201, grid: int = 1001
) -> NumericalSolution:
    """The private-information equilibrium among strategies ``s(c) = min(1, k c)``, numerically.

    For each slope :math:`k` the rivals play :math:`\\min(1, kc)` and every type's best
    response over a grid of ``grid`` safeties is found (``types`` types on :math:`[0, \\mu]`);
    the slope of least regret is returned beside the closed form :math:`1/(1 + (n-1)e)`.

    Examples
    --------
    >>> sol = solve_private_information(RacingToThePrecipice(2, 1.0, 1.0))
    >>> round(sol.parameter, 2), sol.closed_form, sol.closed_form_regret < 1e-3
    (0.5, 0.5, True)
    """
    if types < 2 or grid < 3:
        raise ValueError(f"types, grid: got {types}, {grid}; expected at least 2 and 3")
    c = np.linspace(0.0, params.mu, types)
    actions = np.linspace(0.0, 1.0, grid)

    def objective(k: float) -> float:
        return _private_regret(params, k, c, actions)

    coarse = np.linspace(0.02, 0.98, 49)
    values = [objective(k) for k in coarse]
    j = int(np.argmin(values))
    lo, hi = coarse[max(j - 1, 0)], coarse[min(j + 1, coarse.size - 1)]
    found = minimize_scalar(objective, bounds=(lo, hi), method="bounded", options={"xatol": 1e-4})
    slope = float(found.x)
    exact = 1.0 / (1 + (params.teams - 1) * params.enmity)
    return NumericalSolution(
        slope, exact, objective(slope), objective(exact), grid, "grid best responses, linear s(c)"
    )


# -- public information -------------------------------------------------------------------
def public_information_safety(
    params: RacingToThePrecipice, capabilities: ArrayLike, *, leader_safety: float | None = None
) -> NDArray[np.float64]:
    """The selected public-information equilibrium profile for given capabilities.

    The most capable team takes :math:`\\sigma = \\min(1, \\Delta/e)` (or ``leader_safety``, any
    value of :func:`public_equilibrium_range`); each other team :math:`j` takes
    :math:`\\max(0, \\sigma - (c_{\\max} - c_j))`. Capabilities must be distinct at the top.

    Examples
    --------
    >>> public_information_safety(RacingToThePrecipice(3, 0.5, 1.0), [0.9, 0.7, 0.1]).round(6)
    array([0.4, 0.2, 0. ])
    """
    c = np.asarray(capabilities, dtype=float)
    if c.shape != (params.teams,):
        raise ValueError(f"capabilities: got shape {c.shape}; expected ({params.teams},)")
    order = np.argsort(c)[::-1]
    gap = float(c[order[0]] - c[order[1]])
    if gap <= 0:
        raise ValueError("capabilities: expected a unique most capable team")
    sigma = min(1.0, gap / params.enmity) if leader_safety is None else float(leader_safety)
    return np.asarray(np.clip(sigma - (c[order[0]] - c), 0.0, 1.0))


def _public_payoffs(
    params: RacingToThePrecipice, c: NDArray[np.float64], s: NDArray[np.float64]
) -> NDArray[np.float64]:
    """Payoffs of profiles ``s`` (..., n); ties go to the more capable team."""
    score = c - s
    best = score.max(axis=-1, keepdims=True)
    candidates = np.where(np.isclose(score, best, rtol=0, atol=1e-12), c, -np.inf)
    winner = np.argmax(candidates, axis=-1)
    s_win = np.take_along_axis(s, winner[..., None], axis=-1)
    own = np.arange(c.size) == winner[..., None]
    return np.asarray(np.where(own, s_win, (1 - params.enmity) * s_win))


def _public_regret(
    params: RacingToThePrecipice, c: NDArray[np.float64], s: NDArray[np.float64], grid: NDArray
) -> float:
    base = _public_payoffs(params, c, s)
    worst = 0.0
    score = c - s
    for i in range(c.size):
        # Payoffs jump where team i's score passes another's: try just either side too.
        ties = c[i] - score
        options = np.clip(np.concatenate([grid, ties - 1e-9, ties + 1e-9]), 0.0, 1.0)
        trial = np.repeat(s[None, :], options.size, axis=0)
        trial[:, i] = options
        worst = max(worst, float(_public_payoffs(params, c, trial)[:, i].max() - base[i]))
    return worst


def public_equilibrium_range(
    params: RacingToThePrecipice,
    capabilities: ArrayLike,
    *,
    grid: int = 2001,
    tol: float = TOL,
) -> tuple[float, float]:
    """The leader safeties that are equilibria (with matching rivals), found numerically.

    Each leader safety :math:`\\sigma` on a grid, with the rivals' profile of
    :func:`public_information_safety`, is kept when no team gains more than ``tol`` by a
    deviation to a grid point or to just either side of another team's score; the range
    found is exact up to the grid's spacing. The closed form is
    :math:`[\\min(1, \\Delta), \\min(1, \\Delta/e)]`.

    Examples
    --------
    >>> lo, hi = public_equilibrium_range(RacingToThePrecipice(2, 0.5, 1.0), [0.5, 0.3],
    ...                                   grid=501)
    >>> round(lo, 2), round(hi, 2)
    (0.2, 0.4)
    """
    tol = check_tol(tol)
    c = np.asarray(capabilities, dtype=float)
    points = np.linspace(0.0, 1.0, grid)
    ok = [
        sigma
        for sigma in points
        if _public_regret(
            params, c, public_information_safety(params, c, leader_safety=sigma), points
        )
        <= tol
    ]
    if not ok:  # pragma: no cover - the closed-form range is never empty
        raise RuntimeError("no public-information equilibrium found on the grid")
    return float(min(ok)), float(max(ok))


# -- disaster ------------------------------------------------------------------------------------
def disaster_probability(params: RacingToThePrecipice, information: str) -> float:
    """The probability of an AI disaster at the (selected) equilibrium, in closed form.

    Examples
    --------
    Two teams, full enmity, μ = 1: information raises the danger from 1/2 to 2/3.

    >>> p = RacingToThePrecipice(2, 1.0, 1.0)
    >>> [round(disaster_probability(p, i), 6) for i in INFORMATION_LEVELS]
    [0.5, 0.666667, 0.666667]
    """
    level = _check_information(information)
    n, e, mu = params.teams, params.enmity, params.mu
    if level == "none":
        safe = no_information_safety(params)
    elif level == "private":
        cap = 1 + (n - 1) * e
        safe = n * mu / ((n + 1) * cap) if mu <= cap else 1 - (cap / mu) ** n / (n + 1)
    else:
        a = e / mu
        safe = (1 - max(0.0, 1 - a) ** (n + 1)) / ((n + 1) * a)
    return 1.0 - safe


def simulate_disaster(
    params: RacingToThePrecipice,
    information: str,
    *,
    samples: int = 100_000,
    rng: np.random.Generator | int | None = None,
) -> float:
    """Monte Carlo estimate of :func:`disaster_probability`: draw capabilities and play.

    The estimate averages the winner's failure probability :math:`1 - s_{\\mathrm{winner}}`
    over ``samples`` draws of the capabilities.

    Examples
    --------
    >>> p = RacingToThePrecipice(3, 0.7, 0.8)
    >>> est = simulate_disaster(p, "public", samples=200_000, rng=1)
    >>> abs(est - disaster_probability(p, "public")) < 0.01
    True
    """
    level = _check_information(information)
    generator = np.random.default_rng(rng)
    n, e = params.teams, params.enmity
    c = generator.uniform(0.0, params.mu, size=(samples, n))
    if level == "none":
        s = np.full_like(c, no_information_safety(params))
    elif level == "private":
        s = private_information_safety(params, c)
    else:
        top = np.sort(c, axis=1)
        sigma = np.minimum(1.0, (top[:, -1] - top[:, -2]) / e)
        s = np.clip(sigma[:, None] - (top[:, -1:] - c), 0.0, 1.0)
    score = c - s
    # Ties (none: all equal safety, so the most capable wins; public: matched scores) go to
    # the most capable team.
    best = score.max(axis=1, keepdims=True)
    winner = np.argmax(np.where(np.isclose(score, best, rtol=0, atol=1e-12), c, -np.inf), axis=1)
    safe = s[np.arange(samples), winner]
    return float(1.0 - safe.mean())
