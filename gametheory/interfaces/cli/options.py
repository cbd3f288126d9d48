"""Option parsing shared by the subcommands."""

from __future__ import annotations

from gametheory.core.errors import InputError
from gametheory.core.tolerance import RESOLUTION, check_tol

__all__ = ["parse_tol"]


def parse_tol(text: str) -> float:
    """The ``--tol`` option as a float, or an :class:`~gametheory.core.errors.InputError`.

    Examples
    --------
    >>> parse_tol("1e-6")
    1e-06
    >>> parse_tol("-1")
    Traceback (most recent call last):
    ...
    gametheory.core.errors.InputError: --tol = '-1': expected a finite number >= 0
    """
    try:
        value = check_tol(float(text))
    except (TypeError, ValueError):
        raise InputError("expected a finite number >= 0", field="--tol", value=text) from None
    if 0 < value < RESOLUTION:
        raise InputError(
            f"below the float64 resolution; expected 0 or at least {RESOLUTION:g} (tol is "
            "relative to the largest |payoff|)",
            field="--tol",
            value=text,
        )
    return value
