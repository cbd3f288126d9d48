"""All pure-strategy Nash equilibria of N-player games, streamed in bounded memory.

A pure profile :math:`a` is an equilibrium when every player's payoff is within ``tol`` of its
best payoff along its own axis (payoff convention: :mod:`gametheory.core.game`):
``payoffs[i][a] >= max_b payoffs[i][a with a_i = b] - tol`` for all ``i``.

The profile space is processed in blocks that fix the leading players' actions, so the
temporaries never exceed ``chunk_size`` profiles: 24 two-action players (16.8 M profiles, a
3.2 GB payoff array) are scanned with a few hundred MB of working memory beyond the game.
A payoff array passed as it is, of any real dtype, writable or not, contiguous or strided, is
never copied: one streaming pass finds its scale (for ``tol``), then the blocks are scanned,
each player's gains computed in float64 exactly as the certificate computes them, in tiles
small enough for the cache.
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
    return payoffs, scale_tol(tol, _magnitude(payoffs))


#: Elements per piece of the scale pass: small enough to stay in cache between max and min.
_PIECE = 1 << 18


def _magnitude(payoffs: NDArray[Any]) -> float:
    """The largest absolute payoff, in one streaming read; ValueError if one is not finite.

    Max and min of each cache-sized piece, so the array is read from memory once (np.abs would
    copy it; ``max()`` then ``min()`` would read it twice).
    """
    pieces = payoffs.reshape(-1) if payoffs.flags.c_contiguous else None
    if pieces is None:  # a strided view: whole-array reductions (still no copy)
        bounds = [(payoffs.max(), payoffs.min())]
    else:
        bounds = [
            (piece.max(), piece.min())
            for piece in (pieces[s : s + _PIECE] for s in range(0, pieces.size, _PIECE))
        ]
    high = max(float(b[0]) for b in bounds)
    low = min(float(b[1]) for b in bounds)
    if not all(math.isfinite(float(b[0])) and math.isfinite(float(b[1])) for b in bounds):
        raise ValueError("payoffs: expected finite numbers (got NaN or infinity)")
    return max(abs(high), abs(low))


def pure_equilibrium_profiles(
    game: NormalFormGame | ArrayLike, *, tol: float = TOL, chunk_size: int = CHUNK_SIZE
) -> NDArray[np.intp]:
    """The pure equilibria as an integer array of shape ``(k, N)``, in lexicographic order.

    Each row holds the action index of every player. This is the array form behind
    :func:`pure_equilibria`, for callers that want all profiles at once.

    ``game`` may also be the payoff array itself, of shape ``(N, n_0, ..., n_{N-1})`` and any
    real dtype (``int8`` to ``float64``), writable or read-only, used as it is: never copied or
    converted, so a game near the memory limit is scanned in place. One streaming pass finds
    the payoffs' scale; the scan then reads blocks of at most ``chunk_size`` profiles, and as
    soon as few candidates survive in a block, the remaining players are checked at those
    profiles only.

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
    # The block's temporaries, allocated once: fresh large arrays cost a page fault per page.
    work = _Work(math.prod(shape[k:]))
    for prefix in itertools.product(*(range(n) for n in shape[:k])):
        rest = _block_candidates(payoffs, prefix, shape, tol, work)
        if len(rest):
            head = np.broadcast_to(np.asarray(prefix, dtype=np.intp), (len(rest), k))
            found.append(np.concatenate([head, rest], axis=1).astype(np.intp))
    if not found:
        return np.empty((0, n_players), dtype=np.intp)
    return np.concatenate(found)


#: Below one candidate in this many profiles of a block, the scan gathers candidates instead.
_SPARSE = 64


class _Work:
    """Scratch arrays of one block's size (float64 gains, boolean tests), reused by blocks."""

    def __init__(self, size: int) -> None:
        self.gains = np.empty(size, dtype=np.float64)
        self.flags = np.empty(size, dtype=bool)

    def gains_of(self, shape: tuple[int, ...]) -> NDArray[np.float64]:
        return self.gains[: math.prod(shape)].reshape(shape)

    def flags_of(self, shape: tuple[int, ...]) -> NDArray[np.bool_]:
        return self.flags[: math.prod(shape)].reshape(shape)


