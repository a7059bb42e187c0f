//! Checks the XML fuzz targets share: what an XML parser reads back from
//! the server's escaped output. (The HTML check lives next to the renderer,
//! in `shared::markdown::check`.)

/// The characters XML 1.0 can carry (its `Char` production).
pub fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// The text an XML parser reads back for `value` written by an escaping
/// writer: characters XML cannot carry dropped, line ends normalised.
pub fn xml_text_read_back(value: &str) -> String {
    let kept: String = value.chars().filter(|&c| is_xml_char(c)).collect();
    line_ends(&kept)
}

/// Line ends as XML 1.0 normalises them (parsers differ on a lone `\r`).
pub fn line_ends(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\r', "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_read_back_drops_what_xml_cannot_hold() {
        assert_eq!(xml_text_read_back("a\u{1}b\r\nc\rd\u{FFFE}"), "ab\nc\nd");
    }
}
