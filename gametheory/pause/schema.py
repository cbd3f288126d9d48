r"""The scenario file format, declared once as data.

Every key a scenario file may hold is declared here with its type, its bounds, its default
and what it means. From this one declaration come

* the checks of :mod:`gametheory.pause.scenario` (unknown keys with a suggestion, types) and of
  the model's own classes (:class:`~gametheory.pause.model.Lab` and
  :class:`~gametheory.pause.model.Channel` check their bounds with :meth:`Key.check`), with
  the same wording of what is expected;
* the reference page of the documentation (:func:`reference_markdown`);
* the published JSON Schema (:func:`json_schema`, shipped as ``models/scenario.schema.json``),
  which editors that read JSON Schema for TOML (e.g. Taplo / Even Better TOML) use to complete
  and check scenario files as users type: the shipped files start with a
  ``#:schema ./scenario.schema.json`` line.

Extra sections read by later analyses (``[repeated]``, ``[lifecycle]``, ...) are validated by
the functions registered in :data:`gametheory.pause.scenario.SECTION_VALIDATORS`; their keys,
types and bounds are declared here too (:data:`SECTIONS`), for the reference and the JSON
Schema, and the tests check every validator against its declaration.

Examples
--------
>>> SCENARIO.key("defaults").key("risk").expected
'a number in [0, 1)'
>>> SCENARIO.key("defaults").key("risk").check(0.25, "defaults.risk")
0.25
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Literal

from gametheory.core.errors import InputError

__all__ = [
    "SCENARIO",
    "SECTIONS",
    "Interval",
    "Key",
    "Table",
    "json_schema",
    "reference_markdown",
]

Kind = Literal["number", "integer", "string", "boolean", "array", "table"]


@dataclass(frozen=True)
class Interval:
    """A closed, open or half-open interval of allowed numbers.

    Examples
    --------
    >>> Interval(0, 1, high_open=True).text, Interval(0, low_open=True).text
    ('in [0, 1)', '> 0')
    >>> 1 in Interval(0, 1, high_open=True)
    False
    """

    low: float = -math.inf
    high: float = math.inf
    low_open: bool = False
    high_open: bool = False

    @property
    def text(self) -> str:
        """The interval in words: ``>= 0``, ``> 0``, ``in [0, 1)``."""
        if math.isinf(self.high):
            return f"{'>' if self.low_open else '>='} {self.low:g}"
        left = "(" if self.low_open else "["
        right = ")" if self.high_open else "]"
        return f"in {left}{self.low:g}, {self.high:g}{right}"

    def __contains__(self, value: Any) -> bool:
        low_ok = value > self.low if self.low_open else value >= self.low
        high_ok = value < self.high if self.high_open else value <= self.high
        return bool(low_ok and high_ok)


@dataclass(frozen=True)
class Key:
    """One key of a table: its name, type, bounds, default and meaning.

    Attributes
    ----------
    name : str
        The key as written in the file.
    kind : {"number", "integer", "string", "boolean", "array", "table"}
        Its TOML type (a table is a :class:`Table`; this class holds the rest).
    description : str
        What it means, in the user's words.
    bounds : Interval or None
        For numbers: the allowed values.
    default : object
        The value used when the key is absent (``None``: no default; see ``required``).
    symbol : str
        The model's symbol (LaTeX), e.g. ``r_i``.
    noun : str
        What a number is called in messages (``"a number"``, ``"a probability"``).
    choices : tuple of str
        For strings: the allowed values; for numbers: strings also allowed instead.
    items : Key, Table or None
        For arrays: what each element is.
    per_lab : bool
        A number that may also be given per lab, as a table ``lab = number``.
    """

    name: str
    kind: Kind
    description: str
    bounds: Interval | None = None
    default: Any = None
    symbol: str = ""
    noun: str = "a number"
    choices: tuple[str, ...] = ()
    items: Key | Table | None = None
    per_lab: bool = False

    @property
    def expected(self) -> str:
        """What a valid value is, in words (the text every error message uses)."""
        if self.kind == "string":
            return f"one of {list(self.choices)}" if self.choices else "a string"
        if self.kind == "boolean":
            return "true or false"
        if self.kind == "array":
            return f"an array of {self.items.expected if self.items else 'values'}"
        text = self.noun if self.bounds is None else f"{self.noun} {self.bounds.text}"
        if self.choices:
            text += f" or one of {list(self.choices)}"
        if self.per_lab:
            text += " (or a table lab = value)"
        return text

    def check(self, value: Any, field_path: str) -> Any:
        """Return ``value`` if it is a valid number for this key, else raise a located error.

        Examples
        --------
        >>> SCENARIO.key("defaults").key("capability").check(0, "labs.a.capability")
        Traceback (most recent call last):
        ...
        gametheory.core.errors.InputError: labs.a.capability = 0: expected a number > 0
        """
        kind = type(value)
        if kind is float or kind is int:  # the common case first: a finite value in bounds
            if value - value == 0 and (self.bounds is None or value in self.bounds):
                return value
        if isinstance(value, bool) or not isinstance(value, int | float | Fraction):
            raise InputError(f"expected {self.expected}", field=field_path, value=value)
        if isinstance(value, float) and not math.isfinite(value):
            raise InputError(
                f"expected a finite {self.expected[2:]}", field=field_path, value=value
            )
        if self.bounds is not None and value not in self.bounds:
            raise InputError(f"expected {self.expected}", field=field_path, value=value)
        return value


@dataclass(frozen=True)
class Table:
    """A table of a scenario file: fixed keys, and/or entries named by the user.

    Attributes
    ----------
    name : str
        The key of the table (``""`` for the document itself).
    description : str
        What it holds.
    keys : tuple of Key or Table
        The fixed keys it may hold.
    entries : Table, Key or None
        For tables of named entries (``[labs.<name>]``, ``[channels.<name>]``,
        ``per_lab.<lab> = p``): what each entry is.
    entry_name : str
        What an entry's name is (``"lab"``, ``"channel"``), for the reference.
    extra_sections : bool
        Whether the registered extra sections may appear here (the document, a variant).
    """

    name: str
    description: str
    keys: tuple[Key | Table, ...] = ()
    entries: Table | Key | None = None
    entry_name: str = ""
    extra_sections: bool = False
    kind: Kind = field(default="table", init=False)

    def key(self, name: str) -> Any:
        """The declared key or table called ``name`` (``KeyError`` if undeclared)."""
        for key in self.keys:
            if key.name == name:
                return key
        raise KeyError(name)

    @property
    def key_names(self) -> tuple[str, ...]:
        """The names of the fixed keys, in declaration order."""
        return tuple(key.name for key in self.keys)

    @property
    def expected(self) -> str:
        """What a valid value is, in words."""
        return "a table"


# -- the declaration --------------------------------------------------------------------------
_AT_LEAST_0 = Interval(0)
_POSITIVE = Interval(0, low_open=True)
_RISK = Interval(0, 1, high_open=True)
_PROBABILITY = Interval(0, 1)

#: The six parameters of a lab, in the order reports list them.
LAB_KEYS: tuple[Key, ...] = (
    Key(
        "capability",
        "number",
        "Relative frontier capability (e.g. share of frontier compute); only ratios matter. "
        "Decides who wins when several labs race.",
        _POSITIVE,
        symbol="c_i",
    ),
    Key(
        "prize",
        "number",
        "Value to the lab of leading the frontier (winning the whole contest).",
        _AT_LEAST_0,
        symbol="V_i",
    ),
    Key(
        "pause_cost",
        "number",
        "What pausing costs the lab over the period (revenue and position forgone).",
        _AT_LEAST_0,
        symbol=r"\kappa_i",
    ),
    Key(
        "harm",
        "number",
        "The lab's own loss if a catastrophe happens, whoever causes it.",
        _AT_LEAST_0,
        symbol="H_i",
    ),
    Key(
        "risk",
        "number",
        "Catastrophe probability that the lab's racing adds.",
        _RISK,
        symbol="r_i",
    ),
    Key(
        "sanction",
        "number",
        "What the lab loses when caught racing (fines, lost contracts, reputation).",
        _AT_LEAST_0,
        symbol="F_i",
    ),
)

_LAB_TABLE = Table(
    "labs",
    "One table per lab, in order; it overrides `[defaults]` and may be empty. Every lab must "
    "end up with all six parameters, from its own table or from `[defaults]`.",
    entries=Table("<lab>", "One lab's parameters.", LAB_KEYS),
    entry_name="lab",
)

_DETECTION = Key(
    "detection",
    "number",
    "Probability that the channel detects a racing lab, for every lab without a `per_lab` "
    "entry. May be left out only when `per_lab` covers every lab.",
    _PROBABILITY,
    symbol="d_{m,i}",
    noun="a probability",
)

_CHANNEL = Table(
    "<channel>",
    "A verification channel.",
    (
        Key("description", "string", "What the channel is, for reports.", default=""),
        Key(
            "cost",
            "number",
            "What operating the channel at these strengths costs (used by `budget`).",
            _AT_LEAST_0,
            default=0,
        ),
        _DETECTION,
        Table(
            "per_lab",
            "Per-lab detection probabilities (`lab-a = 0.3`), overriding `detection`.",
            entries=Key(
                "<lab>",
                "number",
                "The channel's detection probability for this lab.",
                _PROBABILITY,
                noun="a probability",
            ),
            entry_name="lab",
        ),
    ),
)

_TOP_NUMBERS: tuple[Key, ...] = (
    Key(
        "background_risk",
        "number",
        "Catastrophe probability during the period even if every lab pauses.",
        _RISK,
        default=0,
        symbol="r_0",
    ),
    Key(
        "decisiveness",
        "number",
        "How strongly capability decides the race (the Tullock contest exponent): 0 splits "
        "the prize equally, 1 is a lottery in proportion to capability, large values let "
        "the most capable racer take all.",
        _AT_LEAST_0,
        default=1,
        symbol=r"\gamma",
    ),
)

_TEXT: tuple[Key, ...] = (
    Key("name", "string", "A short name for reports (default: the file name)."),
    Key("description", "string", "One line saying what the scenario is.", default=""),
    Key(
        "assumptions",
        "string",
        "The assumptions behind the numbers, in words, for reports.",
        default="",
    ),
)

_DEFAULTS = Table(
    "defaults", "Lab parameters shared by every lab; a lab's own table overrides them.", LAB_KEYS
)
_CHANNELS = Table(
    "channels",
    "Verification channels; a lab's detection probability combines them independently: "
    "q_i = 1 - prod_m (1 - d_{m,i}).",
    entries=_CHANNEL,
    entry_name="channel",
)

_VARIANT = Table(
    "<variant>",
    "A named version of the scenario: an overlay deep-merged onto the base (tables merge key "
    "by key, values replace). A variant may add labs, channels and extra sections.",
    (
        Key("description", "string", "What the variant changes."),
        _TEXT[2],
        *_TOP_NUMBERS,
        _DEFAULTS,
        _LAB_TABLE,
        _CHANNELS,
    ),
    extra_sections=True,
)

#: The whole scenario format (extra sections aside: see the module docstring).
SCENARIO = Table(
    "",
    "A pause scenario: labs, verification channels, shared parameters, named variants.",
    (
        *_TEXT,
        *_TOP_NUMBERS,
        Key(
            "default_variant",
            "string",
            "The variant applied when none is asked for (default: the base document).",
        ),
        _DEFAULTS,
        _LAB_TABLE,
        _CHANNELS,
        Table(
            "variants", "Named versions of the scenario.", entries=_VARIANT, entry_name="variant"
        ),
    ),
    extra_sections=True,
)


# -- extra sections -----------------------------------------------------------------------------
# Each analysis validates its own section (semantic and cross-field checks, in the function
# registered in gametheory.pause.scenario.SECTION_VALIDATORS); the keys, types and bounds are
# declared here, once, for the reference page and the JSON Schema, and tests/test_schema.py
# checks every validator against its declaration (undeclared keys and out-of-bound values are
# refused; every key the shipped models use is declared).
_UNIT = Interval(0, 1)
_COUNT = Interval(1)
_NATURAL = Interval(0)


def _p(name: str, text: str, bounds: Interval = _UNIT, **kw: Any) -> Key:
    return Key(name, "number", text, bounds, noun="a probability", **kw)


def _n(name: str, text: str, bounds: Interval | None = _AT_LEAST_0, **kw: Any) -> Key:
    return Key(name, "number", text, bounds, **kw)


def _i(name: str, text: str, bounds: Interval = _COUNT, **kw: Any) -> Key:
    return Key(name, "integer", text, bounds, noun="an integer", **kw)


def _s(name: str, text: str, choices: tuple[str, ...] = (), **kw: Any) -> Key:
    return Key(name, "string", text, choices=choices, **kw)


_DESCRIPTION = _s("description", "What the section describes, for reports.")

_DISTRIBUTION = Table(
    "<field>",
    'One uncertain parameter, keyed by its field path (e.g. `"labs.lab-a.prize"`).',
    (
        _s(
            "distribution",
            "The distribution's family.",
            ("uniform", "normal", "lognormal", "beta", "triangular"),
        ),
        _n("low", "Lower end (uniform, triangular; beta's optional support).", None),
        _n("high", "Upper end (uniform, triangular; beta's optional support).", None),
        _n("mode", "Mode (triangular).", None),
        _n("mean", "Mean (normal, truncated to the parameter's bounds).", None),
        _n("sd", "Standard deviation (normal).", _POSITIVE),
        _n("median", "Median (lognormal).", _POSITIVE),
        _n("sigma", "Standard deviation of the logarithm (lognormal).", _POSITIVE),
        _n("a", "First shape parameter (beta).", _POSITIVE),
        _n("b", "Second shape parameter (beta).", _POSITIVE),
    ),
)

_EDGE = Table(
    "<edge>",
    "One link of the alliance network.",
    (
        _s("source", "The lab the link goes from."),
        _s("target", "The lab the link goes to."),
        _s("type", "What the link carries.", ("monitoring", "sanction", "information")),
        _p("detection", "Monitoring: the source's chance of detecting the target's racing."),
        _n("sanction", "Sanction: the leverage the source holds over the target."),
        Key("mutual", "boolean", "Add the reverse link too.", default=False),
        _DESCRIPTION,
    ),
)

_TYPES = (
    Key(
        "values", "array", "Finite types: the parameter's possible values.", items=_n("", "", None)
    ),
    Key(
        "probabilities",
        "array",
        "Finite types: the prior probability of each value (they sum to 1).",
        items=_p("", ""),
    ),
    _s("distribution", "Continuous types: the prior (prize or pause_cost only).", ("uniform",)),
    _n("low", "Continuous types: the lower end of the uniform prior.", None),
    _n("high", "Continuous types: the upper end of the uniform prior.", None),
)

#: The extra sections, declared: name -> table.
SECTIONS: dict[str, Table] = {
    "repeated": Table(
        "repeated",
        "The repeated pause (`pausegame repeated`).",
        (
            _n("discount", "Discount factor per period.", Interval(0, 1, True, True)),
            _p("false_alarm", "Probability per period that a compliant lab is wrongly flagged."),
            _i("punishment_length", "Periods a punishment lasts (absent: for ever)."),
            _s(
                "punishment",
                "The punishment (credible ones carry answers; grim-all-race is a benchmark).",
                ("nash-reversion", "stick-and-carrot", "grim-all-race"),
            ),
        ),
    ),
    "lifecycle": Table(
        "lifecycle",
        "The pause lifecycle of coordinated pausing (`pausegame lifecycle`).",
        (
            _p("hazard", "Probability per period that a dangerous capability emerges."),
            _p("sensitivity", "Probability that evaluations catch a dangerous capability."),
            _p("false_positive_rate", "Probability per period of a false alarm."),
            _p("notification", "Probability that the others pause when notified.", default=1.0),
            _p(
                "resumption_probability",
                "Probability per period that a pause ends (resumption = probability).",
                Interval(0, 1, low_open=True),
                default=0.2,
            ),
            _i("review_periods", "Periods of a fixed review (resumption = review).", default=6),
            _s("resumption", "How a pause ends.", ("probability", "review"), default="probability"),
            _p("risk_racing", "Catastrophe probability per period while racing.", default=0.001),
            _p("risk_hazard", "... while racing with an undetected danger.", default=0.02),
            _p("risk_partial", "... while only the flagged lab pauses."),
            _p("risk_paused", "... while every lab pauses."),
            _n("discount", "Discount factor per period.", Interval(0, 1, low_open=True)),
            _p("detection", "Detection probability for every lab (default: the model's)."),
            _n("sanction", "Sanction for every lab (default: the model's)."),
            _n(
                "period_fraction", "A lifecycle period as a fraction of a payoff period.", _POSITIVE
            ),
            _s("evaluator", "Who runs the evaluations, for reports."),
            _n("hazard_growth", "Growth factor of the hazard per period.", Interval(1)),
            _i("horizon", "Periods over which risk is reported."),
        ),
    ),
    "dynamics": Table(
        "dynamics",
        "The pause over time: the dynamic pause game (`pausegame dynamic`).",
        (
            _n("discount", "Discount factor per period.", Interval(0, 1, high_open=True)),
            _i("pause_periods", "The pause's length in rounds of the one-shot game."),
            _s("resumption", "How the pause ends.", ("review", "threshold", "never")),
            _p(
                "resumption_probability",
                "Probability per period that the safety threshold is reached (threshold).",
                Interval(0, 1, low_open=True),
            ),
            _s("on_detection", "What a detection does to the pause.", ("continue", "collapse")),
            _i(
                "collapse_periods",
                "Periods before a collapsed pause is restored (0: never).",
                _NATURAL,
            ),
            _p("trigger", "Probability per period that a pause is triggered while racing."),
            _p("confiscation", "Share of a detected racer's lead that is confiscated."),
            _i("head_start", "Lead levels the others gain when a racer is detected.", _NATURAL),
            _i("lead_levels", "Levels of capability lead tracked.", _NATURAL),
            _n("growth_rate", "Research rate a in dC/dt = a C^beta while racing."),
            _n("returns", "beta in dC/dt = a C^beta: how strongly AI speeds up AI research."),
            _n("prize_per_capability", "Value of a unit of lead (0: the scenario's prize)."),
            _i("horizon", "Periods shown under the equilibrium."),
        ),
    ),
    "trigger": Table(
        "trigger",
        "What triggers a pause: the global game of noisy evaluations (`pausegame trigger`).",
        (
            _n("noise", "Standard error of each lab's evaluation of the state.", _POSITIVE),
            _i("required", "Labs that must pause for the pause to hold."),
            _n("state_mean", "Mean of the state's distribution (for error rates).", None),
            _n("state_sd", "Standard deviation of the state's distribution.", _POSITIVE),
            _n("should_pause_above", "The state above which a pause is warranted.", None),
            _i("vote_quota", "Votes that pause every lab under a vote."),
            _n("auditor_noise", "Standard error of an external auditor's evaluation.", _POSITIVE),
            _p(
                "audit",
                "Probability that a shaded evaluation is caught, or the verification channels.",
                choices=("channels",),
            ),
            _DESCRIPTION,
        ),
    ),
    "beliefs": Table(
        "beliefs",
        "Private information (`pausegame bayes`): the parameter each lab knows privately.",
        (
            _s(
                "parameter",
                "The lab parameter that is private.",
                ("capability", "prize", "pause_cost", "harm", "risk", "sanction"),
            ),
            _DESCRIPTION,
            *_TYPES,
            Table(
                "labs",
                "Per-lab types, overriding the common ones.",
                entries=Table("<lab>", "One lab's types.", _TYPES),
                entry_name="lab",
            ),
        ),
    ),
    "treaty": Table(
        "treaty",
        "Treaty design: participation clause, sanctions, the verifier (`pausegame verifier`).",
        (
            _DESCRIPTION,
            _i("min_participation", "Labs that must sign before the agreement binds.", default=1),
            Table(
                "pledges",
                "Conditional pledges: a lab pauses only if this many labs are bound.",
                entries=_i("<lab>", "Bound labs the lab requires, itself included."),
                entry_name="lab",
            ),
            Table(
                "sanctions",
                "Who imposes sanctions and what imposing costs them.",
                (
                    Key("costly", "boolean", "Whether imposing a sanction costs the imposers."),
                    _s("imposer", "Who imposes.", ("each other lab", "bloc", "third party")),
                    _n("cost", "Cost to an imposer per unit of sanction.", per_lab=True),
                    _n("benefit", "Return to an imposer per unit of sanction.", per_lab=True),
                    Key("bloc", "array", "The labs of the imposing bloc.", items=_s("", "")),
                    _n("third_party_cost", "A third party's cost per unit of sanction."),
                    _n("third_party_benefit", "A third party's return per unit of sanction."),
                ),
            ),
            Table(
                "verifier",
                "An inspector with a budget against labs that can evade.",
                (
                    _n("budget", "The inspector's budget."),
                    _n("inspection_cost", "Cost of inspecting a lab.", _POSITIVE, per_lab=True),
                    _p("detection", "Detection of a racing lab when inspected.", per_lab=True),
                    _n("loss", "The inspector's loss from an undetected racer.", per_lab=True),
                    Key(
                        "evasion",
                        "array",
                        "Evasion options a lab can buy.",
                        items=Table(
                            "<option>",
                            "One evasion option.",
                            (
                                _n("cost", "What the option costs the lab."),
                                _n("factor", "Detection multiplier.", Interval(0, 1, True)),
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
    "network": Table(
        "network",
        "The alliance network (`pausegame network`).",
        (_DESCRIPTION, Key("edges", "array", "The links.", items=_EDGE)),
    ),
    "uncertainty": Table(
        "uncertainty",
        "Uncertain parameters (`pausegame uncertainty`): field path -> distribution.",
        entries=_DISTRIBUTION,
        entry_name="field",
    ),
}


# -- JSON Schema ------------------------------------------------------------------------------
def _json_number(key: Key) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "integer" if key.kind == "integer" else "number"}
    bounds = key.bounds
    if bounds is not None:
        if not math.isinf(bounds.low):
            out["exclusiveMinimum" if bounds.low_open else "minimum"] = bounds.low
        if not math.isinf(bounds.high):
            out["exclusiveMaximum" if bounds.high_open else "maximum"] = bounds.high
    return out


def _json_key(key: Key | Table, sections: dict[str, Table]) -> dict[str, Any]:
    if isinstance(key, Table):
        return _json_table(key, sections)
    out: dict[str, Any] = {}
    if key.description:
        out["description"] = key.description
    if key.kind == "string":
        out["type"] = "string"
        if key.choices:
            out["enum"] = list(key.choices)
    elif key.kind == "boolean":
        out["type"] = "boolean"
    elif key.kind == "array":
        out["type"] = "array"
        if key.items is not None:
            out["items"] = _json_key(key.items, sections)
    else:
        number = _json_number(key)
        options = [number]
        if key.choices:
            options.append({"enum": list(key.choices)})
        if key.per_lab:
            options.append({"type": "object", "additionalProperties": number})
        out.update(number if len(options) == 1 else {"anyOf": options})
    if key.default is not None:
        out["default"] = key.default
    return out


def _json_table(table: Table, sections: dict[str, Table]) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "object"}
    if table.description:
        out["description"] = table.description
    properties = {key.name: _json_key(key, sections) for key in table.keys}
    if table.extra_sections:
        for name, section in sections.items():
            properties[name] = _json_table(section, {})
    if properties:
        out["properties"] = properties
    if table.entries is not None:
        out["additionalProperties"] = _json_key(table.entries, sections)
    else:
        out["additionalProperties"] = False
    return out


def json_schema() -> dict[str, Any]:
    """The scenario format as a JSON Schema (draft 2020-12) document.

    Extra sections are the declared :data:`SECTIONS`, which must cover every registered one.

    Examples
    --------
    >>> schema = json_schema()
    >>> schema["properties"]["defaults"]["properties"]["risk"]["exclusiveMaximum"]
    1
    >>> sorted(schema["properties"]["labs"]["additionalProperties"]["properties"])[:3]
    ['capability', 'harm', 'pause_cost']
    >>> schema["properties"]["repeated"]["properties"]["punishment"]["enum"][0]
    'nash-reversion'
    """
    from gametheory.pause.scenario import SECTION_VALIDATORS

    missing = set(SECTION_VALIDATORS) - set(SECTIONS)
    if missing:  # pragma: no cover - a registered section must be declared (tested)
        raise RuntimeError(f"sections registered but not declared: {sorted(missing)}")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://pausegame.readthedocs.io/scenario.schema.json",
        "title": "pausegame scenario",
        **_json_table(SCENARIO, SECTIONS),
    }


# -- the reference page -----------------------------------------------------------------------
def _rows(table: Table, path: str, seen: set[int]) -> Iterable[tuple[str, str, str, str]]:
    for key in table.keys:
        where = f"{path}.{key.name}" if path else key.name
        if isinstance(key, Table):
            yield from _table_rows(key, where, seen)
            continue
        yield from _key_rows(key, where, seen)


def _key_rows(key: Key, where: str, seen: set[int]) -> Iterable[tuple[str, str, str, str]]:
    yield _key_row(key, where)
    if key.kind == "array" and isinstance(key.items, Table):
        yield from _rows(key.items, f"{where}[]", seen)


def _key_row(key: Key, where: str) -> tuple[str, str, str, str]:
    default = "" if key.default is None else f"`{key.default!r}`".replace("'", '"')
    meaning = key.description + (f" (${key.symbol}$)" if key.symbol else "")
    return (f"`{where}`", key.expected, default, meaning)


def _table_rows(table: Table, path: str, seen: set[int]) -> Iterable[tuple[str, str, str, str]]:
    if id(table) in seen:  # documented already (a variant's overlay of [defaults], ...)
        yield (f"`[{path}]`", "a table", "", f"As `[{table.name}]` above.")
        return
    seen.add(id(table))
    yield (f"`[{path}]`", "a table", "", table.description)
    yield from _rows(table, path, seen)
    entries = table.entries
    if isinstance(entries, Key):
        yield _key_row(entries, f"{path}.{entries.name}")
    elif entries is not None:
        yield from _rows(entries, f"{path}.{entries.name}", seen)


def reference_markdown() -> str:
    """The scenario file reference, as Markdown (the documentation's reference page).

    Examples
    --------
    >>> text = reference_markdown()
    >>> "| `defaults.risk` | a number in [0, 1) |" in text
    True
    """
    lines = [
        "# Scenario file reference",
        "",
        "Generated from the declaration in `gametheory.pause.schema`; the checks, this page and "
        "the JSON Schema `models/scenario.schema.json` all come from it. Scenario files are TOML "
        "and never execute code. Every error names `file:line`, the field, the bad value and "
        "what was expected.",
        "",
        "| key | expected | default | meaning |",
        "|---|---|---|---|",
    ]
    for row in _rows(SCENARIO, "", set()):
        lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |")
    lines += [
        "",
        "## Resolution order",
        "",
        "The base document, then the variant's overlay (`--variant NAME`, or `default_variant`), "
        "then the `--set KEY=VALUE` overrides, each naming a field that exists; the value is "
        "read as a TOML value. In exact mode (`--exact`) every decimal is read as the exact "
        "fraction of its text.",
        "",
        "## Extra sections",
        "",
        "Sections read by later analyses. Any other top-level key is an error.",
        "",
    ]
    for name, section in SECTIONS.items():
        lines += [
            f"### `[{name}]`",
            "",
            section.description,
            "",
            "| key | expected | default | meaning |",
            "|---|---|---|---|",
        ]
        for row in _table_rows(section, name, set()):
            if row[0] != f"`[{name}]`":
                lines.append("| " + " | ".join(c.replace("|", "\\|") for c in row) + " |")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
