"""Whether a HEIC/HEIF/AVIF file is whole, from its box structure (ISO/IEC 14496-12), so
that a cut-off or corrupted photo is not told to "export it as JPEG" (which cannot work on
a broken file). Only the top-level box headers are read; nothing is decoded."""

from __future__ import annotations

import os
import struct

_MAX_BOXES = 10_000


def box_problem(path) -> tuple[str, str] | None:
    """None for a whole file, ("truncated", detail) when a box runs past the end of the
    file, ("damaged", detail) when the box structure is broken or has no metadata."""
    size = os.stat(path).st_size
    seen = set()
    with open(path, "rb") as fh:
        pos = 0
        for _ in range(_MAX_BOXES):
            if pos >= size:
                break
            fh.seek(pos)
            head = fh.read(16)
            if len(head) < 8:
                return "truncated", f"{size - pos} stray bytes at the end"
            length, kind = struct.unpack(">I4s", head[:8])
            if not all(0x20 <= b < 0x7F for b in kind):
                return "damaged", f"unreadable box at byte {pos}"
            if length == 1:
                if len(head) < 16:
                    return "truncated", f"box {kind.decode('ascii')} cut off"
                length = struct.unpack(">Q", head[8:16])[0]
            elif length == 0:
                length = size - pos
            if length < 8:
                return "damaged", f"box {kind.decode('ascii')} of {length} bytes at byte {pos}"
            if pos + length > size:
                return "truncated", f"box {kind.decode('ascii')} needs {pos + length} bytes, the file has {size}"
            seen.add(kind)
            pos += length
    if b"meta" not in seen:
        return "damaged", "no metadata box"
    return None
