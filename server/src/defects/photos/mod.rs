//! The photo pipeline of the Mängelmelder. Citizens' photos carry where they
//! live (GPS), which phone they own and when they were out: none of that may
//! reach the public. Every photo is therefore decoded to pixels and encoded
//! anew, which drops all metadata; the original bytes are never stored.
//!
//! A photo is refused by its header before decoding when it has more pixels
//! than allowed, so a small file that unpacks to gigabytes (a decompression
//! bomb) costs nothing.

pub mod sample;

use std::io::Cursor;

use fast_image_resize::{
    FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer,
    images::{Image, ImageRef},
};
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits, RgbImage};

use crate::error::{Error, Result};

/// Longest side of the picture shown on a report page (FixMyStreet's size).
pub const DISPLAY_EDGE: u32 = 2048;
/// Longest side of the preview in lists and on the map.
pub const THUMBNAIL_EDGE: u32 = 320;
const DISPLAY_QUALITY: u8 = 85;
const THUMBNAIL_QUALITY: u8 = 80;

/// How much a photo may unpack to.
#[derive(Debug, Clone, Copy)]
pub struct PixelBudget {
    pub max_pixels: u64,
}

impl Default for PixelBudget {
    /// 50 megapixels: more than any phone camera's default, far less than a bomb.
    fn default() -> Self {
        Self {
            max_pixels: 50_000_000,
        }
    }
}

/// One stored size of a photo: JPEG without any metadata.
#[derive(Debug, Clone)]
pub struct Rendition {
    pub jpeg: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

/// What is kept of an uploaded photo.
#[derive(Debug, Clone)]
pub struct Processed {
    pub display: Rendition,
    pub thumbnail: Rendition,
}

/// Decodes, turns upright, shrinks and re-encodes a photo. CPU-bound: call it
/// from a blocking task.
pub fn process(bytes: &[u8], budget: PixelBudget) -> Result<Processed> {
    let format = format_of(bytes)?;
    let upright = decode_upright(bytes, format, budget)?;
    let display = shrink(&upright, DISPLAY_EDGE)?;
    let thumbnail = shrink(&display, THUMBNAIL_EDGE)?;
    Ok(Processed {
        display: encode(&display, DISPLAY_QUALITY)?,
        thumbnail: encode(&thumbnail, THUMBNAIL_QUALITY)?,
    })
}

/// Only the first bytes count: file names and declared types can lie.
fn format_of(bytes: &[u8]) -> Result<ImageFormat> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Ok(ImageFormat::Jpeg);
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Ok(ImageFormat::Png);
    }
    if bytes.len() > 12 && &bytes[4..8] == b"ftyp" && is_heif_brand(&bytes[8..12]) {
        return Err(Error::UnsupportedMediaType(
            "HEIC-Fotos kann der Server noch nicht lesen. Bitte stellen Sie die Kamera auf „Maximale Kompatibilität“ (JPEG) oder wählen Sie das Foto als JPEG.".into(),
        ));
    }
    Err(Error::UnsupportedMediaType(
        "Das ist kein Foto im Format JPEG oder PNG.".into(),
    ))
}

fn is_heif_brand(brand: &[u8]) -> bool {
    matches!(
        brand,
        b"heic" | b"heix" | b"hevc" | b"heim" | b"heis" | b"mif1" | b"msf1" | b"avif"
    )
}

fn decode_upright(bytes: &[u8], format: ImageFormat, budget: PixelBudget) -> Result<RgbImage> {
    let unreadable = |e: image::ImageError| {
        Error::InvalidInput(format!(
            "Das Foto ist beschädigt und kann nicht gelesen werden ({e})."
        ))
    };
    let (width, height) = ImageReader::with_format(Cursor::new(bytes), format)
        .into_dimensions()
        .map_err(unreadable)?;
    let pixels = u64::from(width) * u64::from(height);
    if pixels > budget.max_pixels {
        return Err(Error::PayloadTooLarge(format!(
            "Das Foto hat {:.0} Megapixel; erlaubt sind höchstens {:.0}. Bitte wählen Sie eine kleinere Auflösung.",
            pixels as f64 / 1e6,
            budget.max_pixels as f64 / 1e6
        )));
    }
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_alloc = Some(budget.max_pixels * 4 + (64 << 20));
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(unreadable)?;
    let orientation = decoder.orientation().map_err(unreadable)?;
    let mut image = DynamicImage::from_decoder(decoder).map_err(unreadable)?;
    image.apply_orientation(orientation);
    Ok(match image {
        DynamicImage::ImageRgb8(rgb) => rgb,
        other => other.into_rgb8(),
    })
}

