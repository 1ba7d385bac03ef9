"""Loaded at start-up by every Python process whose PYTHONPATH holds this folder (the
tests' subprocesses): any attempt to open a network socket or resolve a host name fails
loudly. Local IPC (AF_UNIX: Qt's D-Bus, multiprocessing pipes) is allowed.

Every attempt is written to stderr with the stack that made it, and to the file named by
SHEBAO_NETGUARD_LOG, which the test reads: an attempt a library swallowed still counts.
"""

import os
import socket
import traceback

_LOG = os.environ.get("SHEBAO_NETGUARD_LOG")
_AF_UNIX = getattr(socket, "AF_UNIX", None)


class NetworkBlocked(OSError):
    pass


def _refuse(what: str):
    stack = "".join(traceback.format_stack(limit=12)[:-2])
    message = f"NETGUARD: blocked {what} in pid {os.getpid()}\n{stack}"
    import sys
    sys.stderr.write(message)
    if _LOG:
        with open(_LOG, "a", encoding="utf-8") as fh:
            fh.write(message)
    raise NetworkBlocked(f"network access blocked by the test: {what}")


class _GuardedSocket(socket.socket):
    def __init__(self, family=-1, type=-1, proto=-1, fileno=None):
        fam = socket.AF_INET if family == -1 else family
        if fileno is None and fam != _AF_UNIX:
            _refuse(f"socket(family={fam!r})")
        super().__init__(family, type, proto, fileno)


def _blocked(name):
    def guard(*args, **kwargs):
        _refuse(f"{name}{args[:2]!r}")
    return guard


socket.socket = _GuardedSocket
for _name in ("create_connection", "getaddrinfo", "gethostbyname", "gethostbyname_ex", "gethostbyaddr",
              "create_server"):
    setattr(socket, _name, _blocked(f"socket.{_name}"))
