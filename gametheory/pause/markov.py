r"""The dynamic pause game: regimes, capability leads and stationary Markov perfect equilibria.

One model of the pause over time (``docs/model/time.md``), built from a scenario's one-shot
model (:mod:`gametheory.pause.model`) and its ``[dynamics]`` section, under the package's time
convention (:mod:`gametheory.pause.timing`): one period is one round of the one-shot game.

**States.** A state is a regime and every lab's capability level. Regimes:

* ``paused k/T`` (a pause with a fixed review after :math:`T` = ``pause_periods`` periods), or
  one ``paused`` regime (``resumption = "threshold"``: a safety threshold is met with
  probability :math:`\rho` each period; ``"never"``: the pause never ends by itself);
* ``collapsed k/L`` (``on_detection = "collapse"`` with ``collapse_periods`` :math:`L`: open
  racing for :math:`L` periods after a detected violation, then the pause is restored);
* ``racing``: open racing, before a pause, after it ends (resumed) or after a collapse with no
  restoration; an evaluation starts a new pause with probability ``trigger`` each period
  (the lifecycle's evaluate-and-pause step).

Lab :math:`i`'s level :math:`\ell_i \in \{0, \dots, L\}` (``lead_levels``) counts the periods
it has raced; its capability follows the race law of :mod:`gametheory.pause.race`,
:math:`C_i(\ell) = C(t = \ell)` of :math:`dC/dt = a C^\beta` from :math:`C_i(0) = c_i`. Because
the law is autonomous, one more period of racing is exactly one more level: the discretisation
is exact on the grid, capped at :math:`L`. Labs that pause keep their level (frozen).

**Per-period payoffs** are the one-shot payoffs (:func:`gametheory.pause.model.pause_payoffs`)
with capabilities :math:`C_i(\ell_i)` in the contest and prizes
:math:`V_i + v\,(C_i(\ell_i) - c_i)` (``prize_per_capability`` :math:`v`), so the leads decide
who wins and what winning is worth:

.. math::

    u_i(s, R) = 1[i \in R]\,\Bigl(\frac{C_i^\gamma}{\sum_{j \in R} C_j^\gamma} V_i(\ell)
        - 1[s \text{ paused}]\, q_i F_i\Bigr) - 1[i \notin R]\,\kappa_i - P(R) H_i .

**Transitions.** During a pause each racer is detected independently with :math:`q_i`; a
detected lab loses its lead (back to level 0) with probability ``confiscation``, every other
lab gains ``head_start`` levels (the detected defector resumes last), and with
``on_detection = "collapse"`` the pause collapses. Without a detection the pause runs its
course (review, threshold or never). In open racing there is nothing to detect.

**Equilibria.** :func:`solve_dynamic` finds a stationary Markov perfect equilibrium by
best-response dynamics from **compliance** (every lab pauses in every paused regime and races
in open racing) with :func:`gametheory.core.stochastic.markov_equilibria`, certified by the
stochastic-game regret; :func:`dynamic_equilibria` lists them (complete for small games).
A lab is **tempted** when, the others complying, its best covert plan (an optimal reply found
by policy iteration: it may race in any paused state, with any lead) is worth more than
complying, by more than ``tol``, from the start of the pause (:func:`temptation`).

**Special cases** (proved in ``tests/test_markov.py``): one paused period, no leads and
``on_detection = "continue"`` is the one-shot game (the continuation does not depend on the
period's actions, so the paused state's equilibria are the one-shot equilibria); no leads,
``resumption = "never"`` and ``on_detection = "collapse"`` is the repeated pause with Nash
reversion; ``trigger`` with ``resumption = "threshold"`` is the lifecycle's regime chain.

References
----------
.. [1] Shapley, L. S. (1953). Stochastic games. *PNAS* 39(10):1095-1100.
.. [2] Maskin, E. & Tirole, J. (2001). Markov perfect equilibrium I: observable actions.
   *Journal of Economic Theory* 100(2):191-219.
.. [3] Armstrong, S., Bostrom, N. & Shulman, C. (2016). Racing to the precipice: a model of
   artificial intelligence development. *AI & Society* 31:201-206.
.. [4] Alaga, J. & Schuett, J. (2023). Coordinated pausing: an evaluation-based coordination
   scheme for frontier AI developers. arXiv:2310.00374.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields, replace
from fractions import Fraction
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from gametheory.core.errors import InputError
from gametheory.core.stochastic import (
    EXACT_STATE_LIMIT,
    MarkovEquilibrium,
    MarkovEquilibriumSearch,
    StochasticGame,
    markov_equilibria,
    mixed_markov_equilibrium,
    one_shot_deviation_gains,
    policy_evaluation,
    transition_matrix,
)
from gametheory.core.tolerance import TOL, check_tol
from gametheory.pause.model import PauseModel, detection_probabilities, payoff_tol
from gametheory.pause.race import capability_trajectory

__all__ = [
    "SWEEP_LEVERS",
    "DynamicPath",
    "DynamicPauseGame",
    "DynamicSolution",
    "DynamicSweep",
    "DynamicUncertainty",
    "PauseDynamics",
    "PauseLevers",
    "ResumptionRuleCheck",
    "dynamic_equilibria",
    "dynamic_game",
    "dynamic_path",
    "dynamic_sweep",
    "dynamic_uncertainty",
    "least_confiscation",
    "least_detection_dynamic",
    "longest_pause",
    "pause_levers",
    "resumption_rules",
    "solve_dynamic",
    "temptation",
    "validate_dynamics_section",
]

PAUSED, COLLAPSED, RACING = 0, 1, 2
_RESUMPTION = ("review", "threshold", "never")
_ON_DETECTION = ("continue", "collapse")
#: The largest number of labs the dynamic game enumerates (2^N joint actions per state).
MAX_DYNAMIC_LABS = 8
#: Games up to this many states fall back to a mixed stationary equilibrium when
#: best-response dynamics reaches no pure one.
MIXED_STATE_LIMIT = 16


@dataclass(frozen=True)
class PauseDynamics:
    """The ``[dynamics]`` section: how the pause unfolds over time (module docstring).

    Parameters
    ----------
    discount : float
        :math:`\\delta \\in [0, 1)`, per period.
    pause_periods : int
        :math:`T \\ge 1`, the pause's length in periods for the fixed review (the scenario's
        stated pause length, in rounds of the one-shot game).
    resumption : str
        ``"review"`` (after ``pause_periods``), ``"threshold"`` (probability
        ``resumption_probability`` per period) or ``"never"``.
    resumption_probability : float
        :math:`\\rho \\in (0, 1]` for ``"threshold"``.
    on_detection : str
        ``"continue"`` (the detected lab is sanctioned and the pause goes on) or
        ``"collapse"`` (the pause collapses into open racing).
    collapse_periods : int
        :math:`L \\ge 0`: after a collapse, open racing for :math:`L` periods and then the pause
        is restored; 0 means it is never restored (except by ``trigger``).
    trigger : float
        Probability per period of open racing that an evaluation starts a new pause.
    confiscation : float
        Probability that a detected racer loses the lead it built (back to level 0).
    head_start : int
        Levels every other lab gains when a racer is detected (it resumes last).
    lead_levels : int
        :math:`L \\ge 0` capability levels above the start (0: no lead dynamics).
    growth_rate, returns : float
        :math:`a \\ge 0` and :math:`\\beta \\ge 0` of :math:`dC/dt = a C^\\beta`.
    prize_per_capability : float
        :math:`v \\ge 0`: the prize grows by :math:`v` per unit of capability gained.
    horizon : int
        Periods over which risk and time paused are reported.

    Examples
    --------
    >>> PauseDynamics(pause_periods=3).expected_pause_length
    3.0
    >>> PauseDynamics(resumption="vote")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    gametheory.core.errors.InputError: dynamics.resumption = 'vote': expected one of "review", ...
    """

    discount: float = 0.9
    pause_periods: int = 1
    resumption: str = "review"
    resumption_probability: float = 1.0
    on_detection: str = "continue"
    collapse_periods: int = 0
    trigger: float = 0.0
    confiscation: float = 0.0
    head_start: int = 0
    lead_levels: int = 0
    growth_rate: float = 0.0
    returns: float = 1.0
    prize_per_capability: float = 0.0
    horizon: int = 40

    def __post_init__(self) -> None:
        def bad(name: str, expected: str) -> InputError:
            return InputError(
                f"expected {expected}", field=f"dynamics.{name}", value=getattr(self, name)
            )

        def number(name: str, expected: str, ok: Any) -> None:
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int | float | Fraction):
                raise bad(name, expected)
            if not (math.isfinite(float(value)) and ok(float(value))):
                raise bad(name, expected)
            object.__setattr__(self, name, float(value))

        def integer(name: str, least: int) -> None:
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < least:
                raise bad(name, f"an integer >= {least}")

        number("discount", "a number in [0, 1)", lambda x: 0 <= x < 1)
        number("resumption_probability", "a probability in (0, 1]", lambda x: 0 < x <= 1)
        for name in ("trigger", "confiscation"):
            number(name, "a probability in [0, 1]", lambda x: 0 <= x <= 1)
        for name in ("growth_rate", "returns", "prize_per_capability"):
            number(name, "a number >= 0", lambda x: x >= 0)
        integer("pause_periods", 1)
        integer("collapse_periods", 0)
        integer("head_start", 0)
        integer("lead_levels", 0)
        integer("horizon", 1)
        if self.resumption not in _RESUMPTION:
            raise bad("resumption", 'one of "review", "threshold", "never"')
        if self.on_detection not in _ON_DETECTION:
            raise bad("on_detection", 'one of "continue", "collapse"')

    @property
    def expected_pause_length(self) -> float:
        """The pause's expected length in periods if nobody is detected (inf: never)."""
        if self.resumption == "review":
            return float(self.pause_periods)
        if self.resumption == "threshold":
            return 1.0 / self.resumption_probability
        return math.inf

    def describe(self) -> str:
        """The resumption rule in words."""
        if self.resumption == "review":
            rule = f"fixed review after {self.pause_periods} period(s)"
        elif self.resumption == "threshold":
            rule = f"safety threshold met with probability {self.resumption_probability:g}/period"
        else:
            rule = "no resumption"
        extra = []
        if self.on_detection == "collapse":
            extra.append("a detection collapses the pause")
        if self.confiscation:
            extra.append(f"lead confiscated with probability {self.confiscation:g}")
        if self.head_start:
            extra.append(f"a detected lab resumes {self.head_start} level(s) behind")
        return rule + ("; " + "; ".join(extra) if extra else "")


