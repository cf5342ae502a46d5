"""The languages the library writes in: Vietnamese first, English beside it.

Every sentence a person reads has a Vietnamese and an English text; machine outputs
(CSV headers, JSON keys, codes) never change with the language.
"""

from __future__ import annotations

__all__ = ["LANGS", "headings", "pick"]


#: Label languages: Vietnamese (the default) and English.
LANGS = ("vi", "en")


def pick(vi: str | None, en: str | None, lang: str) -> str:
    """The label in ``lang``, falling back to the other language when it is missing.

    >>> pick("Sở Y tế", "Department of Health", "en"), pick("Sở Y tế", None, "en")
    ('Department of Health', 'Sở Y tế')
    """
    first, second = (en, vi) if lang == "en" else (vi, en)
    return first or second or ""


def headings(lang: str, *pairs: tuple[str, str]) -> list[str]:
    """Column headings in ``lang`` from ``(vi, en)`` pairs.

    >>> headings("en", ("mã", "id"), ("năm", "year")), headings("vi", ("mã", "id"))
    (['id', 'year'], ['mã'])
    """
    return [pick(vi, en, lang) for vi, en in pairs]
