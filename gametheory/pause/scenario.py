r"""Pause scenarios as TOML files, read strictly into a :class:`~gametheory.pause.model.PauseModel`.

A scenario file is plain `TOML <https://toml.io>`_ read with :mod:`tomllib` (or, for the plain
subset big generated files use, by :mod:`gametheory.pause.plain_toml`, which gives the same
document); it never executes code. Notation and bounds are those of ``docs/model/one-shot.md`` (see
:mod:`gametheory.pause.model`).
The shipped ``models/two-labs.toml`` is a commented example of every kind of key. The format
is declared once, as data, in :mod:`gametheory.pause.schema` (every key, its type, bounds,
default and meaning); the checks here, the documentation's reference page and the published
JSON Schema ``models/scenario.schema.json`` come from that declaration. In outline: top-level
text and shared numbers, ``[defaults]`` for every lab, one ``[labs.<name>]`` table per lab,
``[channels.<name>]`` verification channels (with optional ``per_lab`` detection), named
``[variants.<name>]`` overlays deep-merged onto the base, and extra sections read by later
analyses, registered in :data:`SECTION_VALIDATORS`; any other top-level key is an error.

Resolution order: the base document, then the variant's overlay, then the ``--set KEY=VALUE``
overrides (``overrides=[("labs.lab-a.prize", "3")]``; the value is read as a TOML value, so
``3``, ``0.5``, ``"text"``; an unquoted word is taken as text). An override must name a field
that exists.

Validation is strict: unknown keys (with a "did you mean" suggestion), wrong types (a boolean
or a string is not a number), every bound of the model, a detection probability above 1,
duplicate lab names, no labs, a missing file, a directory, a file that is not UTF-8 or not TOML.
Every error is an :class:`~gametheory.core.errors.InputError` naming ``file:line``, the field path,
the bad value and what was expected; a TOML syntax error keeps :mod:`tomllib`'s line and
column. Loading either returns a complete model or raises.

**Exact mode** (``exact=True``) reads every decimal of the file as the exact
:class:`fractions.Fraction` of its text (``0.1`` is 1/10, not the nearest double), and every
integer as a Fraction, so thresholds can be decided without rounding. Float mode gives floats.
"""

from __future__ import annotations

import copy
import difflib
import gc
import importlib
import json
import math
import re
import tomllib
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from fractions import Fraction
from itertools import chain
from operator import attrgetter
from pathlib import Path
from typing import Any

import numpy as np

from gametheory.core.errors import InputError
from gametheory.pause import plain_toml
from gametheory.pause.model import Channel, Lab, PauseModel
from gametheory.pause.schema import LAB_KEYS, SCENARIO, Table

__all__ = [
    "DEFAULT_MODEL",
    "LAB_PARAMETERS",
    "SECTION_VALIDATORS",
    "Locator",
    "Scenario",
    "decode_scenario_text",
    "load_model",
    "load_scenario",
    "parse_scenario",
    "resolve_model",
    "shipped_models",
]

#: The shipped model analysed when none is named.
DEFAULT_MODEL = "frontier-five"

#: The parameters every lab has (``docs/model/one-shot.md``), in the order reports list them.
LAB_PARAMETERS: tuple[str, ...] = tuple(key.name for key in LAB_KEYS)

#: Extra top-level sections, name -> ``"module:function"``, imported when a file uses them.
#: The function takes ``(table, locate)`` -- the section's table and a :class:`Locator` for
#: it -- and returns the validated mapping, or raises ``locate.error(...)``.
SECTION_VALIDATORS: dict[str, str] = {
    "repeated": "gametheory.pause.repeated:validate_repeated_section",
    "lifecycle": "gametheory.pause.lifecycle:validate_lifecycle_section",
    "network": "gametheory.pause.network:validate_network_section",
    "uncertainty": "gametheory.pause.uncertainty:validate_uncertainty_section",
    "treaty": "gametheory.pause.treaty:validate_treaty_section",
    "dynamics": "gametheory.pause.markov:validate_dynamics_section",
    "trigger": "gametheory.pause.trigger:validate_trigger_section",
    "beliefs": "gametheory.pause.beliefs:validate_beliefs_section",
}

# The keys and what each expects, from the one declaration in gametheory.pause.schema.
_CHANNEL_SCHEMA = SCENARIO.key("channels").entries
_EXPECTED = {
    key.name: key.expected
    for key in (*LAB_KEYS, *SCENARIO.keys, *_CHANNEL_SCHEMA.keys)
    if not isinstance(key, Table) and key.kind == "number"
}
_TEXT_KEYS = tuple(
    key.name for key in SCENARIO.keys if key.kind == "string" and key.name != "default_variant"
)
_TOP_KEYS = tuple(key.name for key in SCENARIO.keys if key.kind != "table")
_TABLE_KEYS = ("defaults", "labs", "channels")
_OVERLAY_KEYS = SCENARIO.key("variants").entries.key_names
_CHANNEL_KEYS = _CHANNEL_SCHEMA.key_names
_LAB_PARAMETER_SET = frozenset(LAB_PARAMETERS)
_MISSING = object()
_FLOAT_MODE_TYPES = {int, float}
#: The types TOML gives numbers (subclasses, e.g. from Python overrides, take the slow path).
_PLAIN_NUMBER_TYPES = {int, float, Fraction}
#: Larger numbers are refused: payoffs are later computed in float64.
_MAX_MAGNITUDE = 1e300
#: Decimal exponents beyond this are refused in exact mode (10**huge would hang).
_MAX_EXPONENT = 400

Path_ = tuple[str, ...]
#: Where a resolved value came from: a path in the file, or the text of a ``--set``.
Source = Path_ | str


# -- locating fields in the text -------------------------------------------------------------
_BARE = re.compile(r"[A-Za-z0-9_-]+")


