r"""Symmetric N-player games with two actions, and all their symmetric equilibria.

In a symmetric two-action game a player's payoff depends only on its own action and on how
many of the other :math:`N - 1` players choose action 0:

.. math::

    u_i(a) = \begin{cases} a_k & a_i = 0 \\ b_k & a_i = 1 \end{cases}
    \qquad k = \#\{j \ne i : a_j = 0\},\quad k = 0, \dots, N - 1.

(Full payoff-array convention: :mod:`gametheory.core.game`.) When every other player chooses
action 0 with probability :math:`x`, :math:`k` is binomial and the gain of action 0 over
action 1 is the degree-:math:`(N-1)` polynomial in Bernstein form

.. math::

    g(x) = \sum_{k=0}^{N-1} \binom{N-1}{k} x^k (1 - x)^{N-1-k} (a_k - b_k).

Everyone mixing with probability :math:`x \in (0, 1)` on action 0 is an equilibrium exactly
when :math:`g(x) = 0`; all-0 is one when :math:`g(1) = a_{N-1} - b_{N-1} \ge 0`, all-1 when
:math:`g(0) = a_0 - b_0 \le 0`. In a large population where :math:`x` is the share playing
action 0, the replicator dynamics is :math:`\dot x = x (1 - x) g(x)`, so the same roots are its
interior rest points; a root is stable when :math:`g` falls through zero there.

The roots are found from the Chebyshev interpolant of :math:`g` on :math:`[0, 1]` (exact, as
:math:`g` is a polynomial; its colleague-matrix roots are well conditioned, unlike the power
basis for large N), joined with the sign changes of :math:`g` on a grid, polished by Newton's
method, deduplicated, and each one certified.

References
----------
.. [1] Hofbauer, J. & Sigmund, K. (1998). *Evolutionary Games and Population Dynamics*.
   Cambridge University Press.
.. [2] Gokhale, C. S. & Traulsen, A. (2010). Evolutionary games in the multiverse. *PNAS*
   107(12):5500-5504 (the Bernstein polynomial and its at most N - 1 interior roots).
.. [3] Pacheco, J. M., Santos, F. C., Souza, M. O. & Skyrms, B. (2009). Evolutionary dynamics
   of collective action in N-person stag hunt dilemmas. *Proc. R. Soc. B* 276:315-321.
.. [4] Trefethen, L. N. (2013). *Approximation Theory and Approximation Practice*, ch. 18
   (roots of Chebyshev interpolants via the colleague matrix).
"""

from __future__ import annotations

import itertools
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.polynomial import chebyshev
from numpy.typing import ArrayLike, NDArray

from gametheory.core.game import DegenerateGameWarning, Equilibrium, NormalFormGame, certify
from gametheory.core.tolerance import TOL, check_tol

__all__ = [
    "CERTIFY_FULL_GAME_MAX_PLAYERS",
    "MAX_NORMAL_FORM_PLAYERS",
    "SymmetricEquilibria",
    "SymmetricEquilibrium",
    "SymmetricGame",
    "as_symmetric_game",
    "symmetric_equilibria",
    "symmetric_game",
    "threshold_stag_hunt",
]

#: Up to this many players a symmetric equilibrium is certified on the full normal form.
CERTIFY_FULL_GAME_MAX_PLAYERS = 12
#: The most players for which :meth:`SymmetricGame.to_normal_form` builds the full array.
MAX_NORMAL_FORM_PLAYERS = 20
#: Roots within this of 0 or 1 are the pure profiles, not interior roots.
_EDGE = 1e-9


def _vector(value: Any, name: str) -> NDArray[np.float64]:
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name}: could not read as numbers ({exc})") from None
    if array.ndim != 1 or array.size == 0:
        raise ValueError(f"{name}: got shape {array.shape}; expected a non-empty 1-d array")
    if not np.isfinite(array).all():
        k = int(np.flatnonzero(~np.isfinite(array))[0])
        raise ValueError(f"{name}[{k}] is {array[k]}; expected finite numbers")
    array = array.copy()
    array.setflags(write=False)
    return array


