r"""Reading and writing Gambit ``.nfg`` files, and converting games to and from Nashpy.

The Gambit strategic-form format
--------------------------------
Gambit (McKelvey, McLennan & Turocy) stores an N-player strategic game as plain text. What
follows is our own summary of the format its documentation describes ("The strategic game
(.nfg) file format", payoff and outcome versions).

*Tokens.* Whitespace (spaces, tabs, newlines) only separates tokens and may appear anywhere
between them. A *label* is text in double quotes; inside it every character counts, newlines
included, and ``\"`` stands for a quote character. Curly braces group lists; list entries are
separated by whitespace only, except that the payoffs of an outcome may also be separated by
commas. A *number* is an integer (``-3``), a decimal (``0.25``, ``.5``, ``1e-3``) or a ratio of
integers (``1/3``); all of them denote exact rational values.

*Prologue*, common to both versions::

    NFG 1 R "title" { "Player 1" "Player 2" ... } STRATEGIES [ "comment" ]

``NFG`` names the file type, ``1`` is the only version there is, and the letter ``R`` (or the
obsolete ``D``) is kept for compatibility. The quoted title follows, then the player labels in
braces, in player order. ``STRATEGIES`` is either a list of positive integers, the number of
strategies of each player (``{ 3 2 }``; the strategies are then labelled ``"1"``, ``"2"``,
...), or a nested list of strategy labels, one braced list per player
(``{ { "U" "D" } { "L" "R" } }``). An optional quoted comment closes the prologue.

*Payoff version.* The body is a flat list of numbers: for every strategy profile, the payoff
of each player, in player order. Profiles are listed like the digits of a counter in which
player 1's strategy is the fastest-moving digit: (1, 1, ...), (2, 1, ...), ...,
(n_1, 1, ...), (1, 2, ...), and so on. For two players with 2 and 3 strategies the order is
(1,1) (2,1) (1,2) (2,2) (1,3) (2,3).

*Outcome version.* After the prologue comes a braced list of outcomes, each a braced group of
a label and one payoff per player: ``{ { "deal" 3, 3 } { "" 0 5 } }``. Outcomes are numbered
from 1 in the order listed. The body is then one non-negative integer per profile, in the same
profile order, naming that profile's outcome; 0 is the null outcome, in which every player
gets 0.

Which version a file uses is decided by what follows the prologue: ``{`` starts an outcome
list, a number starts a payoff list.

Our conventions
---------------
Player 1 of the file is player 0 of :class:`~gametheory.core.game.NormalFormGame`, and a file
profile :math:`(s_1, \dots, s_N)` is the array index :math:`(s_1 - 1, \dots, s_N - 1)` in the
payoff convention of :mod:`gametheory.core.game`. Because player 1 varies fastest, the flat payoff
list is exactly ``payoffs.T.ravel()`` (numpy's ``.T`` reverses every axis). Every number is
kept exactly: :func:`read_nfg` fills ``exact_payoffs`` with :class:`~fractions.Fraction`
values, so :func:`~gametheory.core.game.exact_regret` checks ties exactly. :func:`write_nfg`
writes the payoff version with the strategy labels in the nested form, as Gambit itself
does, using the exact payoffs when the game has them. In labels, :func:`read_nfg` reads
``\"`` as ``"`` and ``\\`` as ``\``, and keeps any other backslash as it is; :func:`write_nfg`
writes ``"`` as ``\"`` and doubles only the backslashes that would otherwise be read as an
escape (before ``\``, ``"`` or the closing quote), so a label such as ``C:\pause`` reaches
Gambit unchanged. Gambit cannot read back a label with consecutive backslashes or a backslash
before a quote, and Gambit 16.7 accepts only labels of printable ASCII characters without
leading, trailing or doubled spaces; such labels round-trip through :func:`read_nfg` only.
Repeated player labels, which
:class:`~gametheory.core.game.NormalFormGame` does not allow, are made distinct the way recent
Gambit versions do it, by appending ``_1``, ``_2``, ...

References
----------
.. [1] The Gambit Project, "Game representation formats: the strategic game (.nfg) file
   format, payoff version and outcome version", Gambit documentation,
   https://gambit.sourceforge.net/gambit14/formats.html
.. [2] R. D. McKelvey, A. M. McLennan and T. L. Turocy, "Gambit: Software Tools for Game
   Theory", https://www.gambit-project.org
.. [3] V. Knight and J. Campbell, "Nashpy: A Python library for the computation of Nash
   equilibria", Journal of Open Source Software 3(30), 904 (2018).
"""

