"""The main job: a plan assessed on a dataset at every level, with its checks and deadlines.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from childprotect._lazy import exports

if TYPE_CHECKING:
    from childprotect.mainjob.job import Dataset, MainJob, demo_dataset, read_dataset, run
    from childprotect.mainjob.tables import as_json, job_tables, render_text

__all__ = [
    "Dataset",
    "MainJob",
    "as_json",
    "demo_dataset",
    "job_tables",
    "read_dataset",
    "render_text",
    "run",
]

#: Where each public name lives.
_NAMES = {
    "Dataset": "job",
    "MainJob": "job",
    "demo_dataset": "job",
    "read_dataset": "job",
    "run": "job",
    "as_json": "tables",
    "job_tables": "tables",
    "render_text": "tables",
}

__getattr__, __dir__ = exports(__name__, _NAMES)
