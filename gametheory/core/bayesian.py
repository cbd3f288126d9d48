r"""Finite Bayesian games, their agent normal form, Bayes–Nash certificates, and monotone
cutoff equilibria of binary-action games with continuous types.

The convention
--------------
A finite Bayesian game (Harsanyi 1967-68) has players :math:`i = 0, \dots, N-1`; player
:math:`i` has types :math:`t_i \in \{0, \dots, T_i - 1\}` and actions
:math:`a_i \in \{0, \dots, n_i - 1\}`. Types are drawn from a common prior, one array ``prior``
of shape :math:`(T_0, \dots, T_{N-1})` summing to one, and every type has positive marginal
probability. Payoffs are one array ``payoffs`` of shape
:math:`(N, T_0, \dots, T_{N-1}, n_0, \dots, n_{N-1})` with
``payoffs[i, t_0, ..., t_{N-1}, a_0, ..., a_{N-1}]`` :math:`= u_i(t, a)`; for a fixed type
profile the trailing axes follow the normal-form convention of :mod:`gametheory.core.game`.
A (behavioural) strategy of player :math:`i` is an array of shape :math:`(T_i, n_i)` whose row
:math:`t_i` is the mixed action of type :math:`t_i`.

Type :math:`t_i`'s interim payoff of action :math:`a_i` against strategies :math:`\sigma_{-i}`
is

.. math::

    U_i(a_i \mid t_i) = \sum_{t_{-i}} p(t_{-i} \mid t_i) \sum_{a_{-i}}
        \prod_{j \ne i} \sigma_j(a_j \mid t_j)\, u_i(t, a_i, a_{-i}),

and the **interim regret** of a strategy profile is
:math:`\max_i \max_{t_i} [\max_{a_i} U_i(a_i \mid t_i) - \sum_{a_i} \sigma_i(a_i \mid t_i)
U_i(a_i \mid t_i)]`. A profile is a Bayes–Nash equilibrium exactly when it is zero
(:func:`interim_regret`, the certificate; it is computed from the Bayesian game itself, not from
the agent form).

The agent (type-player) normal form (Harsanyi 1967-68, Part I; Selten 1975) has one player per
pair :math:`(i, t_i)`, in the order :math:`(0, 0), (0, 1), \dots, (N-1, T_{N-1}-1)`, whose
payoff is :math:`U_i(a_{(i, t_i)} \mid t_i)` given the other agents' actions. Its Nash equilibria
are exactly the Bayes–Nash equilibria, so the package's certified solvers
(:func:`~gametheory.core.pure.pure_equilibria`,
:func:`~gametheory.core.nplayer.all_equilibria`) solve Bayesian games through it
(:func:`pure_bayes_nash_equilibria`, :func:`bayes_nash_equilibria`).

Continuous types
----------------
:func:`cutoff_equilibria` handles games in which each player chooses action 0 or 1, has a
real type :math:`x_i` drawn independently from a continuous distribution :math:`F_i`, and gains
:math:`g_i(x_i, S)` from action 1 over action 0 when the set :math:`S` of other players takes
action 1. A cutoff strategy takes action 1 exactly when :math:`x_i > c_i`; then player
:math:`j` takes action 1 with probability :math:`p_j = 1 - F_j(c_j)` and type :math:`x_i`'s
expected gain is :math:`G_i(x_i) = \sum_S \prod_{j \in S} p_j \prod_{j \notin S, j \ne i}
(1 - p_j)\, g_i(x_i, S)`. Cutoffs are a (monotone) Bayes–Nash equilibrium when no type gains by
deviating: :math:`G_i(x) \le 0` below :math:`c_i`, :math:`G_i(x) \ge 0` above, checked on a fine
grid of types and at the cutoffs themselves.

References
----------
.. [1] Harsanyi, J. C. (1967-68). Games with incomplete information played by "Bayesian"
   players, Parts I-III. *Management Science* 14:159-182, 320-334, 486-502.
.. [2] Selten, R. (1975). Reexamination of the perfectness concept for equilibrium points in
   extensive games. *International Journal of Game Theory* 4:25-55 (the agent normal form).
.. [3] Athey, S. (2001). Single crossing properties and the existence of pure strategy
   equilibria in games of incomplete information. *Econometrica* 69:861-889 (monotone
   cutoff equilibria).
"""

