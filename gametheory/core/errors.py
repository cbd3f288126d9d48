"""The package's error for bad input, and the command line's exit codes.

Every message names where the bad input is (file and line when there is a file), the field
path, the bad value and what was expected, so that a user can fix it without a traceback.
"""

from __future__ import annotations

from typing import Any

__all__ = ["EXIT_BAD_INPUT", "EXIT_FAILURE", "EXIT_OK", "InputError"]

EXIT_OK = 0
#: The computation failed (a bug, or a numerical failure the library detected).
EXIT_FAILURE = 1
#: The input was bad: a missing or malformed file, an invalid field, a bad option.
EXIT_BAD_INPUT = 2


class InputError(ValueError):
    """Bad input, located precisely.

    Parameters
    ----------
    message : str
        What is wrong and what was expected.
    file : str, optional
        The file the input came from.
    line, column : int, optional
        Where in the file (1-based).
    field : str, optional
        The dotted field path, e.g. ``labs.lab-a.prize``.
    value : object, optional
        The offending value.

    Examples
    --------
    >>> str(InputError("expected a number >= 0", file="two-labs.toml", line=12,
    ...                field="labs.lab-a.prize", value=-3))
    'two-labs.toml:12: labs.lab-a.prize = -3: expected a number >= 0'
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        column: int | None = None,
        field: str | None = None,
        value: Any = None,
    ) -> None:
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        self.field = field
        self.value = value
        super().__init__(str(self))

    def __str__(self) -> str:
        where = ""
        if self.file is not None:
            where = str(self.file)
            if self.line is not None:
                where += f":{self.line}"
                if self.column is not None:
                    where += f":{self.column}"
            where += ": "
        what = ""
        if self.field is not None:
            what = f"{self.field}"
            if self.value is not None:
                what += f" = {self.value!r}"
            what += ": "
        return f"{where}{what}{self.message}"
