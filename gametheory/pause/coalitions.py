r"""Which coalitions of pausing labs are stable: d'Aspremont stability, transfers, core, Shapley.

Coalitions and outcomes
-----------------------
A coalition :math:`K \subseteq \{0, \dots, N-1\}` is a bitmask (bit :math:`i` set when lab
:math:`i` is a member, the convention of :func:`gametheory.pause.model.racing_profiles`). Members
**pause**; the outsiders :math:`O = K^c` play the pause game among themselves (payoffs of
:mod:`gametheory.pause.model`, ``docs/model/one-shot.md``) and best-respond. Which of their
equilibria they reach is
stated, not assumed:

* **sequential best-response dynamics from all outsiders racing**: at each step the outsider
  with the largest gain from switching (ties: the lowest index) switches, until no outsider
  gains more than ``tol``. The reached profile :math:`R(K)` is by construction a pure
  equilibrium of the outsiders' game (its regret is at most ``tol``: the stopping rule is the
  regret test itself).
* the same dynamics are also run **from all outsiders pausing**; when both reach an
  equilibrium and they differ, ``multiple_outsider_equilibria`` flags the coalition (a
  sufficient test: outsiders may have further equilibria neither start reaches).
* when the dynamics from all-racing **cycle** (a revisited profile; detected exactly), the
  outcome from all-pausing is used and ``outsider_cycle`` says so; when both cycle the
  coalition's outcome is undetermined (``outsiders_racing == -1``).

Stability (d'Aspremont, Jacquemin, Gabszewicz & Weymark 1983)
-------------------------------------------------------------
With :math:`u_i(K) = u_i(R(K))` lab :math:`i`'s payoff at coalition :math:`K`'s outcome:

* **internal stability**: no member gains by leaving,
  :math:`u_i(K \setminus \{i\}) - u_i(K) \le tol` for every :math:`i \in K`. The deviant becomes
  an outsider and *all* outsiders' play is recomputed (the outcome :math:`R(K \setminus \{i\})`
  of the dynamics above), the convention of d'Aspremont et al. and Carraro & Siniscalco, in
  which a deviation is judged by the equilibrium it leads to, not by the others standing still;
* **external stability**: every outsider loses by joining,
  :math:`u_j(K \cup \{j\}) - u_j(K) < -tol` for every :math:`j \notin K`.

Ties favour membership: an indifferent member stays and an indifferent outsider joins, so a
coalition is stable when no member gains by leaving and no outsider weakly gains by joining.
This is the tie rule under which the linear public-good model has the single stable size 3
(see :class:`LinearPublicGood`). The empty coalition is included (it is vacuously internally
stable). All :math:`2^N` coalitions are analysed at once as bitmask array operations;
:func:`coalition_stability` handles :math:`N = 20` (about a million coalitions) in seconds.
How: a player's gain from switching depends on the racing profile only, not on the
coalition, so the order in which the dynamics would pick movers is tabulated once for all
:math:`2^N` profiles (``int8``, :math:`2^N \times N` bytes); each step of the dynamics, for
every coalition still moving, is then a look-up with members barred and an ``argmin``. The
outcomes reached are few and are evaluated once each, and a coalition's one-lab deviations
are aligned by reshaping (bit :math:`i` as an axis of length 2) instead of gathered.

Transfers, core and Shapley value
---------------------------------
Coalition :math:`K` is **potentially internally stable** (Carraro, Eyckmans & Finus 2006)
when :math:`\sum_{i \in K} \bigl(u_i(K) - u_i(K \setminus \{i\})\bigr) \ge -tol`: the members'
total payoff covers every member's free-riding payoff, so budget-balanced transfers can make
every member (weakly) prefer to stay (:func:`stabilizing_transfers`); when the sum is negative
no transfer scheme can, and the sum is the proof. The **characteristic function** of the
pause's surplus is :math:`v(K) = \sum_{i \in K} u_i(K)`, the members' total payoff when
:math:`K` pauses and the outsiders best-respond (a :math:`\gamma`-characteristic function in
the sense of Chander & Tulkens 1997); :func:`least_core` and :func:`shapley_value` take any
characteristic function as an array indexed by bitmask.

References
----------
.. [1] d'Aspremont, C., Jacquemin, A., Gabszewicz, J. J. & Weymark, J. A. (1983). On the
   stability of collusive price leadership. *Canadian Journal of Economics* 16:17-25.
.. [2] Carraro, C. & Siniscalco, D. (1993). Strategies for the international protection of
   the environment. *Journal of Public Economics* 52:309-328.
.. [3] Barrett, S. (1994). Self-enforcing international environmental agreements. *Oxford
   Economic Papers* 46:878-894 (concave benefits, Stackelberg signatories:
   :mod:`gametheory.reproductions.barrett1994`).
.. [4] Carraro, C., Eyckmans, J. & Finus, M. (2006). Optimal transfers and participation
   decisions in international environmental agreements. *Review of International
   Organizations* 1:379-396.
.. [5] Chander, P. & Tulkens, H. (1997). The core of an economy with multilateral
   environmental externalities. *International Journal of Game Theory* 26:379-401.
.. [6] Shapley, L. S. (1953). A value for n-person games. In *Contributions to the Theory of
   Games II*, 307-317.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from gametheory.core.errors import InputError
from gametheory.core.game import NormalFormGame, check_game_tol
from gametheory.core.tolerance import TOL, check_tol, scale_tol
from gametheory.pause.model import PauseModel, detection_probabilities, payoff_tol

__all__ = [
    "MAX_COALITION_LABS",
    "MAX_CORE_PLAYERS",
    "MAX_FARSIGHTED_LABS",
    "TIE_RULES",
    "CoalitionStability",
    "CoreResult",
    "LinearPublicGood",
    "ParticipationRow",
    "ParticipationSweep",
    "TransferScheme",
    "active_signatories",
    "coalition_stability",
    "largest_consistent_set",
    "least_core",
    "participation_sweep",
    "shapley_value",
    "stabilizing_transfers",
    "stable_coalition_sizes",
    "with_participation",
]

#: The largest number of labs :func:`coalition_stability` analyses (2^N coalitions).
MAX_COALITION_LABS = 20
#: The largest number of players :func:`least_core` accepts (2^N linear constraints).
MAX_CORE_PLAYERS = 14
_CHUNK = 1 << 15


# -- the stage game, vectorised over bitmasks ---------------------------------------------------
def _bits(masks: NDArray[np.int64], n: int) -> NDArray[np.bool_]:
    if n <= 32:
        octets = np.ascontiguousarray(masks, dtype="<u4").view(np.uint8).reshape(-1, 4)
        return np.unpackbits(octets, axis=1, count=n, bitorder="little").view(bool)
    return ((masks[:, None] >> np.arange(n, dtype=np.int64)) & 1).astype(bool)


def _subset_sums(weights: NDArray[np.float64]) -> NDArray[np.float64]:
    """``out[m] = sum of weights[i] over the bits i of m``, for every bitmask, by doubling."""
    out = np.zeros(1)
    for w in weights:
        out = np.concatenate([out, out + w])
    return out


class _Stage:
    """Payoffs and race advantages of a two-action game at racing bitmasks.

    ``advantage(m)[k, i]`` is :math:`u_i(\\text{race}, m_{-i}) - u_i(\\text{pause}, m_{-i})`;
    ``payoffs(m)[k, i]`` is :math:`u_i(m)`; ``catastrophe(m)`` is :math:`P(m)` (NaN if the
    game has no such notion).
    """

    n: int

    def advantage(self, masks: NDArray[np.int64]) -> NDArray[np.float64]:
        raise NotImplementedError

    def payoffs(self, masks: NDArray[np.int64]) -> NDArray[np.float64]:
        raise NotImplementedError

    def catastrophe(self, masks: NDArray[np.int64]) -> NDArray[np.float64]:
        return np.full(masks.shape, np.nan)


class _ModelStage(_Stage):
    """The pause game, optionally with profile-dependent monitoring by pausing neighbours.

    ``monitoring[j, i]`` is :math:`d_{j \\to i}` (j monitors i while j pauses);
    ``extra_sanction[i]`` is added to :math:`F_i`.
    """

    def __init__(
        self,
        model: PauseModel,
        monitoring: NDArray[np.float64] | None = None,
        extra_sanction: NDArray[np.float64] | None = None,
    ) -> None:
        n = model.num_labs
        self.n = n
        self.strength = model.array("capability") ** float(model.decisiveness)
        self.prize = model.array("prize")
        self.pause_cost = model.array("pause_cost")
        self.harm = model.array("harm")
        self.risk = model.array("risk")
        self.log_survive = np.log1p(-self.risk)
        self.background = float(model.background_risk)
        self.sanction = model.array("sanction") + (
            0.0 if extra_sanction is None else extra_sanction
        )
        q0 = detection_probabilities(model)
        self.q0 = q0
        self.inverse_survive = 1.0 / (1.0 - self.risk)
        self.risk_harm = (1.0 - self.background) * self.risk * self.harm
        self.fixed_penalty = q0 * self.sanction
        self._aggregate: tuple[NDArray[np.float64], NDArray[np.float64]] | None = None
        if monitoring is None or not np.any(monitoring):
            self.monitoring: tuple[NDArray, NDArray, NDArray] | None = None
        else:
            certain = monitoring >= 1.0
            log_miss = np.log1p(-np.where(certain, 0.0, monitoring))
            base_certain = q0 >= 1.0
            base_log = np.log1p(-np.where(base_certain, 0.0, q0))
            self.monitoring = (
                log_miss,
                certain.astype(float),
                np.where(base_certain, -np.inf, base_log),
            )

    def detection(self, racing: NDArray[np.bool_]) -> NDArray[np.float64]:
        """:math:`q_i` at each profile (pausing neighbours add detection)."""
        if self.monitoring is None:
            return np.broadcast_to(self.q0, racing.shape)
        log_miss, certain, base_log = self.monitoring
        pausing = (~racing).astype(float)
        log_total = base_log + pausing @ log_miss
        caught_for_sure = (pausing @ certain) > 0.5
        return np.asarray(np.where(caught_for_sure, 1.0, -np.expm1(log_total)))

    def _tables(self) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """Total racing strength and survival of every bitmask (built once, O(2^N))."""
        if self._aggregate is None:
            self._aggregate = (
                _subset_sums(self.strength),
                np.exp(_subset_sums(self.log_survive)),
            )
        return self._aggregate

    def advantage(self, masks: NDArray[np.int64]) -> NDArray[np.float64]:
        racing = _bits(masks, self.n)
        total, survive = self._tables()
        # In place, one (len(masks), N) buffer at a time: this runs over all 2^N profiles.
        value = total[masks][:, None] - np.where(racing, self.strength, 0.0)
        value += self.strength
        np.divide(self.strength, value, out=value)  # the contest share
        value *= self.prize
        value += self.pause_cost
        # Survival of the others: divide out the lab's own factor when it races.
        others_survive = np.where(racing, self.inverse_survive, 1.0)
        others_survive *= survive[masks][:, None]
        others_survive *= self.risk_harm
        value -= others_survive
        if self.monitoring is None:
            value -= self.fixed_penalty
        else:
            value -= self.detection(racing) * self.sanction
        return value

    def payoffs(self, masks: NDArray[np.int64]) -> NDArray[np.float64]:
        racing = _bits(masks, self.n)
        x = racing.astype(float)
        total = (x @ self.strength)[:, None]
        share = np.divide(
            self.strength, total, out=np.zeros(racing.shape), where=racing & (total > 0)
        )
        q = self.detection(racing)
        value = np.where(racing, share * self.prize - q * self.sanction, -self.pause_cost)
        return np.asarray(value - self.catastrophe(masks)[:, None] * self.harm)

    def catastrophe(self, masks: NDArray[np.int64]) -> NDArray[np.float64]:
        x = _bits(masks, self.n).astype(float)
        return np.asarray(1.0 - (1.0 - self.background) * np.exp(x @ self.log_survive))


class _TableStage(_Stage):
    """An explicit payoff table ``table[m, i]`` = :math:`u_i` at racing bitmask ``m``."""

    def __init__(self, table: NDArray[np.float64]) -> None:
        self.table = table
        self.n = table.shape[1]

    def advantage(self, masks: NDArray[np.int64]) -> NDArray[np.float64]:
        bit = np.int64(1) << np.arange(self.n, dtype=np.int64)
        with_i = masks[:, None] | bit
        without_i = masks[:, None] & ~bit
        cols = np.arange(self.n)
        return np.asarray(self.table[with_i, cols] - self.table[without_i, cols])

    def payoffs(self, masks: NDArray[np.int64]) -> NDArray[np.float64]:
        return np.asarray(self.table[masks])


def _game_table(game: NormalFormGame) -> NDArray[np.float64]:
    """``table[m, i]`` from a game whose players all have two actions (0 = pause, 1 = race)."""
    n = game.num_players
    if any(k != 2 for k in game.shape):
        raise ValueError(
            f"game: got action counts {list(game.shape)}; expected two actions per player "
            "(0 = pause, 1 = race)"
        )
    # Axis 1 + j is player j's action; C order makes player 0 the slowest index, so reverse the
    # player axes to make bit j of the flat index player j's action.
    tensor = np.asarray(game.payoffs, dtype=float)
    flat = tensor.transpose((0, *range(n, 0, -1))).reshape(n, 1 << n)
    return np.ascontiguousarray(flat.T)


def _chunked(
    function: Callable[[NDArray[np.int64]], NDArray[np.float64]],
    masks: NDArray[np.int64],
    width: int | None,
) -> NDArray[np.float64]:
    shape = (len(masks),) if width is None else (len(masks), width)
    out = np.empty(shape)
    for start in range(0, len(masks), _CHUNK):
        out[start : start + _CHUNK] = function(masks[start : start + _CHUNK])
    return out


def _best_switch(
    stage: _Stage, state: NDArray[np.int64], fixed: NDArray[np.int64]
) -> tuple[NDArray[np.intp], NDArray[np.float64]]:
    """Each profile's most tempted free player (ties: lowest index) and its gain."""
    best = np.empty(len(state), dtype=np.intp)
    gain = np.empty(len(state))
    for start in range(0, len(state), _CHUNK):
        s, f = state[start : start + _CHUNK], fixed[start : start + _CHUNK]
        advantage = stage.advantage(s)
        switch = np.where(_bits(s, stage.n), -advantage, advantage)
        switch = np.where(_bits(f, stage.n), -np.inf, switch)
        k = np.argmax(switch, axis=1)
        best[start : start + _CHUNK] = k
        gain[start : start + _CHUNK] = switch[np.arange(len(s)), k]
    return best, gain


