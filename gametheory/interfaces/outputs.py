"""Writing outputs safely: atomically, never over an input, strict JSON, escaped text.

Every file a command writes (``-o/--output``, ``--out``, ``--plot``, ``--bars``, a report's
figures, ``<out>.run.json``) goes through :func:`staged`, directly or through
:func:`write_text`, :func:`write_bytes`, :func:`save_figure_file` or :func:`write_table`:

* the data go to a temporary file beside the target, renamed over it only when complete, so an
  interrupted or failed write leaves the old file intact;
* inside an :func:`output_transaction` (the command line opens one per command) the renames
  wait until the whole command has succeeded, so a failure anywhere (an unwritable figure, a
  Ctrl-C) leaves every old output in place and never a new CSV beside an old ``.run.json``;
* the transaction refuses to replace one of the command's inputs, and replaces an existing
  output only when asked (``--force``): the rule is *new files are written; existing files
  are replaced only with --force; inputs never*.

Text for other programs is escaped here too: :func:`dumps_json` writes strict JSON (no
``NaN``/``Infinity``: ``null``, with the reason listed under ``"non_finite"``);
:func:`csv_text` neutralises spreadsheet formula prefixes; :func:`markdown_text` escapes HTML
and Markdown syntax; :func:`plain_label` makes a name safe for a matplotlib figure (no
mathtext) and cuts it short.
"""

from __future__ import annotations

import collections
import contextlib
import json
import math
import os
import tempfile
import warnings
from collections.abc import Iterable, Iterator, Mapping
from contextvars import ContextVar
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from gametheory.core.columns import CodedText
from gametheory.core.errors import InputError

__all__ = [
    "OutputTransaction",
    "csv_text",
    "dumps_json",
    "markdown_text",
    "output_transaction",
    "plain_label",
    "save_figure_file",
    "staged",
    "write_bytes",
    "write_table",
    "write_text",
]

_ACTIVE: ContextVar[OutputTransaction | None] = ContextVar("pausegame_outputs", default=None)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


class OutputTransaction:
    """The outputs of one command: checked before work, renamed into place together.

    Parameters
    ----------
    force : bool
        Replace outputs that already exist.
    inputs : iterable of path
        Files the command reads; never replaced.
    """

    def __init__(self, *, force: bool = False, inputs: Iterable[str | Path] = ()) -> None:
        self.force = force
        self.inputs = [Path(p) for p in inputs]
        self._staged: list[tuple[Path, Path]] = []

    def check(self, path: str | Path, option: str) -> Path:
        """Check that ``path`` may be written; return it. Raises a located InputError."""
        target = Path(path)
        if str(path) == "" or target.name in ("", ".", ".."):
            raise InputError("expected a file name", field=option, value=str(path))
        for source in self.inputs:
            if _same_file(target, source) or target.resolve() == source.resolve():
                raise InputError(
                    "this is one of the command's inputs; expected a different output file "
                    "(inputs are never overwritten)",
                    field=option,
                    value=str(path),
                )
        if target.is_dir():
            raise InputError("is a directory; expected a file name", field=option, value=str(path))
        parent = target.parent
        if not parent.is_dir():
            raise InputError(
                f"the directory {str(parent)!r} does not exist; expected an existing directory",
                field=option,
                value=str(path),
            )
        if target.exists() and not self.force:
            raise InputError(
                "already exists; pass --force to replace it, or choose another name",
                field=option,
                value=str(path),
            )
        if any(final == target for _, final in self._staged):
            raise InputError("written twice by one command", field=option, value=str(path))
        return target

    def stage(self, temporary: Path, final: Path) -> None:
        """Rename ``temporary`` to ``final`` when the transaction commits."""
        self._staged.append((temporary, final))

    def commit(self) -> None:
        """Rename every staged file into place (run records last)."""
        order = sorted(self._staged, key=lambda pair: pair[1].name.endswith(".run.json"))
        for temporary, final in order:
            os.replace(temporary, final)
        self._staged.clear()

    def abort(self) -> None:
        """Delete every staged temporary file; the old outputs stay as they were."""
        for temporary, _ in self._staged:
            with contextlib.suppress(OSError):
                temporary.unlink()
        self._staged.clear()


