"""Long work off the UI thread, with progress, cancel and a result delivered back on the
UI thread. Phase 2 runs the scan inspection through this; the case list uses it to
refresh stale status summaries.

    handle = runner.start(fn, arg, on_result=..., on_progress=..., on_error=...)
    handle.cancel()

`fn(*args, progress, cancel)` runs in a pool thread. It calls progress(done, total, text)
as it goes and checks cancel.is_set() between pieces of work (raising Cancelled or
returning early); it must not touch widgets.
"""

from __future__ import annotations

import threading
import time
import traceback

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Qt, Signal

PROGRESS_INTERVAL = 0.05  # at most 20 progress signals a second reach the UI


class Cancelled(Exception):
    """Raised by a task function when it sees the cancel flag."""


class TaskHandle(QObject):
    """Lives on the UI thread; the worker emits into it and Qt queues the signals."""

    progress = Signal(int, int, str)
    partial = Signal(object)  # a piece of the result, delivered as it is ready (on_partial)
    result = Signal(object)
    error = Signal(object)  # the exception
    cancelled = Signal()
    finished = Signal()

    def __init__(self, name: str):
        super().__init__()
        self.name = name
        self.cancel_event = threading.Event()
        self.done = False
        self.traceback = ""

    def cancel(self) -> None:
        self.cancel_event.set()

    @property
    def is_cancelled(self) -> bool:
        return self.cancel_event.is_set()


class _Job(QRunnable):
    def __init__(self, handle: TaskHandle, fn, args, kwargs):
        super().__init__()
        self.setAutoDelete(True)
        self.handle, self.fn, self.args, self.kwargs = handle, fn, args, kwargs
        self._last = 0.0

    def _progress(self, done: int, total: int, text: str = "") -> None:
        now = time.monotonic()
        if done >= total or now - self._last >= PROGRESS_INTERVAL:
            self._last = now
            self.handle.progress.emit(int(done), int(total), str(text))

    def run(self) -> None:
        h = self.handle
        try:
            value = self.fn(*self.args, progress=self._progress, cancel=h.cancel_event, **self.kwargs)
        except Cancelled:
            h.cancelled.emit()
        except Exception as exc:  # noqa: BLE001 - reported to the UI, never lost in a thread
            h.traceback = traceback.format_exc()
            from forms.common.logs import get
            get("tasks").error("task %s failed", h.name, exc_info=True)
            h.error.emit(exc)
        else:
            if h.cancel_event.is_set():
                h.cancelled.emit()
            else:
                h.result.emit(value)
        finally:
            h.finished.emit()


class TaskRunner(QObject):
    """Starts tasks on its own thread pool and keeps their handles until they finish."""

    def __init__(self, parent=None, max_threads: int = 2):
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(max_threads)
        self.active: set[TaskHandle] = set()

    def start(self, fn, *args, name: str = "", on_result=None, on_progress=None, on_error=None,
              on_cancelled=None, on_finished=None, on_partial=None, **kwargs) -> TaskHandle:
        """With on_partial, fn also gets `partial`: call it with each piece of the result."""
        handle = TaskHandle(name or getattr(fn, "__name__", "task"))
        if on_partial is not None:
            kwargs["partial"] = handle.partial.emit
        queued = Qt.ConnectionType.QueuedConnection
        for signal, slot in ((handle.result, on_result), (handle.progress, on_progress),
                             (handle.error, on_error), (handle.cancelled, on_cancelled),
                             (handle.finished, on_finished), (handle.partial, on_partial)):
            if slot is not None:
                signal.connect(slot, queued)
        handle.finished.connect(lambda h=handle: self._finished(h), queued)
        self.active.add(handle)
        self.pool.start(_Job(handle, fn, args, kwargs))
        return handle

    def _finished(self, handle: TaskHandle) -> None:
        handle.done = True
        self.active.discard(handle)

    def cancel_all(self) -> None:
        for handle in list(self.active):
            handle.cancel()

    def wait(self, msecs: int = -1) -> bool:
        """Block until every task has finished (on close, after cancel_all)."""
        return self.pool.waitForDone(msecs)