def _dynamics(
    stage: _Stage,
    fixed: NDArray[np.int64],
    start: NDArray[np.int64],
    tol: float,
    *,
    record: bool = False,
) -> tuple[NDArray[np.int64], NDArray[np.bool_], list[list[tuple[int, float]]]]:
    """Sequential best-response dynamics of the free players, one run per row, vectorised.

    Players whose bit is set in ``fixed`` never move. Returns the final profiles, whether each
    run converged (``False``: it revisited a profile, a cycle) and, with ``record``, each
    run's moves ``(player, gain)`` in order.
    """
    state = start.copy()
    converged = np.zeros(len(state), dtype=bool)
    moves: list[list[tuple[int, float]]] = [[] for _ in range(len(state))] if record else []
    active = np.arange(len(state))
    # Vectorised phase: most runs settle within a few sweeps.
    for _ in range(2 * stage.n + 2):
        if not len(active):
            break
        best, gain = _best_switch(stage, state[active], fixed[active])
        move = gain > tol
        converged[active[~move]] = True
        active, best, gain = active[move], best[move], gain[move]
        state[active] ^= np.int64(1) << best.astype(np.int64)
        if record:
            for row, player, g in zip(active.tolist(), best.tolist(), gain.tolist(), strict=True):
                moves[row].append((player, g))
    # Exact phase for the rest: a deterministic walk on finitely many profiles converges or
    # revisits one.
    for row in active.tolist():
        seen = {int(state[row])}
        while True:
            best, gain = _best_switch(stage, state[row : row + 1], fixed[row : row + 1])
            if gain[0] <= tol:
                converged[row] = True
                break
            state[row] ^= np.int64(1) << np.int64(best[0])
            if record:
                moves[row].append((int(best[0]), float(gain[0])))
            if int(state[row]) in seen:
                break
            seen.add(int(state[row]))
    return state, converged, moves


def _switch_ranks(stage: _Stage, tol: float) -> NDArray[np.int8]:
    """Every profile's players in the order best-response dynamics would pick them to move.

    ``ranks[m, i]`` is player ``i``'s position when the players whose switch gains more than
    ``tol`` at racing bitmask ``m`` are sorted by gain, largest first (ties: the lowest index);
    players who gain at most ``tol`` get ``n``. Built once for all :math:`2^N` profiles, so each
    step of :func:`_coalition_dynamics` is a table look-up rather than a recomputation.
    """
    n = stage.n
    ranks = np.empty((1 << n, n), dtype=np.int8)
    positions = np.broadcast_to(np.arange(n, dtype=np.int8), (_CHUNK, n))
    for start in range(0, 1 << n, _CHUNK):
        masks = np.arange(start, min(start + _CHUNK, 1 << n), dtype=np.int64)
        # Minus each player's gain from switching, so an ascending sort puts the keenest first.
        keenness = stage.advantage(masks)
        np.negative(keenness, out=keenness, where=~_bits(masks, n))
        order = np.argsort(keenness, axis=1, kind="stable")
        rank = ranks[start : start + len(masks)]
        np.put_along_axis(rank, order, positions[: len(masks)], axis=1)
        np.copyto(rank, np.int8(n), where=~(keenness < -tol))
    return ranks