@contextlib.contextmanager
def output_transaction(
    *, force: bool = False, inputs: Iterable[str | Path] = ()
) -> Iterator[OutputTransaction]:
    """Collect every output written inside; rename them into place only on success.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
    >>> with output_transaction() as tx:
    ...     _ = write_text(out, "one", "--output")
    ...     out.exists()   # not yet: renamed when the command succeeds
    False
    >>> out.read_text()
    'one'
    >>> with output_transaction() as tx:
    ...     _ = write_text(out, "two", "--output")
    Traceback (most recent call last):
    ...
    gametheory.core.errors.InputError: --output = '...a.txt': already exists; pass --force to \
replace it, or choose another name
    """
    transaction = OutputTransaction(force=force, inputs=inputs)
    token = _ACTIVE.set(transaction)
    try:
        yield transaction
    except BaseException:
        transaction.abort()
        raise
    else:
        try:
            transaction.commit()
        except OSError as exc:
            transaction.abort()
            raise InputError(f"cannot write the outputs ({exc.strerror or exc})") from None
    finally:
        _ACTIVE.reset(token)


@contextlib.contextmanager
def staged(path: str | Path, option: str) -> Iterator[Path]:
    """A temporary path beside ``path`` (same suffix) to write; renamed over ``path`` after.

    Outside a transaction the rename happens when the block ends without error; inside one,
    when the transaction commits. Any failure to write is an InputError naming ``option``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "data.bin"
    >>> with staged(out, "--out") as temporary:
    ...     _ = temporary.write_bytes(b"complete")
    ...     out.exists()  # the target appears only once the block succeeds
    False
    >>> out.read_bytes()
    b'complete'
    """
    transaction = _ACTIVE.get()
    final = transaction.check(path, option) if transaction else Path(path)
    try:
        handle, name = tempfile.mkstemp(
            dir=final.parent, prefix=f".{final.name}.", suffix=f".tmp{final.suffix}"
        )
        os.close(handle)
    except OSError as exc:
        raise InputError(
            f"cannot write ({exc.strerror or exc}); expected a writable path",
            field=option,
            value=str(path),
        ) from None
    temporary = Path(name)
    try:
        # mkstemp makes the file private (0600): give it the mode a plain open() would, or
        # the replaced file's.
        mode = final.stat().st_mode & 0o7777 if final.exists() else 0o666 & ~_umask()
        os.chmod(temporary, mode)
        yield temporary
        if transaction is None:
            os.replace(temporary, final)
        else:
            transaction.stage(temporary, final)
    except OSError as exc:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise InputError(
            f"cannot write ({exc.strerror or exc}); expected a writable path",
            field=option,
            value=str(path),
        ) from None
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise


def write_text(path: str | Path, text: str, option: str) -> Path:
    """Write ``text`` (UTF-8) to ``path`` through :func:`staged`; return the path.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> write_text(pathlib.Path(tempfile.mkdtemp()) / "a.md", "# hello", "--output").read_text()
    '# hello'
    """
    with staged(path, option) as temporary:
        temporary.write_text(text, encoding="utf-8")
    return Path(path)


def write_bytes(path: str | Path, data: bytes, option: str) -> Path:
    """Write ``data`` to ``path`` through :func:`staged`; return the path.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> write_bytes(pathlib.Path(tempfile.mkdtemp()) / "a.bin", b"ok", "--out").read_bytes()
    b'ok'
    """
    with staged(path, option) as temporary:
        temporary.write_bytes(data)
    return Path(path)


@contextlib.contextmanager
def quiet_glyphs() -> Iterator[None]:
    """Drawing a figure: no "Glyph ... missing from font" warning on the terminal (a name in a
    script the font lacks is drawn with boxes; saying so on stderr for every glyph helps no one).
    """
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .*missing from font")
        yield