def validate_dynamics_section(table: Any, locate: Any) -> dict[str, Any]:
    """Validate a scenario's ``[dynamics]`` section (registered in ``SECTION_VALIDATORS``).

    Keys (all optional; docs/model/time.md): ``discount`` (in [0, 1)), ``pause_periods`` (an
    integer >= 1: the pause's length in rounds of the one-shot game), ``resumption``
    (``"review"``, ``"threshold"`` or ``"never"``), ``resumption_probability`` (in (0, 1]),
    ``on_detection`` (``"continue"`` or ``"collapse"``), ``collapse_periods`` (an integer >= 0;
    0: never restored), ``trigger`` and ``confiscation`` (in [0, 1]), ``head_start`` and
    ``lead_levels`` (integers >= 0), ``growth_rate``, ``returns`` and ``prize_per_capability``
    (>= 0) and ``horizon`` (an integer >= 1). Returns the keyword arguments of
    :class:`PauseDynamics` that the section sets.

    Examples
    --------
    >>> class Loc:
    ...     def error(self, message, *keys, value=None):
    ...         return InputError(message, field=".".join(("dynamics", *keys)), value=value)
    >>> validate_dynamics_section({"pause_periods": 2, "discount": 0.8}, Loc())
    {'discount': 0.8, 'pause_periods': 2}
    >>> validate_dynamics_section({"pause_period": 2}, Loc())  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    gametheory.core.errors.InputError: dynamics.pause_period = 2: unknown key; expected one of ...
    """
    if not isinstance(table, Mapping):
        raise locate.error("expected a table", value=table)
    known = [f.name for f in fields(PauseDynamics)]
    for key in table:
        if key not in known:
            raise locate.error(f"unknown key; expected one of {known}", key, value=table[key])
    try:
        params = PauseDynamics(**dict(table))
    except InputError as exc:
        key = (exc.field or "").removeprefix("dynamics.")
        raise locate.error(exc.message, key, value=exc.value) from None
    return {k: v for k, v in asdict(params).items() if k in table}


def _as_dynamics(dynamics: PauseDynamics | Mapping[str, Any] | None) -> PauseDynamics:
    if dynamics is None:
        return PauseDynamics()
    if isinstance(dynamics, PauseDynamics):
        return dynamics
    return PauseDynamics(**dict(dynamics))