from __future__ import annotations

import math
import os
import re
from collections import Counter
from collections.abc import Callable, Sequence
from fractions import Fraction
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np
from numpy.typing import NDArray

from gametheory.core.errors import InputError
from gametheory.core.game import NormalFormGame
from gametheory.core.limits import check_memory

if TYPE_CHECKING:  # pragma: no cover - typing only; nashpy is imported where it is used
    import nashpy

__all__ = ["from_nashpy", "read_nfg", "to_nashpy", "write_nfg"]

#: The file name used in error messages when the game came as text, not from a file.
TEXT_SOURCE = "<nfg text>"

# One lexeme per match, covering every character: whitespace, a brace or comma, a complete
# quoted label (with backslash escapes), an unmatched quote, or a bare word.
_LEXEME = re.compile(r'(\s+)|([{},])|"((?:[^"\\]|\\.)*)"|(")|([^\s{},"]+)', re.DOTALL)
_ESCAPE = re.compile(r'\\(["\\])')
# A backslash that a reader would take as an escape: before a backslash, a quote or the end.
_BACKSLASH = re.compile(r'\\(?=[\\"]|\Z)')
_NUMBER = re.compile(r"[+-]?(?:\d+/\d+|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)")
_INTEGER = re.compile(r"\+?\d+")
_EXPONENT = re.compile(r"[eE]([+-]?\d+)$")
#: Decimal exponents beyond this are refused before Fraction computes 10**exponent exactly
#: (a malformed "1e999999999" would take minutes); doubles need |exponent| <= 324 + digits.
_MAX_EXPONENT = 4000


class _Token(NamedTuple):
    kind: str  # "{", "}", ",", "label", "word" or "end"
    text: str
    offset: int

    def describe(self) -> str:
        if self.kind == "end":
            return "end of file"
        if self.kind == "label":
            return f"label {_quote(self.text)}"
        return repr(self.text)


def _quote(label: str) -> str:
    """``label`` in double quotes, escaped for an ``.nfg`` file (see the module docstring)."""
    return '"' + _BACKSLASH.sub(r"\\\\", label).replace('"', '\\"') + '"'


class _Parser:
    """A cursor over the tokens of one file, with errors located by line and column."""

    def __init__(self, text: str, source: str) -> None:
        self.text = text
        self.source = source
        self.tokens: list[_Token] = []
        for match in _LEXEME.finditer(text):
            space, punct, label, stray, word = match.groups()
            if space is not None:
                continue
            offset = match.start()
            if punct is not None:
                self.tokens.append(_Token(punct, punct, offset))
            elif label is not None:
                self.tokens.append(_Token("label", _ESCAPE.sub(r"\1", label), offset))
            elif stray is not None:
                raise self.error_at(
                    offset, "got a '\"' that is never closed; expected a label ending in '\"'"
                )
            else:
                self.tokens.append(_Token("word", word, offset))
        self.tokens.append(_Token("end", "", len(text)))
        self.index = 0
        self.numbers: dict[str, Fraction] = {}  # payoffs repeat: parse each text once

    def error_at(self, offset: int, message: str) -> InputError:
        line = self.text.count("\n", 0, offset) + 1
        column = offset - (self.text.rfind("\n", 0, offset) + 1) + 1
        return InputError(message, file=self.source, line=line, column=column)

    def error(self, token: _Token, expected: str) -> InputError:
        return self.error_at(token.offset, f"got {token.describe()}; expected {expected}")

    def peek(self) -> _Token:
        return self.tokens[self.index]

    def next(self) -> _Token:
        token = self.tokens[self.index]
        if token.kind != "end":
            self.index += 1
        return token

    def expect(self, kind: str, expected: str) -> _Token:
        token = self.next()
        if token.kind != kind:
            raise self.error(token, expected)
        return token

    def number(self, expected: Callable[[], str]) -> Fraction:
        """The next token as an exact number; ``expected()`` describes it in an error."""
        token = self.next()
        # Only bare words are numbers: a quoted "3" is a label, so it must not hit the cache.
        known = self.numbers.get(token.text) if token.kind == "word" else None
        if known is not None:
            return known
        if token.kind != "word" or not _NUMBER.fullmatch(token.text):
            raise self.error(token, f"a number ({expected()})")
        exponent = _EXPONENT.search(token.text)
        if exponent is not None and abs(int(exponent.group(1))) > _MAX_EXPONENT:
            raise self.error(
                token, f"a number with a decimal exponent of at most {_MAX_EXPONENT} ({expected()})"
            )
        if len(token.text) > MAX_NUMBER_DIGITS:
            raise self.error(
                token, f"a number of at most {MAX_NUMBER_DIGITS} characters ({expected()})"
            )
        try:
            value = self.numbers[token.text] = Fraction(token.text)
        except ZeroDivisionError:
            raise self.error(
                token, f"a number with a non-zero denominator ({expected()})"
            ) from None
        return value