def save_figure_file(figure: Any, path: str | Path, option: str, **kwargs: Any) -> Path:
    """Save a matplotlib figure to ``path`` through :func:`staged` (format from the suffix).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from matplotlib.figure import Figure
    >>> out = save_figure_file(Figure(), pathlib.Path(tempfile.mkdtemp()) / "f.svg", "--plot")
    >>> out.read_text()[:5]
    '<?xml'
    """
    suffix = Path(path).suffix.lower().lstrip(".")
    with staged(path, option) as temporary:
        try:
            with quiet_glyphs():
                figure.savefig(temporary, format=suffix or None, **kwargs)
        except ValueError as exc:  # matplotlib: unknown format
            raise InputError(
                f"cannot draw to this file ({exc})", field=option, value=str(path)
            ) from None
    return Path(path)


# -- text for other programs -------------------------------------------------------------------
def _strict(value: Any, where: str, reasons: dict[str, str]) -> Any:
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float):
        if math.isfinite(value):
            return value
        reasons[where or "$"] = (
            "not a number" if math.isnan(value) else ("+" if value > 0 else "-") + "infinity"
        )
        return None
    if isinstance(value, Mapping):
        return {
            str(k): _strict(v, f"{where}.{k}" if where else str(k), reasons)
            for k, v in value.items()
        }
    if isinstance(value, list | tuple):
        return [_strict(v, f"{where}[{i}]", reasons) for i, v in enumerate(value)]
    if isinstance(value, np.ndarray):
        return _strict(value.tolist(), where, reasons)
    if isinstance(value, Path):
        return str(value)
    return value


def dumps_json(document: Any, *, indent: int | None = 2) -> str:
    """``document`` as strict JSON text (RFC 8259), ending in a newline.

    A NaN or infinity becomes ``null``; when ``document`` is a mapping, a ``"non_finite"`` key
    lists each such field with what it was (``"+infinity"``, ``"-infinity"``,
    ``"not a number"``), so a reader can tell "no value" from "unbounded".

    Examples
    --------
    >>> print(dumps_json({"margin": float("-inf"), "q": [0.5, float("nan")]}, indent=None))
    {"margin": null, "q": [0.5, null], "non_finite": {"margin": "-infinity", "q[1]": "not a number"}}
    """  # noqa: E501
    reasons: dict[str, str] = {}
    clean = _strict(document, "", reasons)
    if reasons and isinstance(clean, dict):
        clean["non_finite"] = reasons
    return json.dumps(clean, indent=indent, ensure_ascii=False, allow_nan=False) + "\n"


_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def csv_text(value: str) -> str:
    """A text cell safe for a spreadsheet: a leading ``= + - @`` (a formula) gets a ``'``.

    Numbers are not text cells and are written as they are.

    Examples
    --------
    >>> csv_text("=HYPERLINK(1)"), csv_text("lab-a")
    ("'=HYPERLINK(1)", 'lab-a')
    """
    return "'" + value if value.startswith(_FORMULA_PREFIXES) else value


Column = NDArray[Any] | CodedText


def write_table(path: str | Path, columns: Mapping[str, Any], option: str) -> Path:
    """Write named columns as CSV (or Parquet for ``.parquet``) through :func:`staged`.

    Numbers are written as the shortest text that reads back to the same float, a non-finite
    value as an empty cell (a null in Parquet); text cells are quoted when needed and their
    formula prefixes neutralised (:func:`csv_text`). A column is an array (anything
    :func:`numpy.asarray` takes) or a :class:`~gametheory.core.columns.CodedText`. With the
    optional ``pyarrow`` installed the columns are handed to Arrow's writers as they are in
    memory (no Python object per cell; a million rows in a fraction of a second); without it
    the CSV is written in blocks of rows by plain Python. ``.parquet`` needs ``pyarrow``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "t.csv"
    >>> _ = write_table(out, {"lab": ["a", "=b"], "q": [0.5, float("inf")]}, "--out")
    >>> print(out.read_text().replace('"', ''), end="")
    lab,q
    a,0.5
    '=b,
    """
    target = Path(path)
    arrays = {str(name): _column(values) for name, values in columns.items()}
    lengths = {len(a) for a in arrays.values()}
    if len(lengths) > 1:
        raise ValueError(f"columns of different lengths {sorted(lengths)}")
    try:
        import pyarrow as pa
    except ImportError:
        if target.suffix.lower() == ".parquet":
            raise InputError(
                "writing Parquet needs the optional pyarrow (pip install 'pausegame[parquet]'); "
                "expected a .csv file otherwise",
                field=option,
                value=str(target),
            ) from None
        return _write_csv_python(target, arrays, option)
    table = pa.table({name: _arrow_array(pa, a) for name, a in arrays.items()})
    with staged(target, option) as temporary:
        if target.suffix.lower() == ".parquet":
            import pyarrow.parquet as pq

            pq.write_table(table, temporary)
        else:
            _write_csv_arrow(table, temporary)
    return target


