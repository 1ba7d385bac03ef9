"""How an attached image goes into the pack, decided here from what the inspection reads so
that `check` says it before `pack` does it (forms/pack/scans.py follows the same rule).

img2pdf embeds PNG, TIFF, GIF, BMP and WebP without loss, 16-bit colour included, but it
refuses more than 8 bits per channel together with transparency, and 32-bit or
floating-point pixels: those images go into the pack converted to 8 bits per channel.
"""

from __future__ import annotations


def converted_for_pack(mode: str | None, bits: int | None) -> bool:
    """True when an image of Pillow `mode` with `bits` per channel as stored cannot go into
    the pack as it is and is converted to 8 bits per channel."""
    mode = mode or ""
    if mode in ("I", "F"):
        return True
    return (bits or 8) > 8 and mode in ("RGBA", "LA", "PA", "RGBa", "La")