def _distinct(labels: list[str]) -> list[str]:
    """Make repeated labels distinct by appending ``_1``, ``_2``, ... (as Gambit does)."""
    counts = Counter(labels)
    used = set(labels)
    seen: Counter[str] = Counter()
    out = []
    for label in labels:
        if counts[label] == 1:
            out.append(label)
            continue
        while True:
            seen[label] += 1
            candidate = f"{label}_{seen[label]}"
            if candidate not in used:
                break
        used.add(candidate)
        out.append(candidate)
    return out


#: The most players a game file may have (numpy arrays have at most 64 axes).
MAX_PLAYERS = 63
#: The longest number a game file may write (Python refuses longer integer text by default).
MAX_NUMBER_DIGITS = 4000


def _read_header(parser: _Parser, magic: str, version: str, kind: str) -> tuple[str, list[str]]:
    """The prologue shared by Gambit's files: ``MAGIC VERSION R "title" { "player" ... }``."""
    head = parser.next()
    if head.kind != "word" or head.text != magic:
        raise parser.error(head, f"the header '{magic}' that starts a Gambit {kind} file")
    number = parser.next()
    if number.kind != "word" or number.text != version:
        raise parser.error(number, f"the format version '{version}' after '{magic}'")
    data_type = parser.next()
    if data_type.kind != "word" or data_type.text not in ("R", "D"):
        raise parser.error(data_type, f"the data type 'R' (or 'D') after '{magic} {version}'")
    title = parser.expect("label", "the game's title as a quoted label").text

    parser.expect("{", "'{' starting the list of player labels")
    players: list[str] = []
    while parser.peek().kind == "label":
        players.append(parser.next().text)
    parser.expect("}", "a quoted player label or '}' closing the list of players")
    if not players:
        raise parser.error(parser.tokens[parser.index - 1], "at least one player label")
    return title, players