@dataclass(frozen=True, eq=False)
class SymmetricGame:
    """A symmetric N-player two-action game in its compact form.

    Parameters
    ----------
    a, b : array_like, shape (N,)
        ``a[k]`` (``b[k]``): a player's payoff from action 0 (action 1) when ``k`` of the
        other ``N - 1`` players choose action 0 (module docstring).

    Examples
    --------
    The two-player stag hunt of the catalogue (stag = action 0):

    >>> g = SymmetricGame([0, 4], [3, 3])
    >>> g.num_players, float(g.gain(0.75))
    (2, 0.0)
    """

    a: NDArray[np.float64]
    b: NDArray[np.float64]

    def __post_init__(self) -> None:
        a = _vector(self.a, "a")
        b = _vector(self.b, "b")
        if a.shape != b.shape:
            raise ValueError(
                f"a, b: got lengths {a.size} and {b.size}; expected one payoff per number "
                "k = 0..N-1 of other players choosing action 0, the same length for both"
            )
        object.__setattr__(self, "a", a)
        object.__setattr__(self, "b", b)

    @property
    def num_players(self) -> int:
        """The number of players N."""
        return int(self.a.size)

    @property
    def differences(self) -> NDArray[np.float64]:
        """``a - b``, the Bernstein coefficients of the gain :math:`g`."""
        return self.a - self.b

    def _pmf(self, x: NDArray[np.float64], degree: int) -> NDArray[np.float64]:
        """Bernstein basis (binomial probabilities) of ``degree`` at ``x``, in log space."""
        from scipy.special import gammaln, xlog1py, xlogy

        k = np.arange(degree + 1, dtype=float)
        log_comb = gammaln(degree + 1) - gammaln(k + 1) - gammaln(degree - k + 1)
        x = np.clip(x, 0.0, 1.0)[..., None]
        return np.asarray(np.exp(log_comb + xlogy(k, x) + xlog1py(degree - k, -x)))

    def action_payoffs(self, x: ArrayLike) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """Expected payoffs of action 0 and action 1 when the others play 0 with prob. ``x``."""
        x = np.asarray(x, dtype=float)
        weights = self._pmf(x, self.num_players - 1)
        return weights @ self.a, weights @ self.b

    def gain(self, x: ArrayLike) -> NDArray[np.float64]:
        """:math:`g(x)`, vectorised over ``x``."""
        x = np.asarray(x, dtype=float)
        return np.asarray(self._pmf(x, self.num_players - 1) @ self.differences)

    def gain_derivative(self, x: ArrayLike) -> NDArray[np.float64]:
        """:math:`g'(x)`, from the Bernstein derivative :math:`m \\sum_k B_{k,m-1}\\Delta d_k`."""
        x = np.asarray(x, dtype=float)
        m = self.num_players - 1
        if m == 0:
            return np.zeros_like(x)
        return np.asarray(m * (self._pmf(x, m - 1) @ np.diff(self.differences)))

    def regret(self, x: float) -> float:
        """The regret of everyone playing action 0 with probability ``x`` (exact formula)."""
        u0, u1 = (float(u) for u in self.action_payoffs(x))
        return max(0.0, max(u0, u1) - (x * u0 + (1 - x) * u1))

    def to_normal_form(self) -> NormalFormGame:
        """The full :class:`~gametheory.NormalFormGame` (at most
        :data:`MAX_NORMAL_FORM_PLAYERS` players)."""
        n = self.num_players
        if n > MAX_NORMAL_FORM_PLAYERS:
            raise ValueError(
                f"a, b: {n} players give a payoff array of {n} x 2^{n} entries; expected at "
                f"most {MAX_NORMAL_FORM_PLAYERS} players to build the full game"
            )
        return NormalFormGame(_full_payoffs(self.a, self.b))

    @classmethod
    def from_normal_form(cls, game: NormalFormGame, *, tol: float = TOL) -> SymmetricGame:
        """Read the compact form of a symmetric two-action game, checking symmetry.

        Raises ``ValueError`` naming the entry and the permutation of players that break
        symmetry, or the shape when a player does not have exactly two actions.

        Examples
        --------
        >>> pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
        >>> SymmetricGame.from_normal_form(pd).a.tolist()
        [0.0, 3.0]
        >>> bos = NormalFormGame.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]])
        >>> SymmetricGame.from_normal_form(bos)
        Traceback (most recent call last):
        ...
        ValueError: game: payoffs[1][0, 0] = 1 but payoffs[0][0, 0] = 2; the permutation ...
        """
        tol = check_tol(tol)
        n = game.num_players
        if game.shape != (2,) * n:
            raise ValueError(
                f"game: action counts {game.shape}; expected two actions for every player "
                "of a symmetric two-action game"
            )
        payoffs = game.payoffs
        m = n - 1
        a = np.empty(n)
        b = np.empty(n)
        for k in range(n):
            others = (0,) * k + (1,) * (m - k)
            a[k] = payoffs[(0, 0, *others)]
            b[k] = payoffs[(0, 1, *others)]
        expected = _full_payoffs(a, b)
        bad = np.abs(expected - payoffs) > tol
        if bad.any():
            where = tuple(int(v) for v in np.argwhere(bad)[0])
            player, profile = where[0], where[1:]
            own = profile[player]
            rest = [j for j in range(n) if j != player]
            zeros = [j for j in rest if profile[j] == 0]
            ones = [j for j in rest if profile[j] == 1]
            reference = (own, *(0,) * len(zeros), *(1,) * len(ones))
            mapping = {player: 0}
            mapping.update({j: 1 + t for t, j in enumerate(zeros + ones)})
            perm = ", ".join(f"{j}->{mapping[j]}" for j in sorted(mapping))
            raise ValueError(
                f"game: payoffs[{player}][{', '.join(map(str, profile))}] = "
                f"{payoffs[where]:g} but payoffs[0][{', '.join(map(str, reference))}] = "
                f"{payoffs[(0, *reference)]:g}; the permutation of players ({perm}) maps one "
                "to the other, so the game is not symmetric (expected each payoff to depend "
                "only on the player's own action and how many others choose action 0)"
            )
        return cls(a, b)