from __future__ import annotations

import itertools
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from gametheory.core.errors import InputError
from gametheory.core.game import Equilibrium, NormalFormGame
from gametheory.core.nplayer import MAX_PLAYERS, all_equilibria
from gametheory.core.pure import pure_equilibria
from gametheory.core.tolerance import TOL, check_tol

__all__ = [
    "BayesNashEquilibrium",
    "BayesianGame",
    "CutoffEquilibrium",
    "agent_form",
    "bayes_nash_equilibria",
    "certify_bayes_nash",
    "cutoff_equilibria",
    "exact_interim_regret",
    "interim_action_values",
    "interim_regret",
    "pure_bayes_nash_equilibria",
]


@dataclass(frozen=True, eq=False)
class BayesianGame:
    """A finite Bayesian game with a common prior (convention in the module docstring).

    Parameters
    ----------
    payoffs : array_like
        Shape ``(N, T_0, ..., T_{N-1}, n_0, ..., n_{N-1})``.
    prior : array_like
        Shape ``(T_0, ..., T_{N-1})``, non-negative, summing to one; every type has positive
        marginal probability.
    players : sequence of str, optional
    types : sequence of sequence of str, optional
    actions : sequence of sequence of str, optional

    Examples
    --------
    One player of two equally likely types: type 0 prefers action 0, type 1 action 1.

    >>> g = BayesianGame([[[1, 0], [0, 1]]], [0.5, 0.5])
    >>> g.num_players, g.type_counts, g.action_counts
    (1, (2,), (2,))
    >>> BayesianGame([[[1, 0], [0, 1]]], [0.5, 0.6])
    Traceback (most recent call last):
    ...
    gametheory.core.errors.InputError: prior = 1.1: expected probabilities summing to 1
    """

    payoffs: NDArray[np.float64]
    prior: NDArray[np.float64]
    players: tuple[str, ...] = ()
    types: tuple[tuple[str, ...], ...] = ()
    actions: tuple[tuple[str, ...], ...] = ()

    def __init__(
        self,
        payoffs: ArrayLike,
        prior: ArrayLike,
        *,
        players: Sequence[str] | None = None,
        types: Sequence[Sequence[str]] | None = None,
        actions: Sequence[Sequence[str]] | None = None,
    ) -> None:
        try:
            p = np.array(prior, dtype=float)
            u = np.array(payoffs, dtype=float)
        except (TypeError, ValueError) as exc:
            raise InputError(
                f"expected rectangular numeric arrays ({exc})", field="payoffs"
            ) from None
        n = p.ndim
        if n < 1 or u.ndim != 1 + 2 * n or u.shape[0] != n or u.shape[1 : 1 + n] != p.shape:
            raise InputError(
                f"got payoffs of shape {u.shape} and prior of shape {p.shape}; expected "
                "payoffs of shape (N, T_0..T_{N-1}, n_0..n_{N-1}) for a prior (T_0..T_{N-1})",
                field="payoffs",
            )
        if not (np.isfinite(u).all() and np.isfinite(p).all()):
            raise InputError("expected finite numbers (no NaN or inf)", field="payoffs")
        if (p < 0).any():
            raise InputError(
                "expected non-negative probabilities", field="prior", value=float(p.min())
            )
        if abs(p.sum() - 1) > 1e-9:
            raise InputError(
                "expected probabilities summing to 1",
                field="prior",
                value=round(float(p.sum()), 12),
            )
        for i in range(n):
            marginal = p.sum(axis=tuple(j for j in range(n) if j != i))
            if (marginal <= 0).any():
                t = int(np.flatnonzero(marginal <= 0)[0])
                raise InputError(
                    "every type needs positive probability; drop the type instead",
                    field=f"prior (player {i}, type {t})",
                    value=0,
                )
        p.setflags(write=False)
        u.setflags(write=False)
        counts_t, counts_a = p.shape, u.shape[1 + n :]
        object.__setattr__(self, "payoffs", u)
        object.__setattr__(self, "prior", p)
        object.__setattr__(
            self, "players", tuple(players) if players else tuple(str(i + 1) for i in range(n))
        )
        object.__setattr__(
            self,
            "types",
            tuple(tuple(t) for t in types)
            if types
            else tuple(tuple(str(k) for k in range(T)) for T in counts_t),
        )
        object.__setattr__(
            self,
            "actions",
            tuple(tuple(a) for a in actions)
            if actions
            else tuple(tuple(str(k) for k in range(m)) for m in counts_a),
        )
        for name, labels, counts in (
            ("players", (self.players,), (n,)),
            ("types", self.types, counts_t),
            ("actions", self.actions, counts_a),
        ):
            if tuple(len(x) for x in labels) != tuple(counts):
                raise InputError(f"expected labels matching the array shapes {counts}", field=name)

    @property
    def num_players(self) -> int:
        """:math:`N`."""
        return int(self.prior.ndim)

    @property
    def type_counts(self) -> tuple[int, ...]:
        """:math:`(T_0, \\dots, T_{N-1})`."""
        return tuple(int(t) for t in self.prior.shape)

    @property
    def action_counts(self) -> tuple[int, ...]:
        """:math:`(n_0, \\dots, n_{N-1})`."""
        return tuple(int(a) for a in self.payoffs.shape[1 + self.num_players :])

    def marginal(self, player: int) -> NDArray[np.float64]:
        """The prior probability of each of ``player``'s types."""
        others = tuple(j for j in range(self.num_players) if j != player)
        return np.asarray(self.prior.sum(axis=others))

    def agents(self) -> tuple[tuple[int, int], ...]:
        """The agents ``(player, type)`` of the agent form, in its player order."""
        return tuple((i, t) for i, count in enumerate(self.type_counts) for t in range(count))


