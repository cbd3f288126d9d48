r"""The negotiator's explorer: move verification, sanctions and the pause, see if it holds.

An ipywidgets user interface over a scenario (:mod:`gametheory.pause.scenario`; notation of
:mod:`gametheory.pause.model`), served as a web app by Voila with ``pausegame explore [MODEL]``
(:mod:`gametheory.interfaces.cli.explore`). ipywidgets is an optional dependency (the ``explorer``
extra) and is imported only when a user interface is built; the computations
(:func:`default_settings`, :func:`explorer_model`, :func:`evaluate`) and the HTML they are
shown as need only the package.

**The controls.** A shipped model, or a TOML file uploaded in the page; its variant; ``--set``
style overrides (``labs.lab-a.prize=3; defaults.harm=50``); then sliders for

* each lab's **verification** :math:`q_i` (its detection probability) and **sanction**
  :math:`F_i`;
* each verification channel's **strength**: its largest detection probability over the labs,
  the channel's per-lab detections scaled in proportion. Moving a channel recomputes the
  verification of every lab that *follows the channels*,
  :math:`q_i = 1 - \prod_m (1 - d_{m,i})`; moving a lab's verification sets :math:`q_i`
  directly and unticks that lab's "verification follows the channels" box, so a channel never
  overwrites it (the model is then rebuilt so that its channels give that :math:`q_i`, each
  channel's detection of the lab being :math:`1 - (1 - q_i)^{1/M}` for :math:`M` channels);
* the **discount factor** :math:`\delta`, for the repeated pause
  (:func:`gametheory.pause.repeated.repeated_pause`: each lab's :math:`\delta_i^*` against
  :math:`\delta`), and the **pause length** :math:`L` in periods, for compliance during a pause
  (:func:`gametheory.pause.lifecycle.analyse_lifecycle`, which asks the dynamic pause game of
  :mod:`gametheory.pause.markov` with a fixed review of :math:`L` periods and the scenario's
  ``[dynamics]`` without its lead dynamics, so that it answers at slider speed): a lab
  complies when its best plan that races covertly is worth no more than its best plan that
  keeps the pause. With :math:`L = 1` this is the one-shot test :math:`q_i F_i \ge G_i`.

**What is shown.** The equilibrium verdict in words (:func:`gametheory.pause.analysis.verdict`),
the weakest link, every lab's thresholds, the payoff matrix for two labs (equilibria marked),
the phase diagram with each lab's current point
(:func:`gametheory.interfaces.report.phase_figure`), the
repeated pause and the pause-length test, and the stable coalitions
(:func:`gametheory.pause.coalitions.coalition_stability`). Invalid input (a bad uploaded file, a
bad override) shows a plain message (:func:`page_error_text`): the command line's explanation,
without ``--set`` and without the server's file paths.

**What if a lab leaves?** A check box per lab (and ``--without LAB``, or ``labs.LAB=false`` in
the Set box) leaves labs out (:mod:`gametheory.pause.whatif`). The Set box takes what ``--set``
takes; reloading with it keeps the sliders the user moved, unless it changes that very
parameter.

**Speed.** The phase diagram's regions do not depend on the sliders (its axes override every
lab's detection and sanction), so the sweep runs once per scenario and a slider move only
re-marks the current point; thresholds are O(N); equilibria, coalitions and the repeated
pause enumerate :math:`2^N` profiles only for :math:`N \le` :data:`MAX_EXPLORER_LABS`, and are
reused when only the discount factor or pause length moves.
"""

from __future__ import annotations

import base64
import html
import json
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from gametheory.core.errors import InputError
from gametheory.core.tolerance import TOL
from gametheory.pause.model import Channel, PauseModel, detection_probabilities, pause_payoffs
from gametheory.pause.scenario import (
    DEFAULT_MODEL,
    Scenario,
    decode_scenario_text,
    load_scenario,
    parse_scenario,
)

__all__ = [
    "ENVIRONMENT",
    "JUPYTER_DATA",
    "MAX_EXPLORER_LABS",
    "VOILA_TEMPLATE",
    "Explorer",
    "ExplorerSettings",
    "ExplorerView",
    "build_explorer",
    "coalitions_html",
    "decode_upload",
    "default_settings",
    "error_text",
    "evaluate",
    "explorer_from_environment",
    "explorer_model",
    "page_error_text",
    "parse_overrides",
    "payoff_matrix_html",
    "repeated_html",
    "signal_ready",
    "thresholds_html",
    "verdict_html",
    "voila_environment",
]

#: Equilibria, coalitions and the repeated pause are computed up to this many labs.
MAX_EXPLORER_LABS = 12
#: Environment variables through which ``pausegame explore`` passes the scenario to the
#: notebook that Voila runs: the model, its variant and the overrides (a JSON list of pairs).
ENVIRONMENT = {
    "model": "PAUSEGAME_EXPLORER_MODEL",
    "variant": "PAUSEGAME_EXPLORER_VARIANT",
    "overrides": "PAUSEGAME_EXPLORER_OVERRIDES",
    "without": "PAUSEGAME_EXPLORER_WITHOUT",
    "ready": "PAUSEGAME_EXPLORER_READY",
}
#: The Jupyter data folder shipped in the package; it holds the explorer page's Voila template.
JUPYTER_DATA = Path(__file__).resolve().parent / "jupyter"
#: The explorer page's Voila template (in :data:`JUPYTER_DATA`): Voila's "lab" template without
#: its links to a CDN (Font Awesome, Mermaid), so the page loads nothing from another host.
VOILA_TEMPLATE = "pausegame"

#: Resolution of the explorer's phase diagram: grid points per axis, and dots per inch.
PHASE_RESOLUTION = 201
PHASE_DPI = 110
_DEFAULT_DISCOUNT = 0.9
_MAX_PAUSE_LENGTH = 36
#: The dynamic game discounts strictly (δ < 1); the slider may reach 1.
_MAX_DYNAMIC_DISCOUNT = 0.999