# -- the game -----------------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class DynamicPauseGame:
    """The dynamic pause game of a model (module docstring); built by :func:`dynamic_game`.

    Attributes
    ----------
    model : PauseModel
    dynamics : PauseDynamics
    regimes : tuple of str
        Regime names; ``regime_kind[r]`` is 0 paused, 1 collapsed, 2 racing.
    regime_kind : ndarray of int
    capability : ndarray, shape (N, L + 1)
        :math:`C_i(\\ell)` on the level grid.
    detection : ndarray, shape (N,)
        :math:`q_i` per period of racing during a pause.
    game : StochasticGame
        States ``regime * (L + 1)**N + sum_i level_i (L + 1)**i``; action 0 pause, 1 race.
    start : int
        The first period of the pause with every lead 0.
    """

    model: PauseModel
    dynamics: PauseDynamics
    regimes: tuple[str, ...]
    regime_kind: NDArray[np.intp]
    capability: NDArray[np.float64]
    detection: NDArray[np.float64]
    sanction: NDArray[np.float64]
    advance_next: NDArray[np.intp]
    advance_prob: NDArray[np.float64]
    collapse_to: int
    game: StochasticGame
    start: int

    @property
    def lead_states(self) -> int:
        """The number of lead vectors, :math:`(L + 1)^N`."""
        return int((self.dynamics.lead_levels + 1) ** self.model.num_labs)

    def state(self, regime: int, levels: ArrayLike) -> int:
        """The index of the state with regime ``regime`` and lead levels ``levels``."""
        base = self.dynamics.lead_levels + 1
        code = int(np.dot(np.asarray(levels), base ** np.arange(self.model.num_labs)))
        return regime * self.lead_states + code

    def levels(self, states: ArrayLike) -> NDArray[np.intp]:
        """The lead levels of each state, shape ``(m, N)``."""
        base = self.dynamics.lead_levels + 1
        code = np.asarray(states) % self.lead_states
        return np.asarray((code[:, None] // base ** np.arange(self.model.num_labs)) % base)

    def compliance(self) -> NDArray[np.intp]:
        """The compliance profile: pause in every paused regime, race in open racing."""
        racing = self.regime_kind[np.arange(self.game.num_states) // self.lead_states] != PAUSED
        return np.repeat(racing[:, None], self.model.num_labs, axis=1).astype(np.intp)

    def pause_path_states(self) -> NDArray[np.intp]:
        """The paused states on the compliance path: every paused regime, leads all 0."""
        paused = np.flatnonzero(self.regime_kind == PAUSED)
        return np.array([self.state(int(r), np.zeros(self.model.num_labs)) for r in paused])

    def catastrophe(self, states: NDArray[np.intp], actions: NDArray[np.intp]) -> NDArray:
        """The catastrophe probability :math:`P(R)` of each row."""
        risk = self.model.array("risk")
        survive = np.where(actions.astype(bool), 1.0 - risk, 1.0).prod(axis=1)
        return np.asarray(1.0 - (1.0 - float(self.model.background_risk)) * survive)

    def __call__(
        self, states: NDArray[np.intp], actions: NDArray[np.intp]
    ) -> tuple[NDArray[np.float64], NDArray[np.intp], NDArray[np.intp], NDArray[np.float64]]:
        """The outcome oracle of :class:`~gametheory.core.stochastic.StochasticGame`.

        The last few answers are kept: best responses ask for the same rows repeatedly.
        """
        states = np.ascontiguousarray(states, dtype=np.intp)
        actions = np.ascontiguousarray(actions, dtype=np.intp)
        key = (states.tobytes(), actions.tobytes())
        cache: dict[Any, Any] = self.__dict__.setdefault("_cache", {})
        if key not in cache:
            if len(cache) >= 8:
                cache.pop(next(iter(cache)))
            cache[key] = self._outcomes(states, actions)
        return cache[key]

    def _outcomes(
        self, states: NDArray[np.intp], actions: NDArray[np.intp]
    ) -> tuple[NDArray[np.float64], NDArray[np.intp], NDArray[np.intp], NDArray[np.float64]]:
        model, dyn = self.model, self.dynamics
        n, top = model.num_labs, dyn.lead_levels
        states = np.asarray(states, dtype=np.intp)
        racing = np.asarray(actions).astype(bool)
        m = len(states)
        regime = states // self.lead_states
        paused = self.regime_kind[regime] == PAUSED
        levels = self.levels(states)
        cap = self.capability[np.arange(n)[None, :], levels]
        strength = cap ** float(model.decisiveness)
        total = np.where(racing, strength, 0.0).sum(axis=1, keepdims=True)
        share = np.divide(strength, total, out=np.zeros((m, n)), where=racing)
        prize = model.array("prize") + dyn.prize_per_capability * (cap - self.capability[:, 0])
        q = np.where(paused[:, None] & racing, self.detection, 0.0)
        race_value = share * prize - q * self.sanction
        payoff = np.where(racing, race_value, -model.array("pause_cost"))
        payoff = payoff - self.catastrophe(states, racing.astype(np.intp))[:, None] * model.array(
            "harm"
        )
        grown = np.minimum(levels + racing, top)
        base = top + 1
        weights = base ** np.arange(n)
        rows_out: list[NDArray[np.intp]] = []
        next_out: list[NDArray[np.intp]] = []
        prob_out: list[NDArray[np.float64]] = []
        everyone = np.arange(m, dtype=np.intp)

        def emit(rows: NDArray[np.intp], lv: NDArray[np.intp], reg: NDArray, p: NDArray) -> None:
            keep = p > 0
            rows_out.append(rows[keep])
            next_out.append((reg * self.lead_states + lv @ weights)[keep])
            prob_out.append(p[keep])

        # No detection (always, outside a pause): the regime advances on its own.
        miss = np.where(q > 0, 1.0 - q, 1.0).prod(axis=1)
        for k in range(self.advance_next.shape[1]):
            emit(everyone, grown, self.advance_next[regime, k], miss * self.advance_prob[regime, k])
        caught_any = paused & racing.any(axis=1) & (q > 0).any(axis=1)
        # Bit i set when lab i can be detected in this row (it races during a pause).
        exposed = ((q > 0) * (1 << np.arange(n))).sum(axis=1)
        for mask in range(1, 1 << n):
            subset = caught_any & ((exposed & mask) == mask)
            if not subset.any():
                continue
            detected = ((mask >> np.arange(n)) & 1).astype(bool)
            rows = everyone[subset]
            qq = q[subset]
            p = np.where(detected, qq, 1.0 - qq).prod(axis=1)
            lv = grown[subset].copy()
            if dyn.head_start:
                lv[:, ~detected] = np.minimum(lv[:, ~detected] + dyn.head_start, top)
            if dyn.on_detection == "collapse":
                regs: list[tuple[NDArray, NDArray]] = [
                    (np.full(len(rows), self.collapse_to), np.ones(len(rows)))
                ]
            else:
                r = regime[subset]
                regs = [
                    (self.advance_next[r, k], self.advance_prob[r, k])
                    for k in range(self.advance_next.shape[1])
                ]
            for sub in _subsets(mask, n):
                lost = ((sub >> np.arange(n)) & 1).astype(bool)
                count_lost = int(lost.sum())
                c = dyn.confiscation
                pc = c**count_lost * (1 - c) ** (int(detected.sum()) - count_lost)
                if pc == 0:
                    continue
                lv_sub = lv.copy()
                lv_sub[:, lost] = 0
                for reg, pr in regs:
                    emit(rows, lv_sub, reg, p * pc * pr)
        return (
            payoff,
            np.concatenate(rows_out),
            np.concatenate(next_out),
            np.concatenate(prob_out),
        )


def _subsets(mask: int, n: int) -> list[int]:
    """Every sub-bitmask of ``mask``."""
    out = [0]
    for i in range(n):
        if mask >> i & 1:
            out += [s | (1 << i) for s in out]
    return out


def _regimes(dyn: PauseDynamics) -> tuple[list[tuple[str, int]], NDArray, NDArray, int]:
    names: list[tuple[str, int]] = []
    if dyn.resumption == "review":
        t = dyn.pause_periods
        names += [(f"paused {k}/{t}", PAUSED) for k in range(1, t + 1)]
    else:
        names.append(("paused", PAUSED))
    first_collapse = len(names)
    if dyn.on_detection == "collapse" and dyn.collapse_periods:
        c = dyn.collapse_periods
        names += [(f"collapsed {k}/{c}", COLLAPSED) for k in range(1, c + 1)]
    racing = len(names)
    names.append(("racing", RACING))
    size = len(names)
    nxt = np.zeros((size, 2), dtype=np.intp)
    prob = np.zeros((size, 2))
    for r, (_, kind) in enumerate(names):
        if kind == PAUSED:
            if dyn.resumption == "review":
                nxt[r, 0] = r + 1 if r + 1 < dyn.pause_periods else racing
                prob[r, 0] = 1.0
            elif dyn.resumption == "threshold":
                nxt[r] = (racing, r)
                prob[r] = (dyn.resumption_probability, 1.0 - dyn.resumption_probability)
            else:
                nxt[r, 0], prob[r, 0] = r, 1.0
        elif kind == COLLAPSED:
            nxt[r, 0] = r + 1 if r + 1 < racing else 0
            prob[r, 0] = 1.0
        else:
            nxt[r] = (0, r)
            prob[r] = (dyn.trigger, 1.0 - dyn.trigger)
    collapse_to = (
        first_collapse if dyn.on_detection == "collapse" and dyn.collapse_periods else racing
    )
    return names, nxt, prob, collapse_to


def dynamic_game(
    model: PauseModel,
    dynamics: PauseDynamics | Mapping[str, Any] | None = None,
    *,
    detection: ArrayLike | None = None,
    sanction: ArrayLike | None = None,
) -> DynamicPauseGame:
    """Build the dynamic pause game of ``model`` (module docstring).

    ``detection`` and ``sanction`` override :math:`q` and :math:`F` (arrays of length N),
    which is how the levers re-solve the game.

    Examples
    --------
    >>> from gametheory import Lab, PauseModel
    >>> m = PauseModel(labs=(Lab("a", prize=4, sanction=10), Lab("b", prize=4, sanction=10)))
    >>> g = dynamic_game(m, PauseDynamics(pause_periods=2, lead_levels=1, growth_rate=0.5))
    >>> g.regimes, g.game.num_states
    (('paused 1/2', 'paused 2/2', 'racing'), 12)
    """
    dyn = _as_dynamics(dynamics)
    n = model.num_labs
    if n > MAX_DYNAMIC_LABS:
        raise InputError(
            f"the dynamic game enumerates 2^N joint actions; expected at most "
            f"{MAX_DYNAMIC_LABS} labs",
            field="labs",
            value=n,
        )
    grid = capability_trajectory(
        model.array("capability"), dyn.growth_rate, dyn.returns, np.arange(dyn.lead_levels + 1)
    ).T.reshape(n, dyn.lead_levels + 1)
    if not np.isfinite(grid).all():
        raise InputError(
            "capability explodes within the lead levels (dC/dt = a C^beta blows up); expected "
            "fewer lead_levels, a smaller growth_rate or returns",
            field="dynamics.lead_levels",
            value=dyn.lead_levels,
        )
    grid.setflags(write=False)
    q = detection_probabilities(model) if detection is None else np.asarray(detection, float)
    f = model.array("sanction") if sanction is None else np.asarray(sanction, float)
    q = np.broadcast_to(q, (n,)).copy()
    f = np.broadcast_to(f, (n,)).copy()
    names, nxt, prob, collapse_to = _regimes(dyn)
    kinds = np.array([k for _, k in names], dtype=np.intp)
    lead_states = (dyn.lead_levels + 1) ** n
    size = len(names) * lead_states
    built = DynamicPauseGame(
        model=model,
        dynamics=dyn,
        regimes=tuple(name for name, _ in names),
        regime_kind=kinds,
        capability=grid,
        detection=q,
        sanction=f,
        advance_next=nxt,
        advance_prob=prob,
        collapse_to=collapse_to,
        game=None,  # type: ignore[arg-type]
        start=0,
    )
    base = dyn.lead_levels + 1
    state_names = (
        tuple(
            f"{names[s // lead_states][0]} | levels "
            + ",".join(str((s % lead_states) // base**i % base) for i in range(n))
            for s in range(size)
        )
        if size <= 4096
        else ()
    )
    game = StochasticGame(
        np.full((size, n), 2, dtype=np.intp),
        np.full(n, dyn.discount),
        built,
        model.lab_names,
        state_names,
    )
    object.__setattr__(built, "game", game)
    return built


# -- solving ------------------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class DynamicPath:
    """The equilibrium's expected course from the start of the pause, period by period.

    Attributes
    ----------
    paused : ndarray, shape (H,)
        Probability that in period t the pause is in force and every lab keeps it, given no
        catastrophe yet.
    lead : ndarray, shape (H, N)
        Expected capability gained, :math:`E[C_i - c_i]`, given no catastrophe yet.
    values : ndarray, shape (H, N)
        Expected continuation value :math:`E[v_i(s_t)]`, given no catastrophe yet.
    cumulative_risk : ndarray, shape (H,)
        Probability of a catastrophe by the end of period t.
    expected_time_paused : float
        Expected number of periods within the horizon in which the pause is in force and kept
        by every lab (a catastrophe ends the count).
    """

    paused: NDArray[np.float64]
    lead: NDArray[np.float64]
    values: NDArray[np.float64]
    cumulative_risk: NDArray[np.float64]
    expected_time_paused: float


@dataclass(frozen=True, eq=False)
class DynamicSolution:
    """The dynamic pause game solved (:func:`solve_dynamic`).

    Attributes
    ----------
    dynamic : DynamicPauseGame
    equilibrium : MarkovEquilibrium or None
        The stationary MPE best-response dynamics reaches from compliance (else from everyone
        racing; else, for games of at most 16 states, a mixed one), certified; ``None`` when
        none was found (the dynamics cycles): the verdict on temptation still stands.
    gains : ndarray, shape (N,)
        Each lab's :func:`temptation`: what its best covert plan gains over complying, from
        the start of the pause (positive: tempted).
    tempted : tuple of str
        Labs with ``gains > tol``.
    compliance_is_equilibrium : bool
        Whether compliance itself is a stationary MPE (regret <= tol in every state).
    pause_holds : bool
        Whether every lab pauses at every paused state on the equilibrium's path.
    path : DynamicPath or None
    tol : float
    """

    dynamic: DynamicPauseGame
    equilibrium: MarkovEquilibrium | None
    gains: NDArray[np.float64]
    tempted: tuple[str, ...]
    compliance_is_equilibrium: bool
    pause_holds: bool
    path: DynamicPath | None
    tol: float


def temptation(dynamic: DynamicPauseGame, *, tol: float = TOL) -> NDArray[np.float64]:
    r"""Each lab's gain from its best covert plan over complying, at the start of the pause.

    With the others complying, the lab faces a Markov decision process. Its optimal reply
    (:func:`gametheory.core.stochastic.best_response`, which may race covertly in any paused
    state, with any lead) is worth :math:`V^{cov}_i(s_0)`; its best compliant reply (pausing
    in every paused state, free in open racing) is worth :math:`V^{com}_i(s_0)`; the
    temptation is the difference (>= 0; positive means tempted). The thresholds of
    :func:`pause_levers` are roots of it.

    Examples
    --------
    One period, no leads: the gain is the one-shot :math:`\max(0, G_i - q_i F_i)`.

    >>> from gametheory import Channel, Lab, PauseModel
    >>> m = PauseModel(labs=(Lab("a", prize=4, sanction=10), Lab("b", prize=6, sanction=10)),
    ...                channels=(Channel("audit", (0.5, 0.5)),))
    >>> temptation(dynamic_game(m)).round(12).tolist()
    [0.0, 1.0]
    """
    from gametheory.core.stochastic import best_response

    game = dynamic.game
    profile = dynamic.compliance()
    paused = dynamic.regime_kind[np.arange(game.num_states) // dynamic.lead_states] == PAUSED
    out = np.empty(game.num_players)
    for i in range(game.num_players):
        _, covert = best_response(game, profile, i, tol=tol)
        _, compliant = best_response(game, profile, i, tol=tol, frozen=paused)
        out[i] = max(0.0, float(covert[dynamic.start] - compliant[dynamic.start]))
    return out


def dynamic_path(dynamic: DynamicPauseGame, equilibrium: ArrayLike) -> DynamicPath:
    """Forward the state distribution from the start of the pause under a stationary profile.

    Examples
    --------
    >>> from gametheory import Lab, PauseModel
    >>> m = PauseModel(labs=(Lab("a", prize=4, sanction=10),))
    >>> d = dynamic_game(m, PauseDynamics(pause_periods=2, horizon=4))
    >>> dynamic_path(d, d.compliance()).paused.tolist()
    [1.0, 1.0, 0.0, 0.0]
    """
    profile = np.asarray(equilibrium)
    game = dynamic.game
    _, matrix = transition_matrix(game, profile)
    values = policy_evaluation(game, profile)
    states = np.arange(game.num_states)
    # Race probabilities (S, N) of a pure (S, N) or mixed (N, S, 2) profile.
    race = profile.astype(float) if profile.ndim == 2 else profile[:, :, 1].T.astype(float)
    survive = (1.0 - race * dynamic.model.array("risk")).prod(axis=1)
    risk = 1.0 - (1.0 - float(dynamic.model.background_risk)) * survive
    in_force = dynamic.regime_kind[states // dynamic.lead_states] == PAUSED
    paused_state = in_force * (1.0 - race).prod(axis=1)
    lead = dynamic.capability[np.arange(dynamic.model.num_labs), dynamic.levels(states)]
    lead = lead - dynamic.capability[:, 0]
    horizon = dynamic.dynamics.horizon
    mass = np.zeros(game.num_states)
    mass[dynamic.start] = 1.0
    paused = np.empty(horizon)
    leads = np.empty((horizon, dynamic.model.num_labs))
    vals = np.empty_like(leads)
    cumulative = np.empty(horizon)
    time_paused = 0.0
    transpose = matrix.T.tocsr()
    for t in range(horizon):
        alive = mass.sum()
        paused[t] = mass @ paused_state / alive
        leads[t] = mass @ lead / alive
        vals[t] = mass @ values / alive
        time_paused += float(mass @ paused_state)
        mass = transpose @ (mass * (1.0 - risk))
        cumulative[t] = 1.0 - mass.sum()
    return DynamicPath(paused, leads, vals, cumulative, time_paused)


def solve_dynamic(
    model: PauseModel,
    dynamics: PauseDynamics | Mapping[str, Any] | None = None,
    *,
    detection: ArrayLike | None = None,
    sanction: ArrayLike | None = None,
    tol: float = TOL,
    exact: bool = False,
) -> DynamicSolution:
    """Solve the dynamic pause game: temptation, a certified stationary MPE and its path.

    ``exact=True`` also certifies the equilibrium in rational arithmetic, for games of at most
    :data:`gametheory.core.stochastic.EXACT_STATE_LIMIT` states (larger games are certified in
    floating point against ``tol`` only).

    Examples
    --------
    >>> from gametheory import Channel, Lab, PauseModel
    >>> m = PauseModel(labs=(Lab("a", prize=4, sanction=10), Lab("b", prize=6, sanction=10)),
    ...                channels=(Channel("audit", (0.5, 0.5)),))
    >>> s = solve_dynamic(m)
    >>> s.tempted, s.pause_holds, s.equilibrium.regret
    (('b',), False, 0.0)
    """
    tol = payoff_tol(model, tol)
    dynamic = dynamic_game(model, dynamics, detection=detection, sanction=sanction)
    exact = exact and dynamic.game.num_states <= EXACT_STATE_LIMIT
    gains = temptation(dynamic, tol=tol)
    compliance = dynamic.compliance()
    equilibrium = None
    # From compliance first (the headline: the equilibrium the pause settles into), then from
    # everyone racing everywhere; small games fall back to a mixed stationary equilibrium.
    for start in (compliance, np.ones_like(compliance)):
        search = markov_equilibria(dynamic.game, starts=(start,), tol=tol, exact=exact)
        if search.equilibria:
            equilibrium = search.equilibria[0]
            break
    if equilibrium is None and dynamic.game.num_states <= MIXED_STATE_LIMIT:
        # A mixed equilibrium is found numerically: it needs a positive tolerance.
        mixed_tol = tol if tol > 0 else payoff_tol(model, TOL)
        equilibrium = mixed_markov_equilibrium(dynamic.game, tol=mixed_tol, exact=exact)
    regret_ok = float(
        np.max(np.maximum(one_shot_deviation_gains(dynamic.game, compliance).max(axis=2), 0))
    )
    path = None
    holds = False
    if equilibrium is not None:
        path = dynamic_path(dynamic, equilibrium.profile)
        on_path = dynamic.pause_path_states()
        pure = equilibrium.profile if equilibrium.is_pure else None
        if pure is not None:
            holds = bool((pure[on_path] == 0).all())
        else:  # mixed: the pause holds when every lab pauses with certainty on its path
            holds = bool((equilibrium.profile[:, on_path, 1] == 0).all())
    tempted = tuple(name for name, g in zip(model.lab_names, gains, strict=True) if g > tol)
    gains.setflags(write=False)
    return DynamicSolution(dynamic, equilibrium, gains, tempted, regret_ok <= tol, holds, path, tol)


def dynamic_equilibria(
    model: PauseModel,
    dynamics: PauseDynamics | Mapping[str, Any] | None = None,
    *,
    tol: float = TOL,
    exact: bool = False,
) -> MarkovEquilibriumSearch:
    """Every pure stationary MPE of a small dynamic game (complete when exhaustive).

    Examples
    --------
    >>> from gametheory import Lab, PauseModel
    >>> m = PauseModel(labs=(Lab("a", prize=4, pause_cost=1), Lab("b", prize=4, pause_cost=1)))
    >>> r = dynamic_equilibria(m)
    >>> r.complete, [e.profile.tolist() for e in r.equilibria]
    (True, [[[1, 1], [1, 1]]])
    """
    game = dynamic_game(model, dynamics).game
    return markov_equilibria(game, tol=payoff_tol(model, tol), exact=exact)


# -- the levers ---------------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class PauseLevers:
    """The seed's levers for one scenario (:func:`pause_levers`).

    Attributes
    ----------
    labs : tuple of str
    longest_pause : ndarray, shape (N,)
        Longest fixed-review pause (periods) through which the lab is not tempted, up to
        ``max_periods`` (``inf``: not tempted at any length tried; 0: tempted even at 1).
    lead_built : ndarray, shape (N,)
        Capability the lab would gain by racing covertly through the first pause length that
        tempts it (``nan`` when none does).
    least_detection : ndarray, shape (N,)
        Least per-period detection making the lab untempted at every length tried (``inf``:
        no detection suffices).
    least_confiscation : float
        Least confiscation probability making every lab untempted at the scenario's rule
        (``inf``: none suffices; 0: none needed).
    max_periods : int
    """

    labs: tuple[str, ...]
    longest_pause: NDArray[np.float64]
    lead_built: NDArray[np.float64]
    least_detection: NDArray[np.float64]
    least_confiscation: float
    max_periods: int


def longest_pause(
    model: PauseModel,
    dynamics: PauseDynamics | Mapping[str, Any] | None = None,
    *,
    max_periods: int = 12,
    tol: float = TOL,
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Per lab, the longest fixed-review pause before covert racing pays, and the lead built.

    Solves the game at every review length :math:`T = 1, \\dots,` ``max_periods``; the answer
    is the last :math:`T` with no temptation before the first that tempts (so the re-solve on
    either side is the search itself). The lead is :math:`C_i(\\min(T+1, L)) - c_i`, what
    racing through the first tempting pause builds.

    Examples
    --------
    A lead worth having (the prize grows with capability): the pause holds for 2 periods, not
    3; racing through 3 periods builds :math:`e^{0.9} - 1` of capability.

    >>> from gametheory import Channel, Lab, PauseModel
    >>> m = PauseModel(labs=(Lab("a", prize=1, sanction=5), Lab("b", prize=1, sanction=5)),
    ...                channels=(Channel("audit", (0.5, 0.5)),))
    >>> dyn = PauseDynamics(discount=0.9, lead_levels=4, growth_rate=0.3, prize_per_capability=1.0)
    >>> length, lead = longest_pause(m, dyn, max_periods=5)
    >>> length.tolist(), lead.round(4).tolist()
    ([2.0, 2.0], [1.4596, 1.4596])
    """
    tol = payoff_tol(model, tol)
    dyn = _as_dynamics(dynamics)
    n = model.num_labs
    longest = np.full(n, np.inf)
    lead = np.full(n, np.nan)
    for t in range(1, max_periods + 1):
        game = dynamic_game(model, replace(dyn, resumption="review", pause_periods=t))
        tempted = temptation(game, tol=tol) > tol
        fresh = tempted & np.isinf(longest)
        longest[fresh] = t - 1
        level = min(t, dyn.lead_levels)
        lead[fresh] = game.capability[fresh, level] - game.capability[fresh, 0]
        if not np.isinf(longest).any():
            break
    return longest, lead


def _root(gain: Any, tol: float) -> float:
    """The least x in [0, 1] with gain(x) <= tol, gain decreasing; checked either side."""
    from scipy.optimize import brentq

    if gain(0.0) <= tol:
        return 0.0
    if gain(1.0) > tol:
        return math.inf
    root = float(brentq(lambda x: gain(x) - tol, 0.0, 1.0, xtol=1e-12))
    step = 1e-6
    if not (gain(min(1.0, root + step)) <= tol and gain(max(0.0, root - step)) > tol):
        raise RuntimeError(  # pragma: no cover - the gain is monotone in these levers
            "threshold check failed: the condition does not change sign at the root"
        )
    return root


def least_detection_dynamic(
    model: PauseModel,
    dynamics: PauseDynamics | Mapping[str, Any] | None = None,
    *,
    tol: float = TOL,
) -> NDArray[np.float64]:
    """Per lab, the least per-period detection :math:`q_i` that removes its temptation.

    The root of the lab's signed gain (:func:`temptation`) as its own :math:`q_i` varies, the
    others' detection as in the model; re-solved at the root ± 1e-6 to check the sign change.

    Examples
    --------
    One period, no leads: the one-shot :math:`q^* = G / F = 4 / 10`.

    >>> from gametheory import Lab, PauseModel
    >>> m = PauseModel(labs=(Lab("a", prize=4, sanction=10),))
    >>> least_detection_dynamic(m).round(9).tolist()
    [0.4]
    """
    tol = payoff_tol(model, tol)
    dyn = _as_dynamics(dynamics)
    base = detection_probabilities(model)
    out = np.empty(model.num_labs)
    for i in range(model.num_labs):

        def gain(x: float, i: int = i) -> float:
            q = base.copy()
            q[i] = x
            return float(temptation(dynamic_game(model, dyn, detection=q), tol=tol)[i])

        out[i] = _root(gain, tol)
    return out


def least_confiscation(
    model: PauseModel,
    dynamics: PauseDynamics | Mapping[str, Any] | None = None,
    *,
    tol: float = TOL,
) -> float:
    """The least confiscation probability making every lab untempted (root, checked).

    Examples
    --------
    >>> from gametheory import Channel, Lab, PauseModel
    >>> m = PauseModel(labs=(Lab("a", prize=1, sanction=5), Lab("b", prize=1, sanction=5)),
    ...                channels=(Channel("audit", (0.5, 0.5)),))
    >>> dyn = PauseDynamics(discount=0.9, pause_periods=4, lead_levels=4, growth_rate=0.3,
    ...                prize_per_capability=1.0)
    >>> round(least_confiscation(m, dyn), 4)
    0.0387
    """
    tol = payoff_tol(model, tol)
    dyn = _as_dynamics(dynamics)

    def gain(x: float) -> float:
        return float(temptation(dynamic_game(model, replace(dyn, confiscation=x)), tol=tol).max())

    return _root(gain, tol)


@dataclass(frozen=True)
class ResumptionRuleCheck:
    """Whether one resumption rule keeps the pause (:func:`resumption_rules`)."""

    rule: str
    dynamics: PauseDynamics
    tempted: tuple[str, ...]
    compliance_is_equilibrium: bool

    @property
    def holds(self) -> bool:
        """No lab is tempted on the pause's path."""
        return not self.tempted


def resumption_rules(
    model: PauseModel,
    dynamics: PauseDynamics | Mapping[str, Any] | None = None,
    *,
    tol: float = TOL,
) -> tuple[ResumptionRuleCheck, ...]:
    """The scenario's rule beside the alternatives: which keep the pause an equilibrium.

    Alternatives, all with the scenario's expected pause length: a fixed review, a safety
    threshold with the same expected length, the detected defector resuming one and two
    levels behind, and certain confiscation of a detected lead.

    Examples
    --------
    >>> from gametheory import Lab, PauseModel
    >>> m = PauseModel(labs=(Lab("a", prize=4, sanction=10),))
    >>> [r.rule for r in resumption_rules(m)][:2]
    ['as in the scenario', 'fixed review after 1 period(s)']
    """
    tol = payoff_tol(model, tol)
    dyn = _as_dynamics(dynamics)
    length = dyn.expected_pause_length
    periods = dyn.pause_periods if not math.isfinite(length) else max(1, round(length))
    variants = [
        ("as in the scenario", dyn),
        (
            f"fixed review after {periods} period(s)",
            replace(dyn, resumption="review", pause_periods=periods),
        ),
        (
            f"safety threshold, probability {1 / periods:.3g} per period",
            replace(dyn, resumption="threshold", resumption_probability=1 / periods),
        ),
        ("detected defector resumes 1 level behind", replace(dyn, head_start=1)),
        ("detected defector resumes 2 levels behind", replace(dyn, head_start=2)),
        ("detected lead confiscated", replace(dyn, confiscation=1.0)),
    ]
    out = []
    for rule, variant in variants:
        game = dynamic_game(model, variant)
        gains = temptation(game, tol=tol)
        tempted = tuple(n for n, g in zip(model.lab_names, gains, strict=True) if g > tol)
        regret = float(
            np.maximum(one_shot_deviation_gains(game.game, game.compliance()).max(), 0.0)
        )
        out.append(ResumptionRuleCheck(rule, variant, tempted, regret <= tol))
    return tuple(out)


def pause_levers(
    model: PauseModel,
    dynamics: PauseDynamics | Mapping[str, Any] | None = None,
    *,
    max_periods: int = 12,
    tol: float = TOL,
) -> PauseLevers:
    """The seed's levers: longest pause, lead built, least detection and confiscation.

    Least detection is computed at the longest pause tried (``max_periods``, fixed review),
    so that it deters every length up to it when the temptation grows with the length.

    Examples
    --------
    >>> from gametheory import Lab, PauseModel
    >>> m = PauseModel(labs=(Lab("a", prize=4, sanction=10),))
    >>> levers = pause_levers(m, max_periods=3)
    >>> levers.longest_pause.tolist(), levers.least_detection.round(9).tolist()
    ([0.0], [0.4])
    """
    tol = payoff_tol(model, tol)
    dyn = _as_dynamics(dynamics)
    longest, lead = longest_pause(model, dyn, max_periods=max_periods, tol=tol)
    longest_dyn = replace(dyn, resumption="review", pause_periods=max_periods)
    detection = least_detection_dynamic(model, longest_dyn, tol=tol)
    confiscation = least_confiscation(model, dyn, tol=tol)
    for array in (longest, lead, detection):
        array.setflags(write=False)
    return PauseLevers(model.lab_names, longest, lead, detection, confiscation, max_periods)


# -- many solves ----------------------------------------------------------------------------------
#: The levers :func:`dynamic_sweep` can vary: every number of :class:`PauseDynamics`, and
#: every lab's per-period detection or sanction at once.
SWEEP_LEVERS = (
    "detection",
    "sanction",
    "discount",
    "pause_periods",
    "resumption_probability",
    "collapse_periods",
    "trigger",
    "confiscation",
    "head_start",
    "lead_levels",
    "growth_rate",
    "returns",
    "prize_per_capability",
)
_INTEGER_LEVERS = ("pause_periods", "collapse_periods", "head_start", "lead_levels")


@dataclass(frozen=True, eq=False)
class DynamicSweep:
    """The dynamic game re-solved along one lever (:func:`dynamic_sweep`).

    Attributes
    ----------
    lever : str
    values : ndarray, shape (K,)
    labs : tuple of str
    temptation : ndarray, shape (K, N)
        Each lab's :func:`temptation` at each value.
    holds : ndarray of bool, shape (K,)
        No lab tempted.
    """

    lever: str
    values: NDArray[np.float64]
    labs: tuple[str, ...]
    temptation: NDArray[np.float64]
    holds: NDArray[np.bool_]


def _with_lever(dyn: PauseDynamics, lever: str, value: float) -> PauseDynamics:
    """``dyn`` with one number changed (validated by :class:`PauseDynamics`)."""
    changes: dict[str, Any] = {lever: int(value) if lever in _INTEGER_LEVERS else float(value)}
    return replace(dyn, **changes)


def _sweep_point(
    model: PauseModel, dyn: PauseDynamics, lever: str, values: Any, tol: float
) -> dict[str, NDArray[Any]]:
    """Temptation at each value of one chunk (a module-level function, so dask can ship it)."""
    rows = []
    n = model.num_labs
    for value in values:
        if lever == "detection":
            game = dynamic_game(model, dyn, detection=np.full(n, float(value)))
        elif lever == "sanction":
            game = dynamic_game(model, dyn, sanction=np.full(n, float(value)))
        else:
            game = dynamic_game(model, _with_lever(dyn, lever, value))
        rows.append(temptation(game, tol=tol))
    return {"temptation": np.array(rows).reshape(len(values), n)}


def dynamic_sweep(
    model: PauseModel,
    dynamics: PauseDynamics | Mapping[str, Any] | None,
    lever: str,
    values: ArrayLike,
    *,
    jobs: int = 1,
    scheduler: Any = None,
    tol: float = TOL,
) -> DynamicSweep:
    """Re-solve the dynamic game at each value of one lever, serially, with joblib or on dask.

    The solves run through the package's one parallel path (the one
    :func:`gametheory.pause.uncertainty.monte_carlo` uses): ``jobs`` joblib workers, or a
    dask cluster at ``scheduler`` (an address or a ``Client``); each value is solved alone,
    so the result does not depend on where it ran.

    Examples
    --------
    >>> from gametheory import Lab, PauseModel
    >>> m = PauseModel(labs=(Lab("a", prize=4, sanction=10),))
    >>> s = dynamic_sweep(m, None, "detection", [0.2, 0.4, 0.6])
    >>> s.temptation[:, 0].round(9).tolist(), s.holds.tolist()
    ([2.0, 0.0, 0.0], [False, True, True])
    """
    from gametheory.pause.uncertainty import _run_chunks

    tol = payoff_tol(model, tol)
    dyn = _as_dynamics(dynamics)
    if lever not in SWEEP_LEVERS:
        raise InputError(f"expected one of {list(SWEEP_LEVERS)}", field="lever", value=lever)
    grid = np.atleast_1d(np.asarray(values, dtype=float))
    if grid.ndim != 1 or grid.size == 0 or not np.isfinite(grid).all():
        raise InputError("expected finite numbers", field="values", value=list(np.ravel(grid)))
    if lever in _INTEGER_LEVERS and not np.all(grid == np.round(grid)):
        raise InputError("expected whole numbers", field=lever, value=grid.tolist())
    # Validate every value before any work (a bad one fails here, located).
    for value in grid:
        if lever in ("detection", "sanction"):
            ok = value >= 0 and (lever == "sanction" or value <= 1)
            if not ok:
                expected = "a probability in [0, 1]" if lever == "detection" else "a number >= 0"
                raise InputError(f"expected {expected}", field=lever, value=float(value))
        else:
            _with_lever(dyn, lever, value)
    chunks = [grid[k : k + 4] for k in range(0, grid.size, 4)]
    arguments = [(model, dyn, lever, chunk, tol) for chunk in chunks]
    parts = list(_run_chunks(_sweep_point, arguments, jobs, scheduler))
    table = np.concatenate([p["temptation"] for p in parts])
    holds = np.asarray((table <= tol).all(axis=1))
    for array in (grid, table, holds):
        array.setflags(write=False)
    return DynamicSweep(lever, grid, model.lab_names, table, holds)


@dataclass(frozen=True, eq=False)
class DynamicUncertainty:
    """The dynamic game solved at draws of uncertain parameters (:func:`dynamic_uncertainty`).

    Attributes
    ----------
    parameters : tuple of str
        The field paths drawn (as in a scenario's ``[uncertainty]`` section).
    samples : ndarray, shape (D, P)
    labs : tuple of str
    tempted : ndarray of bool, shape (D, N)
    holds : ndarray of bool, shape (D,)
        No lab tempted at that draw.
    probability : float
        Share of draws at which the pause holds.
    interval : tuple of float
        Its 95% Wilson interval.
    seed : int
    """

    parameters: tuple[str, ...]
    samples: NDArray[np.float64]
    labs: tuple[str, ...]
    tempted: NDArray[np.bool_]
    holds: NDArray[np.bool_]
    probability: float
    interval: tuple[float, float]
    seed: int


def _uncertainty_chunk(
    source: str,
    variant: str | None,
    overrides: tuple[tuple[str, Any], ...],
    paths: tuple[str, ...],
    distributions: tuple[Any, ...],
    seed: np.random.SeedSequence,
    count: int,
    tol: float,
) -> dict[str, NDArray[Any]]:
    """One chunk of draws: a pure function of its child seed (so it may run anywhere)."""
    from gametheory.pause.scenario import load_scenario
    from gametheory.pause.uncertainty import _draw

    values = _draw(distributions, seed, count)
    rows = []
    for k in range(count):
        drawn = [(p, repr(float(values[k, j]))) for j, p in enumerate(paths)]
        scenario = load_scenario(source, variant=variant, overrides=[*overrides, *drawn])
        game = dynamic_game(scenario.model, scenario.sections.get("dynamics"))
        scaled = payoff_tol(scenario.model, tol)  # the draw's own payoff scale
        rows.append(temptation(game, tol=scaled) > scaled)
    return {"samples": values, "tempted": np.array(rows, dtype=bool).reshape(count, -1)}


def dynamic_uncertainty(
    source: str,
    distributions: Mapping[str, Any] | None = None,
    *,
    variant: str | None = None,
    overrides: tuple[tuple[str, Any], ...] = (),
    draws: int = 100,
    seed: int | None = None,
    jobs: int = 1,
    scheduler: Any = None,
    tol: float = TOL,
) -> DynamicUncertainty:
    """How often the pause holds in the dynamic game when parameters are uncertain.

    Each draw sets the uncertain fields (default: the scenario's ``[uncertainty]`` section)
    through the scenario's own overrides, rebuilds the dynamic game from its ``[dynamics]``
    and asks every lab's :func:`temptation`. Draws come in chunks of 16, each from its own
    child seed, and run serially, with ``jobs`` joblib workers or on a dask cluster at
    ``scheduler`` -- the package's one parallel path -- so the result depends only on
    ``seed`` and ``draws``.

    Examples
    --------
    >>> r = dynamic_uncertainty("frontier-five", draws=4, seed=1)
    >>> r.labs[-1], r.tempted.shape, 0 <= r.probability <= 1
    ('lab-e', (4, 5), True)
    """
    from gametheory.pause.scenario import load_scenario
    from gametheory.pause.uncertainty import (
        _as_distributions,
        _chunks,
        _root_seed,
        _run_chunks,
        wilson_interval,
    )

    tol = check_tol(tol)  # relative: each drawn model scales it (_uncertainty_chunk)
    scenario = load_scenario(source, variant=variant, overrides=overrides)
    if distributions is None:
        distributions = scenario.sections.get("uncertainty")
    if not distributions:
        raise InputError(
            "nothing is uncertain: expected an [uncertainty] section or distributions",
            field="uncertainty",
        )
    if isinstance(draws, bool) or not isinstance(draws, int) or draws < 1:
        raise InputError("expected a whole number >= 1", field="draws", value=draws)
    paths, fitted = _as_distributions(distributions)
    root = _root_seed(seed)
    arguments = [
        (str(scenario.path), variant, tuple(overrides), paths, fitted, child, count, tol)
        for child, count in _chunks(draws, 16, root)
    ]
    from gametheory.core.progress import progress_bar

    parts = []
    with progress_bar(draws, "dynamic game draws", unit="draw") as bar:
        for part in _run_chunks(_uncertainty_chunk, arguments, jobs, scheduler):
            parts.append(part)
            bar.update(len(part["tempted"]))
    samples = np.concatenate([p["samples"] for p in parts])
    tempted = np.concatenate([p["tempted"] for p in parts])
    holds = np.asarray(~tempted.any(axis=1))
    successes = int(holds.sum())
    for array in (samples, tempted, holds):
        array.setflags(write=False)
    return DynamicUncertainty(
        paths,
        samples,
        scenario.model.lab_names,
        tempted,
        holds,
        successes / draws,
        wilson_interval(successes, draws),
        root,
    )