def _check_strategies(game: BayesianGame, strategies: Sequence[ArrayLike]) -> list[NDArray]:
    if len(strategies) != game.num_players:
        raise ValueError(
            f"strategies: got {len(strategies)}; expected one per player ({game.num_players})"
        )
    out = []
    for i, s in enumerate(strategies):
        arr = np.asarray(s, dtype=float)
        shape = (game.type_counts[i], game.action_counts[i])
        if arr.shape != shape:
            raise ValueError(f"strategies[{i}]: got shape {arr.shape}; expected {shape}")
        if (arr < -1e-9).any() or not np.allclose(arr.sum(axis=1), 1, atol=1e-9):
            raise ValueError(f"strategies[{i}]: expected one probability row per type")
        out.append(np.clip(arr, 0, None))
    return out


def interim_action_values(
    game: BayesianGame, strategies: Sequence[ArrayLike], player: int
) -> NDArray[np.float64]:
    r"""The interim payoffs :math:`U_i(a_i \mid t_i)`, shape ``(T_i, n_i)``.

    Examples
    --------
    A one-player game: each type's payoff of each action is its own payoff row.

    >>> g = BayesianGame([[[1, 0], [0, 1]]], [0.5, 0.5])
    >>> interim_action_values(g, [[[1, 0], [1, 0]]], 0).tolist()
    [[1.0, 0.0], [0.0, 1.0]]
    """
    sigma = _check_strategies(game, strategies)
    n = game.num_players
    # einsum in sublist form: axes 0..n-1 are types, n..2n-1 actions.
    operands: list[Any] = [game.payoffs[player] * game.prior[(...,) + (None,) * n]]
    operands.append(list(range(2 * n)))
    for j in range(n):
        if j != player:
            operands += [sigma[j], [j, n + j]]
    values = np.einsum(*operands, [player, n + player])
    return np.asarray(values / game.marginal(player)[:, None])


