r"""Finite normal-form games, mixed profiles and the regret oracle.

The payoff convention
---------------------
A game has players :math:`i = 0, \dots, N-1`; player :math:`i` has :math:`n_i` actions,
indexed :math:`0, \dots, n_i - 1`. Its payoffs are one array ``game.payoffs`` of shape
:math:`(N, n_0, n_1, \dots, n_{N-1})` with

.. math::

    \texttt{payoffs}[i, a_0, a_1, \dots, a_{N-1}] = u_i(a_0, a_1, \dots, a_{N-1}),

so axis :math:`1 + j` of the array is player :math:`j`'s action and ``payoffs[i]`` is player
:math:`i`'s payoff tensor. For two players, ``payoffs[0]`` is the row player's matrix
:math:`A` and ``payoffs[1]`` the column player's matrix :math:`B`, both indexed
``[row, column]``. A mixed profile is a tuple of probability vectors
:math:`\sigma = (\sigma_0, \dots, \sigma_{N-1})`, :math:`\sigma_i \in \Delta^{n_i - 1}`.
Every other module of :mod:`gametheory` uses this convention and refers here for it.

The regret of a profile is

.. math::

    \operatorname{regret}(\sigma) = \max_i \Bigl[\max_{a_i} u_i(a_i, \sigma_{-i})
        - u_i(\sigma)\Bigr] \ \ge 0,

and a profile is a Nash equilibrium exactly when its regret is zero. :func:`regret` and
:func:`is_equilibrium` are the single oracle that every solver, test and notebook uses;
:func:`exact_regret` evaluates the same quantity in rational arithmetic.

References
----------
.. [1] Nash, J. (1951). Non-cooperative games. *Annals of Mathematics* 54:286-295.
.. [2] McKelvey, R. D., McLennan, A. M. & Turocy, T. L. (2016). Gambit: software tools for
   game theory (the ``max_regret`` of a profile, the same certificate).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from gametheory.core.tolerance import TOL, PayoffTol, check_tol, scale_tol

__all__ = [
    "DegenerateGameWarning",
    "Equilibrium",
    "NormalFormGame",
    "action_values",
    "as_profile",
    "certify",
    "check_game_tol",
    "check_scaled_tol",
    "exact_regret",
    "expected_payoffs",
    "is_equilibrium",
    "regret",
]


class DegenerateGameWarning(UserWarning):
    """A solver met a degenerate game and switched to a slower, complete fallback."""


def _finite_array(value: Any, name: str) -> NDArray[np.float64]:
    """Convert ``value`` to a finite float array, with a precise error otherwise."""
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError) as exc:
        raise ValueError(
            f"{name}: could not read as a numeric array ({exc}); "
            "expected a rectangular array of numbers"
        ) from None
    if array.dtype == object:  # pragma: no cover - numpy raises above for ragged input
        raise ValueError(f"{name}: ragged input; expected a rectangular array of numbers")
    # Check block by block along the first axis so that a multi-GB game needs no
    # payoff-sized boolean temporary.
    if array.size == 0:  # nothing to check, and reshape(0, -1) is ambiguous
        return array
    blocks = array.reshape(array.shape[0], -1) if array.ndim > 1 else array.reshape(1, -1)
    for k, block in enumerate(blocks):
        if not np.isfinite(block).all():
            flat = int(np.flatnonzero(~np.isfinite(block))[0])
            where = tuple(int(x) for x in np.unravel_index(k * block.size + flat, array.shape))
            raise ValueError(
                f"{name}: entry {where} is {array[where]}; expected finite numbers (no NaN or inf)"
            )
    return array


def _exact_array(value: Any, shape: tuple[int, ...]) -> NDArray[np.object_]:
    """An object array of :class:`~fractions.Fraction` of the given shape."""
    flat = np.asarray(value, dtype=object).reshape(-1)
    out = np.empty(flat.shape, dtype=object)
    for k, entry in enumerate(flat):
        out[k] = Fraction(entry)
    return out.reshape(shape)


@dataclass(frozen=True, eq=False, repr=False)
class NormalFormGame:
    """An immutable finite game in normal form.

    Parameters
    ----------
    payoffs : array_like or sequence of array_like
        Either one array of shape ``(N, n_0, ..., n_{N-1})`` or a sequence of ``N`` arrays of
        shape ``(n_0, ..., n_{N-1})``, one per player; see the module docstring for the
        convention. The game keeps its own read-only copy, except that a read-only float64
        array is kept as it is (no copy: for very large games; do not change its base).
    players : sequence of str, optional
        Player labels; default ``"1"``, ``"2"``, ...
    actions : sequence of sequence of str, optional
        Action labels per player; default ``"0"``, ``"1"``, ...
    title : str, optional
        A name for the game.
    exact_payoffs : array_like of Fraction, optional
        The payoffs as exact rationals (same shape as ``payoffs``), kept for exact checking
        when the source had them (a Gambit file's ``1/3``, a scenario's decimal text).

    Raises
    ------
    ValueError
        On ragged or non-numeric payoffs, NaN or inf, shape mismatches between players, a
        player with no actions, or label lists of the wrong length.

    Examples
    --------
    >>> g = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...                                   actions=[["C", "D"], ["C", "D"]])
    >>> g.num_players, g.shape
    (2, (2, 2))
    >>> float(g.payoffs[1, 0, 1])   # column player's payoff: row plays C, column plays D
    5.0
    """

    payoffs: NDArray[np.float64]
    players: tuple[str, ...] = ()
    actions: tuple[tuple[str, ...], ...] = ()
    title: str = ""
    exact_payoffs: NDArray[np.object_] | None = field(default=None)

    def __post_init__(self) -> None:
        raw = self.payoffs
        if isinstance(raw, list | tuple) and raw and not np.isscalar(raw[0]):
            shapes = {np.shape(p) for p in raw}
            if len(shapes) > 1:
                raise ValueError(
                    "payoffs: players' payoff arrays have different shapes "
                    f"{sorted(shapes)}; expected one shape (n_0, ..., n_{{N-1}}) for all"
                )
        array = _finite_array(raw, "payoffs")
        if array.ndim < 2 or array.shape[0] == 0:
            raise ValueError(
                f"payoffs: got an array of shape {array.shape}; expected shape "
                "(N, n_0, ..., n_{N-1}) with N >= 1 players"
            )
        num_players = array.shape[0]
        if array.ndim != num_players + 1:
            raise ValueError(
                f"payoffs: got shape {array.shape}, i.e. {num_players} payoff arrays of "
                f"{array.ndim - 1} dimensions; expected {num_players} arrays of "
                f"{num_players} dimensions (one axis per player)"
            )
        if 0 in array.shape[1:]:
            raise ValueError(
                f"payoffs: shape {array.shape} gives a player no actions; "
                "expected at least one action per player"
            )
        # Immutability: copy the caller's array unless it is already read-only (the
        # constructors below hand over read-only arrays, so that a 24-player game is not
        # held twice in memory; a caller may do the same and promise not to change it).
        if array is raw and array.flags.writeable:
            array = array.copy()
        array.setflags(write=False)
        object.__setattr__(self, "payoffs", array)
        shape = array.shape[1:]

        players = tuple(str(p) for p in self.players) or tuple(
            str(i + 1) for i in range(num_players)
        )
        if len(players) != num_players:
            raise ValueError(
                f"players: got {len(players)} labels {list(players)}; expected {num_players}"
            )
        if len(set(players)) != len(players):
            raise ValueError(f"players: labels {list(players)} repeat; expected distinct labels")
        object.__setattr__(self, "players", players)

        actions = tuple(tuple(str(a) for a in acts) for acts in self.actions) or tuple(
            tuple(str(a) for a in range(n)) for n in shape
        )
        if len(actions) != num_players:
            raise ValueError(
                f"actions: got label lists for {len(actions)} players; expected {num_players}"
            )
        for i, (acts, n) in enumerate(zip(actions, shape, strict=True)):
            if len(acts) != n:
                raise ValueError(
                    f"actions[{i}] (player {players[i]!r}): got {len(acts)} labels "
                    f"{list(acts)}; expected {n}"
                )
        object.__setattr__(self, "actions", actions)
        object.__setattr__(self, "title", str(self.title))

        if self.exact_payoffs is not None:
            exact = _exact_array(self.exact_payoffs, array.shape)
            exact.setflags(write=False)
            object.__setattr__(self, "exact_payoffs", exact)

    # -- constructors -------------------------------------------------------------------------
    @classmethod
    def from_bimatrix(
        cls,
        row_payoffs: ArrayLike,
        column_payoffs: ArrayLike | None = None,
        **labels: Any,
    ) -> NormalFormGame:
        """A two-player game from the row player's matrix A and the column player's B.

        With ``column_payoffs`` omitted the game is zero-sum: B = -A.

        Examples
        --------
        >>> pennies = NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])
        >>> pennies.payoffs[1].tolist()
        [[-1.0, 1.0], [1.0, -1.0]]
        """
        a = _finite_array(row_payoffs, "row_payoffs")
        b = -a if column_payoffs is None else _finite_array(column_payoffs, "column_payoffs")
        if a.ndim != 2 or b.ndim != 2:
            raise ValueError(
                f"bimatrix: got arrays of {a.ndim} and {b.ndim} dimensions; expected two matrices"
            )
        if a.shape != b.shape:
            raise ValueError(
                f"bimatrix: row_payoffs has shape {a.shape} but column_payoffs has shape "
                f"{b.shape}; expected the same shape"
            )
        stacked = np.stack([a, b])
        stacked.setflags(write=False)
        return cls(stacked, **labels)

    @classmethod
    def from_payoff_function(
        cls,
        function: Callable[..., Any],
        shape: Sequence[int],
        **labels: Any,
    ) -> NormalFormGame:
        """A game from a vectorised payoff function over profiles.

        ``function(a_0, ..., a_{N-1})`` receives ``N`` broadcastable integer arrays of action
        indices (together they enumerate every profile) and returns an array of shape
        ``(N, n_0, ..., n_{N-1})`` (or a sequence of ``N`` arrays) of payoffs.

        Examples
        --------
        A three-player majority game: each player gets 1 when its action is the majority's.

        >>> def majority(*a):
        ...     votes = sum(a)
        ...     return [(x == (votes >= 2)).astype(float) for x in a]
        >>> g = NormalFormGame.from_payoff_function(majority, (2, 2, 2))
        >>> g.payoffs[:, 1, 1, 0].tolist()
        [1.0, 1.0, 0.0]
        """
        dims = tuple(int(n) for n in shape)
        if any(n < 1 for n in dims):
            raise ValueError(f"shape: got {tuple(shape)}; expected positive action counts")
        grids = np.indices(dims, sparse=True)
        values = function(*grids)
        arrays = [np.broadcast_to(np.asarray(v, dtype=float), dims) for v in values]
        if len(arrays) != len(dims):
            raise ValueError(
                f"payoff function returned {len(arrays)} payoff arrays; expected {len(dims)}"
            )
        stacked = np.stack(arrays)
        stacked.setflags(write=False)
        return cls(stacked, **labels)

    # -- properties ---------------------------------------------------------------------------
    @property
    def num_players(self) -> int:
        """The number of players N."""
        return int(self.payoffs.shape[0])

    @property
    def shape(self) -> tuple[int, ...]:
        """The number of actions of each player, ``(n_0, ..., n_{N-1})``."""
        return tuple(int(n) for n in self.payoffs.shape[1:])

    @cached_property
    def payoff_scale(self) -> float:
        """The largest absolute payoff: the scale ``tol`` is relative to (see ``tolerance``)."""
        # max and min stream over the array; np.abs would make a copy of a 3 GiB game.
        return max(abs(float(self.payoffs.max())), abs(float(self.payoffs.min())))

    @property
    def num_profiles(self) -> int:
        """The number of pure profiles, the product of the action counts."""
        return math.prod(self.shape)

    def exact(self) -> NDArray[np.object_]:
        """The payoffs as an object array of :class:`~fractions.Fraction`.

        The stored exact payoffs when the game has them, otherwise the exact binary value of
        each float (``Fraction(0.1)`` is not 1/10; build games from rationals to check ties).
        """
        if self.exact_payoffs is not None:
            return self.exact_payoffs
        return _exact_array(self.payoffs, self.payoffs.shape)

    def __repr__(self) -> str:
        title = f"{self.title!r}, " if self.title else ""
        return f"NormalFormGame({title}players={list(self.players)}, shape={self.shape})"


# -- profiles ---------------------------------------------------------------------------------
def as_profile(game: NormalFormGame, profile: Any, *, tol: float = TOL) -> tuple[NDArray, ...]:
    """Validate ``profile`` for ``game``; return one probability vector per player.

    An entry may be a probability vector or an integer action index (a pure strategy).

    Examples
    --------
    >>> g = NormalFormGame.from_bimatrix([[1, 0], [0, 1]], [[1, 0], [0, 1]])
    >>> [s.tolist() for s in as_profile(g, [0, [0.25, 0.75]])]
    [[1.0, 0.0], [0.25, 0.75]]
    >>> as_profile(g, [[0.5, 0.6], 0])
    Traceback (most recent call last):
    ...
    ValueError: profile[0] (player '1'): probabilities sum to 1.1; expected 1
    """
    if isinstance(profile, np.ndarray) and profile.ndim == 1 and profile.dtype.kind in "iu":
        profile = profile.tolist()
    if len(profile) != game.num_players:
        raise ValueError(
            f"profile: got {len(profile)} strategies; expected one for each of "
            f"{game.num_players} players"
        )
    out = []
    for i, (entry, n) in enumerate(zip(profile, game.shape, strict=True)):
        where = f"profile[{i}] (player {game.players[i]!r})"
        if isinstance(entry, int | np.integer):
            if not 0 <= int(entry) < n:
                raise ValueError(f"{where}: action {entry} out of range; expected 0..{n - 1}")
            vec = np.zeros(n)
            vec[int(entry)] = 1.0
        else:
            vec = _finite_array(entry, where)
            if vec.shape != (n,):
                raise ValueError(f"{where}: got shape {vec.shape}; expected ({n},)")
            if (vec < -tol).any():
                raise ValueError(f"{where}: negative probability {vec.min()}; expected >= 0")
            total = vec.sum()
            if abs(total - 1.0) > max(tol, 1e-9):
                raise ValueError(f"{where}: probabilities sum to {total:.6g}; expected 1")
        out.append(vec)
    return tuple(out)


def action_values(game: NormalFormGame, profile: Any, player: int) -> NDArray[np.float64]:
    r"""Player ``player``'s expected payoff of each of its actions against ``profile``.

    Returns the vector :math:`(u_i(a_i, \sigma_{-i}))_{a_i}`.

    Examples
    --------
    >>> g = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> action_values(g, [0, [0.5, 0.5]], 0).tolist()
    [1.5, 3.0]
    """
    sigma = as_profile(game, profile)
    return _action_values(game.payoffs[player], sigma, player)


def _action_values(tensor: NDArray, sigma: Sequence[NDArray], player: int) -> NDArray:
    """Contract every axis but ``player``'s with the opponents' mixed strategies."""
    values = tensor
    # Contract from the last axis down so the remaining axis numbers stay valid.
    for j in range(len(sigma) - 1, -1, -1):
        if j != player:
            values = np.tensordot(values, sigma[j], axes=([j], [0]))
    return np.asarray(values)


def expected_payoffs(game: NormalFormGame, profile: Any) -> NDArray[np.float64]:
    """Every player's expected payoff under ``profile``.

    Examples
    --------
    >>> g = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> expected_payoffs(g, [1, 1]).tolist()
    [1.0, 1.0]
    """
    sigma = as_profile(game, profile)
    return np.array(
        [_action_values(game.payoffs[i], sigma, i) @ sigma[i] for i in range(game.num_players)]
    )


def _player_regrets(game: NormalFormGame, sigma: Sequence[NDArray]) -> NDArray:
    out = np.empty(game.num_players)
    for i in range(game.num_players):
        values = _action_values(game.payoffs[i], sigma, i)
        out[i] = values.max() - values @ sigma[i]
    return out


def regret(game: NormalFormGame, profile: Any) -> float:
    """The largest gain any player has from a unilateral deviation from ``profile``.

    Zero exactly at a Nash equilibrium; see the module docstring for the definition.

    Examples
    --------
    Prisoner's dilemma: mutual cooperation leaves a gain of 2 from defecting.

    >>> g = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> regret(g, [0, 0]), regret(g, [1, 1])
    (2.0, 0.0)
    """
    sigma = as_profile(game, profile)
    return float(max(0.0, _player_regrets(game, sigma).max()))


def is_equilibrium(game: NormalFormGame, profile: Any, *, tol: float = TOL) -> bool:
    """Whether ``profile`` is a Nash equilibrium: its :func:`regret` is at most ``tol``.

    Examples
    --------
    >>> g = NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])
    >>> is_equilibrium(g, [[0.5, 0.5], [0.5, 0.5]]), is_equilibrium(g, [0, 0])
    (True, False)
    """
    return regret(game, profile) <= check_tol(tol)


def exact_regret(game: NormalFormGame, profile: Sequence[Sequence[Any]]) -> Fraction:
    """:func:`regret` in exact rational arithmetic.

    Payoffs come from :meth:`NormalFormGame.exact`; each probability is converted with
    :class:`~fractions.Fraction` (pass Fractions, or integers for pure actions, to check a
    rational profile exactly; a float converts to its exact binary value). Raises
    ``ValueError`` when the profile's probabilities do not sum to exactly one.

    Examples
    --------
    >>> from fractions import Fraction as Q
    >>> g = NormalFormGame.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    >>> exact_regret(g, [[Q(2, 3), Q(1, 3)], [Q(1, 3), Q(2, 3)]])
    Fraction(0, 1)
    >>> exact_regret(g, [0, 1])
    Fraction(1, 1)
    """
    if len(profile) != game.num_players:
        raise ValueError(f"profile: got {len(profile)} strategies; expected {game.num_players}")
    sigma: list[NDArray[np.object_]] = []
    for i, (entry, n) in enumerate(zip(profile, game.shape, strict=True)):
        if isinstance(entry, int | np.integer):
            if not 0 <= int(entry) < n:
                raise ValueError(f"profile[{i}]: action {entry} out of range; expected 0..{n - 1}")
            vec = np.array([Fraction(int(k == entry)) for k in range(n)], dtype=object)
        else:
            vec = np.array([Fraction(x) for x in entry], dtype=object)
            if vec.shape != (n,):
                raise ValueError(f"profile[{i}]: got {vec.shape[0]} entries; expected {n}")
            if sum(vec) != 1 or any(x < 0 for x in vec):
                raise ValueError(
                    f"profile[{i}]: probabilities {[str(x) for x in vec]} are not exactly a "
                    "probability vector; expected non-negative rationals summing to 1"
                )
        sigma.append(vec)
    payoffs = game.exact()
    worst = Fraction(0)
    for i in range(game.num_players):
        values = payoffs[i]
        for j in range(game.num_players - 1, -1, -1):
            if j != i:
                values = np.tensordot(values, sigma[j], axes=([j], [0]))
        values = np.asarray(values, dtype=object)
        gain = max(values) - sum(values * sigma[i])
        worst = max(worst, Fraction(gain))
    return worst


def _probability_tol(tol: float) -> float:
    """The tolerance for a probability: the relative part of a payoff tolerance."""
    return float(tol.relative) if isinstance(tol, PayoffTol) else float(tol)


# -- certified results ------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class Equilibrium:
    """A certified Nash equilibrium.

    Attributes
    ----------
    strategies : tuple of ndarray
        One probability vector per player (read-only).
    regret : float
        Its :func:`regret`, checked to be at most ``tol`` when it was made.
    method : str
        The algorithm that found it.
    tol : float
        The tolerance it was certified against.
    """

    strategies: tuple[NDArray[np.float64], ...]
    regret: float
    method: str
    tol: float = TOL

    @property
    def is_pure(self) -> bool:
        """Whether every player puts all weight on one action."""
        cut = _probability_tol(self.tol)
        return all(int(np.count_nonzero(s > cut)) == 1 for s in self.strategies)

    @property
    def supports(self) -> tuple[tuple[int, ...], ...]:
        """The actions each player uses with probability above ``tol`` (relative ``tol``)."""
        cut = _probability_tol(self.tol)
        return tuple(tuple(int(k) for k in np.flatnonzero(s > cut)) for s in self.strategies)

    @property
    def pure_profile(self) -> tuple[int, ...] | None:
        """The action index of each player for a pure equilibrium, else ``None``."""
        if not self.is_pure:
            return None
        return tuple(int(np.argmax(s)) for s in self.strategies)

    def to_lists(self) -> list[list[float]]:
        """One list of probabilities per player (the JSON form)."""
        return [s.tolist() for s in self.strategies]

    def isclose(self, other: Equilibrium | Sequence[ArrayLike], *, atol: float = 1e-7) -> bool:
        """Whether two profiles agree to ``atol`` in every probability."""
        theirs = other.strategies if isinstance(other, Equilibrium) else other
        return all(
            np.shape(a) == np.shape(b) and np.allclose(a, b, atol=atol, rtol=0)
            for a, b in zip(self.strategies, theirs, strict=True)
        )


def check_game_tol(game: NormalFormGame, tol: float) -> float:
    """``tol`` for ``game`` in payoff units: relative to its largest :math:`|u|` (the rule).

    Regrets are sums of payoffs times probabilities, so their round-off grows with the payoffs'
    magnitude; ``tol`` is therefore relative to :attr:`NormalFormGame.payoff_scale` (see
    :mod:`gametheory.core.tolerance`), and rescaling the payoffs changes no equilibrium found.
    A tolerance already in payoff units (:class:`~gametheory.core.tolerance.PayoffTol`) is
    returned unchanged. ``tol = 0`` asks for comparisons without tolerance, which are sound
    for exactly representable computations (pure profiles of integer games).

    Examples
    --------
    >>> g = NormalFormGame.from_bimatrix([[3e7, 0], [5e7, 1e7]], [[3e7, 5e7], [0, 1e7]])
    >>> float(check_game_tol(g, 1e-9))
    0.05
    >>> check_game_tol(g, 1e-16)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    gametheory.core.errors.InputError: tol = 1e-16: a relative tolerance below the float64...
    """
    return scale_tol(tol, game.payoff_scale)


def check_scaled_tol(tol: float, payoff_scale: float) -> float:
    """:func:`check_game_tol` for payoffs whose largest magnitude is ``payoff_scale``.

    Examples
    --------
    >>> float(check_scaled_tol(1e-6, 1e7))
    10.0
    """
    return scale_tol(tol, payoff_scale)


def certify(
    game: NormalFormGame, profile: Any, method: str, *, tol: float = TOL
) -> Equilibrium | None:
    """Check ``profile`` with :func:`regret`; return it as an :class:`Equilibrium` or ``None``.

    Solvers pass every candidate through here, so nothing uncertified is ever returned.

    Examples
    --------
    >>> g = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> certify(g, [1, 1], "by hand").regret
    0.0
    >>> certify(g, [0, 0], "by hand") is None
    True
    """
    tol = check_game_tol(game, tol)
    sigma = as_profile(game, profile, tol=max(_probability_tol(tol), 1e-9))
    # Clip round-off below zero and renormalise before certifying what will be returned.
    cleaned = []
    for s in sigma:
        s = np.where(s < 0, 0.0, s)
        s = s / s.sum()
        s.setflags(write=False)
        cleaned.append(s)
    value = float(max(0.0, _player_regrets(game, cleaned).max()))
    if value > tol:
        return None
    return Equilibrium(tuple(cleaned), value, method, tol)
