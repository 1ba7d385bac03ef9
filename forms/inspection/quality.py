"""Measures on a reduced greyscale copy of a page: how much ink it carries (blank pages),
how blurred it is, and a fingerprint to find the same picture attached twice.

All measures use Pillow's C operations on images of at most about a megapixel, so a
page costs a few milliseconds whatever the size of the scan.
"""

from __future__ import annotations

from functools import lru_cache

from PIL import Image, ImageChops, ImageFilter, ImageStat

# Pages smaller than this are too small to measure (their resolution is the finding).
MIN_MEASURE_PX = 16
# The blur measure needs room for its 9-pixel box.
MIN_BLUR_PX = 64
FP_SIDE = 32


def to_gray8(img: Image.Image) -> Image.Image:
    """An 8-bit greyscale copy of any Pillow mode: 1, L, P, RGB(A), CMYK, LAB, 16-bit and
    32-bit integer, float. Transparent areas count as white paper."""
    mode = img.mode
    if mode == "L":
        return img
    if mode in ("I;16", "I;16L", "I;16B", "I;16N", "I", "F"):
        img = img if mode in ("I", "F") else img.convert("I")
        lo, hi = img.getextrema()
        if mode == "F" or lo < 0 or hi > 65535:  # no known range: stretch what is there
            span = float(hi - lo) or 1.0
            return img.point(lambda v: (v - lo) * (255.0 / span)).convert("L")
        if hi <= 255:  # 8-bit values in a wider type
            return img.convert("L")
        top = 4095.0 if hi <= 4095 else 65535.0  # 12-bit scanners, else full 16-bit
        return img.point(lambda v: v * (255.0 / top)).convert("L")
    if mode in ("RGBA", "LA", "PA", "RGBa", "La") or (mode == "P" and "transparency" in img.info):
        rgba = img.convert("RGBA")
        paper = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(paper, rgba).convert("L")
    if mode in ("CMYK", "YCbCr", "LAB", "HSV", "P", "1", "RGBX"):
        return img.convert("RGB").convert("L")
    return img.convert("L")


def to_rgb8(img: Image.Image) -> Image.Image:
    """An 8-bit RGB copy for thumbnails (greyscale stays greyscale)."""
    if img.mode in ("RGB", "L"):
        return img
    if img.mode in ("I;16", "I;16L", "I;16B", "I;16N", "I", "F"):
        return to_gray8(img)
    if img.mode in ("RGBA", "LA", "PA", "RGBa", "La") or (img.mode == "P" and "transparency" in img.info):
        rgba = img.convert("RGBA")
        paper = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(paper, rgba).convert("RGB")
    return img.convert("RGB")


def reduced(img: Image.Image, max_side: int) -> Image.Image:
    """A copy whose long side is at most `max_side` (box filter: an honest average)."""
    w, h = img.size
    scale = max_side / max(w, h)
    if scale >= 1:
        return img
    size = (max(1, round(w * scale)), max(1, round(h * scale)))
    return img.resize(size, Image.Resampling.BOX, reducing_gap=2.0)


def ink_share(gray: Image.Image, level: int, max_side: int = 600) -> float:
    """The share of pixels that differ from the paper (the median grey) by more than
    `level`, after a 3x3 median filter so that dust and scanner noise do not count. A
    margin of 3 % is left out: a scanner's lid and edges leave dark borders on blank paper."""
    g = reduced(gray, max_side)
    if min(g.size) >= 100:
        mx, my = round(g.width * 0.03), round(g.height * 0.03)
        g = g.crop((mx, my, g.width - mx, g.height - my))
    if min(g.size) >= 3:
        g = g.filter(ImageFilter.MedianFilter(3))
    hist = g.histogram()
    total = sum(hist)
    if not total:
        return 0.0
    half, acc, paper = total / 2, 0, 0
    for value, count in enumerate(hist):
        acc += count
        if acc >= half:
            paper = value
            break
    ink = sum(c for v, c in enumerate(hist) if abs(v - paper) > level)
    return ink / total


def blur_effect(gray: Image.Image, max_side: int | None = None) -> float | None:
    """The no-reference blur measure of Crete-Roffet et al. (2007): how much of the
    image's neighbour-to-neighbour variation survives a further 9-pixel blur. 0 is sharp,
    1 is completely flat; the larger of the horizontal and vertical figures is returned.
    None for an image with no variation at all (blank pages are reported as such)."""
    g = reduced(gray, max_side) if max_side else gray
    if min(g.size) < MIN_BLUR_PX:
        return None
    out = []
    for radius, shift in (((4, 0), (1, 0)), ((0, 4), (0, 1))):
        blurred = g.filter(ImageFilter.BoxBlur(radius))
        d_img = _neighbour_difference(g, shift)
        d_blur = _neighbour_difference(blurred, shift)
        lost = ImageChops.subtract(d_img, d_blur)  # max(0, d_img - d_blur), as uint8
        s_img = ImageStat.Stat(d_img).sum[0]
        if s_img <= 0:
            return None
        s_lost = ImageStat.Stat(lost).sum[0]
        out.append((s_img - s_lost) / s_img)
    return max(out)


def _neighbour_difference(img: Image.Image, shift: tuple[int, int]) -> Image.Image:
    # |I(x, y) - I(x - dx, y - dy)|, without the wrapped-around first row or column
    diff = ImageChops.difference(img, ImageChops.offset(img, *shift))
    return diff.crop((shift[0], shift[1], img.width, img.height))


def fingerprint(gray: Image.Image) -> str:
    """The picture at 32 x 32 grey levels (area averages), as hex: enough to recognise the
    same picture re-saved or rescaled, and to tell apart two letters on one template."""
    return gray.resize((FP_SIDE, FP_SIDE), Image.Resampling.BOX).tobytes().hex()


def similarity(a: str, b: str) -> float:
    """Correlation (-1..1) of two fingerprints: 1 for the same picture. In exact integer
    sums (map/sum run in C), each fingerprint's own sums computed once: a case of 20 scans
    compares 190 pairs each time it is checked or packed."""
    from operator import mul

    va, sx, vx = _fp_stats(a)
    vb, sy, vy = _fp_stats(b)
    if len(va) != len(vb) or not va:
        return 0.0
    if vx == 0 or vy == 0:
        return 1.0 if vx == vy and sx == sy else 0.0
    cov = len(va) * sum(map(mul, va, vb)) - sx * sy  # n² times the covariance
    return cov / (vx * vy) ** 0.5


@lru_cache(maxsize=512)
def _fp_stats(fp: str) -> tuple[bytes, int, int]:
    """(values, sum, n² times the variance) of a fingerprint."""
    from operator import mul

    v = bytes.fromhex(fp)
    s = sum(v)
    return v, s, len(v) * sum(map(mul, v, v)) - s * s


def measure(gray: Image.Image, *, ink_level: int) -> dict:
    """The page measures stored in an analysis, but blur: ink share, fingerprint, shape."""
    aspect = round(gray.width / gray.height, 4)
    if min(gray.size) < MIN_MEASURE_PX:
        return {"ink": None, "fingerprint": None, "aspect": aspect}
    return {"ink": round(ink_share(gray, ink_level), 5), "fingerprint": fingerprint(gray), "aspect": aspect}


def rounded(v: float | None) -> float | None:
    return None if v is None else round(v, 4)