def _coalition_dynamics(
    ranks: NDArray[np.int8], coalitions: NDArray[np.int64], start: NDArray[np.int64]
) -> tuple[NDArray[np.int64], NDArray[np.bool_]]:
    """The moves of :func:`_dynamics` (unrecorded), looked up in :func:`_switch_ranks`' table.

    Row ``k`` moves the non-member of ``coalitions[k]`` ranked first at its current profile, so
    every step is one ``(runs, N)`` look-up over the runs still moving. A run that revisits a
    profile is stopped by Brent's cycle detection, vectorised with one global step counter:
    the start and the profiles at steps 1, 2, 4, 8, ... are saved, each later profile compared
    to the last saved. A cycle of length :math:`\\lambda` entered after :math:`\\mu` steps is
    caught within :math:`3(\\mu + \\lambda)` steps, and only a true revisit stops a run.
    Returns the final profiles (for a cycling run, some profile on its cycle) and whether each
    run converged.

    References
    ----------
    .. [1] Brent, R. P. (1980). An improved Monte Carlo factorization algorithm. *BIT Numerical
       Mathematics* 20:176-184.
    """
    n = ranks.shape[1]
    # Members never move: rank them n, after every player with a gain.
    barred = _bits(coalitions, n).view(np.int8) * np.int8(n)
    state = start.copy()
    saved = start.copy()
    converged = np.zeros(len(state), dtype=bool)
    active = np.arange(len(state))
    step, checkpoint = 0, 1
    while len(active):
        rank = np.take(ranks, state[active], axis=0)
        np.maximum(rank, np.take(barred, active, axis=0), out=rank)
        mover = rank.argmin(axis=1)
        moves = rank.reshape(-1)[np.arange(len(active)) * n + mover] < n
        converged[active[~moves]] = True
        active, mover = active[moves], mover[moves]
        state[active] ^= np.int64(1) << mover.astype(np.int64)
        step += 1
        active = active[state[active] != saved[active]]
        if step == checkpoint:
            saved[active] = state[active]
            checkpoint *= 2
    return state, converged


# -- the analysis -------------------------------------------------------------------------------
def _readonly(array: NDArray[Any]) -> NDArray[Any]:
    array.setflags(write=False)
    return array


@dataclass(frozen=True, eq=False)
class CoalitionStability:
    """Stability of every coalition of pausing labs (conventions: the module docstring).

    Every array has one entry (or row) per coalition, indexed by bitmask.

    Attributes
    ----------
    labs : tuple of str
        The labs' names; bit ``i`` of a coalition is ``labs[i]``.
    outsiders_racing : ndarray of int64
        The racing set :math:`R(K)` the outsiders reach, as a bitmask; ``-1`` when undetermined.
    outsider_cycle : ndarray of bool
        Dynamics from all outsiders racing cycled (the outcome then comes from all pausing).
    multiple_outsider_equilibria : ndarray of bool
        The two starts reached different equilibria.
    payoffs : ndarray, shape (2**N, N)
        :math:`u_i(K)`, NaN when undetermined.
    catastrophe : ndarray
        :math:`P(R(K))`.
    leave_gain : ndarray
        The largest gain a member makes by leaving (``-inf`` for the empty coalition).
    join_gain : ndarray
        The largest gain an outsider makes by joining (``-inf`` for the grand coalition).
    strongest_pull : ndarray of int64
        The member with the largest gain from leaving when that gain exceeds ``tol``, else -1.
    free_riding_surplus : ndarray
        :math:`\\sum_{i \\in K} (u_i(K) - u_i(K \\setminus \\{i\\}))` (0 for the empty coalition).
    determined : ndarray of bool
        The outcomes of the coalition and of all its one-lab deviations are known.
    tol : float
        The tolerance used.
    method : str
        How outsiders' play was computed.
    bound : ndarray of int64 or None
        Under a participation clause (:func:`with_participation`), each coalition's bound
        signatories :math:`A(K)`; ``None`` without one.
    """

    labs: tuple[str, ...]
    outsiders_racing: NDArray[np.int64]
    outsider_cycle: NDArray[np.bool_]
    multiple_outsider_equilibria: NDArray[np.bool_]
    payoffs: NDArray[np.float64]
    catastrophe: NDArray[np.float64]
    leave_gain: NDArray[np.float64]
    join_gain: NDArray[np.float64]
    strongest_pull: NDArray[np.int64]
    free_riding_surplus: NDArray[np.float64]
    determined: NDArray[np.bool_]
    tol: float
    method: str
    bound: NDArray[np.int64] | None = None

    @property
    def bound_sets(self) -> NDArray[np.int64]:
        """Each coalition's bound signatories (:func:`with_participation`); itself if no clause."""
        if self.bound is None:
            return np.arange(1 << self.num_labs, dtype=np.int64)
        return self.bound

    def in_force(self, coalition: int) -> bool:
        """Whether ``coalition``'s signatories are all bound (a participation clause is met)."""
        return bool(self.bound_sets[coalition] == coalition)

    @property
    def num_labs(self) -> int:
        """The number of labs N."""
        return len(self.labs)

    @property
    def sizes(self) -> NDArray[np.int64]:
        """Each coalition's number of members."""
        masks = np.arange(1 << self.num_labs, dtype=np.int64)
        return np.asarray(_bits(masks, self.num_labs).sum(axis=1), dtype=np.int64)

    @property
    def internally_stable(self) -> NDArray[np.bool_]:
        """No member gains more than ``tol`` by leaving."""
        return np.asarray(self.determined & (self.leave_gain <= self.tol))

    @property
    def externally_stable(self) -> NDArray[np.bool_]:
        """Every outsider loses more than ``tol`` by joining."""
        return np.asarray(self.determined & (self.join_gain < -self.tol))

    @property
    def stable(self) -> NDArray[np.bool_]:
        """Internally and externally stable."""
        return np.asarray(self.internally_stable & self.externally_stable)

    @property
    def potentially_internally_stable(self) -> NDArray[np.bool_]:
        """Transfers can stop every member leaving (Carraro, Eyckmans & Finus 2006)."""
        return np.asarray(self.determined & (self.free_riding_surplus >= -self.tol))

    @property
    def characteristic_function(self) -> NDArray[np.float64]:
        """:math:`v(K) = \\sum_{i \\in K} u_i(K)`, the members' total payoff; ``v(∅) = 0``."""
        masks = np.arange(1 << self.num_labs, dtype=np.int64)
        members = _bits(masks, self.num_labs)
        return np.asarray(np.where(members, self.payoffs, 0.0).sum(axis=1))

    @property
    def stable_coalitions(self) -> NDArray[np.int64]:
        """The stable coalitions' bitmasks, largest first (then safest, then by bitmask)."""
        masks = np.flatnonzero(self.stable).astype(np.int64)
        order = np.lexsort((masks, self.catastrophe[masks], -self.sizes[masks]))
        return np.asarray(masks[order])

    @property
    def largest_stable(self) -> int | None:
        """The largest stable coalition (ties: least catastrophe risk), or ``None``."""
        masks = self.stable_coalitions
        return int(masks[0]) if len(masks) else None

    @property
    def safest_stable(self) -> int | None:
        """The stable coalition with the least catastrophe risk (ties: larger), or ``None``."""
        masks = np.flatnonzero(self.stable).astype(np.int64)
        if not len(masks):
            return None
        order = np.lexsort((masks, -self.sizes[masks], self.catastrophe[masks]))
        return int(masks[order[0]])

    def members(self, coalition: int) -> tuple[str, ...]:
        """The names of the labs in ``coalition`` (a bitmask)."""
        return tuple(name for i, name in enumerate(self.labs) if coalition >> i & 1)

    def coalition(self, names: tuple[str, ...] | list[str]) -> int:
        """The bitmask of the labs called ``names``."""
        mask = 0
        for name in names:
            if name not in self.labs:
                raise ValueError(f"coalition: no lab {name!r}; expected one of {list(self.labs)}")
            mask |= 1 << self.labs.index(name)
        return mask


