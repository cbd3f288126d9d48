r"""Shareable reports of a pause scenario: one self-contained HTML page, or Markdown.

:func:`build_report` gathers, for a :class:`~gametheory.pause.scenario.Scenario`, what a negotiator
attaches to an email and an academic cites:

* **the scenario** — name, file, variant, overrides, every parameter (labs, channels, shared
  parameters and extra sections) and the derived detection :math:`q_i` (notation of
  :mod:`gametheory.pause.model`), and its assumptions text;
* **the analysis** (:func:`gametheory.pause.analysis.analyze`) — the verdict in words, every listed
  equilibrium, each lab's thresholds (critical verification :math:`q_i^* = G_i/F_i`,
  shortfall, critical sanction), the weakest link, the two-lab game class;
* **figures** — the verification × sanction phase diagram with each lab's current point
  (:func:`phase_figure`), the per-lab shortfalls and the tradeoff frontier
  (:func:`gametheory.pause.frontier.sanction_frontier`), with the frontier also as a table;
* **the stable coalitions** (:func:`gametheory.pause.coalitions.coalition_stability`) and the
  repeated pause (:func:`gametheory.pause.repeated.repeated_pause`, at the scenario's ``[repeated]``
  settings or a discount factor of 0.9);
* **provenance** — the command line that reproduces the report, the pausegame version, the
  date, and a citation line.

:func:`render_html` writes one page with its style inline and every figure embedded as a
base64 PNG data URI: it loads nothing from the network. :func:`render_markdown` refers to
figures by file name; :func:`write_report` writes those PNG files next to the ``.md`` file
(``<stem>-<figure>.png``), since many Markdown viewers (GitHub among them) do not show
data-URI images.
"""

from __future__ import annotations

import base64
import datetime as _dt
import html
import io
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np

from gametheory.core.errors import InputError
from gametheory.core.tolerance import TOL
from gametheory.interfaces.outputs import (
    markdown_text,
    plain_label,
    quiet_glyphs,
    write_bytes,
    write_text,
)
from gametheory.pause.model import PauseModel, detection_probabilities
from gametheory.pause.scenario import LAB_PARAMETERS, Scenario

__all__ = [
    "FIGURE_DPI",
    "REPORT_SUFFIXES",
    "FigureBlock",
    "Paragraph",
    "Report",
    "Section",
    "Table",
    "build_report",
    "citation",
    "figure_png",
    "mark_current_point",
    "phase_figure",
    "render_html",
    "render_markdown",
    "sanction_axis_max",
    "write_report",
]

#: Resolution of embedded figures (dots per inch).
FIGURE_DPI = 100
#: Output formats by file suffix.
REPORT_SUFFIXES = {".html": "html", ".htm": "html", ".md": "markdown", ".markdown": "markdown"}
#: Coalitions are listed only up to this many labs (the analysis covers all 2^N of them).
MAX_REPORT_COALITION_LABS = 12
#: The gid of the current-point markers :func:`mark_current_point` draws.
CURRENT_POINT_GID = "pausegame-current-point"
#: Verification strengths at which the frontier table is printed.
FRONTIER_TABLE_Q = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)


# -- the document -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Paragraph:
    """A paragraph of text; ``strong`` paragraphs are the report's headline statements."""

    text: str
    strong: bool = False


@dataclass(frozen=True)
class Table:
    """A table: column headers and rows of text cells, with an optional caption."""

    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str = ""


@dataclass(frozen=True)
class FigureBlock:
    """A figure of the report, by its key in :attr:`Report.figures`, with a caption."""

    key: str
    caption: str


Block = Paragraph | Table | FigureBlock


@dataclass(frozen=True)
class Section:
    """A titled section: an ``anchor`` (HTML id) and its blocks in order."""

    anchor: str
    heading: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Report:
    """A report, independent of its output format.

    Attributes
    ----------
    title : str
    summary : str
        The verdict in one sentence.
    sections : tuple of Section
    figures : dict
        Figure key -> PNG bytes.
    command : str
        The command line that reproduces the report.
    version : str
        The pausegame version that produced it.
    generated : str
        The date (UTC, ISO 8601).
    """

    title: str
    summary: str
    sections: tuple[Section, ...]
    figures: dict[str, bytes] = field(compare=False)
    command: str
    version: str
    generated: str


# -- numbers and figures ----------------------------------------------------------------------
def _num(x: Any) -> str:
    """A number for people: 4 significant digits; Fractions also as p/q; inf as words."""
    if x is None:
        return "-"
    if isinstance(x, bool):
        return "yes" if x else "no"
    if isinstance(x, Fraction):
        return str(x.numerator) if x.denominator == 1 else f"{float(x):.4g} (= {x})"
    if isinstance(x, int | np.integer):
        return str(int(x))
    value = float(x)
    if value == 0:
        return "0"
    if np.isinf(value):
        return "none suffices" if value > 0 else "-inf"
    if np.isnan(value):
        return "undetermined"
    return f"{value:.4g}"


def sanction_axis_max(model: PauseModel) -> float:
    """The top of the sanction axis of :func:`phase_figure` (and the explorer's sliders).

    Twice the largest of the sanctions and the gains from racing alone :math:`G_i`, so that
    the critical verification :math:`q^* = G/F` stays visible (at :math:`F = 2G`,
    :math:`q^* = 1/2`); at least 1.

    Examples
    --------
    >>> from gametheory import load_model
    >>> sanction_axis_max(load_model("two-labs"))   # sanction 10, gain 1.25
    20.0
    """
    from gametheory.pause.thresholds import defection_gains

    gains = np.asarray(defection_gains(model), dtype=float)
    top = max(float(model.array("sanction").max()), float(gains.max()), 0.5)
    return float(2.0 * top)