def _parse(text: str, source: str) -> NormalFormGame:
    parser = _Parser(text, source)

    # -- prologue --------------------------------------------------------------------------
    title, players = _read_header(parser, "NFG", "1", "strategic-form")
    num_players = len(players)
    if num_players > MAX_PLAYERS:
        raise parser.error(
            parser.tokens[parser.index - 1],
            f"at most {MAX_PLAYERS} players (a payoff array has one axis per player and numpy "
            f"allows {MAX_PLAYERS + 1}); got {num_players}",
        )

    parser.expect("{", "'{' starting the strategy counts or strategy labels")
    actions: list[list[str]] = []
    if parser.peek().kind == "{":
        for player in players:
            parser.expect(
                "{",
                f"'{{' starting the strategy labels of player {player!r} "
                f"(one list for each of {num_players} players)",
            )
            labels = []
            while parser.peek().kind == "label":
                labels.append(parser.next().text)
            closing = parser.expect(
                "}", f"a quoted strategy label or '}}' closing player {player!r}'s strategies"
            )
            if not labels:
                raise parser.error(closing, f"at least one strategy for player {player!r}")
            actions.append(labels)
        parser.expect("}", f"'}}' closing the strategy lists of {num_players} players")
    else:
        counts = []
        for player in players:
            token = parser.next()
            if token.kind != "word" or not _INTEGER.fullmatch(token.text) or int(token.text) < 1:
                raise parser.error(
                    token,
                    f"the number of strategies of player {player!r}, a positive integer "
                    f"(one for each of {num_players} players)",
                )
            counts.append(int(token.text))
        closing = parser.expect("}", f"'}}' closing the strategy counts of {num_players} players")
        # Every profile needs at least one more token; refuse absurd counts before using them.
        remaining = len(parser.tokens) - parser.index - 1
        if math.prod(counts) > remaining:
            raise parser.error_at(
                closing.offset,
                f"got strategy counts {counts}, i.e. {math.prod(counts)} profiles, but only "
                f"{remaining} tokens follow; expected a payoff for every player at every profile "
                "(the file is too short, or a count is wrong)",
            )
        actions = [[str(k + 1) for k in range(n)] for n in counts]
    if parser.peek().kind == "label":
        parser.next()  # the optional comment; a NormalFormGame has nowhere to keep it

    shape = tuple(len(a) for a in actions)
    num_profiles = math.prod(shape)
    # Every profile needs at least one more token (label form included): refuse absurd sizes
    # before allocating, then bound the arrays by the memory limit.
    remaining = len(parser.tokens) - parser.index
    if num_profiles > remaining:
        raise parser.error_at(
            parser.tokens[parser.index - 1].offset,
            f"strategies for {num_profiles} profiles, but only {remaining} tokens follow; "
            "expected a payoff for every player at every profile",
        )
    check_memory(
        num_profiles * num_players * 8 * 4,
        field="the .nfg file's strategies",
        value=list(shape),
        what="the payoff arrays",
    )

    def profile_label(p: int) -> str:
        index = np.unravel_index(p, shape, order="F")
        return "(" + ", ".join(actions[i][int(k)] for i, k in enumerate(index)) + ")"

    def payoff_label(k: int) -> str:
        return (
            f"payoff {k + 1} of {num_players * num_profiles}: player "
            f"{players[k % num_players]!r} at profile {profile_label(k // num_players)}"
        )

    def outcome_payoff_label(number: int, player: int) -> str:
        return f"outcome {number}'s payoff to player {players[player]!r}"

    # -- body ------------------------------------------------------------------------------
    start = parser.peek()
    if start.kind == "word":
        total = num_players * num_profiles
        flat = np.empty(total, dtype=object)
        for k in range(total):
            if parser.peek().kind == "end":
                raise parser.error(
                    parser.peek(),
                    f"{total} payoffs ({num_players} players x {num_profiles} profiles); "
                    f"the file ends after {k}, the wrong number of payoffs",
                )
            flat[k] = parser.number(partial(payoff_label, k))
        trailing = f"end of file after all {total} payoffs (too many payoffs?)"
    elif start.kind == "{":
        parser.next()
        outcomes: list[list[Fraction]] = [[Fraction(0)] * num_players]
        while parser.peek().kind == "{":
            parser.next()
            number = len(outcomes)
            parser.expect("label", f"the quoted name of outcome {number}")
            values: list[Fraction] = []
            while parser.peek().kind != "}" and len(values) < num_players:
                values.append(parser.number(partial(outcome_payoff_label, number, len(values))))
                if parser.peek().kind == ",":
                    parser.next()
            closing = parser.next()
            if closing.kind != "}" or len(values) != num_players:
                raise parser.error(
                    closing,
                    f"'}}' after exactly {num_players} payoffs in outcome {number}, one per "
                    f"player; it has {len(values)}, the wrong number of payoffs",
                )
            outcomes.append(values)
        parser.expect("}", "'{' starting an outcome or '}' closing the list of outcomes")
        table = np.empty((len(outcomes), num_players), dtype=object)
        for k, values in enumerate(outcomes):
            table[k] = values
        indices = np.empty(num_profiles, dtype=np.intp)
        for p in range(num_profiles):
            token = parser.next()
            valid = token.kind == "word" and _INTEGER.fullmatch(token.text)
            if not valid or int(token.text) >= len(outcomes):
                expected = (
                    f"the outcome number (0 to {len(outcomes) - 1}) of profile "
                    f"{profile_label(p)}, profile {p + 1} of {num_profiles}"
                )
                if valid:
                    expected += f": there is no outcome {int(token.text)}"
                raise parser.error(token, expected)
            indices[p] = int(token.text)
        # Row p of the outcome table, in file order, holds every player's payoff at profile p.
        flat = table[indices].reshape(-1)
        trailing = f"end of file after all {num_profiles} outcome numbers"
    else:
        raise parser.error(start, "the payoff list (a number) or '{' starting the list of outcomes")
    extra = parser.peek()
    if extra.kind != "end":
        raise parser.error(extra, trailing)

    exact = flat.reshape((*reversed(shape), num_players)).T
    try:
        # int / int is correctly rounded, like float(Fraction), without Fraction's overhead.
        floats = np.array([x.numerator / x.denominator for x in exact.reshape(-1).tolist()])
    except OverflowError:
        raise parser.error_at(0, "payoffs within the range of a float") from None
    try:
        return NormalFormGame(
            floats.reshape(exact.shape),
            players=tuple(_distinct(players)),
            actions=tuple(tuple(a) for a in actions),
            title=title,
            exact_payoffs=exact,
        )
    except ValueError as exc:  # e.g. a payoff too large for a float
        raise InputError(str(exc), file=source) from None