def _halves(array: NDArray[Any], i: int) -> NDArray[Any]:
    """A per-coalition array viewed as ``(blocks, 2, 2**i)``, the middle axis being bit ``i``.

    ``[:, 1]`` holds the coalitions with member ``i`` and ``[:, 0]`` the same coalitions
    without it, aligned: coalition ``K`` faces ``K ^ (1 << i)``, with no gather.
    """
    return array.reshape(-1, 2, 1 << i)


def _stage_for(
    game: PauseModel | NormalFormGame,
    monitoring: ArrayLike | None,
    sanction_links: ArrayLike | None,
) -> tuple[_Stage, tuple[str, ...]]:
    if isinstance(game, PauseModel):
        n = game.num_labs
        if n > MAX_COALITION_LABS:
            raise InputError(
                f"model: {n} labs give 2**{n} coalitions; expected at most {MAX_COALITION_LABS}"
            )
        d = None if monitoring is None else _square(monitoring, n, "monitoring", probability=True)
        f = None if sanction_links is None else _square(sanction_links, n, "sanction_links")
        extra = None if f is None else f.sum(axis=0)
        return _ModelStage(game, d, extra), game.lab_names
    if isinstance(game, NormalFormGame):
        if monitoring is not None or sanction_links is not None:
            raise ValueError("monitoring, sanction_links: only apply to a PauseModel")
        if game.num_players > MAX_COALITION_LABS:
            raise ValueError(
                f"game: {game.num_players} players; expected at most {MAX_COALITION_LABS}"
            )
        return _TableStage(_game_table(game)), tuple(game.players)
    raise TypeError(f"game: got {type(game).__name__}; expected a PauseModel or NormalFormGame")


def _square(value: ArrayLike, n: int, name: str, *, probability: bool = False) -> NDArray:
    array = np.asarray(value, dtype=float)
    if array.shape != (n, n):
        raise ValueError(f"{name}: got shape {array.shape}; expected ({n}, {n}), [source, target]")
    low, high = (0.0, 1.0) if probability else (0.0, np.inf)
    if (
        not np.all(np.isfinite(array) | (array == high))
        or (array < low).any()
        or (array > high).any()
    ):
        raise ValueError(f"{name}: entries must lie in [{low}, {high}]")
    if np.diagonal(array).any():
        raise ValueError(f"{name}: the diagonal must be zero (a lab does not act on itself)")
    return array


def _deviation_gains(
    payoff_of: Callable[[int], NDArray[np.float64]],
    resolved: NDArray[np.bool_],
    n: int,
    tol: float,
) -> tuple[NDArray, NDArray, NDArray, NDArray, NDArray]:
    """Leave and join gains, strongest pull, free-riding surplus and determinacy per coalition.

    ``payoff_of(i)`` is lab ``i``'s payoff at every coalition (indexed by bitmask, NaN when
    undetermined); ``resolved`` says which coalitions' outcomes are known.
    """
    leave = np.full(1 << n, -np.inf)
    join = np.full(1 << n, -np.inf)
    pull = np.full(1 << n, -1, dtype=np.int64)
    surplus = np.zeros(1 << n)
    determined = resolved.copy()
    for i in range(n):
        u = _halves(payoff_of(i), i)
        change = u[:, 0] - u[:, 1]  # i's gain from leaving K, at the K with member i
        done = _halves(resolved, i)
        _halves(determined, i)[:, 0] &= done[:, 1]
        _halves(determined, i)[:, 1] &= done[:, 0]
        member_leave = _halves(leave, i)[:, 1]
        stronger = change > member_leave
        np.copyto(_halves(pull, i)[:, 1], i, where=stronger)
        np.copyto(member_leave, change, where=stronger | np.isnan(change))  # NaN: undetermined
        outsider_join = _halves(join, i)[:, 0]
        np.maximum(outsider_join, -change, out=outsider_join)
        _halves(surplus, i)[:, 1] -= change
    pull[~(leave > tol)] = -1
    return leave, join, pull, surplus, determined


def coalition_stability(
    game: PauseModel | NormalFormGame,
    *,
    monitoring: ArrayLike | None = None,
    sanction_links: ArrayLike | None = None,
    tol: float = TOL,
) -> CoalitionStability:
    """Internal and external stability of every coalition of pausing labs.

    Conventions (which outsider equilibrium, how deviations re-equilibrate, ties): the
    module docstring.

    Parameters
    ----------
    game : PauseModel or NormalFormGame
        The pause game, or any game in which every player has two actions (0 = pause or
        cooperate, 1 = race or defect).
    monitoring : array_like, shape (N, N), optional
        :math:`d_{j \\to i}` at ``[j, i]``: while lab ``j`` pauses it detects ``i``'s racing
        with this probability (docs/model/one-shot.md); built by :mod:`gametheory.pause.network`.
    sanction_links : array_like, shape (N, N), optional
        :math:`f_{j \\to i}` at ``[j, i]``, added to :math:`F_i`.
    tol : float
        Gains at most ``tol`` are no gains.

    Returns
    -------
    CoalitionStability

    Examples
    --------
    Three identical labs; a lab that races alone wins 6 but each racer adds catastrophe risk.

    >>> from gametheory.pause.model import Lab, PauseModel
    >>> lab = dict(prize=6, pause_cost=1, harm=25, risk=0.2)
    >>> m = PauseModel(labs=tuple(Lab(x, **lab) for x in "abc"))
    >>> result = coalition_stability(m)
    >>> [result.members(k) for k in result.stable_coalitions]
    [('a', 'b'), ('a', 'c'), ('b', 'c')]
    >>> int(result.outsiders_racing[0b011])   # with a and b pausing, c races
    4
    >>> int(result.strongest_pull[0b111]) >= 0   # someone leaves the grand coalition
    True

    References
    ----------
    .. [1] d'Aspremont, C., Jacquemin, A., Gabszewicz, J. J. & Weymark, J. A. (1983). On the
       stability of collusive price leadership. *Canadian Journal of Economics* 16:17-25.
    """
    stage, labs = _stage_for(game, monitoring, sanction_links)
    tol = check_game_tol(game, tol) if isinstance(game, NormalFormGame) else payoff_tol(game, tol)
    n = stage.n
    full = (1 << n) - 1
    coalitions = np.arange(1 << n, dtype=np.int64)
    outsiders = full ^ coalitions
    ranks = _switch_ranks(stage, tol)
    from_racing, converged_racing = _coalition_dynamics(ranks, coalitions, outsiders)
    from_pausing, converged_pausing = _coalition_dynamics(
        ranks, coalitions, np.zeros_like(coalitions)
    )
    del ranks
    resolved = converged_racing | converged_pausing
    reached = np.where(converged_racing, from_racing, np.where(converged_pausing, from_pausing, -1))
    multiple = converged_racing & converged_pausing & (from_racing != from_pausing)

    # Coalitions share outcomes (a few hundred distinct ones for N = 20 in the benchmark):
    # evaluate each distinct one once and look it up; the key -1, undetermined, gets NaN.
    outcomes, which = np.unique(np.where(resolved, reached, -1), return_inverse=True)
    outcome_payoffs = _chunked(stage.payoffs, np.maximum(outcomes, 0), n)
    outcome_catastrophe = _chunked(stage.catastrophe, np.maximum(outcomes, 0), None)
    outcome_payoffs[outcomes < 0] = np.nan
    outcome_catastrophe[outcomes < 0] = np.nan
    which = which.reshape(-1)
    payoffs = np.take(outcome_payoffs, which, axis=0)
    catastrophe = np.take(outcome_catastrophe, which)

    leave, join, pull, surplus, determined = _deviation_gains(
        lambda i: np.take(outcome_payoffs[:, i], which), resolved, n, tol
    )
    return CoalitionStability(
        labs=labs,
        outsiders_racing=_readonly(reached),
        outsider_cycle=_readonly(~converged_racing),
        multiple_outsider_equilibria=_readonly(multiple),
        payoffs=_readonly(payoffs),
        catastrophe=_readonly(catastrophe),
        leave_gain=_readonly(leave),
        join_gain=_readonly(join),
        strongest_pull=_readonly(pull),
        free_riding_surplus=_readonly(surplus),
        determined=_readonly(determined),
        tol=tol,
        method="sequential best response of outsiders (largest gain first) from all racing; "
        "also from all pausing to detect multiple equilibria",
    )


