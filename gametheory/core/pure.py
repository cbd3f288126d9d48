"""All pure-strategy Nash equilibria of N-player games, streamed in bounded memory.

A pure profile :math:`a` is an equilibrium when every player's payoff is within ``tol`` of its
best payoff along its own axis (payoff convention: :mod:`gametheory.core.game`):
``payoffs[i][a] >= max_b payoffs[i][a with a_i = b] - tol`` for all ``i``.

The profile space is processed in blocks that fix the leading players' actions, so the
temporaries never exceed ``chunk_size`` profiles: 24 two-action players (16.8 M profiles, a
3.2 GB payoff array) are scanned with a few hundred MB of working memory beyond the game.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from gametheory.core.game import Equilibrium, NormalFormGame, check_game_tol
from gametheory.core.tolerance import TOL, scale_tol

__all__ = ["pure_equilibria", "pure_equilibrium_profiles"]

#: Profiles examined per block; 2**22 keeps each temporary near 32 MB.
CHUNK_SIZE = 1 << 22


def _split(shape: tuple[int, ...], chunk_size: int) -> int:
    """The number of leading axes to fix so that a block has at most ``chunk_size`` cells."""
    k = 0
    while k < len(shape) and math.prod(shape[k:]) > chunk_size:
        k += 1
    return k


def _payoffs_and_tol(game: NormalFormGame | ArrayLike, tol: float) -> tuple[NDArray[Any], float]:
    """The payoff array (never copied) and ``tol`` in its payoff units (the one rule)."""
    if isinstance(game, NormalFormGame):
        return game.payoffs, check_game_tol(game, tol)
    payoffs = np.asarray(game)
    if payoffs.dtype.kind not in "iuf":
        raise ValueError(f"payoffs: got dtype {payoffs.dtype}; expected real numbers")
    if payoffs.ndim < 2 or payoffs.ndim != payoffs.shape[0] + 1 or 0 in payoffs.shape:
        raise ValueError(
            f"payoffs: got shape {payoffs.shape}; expected (N, n_0, ..., n_{{N-1}}) with "
            "N >= 1 players and at least one action each"
        )
    # Two streaming reductions, no temporary: max and min give the scale, and are not finite
    # exactly when some payoff is not.
    high, low = float(payoffs.max()), float(payoffs.min())
    if not (math.isfinite(high) and math.isfinite(low)):
        raise ValueError("payoffs: expected finite numbers (got NaN or infinity)")
    return payoffs, scale_tol(tol, max(abs(high), abs(low)))


def pure_equilibrium_profiles(
    game: NormalFormGame | ArrayLike, *, tol: float = TOL, chunk_size: int = CHUNK_SIZE
) -> NDArray[np.intp]:
    """The pure equilibria as an integer array of shape ``(k, N)``, in lexicographic order.

    Each row holds the action index of every player. This is the array form behind
    :func:`pure_equilibria`, for callers that want all profiles at once.

    ``game`` may also be the payoff array itself, of shape ``(N, n_0, ..., n_{N-1})`` and any
    real dtype (``int8`` to ``float64``), used as it is: never copied or converted, so a game
    near the memory limit is scanned in place. The scan reads the array once in blocks of at
    most ``chunk_size`` profiles; as soon as few candidates survive in a block, the remaining
    players are checked at those profiles only.

    Examples
    --------
    Stag hunt (Skyrms 2004): both hunt stag, or both hunt hare.

    >>> g = NormalFormGame.from_bimatrix([[4, 0], [3, 3]], [[4, 3], [0, 3]])
    >>> pure_equilibrium_profiles(g).tolist()
    [[0, 0], [1, 1]]
    >>> pure_equilibrium_profiles(g.payoffs.astype(np.int8)).tolist()  # any real dtype
    [[0, 0], [1, 1]]
    """
    payoffs, tol = _payoffs_and_tol(game, tol)
    if chunk_size < 1:
        raise ValueError(f"chunk_size: got {chunk_size}; expected a positive integer")
    shape = tuple(int(n) for n in payoffs.shape[1:])
    n_players = len(shape)
    k = _split(shape, chunk_size)
    found: list[NDArray[np.intp]] = []
    for prefix in itertools.product(*(range(n) for n in shape[:k])):
        rest = _block_candidates(payoffs, prefix, shape, tol)
        if len(rest):
            head = np.broadcast_to(np.asarray(prefix, dtype=np.intp), (len(rest), k))
            found.append(np.concatenate([head, rest], axis=1).astype(np.intp))
    if not found:
        return np.empty((0, n_players), dtype=np.intp)
    return np.concatenate(found)


#: Below one candidate in this many profiles of a block, the scan gathers candidates instead.
_SPARSE = 64


def _block_candidates(
    payoffs: NDArray[Any], prefix: tuple[int, ...], shape: tuple[int, ...], tol: float
) -> NDArray[np.intp]:
    """The equilibria of the block fixing the first ``len(prefix)`` players' actions."""
    k = len(prefix)
    n_players = len(shape)
    mask = np.ones(shape[k:], dtype=bool)
    pending = list(range(k, n_players)) + list(range(k))
    # Dense phase: players k.. have their whole axis inside the block; reduce along it.
    while pending and pending[0] >= k:
        i = pending.pop(0)
        block = payoffs[(i, *prefix)]
        axis = i - k
        mask &= block >= block.max(axis=axis, keepdims=True) - tol
        if np.count_nonzero(mask) * _SPARSE < mask.size:
            break
    cells = np.argwhere(mask)  # (c, N - k) candidate profiles within the block
    # Sparse phase: every remaining player, at the candidates only (no full read of a block).
    for i in pending:
        if not len(cells):
            break
        full = np.concatenate(
            [np.broadcast_to(np.asarray(prefix, dtype=np.intp), (len(cells), k)), cells], axis=1
        )
        own = payoffs[(i, *full.T)]
        best = own
        for b in range(shape[i]):
            other = full.copy()
            other[:, i] = b
            best = np.maximum(best, payoffs[(i, *other.T)])
        cells = cells[own >= best - tol]
    return cells


