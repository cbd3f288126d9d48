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
the functions registered in :data:`gametheory.pause.scenario.SECTION_VALIDATORS`; their
reference text here is those functions' own documentation.

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
    "Interval",
    "Key",
    "Table",
    "json_schema",
    "reference_markdown",
]

Kind = Literal["number", "string", "table"]


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
    kind : {"number", "string", "table"}
        Its TOML type (a table is a :class:`Table`; this class holds scalars).
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
    """

    name: str
    kind: Kind
    description: str
    bounds: Interval | None = None
    default: Any = None
    symbol: str = ""
    noun: str = "a number"

    @property
    def expected(self) -> str:
        """What a valid value is, in words (the text every error message uses)."""
        if self.kind == "string":
            return "a string"
        if self.bounds is None:
            return self.noun
        return f"{self.noun} {self.bounds.text}"

    def check(self, value: Any, field_path: str) -> Any:
        """Return ``value`` if it is a valid number for this key, else raise a located error.

        Examples
        --------
        >>> SCENARIO.key("defaults").key("capability").check(0, "labs.a.capability")
        Traceback (most recent call last):
        ...
        gametheory.core.errors.InputError: labs.a.capability = 0: expected a number > 0
        """
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


# -- JSON Schema ------------------------------------------------------------------------------
def _json_key(key: Key | Table, sections: dict[str, str]) -> dict[str, Any]:
    if isinstance(key, Table):
        return _json_table(key, sections)
    out: dict[str, Any] = {"description": key.description}
    if key.kind == "string":
        out["type"] = "string"
    else:
        out["type"] = "number"
        bounds = key.bounds
        if bounds is not None:
            if not math.isinf(bounds.low):
                out["exclusiveMinimum" if bounds.low_open else "minimum"] = bounds.low
            if not math.isinf(bounds.high):
                out["exclusiveMaximum" if bounds.high_open else "maximum"] = bounds.high
    if key.default is not None:
        out["default"] = key.default
    return out


def _json_table(table: Table, sections: dict[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "object"}
    if table.description:
        out["description"] = table.description
    properties = {key.name: _json_key(key, sections) for key in table.keys}
    if table.extra_sections:
        for name, text in sections.items():
            properties[name] = {"type": "object", "description": text}
    if properties:
        out["properties"] = properties
    if table.entries is not None:
        out["additionalProperties"] = _json_key(table.entries, sections)
    else:
        out["additionalProperties"] = False
    return out


def json_schema(sections: dict[str, str] | None = None) -> dict[str, Any]:
    """The scenario format as a JSON Schema (draft 2020-12) document.

    Parameters
    ----------
    sections : dict, optional
        Extra sections, name -> description; default: every registered section, described by
        the first line of its validator's documentation.

    Examples
    --------
    >>> schema = json_schema()
    >>> schema["properties"]["defaults"]["properties"]["risk"]["exclusiveMaximum"]
    1
    >>> sorted(schema["properties"]["labs"]["additionalProperties"]["properties"])[:3]
    ['capability', 'harm', 'pause_cost']
    """
    if sections is None:
        sections = {name: text.split("\n")[0] for name, text in section_docs().items()}
    out = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://pausegame.readthedocs.io/scenario.schema.json",
        "title": "pausegame scenario",
        **_json_table(SCENARIO, sections),
    }
    return out


# -- the reference page -----------------------------------------------------------------------
def section_docs() -> dict[str, str]:
    """Each registered extra section's documentation, from its validator's docstring."""
    import importlib

    from gametheory.pause.scenario import SECTION_VALIDATORS

    out: dict[str, str] = {}
    for name, spec in SECTION_VALIDATORS.items():
        module, _, function = spec.partition(":")
        doc = getattr(importlib.import_module(module), function).__doc__ or ""
        text = doc.split("\n    Examples")[0].split("\n    Parameters")[0]
        out[name] = " ".join(line.strip() for line in text.strip().splitlines())
    return out


def _rows(table: Table, path: str, seen: set[int]) -> Iterable[tuple[str, str, str, str]]:
    for key in table.keys:
        where = f"{path}.{key.name}" if path else key.name
        if isinstance(key, Table):
            yield from _table_rows(key, where, seen)
            continue
        yield _key_row(key, where)


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
    for name, text in section_docs().items():
        lines += [f"### `[{name}]`", "", text, ""]
    return "\n".join(lines).rstrip() + "\n"
