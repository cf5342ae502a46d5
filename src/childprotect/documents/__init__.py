"""Legal documents as data (numbers, issuers, dates, periods) and the anomalies found in them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from childprotect._lazy import exports

if TYPE_CHECKING:
    from childprotect.documents.anomalies import Anomaly, Severity
    from childprotect.documents.document import (
        DateText,
        Document,
        DocumentNumber,
        DocumentRef,
        Issuer,
        Period,
        Relation,
        check_document,
    )
    from childprotect.documents.levels import AdminLevel, level_name

__all__ = [
    "AdminLevel",
    "Anomaly",
    "DateText",
    "Document",
    "DocumentNumber",
    "DocumentRef",
    "Issuer",
    "Period",
    "Relation",
    "Severity",
    "check_document",
    "level_name",
]

#: Where each public name lives.
_NAMES = {
    "AdminLevel": "levels",
    "DateText": "document",
    "Document": "document",
    "DocumentNumber": "document",
    "DocumentRef": "document",
    "Issuer": "document",
    "Period": "document",
    "Relation": "document",
    "check_document": "document",
    "level_name": "levels",
    "Anomaly": "anomalies",
    "Severity": "anomalies",
}

__getattr__, __dir__ = exports(__name__, _NAMES)