def voila_environment(environ: Mapping[str, str]) -> dict[str, str]:
    """``environ`` with :data:`JUPYTER_DATA` first on ``JUPYTER_PATH``, where Voila finds
    :data:`VOILA_TEMPLATE`.

    Examples
    --------
    >>> env = voila_environment({"JUPYTER_PATH": "/elsewhere"})
    >>> env["JUPYTER_PATH"] == os.pathsep.join([str(JUPYTER_DATA), "/elsewhere"])
    True
    >>> voila_environment({})["JUPYTER_PATH"] == str(JUPYTER_DATA)
    True
    """
    paths = [str(JUPYTER_DATA)]
    if environ.get("JUPYTER_PATH"):
        paths.append(environ["JUPYTER_PATH"])
    return {**environ, "JUPYTER_PATH": os.pathsep.join(paths)}


# -- settings and the model they give ---------------------------------------------------------
@dataclass(frozen=True)
class ExplorerSettings:
    """The sliders' values.

    Attributes
    ----------
    verification : tuple of float
        :math:`q_i`, one per lab.
    sanction : tuple of float
        :math:`F_i`, one per lab.
    channel_strength : tuple of float
        One per channel: its largest detection probability over the labs.
    discount : float
        :math:`\\delta \\in (0, 1)`.
    pause_length : int
        :math:`L \\ge 1`, periods.
    """

    verification: tuple[float, ...]
    sanction: tuple[float, ...]
    channel_strength: tuple[float, ...]
    discount: float
    pause_length: int


def _scaled_channels(model: PauseModel, strength: Sequence[float]) -> tuple[Channel, ...]:
    """The model's channels with each one's largest detection set to ``strength``."""
    channels = []
    for channel, s in zip(model.channels, strength, strict=True):
        base = np.array([float(d) for d in channel.detection])
        top = float(base.max()) if base.size else 0.0
        scaled = base * (float(s) / top) if top > 0 else np.full(base.size, float(s))
        channels.append(replace(channel, detection=tuple(np.clip(scaled, 0.0, 1.0).tolist())))
    return tuple(channels)


def _lifecycle_section(scenario: Scenario) -> dict[str, Any]:
    return dict(scenario.sections.get("lifecycle", {}))


def default_settings(scenario: Scenario) -> ExplorerSettings:
    """The sliders' starting values: the scenario's own.

    The discount factor comes from its ``[repeated]`` section (default 0.9); the pause
    length from its ``[lifecycle]`` section (the review period, or the expected pause
    :math:`1/\\rho`, rounded), else 1 period.

    Examples
    --------
    >>> from gametheory import load_scenario
    >>> s = default_settings(load_scenario("two-labs"))
    >>> [round(q, 12) for q in s.verification], s.sanction, s.channel_strength
    ([0.19, 0.19], (10.0, 10.0), (0.1, 0.1))
    >>> s.discount, s.pause_length
    (0.9, 1)
    """
    model = scenario.model
    strength = tuple(
        max((float(d) for d in channel.detection), default=0.0) for channel in model.channels
    )
    discount = float(scenario.sections.get("repeated", {}).get("discount", _DEFAULT_DISCOUNT))
    lifecycle = _lifecycle_section(scenario)
    if lifecycle:
        from gametheory.pause.lifecycle import PauseLifecycle

        hint = PauseLifecycle(**lifecycle).expected_pause_hint
        length = int(min(max(round(hint), 1), _MAX_PAUSE_LENGTH))
    else:
        length = 1
    return ExplorerSettings(
        verification=tuple(detection_probabilities(model).tolist()),
        sanction=tuple(float(x) for x in model.array("sanction")),
        channel_strength=strength,
        discount=discount,
        pause_length=length,
    )


def explorer_model(model: PauseModel, settings: ExplorerSettings) -> PauseModel:
    """The model the sliders describe (module docstring): channels, then verification.

    Parameters
    ----------
    model : PauseModel
        The scenario's model.
    settings : ExplorerSettings

    Returns
    -------
    PauseModel
        With each lab's sanction from the sliders and channels whose combined detection of
        lab :math:`i` is ``settings.verification[i]``.

    Examples
    --------
    >>> from gametheory import load_model, detection_probabilities
    >>> model = load_model("two-labs")
    >>> settings = ExplorerSettings((0.5, 0.19), (10.0, 4.0), (0.1, 0.1), 0.9, 1)
    >>> m = explorer_model(model, settings)
    >>> detection_probabilities(m).round(12).tolist(), m.array("sanction").tolist()
    ([0.5, 0.19], [10.0, 4.0])
    """
    n, k = model.num_labs, len(model.channels)
    for name, values, size in (
        ("verification", settings.verification, n),
        ("sanction", settings.sanction, n),
        ("channel_strength", settings.channel_strength, k),
    ):
        if len(values) != size:
            what = "channel" if name == "channel_strength" else "lab"
            raise InputError(f"expected {size} values, one per {what}", field=name, value=values)
    channels = list(_scaled_channels(model, settings.channel_strength))
    from_channels = (
        detection_probabilities(replace(model, channels=tuple(channels)))
        if channels
        else np.zeros(n)
    )
    target = np.asarray(settings.verification, dtype=float)
    differs = np.abs(target - from_channels) > 1e-12
    if differs.any():
        if channels:
            per_channel = 1.0 - (1.0 - target) ** (1.0 / len(channels))
            channels = [
                replace(
                    c,
                    detection=tuple(
                        float(per_channel[i]) if differs[i] else float(d)
                        for i, d in enumerate(c.detection)
                    ),
                )
                for c in channels
            ]
        else:
            channels = [Channel("verification", tuple(target.tolist()), 0, "set in the explorer")]
    labs = tuple(
        replace(lab, sanction=float(f))
        for lab, f in zip(model.labs, settings.sanction, strict=True)
    )
    return replace(model, labs=labs, channels=tuple(channels))


# -- evaluation -------------------------------------------------------------------------------
@dataclass(frozen=True)
class ExplorerView:
    """Everything the explorer shows for one setting of the sliders.

    Attributes
    ----------
    model : PauseModel
        :func:`explorer_model` of the settings.
    settings : ExplorerSettings
    analysis : Analysis
        :func:`gametheory.pause.analysis.analyze` of ``model``.
    repeated : RepeatedPauseReport or None
        At ``settings.discount``; ``None`` with the reason in ``notes``.
    lifecycle : LifecycleReport or None
        A fixed pause of ``settings.pause_length`` periods at ``settings.discount``.
    coalitions : CoalitionStability or None
        ``None`` above :data:`MAX_EXPLORER_LABS` labs.
    notes : tuple of str
        What was not computed, and why.
    """

    model: PauseModel
    settings: ExplorerSettings
    analysis: Any
    repeated: Any
    lifecycle: Any
    coalitions: Any
    notes: tuple[str, ...]

    @property
    def verdict(self) -> str:
        """The one-shot verdict in words (:func:`gametheory.pause.analysis.verdict`)."""
        from gametheory.pause.analysis import verdict

        return str(verdict(self.analysis))