# -- participation clauses ----------------------------------------------------------------------
def _pledge_thresholds(
    n: int, labs: tuple[str, ...], min_participation: int, pledges: Any
) -> NDArray[np.int64]:
    if isinstance(min_participation, bool) or not isinstance(min_participation, int | np.integer):
        raise ValueError(f"min_participation: got {min_participation!r}; expected an integer")
    if not 1 <= int(min_participation) <= n:
        raise ValueError(
            f"min_participation: got {min_participation}; expected an integer in [1, {n}]"
        )
    thresholds = np.full(n, int(min_participation), dtype=np.int64)
    for name, value in dict(pledges or {}).items():
        if name not in labs:
            raise ValueError(f"pledges: no lab {name!r}; expected one of {list(labs)}")
        if (
            isinstance(value, bool)
            or not isinstance(value, int | np.integer)
            or not 1 <= value <= n
        ):
            raise ValueError(f"pledges.{name}: got {value!r}; expected an integer in [1, {n}]")
        index = labs.index(name)
        thresholds[index] = max(thresholds[index], int(value))
    return thresholds


def active_signatories(thresholds: ArrayLike, n: int | None = None) -> NDArray[np.int64]:
    """The signatories bound at every set of signatories, under conditional pledges.

    Lab :math:`i` pledges to pause if at least :math:`t_i` labs (itself included) are bound;
    a minimum participation clause of :math:`k` is :math:`t_i = k` for all. Of the signatories
    :math:`K` the bound set :math:`A(K)` is the largest :math:`A \\subseteq K` with
    :math:`|A| \\ge t_i` for every :math:`i \\in A` (the greatest fixed point, reached by
    repeatedly releasing every signatory whose condition fails).

    Parameters
    ----------
    thresholds : array_like of int, shape (N,)
        :math:`t_i \\ge 1`.
    n : int, optional
        The number of labs (default: the length of ``thresholds``).

    Returns
    -------
    ndarray of int64, shape (2**N,)
        :math:`A(K)` at index ``K``.

    Examples
    --------
    A clause "binds once 3 of 4 sign": two signatories are not bound, three are.

    >>> a = active_signatories([3, 3, 3, 3])
    >>> int(a[0b0011]), int(a[0b0111])
    (0, 7)

    Lab 0 pledges unconditionally, labs 1 and 2 only if three are bound:

    >>> a = active_signatories([1, 3, 3])
    >>> int(a[0b011]), int(a[0b111])
    (1, 7)
    """
    t = np.asarray(thresholds, dtype=np.int64)
    n = len(t) if n is None else n
    masks = np.arange(1 << n, dtype=np.int64)
    bits = np.int64(1) << np.arange(n, dtype=np.int64)
    active = masks.copy()
    for _ in range(n + 1):
        size = _bits(active, n).sum(axis=1)
        keep = size[:, None] >= t[None, :]
        drop = np.where(keep, 0, bits[None, :]).sum(axis=1)
        updated = active & ~drop
        if np.array_equal(updated, active):
            break
        active = updated
    return np.asarray(active)


def with_participation(
    analysis: CoalitionStability,
    *,
    min_participation: int = 1,
    pledges: Mapping[str, int] | None = None,
) -> CoalitionStability:
    """Coalition stability when the pause binds only once enough labs have signed.

    A coalition :math:`K` of signatories leads to the outcome of its bound set :math:`A(K)`
    (:func:`active_signatories`): signatories whose condition fails are free and best-respond
    like outsiders. Stability is then judged as in :func:`coalition_stability` (same tie rule)
    on these outcomes, so a member whose exit drops the coalition below the threshold weighs
    the collapse of the whole pause, not just its own departure (Barrett 2003, ch. 10; Carraro,
    Marchiori & Oreffice 2009).

    Parameters
    ----------
    analysis : CoalitionStability
        The analysis without a clause (:func:`coalition_stability`).
    min_participation : int
        :math:`k`: the pause binds only when at least :math:`k` labs are bound; 1 = no clause.
    pledges : mapping of str to int, optional
        Conditional pledges: lab -> the number of bound labs (itself included) it requires.

    Returns
    -------
    CoalitionStability
        With ``outsiders_racing``, ``payoffs`` and ``catastrophe`` of each coalition taken
        from its bound set, gains recomputed and the clause in ``method``.

    Examples
    --------
    Three identical labs (the example of :func:`coalition_stability`): without a clause only
    pairs are stable; with "binds once all three sign" the whole pause is stable, because a
    lab that leaves brings everyone back to the race.

    >>> from gametheory.pause.model import Lab, PauseModel
    >>> lab = dict(prize=6, pause_cost=1, harm=25, risk=0.2)
    >>> m = PauseModel(labs=tuple(Lab(x, **lab) for x in "abc"))
    >>> base = coalition_stability(m)
    >>> clause = with_participation(base, min_participation=3)
    >>> [clause.members(k) for k in clause.stable_coalitions if clause.in_force(k)]
    [('a', 'b', 'c')]

    References
    ----------
    .. [1] Barrett, S. (2003). *Environment and Statecraft*. Oxford University Press, ch. 10
       (minimum participation clauses).
    .. [2] Carraro, C., Marchiori, C. & Oreffice, S. (2009). Endogenous minimum participation
       in international environmental treaties. *Environmental and Resource Economics*
       42:411-425.
    """
    n = analysis.num_labs
    thresholds = _pledge_thresholds(n, analysis.labs, min_participation, pledges)
    active = active_signatories(thresholds, n)
    racing = analysis.outsiders_racing[active]
    payoffs = analysis.payoffs[active]
    resolved = racing >= 0
    leave, join, pull, surplus, determined = _deviation_gains(
        lambda i: payoffs[:, i], resolved, n, analysis.tol
    )
    clause = f"minimum participation {int(min_participation)}"
    if pledges:
        clause += ", pledges " + ", ".join(f"{k} needs {v}" for k, v in dict(pledges).items())
    return CoalitionStability(
        labs=analysis.labs,
        outsiders_racing=_readonly(np.asarray(racing)),
        outsider_cycle=_readonly(np.asarray(analysis.outsider_cycle[active])),
        multiple_outsider_equilibria=_readonly(
            np.asarray(analysis.multiple_outsider_equilibria[active])
        ),
        payoffs=_readonly(np.asarray(payoffs)),
        catastrophe=_readonly(np.asarray(analysis.catastrophe[active])),
        leave_gain=_readonly(leave),
        join_gain=_readonly(join),
        strongest_pull=_readonly(pull),
        free_riding_surplus=_readonly(surplus),
        determined=_readonly(determined),
        tol=analysis.tol,
        method=f"{analysis.method}; {clause}",
        bound=_readonly(active),
    )


@dataclass(frozen=True)
class ParticipationRow:
    """The pause under one minimum participation threshold (:func:`participation_sweep`).

    Attributes
    ----------
    min_participation : int
        :math:`k`.
    stable_in_force : tuple of tuple of str
        The stable coalitions that are bound (the clause is met), largest first.
    headline : tuple of str or None
        The largest of them (ties: least catastrophe risk); ``None`` when no stable coalition
        is in force (the labs then play without a pause).
    pausing : int
        How many labs pause at the headline's outcome (members and outsiders who pause on
        their own): **the pause's reach**.
    catastrophe : float
        The catastrophe probability at that outcome.
    welfare : float
        The labs' total payoff at that outcome.
    """

    min_participation: int
    stable_in_force: tuple[tuple[str, ...], ...]
    headline: tuple[str, ...] | None
    pausing: int
    catastrophe: float
    welfare: float


@dataclass(frozen=True)
class ParticipationSweep:
    """Every minimum participation threshold :math:`k = 1, \\dots, N` (:func:`participation_sweep`).

    Attributes
    ----------
    rows : tuple of ParticipationRow
    best : int
        The :math:`k` whose headline outcome has the largest welfare (ties: the smaller
        catastrophe risk, then the smaller :math:`k`).
    """

    rows: tuple[ParticipationRow, ...]
    best: int

    def to_frame(self) -> Any:
        """The sweep as a :class:`pandas.DataFrame`, one row per :math:`k`."""
        import pandas as pd

        return pd.DataFrame(
            [
                {
                    "min_participation": r.min_participation,
                    "stable coalitions in force": len(r.stable_in_force),
                    "headline coalition": ", ".join(r.headline) if r.headline else "none",
                    "labs pausing": r.pausing,
                    "catastrophe risk": r.catastrophe,
                    "welfare": r.welfare,
                }
                for r in self.rows
            ]
        )


def _headline(analysis: CoalitionStability) -> int:
    masks = np.flatnonzero(analysis.stable).astype(np.int64)
    masks = masks[(masks > 0) & (analysis.bound_sets[masks] == masks)]
    if not len(masks):
        return 0
    order = np.lexsort((masks, analysis.catastrophe[masks], -analysis.sizes[masks]))
    return int(masks[order[0]])