def _looks_like_text(source: str) -> bool:
    return re.match(r"\s*NFG\s", source) is not None or any(c in source for c in '\n{"')


def read_nfg(path_or_text: str | os.PathLike[str]) -> NormalFormGame:
    """Read a game in Gambit's strategic-form ``.nfg`` format (payoff or outcome version).

    Parameters
    ----------
    path_or_text : str or path-like
        A path, or the text of the file itself. A ``str`` is taken as text when it starts with
        ``NFG`` and whitespace or contains a newline, a brace or a double quote, and as a path
        otherwise.

    Returns
    -------
    NormalFormGame
        With the file's title, player labels and strategy labels (``"1"``, ``"2"``, ... when
        the file gives only counts), float payoffs and the exact rational payoffs in
        ``exact_payoffs``. The file format and the axis convention are described in the
        module docstring.

    Raises
    ------
    InputError
        When the file is missing or unreadable, or is not a valid ``.nfg`` file; the message
        names the file, line and column, the offending token and what was expected.

    Examples
    --------
    The prisoner's dilemma, payoff version: profiles (C,C) (D,C) (C,D) (D,D).

    >>> game = read_nfg('''NFG 1 R "PD" { "Row" "Column" }
    ... { { "C" "D" } { "C" "D" } }
    ... 3 3   5 0   0 5   1 1''')
    >>> game.payoffs[0].tolist()          # the row player's matrix
    [[3.0, 0.0], [5.0, 1.0]]
    >>> game.actions
    (('C', 'D'), ('C', 'D'))

    Rationals are kept exactly:

    >>> read_nfg('NFG 1 R "" { "A" "B" } { 1 1 } 1/3 -2').exact_payoffs.ravel().tolist()
    [Fraction(1, 3), Fraction(-2, 1)]
    >>> read_nfg('NFG 1 R "" { "A" "B" } { 1 1 } 1/3')
    Traceback (most recent call last):
    ...
    gametheory.core.errors.InputError: <nfg text>:1:...: got end of file; expected 2 payoffs ...
    """
    if isinstance(path_or_text, str) and _looks_like_text(path_or_text):
        return _parse(path_or_text, TEXT_SOURCE)
    path = Path(path_or_text)
    return _parse(_read_file(path, ".nfg"), str(path))


