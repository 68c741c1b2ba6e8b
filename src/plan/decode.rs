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
    /// Bytes that were not valid in that encoding, replaced by U+FFFD.
    pub replaced: Option<Replaced>,
}

/// How many malformed byte sequences a file had, and where the first one was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Replaced {
    pub count: usize,
    /// Byte offset in the file.
    pub first_offset: usize,
    /// 1-based line of the decoded text where it is.
    pub first_line: usize,
}

/// Why bytes are not a text document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("{}", crate::tr!("error-empty"))]
    Empty,
    #[error("{}", crate::tr!("error-binary"))]
    Binary,
}

/// Decodes a document's bytes.
pub fn decode(bytes: &[u8]) -> Result<Decoded<'_>, DecodeError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(DecodeError::Empty);
    }
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        return finish(encoding, &bytes[bom_len..]);
    }
    if let Some(encoding) = sniff_utf16(bytes).or_else(|| sniff_utf16_cjk(bytes)) {
        return finish(encoding, bytes);
    }
    if bytes.contains(&0) {
        return Err(DecodeError::Binary);
    }
    // simdutf8 validates several times faster than std on CJK text.
    if let Ok(text) = simdutf8::basic::from_utf8(bytes) {
        return checked(Cow::Borrowed(text), "UTF-8", None);
    }
    // UTF-8 with a few bad bytes (a truncated copy, one stray byte) stays UTF-8: read as a
    // legacy encoding, the whole file would be garbled.
    if mostly_utf8(bytes) {
        return finish(encoding_rs::UTF_8, bytes);
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let encoding = detector.guess(None, chardetng::Utf8Detection::Deny);
    finish(encoding, bytes)
}

/// Whether bytes that are not valid UTF-8 are UTF-8 all the same, but for a few malformed
/// sequences: far more well-formed multi-byte characters than malformed sequences. (GBK or
/// Big5 read as UTF-8 is malformed at nearly every character.)
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut good, mut bad) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        good += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        bad += usize::from(!chunk.invalid().is_empty());
    }
    bad > 0 && good >= 20 * bad
}

fn finish(encoding: &'static Encoding, bytes: &[u8]) -> Result<Decoded<'static>, DecodeError> {
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    let mut replaced = None;
    if had_errors {
        // A few broken characters are tolerable in a real document; a file that is mostly
        // undecodable is not text at all.
        let bad = text.chars().filter(|&c| c == '\u{FFFD}').count();
        if bad * 50 > text.chars().count() {
            return Err(DecodeError::Binary);
        }
        replaced = first_malformed(encoding, bytes).map(|first_offset| {
            let first_line =
                text.find('\u{FFFD}').map_or(1, |at| 1 + memchr::memchr_iter(b'\n', &text.as_bytes()[..at]).count());
            Replaced { count: bad, first_offset, first_line }
        });
    }
    checked(Cow::Owned(text.into_owned()), encoding.name(), replaced)
}

/// The byte offset of the first malformed sequence, found by decoding in pieces.
fn first_malformed(encoding: &'static Encoding, bytes: &[u8]) -> Option<usize> {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut out = String::with_capacity(4096);
    let mut at = 0;
    while at < bytes.len() {
        out.clear();
        let end = (at + 1024).min(bytes.len());
        let (result, read) =
            decoder.decode_to_string_without_replacement(&bytes[at..end], &mut out, end == bytes.len());
        match result {
            encoding_rs::DecoderResult::Malformed(bad, after) => {
                return Some(at + read - usize::from(bad) - usize::from(after));
            }
            encoding_rs::DecoderResult::InputEmpty | encoding_rs::DecoderResult::OutputFull => at += read,
        }
        if out.capacity() - out.len() < 16 {
            out.reserve(4096);
        }
    }
    None
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
fn checked<'a>(
    text: Cow<'a, str>,
    encoding: &'static str,
    replaced: Option<Replaced>,
) -> Result<Decoded<'a>, DecodeError> {
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
    Ok(Decoded { text, encoding, replaced })
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

/// Recognises BOM-less UTF-16 Chinese, which has few zero bytes: read either way, nearly
/// every code unit is a character of Chinese text (CJK, its punctuation, full-width forms,
/// ASCII) one way and not the other.
fn sniff_utf16_cjk(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = &bytes[..bytes.len().min(8192) & !1];
    // Zero bytes are what ruled UTF-8 and legacy encodings out; without any, keep to them.
    if sample.len() < 16 || !sample.contains(&0) {
        return None;
    }
    let texty = |unit: u16| {
        matches!(unit,
            0x09 | 0x0a | 0x0d | 0x20..=0x7e
            | 0x2000..=0x206f   // general punctuation (— “ ” …)
            | 0x3000..=0x303f   // CJK punctuation (、。〔〕【】)
            | 0x4e00..=0x9fff   // CJK unified ideographs
            | 0xff00..=0xffef) // full-width forms (（）：，)
    };
    let share = |to_unit: fn([u8; 2]) -> u16| {
        let units = sample.chunks_exact(2).map(|p| to_unit([p[0], p[1]]));
        units.filter(|&u| texty(u)).count() * 100 / (sample.len() / 2)
    };
    let (le, be) = (share(u16::from_le_bytes), share(u16::from_be_bytes));
    if le >= 95 && be < 50 {
        Some(UTF_16LE)
    } else if be >= 95 && le < 50 {
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
    fn utf16_chinese_without_bom() {
        let text = "关于全面推进法治建设的实施意见\n一、总体要求\n1.加强宪法实施。（责任单位：县司法局）\n";
        for (bytes, name) in [
            (text.encode_utf16().flat_map(u16::to_le_bytes).collect::<Vec<u8>>(), "UTF-16LE"),
            (text.encode_utf16().flat_map(u16::to_be_bytes).collect::<Vec<u8>>(), "UTF-16BE"),
        ] {
            let d = decode(&bytes).unwrap();
            assert_eq!((d.text.as_ref(), d.encoding), (text, name));
        }
    }

    #[test]
    fn a_few_bad_bytes_keep_utf8() {
        let seed = include_str!("../../seeds/000_72b3b9fd10627f4b.txt");
        let mut bytes = seed.as_bytes().to_vec();
        let at = seed.find("1.加强宪法实施").unwrap();
        bytes.insert(at, 0xff);
        bytes.insert(at + 500, 0xfe);
        let d = decode(&bytes).unwrap();
        assert_eq!(d.encoding, "UTF-8");
        let replaced = d.replaced.unwrap();
        assert_eq!((replaced.count, replaced.first_offset), (2, at));
        assert_eq!(replaced.first_line, 1 + seed[..at].matches('\n').count());
        assert!(d.text.contains("\u{FFFD}1.加强宪法实施"));
        assert_eq!(d.text.replace('\u{FFFD}', ""), seed);
        // GB18030 with a stray byte is still GB18030, the byte replaced and counted.
        let (mut gbk, _, _) = encoding_rs::GB18030.encode(seed);
        gbk.to_mut().insert(300, 0xff);
        let d = decode(&gbk).unwrap();
        assert!(d.encoding == "GBK" || d.encoding == "gb18030", "{}", d.encoding);
        assert_eq!(d.replaced.map(|r| r.first_offset), Some(300));
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
