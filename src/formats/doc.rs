//! Word 97–2003 binary documents (.doc): the main text through the compound-file container
//! and the piece table, paragraphs from the paragraph marks, tables from the cell marks and
//! the paragraph properties, and the numbers of automatically numbered paragraphs.
//!
//! The way through a file ([MS-DOC]):
//! - the `WordDocument` stream starts with the FIB: `wIdent` 0xA5EC, the flags (encrypted,
//!   which table stream), `ccpText` (the length of the main text in characters) and the
//!   offsets of the structures in the table stream (`0Table` or `1Table`);
//! - the CLX in the table stream: `Prc` entries (skipped), then the piece table (PlcPcd): for
//!   each run of character positions, where its text is in `WordDocument` and whether it is
//!   UTF-16LE or 8-bit ("compressed", cp1252 with the spec's own mapping). Only the first
//!   `ccpText` characters are read: footnotes, headers, comments and text boxes follow them;
//! - the paragraph properties (PlcBtePapx → 512-byte PAPX pages in `WordDocument`, and the
//!   styles of the STSH they name): whether a paragraph is in a table, ends a table row (the
//!   TTP), and its list (`sprmPIlfo`, `sprmPIlvl`);
//! - the lists (PlfLst, PlfLfo): number format, start and level text of each level, so that
//!   `一、` of an automatically numbered heading is written before it as Word would show it
//!   (counted per list and level, deeper levels restarting; bullets are not written; the tab
//!   or space after a number is kept only after a letter or digit: `一、标题`, `1.标题`);
//! - the character properties (PlcBteChpx → CHPX pages): text deleted with change tracking
//!   (`sprmCFRMarkDel`) or hidden (`sprmCFVanish`) is dropped, as Word shows the document.
//!
//! Word 6/95 files and encrypted files are refused with a one-line message.
//!
//! Characters: 0x0D ends a paragraph; 0x07 ends a table cell, or the row when the paragraph
//! properties mark it as the row end (TTP); 0x0B (line break) becomes a space; 0x0C (page or
//! section break) and 0x0E (column break) split the paragraph; of a field (0x13 instructions
//! 0x14 result 0x15) only the result is kept; 0x01/0x08 (pictures, objects), 0x02/0x05
//! (footnote and comment references) and other control characters are dropped; 0x1E
//! (non-breaking hyphen) becomes `-`, 0x1F (soft hyphen) is dropped, U+00A0 becomes a space.
//!
//! Tables: a paragraph in a table (`sprmPFInTable`/`sprmPItap`) adds to the current cell; one
//! ending in 0x07 closes the cell, or the row if it is the TTP (`sprmPFTtp`). Nested tables
//! (depth 2 and more) are flattened into the text of the outer cell. Where a paragraph's
//! properties cannot be found, a simple rule stands in: 0x07 closes a cell, and an empty
//! 0x07 right after another closes the row (an empty last cell is then misread). Rows go to
//! [`TextOut::table`] as they are (it drops empty cells at the end of a row, so a group title
//! over the rows after it, 一、知识产权保护方面, becomes a line of its own).
//!
//! Every offset and length is checked against its stream; anything out of bounds is a
//! one-line [`FormatError`] (for the text) or is ignored (for properties and numbering, which
//! only refine the text).

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::{Cursor, Read};

use super::{FormatError, MAX_TEXT_BYTES, TextOut};

/// The most characters of main text read (the text made is capped by [`TextOut`] too).
const MAX_CHARS: u64 = 32 * 1024 * 1024;
/// Field nesting beyond this is not tracked.
const MAX_FIELD_DEPTH: usize = 64;
/// Style inheritance deeper than this is cut (it is a cycle or a hostile file).
const MAX_STYLE_DEPTH: usize = 16;

fn damaged(what: &str) -> FormatError {
    FormatError::new(crate::tr!("error-damaged", format = ".doc", detail = what))
}

/// The text of a Word 97–2003 document: paragraphs a line each, tables as rows of cells.
pub fn text(bytes: &[u8]) -> Result<String, FormatError> {
    let mut file = match cfb::CompoundFile::open(Cursor::new(Cow::Borrowed(bytes))) {
        Ok(file) => file,
        Err(e) => free_fat_past_end(bytes)
            .and_then(|fixed| cfb::CompoundFile::open(Cursor::new(Cow::Owned(fixed))).ok())
            .ok_or_else(|| damaged(&format!("not a valid compound file: {}", one_line(&e))))?,
    };
    let cap = bytes.len() as u64;
    let word =
        read_stream(&mut file, "/WordDocument", cap)?.ok_or_else(|| FormatError::new(crate::tr!("error-not-word")))?;
    let fib = Fib::read(&word)?;
    let table_name = if fib.which_table { "/1Table" } else { "/0Table" };
    let table =
        read_stream(&mut file, table_name, cap)?.ok_or_else(|| damaged(&format!("no {} stream", &table_name[1..])))?;
    // The Data stream only holds paragraph properties too large for their page (rare).
    let data = read_stream(&mut file, "/Data", cap).ok().flatten().unwrap_or_default();

    let pieces = read_pieces(&fib, &table, &word)?;
    let props = PropsReader::new(&fib, &table, &word, &data);
    let lists = Lists::read(&fib, &table);
    let mut chars_props = CharReader::new(&fib, &table, &word);
    let mut builder = Builder::new(props, lists);
    let mut chars = 0u64;
    for piece in &pieces {
        chars += u64::from(piece.cp_end - piece.cp_start);
        if chars > MAX_CHARS {
            return Err(FormatError::new(crate::tr!("error-doc-too-long")));
        }
        for i in 0..(piece.cp_end - piece.cp_start) as usize {
            let (unit, fc) = if piece.compressed {
                let at = piece.fc as usize + i;
                (compressed_char(word[at]), at as u32)
            } else {
                let at = piece.fc as usize + 2 * i;
                (u16::from_le_bytes([word[at], word[at + 1]]), at as u32)
            };
            // Deleted (tracked) and hidden text is dropped, but not a paragraph or cell mark.
            if unit != 0x0D && unit != 0x07 && chars_props.dropped(fc) {
                continue;
            }
            builder.push(unit, fc)?;
        }
    }
    builder.finish()
}

/// An io error's message on one line.
fn one_line(e: &std::io::Error) -> String {
    e.to_string().split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Some writers leave FAT entries for sectors past the end of the file (end-of-chain marks
/// where free ones belong), which the compound-file reader refuses. If every entry past the
/// end is such a mark (not a link of a chain: that would be a file cut short), a copy with
/// them freed.
fn free_fat_past_end(bytes: &[u8]) -> Option<Vec<u8>> {
    let shift = u16_at(bytes, 0x1E)?;
    if shift != 9 && shift != 12 {
        return None;
    }
    let size = 1usize << shift;
    let sectors = bytes.len().div_ceil(size).checked_sub(1)?;
    let fat_sectors = (u32_at(bytes, 0x2C)? as usize).min(109);
    let per_sector = size / 4;
    let mut fixed = bytes.to_vec();
    let mut changed = false;
    for i in 0..fat_sectors {
        let id = u32_at(bytes, 0x4C + 4 * i)? as usize;
        if id >= sectors {
            return None;
        }
        for e in 0..per_sector {
            if i * per_sector + e < sectors {
                continue;
            }
            let at = (id + 1) * size + 4 * e;
            match u32_at(bytes, at)? {
                0xFFFF_FFFF => {}
                0 | 0xFFFF_FFFC..=0xFFFF_FFFE => {
                    fixed[at..at + 4].copy_from_slice(&[0xFF; 4]);
                    changed = true;
                }
                _ => return None,
            }
        }
    }
    changed.then_some(fixed)
}

/// A stream of the compound file, or `None` if there is none by that name.
fn read_stream<F: Read + std::io::Seek>(
    file: &mut cfb::CompoundFile<F>,
    name: &str,
    cap: u64,
) -> Result<Option<Vec<u8>>, FormatError> {
    if !file.is_stream(name) {
        return Ok(None);
    }
    let what = &name[1..];
    let stream = file.open_stream(name).map_err(|e| damaged(&format!("the {what} stream: {}", one_line(&e))))?;
    let len = stream.len().min(cap);
    let mut out = Vec::with_capacity(len as usize);
    stream.take(len).read_to_end(&mut out).map_err(|e| damaged(&format!("the {what} stream: {}", one_line(&e))))?;
    Ok(Some(out))
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at.checked_add(2)?)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at.checked_add(4)?)?.try_into().ok()?))
}

