"""Encoded test images and Pillow's RGB reading of them: the oracle for Pictograph's image decoders.

Usage: python image_oracle.py   (no arguments, no input)

Prints a JSON list: {"name", "format", "bytes" (base64), "width", "height", "rgb" (base64, Pillow's
convert("RGB") of the first frame: alpha dropped without compositing, grey replicated, palettes expanded, which is
what stb_image gives OVMS for these files), "exact" (false where the decoders legitimately differ: JPEG)}.
The images are deterministic (a seeded numpy generator) and small.
"""
import base64
import io
import json

import numpy as np
from PIL import Image

rng = np.random.default_rng(20261125)


def noise(height, width, channels):
    shape = (height, width) if channels == 1 else (height, width, channels)
    return rng.integers(0, 256, size=shape, dtype=np.uint8)


def smooth(height, width):
    """A smooth RGB picture (JPEG-friendly: gradients and a disc)."""
    y, x = np.mgrid[0:height, 0:width]
    r = (x * 255 // max(1, width - 1)).astype(np.uint8)
    g = (y * 255 // max(1, height - 1)).astype(np.uint8)
    b = np.where((x - width / 2) ** 2 + (y - height / 2) ** 2 < (min(width, height) / 3) ** 2, 220, 30).astype(np.uint8)
    return np.stack([r, g, b], axis=-1)


def entry(name, image, fmt, exact=True, **save):
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **save)
    data = buffer.getvalue()
    decoded = Image.open(io.BytesIO(data))
    decoded.seek(0)
    rgb = np.asarray(decoded.convert("RGB"), dtype=np.uint8)
    return {"name": name, "format": fmt, "bytes": base64.b64encode(data).decode(), "width": decoded.width,
            "height": decoded.height, "rgb": base64.b64encode(rgb.tobytes()).decode(), "exact": exact}


def palette_image(height, width, colors):
    image = Image.fromarray(rng.integers(0, colors, size=(height, width), dtype=np.uint8), "P")
    image.putpalette(noise(1, colors, 3).reshape(-1).tolist())
    return image


def main():
    cases = [
        entry("png rgb", Image.fromarray(noise(7, 9, 3), "RGB"), "PNG"),
        entry("png rgba", Image.fromarray(noise(6, 5, 4), "RGBA"), "PNG"),
        entry("png grey", Image.fromarray(noise(5, 11, 1), "L"), "PNG"),
        entry("png grey+alpha", Image.fromarray(noise(4, 4, 2), "LA"), "PNG"),
        entry("png palette", palette_image(9, 7, 200), "PNG"),
        entry("png palette with tRNS", palette_image(5, 6, 16), "PNG", transparency=3),
        entry("png 4-bit palette", palette_image(5, 13, 16), "PNG", bits=4),
        entry("png 1-bit", Image.fromarray(noise(9, 10, 1) > 127).convert("1"), "PNG"),
        entry("bmp 24-bit", Image.fromarray(noise(5, 7, 3), "RGB"), "BMP"),
        entry("bmp 32-bit", Image.fromarray(noise(4, 3, 4), "RGBA"), "BMP"),
        entry("bmp 8-bit grey", Image.fromarray(noise(6, 5, 1), "L"), "BMP"),
        entry("bmp 8-bit palette", palette_image(3, 9, 256), "BMP"),
        entry("bmp 1-bit", Image.fromarray(noise(5, 11, 1) > 127).convert("1"), "BMP"),
        entry("gif", palette_image(8, 6, 64), "GIF"),
        entry("gif interlaced", palette_image(19, 7, 32), "GIF", interlace=True),
        entry("gif 2-frame", palette_image(4, 4, 8), "GIF", save_all=True, append_images=[palette_image(4, 4, 8)]),
        entry("ppm", Image.fromarray(noise(3, 4, 3), "RGB"), "PPM"),
        entry("pgm", Image.fromarray(noise(4, 3, 1), "L"), "PPM"),
        entry("jpeg 4:2:0", Image.fromarray(smooth(40, 48), "RGB"), "JPEG", exact=False, quality=95),
        entry("jpeg 4:4:4", Image.fromarray(smooth(24, 16), "RGB"), "JPEG", exact=False, quality=95, subsampling=0),
        entry("jpeg progressive", Image.fromarray(smooth(32, 32), "RGB"), "JPEG", exact=False, quality=90,
              progressive=True),
        entry("jpeg grey", Image.fromarray(smooth(16, 24)[..., 0], "L"), "JPEG", exact=False, quality=95),
    ]
    json.dump(cases, __import__("sys").stdout)


if __name__ == "__main__":
    main()