def interim_regret(game: BayesianGame, strategies: Sequence[ArrayLike]) -> float:
    """The largest gain any type of any player has from deviating (the BNE certificate).

    Examples
    --------
    >>> g = BayesianGame([[[1, 0], [0, 1]]], [0.5, 0.5])
    >>> interim_regret(g, [[[1, 0], [0, 1]]]), interim_regret(g, [[[1, 0], [1, 0]]])
    (0.0, 1.0)
    """
    sigma = _check_strategies(game, strategies)
    worst = 0.0
    for i in range(game.num_players):
        values = interim_action_values(game, sigma, i)
        gains = values.max(axis=1) - (values * sigma[i]).sum(axis=1)
        worst = max(worst, float(gains.max()))
    return worst


def exact_interim_regret(game: BayesianGame, strategies: Sequence[Sequence[Any]]) -> Fraction:
    """:func:`interim_regret` in exact rational arithmetic.

    Payoffs and prior are taken at the exact binary value of their floats; each probability of
    ``strategies`` is converted with :class:`~fractions.Fraction` (pass Fractions or 0/1 to
    check a profile exactly). Raises ``ValueError`` when a row is not exactly a probability
    vector. Loops over every type and action profile: for small games and pure profiles.

    Examples
    --------
    >>> g = BayesianGame([[[1, 0], [0, 1]]], [0.5, 0.5])
    >>> exact_interim_regret(g, [[[1, 0], [0, 1]]]), exact_interim_regret(g, [[[0, 1], [0, 1]]])
    (Fraction(0, 1), Fraction(1, 1))
    """
    n = game.num_players
    sigma: list[list[list[Fraction]]] = []
    for i, s in enumerate(strategies):
        rows = [[Fraction(x) for x in row] for row in s]
        if len(rows) != game.type_counts[i] or any(
            len(r) != game.action_counts[i] or sum(r) != 1 or min(r) < 0 for r in rows
        ):
            raise ValueError(f"strategies[{i}]: expected exact probability rows, one per type")
        sigma.append(rows)
    if len(sigma) != n:
        raise ValueError(f"strategies: got {len(sigma)}; expected {n}")
    actions = list(itertools.product(*(range(m) for m in game.action_counts)))
    worst = Fraction(0)
    for i in range(n):
        values = [[Fraction(0)] * game.action_counts[i] for _ in range(game.type_counts[i])]
        for t in itertools.product(*(range(c) for c in game.type_counts)):
            weight = Fraction(float(game.prior[t]))
            if weight == 0:
                continue
            for a in actions:
                w = weight
                for j in range(n):
                    if j != i:
                        w *= sigma[j][t[j]][a[j]]
                        if w == 0:
                            break
                if w:
                    values[t[i]][a[i]] += w * Fraction(float(game.payoffs[(i, *t, *a)]))
        for ti, row in enumerate(values):
            gain = max(row) - sum(p * v for p, v in zip(sigma[i][ti], row, strict=True))
            marginal = Fraction(float(game.marginal(i)[ti]))
            worst = max(worst, gain / marginal if marginal else Fraction(0))
    return worst


@dataclass(frozen=True, eq=False)
class BayesNashEquilibrium:
    """A certified Bayes–Nash equilibrium.

    Attributes
    ----------
    strategies : tuple of ndarray
        One ``(T_i, n_i)`` array per player: row ``t`` is type ``t``'s mixed action.
    interim_regret : float
        Its :func:`interim_regret`, checked to be at most ``tol``.
    agent_equilibrium : Equilibrium
        The same profile as a certified equilibrium of the :func:`agent_form`.
    method : str
    tol : float
    """

    strategies: tuple[NDArray[np.float64], ...]
    interim_regret: float
    agent_equilibrium: Equilibrium
    method: str
    tol: float = TOL

    @property
    def is_pure(self) -> bool:
        """Whether every type plays one action."""
        return self.agent_equilibrium.is_pure

    def actions(self) -> tuple[tuple[int, ...], ...] | None:
        """Each player's action index per type for a pure equilibrium, else ``None``."""
        if not self.is_pure:
            return None
        return tuple(tuple(int(k) for k in s.argmax(axis=1)) for s in self.strategies)