def participation_sweep(
    analysis: CoalitionStability, *, pledges: Mapping[str, int] | None = None
) -> ParticipationSweep:
    """Stable coalitions, reach, catastrophe risk and welfare under each threshold :math:`k`.

    For each :math:`k` the **headline** is the largest stable coalition in force (ties: least
    catastrophe risk), as :attr:`CoalitionStability.largest_stable`; when none is in force the
    outcome is the labs' play without a pause (the empty coalition's). The welfare-maximising
    :math:`k` is judged at the headline outcome.

    Examples
    --------
    >>> from gametheory.pause.model import Lab, PauseModel
    >>> lab = dict(prize=6, pause_cost=1, harm=25, risk=0.2)
    >>> m = PauseModel(labs=tuple(Lab(x, **lab) for x in "abc"))
    >>> sweep = participation_sweep(coalition_stability(m))
    >>> [(r.min_participation, r.pausing) for r in sweep.rows]
    [(1, 2), (2, 2), (3, 3)]
    >>> sweep.best
    3
    """
    rows = []
    n = analysis.num_labs
    for k in range(1, n + 1):
        clause = with_participation(analysis, min_participation=k, pledges=pledges)
        head = _headline(clause)
        racing = int(clause.outsiders_racing[head])
        in_force = [int(m) for m in clause.stable_coalitions if m > 0 and clause.bound_sets[m] == m]
        rows.append(
            ParticipationRow(
                min_participation=k,
                stable_in_force=tuple(clause.members(m) for m in in_force),
                headline=clause.members(head) if head else None,
                pausing=n - int(racing).bit_count() if racing >= 0 else -1,
                catastrophe=float(clause.catastrophe[head]),
                welfare=float(np.sum(clause.payoffs[head])),
            )
        )
    best = min(rows, key=lambda r: (-r.welfare, r.catastrophe, r.min_participation))
    return ParticipationSweep(rows=tuple(rows), best=best.min_participation)


# -- farsighted stability -----------------------------------------------------------------------
#: The largest number of labs :func:`largest_consistent_set` accepts (its work grows as 8^N).
MAX_FARSIGHTED_LABS = 8


def largest_consistent_set(analysis: CoalitionStability) -> tuple[int, ...]:
    """Chwe's (1994) largest consistent set of coalitions: farsighted stability.

    States are the coalitions; any group :math:`S` of labs can move from :math:`K` to
    :math:`K'` when exactly the labs in :math:`S` change membership (:math:`K \\triangle K' =
    S`; members leave, outsiders join). :math:`b` **indirectly dominates** :math:`a`
    (:math:`b \\gg a`) when a chain of such moves leads from :math:`a` to :math:`b` and every
    group that moves strictly prefers (by more than ``tol``) the end :math:`b` to where it
    moves from. A set :math:`Y` is **consistent** when for every :math:`a \\in Y` and every
    move of a group :math:`S` from :math:`a` to :math:`a'` some :math:`b \\in Y` with
    :math:`b = a'` or :math:`b \\gg a'` is not strictly preferred to :math:`a` by every lab in
    :math:`S`: the deviation is deterred by where it may lead. The largest consistent set
    contains every consistent set; it is found by iterated elimination from all coalitions
    (Chwe 1994, Proposition 2). Groups larger than :math:`K \\triangle K'` moving to the same
    state need more labs to prefer, so only the minimal group is checked.

    Myopic stability (:attr:`CoalitionStability.stable`) may find no stable coalition or many;
    the largest consistent set says which coalitions farsighted labs could keep.

    Parameters
    ----------
    analysis : CoalitionStability
        With or without a participation clause (:func:`with_participation`);
        :math:`N \\le` :data:`MAX_FARSIGHTED_LABS`, every outcome determined.

    Returns
    -------
    tuple of int
        The coalitions (bitmasks) in the largest consistent set, increasing; never empty for
        a finite game (Chwe 1994, Proposition 1 needs that, and it holds here because a
        coalition no one strictly prefers to leave for anything survives).

    Examples
    --------
    >>> from gametheory.pause.model import Lab, PauseModel
    >>> lab = dict(prize=6, pause_cost=1, harm=25, risk=0.2)
    >>> m = PauseModel(labs=tuple(Lab(x, **lab) for x in "abc"))
    >>> base = coalition_stability(m)
    >>> [base.members(k) for k in largest_consistent_set(base)]
    [(), ('a',), ('a', 'b'), ('a', 'c'), ('b', 'c'), ('a', 'b', 'c')]

    The largest consistent set is permissive (what farsighted labs *may* keep); with the clause
    "binds once all three sign" it shrinks to the whole pause alone:

    >>> clause = with_participation(base, min_participation=3)
    >>> [clause.members(k) for k in largest_consistent_set(clause)]
    [('a', 'b', 'c')]

    References
    ----------
    .. [1] Chwe, M. S.-Y. (1994). Farsighted coalitional stability. *Journal of Economic
       Theory* 63:299-325.
    .. [2] Diamantoudi, E. & Sartzetakis, E. S. (2006). Stable international environmental
       agreements: an analytical approach. *Journal of Public Economic Theory* 8:247-263.
    """
    n = analysis.num_labs
    if n > MAX_FARSIGHTED_LABS:
        raise ValueError(
            f"analysis: {n} labs; the largest consistent set is computed for at most "
            f"{MAX_FARSIGHTED_LABS}"
        )
    payoffs = np.asarray(analysis.payoffs, dtype=float)
    if np.isnan(payoffs).any():
        raise ValueError("analysis: some coalition's outcome is undetermined")
    tol = analysis.tol
    size = 1 << n
    states = np.arange(size, dtype=np.int64)
    bits = np.int64(1) << np.arange(n, dtype=np.int64)
    # prefer[b, a]: bitmask of labs that strictly prefer state b to state a.
    better = payoffs[:, None, :] > payoffs[None, :, :] + tol
    prefer = (better * bits).sum(axis=2).astype(np.int64)
    moved = states[:, None] ^ states[None, :]  # moved[x, y]: the group moving from x to y
    # dominated_by[x, b]: b indirectly dominates x.
    dominated_by = np.zeros((size, size), dtype=bool)
    for b in range(size):
        # step[x, y]: the group moving x -> y all strictly prefer b to x.
        step = (moved & ~prefer[b][:, None]) == 0
        np.fill_diagonal(step, False)
        reach = np.zeros(size, dtype=bool)
        frontier = step[:, b].copy()
        while frontier.any():
            reach |= frontier
            frontier = step[:, reach].any(axis=1) & ~reach
        dominated_by[:, b] = reach
    target = dominated_by | np.eye(size, dtype=bool)  # target[a', b]: b = a' or b >> a'
    alive = np.ones(size, dtype=bool)
    while True:
        removed = False
        for a in np.flatnonzero(alive):
            group = moved[a]  # group[a'] moves a -> a'
            # some lab of the group does not strictly prefer b to a
            not_all = (group[:, None] & ~prefer[:, a][None, :]) != 0
            deterred = (target & alive[None, :] & not_all).any(axis=1)
            deterred[a] = True
            if not deterred.all():
                alive[a] = False
                removed = True
        if not removed:
            break
    return tuple(int(k) for k in np.flatnonzero(alive))


# -- transfers ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class TransferScheme:
    """Budget-balanced side payments among a coalition's members, or the proof there are none.

    Attributes
    ----------
    coalition : int
        The coalition's bitmask.
    members : tuple of str
        Its members, in lab order.
    payoffs : tuple of float
        :math:`u_i(K)` of each member before transfers.
    outside_options : tuple of float
        :math:`u_i(K \\setminus \\{i\\})`, what each member gets by leaving.
    surplus : float
        :math:`\\sum_i (u_i(K) - u_i(K \\setminus \\{i\\}))`; negative: no transfers can work.
    transfers : tuple of float or None
        What each member receives (negative: pays); they sum to zero. ``None`` when the
        surplus is negative.
    """

    coalition: int
    members: tuple[str, ...]
    payoffs: tuple[float, ...]
    outside_options: tuple[float, ...]
    surplus: float
    transfers: tuple[float, ...] | None

    @property
    def feasible(self) -> bool:
        """Whether transfers can make the coalition internally stable."""
        return self.transfers is not None


