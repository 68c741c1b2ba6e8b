//! Bytes to text: BOM, then strict UTF-8, then a detected legacy encoding (GB18030/GBK,
//! Big5, …) through chardetng and encoding_rs. Binary files are refused.

use std::borrow::Cow;

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE};

/// Text decoded from a file, with the name of the encoding it was in. UTF-8 input is
/// borrowed, not copied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded<'a> {
    pub text: Cow<'a, str>,
    pub encoding: &'static str,
}

/// Why bytes are not a text document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecodeError {
    Empty,
    Binary,
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DecodeError::Empty => f.write_str("empty file"),
            DecodeError::Binary => f.write_str("binary file, not a text document"),
        }
    }
}

impl std::error::Error for DecodeError {}

/// Decodes a document's bytes.
pub fn decode(bytes: &[u8]) -> Result<Decoded<'_>, DecodeError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(DecodeError::Empty);
    }
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        return finish(encoding, &bytes[bom_len..]);
    }
    if let Some(encoding) = sniff_utf16(bytes) {
        return finish(encoding, bytes);
    }
    if bytes.contains(&0) {
        return Err(DecodeError::Binary);
    }
    // simdutf8 validates several times faster than std on CJK text.
    if let Ok(text) = simdutf8::basic::from_utf8(bytes) {
        return checked(Cow::Borrowed(text), "UTF-8");
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let encoding = detector.guess(None, chardetng::Utf8Detection::Deny);
    finish(encoding, bytes)
}

fn finish(encoding: &'static Encoding, bytes: &[u8]) -> Result<Decoded<'static>, DecodeError> {
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    if had_errors {
        // A few broken characters are tolerable in a real document; a file that is mostly
        // undecodable is not text at all.
        let bad = text.chars().filter(|&c| c == '\u{FFFD}').count();
        if bad * 50 > text.chars().count() {
            return Err(DecodeError::Binary);
        }
    }
    checked(Cow::Owned(text.into_owned()), encoding.name())
}

/// Bytes that are controls in text (not newline, carriage return, tab, form feed, escape).
const CONTROL: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = !matches!(b as u8, b'\n' | b'\r' | b'\t' | 0x0c | 0x1b);
        b += 1;
    }
    table[0x7f] = true;
    table
};

/// Refuses decoded text that is mostly control characters (an executable, an image…).
fn checked<'a>(text: Cow<'a, str>, encoding: &'static str) -> Result<Decoded<'a>, DecodeError> {
    // Count characters and C0 controls in the first 2 KiB (NUL bytes, the surest sign of a
    // binary file, were looked for in all of it), on the bytes: a character is a byte that
    // does not continue a UTF-8 sequence.
    let sample = &text.as_bytes()[..text.len().min(2 * 1024)];
    // Continuation bytes are 0x80–0xBF: below -64 as signed bytes. (Both counts vectorise.)
    let total = sample.len() - sample.iter().filter(|&&b| (b as i8) < -64).count();
    let control = sample.iter().filter(|&&b| CONTROL[usize::from(b)]).count();
    if control * 10 > total {
        return Err(DecodeError::Binary);
    }
    if text.trim().is_empty() {
        return Err(DecodeError::Empty);
    }
    Ok(Decoded { text, encoding })
}

/// Recognises BOM-less UTF-16 by its zero bytes: text in the Basic Latin range has one zero
/// byte per code unit, always on the same side. CJK text has few zero bytes, so only the
/// strong pattern counts.
fn sniff_utf16(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = &bytes[..bytes.len().min(4096) & !1];
    if sample.len() < 4 {
        return None;
    }
    let pairs = sample.len() / 2;
    let even_zero = sample.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd_zero = sample.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
    if odd_zero * 10 >= pairs * 3 && even_zero * 50 < pairs {
        Some(UTF_16LE)
    } else if even_zero * 10 >= pairs * 3 && odd_zero * 50 < pairs {
        Some(UTF_16BE)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(decode("一、总则".as_bytes()).unwrap().text, "一、总则");
        let mut with_bom = vec![0xEF, 0xBB, 0xBF];
        with_bom.extend_from_slice("一、总则".as_bytes());
        let d = decode(&with_bom).unwrap();
        assert_eq!(d.text, "一、总则");
        assert_eq!(d.encoding, "UTF-8");
    }

    #[test]
    fn gb18030_is_detected() {
        let text =
            "关于全面推进法治建设的实施意见\n1.加强宪法实施。任何组织都必须以宪法为根本活动准则。(责任单位:县司法局)\n";
        let (bytes, _, _) = encoding_rs::GB18030.encode(text);
        let d = decode(&bytes).unwrap();
        assert_eq!(d.text, text);
        assert!(d.encoding == "GBK" || d.encoding == "gb18030", "{}", d.encoding);
    }

    #[test]
    fn utf16_without_bom() {
        let bytes: Vec<u8> = "1. plan text here\n".encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert_eq!(decode(&bytes).unwrap().text, "1. plan text here\n");
    }

    #[test]
    fn empty_and_binary_are_refused() {
        assert_eq!(decode(b""), Err(DecodeError::Empty));
        assert_eq!(decode(b" \n\r\n\t"), Err(DecodeError::Empty));
        assert_eq!(decode(b"\x7fELF\x02\x01\x01\x00\x00\x00\x00"), Err(DecodeError::Binary));
        let noise: Vec<u8> = (0..4096u32).map(|i| (i.wrapping_mul(2654435761) >> 13) as u8 | 1).collect();
        assert!(decode(&noise).is_err());
    }
}