/// A byte range of a stream, checked.
fn slice(b: &[u8], at: u32, len: u32) -> Option<&[u8]> {
    let at = at as usize;
    b.get(at..at.checked_add(len as usize)?)
}

// ---------------------------------------------------------------------------------------
// The FIB

/// What is read of the File Information Block.
struct Fib {
    which_table: bool,
    ccp_text: u32,
    /// The FibRgFcLcb pairs (offset, length), as many as the file has.
    fc_lcb: Vec<(u32, u32)>,
}

/// Indexes into FibRgFcLcb97.
const FC_STSHF: usize = 1;
const FC_PLCF_BTE_CHPX: usize = 12;
const FC_PLCF_BTE_PAPX: usize = 13;
const FC_CLX: usize = 33;
const FC_PLF_LST: usize = 73;
const FC_PLF_LFO: usize = 74;

impl Fib {
    fn read(word: &[u8]) -> Result<Fib, FormatError> {
        let short = || damaged("the WordDocument stream is too short for its header");
        let ident = u16_at(word, 0).ok_or_else(short)?;
        let nfib = u16_at(word, 2).ok_or_else(short)?;
        if ident == 0xA5DC || (0x0065..0x00C0).contains(&nfib) {
            return Err(FormatError::new(crate::tr!("error-word6")));
        }
        if ident != 0xA5EC {
            return Err(FormatError::new(crate::tr!("error-not-word97", ident = format!("{ident:#06x}"))));
        }
        let flags = u16_at(word, 0x0A).ok_or_else(short)?;
        if flags & 0x0100 != 0 {
            return Err(FormatError::new(crate::tr!("error-doc-encrypted")));
        }
        let which_table = flags & 0x0200 != 0;
        // FibBase (32 bytes), then csw and FibRgW, cslw and FibRgLw, cbRgFcLcb and the pairs.
        let csw = u16_at(word, 0x20).ok_or_else(short)? as usize;
        let at_cslw = 0x22 + 2 * csw;
        let cslw = u16_at(word, at_cslw).ok_or_else(short)? as usize;
        let rg_lw = at_cslw + 2;
        if cslw < 4 {
            return Err(damaged("the header has no text length"));
        }
        let ccp_text = u32_at(word, rg_lw + 12).ok_or_else(short)?;
        let at_cb = rg_lw + 4 * cslw;
        let cb_rg_fc_lcb = u16_at(word, at_cb).ok_or_else(short)? as usize;
        let mut fc_lcb = Vec::with_capacity(cb_rg_fc_lcb);
        for i in 0..cb_rg_fc_lcb {
            let at = at_cb + 2 + 8 * i;
            match (u32_at(word, at), u32_at(word, at + 4)) {
                (Some(fc), Some(lcb)) => fc_lcb.push((fc, lcb)),
                _ => break,
            }
        }
        if fc_lcb.len() <= FC_CLX {
            return Err(damaged("the header has no piece table location"));
        }
        Ok(Fib { which_table, ccp_text, fc_lcb })
    }

    /// A structure in the table stream, if the file has it and it is within the stream.
    fn structure<'t>(&self, table: &'t [u8], index: usize) -> Option<&'t [u8]> {
        let &(fc, lcb) = self.fc_lcb.get(index)?;
        if lcb == 0 {
            return None;
        }
        slice(table, fc, lcb)
    }
}

// ---------------------------------------------------------------------------------------
// The piece table

/// A run of the main text: character positions and where their bytes are.
struct Piece {
    cp_start: u32,
    cp_end: u32,
    /// Byte offset in WordDocument.
    fc: u32,
    compressed: bool,
}

/// The pieces of the main text (clipped to `ccpText`), each checked against WordDocument.
fn read_pieces(fib: &Fib, table: &[u8], word: &[u8]) -> Result<Vec<Piece>, FormatError> {
    let (fc_clx, lcb_clx) = fib.fc_lcb[FC_CLX];
    if lcb_clx == 0 {
        return Err(damaged("it has no piece table"));
    }
    let clx = slice(table, fc_clx, lcb_clx)
        .ok_or_else(|| damaged("the piece table runs past the end of the table stream"))?;
    let mut at = 0usize;
    let plc = loop {
        match clx.get(at) {
            Some(1) => {
                // A Prc: cbGrpprl (i16) and that many bytes of properties.
                let cb = u16_at(clx, at + 1).ok_or_else(|| damaged("the piece table is cut short"))? as i16;
                if cb < 0 {
                    return Err(damaged("a negative property size before the piece table"));
                }
                at += 3 + cb as usize;
            }
            Some(2) => {
                let lcb = u32_at(clx, at + 1).ok_or_else(|| damaged("the piece table is cut short"))?;
                break slice(clx, (at + 5) as u32, lcb)
                    .ok_or_else(|| damaged("the piece table runs past the end of the table stream"))?;
            }
            Some(_) => return Err(damaged("unexpected data before the piece table")),
            None => return Err(damaged("no piece table in the table stream")),
        }
    };
    if plc.len() < 4 || !(plc.len() - 4).is_multiple_of(12) {
        return Err(damaged("the piece table has a wrong size"));
    }
    let n = (plc.len() - 4) / 12;
    let cp = |i: usize| u32_at(plc, 4 * i).unwrap_or(0);
    let mut pieces = Vec::new();
    for i in 0..n {
        let (start, end) = (cp(i), cp(i + 1));
        if end < start {
            return Err(damaged("the piece table is out of order"));
        }
        if start >= fib.ccp_text {
            break;
        }
        let end = end.min(fib.ccp_text);
        if end == start {
            continue;
        }
        let pcd = 4 * (n + 1) + 8 * i;
        let fc_raw = u32_at(plc, pcd + 2).unwrap_or(0);
        let compressed = fc_raw & 0x4000_0000 != 0;
        let fc = fc_raw & 0x3FFF_FFFF;
        let (fc, width) = if compressed { (fc / 2, 1) } else { (fc, 2) };
        let len = u64::from(end - start) * width;
        if u64::from(fc) + len > word.len() as u64 {
            return Err(damaged("a piece of text runs past the end of the WordDocument stream"));
        }
        pieces.push(Piece { cp_start: start, cp_end: end, fc, compressed });
    }
    Ok(pieces)
}

/// An 8-bit character of a compressed piece ([MS-DOC] 2.9.73: Latin-1 but for these bytes).
fn compressed_char(b: u8) -> u16 {
    match b {
        0x82 => 0x201A,
        0x83 => 0x0192,
        0x84 => 0x201E,
        0x85 => 0x2026,
        0x86 => 0x2020,
        0x87 => 0x2021,
        0x88 => 0x02C6,
        0x89 => 0x2030,
        0x8A => 0x0160,
        0x8B => 0x2039,
        0x8C => 0x0152,
        0x91 => 0x2018,
        0x92 => 0x2019,
        0x93 => 0x201C,
        0x94 => 0x201D,
        0x95 => 0x2022,
        0x96 => 0x2013,
        0x97 => 0x2014,
        0x98 => 0x02DC,
        0x99 => 0x2122,
        0x9A => 0x0161,
        0x9B => 0x203A,
        0x9C => 0x0153,
        0x9F => 0x0178,
        _ => u16::from(b),
    }
}

