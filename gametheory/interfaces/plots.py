"""Figures: phase diagrams, tradeoff frontiers and per-lab shortfalls.

Every function returns a :class:`matplotlib.figure.Figure` built without pyplot's global
state (so it is safe in servers and tests) and labelled with units and the scenario's name;
:func:`save_figure` writes it as PNG or SVG by the file's suffix. Payoffs, prizes and
sanctions share the scenario's payoff unit; verification strengths are probabilities.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from matplotlib.artist import Artist
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from gametheory.core.errors import InputError
from gametheory.interfaces.outputs import plain_label, save_figure_file
from gametheory.pause.frontier import COMMON_VIEW, Frontier, LabCurves
from gametheory.pause.model import PauseModel, detection_probabilities
from gametheory.pause.sweeps import REGIONS, SweepResult, _Grid, grid_thresholds
from gametheory.pause.thresholds import ThresholdReport, critical_verification
from gametheory.pause.trigger import TriggerParameters

__all__ = [
    "CURRENT_POINT_GID",
    "PHASE_VIEWS",
    "per_lab_view_available",
    "plot_frontier",
    "plot_lab_curves",
    "plot_participation",
    "plot_pause_probabilities",
    "plot_phase_diagram",
    "plot_shortfalls",
    "save_figure",
]

#: The views of :func:`plot_phase_diagram`: each lab's own curve and point, or every lab at
#: the same parameters (the regions of the sweep).
PHASE_VIEWS = ("per-lab", "common")
#: The gid of the labs' points, so that a caller can find and replace them.
CURRENT_POINT_GID = "pausegame-current-point"

if TYPE_CHECKING:
    from gametheory.pause.coalitions import ParticipationSweep

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
    if path.startswith("scale."):
        return f"{path}: factor on each lab's own {leaf} (1 = the scenario's)"
    if path.startswith("verification"):
        leaf = "verification"
    elif path.startswith("channels"):
        leaf = "detection"
    return f"{path}: {units.get(leaf, leaf)}"


def _critical_curve(result: SweepResult) -> tuple[np.ndarray, np.ndarray] | None:
    """The exact all-pause boundary when one axis is ``verification`` (every lab's q)."""
    lines = _lab_critical_lines(result)
    if lines is None:
        return None
    fine, q_star = lines
    return fine, q_star.max(axis=1)


def _lab_critical_lines(result: SweepResult) -> tuple[np.ndarray, np.ndarray] | None:
    """Each lab's critical verification :math:`q_i^*` along a fine line of the other axis."""
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
    return fine, np.asarray(closed.q_star)


def _own_value(model: PauseModel, path: str) -> np.ndarray | None:
    """Each lab's own value of the swept parameter at ``path`` (None: no own value)."""
    parts = path.split(".")
    n = model.num_labs
    if parts[0] == "defaults" and len(parts) == 2:
        return np.asarray(model.array(parts[1]), dtype=float)
    if parts[0] == "labs" and len(parts) == 3:
        value = float(model.array(parts[2])[model.lab_index(parts[1])])
        return np.full(n, value)
    if parts[0] in ("background_risk", "decisiveness") and len(parts) == 1:
        return np.full(n, float(getattr(model, parts[0])))
    return None


def _lab_colours(n: int) -> list[Any]:
    from matplotlib import colormaps

    cmap = colormaps["tab10"]
    return [cmap(i % 10) for i in range(n)]


def _curve_key(column: np.ndarray) -> tuple[bytes, bytes]:
    """A hashable key equal for two columns exactly when they are equal (NaN equal to NaN)."""
    missing = np.isnan(column)
    return missing.tobytes(), np.where(missing, 0.0, column).tobytes()


def _groups(curves: np.ndarray) -> list[list[int]]:
    """Columns of ``curves`` that coincide, in order of first appearance (one pass: a
    10,000-lab report must not compare every pair)."""
    found: dict[tuple[bytes, bytes], list[int]] = {}
    for i in range(curves.shape[1]):
        found.setdefault(_curve_key(np.ascontiguousarray(curves[:, i], dtype=float)), []).append(i)
    return list(found.values())


def _curve_groups(curves: np.ndarray, names: tuple[str, ...]) -> list[tuple[int, str]]:
    """Labs whose curves coincide (columns of ``curves``) share one line: (first index, label)."""
    return [(g[0], plain_label(", ".join(names[k] for k in g))) for g in _groups(curves)]


def _owners(curves: np.ndarray) -> list[int]:
    """For each lab, the first lab whose curve it shares (its line's colour)."""
    owner = list(range(curves.shape[1]))
    for group in _groups(curves):
        for i in group:
            owner[i] = group[0]
    return owner


def _draw_lab_points(
    ax: Any, xs: np.ndarray, ys: np.ndarray, deterred: Any, owners: list[int]
) -> None:
    """Each lab's own point in its curve's colour: filled when deterred, hollow when it races
    (one collection for every lab)."""
    palette = _lab_colours(len(xs))
    edges = [palette[owners[i]] for i in range(len(xs))]
    faces = [edges[i] if deterred[i] else "white" for i in range(len(xs))]
    ax.scatter(
        np.asarray(xs, dtype=float),
        np.asarray(ys, dtype=float),
        s=60,
        c=faces,
        edgecolors=edges,
        linewidths=2,
        zorder=5,
        gid=CURRENT_POINT_GID,
    )


def per_lab_view_available(result: SweepResult) -> bool:
    """Whether :func:`plot_phase_diagram` can draw ``result`` in the per-lab view.

    Examples
    --------
    >>> from gametheory import Lab, PauseModel
    >>> from gametheory.pause.sweeps import sweep
    >>> m = PauseModel(labs=(Lab("a", prize=4, sanction=8),))
    >>> per_lab_view_available(sweep(m, {"verification": [0.5], "defaults.sanction": [8]}))
    True
    >>> per_lab_view_available(sweep(m, {"defaults.prize": [1], "defaults.sanction": [8]}))
    False
    """
    if len(result.parameters) != 2 or "verification" not in result.parameters:
        return False
    other = next(p for p in result.parameters if p != "verification")
    return _own_value(result.model, other) is not None


def _per_lab_phase(result: SweepResult, ax: Any) -> None:
    lines = _lab_critical_lines(result)
    other_path = next((p for p in result.parameters if p != "verification"), "")
    own = _own_value(result.model, other_path) if other_path else None
    if lines is None or own is None:
        raise InputError(
            "the per-lab phase diagram needs a sweep of verification against defaults.<p>, "
            "labs.<lab>.<p>, background_risk or decisiveness; expected view='common' for other "
            "sweeps",
            field="view",
            value=" x ".join(result.parameters),
        )
    fine, q_star = lines
    model = result.model
    q_first = result.parameters[0] == "verification"
    colours = _lab_colours(model.num_labs)
    for i, label in _curve_groups(q_star, model.lab_names):
        curve = np.where(q_star[:, i] <= 1, q_star[:, i], np.nan)
        xy = (curve, fine) if q_first else (fine, curve)
        ax.plot(*xy, color=colours[i], lw=1.8, label=label)
    q_own = np.asarray(detection_probabilities(model), dtype=float)
    xs, ys = (q_own, own) if q_first else (own, q_own)
    _draw_lab_points(
        ax, xs, ys, [t.pauses for t in critical_verification(model).labs], _owners(q_star)
    )


def plot_phase_diagram(
    result: SweepResult, *, title: str | None = None, view: str = "per-lab"
) -> Figure:
    """Where a pause holds in a two-parameter sweep: each lab's own curve, or the regions.

    ``view="per-lab"`` (the default; the sweep must have ``verification`` as one axis): each
    lab's own critical verification :math:`q_i^*(x) = G_i(x)/F_i(x)` along the other axis,
    exact from the closed form, and each lab's own point (its verification :math:`q_i` and its
    own value of the other parameter; filled: deterred, hollow: races). A lab is deterred
    exactly when its point lies on or to the right of (at or above, in verification) its own
    curve. ``view="common"``: the regions of the sweep, which sets every lab to the same
    values (the title says so), with the exact common boundary
    :math:`q^*(x) = \\max_i G_i/F_i`.

    Examples
    --------
    >>> from gametheory import Channel, Lab, PauseModel
    >>> from gametheory.pause.sweeps import sweep
    >>> m = PauseModel(labs=(Lab("a", prize=4, sanction=8), Lab("b", prize=2, sanction=8)),
    ...                channels=(Channel("audit", (0.6, 0.2)),))
    >>> r = sweep(m, {"verification": [0.1, 0.5, 0.9], "defaults.sanction": [2, 6, 10]})
    >>> fig = plot_phase_diagram(r)
    >>> fig.axes[0].get_xlabel()
    'verification strength q (probability of detection)'
    >>> len(fig.axes[0].lines), fig.axes[0].get_title().splitlines()[0]
    (2, 'pause model: each lab is deterred on or right of its own curve')
    >>> plot_phase_diagram(r, view="common").axes[0].get_title()
    'pause model: where does a pause hold, with every lab at the same verification q and the same sanction F?'
    """  # noqa: E501
    if view not in PHASE_VIEWS:
        raise InputError(f"expected one of {list(PHASE_VIEWS)}", field="view", value=view)
    if len(result.parameters) != 2:
        raise InputError("a phase diagram needs a two-parameter sweep", field="axes")
    figure = Figure(figsize=(7, 5))
    ax = figure.add_subplot()
    x, y = result.values
    name = plain_label(result.model.name or "pause model")
    if view == "per-lab":
        _per_lab_phase(result, ax)
        ax.set_xlim(x.min(), x.max())
        ax.set_ylim(y.min(), y.max())
        ax.set_xlabel(_label(result.parameters[0]).split(": ", 1)[1])
        ax.set_ylabel(_label(result.parameters[1]).split(": ", 1)[1] + ", each lab's own")
        side = "right of" if result.parameters[0] == "verification" else "above"
        ax.set_title(
            title
            or f"{name}: each lab is deterred on or {side} its own curve\n"
            "(dots: each lab's own point; filled: deterred, hollow: races)",
            fontsize=10,
        )
        ax.legend(loc="upper right", fontsize=8, framealpha=0.9)
        return figure
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
    common = _common_words(result)
    ax.set_title(title or f"{name}: where does a pause hold{', ' + common if common else ''}?")
    names = [*REGIONS, "pause holds, uniqueness not checked"]
    patches = [Patch(color=c, label=n) for c, n in zip(REGION_COLOURS, names, strict=True)]
    present = set(np.unique(codes).tolist())
    handles: list[Artist] = [h for k, h in enumerate(patches) if k in present]
    if curve is not None:
        handles += ax.get_legend_handles_labels()[0]
    ax.legend(handles=handles, loc="upper right", fontsize=8, framealpha=0.9)
    return figure


def _common_words(result: SweepResult) -> str:
    """What a sweep holds common to every lab, in words."""
    if set(result.parameters) == {"verification", "defaults.sanction"}:
        return COMMON_VIEW
    words = []
    for path in result.parameters:
        if path == "verification":
            words.append("the same verification q")
        elif path.startswith("defaults."):
            words.append(f"the same {path.split('.', 1)[1]}")
    return "with every lab at " + " and ".join(words) if words else ""


def plot_lab_curves(curves: LabCurves, *, title: str | None = None, name: str = "") -> Figure:
    """Each lab's own least-sanction curve :math:`F_i^*(q)` with its own point :math:`(q_i, F_i)`.

    A lab is deterred exactly when its point is on or above its own curve (filled: deterred,
    hollow: races).

    Examples
    --------
    >>> from gametheory import Channel, Lab, PauseModel
    >>> from gametheory.pause.frontier import lab_curves
    >>> m = PauseModel(labs=(Lab("a", prize=2, sanction=8), Lab("b", prize=3, sanction=8)),
    ...                channels=(Channel("audit", (0.2, 0.5)),))
    >>> fig = plot_lab_curves(lab_curves(m, [0.25, 0.5, 1.0]))
    >>> len(fig.axes[0].lines), len(fig.axes[0].collections[0].get_offsets())  # a point per lab
    (2, 2)
    """
    figure = Figure(figsize=(7, 5))
    ax = figure.add_subplot()
    q = curves.verification
    colours = _lab_colours(len(curves.lab_names))
    for i, label in _curve_groups(curves.least_sanction, curves.lab_names):
        ax.plot(q, curves.least_sanction[:, i], color=colours[i], lw=1.8, label=label)
    owners = _owners(curves.least_sanction)
    _draw_lab_points(ax, curves.detection, curves.sanction, curves.deterred, owners)
    # Room for every lab's point and the curves where they pass it, not the curves' poles.
    top = max(2.5 * float(curves.sanction.max()), 2.0 * float(curves.defection_gains.max()), 1.0)
    ax.set_ylim(0, top)
    ax.set_xlabel("verification strength q (probability of detection)")
    ax.set_ylabel("least sanction F (payoff units)")
    ax.set_title(
        title
        or f"{plain_label(name or 'pause model')}: each lab deterred on or above its own curve\n"
        f"(dots: each lab's own q and F; filled: deterred; weakest link "
        f"{plain_label(curves.weakest_link)})",
        fontsize=10,
    )
    ax.legend(fontsize=8)
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
    ax.set_xlabel(f"verification strength q (probability of detection), {COMMON_VIEW}")
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


def plot_pause_probabilities(model: PauseModel, params: TriggerParameters) -> Figure:
    """Each decision rule's probability of a pause against the state (the trigger).

    Examples
    --------
    >>> from gametheory.pause.scenario import load_scenario
    >>> from gametheory.pause.trigger import trigger_parameters
    >>> s = load_scenario("two-labs")
    >>> fig = plot_pause_probabilities(s.model, trigger_parameters(s.model, s.sections["trigger"]))
    >>> len(fig.axes[0].lines) >= 5
    True
    """
    from gametheory.pause.decision import pause_probabilities

    figure = Figure(figsize=(7, 4.5))
    ax = figure.add_subplot()
    bar = params.should_pause_above
    states = np.linspace(bar - 4 * params.state_sd, bar + 4 * params.state_sd, 161)
    for name, p in pause_probabilities(model, params, states).items():
        ax.plot(states, p, lw=2, label=plain_label(name))
    ax.axvline(bar, color="black", ls="--", lw=1, label=f"pause warranted above {bar:.3g}")
    ax.set_xlabel("state: catastrophe probability a lab's continued training adds")
    ax.set_ylabel("probability of a pause")
    ax.set_title(f"{plain_label(model.name or 'scenario')}: who triggers a pause when it should")
    ax.legend(fontsize=8)
    return figure


def plot_participation(sweep: ParticipationSweep, *, num_labs: int, name: str = "") -> Figure:
    """The pause under each minimum participation threshold k (a coalition analysis's figure).

    Three panels against :math:`k` (the pause binds only once :math:`k` labs have signed):
    the size of the largest stable coalition in force and how many labs pause at its outcome
    (the pause's reach), with the number of stable coalitions in force; the catastrophe
    probability at that outcome; and the labs' total payoff (welfare), the welfare-maximising
    :math:`k` marked. A threshold under which no stable coalition is in force is drawn as
    size 0 (the labs play without a pause). Names are plain text (no mathtext).

    Examples
    --------
    >>> from gametheory.pause.coalitions import coalition_stability, participation_sweep
    >>> from gametheory.pause.model import Lab, PauseModel
    >>> lab = dict(prize=6, pause_cost=1, harm=25, risk=0.2)
    >>> m = PauseModel(labs=tuple(Lab(x, **lab) for x in "abc"))
    >>> fig = plot_participation(participation_sweep(coalition_stability(m)), num_labs=3)
    >>> [len(ax.lines) >= 1 for ax in fig.axes]
    [True, True, True]
    """
    rows = sweep.rows
    k = np.array([r.min_participation for r in rows])
    size = np.array([len(r.headline) if r.headline else 0 for r in rows])
    reach = np.array([r.pausing for r in rows], dtype=float)
    reach[reach < 0] = np.nan  # the outsiders' play is undetermined there
    count = np.array([len(r.stable_in_force) for r in rows])
    risk = np.array([r.catastrophe for r in rows])
    welfare = np.array([r.welfare for r in rows])
    best = int(np.flatnonzero(k == sweep.best)[0])
    figure = Figure(figsize=(7, 8))
    top, middle, bottom = figure.subplots(3, 1, sharex=True)
    top.plot(k, size, "o-", color="#264653", lw=2, label="largest stable coalition in force")
    top.plot(k, reach, "s--", color="#2a9d8f", lw=1.5, label="labs pausing at its outcome")
    top.bar(
        k, count, width=0.3, color="#8d99ae", alpha=0.4, label="stable coalitions in force (count)"
    )
    top.set_ylabel("labs")
    ceiling = max(num_labs, int(count.max(initial=0)))
    top.set_ylim(0, ceiling * 1.6 + 1)  # room for the legend above the lines
    top.set_yticks(range(0, ceiling + 1, max(1, ceiling // 6)))
    top.legend(fontsize=8, loc="upper left")
    middle.plot(k, risk, "o-", color="#e76f51", lw=2)
    middle.set_ylabel("catastrophe probability")
    middle.set_ylim(0, max(float(np.nanmax(risk, initial=0.0)) * 1.1, 0.01))
    bottom.plot(k, welfare, "o-", color="#e9c46a", lw=2)
    bottom.plot(
        k[best],
        welfare[best],
        "*",
        color="black",
        ms=14,
        label=f"welfare-maximising threshold k = {sweep.best} (welfare: the labs' total payoff)",
    )
    bottom.set_ylabel("welfare (total payoff)")
    bottom.legend(fontsize=8, loc="best")
    bottom.set_xlabel("minimum participation k (the pause binds once k labs have signed)")
    bottom.set_xticks(k)
    top.set_title(
        f"{plain_label(name or 'pause model')}: the pause under each minimum participation k"
    )
    return figure
