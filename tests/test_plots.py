"""Figures are written, labelled and honest about what they show."""

import numpy as np
import pytest

from gametheory import Channel, InputError, Lab, PauseModel, critical_verification
from gametheory.interfaces.plots import (
    CURRENT_POINT_GID,
    plot_frontier,
    plot_lab_curves,
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


def test_phase_diagram_common_view_curve_is_the_closed_form(model, tmp_path):
    result = sweep(
        model,
        {"verification": np.linspace(0, 1, 11), "defaults.sanction": np.linspace(1, 20, 7)},
        progress=False,
    )
    figure = plot_phase_diagram(result, view="common")
    ax = figure.axes[0]
    (curve,) = ax.lines
    q, f = curve.get_data()
    # The binding lab a has G = 4, so q* = 4 / F exactly at every drawn point.
    np.testing.assert_allclose(q, 4 / f, rtol=1e-12)
    assert "two test labs" in ax.get_title()
    assert "with every lab at the same verification q and the same sanction F" in ax.get_title()
    for suffix in (".png", ".svg"):
        out = save_figure(figure, tmp_path / f"phase{suffix}")
        assert out.stat().st_size > 1000


def test_phase_diagram_per_lab_view_each_lab_on_its_own_curve(model):
    # Issue 17: each lab's own curve q_i*(F) = G_i/F and its own point (q_i, F_i); a lab is
    # deterred exactly when its point is on or right of its own curve.
    result = sweep(
        model,
        {"verification": np.linspace(0, 1, 11), "defaults.sanction": np.linspace(1, 20, 7)},
        progress=False,
    )
    ax = plot_phase_diagram(result).axes[0]
    curves = {line.get_label(): line.get_data() for line in ax.lines}
    assert set(curves) == {"a", "b"}
    gains = {"a": 4.0, "b": 2.0}
    marked = [c for c in ax.collections if c.get_gid() == CURRENT_POINT_GID]
    points = np.concatenate([c.get_offsets() for c in marked])  # one row per lab
    verdicts = {t.lab: t.pauses for t in critical_verification(model).labs}
    for (name, (q, f)), point in zip(curves.items(), points, strict=True):
        finite = np.isfinite(q)
        np.testing.assert_allclose(q[finite], gains[name] / f[finite], rtol=1e-12)
        qi, fi = point
        on_safe_side = qi >= gains[name] / fi
        assert on_safe_side == verdicts[name]
    # a is not deterred (0.3 * 8 < 4), b is (0.6 * 8 >= 2): both sides are exercised.
    assert verdicts == {"a": False, "b": True}
    with pytest.raises(InputError, match="view"):
        plot_phase_diagram(result, view="sideways")
    other = sweep(model, {"defaults.prize": [1, 2], "defaults.sanction": [1, 2]}, progress=False)
    with pytest.raises(InputError, match="common"):
        plot_phase_diagram(other)
    assert "where does a pause hold" in plot_phase_diagram(other, view="common").axes[0].get_title()


def test_lab_curves_figure(model):
    from gametheory.pause.frontier import lab_curves

    ax = plot_lab_curves(lab_curves(model, np.linspace(0.05, 1, 20)), name=model.name).axes[0]
    assert [line.get_label() for line in ax.lines] == ["a", "b"]
    assert "weakest link a" in ax.get_title()


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
