"""Worker processes for the analysis of untrusted files: a time limit per file and a
memory ceiling, on Linux, macOS and Windows.

Why processes: the readers (qpdf, PDFium, Pillow's decoders) are native code that a
hostile file can send into a long loop or a large allocation, and a thread cannot be
stopped. A worker that overruns its time is killed and replaced; one that dies (a crash
in native code, or the memory ceiling) is replaced; each case is a finding on that file,
never a hang or a traceback. Workers are started with the "spawn" method, the only one
Windows has, and reused across files so that start-up (about 0.1 s) does not dominate.

The memory ceiling: RLIMIT_AS on Linux and the BSDs (a failed allocation becomes
MemoryError or ends the worker); a Job Object with a process memory limit on Windows;
macOS does not enforce RLIMIT_AS, so there the in-process guards carry it alone (Pillow's
pixel limit, the renderer never asked for more than a few megapixels, see pdf.py).

A frozen app (PyInstaller) must call multiprocessing.freeze_support() first thing in its
main function, or the spawned workers start the app again.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import sys
import threading
import time
import types
from contextlib import contextmanager
from multiprocessing.connection import wait

from forms.inspection.record import failed
from forms.inspection.settings import limits

_CTX = mp.get_context("spawn")


def _worker_main(conn, memory_bytes: int | None) -> None:
    try:
        _serve(conn, memory_bytes)
    except BaseException:  # noqa: BLE001 - out of memory at import, a broken pipe: end quietly,
        os._exit(70)       # the parent reports the file (FILE_CRASHED); no traceback on the console


def _serve(conn, memory_bytes: int | None) -> None:
    import signal
    import warnings

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the parent's to handle
    warnings.simplefilter("ignore")  # readers' warnings about a file are not for the console
    if not os.environ.get("SHEBAO_DEBUG"):  # nor what native code prints about it (qpdf does)
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        sys.stderr = open(os.devnull, "w")
    from forms.inspection import analysis, record

    if memory_bytes:
        _limit_memory(memory_bytes)
        record.memory_limit_mb = memory_bytes // (1024 * 1024)

    import PIL.Image  # noqa: F401 - import the readers once, before the first file
    import pikepdf  # noqa: F401
    import pypdfium2  # noqa: F401

    while True:
        try:
            path = conn.recv()
        except (EOFError, OSError):
            return
        if path is None:
            return
        result, thumb = analysis.analyse(path)
        try:
            conn.send((result, thumb, _peak_rss_kb()))
        except (OSError, ValueError):
            return


def _limit_memory(limit: int) -> None:
    try:
        if sys.platform == "win32":
            _limit_memory_windows(limit)
        else:
            import resource

            _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
            if hard != resource.RLIM_INFINITY:
                limit = min(limit, hard)
            resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (OSError, ValueError, AttributeError):
        pass  # no ceiling on this platform: the in-process guards still apply


def _limit_memory_windows(limit: int) -> None:
    """Put this process in a new Job Object whose processes may commit at most `limit`
    bytes (JOB_OBJECT_LIMIT_PROCESS_MEMORY). Jobs nest since Windows 8."""
    import ctypes
    from ctypes import wintypes

    class BASIC(ctypes.Structure):
        _fields_ = [("PerProcessUserTimeLimit", ctypes.c_int64), ("PerJobUserTimeLimit", ctypes.c_int64),
                    ("LimitFlags", wintypes.DWORD), ("MinimumWorkingSetSize", ctypes.c_size_t),
                    ("MaximumWorkingSetSize", ctypes.c_size_t), ("ActiveProcessLimit", wintypes.DWORD),
                    ("Affinity", ctypes.c_size_t), ("PriorityClass", wintypes.DWORD),
                    ("SchedulingClass", wintypes.DWORD)]

    class IO(ctypes.Structure):
        _fields_ = [(n, ctypes.c_uint64) for n in ("ReadOperationCount", "WriteOperationCount",
                                                    "OtherOperationCount", "ReadTransferCount",
                                                    "WriteTransferCount", "OtherTransferCount")]

    class EXTENDED(ctypes.Structure):
        _fields_ = [("BasicLimitInformation", BASIC), ("IoInfo", IO), ("ProcessMemoryLimit", ctypes.c_size_t),
                    ("JobMemoryLimit", ctypes.c_size_t), ("PeakProcessMemoryUsed", ctypes.c_size_t),
                    ("PeakJobMemoryUsed", ctypes.c_size_t)]

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    kernel32.CreateJobObjectW.restype = wintypes.HANDLE
    kernel32.CreateJobObjectW.argtypes = [ctypes.c_void_p, wintypes.LPCWSTR]
    kernel32.SetInformationJobObject.argtypes = [wintypes.HANDLE, ctypes.c_int, ctypes.c_void_p, wintypes.DWORD]
    kernel32.SetInformationJobObject.restype = wintypes.BOOL
    kernel32.GetCurrentProcess.restype = wintypes.HANDLE
    kernel32.AssignProcessToJobObject.argtypes = [wintypes.HANDLE, wintypes.HANDLE]
    kernel32.AssignProcessToJobObject.restype = wintypes.BOOL
    job = kernel32.CreateJobObjectW(None, None)
    if not job:
        raise OSError(ctypes.get_last_error(), "CreateJobObjectW failed")
    info = EXTENDED()
    info.BasicLimitInformation.LimitFlags = 0x00000100  # JOB_OBJECT_LIMIT_PROCESS_MEMORY
    info.ProcessMemoryLimit = limit
    if not kernel32.SetInformationJobObject(job, 9, ctypes.byref(info), ctypes.sizeof(info)):  # ExtendedLimitInformation
        raise OSError(ctypes.get_last_error(), "SetInformationJobObject failed")
    if not kernel32.AssignProcessToJobObject(job, kernel32.GetCurrentProcess()):
        raise OSError(ctypes.get_last_error(), "AssignProcessToJobObject failed")


def _peak_rss_kb() -> int | None:
    """This process's peak resident size. On Linux from /proc (VmHWM): ru_maxrss of a
    spawned process starts at its parent's size at the fork."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    try:
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak // 1024 if sys.platform == "darwin" else peak  # macOS counts bytes
    except (ImportError, OSError):
        return None