def _dynamic_parts(
    scenario: Scenario, model: PauseModel, settings: ExplorerSettings
) -> tuple[Any, Any, list[str]]:
    """The parts that depend on the discount factor and the pause length."""
    from gametheory.pause.lifecycle import PauseLifecycle, analyse_lifecycle
    from gametheory.pause.repeated import repeated_pause

    notes: list[str] = []
    repeated = None
    if model.num_labs <= MAX_EXPLORER_LABS:
        options = dict(scenario.sections.get("repeated", {}))
        options["discount"] = settings.discount
        try:
            repeated = repeated_pause(model, **options)
        except InputError as exc:
            notes.append(f"Repeated pause not analysed: {exc}")
    else:
        notes.append(f"Repeated pause not analysed: more than {MAX_EXPLORER_LABS} labs.")
    params = _lifecycle_section(scenario)
    for key in ("detection", "sanction"):  # the sliders set q and F
        params.pop(key, None)
    params.setdefault("hazard", 0.05)
    params.setdefault("sensitivity", 0.8)
    params.setdefault("false_positive_rate", 0.02)
    params.update(
        resumption="review", review_periods=settings.pause_length, discount=settings.discount
    )
    dynamics = dict(scenario.sections.get("dynamics", {}))
    # One period is one round of the one-shot game (gametheory.pause.timing): the slider's
    # pause length is the dynamic game's, with the slider's discount factor. Without lead
    # dynamics, so that it answers at slider speed; the text says so.
    dynamics.update(
        resumption="review",
        pause_periods=settings.pause_length,
        discount=min(float(settings.discount), _MAX_DYNAMIC_DISCOUNT),
        lead_levels=0,
    )
    lifecycle = analyse_lifecycle(model, PauseLifecycle(**params), dynamics=dynamics)
    return repeated, lifecycle, notes


def evaluate(
    scenario: Scenario,
    settings: ExplorerSettings,
    *,
    previous: ExplorerView | None = None,
    tol: float = TOL,
) -> ExplorerView:
    """Compute what the explorer shows for ``settings``.

    Parameters
    ----------
    scenario : Scenario
    settings : ExplorerSettings
    previous : ExplorerView, optional
        The last view; its equilibria and coalitions are reused when the model is unchanged
        (only the discount factor or the pause length moved).
    tol : float
        As everywhere in the package.

    Examples
    --------
    >>> from gametheory import load_scenario
    >>> scenario = load_scenario("two-labs")
    >>> view = evaluate(scenario, default_settings(scenario))
    >>> view.verdict.startswith("All-pause IS an equilibrium")
    True
    >>> low = replace(default_settings(scenario), verification=(0.05, 0.19))
    >>> evaluate(scenario, low).verdict.startswith("All-pause is NOT an equilibrium: lab-a")
    True
    """
    from gametheory.pause.analysis import analyze
    from gametheory.pause.coalitions import coalition_stability

    model = explorer_model(scenario.model, settings)
    notes: list[str] = []
    if previous is not None and previous.model == model:
        analysis, coalitions = previous.analysis, previous.coalitions
        notes.extend(n for n in previous.notes if n.startswith("Coalitions"))
    else:
        analysis = analyze(model, tol=tol)
        coalitions = None
        if model.num_labs <= MAX_EXPLORER_LABS:
            coalitions = coalition_stability(model, tol=tol)
        else:
            notes.append(f"Coalitions not analysed: more than {MAX_EXPLORER_LABS} labs.")
    repeated, lifecycle, more = _dynamic_parts(scenario, model, settings)
    return ExplorerView(model, settings, analysis, repeated, lifecycle, coalitions,
                        tuple(notes + more))  # fmt: skip


# -- inputs -----------------------------------------------------------------------------------
def error_text(exc: InputError) -> str:
    """The line the command line prints for ``exc`` (``pausegame: error: ...``).

    Examples
    --------
    >>> error_text(InputError("expected a number >= 0", field="labs.a.prize", value=-1))
    'pausegame: error: labs.a.prize = -1: expected a number >= 0'
    """
    return f"pausegame: error: {exc}"


def page_error_text(exc: InputError) -> str:
    """The message the page shows for ``exc``: what is wrong in the user's words, with no
    command-line options and no file paths of the server.

    Examples
    --------
    >>> exc = InputError("expected a number >= 0 (from --set labs.a.prize=-1)",
    ...                  file="/srv/models/two-labs.toml", line=3, field="labs.a.prize",
    ...                  value=-1)
    >>> page_error_text(exc)
    'Set labs.a.prize = -1: expected a number >= 0'
    >>> page_error_text(InputError("unknown key", file="mine.toml", line=4, field="labs.x"))
    'mine.toml, line 4: labs.x: unknown key'
    """
    import re

    message = re.sub(r"\s*\(from --set [^)]*\)", "", exc.message)
    message = message.replace("--set ", "").replace("--without", "without")
    from_set = "--set" in (exc.field or "") or "(from --set" in exc.message
    field = re.sub(r"^--set\s*", "", exc.field or "").replace("--without", "without")
    where = ""
    if exc.file and not from_set:
        where = Path(exc.file).name + (f", line {exc.line}" if exc.line else "") + ": "
    if from_set and not field:
        return f"Set {exc.value}: {message}"
    value = "" if exc.value is None else f" = {exc.value}"
    prefix = "Set " if from_set else ""
    return f"{where}{prefix}{field}{value}: {message}" if field else f"{where}{message}"


def signal_ready(environ: Mapping[str, str] | None = None) -> None:
    """Tell ``pausegame explore`` that the explorer is built (it then prints the page's URL).

    Writes the file named by the ``PAUSEGAME_EXPLORER_READY`` variable, if set.

    Examples
    --------
    >>> signal_ready({})  # not started by pausegame explore: nothing to do
    """
    env = os.environ if environ is None else environ
    path = env.get(ENVIRONMENT["ready"])
    if path:
        try:
            Path(path).write_text(str(os.getpid()), encoding="utf-8")
        except OSError:
            pass  # the command line then times out with the log


