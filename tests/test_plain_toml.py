"""Tests of gametheory.pause.plain_toml: the fast reader gives tomllib's document, exactly."""

from __future__ import annotations

import tomllib
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory.pause import plain_toml
from gametheory.pause.plain_toml import loads, loads_plain

MODELS = Path(__file__).parent.parent / "models"


def typed(value: Any) -> Any:
    """A document with every scalar's type made visible (1, 1.0 and True differ; so do 0.0
    and -0.0), so that equality means the same document, not merely equal numbers."""
    if isinstance(value, dict):
        return {key: typed(item) for key, item in value.items()}, list(value)
    if isinstance(value, list):
        return [typed(item) for item in value]
    return type(value).__name__, repr(value)


# -- generated texts: the subset, its edges, and what lies outside it ------------------------
KEYS = st.sampled_from(["a", "b", "labs", "x-y", "_1", "1", "true", "prize"])
PLAIN_SCALARS = st.one_of(
    st.integers(-(10**6), 10**6).map(str),
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
    st.sampled_from(["0", "-0", "+1", "1e5", "1E-05", "-0.0", "+2.5e+3", "0.1", "1e400"]),
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=6).map(
        lambda s: '"' + s.replace("\\", "").replace('"', "").replace("\n", "") + '"'
    ),
    st.text(max_size=6).map(lambda s: "'" + s.replace("'", "").replace("\n", "") + "'"),
    st.sampled_from(["true", "false"]),
)
OTHER_SCALARS = st.sampled_from(
    [
        *["inf", "nan", "-inf", "1_000", "01", "1.", ".5", "0x1f", "1979-05-27", '"a\\\\tb"'],
        *["truex", '"""x"""', "'''y'''", '"unclosed', "2e", "", "1 2", "--1", "\u00e9"],
    ]
)
SCALARS = st.one_of(PLAIN_SCALARS, PLAIN_SCALARS, OTHER_SCALARS)
SPACE = st.sampled_from(["", " ", "\t", "  "])


@st.composite
def headers(draw: st.DrawFn) -> str:
    path = draw(st.lists(KEYS, min_size=1, max_size=3))
    dot = draw(st.sampled_from([".", ".", " . ", "\t.", "..", '."q".']))
    brackets = draw(st.sampled_from([("[", "]"), ("[", "]"), ("[ ", " ]"), ("[[", "]]")]))
    return brackets[0] + dot.join(path) + brackets[1]


@st.composite
def values(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["scalar", "scalar", "scalar", "array", "inline"]))
    if kind == "scalar":
        return draw(SCALARS)
    if kind == "array":
        items = draw(st.lists(SCALARS, max_size=4))
        trailing = draw(st.sampled_from(["", ",", " , "]))
        return "[" + ", ".join(items) + (trailing if items else "") + "]"
    pairs = draw(st.lists(st.tuples(KEYS, SCALARS), max_size=3))
    return "{" + ", ".join(f"{k} = {v}" for k, v in pairs) + draw(st.sampled_from(["", ","])) + "}"


@st.composite
def lines(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["header", "pair", "pair", "pair", "blank", "odd"]))
    if kind == "header":
        line = draw(headers())
    elif kind == "pair":
        key = draw(st.one_of(KEYS, KEYS, st.sampled_from(['"a"', "a.b", "a . b", "'b'", ""])))
        line = f"{key}{draw(SPACE)}={draw(SPACE)}{draw(values())}"
    elif kind == "blank":
        line = ""
    else:
        line = draw(st.sampled_from(["# note", "=", "[", "a", "\x00", "\r", "\x7f", "\ufeffa = 1"]))
    comment = draw(st.sampled_from(["", "", " # c", "#", " #\x01", " # [x] = 1"]))
    return draw(SPACE) + line + comment


TEXTS = st.builds(
    lambda rows, newline: newline.join(rows),
    st.lists(lines(), max_size=12),
    st.sampled_from(["\n", "\n", "\r\n"]),
)


def tomllib_answer(text: str, parse_float: Any = float) -> Any:
    try:
        return typed(tomllib.loads(text, parse_float=parse_float))
    except (tomllib.TOMLDecodeError, ValueError) as exc:
        return f"{type(exc).__name__}: {exc}"


def reader_answer(text: str) -> Any:
    try:
        return typed(loads(text))
    except (tomllib.TOMLDecodeError, ValueError) as exc:
        return f"{type(exc).__name__}: {exc}"


@settings(max_examples=1500, deadline=None)
@given(TEXTS)
def test_plain_reader_gives_tomllibs_document_or_declines(text: str) -> None:
    plain = loads_plain(text)
    expected = tomllib_answer(text)
    if plain is not None:  # read here: then tomllib reads it, to the same document
        assert typed(plain) == expected
    assert reader_answer(text) == expected


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_plain_reader_passes_parse_float_as_tomllib_does(text: str) -> None:
    plain = loads_plain(text, parse_float=Fraction)
    if plain is not None:
        assert typed(plain) == tomllib_answer(text, Fraction)


def many_labs(count: int) -> str:
    head = 'name = "many"\n[defaults]\ncapability = 1\nprize = 10\n[channels.audits]\n'
    return (
        head + "detection = 0.3\n" + "".join(f"[labs.l{i}]\nprize = {i}.5\n" for i in range(count))
    )


def test_plain_subset_is_read_without_tomllib(monkeypatch: pytest.MonkeyPatch) -> None:
    text = (
        'name = "x"  # c\ncount = -3\nflag = true\nlit = \'C:\\\\dir\'\nxs = [1, 2.5, "a",]\n'
        "pair = { a = 1, b = 'z' }\n\n[ labs . a ]\nprize = 1e3\n[labs.b]\n[labs]\nnote = 'n'\n"
    )
    expected = tomllib.loads(text)

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("tomllib was called")

    monkeypatch.setattr(plain_toml.tomllib, "loads", refuse)
    assert typed(loads(text)) == typed(expected)
    assert loads(many_labs(50))["labs"]["l49"] == {"prize": 49.5}


@pytest.mark.parametrize(
    "text",
    [
        "[a]\n[a]\n",  # declared twice
        "[a.b]\n[a . b]\n",  # the same table written two ways
        "a = 1\na = 2\n",  # key defined twice
        "a = 1\n[a]\n",  # a header through a value
        "a = {x = 1}\n[a.y]\n",  # an inline table is closed
        "xs = [1]\n[xs.y]\n",  # a header through an array
        "[a]\nb = 1\n[a.b]\n",  # a table over a value
        "a = { x = 1, x = 2 }\n",  # a key twice in an inline table
        "a.b = 1\n",  # a dotted key: tomllib's business
        'a = "\\u00e9"\n',  # an escape
        "a = 1\rb = 2\n",  # a lone carriage return
    ],
)
def test_conflicts_and_the_unusual_go_to_tomllib(text: str) -> None:
    assert loads_plain(text) is None
    assert reader_answer(text) == tomllib_answer(text)


@pytest.mark.parametrize("path", sorted(MODELS.glob("*.toml")), ids=lambda p: p.stem)
def test_shipped_models_read_as_tomllib_reads_them(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert typed(loads(text)) == typed(tomllib.loads(text))