def _read_file(path: Path, extension: str) -> str:
    """A Gambit file's text, with located errors for a missing or unreadable file."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            return handle.read()
    except FileNotFoundError:
        raise InputError(
            f"no such file; expected a Gambit {extension} file", file=str(path)
        ) from None
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text ({exc.reason})", file=str(path)) from None
    except OSError as exc:
        raise InputError(f"cannot read the file ({exc.strerror})", file=str(path)) from None


def _format_number(value: Any) -> str:
    if isinstance(value, Fraction):
        return str(value)  # "3" or "-1/3", both valid .nfg numbers
    x = float(value)
    if x.is_integer() and abs(x) < 2.0**53:
        return str(int(x))
    return repr(x)  # shortest text that reads back as the same float


def write_nfg(game: NormalFormGame, path: str | os.PathLike[str] | None = None) -> str:
    """Write ``game`` in Gambit's ``.nfg`` format, payoff version; return the text.

    Strategy labels are written in the nested-list form and the payoffs one profile per line,
    player 1's strategy varying fastest (see the module docstring). When the game has
    ``exact_payoffs`` they are written as exact integers and ratios (``1/3``); otherwise each
    float is written as the shortest decimal that reads back as the same float.
    ``read_nfg(write_nfg(game))`` gives back the same payoffs and labels.

    Parameters
    ----------
    game : NormalFormGame
        Any number of players.
    path : str or path-like, optional
        Also write the text to this file (UTF-8).

    Returns
    -------
    str
        The file's text.

    Examples
    --------
    >>> game = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...                                     actions=[["C", "D"], ["C", "D"]], title="PD")
    >>> print(write_nfg(game))
    NFG 1 R "PD" { "1" "2" }
    { { "C" "D" }
      { "C" "D" }
    }
    <BLANKLINE>
    3 3
    5 0
    0 5
    1 1
    <BLANKLINE>
    >>> back = read_nfg(write_nfg(game))
    >>> bool((back.payoffs == game.payoffs).all()), back.actions == game.actions
    (True, True)
    """
    values = game.exact_payoffs if game.exact_payoffs is not None else game.payoffs
    # Rows of ``profiles`` are profiles in file order; columns are players.
    profiles = np.asarray(values).T.reshape(-1, game.num_players)
    lines = [
        f"NFG 1 R {_quote(game.title)} {{ " + " ".join(_quote(p) for p in game.players) + " }",
        "{ "
        + "\n  ".join("{ " + " ".join(_quote(a) for a in acts) + " }" for acts in game.actions),
        "}",
        "",
    ]
    lines.extend(" ".join(_format_number(x) for x in row) for row in profiles)
    text = "\n".join(lines) + "\n"
    if path is not None:
        with Path(path).open("w", encoding="utf-8", newline="") as handle:
            handle.write(text)
    return text


def to_nashpy(game: NormalFormGame) -> nashpy.Game:
    """The two-player ``game`` as a :class:`nashpy.Game` (bimatrix ``A = payoffs[0]``, ``B``).

    Raises
    ------
    ValueError
        When the game does not have exactly two players.

    Examples
    --------
    >>> game = NormalFormGame.from_bimatrix([[4, 0], [3, 3]], [[4, 3], [0, 3]])
    >>> a, b = to_nashpy(game).payoff_matrices
    >>> a.tolist(), b.tolist()
    ([[4.0, 0.0], [3.0, 3.0]], [[4.0, 3.0], [0.0, 3.0]])
    """
    if game.num_players != 2:
        raise ValueError(
            f"game: has {game.num_players} players; expected 2 (nashpy holds bimatrix games only)"
        )
    import nashpy

    return nashpy.Game(np.array(game.payoffs[0]), np.array(game.payoffs[1]))


def from_nashpy(nashpy_game: nashpy.Game, **labels: Any) -> NormalFormGame:
    """A :class:`~gametheory.core.game.NormalFormGame` from a :class:`nashpy.Game`.

    Parameters
    ----------
    nashpy_game : nashpy.Game
        Its ``payoff_matrices`` ``(A, B)`` become ``payoffs[0]`` and ``payoffs[1]``.
    **labels
        ``players``, ``actions`` and ``title``, passed to
        :meth:`NormalFormGame.from_bimatrix <gametheory.core.game.NormalFormGame.from_bimatrix>`.

    Examples
    --------
    >>> import nashpy
    >>> game = from_nashpy(nashpy.Game([[1, -1], [-1, 1]]), title="matching pennies")
    >>> game.payoffs[1].tolist()          # nashpy makes a one-matrix game zero-sum
    [[-1.0, 1.0], [1.0, -1.0]]
    """
    matrices: Sequence[NDArray[Any]] | None = getattr(nashpy_game, "payoff_matrices", None)
    if matrices is None or len(matrices) != 2:
        raise TypeError(
            f"nashpy_game: got {type(nashpy_game).__name__}; expected a nashpy.Game with "
            "payoff_matrices (A, B)"
        )
    return NormalFormGame.from_bimatrix(matrices[0], matrices[1], **labels)