def decode_upload(name: str, content: bytes) -> str:
    """The text of an uploaded scenario file, refused as the command line refuses a file.

    Examples
    --------
    >>> decode_upload("a.toml", b"name = 'x'\\n")
    "name = 'x'\\n"
    >>> decode_upload("a.toml", b"name = 1\\n\\xff")
    Traceback (most recent call last):
    ...
    gametheory.core.errors.InputError: a.toml:2:1: (file): not UTF-8 text (byte 0xff); expected a UTF-8 TOML file
    """  # noqa: E501
    return decode_scenario_text(content, name)


def parse_overrides(text: str) -> list[tuple[str, str]]:
    """``KEY=VALUE`` overrides separated by ``;`` or new lines, as ``--set`` takes them.

    Examples
    --------
    >>> parse_overrides("labs.lab-a.prize=3; defaults.harm = 50")
    [('labs.lab-a.prize', '3'), ('defaults.harm', '50')]
    >>> parse_overrides("prize")
    Traceback (most recent call last):
    ...
    gametheory.core.errors.InputError: --set = 'prize': expected KEY=VALUE (e.g. labs.lab-a.prize=3)
    """
    pairs = []
    for item in text.replace("\n", ";").split(";"):
        if not item.strip():
            continue
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise InputError(
                "expected KEY=VALUE (e.g. labs.lab-a.prize=3)", field="--set", value=item.strip()
            )
        pairs.append((key.strip(), value.strip()))
    return pairs


# -- HTML of the results ----------------------------------------------------------------------
def _num(x: Any) -> str:
    value = float(x)
    if np.isinf(value):
        return "∞"
    if np.isnan(value):
        return "?"
    return "0" if value == 0 else f"{value:.4g}"