// ---------------------------------------------------------------------------------------
// Paragraph properties

/// The properties of a paragraph that shape the text.
#[derive(Debug, Clone, Copy, Default)]
struct Props {
    in_table: bool,
    ttp: bool,
    itap: i32,
    inner_ttp: bool,
    /// 1-based index into the LFOs; 0 (or less) for none.
    ilfo: i32,
    ilvl: u8,
}

impl Props {
    /// The table depth: 0 outside tables.
    fn depth(&self) -> i32 {
        if self.itap > 0 { self.itap } else { i32::from(self.in_table) }
    }

    fn apply(&mut self, sprm: u16, op: &[u8]) {
        let byte = op.first().copied().unwrap_or(0);
        let int = || u32_at(op, 0).map_or(0, |v| v as i32);
        match sprm {
            0x2416 => self.in_table = byte != 0,
            0x2417 => self.ttp = byte != 0,
            0x6649 => self.itap = int(),
            0x664A => self.itap = self.itap.saturating_add(int()),
            0x244C => self.inner_ttp = byte != 0,
            0x460B => self.ilfo = i32::from(u16_at(op, 0).unwrap_or(0) as i16),
            0x260A => self.ilvl = byte,
            _ => {}
        }
    }

    fn apply_all(&mut self, grpprl: &[u8]) {
        for (sprm, op) in Sprms(grpprl) {
            self.apply(sprm, op);
        }
    }
}

/// The Prls of a grpprl: (sprm, operand).
struct Sprms<'a>(&'a [u8]);

impl<'a> Iterator for Sprms<'a> {
    type Item = (u16, &'a [u8]);

    fn next(&mut self) -> Option<Self::Item> {
        let b = self.0;
        let sprm = u16_at(b, 0)?;
        let size = match sprm >> 13 {
            0 | 1 => 1,
            2 | 4 | 5 => 2,
            3 => 4,
            7 => 3,
            _ => match sprm {
                // sprmTDefTable: a 2-byte size, one more than the bytes after it.
                0xD608 => 2 + (u16_at(b, 2)? as usize).saturating_sub(1),
                // sprmPChgTabs: 255 means the size follows from the tab counts.
                0xC615 if *b.get(2)? == 255 => {
                    let del = *b.get(3)? as usize;
                    let add = *b.get(4 + 4 * del)? as usize;
                    3 + 4 * del + 3 * add
                }
                _ => 1 + *b.get(2)? as usize,
            },
        };
        let op = b.get(2..2 + size)?;
        self.0 = &b[2 + size..];
        Some((sprm, op))
    }
}

/// A bin table (PlcBtePapx, PlcBteChpx): which 512-byte page of WordDocument holds the
/// properties of each range of file positions.
#[derive(Default)]
struct Bte {
    fc: Vec<u32>,
    pn: Vec<u32>,
}

/// A run of an FKP page: its index, its file positions and the number of runs of the page.
struct Run {
    index: usize,
    start: u32,
    end: u32,
    count: usize,
}

impl Bte {
    fn read(plc: Option<&[u8]>) -> Bte {
        let Some(plc) = plc.filter(|p| p.len() >= 4 && (p.len() - 4).is_multiple_of(8)) else { return Bte::default() };
        let n = (plc.len() - 4) / 8;
        let fc: Vec<u32> = (0..=n).map(|i| u32_at(plc, 4 * i).unwrap_or(0)).collect();
        if fc.windows(2).any(|w| w[1] < w[0]) {
            return Bte::default();
        }
        let pn = (0..n).map(|i| u32_at(plc, 4 * (n + 1) + 4 * i).unwrap_or(0) & 0x003F_FFFF).collect();
        Bte { fc, pn }
    }

    /// The page holding file position `fc`, and the run of it that does; `entry` is the size
    /// of the page's entry per run (13 for paragraphs, 1 for characters).
    fn find<'w>(&self, word: &'w [u8], fc: u32, entry: usize) -> Option<(&'w [u8], Run)> {
        let i = self.fc.partition_point(|&f| f <= fc).checked_sub(1)?;
        if i >= self.pn.len() || fc >= self.fc[i + 1] {
            return None;
        }
        let page = slice(word, self.pn[i].checked_mul(512)?, 512)?;
        let count = page[511] as usize;
        if count == 0 || 4 * (count + 1) + entry * count > 511 {
            return None;
        }
        let rgfc = |k: usize| u32_at(page, 4 * k).unwrap_or(0);
        // The runs are in order: the last that starts at or before fc.
        let (mut lo, mut hi) = (0, count + 1);
        while lo < hi {
            let mid = (lo + hi) / 2;
            if rgfc(mid) <= fc { lo = mid + 1 } else { hi = mid }
        }
        let index = lo.checked_sub(1)?;
        if index >= count || fc >= rgfc(index + 1) {
            return None;
        }
        Some((page, Run { index, start: rgfc(index), end: rgfc(index + 1), count }))
    }
}

/// Finds a paragraph's properties from the file position of its mark.
struct PropsReader<'a> {
    word: &'a [u8],
    data: &'a [u8],
    bte: Bte,
    /// Each style's properties, resolved through its bases (paragraph styles only).
    styles: Vec<Props>,
}

impl<'a> PropsReader<'a> {
    fn new(fib: &Fib, table: &'a [u8], word: &'a [u8], data: &'a [u8]) -> Self {
        let bte = Bte::read(fib.structure(table, FC_PLCF_BTE_PAPX));
        let styles = fib.structure(table, FC_STSHF).map(read_styles).unwrap_or_default();
        PropsReader { word, data, bte, styles }
    }

    /// The properties of the paragraph whose mark is at file position `fc`, or `None` if
    /// the file does not say.
    fn props(&self, fc: u32) -> Option<Props> {
        let (page, run) = self.bte.find(self.word, fc, 13)?;
        let (crun, j) = (run.count, run.index);
        let b_offset = page[4 * (crun + 1) + 13 * j] as usize * 2;
        if b_offset == 0 {
            return Some(self.style(0));
        }
        let cb = *page.get(b_offset)? as usize;
        let grpprl_istd = if cb != 0 {
            page.get(b_offset + 1..b_offset + 2 * cb)?
        } else {
            let cb = *page.get(b_offset + 1)? as usize;
            page.get(b_offset + 2..b_offset + 2 + 2 * cb)?
        };
        let istd = u16_at(grpprl_istd, 0)?;
        let mut props = self.style(istd);
        let grpprl = &grpprl_istd[2..];
        match Sprms(grpprl).next() {
            // sprmPHugePapx: the properties are in the Data stream.
            Some((0x6646, op)) => {
                let at = u32_at(op, 0)?;
                let cb = u16_at(self.data, at as usize)?;
                props.apply_all(slice(self.data, at.checked_add(2)?, u32::from(cb))?);
            }
            _ => props.apply_all(grpprl),
        }
        Some(props)
    }

    fn style(&self, istd: u16) -> Props {
        self.styles.get(istd as usize).copied().unwrap_or_default()
    }
}

/// Finds whether a character is deleted (a tracked change) or hidden, from its CHPX.
struct CharReader<'a> {
    word: &'a [u8],
    bte: Bte,
    /// The last run looked up: its file positions and whether its text is dropped.
    last: Option<(u32, u32, bool)>,
}

impl<'a> CharReader<'a> {
    fn new(fib: &Fib, table: &'a [u8], word: &'a [u8]) -> Self {
        CharReader { word, bte: Bte::read(fib.structure(table, FC_PLCF_BTE_CHPX)), last: None }
    }