def _gains(
    best: NDArray[Any], own: NDArray[Any], out: NDArray[np.float64] | None = None
) -> NDArray[np.float64]:
    """``best - own`` in float64: what a deviation gains, computed as the certificate does
    (:func:`_certified`), and without the wrap-around of small integer dtypes."""
    return np.subtract(best, own, out=out, dtype=np.float64)


def _block_candidates(
    payoffs: NDArray[Any],
    prefix: tuple[int, ...],
    shape: tuple[int, ...],
    tol: float,
    work: _Work,
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
        if shape[i] == 2:
            _two_actions(block, mask, axis, tol, work)
        else:
            gain = _gains(block.max(axis=axis, keepdims=True), block, work.gains_of(block.shape))
            mask &= np.less_equal(gain, tol, out=work.flags_of(block.shape))
        if np.count_nonzero(mask) * _SPARSE < mask.size:
            break
    return _sparse_phase(payoffs, prefix, shape, tol, np.flatnonzero(mask), pending)


#: Profiles per tile of a two-action player's dense step: its temporaries stay in cache.
_TILE = 1 << 16


def _two_actions(
    block: NDArray[Any], mask: NDArray[np.bool_], axis: int, tol: float, work: _Work
) -> None:
    """One two-action player's dense step: one difference serves both actions.

    The block is seen as (before, 2, after) and taken in tiles of about :data:`_TILE`
    profiles, so the gains are written and read in cache rather than through memory.
    """
    before = math.prod(block.shape[:axis])
    after = math.prod(block.shape[axis + 1 :])
    if block.flags.c_contiguous:
        payoff = block.reshape(before, 2, after)  # a view: the block is contiguous
    else:  # strided: the whole block at once (no reshape, which would copy it)
        payoff, before, after = block, 1, 1
    tiles = mask.reshape(before, 2, after) if payoff is not block else mask
    if payoff is block:
        first = (slice(None),) * axis + (0,)
        second = (slice(None),) * axis + (1,)
        steps = [(first, second)]
    else:
        rows = max(1, _TILE // after)
        columns = min(after, _TILE)
        steps = [
            ((slice(r, r + rows), 0, slice(c, c + columns)),
             (slice(r, r + rows), 1, slice(c, c + columns)))
            for r in range(0, before, rows)
            for c in range(0, after, columns)
        ]  # fmt: skip
    for first, second in steps:
        low, high = payoff[first], payoff[second]
        gain = _gains(high, low, work.gains_of(low.shape))  # of switching from action 0 to 1
        flags = work.flags_of(low.shape)
        tiles[first] &= np.less_equal(gain, tol, out=flags)
        tiles[second] &= np.greater_equal(gain, -tol, out=flags)


def _sparse_phase(
    payoffs: NDArray[Any],
    prefix: tuple[int, ...],
    shape: tuple[int, ...],
    tol: float,
    flat: NDArray[np.intp],
    pending: list[int],
) -> NDArray[np.intp]:
    """Check the remaining players at the candidates only (``flat``: C-order indices into the
    block), reading a slab of the block's size at most: no full read, no copy of a block."""
    k = len(prefix)
    inner = shape[k:]

    def read(slab: NDArray[Any], index: NDArray[np.intp]) -> NDArray[Any]:
        if slab.flags.c_contiguous:
            return slab.reshape(-1)[index]
        return slab[np.unravel_index(index, inner)]

    for i in pending:
        if not len(flat):
            break
        if i >= k:  # the player's axis is inside the block: deviations are index offsets
            slab = payoffs[(i, *prefix)]
            stride = math.prod(inner[i - k + 1 :])
            action = flat // stride % shape[i]
            base = flat - action * stride
            values = [read(slab, base + b * stride) for b in range(shape[i])]
            own = np.choose(action, values) if shape[i] > 1 else values[0]
            best = values[0]
            for value in values[1:]:
                best = np.maximum(best, value)
        else:  # a leading player: deviations are other blocks, at the same index
            own = read(payoffs[(i, *prefix)], flat)
            best = own
            for b in range(shape[i]):
                if b != prefix[i]:
                    elsewhere = (*prefix[:i], b, *prefix[i + 1 :])
                    best = np.maximum(best, read(payoffs[(i, *elsewhere)], flat))
        flat = flat[_gains(best, own) <= tol]
    if not inner:  # every player fixed by the prefix: a block of one profile
        return np.empty((len(flat), 0), dtype=np.intp)
    return np.stack(np.unravel_index(flat, inner), axis=1).astype(np.intp, copy=False)


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
