"""Columns of tables for writing: text of few distinct values kept as codes.

A million-row sweep has a handful of regions and lab names. Kept as codes into their labels,
such a column is formatted once per label when written
(:func:`gametheory.interfaces.outputs.write_table`: an Arrow dictionary column, or one lookup
per block of rows), instead of once per row.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

__all__ = ["CodedText"]


@dataclass(frozen=True)
class CodedText:
    """A text column of few distinct values: ``labels[codes]``, kept as codes until written.

    Parameters
    ----------
    codes : ndarray of int
        Index into ``labels`` of each cell.
    labels : tuple of str
        The distinct texts.

    Examples
    --------
    >>> column = CodedText(np.array([1, 0, 1]), ("a", "b"))
    >>> len(column), column.tolist()
    (3, ['b', 'a', 'b'])
    """

    codes: NDArray[np.integer]
    labels: tuple[str, ...]

    def __len__(self) -> int:
        return len(self.codes)

    def __array__(self, dtype: Any = None, copy: bool | None = None) -> NDArray[Any]:
        text = np.asarray(self.labels, dtype=str)[np.asarray(self.codes, dtype=np.intp)]
        return text if dtype is None else text.astype(dtype)

    def __getitem__(self, rows: slice) -> CodedText:
        return CodedText(self.codes[rows], self.labels)

    def tolist(self) -> list[str]:
        """The cells as Python strings."""
        return np.asarray(self).tolist()