    /// Whether the character at file position `fc` is deleted or hidden.
    fn dropped(&mut self, fc: u32) -> bool {
        if let Some((start, end, dropped)) = self.last
            && (start..end).contains(&fc)
        {
            return dropped;
        }
        let run = self.lookup(fc).unwrap_or((fc, fc.saturating_add(1), false));
        self.last = Some(run);
        run.2
    }

    fn lookup(&self, fc: u32) -> Option<(u32, u32, bool)> {
        let (page, run) = self.bte.find(self.word, fc, 1)?;
        let at = page[4 * (run.count + 1) + run.index] as usize * 2;
        let mut dropped = false;
        if at != 0 {
            let cb = *page.get(at)? as usize;
            for (sprm, op) in Sprms(page.get(at + 1..at + 1 + cb)?) {
                let on = op.first().is_some_and(|&v| v == 1 || v == 0x81);
                match sprm {
                    // sprmCFRMarkDel (deleted with change tracking), sprmCFVanish (hidden).
                    0x0800 | 0x083C => dropped = on,
                    _ => {}
                }
            }
        }
        Some((run.start, run.end, dropped))
    }
}

/// The paragraph properties of each style of the STSH, resolved through `istdBase`.
fn read_styles(stsh: &[u8]) -> Vec<Props> {
    let Some(cb_stshi) = u16_at(stsh, 0) else { return Vec::new() };
    let (Some(cstd), Some(cb_base)) = (u16_at(stsh, 2), u16_at(stsh, 4)) else { return Vec::new() };
    // Each style: its base and its paragraph grpprl.
    let mut raw: Vec<Option<(u16, &[u8])>> = Vec::new();
    let mut at = 2 + cb_stshi as usize;
    for _ in 0..cstd {
        let Some(cb_std) = u16_at(stsh, at) else { break };
        let start = at + 2;
        at = start + cb_std as usize;
        let Some(std) = stsh.get(start..at) else { break };
        raw.push(read_style(std, cb_base as usize));
    }
    let mut resolved: Vec<Option<Props>> = vec![None; raw.len()];
    (0..raw.len()).map(|i| resolve_style(i, &raw, &mut resolved, 0)).collect()
}

/// A paragraph style's base and its grpprl (`None` for an empty slot or another kind).
fn read_style(std: &[u8], cb_base: usize) -> Option<(u16, &[u8])> {
    let stk_base = u16_at(std, 2)?;
    if stk_base & 0x000F != 1 {
        return None;
    }
    let base = stk_base >> 4;
    let mut at = cb_base;
    let cch = u16_at(std, at)? as usize;
    at += 2 + 2 * cch + 2;
    at += at % 2;
    let cb_upx = u16_at(std, at)? as usize;
    let upx = std.get(at + 2..at + 2 + cb_upx)?;
    Some((base, upx.get(2..)?))
}

fn resolve_style(i: usize, raw: &[Option<(u16, &[u8])>], resolved: &mut [Option<Props>], depth: usize) -> Props {
    if let Some(p) = resolved[i] {
        return p;
    }
    let Some((base, grpprl)) = raw[i] else { return Props::default() };
    let mut props = if (base as usize) < raw.len() && base as usize != i && depth < MAX_STYLE_DEPTH {
        resolve_style(base as usize, raw, resolved, depth + 1)
    } else {
        Props::default()
    };
    props.apply_all(grpprl);
    // Styles carry no table properties that matter here.
    props.in_table = false;
    props.ttp = false;
    props.itap = 0;
    props.inner_ttp = false;
    resolved[i] = Some(props);
    props
}

// ---------------------------------------------------------------------------------------
// Lists

/// A list level: how its number is written.
#[derive(Debug, Clone)]
struct Level {
    start: i32,
    nfc: u8,
    legal: bool,
    follow: u8,
    /// The level text: units below 9 stand for the number of that level.
    text: Vec<u16>,
}

#[derive(Debug, Clone)]
struct List {
    levels: Vec<Level>,
}

/// A list format override: the list it uses and levels it restarts or redefines.
#[derive(Debug, Clone)]
struct Lfo {
    lsid: i32,
    start_at: [Option<i32>; 9],
    levels: [Option<Level>; 9],
}

#[derive(Debug, Default)]
struct Lists {
    /// By list id.
    lists: HashMap<i32, List>,
    lfos: Vec<Lfo>,
    /// The current number at each level, per list.
    counters: HashMap<i32, [Option<i32>; 9]>,
}

/// Reads an LVL at `at`; returns it and the offset after it.
fn read_level(b: &[u8], at: usize) -> Option<(Level, usize)> {
    let lvlf = b.get(at..at + 28)?;
    let start = u32_at(lvlf, 0)? as i32;
    let nfc = lvlf[4];
    let legal = lvlf[5] & 0x04 != 0;
    let follow = lvlf[15];
    let cb_chpx = lvlf[24] as usize;
    let cb_papx = lvlf[25] as usize;
    let at = at + 28 + cb_papx + cb_chpx;
    let cch = u16_at(b, at)? as usize;
    let text = (0..cch).map(|k| u16_at(b, at + 2 + 2 * k)).collect::<Option<Vec<u16>>>()?;
    Some((Level { start, nfc, legal, follow, text }, at + 2 + 2 * cch))
}

impl Lists {
    fn read(fib: &Fib, table: &[u8]) -> Lists {
        let mut lists = Lists::default();
        // PlfLst: cLst, the LSTFs, then the LVLs of each list in order (1 or 9).
        if let Some(&(fc, lcb)) = fib.fc_lcb.get(FC_PLF_LST)
            && lcb > 0
            && let Some(count) = u16_at(table, fc as usize)
        {
            let fc = fc as usize;
            let count = (count as i16).max(0) as usize;
            let mut at = fc + 2 + 28 * count;
            for i in 0..count {
                let Some(lstf) = table.get(fc + 2 + 28 * i..fc + 2 + 28 * (i + 1)) else { break };
                let lsid = u32_at(lstf, 0).unwrap_or(0) as i32;
                let simple = lstf[26] & 0x01 != 0;
                let mut levels = Vec::new();
                for _ in 0..if simple { 1 } else { 9 } {
                    let Some((level, next)) = read_level(table, at) else { break };
                    levels.push(level);
                    at = next;
                }
                if levels.is_empty() {
                    break;
                }
                lists.lists.entry(lsid).or_insert(List { levels });
            }
        }
        // PlfLfo: lfoMac, the LFOs, then an LFOData for each.
        if let Some(plf) = fib.structure(table, FC_PLF_LFO)
            && let Some(count) = u32_at(plf, 0)
        {
            let count = (count as usize).min((plf.len() - 4) / 16);
            let mut at = 4 + 16 * count;
            for i in 0..count {
                let lfo = &plf[4 + 16 * i..4 + 16 * (i + 1)];
                let mut entry =
                    Lfo { lsid: u32_at(lfo, 0).unwrap_or(0) as i32, start_at: [None; 9], levels: Default::default() };
                let clfolvl = lfo[12] as usize;
                // LFOData: cp, then clfolvl LFOLVLs (each maybe followed by an LVL).
                at += 4;
                for _ in 0..clfolvl {
                    let (Some(start), Some(flags)) = (u32_at(plf, at), u32_at(plf, at + 4)) else { break };
                    at += 8;
                    let ilvl = (flags & 0x0F) as usize;
                    let level = if flags & 0x20 != 0 {
                        let Some((level, next)) = read_level(plf, at) else { break };
                        at = next;
                        Some(level)
                    } else {
                        None
                    };
                    if ilvl < 9 {
                        if flags & 0x10 != 0 {
                            entry.start_at[ilvl] = Some(start as i32);
                        }
                        entry.levels[ilvl] = level;
                    }
                }
                lists.lfos.push(entry);
            }
        }
        lists
    }

