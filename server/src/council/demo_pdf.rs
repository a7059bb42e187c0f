//! A minimal PDF writer for the demo council's documents: one or more A4
//! pages of Helvetica text. Real councils upload their own PDFs; the demo
//! needs real, openable files whose text the server also knows, and tests
//! upload them, as well as scans: a page that is only a picture.

/// PDF string literal in WinAnsiEncoding (covers German umlauts and ß).
fn pdf_string(text: &str) -> String {
    let mut out = String::from("(");
    for c in text.chars() {
        match c {
            '(' | ')' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            ' '..='~' => out.push(c),
            'Ä' => out.push_str("\\304"),
            'Ö' => out.push_str("\\326"),
            'Ü' => out.push_str("\\334"),
            'ä' => out.push_str("\\344"),
            'ö' => out.push_str("\\366"),
            'ü' => out.push_str("\\374"),
            'ß' => out.push_str("\\337"),
            '–' => out.push_str("\\226"),
            '„' => out.push_str("\\204"),
            '“' => out.push_str("\\223"),
            '€' => out.push_str("\\200"),
            _ => out.push('?'),
        }
    }
    out.push(')');
    out
}

/// Breaks text into lines of at most `width` characters at spaces.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// A document with a bold title and paragraphs, paginated as needed.
pub fn document(title: &str, paragraphs: &[String]) -> Vec<u8> {
    const LINES_PER_PAGE: usize = 48;
    let mut lines: Vec<(bool, String)> = vec![(true, title.to_owned()), (false, String::new())];
    for paragraph in paragraphs {
        lines.extend(wrap(paragraph, 90).into_iter().map(|l| (false, l)));
        lines.push((false, String::new()));
    }
    let pages: Vec<&[(bool, String)]> = lines.chunks(LINES_PER_PAGE).collect();

    // Objects: 1 catalog, 2 pages, 3 regular font, 4 bold font, then per page: page, content.
    let mut objects: Vec<String> = vec![
        "<< /Type /Catalog /Pages 2 0 R >>".into(),
        String::new(),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".into(),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>"
            .into(),
    ];
    let mut kids = Vec::new();
    for page in &pages {
        let mut content = String::from("BT\n/F1 10 Tf\n14 TL\n56 790 Td\n");
        for (bold, line) in page.iter() {
            let font = if *bold { "/F2 13 Tf" } else { "/F1 10 Tf" };
            content.push_str(&format!("{font}\n{} Tj\nT*\n", pdf_string(line)));
        }
        content.push_str("ET\n");
        let page_number = objects.len() + 1;
        kids.push(format!("{page_number} 0 R"));
        objects.push(format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents {} 0 R >>",
            page_number + 1
        ));
        objects.push(format!(
            "<< /Length {} >>\nstream\n{content}endstream",
            content.len()
        ));
    }
    objects[1] = format!(
        "<< /Type /Pages /Kids [{}] /Count {} >>",
        kids.join(" "),
        pages.len()
    );
    assemble(objects.into_iter().map(String::into_bytes).collect())
}

/// One A4 page showing only a JPEG picture, as a scanner writes it: the
/// text on it is in no form a PDF reader can extract. The JPEG goes in as it
/// is (`DCTDecode`); `gray` says it has one colour component.
pub fn scan(jpeg: &[u8], width: u32, height: u32, gray: bool) -> Vec<u8> {
    let colours = if gray { "/DeviceGray" } else { "/DeviceRGB" };
    let mut picture = format!(
        "<< /Type /XObject /Subtype /Image /Width {width} /Height {height} /ColorSpace {colours} \
         /BitsPerComponent 8 /Filter /DCTDecode /Length {} >>\nstream\n",
        jpeg.len()
    )
    .into_bytes();
    picture.extend_from_slice(jpeg);
    picture.extend_from_slice(b"\nendstream");
    let content = "q 595 0 0 842 0 0 cm /Im0 Do Q\n";
    assemble(vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im0 4 0 R >> >> /Contents 5 0 R >>".to_vec(),
        picture,
        format!("<< /Length {} >>\nstream\n{content}endstream", content.len()).into_bytes(),
    ])
}

/// The file around numbered objects (`1 0 obj` is the catalog): header,
/// objects, cross-reference table and trailer.
fn assemble(objects: Vec<Vec<u8>>) -> Vec<u8> {
    let mut out: Vec<u8> = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, object) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(object);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for offset in offsets {
        out.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_a_well_formed_pdf_with_a_correct_cross_reference_table() {
        let pdf = document(
            "Vorlage V/0001/2026",
            &["Die Straße wird für 30.000 € saniert (Größe: 2 ha).".into()],
        );
        let text = String::from_utf8_lossy(&pdf);
        assert!(text.starts_with("%PDF-1.4"));
        assert!(text.ends_with("%%EOF\n"));
        let startxref: usize = text
            .rsplit("startxref\n")
            .next()
            .unwrap()
            .lines()
            .next()
            .unwrap()
            .parse()
            .unwrap();
        assert!(pdf[startxref..].starts_with(b"xref"));
        let table = String::from_utf8_lossy(&pdf[startxref..]).into_owned();
        for (i, line) in table
            .lines()
            .skip(3)
            .take_while(|l| l.ends_with(" n "))
            .enumerate()
        {
            let offset: usize = line[..10].parse().unwrap();
            assert!(
                pdf[offset..].starts_with(format!("{} 0 obj", i + 1).as_bytes()),
                "bad offset {offset}"
            );
        }
        assert!(text.contains(
            "(Die Stra\\337e wird f\\374r 30.000 \\200 saniert \\(Gr\\366\\337e: 2 ha\\).)"
        ));
    }

    #[test]
    fn long_texts_flow_onto_more_pages() {
        let paragraphs: Vec<String> = (0..40)
            .map(|i| format!("Absatz {i}: {}", "Wort ".repeat(30)))
            .collect();
        let text = String::from_utf8_lossy(&document("Lang", &paragraphs)).into_owned();
        assert!(
            text.contains("/Count 3") || text.contains("/Count 4"),
            "{}",
            &text[..400]
        );
    }
}
