//! Defect photos: `defects::photos::process` — format sniffing, the pixel
//! budget read from the header, JPEG/PNG decoding with allocation limits,
//! the EXIF orientation, resizing and re-encoding.
//!
//! The budget here is 1 megapixel instead of the default 50, so that each
//! run stays fast; the code path is the same.
//!
//! Checks: nothing panics; a refusal is a client error (400/413/415), never
//! an internal one; an accepted photo's header was within the pixel budget;
//! the renditions are at most `DISPLAY_EDGE` / `THUMBNAIL_EDGE` on the
//! longer side, keep the (possibly turned) aspect, decode to the size they
//! claim, and carry no metadata segment (no EXIF/XMP: only APP0 before
//! the image data).

#![no_main]

use std::io::Cursor;

use digitale_stadt::{
    defects::photos::{DISPLAY_EDGE, PixelBudget, THUMBNAIL_EDGE, process},
    error::Error,
};
use image::{ImageFormat, ImageReader};
use libfuzzer_sys::fuzz_target;

const BUDGET: PixelBudget = PixelBudget {
    max_pixels: 1_000_000,
};

fuzz_target!(|data: &[u8]| {
    let processed = match process(data, BUDGET) {
        Ok(processed) => processed,
        Err(
            Error::InvalidInput(_) | Error::PayloadTooLarge(_) | Error::UnsupportedMediaType(_),
        ) => {
            return;
        }
        Err(other) => panic!("internal error for an uploaded photo: {other:?}"),
    };
    let format = if data.starts_with(&[0xFF, 0xD8, 0xFF]) {
        ImageFormat::Jpeg
    } else {
        ImageFormat::Png
    };
    let (width, height) = ImageReader::with_format(Cursor::new(data), format)
        .into_dimensions()
        .expect("an accepted photo has a readable header");
    assert!(u64::from(width) * u64::from(height) <= BUDGET.max_pixels);

    let display = &processed.display;
    let thumbnail = &processed.thumbnail;
    assert!(display.width.max(display.height) <= DISPLAY_EDGE);
    assert!(thumbnail.width.max(thumbnail.height) <= THUMBNAIL_EDGE);
    assert!(display.width >= 1 && display.height >= 1);
    if width.max(height) <= DISPLAY_EDGE {
        assert!(
            (display.width, display.height) == (width, height)
                || (display.width, display.height) == (height, width),
            "{width}x{height} became {}x{}",
            display.width,
            display.height
        );
    }
    for rendition in [display, thumbnail] {
        let (w, h) = ImageReader::with_format(Cursor::new(&rendition.jpeg), ImageFormat::Jpeg)
            .into_dimensions()
            .expect("own JPEG has a header");
        assert_eq!((w, h), (rendition.width, rendition.height));
        assert_no_metadata_segments(&rendition.jpeg);
    }
});

/// Walks the JPEG markers up to the image data: only APP0 (JFIF), tables
/// and frame headers may come, no APP1..APP15 (EXIF, XMP, ICC, …) or COM.
fn assert_no_metadata_segments(jpeg: &[u8]) {
    assert!(jpeg.starts_with(&[0xFF, 0xD8]));
    let mut at = 2;
    while at + 4 <= jpeg.len() {
        assert_eq!(jpeg[at], 0xFF, "marker expected at {at}");
        let marker = jpeg[at + 1];
        if marker == 0xDA {
            return;
        }
        assert!(
            !(0xE1..=0xEF).contains(&marker) && marker != 0xFE,
            "metadata segment {marker:#x} in a re-encoded photo"
        );
        let length = usize::from(u16::from_be_bytes([jpeg[at + 2], jpeg[at + 3]]));
        at += 2 + length;
    }
    panic!("no start of scan in a re-encoded photo");
}
