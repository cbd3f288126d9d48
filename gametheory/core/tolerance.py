"""The package's one numerical tolerance, and the rule that scales it to the payoffs.

Every float comparison in :mod:`gametheory` that decides a game-theoretic question (is this a
best response, is this profile an equilibrium, is this lab on its threshold) goes through one
named ``tol``. The rule:

    **``tol`` is relative to the payoff scale.** Two payoffs tie, and a regret counts as zero,
    when they differ by at most :math:`\\mathrm{atol} = \\mathrm{tol} \\times \\max(S, S_0)`,
    where :math:`S` is the largest :math:`|u|` of the game (for a pause scenario, the largest
    :math:`V_i + \\kappa_i + H_i + F_i`, a bound on every payoff) and :math:`S_0` =
    :data:`SCALE_FLOOR` an absolute floor for games whose payoffs are all zero.

So multiplying every payoff by a positive constant (changing the units, from dollars to
billions of dollars) changes no verdict, no equilibrium and no threshold. The default
:data:`TOL` = 1e-9 sits far above float64 round-off in a regret (about 1e-16 times the number
of terms, times :math:`S`) and far below any payoff difference a modeller means. A relative
``tol`` below :data:`RESOLUTION` would let round-off decide and is refused; ``tol = 0`` asks
for comparisons without tolerance. The exact (:class:`fractions.Fraction`) paths need no
tolerance at all.

:func:`scale_tol` turns a relative ``tol`` into the absolute :class:`PayoffTol` once, at the
boundary of an analysis; a :class:`PayoffTol` passes through every later :func:`scale_tol` and
:func:`check_tol` unchanged, so nested calls never scale twice, and a probability comparison
can use its ``relative`` part (a probability is not a payoff).
"""

from __future__ import annotations

__all__ = ["RESOLUTION", "SCALE_FLOOR", "TOL", "PayoffTol", "check_tol", "scale_tol"]

#: The default relative tolerance.
TOL: float = 1e-9

#: The smallest relative tolerance accepted (about 45 machine epsilons): below it, round-off in
#: a regret could exceed the tolerance and true equilibria would fail certification.
RESOLUTION: float = 1e-14

#: The absolute floor of the payoff scale (used when every payoff is 0 or vanishingly small).
SCALE_FLOOR: float = 1e-12


class PayoffTol(float):
    """A tolerance already in payoff units: ``relative * max(scale, SCALE_FLOOR)``.

    Behaves as the float it is; carries the relative tolerance and the scale it came from.

    Examples
    --------
    >>> t = scale_tol(1e-9, 1e6)
    >>> float(t), t.relative, t.scale
    (0.001, 1e-09, 1000000.0)
    >>> scale_tol(t, 5.0) is t  # already scaled: never scaled twice
    True
    """

    relative: float
    scale: float

    def __new__(cls, relative: float, scale: float) -> PayoffTol:
        self = super().__new__(cls, relative * max(scale, SCALE_FLOOR))
        self.relative = relative
        self.scale = scale
        return self

    def __reduce__(self) -> tuple[type[PayoffTol], tuple[float, float]]:
        return (PayoffTol, (self.relative, self.scale))


def check_tol(tol: float) -> float:
    """Return ``tol`` as a float after checking it is finite and non-negative.

    A :class:`PayoffTol` is returned unchanged.

    Examples
    --------
    >>> check_tol(1e-6)
    1e-06
    >>> check_tol(-1.0)
    Traceback (most recent call last):
    ...
    ValueError: tol: got -1.0, expected a finite number >= 0
    """
    if isinstance(tol, PayoffTol):
        return tol
    try:
        value = float(tol)
    except (TypeError, ValueError):
        raise ValueError(f"tol: got {tol!r}, expected a finite number >= 0") from None
    if not (value >= 0 and value != float("inf")):
        raise ValueError(f"tol: got {tol!r}, expected a finite number >= 0")
    return value


def scale_tol(tol: float, scale: float) -> PayoffTol:
    """The absolute tolerance for payoffs of magnitude up to ``scale`` (the rule above).

    Parameters
    ----------
    tol : float
        The relative tolerance (0, or at least :data:`RESOLUTION`); a :class:`PayoffTol` is
        returned as it is.
    scale : float
        The largest absolute payoff :math:`S`.

    Raises
    ------
    gametheory.core.errors.InputError
        If ``tol`` is negative, not finite, or positive but below :data:`RESOLUTION`.

    Examples
    --------
    >>> float(scale_tol(1e-9, 4.0e5))
    0.0004
    >>> float(scale_tol(1e-9, 0.0))  # an all-zero game: the absolute floor
    1e-21
    >>> scale_tol(1e-16, 1.0)
    Traceback (most recent call last):
    ...
    gametheory.core.errors.InputError: tol = 1e-16: a relative tolerance below the float64 \
resolution; expected 0 or at least 1e-14 (tol is relative to the largest |payoff|)
    """
    from gametheory.core.errors import InputError

    if isinstance(tol, PayoffTol):
        return tol
    try:
        value = check_tol(tol)
    except ValueError:
        raise InputError("expected a finite number >= 0", field="tol", value=tol) from None
    if 0 < value < RESOLUTION:
        raise InputError(
            f"a relative tolerance below the float64 resolution; expected 0 or at least "
            f"{RESOLUTION:g} (tol is relative to the largest |payoff|)",
            field="tol",
            value=value,
        )
    magnitude = float(scale)
    if not magnitude < float("inf"):
        raise InputError(
            "the payoffs leave the float64 range; expected finite payoffs (rescale them)",
            field="payoff scale",
            value=magnitude,
        )
    return PayoffTol(value, abs(magnitude))
