//! Times the Mängelmelder photo pipeline on one photo, for
//! `e2e/bench/defect-photos.sh`, which runs ImageMagick on the same file.
//!
//!   photo_pipeline sample OUT.jpg [WIDTH HEIGHT]   writes a camera-like JPEG with EXIF
//!   photo_pipeline time IN.jpg [RUNS]              prints the median milliseconds

use std::{process::ExitCode, time::Instant};

use digitale_stadt::defects::photos::{
    self, PixelBudget,
    sample::{Gps, sample_photo},
};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["sample", out, rest @ ..] => write_sample(out, rest),
        ["time", input, rest @ ..] => time(input, rest),
        _ => Err("usage: photo_pipeline sample OUT.jpg [WIDTH HEIGHT] | time IN.jpg [RUNS]".into()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

fn number(args: &[&str], index: usize, default: u32) -> Result<u32, String> {
    args.get(index)
        .map_or(Ok(default), |a| a.parse().map_err(|e| format!("{a}: {e}")))
}

fn write_sample(out: &str, args: &[&str]) -> Result<(), String> {
    // 4000 × 3000 is what a 12-megapixel phone camera writes.
    let (width, height) = (number(args, 0, 4000)?, number(args, 1, 3000)?);
    let jpeg = sample_photo(width, height, Some(Gps::new(51.9625, 7.6256)), 6);
    std::fs::write(out, jpeg).map_err(|e| format!("{out}: {e}"))
}

fn time(input: &str, args: &[&str]) -> Result<(), String> {
    let runs = number(args, 0, 15)?.max(1);
    let bytes = std::fs::read(input).map_err(|e| format!("{input}: {e}"))?;
    let mut millis = Vec::new();
    for _ in 0..runs {
        let start = Instant::now();
        let processed =
            photos::process(&bytes, PixelBudget::default()).map_err(|e| e.to_string())?;
        millis.push(start.elapsed().as_secs_f64() * 1000.0);
        std::hint::black_box(processed);
    }
    millis.sort_by(f64::total_cmp);
    println!("{:.1}", millis[millis.len() / 2]);
    Ok(())
}