def agent_form(game: BayesianGame) -> NormalFormGame:
    """The agent (type-player) normal form: one player per ``(player, type)`` pair.

    Agent ``(i, t_i)``'s payoff is type :math:`t_i`'s interim payoff (module docstring); its
    Nash equilibria are the game's Bayes–Nash equilibria.

    Examples
    --------
    Two players, player 1 of two types: 3 agents, each with 2 actions.

    >>> u = np.zeros((2, 2, 1, 2, 2)); u[0, 0, 0, 0, 0] = 1
    >>> agent_form(BayesianGame(u, [[0.5], [0.5]])).shape
    (2, 2, 2)
    """
    n = game.num_players
    agents = game.agents()
    index = {agent: k for k, agent in enumerate(agents)}
    shape = tuple(game.action_counts[i] for i, _ in agents)
    payoffs = np.zeros((len(agents), *shape))
    for k, (i, ti) in enumerate(agents):
        weight = game.prior / game.marginal(i)[ti]
        ranges = [range(T) if j != i else (ti,) for j, T in enumerate(game.type_counts)]
        for t in itertools.product(*ranges):
            w = weight[t]
            if w == 0:
                continue
            view = [1] * len(agents)
            for j in range(n):
                view[index[(j, t[j])]] = game.action_counts[j]
            payoffs[k] += w * game.payoffs[(i, *t)].reshape(view)
    names = tuple(f"{game.players[i]}:{game.types[i][t]}" for i, t in agents)
    return NormalFormGame(payoffs, players=names, actions=tuple(game.actions[i] for i, _ in agents))


def _split_profile(game: BayesianGame, eq: Equilibrium) -> tuple[NDArray[np.float64], ...]:
    out: list[NDArray[np.float64]] = []
    k = 0
    for count in game.type_counts:
        block = np.array(eq.strategies[k : k + count])
        block.setflags(write=False)
        out.append(block)
        k += count
    return tuple(out)


def certify_bayes_nash(
    game: BayesianGame, strategies: Sequence[ArrayLike], method: str, *, tol: float = TOL
) -> BayesNashEquilibrium | None:
    """Check a strategy profile with :func:`interim_regret` and on the agent form.

    Returns the certified equilibrium, or ``None`` when some type gains more than ``tol``.

    Examples
    --------
    >>> g = BayesianGame([[[1, 0], [0, 1]]], [0.5, 0.5])
    >>> certify_bayes_nash(g, [[[1, 0], [0, 1]]], "by hand").interim_regret
    0.0
    >>> certify_bayes_nash(g, [[[0, 1], [0, 1]]], "by hand") is None
    True
    """
    from gametheory.core.game import certify

    tol = check_tol(tol)
    sigma = _check_strategies(game, strategies)
    value = interim_regret(game, sigma)
    if value > tol:
        return None
    profile = [row for s in sigma for row in s]
    eq = certify(agent_form(game), profile, method, tol=tol)
    if eq is None:  # pragma: no cover - the agent form has the same regrets
        raise AssertionError("interim regret and agent-form regret disagree")
    return BayesNashEquilibrium(_split_profile(game, eq), value, eq, method, tol)


def _lift(
    game: BayesianGame, equilibria: Any, method: str, tol: float
) -> list[BayesNashEquilibrium]:
    out = []
    for eq in equilibria:
        sigma = _split_profile(game, eq)
        value = interim_regret(game, sigma)
        if value > tol:  # pragma: no cover - agent-form equilibria are BNE
            raise AssertionError(f"an agent-form equilibrium has interim regret {value}")
        out.append(BayesNashEquilibrium(sigma, value, eq, method, tol))
    return out