def _dotted(path: Iterable[str]) -> str:
    """A field path as TOML would write it: bare keys plain, others quoted."""
    return ".".join(key if _BARE.fullmatch(key) else json.dumps(key) for key in path)


class _Scanner:
    """Maps every key path of a (valid) TOML text to the line that defines it.

    :mod:`tomllib` keeps no positions, so this reads the text once more, just well enough
    to find table headers, dotted keys, inline tables and quoted keys.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self._lines: dict[Path_, int] | None = None

    @property
    def lines(self) -> dict[Path_, int]:
        """Key path -> line; scanned on first use (only errors need lines: loading is O(N))."""
        if self._lines is None:
            self.starts = [0] + [m.end() for m in re.finditer("\n", self.text)]
            self._lines = {}
            try:
                self._scan()
            except (IndexError, ValueError, RecursionError, tomllib.TOMLDecodeError):
                pass  # best effort: a key not found is located at its table instead
        return self._lines

    def line_at(self, pos: int) -> int:
        return bisect_right(self.starts, pos)

    def _record(self, path: Path_, pos: int) -> None:
        line = self.line_at(pos)
        for k in range(1, len(path) + 1):  # a table first mentioned implicitly: its first use
            self.lines.setdefault(path[:k], line)

    def _skip(self, pos: int, newlines: bool) -> int:
        text = self.text
        while pos < len(text):
            ch = text[pos]
            if ch in " \t\r" or (newlines and ch == "\n"):
                pos += 1
            elif ch == "#":
                end = text.find("\n", pos)
                pos = len(text) if end < 0 else end
            else:
                break
        return pos

    def _string(self, pos: int) -> tuple[str, int]:
        text = self.text
        for quote in ('"""', "'''"):
            if text.startswith(quote, pos):
                end = pos + 3
                while True:
                    end = text.index(quote, end)
                    if quote == "'''" or text[end - 1] != "\\" or text[end - 2] == "\\":
                        break
                    end += 1
                while text.startswith(quote[0], end + 3):  # up to two extra quotes inside
                    end += 1
                return "", end + 3
        quote = text[pos]
        end = pos + 1
        while text[end] != quote:
            end += 2 if quote == '"' and text[end] == "\\" else 1
        raw = text[pos : end + 1]
        value = tomllib.loads(f"k = {raw}")["k"] if quote == '"' else raw[1:-1]
        return value, end + 1

    def _key(self, pos: int) -> tuple[Path_, int]:
        keys: list[str] = []
        while True:
            pos = self._skip(pos, newlines=False)
            if self.text[pos] in "\"'":
                key, pos = self._string(pos)
            else:
                match = _BARE.match(self.text, pos)
                if match is None:
                    raise ValueError("not a key")
                key, pos = match.group(), match.end()
            keys.append(key)
            pos = self._skip(pos, newlines=False)
            if self.text[pos] != ".":
                return tuple(keys), pos
            pos += 1

    def _value(self, pos: int, path: Path_) -> int:
        text = self.text
        pos = self._skip(pos, newlines=False)
        ch = text[pos]
        if ch == "{":
            pos += 1
            while True:
                pos = self._skip(pos, newlines=False)
                if text[pos] == "}":
                    return pos + 1
                if text[pos] == ",":
                    pos += 1
                    continue
                key, pos = self._key(pos)
                self._record(path + key, pos)
                pos = self._value(pos + 1, path + key)  # skip "="
        if ch == "[":
            pos += 1
            while True:
                pos = self._skip(pos, newlines=True)
                if text[pos] == "]":
                    return pos + 1
                if text[pos] == ",":
                    pos += 1
                    continue
                pos = self._value(pos, path)
        if ch in "\"'":
            return self._string(pos)[1]
        match = re.compile(r"[^,\]}\s#]+").match(text, pos)
        if match is None:
            raise ValueError("not a value")
        return match.end()

    def _scan(self) -> None:
        text = self.text
        table: Path_ = ()
        pos = self._skip(0, newlines=True)
        while pos < len(text):
            if text[pos] == "[":
                double = text.startswith("[[", pos)
                table, pos = self._key(pos + (2 if double else 1))
                self._record(table, pos)
                pos += 2 if double else 1
            else:
                key, pos = self._key(pos)
                self._record(table + key, pos)
                pos = self._value(pos + 1, table + key)
            end = text.find("\n", pos)
            pos = self._skip(len(text) if end < 0 else end, newlines=True)