    /// The number written before a paragraph of list `ilfo` at level `ilvl`, counting it.
    fn number(&mut self, ilfo: i32, ilvl: u8) -> Option<String> {
        let lfo = self.lfos.get(usize::try_from(ilfo).ok()?.checked_sub(1)?)?;
        let list = self.lists.get(&lfo.lsid)?;
        let ilvl = ilvl as usize;
        if ilvl >= 9 {
            return None;
        }
        let level_of = |k: usize| lfo.levels[k].as_ref().or_else(|| list.levels.get(k));
        let level = level_of(ilvl).or_else(|| list.levels.last())?;
        let start_of = |k: usize| lfo.start_at[k].or_else(|| level_of(k).map(|l| l.start)).unwrap_or(1);
        let counters = self.counters.entry(lfo.lsid).or_insert([None; 9]);
        counters[ilvl] = Some(match counters[ilvl] {
            Some(n) => n.saturating_add(1),
            None => start_of(ilvl),
        });
        for c in counters.iter_mut().skip(ilvl + 1) {
            *c = None;
        }
        if matches!(level.nfc, 23) {
            return None; // A bullet.
        }
        let mut out = String::new();
        for &unit in &level.text {
            if unit < 9 {
                let k = unit as usize;
                if level.nfc == 255 {
                    continue;
                }
                let n = counters[k].unwrap_or_else(|| start_of(k));
                let nfc = if level.legal { 0 } else { level_of(k).map_or(0, |l| l.nfc) };
                out.push_str(&format_number(n, nfc));
            } else if let Some(c) = char::from_u32(u32::from(unit)) {
                out.push(c);
            }
        }
        let mut out = out.trim().to_string();
        if out.is_empty() {
            return None;
        }
        // The number is followed by a tab or a space; after punctuation (一、 1. (1)) the
        // text follows directly, as it is typed in plans.
        if level.follow != 2 && out.chars().next_back().is_some_and(char::is_alphanumeric) {
            out.push(' ');
        }
        Some(out)
    }
}

/// A number in a list number format (MSONFC).
fn format_number(n: i32, nfc: u8) -> String {
    const LOWER: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    const DIGITS: [char; 10] = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    const LOWER_UNITS: [char; 4] = ['十', '百', '千', '万'];
    const UPPER: [char; 10] = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];
    const UPPER_UNITS: [char; 4] = ['拾', '佰', '仟', '万'];
    const UPPER_TW: [char; 10] = ['零', '壹', '貳', '參', '肆', '伍', '陸', '柒', '捌', '玖'];
    const UPPER_TW_UNITS: [char; 4] = ['拾', '佰', '仟', '萬'];
    let Ok(u) = u32::try_from(n) else { return n.to_string() };
    let enclosed = |base: u32, max: u32| {
        if (1..=max).contains(&u) { char::from_u32(base + u - 1).map(String::from) } else { None }
            .unwrap_or_else(|| u.to_string())
    };
    match nfc {
        1 => roman(u).to_uppercase(),
        2 => roman(u),
        3 => letters(u).to_uppercase(),
        4 => letters(u),
        5 => ordinal(u),
        // Ideograph digits, one by one.
        10 | 36 => u.to_string().chars().map(|d| DIGITS[d.to_digit(10).unwrap_or(0) as usize]).collect(),
        // Counting: 一 … 十 十一 … 一百零一.
        11 | 33 | 35 | 37 | 39 => counting(u, &LOWER, &LOWER_UNITS, true),
        // Legal (financial) numerals.
        16 | 17 | 34 => counting(u, &UPPER_TW, &UPPER_TW_UNITS, false),
        38 => counting(u, &UPPER, &UPPER_UNITS, false),
        14 | 19 => {
            u.to_string().chars().map(|d| char::from_u32(0xFF10 + d.to_digit(10).unwrap_or(0)).unwrap_or(d)).collect()
        }
        18 | 28 => enclosed(0x2460, 20),
        22 => format!("{u:02}"),
        26 => enclosed(0x2488, 20),
        27 => enclosed(0x2474, 20),
        29 => enclosed(0x3280, 10),
        30 => ['甲', '乙', '丙', '丁', '戊', '己', '庚', '辛', '壬', '癸'][(u.max(1) as usize - 1) % 10].to_string(),
        31 => ['子', '丑', '寅', '卯', '辰', '巳', '午', '未', '申', '酉', '戌', '亥'][(u.max(1) as usize - 1) % 12]
            .to_string(),
        _ => u.to_string(),
    }
}

/// Chinese counting numerals: 十一, 一百零五, 一千零一十; `short_ten`: 十 for 一十 at the start.
fn counting(n: u32, digits: &[char; 10], units: &[char; 4], short_ten: bool) -> String {
    if n == 0 {
        return digits[0].to_string();
    }
    let mut out = String::new();
    if n >= 10_000 {
        out = counting(n / 10_000, digits, units, short_ten);
        out.push(units[3]);
        let rest = n % 10_000;
        if rest == 0 {
            return out;
        }
        if rest < 1000 {
            out.push(digits[0]);
        }
        out.push_str(&counting(rest, digits, units, false));
        return out;
    }
    let ds = [n / 1000, n / 100 % 10, n / 10 % 10, n % 10];
    let mut zero = false;
    for (i, &d) in ds.iter().enumerate() {
        let unit = 3 - i;
        if d == 0 {
            zero = !out.is_empty();
            continue;
        }
        if zero {
            out.push(digits[0]);
            zero = false;
        }
        if !(short_ten && unit == 1 && d == 1 && out.is_empty()) {
            out.push(digits[d as usize]);
        }
        if unit > 0 {
            out.push(units[unit - 1]);
        }
    }
    out
}

fn roman(mut n: u32) -> String {
    if n == 0 || n >= 4000 {
        return n.to_string();
    }
    let table = [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ];
    let mut out = String::new();
    for (value, s) in table {
        while n >= value {
            out.push_str(s);
            n -= value;
        }
    }
    out
}

/// a … z, aa … zz (Word repeats the letter).
fn letters(n: u32) -> String {
    if n == 0 {
        return n.to_string();
    }
    let letter = char::from(b'a' + ((n - 1) % 26) as u8);
    std::iter::repeat_n(letter, ((n - 1) / 26 + 1).min(100) as usize).collect()
}

fn ordinal(n: u32) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

// ---------------------------------------------------------------------------------------
// From characters to paragraphs and tables

struct Builder<'a> {
    props: PropsReader<'a>,
    lists: Lists,
    out: TextOut,
    /// The current paragraph: parts split by page, section and column breaks.
    parts: Vec<Vec<u16>>,
    current: Vec<u16>,
    /// Open fields: whether each is in its result (after 0x14).
    fields: Vec<bool>,
    /// How many open fields are in their instructions (before 0x14).
    hidden_fields: usize,
    /// Fields opened beyond the tracked depth.
    untracked_fields: usize,
    rows: Vec<Vec<String>>,
    row: Vec<String>,
    cell: String,
    /// The bytes of text held in the table being built.
    table_bytes: usize,
    /// Whether the last paragraph ended a cell (for the rule used without properties).
    after_cell: bool,
}

impl<'a> Builder<'a> {
    fn new(props: PropsReader<'a>, lists: Lists) -> Self {
        Builder {
            props,
            lists,
            out: TextOut::new(),
            parts: Vec::new(),
            current: Vec::new(),
            fields: Vec::new(),
            hidden_fields: 0,
            untracked_fields: 0,
            rows: Vec::new(),
            row: Vec::new(),
            cell: String::new(),
            table_bytes: 0,
            after_cell: false,
        }
    }

    fn visible(&self) -> bool {
        self.untracked_fields == 0 && self.hidden_fields == 0
    }

