"""Hypothesis strategies shared by the test modules."""

from __future__ import annotations

from hypothesis import strategies as st

from gametheory import Channel, Lab, PauseModel


def _unit(lo: float = 0.0, hi: float = 1.0):
    return st.floats(lo, hi, allow_nan=False, allow_infinity=False)


@st.composite
def pause_models(draw, min_labs: int = 1, max_labs: int = 6) -> PauseModel:
    """Random pause models with parameters inside every bound of docs/model/one-shot.md."""
    n = draw(st.integers(min_labs, max_labs))
    labs = tuple(
        Lab(
            f"lab-{i}",
            capability=draw(_unit(0.1, 5.0)),
            prize=draw(_unit(0.0, 10.0)),
            pause_cost=draw(_unit(0.0, 3.0)),
            harm=draw(_unit(0.0, 50.0)),
            risk=draw(_unit(0.0, 0.5)),
            sanction=draw(_unit(0.0, 20.0)),
        )
        for i in range(n)
    )
    channels = tuple(
        Channel(f"channel-{m}", tuple(draw(_unit()) for _ in range(n)))
        for m in range(draw(st.integers(0, 2)))
    )
    return PauseModel(
        labs=labs,
        channels=channels,
        background_risk=draw(_unit(0.0, 0.3)),
        decisiveness=draw(_unit(0.0, 3.0)),
    )