def _table(headers: Sequence[str], rows: Iterable[Sequence[str]], cls: str = "") -> str:
    e = html.escape
    head = "".join(f"<th>{e(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f'<table class="pausegame-table {cls}"><tr>{head}</tr>{body}</table>'


def verdict_html(view: ExplorerView) -> str:
    """The verdict in words, coloured by whether all-pause holds, with the weakest link.

    Examples
    --------
    >>> from gametheory import load_scenario
    >>> scenario = load_scenario("two-labs")
    >>> "IS an equilibrium" in verdict_html(evaluate(scenario, default_settings(scenario)))
    True
    """
    a = view.analysis
    holds = a.all_pause_is_equilibrium
    colour = "#2a9d8f" if holds else "#e76f51"
    weakest = a.weakest_link
    parts = [
        f'<div class="pausegame-verdict-text" style="border-left:6px solid {colour};'
        f'padding:6px 10px;font-size:1.1em"><b>{html.escape(view.verdict)}</b></div>',
        f"<p>Weakest link: <b>{html.escape(weakest.lab)}</b> — "
        f"{html.escape(weakest.explanation)}.</p>",
    ]
    if a.game_class is not None:
        parts.append(f"<p>Game class: <b>{html.escape(a.game_class.name)}</b>.</p>")
    return "".join(parts)


def thresholds_html(view: ExplorerView) -> str:
    """Each lab's verification, sanction, gain from racing alone and thresholds.

    Examples
    --------
    >>> from gametheory import load_scenario
    >>> scenario = load_scenario("two-labs")
    >>> thresholds_html(evaluate(scenario, default_settings(scenario))).count("<tr>")
    3
    """
    rows = []
    for t in view.analysis.thresholds.labs:
        rows.append(
            (
                html.escape(t.lab),
                _num(t.detection),
                _num(t.sanction),
                _num(t.defection_gain),
                "none suffices"
                if t.critical_verification is None
                else _num(t.critical_verification),
                "∞" if t.shortfall is None else _num(t.shortfall),
                html.escape(t.status),
            )
        )
    return _table(("lab", "q", "F", "gain G", "critical q*", "shortfall", "status"), rows)


def payoff_matrix_html(model: PauseModel, analysis: Any) -> str:
    """The two-lab payoff matrix, each cell (row lab's, column lab's), equilibria in bold.

    Examples
    --------
    >>> from gametheory import load_scenario
    >>> from gametheory.pause.analysis import analyze
    >>> model = load_scenario("two-labs").model
    >>> page = payoff_matrix_html(model, analyze(model))
    >>> page.count("<b>")   # a stag hunt: all pause and all race
    2
    """
    if model.num_labs != 2:
        return (
            f"<p>The payoff matrix is shown for two labs; this model has {model.num_labs} "
            "(see the thresholds and equilibria).</p>"
        )
    a, b = model.lab_names
    profiles = np.array([[r, c] for r in (False, True) for c in (False, True)])
    payoffs = pause_payoffs(model, profiles).reshape(2, 2, 2)
    pure = {tuple(bool(p) for p in e.race_probability) for e in analysis.equilibria if e.is_pure}
    actions = ("pause", "race")
    rows = []
    for r in range(2):
        cells = [f"{html.escape(a)} {actions[r]}s"]
        for c in range(2):
            text = f"{_num(payoffs[r, c, 0])}, {_num(payoffs[r, c, 1])}"
            cells.append(f"<b>{text}</b>" if (bool(r), bool(c)) in pure else text)
        rows.append(cells)
    headers = ("", f"{b} pauses", f"{b} races")
    note = (
        f"<p style='font-size:0.85em'>Cells: ({html.escape(a)}'s payoff, {html.escape(b)}'s "
        "payoff); pure equilibria in bold.</p>"
    )
    return _table(headers, rows, "pausegame-matrix") + note


def repeated_html(view: ExplorerView) -> str:
    """The repeated pause (each lab's :math:`\\delta^*` against :math:`\\delta`) and the test
    of compliance during a pause of :math:`L` periods.

    Examples
    --------
    >>> from gametheory import load_scenario
    >>> scenario = load_scenario("two-labs")
    >>> long = replace(default_settings(scenario), pause_length=3)
    >>> "every lab complies" in repeated_html(evaluate(scenario, long))
    True
    >>> weak = replace(long, verification=(0.05, 0.05))
    >>> "lab-a, lab-b would race covertly" in repeated_html(evaluate(scenario, weak))
    True
    """
    s = view.settings
    parts = []
    rep = view.repeated
    if rep is not None:
        holds = "is" if rep.all_self_enforcing else "is NOT"
        parts.append(
            f"<p><b>Repeated pause at δ = {s.discount:.2f}: {holds} self-enforcing</b> "
            "(grim trigger on a detected violation).</p>"
        )
        rows: list[tuple[str, ...]] = [
            (
                html.escape(name),
                _num(rep.stage.temptation[i]),
                _num(rep.stage.reward[i]),
                _num(rep.stage.punishment[i]),
                _num(rep.critical_discount[i]),
                "yes" if rep.self_enforcing[i] else "no",
            )
            for i, name in enumerate(rep.lab_names)
        ]
        parts.append(_table(("lab", "T", "R", "P", "δ*", "complies"), rows))
    life = view.lifecycle
    tempted = [n for n, ok in zip(life.lab_names, life.complies[:, 0], strict=True) if not ok]
    if tempted:
        who = ", ".join(html.escape(n) for n in tempted)
        words = f"{who} would race covertly"
    else:
        words = "every lab complies"
    parts.append(
        f"<p><b>During a pause of {s.pause_length} period{'s' if s.pause_length > 1 else ''}: "
        f"{words}</b> (the dynamic pause game without capability leads: detection q per "
        "period of racing; gain = the lab's best plan that races over its best plan that "
        "complies; <code>pausegame dynamic</code> adds the lead a covert racer builds).</p>"
    )
    life_rows = [
        (
            html.escape(name),
            _num(life.defection_gain[i]),
            _num(life.expected_sanction[i]),
            _num(life.temptation[i]),
            "yes" if life.complies[i, 0] else "no",
        )
        for i, name in enumerate(life.lab_names)
    ]
    parts.append(_table(("lab", "G per period", "q·F", "temptation", "complies"), life_rows))
    parts.extend(f"<p>{html.escape(note)}</p>" for note in view.notes)
    return "".join(parts)


def coalitions_html(view: ExplorerView, *, limit: int = 12) -> str:
    """The stable coalitions: who pauses, how the outsiders respond, catastrophe risk.

    Examples
    --------
    >>> from gametheory import load_scenario
    >>> scenario = load_scenario("two-labs")
    >>> "lab-a, lab-b" in coalitions_html(evaluate(scenario, default_settings(scenario)))
    True
    """
    result = view.coalitions
    if result is None:
        return f"<p>Coalitions are analysed up to {MAX_EXPLORER_LABS} labs.</p>"
    stable = result.stable_coalitions
    if not len(stable):
        return "<p><b>No coalition of pausing labs is stable.</b></p>"
    rows = []
    for mask in stable[:limit].tolist():
        racing = int(result.outsiders_racing[mask])
        rows.append(
            (
                html.escape(", ".join(result.members(mask)) or "(none)"),
                html.escape(", ".join(result.members(racing)) if racing >= 0 else "?"),
                _num(result.catastrophe[mask]),
            )
        )
    full = (1 << result.num_labs) - 1
    grand = "stable" if result.stable[full] else "not stable"
    more = f" (first {limit} of {len(stable)})" if len(stable) > limit else ""
    return (
        f"<p>{len(stable)} stable coalition{'s' if len(stable) != 1 else ''}{more}; the grand "
        f"coalition is {grand}.</p>"
        + _table(("pausing", "racing outsiders", "catastrophe risk"), rows)
    )


# -- the user interface -----------------------------------------------------------------------
def _error_box_html(text: str) -> str:
    return (
        '<div style="background:#fdecea;border-left:6px solid #e76f51;padding:6px 10px;'
        f'white-space:pre-wrap">{html.escape(text)}</div>'
    )


class Explorer:
    """The explorer's widgets and their callbacks (module docstring).

    Parameters
    ----------
    model : str or Path
        A shipped model's name or a scenario file.
    variant : str, optional
    overrides : iterable of (key, value)
        As ``--set``.

    Attributes
    ----------
    widget : ipywidgets.Widget
        The whole user interface (display it in a notebook).
    scenario : Scenario or None
        The scenario shown (``None`` when the first one failed to load).
    view : ExplorerView or None
        What is shown now.
    error : str
        The message shown for invalid input ("" when none).
    verification_sliders, sanction_sliders : dict
        Lab name -> slider.
    channel_sliders : dict
        Channel name -> slider.
    discount_slider, pause_length_slider : ipywidgets.Widget

    Examples
    --------
    >>> explorer = Explorer("two-labs")
    >>> explorer.verdict_text.startswith("All-pause IS an equilibrium")
    True
    >>> explorer.verification_sliders["lab-a"].value = 0.05
    >>> explorer.verdict_text.startswith("All-pause is NOT an equilibrium: lab-a")
    True
    >>> explorer.set_overrides("labs.lab-a.prize=-1")
    >>> print(explorer.error)
    Set labs.lab-a.prize = -1: expected a number >= 0
    """

    def __init__(
        self,
        model: str | Path = DEFAULT_MODEL,
        *,
        variant: str | None = None,
        overrides: Iterable[tuple[str, str]] = (),
        without: Iterable[str] = (),
    ) -> None:
        import ipywidgets as w

        self._w = w
        self._without = list(without)
        self._base_labs: tuple[str, ...] = ()
        #: Labs whose verification was set directly: moving a channel leaves them alone.
        self.pinned: set[str] = set()
        self.follow_boxes: dict[str, Any] = {}
        self.lab_toggles: dict[str, Any] = {}
        self.scenario: Scenario | None = None
        self.view: ExplorerView | None = None
        self.error = ""
        self.verification_sliders: dict[str, Any] = {}
        self.sanction_sliders: dict[str, Any] = {}
        self.channel_sliders: dict[str, Any] = {}
        self._uploads: dict[str, str] = {}
        self._quiet = False
        self._figure: Any = None
        self._sanction_max = 1.0
        self._source: str | Path = model
        self._overrides = [(str(k), str(v)) for k, v in overrides]

        shipped = self._shipped_names()
        start = str(model)
        options = shipped if start in shipped else [*shipped, start]
        layout = w.Layout(width="auto")
        style = {"description_width": "initial"}
        self.model_picker = w.Dropdown(
            options=options, value=start, description="Model", style=style
        )
        self.variant_picker = w.Dropdown(options=["(base)"], description="Variant", style=style)
        self.upload = w.FileUpload(accept=".toml", multiple=False, description="Upload TOML")
        self.overrides_text = w.Text(
            value="; ".join(f"{k}={v}" for k, v in self._overrides),
            placeholder="labs.lab-a.prize=3; defaults.harm=50",
            description="Set",
            continuous_update=False,
            style=style,
            layout=w.Layout(width="28em"),
        )
        self.error_box = w.HTML(value="")
        self.error_box.add_class("pausegame-error")
        self.labs_box = w.HBox(layout=w.Layout(flex_flow="row wrap"))
        self.labs_box.add_class("pausegame-labs")
        self.title = w.HTML()
        self.discount_slider = w.FloatSlider(
            min=0.05, max=0.99, step=0.01, description="discount factor δ",
            continuous_update=False, style={"description_width": "10em"}, readout_format=".2f",
            layout=w.Layout(width="27em"),
        )  # fmt: skip
        self.discount_slider.add_class("pausegame-discount")
        self.pause_length_slider = w.IntSlider(
            min=1, max=_MAX_PAUSE_LENGTH, description="pause length L",
            continuous_update=False, style={"description_width": "10em"},
            layout=w.Layout(width="27em"),
        )  # fmt: skip
        self.pause_length_slider.add_class("pausegame-pause-length")
        self.sliders_box = w.VBox(layout=w.Layout(width="28em", flex="0 0 28em"))
        self.verdict = w.HTML()
        self.verdict.add_class("pausegame-verdict")
        self.matrix = w.HTML()
        self.thresholds = w.HTML()
        self.repeated = w.HTML()
        self.coalitions = w.HTML()
        # An <img> scaled to the column (never cropped), from PNG bytes at PHASE_DPI.
        self.phase = w.HTML(layout=w.Layout(width="100%", max_width="760px"))
        self.phase_png = b""
        self.phase.add_class("pausegame-phase")

        heading = "<h3 style='margin:4px 0'>{}</h3>".format
        results = w.VBox(
            [
                self.verdict,
                w.HBox([w.VBox([w.HTML(heading("Payoff matrix")), self.matrix]),
                        w.VBox([w.HTML(heading("Thresholds")), self.thresholds])],
                       layout=w.Layout(flex_flow="row wrap")),
                w.HTML(heading("Phase diagram")),
                self.phase,
                w.HBox([w.VBox([w.HTML(heading("Repeated pause")), self.repeated]),
                        w.VBox([w.HTML(heading("Stable coalitions")), self.coalitions])],
                       layout=w.Layout(flex_flow="row wrap")),
            ],
            layout=w.Layout(flex="1 1 auto"),
        )  # fmt: skip
        controls = w.HBox(
            [self.model_picker, self.variant_picker, self.upload, self.overrides_text],
            layout=w.Layout(flex_flow="row wrap"),
        )
        self.widget = w.VBox(
            [
                self.title,
                controls,
                self.labs_box,
                self.error_box,
                w.HBox([self.sliders_box, results]),
            ],
            layout=layout,
        )
        self.widget.add_class("pausegame-explorer")

        self.model_picker.observe(self._on_model, names="value")
        self.variant_picker.observe(self._on_variant, names="value")
        self.upload.observe(self._on_upload, names="value")
        self.overrides_text.observe(self._on_overrides, names="value")
        self.discount_slider.observe(self._on_slider, names="value")
        self.pause_length_slider.observe(self._on_slider, names="value")
        self.load(model, variant=variant, overrides=self._overrides, without=self._without)

    # -- loading ------------------------------------------------------------------------------
    @staticmethod
    def _shipped_names() -> list[str]:
        from gametheory.pause.scenario import shipped_models

        return list(shipped_models())

    @property
    def verdict_text(self) -> str:
        """The verdict shown now, as plain text ("" when nothing is shown)."""
        return "" if self.view is None else self.view.verdict

    def _show_error(self, exc: InputError) -> None:
        self.error = page_error_text(exc)
        self.error_box.value = _error_box_html(self.error)

    def _clear_error(self) -> None:
        self.error = ""
        self.error_box.value = ""

    def load(
        self,
        model: str | Path,
        *,
        variant: str | None = None,
        overrides: Iterable[tuple[str, str]] = (),
        without: Iterable[str] | None = None,
        keep: bool = False,
    ) -> None:
        """Show the scenario ``model`` (a shipped name, a file, or an uploaded file's name).

        ``overrides`` may hold what ``--set`` takes, including the what-if shortcuts
        (:mod:`gametheory.pause.whatif`); ``without`` lists labs to leave out (default: those
        left out now). With ``keep``, sliders the user moved keep their values unless the new
        scenario changes that very parameter. On invalid input the message is shown and the
        previous scenario stays.
        """
        from gametheory.pause.whatif import apply_what_if, split_overrides

        overrides = list(overrides)
        without = list(self._without if without is None else without)
        try:
            file_overrides, pairs = split_overrides(overrides)
            key = str(model)
            if key in self._uploads:
                base = parse_scenario(
                    self._uploads[key], source=key, variant=variant, overrides=file_overrides
                )
            else:
                base = load_scenario(model, variant=variant, overrides=file_overrides)
            scenario = apply_what_if(base, pairs, without)
        except InputError as exc:
            self._show_error(exc)
            return
        self._clear_error()
        memory = self._memory() if keep else None
        self._source, self._overrides, self._without = model, overrides, without
        self._base_labs = base.model.lab_names
        self._install(scenario, memory)

    def upload_file(self, name: str, content: bytes) -> None:
        """Show an uploaded scenario file (what the upload button does)."""
        try:
            text = decode_upload(name, content)
            parse_scenario(text, source=name)  # refuse a bad file before listing it
        except InputError as exc:
            self._show_error(exc)
            return
        self._uploads[name] = text
        self._quiet = True
        try:
            options = [o for o in self.model_picker.options if o != name]
            self.model_picker.options = [*options, name]
            self.model_picker.value = name
        finally:
            self._quiet = False
        self.load(name)

    def set_overrides(self, text: str) -> None:
        """Apply ``--set`` style overrides typed in the page (what the Set field does)."""
        try:
            pairs = parse_overrides(text)
        except InputError as exc:
            self._show_error(exc)
            return
        variant = None if self.scenario is None else self.scenario.variant
        self.load(self._source, variant=variant, overrides=pairs, keep=True)

    def set_without(self, labs: Iterable[str]) -> None:
        """Leave ``labs`` out of the scenario (what the lab check boxes do): what if they leave?"""
        variant = None if self.scenario is None else self.scenario.variant
        self.load(self._source, variant=variant, overrides=self._overrides, without=labs,
                  keep=True)  # fmt: skip

    def _memory(self) -> dict[str, Any] | None:
        """What the user moved: the sliders now and the scenario defaults they started from."""
        if self.scenario is None:
            return None
        return {
            "defaults": default_settings(self.scenario),
            "now": self.settings(),
            "labs": self.scenario.model.lab_names,
            "channels": [c.name for c in self.scenario.model.channels],
            "pinned": set(self.pinned),
        }

    def _restore(self, memory: dict[str, Any], scenario: Scenario) -> ExplorerSettings:
        """Defaults for ``scenario``, with every slider the user moved put back where it was,
        unless the new scenario itself changed that parameter (e.g. through the Set box)."""
        new = default_settings(scenario)
        old, now = memory["defaults"], memory["now"]

        def kept(names_old: Sequence[str], names_new: Sequence[str], field: str) -> tuple:
            values = list(getattr(new, field))
            for j, name in enumerate(names_new):
                if name not in names_old:
                    continue
                i = list(names_old).index(name)
                was, moved = getattr(old, field)[i], getattr(now, field)[i]
                if moved != was and abs(values[j] - was) <= 1e-12:
                    values[j] = moved
            return tuple(values)

        labs, channels = scenario.model.lab_names, [c.name for c in scenario.model.channels]
        return ExplorerSettings(
            verification=kept(memory["labs"], labs, "verification"),
            sanction=kept(memory["labs"], labs, "sanction"),
            channel_strength=kept(memory["channels"], channels, "channel_strength"),
            discount=now.discount if now.discount != old.discount else new.discount,
            pause_length=(
                now.pause_length if now.pause_length != old.pause_length else new.pause_length
            ),
        )

    def _install(self, scenario: Scenario, memory: dict[str, Any] | None = None) -> None:
        from gametheory.interfaces.report import phase_figure, sanction_axis_max

        w = self._w
        self.scenario = scenario
        model = scenario.model
        settings = default_settings(scenario) if memory is None else self._restore(memory, scenario)
        self.pinned = set() if memory is None else memory["pinned"] & set(model.lab_names)
        description = f" — {html.escape(scenario.description)}" if scenario.description else ""
        self.title.value = (
            f"<h2 style='margin:4px 0'>{html.escape(scenario.name)}</h2>"
            f"<p style='margin:0'>{model.num_labs} labs{description}</p>"
        )
        self._quiet = True
        try:
            self.variant_picker.options = ["(base)", *scenario.variants]
            self.variant_picker.value = scenario.variant or "(base)"
            self.overrides_text.value = "; ".join(f"{k}={v}" for k, v in self._overrides)
            self._sanction_max = sanction_axis_max(model)
            style = {"description_width": "10em"}
            layout = w.Layout(width="27em")
            self.verification_sliders, self.sanction_sliders, self.channel_sliders = {}, {}, {}
            self.follow_boxes = {}
            self._install_lab_toggles(model)
            lab_rows = []
            for i, name in enumerate(model.lab_names):
                q = w.FloatSlider(
                    value=settings.verification[i], min=0.0, max=1.0, step=0.001,
                    description="verification q", readout_format=".3f",
                    continuous_update=False, style=style, layout=layout,
                )  # fmt: skip
                q.add_class(f"pausegame-verification-{i}")
                f = w.FloatSlider(
                    value=settings.sanction[i], min=0.0, max=self._sanction_max,
                    step=self._sanction_max / 400, description="sanction F",
                    readout_format=".3g", continuous_update=False, style=style, layout=layout,
                )  # fmt: skip
                f.add_class(f"pausegame-sanction-{i}")
                q.observe(self._on_verification(name), names="value")
                f.observe(self._on_slider, names="value")
                follow = w.Checkbox(
                    value=name not in self.pinned, description="verification follows the channels",
                    indent=False, layout=w.Layout(width="27em"),
                )  # fmt: skip
                follow.add_class(f"pausegame-follow-{i}")
                follow.observe(self._on_follow(name), names="value")
                self.verification_sliders[name], self.sanction_sliders[name] = q, f
                self.follow_boxes[name] = follow
                lab_rows += [w.HTML(f"<b>{html.escape(name)}</b>"), q, f]
                if model.channels:
                    lab_rows.append(follow)
            channel_rows = []
            for k, channel in enumerate(model.channels):
                c = w.FloatSlider(
                    value=settings.channel_strength[k], min=0.0, max=1.0, step=0.001,
                    description=f"{channel.name}", readout_format=".3f",
                    continuous_update=False, style=style, layout=layout,
                    tooltip=channel.description,
                )  # fmt: skip
                c.add_class(f"pausegame-channel-{k}")
                c.observe(self._on_channel, names="value")
                self.channel_sliders[channel.name] = c
                channel_rows.append(c)
            self.discount_slider.value = settings.discount
            self.pause_length_slider.value = settings.pause_length
            small = "<h4 style='margin:6px 0 2px 0'>{}</h4>".format
            children = [w.HTML(small("Labs: verification and sanction")), *lab_rows]
            if channel_rows:
                children += [w.HTML(small("Channel strengths (detection)")), *channel_rows]
            children += [
                w.HTML(small("Pause and patience")),
                self.discount_slider,
                self.pause_length_slider,
            ]
            self.sliders_box.children = children
        finally:
            self._quiet = False
        self._figure = phase_figure(
            model, sanction_max=self._sanction_max, resolution=PHASE_RESOLUTION
        )
        self.view = None
        self.refresh()

    def _install_lab_toggles(self, model: PauseModel) -> None:
        w = self._w
        self.lab_toggles = {}
        boxes = [w.HTML("<b>Labs in the pause:</b>&nbsp;")]
        for i, name in enumerate(self._base_labs):
            box = w.Checkbox(
                value=name in model.lab_names, description=name, indent=False,
                layout=w.Layout(width="auto", margin="0 1em 0 0"),
            )  # fmt: skip
            box.add_class(f"pausegame-lab-toggle-{i}")
            box.observe(self._on_toggle, names="value")
            self.lab_toggles[name] = box
            boxes.append(box)
        self.labs_box.children = boxes

    # -- callbacks ----------------------------------------------------------------------------
    def _on_model(self, change: Mapping[str, Any]) -> None:
        if not self._quiet:
            self.load(change["new"])

    def _on_variant(self, change: Mapping[str, Any]) -> None:
        if self._quiet:
            return
        variant = None if change["new"] == "(base)" else change["new"]
        self.load(self._source, variant=variant, overrides=self._overrides)

    def _on_overrides(self, change: Mapping[str, Any]) -> None:
        if not self._quiet:
            self.set_overrides(change["new"])

    def _on_upload(self, change: Mapping[str, Any]) -> None:
        files = change["new"]
        if not files:
            return
        item = files[0]
        self.upload_file(str(item["name"]), bytes(item["content"]))

    def _on_slider(self, change: Mapping[str, Any]) -> None:
        if not self._quiet:
            self.refresh()

    def _on_toggle(self, change: Mapping[str, Any]) -> None:
        if self._quiet:
            return
        out = [name for name, box in self.lab_toggles.items() if not box.value]
        if len(out) == len(self.lab_toggles):
            self._quiet = True
            try:
                change["owner"].value = True
            finally:
                self._quiet = False
            self.error = "At least one lab must stay in the pause."
            self.error_box.value = _error_box_html(self.error)
            return
        self.set_without(out)

    def _on_verification(self, name: str) -> Any:
        def moved(change: Mapping[str, Any]) -> None:
            if self._quiet:
                return
            # Set directly: this lab's verification no longer follows the channels.
            self.pinned.add(name)
            self._set_quietly(self.follow_boxes.get(name), False)
            self.refresh()

        return moved

    def _on_follow(self, name: str) -> Any:
        def toggled(change: Mapping[str, Any]) -> None:
            if self._quiet:
                return
            if change["new"]:
                self.pinned.discard(name)
                self._follow_channels()
            else:
                self.pinned.add(name)
            self.refresh()

        return toggled

    def _set_quietly(self, widget: Any, value: Any) -> None:
        if widget is None:
            return
        self._quiet = True
        try:
            widget.value = value
        finally:
            self._quiet = False

    def _follow_channels(self) -> None:
        """Set every lab that follows the channels to the verification the channels give."""
        if self.scenario is None:
            return
        model = self.scenario.model
        strength = [self.channel_sliders[c.name].value for c in model.channels]
        channels = _scaled_channels(model, strength)
        q = detection_probabilities(replace(model, channels=channels)).tolist()
        for name, value in zip(model.lab_names, q, strict=True):
            if name not in self.pinned:
                self._set_quietly(self.verification_sliders[name], value)

    def _on_channel(self, change: Mapping[str, Any]) -> None:
        """A channel moved: the labs that follow the channels take their new verification;
        a lab whose verification was set directly keeps it (its check box says so)."""
        if self._quiet or self.scenario is None:
            return
        self._follow_channels()
        self.refresh()

    def settings(self) -> ExplorerSettings:
        """The sliders' values now."""
        if self.scenario is None:
            raise InputError("no scenario loaded", field="model")
        model = self.scenario.model
        return ExplorerSettings(
            verification=tuple(float(self.verification_sliders[n].value) for n in model.lab_names),
            sanction=tuple(float(self.sanction_sliders[n].value) for n in model.lab_names),
            channel_strength=tuple(
                float(self.channel_sliders[c.name].value) for c in model.channels
            ),
            discount=float(self.discount_slider.value),
            pause_length=int(self.pause_length_slider.value),
        )

    def refresh(self) -> None:
        """Recompute and redraw everything from the sliders."""
        from gametheory.interfaces.report import figure_png, mark_current_point

        if self.scenario is None:
            return
        view = evaluate(self.scenario, self.settings(), previous=self.view)
        self.view = view
        self.verdict.value = verdict_html(view)
        self.matrix.value = payoff_matrix_html(view.model, view.analysis)
        self.thresholds.value = thresholds_html(view)
        self.repeated.value = repeated_html(view)
        self.coalitions.value = coalitions_html(view)
        mark_current_point(self._figure, view.model)
        self.phase_png = figure_png(self._figure, dpi=PHASE_DPI)
        data = base64.b64encode(self.phase_png).decode("ascii")
        self.phase.value = (
            f'<img src="data:image/png;base64,{data}" alt="phase diagram" '
            'style="width:100%;max-width:760px;height:auto;display:block">'
        )


def build_explorer(
    model: str | Path = DEFAULT_MODEL,
    *,
    variant: str | None = None,
    overrides: Iterable[tuple[str, str]] = (),
) -> Any:
    """The explorer's user interface for ``model``, ready to display (``Explorer.widget``).

    Examples
    --------
    >>> ui = build_explorer("two-labs")
    >>> type(ui).__name__, "pausegame-explorer" in ui._dom_classes
    ('VBox', True)
    """
    return Explorer(model, variant=variant, overrides=overrides).widget


def explorer_from_environment(environ: Mapping[str, str] | None = None) -> Explorer:
    """The explorer for the scenario named in the environment (:data:`ENVIRONMENT`).

    ``pausegame explore`` sets these variables for the notebook Voila runs; unset, the
    default model is shown.

    Examples
    --------
    >>> env = {"PAUSEGAME_EXPLORER_MODEL": "two-labs",
    ...        "PAUSEGAME_EXPLORER_OVERRIDES": '[["defaults.sanction", "20"]]'}
    >>> explorer_from_environment(env).sanction_sliders["lab-a"].value
    20.0
    """
    env = os.environ if environ is None else environ
    model = env.get(ENVIRONMENT["model"]) or DEFAULT_MODEL
    variant = env.get(ENVIRONMENT["variant"]) or None
    raw = env.get(ENVIRONMENT["overrides"]) or "[]"
    try:
        overrides = [(str(k), str(v)) for k, v in json.loads(raw)]
    except (ValueError, TypeError):
        overrides = []
    try:
        without = [str(lab) for lab in json.loads(env.get(ENVIRONMENT["without"]) or "[]")]
    except (ValueError, TypeError):
        without = []
    return Explorer(model, variant=variant, overrides=overrides, without=without)