#: Rows of a CSV formatted by one task when the cores share the work.
CSV_PIECE_ROWS = 1 << 15


def _write_csv_arrow(table: Any, temporary: Path) -> None:
    """Arrow's CSV writer, in large batches (the default of 1,024 rows spends about a third
    of the time between batches).

    Formatting numbers is most of the work and Arrow's writer uses one core, so a large table
    is cut into pieces of :data:`CSV_PIECE_ROWS` rows formatted by threads on up to four cores
    (as many as Arrow's own readers use: ``pyarrow.cpu_count()``, which ``ARROW_NUM_THREADS``
    sets; Arrow releases the GIL), then written in order: the same bytes as one writer (the
    header once, with the first piece), and a few pieces in memory at a time.
    """
    import pyarrow as pa
    import pyarrow.csv as pcsv

    workers = min(4, pa.cpu_count())  # Arrow's own thread count (ARROW_NUM_THREADS)
    rows = table.num_rows
    if workers < 2 or rows <= CSV_PIECE_ROWS:
        pcsv.write_csv(table, temporary, pcsv.WriteOptions(batch_size=1 << 16))
        return

    def piece(start: int) -> Any:
        sink = pa.BufferOutputStream()
        options = pcsv.WriteOptions(batch_size=1 << 16, include_header=start == 0)
        pcsv.write_csv(table.slice(start, CSV_PIECE_ROWS), sink, options)
        return sink.getvalue()

    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(workers) as pool, temporary.open("wb") as handle:
        queued: collections.deque[Any] = collections.deque()
        for start in range(0, rows, CSV_PIECE_ROWS):
            queued.append(pool.submit(piece, start))
            if len(queued) > 2 * workers:  # bounded memory: write the oldest piece first
                handle.write(queued.popleft().result())
        while queued:
            handle.write(queued.popleft().result())


def _arrow_array(pa: Any, column: Column) -> Any:
    """An Arrow array over the column's memory.

    Built from buffers, not with ``pyarrow.array``, which imports pandas (seconds, cold) to
    ask whether its argument is a pandas object.
    """
    if isinstance(column, CodedText):
        codes = np.ascontiguousarray(column.codes, dtype=np.int32)
        indices = pa.Array.from_buffers(pa.int32(), len(codes), [None, pa.py_buffer(codes)])
        labels = _arrow_strings(pa, np.asarray(column.labels, dtype=str))
        return pa.DictionaryArray.from_arrays(indices, labels)
    count = len(column)
    kind = column.dtype.kind
    if kind == "f":
        values = np.ascontiguousarray(column, dtype=np.float64)
        finite = np.isfinite(values)
        missing = count - int(np.count_nonzero(finite))
        validity = pa.py_buffer(np.packbits(finite, bitorder="little")) if missing else None
        buffers = [validity, pa.py_buffer(values)]
        return pa.Array.from_buffers(pa.float64(), count, buffers, null_count=missing)
    if kind == "b":
        bits = np.packbits(column, bitorder="little")
        return pa.Array.from_buffers(pa.bool_(), count, [None, pa.py_buffer(bits)])
    if kind == "u":
        values = np.ascontiguousarray(column, dtype=np.uint64)
        return pa.Array.from_buffers(pa.uint64(), count, [None, pa.py_buffer(values)])
    if kind == "i":
        values = np.ascontiguousarray(column, dtype=np.int64)
        return pa.Array.from_buffers(pa.int64(), count, [None, pa.py_buffer(values)])
    return _arrow_strings(pa, column)