    fn push(&mut self, unit: u16, fc: u32) -> Result<(), FormatError> {
        match unit {
            0x13 => {
                if self.fields.len() < MAX_FIELD_DEPTH {
                    self.fields.push(false);
                    self.hidden_fields += 1;
                } else {
                    self.untracked_fields += 1;
                }
            }
            0x14 => {
                if self.untracked_fields == 0
                    && let Some(top) = self.fields.last_mut()
                    && !*top
                {
                    *top = true;
                    self.hidden_fields -= 1;
                }
            }
            0x15 => {
                if self.untracked_fields > 0 {
                    self.untracked_fields -= 1;
                } else if self.fields.pop() == Some(false) {
                    self.hidden_fields -= 1;
                }
            }
            0x0D | 0x07 => self.end_paragraph(unit, fc)?,
            0x0C | 0x0E => self.parts.push(std::mem::take(&mut self.current)),
            _ if !self.visible() => {}
            0x0B | 0xA0 => self.current.push(u16::from(b' ')),
            0x09 => self.current.push(0x09),
            0x1E => self.current.push(u16::from(b'-')),
            0x00..=0x1F => {}
            _ => self.current.push(unit),
        }
        Ok(())
    }

    /// The paragraph's text: its parts, each decoded.
    fn take_text(&mut self) -> Vec<String> {
        self.parts.push(std::mem::take(&mut self.current));
        self.parts.drain(..).map(|p| String::from_utf16_lossy(&p)).collect()
    }

    fn end_paragraph(&mut self, mark: u16, fc: u32) -> Result<(), FormatError> {
        let mut parts = self.take_text();
        let props = self.props.props(fc);
        if let Some(p) = props
            && p.ilfo > 0
            && !(p.depth() == 1 && p.ttp)
            && let Some(number) = self.lists.number(p.ilfo, p.ilvl)
        {
            parts[0].insert_str(0, &number);
        }
        let text = parts.join("\n");
        match props.map(|p| (p.depth(), p)) {
            Some((depth, p)) if depth >= 1 => {
                if depth == 1 && mark == 0x07 && p.ttp {
                    self.end_row();
                } else if depth == 1 && mark == 0x07 {
                    self.cell.push_str(&text);
                    self.end_cell();
                } else if !(depth > 1 && p.inner_ttp) {
                    self.cell.push_str(&text);
                    self.cell.push('\n');
                }
            }
            Some(_) if mark == 0x0D => {
                self.end_table()?;
                for part in parts {
                    self.out.paragraph(&part)?;
                }
            }
            // No properties (or a cell mark outside a table): the simple rule.
            _ => {
                if mark == 0x07 {
                    if self.after_cell && text.is_empty() && self.cell.is_empty() {
                        self.end_row();
                    } else {
                        self.cell.push_str(&text);
                        self.end_cell();
                    }
                } else if !self.row.is_empty() || !self.cell.is_empty() {
                    self.cell.push_str(&text);
                    self.cell.push('\n');
                } else {
                    self.end_table()?;
                    for part in parts {
                        self.out.paragraph(&part)?;
                    }
                }
            }
        }
        self.after_cell = mark == 0x07 && !self.row.is_empty();
        if self.table_bytes + self.cell.len() > MAX_TEXT_BYTES {
            return Err(FormatError::new(crate::tr!("error-table-too-long")));
        }
        Ok(())
    }

    fn end_cell(&mut self) {
        let cell = std::mem::take(&mut self.cell);
        self.table_bytes += cell.len();
        self.row.push(cell.trim_end_matches('\n').to_string());
    }

    fn end_row(&mut self) {
        if !self.cell.is_empty() {
            self.end_cell();
        }
        if !self.row.is_empty() {
            self.rows.push(std::mem::take(&mut self.row));
        }
    }

    fn end_table(&mut self) -> Result<(), FormatError> {
        self.end_row();
        self.table_bytes = 0;
        if !self.rows.is_empty() {
            let rows = std::mem::take(&mut self.rows);
            self.out.table(&rows)?;
        }
        Ok(())
    }

    fn finish(mut self) -> Result<String, FormatError> {
        let parts = self.take_text();
        if parts.iter().any(|p| !p.is_empty()) {
            if self.rows.is_empty() && self.row.is_empty() && self.cell.is_empty() {
                for part in parts {
                    self.out.paragraph(&part)?;
                }
            } else {
                self.cell.push_str(&parts.join("\n"));
            }
        }
        self.end_table()?;
        Ok(self.out.finish())
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;
    use std::path::{Path, PathBuf};

    use super::*;

    fn root() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
    }