def _full_payoffs(a: NDArray[np.float64], b: NDArray[np.float64]) -> NDArray[np.float64]:
    """The ``(N, 2, ..., 2)`` payoff array of the symmetric game ``(a, b)``."""
    n = a.size
    actions = np.indices((2,) * n)
    plays_zero = actions == 0
    others = plays_zero.sum(axis=0)[None] - plays_zero
    return np.where(plays_zero, a[others], b[others])


def symmetric_game(a: ArrayLike, b: ArrayLike) -> NormalFormGame:
    """The full normal-form game of the symmetric two-action game with payoffs ``a``, ``b``.

    Examples
    --------
    >>> g = symmetric_game([0, 4], [3, 3])     # the stag hunt, stag = action 0
    >>> g.payoffs[0].tolist(), g.payoffs[1].tolist()
    ([[4.0, 0.0], [3.0, 3.0]], [[4.0, 3.0], [0.0, 3.0]])
    """
    return SymmetricGame(np.asarray(a), np.asarray(b)).to_normal_form()


def as_symmetric_game(
    game_or_payoffs: NormalFormGame | SymmetricGame | Sequence[ArrayLike], *, tol: float = TOL
) -> SymmetricGame:
    """Accept a :class:`NormalFormGame` (checked), a :class:`SymmetricGame` or a pair ``(a, b)``.

    Examples
    --------
    >>> as_symmetric_game(([0, 1], [1, 0])).num_players
    2
    """
    if isinstance(game_or_payoffs, SymmetricGame):
        return game_or_payoffs
    if isinstance(game_or_payoffs, NormalFormGame):
        return SymmetricGame.from_normal_form(game_or_payoffs, tol=tol)
    try:
        a, b = game_or_payoffs
    except (TypeError, ValueError):
        raise ValueError(
            f"game_or_payoffs: got {type(game_or_payoffs).__name__}; expected a "
            "NormalFormGame, a SymmetricGame or a pair of arrays (a, b)"
        ) from None
    return SymmetricGame(np.asarray(a), np.asarray(b))