/// Scales down so that the longer side is at most `edge`; smaller pictures
/// stay as they are.
fn shrink(image: &RgbImage, edge: u32) -> Result<RgbImage> {
    let (width, height) = image.dimensions();
    let longest = width.max(height);
    if longest <= edge {
        return Ok(image.clone());
    }
    let scale = f64::from(edge) / f64::from(longest);
    let target_width = ((f64::from(width) * scale).round() as u32).max(1);
    let target_height = ((f64::from(height) * scale).round() as u32).max(1);
    let source = ImageRef::new(width, height, image.as_raw(), PixelType::U8x3)
        .map_err(|e| Error::Internal(format!("photo buffer: {e}")))?;
    let mut target = Image::new(target_width, target_height, PixelType::U8x3);
    Resizer::new()
        .resize(
            &source,
            &mut target,
            &ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3)),
        )
        .map_err(|e| Error::Internal(format!("photo resize: {e}")))?;
    RgbImage::from_raw(target_width, target_height, target.into_vec())
        .ok_or_else(|| Error::Internal("photo resize produced a short buffer".into()))
}

fn encode(image: &RgbImage, quality: u8) -> Result<Rendition> {
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, quality)
        .encode_image(image)
        .map_err(|e| Error::Internal(format!("photo encoding: {e}")))?;
    Ok(Rendition {
        jpeg,
        width: image.width(),
        height: image.height(),
    })
}

/// Whether a JPEG still carries EXIF (with GPS) or XMP metadata. The tests
/// use it to prove that nothing of the kind reaches the public.
pub fn has_metadata(jpeg: &[u8]) -> bool {
    jpeg.windows(6).any(|w| w == b"Exif\0\0")
        || jpeg.windows(4).any(|w| w == b"GPS\0")
        || jpeg.windows(10).any(|w| w == b"http://ns.")
}

#[cfg(test)]
mod tests {
    use super::*;
    use sample::{Gps, sample_photo};

    #[test]
    fn photos_lose_every_metadata_and_keep_their_picture() {
        let original = sample_photo(1200, 900, Some(Gps::new(51.9607, 7.6261)), 1);
        assert!(has_metadata(&original), "the sample carries EXIF GPS");
        let processed = process(&original, PixelBudget::default()).unwrap();
        assert!(!has_metadata(&processed.display.jpeg));
        assert!(!has_metadata(&processed.thumbnail.jpeg));
        assert_eq!(
            (processed.display.width, processed.display.height),
            (1200, 900)
        );
        assert_eq!(
            (processed.thumbnail.width, processed.thumbnail.height),
            (320, 240)
        );
    }

    #[test]
    fn large_photos_shrink_to_the_display_size() {
        let original = sample_photo(4000, 3000, None, 1);
        let processed = process(&original, PixelBudget::default()).unwrap();
        assert_eq!(
            (processed.display.width, processed.display.height),
            (2048, 1536)
        );
    }

    #[test]
    fn the_exif_orientation_is_applied() {
        // Orientation 6: the camera was held upright, the sensor stored it lying.
        let original = sample_photo(800, 600, None, 6);
        let processed = process(&original, PixelBudget::default()).unwrap();
        assert_eq!(
            (processed.display.width, processed.display.height),
            (600, 800)
        );
    }

    #[test]
    fn photos_over_the_pixel_budget_are_refused_before_decoding() {
        let original = sample_photo(1000, 1000, None, 1);
        let refused = process(
            &original,
            PixelBudget {
                max_pixels: 999_999,
            },
        )
        .unwrap_err();
        assert!(matches!(refused, Error::PayloadTooLarge(_)), "{refused:?}");
    }

    #[test]
    fn other_files_are_refused_with_a_reason() {
        let heic = b"\0\0\0\x18ftypheic\0\0\0\0mif1heic";
        assert!(matches!(
            process(heic, PixelBudget::default()),
            Err(Error::UnsupportedMediaType(m)) if m.contains("HEIC")
        ));
        assert!(matches!(
            process(b"%PDF-1.7", PixelBudget::default()),
            Err(Error::UnsupportedMediaType(_))
        ));
        let mut broken = sample_photo(200, 100, None, 1);
        broken.truncate(300);
        assert!(matches!(
            process(&broken, PixelBudget::default()),
            Err(Error::InvalidInput(_))
        ));
    }
}
