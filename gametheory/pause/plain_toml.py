"""A fast reader for the plain subset of TOML that scenario files use, exact to :mod:`tomllib`.

:func:`loads` returns what ``tomllib.loads`` returns, for every text. A text written in the
*plain subset* is read here, one line at a time, at several times :mod:`tomllib`'s speed (a
scenario of 100,000 labs is 200,000 such lines); any other text -- and any text whose meaning
or validity needs more than a glance -- is handed to :mod:`tomllib` unchanged, so its errors
and its results are :mod:`tomllib`'s own.

The plain subset, line by line (whitespace is spaces and tabs; each line may end with a
``# comment``):

- blank lines and comment lines;
- table headers ``[a]``, ``[a.b.c]`` of bare keys (``A-Za-z0-9_-``);
- ``key = value`` with a bare key, and a value that is a decimal integer, a decimal float
  (``1.5``, ``-2e3``; no underscores, ``inf`` or ``nan``), a basic string without escapes
  (``"text"``), a literal string (``'text'``), ``true`` or ``false``, a one-line array of
  such values, or a one-line inline table of ``key = value`` pairs of such values.

Anything else (dotted keys, quoted keys, escapes, multi-line strings or arrays, arrays of
tables, dates, a control character, a lone carriage return) sends the whole text to
:mod:`tomllib`, and so does every conflict: a key defined twice, a table declared twice, a
header through a value or an inline table. The property tests (``tests/test_plain_toml.py``)
compare both readers on generated texts.

Examples
--------
>>> loads('name = "x"\\n[labs.a]\\nprize = 4\\nrisk = 0.5  # per race\\n')
{'name': 'x', 'labs': {'a': {'prize': 4, 'risk': 0.5}}}
>>> loads("[a]\\nx = 1\\n[a]\\n")  # declared twice: tomllib's own error
Traceback (most recent call last):
...
tomllib.TOMLDecodeError: Cannot declare ('a',) twice (at line 3, column 3)
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from typing import Any

__all__ = ["loads", "loads_plain"]

_WS = r"[ \t]*"
_BARE = r"[A-Za-z0-9_-]+"
_INT = r"[+-]?(?:0|[1-9][0-9]*)"
_FLOAT = rf"{_INT}(?:\.[0-9]+(?:[eE][+-]?[0-9]+)?|[eE][+-]?[0-9]+)"
# Control characters were refused for the whole text before any line is matched.
_BASIC = r'"[^"\\\n]*"'
_LITERAL = r"'[^'\n]*'"
_SCALAR = rf"(?:{_FLOAT}|{_INT}|{_BASIC}|{_LITERAL}|true|false)"
_ARRAY = rf"\[{_WS}(?:{_SCALAR}{_WS}(?:,{_WS}{_SCALAR}{_WS})*(?:,{_WS})?)?\]"
_PAIR = rf"{_BARE}{_WS}={_WS}{_SCALAR}"
_INLINE = rf"\{{{_WS}(?:{_PAIR}{_WS}(?:,{_WS}{_PAIR}{_WS})*)?\}}"

#: One line of the plain subset; ``lastgroup`` names what it holds (None: nothing).
_LINE = re.compile(
    rf"{_WS}(?:\[{_WS}(?P<table>{_BARE}(?:{_WS}\.{_WS}{_BARE})*){_WS}\]"
    rf"|(?P<key>{_BARE}){_WS}={_WS}(?:(?P<float>{_FLOAT})|(?P<int>{_INT})"
    rf'|"(?P<basic>[^"\\\n]*)"|'
    r"'(?P<literal>[^'\n]*)'"
    rf"|(?P<bool>true|false)|(?P<array>{_ARRAY})|(?P<inline>{_INLINE})))?{_WS}(?:#.*)?"
)
#: One scalar inside an array or an inline table (with the key, for an inline table).
_ELEMENT = re.compile(
    rf"(?:(?P<name>{_BARE}){_WS}={_WS})?(?:(?P<float>{_FLOAT})|(?P<int>{_INT})"
    rf'|"(?P<basic>[^"\\\n]*)"|'
    r"'(?P<literal>[^'\n]*)'|(?P<bool>true|false))"
)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_DOT = re.compile(rf"{_WS}\.{_WS}")


class _NotPlain(Exception):
    """The text is outside the plain subset (or needs tomllib to decide)."""


def _scalar(kind: str | None, text: str, parse_float: Callable[[str], Any]) -> Any:
    if kind == "float":
        return parse_float(text)
    if kind == "int":
        return int(text)
    if kind == "bool":
        return text == "true"
    return text  # basic (no escapes) or literal: the text between the quotes


def _elements(text: str, parse_float: Callable[[str], Any]) -> list[tuple[str | None, Any]]:
    out = []
    for match in _ELEMENT.finditer(text):
        kind = match.lastgroup
        out.append((match["name"], _scalar(kind, match[kind or "float"], parse_float)))
    return out


def loads_plain(text: str, parse_float: Callable[[str], Any] = float) -> dict[str, Any] | None:
    """The document of a text in the plain subset, or None when the text is outside it.

    A None answer says nothing about the text's validity: :func:`loads` then asks
    :mod:`tomllib`.

    Examples
    --------
    >>> loads_plain("[labs.a]\\nprize = 4\\n")
    {'labs': {'a': {'prize': 4}}}
    >>> loads_plain("a.b = 1\\n") is None  # a dotted key: outside the subset
    True
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n")  # a lone \r is left for the control check
    if _CONTROL.search(text) is not None:
        return None
    root: dict[str, Any] = {}
    declared: set[str] = set()  # the headers' texts
    declared_paths: set[tuple[str, ...]] = set()
    parent_path: list[str] = []
    parent = root
    frozen: set[int] = set()  # inline tables: closed to headers
    current = root
    try:
        for match in map(_LINE.fullmatch, text.split("\n")):
            if match is None:
                raise _NotPlain
            kind = match.lastgroup
            if kind is None:
                continue
            if kind == "table":
                name = match["table"]
                if name in declared:  # the same text twice (the usual case: [labs.a])
                    raise _NotPlain
                path = _DOT.split(name) if " " in name or "\t" in name else name.split(".")
                if len(path) > 1 and path[:-1] == parent_path:
                    node = parent  # [labs.a] after [labs.b]: the parent is already known
                else:
                    node = root
                    for key in path[:-1]:
                        node = _child(node, key, frozen)
                    parent_path, parent = path[:-1], node
                current = _child(node, path[-1], frozen)
                declared.add(name)
                declared_paths.add(tuple(path))
                continue
            key, text = match.group("key", kind)
            if key in current:
                raise _NotPlain
            if kind == "float":
                current[key] = parse_float(text)
            elif kind == "int":
                current[key] = int(text)
            elif kind == "array":
                current[key] = [value for _, value in _elements(text, parse_float)]
            elif kind == "inline":
                pairs = _elements(text, parse_float)
                table = dict(pairs)
                if len(table) != len(pairs):
                    raise _NotPlain
                frozen.add(id(table))
                current[key] = table
            else:
                current[key] = _scalar(kind, text, parse_float)
    except _NotPlain:
        return None
    except (ValueError, ArithmeticError):  # e.g. parse_float refused: tomllib reports it
        return None
    if len(declared_paths) != len(declared):  # one table written two ways: [a.b], [a . b]
        return None
    return root