class _Abbreviated:
    """A long value shown cut short in error messages."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return self.text


def _shown(value: Any) -> Any:
    """``value`` for an error message, cut short when long."""
    if isinstance(value, dict):
        return _Abbreviated("{...}") if value else value
    if isinstance(value, Fraction):  # exact mode: show the decimal the file wrote
        return _Abbreviated(_fraction_text(value))
    if isinstance(value, int) and value.bit_length() > 256:
        return _Abbreviated(f"<an integer of {value.bit_length()} bits>")
    try:
        text = repr(value)
    except ValueError:  # e.g. an array holding an integer too long to print
        return _Abbreviated("<too large to show>")
    return _Abbreviated(text[:57] + "...") if len(text) > 60 else value


def _fraction_text(value: Fraction) -> str:
    """A Fraction as a decimal when it has a short one (``-1/2`` -> ``-0.5``), else ``p/q``."""
    den = value.denominator
    twos = fives = 0
    while den % 2 == 0:
        den //= 2
        twos += 1
    while den % 5 == 0:
        den //= 5
        fives += 1
    places = max(twos, fives)
    if den != 1 or places > 30:
        return f"{value.numerator}/{value.denominator}"
    scaled = abs(value.numerator) * 10**places // value.denominator
    digits = str(scaled).rjust(places + 1, "0")
    text = digits[: len(digits) - places] + ("." + digits[len(digits) - places :] if places else "")
    return ("-" if value < 0 else "") + text


def _suggest(key: str, choices: Iterable[str]) -> str:
    choices = list(choices)
    close = difflib.get_close_matches(key, choices, n=1, cutoff=0.6)
    hint = f"did you mean {close[0]!r}? " if close else ""
    listed = ", ".join(choices) if choices else "(none)"
    return f"{hint}expected one of: {listed}"


class Locator:
    """Builds located errors for fields of one scenario file.

    A locator knows the file, the line of every key and, after a variant and overrides have
    been applied, where each resolved value came from. Section validators
    (:data:`SECTION_VALIDATORS`) receive a locator for their section and report problems with
    ``raise locate.error("expected a number in (0, 1)", "discount", value=x)``.

    Examples
    --------
    >>> text = "x = 1\\n[repeated]\\ndiscount = 2\\n"
    >>> loc = Locator("demo.toml", text).child("repeated")
    >>> loc.line("discount")
    3
    >>> str(loc.error("expected a number in (0, 1)", "discount", value=2))
    'demo.toml:3: repeated.discount = 2: expected a number in (0, 1)'
    """

    def __init__(
        self,
        file: str,
        text: str,
        *,
        origin: Mapping[Path_, Source] | None = None,
        prefix: Path_ = (),
        _scanner: _Scanner | None = None,
    ) -> None:
        self.file = file
        self._scanner = _scanner if _scanner is not None else _Scanner(text)
        self._origin: Mapping[Path_, Source] = origin if origin is not None else {}
        self.prefix = prefix

    def child(self, *keys: str) -> Locator:
        """A locator for the sub-table at ``keys`` (relative to this one)."""
        return Locator(
            self.file,
            "",
            origin=self._origin,
            prefix=self.prefix + keys,
            _scanner=self._scanner,
        )

    def with_origin(self, origin: Mapping[Path_, Source]) -> Locator:
        """The same locator, for a document whose values came from ``origin``."""
        return Locator(self.file, "", origin=origin, prefix=self.prefix, _scanner=self._scanner)

    def source(self, *keys: str) -> Source:
        """Where the value at ``keys`` came from: a path in the file or a ``--set`` text."""
        path = self.prefix + keys
        for k in range(len(path), -1, -1):
            found = self._origin.get(path[:k])
            if found is not None:
                return found + path[k:] if isinstance(found, tuple) else found
        return path

    def _line_of(self, path: Path_) -> int | None:
        for k in range(len(path), 0, -1):
            line = self._scanner.lines.get(path[:k])
            if line is not None:
                return line
        return None

    def line(self, *keys: str) -> int | None:
        """The line defining the value at ``keys`` (or its nearest enclosing table)."""
        found = self.source(*keys)
        return self._line_of(found) if isinstance(found, tuple) else None

    def error(
        self, message: str, *keys: str, value: Any = None, applies_to: str | None = None
    ) -> InputError:
        """An :class:`~gametheory.core.errors.InputError` located at the field ``keys``."""
        resolved = self.prefix + keys
        found = self.source(*keys)
        if isinstance(found, str):
            return InputError(
                f"{message} (from --set {found})",
                file=self.file,
                field=_dotted(resolved),
                value=_shown(value),
            )
        if found != resolved:
            message += f" (applies to {_dotted(resolved)})"
        elif applies_to is not None:
            message += f" (applies to {applies_to})"
        return InputError(
            message,
            file=self.file,
            line=self._line_of(found) or 1,
            field=_dotted(found) if found else "(top level)",
            value=_shown(value),
        )


# -- reading --------------------------------------------------------------------------------
class _ExponentTooLarge(ValueError):
    pass


def _exact_float(text: str) -> Fraction | float:
    """``parse_float`` for exact mode: the Fraction of a decimal's text."""
    _, _, exponent = text.lower().partition("e")
    if exponent and abs(int(exponent.replace("_", ""))) > _MAX_EXPONENT:
        raise _ExponentTooLarge(text)
    try:
        return Fraction(text)
    except ValueError:  # inf and nan: kept as floats, rejected as not finite later
        return float(text)


_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)|\(at end of document\)")


def _loads(text: str, file: str, exact: bool) -> dict[str, Any]:
    """Parse TOML, turning every failure into a located InputError."""
    try:
        return plain_toml.loads(text, parse_float=_exact_float if exact else float)
    except tomllib.TOMLDecodeError as exc:
        raise _syntax_error(exc, text, file) from None
    except _ExponentTooLarge as exc:
        literal = str(exc)
        index = text.find(literal)
        line = text.count("\n", 0, index) + 1 if index >= 0 else None
        raise InputError(
            f"exponent too large for exact mode; expected a number within 1e±{_MAX_EXPONENT}",
            file=file,
            line=line,
            field=_field_on_line(text, line) if line else None,
            value=literal,
        ) from None
    except ValueError as exc:  # an integer literal with more digits than Python converts
        digits = re.search(r"\d{4000,}", text)
        line = text.count("\n", 0, digits.start()) + 1 if digits else 1
        raise InputError(
            f"number too long ({exc}); expected a number of at most a few hundred digits",
            file=file,
            line=line,
            field=_field_on_line(text, line),
        ) from None
    except RecursionError:
        raise InputError(
            "nested too deeply; expected a scenario file (tables of keys and values)",
            file=file,
            line=1,
        ) from None