def pure_bayes_nash_equilibria(
    game: BayesianGame, *, tol: float = TOL
) -> list[BayesNashEquilibrium]:
    """Every pure Bayes–Nash equilibrium, by pure enumeration of the agent form.

    Each is certified twice: by the agent-form regret and by :func:`interim_regret` computed
    from the Bayesian game directly.

    Examples
    --------
    A coordination game in which player 2 is of two types; type "b" has a dominant action 1.

    >>> u = np.zeros((2, 1, 2, 2, 2))
    >>> u[:, 0, 0] = [[[2, 0], [0, 1]], [[2, 0], [0, 1]]]
    >>> u[:, 0, 1] = [[[2, 0], [0, 1]], [[0, 1], [0, 1]]]
    >>> g = BayesianGame(u, [[0.5, 0.5]])
    >>> [e.actions() for e in pure_bayes_nash_equilibria(g)]
    [((0,), (0, 1)), ((1,), (1, 1))]
    """
    tol = check_tol(tol)
    return _lift(game, pure_equilibria(agent_form(game), tol=tol), "agent form, pure", tol)


def bayes_nash_equilibria(
    game: BayesianGame, *, tol: float = TOL, rng: np.random.Generator | int | None = None
) -> tuple[list[BayesNashEquilibrium], bool]:
    """Bayes–Nash equilibria through the agent form; returns ``(equilibria, complete)``.

    When the agent form has at most :data:`~gametheory.core.nplayer.MAX_PLAYERS` agents with
    two actions each (or exactly two agents), every equilibrium, mixed ones included, comes
    from :func:`~gametheory.core.nplayer.all_equilibria` and ``complete`` is its completeness
    certificate. Otherwise only the pure equilibria are found (warning) and ``complete`` is
    ``False``.

    Examples
    --------
    Matching pennies as a Bayesian game with one type each: its one, mixed, equilibrium.

    >>> mp = np.array([[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]])
    >>> eqs, complete = bayes_nash_equilibria(BayesianGame(mp[:, None, None], [[1.0]]), rng=0)
    >>> len(eqs), complete, [s.round(6).tolist() for s in eqs[0].strategies]
    (1, True, [[[0.5, 0.5]], [[0.5, 0.5]]])
    """
    tol = check_tol(tol)
    form = agent_form(game)
    two_actions = all(n == 2 for n in form.shape)
    if form.num_players == 2 or (two_actions and form.num_players <= MAX_PLAYERS):
        result = all_equilibria(form, tol=tol, rng=rng)
        return _lift(game, result, f"agent form, {result.method}", tol), result.complete
    warnings.warn(
        f"the agent form has {form.num_players} agents; the complete solver takes at most "
        f"{MAX_PLAYERS} with two actions each, so only pure equilibria are found",
        stacklevel=2,
    )
    return pure_bayes_nash_equilibria(game, tol=tol), False


# -- continuous types ---------------------------------------------------------------------------
#: g(player, types, others) -> gains; types shape (K,), others a bool array (S, N-1) of which
#: other players (in order, skipping ``player``) take action 1; returns shape (S, K).
GainFunction = Callable[[int, NDArray[np.float64], NDArray[np.bool_]], NDArray[np.float64]]


@dataclass(frozen=True, eq=False)
class CutoffEquilibrium:
    """A certified monotone (cutoff) Bayes–Nash equilibrium of a game with continuous types.

    Attributes
    ----------
    cutoffs : ndarray
        Player ``i`` takes action 1 exactly when its type exceeds ``cutoffs[i]`` (a cutoff at
        the bottom of the support: always action 1; at the top: never).
    probabilities : ndarray
        Each player's ex-ante probability of action 1, :math:`1 - F_i(c_i)`.
    regret : float
        The largest gain any checked type has from switching action, in payoff units.
    grid_points : int
        Types checked per player (plus the cutoffs).
    method : str
    tol : float
    """

    cutoffs: NDArray[np.float64]
    probabilities: NDArray[np.float64]
    regret: float
    grid_points: int
    method: str
    tol: float = TOL