    fn fixture(name: &str) -> Vec<u8> {
        let path = root().join("tests/fixtures/formats").join(name);
        std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    // Each fixture's plan equals the plan of the text it was made from: tests/formats.rs.

    #[test]
    fn automatic_chapter_numbers_are_written() {
        // The headings hold only their titles; their numbers come from the list. The level
        // text of the committed fixture is `%1.` (LibreOffice kept its default list format
        // over the script's suffix 、), so Word shows 一. and so does the reader.
        let text = text(&fixture("01_zongbao_autonum.doc")).expect("text");
        let suffix = if text.contains("\n一、指导思想\n") { '、' } else { '.' };
        for (number, title) in [("一", "指导思想"), ("二", "基本原则"), ("三", "发展目标"), ("四", "主要任务")]
        {
            let heading = format!("{number}{suffix}{title}");
            assert!(text.lines().any(|l| l == heading), "no line {heading}:\n{text}");
        }
    }

    // -----------------------------------------------------------------------------------
    // Synthetic documents: a minimal FIB, one or two pieces, PAPX pages, in a compound file.

    /// A paragraph: its text with its mark (`\r` or `\u{7}`), and its direct properties.
    struct P(&'static str, Vec<u8>);

    const IN_TABLE: [u8; 3] = [0x16, 0x24, 1];
    const TTP: [u8; 3] = [0x17, 0x24, 1];

    fn cell() -> Vec<u8> {
        IN_TABLE.to_vec()
    }

    fn row_end() -> Vec<u8> {
        [IN_TABLE, TTP].concat()
    }

    struct Synth {
        paras: Vec<P>,
        /// Text after the main text (footnotes): outside ccpText.
        after: &'static str,
        /// Characters from here on are an 8-bit ("compressed") second piece.
        compressed_from: Option<usize>,
        /// Whether to write the paragraph properties at all.
        papx: bool,
        /// Characters (a range of the text) marked deleted with change tracking.
        deleted: Option<(usize, usize)>,
        flags: u16,
    }

    impl Synth {
        fn new(paras: Vec<P>) -> Self {
            Synth { paras, after: "", compressed_from: None, papx: true, deleted: None, flags: 0x0200 }
        }

        fn build(&self) -> Vec<u8> {
            let main: Vec<u16> = self.paras.iter().flat_map(|p| p.0.encode_utf16()).collect();
            let all: Vec<u16> = main.iter().copied().chain(self.after.encode_utf16()).collect();
            let split = self.compressed_from.unwrap_or(all.len()).min(all.len());
            // WordDocument: the FIB, the text at 0x400 (UTF-16 piece, then the 8-bit one),
            // then the PAPX pages.
            let mut word = vec![0u8; 0x400];
            let put16 = |b: &mut Vec<u8>, at: usize, v: u16| b[at..at + 2].copy_from_slice(&v.to_le_bytes());
            let put32 = |b: &mut Vec<u8>, at: usize, v: u32| b[at..at + 4].copy_from_slice(&v.to_le_bytes());
            put16(&mut word, 0, 0xA5EC);
            put16(&mut word, 2, 0x00C1);
            put16(&mut word, 0x0A, self.flags);
            put16(&mut word, 0x20, 14);
            put16(&mut word, 0x3E, 22);
            put32(&mut word, 0x40 + 12, main.len() as u32);
            put32(&mut word, 0x40 + 16, (all.len() - main.len()) as u32);
            put16(&mut word, 0x98, 93);
            let mut fcs = Vec::new(); // The file position of each character.
            for &u in &all[..split] {
                fcs.push(word.len() as u32);
                word.extend_from_slice(&u.to_le_bytes());
            }
            let second_fc = word.len() as u32;
            for &u in &all[split..] {
                fcs.push(word.len() as u32);
                word.push(u8::try_from(u).expect("8-bit text"));
            }
            fcs.push(word.len() as u32);
            // The pieces.
            let mut cps = vec![0u32];
            let mut pcds: Vec<u32> = Vec::new();
            if split > 0 {
                cps.push(split as u32);
                pcds.push(0x400);
            }
            if split < all.len() {
                cps.push(all.len() as u32);
                pcds.push((second_fc * 2) | 0x4000_0000);
            }
            let mut table = vec![0x02u8];
            table.extend_from_slice(&((4 * cps.len() + 8 * pcds.len()) as u32).to_le_bytes());
            cps.iter().for_each(|cp| table.extend_from_slice(&cp.to_le_bytes()));
            for fc in &pcds {
                table.extend_from_slice(&[0, 0]);
                table.extend_from_slice(&fc.to_le_bytes());
                table.extend_from_slice(&[0, 0]);
            }
            let clx_len = table.len() as u32;
            put32(&mut word, 0x9A + 8 * 33, 0);
            put32(&mut word, 0x9A + 8 * 33 + 4, clx_len);
            if self.papx {
                // One run per main paragraph, at most 20 to a page.
                let mut runs: Vec<(u32, u32, &[u8])> = Vec::new();
                let mut at = 0;
                for p in &self.paras {
                    let n = p.0.encode_utf16().count();
                    runs.push((fcs[at], fcs[at + n], &p.1));
                    at += n;
                }
                let mut bte_fc = vec![];
                let mut bte_pn = vec![];
                for chunk in runs.chunks(20) {
                    while !word.len().is_multiple_of(512) {
                        word.push(0);
                    }
                    let pn = (word.len() / 512) as u32;
                    let mut page = vec![0u8; 512];
                    let crun = chunk.len();
                    page[511] = crun as u8;
                    let mut end = 511;
                    for (k, (start, stop, grpprl)) in chunk.iter().enumerate() {
                        put32(&mut page, 4 * k, *start);
                        put32(&mut page, 4 * (k + 1), *stop);
                        // cb = 0, cb' words: istd 0 and the grpprl.
                        let words = (2 + grpprl.len()).div_ceil(2);
                        let size = 2 + 2 * words;
                        end = (end - size) & !1;
                        page[end] = 0;
                        page[end + 1] = words as u8;
                        page[end + 4..end + 4 + grpprl.len()].copy_from_slice(grpprl);
                        page[4 * (crun + 1) + 13 * k] = (end / 2) as u8;
                    }
                    bte_fc.push(chunk[0].0);
                    bte_pn.push(pn);
                    word.extend_from_slice(&page);
                }
                bte_fc.push(runs.last().map_or(0, |r| r.1));
                let at = table.len() as u32;
                bte_fc.iter().chain(&bte_pn).for_each(|v| table.extend_from_slice(&v.to_le_bytes()));
                put32(&mut word, 0x9A + 8 * 13, at);
                put32(&mut word, 0x9A + 8 * 13 + 4, table.len() as u32 - at);
            }
            if let Some((from, to)) = self.deleted {
                // One CHPX page: before, the deleted run (sprmCFRMarkDel), after.
                while !word.len().is_multiple_of(512) {
                    word.push(0);
                }
                let pn = (word.len() / 512) as u32;
                let mut page = vec![0u8; 512];
                let bounds = [fcs[0], fcs[from], fcs[to], fcs[all.len()]];
                page[511] = 3;
                for (k, fc) in bounds.iter().enumerate() {
                    put32(&mut page, 4 * k, *fc);
                }
                page[500..504].copy_from_slice(&[3, 0x00, 0x08, 0x01]);
                page[4 * 4 + 1] = 250;
                word.extend_from_slice(&page);
                let at = table.len() as u32;
                [bounds[0], bounds[3], pn].iter().for_each(|v| table.extend_from_slice(&v.to_le_bytes()));
                put32(&mut word, 0x9A + 8 * 12, at);
                put32(&mut word, 0x9A + 8 * 12 + 4, 12);
            }
            let table_name = if self.flags & 0x0200 != 0 { "/1Table" } else { "/0Table" };
            compound(&[("/WordDocument", &word), (table_name, &table)])
        }
    }

    fn compound(streams: &[(&str, &[u8])]) -> Vec<u8> {
        let mut file = cfb::CompoundFile::create(Cursor::new(Vec::new())).expect("a compound file");
        for (name, bytes) in streams {
            file.create_stream(name).expect("a stream").write_all(bytes).expect("written");
        }
        file.flush().expect("flushed");
        file.into_inner().into_inner()
    }

    fn lines(text: &str) -> Vec<&str> {
        text.lines().collect()
    }

    #[test]
    fn cells_rows_and_the_row_end_mark() {
        let doc = Synth::new(vec![
            P("前言\r", vec![]),
            P("序号\u{7}", cell()),
            P("任务\u{7}", cell()),
            P("单位\u{7}", cell()),
            P("\u{7}", row_end()),
            P("1\u{7}", cell()),
            P("第一段\r", cell()),
            P("第二段\u{7}", cell()),
            P("\u{7}", cell()),
            P("\u{7}", row_end()),
            P("一、一组任务\u{7}", cell()),
            P("\u{7}", cell()),
            P("\u{7}", cell()),
            P("\u{7}", row_end()),
            P("后记\r", vec![]),
        ])
        .build();
        let text = text(&doc).expect("text");
        assert_eq!(
            lines(&text),
            ["前言", "", "序号 | 任务 | 单位", "1 | 第一段 第二段", "一、一组任务", "", "后记"],
            "{text}"
        );
    }

    #[test]
    fn without_paragraph_properties_cell_marks_still_make_rows() {
        let mut synth = Synth::new(vec![
            P("前言\r", vec![]),
            P("序号\u{7}", vec![]),
            P("任务\u{7}", vec![]),
            P("\u{7}", vec![]),
            P("1\u{7}", vec![]),
            P("做事\u{7}", vec![]),
            P("\u{7}", vec![]),
            P("后记\r", vec![]),
        ]);
        synth.papx = false;
        let text = text(&synth.build()).expect("text");
        assert_eq!(lines(&text), ["前言", "", "序号 | 任务", "1 | 做事", "", "后记"], "{text}");
    }

    #[test]
    fn fields_keep_their_result_and_special_characters_are_mapped() {
        let doc = Synth::new(vec![
            P("甲\u{13} HYPERLINK \"http://x\" \u{14}链接\u{15}乙\u{13} PAGE \u{15}丙\r", vec![]),
            P("\u{13} IF \u{13} PAGE \u{14}3\u{15} = 3 \u{14}结果\u{15}\u{1}\u{8}图后\r", vec![]),
            P("行\u{b}断\u{1e}连\u{1f}字\u{a0}空\u{2}注\r", vec![]),
            P("一页\u{c}二页\r", vec![]),
        ])
        .build();
        let text = text(&doc).expect("text");
        assert_eq!(lines(&text), ["甲链接乙丙", "结果图后", "行 断-连字 空注", "一页", "二页"], "{text}");
    }

    #[test]
    fn only_the_main_text_is_read_and_8_bit_pieces_are_decoded() {
        let mut synth = Synth::new(vec![P("正文\r", vec![]), P("caf\u{e9} \u{201c}q\u{201d}\r", vec![])]);
        synth.after = "脚注不读\r";
        let text_utf16 = text(&synth.build()).expect("text");
        assert_eq!(lines(&text_utf16), ["正文", "caf\u{e9} \u{201c}q\u{201d}"]);
        // The same with the second paragraph in an 8-bit piece (0x93 and 0x94 are quotes).
        let mut synth = Synth::new(vec![P("正文\r", vec![]), P("caf\u{e9} \u{93}q\u{94}\r", vec![])]);
        synth.compressed_from = Some(3);
        synth.after = "";
        let text_8bit = text(&synth.build()).expect("text");
        assert_eq!(text_8bit, text_utf16);
    }

    #[test]
    fn deleted_text_is_dropped() {
        let mut synth = Synth::new(vec![P("保留删去保留\r", vec![]), P("下一段\r", vec![])]);
        synth.deleted = Some((2, 4));
        let text = text(&synth.build()).expect("text");
        assert_eq!(lines(&text), ["保留保留", "下一段"], "{text}");
    }

    #[test]
    fn numbers_in_list_formats() {
        let cases = [
            (1, 39, "一"),
            (10, 39, "十"),
            (11, 35, "十一"),
            (20, 37, "二十"),
            (21, 39, "二十一"),
            (105, 39, "一百零五"),
            (110, 39, "一百一十"),
            (1010, 39, "一千零一十"),
            (20, 10, "二〇"),
            (12, 38, "壹拾贰"),
            (3, 30, "丙"),
            (4, 0, "4"),
            (4, 1, "IV"),
            (28, 4, "bb"),
            (3, 22, "03"),
            (2, 18, "②"),
            (2, 27, "⑵"),
        ];
        for (n, nfc, want) in cases {
            assert_eq!(format_number(n, nfc), want, "{n} in format {nfc}");
        }
    }

    // -----------------------------------------------------------------------------------
    // Hostile input

    const FIXTURES: [&str; 5] =
        ["seed.doc", "07_chuangxin_table.doc", "27_jiaxing_table.doc", "01_zongbao_autonum.doc", "24_chizhou.doc"];

    /// The fixture with one of its streams changed.
    fn with_stream(bytes: &[u8], name: &str, edit: impl FnOnce(&mut Vec<u8>)) -> Vec<u8> {
        let mut file = cfb::CompoundFile::open(Cursor::new(bytes.to_vec())).expect("a compound file");
        let mut data = Vec::new();
        file.open_stream(name).expect("the stream").read_to_end(&mut data).expect("read");
        edit(&mut data);
        file.create_stream(name).expect("replaced").write_all(&data).expect("written");
        file.flush().expect("flushed");
        file.into_inner().into_inner()
    }

    fn table_name(bytes: &[u8]) -> &'static str {
        let file = cfb::CompoundFile::open(Cursor::new(bytes)).expect("a compound file");
        if file.is_stream("/1Table") { "/1Table" } else { "/0Table" }
    }

    /// An error, on one line.
    fn error_of(bytes: &[u8]) -> String {
        match text(bytes) {
            Ok(t) => panic!("read as text: {}", t.chars().take(200).collect::<String>()),
            Err(e) => {
                assert!(!e.0.contains('\n') && !e.0.is_empty(), "not one line: {e}");
                e.0
            }
        }
    }

    /// Reads without panicking; an error is one line.
    fn survives(bytes: &[u8]) {
        if let Err(e) = text(bytes) {
            assert!(!e.0.contains('\n') && !e.0.is_empty(), "not one line: {e}");
        }
    }

    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }

