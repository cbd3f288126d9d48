"""Figures are written, labelled and honest about what they show."""

import numpy as np
import pytest

from gametheory import Channel, InputError, Lab, PauseModel, critical_verification
from gametheory.interfaces.plots import (
    plot_frontier,
    plot_phase_diagram,
    plot_shortfalls,
    save_figure,
)
from gametheory.pause.frontier import sanction_frontier
from gametheory.pause.sweeps import sweep


@pytest.fixture
def model():
    return PauseModel(
        labs=(Lab("a", prize=4, sanction=8), Lab("b", prize=2, sanction=8)),
        channels=(Channel("audits", (0.3, 0.6)),),
        name="two test labs",
    )


def test_phase_diagram_curve_is_the_closed_form(model, tmp_path):
    result = sweep(
        model,
        {"verification": np.linspace(0, 1, 11), "defaults.sanction": np.linspace(1, 20, 7)},
        progress=False,
    )
    figure = plot_phase_diagram(result)
    ax = figure.axes[0]
    (curve,) = ax.lines
    q, f = curve.get_data()
    # The binding lab a has G = 4, so q* = 4 / F exactly at every drawn point.
    np.testing.assert_allclose(q, 4 / f, rtol=1e-12)
    assert "two test labs" in ax.get_title()
    for suffix in (".png", ".svg"):
        out = save_figure(figure, tmp_path / f"phase{suffix}")
        assert out.stat().st_size > 1000


def test_frontier_and_shortfall_figures(model, tmp_path):
    fig = plot_frontier(sanction_frontier(model, np.linspace(0.05, 1, 20)), name=model.name)
    assert "least sanction" in fig.axes[0].get_ylabel()
    bars = plot_shortfalls(critical_verification(model), model=model)
    assert "weakest link: a" in bars.axes[0].get_title()
    save_figure(bars, tmp_path / "bars.png")


def test_bad_figure_requests(model, tmp_path):
    with pytest.raises(InputError, match=r"ending in \.png or \.svg"):
        save_figure(plot_shortfalls(critical_verification(model)), tmp_path / "x.jpg")
    with pytest.raises(InputError, match="two-parameter sweep"):
        plot_phase_diagram(sweep(model, {"verification": [0.1]}, progress=False))