def _others_masks(n: int) -> NDArray[np.bool_]:
    return np.array(list(itertools.product((False, True), repeat=n - 1)), dtype=bool).reshape(
        -1, n - 1
    )


def _support(dist: Any, name: str) -> tuple[float, float]:
    try:
        low, high = (float(v) for v in dist.ppf([1e-12, 1 - 1e-12]))
    except AttributeError:
        raise InputError(
            "expected a continuous scipy.stats distribution (with ppf and cdf)", field=name
        ) from None
    if not (np.isfinite(low) and np.isfinite(high) and high > low):
        raise InputError("expected a distribution with a non-degenerate support", field=name)
    return low, high


class _CutoffProblem:
    def __init__(self, gain: GainFunction, distributions: Sequence[Any]) -> None:
        self.gain = gain
        self.dists = list(distributions)
        self.n = len(self.dists)
        self.masks = _others_masks(self.n)
        self.bounds = [_support(d, f"distributions[{i}]") for i, d in enumerate(self.dists)]

    def weights(self, i: int, probs: NDArray[np.float64]) -> NDArray[np.float64]:
        p = np.delete(probs, i)
        return np.where(self.masks, p, 1 - p).prod(axis=1)

    def expected_gain(
        self, i: int, types: NDArray[np.float64], probs: NDArray[np.float64]
    ) -> NDArray[np.float64]:
        values = np.asarray(self.gain(i, np.atleast_1d(types), self.masks), dtype=float)
        return np.asarray(self.weights(i, probs) @ values)

    def best_cutoff(self, i: int, probs: NDArray[np.float64]) -> float:
        low, high = self.bounds[i]

        from scipy import optimize

        def f(x: float) -> float:
            return float(self.expected_gain(i, np.array([x]), probs)[0])

        if f(low) >= 0:
            return low
        if f(high) <= 0:
            return high
        return float(optimize.brentq(f, low, high, xtol=1e-14, maxiter=500))

    def probabilities(self, cutoffs: NDArray[np.float64]) -> NDArray[np.float64]:
        return np.array([1 - float(d.cdf(c)) for d, c in zip(self.dists, cutoffs, strict=True)])


def cutoff_equilibria(
    gain: GainFunction,
    distributions: Sequence[Any],
    *,
    tol: float = TOL,
    grid_points: int = 2001,
    max_iterations: int = 500,
) -> list[CutoffEquilibrium]:
    """Monotone cutoff Bayes–Nash equilibria of a binary-action game with continuous types.

    Best-response iteration on the cutoffs is started from "everyone takes action 0", from
    "everyone takes action 1" and from the middle of the supports; every limit is certified on
    a grid of ``grid_points`` types per player plus the cutoffs (module docstring) and distinct
    certified equilibria are returned. In a game of strategic complements the first two
    starts reach the least and the greatest equilibrium (Athey 2001), so a single result
    there means the cutoff equilibrium is unique; in other games the list may be incomplete.

    Parameters
    ----------
    gain : callable
        ``gain(i, types, others)``: the gain of action 1 over action 0 for types ``types``
        (shape ``(K,)``) of player ``i`` when the other players flagged in each row of the
        boolean array ``others`` (shape ``(S, N-1)``, other players in order) take action 1;
        returns shape ``(S, K)``.
    distributions : sequence of scipy.stats frozen distributions
        The independent type distributions.
    tol : float
        The largest gain a checked type may have from switching.
    grid_points : int
        Types checked per player.
    max_iterations : int
        Best-response rounds per start.

    Returns
    -------
    list of CutoffEquilibrium

    Examples
    --------
    Two players with types x ~ U[0, 1] gain x - 3/2 from action 1, plus 2 when the other also
    takes it: both always take action 1, neither does, or both use the interior cutoff 1/2.

    >>> from scipy import stats
    >>> gain = lambda i, x, others: x[None, :] + 2.0 * others[:, :1] - 1.5
    >>> eqs = cutoff_equilibria(gain, [stats.uniform(0, 1)] * 2)
    >>> sorted(round(float(e.cutoffs[0]), 6) for e in eqs)
    [0.0, 0.5, 1.0]
    """
    tol = check_tol(tol)
    if grid_points < 3:
        raise ValueError(f"grid_points: got {grid_points}; expected at least 3")
    problem = _CutoffProblem(gain, distributions)
    lows = np.array([b[0] for b in problem.bounds])
    highs = np.array([b[1] for b in problem.bounds])
    starts = [highs, lows, (lows + highs) / 2]
    found: list[CutoffEquilibrium] = []
    for start in starts:
        cutoffs = _iterate(problem, start.copy(), max_iterations)
        if cutoffs is None:
            continue
        eq = _certify_cutoffs(problem, cutoffs, tol, grid_points)
        if eq is None:
            continue
        if not any(np.allclose(eq.cutoffs, e.cutoffs, atol=1e-7) for e in found):
            found.append(eq)
    # The interior (unstable) equilibria of coordination games repel best-response
    # iteration: look for them as roots of the indifference system from the midpoint.
    mid = _interior_root(problem, (lows + highs) / 2)
    if mid is not None:
        eq = _certify_cutoffs(problem, mid, tol, grid_points)
        if eq is not None and not any(np.allclose(eq.cutoffs, e.cutoffs, atol=1e-7) for e in found):
            found.append(eq)
    if not found:
        warnings.warn("no cutoff equilibrium could be certified", stacklevel=2)
    return sorted(found, key=lambda e: tuple(e.cutoffs))


