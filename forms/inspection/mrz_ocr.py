"""Find the machine-readable zone on a picture of a document and read it offline.

Locating: the MRZ is two or three long lines of characters with no gaps (the fillers are
ink too), set at the bottom of the data page. On a reduced grey copy, dark strokes are
marked against the local mean, smeared along the line (and closed across the few rows
where only thin strokes stand), and rows whose longest unbroken run is long are grouped
into line bands; groups of two or three bands of the same extent are the candidates.
Done for the picture as it is and turned by 90°; each candidate is read as it is and
turned by 180°, so any of the four rotations is found.

Reading: only the text recogniser of PaddleOCR (PP-OCRv6 small, Apache-2.0) on ONNX
Runtime, on the candidate lines: the model file ships inside the `rapidocr` wheel and is
loaded from there (never downloaded); the full RapidOCR pipeline (its text detector on the
whole page) is not used, which is what makes a read take well under a second. The output
is decoded over the MRZ alphabet only; O and 0, which the recogniser does not tell apart,
are told by their glyphs' heights where that is clear (mrz_glyphs); forms.law.mrz corrects
the reading by the structure and accepts it only when every check digit holds.

Plain numpy and Pillow: no OpenCV (its usual wheel carries a second Qt; the headless one
would add 150 MB to the bundle for two filters).
"""

from __future__ import annotations

import importlib.util
import sys
import time
from pathlib import Path

from forms.inspection import mrz_glyphs
from forms.law import mrz as M

MODEL = "PP-OCRv6_rec_small.onnx"
ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<"
WORK_PX = 1400  # long side of the copy the MRZ is located on
REC_HEIGHT = 48  # input height of the recogniser
MAX_GROUPS = 3  # candidate groups read per orientation before giving up
# A picture whose short side has fewer pixels shows a passport page at under 60 DPI: its
# MRZ cannot be trusted to be read (RESOLUTION_TOO_LOW says to rescan), and is not searched.
MIN_SIDE_PX = 200
# The smallest memory ceiling (resources/data/inspection.toml, 1536 MB by default) under
# which the reader runs: ONNX Runtime reserves a few hundred MB of address space.
MIN_MEMORY_MB = 768
TIME_BUDGET = 1.5  # processor seconds (a passport reads in 0.2-0.6)
INK_CONTRAST = 24.0  # grey levels darker than around it: print, not a faint background pattern
DENSITY = 0.2  # share of ink around a pixel of a text line  # seconds: stop trying further candidates after this

_session = None
_alphabet_index = None


class EngineMissing(RuntimeError):
    pass


def model_path() -> Path:
    """The recogniser's model file, from the installed `rapidocr` package (or, in the
    bundle, the copy PyInstaller placed under the same relative path)."""
    candidates = []
    spec = importlib.util.find_spec("rapidocr")
    if spec and spec.submodule_search_locations:
        candidates += [Path(p) / "models" / MODEL for p in spec.submodule_search_locations]
    if getattr(sys, "frozen", False):
        candidates.append(Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent)) / "rapidocr" / "models" / MODEL)
    for path in candidates:
        if path.is_file():
            return path
    raise EngineMissing("the MRZ reader's model (rapidocr) is not installed")


def _engine():
    global _session, _alphabet_index
    if _session is None:
        import onnxruntime as ort

        opts = ort.SessionOptions()
        opts.intra_op_num_threads = 1  # the inspection runs a worker per core
        opts.inter_op_num_threads = 1
        opts.log_severity_level = 3
        session = ort.InferenceSession(str(model_path()), sess_options=opts, providers=["CPUExecutionProvider"])
        chars = session.get_modelmeta().custom_metadata_map["character"].splitlines()
        # CTC output: 0 is the blank, then the model's characters, then a space
        index = {c: i + 1 for i, c in enumerate(chars)}
        _alphabet_index = [0] + [index[c] for c in ALPHABET]
        _session = session
    return _session, _alphabet_index


def available() -> bool:
    try:
        import onnxruntime  # noqa: F401
        model_path()
        return True
    except (ImportError, EngineMissing):
        return False


# --- locating ---------------------------------------------------------------------------


def _box_mean(a, ry: int, rx: int | None = None):
    """Mean of `a` over a (2ry+1) × (2rx+1) box around each pixel (an integral image)."""
    import numpy as np

    rx = ry if rx is None else rx
    pad = np.pad(a.astype(np.float32), ((ry + 1, ry), (rx + 1, rx)), mode="edge")
    ii = pad.cumsum(0).cumsum(1)
    ky, kx = 2 * ry + 1, 2 * rx + 1
    s = ii[ky:, kx:] - ii[:-ky, kx:] - ii[ky:, :-kx] + ii[:-ky, :-kx]
    return s / (ky * kx)