def threshold_stag_hunt(
    num_players: int, threshold: int, enhancement: float, cost: float = 1.0
) -> SymmetricGame:
    r"""The N-person stag hunt with a threshold of Pacheco et al. (2009).

    Action 0 is cooperate. Cooperators pay ``cost`` c; when at least ``threshold`` M of the N
    group members cooperate, each member receives :math:`F c k / N` for k cooperators
    (``enhancement`` F). So :math:`a_k = F c (k+1)/N \cdot [k + 1 \ge M] - c` and
    :math:`b_k = F c k / N \cdot [k \ge M]`. ``threshold = num_players`` is the unanimity
    stag hunt, whose interior rest point is :math:`F^{-1/(N-1)}`.

    References
    ----------
    .. [1] Pacheco, J. M., Santos, F. C., Souza, M. O. & Skyrms, B. (2009). Evolutionary
       dynamics of collective action in N-person stag hunt dilemmas. *Proc. R. Soc. B*
       276:315-321.

    Examples
    --------
    >>> g = threshold_stag_hunt(3, 3, 4.0)
    >>> g.a.tolist(), g.b.tolist()
    ([-1.0, -1.0, 3.0], [0.0, 0.0, 0.0])
    """
    n, m = int(num_players), int(threshold)
    if n < 1:
        raise ValueError(f"num_players: got {num_players}; expected at least 1")
    if not 1 <= m <= n:
        raise ValueError(f"threshold: got {threshold}; expected 1 <= M <= N = {n}")
    for name, value in (("enhancement", enhancement), ("cost", cost)):
        if not np.isfinite(value):
            raise ValueError(f"{name}: got {value}; expected a finite number")
    k = np.arange(n, dtype=float)
    share = enhancement * cost / n
    a = share * (k + 1) * (k + 1 >= m) - cost
    b = share * k * (k >= m)
    return SymmetricGame(a, b)


# -- roots of the gain polynomial -------------------------------------------------------------
def _interior_roots(game: SymmetricGame, tol: float) -> list[float]:
    """Every root of ``g`` in (0, 1) whose symmetric profile has regret <= tol, sorted."""
    from scipy.optimize import brentq

    m = game.num_players - 1
    d = game.differences
    if m == 0:
        return []
    # Chebyshev interpolant of exact degree m on [0, 1] (x = (t + 1) / 2).
    nodes = np.cos(np.pi * (np.arange(m + 1) + 0.5) / (m + 1))  # Chebyshev points, 1st kind
    coef = np.asarray(chebyshev.chebfit(nodes, game.gain((nodes + 1) / 2), m), dtype=float)
    # Drop trailing coefficients at round-off level, which would only add spurious roots.
    significant = np.flatnonzero(np.abs(coef) > 1e-14 * np.abs(coef).max())
    candidates: list[float] = []
    if significant.size and significant[-1] >= 1:
        roots = chebyshev.chebroots(coef[: significant[-1] + 1])
        for r in np.atleast_1d(roots):
            if abs(np.imag(r)) <= 1e-5 and -1 - 1e-9 <= np.real(r) <= 1 + 1e-9:
                candidates.append(float((np.real(r) + 1) / 2))
    # Sign changes on a grid catch any odd-multiplicity root the eigenvalues blurred.
    grid = np.linspace(0.0, 1.0, max(65, 4 * m + 1))
    values = game.gain(grid)
    for lo, hi, vlo, vhi in zip(grid[:-1], grid[1:], values[:-1], values[1:], strict=True):
        if vlo == 0:
            candidates.append(float(lo))
        elif vlo * vhi < 0:
            candidates.append(float(brentq(lambda x: float(game.gain(x)), lo, hi, xtol=1e-15)))
    polished = []
    scale = max(float(np.abs(d).max()), 1.0)
    for x in candidates:
        x = min(max(x, 0.0), 1.0)
        for _ in range(30):
            value = float(game.gain(x))
            slope = float(game.gain_derivative(x))
            if value == 0 or abs(slope) <= 1e-14 * scale:
                break
            step = value / slope
            nxt = x - step
            if not 0.0 <= nxt <= 1.0 or abs(float(game.gain(nxt))) >= abs(value):
                break
            x = nxt
        if game.regret(x) <= tol:
            polished.append(x)
    # A multiple root comes out of the eigenvalues as a cluster of nearby candidates. Points
    # joined by a segment on which |g| <= tol (so every point of it is an equilibrium within
    # tol) are one root; a cluster touching 0 or 1 is the pure profile there.
    anchors = [x for x in (0.0, 1.0) if abs(float(game.gain(x))) <= tol]
    clusters: list[list[float]] = []
    for x in sorted(polished + anchors):
        if clusters:
            last = clusters[-1][-1]
            between = np.linspace(last, x, 9)
            if x - last <= 1e-12 or float(np.abs(game.gain(between)).max()) <= tol:
                clusters[-1].append(x)
                continue
        clusters.append([x])
    found: list[float] = []
    for cluster in clusters:
        if cluster[0] == 0.0 or cluster[-1] == 1.0:
            continue
        best = min(cluster, key=lambda x: abs(float(game.gain(x))))
        if _EDGE < best < 1 - _EDGE:
            found.append(best)
    return found