def _iterate(
    problem: _CutoffProblem, cutoffs: NDArray[np.float64], max_iterations: int
) -> NDArray[np.float64] | None:
    for _ in range(max_iterations):
        previous = cutoffs.copy()
        for i in range(problem.n):  # Gauss-Seidel: each player answers the latest cutoffs
            cutoffs[i] = problem.best_cutoff(i, problem.probabilities(cutoffs))
        if np.allclose(previous, cutoffs, atol=1e-13, rtol=0):
            return cutoffs
    return None


def _interior_root(
    problem: _CutoffProblem, start: NDArray[np.float64]
) -> NDArray[np.float64] | None:
    def system(c: NDArray[np.float64]) -> NDArray[np.float64]:
        c = np.clip(c, [b[0] for b in problem.bounds], [b[1] for b in problem.bounds])
        probs = problem.probabilities(c)
        return np.array(
            [problem.expected_gain(i, np.array([c[i]]), probs)[0] for i in range(problem.n)]
        )

    from scipy import optimize

    solution = optimize.root(system, start, method="hybr", tol=1e-14)
    if not solution.success:
        return None
    return np.asarray(solution.x, dtype=float)


def _certify_cutoffs(
    problem: _CutoffProblem, cutoffs: NDArray[np.float64], tol: float, grid_points: int
) -> CutoffEquilibrium | None:
    probs = problem.probabilities(cutoffs)
    worst = 0.0
    for i in range(problem.n):
        low, high = problem.bounds[i]
        c = float(np.clip(cutoffs[i], low, high))
        types = np.linspace(low, high, grid_points)
        g = problem.expected_gain(i, types, probs)
        # Below the cutoff a type takes action 0 and loses max(g, 0); above, max(-g, 0). The
        # cutoff type itself is indifferent when the cutoff is interior (checked next); at a
        # corner it is a single type of probability zero.
        loss = np.where(types < c, np.maximum(g, 0), np.maximum(-g, 0))
        loss = np.where(types == c, 0.0, loss)
        worst = max(worst, float(loss.max()))
        if low < c < high:
            worst = max(worst, abs(float(problem.expected_gain(i, np.array([c]), probs)[0])))
    if worst > tol:
        return None
    cutoffs = np.array(cutoffs, dtype=float)
    cutoffs.setflags(write=False)
    probs.setflags(write=False)
    return CutoffEquilibrium(cutoffs, probs, worst, grid_points, "best-response iteration", tol)
