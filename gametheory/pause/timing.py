r"""The package's one convention for time and detection (``docs/model/time.md``).

Every command that speaks about time uses this convention; a view that departs from it says so
in its output.

1. **One period is one round of the one-shot pause game** (:mod:`gametheory.pause.model`):
   whatever the scenario's payoffs are measured per (its comments say, e.g. "per pause episode
   of about a year"), one period is that much time.
2. **While a pause is in force the stage game is exactly the one-shot pause game.** A lab
   racing during a pause is detected with its one-shot detection probability :math:`q_i`
   **per period of racing**; when detected it pays the sanction :math:`F_i` (so a period of
   racing costs :math:`q_i F_i` in expectation, the one-shot term) and, as the scenario's
   ``[dynamics]`` section says, loses (confiscation) or keeps the lead it built, and may
   resume after the others (a head start for them).
3. **Once a pause has collapsed into open racing there is no agreement to violate**: no
   detection and no sanction. The stage game is the one-shot game with :math:`q = 0`.
4. **The scenario's stated pause length sets the number of periods** (``[dynamics]``
   ``pause_periods``); no command assumes a length of its own.

The helpers below state the convention's arithmetic once.

Examples
--------
>>> round(detected_within(0.5, 2), 12)   # caught within two periods of racing
0.75
>>> expected_sanction(0.5, 10.0)
5.0
"""

from __future__ import annotations

from typing import Any

__all__ = ["CONVENTION", "detected_within", "expected_sanction"]

#: The convention in one sentence, for command output.
CONVENTION = (
    "one period = one round of the one-shot pause game; a lab racing during a pause is "
    "detected with its one-shot probability q per period and then sanctioned F; after a pause "
    "collapses there is no agreement, so no detection and no sanction"
)


def expected_sanction(detection: Any, sanction: Any) -> Any:
    """The expected sanction :math:`q F` of one period of racing during a pause.

    Works for floats, arrays and Fractions alike.

    Examples
    --------
    >>> from fractions import Fraction
    >>> expected_sanction(Fraction(1, 4), 8)
    Fraction(2, 1)
    """
    return detection * sanction


def detected_within(detection: Any, periods: int) -> Any:
    """The probability :math:`1 - (1 - q)^k` that ``periods`` periods of racing are detected.

    Examples
    --------
    >>> detected_within(0.0, 5), detected_within(1.0, 1)
    (0.0, 1.0)
    """
    if isinstance(periods, bool) or not isinstance(periods, int) or periods < 0:
        raise ValueError(f"periods: got {periods!r}; expected an integer >= 0")
    return 1 - (1 - detection) ** periods