def _field_on_line(text: str, line: int) -> str:
    """A best guess of the field path being defined at ``line``, for syntax errors."""
    lines = text.split("\n")
    table = ""
    for row in lines[: line - 1]:
        match = re.match(r"\s*\[+\s*([^\]#]*?)\s*\]", row)
        if match:
            table = match.group(1)
    row = lines[line - 1] if line - 1 < len(lines) else ""
    header = re.match(r"\s*\[+\s*([^\]#=]*)", row)
    if header:
        return header.group(1).strip() or "(table header)"
    match = re.match(r"\s*([^=#\[]+?)\s*=", row)
    key = match.group(1) if match else ""
    return ".".join(part for part in (table, key) if part) or "(top level)"


def _syntax_error(exc: tomllib.TOMLDecodeError, text: str, file: str) -> InputError:
    message = str(exc)
    line: int | None = getattr(exc, "lineno", None)
    column: int | None = getattr(exc, "colno", None)
    match = _POSITION.search(message)
    if match is not None:
        message = message[: match.start()].rstrip()
        if line is None:
            if match.group(1):
                line, column = int(match.group(1)), int(match.group(2))
            else:
                line = text.count("\n") + 1
                column = len(text) - (text.rfind("\n") + 1) + 1
    line = line or 1
    twice = re.match(r"Cannot declare \((.*)\) twice", message)
    if twice is not None:
        keys = tuple(re.findall(r"'((?:[^'\\]|\\.)*)'", twice.group(1)))
        if len(keys) == 2 and keys[0] in ("labs", "channels", "variants"):
            kind = {"labs": "lab", "channels": "channel", "variants": "variant"}[keys[0]]
            return InputError(
                f"{kind} {keys[1]!r} is declared twice; expected each {kind} name once "
                "(a TOML table may be defined only once)",
                file=file,
                line=line,
                column=column,
                field=keys[0],
                value=keys[1],
            )
        return InputError(
            "table declared twice; expected each table once (TOML syntax)",
            file=file,
            line=line,
            column=column,
            field=_dotted(keys) or None,
        )
    rows = text.split("\n")
    source_line = rows[line - 1].strip() if 0 < line <= len(rows) else ""
    if message.startswith("Cannot overwrite a value"):
        message = "key defined twice; expected each key once"
    return InputError(
        f"TOML syntax error: {message}; expected valid TOML (https://toml.io)",
        file=file,
        line=line,
        column=column,
        field=_field_on_line(text, line),
        value=_shown(source_line) if source_line else None,
    )


def _read_text(path: Path) -> str:
    file = str(path)
    if path.is_dir():
        raise InputError(
            "is a directory; expected a scenario file (.toml)", file=file, field="MODEL"
        )
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(
            "no such file; expected a scenario file (.toml) or a shipped model "
            f"({', '.join(shipped_models()) or 'none installed'})",
            file=file,
            field="MODEL",
            value=file,
        ) from None
    except OSError as exc:
        raise InputError(
            f"cannot be read ({exc.strerror}); expected a readable scenario file",
            file=file,
            field="MODEL",
        ) from None
    return decode_scenario_text(data, file)


def decode_scenario_text(data: bytes, file: str) -> str:
    """The text of a scenario file's bytes, or an :class:`InputError` at the bad byte.

    Shared by the file loader and the explorer's upload, so both refuse the same way.

    Examples
    --------
    >>> decode_scenario_text(b"name = 1\\n\\xff", "a.toml")
    Traceback (most recent call last):
    ...
    gametheory.core.errors.InputError: a.toml:2:1: (file): not UTF-8 text (byte 0xff); expected a UTF-8 TOML file
    """  # noqa: E501
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError(
            f"not UTF-8 text (byte 0x{data[exc.start]:02x}); expected a UTF-8 TOML file",
            file=file,
            line=line,
            column=column,
            field="(file)",
        ) from None


# -- structure checks -----------------------------------------------------------------------
def _is_number(value: Any) -> bool:
    return isinstance(value, int | float | Fraction) and not isinstance(value, bool)


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "an array"
    if _is_number(value):
        return "a number"
    return f"a {type(value).__name__}"


def _expect_number(value: Any, loc: Locator, *keys: str) -> None:
    if not _is_number(value):
        expected = _EXPECTED[keys[-1]] if keys[-1] in _EXPECTED else _EXPECTED["detection"]
        raise loc.error(f"expected {expected}, got {_kind(value)}", *keys, value=value)


def _expect_text(value: Any, loc: Locator, *keys: str) -> None:
    if not isinstance(value, str):
        raise loc.error(f"expected a string, got {_kind(value)}", *keys, value=value)


