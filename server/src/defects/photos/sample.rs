//! Camera-like sample photos with EXIF orientation and GPS, made in code so
//! that the tests and the photo benchmark need no binary files: a JPEG as a
//! phone writes it, with the metadata the pipeline must remove.

use image::{RgbImage, codecs::jpeg::JpegEncoder};

/// A position as a camera records it.
#[derive(Debug, Clone, Copy)]
pub struct Gps {
    pub lat: f64,
    pub lon: f64,
}

impl Gps {
    pub fn new(lat: f64, lon: f64) -> Self {
        Self { lat, lon }
    }
}

/// A JPEG of `width` × `height` pixels with a textured picture (so that it
/// compresses like a photo, not like a flat colour), the EXIF orientation
/// tag (1 = upright, 6 = turned right) and optionally GPS coordinates.
pub fn sample_photo(width: u32, height: u32, gps: Option<Gps>, orientation: u16) -> Vec<u8> {
    let mut noise: u32 = 0x2545_F491;
    let picture = RgbImage::from_fn(width, height, |x, y| {
        noise ^= noise << 13;
        noise ^= noise >> 17;
        noise ^= noise << 5;
        let grain = (noise % 24) as i32 - 12;
        let sky = (y * 255 / height.max(1)) as i32;
        let road = ((x / 37 + y / 53) % 7 * 20) as i32;
        let channel = |base: i32| (base + grain).clamp(0, 255) as u8;
        image::Rgb([
            channel(sky / 2 + road),
            channel(140 - sky / 3 + road / 2),
            channel(90 + road),
        ])
    });
    let mut jpeg = Vec::new();
    JpegEncoder::new_with_quality(&mut jpeg, 90)
        .encode_image(&picture)
        .expect("encoding into memory cannot fail");
    let app1 = exif_segment(orientation, gps);
    // EXIF belongs right after the start-of-image marker.
    jpeg.splice(2..2, app1);
    jpeg
}

/// An APP1 segment holding a big-endian TIFF structure: IFD0 with the
/// orientation and, if given, a pointer to a GPS IFD.
fn exif_segment(orientation: u16, gps: Option<Gps>) -> Vec<u8> {
    let mut tiff = Tiff::default();
    tiff.bytes.extend_from_slice(b"MM\0\x2A\0\0\0\x08");
    let ifd0_entries: u16 = if gps.is_some() { 2 } else { 1 };
    let gps_ifd_offset = 8 + 2 + 12 * u32::from(ifd0_entries) + 4;
    tiff.u16(ifd0_entries);
    tiff.entry(0x0112, 3, 1, u32::from(orientation) << 16);
    if gps.is_some() {
        tiff.entry(0x8825, 4, 1, gps_ifd_offset);
    }
    tiff.u32(0);
    if let Some(gps) = gps {
        let entries: u32 = 5;
        let data = gps_ifd_offset + 2 + 12 * entries + 4;
        tiff.u16(entries as u16);
        tiff.entry(0x0000, 1, 4, 0x0203_0000);
        tiff.entry(
            0x0001,
            2,
            2,
            ascii_ref(if gps.lat >= 0.0 { b'N' } else { b'S' }),
        );
        tiff.entry(0x0002, 5, 3, data);
        tiff.entry(
            0x0003,
            2,
            2,
            ascii_ref(if gps.lon >= 0.0 { b'E' } else { b'W' }),
        );
        tiff.entry(0x0004, 5, 3, data + 24);
        tiff.u32(0);
        tiff.degrees(gps.lat.abs());
        tiff.degrees(gps.lon.abs());
    }
    let mut segment = vec![0xFF, 0xE1];
    let length = (2 + 6 + tiff.bytes.len()) as u16;
    segment.extend_from_slice(&length.to_be_bytes());
    segment.extend_from_slice(b"Exif\0\0");
    segment.extend_from_slice(&tiff.bytes);
    segment
}

fn ascii_ref(letter: u8) -> u32 {
    u32::from(letter) << 24
}

#[derive(Default)]
struct Tiff {
    bytes: Vec<u8>,
}

impl Tiff {
    fn u16(&mut self, value: u16) {
        self.bytes.extend_from_slice(&value.to_be_bytes());
    }

    fn u32(&mut self, value: u32) {
        self.bytes.extend_from_slice(&value.to_be_bytes());
    }

    fn entry(&mut self, tag: u16, kind: u16, count: u32, value: u32) {
        self.u16(tag);
        self.u16(kind);
        self.u32(count);
        self.u32(value);
    }

    /// Degrees, minutes and seconds as three rationals, seconds to 1/10000.
    fn degrees(&mut self, value: f64) {
        let degrees = value.trunc();
        let minutes = ((value - degrees) * 60.0).trunc();
        let seconds = (value - degrees - minutes / 60.0) * 3600.0;
        for (numerator, denominator) in [
            (degrees as u32, 1),
            (minutes as u32, 1),
            ((seconds * 10_000.0).round() as u32, 10_000),
        ] {
            self.u32(numerator);
            self.u32(denominator);
        }
    }
}