@contextmanager
def _main_module_hidden():
    """Spawn re-imports the caller's main module in the child unless it cannot find it.
    The worker needs nothing from it: hiding it spares the start-up time and keeps a
    script without an `if __name__ == "__main__"` guard from running again in each worker."""
    main = sys.modules.get("__main__")
    stand_in = types.ModuleType("__main__")
    stand_in.__spec__ = None
    sys.modules["__main__"] = stand_in
    try:
        yield
    finally:
        sys.modules["__main__"] = main


class _Worker:
    def __init__(self, memory_bytes: int | None):
        self.conn, child = _CTX.Pipe()
        self.proc = _CTX.Process(target=_worker_main, args=(child, memory_bytes), daemon=True,
                                 name="shebao-inspect")
        with _main_module_hidden():
            self.proc.start()
        child.close()

    def stop(self, kill: bool = False) -> None:
        try:
            if kill:
                self.proc.kill()
            else:
                self.conn.send(None)
        except (OSError, ValueError, AttributeError):
            pass
        self.proc.join(2)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join(2)
        self.conn.close()


class InspectionPool:
    """Up to `workers` worker processes (default: 2, or 1 on a one-core machine), each file
    analysed under `time_limit` seconds and `memory_mb` megabytes (default: the data's
    limits). One call of `analyse()` at a time; the workers stay alive between calls
    until `close()` (or the end of the program)."""

    def __init__(self, workers: int | None = None, time_limit: float | None = None,
                 memory_mb: int | None = None):
        lim = limits()
        self.size = max(1, workers or min(2, os.cpu_count() or 1))
        self.time_limit = float(time_limit if time_limit is not None else lim["time_seconds"])
        self.memory_mb = int(memory_mb if memory_mb is not None else lim["memory_mb"])
        self._idle: list[_Worker] = []
        self._lock = threading.Lock()
        self.peak_rss_kb = 0  # the largest peak resident size a worker reported
        self.started = 0  # workers started so far (restarts included)

    def analyse(self, paths, on_done, cancel=None, spent=None) -> bool:
        """Analyse each path; on_done(index, analysis, thumbnail) is called, in this thread,
        as each one finishes (in any order). `cancel()` is polled at least every 0.1 s;
        when it returns true the running files are abandoned and False is returned.
        `spent[i]`: seconds already spent on path i (hashing it), taken off its limit."""
        with self._lock:
            return self._run(list(enumerate(paths)), on_done, cancel, spent or [0.0] * len(paths))

    def _run(self, pending, on_done, cancel, spent) -> bool:
        busy: dict = {}  # connection -> (worker, index, deadline)
        try:
            while pending or busy:
                if cancel is not None and cancel():
                    for worker, _, _ in busy.values():
                        worker.stop(kill=True)
                    busy.clear()
                    return False
                while pending and len(busy) < self.size:
                    index, path = pending.pop(0)
                    worker = self._idle.pop() if self._idle else self._start()
                    try:
                        worker.conn.send(os.fspath(path))
                    except (OSError, ValueError):
                        worker.stop(kill=True)
                        on_done(index, failed("FILE_CRASHED"), None)
                        continue
                    busy[worker.conn] = (worker, index, time.monotonic() + max(0.0, self.time_limit - spent[index]))
                if not busy:
                    continue
                timeout = max(0.0, min(d for _, _, d in busy.values()) - time.monotonic())
                if cancel is not None:
                    timeout = min(timeout, 0.1)
                for conn in wait(list(busy), timeout):
                    worker, index, _ = busy.pop(conn)
                    try:
                        analysis, thumb, rss = conn.recv()
                    except (EOFError, OSError):
                        worker.stop(kill=True)
                        on_done(index, failed("FILE_CRASHED"), None)
                        continue
                    self._idle.append(worker)
                    self.peak_rss_kb = max(self.peak_rss_kb, rss or 0)
                    on_done(index, analysis, thumb)
                now = time.monotonic()
                for conn, (worker, index, deadline) in list(busy.items()):
                    if now >= deadline:
                        del busy[conn]
                        worker.stop(kill=True)
                        on_done(index, failed("FILE_TIMEOUT", seconds=round(self.time_limit, 1)), None)
            return True
        except BaseException:
            for worker, _, _ in busy.values():
                worker.stop(kill=True)
            raise

    def _start(self) -> _Worker:
        self.started += 1
        return _Worker(self.memory_mb * 1024 * 1024)

    def close(self) -> None:
        with self._lock:
            while self._idle:
                self._idle.pop().stop()


_shared: InspectionPool | None = None
_shared_lock = threading.Lock()


def shared_pool() -> InspectionPool:
    """The pool the engine uses by default: made on first use, closed at exit."""
    global _shared
    with _shared_lock:
        if _shared is None:
            import atexit

            _shared = InspectionPool()
            atexit.register(_shared.close)
        return _shared
