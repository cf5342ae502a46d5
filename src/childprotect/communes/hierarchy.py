"""The units an evaluation file's communes are placed in: a units list as of the round,
and whether a commune's name is the one that list gives its code.

A name may be written differently and still be the unit's: in another Unicode form, in
other case or spacing, without tone marks, with its kind word abbreviated (``X.`` for
``Xã``, ``P.`` for ``Phường``) or left out, or with a number's leading zeros:

>>> same_name("X. Tân Thành", "Xã Tân Thành"), same_name("tan thanh", "Xã Tân Thành")
(True, True)
>>> same_name("Phường 04", "Phường 4"), same_name("Xã Tân Thành", "Phường Tân Thành")
(True, False)
>>> same_name("x", "Phường Gia Hội")
False
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from childprotect.errors import ChildProtectError, ValidationError
from childprotect.i18n import Message
from childprotect.i18n.oserrors import os_reason
from childprotect.text.dates import PartialDate

if TYPE_CHECKING:
    from childprotect.units.hierarchy import Hierarchy

__all__ = ["load_hierarchy", "same_name"]


def load_hierarchy(ref: str, evaluated_in: PartialDate | None,
                   base: str | Path | None = None, *, source: str | None = None,
                   where: str = "$.hierarchy") -> Hierarchy:
    """The units valid at the end of the round: ``ref`` is ``national`` (the whole country,
    :func:`childprotect.units.national`), ``bundled`` (the units of the seed localities,
    :func:`childprotect.units.bundled`) or a units CSV
    (:func:`childprotect.units.csvfiles.load_units_csv`),
    relative to ``base`` when given.

    A units CSV that cannot be read, or that is not a valid units list, is an error naming
    ``source`` (the evaluation file) and ``where`` (the field or option that names the CSV).
    """
    from childprotect.text.periods import period_end
    from childprotect.units.csvfiles import load_units_csv
    from childprotect.units.registry import bundled

    if evaluated_in is None:
        raise ValidationError(Message("a hierarchy needs 'evaluated_in' (the round), to choose "
                                      "the units valid then"))
    on = period_end(evaluated_in.iso())
    if ref == "bundled":
        return bundled().on(on)
    if ref == "national":
        from childprotect.units.national_list import national

        return national().on(on)
    at = where if source is None else f"{source}, {where}"
    if not ref.strip():
        raise ValidationError(Message("{at}: empty; give national, bundled or the path of a "
                                      "units CSV", at=at))
    path = Path(ref)
    if base is not None and not path.is_absolute():
        path = Path(base) / path
    try:
        with path.open("rb"):
            pass
    except OSError as exc:
        raise ValidationError(Message("{at}: cannot read the units list {path}: {reason}",
                                      at=at, path=str(path), reason=os_reason(exc))) from None
    try:
        return load_units_csv(path).on(on)
    except ChildProtectError as exc:
        raise ValidationError(Message("{at}: {problem}", at=at, problem=str(exc))) from None


def _words(name: str) -> tuple[str | None, str]:
    """A name's kind word (in plain letters, abbreviations expanded; None when it has
    none) and the rest, in plain letters (:func:`childprotect.units.names.plain`)."""
    from childprotect.units.model import vocabulary
    from childprotect.units.names import KIND_ABBREVIATIONS, plain

    tokens = plain(name).split()
    if len(tokens) > 1 and tokens[0] in {plain(k) for k in KIND_ABBREVIATIONS}:
        long = {plain(k): plain(v) for k, v in KIND_ABBREVIATIONS.items()}
        tokens = [*long[tokens[0]].split(), *tokens[1:]]
    text = " ".join(tokens)
    for word in sorted({plain(w) for w in vocabulary().words()}, key=len, reverse=True):
        if text.startswith(word + " "):
            return word, text[len(word) + 1:]
    return None, text


def same_name(given: str, registered: str) -> bool:
    """Whether ``given`` names the unit the units list calls ``registered`` (see the
    module's description); a different kind word, or a different name, is not."""
    g_word, g_rest = _words(given)
    r_word, r_rest = _words(registered)
    return g_rest == r_rest and (g_word is None or r_word is None or g_word == r_word)
