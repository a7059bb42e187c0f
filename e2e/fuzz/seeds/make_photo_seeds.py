#!/usr/bin/env python3
"""Writes the small seed photos in defect_photo/: JPEGs and PNGs as phones
and scanners send them, with EXIF orientation and GPS, so that the fuzzer
starts inside the decoders and the EXIF reader instead of guessing headers.
Needs Pillow (e.g. in a throwaway venv). The outputs are committed; rerun
only to change them."""

import io
import pathlib
import struct

from PIL import Image

OUT = pathlib.Path(__file__).with_name("defect_photo")


def picture(width, height, mode="RGB"):
    image = Image.new("RGB", (width, height))
    image.putdata(
        [((x * 37 + y * 11) % 256, (x * 5 + y * 53) % 256, (x ^ y) * 9 % 256)
         for y in range(height) for x in range(width)]
    )
    return image.convert(mode)


def tiff(orientation, gps, big_endian=True):
    """A TIFF structure: IFD0 with orientation and optionally a GPS IFD."""
    e = ">" if big_endian else "<"
    out = bytearray(b"MM\0\x2a" if big_endian else b"II\x2a\0")
    out += struct.pack(e + "I", 8)
    entries = 2 if gps else 1
    gps_ifd = 8 + 2 + 12 * entries + 4
    out += struct.pack(e + "H", entries)
    out += struct.pack(e + "HHIHH", 0x0112, 3, 1, orientation, 0)
    if gps:
        out += struct.pack(e + "HHII", 0x8825, 4, 1, gps_ifd)
    out += struct.pack(e + "I", 0)
    if gps:
        lat, lon = gps
        data = gps_ifd + 2 + 12 * 5 + 4
        out += struct.pack(e + "H", 5)
        out += struct.pack(e + "HHI", 0, 1, 4) + bytes([2, 3, 0, 0])
        out += struct.pack(e + "HHI", 1, 2, 2) + b"N\0\0\0"
        out += struct.pack(e + "HHII", 2, 5, 3, data)
        out += struct.pack(e + "HHI", 3, 2, 2) + b"E\0\0\0"
        out += struct.pack(e + "HHII", 4, 5, 3, data + 24)
        out += struct.pack(e + "I", 0)
        for value in (lat, lon):
            d = int(value)
            m = int((value - d) * 60)
            s = round((value - d - m / 60) * 3600 * 10000)
            out += struct.pack(e + "IIIIII", d, 1, m, 1, s, 10000)
    return bytes(out)


def jpeg(image, orientation=None, gps=None, big_endian=True, **save):
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=60, **save)
    data = buffer.getvalue()
    if orientation is None:
        return data
    body = b"Exif\0\0" + tiff(orientation, gps, big_endian)
    app1 = b"\xff\xe1" + struct.pack(">H", len(body) + 2) + body
    return data[:2] + app1 + data[2:]


def png(image, orientation=None):
    buffer = io.BytesIO()
    if orientation is None:
        image.save(buffer, "PNG")
    else:
        image.save(buffer, "PNG", exif=tiff(orientation, None, big_endian=False))
    return buffer.getvalue()


def main():
    OUT.mkdir(exist_ok=True)
    seeds = {
        "exif_gps_orientation6.jpg": jpeg(picture(16, 12), 6, (51.9607, 7.6261)),
        "exif_le_orientation3_progressive.jpg": jpeg(
            picture(8, 8), 3, None, big_endian=False, progressive=True
        ),
        "gray.jpg": jpeg(picture(5, 3, "L")),
        "cmyk.jpg": jpeg(picture(4, 4, "CMYK")),
        "subsampled_orientation8.jpg": jpeg(picture(9, 7), 8, subsampling=2),
        "wide_2100x1.jpg": jpeg(picture(2100, 1)),
        "rgb.png": png(picture(4, 3)),
        "gray_alpha.png": png(picture(3, 5, "LA")),
        "palette.png": png(picture(6, 2, "P")),
        "rgba_exif_orientation8.png": png(picture(5, 4, "RGBA"), 8),
        "sixteen_bit.png": png(Image.new("I;16", (3, 3), 40000)),
    }
    for name, data in seeds.items():
        (OUT / name).write_bytes(data)
        print(f"{name}: {len(data)} bytes")


if __name__ == "__main__":
    main()