@dataclass(frozen=True)
class _RestPoint:
    x: float
    derivative: float
    stability: str
    basin: tuple[float, float]


def _rest_points(game: SymmetricGame, tol: float) -> tuple[list[_RestPoint], bool]:
    """Rest points 0, interior roots, 1 of the replicator field, with stability and basin."""
    if float(np.abs(game.differences).max()) <= tol:
        neutral = [_RestPoint(x, 0.0, "neutral", (x, x)) for x in (0.0, 1.0)]
        return neutral, True
    xs = [0.0, *_interior_roots(game, tol), 1.0]
    mids = np.array([(lo + hi) / 2 for lo, hi in itertools.pairwise(xs)])
    signs = np.sign(game.gain(mids))
    out = []
    last = len(xs) - 1
    for j, x in enumerate(xs):
        from_left = j > 0 and signs[j - 1] > 0  # flow to the right ends here
        from_right = j < last and signs[j] < 0  # flow to the left ends here
        g = float(game.gain(x))
        if j == 0:
            derivative = g
        elif j == last:
            derivative = -g
        else:
            derivative = x * (1 - x) * float(game.gain_derivative(x))
        # Stability is read from the direction of the flow on each side (the sign of the
        # gain between neighbouring rest points), not from the derivative, which is
        # unreliable near a double root.
        if j in (0, last):
            attracted = from_right if j == 0 else from_left
            stability = "stable" if attracted else "unstable"
        elif from_left and from_right:
            stability = "stable"
        elif from_left or from_right:
            stability = "semi-stable"
        else:
            stability = "unstable"
        low = xs[j - 1] if from_left else x
        high = xs[j + 1] if from_right else x
        out.append(_RestPoint(x, derivative, stability, (low, high)))
    return out, False


# -- symmetric equilibria ---------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class SymmetricEquilibrium:
    """One symmetric equilibrium: every player chooses action 0 with probability ``share``.

    Attributes
    ----------
    share : float
        The probability of action 0 (1: all play 0; 0: all play 1).
    equilibrium : Equilibrium
        The certified profile of the full game.
    derivative : float
        The derivative of the replicator field :math:`x (1-x) g(x)` at ``share``:
        :math:`x(1-x)g'(x)` inside, :math:`g(0)` at 0, :math:`-g(1)` at 1.
    stability : str
        Under the replicator dynamics: ``"stable"``, ``"unstable"`` or ``"semi-stable"``
        (``"neutral"`` in a game with :math:`g \\equiv 0`). By the sign of ``derivative``;
        when it is within ``tol`` of zero, by the direction of the flow on either side.
    """

    share: float
    equilibrium: Equilibrium
    derivative: float
    stability: str


@dataclass(frozen=True, eq=False)
class SymmetricEquilibria:
    """All symmetric equilibria of a symmetric two-action game.

    Attributes
    ----------
    game : SymmetricGame
        The game in compact form.
    equilibria : tuple of SymmetricEquilibrium
        Sorted by ``share``, increasing.
    continuum : bool
        :math:`g \\equiv 0` within ``tol``: every symmetric profile is an equilibrium (only
        the two pure ones are listed).
    tol : float
    method : str
    """

    game: SymmetricGame
    equilibria: tuple[SymmetricEquilibrium, ...]
    continuum: bool
    tol: float
    method: str

    @property
    def shares(self) -> tuple[float, ...]:
        """The probability of action 0 at each equilibrium."""
        return tuple(e.share for e in self.equilibria)

    def __len__(self) -> int:
        return len(self.equilibria)