        fn below(&mut self, n: usize) -> usize {
            (self.next() % n.max(1) as u64) as usize
        }
    }

    #[test]
    fn a_truncated_file_is_an_error() {
        for name in FIXTURES {
            let bytes = fixture(name);
            let message = error_of(&bytes[..bytes.len() / 2]);
            assert!(message.contains(".doc"), "{name}: {message}");
            for len in (0..bytes.len()).step_by(509) {
                survives(&bytes[..len]);
            }
        }
    }

    #[test]
    fn garbage_in_a_valid_container_is_an_error() {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        let mut garbage = |n: usize| (0..n).map(|_| rng.next() as u8).collect::<Vec<u8>>();
        let word = garbage(4096);
        let table = garbage(4096);
        error_of(&compound(&[("/WordDocument", &word), ("/1Table", &table), ("/0Table", &table)]));
        // A valid header over garbage.
        let bytes = fixture("seed.doc");
        let mut word = garbage(8192);
        let mixed = with_stream(&bytes, "/WordDocument", |w| {
            let head = w[..0x400].to_vec();
            *w = std::mem::take(&mut word);
            w[..0x400].copy_from_slice(&head);
        });
        survives(&mixed);
        let name = table_name(&bytes);
        let table = garbage(4096);
        let message = error_of(&with_stream(&bytes, name, |t| *t = table));
        assert!(message.starts_with("damaged .doc ("), "{message}");
        // No WordDocument stream at all.
        let message = error_of(&compound(&[("/Book", b"not a document")]));
        assert!(message.contains("no WordDocument stream"), "{message}");
        // Not a compound file.
        error_of(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 and then nothing");
    }

    #[test]
    fn an_encrypted_document_is_refused_plainly() {
        let bytes = with_stream(&fixture("seed.doc"), "/WordDocument", |w| w[0x0B] |= 0x01);
        assert_eq!(error_of(&bytes), "encrypted .doc; save it without a password");
    }

    #[test]
    fn structures_past_their_stream_are_errors() {
        let bytes = fixture("07_chuangxin_table.doc");
        let far = with_stream(&bytes, "/WordDocument", |w| {
            w[0x9A + 8 * 33..0x9A + 8 * 33 + 4].copy_from_slice(&0x7FFF_0000u32.to_le_bytes());
        });
        assert_eq!(error_of(&far), "damaged .doc (the piece table runs past the end of the table stream)");
        // A piece whose text lies past the end of the WordDocument stream.
        let mut file = cfb::CompoundFile::open(Cursor::new(&bytes[..])).expect("a compound file");
        let mut word = Vec::new();
        file.open_stream("/WordDocument").expect("the stream").read_to_end(&mut word).expect("read");
        let (fc_clx, _) = Fib::read(&word).expect("a FIB").fc_lcb[FC_CLX];
        let piece_far = with_stream(&bytes, table_name(&bytes), |t| {
            let mut at = fc_clx as usize;
            while t[at] == 1 {
                at += 3 + u16_at(t, at + 1).unwrap() as usize;
            }
            let n = (u32_at(t, at + 1).unwrap() as usize - 4) / 12;
            let pcd = at + 5 + 4 * (n + 1);
            t[pcd + 2..pcd + 6].copy_from_slice(&0x3000_0000u32.to_le_bytes());
        });
        assert_eq!(error_of(&piece_far), "damaged .doc (a piece of text runs past the end of the WordDocument stream)");
    }

    #[test]
    fn random_damage_never_panics() {
        let mut rng = Rng(0x2545_F491_4F6C_DD1D);
        for name in FIXTURES {
            let bytes = fixture(name);
            let table = table_name(&bytes);
            for round in 0..60usize {
                let stream = if round.is_multiple_of(2) { "/WordDocument" } else { table };
                let damaged = with_stream(&bytes, stream, |s| {
                    for _ in 0..1 + rng.below(8) {
                        // Mostly in the header and the structures near the start.
                        let at = if rng.below(2) == 0 { rng.below(s.len().min(1024)) } else { rng.below(s.len()) };
                        s[at] = rng.next() as u8;
                    }
                });
                survives(&damaged);
            }
            for _ in 0..40 {
                let mut damaged = bytes.clone();
                for _ in 0..1 + rng.below(16) {
                    let at = rng.below(damaged.len());
                    damaged[at] = rng.next() as u8;
                }
                survives(&damaged);
            }
        }
    }
}