def stabilizing_transfers(
    analysis: CoalitionStability, coalition: int, *, shares: ArrayLike | None = None
) -> TransferScheme:
    """Side payments that make ``coalition`` internally stable (Carraro, Eyckmans & Finus 2006).

    Each member receives its outside option :math:`u_i(K \\setminus \\{i\\})` plus its share
    :math:`\\lambda_i` of the surplus: transfer
    :math:`t_i = u_i(K \\setminus \\{i\\}) - u_i(K) + \\lambda_i \\cdot \\text{surplus}`, so
    :math:`\\sum_i t_i = 0` and every member weakly prefers staying. When the surplus is
    negative, the members' total payoff is less than the sum of their free-riding payoffs and no
    budget-balanced scheme can keep them all: ``transfers`` is ``None``.

    Parameters
    ----------
    analysis : CoalitionStability
    coalition : int
        A non-empty bitmask whose outcome is determined.
    shares : array_like, optional
        :math:`\\lambda_i \\ge 0` per member (lab order), summing to 1; default equal shares.

    Examples
    --------
    Lab c gains 1 by leaving coalition {b, c}; b would lose 4 by leaving (its exit sets a
    racing), so b can pay c to stay.

    >>> from gametheory.pause.model import Lab, PauseModel
    >>> m = PauseModel(labs=(Lab("a", prize=2, pause_cost=2, harm=10, risk=0.5),
    ...                      Lab("b", prize=7, pause_cost=0, harm=10, risk=0.5),
    ...                      Lab("c", prize=1, pause_cost=1, harm=10, risk=0.1)))
    >>> analysis = coalition_stability(m)
    >>> round(float(analysis.leave_gain[0b110]), 9)
    1.0
    >>> scheme = stabilizing_transfers(analysis, 0b110)
    >>> scheme.members, round(scheme.surplus, 9), [round(t, 9) for t in scheme.transfers]
    (('b', 'c'), 3.0, [-2.5, 2.5])
    >>> all(u + t >= o for u, t, o in zip(scheme.payoffs, scheme.transfers,
    ...                                   scheme.outside_options))
    True

    References
    ----------
    .. [1] Carraro, C., Eyckmans, J. & Finus, M. (2006). Optimal transfers and participation
       decisions in international environmental agreements. *Review of International
       Organizations* 1:379-396.
    """
    n = analysis.num_labs
    if not isinstance(coalition, int | np.integer) or not 0 < int(coalition) < (1 << n):
        raise ValueError(f"coalition: got {coalition!r}; expected a bitmask in [1, {(1 << n) - 1}]")
    coalition = int(coalition)
    if not analysis.determined[coalition]:
        raise ValueError(f"coalition: {coalition}'s outcome or a deviation's is undetermined")
    members = [i for i in range(n) if coalition >> i & 1]
    payoffs = np.array([analysis.payoffs[coalition, i] for i in members])
    outside = np.array([analysis.payoffs[coalition ^ (1 << i), i] for i in members])
    surplus = float((payoffs - outside).sum())
    if shares is None:
        weights = np.full(len(members), 1.0 / len(members))
    else:
        weights = np.asarray(shares, dtype=float)
        if weights.shape != (len(members),) or (weights < 0).any():
            raise ValueError(
                f"shares: expected {len(members)} non-negative numbers, one per member"
            )
        if not math.isclose(weights.sum(), 1.0, abs_tol=1e-12):
            raise ValueError(f"shares: got sum {weights.sum()}; expected 1")
    transfers = None
    if surplus >= -analysis.tol:
        transfers = tuple((outside - payoffs + weights * max(surplus, 0.0)).tolist())
    return TransferScheme(
        coalition=coalition,
        members=tuple(analysis.labs[i] for i in members),
        payoffs=tuple(payoffs.tolist()),
        outside_options=tuple(outside.tolist()),
        surplus=surplus,
        transfers=transfers,
    )


# -- core and Shapley value ---------------------------------------------------------------------
def _characteristic(values: ArrayLike) -> tuple[NDArray[np.float64], int]:
    v = np.asarray(values, dtype=float)
    n = int(v.size).bit_length() - 1
    if v.ndim != 1 or v.size < 2 or v.size != 1 << n:
        raise ValueError(
            f"values: got shape {v.shape}; expected a vector of length 2**N indexed by bitmask"
        )
    if not np.isfinite(v).all():
        raise ValueError("values: expected finite numbers")
    if abs(v[0]) > 0:
        raise ValueError(f"values: v(empty coalition) = {v[0]}; expected 0")
    return v, n


def shapley_value(values: ArrayLike) -> NDArray[np.float64]:
    """The Shapley value of a characteristic function given by bitmask, exactly.

    :math:`\\phi_i = \\sum_{K \\not\\ni i} \\frac{|K|!\\,(N-|K|-1)!}{N!}
    \\bigl(v(K \\cup \\{i\\}) - v(K)\\bigr)`, vectorised over all bitmasks.

    Parameters
    ----------
    values : array_like, shape (2**N,)
        :math:`v(K)` at index ``K``; ``v[0]`` must be 0.

    Examples
    --------
    The glove game: lab 0 holds a left glove, labs 1 and 2 right gloves; a pair is worth 1.

    >>> v = [0, 0, 0, 1, 0, 1, 0, 1]
    >>> shapley_value(v).round(6).tolist()
    [0.666667, 0.166667, 0.166667]

    References
    ----------
    .. [1] Shapley, L. S. (1953). A value for n-person games. In *Contributions to the Theory
       of Games II*, 307-317.
    """
    v, n = _characteristic(values)
    masks = np.arange(1 << n, dtype=np.int64)
    size = _bits(masks, n).sum(axis=1)
    weight = np.array(
        [math.factorial(k) * math.factorial(n - k - 1) / math.factorial(n) for k in range(n)]
    )
    phi = np.empty(n)
    for i in range(n):
        bit = 1 << i
        without = masks[(masks & bit) == 0]
        phi[i] = float((weight[size[without]] * (v[without | bit] - v[without])).sum())
    return phi


@dataclass(frozen=True, eq=False)
class CoreResult:
    """The least core of a characteristic function.

    Attributes
    ----------
    nonempty : bool
        Whether the core is non-empty (``epsilon <= tol``).
    allocation : ndarray
        An allocation of :math:`v(N)` in the least core (in the core when non-empty).
    epsilon : float
        The least :math:`\\varepsilon` with :math:`\\sum_{i \\in K} x_i \\ge v(K) - \\varepsilon`
        for every proper non-empty :math:`K`.
    """

    nonempty: bool
    allocation: NDArray[np.float64]
    epsilon: float


def least_core(values: ArrayLike, *, tol: float = TOL) -> CoreResult:
    """The least core, by linear programming; the core is non-empty iff its ε is at most 0.

    Minimises :math:`\\varepsilon` subject to :math:`\\sum_i x_i = v(N)` and
    :math:`\\sum_{i \\in K} x_i + \\varepsilon \\ge v(K)` for every proper non-empty coalition
    :math:`K` (Maschler, Peleg & Shapley 1979), with :func:`scipy.optimize.linprog`.

    Parameters
    ----------
    values : array_like, shape (2**N,)
        :math:`v(K)` at index ``K``; ``v[0] = 0``; :math:`N \\le 14`.
    tol : float

    Examples
    --------
    The glove game's core is the single allocation giving everything to the scarce glove.

    >>> result = least_core([0, 0, 0, 1, 0, 1, 0, 1])
    >>> result.nonempty, result.allocation.round(6).tolist()
    (True, [1.0, 0.0, 0.0])

    References
    ----------
    .. [1] Maschler, M., Peleg, B. & Shapley, L. S. (1979). Geometric properties of the
       kernel, nucleolus, and related solution concepts. *Mathematics of Operations Research*
       4:303-338.
    """
    from scipy.optimize import linprog

    v, n = _characteristic(values)
    tol = scale_tol(tol, float(np.max(np.abs(v), initial=0.0)))
    if n > MAX_CORE_PLAYERS:
        raise ValueError(f"values: {n} players; expected at most {MAX_CORE_PLAYERS}")
    proper = np.arange(1, (1 << n) - 1, dtype=np.int64)
    membership = _bits(proper, n).astype(float)
    # Variables (x_0..x_{n-1}, eps); -(sum x_K) - eps <= -v(K).
    a_ub = np.hstack([-membership, -np.ones((len(proper), 1))])
    b_ub = -v[proper]
    a_eq = np.hstack([np.ones((1, n)), np.zeros((1, 1))])
    if not len(proper):
        # One player: the core is {v(N)}, with no coalition to block it.
        allocation = np.array([float(v[-1])])
        allocation.setflags(write=False)
        return CoreResult(nonempty=True, allocation=allocation, epsilon=0.0)
    # Solve in units of the largest |v| (HiGHS refuses coefficients near 1e300), then rescale.
    unit = float(np.max(np.abs(v))) or 1.0
    b_ub = b_ub / unit
    cost = np.zeros(n + 1)
    cost[-1] = 1.0
    solution = linprog(
        cost,
        A_ub=a_ub if len(proper) else None,
        b_ub=b_ub if len(proper) else None,
        A_eq=a_eq,
        b_eq=[v[-1] / unit],
        bounds=[(None, None)] * (n + 1),
        method="highs",
    )
    if solution.status != 0:  # pragma: no cover - the LP is always feasible and bounded
        raise RuntimeError(f"least_core: linprog failed: {solution.message}")
    epsilon = float(solution.x[-1]) * unit
    allocation = np.asarray(solution.x[:n], dtype=float) * unit
    allocation.setflags(write=False)
    return CoreResult(nonempty=epsilon <= tol, allocation=allocation, epsilon=epsilon)


