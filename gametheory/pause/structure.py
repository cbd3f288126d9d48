r"""Equilibria and best-response dynamics of the pause game without the :math:`2^N` array.

The **deviation gain** of lab :math:`i` at a profile with racing set :math:`R` is what it
gains by racing rather than pausing, the others fixed (notation of :mod:`gametheory.pause.model`):

.. math::

    \Delta_i(R) = u_i(R \cup \{i\}) - u_i(R \setminus \{i\})
      = \frac{s_i V_i}{s_i + X_{-i}} - q_i F_i + \kappa_i - S_{-i}\, r_i H_i ,

with strengths :math:`s_j = c_j^\gamma`, :math:`X_{-i} = \sum_{j \in R, j \ne i} s_j` and
survival :math:`S_{-i} = (1 - r_0)\prod_{j \in R, j \ne i}(1 - r_j)`. It depends on the others
only through two aggregates, so it costs O(N) for all labs at once. A profile is a pure
equilibrium iff :math:`\Delta_i \ge -tol` for every racer and :math:`\Delta_i \le tol` for
every pauser.

Order structure
---------------
Another lab :math:`j` starting to race changes :math:`\Delta_i` in two opposite directions: it
shrinks :math:`i`'s contest share (racing becomes less attractive — strategic substitutes) and
it lowers survival, so :math:`i`'s own racing adds less expected harm (racing becomes more
attractive — strategic complements). :func:`order_structure` checks, in O(N²), sufficient
conditions for either to dominate for every pair and every profile:

* **complements** (a supermodular game) when
  :math:`r_i r_j H_i (1 - r_0)\prod_{k \ne i,j}(1 - r_k) \ge V_i s_j / (s_i + s_j)` for all
  :math:`i \ne j`; e.g. no prize (:math:`V = 0`) with harms and risks. Then pure equilibria form
  a lattice, and the smallest and largest are reached by best-response iteration from
  all-pause and from all-race (Topkis 1979; Milgrom & Roberts 1990), which is what
  :func:`extremal_equilibria` returns. All-pause is the unique equilibrium iff the largest is
  all-pause.
* **substitutes** when :math:`r_i r_j H_i (1 - r_0) \le V_i s_i s_j / ((s_i + X)(s_i + X + s_j))`
  with :math:`X = \sum_{k \ne i,j} s_k`; e.g. no harm (:math:`H = 0`). Pure equilibria then
  need not be ordered (or unique), and :func:`extremal_equilibria` returns ``None``.
* otherwise ``"unknown"``: the conditions are sufficient, not necessary; the game may still
  be either, but nothing is claimed.

References
----------
.. [1] Topkis, D. M. (1979). Equilibrium points in nonzero-sum n-person submodular games.
   *SIAM Journal on Control and Optimization* 17:773-787.
.. [2] Milgrom, P. & Roberts, J. (1990). Rationalizability, learning, and equilibrium in games
   with strategic complementarities. *Econometrica* 58:1255-1277.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from gametheory.core.errors import InputError
from gametheory.core.tolerance import TOL
from gametheory.pause.model import (
    PauseModel,
    _as_racing,
    _scalar,
    contest_strengths,
    detection_probabilities,
    lab_parameter,
    payoff_tol,
    racing_profiles,
)

__all__ = [
    "MAX_ENUMERATION_LABS",
    "Dynamics",
    "best_response_dynamics",
    "deviation_gains",
    "extremal_equilibria",
    "order_structure",
    "pause_equilibria",
]

#: The largest N for which :func:`pause_equilibria` enumerates all 2^N profiles.
MAX_ENUMERATION_LABS = 20


def _parameters(model: PauseModel) -> tuple[NDArray, ...]:
    strength = model.array("capability") ** float(model.decisiveness)
    fixed = model.array("pause_cost") - detection_probabilities(model) * model.array("sanction")
    return (
        strength,
        model.array("prize"),
        fixed,
        model.array("risk") * model.array("harm"),
        np.log1p(-model.array("risk")),
    )


def deviation_gains(model: PauseModel, racing: ArrayLike, *, exact: bool = False) -> NDArray[Any]:
    r""":math:`\Delta_i(R)` for every lab at every profile in ``racing`` (shape ``(..., N)``).

    With ``exact=True`` every number is a Fraction and the same formula is evaluated in
    rational arithmetic (the exact mode of :func:`gametheory.pause.analysis.analyze`).

    Examples
    --------
    Two labs with prize 4 and pause cost 1: alone, racing gains 4 + 1 = 5; against a racer,
    half the prize plus the saved pause cost, 3.

    >>> from gametheory import Lab, PauseModel
    >>> m = PauseModel(labs=(Lab("a", prize=4, pause_cost=1), Lab("b", prize=4, pause_cost=1)))
    >>> deviation_gains(m, [[False, False], [True, True]]).tolist()
    [[5.0, 5.0], [3.0, 3.0]]
    >>> deviation_gains(m, [[True, True]], exact=True).tolist()
    [[Fraction(3, 1), Fraction(3, 1)]]
    """
    racing = _as_racing(model, racing)
    zero, one = _scalar(0, exact), _scalar(1, exact)
    strength = contest_strengths(model, exact=exact)
    others = np.where(racing, strength, zero).sum(axis=-1, keepdims=True)
    others = others - np.where(racing, strength, zero)
    fixed = lab_parameter(model, "pause_cost", exact=exact) - detection_probabilities(
        model, exact=exact
    ) * lab_parameter(model, "sanction", exact=exact)
    risk = lab_parameter(model, "risk", exact=exact)
    own_survival = np.where(racing, one - risk, one)
    survive0 = one - _scalar(model.background_risk, exact)
    survive_others = survive0 * own_survival.prod(axis=-1, keepdims=True) / own_survival
    denominator = strength + others
    share = np.where(denominator > 0, strength / np.where(denominator > 0, denominator, one), one)
    prize = lab_parameter(model, "prize", exact=exact)
    return np.asarray(
        share * prize + fixed - survive_others * risk * lab_parameter(model, "harm", exact=exact)
    )


def _stable(racing: NDArray[np.bool_], gains: NDArray, tol: float) -> NDArray[np.bool_]:
    ok = np.where(racing, gains >= -tol, gains <= tol)
    return np.asarray(ok.all(axis=-1))


def pause_equilibria(
    model: PauseModel, *, tol: float = TOL, chunk_size: int = 1 << 16
) -> NDArray[np.bool_]:
    """All pure equilibria, as a boolean array ``(k, N)`` (True = race), by bitmask order.

    Enumerates the :math:`2^N` profiles in chunks with :func:`deviation_gains`, so memory
    stays bounded; refuses ``N > MAX_ENUMERATION_LABS``.

    Examples
    --------
    >>> from gametheory import Lab, PauseModel
    >>> m = PauseModel(labs=(Lab("a", prize=4, pause_cost=1), Lab("b", prize=4, pause_cost=1)))
    >>> pause_equilibria(m).astype(int).tolist()   # racing dominates
    [[1, 1]]
    """
    tol = payoff_tol(model, tol)
    n = model.num_labs
    if n > MAX_ENUMERATION_LABS:
        raise InputError(
            f"pause_equilibria: {n} labs give 2**{n} profiles; expected at most "
            f"{MAX_ENUMERATION_LABS} (use extremal_equilibria or best_response_dynamics)"
        )
    if n <= 16:
        profiles = racing_profiles(n)
        return profiles[_stable(profiles, deviation_gains(model, profiles), tol)]
    found = []
    bits = np.arange(n)
    for start in range(0, 1 << n, chunk_size):
        masks = np.arange(start, min(start + chunk_size, 1 << n), dtype=np.int64)
        profiles = ((masks[:, None] >> bits) & 1).astype(bool)
        found.append(profiles[_stable(profiles, deviation_gains(model, profiles), tol)])
    return np.concatenate(found)


@dataclass(frozen=True)
class Dynamics:
    """A run of best-response dynamics.

    Stores the start and the switches only, so a run costs O(N + steps) memory; the
    profiles visited are rebuilt on demand by :attr:`path`.

    Attributes
    ----------
    start : tuple of bool
        The starting profile (True = race).
    converged : bool
        Whether it stopped at a pure equilibrium (no lab wants to switch by more than ``tol``).
    cycle : bool
        Whether a profile repeated without converging.
    order : str
        ``"sequential"`` (labs revise one at a time, in index order, each seeing the latest
        profile) or ``"simultaneous"`` (all revise at once).
    switches : tuple of tuple of int
        For each step, the labs that switched.
    """

    start: tuple[bool, ...]
    converged: bool
    cycle: bool
    order: str
    switches: tuple[tuple[int, ...], ...]

    @property
    def path(self) -> tuple[tuple[bool, ...], ...]:
        """The profiles visited, the start first (O(N × steps): for inspection, not loops)."""
        current = list(self.start)
        out = [tuple(current)]
        for step in self.switches:
            for i in step:
                current[i] = not current[i]
            out.append(tuple(current))
        return tuple(out)

    @property
    def final(self) -> NDArray[np.bool_]:
        """The last profile reached."""
        current = np.array(self.start, dtype=bool)
        flips = np.zeros(len(current), dtype=np.int64)
        for step in self.switches:
            flips[list(step)] += 1
        return np.asarray(current ^ (flips % 2 == 1))


def best_response_dynamics(
    model: PauseModel,
    start: ArrayLike,
    *,
    order: Literal["sequential", "simultaneous"] = "sequential",
    tol: float = TOL,
    max_rounds: int = 1000,
) -> Dynamics:
    """Best-response dynamics from ``start`` until no lab wants to switch.

    A lab switches only when the switch gains more than ``tol``, so ties keep the current
    action. Sequential rounds update the racing aggregates incrementally: O(N) per round.

    Examples
    --------
    >>> from gametheory import Lab, PauseModel
    >>> m = PauseModel(labs=(Lab("a", prize=4, pause_cost=1), Lab("b", prize=4, pause_cost=1)))
    >>> run = best_response_dynamics(m, [False, False])
    >>> run.converged, run.final.tolist(), run.switches
    (True, [True, True], ((0,), (1,)))
    """
    tol = payoff_tol(model, tol)
    if order not in ("sequential", "simultaneous"):
        raise ValueError(f"order: got {order!r}; expected 'sequential' or 'simultaneous'")
    current = _as_racing(model, start).copy()
    if current.ndim != 1:
        raise ValueError(
            f"start: got shape {current.shape}; expected one profile ({model.num_labs},)"
        )
    start_profile = tuple(bool(x) for x in current)
    switches: list[tuple[int, ...]] = []
    # The dynamics are deterministic given the profile at the start of a round, so a
    # repeated round-start profile is a cycle; profiles are hashed as packed bytes.
    seen = {np.packbits(current).tobytes()}
    strength, prize, fixed, risk_harm, log_survive = _parameters(model)
    survive0 = 1.0 - float(model.background_risk)

    def result(converged: bool, cycle: bool) -> Dynamics:
        return Dynamics(start_profile, converged, cycle, order, tuple(switches))

    for _ in range(max_rounds):
        moved: list[int] = []
        if order == "simultaneous":
            gains = deviation_gains(model, current)
            want = np.where(current, gains >= -tol, gains > tol)
            moved = np.flatnonzero(want != current).tolist()
            current = want
            if moved:
                switches.append(tuple(moved))
        else:
            total = float(strength[current].sum())
            log_total = float(log_survive[current].sum())
            # Plain floats: scalar indexing of numpy arrays dominates this loop otherwise.
            s_, v_, c_, h_, l_ = (
                a.tolist() for a in (strength, prize, fixed, risk_harm, log_survive)
            )
            for i in range(model.num_labs):
                racing = bool(current[i])
                others = total - (s_[i] if racing else 0.0)
                log_others = log_total - (l_[i] if racing else 0.0)
                denominator = s_[i] + others
                share = s_[i] / denominator if denominator > 0 else 1.0
                gain = share * v_[i] + c_[i] - survive0 * math.exp(log_others) * h_[i]
                wants_race = gain >= -tol if racing else gain > tol
                if wants_race != racing:
                    current[i] = wants_race
                    sign = 1.0 if wants_race else -1.0
                    total += sign * s_[i]
                    log_total += sign * l_[i]
                    moved.append(i)
                    switches.append((i,))
        if not moved:
            return result(True, False)
        key = np.packbits(current).tobytes()
        if key in seen:
            return result(False, True)
        seen.add(key)
    return result(False, False)


def order_structure(model: PauseModel) -> Literal["complements", "substitutes", "unknown"]:
    """Which sufficient order condition of the module docstring holds, checked in O(N²).

    Examples
    --------
    No prize, only shared harm: others' racing makes racing more attractive.

    >>> from gametheory import Lab, PauseModel
    >>> labs = tuple(Lab(n, risk=0.2, harm=5, pause_cost=0.8) for n in "abc")
    >>> order_structure(PauseModel(labs=labs))
    'complements'
    >>> order_structure(PauseModel(labs=tuple(Lab(n, prize=3) for n in "abc")))
    'substitutes'
    """
    n = model.num_labs
    if n == 1:
        return "complements"
    strength, prize, _, risk_harm, log_survive = _parameters(model)
    risk = model.array("risk")
    survive0 = 1.0 - float(model.background_risk)
    log_all = log_survive.sum()
    off = ~np.eye(n, dtype=bool)
    # Complements: smallest risk relief vs largest share loss, for every ordered pair (i, j).
    with np.errstate(divide="ignore", invalid="ignore"):
        survive_rest = survive0 * np.exp(log_all - log_survive[:, None] - log_survive[None, :])
        relief_min = risk_harm[:, None] * risk[None, :] * survive_rest
        loss_max = prize[:, None] * strength[None, :] / (strength[:, None] + strength[None, :])
        loss_max = np.where(np.isfinite(loss_max), loss_max, 0.0)
        if np.all((relief_min >= loss_max)[off]):
            return "complements"
        relief_max = risk_harm[:, None] * risk[None, :] * survive0
        rest = strength.sum() - strength[:, None] - strength[None, :]
        s_i = strength[:, None]
        loss_min = (
            prize[:, None]
            * s_i
            * strength[None, :]
            / ((s_i + rest) * (s_i + rest + strength[None, :]))
        )
        loss_min = np.where(np.isfinite(loss_min), loss_min, 0.0)
    if np.all((relief_max <= loss_min)[off]):
        return "substitutes"
    return "unknown"


def extremal_equilibria(
    model: PauseModel, *, tol: float = TOL
) -> tuple[NDArray[np.bool_], NDArray[np.bool_]] | None:
    """The smallest and largest pure equilibria when the game has strategic complements.

    Returns ``None`` unless :func:`order_structure` is ``"complements"``. Otherwise iterates
    simultaneous best responses from all-pause (breaking ties toward pausing) and from
    all-race (toward racing); in a supermodular game these sequences are monotone and stop at
    the least and the greatest equilibrium (Topkis 1979), after at most N rounds each.

    Examples
    --------
    >>> from gametheory import Lab, PauseModel
    >>> labs = tuple(Lab(n, risk=0.2, harm=5, pause_cost=0.8) for n in "abc")
    >>> low, high = extremal_equilibria(PauseModel(labs=labs))
    >>> low.tolist(), high.tolist()
    ([False, False, False], [True, True, True])
    """
    tol = payoff_tol(model, tol)
    if order_structure(model) != "complements":
        return None
    n = model.num_labs
    low = np.zeros(n, dtype=bool)
    for _ in range(n + 1):
        step = deviation_gains(model, low) > tol
        if (step == low).all():
            break
        low = step
    high = np.ones(n, dtype=bool)
    for _ in range(n + 1):
        step = deviation_gains(model, high) >= -tol
        if (step == high).all():
            break
        high = step
    return low, high