def pure_equilibria(
    game: NormalFormGame, *, tol: float = TOL, chunk_size: int = CHUNK_SIZE
) -> Iterator[Equilibrium]:
    """Yield every pure Nash equilibrium of ``game``, certified, in lexicographic order.

    Parameters
    ----------
    game : NormalFormGame
        Any number of players and actions.
    tol : float
        A profile is an equilibrium when no player gains more than ``tol`` by deviating.
    chunk_size : int
        The most profiles held in one block of temporaries.

    Yields
    ------
    Equilibrium
        With one-hot strategies, its regret and ``method="pure enumeration"``.

    Examples
    --------
    Prisoner's dilemma: only mutual defection.

    >>> g = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> [e.pure_profile for e in pure_equilibria(g)]
    [(1, 1)]
    """
    tol = check_game_tol(game, tol)
    profiles = pure_equilibrium_profiles(game, tol=tol, chunk_size=chunk_size)
    return _certified(game, profiles, tol)


def _certified(
    game: NormalFormGame, profiles: NDArray[np.intp], tol: float
) -> Iterator[Equilibrium]:
    payoffs = game.payoffs
    shape = game.shape
    for row in profiles:
        strategies = []
        for n, a in zip(shape, row, strict=True):
            s = np.zeros(n)
            s[a] = 1.0
            s.setflags(write=False)
            strategies.append(s)
        # The regret of a pure profile is read straight from the payoff array.
        gains = []
        for i in range(game.num_players):
            index = [slice(None) if j == i else int(a) for j, a in enumerate(row)]
            line = payoffs[(i, *index)]
            gains.append(float(line.max() - line[row[i]]))
        value = max(0.0, max(gains))
        if value > tol:  # pragma: no cover - the mask above guarantees this
            raise AssertionError(f"pure enumeration produced a non-equilibrium {row.tolist()}")
        yield Equilibrium(tuple(strategies), value, "pure enumeration", tol)