def _expect_table(value: Any, loc: Locator, *keys: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise loc.error(
            f"expected a table ([{_dotted(loc.prefix + keys)}]), got {_kind(value)}",
            *keys,
            value=value,
        )
    return value


def _unknown(key: str, allowed: Iterable[str], loc: Locator, value: Any) -> InputError:
    where = f"[{_dotted(loc.prefix)}]" if loc.prefix else "the top level"
    return loc.error(f"unknown key {key!r} in {where}; {_suggest(key, allowed)}", key, value=value)


def _check_lab_table(table: Any, loc: Locator) -> None:
    table = _expect_table(table, loc)
    for key, value in table.items():
        if key not in LAB_PARAMETERS:
            raise _unknown(key, LAB_PARAMETERS, loc, value)
        _expect_number(value, loc, key)


def _plain_lab_tables(tables: Mapping[str, Any]) -> bool:
    """Whether every lab is a table of known parameters with plain numbers (column-wise)."""
    if not all(type(table) is dict for table in tables.values()):
        return False
    if not set().union(*tables.values()) <= _LAB_PARAMETER_SET:
        return False
    values = chain.from_iterable(map(dict.values, tables.values()))
    return set(map(type, values)) <= _PLAIN_NUMBER_TYPES


def _check_channel(table: Any, loc: Locator) -> None:
    table = _expect_table(table, loc)
    for key, value in table.items():
        if key not in _CHANNEL_KEYS:
            raise _unknown(key, _CHANNEL_KEYS, loc, value)
        if key == "description":
            _expect_text(value, loc, key)
        elif key == "per_lab":
            for lab, d in _expect_table(value, loc, key).items():
                _expect_number(d, loc.child("per_lab"), lab)
        else:
            _expect_number(value, loc, key)


def _check_body(doc: Mapping[str, Any], loc: Locator, allowed: Sequence[str]) -> None:
    """Check keys and types of a document or a variant's overlay (not bounds)."""
    for key, value in doc.items():
        if key in SECTION_VALIDATORS:
            _expect_table(value, loc, key)
        elif key not in allowed:
            raise _unknown(key, [*allowed, *SECTION_VALIDATORS], loc, value)
        elif key in _TEXT_KEYS or key == "default_variant":
            _expect_text(value, loc, key)
        elif key in ("background_risk", "decisiveness"):
            _expect_number(value, loc, key)
        elif key == "defaults":
            _check_lab_table(value, loc.child(key))
        elif key == "labs":
            tables = _expect_table(value, loc, key)
            if not _plain_lab_tables(tables):  # then find the first bad lab, in file order
                for lab, table in tables.items():
                    _check_lab_table(table, loc.child(key, lab))
        elif key == "channels":
            for name, table in _expect_table(value, loc, key).items():
                _check_channel(table, loc.child(key, name))
        elif key == "variants":
            for name, overlay in _expect_table(value, loc, key).items():
                overlay = _expect_table(overlay, loc, key, name)
                _check_body(overlay, loc.child(key, name), _OVERLAY_KEYS)
    default = doc.get("default_variant")
    if default is not None and default not in doc.get("variants", {}):
        raise loc.error(
            f"no such variant; {_suggest(default, doc.get('variants', {}))}",
            "default_variant",
            value=default,
        )


# -- variants and overrides -----------------------------------------------------------------
def _merge(
    base: dict[str, Any],
    overlay: Mapping[str, Any],
    origin: dict[Path_, Source],
    at: Path_,
    source: Path_,
) -> None:
    for key, value in overlay.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            _merge(base[key], value, origin, (*at, key), (*source, key))
        else:
            base[key] = copy.deepcopy(value)
            origin[(*at, key)] = (*source, key)


def _parse_override_value(text: Any, exact: bool) -> Any:
    if not isinstance(text, str):
        return text
    try:
        doc = _loads(f"value = {text}", "--set", exact)
    except InputError:
        return text  # an unquoted word: taken as text
    if set(doc) != {"value"}:
        return text
    return doc["value"]


def _override_path(key: str, file: str) -> Path_:
    try:
        doc = tomllib.loads(f"{key} = 0")
    except tomllib.TOMLDecodeError:
        doc = {}
    path: list[str] = []
    while isinstance(doc, dict) and len(doc) == 1:
        (name, doc) = next(iter(doc.items()))
        path.append(name)
    if not path or doc != 0:
        raise InputError(
            "not a dotted key; expected KEY=VALUE with KEY like labs.lab-a.prize",
            file=file,
            field="--set",
            value=key,
        )
    return tuple(path)


def _settable(doc: Mapping[str, Any], path: Path_) -> tuple[int, list[str]] | None:
    """None if ``path`` names a field that may be set; else where it fails and the options."""
    labs = list(doc.get("labs", {}))
    sections = [s for s in SECTION_VALIDATORS if s in doc]
    top = [*_TEXT_KEYS, "background_risk", "decisiveness", *_TABLE_KEYS, *sections]

    def children(prefix: Path_) -> list[str] | None:
        """The keys under ``prefix``, or None when it is a value."""
        if not prefix:
            return top
        head, depth = prefix[0], len(prefix)
        if head in sections:
            node: Any = doc
            for key in prefix:
                node = node[key]
            return list(node) if isinstance(node, dict) else None
        if depth == 1:
            tables = {
                "defaults": list(LAB_PARAMETERS),
                "labs": labs,
                "channels": list(doc.get("channels", {})),
            }
            return tables.get(head)
        if head == "labs" and depth == 2:
            return list(LAB_PARAMETERS)
        if head == "channels" and depth == 2:
            return list(_CHANNEL_KEYS)
        if head == "channels" and depth == 3 and prefix[2] == "per_lab":
            return labs
        return None

    for depth in range(len(path)):
        options = children(path[:depth])
        if options is None:
            return depth, []
        if path[depth] not in options:
            return depth, options
    options = children(path)
    return None if options is None else (len(path), options)


def _apply_overrides(
    doc: dict[str, Any],
    overrides: Iterable[tuple[str, Any] | str],
    origin: dict[Path_, Source],
    file: str,
    exact: bool,
) -> None:
    for item in overrides:
        if isinstance(item, str):
            key, _, text = item.partition("=")
        else:
            key, text = item
        key = key.strip()
        path = _override_path(key, file)
        failure = _settable(doc, path)
        if failure is not None:
            depth, options = failure
            prefix = _dotted(path[:depth])
            if not options:
                message = f"{prefix} is a value, not a table; expected KEY={prefix}"
            elif depth == len(path):
                choices = ", ".join(f"{prefix}.{k}" for k in options)
                message = f"{prefix} is a table, not a value; expected one of: {choices}"
            else:
                where = f"[{prefix}]" if prefix else "the top level"
                message = f"no field {path[depth]!r} in {where}; " + _suggest(path[depth], options)
            raise InputError(message, file=file, field=f"--set {key}", value=text)
        value = _parse_override_value(text, exact)
        node = doc
        for name in path[:-1]:
            node = node.setdefault(name, {})
        node[path[-1]] = value
        origin[path] = f"{key}={text}"


# -- building the model ---------------------------------------------------------------------
def _number_value(value: Any, exact: bool, loc: Locator, *keys: str) -> Any:
    """Convert a checked number: Fraction in exact mode, float otherwise."""
    if isinstance(value, float) and not math.isfinite(value):
        expected = _EXPECTED.get(keys[-1], "a number")
        raise loc.error(f"expected a finite number ({expected})", *keys, value=value)
    if abs(value) > _MAX_MAGNITUDE:
        raise loc.error(
            f"too large; expected {_EXPECTED.get(keys[-1], 'a number')} of magnitude at most "
            f"{_MAX_MAGNITUDE:g}",
            *keys,
            value=value,
        )
    if exact:  # a float (a Python override) is read as its shortest decimal text, like TOML's
        return Fraction(repr(value)) if isinstance(value, float) else Fraction(value)
    return float(value)


def _relocate(
    exc: InputError,
    loc: Locator,
    keys: Path_,
    doc: Mapping[str, Any],
    applies_to: str | None = None,
) -> None:
    """Re-raise a dataclass's error at ``keys``, showing the value as the document wrote it."""
    node: Any = doc
    for key in keys:
        node = node.get(key) if isinstance(node, dict) else None
    value = node if _is_number(node) else exc.value
    raise loc.error(exc.message, *keys, value=value, applies_to=applies_to) from None


def _build_labs(doc: Mapping[str, Any], loc: Locator, exact: bool) -> list[Lab]:
    labs_table = doc.get("labs", {})
    if not labs_table:
        raise loc.error(
            "expected at least one lab: add a [labs.<name>] table for each lab",
            "labs",
            value=labs_table,
        )
    defaults = doc.get("defaults", {})
    if not exact:
        fast = _labs_by_columns(labs_table, defaults)
        if fast is not None:
            return fast
    labs: list[Lab] = []
    for name, table in labs_table.items():
        params: dict[str, Any] = {}
        sources: dict[str, Path_] = {}
        for parameter in LAB_PARAMETERS:
            if parameter in table:
                sources[parameter] = ("labs", name, parameter)
                params[parameter] = table[parameter]
            elif parameter in defaults:
                sources[parameter] = ("defaults", parameter)
                params[parameter] = defaults[parameter]
            else:
                raise loc.error(
                    f"missing; expected {_EXPECTED[parameter]} in [labs.{_dotted([name])}] "
                    "or in [defaults]",
                    "labs",
                    name,
                    parameter,
                )
            params[parameter] = _number_value(params[parameter], exact, loc, *sources[parameter])
        try:
            labs.append(Lab(name, **params))
        except InputError as exc:
            parameter = (exc.field or "").rpartition(".")[2]
            if parameter in sources:
                applies = _dotted(("labs", name, parameter))
                _relocate(exc, loc, sources[parameter], doc, applies_to=applies)
            _relocate(exc, loc, ("labs", name), doc)
    return labs


def _labs_by_columns(
    labs_table: Mapping[str, Any], defaults: Mapping[str, Any]
) -> list[Lab] | None:
    """The labs in float mode, checked a column at a time; None if any value needs a look.

    The caller then builds the labs one by one, to report the first problem where it is.
    """
    tables = list(labs_table.values())
    columns = []
    for parameter in LAB_PARAMETERS:
        default = defaults.get(parameter, _MISSING)
        column = [table.get(parameter, default) for table in tables]
        if not set(map(type, column)) <= _FLOAT_MODE_TYPES:  # a missing value, or not a number
            return None
        try:
            values = np.array(column, dtype=np.float64)
        except OverflowError:  # an integer beyond float64: refused, where it is, below
            return None
        with np.errstate(invalid="ignore"):
            if not (np.abs(values) <= _MAX_MAGNITUDE).all():  # also refuses inf and nan
                return None
        columns.append(values.tolist())
    try:
        return [Lab(*row) for row in zip(labs_table, *columns, strict=True)]
    except InputError:
        return None


def _build_channels(
    doc: Mapping[str, Any], loc: Locator, lab_names: Sequence[str], exact: bool
) -> list[Channel]:
    channels: list[Channel] = []
    known = set(lab_names)
    for name, table in doc.get("channels", {}).items():
        per_lab = table.get("per_lab", {})
        for lab in per_lab:
            if lab not in known:
                raise loc.error(
                    f"no such lab; {_suggest(lab, lab_names)}",
                    "channels",
                    name,
                    "per_lab",
                    lab,
                    value=per_lab[lab],
                )
        shared: Path_ = ("channels", name, "detection")
        if "detection" not in table:
            for lab in lab_names:
                if lab not in per_lab:
                    raise loc.error(
                        f"no detection probability for lab {lab!r}; expected 'detection' "
                        f"(for every lab) or a per_lab entry {_dotted([lab])} = p",
                        "channels",
                        name,
                    )
        sources: list[Path_] = [
            ("channels", name, "per_lab", lab) if lab in per_lab else shared for lab in lab_names
        ]
        detection = []
        every_lab = None  # the shared detection, converted once (when first used)
        for lab, source in zip(lab_names, sources, strict=True):
            if source is not shared:
                detection.append(_number_value(per_lab[lab], exact, loc, *source))
            else:
                if every_lab is None:
                    every_lab = _number_value(table["detection"], exact, loc, *shared)
                detection.append(every_lab)
        cost = _number_value(table.get("cost", 0), exact, loc, "channels", name, "cost")
        try:
            channels.append(Channel(name, tuple(detection), cost, table.get("description", "")))
        except InputError as exc:
            found = re.search(r"\[(\d+)\]$", exc.field or "")
            if found is not None:
                k = int(found.group(1))
                _relocate(exc, loc, sources[k], doc, applies_to=f"lab {lab_names[k]!r}")
            if exc.field == "channels[].name":
                _relocate(exc, loc, ("channels", name), doc)
            _relocate(exc, loc, ("channels", name, "cost"), doc)
    return channels


def _check_lab_references(sections: Mapping[str, Any], labs: set[str], loc: Locator) -> None:
    """Every lab a section names exists (so ``validate`` catches what the commands would)."""

    def missing(name: Any, *keys: str) -> InputError:
        shown = sorted(labs)[:10]
        more = f" and {len(labs) - 10} more" if len(labs) > 10 else ""
        return loc.error(f"no such lab; expected one of {shown}{more}", *keys, value=name)

    network = sections.get("network")
    if isinstance(network, Mapping):
        for k, edge in enumerate(network.get("edges", [])):
            for end in ("source", "target"):
                if isinstance(edge, Mapping) and edge.get(end) not in labs:
                    raise missing(edge.get(end), "network", "edges", str(k), end)
    uncertainty = sections.get("uncertainty")
    if isinstance(uncertainty, Mapping):
        for path in uncertainty:
            parts = str(path).split(".")
            if len(parts) == 3 and parts[0] == "labs" and parts[1] not in labs:
                raise missing(parts[1], "uncertainty", str(path))


def _build_sections(doc: Mapping[str, Any], loc: Locator) -> dict[str, Any]:
    sections: dict[str, Any] = {}
    for name, spec in SECTION_VALIDATORS.items():
        if name not in doc:
            continue
        module, _, function = spec.partition(":")
        validator: Callable[[Any, Locator], Any] = getattr(
            importlib.import_module(module), function
        )
        child = loc.child(name)
        try:
            sections[name] = validator(doc[name], child)
        except InputError as exc:
            if exc.file is not None:
                raise
            raise child.error(exc.message, value=exc.value) from None
    return sections


@dataclass(frozen=True)
class Scenario:
    """A scenario file, read and validated: the model and everything that went into it.

    Attributes
    ----------
    model : PauseModel
        The model, with the variant and overrides applied.
    path : Path
        The file read.
    name, description, assumptions : str
        From the file (``name`` defaults to the file's stem).
    variant : str or None
        The variant applied (``None``: the base document).
    variants : dict
        Every variant the file defines, name -> description, in file order.
    parameters : dict
        Every parameter used, fully resolved: ``name``, ``description``, ``variant``,
        ``background_risk``, ``decisiveness``, ``labs`` (lab -> its six parameters) and
        ``channels`` (channel -> ``description``, ``cost``, ``detection`` as lab -> probability).
        Numbers are Fractions in exact mode, floats otherwise.
    sections : dict
        The validated extra sections (:data:`SECTION_VALIDATORS`).
    exact : bool
        Whether the numbers are exact Fractions.
    """

    model: PauseModel
    path: Path
    name: str
    description: str
    assumptions: str
    variant: str | None
    variants: dict[str, str]
    parameters: dict[str, Any]
    sections: dict[str, Any] = field(default_factory=dict)
    exact: bool = False


def parse_scenario(
    text: str,
    *,
    source: str | Path = "<string>",
    variant: str | None = None,
    overrides: Iterable[tuple[str, Any] | str] = (),
    exact: bool = False,
) -> Scenario:
    """Read a scenario from TOML text (see the module docstring for the schema).

    Parameters
    ----------
    text : str
        The TOML text.
    source : str or Path
        Where the text came from, for error messages and :attr:`Scenario.path`.
    variant, overrides, exact
        As for :func:`load_scenario`.

    Returns
    -------
    Scenario

    Raises
    ------
    InputError
        On any problem, located at ``source:line``.

    Examples
    --------
    >>> s = parse_scenario('''
    ... [defaults]
    ... capability = 1
    ... prize = 4
    ... pause_cost = 1
    ... harm = 0
    ... risk = 0
    ... sanction = 10
    ... [labs.a]
    ... [labs.b]
    ... prize = 6
    ... ''', source="demo.toml", exact=True)
    >>> s.model.lab_names, s.model.labs[1].prize
    (('a', 'b'), Fraction(6, 1))
    >>> parse_scenario("[labs.a]\\nprise = 3\\n", source="demo.toml")
    Traceback (most recent call last):
    ...
    gametheory.core.errors.InputError: demo.toml:2: labs.a.prise = 3: unknown key 'prise' in [labs.a]; did you mean 'prize'? expected one of: capability, prize, pause_cost, harm, risk, sanction
    """  # noqa: E501
    with _collector_paused():
        return _parse_scenario(text, str(source), variant, overrides, exact)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a scenario builds its many small objects.

    A scenario of many labs makes hundreds of thousands of dicts, floats and labs, none in a
    reference cycle; the collector would otherwise traverse them again and again.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _parse_scenario(
    text: str,
    file: str,
    variant: str | None,
    overrides: Iterable[tuple[str, Any] | str],
    exact: bool,
) -> Scenario:
    doc = _loads(text, file, exact)
    loc = Locator(file, text)
    _check_body(doc, loc, (*_TOP_KEYS, *_TABLE_KEYS, "variants"))

    variants_table: dict[str, Any] = doc.get("variants", {})
    variants = {name: str(table.get("description", "")) for name, table in variants_table.items()}
    chosen = variant if variant is not None else doc.get("default_variant")
    # A variant or an override is merged into the document: copy it first, and only then.
    keep = copy.deepcopy if (chosen is not None or overrides) else (lambda value: value)
    resolved = {k: keep(v) for k, v in doc.items() if k not in ("variants",)}
    resolved.pop("default_variant", None)
    origin: dict[Path_, Source] = {}
    if chosen is not None:
        if chosen not in variants_table:
            raise InputError(
                f"no such variant; {_suggest(chosen, variants)}"
                if variants
                else "this scenario defines no variants; expected no --variant",
                file=file,
                line=loc.line("variants") or loc.line("default_variant"),
                field="variant",
                value=chosen,
            )
        overlay = {k: v for k, v in variants_table[chosen].items() if k != "description"}
        _merge(resolved, overlay, origin, (), ("variants", chosen))
    _apply_overrides(resolved, overrides, origin, file, exact)
    rloc = loc.with_origin(origin)
    _check_body(resolved, rloc, (*_TOP_KEYS, *_TABLE_KEYS))

    labs = _build_labs(resolved, rloc, exact)
    lab_names = [lab.name for lab in labs]
    channels = _build_channels(resolved, rloc, lab_names, exact)
    background = _number_value(resolved.get("background_risk", 0), exact, rloc, "background_risk")
    decisiveness = _number_value(resolved.get("decisiveness", 1), exact, rloc, "decisiveness")
    name = resolved.get("name", Path(file).stem)
    description = resolved.get("description", "")
    try:
        model = PauseModel(
            labs=tuple(labs),
            channels=tuple(channels),
            background_risk=background,
            decisiveness=decisiveness,
            name=name,
            description=description,
        )
    except InputError as exc:
        _relocate(exc, rloc, tuple((exc.field or "").split(".")[:1]), resolved)
    sections = _build_sections(resolved, rloc)
    _check_lab_references(sections, set(lab_names), rloc)
    parameters_of = attrgetter(*LAB_PARAMETERS)
    parameters: dict[str, Any] = {
        "name": name,
        "description": description,
        "variant": chosen,
        "background_risk": background,
        "decisiveness": decisiveness,
        "labs": {
            lab.name: dict(zip(LAB_PARAMETERS, parameters_of(lab), strict=True)) for lab in labs
        },
        "channels": {
            c.name: {
                "description": c.description,
                "cost": c.cost,
                "detection": dict(zip(lab_names, c.detection, strict=True)),
            }
            for c in channels
        },
    }
    return Scenario(
        model=model,
        path=Path(file),
        name=name,
        description=description,
        assumptions=resolved.get("assumptions", ""),
        variant=chosen,
        variants=variants,
        parameters=parameters,
        sections=sections,
        exact=exact,
    )


# -- files and shipped models ---------------------------------------------------------------
def _model_dirs() -> list[Path]:
    package = Path(__file__).resolve().parent.parent  # gametheory/
    return [package / "_models", package.parent / "models"]


def shipped_models() -> dict[str, Path]:
    """The scenario files shipped with the package, name -> path, sorted by name.

    Examples
    --------
    >>> models = shipped_models()
    >>> DEFAULT_MODEL in models and models[DEFAULT_MODEL].suffix == ".toml"
    True
    """
    for directory in _model_dirs():
        if directory.is_dir():
            files = sorted(directory.glob("*.toml"))
            if files:
                return {path.stem: path for path in files}
    return {}


def resolve_model(name_or_path: str | Path) -> Path:
    """The file of a scenario given as a path or as a shipped model's name.

    An existing path wins; otherwise ``frontier-five`` and ``frontier-five.toml`` name the
    shipped model. A name that is neither is an :class:`~gametheory.core.errors.InputError`.

    Examples
    --------
    >>> resolve_model("two-labs.toml").name
    'two-labs.toml'
    >>> resolve_model("two-lab")
    Traceback (most recent call last):
    ...
    gametheory.core.errors.InputError: two-lab: MODEL = 'two-lab': no such file or shipped model; did you mean 'two-labs'? ...
    """  # noqa: E501
    path = Path(name_or_path)
    if path.exists():
        return path
    shipped = shipped_models()
    stem = path.name[: -len(".toml")] if path.name.endswith(".toml") else path.name
    if path.parent == Path(".") and stem in shipped:
        return shipped[stem]
    raise InputError(
        f"no such file or shipped model; {_suggest(stem, shipped)}",
        file=str(name_or_path),
        field="MODEL",
        value=str(name_or_path),
    )


def load_scenario(
    path: str | Path,
    *,
    variant: str | None = None,
    overrides: Iterable[tuple[str, Any] | str] = (),
    exact: bool = False,
) -> Scenario:
    """Read and validate a scenario file (schema in the module docstring).

    Parameters
    ----------
    path : str or Path
        A TOML file, or the name of a shipped model (:func:`shipped_models`).
    variant : str, optional
        A variant to apply (default: the file's ``default_variant``, if any).
    overrides : iterable of (key, value) pairs or ``"KEY=VALUE"`` strings
        Applied after the variant; a string value is read as a TOML value.
    exact : bool
        Read decimals as exact Fractions.

    Returns
    -------
    Scenario

    Raises
    ------
    InputError
        Naming file:line, the field, the bad value and what was expected.

    Examples
    --------
    >>> s = load_scenario("coordinated-pausing", variant="legal")
    >>> s.variant, s.model.num_labs, "voluntary" in s.variants
    ('legal', 4, True)
    >>> load_scenario("two-labs", overrides=[("labs.lab-a.prize", "3")]).model.labs[0].prize
    3.0
    """
    resolved = resolve_model(path)
    text = _read_text(resolved)
    return parse_scenario(text, source=resolved, variant=variant, overrides=overrides, exact=exact)


def load_model(
    path: str | Path,
    *,
    variant: str | None = None,
    overrides: Iterable[tuple[str, Any] | str] = (),
    exact: bool = False,
) -> PauseModel:
    """The :class:`~gametheory.pause.model.PauseModel` of a scenario file (see
    :func:`load_scenario`).

    Examples
    --------
    >>> model = load_model("two-labs", exact=True)
    >>> model.lab_names, type(model.labs[0].prize).__name__
    (('lab-a', 'lab-b'), 'Fraction')
    """
    return load_scenario(path, variant=variant, overrides=overrides, exact=exact).model