def _arrow_strings(pa: Any, text: NDArray[np.str_]) -> Any:
    """An Arrow string array of a fixed-width numpy text array, in UTF-8 (vectorised)."""
    count = len(text)
    encoded = np.char.encode(text, "utf-8") if count else np.zeros(0, dtype="S1")
    width = encoded.dtype.itemsize
    lengths = np.char.str_len(encoded).astype(np.int64) if count else np.zeros(0, np.int64)
    offsets = np.zeros(count + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    cells = encoded.view(np.uint8).reshape(count, width)
    data = np.ascontiguousarray(cells[np.arange(width) < lengths[:, None]])
    buffers = [None, pa.py_buffer(offsets), pa.py_buffer(data)]
    return pa.Array.from_buffers(pa.large_string(), count, buffers)


def _column(values: Any) -> Column:
    """One column as a flat array (or coded text); text neutralised against formulas."""
    if isinstance(values, CodedText):
        labels = tuple(csv_text(str(label)) for label in values.labels)
        return CodedText(np.asarray(values.codes).reshape(-1), labels)
    array = np.asarray(values).reshape(-1)
    if array.dtype.kind in "biuf":
        return array
    if array.dtype.kind != "U":
        array = np.array(["" if v is None else str(v) for v in array.tolist()], dtype=str)
    if array.dtype.itemsize == 0:
        return array
    # Fixed-width UCS-4: the first code point of each cell, read without a Python loop.
    first = array.view(np.uint32).reshape(len(array), -1)[:, 0]
    risky = np.isin(first, [ord(prefix) for prefix in _FORMULA_PREFIXES])
    if risky.any():
        array = array.astype(object)
        array[risky] = ["'" + text for text in array[risky].tolist()]
        array = array.astype(str)
    return array


def _write_csv_python(target: Path, arrays: Mapping[str, Column], option: str) -> Path:
    names = list(arrays)
    with staged(target, option) as temporary, temporary.open("w", encoding="utf-8") as handle:
        handle.write(",".join(_csv_quote(csv_text(n)) for n in names) + "\n")
        length = len(next(iter(arrays.values()))) if arrays else 0
        step = 1 << 16
        for start in range(0, length, step):
            block = [_csv_cells(arrays[n][start : start + step]) for n in names]
            handle.write("\n".join(map(",".join, zip(*block, strict=True))) + "\n")
    return target


def _csv_cells(array: Column) -> list[str]:
    if isinstance(array, CodedText):
        labels = [_csv_quote(label) for label in array.labels]
        return [labels[code] for code in np.asarray(array.codes).tolist()]
    if array.dtype.kind == "f":
        cells = list(map(float.__repr__, array.tolist()))
        for k in np.flatnonzero(~np.isfinite(array)).tolist():
            cells[k] = ""
        return cells
    if array.dtype.kind in "biu":
        return list(map(str, array.tolist()))
    return list(map(_csv_quote, array.tolist()))


def _csv_quote(text: str) -> str:
    if any(c in text for c in ',"\n\r'):
        return '"' + text.replace('"', '""') + '"'
    return text


def markdown_text(text: str) -> str:
    """``text`` safe inside Markdown (and the HTML it becomes): no tags, links or tables.

    Examples
    --------
    >>> markdown_text("<script>x</script> | *a*")
    '&lt;script&gt;x&lt;/script&gt; \\\\| \\\\*a\\\\*'
    """
    out = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    for char in "\\`*_[]|#$!":
        out = out.replace(char, "\\" + char)
    return out.replace("\n", " ").replace("\r", " ")


#: Names longer than this are cut short in figures.
LABEL_LENGTH = 40


def plain_label(text: str, length: int = LABEL_LENGTH) -> str:
    """A name for a matplotlib figure: plain text (no mathtext) and at most ``length`` chars.

    Examples
    --------
    >>> plain_label("$x^2$ lab")
    '\\\\$x^2\\\\$ lab'
    >>> len(plain_label("a" * 5000))
    40
    """
    text = " ".join(str(text).split())
    if len(text) > length:
        text = text[: length - 1] + "…"
    return text.replace("$", "\\$")
