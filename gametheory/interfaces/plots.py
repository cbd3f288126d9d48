"""Figures: phase diagrams, tradeoff frontiers and per-lab shortfalls.

Every function returns a :class:`matplotlib.figure.Figure` built without pyplot's global
state (so it is safe in servers and tests) and labelled with units and the scenario's name;
:func:`save_figure` writes it as PNG or SVG by the file's suffix. Payoffs, prizes and
sanctions share the scenario's payoff unit; verification strengths are probabilities.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from matplotlib.artist import Artist
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from gametheory.core.errors import InputError
from gametheory.interfaces.outputs import plain_label, save_figure_file
from gametheory.pause.frontier import Frontier
from gametheory.pause.model import PauseModel
from gametheory.pause.sweep import REGIONS, SweepResult, _Grid, grid_thresholds
from gametheory.pause.thresholds import ThresholdReport

__all__ = [
    "plot_frontier",
    "plot_phase_diagram",
    "plot_shortfalls",
    "save_figure",
]

REGION_COLOURS = ("#2a9d8f", "#e9c46a", "#e76f51", "#8d99ae")
SUFFIXES = (".png", ".svg")


def save_figure(figure: Figure, path: str | Path) -> Path:
    """Write ``figure`` to ``path`` (``.png`` or ``.svg``); return the path.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from gametheory import Lab, PauseModel
    >>> from gametheory.pause.frontier import sanction_frontier
    >>> fig = plot_frontier(sanction_frontier(PauseModel(labs=(Lab("a", prize=2),)),
    ...                                       [0.2, 0.6, 1.0]))
    >>> out = save_figure(fig, pathlib.Path(tempfile.mkdtemp()) / "frontier.svg")
    >>> out.read_text()[:5]
    '<?xml'
    """
    path = Path(path)
    if path.suffix.lower() not in SUFFIXES:
        raise InputError(
            f"expected a file name ending in {' or '.join(SUFFIXES)}",
            field="--plot",
            value=str(path),
        )
    return save_figure_file(figure, path, "--plot", dpi=150, bbox_inches="tight")


def _label(path: str) -> str:
    units = {
        "verification": "verification strength q (probability of detection)",
        "sanction": "sanction F (payoff units)",
        "prize": "prize V (payoff units)",
        "pause_cost": "pause cost κ (payoff units)",
        "harm": "harm H (payoff units)",
        "risk": "risk added by racing r (probability)",
        "capability": "capability c (relative)",
        "background_risk": "background risk r₀ (probability)",
        "decisiveness": "decisiveness γ",
        "detection": "channel detection d (probability)",
    }
    leaf = path.split(".")[-1]
    if path.startswith("verification"):
        leaf = "verification"
    elif path.startswith("channels"):
        leaf = "detection"
    return f"{path}: {units.get(leaf, leaf)}"


def _critical_curve(result: SweepResult) -> tuple[np.ndarray, np.ndarray] | None:
    """The exact all-pause boundary when one axis is ``verification`` (every lab's q)."""
    if len(result.parameters) != 2 or "verification" not in result.parameters:
        return None
    axis = result.parameters.index("verification")
    other = 1 - axis
    path = result.parameters[other]
    span = result.values[other]
    fine = np.linspace(span.min(), span.max(), 2001)
    grid = _Grid(result.model)
    grid.set(path, fine)
    closed = grid_thresholds(grid.take(slice(None)), fine.size, result.model.num_labs)
    return fine, closed.q_star.max(axis=1)


def plot_phase_diagram(result: SweepResult, *, title: str | None = None) -> Figure:
    """The regions of a two-parameter sweep, with the exact critical-verification curve.

    When one axis is ``verification`` the curve :math:`q^*(x) = \\max_i G_i(x)/F_i(x)` is
    evaluated from the closed form on a fine line of the other axis, not read off grid cells.

    Examples
    --------
    >>> from gametheory import Lab, PauseModel
    >>> from gametheory.pause.sweep import sweep
    >>> m = PauseModel(labs=(Lab("a", prize=4, sanction=8), Lab("b", prize=2, sanction=8)))
    >>> r = sweep(m, {"verification": [0.1, 0.5, 0.9], "defaults.sanction": [2, 6, 10]})
    >>> fig = plot_phase_diagram(r)
    >>> fig.axes[0].get_xlabel()
    'verification: verification strength q (probability of detection)'
    """
    if len(result.parameters) != 2:
        raise InputError("a phase diagram needs a two-parameter sweep", field="axes")
    figure = Figure(figsize=(7, 5))
    ax = figure.add_subplot()
    x, y = result.values
    codes = np.where(result.region >= 0, result.region, len(REGIONS)).T
    colours = ListedColormap(REGION_COLOURS)
    ax.pcolormesh(
        x, y, codes, cmap=colours, vmin=-0.5, vmax=len(REGION_COLOURS) - 0.5, shading="nearest"
    )
    curve = _critical_curve(result)
    if curve is not None:
        fine, q_star = curve
        if result.parameters[0] == "verification":
            ax.plot(q_star, fine, color="black", lw=2, label="critical verification q* (exact)")
            ax.set_xlim(x.min(), x.max())
        else:
            ax.plot(fine, q_star, color="black", lw=2, label="critical verification q* (exact)")
            ax.set_ylim(y.min(), y.max())
    ax.set_xlabel(_label(result.parameters[0]))
    ax.set_ylabel(_label(result.parameters[1]))
    name = plain_label(result.model.name or "pause model")
    ax.set_title(title or f"{name}: where does a pause hold?")
    names = [*REGIONS, "pause holds, uniqueness not checked"]
    patches = [Patch(color=c, label=n) for c, n in zip(REGION_COLOURS, names, strict=True)]
    present = set(np.unique(codes).tolist())
    handles: list[Artist] = [h for k, h in enumerate(patches) if k in present]
    if curve is not None:
        handles += ax.get_legend_handles_labels()[0]
    ax.legend(handles=handles, loc="upper right", fontsize=8, framealpha=0.9)
    return figure


def plot_frontier(frontier: Frontier, *, title: str | None = None, name: str = "") -> Figure:
    """Least sanction per lab against verification strength, the binding lab shaded.

    Examples
    --------
    >>> from gametheory import Lab, PauseModel
    >>> from gametheory.pause.frontier import sanction_frontier
    >>> m = PauseModel(labs=(Lab("a", prize=2), Lab("b", prize=3)))
    >>> fig = plot_frontier(sanction_frontier(m, [0.25, 0.5, 1.0]))
    >>> len(fig.axes[0].lines)
    3
    """
    figure = Figure(figsize=(7, 5))
    ax = figure.add_subplot()
    q = frontier.verification
    finite = np.isfinite(frontier.frontier)
    drawn = _most_demanding(frontier)
    for i in drawn:
        label = plain_label(frontier.lab_names[i])
        ax.plot(q, frontier.least_sanction[:, i], lw=1, alpha=0.7, label=label)
    ax.plot(
        q[finite],
        frontier.frontier[finite],
        color="black",
        lw=2.5,
        label="frontier (all labs deterred above)",
    )
    top = np.nanmax(np.where(finite, frontier.frontier, np.nan)) if finite.any() else 1.0
    ax.fill_between(q[finite], frontier.frontier[finite], top * 1.05, color="#2a9d8f", alpha=0.15)
    ax.set_ylim(0, top * 1.05 if np.isfinite(top) and top > 0 else 1)
    # Annotate where the binding lab changes.
    changes = np.flatnonzero(np.diff(frontier.binding)) + 1
    for k in [0, *changes.tolist()]:
        if finite[k]:
            ax.annotate(
                f"binding: {plain_label(frontier.lab_names[frontier.binding[k]])}",
                (q[k], frontier.frontier[k]),
                fontsize=8,
                xytext=(5, 5),
                textcoords="offset points",
            )
    ax.set_xlabel("verification strength q (probability of detection, every lab)")
    ax.set_ylabel("least sanction F (payoff units)")
    ax.set_title(
        title or f"{plain_label(name or 'pause model')}: least sanction for each verification"
    )
    hidden = len(frontier.lab_names) - len(drawn)
    ax.legend(
        fontsize=8,
        loc="upper right",
        title=f"{len(drawn)} most demanding labs; {hidden} more not drawn" if hidden else None,
        title_fontsize=7,
    )
    return figure


#: Figures draw at most this many labs (the most demanding); the title says how many are left.
MAX_FIGURE_LABS = 12


def _most_demanding(frontier: Frontier) -> list[int]:
    """The labs a frontier figure draws: every binding lab, then the most demanding ones."""
    n = len(frontier.lab_names)
    if n <= MAX_FIGURE_LABS:
        return list(range(n))
    binding = list(dict.fromkeys(int(b) for b in np.asarray(frontier.binding).ravel()))
    need = np.nan_to_num(np.asarray(frontier.least_sanction, float), posinf=np.inf)
    order = np.argsort(-np.nanmax(np.where(np.isfinite(need), need, np.inf), axis=0))
    extra = [int(i) for i in order if int(i) not in binding]
    return (binding + extra)[:MAX_FIGURE_LABS]


def plot_shortfalls(
    report: ThresholdReport, *, model: PauseModel | None = None, title: str | None = None
) -> Figure:
    """Per-lab shortfall :math:`q_i^* - q_i` as bars (red: short; green: slack).

    Labs for which no verification suffices are drawn as hatched bars at the top.

    Examples
    --------
    >>> from gametheory import Channel, Lab, PauseModel, critical_verification
    >>> m = PauseModel(labs=(Lab("a", prize=4, sanction=8), Lab("b", prize=2, sanction=8)),
    ...                channels=(Channel("audits", (0.3, 0.3)),))
    >>> fig = plot_shortfalls(critical_verification(m))
    >>> len(fig.axes[0].patches)
    2
    """
    labs = list(report.labs)
    if len(labs) > MAX_FIGURE_LABS:  # the largest shortfalls (never-deterred labs first)
        labs = sorted(labs, key=lambda t: -np.inf if t.shortfall is None else -float(t.shortfall))
        labs = labs[:MAX_FIGURE_LABS]
    figure = Figure(figsize=(max(5, 0.6 * len(labs) + 3), 4))
    ax = figure.add_subplot()
    names = [plain_label(t.lab, 24) for t in labs]
    finite = [float(t.shortfall) for t in labs if t.shortfall is not None]
    cap = max([abs(v) for v in finite] + [0.1]) * 1.1
    for k, entry in enumerate(labs):
        if entry.shortfall is None:
            ax.bar(k, cap, color="#e76f51", hatch="//", edgecolor="black")
            ax.annotate("no q suffices", (k, cap), ha="center", fontsize=7, va="bottom")
        else:
            value = float(entry.shortfall)
            ax.bar(k, value, color="#e76f51" if value > 0 else "#2a9d8f")
    ax.axhline(0, color="black", lw=0.8)
    ax.set_xticks(range(len(names)), names, rotation=30, ha="right")
    ax.set_ylabel("shortfall q* − q (probability; > 0 races)")
    label = plain_label((model.name if model is not None else "") or "pause model")
    weakest = plain_label(report.weakest_link.lab)
    shown = f" ({len(labs)} largest of {len(report.labs)})" if len(labs) < len(report.labs) else ""
    ax.set_title(
        title or f"{label}: verification shortfall by lab{shown} (weakest link: {weakest})"
    )
    return figure