def _certify_symmetric(
    game: SymmetricGame, full: NormalFormGame | None, x: float, method: str, tol: float
) -> Equilibrium:
    strategy = np.array([x, 1.0 - x])
    if full is not None:
        eq = certify(full, [strategy] * full.num_players, method, tol=tol)
        if eq is None:  # pragma: no cover - candidates were checked with the same formula
            raise AssertionError(f"symmetric solver produced a non-equilibrium share {x}")
        return eq
    value = game.regret(x)
    if value > tol:  # pragma: no cover
        raise AssertionError(f"symmetric solver produced a non-equilibrium share {x}")
    strategy.setflags(write=False)
    return Equilibrium((strategy,) * game.num_players, value, method, tol)


def symmetric_equilibria(
    game_or_payoffs: NormalFormGame | SymmetricGame | Sequence[ArrayLike],
    *,
    tol: float = TOL,
) -> SymmetricEquilibria:
    """Every symmetric equilibrium of a symmetric two-action game.

    Parameters
    ----------
    game_or_payoffs : NormalFormGame, SymmetricGame or (a, b)
        A normal-form game (checked to be symmetric with two actions per player), or the
        compact payoffs of the module docstring.
    tol : float
        Payoff tolerance for every equilibrium check.

    Returns
    -------
    SymmetricEquilibria
        The pure symmetric equilibria (all play 0, all play 1) that exist and every mixed
        one from the roots of :math:`g` in (0, 1), each certified by
        :func:`gametheory.certify` on the full game (for a given :class:`NormalFormGame`, or
        up to :data:`CERTIFY_FULL_GAME_MAX_PLAYERS` players) or else by the exact
        expected-payoff formula, with its replicator stability.

    Warns
    -----
    DegenerateGameWarning
        When :math:`g \\equiv 0` within ``tol``: a continuum of symmetric equilibria.

    References
    ----------
    .. [1] Gokhale, C. S. & Traulsen, A. (2010). Evolutionary games in the multiverse. *PNAS*
       107(12):5500-5504.
    .. [2] Hofbauer, J. & Sigmund, K. (1998). *Evolutionary Games and Population Dynamics*.

    Examples
    --------
    The unanimity stag hunt with N = 5: stag pays 16 when all others hunt stag, hare pays 1;
    the mixed equilibrium solves :math:`16 x^4 = 1`, so :math:`x = 1/2`.

    >>> result = symmetric_equilibria(([0, 0, 0, 0, 16], [1, 1, 1, 1, 1]))
    >>> [(round(e.share, 12), e.stability) for e in result.equilibria]
    [(0.0, 'stable'), (0.5, 'unstable'), (1.0, 'stable')]
    >>> max(e.equilibrium.regret for e in result.equilibria) <= 1e-9
    True
    """
    tol = check_tol(tol)
    game = as_symmetric_game(game_or_payoffs, tol=tol)
    if isinstance(game_or_payoffs, NormalFormGame):
        full: NormalFormGame | None = game_or_payoffs
    elif game.num_players <= CERTIFY_FULL_GAME_MAX_PLAYERS:
        full = game.to_normal_form()
    else:
        full = None
    rest, continuum = _rest_points(game, tol)
    if continuum:
        warnings.warn(
            "symmetric game: a - b is zero within tol, so the gain g(x) vanishes everywhere "
            "and every symmetric profile is an equilibrium; only the pure ones are listed",
            DegenerateGameWarning,
            stacklevel=2,
        )
    d = game.differences
    out = []
    for point in rest:
        x = point.x
        if x == 0.0 and d[0] > tol:  # all play action 1, but action 0 pays more
            continue
        if x == 1.0 and d[-1] < -tol:
            continue
        method = "symmetric pure" if x in (0.0, 1.0) else "symmetric indifference polynomial"
        eq = _certify_symmetric(game, full, x, method, tol)
        out.append(SymmetricEquilibrium(x, eq, point.derivative, point.stability))
    return SymmetricEquilibria(
        game, tuple(out), continuum, tol, "symmetric indifference polynomial"
    )