def _smear(mask, r: int):
    """Horizontal dilation of a boolean array by r pixels each way."""
    import numpy as np

    cs = np.pad(mask.astype(np.int32), ((0, 0), (r + 1, r)), mode="constant").cumsum(1)
    return (cs[:, 2 * r + 1:] - cs[:, : -2 * r - 1]) > 0


def _close_rows(mask, r: int):
    """Vertical closing of a boolean array: gaps of up to 2r rows between ink filled,
    the ink's top and bottom kept where they were."""
    import numpy as np

    def spread(m, combine):  # each pixel combined with the r rows above and below it
        padded = np.pad(m, ((r, r), (0, 0)), mode="edge")
        out = m.copy()
        for k in range(1, r + 1):
            combine(out, padded[r - k:len(padded) - r - k], out=out)
            combine(out, padded[r + k:len(padded) - r + k], out=out)
        return out

    return spread(spread(mask, np.logical_or), np.logical_and)


def _bands(gray):
    """Line bands [(y0, y1, x0, x1)] of a grey array: rows whose longest unbroken run of
    smeared ink is long, grouped."""
    import numpy as np

    h, w = gray.shape
    mean = _box_mean(gray, max(4, w // 80))
    ink = (mean - gray) > max(INK_CONTRAST, float(np.std(gray)) * 0.25)
    # dense along a line: text, not the thin lines of a guilloche background
    dense = _box_mean(ink, max(1, w // 400), max(2, w // 100)) > DENSITY
    smeared = _smear(dense, max(2, w // 80))  # bridge the thin fillers and the gaps between letters
    # a few rows through a line where only thin strokes stand (the middle of 1, 7, <) have
    # no long run: closed vertically, so the line is not cut into slivers no group matches
    smeared = _close_rows(smeared, max(1, w // 400))
    padded = np.zeros((h, w + 2), dtype=np.int8)
    padded[:, 1:-1] = smeared
    d = np.diff(padded, axis=1)
    runs = []  # per row: (length, start, end) of its longest run
    for y in range(h):
        starts = np.flatnonzero(d[y] == 1)
        if not len(starts):
            runs.append((0, 0, 0))
            continue
        ends = np.flatnonzero(d[y] == -1)
        i = int(np.argmax(ends - starts))
        runs.append((int(ends[i] - starts[i]), int(starts[i]), int(ends[i])))
    min_len = 0.22 * w
    bands, cur = [], []
    for y, (length, x0, x1) in enumerate(runs + [(0, 0, 0)]):
        if length >= min_len:
            cur.append((y, x0, x1))
            continue
        if len(cur) >= 3:
            # the line's ends: from the rows through its middle, where thin fillers have ink
            longest = max(c[2] - c[1] for c in cur)
            mid = [c for c in cur if c[2] - c[1] >= 0.8 * longest]
            band = (cur[0][0], cur[-1][0] + 1, min(c[1] for c in mid), max(c[2] for c in mid))
            bands.append(_extent(ink, band))
        cur = []
    return bands


def _extent(ink, band):
    """The band's line to its ends: the columns with ink in its rows, gaps of up to about
    a letter bridged (a run of thin fillers is sparse where words are dense)."""
    import numpy as np

    y0, y1, x0, x1 = band
    cols = ink[y0:y1].any(axis=0)
    r = max(2, y1 - y0)
    bridged = _smear(cols[np.newaxis, :], r)[0]
    mid = (x0 + x1) // 2
    if not bridged[mid]:
        return band
    left = np.flatnonzero(~bridged[:mid])
    right = np.flatnonzero(~bridged[mid:])
    lo = int(left[-1] + 1 + r) if len(left) else 0
    hi = int(mid + right[0] - r) if len(right) else ink.shape[1]
    reach = (x1 - x0) // 2  # not through a background pattern to the picture's edge
    return (y0, y1, min(x0, max(0, lo, x0 - reach)), max(x1, min(ink.shape[1], hi, x1 + reach)))


def _groups(bands):
    """Candidate MRZs: two or three consecutive bands of about the same extent, each long
    for its height; best first (long, even, low on the page)."""
    out = []
    ok = [b for b in bands if 10 <= (b[3] - b[2]) / max(1, b[1] - b[0]) <= 70]
    for size in (2, 3):
        for i in range(len(ok) - size + 1):
            g = ok[i:i + size]
            lengths = [b[3] - b[2] for b in g]
            heights = [b[1] - b[0] for b in g]
            # the lines of an MRZ are equally long, but a run of thin fillers may fade:
            # aligned at one end (the start, or the end when upside down) is enough
            if max(lengths) > 2.5 * min(lengths) or max(heights) > 2.2 * min(heights):
                continue
            gaps = [g[j + 1][0] - g[j][1] for j in range(size - 1)]
            if max(gaps) > 2.5 * max(heights):
                continue
            tolerance = 0.06 * max(lengths)
            if max(b[2] for b in g) - min(b[2] for b in g) > tolerance and \
                    max(b[3] for b in g) - min(b[3] for b in g) > tolerance:
                continue
            x0, x1 = min(b[2] for b in g), max(b[3] for b in g)  # the lines of an MRZ are aligned
            out.append((min(lengths) * size, [(b[0], b[1], x0, x1) for b in g]))
    out.sort(key=lambda x: -x[0])
    return out


# --- reading ----------------------------------------------------------------------------


def _prepare(crops):
    import numpy as np
    from PIL import Image

    widths = [max(REC_HEIGHT, round(REC_HEIGHT * c.width / max(1, c.height))) for c in crops]
    width = max(widths)
    batch = np.zeros((len(crops), 3, REC_HEIGHT, width), dtype=np.float32)
    for i, (c, w) in enumerate(zip(crops, widths)):
        arr = np.asarray(c.resize((w, REC_HEIGHT), Image.Resampling.BILINEAR), dtype=np.float32)
        batch[i, :, :, :w] = ((arr / 255.0 - 0.5) / 0.5).transpose(2, 0, 1)
    return batch


def recognise(crops) -> list[tuple[str, float, list, list]]:
    """(text, mean confidence, alternatives, positions) of each line image, decoded over
    the MRZ alphabet; alternatives: per character, {character: probability} of those the
    recogniser found likely there (for forms.law.mrz.correct); positions: per character,
    where the recogniser saw it, as a share of the image's width."""
    import numpy as np

    if not crops:
        return []
    session, index = _engine()
    batch = _prepare(crops)
    probs = session.run(None, {session.get_inputs()[0].name: batch})[0]
    frame = batch.shape[3] / probs.shape[1]  # input pixels per output step
    sub = probs[:, :, index]
    best = sub.argmax(axis=2)
    out = []
    for row, p, crop in zip(best, sub, crops):
        width = max(REC_HEIGHT, round(REC_HEIGHT * crop.width / max(1, crop.height)))  # as _prepare
        chars, confs, alts, xs, prev = [], [], [], [], 0
        for t, k in enumerate(row):
            if k != prev and k != 0:
                chars.append(ALPHABET[k - 1])
                confs.append(float(p[t, k]))
                letters = p[t, 1:] / max(float(p[t, 1:].sum()), 1e-9)
                top = np.flatnonzero(letters >= 0.01)
                alts.append({ALPHABET[j]: round(float(letters[j]), 4) for j in top})
                xs.append((t + 0.5) * frame / width)
            prev = k
        out.append(("".join(chars), float(np.mean(confs)) if confs else 0.0, alts, xs))
    return out


def _crop_lines(img, group, scale: float):
    """Each line of `group` (coordinates on the reduced copy) cut from the full picture,
    with a margin, as RGB."""
    crops = []
    for y0, y1, x0, x1 in group:
        h = (y1 - y0) / scale
        pad_y, pad_x = 0.3 * h, 0.6 * h
        box = (max(0, round(x0 / scale - pad_x)), max(0, round(y0 / scale - pad_y)),
               min(img.width, round(x1 / scale + pad_x)), min(img.height, round(y1 / scale + pad_y)))
        crops.append(img.crop(box).convert("RGB"))
    return crops


def _alternatives_by_glyph(texts):
    """The recogniser's alternatives of a group's lines [(text, confidence, alternatives,
    positions, crop)], with O and 0 told apart by their glyphs' heights where they can be."""
    alts = [[dict(a) for a in t[2]] for t in texts]
    if any("O" in t[0] or "0" in t[0] for t in texts):
        measured = [mrz_glyphs.heights(t[4], t[3]) for t in texts]
        mrz_glyphs.settle_o0([t[0] for t in texts], alts, measured)
    return alts


def read_image(img, deadline: float | None = None) -> dict | None:
    """The MRZ on a PIL image (already upright per its EXIF tag), or None if none was
    found. `deadline`: a time.process_time() after which no further candidate is tried. A reading whose check digits do not all hold is returned with `valid` False
    (the best one found); the caller decides what to trust."""
    import numpy as np
    from PIL import Image

    # the budget is processor time: on a busy machine a read takes longer, not fewer tries
    deadline = deadline or time.process_time() + TIME_BUDGET
    gray_full = img.convert("L")
    candidates = []  # (score, turn, picture, scale, group): both orientations, best first
    for turn in (0, 90):
        pic = gray_full if turn == 0 else gray_full.transpose(Image.Transpose.ROTATE_90)
        scale = 1.0 if max(pic.size) <= 1.25 * WORK_PX else WORK_PX / max(pic.size)
        small = pic if scale == 1.0 else pic.resize((round(pic.width * scale), round(pic.height * scale)),
                                                     Image.Resampling.BILINEAR)
        for rank, (score, group) in enumerate(_groups(_bands(np.asarray(small, dtype=np.float32)))[:MAX_GROUPS]):
            candidates.append((score / small.width, rank, turn, pic, scale, group))
    candidates.sort(key=lambda c: (-c[0], c[1]))
    best = None
    seen: dict = {}  # (turn, flip, band) -> (text, confidence): candidate groups share lines
    for _score, _rank, turn, pic, scale, group in candidates:
        for flip in (0, 180):
            bands = group if flip == 0 else list(reversed(group))
            todo = [b for b in bands if (turn, flip, b) not in seen]
            crops = _crop_lines(pic, todo, scale)
            if flip:
                crops = [c.transpose(Image.Transpose.ROTATE_180) for c in crops]
            for b, crop, result in zip(todo, crops, recognise(crops)):
                seen[(turn, flip, b)] = (*result, crop)
            texts = [seen[(turn, flip, b)] for b in bands if seen[(turn, flip, b)][0]]
            reading = M.correct([t[0] for t in texts], _alternatives_by_glyph(texts))
            if reading is None:
                if texts and min(t[1] for t in texts) > 0.8:
                    break  # confidently read upright: not an MRZ upside down
                continue
            reading["confidence"] = round(min(t[1] for t in texts), 3)
            reading["rotation"] = (360 - turn - flip) % 360  # how the document is turned (counter-clockwise)
            if reading["valid"]:
                return reading
            if best is None or sum(reading["checks"].values()) > sum(best["checks"].values()):
                best = reading
        if time.process_time() > deadline:
            break
    return best


# --- in the analysis (analysis.py, in the worker process) ----------------------------------


def summary_of(reading: dict, source: str, page: int, seconds: float | None = None) -> dict:
    """What the analysis keeps of a reading: plain JSON (it is cached with the analysis)."""
    keep = ("format", "kind", "lines", "document_code", "document_type", "issuing_country", "surname",
            "given_names", "name_truncated", "document_number", "nationality", "birth_date", "sex",
            "expiry_date", "optional_data", "optional_data_2", "checks", "valid", "uncertain",
            "rotation", "confidence", "corrected")
    out = {k: reading[k] for k in keep if k in reading}
    out.update(source=source, page=page)
    if seconds is not None:
        out["seconds"] = round(seconds, 3)
    return out


def search_text(a: dict, text: str, page: int) -> None:
    """An MRZ in a PDF page's text layer (exact, so kept even with a wrong check digit:
    that is then the finding)."""
    if a.get("mrz_read") and a["mrz_read"]["valid"]:
        return
    for group in M.split_text(text):
        reading = M.parse(group) if M.layout_of(group) else None
        if reading is not None:
            reading = M._settle_codes(reading)
            if a.get("mrz_read") is None or reading["valid"]:
                a["mrz_read"] = summary_of(reading, "text", page)
            if reading["valid"]:
                break


def search_image(a: dict, img, page: int) -> None:
    """Read the MRZ on a page's picture (PIL, upright) into the analysis: `mrz_read` is the
    best reading (valid or not), `mrz_searched` says the search ran. Does nothing when the
    engine is not installed or a valid reading is already there."""
    if a.get("mrz_read") and a["mrz_read"]["valid"]:
        return
    from forms.inspection import record

    if record.memory_limit_mb and record.memory_limit_mb < MIN_MEMORY_MB:
        return  # ONNX Runtime (and numpy) would not fit under this worker's memory ceiling
    if min(img.size) < MIN_SIDE_PX or not available():
        return
    start = time.monotonic()
    try:
        reading = read_image(img)
    except MemoryError:
        raise
    except Exception as exc:  # noqa: BLE001 - an engine failure loses the reading, not the file
        a["mrz_error"] = f"{type(exc).__name__}: {exc}"[:160]
        return
    a["mrz_searched"] = True
    if reading is not None and (a.get("mrz_read") is None or reading["valid"]):
        a["mrz_read"] = summary_of(reading, "ocr", page, time.monotonic() - start)
