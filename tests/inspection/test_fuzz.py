"""Fuzzing: valid PDFs and JPEGs mutated (bits flipped, bytes overwritten, inserted,
deleted, spliced, numbers changed, cut off) go through the whole inspection, worker
processes included. Over 2,000 files: every one gets a result with findings, no exception
escapes, none reaches its time limit.

The cases are drawn by Hypothesis in batches of 25 files, inspected two at a time by the
pool as in the app; `derandomize` keeps CI's cases the same from run to run."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forms.inspection import Cache, inspect_files
from tests.inspection import makers as M

BATCH = 25
BATCHES = 84  # 2,100 files
COUNT = {"files": 0, "codes": {}}


def _seeds() -> list[bytes]:
    tmp = Path(tempfile.mkdtemp())
    small_jpeg = M.jpeg_bytes(M.document("id1", 80), dpi=80, quality=70)
    progressive = M.jpeg_bytes(M.document("id1", 70, seed=2), dpi=70, quality=60, progressive=True)
    scan_pdf = M.scan_pdf(tmp, "scan.pdf", [small_jpeg]).read_bytes()
    text_pdf = M.text_pdf(tmp, "text.pdf", [["Employment contract", "Page 1 of 2"], ["Signature"]]).read_bytes()
    mrz = M.td3("ERIKSSON", "ANNA MARIA", "L898902C3", "UTO", "740812", "F", "120415")
    passport_pdf = M.passport_pdf(tmp, "passport.pdf", mrz).read_bytes()
    src = M.text_pdf(tmp, "plain.pdf", [["restricted"]])
    owner_pdf = M.encrypted_pdf(tmp, "owner.pdf", src, user="", owner="x").read_bytes()
    return [small_jpeg, progressive, scan_pdf, text_pdf, passport_pdf, owner_pdf]


SEEDS = _seeds()
OPS = ["flip", "overwrite", "insert", "delete", "splice", "digit", "truncate"]


@st.composite
def mutated(draw, seeds=None) -> bytes:
    """One of `seeds` (default SEEDS) with 1-4 mutations."""
    data = bytearray(draw(st.sampled_from(seeds or SEEDS)))
    for _ in range(draw(st.integers(1, 4))):
        if not data:
            break
        op = draw(st.sampled_from(OPS))
        pos = draw(st.integers(0, len(data) - 1))
        if op == "flip":
            data[pos] ^= 1 << draw(st.integers(0, 7))
        elif op == "overwrite":
            chunk = draw(st.binary(min_size=1, max_size=32))
            data[pos:pos + len(chunk)] = chunk
        elif op == "insert":
            data[pos:pos] = draw(st.binary(min_size=1, max_size=64))
        elif op == "delete":
            del data[pos:pos + draw(st.integers(1, 256))]
        elif op == "splice":  # a part of the file copied elsewhere (a broken download)
            start = draw(st.integers(0, len(data) - 1))
            data[pos:pos] = data[start:start + draw(st.integers(1, 512))]
        elif op == "digit":  # a number changed: offsets, lengths, sizes, counts
            digits = [i for i in range(pos, min(len(data), pos + 400)) if 48 <= data[i] <= 57]
            if digits:
                data[draw(st.sampled_from(digits))] = 48 + draw(st.integers(0, 9))
        elif op == "truncate":
            del data[max(1, pos):]
    return bytes(data)


@settings(max_examples=BATCHES, deadline=None, database=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example])
@given(st.lists(mutated(), min_size=BATCH, max_size=BATCH))
def _fuzz_batch(pool, batch: list[bytes]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for i, data in enumerate(batch):
            path = Path(folder) / f"{i:02d}{'.pdf' if b'%PDF' in data[:1024] else '.jpg'}"
            path.write_bytes(data)
            paths.append(path)
        results = inspect_files(paths, "reg.passport", "online", pool=pool, cache=Cache(None))
    assert len(results) == len(batch)
    for path, r in zip(paths, results):
        codes = {f.code for f in r.findings}
        assert codes, path
        assert "FILE_TIMEOUT" not in codes, path
        assert "FILE_READ_ERROR" not in codes, (path, r.findings)  # every reader failure classified
        assert all(f.message["en"] and f.message["zh"] for f in r.findings)
        if r.thumbnail_png:
            assert r.thumbnail_png.startswith(b"\x89PNG")
        for c in codes:
            COUNT["codes"][c] = COUNT["codes"].get(c, 0) + 1
    COUNT["files"] += len(batch)


def test_mutated_pdfs_and_jpegs_never_break_the_inspection(pool):
    _fuzz_batch(pool)
    assert COUNT["files"] >= 2000
    # the mutations reach deep: damaged, truncated and still-readable files all occur
    assert {"PDF_DAMAGED", "FILE_TRUNCATED", "FILE_OK"} <= set(COUNT["codes"]), COUNT["codes"]