# -- symmetric games: the k-member shortcut -----------------------------------------------------
#: Tie rules for :func:`stable_coalition_sizes`: what an indifferent member and an indifferent
#: outsider do. ``"membership"``: the member stays, the outsider joins (the default, and the
#: rule of :func:`coalition_stability`); ``"status quo"``: nobody indifferent moves;
#: ``"outside"``: the member leaves, the outsider stays out.
TIE_RULES = ("membership", "status quo", "outside")


def stable_coalition_sizes(
    signatory: Callable[[int], Any],
    nonsignatory: Callable[[int], Any],
    n: int,
    *,
    ties: str = "membership",
    tol: float | None = TOL,
) -> tuple[int, ...]:
    """Stable coalition sizes of a symmetric game from its signatory and non-signatory payoffs.

    With :math:`\\pi_s(k)` a member's and :math:`\\pi_n(k)` an outsider's payoff when
    :math:`k` players are members, size :math:`k \\ge 1` is internally stable when no member
    gains by leaving, :math:`\\pi_n(k-1) - \\pi_s(k) \\le tol`, and externally stable when
    :math:`k = n` or no outsider gains by joining, :math:`\\pi_s(k+1) - \\pi_n(k) < -tol`.
    That is the rule ``ties="membership"`` (an indifferent member stays, an indifferent
    outsider joins). With ``"status quo"`` an indifferent outsider stays out (external:
    :math:`\\le tol`); with ``"outside"`` an indifferent member also leaves (internal:
    :math:`< -tol`). When payoffs tie exactly the set of stable sizes depends on the rule, so
    report it under each (:data:`TIE_RULES`).

    Parameters
    ----------
    signatory : callable
        :math:`\\pi_s(k)`, called for :math:`k = 1, \\dots, n`.
    nonsignatory : callable
        :math:`\\pi_n(k)`, called for :math:`k = 0, \\dots, n - 1`.
    n : int
        Number of players, at least 1.
    ties : str
        One of :data:`TIE_RULES`.
    tol : float or None
        Gains at most ``tol`` are no gains; ``None`` uses the default tolerance. The payoffs'
        differences are taken in their own number type, so Fractions with ``tol=0`` give the
        exact answer.

    Returns
    -------
    tuple of int
        The stable sizes, increasing.

    Examples
    --------
    The linear-benefit, quadratic-cost public good (Carraro & Siniscalco 1993; Hoel 1992):
    three members, and also two when an indifferent outsider stays out.

    >>> g = LinearPublicGood(n=10, benefit=1.0, cost=1.0)
    >>> stable_coalition_sizes(g.signatory, g.nonsignatory, g.n)
    (3,)
    >>> stable_coalition_sizes(g.signatory, g.nonsignatory, g.n, ties="status quo")
    (2, 3)

    References
    ----------
    .. [1] d'Aspremont, C., Jacquemin, A., Gabszewicz, J. J. & Weymark, J. A. (1983). On the
       stability of collusive price leadership. *Canadian Journal of Economics* 16:17-25.
    """
    tol = check_tol(TOL if tol is None else tol)
    if ties not in TIE_RULES:
        raise ValueError(f"ties: got {ties!r}; expected one of {list(TIE_RULES)}")
    if isinstance(n, bool) or not isinstance(n, int | np.integer) or n < 1:
        raise ValueError(f"n: got {n!r}; expected an integer >= 1")
    n = int(n)
    pi_s = {k: signatory(k) for k in range(1, n + 1)}
    pi_n = {k: nonsignatory(k) for k in range(n)}
    stable = []
    for k in range(1, n + 1):
        leave = pi_n[k - 1] - pi_s[k]
        internal = leave < -tol if ties == "outside" else leave <= tol
        if k == n:
            external = True
        else:
            join = pi_s[k + 1] - pi_n[k]
            external = join < -tol if ties == "membership" else join <= tol
        if internal and external:
            stable.append(k)
    return tuple(stable)


@dataclass(frozen=True)
class LinearPublicGood:
    """The linear-benefit, quadratic-cost public-good game (Carraro & Siniscalco 1993; Hoel 1992).

    Each of ``n`` countries (labs) abates :math:`q_i \\ge 0`; with :math:`Q = \\sum_j q_j`,
    :math:`u_i = bQ - c q_i^2 / 2`. Non-signatories maximise their own payoff:
    :math:`q_n = b/c` whatever the others do (orthogonal free-riding). The :math:`k` signatories
    maximise their joint payoff :math:`k b Q - (c/2)\\sum_{i \\in K} q_i^2`: :math:`q_s = kb/c`.
    So :math:`Q(k) = (b/c)(k^2 + n - k)` and

    .. math::

        \\pi_s(k) = \\frac{b^2}{c}\\Bigl(\\frac{k^2}{2} + n - k\\Bigr), \\qquad
        \\pi_n(k) = \\frac{b^2}{c}\\Bigl(k^2 + n - k - \\frac12\\Bigr).

    Internal stability :math:`\\pi_s(k) \\ge \\pi_n(k-1)` reduces to
    :math:`(k - 1)(k - 3) \\le 0`, i.e. :math:`k \\le 3`; external stability
    :math:`\\pi_n(k) > \\pi_s(k+1)` to :math:`k(k - 2) > 0`, i.e. :math:`k \\ge 3`. With ties
    favouring membership the stable size is exactly 3 for :math:`n \\ge 3` (and :math:`n` for
    :math:`n \\le 2`), whatever :math:`b, c > 0`: the "small coalitions" result of the
    linear-benefit model (Carraro & Siniscalco 1993; Hoel 1992; Barrett 2003, ch. 7). It is
    *not* Barrett's (1994) result, whose benefits are concave and signatories Stackelberg
    leaders, and whose stable size ranges from 2 to :math:`n`
    (:class:`gametheory.reproductions.barrett1994.BarrettAgreement`). Under the other tie
    rules (:data:`TIE_RULES`) the sizes are {2, 3} ("status quo": at :math:`k = 2` an outsider
    is exactly indifferent to joining and stays out) and {2} ("outside": a member of three is
    exactly indifferent to leaving and leaves).

    Examples
    --------
    >>> g = LinearPublicGood(n=5, benefit=2.0, cost=4.0)
    >>> g.abatement(3), g.signatory(3), g.nonsignatory(2)
    ((1.5, 0.5), 6.5, 6.5)

    References
    ----------
    .. [1] Carraro, C. & Siniscalco, D. (1993). Strategies for the international protection
       of the environment. *Journal of Public Economics* 52:309-328.
    .. [2] Hoel, M. (1992). International environmental conventions: the case of uniform
       reductions of emissions. *Environmental and Resource Economics* 2:141-159.
    .. [3] Barrett, S. (2003). *Environment and Statecraft: The Strategy of Environmental
       Treaty-Making*. Oxford University Press, ch. 7.
    """

    n: int
    benefit: float = 1.0
    cost: float = 1.0

    def __post_init__(self) -> None:
        if isinstance(self.n, bool) or not isinstance(self.n, int) or self.n < 1:
            raise ValueError(f"n: got {self.n!r}; expected an integer >= 1")
        for name in ("benefit", "cost"):
            value = getattr(self, name)
            if not (isinstance(value, int | float) and math.isfinite(value) and value > 0):
                raise ValueError(f"{name}: got {value!r}; expected a finite number > 0")

    def _check(self, k: int) -> None:
        if not 0 <= k <= self.n:
            raise ValueError(f"k: got {k}; expected 0 <= k <= {self.n}")

    def abatement(self, k: int) -> tuple[float, float]:
        """Each signatory's and each non-signatory's abatement when ``k`` sign."""
        self._check(k)
        return k * self.benefit / self.cost, self.benefit / self.cost

    def _payoff(self, k: int, own: float) -> float:
        q_s, q_n = self.abatement(k)
        total = k * q_s + (self.n - k) * q_n
        return self.benefit * total - self.cost * own**2 / 2

    def signatory(self, k: int) -> float:
        """:math:`\\pi_s(k)`, a signatory's payoff when ``k >= 1`` sign."""
        self._check(k)
        return self._payoff(k, self.abatement(k)[0])

    def nonsignatory(self, k: int) -> float:
        """:math:`\\pi_n(k)`, a non-signatory's payoff when ``k < n`` sign."""
        self._check(k)
        return self._payoff(k, self.abatement(k)[1])