def _child(node: dict[str, Any], key: str, frozen: set[int]) -> dict[str, Any]:
    """The table ``key`` of ``node``, created if absent (a header's step)."""
    child = node.get(key)
    if child is None:
        child = node[key] = {}
    elif type(child) is not dict or id(child) in frozen:
        raise _NotPlain
    return child


def loads(text: str, *, parse_float: Callable[[str], Any] = float) -> dict[str, Any]:
    """``tomllib.loads(text, parse_float=parse_float)``, faster on the plain subset.

    Parameters
    ----------
    text : str
        A TOML document.
    parse_float : callable
        As for :func:`tomllib.loads`: turns a float's text into its value.

    Returns
    -------
    dict
        The document, exactly as :mod:`tomllib` reads it.

    Raises
    ------
    tomllib.TOMLDecodeError
        From :mod:`tomllib`, for a text that is not TOML.

    Examples
    --------
    >>> from fractions import Fraction
    >>> loads("risk = 0.1\\n", parse_float=Fraction)
    {'risk': Fraction(1, 10)}
    >>> loads('a.b = "x"\\n')  # outside the subset: read by tomllib
    {'a': {'b': 'x'}}
    """
    doc = loads_plain(text, parse_float)
    if doc is None:
        return tomllib.loads(text, parse_float=parse_float)
    return doc
