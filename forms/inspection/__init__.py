"""Inspection of attached files: is each scan readable, complete, sharp enough and what
was asked for? See api.py for the entry points and their threading contract, analysis.py
for what is measured, judge.py for the findings, worker.py for the time and memory limits.
"""

from forms.inspection.record import INSPECTION_VERSION
from forms.inspection.api import CaseInspection, FileResult, inspect_case, inspect_file, inspect_files, requirement_ids
from forms.inspection.cache import Cache

__all__ = ["INSPECTION_VERSION", "Cache", "CaseInspection", "FileResult", "InspectionPool", "inspect_case",
           "inspect_file", "inspect_files", "requirement_ids", "shared_pool"]


def __getattr__(name):
    # the worker processes' machinery (multiprocessing) is imported when a file is read,
    # not when every answer comes from the cache (a `shebao pack` after `check`)
    if name in ("InspectionPool", "shared_pool"):
        from forms.inspection import worker
        return getattr(worker, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