#: Grid points × labs a report's phase figure evaluates at most (a few seconds of work).
PHASE_BUDGET = 4_000_000


def _phase_resolution(model: PauseModel) -> int:
    """The phase figure's grid: 61 × 61 for small models, coarser for many labs."""
    return int(min(61, max(11, math.isqrt(PHASE_BUDGET // max(model.num_labs, 1)))))


def phase_figure(
    model: PauseModel, *, sanction_max: float | None = None, resolution: int = 61
) -> Any:
    """The verification × sanction phase diagram of ``model``, each lab's point marked.

    The regions come from :func:`gametheory.pause.sweeps.sweep` over ``verification`` (every lab's
    :math:`q`) and ``defaults.sanction`` (every lab's :math:`F`), drawn by
    :func:`gametheory.interfaces.plots.plot_phase_diagram` with the exact curve
    :math:`q^*(F) = \\max_i G_i / F`. They do not depend on the model's own detection and
    sanctions, which are drawn as one dot per lab (:func:`mark_current_point`).

    Parameters
    ----------
    model : PauseModel
    sanction_max : float, optional
        The top of the sanction axis (default :func:`sanction_axis_max`).
    resolution : int
        Grid points per axis.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> from gametheory import load_model
    >>> fig = phase_figure(load_model("two-labs"), resolution=11)
    >>> [t.get_text() for t in fig.axes[0].texts]
    ['lab-a, lab-b']
    """
    from gametheory.interfaces.plots import plot_phase_diagram
    from gametheory.pause.sweeps import sweep

    if resolution < 2:
        raise InputError("expected at least 2 grid points", field="resolution", value=resolution)
    top = sanction_axis_max(model) if sanction_max is None else float(sanction_max)
    if not top > 0:
        raise InputError("expected a number > 0", field="sanction_max", value=sanction_max)
    result = sweep(
        model,
        {
            "verification": np.linspace(0.0, 1.0, resolution),
            "defaults.sanction": np.linspace(0.0, top, resolution),
        },
        progress=False,
    )
    name = plain_label(model.name or "pause model")
    figure = plot_phase_diagram(
        result, title=f"{name}: where does a pause hold? (dots: each lab now)"
    )
    mark_current_point(figure, model)
    return figure


def mark_current_point(figure: Any, model: PauseModel) -> None:
    """Draw each lab's current (detection, sanction) on a :func:`phase_figure`.

    Replaces the points drawn by an earlier call, so a figure can be kept and re-marked when
    the model changes (the explorer does this on every slider move). Labs at the same point
    share one dot and one label.

    Examples
    --------
    >>> from gametheory import load_model
    >>> model = load_model("two-labs")
    >>> fig = phase_figure(model, resolution=5)
    >>> mark_current_point(fig, model.with_lab("lab-a", sanction=3))
    >>> sorted(t.get_text() for t in fig.axes[0].texts)
    ['lab-a', 'lab-b']
    """
    ax = figure.axes[0]
    for artist in [*ax.collections, *ax.texts, *ax.lines]:
        if artist.get_gid() == CURRENT_POINT_GID:
            artist.remove()
    q = detection_probabilities(model)
    f = model.array("sanction")
    points: dict[tuple[float, float], list[str]] = {}
    for name, qi, fi in zip(model.lab_names, q.tolist(), f.tolist(), strict=True):
        points.setdefault((round(qi, 9), round(fi, 9)), []).append(name)
    for (qi, fi), names in points.items():
        ax.scatter(
            [qi], [fi], s=60, color="white", edgecolors="black", zorder=5, gid=CURRENT_POINT_GID
        )
        shown = ", ".join(map(plain_label, names)) if len(names) <= 3 else f"{len(names)} labs"
        ax.annotate(
            shown,
            (qi, fi),
            xytext=(6, 6),
            textcoords="offset points",
            fontsize=8,
            zorder=6,
            gid=CURRENT_POINT_GID,
            bbox={"boxstyle": "round,pad=0.2", "fc": "white", "alpha": 0.8, "lw": 0},
        )


def figure_png(figure: Any, *, dpi: int = FIGURE_DPI) -> bytes:
    """A figure as PNG bytes (no pyplot, no file).

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> figure_png(Figure(figsize=(1, 1)))[:8]
    b'\\x89PNG\\r\\n\\x1a\\n'
    """
    buffer = io.BytesIO()
    with quiet_glyphs():
        figure.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight")
    return buffer.getvalue()


# -- provenance -------------------------------------------------------------------------------
def citation(version: str, *, generated: str, command: str) -> str:
    """The citation line printed at the end of every report.

    Examples
    --------
    >>> citation("0.1.0", generated="2026-11-01", command="pausegame report two-labs")
    'pausegame contributors (2026). pausegame 0.1.0: game-theoretic analysis of coordinated pauses of frontier AI development [software]. Report generated on 2026-11-01 with `pausegame report two-labs`.'
    """  # noqa: E501
    return (
        f"pausegame contributors ({generated[:4]}). pausegame {version}: game-theoretic "
        "analysis of coordinated pauses of frontier AI development [software]. Report "
        f"generated on {generated} with `{command}`."
    )


# -- building the report ----------------------------------------------------------------------
#: Tables longer than this show their first (or most important) rows and say how many more.
MAX_TABLE_ROWS = 40
#: Per-lab columns are summarised beyond this many labs.
MAX_TABLE_COLUMNS = 12


def _channel_summary(channels: dict[str, Any]) -> Table:
    rows = []
    for name, c in channels.items():
        d = np.array([float(v) for v in c["detection"].values()])
        rows.append(
            (
                name,
                c["description"] or "-",
                _num(c["cost"]),
                f"{_num(d.min())} / {_num(float(np.median(d)))} / {_num(d.max())}",
            )
        )
    return Table(
        ("channel", "description", "cost", "detection min / median / max over labs"),
        tuple(rows),
        caption="Verification channels (too many labs for a column each): "
        "q_i = 1 − Π_m (1 − d_{m,i}).",
    )


def _shown_rows(table: Table) -> tuple[tuple[str, ...], ...]:
    """The rows a rendered table shows: at most MAX_TABLE_ROWS, then a row saying how many more."""
    if len(table.rows) <= MAX_TABLE_ROWS:
        return table.rows
    more = len(table.rows) - MAX_TABLE_ROWS
    note = (f"… {more} more rows (every row: --format json or csv of the command)",)
    return (*table.rows[:MAX_TABLE_ROWS], note + ("",) * (len(table.headers) - 1))


def _scenario_section(scenario: Scenario, overrides: Sequence[tuple[str, str]]) -> Section:
    params = scenario.parameters
    model = scenario.model
    variant = scenario.variant
    variant_text = "(base document)"
    if variant is not None:
        description = scenario.variants.get(variant, "")
        variant_text = f"{variant}: {description}" if description else variant
    shown_overrides = "; ".join(f"{k}={v}" for k, v in overrides) or "(none)"
    overview = Table(
        ("field", "value"),
        (
            ("name", scenario.name),
            ("description", scenario.description or "-"),
            ("file", _shareable_file(scenario.path)),
            ("variant", variant_text),
            ("overrides (--set)", shown_overrides),
            ("labs", str(model.num_labs)),
            ("background risk r0", _num(params["background_risk"])),
            ("decisiveness γ", _num(params["decisiveness"])),
            ("arithmetic", "exact (fractions)" if scenario.exact else "floating point"),
        ),
    )
    q = detection_probabilities(model)
    lab_rows = tuple(
        (name, *(_num(values[p]) for p in LAB_PARAMETERS), _num(q[i]))
        for i, (name, values) in enumerate(params["labs"].items())
    )
    labs = Table(
        ("lab", *LAB_PARAMETERS, "detection q (from channels)"),
        lab_rows,
        caption="Every lab's parameters after the variant and overrides "
        "(payoffs in the scenario's unit; risk and detection are probabilities).",
    )
    blocks: list[Block] = [overview, labs]
    channels = params["channels"]
    if channels:
        names = model.lab_names
        if len(names) > MAX_TABLE_COLUMNS:
            blocks.append(_channel_summary(channels))
        else:
            blocks.append(
                Table(
                    ("channel", "description", "cost", *(f"detects {n}" for n in names)),
                    tuple(
                        (
                            name,
                            c["description"] or "-",
                            _num(c["cost"]),
                            *(_num(c["detection"][n]) for n in names),
                        )
                        for name, c in channels.items()
                    ),
                    caption="Verification channels: q_i = 1 − Π_m (1 − d_{m,i}).",
                )
            )
    else:
        blocks.append(Paragraph("No verification channels: every lab's detection is 0."))
    for name, section in scenario.sections.items():
        blocks.extend(_extra_section_blocks(name, section))
    return Section("scenario", "Scenario", tuple(blocks))


def _shareable_file(path: Path) -> str:
    """The scenario's file as a reader elsewhere can use it: no local directories.

    Examples
    --------
    >>> from gametheory.pause.scenario import resolve_model
    >>> _shareable_file(resolve_model("two-labs"))
    'two-labs.toml (shipped with pausegame)'
    >>> _shareable_file(Path("/home/me/drafts/mine.toml"))
    'mine.toml'
    """
    from gametheory.pause.scenario import shipped_models

    shipped = {p.resolve() for p in shipped_models().values()}
    try:
        is_shipped = path.resolve() in shipped
    except OSError:
        is_shipped = False
    return f"{path.name} (shipped with pausegame)" if is_shipped else path.name


def _in_words(value: Any) -> str:
    """A section value for people: numbers via :func:`_num`, distributions and tables in words.

    Examples
    --------
    >>> from gametheory.pause.uncertainty import Distribution
    >>> _in_words(Distribution.lognormal(median=30, sigma=0.5))
    'lognormal: median 30, sigma 0.5'
    >>> _in_words({"source": "us", "target": "eu", "mutual": True})
    'source us, target eu, mutual yes'
    """
    if hasattr(value, "kind") and hasattr(value, "parameters"):
        text = f"{value.kind}: " + ", ".join(f"{k} {_num(v)}" for k, v in value.parameters)
        low, high = getattr(value, "truncation", (-np.inf, np.inf))
        if np.isfinite(low) or np.isfinite(high):
            text += f", truncated to [{_num(low)}, {_num(high)}]"
        return text
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float | Fraction | np.number):
        return _num(value)
    if isinstance(value, dict):
        return ", ".join(f"{k} {_in_words(v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return "; ".join(_in_words(v) for v in value)
    return str(value)


def _extra_section_blocks(name: str, section: Any) -> list[Block]:
    """An extra scenario section ([uncertainty], [repeated], [network], ...) as tables."""
    titles = {
        "uncertainty": ("uncertain parameter", "distribution"),
        "network": ("field", "value"),
        "repeated": ("setting", "value"),
        "lifecycle": ("setting", "value"),
    }
    if not isinstance(section, dict):
        return [Paragraph(f"Section [{name}]: {_in_words(section)}")]
    blocks: list[Block] = []
    rows = []
    for key, value in section.items():
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            columns = list(dict.fromkeys(k for v in value for k in v))
            blocks.append(
                Table(
                    tuple(columns),
                    tuple(tuple(_in_words(v.get(c, "")) for c in columns) for v in value),
                    caption=f"[{name}] {key}.",
                )
            )
        else:
            rows.append((str(key), _in_words(value)))
    if rows:
        blocks.insert(
            0, Table(titles.get(name, ("field", "value")), tuple(rows), caption=f"[{name}].")
        )
    return blocks


def _assumptions_section(scenario: Scenario) -> Section:
    paragraphs = [" ".join(p.split()) for p in scenario.assumptions.strip().split("\n\n")]
    blocks = tuple(Paragraph(p) for p in paragraphs if p)
    if not blocks:
        blocks = (Paragraph("The scenario file states no assumptions."),)
    return Section("assumptions", "Assumptions", blocks)


def _weakest_first(labs: Sequence[Any]) -> Sequence[Any]:
    """Labs in file order, or, when a full table would be unreadable, weakest first."""
    if len(labs) <= MAX_TABLE_ROWS:
        return labs
    return sorted(labs, key=lambda t: -math.inf if t.shortfall is None else -float(t.shortfall))


def _analysis_section(analysis: Any) -> Section:
    from gametheory.pause.analysis import verdict

    model = analysis.model
    blocks: list[Block] = [Paragraph(verdict(analysis), strong=True)]
    count = analysis.num_pure_equilibria
    how = (
        f"{count} pure equilibria by full enumeration (complete)"
        if analysis.method == "full enumeration"
        else f"{len(analysis.equilibria)} pure equilibria found by the structural path "
        "(may be incomplete)"
    )
    outcomes = list(analysis.equilibria) + list(analysis.mixed_equilibria or ())
    show_payoffs = model.num_labs <= 6
    headers = ["#", "who races", "catastrophe risk", "total welfare"]
    if show_payoffs:
        headers.append("payoffs")
    rows = []
    for k, e in enumerate(outcomes[:50], start=1):
        row = [str(k), e.label, _num(e.catastrophe_risk), _num(e.welfare)]
        if show_payoffs:
            row.append(", ".join(f"{n} {_num(u)}" for n, u in zip(e.labs, e.payoffs, strict=True)))
        rows.append(tuple(row))
    caption = f"Equilibria: {how}"
    if analysis.mixed_equilibria:
        caption += f"; {len(analysis.mixed_equilibria)} mixed"
    if len(outcomes) > 50:
        caption += f"; the first 50 of {len(outcomes)} shown"
    blocks.append(Table(tuple(headers), tuple(rows), caption=caption + "."))
    lab_rows = tuple(
        (
            t.lab,
            _num(t.detection),
            _num(t.sanction),
            _num(t.defection_gain),
            "none suffices" if t.critical_verification is None else _num(t.critical_verification),
            "infinite" if t.shortfall is None else _num(t.shortfall),
            "none suffices" if t.critical_sanction is None else _num(t.critical_sanction),
            t.status,
        )
        for t in _weakest_first(analysis.thresholds.labs)
    )
    blocks.append(
        Table(
            (
                "lab",
                "detection q",
                "sanction F",
                "gain G",
                "critical q*",
                "shortfall q* − q",
                "critical F*",
                "status",
            ),
            lab_rows,
            caption="Thresholds when all other labs pause: q* = G / F, F* = G / q "
            "(docs/model/one-shot.md).",
        )
    )
    weakest = analysis.weakest_link
    blocks.append(Paragraph(f"Weakest link: {weakest.lab} — {weakest.explanation}."))
    if analysis.game_class is not None:
        c = analysis.game_class
        orders = "; ".join(
            f"{lab}: {cls} ({order})"
            for lab, cls, order in zip(c.labs, c.lab_classes, c.orderings, strict=True)
        )
        blocks.append(Paragraph(f"Game class: {c.name}. By lab: {orders}."))
    blocks.append(FigureBlock("shortfalls", "Verification shortfall q* − q by lab."))
    method = (
        f"Method: {analysis.method}; tol {analysis.tol:g}; "
        f"{'exact arithmetic' if analysis.exact else 'floating point'}."
    )
    blocks.append(Paragraph(method))
    blocks.extend(Paragraph(f"Note: {note}.".replace("..", ".")) for note in analysis.notes)
    return Section("analysis", "Analysis", tuple(blocks))


def _frontier_section(model: PauseModel) -> Section:
    from gametheory.pause.frontier import sanction_frontier

    frontier = sanction_frontier(model, FRONTIER_TABLE_Q)
    rows = tuple(
        (
            _num(q),
            _num(f),
            frontier.lab_names[b] if np.isfinite(f) and f > 0 else "-",
        )
        for q, f, b in zip(
            frontier.verification.tolist(),
            frontier.frontier.tolist(),
            frontier.binding.tolist(),
            strict=True,
        )
    )
    return Section(
        "frontier",
        "Tradeoff frontier",
        (
            Paragraph(
                "With the same verification strength q for every lab, the least common "
                "sanction that deters every lab is F*(q) = max_i G_i / q; above the frontier "
                "all-pause is an equilibrium, below it the binding lab races."
            ),
            Table(("verification q", "least sanction F*", "binding lab"), rows),
            FigureBlock("frontier", "Least sanction per lab against verification strength."),
        ),
    )


def _coalition_result(model: PauseModel) -> Any:
    """The coalition analysis, or None above :data:`MAX_REPORT_COALITION_LABS` labs."""
    from gametheory.pause.coalitions import coalition_stability

    if model.num_labs > MAX_REPORT_COALITION_LABS:
        return None
    return coalition_stability(model)


def _coalition_section(model: PauseModel, result: Any) -> Section:
    if result is None:
        text = (
            f"Not listed: {model.num_labs} labs give 2^{model.num_labs} coalitions; run "
            "`pausegame coalitions` for the full analysis."
        )
        return Section("coalitions", "Stable coalitions", (Paragraph(text),))
    stable = result.stable_coalitions
    rows = []
    for mask in stable[:30].tolist():
        racing = int(result.outsiders_racing[mask])
        rows.append(
            (
                ", ".join(result.members(mask)) or "(none)",
                ", ".join(result.members(racing)) if racing >= 0 else "undetermined",
                _num(result.catastrophe[mask]),
                "yes" if result.multiple_outsider_equilibria[mask] else "no",
            )
        )
    blocks: list[Block] = [
        Paragraph(
            "A coalition of labs pauses while the others best-respond. It is stable when no "
            "member gains by leaving and no outsider gains by joining (d'Aspremont et al. "
            "1983)."
        )
    ]
    if rows:
        caption = f"{len(stable)} stable coalitions, largest first"
        if len(stable) > 30:
            caption += "; the first 30 shown"
        blocks.append(
            Table(
                ("pausing members", "outsiders racing", "catastrophe risk", "several outcomes"),
                tuple(rows),
                caption=caption + ".",
            )
        )
    else:
        blocks.append(Paragraph("No coalition is stable.", strong=True))
    full = (1 << model.num_labs) - 1
    if result.stable[full]:
        blocks.append(Paragraph("The grand coalition (every lab pausing) is stable."))
    else:
        pull = int(result.strongest_pull[full])
        who = f"; {result.labs[pull]} gains most by leaving" if pull >= 0 else ""
        blocks.append(Paragraph(f"The grand coalition is not stable{who}."))
    return Section("coalitions", "Stable coalitions", tuple(blocks))


@dataclass(frozen=True)
class _Repeated:
    """The repeated pause as the report states it, with a punishment that is credible."""

    result: Any  # RepeatedPauseReport, or None when it could not be analysed
    source: str
    note: str
    error: str = ""


def _repeated_result(scenario: Scenario) -> _Repeated:
    """The repeated pause at the scenario's settings (discount 0.9 by default).

    A threat the tool calls not credible never carries the headline: unless the scenario names
    its punishment, the all-race punishment is used only when it is itself an equilibrium of
    the one-shot game (credible); otherwise the worst one-shot equilibrium is.
    """
    from gametheory.pause.repeated import repeated_pause

    settings = dict(scenario.sections.get("repeated", {}))
    settings.setdefault("discount", 0.9)
    source = "the scenario's [repeated] section" if "repeated" in scenario.sections else "defaults"
    note = ""
    try:
        rep = repeated_pause(scenario.model, **settings)
        if "punishment" not in settings and not bool(np.all(rep.stage.credible)):
            settings["punishment"] = "nash-reversion"
            rep = repeated_pause(scenario.model, **settings)
            note = (
                "The default punishment is not credible here (it is not an equilibrium of the "
                "one-shot game), so the punishment used is reversion to an equilibrium of the "
                "game without an agreement, which is."
            )
    except (InputError, ValueError) as exc:
        return _Repeated(None, source, "", str(exc))
    return _Repeated(rep, source, note)


def _repeated_section(repeated: _Repeated) -> Section:
    rep = repeated.result
    if rep is None:
        return Section(
            "repeated", "Repeated pause", (Paragraph(f"Not analysed: {repeated.error}"),)
        )
    length = "grim trigger" if rep.punishment_length is None else f"{rep.punishment_length} periods"
    rows = tuple(
        (
            name,
            _num(rep.stage.temptation[i]),
            _num(rep.stage.reward[i]),
            _num(rep.stage.punishment[i]),
            "yes" if rep.stage.credible[i] else "no",
            "none suffices"
            if not np.isfinite(rep.critical_discount[i])
            else _num(rep.critical_discount[i]),
            "yes" if rep.self_enforcing[i] else "no",
        )
        for i, name in enumerate(rep.lab_names)
    )
    credible = bool(np.all(rep.stage.credible))
    if not credible:
        verdict = (
            "No headline answer: the scenario's punishment is not credible (not an equilibrium "
            "of the one-shot game), so a lab need not fear it"
        )
    elif rep.all_self_enforcing:
        verdict = "The pause is self-enforcing for every lab"
    else:
        verdict = "The pause is NOT self-enforcing for every lab"
    blocks: list[Block] = [
        Paragraph(
            f"{verdict} at discount factor δ = {_num(rep.discount)} (punishment "
            f"{_punishment_words(rep)}, {length}, false-alarm rate {_num(rep.false_alarm)}; "
            f"settings from {repeated.source})."
        )
    ]
    if repeated.note:
        blocks.append(Paragraph(repeated.note))
    blocks.append(
        Table(
            ("lab", "T (race alone)", "R (all pause)", "P (punishment)", "credible", "δ*", "holds"),
            rows,
            caption="Per-period payoffs: T racing while the others pause, R all pausing, P "
            "during the punishment. δ is how much a lab values the next period against this "
            "one (0: not at all, 1: as much); a lab complies when δ ≥ δ* "
            "(docs/model/repeated.md, Green & Porter 1984).",
        )
    )
    return Section("repeated", "Repeated pause", tuple(blocks))


def _names(labs: Sequence[str]) -> str:
    labs = list(labs)
    if len(labs) <= 1:
        return "".join(labs)
    return ", ".join(labs[:-1]) + " and " + labs[-1]


def _meaning_section(analysis: Any, repeated: _Repeated, coalitions: Any) -> Section:
    """What the one-shot, repeated and coalition answers mean together, in plain words."""
    model = analysis.model
    racing = [t.lab for t in analysis.thresholds.labs if t.shortfall is None or t.shortfall > 0]
    paragraphs: list[str] = []
    if analysis.all_pause_is_equilibrium:
        one_shot = (
            "Decided once: the pause holds. If every other lab pauses, no lab gains by racing "
            "covertly, because the chance of being caught times the sanction outweighs what "
            "racing wins."
        )
        if analysis.all_pause_is_unique is False:
            one_shot += (
                " But it is not the only stable outcome: if labs expect others to race, racing "
                "is stable too, so the pause needs each lab to trust the others."
            )
    else:
        one_shot = (
            f"Decided once: the pause fails. Even if every other lab pauses, {_names(racing)} "
            f"would gain by racing covertly: verification is too weak or the sanction too "
            f"small for {'it' if len(racing) == 1 else 'them'} (the weakest link, in the "
            "analysis below)."
        )
    paragraphs.append(one_shot)

    rep = repeated.result
    if rep is not None and bool(np.all(rep.stage.credible)):
        delta = _num(rep.discount)
        if rep.all_self_enforcing and not analysis.all_pause_is_equilibrium:
            paragraphs.append(
                f"Decided again every period: the pause holds, and both answers are true. A lab "
                f"that races now gains once, but when caught it ends the pause and faces the "
                f"punishment ({_punishment_words(rep)}) in the periods after; labs that value "
                f"the future enough (δ = {delta} here, at least δ* for each lab) lose more "
                "later than they gain now. The repeated answer depends on that patience and on "
                "the punishment being carried out; it is credible here because the punishment "
                "is itself a stable outcome of the one-shot game."
            )
        elif rep.all_self_enforcing:
            paragraphs.append(
                f"Decided again every period: the pause holds too (δ = {delta}), as it must: "
                "pausing every period is stable when pausing once is."
            )
        else:
            stuck = [name for i, name in enumerate(rep.lab_names) if not rep.self_enforcing[i]]
            hopeless = [
                name
                for i, name in enumerate(rep.lab_names)
                if not np.isfinite(rep.critical_discount[i])
            ]
            text = (
                f"Decided again every period: the pause still fails for {_names(stuck)} at "
                f"δ = {delta}."
            )
            unseen = [n for n in hopeless if rep.flag_probability[rep.lab_names.index(n)] <= 0]
            unhurt = [n for n in hopeless if n not in unseen]
            if unseen:
                text += (
                    f" No patience is enough for {_names(unseen)}: racing is never detected, so "
                    "it never triggers the punishment."
                )
            if unhurt:
                text += (
                    f" No patience is enough for {_names(unhurt)}: the harshest credible "
                    f"punishment leaves {'it' if len(unhurt) == 1 else 'them'} no worse off "
                    "than pausing, so the future holds no threat."
                )
            if hopeless:
                text += " Repetition cannot stand in for verification or sanctions here."
            else:
                text += " Labs would need to value the future more (δ ≥ δ* in the table)."
            if analysis.all_pause_is_equilibrium and rep.false_alarm > 0:
                text += (
                    f" The one-shot pause holds, but false alarms (rate {_num(rep.false_alarm)} "
                    "a period) trigger the punishment by mistake, which makes pausing worth "
                    "less when repeated."
                )
            paragraphs.append(text)
    elif rep is not None:
        paragraphs.append(
            "Decided again every period: no answer is given, because the punishment the "
            "scenario names is not credible (see the repeated pause below)."
        )

    if coalitions is not None:
        full = (1 << model.num_labs) - 1
        if coalitions.stable[full]:
            paragraphs.append(
                "In coalitions: all labs pausing together is a stable coalition; no lab gains "
                "by leaving it and racing."
            )
        else:
            stable = coalitions.stable_coalitions
            text = "In coalitions: the coalition of all labs is not stable"
            pull = int(coalitions.strongest_pull[full])
            if pull >= 0:
                text += f" ({coalitions.labs[pull]} gains most by leaving)"
            text += ", the same answer as decided once."
            if len(stable):
                largest = int(stable[0])
                outside = int(coalitions.outsiders_racing[largest])
                members = coalitions.members(largest)
                text += (
                    f" The largest stable coalition is {_names(members)}"
                    if members
                    else " The only stable coalition is the empty one: every lab races"
                )
                if outside > 0 and members:
                    text += f", with {_names(coalitions.members(outside))} racing outside it"
                text += f" (catastrophe risk {_num(coalitions.catastrophe[largest])})."
            paragraphs.append(text)
    return Section("meaning", "What this means", tuple(Paragraph(p) for p in paragraphs))


def _punishment_words(report: Any) -> str:
    rule = report.stage.punishment_rule
    return {
        "nash-reversion": "reverting to the equilibrium of the game without an agreement",
        "stick-and-carrot": "a stick-and-carrot punishment",
        "grim-all-race": "every lab racing for ever",
        "all-race": "every lab racing",
        "worst-equilibrium": "the worst one-shot equilibrium",
    }.get(rule, rule)


def build_report(
    scenario: Scenario,
    *,
    command: str | None = None,
    overrides: Iterable[tuple[str, str]] = (),
    tol: float = TOL,
    generated: str | None = None,
) -> Report:
    """Analyse ``scenario`` and gather everything a shareable report shows (module docstring).

    Parameters
    ----------
    scenario : Scenario
        From :func:`gametheory.load_scenario`.
    command : str, optional
        The command line that reproduces the report (default: the equivalent
        ``pausegame report`` command of the scenario's file and variant).
    overrides : iterable of (key, value)
        The ``--set`` overrides applied, for the record.
    tol : float
        Passed to :func:`gametheory.pause.analysis.analyze`.
    generated : str, optional
        The date to record (default: today, UTC).

    Returns
    -------
    Report

    Examples
    --------
    >>> from gametheory import load_scenario
    >>> report = build_report(load_scenario("two-labs"), generated="2026-11-01")
    >>> [s.heading for s in report.sections][:3]
    ['What this means', 'Scenario', 'Assumptions']
    >>> sorted(report.figures), report.summary.startswith("All-pause IS an equilibrium")
    (['frontier', 'phase', 'shortfalls'], True)
    """
    import gametheory
    from gametheory.interfaces.plots import plot_frontier, plot_shortfalls
    from gametheory.pause.analysis import analyze, verdict
    from gametheory.pause.frontier import sanction_frontier

    overrides = tuple((str(k), str(v)) for k, v in overrides)
    if command is None:
        words = ["pausegame", "report", _shareable_file(scenario.path).split(" ")[0]]
        if scenario.variant is not None:
            words += ["--variant", scenario.variant]
        for key, value in overrides:
            words += ["--set", f"{key}={value}"]
        if scenario.exact:
            words.append("--exact")
        import shlex

        command = shlex.join(words)
    date = generated or _dt.datetime.now(_dt.UTC).date().isoformat()
    model = scenario.model
    analysis = analyze(scenario, exact=scenario.exact, tol=tol)
    figures = {
        "phase": figure_png(phase_figure(model, resolution=_phase_resolution(model))),
        "shortfalls": figure_png(plot_shortfalls(analysis.thresholds, model=model)),
        "frontier": figure_png(
            plot_frontier(sanction_frontier(model, np.linspace(0.02, 1.0, 50)), name=scenario.name)
        ),
    }
    phase = Section(
        "phase-diagram",
        "Phase diagram",
        (
            FigureBlock(
                "phase",
                "Where all-pause holds as every lab's verification q and sanction F vary "
                "together; the black curve is the exact critical verification; the dots are "
                "each lab's current (q, F).",
            ),
        ),
    )
    repeated = _repeated_result(scenario)
    coalitions = _coalition_result(model)
    sections = (
        _meaning_section(analysis, repeated, coalitions),
        _scenario_section(scenario, overrides),
        _assumptions_section(scenario),
        _analysis_section(analysis),
        phase,
        _frontier_section(model),
        _coalition_section(model, coalitions),
        _repeated_section(repeated),
        Section(
            "provenance",
            "Provenance and citation",
            (
                Paragraph(f"Command: {command}"),
                Paragraph(f"pausegame version: {gametheory.__version__}"),
                Paragraph(f"Generated: {date} (UTC)"),
                Paragraph(
                    f"Cite as: {citation(gametheory.__version__, generated=date, command=command)}"
                ),
            ),
        ),
    )
    return Report(
        title=f"Pause report: {scenario.name}",
        summary=verdict(analysis),
        sections=sections,
        figures=figures,
        command=command,
        version=gametheory.__version__,
        generated=date,
    )


# -- rendering --------------------------------------------------------------------------------
_STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; max-width: 60rem;
       margin: 2rem auto; padding: 0 1rem; color: #1d2730; line-height: 1.45; }
h1 { font-size: 1.7rem; margin-bottom: 0.2rem; }
h2 { border-bottom: 1px solid #ccd; padding-bottom: 0.2rem; margin-top: 2rem; }
.summary { background: #f3f6f8; border-left: 4px solid #2a9d8f; padding: 0.6rem 1rem; }
.meta { color: #556; font-size: 0.9rem; }
table { border-collapse: collapse; margin: 0.8rem 0; font-size: 0.9rem; }
th, td { border: 1px solid #ccd; padding: 0.25rem 0.5rem; text-align: left;
         vertical-align: top; }
th { background: #eef1f4; }
caption { caption-side: bottom; font-size: 0.85rem; color: #556; text-align: left;
          padding-top: 0.3rem; }
figure { margin: 1rem 0; }
figure img { max-width: 100%; height: auto; border: 1px solid #dde; }
figcaption { font-size: 0.85rem; color: #556; }
code { background: #f3f3f3; padding: 0 0.2rem; }
"""


def _html_block(block: Block, figures: dict[str, bytes]) -> str:
    e = html.escape
    if isinstance(block, Paragraph):
        text = e(block.text)
        return f"<p><strong>{text}</strong></p>" if block.strong else f"<p>{text}</p>"
    if isinstance(block, Table):
        head = "".join(f"<th>{e(h)}</th>" for h in block.headers)
        body = "".join(
            "<tr>" + "".join(f"<td>{e(c)}</td>" for c in row) + "</tr>"
            for row in _shown_rows(block)
        )
        caption = f"<caption>{e(block.caption)}</caption>" if block.caption else ""
        return f"<table>{caption}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    data = base64.b64encode(figures[block.key]).decode("ascii")
    return (
        f'<figure id="figure-{e(block.key)}"><img src="data:image/png;base64,{data}" '
        f'alt="{e(block.caption)}"><figcaption>{e(block.caption)}</figcaption></figure>'
    )


def render_html(report: Report) -> str:
    """The report as one self-contained HTML page (inline style, figures as data URIs).

    Examples
    --------
    >>> from gametheory import load_scenario
    >>> page = render_html(build_report(load_scenario("two-labs"), generated="2026-11-01"))
    >>> page.startswith("<!DOCTYPE html>"), "http://" in page, "https://" in page
    (True, False, False)
    """
    e = html.escape
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="generator" content="pausegame {e(report.version)}">',
        f"<title>{e(report.title)}</title>",
        f"<style>{_STYLE}</style>",
        "</head>",
        "<body>",
        f"<h1>{e(report.title)}</h1>",
        f'<p class="meta">Generated {e(report.generated)} by pausegame {e(report.version)}: '
        f"<code>{e(report.command)}</code></p>",
        f'<p class="summary"><strong>{e(report.summary)}</strong></p>',
        "<nav><p>"
        + " · ".join(f'<a href="#{e(s.anchor)}">{e(s.heading)}</a>' for s in report.sections)
        + "</p></nav>",
    ]
    for section in report.sections:
        parts.append(f'<section id="{e(section.anchor)}">')
        parts.append(f"<h2>{e(section.heading)}</h2>")
        parts.extend(_html_block(block, report.figures) for block in section.blocks)
        parts.append("</section>")
    parts += ["</body>", "</html>"]
    return "\n".join(parts) + "\n"


def _md_cell(text: str) -> str:
    return markdown_text(text)


def render_markdown(report: Report, *, image_names: dict[str, str] | None = None) -> str:
    """The report as Markdown; figures refer to image files.

    Parameters
    ----------
    report : Report
    image_names : dict, optional
        Figure key -> the file name to link (default ``<key>.png``); :func:`write_report`
        writes the files.

    Examples
    --------
    >>> from gametheory import load_scenario
    >>> text = render_markdown(build_report(load_scenario("two-labs"), generated="2026-11-01"))
    >>> text.splitlines()[0], "![" in text
    ('# Pause report: two-labs', True)
    """
    names = image_names or {key: f"{key}.png" for key in report.figures}
    m = markdown_text
    command = report.command.replace("`", "'")
    lines = [
        f"# {m(report.title)}",
        "",
        f"Generated {m(report.generated)} by pausegame {m(report.version)}: `{command}`",
        "",
        f"**{m(report.summary)}**",
        "",
    ]
    for section in report.sections:
        lines += [f"## {m(section.heading)}", ""]
        for block in section.blocks:
            if isinstance(block, Paragraph):
                lines.append(f"**{m(block.text)}**" if block.strong else m(block.text))
            elif isinstance(block, Table):
                lines.append("| " + " | ".join(_md_cell(h) for h in block.headers) + " |")
                lines.append("|" + "|".join("---" for _ in block.headers) + "|")
                lines.extend(
                    "| " + " | ".join(_md_cell(c) for c in row) + " |" for row in _shown_rows(block)
                )
                if block.caption:
                    lines += ["", f"*{markdown_text(block.caption)}*"]
            else:
                lines.append(f"![{markdown_text(block.caption)}]({names[block.key]})")
            lines.append("")
    return "\n".join(lines)


def write_report(report: Report, path: str | Path) -> list[Path]:
    """Write ``report`` to ``path`` as HTML or Markdown, by its suffix; return the files.

    A Markdown report's figures are written next to it as ``<stem>-<figure>.png``.

    Examples
    --------
    >>> import tempfile
    >>> from gametheory import load_scenario
    >>> report = build_report(load_scenario("two-labs"), generated="2026-11-01")
    >>> out = Path(tempfile.mkdtemp())
    >>> [p.name for p in write_report(report, out / "r.md")]
    ['r.md', 'r-phase.png', 'r-shortfalls.png', 'r-frontier.png']
    >>> write_report(report, out / "r.pdf")
    Traceback (most recent call last):
    ...
    gametheory.core.errors.InputError: --output = 'r.pdf': expected a file name ending in .html, .htm, .md or .markdown
    """  # noqa: E501
    path = Path(path)
    kind = REPORT_SUFFIXES.get(path.suffix.lower())
    if kind is None:
        raise InputError(
            "expected a file name ending in "
            + ", ".join(list(REPORT_SUFFIXES)[:-1])
            + f" or {list(REPORT_SUFFIXES)[-1]}",
            field="--output",
            value=path.name,
        )
    if kind == "html":
        return [write_text(path, render_html(report), "--output")]
    names = {key: f"{path.stem}-{key}.png" for key in report.figures}
    written = [write_text(path, render_markdown(report, image_names=names), "--output")]
    for key, data in report.figures.items():
        written.append(write_bytes(path.with_name(names[key]), data, "--output"))
    return written
