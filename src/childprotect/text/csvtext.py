"""What the ``csv`` module could not read, as a library error naming the file and line.

The ``csv`` module refuses a cell longer than its field limit (131,072 characters) with a
``csv.Error``: in a file of counts or of children, such a cell is nearly always a double
quote opened and never closed, which makes the rest of the file one cell; read strictly,
it also refuses a quote that never closes and text after a closing quote (``"1"2``, which
it would otherwise read as ``12``). Every reader of
CSV text in the library turns that error into a :class:`~childprotect.errors.ValidationError`
through :func:`csv_failure`, never a traceback, and never with the module's own English
text or any cell's value.

>>> import csv, io
>>> reader = csv.reader(io.StringIO('a,b\\n1,"2\\n' + "3,4\\n" * 50_000))
>>> try:
...     rows = list(reader)
... except csv.Error as exc:  # the record that starts on line 2 never ends
...     print(csv_failure(exc, "data.csv", 2))  # doctest: +ELLIPSIS
data.csv line 2: a cell runs on past 131072 characters: a double quote (") opened and not ...
"""

from __future__ import annotations

import csv

from childprotect.errors import ValidationError
from childprotect.i18n import Message

__all__ = ["csv_failure"]


def csv_failure(exc: csv.Error, source: str, line: int) -> ValidationError:
    """The error for ``exc``, raised by a ``csv`` reader of ``source`` in the record that
    starts on ``line`` (where a quote left open is: the reader's ``line_num`` is where it
    gave up, thousands of lines on). Readers are strict (``strict=True``): a quote that
    never closes, or text after a closing quote, is an error, never cells run together."""
    reason = str(exc)
    if "field limit" in reason:
        return ValidationError(Message(
            "{source} line {line}: a cell runs on past {limit} characters: a double quote "
            "(\") opened and not closed is the usual cause", source=source, line=line,
            limit=csv.field_size_limit()))
    if "end of data" in reason:
        return ValidationError(Message(
            "{source} line {line}: a double quote (\") opens a cell that is never closed, so "
            "the rest of the file would be one cell: close or remove the quote",
            source=source, line=line))
    if "expected after" in reason:
        return ValidationError(Message(
            "{source} line {line}: text after the closing quote of a cell (a quote inside a "
            "quoted cell is written twice: \"\")", source=source, line=line))
    return ValidationError(Message("{source} line {line}: not readable as CSV text",
                                   source=source, line=line))
