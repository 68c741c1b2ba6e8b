//! PDF: the text of the pages with its positions, rebuilt into paragraphs and tables.
//!
//! The file is opened with `lopdf` (cross-reference tables and streams, object streams,
//! repair of a damaged cross-reference, the stream filters, and decryption of the many
//! government PDFs that are encrypted with an empty user password). Everything after that
//! is here: a content-stream interpreter that places every glyph on the page (text and
//! graphics state, `TJ` adjustments, form XObjects, `/Rotate`), the fonts' maps from codes
//! to text (`ToUnicode`, the simple encodings and glyph names, and the predefined Chinese
//! CMaps such as `UniGB-UCS2-H` and `GBK-EUC-H` that older PDFs use without a
//! `ToUnicode`), and the rules (lines and thin filled rectangles) that draw tables.
//! (`pdf-extract`, which gives glyph positions through its `OutputDev`, was tried first:
//! it panics on the predefined Chinese CMaps (`UniGB-UCS2-H`, `GBK-EUC-H`) and on other
//! fonts it does not expect, and took 0.5 s for `seed.pdf`, which this reads in 10 ms.)
//!
//! From the glyphs: lines in reading order (top to bottom, left to right; fake-bold
//! double printing, watermarks at an angle and vertical text dropped; no space between
//! Chinese and digits, and none between Chinese and Latin text unless one was typed);
//! page numbers (`— 3 —`, `- 3 -`, `第3页 共9页`) and headers and footers repeated on
//! the pages dropped; wrapped lines joined into paragraphs (a line that reaches the right
//! margin goes on in the next one, unless that one is indented, set in another size or
//! after a wider gap). Tables become rows of cells: a ruled table's cells from its rules
//! (merged cells too), an unruled one's columns from where the text under a 序号 header
//! lies; a cell's wrapped lines are joined, a row broken by a page joined again, and the
//! header row repeated on each page dropped.
//!
//! Bounds: pages, content bytes, operators, glyphs, nesting of forms and CMap entries are
//! all limited, and the whole reading runs under `catch_unwind`: a malformed file gives a
//! one-line error, never a panic or a hang. A PDF without text (scanned) says so.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::rc::Rc;

use lopdf::{Dictionary, Document, LoadOptions, Object, ObjectId, Stream};
use rustc_hash::FxHashMap;

use super::{FormatError, TextOut};

/// The most pages read.
const MAX_PAGES: usize = 5_000;
/// The most bytes one stream may inflate to (a page's content, a form, a CMap).
const MAX_STREAM_BYTES: usize = 64 * 1024 * 1024;
/// The most content bytes interpreted in the whole document.
const MAX_TOTAL_CONTENT: usize = 512 * 1024 * 1024;
/// The most content-stream tokens interpreted in the whole document.
const MAX_TOKENS: u64 = 50_000_000;
/// The most glyphs placed in the whole document.
const MAX_GLYPHS: usize = 20_000_000;
/// The most glyphs kept on a page (a page of a plan has a few thousand).
const MAX_PAGE_GLYPHS: usize = 200_000;
/// The most path segments kept on a page.
const MAX_SEGMENTS: usize = 200_000;
/// How deep forms may nest.
const MAX_FORM_DEPTH: usize = 12;
/// How deep `q` may nest.
const MAX_SAVE_DEPTH: usize = 256;
/// The most entries read from one CMap.
const MAX_CMAP_ENTRIES: usize = 300_000;
/// The most fonts loaded.
const MAX_FONTS: usize = 20_000;

/// The text of a PDF file.
pub fn text(bytes: &[u8]) -> Result<String, FormatError> {
    match catch_unwind(AssertUnwindSafe(|| read(bytes))) {
        Ok(result) => result,
        Err(_) => Err(damaged(crate::tr!("error-pdf-reader-failed"))),
    }
}

fn damaged(what: impl std::fmt::Display) -> FormatError {
    FormatError::new(crate::tr!("error-damaged", format = "PDF", detail = one_line(&what.to_string())))
}

/// An error message on one short line.
fn one_line(s: &str) -> String {
    let s: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() > 160 { s.chars().take(160).collect::<String>() + "…" } else { s }
}

fn read(bytes: &[u8]) -> Result<String, FormatError> {
    let options = LoadOptions { max_decompressed_size: Some(MAX_STREAM_BYTES), ..LoadOptions::default() };
    let doc = Document::load_mem_with_options(bytes, options).map_err(|e| match e {
        lopdf::Error::InvalidPassword => FormatError::new(crate::tr!("error-pdf-encrypted")),
        e => damaged(e),
    })?;
    let page_ids: Vec<ObjectId> = doc.page_iter().take(MAX_PAGES + 1).collect();
    if page_ids.len() > MAX_PAGES {
        return Err(FormatError::new(crate::tr!("error-pdf-pages", max = MAX_PAGES)));
    }
    if page_ids.is_empty() {
        if doc.trailer.has(b"Encrypt") {
            return Err(FormatError::new(crate::tr!("error-pdf-encrypted")));
        }
        return Err(damaged(crate::tr!("error-pdf-no-pages")));
    }
    let mut interp = Interp::new(&doc);
    let mut pages = Vec::with_capacity(page_ids.len());
    for id in page_ids {
        pages.push(interp.page(id)?);
    }
    let (glyphs, unmapped) = (interp.glyph_count, interp.unmapped);
    let images: usize = pages.iter().map(|p| p.images).sum();
    let visible = pages.iter().map(|p| p.glyphs.iter().filter(|g| !g.ch.is_whitespace()).count()).sum::<usize>();
    if visible == 0 || (visible < 10 * pages.len() && images >= pages.len().div_ceil(2)) {
        if images > 0 {
            return Err(FormatError::new(crate::tr!("error-pdf-scanned")));
        }
        if unmapped > 0 {
            return Err(FormatError::new(crate::tr!("error-pdf-no-unicode")));
        }
        return Err(FormatError::new(crate::tr!("error-pdf-no-text")));
    }
    if unmapped > glyphs / 2 {
        return Err(FormatError::new(crate::tr!("error-pdf-no-unicode")));
    }
    layout::write(pages)
}

// ---------------------------------------------------------------------------------------
// Geometry and the glyphs of a page
// ---------------------------------------------------------------------------------------

/// An affine matrix `[a b c d e f]` as PDF writes it (row vectors: `p' = p × M`).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Matrix([f64; 6]);

impl Matrix {
    const IDENTITY: Matrix = Matrix([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);

    fn translate(x: f64, y: f64) -> Matrix {
        Matrix([1.0, 0.0, 0.0, 1.0, x, y])
    }

    /// `self` then `other`.
    fn then(self, other: Matrix) -> Matrix {
        let [a0, a1, a2, a3, a4, a5] = self.0;
        let [b0, b1, b2, b3, b4, b5] = other.0;
        Matrix([
            a0 * b0 + a1 * b2,
            a0 * b1 + a1 * b3,
            a2 * b0 + a3 * b2,
            a2 * b1 + a3 * b3,
            a4 * b0 + a5 * b2 + b4,
            a4 * b1 + a5 * b3 + b5,
        ])
    }

    fn apply(self, x: f64, y: f64) -> (f64, f64) {
        let [a, b, c, d, e, f] = self.0;
        (x * a + y * c + e, x * b + y * d + f)
    }

    fn is_finite(self) -> bool {
        self.0.iter().all(|v| v.is_finite())
    }
}

/// A character placed on the page: its baseline from `x0` to `x1` at height `y` (points,
/// origin at the bottom left of the page as shown), and the font size.
#[derive(Debug, Clone, Copy)]
struct Glyph {
    ch: char,
    x0: f32,
    x1: f32,
    y: f32,
    size: f32,
}

/// A horizontal rule.
#[derive(Debug, Clone, Copy)]
struct HRule {
    y: f32,
    x0: f32,
    x1: f32,
}

/// A vertical rule.
#[derive(Debug, Clone, Copy)]
struct VRule {
    x: f32,
    y0: f32,
    y1: f32,
}

/// What the interpreter found on a page.
#[derive(Debug, Default)]
struct Page {
    glyphs: Vec<Glyph>,
    hrules: Vec<HRule>,
    vrules: Vec<VRule>,
    images: usize,
    width: f32,
    height: f32,
}

// ---------------------------------------------------------------------------------------
// Objects
// ---------------------------------------------------------------------------------------

/// An object with references followed.
fn deref<'d>(doc: &'d Document, obj: &'d Object) -> &'d Object {
    match obj {
        Object::Reference(id) => doc.get_object(*id).unwrap_or(&Object::Null),
        _ => obj,
    }
}

fn get<'d>(doc: &'d Document, dict: &'d Dictionary, key: &[u8]) -> Option<&'d Object> {
    dict.get(key).ok().map(|o| deref(doc, o)).filter(|o| !matches!(o, Object::Null))
}

fn get_dict<'d>(doc: &'d Document, dict: &'d Dictionary, key: &[u8]) -> Option<&'d Dictionary> {
    match get(doc, dict, key)? {
        Object::Dictionary(d) => Some(d),
        Object::Stream(s) => Some(&s.dict),
        _ => None,
    }
}

fn get_name<'d>(doc: &'d Document, dict: &'d Dictionary, key: &[u8]) -> Option<&'d [u8]> {
    match get(doc, dict, key)? {
        Object::Name(n) => Some(n),
        _ => None,
    }
}

fn number(obj: &Object) -> Option<f64> {
    match obj {
        Object::Integer(i) => Some(*i as f64),
        Object::Real(r) => Some(f64::from(*r)),
        _ => None,
    }
    .filter(|v| v.is_finite())
}

fn get_number(doc: &Document, dict: &Dictionary, key: &[u8]) -> Option<f64> {
    number(get(doc, dict, key)?)
}

fn get_array<'d>(doc: &'d Document, dict: &'d Dictionary, key: &[u8]) -> Option<&'d [Object]> {
    match get(doc, dict, key)? {
        Object::Array(a) => Some(a),
        _ => None,
    }
}

fn numbers(doc: &Document, items: &[Object]) -> Vec<f64> {
    items.iter().filter_map(|o| number(deref(doc, o))).collect()
}

/// A stream's decoded bytes, within the limit (`None` if its filters cannot be undone).
fn stream_bytes(stream: &Stream, limit: usize) -> Option<Vec<u8>> {
    stream.decompressed_content_with_limit(limit).ok()
}

/// A page attribute, inherited through the page tree.
fn inherited<'d>(doc: &'d Document, page: &'d Dictionary, key: &[u8]) -> Option<&'d Object> {
    let mut node = page;
    for _ in 0..64 {
        if let Some(v) = get(doc, node, key) {
            return Some(v);
        }
        node = get_dict(doc, node, b"Parent")?;
    }
    None
}

// ---------------------------------------------------------------------------------------
// The content-stream interpreter
// ---------------------------------------------------------------------------------------

/// The graphics state the text needs.
#[derive(Clone)]
struct GState {
    ctm: Matrix,
    font: Option<Rc<Font>>,
    size: f64,
    char_spacing: f64,
    word_spacing: f64,
    scale: f64,
    leading: f64,
    rise: f64,
}

impl GState {
    fn new(ctm: Matrix) -> Self {
        GState { ctm, font: None, size: 0.0, char_spacing: 0.0, word_spacing: 0.0, scale: 1.0, leading: 0.0, rise: 0.0 }
    }
}

/// The path being built: its subpaths' points in page space, and whether each has curves
/// (a curved shape is no rule).
#[derive(Default)]
struct Path {
    subpaths: Vec<(Vec<(f64, f64)>, bool)>,
}

struct Interp<'d> {
    doc: &'d Document,
    fonts: FxHashMap<ObjectId, Rc<Font>>,
    fonts_loaded: usize,
    tokens: u64,
    content_bytes: usize,
    glyph_count: usize,
    unmapped: usize,
    page: Page,
    segments: usize,
}

impl<'d> Interp<'d> {
    fn new(doc: &'d Document) -> Self {
        Interp {
            doc,
            fonts: FxHashMap::default(),
            fonts_loaded: 0,
            tokens: 0,
            content_bytes: 0,
            glyph_count: 0,
            unmapped: 0,
            page: Page::default(),
            segments: 0,
        }
    }

    /// Reads one page.
    fn page(&mut self, id: ObjectId) -> Result<Page, FormatError> {
        let doc = self.doc;
        let Ok(dict) = doc.get_dictionary(id) else { return Ok(Page::default()) };
        let bx = inherited(doc, dict, b"CropBox")
            .or_else(|| inherited(doc, dict, b"MediaBox"))
            .and_then(|o| match o {
                Object::Array(a) => Some(numbers(doc, a)),
                _ => None,
            })
            .filter(|v| v.len() == 4)
            .map(|v| [v[0].min(v[2]), v[1].min(v[3]), v[0].max(v[2]), v[1].max(v[3])])
            .filter(|b| b[2] - b[0] > 1.0 && b[3] - b[1] > 1.0)
            .unwrap_or([0.0, 0.0, 595.0, 842.0]);
        let (w, h) = (bx[2] - bx[0], bx[3] - bx[1]);
        let rotate = (inherited(doc, dict, b"Rotate").and_then(number).unwrap_or(0.0) as i64).rem_euclid(360);
        let rotation = match rotate {
            90 => Matrix([0.0, -1.0, 1.0, 0.0, 0.0, w]),
            180 => Matrix([-1.0, 0.0, 0.0, -1.0, w, h]),
            270 => Matrix([0.0, 1.0, -1.0, 0.0, h, 0.0]),
            _ => Matrix::IDENTITY,
        };
        let (width, height) = if matches!(rotate, 90 | 270) { (h, w) } else { (w, h) };
        let base = Matrix::translate(-bx[0], -bx[1]).then(rotation);
        self.page = Page { width: width as f32, height: height as f32, ..Page::default() };
        self.segments = 0;
        let resources = match inherited(doc, dict, b"Resources") {
            Some(Object::Dictionary(d)) => Some(d),
            _ => None,
        };
        let content = self.page_content(dict)?;
        self.run(&content, resources, base, &mut Vec::new())?;
        let mut page = std::mem::take(&mut self.page);
        // Text outside the page is not shown.
        let (pw, ph) = (page.width, page.height);
        page.glyphs.retain(|g| g.x1 > 0.0 && g.x0 < pw && g.y > -2.0 && g.y < ph);
        Ok(page)
    }

    /// The page's content streams, decoded and joined.
    fn page_content(&mut self, dict: &Dictionary) -> Result<Vec<u8>, FormatError> {
        let doc = self.doc;
        let mut streams: Vec<&Stream> = Vec::new();
        match get(doc, dict, b"Contents") {
            Some(Object::Stream(s)) => streams.push(s),
            Some(Object::Array(items)) => {
                for item in items.iter().take(10_000) {
                    if let Object::Stream(s) = deref(doc, item) {
                        streams.push(s);
                    }
                }
            }
            _ => {}
        }
        let mut content = Vec::new();
        for s in streams {
            let budget = MAX_STREAM_BYTES.saturating_sub(content.len());
            if let Some(bytes) = stream_bytes(s, budget) {
                content.extend_from_slice(&bytes);
                content.push(b'\n');
            }
        }
        self.charge_bytes(content.len())?;
        Ok(content)
    }

    fn charge_bytes(&mut self, n: usize) -> Result<(), FormatError> {
        self.content_bytes = self.content_bytes.saturating_add(n);
        if self.content_bytes > MAX_TOTAL_CONTENT {
            return Err(FormatError::new(crate::tr!("error-pdf-too-much-content")));
        }
        Ok(())
    }

    /// Interprets a content stream. `forms` holds the forms being drawn (a form that
    /// draws itself is not followed).
    fn run(
        &mut self,
        content: &[u8],
        resources: Option<&'d Dictionary>,
        ctm: Matrix,
        forms: &mut Vec<ObjectId>,
    ) -> Result<(), FormatError> {
        let mut lexer = Lexer::new(content);
        let mut operands: Vec<Operand> = Vec::new();
        let mut gs = GState::new(ctm);
        let mut saved: Vec<GState> = Vec::new();
        let mut tm = Matrix::IDENTITY;
        let mut tlm = Matrix::IDENTITY;
        let mut path = Path::default();
        loop {
            self.tokens += 1 + operands.len() as u64;
            if self.tokens > MAX_TOKENS {
                return Err(FormatError::new(crate::tr!("error-pdf-too-many-operations")));
            }
            operands.clear();
            let Some(op) = lexer.next_operation(&mut operands) else { break };
            let nums = |n: usize| -> Option<Vec<f64>> {
                if operands.len() < n {
                    return None;
                }
                operands[operands.len() - n..].iter().map(Operand::num).collect()
            };
            match op {
                b"q" if saved.len() < MAX_SAVE_DEPTH => saved.push(gs.clone()),
                b"Q" => {
                    if let Some(g) = saved.pop() {
                        gs = g;
                    }
                }
                b"cm" => {
                    if let Some(v) = nums(6) {
                        let next = Matrix([v[0], v[1], v[2], v[3], v[4], v[5]]).then(gs.ctm);
                        if next.is_finite() {
                            gs.ctm = next;
                        }
                    }
                }
                b"BT" => {
                    tm = Matrix::IDENTITY;
                    tlm = Matrix::IDENTITY;
                }
                b"Tf" => {
                    let n = operands.len();
                    if n >= 2
                        && let (Operand::Name(name), Some(size)) = (&operands[n - 2], operands[n - 1].num())
                    {
                        gs.font = self.font(resources, name);
                        gs.size = size;
                    }
                }
                b"Tc" | b"Tw" | b"Tz" | b"TL" | b"Ts" => {
                    if let Some(v) = nums(1) {
                        match op {
                            b"Tc" => gs.char_spacing = v[0],
                            b"Tw" => gs.word_spacing = v[0],
                            b"Tz" => gs.scale = v[0] / 100.0,
                            b"TL" => gs.leading = v[0],
                            _ => gs.rise = v[0],
                        }
                    }
                }
                b"Td" | b"TD" => {
                    if let Some(v) = nums(2) {
                        if op == b"TD" {
                            gs.leading = -v[1];
                        }
                        tlm = Matrix::translate(v[0], v[1]).then(tlm);
                        tm = tlm;
                    }
                }
                b"Tm" => {
                    if let Some(v) = nums(6) {
                        let m = Matrix([v[0], v[1], v[2], v[3], v[4], v[5]]);
                        if m.is_finite() {
                            tlm = m;
                            tm = m;
                        }
                    }
                }
                b"T*" => {
                    tlm = Matrix::translate(0.0, -gs.leading).then(tlm);
                    tm = tlm;
                }
                b"Tj" | b"'" | b"\"" => {
                    if op == b"\""
                        && let Some(v) = nums(3)
                    {
                        gs.word_spacing = v[0];
                        gs.char_spacing = v[1];
                    }
                    if op != b"Tj" {
                        tlm = Matrix::translate(0.0, -gs.leading).then(tlm);
                        tm = tlm;
                    }
                    if let Some(Operand::Str(s)) = operands.last() {
                        self.show(&gs, &mut tm, s)?;
                    }
                }
                b"TJ" => {
                    if let Some(Operand::Array(items)) = operands.last() {
                        for item in items {
                            match item {
                                Operand::Str(s) => self.show(&gs, &mut tm, s)?,
                                Operand::Num(n) => {
                                    let tx = -n / 1000.0 * gs.size * gs.scale;
                                    tm = Matrix::translate(tx, 0.0).then(tm);
                                }
                                _ => {}
                            }
                        }
                    }
                }
                b"Do" => {
                    if let Some(Operand::Name(name)) = operands.last() {
                        let name = name.clone();
                        self.xobject(resources, &name, &gs, forms)?;
                    }
                }
                b"BI" => self.page.images += 1,
                b"m" => {
                    if let Some(v) = nums(2)
                        && path.subpaths.len() < 10_000
                    {
                        path.subpaths.push((vec![gs.ctm.apply(v[0], v[1])], false));
                    }
                }
                b"l" | b"c" | b"v" | b"y" => {
                    let n = match op {
                        b"l" => 2,
                        b"c" => 6,
                        _ => 4,
                    };
                    if let (Some(v), Some((points, curved))) = (nums(n), path.subpaths.last_mut())
                        && points.len() < 10_000
                    {
                        points.push(gs.ctm.apply(v[n - 2], v[n - 1]));
                        *curved |= n > 2;
                    }
                }
                b"h" => {
                    if let Some((points, _)) = path.subpaths.last_mut()
                        && let Some(&first) = points.first()
                        && points.len() > 1
                    {
                        points.push(first);
                    }
                }
                b"re" => {
                    if let Some(v) = nums(4)
                        && path.subpaths.len() < 10_000
                    {
                        let (x, y, w, h) = (v[0], v[1], v[2], v[3]);
                        let m = gs.ctm;
                        let points = vec![
                            m.apply(x, y),
                            m.apply(x + w, y),
                            m.apply(x + w, y + h),
                            m.apply(x, y + h),
                            m.apply(x, y),
                        ];
                        path.subpaths.push((points, false));
                    }
                }
                b"S" | b"s" => self.paint(&mut path, true, false),
                b"f" | b"F" | b"f*" => self.paint(&mut path, false, true),
                b"B" | b"B*" | b"b" | b"b*" => self.paint(&mut path, true, true),
                b"n" => path = Path::default(),
                _ => {}
            }
        }
        Ok(())
    }

    /// Rules from a painted path: straight axis-parallel segments of a stroke, and thin
    /// filled shapes.
    fn paint(&mut self, path: &mut Path, stroke: bool, fill: bool) {
        let path = std::mem::take(path);
        for (points, curved) in &path.subpaths {
            if *curved || points.is_empty() || self.segments > MAX_SEGMENTS {
                continue;
            }
            self.segments += points.len();
            let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
            for &(x, y) in points {
                x0 = x0.min(x);
                y0 = y0.min(y);
                x1 = x1.max(x);
                y1 = y1.max(y);
            }
            if !(x0.is_finite() && y0.is_finite() && x1.is_finite() && y1.is_finite()) {
                continue;
            }
            let (w, h) = (x1 - x0, y1 - y0);
            if fill && (w > 2.0 || h > 2.0) && (w <= 3.0 || h <= 3.0) {
                if w >= h {
                    self.page.hrules.push(HRule { y: ((y0 + y1) / 2.0) as f32, x0: x0 as f32, x1: x1 as f32 });
                } else {
                    self.page.vrules.push(VRule { x: ((x0 + x1) / 2.0) as f32, y0: y0 as f32, y1: y1 as f32 });
                }
                continue;
            }
            if stroke {
                for pair in points.windows(2) {
                    let ((ax, ay), (bx, by)) = (pair[0], pair[1]);
                    if (ay - by).abs() < 0.8 && (ax - bx).abs() >= 2.0 {
                        self.page.hrules.push(HRule {
                            y: ((ay + by) / 2.0) as f32,
                            x0: ax.min(bx) as f32,
                            x1: ax.max(bx) as f32,
                        });
                    } else if (ax - bx).abs() < 0.8 && (ay - by).abs() >= 2.0 {
                        self.page.vrules.push(VRule {
                            x: ((ax + bx) / 2.0) as f32,
                            y0: ay.min(by) as f32,
                            y1: ay.max(by) as f32,
                        });
                    }
                }
            }
        }
    }

    /// Draws an XObject: a form is interpreted, an image counted.
    fn xobject(
        &mut self,
        resources: Option<&'d Dictionary>,
        name: &[u8],
        gs: &GState,
        forms: &mut Vec<ObjectId>,
    ) -> Result<(), FormatError> {
        let doc = self.doc;
        let Some(xobjects) = resources.and_then(|r| get_dict(doc, r, b"XObject")) else { return Ok(()) };
        let Ok(entry) = xobjects.get(name) else { return Ok(()) };
        let id = entry.as_reference().ok();
        let Object::Stream(stream) = deref(doc, entry) else { return Ok(()) };
        match get_name(doc, &stream.dict, b"Subtype") {
            Some(b"Image") => self.page.images += 1,
            Some(b"Form") => {
                if forms.len() >= MAX_FORM_DEPTH || id.is_some_and(|id| forms.contains(&id)) {
                    return Ok(());
                }
                let matrix = get_array(doc, &stream.dict, b"Matrix")
                    .map(|a| numbers(doc, a))
                    .filter(|v| v.len() == 6)
                    .map(|v| Matrix([v[0], v[1], v[2], v[3], v[4], v[5]]))
                    .filter(|m| m.is_finite())
                    .unwrap_or(Matrix::IDENTITY);
                let form_resources = get_dict(doc, &stream.dict, b"Resources").or(resources);
                let Some(content) = stream_bytes(stream, MAX_STREAM_BYTES) else { return Ok(()) };
                self.charge_bytes(content.len())?;
                // A form without a reference cannot be in a cycle; it still counts towards
                // the depth.
                forms.push(id.unwrap_or((0, 0)));
                let result = self.run(&content, form_resources, matrix.then(gs.ctm), forms);
                forms.pop();
                result?;
            }
            _ => {}
        }
        Ok(())
    }

    /// The font of a resource name, loaded once.
    fn font(&mut self, resources: Option<&'d Dictionary>, name: &[u8]) -> Option<Rc<Font>> {
        let doc = self.doc;
        let fonts = get_dict(doc, resources?, b"Font")?;
        let entry = fonts.get(name).ok()?;
        let id = entry.as_reference().ok();
        if let Some(font) = id.and_then(|id| self.fonts.get(&id)) {
            return Some(font.clone());
        }
        if self.fonts_loaded >= MAX_FONTS {
            return None;
        }
        self.fonts_loaded += 1;
        let dict = match deref(doc, entry) {
            Object::Dictionary(d) => d,
            Object::Stream(s) => &s.dict,
            _ => return None,
        };
        let font = Rc::new(Font::load(doc, dict));
        if let Some(id) = id {
            self.fonts.insert(id, font.clone());
        }
        Some(font)
    }

    /// Places the glyphs of a string.
    fn show(&mut self, gs: &GState, tm: &mut Matrix, bytes: &[u8]) -> Result<(), FormatError> {
        let Some(font) = gs.font.clone() else { return Ok(()) };
        let (size, th) = (gs.size, gs.scale);
        let mut pos = 0;
        while pos < bytes.len() {
            let (code, len) = font.next_code(bytes, pos);
            pos += len;
            let w0 = font.width(code, len) / 1000.0;
            let mut tx = w0 * size + gs.char_spacing;
            if len == 1 && code == 32 {
                tx += gs.word_spacing;
            }
            tx *= th;
            let m = tm.then(gs.ctm);
            *tm = Matrix::translate(tx, 0.0).then(*tm);
            let (ox, oy) = m.apply(0.0, gs.rise);
            let gw = w0 * size * th;
            let (ex, ey) = m.apply(gw, gs.rise);
            let (dx, dy) = if gw.abs() > 1e-9 { (ex - ox, ey - oy) } else { (m.0[0], m.0[1]) };
            // Upright, left to right only: watermarks and stamps at an angle, vertical
            // and mirrored text are left out.
            let upright = dx > 0.0 && dy.abs() <= 0.1 * dx;
            let height = size.abs() * font.size_scale * (m.0[2] * m.0[2] + m.0[3] * m.0[3]).sqrt();
            if !upright || !height.is_finite() || height < 0.5 || !ox.is_finite() || !oy.is_finite() {
                continue;
            }
            self.glyph_count += 1;
            if self.glyph_count > MAX_GLYPHS {
                return Err(FormatError::new(crate::tr!("error-pdf-too-many-characters")));
            }
            let text = font.unicode(code, len);
            let chars: &[char] = match &text {
                Uni::None => {
                    self.unmapped += 1;
                    continue;
                }
                Uni::One(c) => std::slice::from_ref(c),
                Uni::Many(v) => v,
            };
            if self.page.glyphs.len() >= MAX_PAGE_GLYPHS {
                continue;
            }
            let n = chars.iter().filter(|c| normalize(**c).is_some()).count().max(1);
            let step = (ex - ox) / n as f64;
            for (k, c) in chars.iter().filter_map(|c| normalize(*c)).enumerate() {
                let x0 = ox + step * k as f64;
                self.page.glyphs.push(Glyph {
                    ch: c,
                    x0: x0 as f32,
                    x1: (x0 + step) as f32,
                    y: oy as f32,
                    size: height as f32,
                });
            }
        }
        Ok(())
    }
}

/// A character as it should be read: radicals and compatibility ideographs as the
/// ideographs they stand for, spaces as a space; `None` for what is not text (controls,
/// private-use characters, soft hyphens, byte-order marks).
fn normalize(c: char) -> Option<char> {
    const KANGXI: &str = "一丨丶丿乙亅二亠人儿入八冂冖冫几凵刀力勹匕匚匸十卜卩厂厶又口囗土士夂夊夕大女子宀寸小尢尸屮山巛工己巾干幺广廴廾弋弓彐彡彳心戈戶手支攴文斗斤方无日曰月木欠止歹殳毋比毛氏气水火爪父爻爿片牙牛犬玄玉瓜瓦甘生用田疋疒癶白皮皿目矛矢石示禸禾穴立竹米糸缶网羊羽老而耒耳聿肉臣自至臼舌舛舟艮色艸虍虫血行衣襾見角言谷豆豕豸貝赤走足身車辛辰辵邑酉釆里金長門阜隶隹雨靑非面革韋韭音頁風飛食首香馬骨高髟鬥鬯鬲鬼魚鳥鹵鹿麥麻黃黍黑黹黽鼎鼓鼠鼻齊齒龍龜龠";
    let u = c as u32;
    match u {
        0x2F00..=0x2FD5 => KANGXI.chars().nth((u - 0x2F00) as usize),
        0x2E80..=0x2EF3 => Some(match u {
            0x2E9F => '母',
            0x2EA0 => '民',
            0x2EC4 => '西',
            0x2EC5 => '见',
            0x2EC6 => '角',
            0x2EC8 => '讠',
            0x2EC9 => '贝',
            0x2ECB => '车',
            0x2ED1 => '長',
            0x2ED3 => '长',
            0x2ED4 => '门',
            0x2ED7 => '雨',
            0x2ED8 => '青',
            0x2ED9 => '韦',
            0x2EDA => '页',
            0x2EDB => '风',
            0x2EDC => '飞',
            0x2EDD => '食',
            0x2EE2 => '马',
            0x2EE3 => '骨',
            0x2EE4 => '鬼',
            0x2EE5 => '鱼',
            0x2EE6 => '鸟',
            0x2EE7 => '卤',
            0x2EE8 => '麦',
            0x2EE9 => '黄',
            0x2EEA => '黾',
            0x2EEC => '齐',
            0x2EEE => '齿',
            0x2EF0 => '龙',
            0x2EF3 => '龟',
            _ => c,
        }),
        0xF900..=0xFAFF => Some(compat_ideograph(c)),
        0x00A0 | 0x2000..=0x200A | 0x3000 | 0x09 => Some(' '),
        0x00AD | 0xFEFF | 0x200B..=0x200F | 0x2060..=0x206F | 0xFFFD | 0xE000..=0xF8FF => None,
        _ if c.is_control() => None,
        _ => Some(c),
    }
}

/// A CJK compatibility ideograph as its unified ideograph (the ones that turn up in the
/// text of Chinese PDFs; the rest stay as they are).
fn compat_ideograph(c: char) -> char {
    match c {
        '\u{F900}' => '豈',
        '\u{F901}' => '更',
        '\u{F902}' => '車',
        '\u{F903}' => '賈',
        '\u{F904}' => '滑',
        '\u{F905}' => '串',
        '\u{F906}' => '句',
        '\u{F907}' | '\u{F908}' => '龜',
        '\u{F909}' => '契',
        '\u{F90A}' => '金',
        '\u{F91B}' => '亂',
        '\u{F929}' => '朗',
        '\u{F92C}' => '郎',
        '\u{F95B}' => '拏',
        '\u{F961}' | '\u{F9DB}' => '率',
        '\u{F967}' => '不',
        '\u{F96C}' => '塞',
        '\u{F970}' => '殺',
        '\u{F974}' => '若',
        '\u{F978}' => '兩',
        '\u{F979}' => '凉',
        '\u{F97C}' => '諒',
        '\u{F986}' => '麗',
        '\u{F98B}' => '曆',
        '\u{F9A4}' => '捻',
        '\u{F9B2}' => '零',
        '\u{F9BA}' => '了',
        '\u{F9C2}' => '療',
        '\u{F9D1}' => '六',
        '\u{F9D7}' => '輪',
        '\u{F9DF}' => '履',
        '\u{F9E0}' => '易',
        '\u{F9E3}' => '泥',
        '\u{F9EC}' => '溺',
        '\u{F9F4}' => '林',
        '\u{F9FA}' => '爐',
        '\u{FA0C}' => '兀',
        '\u{FA0D}' => '嗀',
        '\u{FA10}' => '塚',
        '\u{FA12}' => '晴',
        '\u{FA15}' => '凞',
        '\u{FA16}' => '猪',
        '\u{FA17}' => '益',
        '\u{FA18}' => '礼',
        '\u{FA19}' => '神',
        '\u{FA1A}' => '祥',
        '\u{FA1B}' => '福',
        '\u{FA1C}' => '靖',
        '\u{FA1D}' => '精',
        '\u{FA1E}' => '羽',
        '\u{FA20}' => '蘒',
        '\u{FA22}' => '諸',
        '\u{FA25}' => '逸',
        '\u{FA26}' => '都',
        '\u{FA2A}' => '飯',
        '\u{FA2B}' => '飼',
        '\u{FA2C}' => '館',
        '\u{FA2D}' => '鶴',
        _ => c,
    }
}

// ---------------------------------------------------------------------------------------
// The content-stream lexer
// ---------------------------------------------------------------------------------------

#[derive(Debug, Clone)]
enum Operand {
    Num(f64),
    Name(Vec<u8>),
    Str(Vec<u8>),
    Array(Vec<Operand>),
    Other,
}

impl Operand {
    fn num(&self) -> Option<f64> {
        match self {
            Operand::Num(n) => Some(*n),
            _ => None,
        }
    }
}

struct Lexer<'a> {
    s: &'a [u8],
    i: usize,
}

fn is_white(b: u8) -> bool {
    matches!(b, b' ' | b'\n' | b'\r' | b'\t' | b'\x0c' | b'\0')
}

fn is_delim(b: u8) -> bool {
    matches!(b, b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%')
}

impl<'a> Lexer<'a> {
    fn new(s: &'a [u8]) -> Self {
        Lexer { s, i: 0 }
    }

    fn skip_space(&mut self) {
        while let Some(&b) = self.s.get(self.i) {
            if is_white(b) {
                self.i += 1;
            } else if b == b'%' {
                while let Some(&b) = self.s.get(self.i) {
                    if b == b'\n' || b == b'\r' {
                        break;
                    }
                    self.i += 1;
                }
            } else {
                break;
            }
        }
    }

    /// A bare word (an operator or a keyword).
    fn word(&mut self) -> &'a [u8] {
        let start = self.i;
        while let Some(&b) = self.s.get(self.i) {
            if is_white(b) || is_delim(b) {
                break;
            }
            self.i += 1;
        }
        &self.s[start..self.i]
    }

    /// Reads operands up to the next operator and returns the operator (`None` at the
    /// end). Arrays nest (up to a depth); dictionaries are skipped.
    fn next_operation(&mut self, operands: &mut Vec<Operand>) -> Option<&'a [u8]> {
        let mut arrays: Vec<Vec<Operand>> = Vec::new();
        let mut dict_depth = 0usize;
        loop {
            self.skip_space();
            let &b = self.s.get(self.i)?;
            let value = match b {
                b'[' => {
                    self.i += 1;
                    if arrays.len() < 32 {
                        arrays.push(Vec::new());
                    }
                    continue;
                }
                b']' => {
                    self.i += 1;
                    match arrays.pop() {
                        Some(items) => Operand::Array(items),
                        None => continue,
                    }
                }
                b'<' if self.s.get(self.i + 1) == Some(&b'<') => {
                    self.i += 2;
                    dict_depth += 1;
                    continue;
                }
                b'>' if self.s.get(self.i + 1) == Some(&b'>') => {
                    self.i += 2;
                    dict_depth = dict_depth.saturating_sub(1);
                    if dict_depth > 0 {
                        continue;
                    }
                    Operand::Other
                }
                b'<' => Operand::Str(self.hex_string()),
                b'(' => Operand::Str(self.literal_string()),
                b'/' => Operand::Name(self.name()),
                b'+' | b'-' | b'.' | b'0'..=b'9' => Operand::Num(self.number()),
                b')' | b'>' | b'{' | b'}' => {
                    self.i += 1;
                    continue;
                }
                _ => {
                    let word = self.word();
                    if word.is_empty() {
                        self.i += 1;
                        continue;
                    }
                    match word {
                        b"true" | b"false" | b"null" => Operand::Other,
                        _ if dict_depth > 0 || !arrays.is_empty() => Operand::Other,
                        b"BI" => {
                            self.skip_inline_image();
                            return Some(word);
                        }
                        _ => return Some(word),
                    }
                }
            };
            if dict_depth > 0 {
                continue;
            }
            if let Some(top) = arrays.last_mut() {
                if top.len() < 100_000 {
                    top.push(value);
                }
            } else {
                if operands.len() >= 64 {
                    // Far more operands than any operator takes: junk.
                    operands.clear();
                }
                operands.push(value);
            }
        }
    }

    /// Skips an inline image: its dictionary up to `ID`, and the data up to `EI`.
    fn skip_inline_image(&mut self) {
        let Some(id) = memchr::memmem::find(&self.s[self.i..], b"ID") else {
            self.i = self.s.len();
            return;
        };
        self.i = (self.i + id + 3).min(self.s.len());
        let mut at = self.i;
        loop {
            let Some(k) = memchr::memmem::find(&self.s[at..], b"EI") else {
                self.i = self.s.len();
                return;
            };
            let p = at + k;
            let before = p == 0 || self.s.get(p - 1).is_some_and(|&b| is_white(b));
            let after = self.s.get(p + 2).is_none_or(|&b| is_white(b) || is_delim(b));
            if before && after {
                self.i = p + 2;
                return;
            }
            at = p + 2;
        }
    }

    fn number(&mut self) -> f64 {
        let start = self.i;
        let mut negative = false;
        while let Some(&b) = self.s.get(self.i) {
            match b {
                b'-' => negative = !negative,
                b'+' => {}
                _ => break,
            }
            self.i += 1;
        }
        let mut value = 0f64;
        let mut scale = 0f64;
        let mut digits = false;
        while let Some(&b) = self.s.get(self.i) {
            match b {
                b'0'..=b'9' => {
                    digits = true;
                    if scale == 0.0 {
                        value = value * 10.0 + f64::from(b - b'0');
                    } else {
                        value += f64::from(b - b'0') * scale;
                        scale /= 10.0;
                    }
                }
                b'.' if scale == 0.0 => scale = 0.1,
                _ => break,
            }
            self.i += 1;
        }
        if self.i == start {
            self.i += 1;
        }
        if !digits || !value.is_finite() {
            return 0.0;
        }
        if negative { -value } else { value }
    }

    fn name(&mut self) -> Vec<u8> {
        self.i += 1;
        let mut out = Vec::new();
        while let Some(&b) = self.s.get(self.i) {
            if is_white(b) || is_delim(b) {
                break;
            }
            if b == b'#'
                && let (Some(h), Some(l)) = (
                    self.s.get(self.i + 1).and_then(|&c| hex_value(c)),
                    self.s.get(self.i + 2).and_then(|&c| hex_value(c)),
                )
            {
                out.push(h * 16 + l);
                self.i += 3;
                continue;
            }
            out.push(b);
            self.i += 1;
        }
        out
    }

    fn hex_string(&mut self) -> Vec<u8> {
        self.i += 1;
        let mut out = Vec::new();
        let mut high: Option<u8> = None;
        while let Some(&b) = self.s.get(self.i) {
            self.i += 1;
            if b == b'>' {
                break;
            }
            if let Some(v) = hex_value(b) {
                match high.take() {
                    Some(h) => out.push(h * 16 + v),
                    None => high = Some(v),
                }
            }
        }
        if let Some(h) = high {
            out.push(h * 16);
        }
        out
    }

    fn literal_string(&mut self) -> Vec<u8> {
        self.i += 1;
        let mut out = Vec::new();
        let mut depth = 1usize;
        while let Some(&b) = self.s.get(self.i) {
            self.i += 1;
            match b {
                b'(' => {
                    depth += 1;
                    out.push(b);
                }
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                    out.push(b);
                }
                b'\\' => {
                    let Some(&e) = self.s.get(self.i) else { break };
                    self.i += 1;
                    match e {
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'b' => out.push(8),
                        b'f' => out.push(12),
                        b'\r' => {
                            if self.s.get(self.i) == Some(&b'\n') {
                                self.i += 1;
                            }
                        }
                        b'\n' => {}
                        b'0'..=b'7' => {
                            let mut v = u32::from(e - b'0');
                            for _ in 0..2 {
                                match self.s.get(self.i) {
                                    Some(&d @ b'0'..=b'7') => {
                                        v = v * 8 + u32::from(d - b'0');
                                        self.i += 1;
                                    }
                                    _ => break,
                                }
                            }
                            out.push((v & 0xff) as u8);
                        }
                        other => out.push(other),
                    }
                }
                _ => out.push(b),
            }
        }
        out
    }
}

fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

// ---------------------------------------------------------------------------------------
// Fonts
// ---------------------------------------------------------------------------------------

/// The text of a code.
#[derive(Debug, Clone)]
enum Uni {
    None,
    One(char),
    Many(Box<[char]>),
}

impl Uni {
    fn from_utf16(units: &[u16]) -> Uni {
        Uni::from_chars(char::decode_utf16(units.iter().copied()).filter_map(Result::ok).collect())
    }

    fn from_chars(chars: Vec<char>) -> Uni {
        match chars.as_slice() {
            [] => Uni::None,
            [c] => Uni::One(*c),
            _ => Uni::Many(chars.into_boxed_slice()),
        }
    }
}

/// How a string's bytes split into codes.
#[derive(Debug, Clone)]
enum Codes {
    One,
    Two,
    /// The codespace ranges of an embedded CMap: (byte count, low bytes, high bytes).
    Ranges(Vec<(usize, [u8; 4], [u8; 4])>),
    /// A predefined multi-byte CMap read with a text encoding.
    Multibyte(Multibyte),
    Utf16,
}

/// The byte structure of the predefined CJK CMaps (and the encoding that decodes them).
#[derive(Debug, Clone, Copy, PartialEq)]
enum Multibyte {
    /// GB 2312 / GBK / GB 18030 (`GB-EUC-H`, `GBK-EUC-H`, `GBK2K-H`…).
    Gb,
    /// Big5 (`B5pc-H`, `ETen-B5-H`…).
    Big5,
    /// Shift-JIS (`90ms-RKSJ-H`…).
    Sjis,
    /// EUC-KR / UHC (`KSC-EUC-H`, `KSCms-UHC-H`).
    Kr,
}

/// The text a font's codes stand for when it has no `ToUnicode` (or the map misses one).
#[derive(Debug, Clone)]
enum Builtin {
    None,
    /// A simple font's 256 codes.
    Table(Box<[Option<char>; 256]>),
    /// The code is the character (`UniGB-UCS2-H`, `/ToUnicode /Identity-H`).
    Ucs2,
    Multibyte(Multibyte),
}

#[derive(Debug, Clone)]
enum CidMap {
    Identity,
    /// From an embedded CMap: single codes and ranges (low, high, first CID).
    Map(FxHashMap<u32, u32>, Vec<(u32, u32, u32)>),
    /// Unknown (a predefined CMap other than Identity): widths are estimated.
    Unknown,
}

#[derive(Debug)]
struct Font {
    codes: Codes,
    to_unicode: Option<UniMap>,
    builtin: Builtin,
    /// Simple font: the widths of the 256 codes (glyph units, 1000 to the em).
    simple_widths: Option<Box<[f32; 256]>>,
    /// Composite font: code to CID, and the widths of CIDs.
    cids: CidMap,
    cid_widths: FxHashMap<u32, f32>,
    cid_width_ranges: Vec<(u32, u32, f32)>,
    default_width: f32,
    /// Type 3 fonts: how the font matrix scales the size.
    size_scale: f64,
}

impl Font {
    fn load(doc: &Document, dict: &Dictionary) -> Font {
        let subtype = get_name(doc, dict, b"Subtype").unwrap_or(b"Type1");
        let to_unicode = match get(doc, dict, b"ToUnicode") {
            Some(Object::Stream(s)) => stream_bytes(s, 4 * 1024 * 1024).map(|b| CMap::parse(&b).to_unicode),
            _ => None,
        };
        let identity_unicode = matches!(get_name(doc, dict, b"ToUnicode"), Some(b"Identity-H" | b"Identity-V"));
        if subtype == b"Type0" {
            Font::composite(doc, dict, to_unicode, identity_unicode)
        } else {
            Font::simple(doc, dict, subtype, to_unicode, identity_unicode)
        }
    }

    fn simple(
        doc: &Document,
        dict: &Dictionary,
        subtype: &[u8],
        to_unicode: Option<UniMap>,
        identity_unicode: bool,
    ) -> Font {
        let base_font = get_name(doc, dict, b"BaseFont").unwrap_or(b"");
        let descriptor = get_dict(doc, dict, b"FontDescriptor");
        let flags = descriptor.and_then(|d| get_number(doc, d, b"Flags")).unwrap_or(0.0) as u32;
        let symbolic = flags & 4 != 0 && flags & 32 == 0;
        // The base encoding, then the differences.
        let (base, differences) = match get(doc, dict, b"Encoding") {
            Some(Object::Name(n)) => (Some(n.as_slice()), None),
            Some(Object::Dictionary(d)) => (get_name(doc, d, b"BaseEncoding"), get_array(doc, d, b"Differences")),
            _ => (None, None),
        };
        let mut table: [Option<char>; 256] = [None; 256];
        for (code, slot) in table.iter_mut().enumerate() {
            let code = code as u8;
            *slot = match base {
                Some(b"WinAnsiEncoding") => win_ansi(code),
                Some(b"MacRomanEncoding") => mac_roman(code),
                Some(b"StandardEncoding") => standard(code),
                _ if symbolic || subtype == b"Type3" => (32..127).contains(&code).then_some(code as char),
                _ if subtype == b"TrueType" => win_ansi(code),
                _ => standard(code),
            };
        }
        if let Some(diffs) = differences {
            let mut code: Option<usize> = None;
            for item in diffs.iter().take(1024) {
                match deref(doc, item) {
                    Object::Integer(i) => code = usize::try_from(*i).ok(),
                    Object::Name(n) => {
                        if let Some(c) = code.filter(|&c| c < 256) {
                            table[c] = glyph_name_char(n);
                            code = Some(c + 1);
                        }
                    }
                    _ => {}
                }
            }
        }
        let mut widths = [0f32; 256];
        let first = get_number(doc, dict, b"FirstChar").unwrap_or(0.0).clamp(0.0, 256.0) as usize;
        let missing = descriptor.and_then(|d| get_number(doc, d, b"MissingWidth")).unwrap_or(0.0) as f32;
        let mut size_scale = 1.0;
        let mut width_scale = 1.0f32;
        if subtype == b"Type3"
            && let Some(m) = get_array(doc, dict, b"FontMatrix").map(|a| numbers(doc, a))
            && m.len() == 6
        {
            width_scale = (m[0] * 1000.0) as f32;
            size_scale = (m[3] * 1000.0).abs();
            if !(size_scale.is_finite() && size_scale > 0.0) {
                size_scale = 1.0;
            }
        }
        match get_array(doc, dict, b"Widths").map(|a| numbers(doc, a)) {
            Some(list) => {
                widths.fill(missing);
                for (i, w) in list.iter().enumerate() {
                    if let Some(slot) = widths.get_mut(first + i) {
                        *slot = *w as f32 * width_scale;
                    }
                }
            }
            None => {
                // A standard 14 font without widths: a fair guess.
                let mono = base_font.windows(7).any(|w| w == b"Courier");
                for (code, slot) in widths.iter_mut().enumerate() {
                    *slot = if mono {
                        600.0
                    } else if code == 32 {
                        250.0
                    } else {
                        500.0
                    };
                }
            }
        }
        Font {
            codes: Codes::One,
            to_unicode,
            builtin: if identity_unicode { Builtin::Ucs2 } else { Builtin::Table(Box::new(table)) },
            simple_widths: Some(Box::new(widths)),
            cids: CidMap::Identity,
            cid_widths: FxHashMap::default(),
            cid_width_ranges: Vec::new(),
            default_width: 500.0,
            size_scale,
        }
    }

    fn composite(doc: &Document, dict: &Dictionary, to_unicode: Option<UniMap>, identity_unicode: bool) -> Font {
        let (codes, builtin, cids) = match get(doc, dict, b"Encoding") {
            Some(Object::Name(name)) => predefined_cmap(name),
            Some(Object::Stream(s)) => {
                let cmap = stream_bytes(s, 4 * 1024 * 1024).map(|b| CMap::parse(&b)).unwrap_or_default();
                if !cmap.codespace.is_empty() {
                    (Codes::Ranges(cmap.codespace), Builtin::None, CidMap::Map(cmap.cids, cmap.cid_ranges))
                } else if let Some(name) = &cmap.use_cmap {
                    predefined_cmap(name)
                } else {
                    (Codes::Two, Builtin::None, CidMap::Identity)
                }
            }
            _ => (Codes::Two, Builtin::None, CidMap::Identity),
        };
        let builtin = if identity_unicode { Builtin::Ucs2 } else { builtin };
        let descendant = match get(doc, dict, b"DescendantFonts") {
            Some(Object::Array(a)) => a.first().map(|o| deref(doc, o)),
            Some(o @ Object::Dictionary(_)) => Some(o),
            _ => None,
        };
        let mut cid_widths = FxHashMap::default();
        let mut cid_width_ranges = Vec::new();
        let mut default_width = 1000.0;
        if let Some(Object::Dictionary(d)) = descendant {
            default_width = get_number(doc, d, b"DW").unwrap_or(1000.0) as f32;
            if let Some(w) = get_array(doc, d, b"W") {
                let mut i = 0;
                while i < w.len() && cid_widths.len() < MAX_CMAP_ENTRIES && cid_width_ranges.len() < 100_000 {
                    let Some(first) = number(deref(doc, &w[i])).filter(|f| *f >= 0.0) else { break };
                    let first = first as u32;
                    match w.get(i + 1).map(|o| deref(doc, o)) {
                        Some(Object::Array(list)) => {
                            for (k, v) in list.iter().enumerate().take(65_536) {
                                if let Some(v) = number(deref(doc, v)) {
                                    cid_widths.insert(first.saturating_add(k as u32), v as f32);
                                }
                            }
                            i += 2;
                        }
                        Some(o) => {
                            let last = number(o);
                            let width = w.get(i + 2).and_then(|o| number(deref(doc, o)));
                            if let (Some(last), Some(width)) = (last, width) {
                                cid_width_ranges.push((first, last.max(0.0) as u32, width as f32));
                            }
                            i += 3;
                        }
                        None => break,
                    }
                }
            }
        }
        Font {
            codes,
            to_unicode,
            builtin,
            simple_widths: None,
            cids,
            cid_widths,
            cid_width_ranges,
            default_width,
            size_scale: 1.0,
        }
    }

    /// The code at `pos` (which is within `bytes`) and its length in bytes (at least 1).
    fn next_code(&self, bytes: &[u8], pos: usize) -> (u32, usize) {
        let rest = &bytes[pos.min(bytes.len())..];
        let take = |n: usize| -> (u32, usize) {
            let n = n.clamp(1, 4).min(rest.len());
            let code = rest[..n].iter().fold(0u32, |acc, &b| (acc << 8) | u32::from(b));
            (code, n.max(1))
        };
        match &self.codes {
            Codes::One => take(1),
            Codes::Two => take(2),
            Codes::Utf16 => {
                let lead = rest.first().copied().unwrap_or(0);
                take(if (0xD8..=0xDB).contains(&lead) { 4 } else { 2 })
            }
            Codes::Multibyte(kind) => {
                let b0 = rest.first().copied().unwrap_or(0);
                let n = match kind {
                    Multibyte::Gb if b0 > 0x80 && rest.get(1).is_some_and(|b| (0x30..=0x39).contains(b)) => 4,
                    Multibyte::Gb | Multibyte::Big5 | Multibyte::Kr => {
                        if b0 <= 0x80 {
                            1
                        } else {
                            2
                        }
                    }
                    Multibyte::Sjis => {
                        if (0x81..=0x9F).contains(&b0) || (0xE0..=0xFC).contains(&b0) {
                            2
                        } else {
                            1
                        }
                    }
                };
                take(n)
            }
            Codes::Ranges(ranges) => {
                for n in 1..=4usize.min(rest.len()) {
                    let fits = ranges
                        .iter()
                        .any(|(len, lo, hi)| *len == n && (0..n).all(|k| rest[k] >= lo[k] && rest[k] <= hi[k]));
                    if fits {
                        return take(n);
                    }
                }
                take(ranges.iter().map(|r| r.0).min().unwrap_or(1))
            }
        }
    }

    /// The width of a code, in glyph units (1000 to the em).
    fn width(&self, code: u32, len: usize) -> f64 {
        if let Some(widths) = &self.simple_widths {
            return f64::from(widths[(code & 0xff) as usize]);
        }
        let cid = match &self.cids {
            CidMap::Identity => Some(code),
            CidMap::Map(single, ranges) => single.get(&code).copied().or_else(|| {
                ranges
                    .iter()
                    .find(|(lo, hi, _)| (*lo..=*hi).contains(&code))
                    .map(|(lo, _, first)| first.saturating_add(code - lo))
            }),
            CidMap::Unknown => None,
        };
        let Some(cid) = cid else {
            // Widths are given by CID, which only a predefined CMap would tell: a wide
            // character is a full em, the rest half of one.
            return match self.unicode(code, len) {
                Uni::One(c) if !is_wide(c) => 500.0,
                _ => f64::from(self.default_width),
            };
        };
        if let Some(w) = self.cid_widths.get(&cid) {
            return f64::from(*w);
        }
        self.cid_width_ranges
            .iter()
            .find(|(lo, hi, _)| (*lo..=*hi).contains(&cid))
            .map_or(f64::from(self.default_width), |r| f64::from(r.2))
    }

    /// The text of a code.
    fn unicode(&self, code: u32, len: usize) -> Uni {
        if let Some(map) = &self.to_unicode {
            let found = map.get(code);
            if !matches!(found, Uni::None) {
                return found;
            }
        }
        match &self.builtin {
            Builtin::None => Uni::None,
            Builtin::Table(table) => table[(code & 0xff) as usize].map_or(Uni::None, Uni::One),
            Builtin::Ucs2 => {
                if len == 4 {
                    Uni::from_utf16(&[(code >> 16) as u16, code as u16])
                } else {
                    Uni::from_utf16(&[code as u16])
                }
            }
            Builtin::Multibyte(kind) => {
                let be = code.to_be_bytes();
                let bytes = &be[4 - len.clamp(1, 4)..];
                let encoding = match kind {
                    Multibyte::Gb => encoding_rs::GB18030,
                    Multibyte::Big5 => encoding_rs::BIG5,
                    Multibyte::Sjis => encoding_rs::SHIFT_JIS,
                    Multibyte::Kr => encoding_rs::EUC_KR,
                };
                let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
                if had_errors {
                    return Uni::None;
                }
                Uni::from_chars(text.chars().collect())
            }
        }
    }
}

/// How the predefined CMap of this name splits codes and what they stand for.
fn predefined_cmap(name: &[u8]) -> (Codes, Builtin, CidMap) {
    let name = String::from_utf8_lossy(name);
    let has = |s: &str| name.contains(s);
    if name.starts_with("Identity") {
        return (Codes::Two, Builtin::None, CidMap::Identity);
    }
    if has("UCS2") {
        return (Codes::Two, Builtin::Ucs2, CidMap::Unknown);
    }
    if has("UTF16") {
        return (Codes::Utf16, Builtin::Ucs2, CidMap::Unknown);
    }
    let multibyte = if has("GB") {
        Some(Multibyte::Gb)
    } else if has("B5") || has("CNS") {
        Some(Multibyte::Big5)
    } else if has("RKSJ") {
        Some(Multibyte::Sjis)
    } else if has("KSC") || has("UHC") {
        Some(Multibyte::Kr)
    } else {
        None
    };
    match multibyte {
        Some(kind) => (Codes::Multibyte(kind), Builtin::Multibyte(kind), CidMap::Unknown),
        None => (Codes::Two, Builtin::None, CidMap::Unknown),
    }
}

fn win_ansi(code: u8) -> Option<char> {
    match code {
        0x20..=0x7e => Some(code as char),
        0x80..=0x9f => {
            let bytes = [code];
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&bytes);
            text.chars().next().filter(|c| !c.is_control())
        }
        0xa0..=0xff => Some(char::from(code)),
        _ => None,
    }
}

fn mac_roman(code: u8) -> Option<char> {
    match code {
        0x20..=0x7e => Some(code as char),
        0x80..=0xff => {
            let bytes = [code];
            let (text, _) = encoding_rs::MACINTOSH.decode_without_bom_handling(&bytes);
            text.chars().next()
        }
        _ => None,
    }
}

fn standard(code: u8) -> Option<char> {
    match code {
        0x27 => Some('’'),
        0x60 => Some('‘'),
        0x20..=0x7e => Some(code as char),
        0xa1 => Some('¡'),
        0xaa => Some('“'),
        0xba => Some('”'),
        0xb1 => Some('–'),
        0xd0 => Some('—'),
        0xbc => Some('…'),
        0xb7 => Some('•'),
        _ => None,
    }
}

/// The character a glyph name stands for (the names that turn up in Chinese documents'
/// Latin fonts; `uniXXXX` and `uXXXX` for the rest).
fn glyph_name_char(name: &[u8]) -> Option<char> {
    let name = std::str::from_utf8(name).ok()?;
    let name = name.split('.').next().unwrap_or(name);
    if name.len() == 1 {
        return name.chars().next().filter(char::is_ascii_alphabetic);
    }
    if let Some(hex) = name.strip_prefix("uni")
        && hex.len() >= 4
        && hex.is_char_boundary(4)
    {
        return u32::from_str_radix(&hex[..4], 16).ok().and_then(char::from_u32);
    }
    if let Some(hex) = name.strip_prefix('u')
        && (4..=6).contains(&hex.len())
        && hex.bytes().all(|b| b.is_ascii_hexdigit())
    {
        return u32::from_str_radix(hex, 16).ok().and_then(char::from_u32);
    }
    const DIGITS: [&str; 10] = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];
    if let Some(d) = DIGITS.iter().position(|d| *d == name) {
        return char::from_digit(d as u32, 10);
    }
    Some(match name {
        "space" | "nbspace" => ' ',
        "exclam" => '!',
        "quotedbl" => '"',
        "numbersign" => '#',
        "dollar" => '$',
        "percent" => '%',
        "ampersand" => '&',
        "quotesingle" => '\'',
        "parenleft" => '(',
        "parenright" => ')',
        "asterisk" => '*',
        "plus" => '+',
        "comma" => ',',
        "hyphen" | "minus" => '-',
        "period" => '.',
        "slash" => '/',
        "colon" => ':',
        "semicolon" => ';',
        "less" => '<',
        "equal" => '=',
        "greater" => '>',
        "question" => '?',
        "at" => '@',
        "bracketleft" => '[',
        "backslash" => '\\',
        "bracketright" => ']',
        "asciicircum" => '^',
        "underscore" => '_',
        "grave" => '`',
        "braceleft" => '{',
        "bar" => '|',
        "braceright" => '}',
        "asciitilde" => '~',
        "quoteleft" => '‘',
        "quoteright" => '’',
        "quotedblleft" => '“',
        "quotedblright" => '”',
        "endash" => '–',
        "emdash" => '—',
        "bullet" => '•',
        "ellipsis" => '…',
        "periodcentered" | "middot" => '·',
        "degree" => '°',
        "multiply" => '×',
        "divide" => '÷',
        "section" => '§',
        "copyright" => '©',
        "registered" => '®',
        "trademark" => '™',
        _ => return None,
    })
}

/// Whether a character takes a full em: Chinese, Japanese and Korean characters and
/// punctuation, full-width forms, and the quotes and dashes Chinese text uses.
fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3040..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD | 0x2014 | 0x2018..=0x201F | 0x2026 | 0x2E3A)
}

// ---------------------------------------------------------------------------------------
// CMaps
// ---------------------------------------------------------------------------------------

/// A code → text map (`ToUnicode`).
#[derive(Debug, Default)]
struct UniMap {
    single: FxHashMap<u32, Uni>,
    /// (low, high, first text as UTF-16), sorted by low.
    ranges: Vec<(u32, u32, Vec<u16>)>,
}

impl UniMap {
    fn get(&self, code: u32) -> Uni {
        if let Some(u) = self.single.get(&code) {
            return u.clone();
        }
        let i = self.ranges.partition_point(|r| r.0 <= code);
        let Some((lo, hi, first)) = i.checked_sub(1).and_then(|i| self.ranges.get(i)) else { return Uni::None };
        if code <= *hi {
            return offset_text(first, code - lo);
        }
        // Overlapping ranges (rare): look through them all.
        match self.ranges.iter().find(|r| (r.0..=r.1).contains(&code)) {
            Some((lo, _, first)) => offset_text(first, code - lo),
            None => Uni::None,
        }
    }
}

/// The text `offset` after `first` (its last UTF-16 unit counted on).
fn offset_text(first: &[u16], offset: u32) -> Uni {
    let mut units = first.to_vec();
    if let Some(last) = units.last_mut() {
        let Some(v) = u32::from(*last).checked_add(offset).and_then(|v| u16::try_from(v).ok()) else {
            return Uni::None;
        };
        *last = v;
    }
    Uni::from_utf16(&units)
}

/// What is read from a CMap stream.
#[derive(Debug, Default)]
struct CMap {
    codespace: Vec<(usize, [u8; 4], [u8; 4])>,
    to_unicode: UniMap,
    cids: FxHashMap<u32, u32>,
    cid_ranges: Vec<(u32, u32, u32)>,
    use_cmap: Option<Vec<u8>>,
}

#[derive(Debug, Clone)]
enum CTok {
    Bytes(Vec<u8>),
    Num(i64),
    Name(Vec<u8>),
    Word(Vec<u8>),
    ArrayOpen,
    ArrayClose,
}

fn code_of(bytes: &[u8]) -> u32 {
    bytes.iter().take(4).fold(0u32, |acc, &x| (acc << 8) | u32::from(x))
}

fn utf16_units(bytes: &[u8]) -> Vec<u16> {
    bytes.chunks(2).map(|c| if let [a, b] = c { u16::from_be_bytes([*a, *b]) } else { u16::from(c[0]) }).collect()
}

impl CMap {
    fn parse(bytes: &[u8]) -> CMap {
        let tokens = cmap_tokens(bytes);
        let mut cmap = CMap::default();
        let mut entries = 0usize;
        let mut i = 0;
        while i < tokens.len() && entries < MAX_CMAP_ENTRIES {
            let CTok::Word(w) = &tokens[i] else {
                i += 1;
                continue;
            };
            i += 1;
            match w.as_slice() {
                b"usecmap" => {
                    if let Some(CTok::Name(n)) = i.checked_sub(2).and_then(|k| tokens.get(k)) {
                        cmap.use_cmap = Some(n.clone());
                    }
                }
                b"begincodespacerange" => {
                    while let (Some(CTok::Bytes(lo)), Some(CTok::Bytes(hi))) = (tokens.get(i), tokens.get(i + 1)) {
                        let n = lo.len().clamp(1, 4);
                        let mut l = [0u8; 4];
                        let mut h = [0u8; 4];
                        for k in 0..n {
                            l[k] = lo.get(k).copied().unwrap_or(0);
                            h[k] = hi.get(k).copied().unwrap_or(0xff);
                        }
                        if cmap.codespace.len() < 1000 {
                            cmap.codespace.push((n, l, h));
                        }
                        i += 2;
                    }
                }
                b"beginbfchar" => {
                    while let (Some(CTok::Bytes(src)), Some(dst)) = (tokens.get(i), tokens.get(i + 1)) {
                        let text = match dst {
                            CTok::Bytes(d) => Uni::from_utf16(&utf16_units(d)),
                            CTok::Name(n) => glyph_name_char(n).map_or(Uni::None, Uni::One),
                            _ => break,
                        };
                        cmap.to_unicode.single.insert(code_of(src), text);
                        entries += 1;
                        i += 2;
                    }
                }
                b"beginbfrange" => {
                    while let (Some(CTok::Bytes(lo)), Some(CTok::Bytes(hi))) = (tokens.get(i), tokens.get(i + 1)) {
                        let (lo, hi) = (code_of(lo), code_of(hi));
                        match tokens.get(i + 2) {
                            Some(CTok::Bytes(d)) => {
                                if hi >= lo && hi - lo <= 0xffff {
                                    cmap.to_unicode.ranges.push((lo, hi, utf16_units(d)));
                                    entries += 1;
                                }
                                i += 3;
                            }
                            Some(CTok::ArrayOpen) => {
                                i += 3;
                                let mut c = lo;
                                while let Some(CTok::Bytes(d)) = tokens.get(i) {
                                    if c <= hi && entries < MAX_CMAP_ENTRIES {
                                        cmap.to_unicode.single.insert(c, Uni::from_utf16(&utf16_units(d)));
                                        entries += 1;
                                    }
                                    c = c.saturating_add(1);
                                    i += 1;
                                }
                                if let Some(CTok::ArrayClose) = tokens.get(i) {
                                    i += 1;
                                }
                            }
                            _ => break,
                        }
                    }
                }
                b"begincidchar" => {
                    while let (Some(CTok::Bytes(src)), Some(CTok::Num(cid))) = (tokens.get(i), tokens.get(i + 1)) {
                        if let Ok(cid) = u32::try_from(*cid) {
                            cmap.cids.insert(code_of(src), cid);
                            entries += 1;
                        }
                        i += 2;
                    }
                }
                b"begincidrange" => {
                    while let (Some(CTok::Bytes(lo)), Some(CTok::Bytes(hi)), Some(CTok::Num(cid))) =
                        (tokens.get(i), tokens.get(i + 1), tokens.get(i + 2))
                    {
                        if let Ok(cid) = u32::try_from(*cid) {
                            cmap.cid_ranges.push((code_of(lo), code_of(hi), cid));
                            entries += 1;
                        }
                        i += 3;
                    }
                }
                _ => {}
            }
        }
        cmap.to_unicode.ranges.sort_by_key(|r| r.0);
        cmap
    }
}

/// The tokens of a CMap (a PostScript subset).
fn cmap_tokens(s: &[u8]) -> Vec<CTok> {
    let mut lexer = Lexer::new(s);
    let mut out = Vec::new();
    while out.len() < 4 * MAX_CMAP_ENTRIES {
        lexer.skip_space();
        let Some(&b) = lexer.s.get(lexer.i) else { break };
        let tok = match b {
            b'<' if lexer.s.get(lexer.i + 1) == Some(&b'<') => {
                lexer.i += 2;
                continue;
            }
            b'>' | b')' | b'{' | b'}' => {
                lexer.i += 1;
                continue;
            }
            b'<' => CTok::Bytes(lexer.hex_string()),
            b'(' => CTok::Bytes(lexer.literal_string()),
            b'/' => CTok::Name(lexer.name()),
            b'[' => {
                lexer.i += 1;
                CTok::ArrayOpen
            }
            b']' => {
                lexer.i += 1;
                CTok::ArrayClose
            }
            b'+' | b'-' | b'.' | b'0'..=b'9' => CTok::Num(lexer.number() as i64),
            _ => {
                let word = lexer.word();
                if word.is_empty() {
                    lexer.i += 1;
                    continue;
                }
                CTok::Word(word.to_vec())
            }
        };
        out.push(tok);
    }
    out
}

// ---------------------------------------------------------------------------------------
// Layout: lines, headers and footers, tables, paragraphs
// ---------------------------------------------------------------------------------------

mod layout {
    use super::{FormatError, Glyph, HRule, Page, TextOut, VRule, is_wide};

    /// A line of text: glyphs on one baseline, left to right.
    #[derive(Debug, Clone)]
    pub(super) struct Line {
        pub y: f32,
        pub x0: f32,
        pub x1: f32,
        /// The largest glyph size.
        pub size: f32,
        /// The most common glyph size.
        pub main_size: f32,
        pub glyphs: Vec<Glyph>,
    }

    impl Line {
        fn new(glyphs: Vec<Glyph>) -> Option<Line> {
            let visible: Vec<&Glyph> = glyphs.iter().filter(|g| !g.ch.is_whitespace()).collect();
            let first = visible.first()?;
            let last = visible.last()?;
            let y = visible.iter().map(|g| g.y).sum::<f32>() / visible.len() as f32;
            let size = visible.iter().map(|g| g.size).fold(0.0, f32::max);
            let mut sizes: Vec<f32> = visible.iter().map(|g| (g.size * 2.0).round() / 2.0).collect();
            sizes.sort_by(f32::total_cmp);
            let main_size = mode(&sizes).unwrap_or(size);
            Some(Line { y, x0: first.x0, x1: last.x1, size, main_size, glyphs })
        }

        fn text(&self) -> String {
            join_glyphs(&self.glyphs)
        }

        /// The width of the first thing that could not have been broken: a Latin word or
        /// number, or a character with the closing punctuation that may not begin a line.
        fn first_unit_width(&self) -> f32 {
            let mut visible = self.glyphs.iter().filter(|g| !g.ch.is_whitespace());
            let Some(first) = visible.next() else { return 0.0 };
            let mut end = first.x1;
            let word = first.ch.is_ascii_alphanumeric();
            // An opening bracket or quote may not end a line: it goes with what follows.
            let mut opening = no_line_end(first.ch);
            for g in visible {
                let joins = if word {
                    g.ch.is_ascii_alphanumeric() || matches!(g.ch, '.' | ',' | '-' | '/' | '%' | ':' | ')')
                } else {
                    std::mem::take(&mut opening) || no_line_start(g.ch)
                };
                if !joins || g.x0 - end > 0.5 * g.size {
                    break;
                }
                end = g.x1;
            }
            end - first.x0
        }
    }

    /// Punctuation that may not begin a line (it stays with the character before).
    fn no_line_start(c: char) -> bool {
        matches!(
            c,
            '，' | '。'
                | '、'
                | '；'
                | '：'
                | '！'
                | '？'
                | '）'
                | '》'
                | '」'
                | '』'
                | '】'
                | '〕'
                | '〉'
                | '”'
                | '’'
                | '…'
                | ','
                | '.'
                | ';'
                | ':'
                | '!'
                | '?'
                | ')'
                | '%'
                | '％'
        )
    }

    /// Punctuation that may not end a line (it goes with the character after).
    fn no_line_end(c: char) -> bool {
        matches!(c, '（' | '《' | '「' | '『' | '【' | '〔' | '〈' | '“' | '‘' | '(' | '[')
    }

    /// Whether a glyph is set a full em wide (quotes and dashes are in Chinese text, not in
    /// Latin text).
    fn wide_glyph(g: &Glyph) -> bool {
        is_wide(g.ch) && (!matches!(g.ch, '“' | '”' | '‘' | '’' | '—' | '…') || g.x1 - g.x0 >= 0.7 * g.size)
    }

    fn is_han(c: char) -> bool {
        is_wide(c) && c.is_alphabetic()
    }

    /// The text of glyphs on a line, left to right: a space where one was typed or where
    /// Latin words stand apart, none between Chinese and digits.
    pub(super) fn join_glyphs(glyphs: &[Glyph]) -> String {
        let mut out = String::with_capacity(glyphs.len() * 3);
        let mut prev: Option<&Glyph> = None;
        let mut typed_space = false;
        for g in glyphs {
            if g.ch.is_whitespace() {
                typed_space = prev.is_some();
                continue;
            }
            if let Some(p) = prev {
                let em = p.size.max(g.size);
                let gap = g.x0 - p.x1;
                let space = if (is_han(p.ch) && g.ch.is_ascii_digit()) || (p.ch.is_ascii_digit() && is_han(g.ch)) {
                    false
                } else if wide_glyph(p) || wide_glyph(g) {
                    typed_space
                } else {
                    typed_space || gap > 0.2 * em
                };
                if space {
                    out.push(' ');
                }
            }
            out.push(g.ch);
            prev = Some(g);
            typed_space = false;
        }
        out
    }

    /// The glyphs of a page as lines, top to bottom.
    pub(super) fn lines(mut glyphs: Vec<Glyph>) -> Vec<Line> {
        glyphs.sort_by(|a, b| b.y.total_cmp(&a.y).then(a.x0.total_cmp(&b.x0)));
        let mut lines = Vec::new();
        let mut group: Vec<Glyph> = Vec::new();
        let mut top = 0f32;
        let mut size = 0f32;
        for g in glyphs {
            if !group.is_empty() && top - g.y > 0.4 * size.max(g.size) {
                lines.extend(finish_line(std::mem::take(&mut group)));
            }
            if group.is_empty() {
                top = g.y;
                size = g.size;
            }
            size = size.max(g.size);
            group.push(g);
        }
        lines.extend(finish_line(group));
        lines
    }

    /// Sorts a line's glyphs and drops the copies that fake bold type.
    fn finish_line(mut group: Vec<Glyph>) -> Option<Line> {
        group.sort_by(|a, b| a.x0.total_cmp(&b.x0));
        let mut out: Vec<Glyph> = Vec::with_capacity(group.len());
        for g in group {
            let copy = out.iter().rev().take(6).any(|p| {
                // A copy starts within a small part of the glyph's own width (two
                // narrow letters in a row, `ll`, are further apart than that).
                let near = (0.3 * (p.x1 - p.x0)).max(0.05 * p.size);
                p.ch == g.ch && (p.x0 - g.x0).abs() < near && (p.y - g.y).abs() < 0.3 * g.size
            });
            if !copy {
                out.push(g);
            }
        }
        Line::new(out)
    }

    // -----------------------------------------------------------------------------------
    // Page numbers, headers and footers
    // -----------------------------------------------------------------------------------

    /// Whether a line is a page number: `3`, `- 3 -`, `— 3 —`, `第3页`, `第 3 页 共 9 页`,
    /// `3/9`.
    pub(super) fn is_page_number(text: &str) -> bool {
        let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        if t.is_empty() || t.chars().count() > 16 {
            return false;
        }
        let dash =
            |c: char| matches!(c, '-' | '—' | '–' | '－' | '―' | '‒' | '─' | '一' | '~' | '～' | '·' | '•' | '_');
        let digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
        let t = t.trim_matches(dash);
        let all_digits = |s: &str| !s.is_empty() && s.chars().all(digit);
        if all_digits(t) {
            return t.chars().count() <= 4;
        }
        let Some(rest) = t.strip_prefix('第') else {
            return t.split_once('/').is_some_and(|(a, b)| all_digits(a) && all_digits(b));
        };
        let Some((n, rest)) = rest.split_once('页') else { return false };
        if !all_digits(n) {
            return false;
        }
        let rest = rest.trim_start_matches([',', '，', '/', '、']);
        rest.is_empty() || rest.strip_prefix('共').and_then(|r| r.strip_suffix('页')).is_some_and(all_digits)
    }

    /// The key a header or footer line is known by on every page: its text without spaces,
    /// digits as `#`.
    fn running_key(text: &str) -> String {
        text.chars().filter(|c| !c.is_whitespace()).map(|c| if c.is_ascii_digit() { '#' } else { c }).collect()
    }

    // -----------------------------------------------------------------------------------
    // Ruled tables
    // -----------------------------------------------------------------------------------

    /// A ruled table on a page: its column edges (left to right) and row edges (top to
    /// bottom), and the rules that draw it.
    #[derive(Debug, Clone)]
    pub(super) struct Grid {
        pub xs: Vec<f32>,
        pub ys: Vec<f32>,
        /// For row `r` and column edge `c`: whether a rule is drawn there (`r * (columns
        /// + 1) + c`).
        v_edges: Vec<bool>,
        /// For row edge `r` and column `c`: whether a rule is drawn there (`r * columns +
        /// c`).
        h_edges: Vec<bool>,
    }

    fn merge_h(mut rules: Vec<HRule>) -> Vec<HRule> {
        rules.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x0.total_cmp(&b.x0)));
        let mut out: Vec<HRule> = Vec::new();
        for r in rules {
            if let Some(last) = out.last_mut()
                && (last.y - r.y).abs() <= 1.0
                && r.x0 <= last.x1 + 2.5
            {
                last.x1 = last.x1.max(r.x1);
                continue;
            }
            out.push(r);
        }
        out.retain(|r| r.x1 - r.x0 >= 8.0);
        out
    }

    fn merge_v(mut rules: Vec<VRule>) -> Vec<VRule> {
        rules.sort_by(|a, b| a.x.total_cmp(&b.x).then(a.y0.total_cmp(&b.y0)));
        let mut out: Vec<VRule> = Vec::new();
        for r in rules {
            if let Some(last) = out.last_mut()
                && (last.x - r.x).abs() <= 1.0
                && r.y0 <= last.y1 + 2.5
            {
                last.y1 = last.y1.max(r.y1);
                continue;
            }
            out.push(r);
        }
        out.retain(|r| r.y1 - r.y0 >= 8.0);
        out
    }

    /// Values within `tol` of each other as one (their mean), sorted.
    fn cluster(mut values: Vec<f32>, tol: f32) -> Vec<f32> {
        values.sort_by(f32::total_cmp);
        let mut out: Vec<(f32, usize)> = Vec::new();
        for v in values {
            if let Some((sum, n)) = out.last_mut()
                && (v - *sum / *n as f32).abs() <= tol
            {
                *sum += v;
                *n += 1;
                continue;
            }
            out.push((v, 1));
        }
        out.into_iter().map(|(s, n)| s / n as f32).collect()
    }

    fn find_root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }

    /// The ruled tables of a page (two columns at least).
    pub(super) fn grids(page: &Page) -> Vec<Grid> {
        let h = merge_h(page.hrules.clone());
        let v = merge_v(page.vrules.clone());
        if h.len() < 2 || v.len() < 3 || h.len().saturating_mul(v.len()) > 4_000_000 {
            return Vec::new();
        }
        let mut parent: Vec<usize> = (0..h.len() + v.len()).collect();
        for (i, hr) in h.iter().enumerate() {
            for (j, vr) in v.iter().enumerate() {
                if vr.x >= hr.x0 - 3.0 && vr.x <= hr.x1 + 3.0 && hr.y >= vr.y0 - 3.0 && hr.y <= vr.y1 + 3.0 {
                    let (a, b) = (find_root(&mut parent, i), find_root(&mut parent, h.len() + j));
                    if a != b {
                        parent[a] = b;
                    }
                }
            }
        }
        let mut groups: std::collections::BTreeMap<usize, (Vec<HRule>, Vec<VRule>)> = Default::default();
        for (i, hr) in h.iter().enumerate() {
            groups.entry(find_root(&mut parent, i)).or_default().0.push(*hr);
        }
        for (j, vr) in v.iter().enumerate() {
            groups.entry(find_root(&mut parent, h.len() + j)).or_default().1.push(*vr);
        }
        let mut out = Vec::new();
        for (_, (hrules, vrules)) in groups {
            if hrules.len() < 2 || vrules.len() < 3 {
                continue;
            }
            let left = hrules.iter().map(|r| r.x0).fold(f32::MAX, f32::min);
            let right = hrules.iter().map(|r| r.x1).fold(f32::MIN, f32::max);
            let top = vrules.iter().map(|r| r.y1).fold(f32::MIN, f32::max);
            let bottom = vrules.iter().map(|r| r.y0).fold(f32::MAX, f32::min);
            let mut xs: Vec<f32> = vrules.iter().map(|r| r.x).collect();
            xs.extend([left, right]);
            let xs = cluster(xs, 2.5);
            let mut ys: Vec<f32> = hrules.iter().map(|r| r.y).collect();
            ys.extend([top, bottom]);
            let mut ys = cluster(ys, 2.5);
            ys.reverse();
            // Two columns at least; a grid of thousands of cells is no task table.
            if xs.len() < 3 || ys.len() < 2 || xs.len() > 65 || ys.len() > 1001 || hrules.len() + vrules.len() > 5000 {
                continue;
            }
            let (rows, columns) = (ys.len() - 1, xs.len() - 1);
            let mut v_edges = vec![false; rows * (columns + 1)];
            for v in &vrules {
                let Some(c) = xs.iter().position(|x| (x - v.x).abs() <= 2.5) else { continue };
                for r in 0..rows {
                    let mid = (ys[r] + ys[r + 1]) / 2.0;
                    if v.y0 <= mid && v.y1 >= mid {
                        v_edges[r * (columns + 1) + c] = true;
                    }
                }
            }
            let mut h_edges = vec![false; (rows + 1) * columns];
            for h in &hrules {
                let Some(r) = ys.iter().position(|y| (y - h.y).abs() <= 2.5) else { continue };
                for c in 0..columns {
                    let mid = (xs[c] + xs[c + 1]) / 2.0;
                    if h.x0 <= mid && h.x1 >= mid {
                        h_edges[r * columns + c] = true;
                    }
                }
            }
            out.push(Grid { xs, ys, v_edges, h_edges });
        }
        out.sort_by(|a, b| b.ys[0].total_cmp(&a.ys[0]));
        out
    }

    impl Grid {
        fn top(&self) -> f32 {
            self.ys[0]
        }

        fn bottom(&self) -> f32 {
            self.ys[self.ys.len() - 1]
        }

        fn left(&self) -> f32 {
            self.xs[0]
        }

        fn right(&self) -> f32 {
            self.xs[self.xs.len() - 1]
        }

        fn columns(&self) -> usize {
            self.xs.len() - 1
        }

        fn rows(&self) -> usize {
            self.ys.len() - 1
        }

        /// Whether a line lies in the table.
        fn holds(&self, line: &Line) -> bool {
            line.y <= self.top() + 1.0
                && line.y >= self.bottom() - 1.0
                && line.x1 > self.left()
                && line.x0 < self.right()
        }

        /// Whether a rule separates column `c - 1` from column `c` in row `r`.
        fn v_edge(&self, r: usize, c: usize) -> bool {
            if c == 0 || c >= self.columns() {
                return true;
            }
            self.v_edges[r * (self.columns() + 1) + c]
        }

        /// Whether a rule separates row `r - 1` from row `r` in column `c`.
        fn h_edge(&self, r: usize, c: usize) -> bool {
            if r == 0 || r >= self.rows() {
                return true;
            }
            self.h_edges[r * self.columns() + c]
        }

        fn row_of(&self, y: f32) -> usize {
            // The first row whose bottom edge is at or below `y` (the edges go down).
            self.ys[1..].partition_point(|&bottom| bottom > y).min(self.rows() - 1)
        }

        fn column_of(&self, x: f32) -> usize {
            self.xs[1..].partition_point(|&right| right < x).min(self.columns() - 1)
        }

        /// The cell that (`r`, `c`) belongs to when cells are merged: its first row and
        /// its first column.
        fn anchor(&self, r: usize, c: usize) -> (usize, usize) {
            let mut col = c;
            while col > 0 && !self.v_edge(r, col) {
                col -= 1;
            }
            let mut row = r;
            while row > 0 && !self.h_edge(row, col) {
                row -= 1;
            }
            (row, col)
        }

        /// The right edge of the cell whose first column is `c` in row `r`.
        fn cell_right(&self, r: usize, c: usize) -> f32 {
            let mut end = c + 1;
            while end < self.columns() && !self.v_edge(r, end) {
                end += 1;
            }
            self.xs[end]
        }

        /// The table's rows of cells from the lines in it. A merged cell's text is in its
        /// first column, and in every row it spans.
        pub(super) fn rows_of(&self, lines: &[&Line]) -> Vec<Vec<String>> {
            let (rows, cols) = (self.rows(), self.columns());
            // The glyphs of each cell, line by line.
            let mut cells: Vec<Vec<Vec<Glyph>>> = vec![Vec::new(); rows * cols];
            for line in lines {
                let mut parts: Vec<(usize, Vec<Glyph>)> = Vec::new();
                for g in &line.glyphs {
                    let r = self.row_of(g.y + 0.3 * g.size);
                    let c = self.column_of((g.x0 + g.x1) / 2.0);
                    let (ar, ac) = self.anchor(r, c);
                    let key = ar * cols + ac;
                    match parts.iter_mut().find(|(k, _)| *k == key) {
                        Some((_, gs)) => gs.push(*g),
                        None => parts.push((key, vec![*g])),
                    }
                }
                for (key, gs) in parts {
                    cells[key].push(gs);
                }
            }
            let mut texts: Vec<String> = Vec::with_capacity(rows * cols);
            for (key, cell_lines) in cells.into_iter().enumerate() {
                let (r, c) = (key / cols, key % cols);
                let lines: Vec<Line> = cell_lines.into_iter().filter_map(Line::new).collect();
                texts.push(cell_text(&lines, self.xs[c], self.cell_right(r, c)));
            }
            let mut out = Vec::new();
            for r in 0..rows {
                let mut own = false;
                let mut row = Vec::with_capacity(cols);
                for c in 0..cols {
                    let (ar, ac) = self.anchor(r, c);
                    if ac != c {
                        row.push(String::new());
                        continue;
                    }
                    let text = &texts[ar * cols + ac];
                    own |= ar == r && !text.is_empty();
                    row.push(text.clone());
                }
                if !own {
                    continue;
                }
                // A row with text in its first cell only (a group's title across the table)
                // is a row of one cell.
                if row.iter().skip(1).all(String::is_empty) {
                    row.truncate(1);
                }
                out.push(row);
            }
            out
        }
    }

    /// A cell's text: its lines joined, a new paragraph (a line break, which the table
    /// writer makes a space) where a line ends short of the cell's width.
    fn cell_text(lines: &[Line], left: f32, right: f32) -> String {
        let Some(pad) = lines.iter().map(|l| l.x0 - left).reduce(f32::min) else { return String::new() };
        let pad = pad.clamp(0.0, 12.0);
        let (inner_left, inner_right) = (left + pad, right - pad);
        let mut out = String::new();
        let mut prev: Option<&Line> = None;
        for line in lines {
            let text = line.text();
            match prev {
                Some(p) => {
                    let room = (inner_right - p.x1).min((inner_right - inner_left) - (p.x1 - p.x0));
                    if line.first_unit_width() <= room - 0.25 * line.size {
                        out.push('\n');
                        out.push_str(&text);
                    } else {
                        push_joined(&mut out, &text);
                    }
                }
                None => out.push_str(&text),
            }
            prev = Some(line);
        }
        out
    }

    /// Appends a wrapped line's text to the text before it: nothing between them, but a
    /// space between Latin words.
    fn push_joined(out: &mut String, text: &str) {
        let last = out.chars().next_back();
        let first = text.chars().next();
        if let (Some(a), Some(b)) = (last, first)
            && a.is_ascii_alphabetic()
            && b.is_ascii_alphabetic()
        {
            out.push(' ');
        }
        out.push_str(text);
    }

    // -----------------------------------------------------------------------------------
    // Unruled tables
    // -----------------------------------------------------------------------------------

    /// A table without rules, its columns found from where its text lies.
    struct TextTable {
        top: f32,
        edges: Vec<f32>,
        rows: Vec<Vec<String>>,
        /// Whether it takes the page's last lines (it may go on on the next page).
        to_end: bool,
        /// Whether it goes on with the table of the page before.
        continues: bool,
    }

    fn visible(line: &Line) -> impl Iterator<Item = &Glyph> {
        line.glyphs.iter().filter(|g| !g.ch.is_whitespace())
    }

    fn column_at(edges: &[f32], x: f32) -> usize {
        let columns = edges.len() - 1;
        (0..columns).find(|&c| x <= edges[c + 1]).unwrap_or(columns - 1)
    }

    /// Whether a line keeps to the columns: within the table, and no word across an edge.
    fn fits(line: &Line, edges: &[f32]) -> bool {
        let (left, right) = (edges[0], edges[edges.len() - 1]);
        if line.x0 < left - line.size || line.x1 > right + line.size {
            return false;
        }
        let glyphs: Vec<&Glyph> = visible(line).collect();
        glyphs.windows(2).all(|w| {
            let (a, b) = (w[0], w[1]);
            column_at(edges, (a.x0 + a.x1) / 2.0) == column_at(edges, (b.x0 + b.x1) / 2.0)
                || b.x0 - a.x1 >= 0.3 * a.size.max(b.size)
        })
    }

    /// A table's header: a line whose first cell is 序号, with two more cells at least
    /// (cells stand a good part of a character apart). Their extents.
    fn header_cells(line: &Line) -> Option<Vec<(f32, f32)>> {
        let mut cells: Vec<(f32, f32, String)> = Vec::new();
        for g in visible(line) {
            match cells.last_mut() {
                Some((_, x1, text)) if g.x0 - *x1 < 0.6 * g.size => {
                    *x1 = g.x1;
                    text.push(g.ch);
                }
                _ => cells.push((g.x0, g.x1, g.ch.to_string())),
            }
        }
        (cells.len() >= 3 && cells.len() <= 40 && cells[0].2.starts_with("序号"))
            .then(|| cells.into_iter().map(|(a, b, _)| (a, b)).collect())
    }

    /// Whether a line has a gap of a good part of a character between its glyphs.
    fn has_gap(line: &Line) -> bool {
        let glyphs: Vec<&Glyph> = visible(line).collect();
        glyphs.windows(2).any(|w| w[1].x0 - w[0].x1 >= 0.6 * w[0].size.max(w[1].size))
    }

    /// How many of the lines keep to the columns from the first on, up to a wide gap. A
    /// short line across the columns from the first one is a group's title (一、…方面)
    /// when the lines after such titles keep to the columns.
    fn extent(lines: &[&Line], edges: &[f32]) -> usize {
        let width = edges[edges.len() - 1] - edges[0];
        let title = |line: &Line| line.x1 - line.x0 < 0.7 * width && line.x0 < edges[1];
        let mut n = 0;
        while let Some(line) = lines.get(n) {
            if n > 0 && lines[n - 1].y - line.y > 3.0 * line.size.max(lines[n - 1].size) {
                break;
            }
            if !fits(line, edges) {
                let mut next = n + 1;
                while next < n + 20
                    && lines.get(next).is_some_and(|l| title(l) && opens_row(&l.text()) && !fits(l, edges))
                {
                    next += 1;
                }
                let group = title(line) && lines.get(next).map_or(opens_row(&line.text()), |l| fits(l, edges));
                if !group {
                    break;
                }
            }
            n += 1;
        }
        n
    }

    /// Column edges from the header's cells and the lines of the table: between two header
    /// cells, the middle of the widest gap that the fewest lines have text in.
    fn column_edges(header: &[(f32, f32)], lines: &[&Line]) -> Vec<f32> {
        let left = lines.iter().map(|l| l.x0).fold(header[0].0, f32::min) - 1.0;
        let right = lines.iter().map(|l| l.x1).fold(header[header.len() - 1].1, f32::max) + 1.0;
        let mut edges = vec![left];
        for pair in header.windows(2) {
            let (a, b) = ((pair[0].0 + pair[0].1) / 2.0, (pair[1].0 + pair[1].1) / 2.0);
            let bins = (((b - a) / 0.5).ceil().max(1.0) as usize).min(1000);
            let step = (b - a) / bins as f32;
            let mut count = vec![0u32; bins];
            for line in lines {
                let mut covered = vec![false; bins];
                for g in visible(line) {
                    let from = ((g.x0 - a) / step).floor().max(0.0) as usize;
                    let to = (((g.x1 - a) / step).ceil().max(0.0) as usize).min(bins);
                    for c in covered.iter_mut().take(to).skip(from) {
                        *c = true;
                    }
                }
                for (n, c) in count.iter_mut().zip(covered) {
                    *n += u32::from(c);
                }
            }
            let least = count.iter().copied().min().unwrap_or(0);
            let (mut best, mut run) = ((0usize, 0usize), None::<usize>);
            for (k, &n) in count.iter().chain(std::iter::once(&u32::MAX)).enumerate() {
                match (n == least, run) {
                    (true, None) => run = Some(k),
                    (false, Some(start)) => {
                        if k - start > best.1 - best.0 {
                            best = (start, k);
                        }
                        run = None;
                    }
                    _ => {}
                }
            }
            edges.push(a + step * (best.0 + best.1) as f32 / 2.0);
        }
        edges.push(right);
        edges
    }

    /// Whether a first cell opens a row: a number (序号), or a group's number (一、).
    fn opens_row(text: &str) -> bool {
        let mut chars = text.chars();
        match chars.next() {
            Some(c) if c.is_ascii_digit() || ('０'..='９').contains(&c) => true,
            Some(c) if "一二三四五六七八九十".contains(c) => {
                chars.find(|c| !"一二三四五六七八九十".contains(*c)).is_some_and(|c| matches!(c, '、' | '.' | '．'))
            }
            _ => false,
        }
    }

    /// The rows of an unruled table: a row opens where the first cell has a number, the
    /// lines between go on with the row's cells (under the header, with the header).
    fn text_rows(header: Option<&Line>, body: &[&Line], edges: &[f32]) -> Vec<Vec<String>> {
        let columns = edges.len() - 1;
        let mut rows: Vec<Vec<Vec<Line>>> = Vec::new();
        let mut header_only = false;
        let split = |line: &Line| -> Vec<Vec<Glyph>> {
            let mut parts: Vec<Vec<Glyph>> = vec![Vec::new(); columns];
            let spans = !fits(line, edges);
            for g in &line.glyphs {
                let c = if spans { 0 } else { column_at(edges, (g.x0 + g.x1) / 2.0) };
                parts[c].push(*g);
            }
            parts
        };
        if let Some(h) = header {
            rows.push(split(h).into_iter().map(|gs| Line::new(gs).into_iter().collect()).collect());
            header_only = true;
        }
        for line in body {
            let parts = split(line);
            let first = Line::new(parts[0].clone()).map(|l| l.text()).unwrap_or_default();
            let opens = opens_row(&first) || !fits(line, edges);
            match rows.last_mut() {
                Some(row) if !opens || (header_only && first.is_empty()) => {
                    for (cell, gs) in row.iter_mut().zip(parts) {
                        cell.extend(Line::new(gs));
                    }
                }
                _ => {
                    header_only = false;
                    rows.push(parts.into_iter().map(|gs| Line::new(gs).into_iter().collect()).collect());
                }
            }
        }
        // Where each column's text lies: a cell's line that ends short of that ends its
        // paragraph.
        let mut extents = vec![(f32::MAX, f32::MIN); columns];
        for row in &rows {
            for (extent, lines) in extents.iter_mut().zip(row) {
                for line in lines {
                    *extent = (extent.0.min(line.x0), extent.1.max(line.x1));
                }
            }
        }
        rows.into_iter()
            .map(|row| {
                let mut cells: Vec<String> =
                    row.iter().zip(&extents).map(|(lines, &(left, right))| cell_text(lines, left, right)).collect();
                if cells.iter().skip(1).all(String::is_empty) {
                    cells.truncate(1);
                }
                cells
            })
            .collect()
    }

    /// The unruled tables among a page's lines (those outside ruled tables, top to
    /// bottom), and which lines they take. `carry`: the columns of a table that ran to
    /// the end of the page before, which the first lines here may go on with.
    fn text_tables(free: &[&Line], carry: Option<&[f32]>) -> (Vec<TextTable>, Vec<bool>) {
        let mut used = vec![false; free.len()];
        let mut tables = Vec::new();
        let mut i = 0;
        if let Some(carried) = carry {
            // The header repeated at the top of the page (columns from this page), or
            // the rows going on in the columns of the page before.
            let (edges, skip, n) = match header_table(free, 0) {
                Some((edges, n)) if edges.len() == carried.len() => (edges, 1, n),
                _ => (carried.to_vec(), 0, extent(free, carried)),
            };
            if n > 0 {
                tables.push(TextTable {
                    top: free[0].y,
                    rows: text_rows(None, &free[skip..skip + n], &edges),
                    edges,
                    to_end: skip + n == free.len(),
                    continues: true,
                });
                used[..skip + n].fill(true);
                i = skip + n;
            }
        }
        while i < free.len() {
            let Some((edges, n)) = header_table(free, i) else {
                i += 1;
                continue;
            };
            tables.push(TextTable {
                top: free[i].y,
                rows: text_rows(Some(free[i]), &free[i + 1..=i + n], &edges),
                edges,
                to_end: i + 1 + n == free.len(),
                continues: false,
            });
            used[i..=i + n].fill(true);
            i += n + 1;
        }
        (tables, used)
    }

    /// The table whose header is line `i`: its column edges and how many lines under the
    /// header are in it (one at least).
    fn header_table(free: &[&Line], i: usize) -> Option<(Vec<f32>, usize)> {
        let header = header_cells(free.get(i)?)?;
        // The lines under the header up to one that reads as a paragraph (a wide line
        // without gaps) or a wide gap: where their text lies gives the columns.
        let span = header[header.len() - 1].1 - header[0].0;
        let rest = &free[i + 1..];
        let mut lines = vec![free[i]];
        for (k, line) in rest.iter().enumerate().take(500) {
            let above = if k == 0 { free[i] } else { rest[k - 1] };
            let gap = above.y - line.y > 3.0 * line.size.max(above.size);
            if gap || (line.x1 - line.x0 >= 0.6 * span && !has_gap(line)) {
                break;
            }
            lines.push(line);
        }
        let edges = column_edges(&header, &lines);
        let n = extent(rest, &edges);
        (n > 0).then_some((edges, n))
    }

    // -----------------------------------------------------------------------------------
    // The document
    // -----------------------------------------------------------------------------------

    /// What a page holds, in reading order.
    enum Item {
        Line(Line),
        Table { rows: Vec<Vec<String>>, xs: Vec<f32>, continues: bool },
    }

    /// A page's margins as its text shows them, and its line spacing.
    #[derive(Debug, Clone, Copy)]
    struct Margins {
        left: f32,
        right: f32,
        leading: f32,
    }

    /// Where lines end at the right margin: the rightmost place where `need` lines end
    /// within half a character of each other (left-aligned text ends a little short of the
    /// margin, justified text on it).
    fn right_edge(lines: &[&Line], need: usize) -> Option<f32> {
        let mut sizes: Vec<f32> = lines.iter().map(|l| l.main_size).collect();
        sizes.sort_by(f32::total_cmp);
        let window = 0.6 * sizes.get(sizes.len() / 2).copied()?;
        let mut x1s: Vec<f32> = lines.iter().map(|l| l.x1).collect();
        x1s.sort_by(|a, b| b.total_cmp(a));
        let mut end = 0;
        for (i, &v) in x1s.iter().enumerate() {
            end = end.max(i);
            while end < x1s.len() && x1s[end] >= v - window {
                end += 1;
            }
            if end - i >= need {
                return Some(v);
            }
        }
        None
    }

    /// A page's margins from its lines, the right margin at least `doc_right` (where the
    /// document's lines end on pages of this width: a page of short lines shows none).
    fn margins(lines: &[&Line], doc_right: Option<f32>) -> Option<Margins> {
        let edge = match (right_edge(lines, 3), doc_right) {
            (Some(a), Some(b)) => a.max(b),
            (a, b) => a.or(b)?,
        };
        // Left-aligned text ends anywhere in the last character or two before the edge:
        // the middle of where the lines near the edge end.
        let mut near: Vec<f32> = lines.iter().filter(|l| l.x1 >= edge - 2.0 * l.main_size).map(|l| l.x1).collect();
        near.sort_by(f32::total_cmp);
        let right = near.get(near.len() / 2).copied().unwrap_or(edge);
        // The left margin is where the lines that run to the right margin begin (the
        // second and later lines of paragraphs), the leftmost such place that two lines
        // share; failing that, where the most lines begin.
        let mut full: Vec<f32> = lines.iter().filter(|l| l.x1 >= right - 1.5 * l.size).map(|l| l.x0).collect();
        full.sort_by(f32::total_cmp);
        // The smallest value with `need` values within 1.5 of it (`xs` sorted).
        let shared = |xs: &[f32], need: usize| {
            let (mut lo, mut hi) = (0, 0);
            for &v in xs {
                while xs[lo] < v - 1.5 {
                    lo += 1;
                }
                while hi < xs.len() && xs[hi] <= v + 1.5 {
                    hi += 1;
                }
                if hi - lo >= need {
                    return Some(v);
                }
            }
            None
        };
        let mut x0s: Vec<f32> = lines.iter().map(|l| l.x0).collect();
        x0s.sort_by(f32::total_cmp);
        let need = (lines.len() as f32 * 0.15).max(2.0) as usize;
        let left = shared(&full, 2).or_else(|| shared(&x0s, need)).or_else(|| x0s.first().copied())?;
        let mut gaps: Vec<f32> =
            lines.windows(2).map(|w| w[0].y - w[1].y).filter(|g| *g > 0.0).map(|g| (g * 2.0).round() / 2.0).collect();
        gaps.sort_by(f32::total_cmp);
        let leading = mode(&gaps).unwrap_or(0.0);
        Some(Margins { left, right, leading })
    }

    /// The most common value (the smallest of equals).
    fn mode(sorted: &[f32]) -> Option<f32> {
        let mut best: Option<(f32, usize)> = None;
        let mut i = 0;
        while i < sorted.len() {
            let mut j = i;
            while j < sorted.len() && sorted[j] == sorted[i] {
                j += 1;
            }
            if best.is_none_or(|(_, n)| j - i > n) {
                best = Some((sorted[i], j - i));
            }
            i = j;
        }
        best.map(|(v, _)| v)
    }

    /// Writes the pages' text: paragraphs and tables.
    pub(super) fn write(pages: Vec<Page>) -> Result<String, FormatError> {
        let mut page_lines: Vec<Vec<Line>> = Vec::with_capacity(pages.len());
        let mut page_grids: Vec<Vec<Grid>> = Vec::with_capacity(pages.len());
        let widths: Vec<f32> = pages.iter().map(|p| p.width).collect();
        for page in pages {
            page_grids.push(grids(&page));
            page_lines.push(lines(page.glyphs));
        }
        // Which table each line is in.
        let in_table: Vec<Vec<Option<usize>>> = page_lines
            .iter()
            .zip(&page_grids)
            .map(|(lines, grids)| lines.iter().map(|l| grids.iter().position(|g| g.holds(l))).collect())
            .collect();
        let removed = running_lines(&page_lines, &in_table);
        let body: Vec<Vec<&Line>> = page_lines
            .iter()
            .enumerate()
            .map(|(p, lines)| {
                lines
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| in_table[p][*i].is_none() && !removed[p][*i])
                    .map(|(_, l)| l)
                    .collect()
            })
            .collect();
        // Where lines end on pages of each width.
        let mut doc_right: Vec<(f32, Option<f32>)> = Vec::new();
        for &w in &widths {
            if doc_right.iter().all(|(dw, _)| (dw - w).abs() > 5.0) {
                let pooled: Vec<&Line> = (0..body.len())
                    .filter(|&p| (widths[p] - w).abs() <= 5.0)
                    .flat_map(|p| body[p].iter().copied())
                    .collect();
                doc_right.push((w, right_edge(&pooled, (pooled.len() / 50).max(3))));
            }
        }
        let own_margins: Vec<Option<Margins>> = body
            .iter()
            .enumerate()
            .map(|(p, lines)| {
                let right = doc_right.iter().find(|(w, _)| (w - widths[p]).abs() <= 5.0).and_then(|(_, r)| *r);
                margins(lines, right)
            })
            .collect();
        // A page with too little text for margins of its own takes those of the nearest
        // page that has them, of the same parity if there is one.
        let margins_of = |p: usize| -> Margins {
            let near = |same: bool| {
                (0..own_margins.len())
                    .filter(|q| !same || q % 2 == p % 2)
                    .filter_map(|q| own_margins[q].map(|m| (q.abs_diff(p), m)))
                    .min_by_key(|(d, _)| *d)
                    .map(|(_, m)| m)
            };
            own_margins[p].or_else(|| near(true)).or_else(|| near(false)).unwrap_or(Margins {
                left: 0.0,
                right: f32::MAX,
                leading: 0.0,
            })
        };

        let mut writer = Writer::default();
        // The columns of an unruled table that runs to the end of the page before.
        let mut carry: Option<Vec<f32>> = None;
        for (p, lines) in page_lines.iter().enumerate() {
            let margins = margins_of(p);
            let grids = &page_grids[p];
            // Lines outside tables, and each table where it starts, top to bottom.
            let mut items: Vec<(f32, Item)> = Vec::new();
            let mut table_lines: Vec<Vec<&Line>> = vec![Vec::new(); grids.len()];
            let mut free: Vec<&Line> = Vec::new();
            for (i, line) in lines.iter().enumerate() {
                if removed[p][i] {
                    continue;
                }
                match in_table[p][i] {
                    Some(t) => table_lines[t].push(line),
                    None => free.push(line),
                }
            }
            for (t, grid) in grids.iter().enumerate() {
                if !table_lines[t].is_empty() {
                    let rows = grid.rows_of(&table_lines[t]);
                    items.push((grid.top(), Item::Table { rows, xs: grid.xs.clone(), continues: false }));
                }
            }
            let (tables, used) = text_tables(&free, carry.as_deref());
            carry = None;
            for table in tables {
                if table.to_end {
                    carry = Some(table.edges.clone());
                }
                items.push((table.top, Item::Table { rows: table.rows, xs: table.edges, continues: table.continues }));
            }
            for (line, used) in free.into_iter().zip(used) {
                if !used {
                    items.push((line.y, Item::Line(line.clone())));
                }
            }
            items.sort_by(|a, b| b.0.total_cmp(&a.0));
            writer.page_start();
            for (_, item) in items {
                match item {
                    Item::Line(line) => writer.line(&line, margins)?,
                    Item::Table { rows, xs, continues } => writer.table(rows, xs, continues)?,
                }
            }
        }
        writer.finish()
    }

    /// Lines to drop: page numbers, and headers and footers that repeat on the pages.
    fn running_lines(page_lines: &[Vec<Line>], in_table: &[Vec<Option<usize>>]) -> Vec<Vec<bool>> {
        let mut removed: Vec<Vec<bool>> = page_lines.iter().map(|l| vec![false; l.len()]).collect();
        // The two lines at the top and at the bottom of each page (outside tables).
        let frees: Vec<Vec<usize>> = page_lines
            .iter()
            .enumerate()
            .map(|(p, lines)| (0..lines.len()).filter(|&i| in_table[p][i].is_none()).collect())
            .collect();
        let candidates: Vec<Vec<usize>> = frees
            .iter()
            .map(|free| {
                let mut c: Vec<usize> = free.iter().take(2).chain(free.iter().rev().take(2)).copied().collect();
                c.sort_unstable();
                c.dedup();
                c
            })
            .collect();
        let mut seen: rustc_hash::FxHashMap<String, Vec<(usize, usize)>> = Default::default();
        // Bare numbers (`4`) not at the very top or bottom of the page: decided below.
        let mut bare: Vec<(usize, usize)> = Vec::new();
        for (p, cands) in candidates.iter().enumerate() {
            for &i in cands {
                let text = page_lines[p][i].text();
                if is_page_number(&text) {
                    let free = &frees[p];
                    let outermost = free.first() == Some(&i) || free.last() == Some(&i);
                    if is_bare_number(&text) && !outermost {
                        bare.push((p, i));
                    } else {
                        removed[p][i] = true;
                    }
                    continue;
                }
                let key = running_key(&text);
                // A table's header row repeated on each page stays (the table drops it).
                if !key.is_empty() && key.chars().count() <= 80 && !key.starts_with("序号") {
                    seen.entry(key).or_default().push((p, i));
                }
            }
        }
        let n = page_lines.len();
        for places in seen.values() {
            let mut pages: Vec<usize> = places.iter().map(|(p, _)| *p).collect();
            pages.dedup();
            let repeated = if n <= 3 { n >= 2 && pages.len() == n } else { pages.len() >= 3.max(n / 2) };
            if !repeated {
                continue;
            }
            // At the same height on the pages (most of them).
            let height = |&(p, i): &(usize, usize)| (page_lines[p][i].y / 4.0).round();
            let mut ys: Vec<f32> = places.iter().map(height).collect();
            ys.sort_by(f32::total_cmp);
            let Some(common) = mode(&ys) else { continue };
            for place in places {
                if (height(place) - common).abs() <= 1.0 {
                    removed[place.0][place.1] = true;
                }
            }
        }
        // A bare number with a line of text between it and the edge of the page is no page
        // number but text (a table's 序号 `4` under the end of a row broken by the page);
        // with only dropped headers or footers there, it is one.
        for (p, i) in bare {
            let free = &frees[p];
            let Some(k) = free.iter().position(|&j| j == i) else { continue };
            let clear = |js: &[usize]| js.iter().all(|&j| removed[p][j]);
            if (k < 2 && clear(&free[..k])) || (k + 2 >= free.len() && clear(&free[k + 1..])) {
                removed[p][i] = true;
            }
        }
        removed
    }

    /// Whether a page number is a bare number, without dashes or 第…页 around it.
    fn is_bare_number(text: &str) -> bool {
        text.chars().filter(|c| !c.is_whitespace()).all(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
    }

    /// Where the previous line ended, to tell whether the next one goes on with it.
    #[derive(Debug, Clone, Copy)]
    struct Last {
        x1: f32,
        y: f32,
        main_size: f32,
        margins: Margins,
        same_page: bool,
    }

    /// Builds the text: paragraphs from lines, and tables (held back until what follows
    /// shows whether the next page goes on with them).
    #[derive(Default)]
    struct Writer {
        out: TextOut,
        paragraph: String,
        last: Option<Last>,
        table: Option<(Vec<Vec<String>>, Vec<f32>)>,
        /// Whether anything was put on this page before a table.
        page_has_text: bool,
    }

    impl Writer {
        fn page_start(&mut self) {
            if let Some(last) = &mut self.last {
                last.same_page = false;
            }
            self.page_has_text = false;
        }

        fn flush_paragraph(&mut self) -> Result<(), FormatError> {
            if !self.paragraph.is_empty() {
                let text = std::mem::take(&mut self.paragraph);
                self.out.paragraph(&text)?;
            }
            Ok(())
        }

        fn flush_table(&mut self) -> Result<(), FormatError> {
            if let Some((rows, _)) = self.table.take() {
                self.out.table(&rows)?;
            }
            Ok(())
        }

        fn line(&mut self, line: &Line, m: Margins) -> Result<(), FormatError> {
            self.page_has_text = true;
            self.flush_table()?;
            let text = line.text();
            let goes_on = match self.last {
                Some(last) if !self.paragraph.is_empty() => {
                    let indented = line.x0 > m.left + 0.9 * line.size;
                    let room = last.margins.right - last.x1;
                    let short = line.first_unit_width() <= room - 0.25 * line.size;
                    let gap = last.same_page
                        && last.margins.leading > 0.0
                        && last.y - line.y > 1.6 * last.margins.leading + 1.0;
                    let (a, b) = (last.main_size, line.main_size);
                    let resized = a.max(b) > 1.25 * a.min(b);
                    !indented && !short && !gap && !resized
                }
                _ => false,
            };
            if goes_on {
                push_joined(&mut self.paragraph, &text);
            } else {
                self.flush_paragraph()?;
                self.paragraph = text;
            }
            self.last = Some(Last { x1: line.x1, y: line.y, main_size: line.main_size, margins: m, same_page: true });
            Ok(())
        }

        /// A table; `continues`: known to go on with the table before it if that ended the
        /// page before (otherwise that is told by the same columns, or the same header).
        fn table(&mut self, rows: Vec<Vec<String>>, xs: Vec<f32>, continues: bool) -> Result<(), FormatError> {
            self.flush_paragraph()?;
            self.last = None;
            let goes_on = !self.page_has_text
                && self.table.as_ref().is_some_and(|(prev_rows, prev)| {
                    continues
                        || (prev.len() == xs.len() && prev.iter().zip(&xs).all(|(a, b)| (a - b).abs() <= 3.0))
                        || (prev_rows.first().is_some_and(|h| h.len() > 1) && prev_rows.first() == rows.first())
                });
            self.page_has_text = true;
            if !goes_on {
                self.flush_table()?;
                self.table = Some((rows, xs));
                return Ok(());
            }
            let Some((prev, _)) = &mut self.table else { return Ok(()) };
            let mut rows = rows.into_iter().peekable();
            // A header row repeated on the new page.
            if let (Some(first), Some(header)) = (rows.peek(), prev.first())
                && first == header
            {
                rows.next();
            }
            // A row broken by the page: the rest of it has no first cell.
            if let (Some(first), Some(last)) = (rows.peek(), prev.last_mut())
                && first.first().is_some_and(String::is_empty)
                && first.len() == last.len()
            {
                for (a, b) in last.iter_mut().zip(first) {
                    push_joined(a, b);
                }
                rows.next();
            }
            prev.extend(rows);
            Ok(())
        }

        fn finish(mut self) -> Result<String, FormatError> {
            self.flush_paragraph()?;
            self.flush_table()?;
            Ok(self.out.finish())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::layout::is_page_number;
    use super::*;

    fn fixture(path: &str) -> Vec<u8> {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
        std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    // Each fixture's plan equals the plan of the text it was made from: tests/formats.rs.
    // Here, what only the PDF reader does.

    #[test]
    fn seed_pdf_lines_are_paragraphs_without_pdf_spaces() {
        let text = text(&fixture("tests/fixtures/formats/seed.pdf")).expect("text");
        // No space between Chinese and digits, and paragraphs on one line each.
        assert!(text.contains("株县发〔2015〕1号\n"), "{text}");
        assert!(text.contains("到2020年,法律法规"), "{text}");
        assert!(text.contains("\n二、维护宪法法律权威\n"), "{text}");
    }

    #[test]
    fn table_pdf_07_rows_are_rows_of_cells() {
        let text = text(&fixture("tests/fixtures/formats/07_chuangxin_table.pdf")).expect("text");
        // The task-division table as rows of cells; wrapped cells joined, and the row that
        // the page breaks joined again.
        assert!(text.contains("\n序号 | 改革举措 | 主 要 内 容 | 指导部门 | 推广范围\n"), "{text}");
        assert!(
            text.contains(
                "\n3 | 以降低侵权损失为核心的专利保险机制 | 围绕专利应用和维权，开发包括专利代理责任险、专利执行险、\
                 专利被侵权损失险等保险产品，降低创新主体的侵权损失。 | 国家知识产权局、中国银保监会 | 全国\n"
            ),
            "{text}"
        );
        assert!(text.contains("指导原被告双方填写《诉讼要素表》"), "{text}");
        assert!(text.contains("\n一、知识产权保护方面（共5项）"), "{text}");
    }

    #[test]
    fn page_numbers_are_dropped() {
        let text = text(&fixture("tests/fixtures/formats/seed.pdf")).expect("text");
        assert!(!text.lines().any(is_page_number), "{text}");
        assert!(!text.contains("— 3 —") && !text.contains("—3—"), "{text}");
    }

    #[test]
    fn page_number_forms() {
        for yes in
            ["3", "- 3 -", "— 12 —", "－ 4 －", "一 5 一", "第3页", "第 3 页 共 9 页", "第3页/共9页", "3/9", "１２"]
        {
            assert!(is_page_number(yes), "{yes}");
        }
        for no in ["", "一、总体要求", "2023年", "第三章", "3.加强领导", "1 2 3 4 5 6 7 8 9 10 11"] {
            assert!(!is_page_number(no), "{no}");
        }
    }

    // --- Malformed files -----------------------------------------------------------------

    fn one_line_error(bytes: &[u8]) -> String {
        let e = text(bytes).expect_err("an error");
        assert!(!e.0.contains('\n') && !e.0.is_empty(), "{:?}", e.0);
        e.0
    }

    #[test]
    fn truncated_pdf_is_a_one_line_error() {
        let seed = fixture("tests/fixtures/formats/seed.pdf");
        for n in [3000, 100, 9, 20_000] {
            one_line_error(&seed[..n]);
        }
    }

    #[test]
    fn garbage_after_the_header_is_a_one_line_error() {
        let mut state = 0x2545_f491_4f6c_dd1du64;
        for len in [0usize, 1, 100, 5000, 100_000] {
            let mut bytes = b"%PDF-1.4\n".to_vec();
            for _ in 0..len {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                bytes.push(state as u8);
            }
            one_line_error(&bytes);
        }
    }

    /// A PDF of these objects (object 1 is the catalog), with a correct cross-reference
    /// table.
    fn pdf(objects: &[String]) -> Vec<u8> {
        let mut out = b"%PDF-1.4\n".to_vec();
        let mut offsets = Vec::new();
        for (i, o) in objects.iter().enumerate() {
            offsets.push(out.len());
            out.extend(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
        }
        let xref = out.len();
        out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
        for o in offsets {
            out.extend(format!("{o:010} 00000 n \n").as_bytes());
        }
        let trailer = format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1);
        out.extend(trailer.as_bytes());
        out
    }

    fn stream(dict: &str, data: &str) -> String {
        format!("<< {dict} /Length {} >>\nstream\n{data}\nendstream", data.len())
    }

    /// A one-page PDF: catalog, pages, the page (resources as given), its content, and
    /// further objects from number 5 on.
    fn one_page(resources: &str, content: &str, more: &[String]) -> Vec<u8> {
        let mut objects = vec![
            "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
            format!("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources {resources} /Contents 4 0 R >>"),
            stream("", content),
        ];
        objects.extend(more.iter().cloned());
        pdf(&objects)
    }

    #[test]
    fn image_only_pdf_is_reported_as_scanned() {
        let image = stream(
            "/Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray /BitsPerComponent 8",
            "\u{7f}",
        );
        let bytes = one_page("<< /XObject << /Im1 5 0 R >> >>", "q 595 0 0 842 0 0 cm /Im1 Do Q", &[image]);
        assert_eq!(one_line_error(&bytes), crate::tr!("error-pdf-scanned"));
        // An inline image the same.
        let bytes = one_page("<< >>", "q 595 0 0 842 0 0 cm BI /W 1 /H 1 /CS /G /BPC 8 ID \u{7f} EI Q", &[]);
        assert_eq!(one_line_error(&bytes), crate::tr!("error-pdf-scanned"));
    }

    /// A composite font as Word and WPS write them: Identity-H, CIDFontType2 with widths,
    /// a ToUnicode CMap (object 5, with objects 6 and 7); and a TrueType Latin font (8).
    fn word_fonts() -> Vec<String> {
        let cmap = "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n\
                    1 begincodespacerange <0000> <FFFF> endcodespacerange\n\
                    5 beginbfchar <0001> <5E74> <0002> <5E95> <0003> <524D> <0004> <5B8C> <0005> <6210> endbfchar\n\
                    1 beginbfrange <0010> <0012> <4E00> endbfrange\n\
                    1 beginbfrange <0020> <0021> [<FF08> <FF09>] endbfrange\n\
                    endcmap CMapName currentdict /CMap defineresource pop end end";
        vec![
            "<< /Type /Font /Subtype /Type0 /BaseFont /ABCDEF+SimSun /Encoding /Identity-H \
             /DescendantFonts [6 0 R] /ToUnicode 7 0 R >>"
                .to_string(),
            "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /ABCDEF+SimSun \
             /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 \
             /W [1 [1000 1000 1000 1000 1000] 16 18 1000] >>"
                .to_string(),
            stream("", cmap),
            "<< /Type /Font /Subtype /TrueType /BaseFont /TimesNewRomanPSMT /FirstChar 32 /LastChar 57 \
             /Widths [250 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 500 500 500 500 500 500 500 500 500 500] \
             /Encoding /WinAnsiEncoding >>"
                .to_string(),
        ]
    }

    #[test]
    fn word_style_cid_fonts_are_read() {
        // `2023年底前完成`: the digits in the Latin font, 4 pt of autospace (as Word
        // leaves) before the Chinese; then a fake-bold line (printed twice, 0.3 pt apart),
        // a line written WPS's way (the page flipped, a matrix per glyph), and a line
        // with `TJ` kerning and a full-width bracket from a `bfrange` array.
        let content = "BT /F2 16 Tf 1 0 0 1 100 700 Tm (2023) Tj ET\n\
                       BT /F1 16 Tf 1 0 0 1 136 700 Tm <00010002000300040005> Tj ET\n\
                       BT /F1 16 Tf 100 650 Td <001000110012> Tj ET\n\
                       BT /F1 16 Tf 100.3 650 Td <001000110012> Tj ET\n\
                       q 1 0 0 -1 0 842 cm BT /F1 16 Tf 1 0 0 -1 100 242 Tm <0001> Tj ET\n\
                       BT /F1 16 Tf 1 0 0 -1 116 242 Tm <0002> Tj ET Q\n\
                       BT /F1 16 Tf 100 550 Td [<0020> -20 <0010> 120 <0011> <0021>] TJ ET";
        let bytes = one_page("<< /Font << /F1 5 0 R /F2 8 0 R >> >>", content, &word_fonts());
        let text = text(&bytes).expect("text");
        assert_eq!(text, "2023年底前完成\n一丁丂\n年底\n（一丁）\n");
    }

    #[test]
    fn predefined_chinese_cmaps_are_read_without_to_unicode() {
        let font = |encoding: &str| {
            format!(
                "<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /{encoding} /DescendantFonts \
                 [<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light \
                 /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /DW 1000 >>] >>"
            )
        };
        // UCS-2 codes; GBK bytes (ASCII a byte, Chinese two).
        let bytes = one_page(
            "<< /Font << /F1 5 0 R >> >>",
            "BT /F1 16 Tf 100 700 Td <00320030003200335E745E95> Tj ET",
            &[font("UniGB-UCS2-H")],
        );
        assert_eq!(text(&bytes).expect("text"), "2023年底\n");
        let bytes = one_page(
            "<< /Font << /F1 5 0 R >> >>",
            "BT /F1 16 Tf 100 700 Td <32303233C4EAB5D7> Tj ET",
            &[font("GBK-EUC-H")],
        );
        assert_eq!(text(&bytes).expect("text"), "2023年底\n");
    }

    #[test]
    fn fonts_without_a_unicode_map_are_reported() {
        let font = "<< /Type /Font /Subtype /Type0 /BaseFont /X /Encoding /Identity-H /DescendantFonts \
                    [<< /Type /Font /Subtype /CIDFontType2 /BaseFont /X >>] >>";
        let bytes =
            one_page("<< /Font << /F1 5 0 R >> >>", "BT /F1 16 Tf 100 700 Td <00450046> Tj ET", &[font.to_string()]);
        assert!(one_line_error(&bytes).contains("no map to Unicode"));
    }

    #[test]
    fn hostile_content_is_bounded() {
        // A form that draws itself, drawn many times; deep arrays; many saves; junk.
        let form = stream(
            "/Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources << /XObject << /Fm1 5 0 R >> >>",
            "/Fm1 Do /Fm1 Do",
        );
        let mut content = "/Fm1 Do\n".repeat(2000);
        content.push_str(&"[".repeat(100_000));
        content.push_str(&"q ".repeat(50_000));
        content.push_str("BT /F9 1e308 Tf 1e308 1e308 Td (x) Tj ET 1 0 0 0 0 0 cm BI ID EI ) > } <<<<");
        let bytes = one_page("<< /XObject << /Fm1 5 0 R >> >>", &content, &[form]);
        // Self-drawing forms, deep arrays and saves are cut off by the limits: an answer,
        // not a hang (the benchmarks time it).
        one_line_error(&bytes);
    }

    #[test]
    fn characters_are_read_as_the_ideographs_they_stand_for() {
        assert_eq!(normalize('\u{2F47}'), Some('日'));
        assert_eq!(normalize('\u{2ED4}'), Some('门'));
        assert_eq!(normalize('\u{F967}'), Some('不'));
        assert_eq!(normalize('\u{3000}'), Some(' '));
        assert_eq!(normalize('\u{E000}'), None);
        assert_eq!(normalize('年'), Some('年'));
    }

    /// Text in the UCS-2 font of [`ucs2_font`]: hex codes of the characters.
    fn ucs2(text: &str) -> String {
        let hex: String = text.encode_utf16().map(|u| format!("{u:04X}")).collect();
        format!("<{hex}>")
    }

    fn ucs2_font() -> String {
        "<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts \
         [<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light \
         /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /DW 1000 >>] >>"
            .to_string()
    }

    /// Content that writes each (x, y, text) at 10.5 pt.
    fn placed(items: &[(f32, f32, &str)]) -> String {
        items.iter().map(|(x, y, t)| format!("BT /F1 10.5 Tf 1 0 0 1 {x} {y} Tm {} Tj ET\n", ucs2(t))).collect()
    }

    #[test]
    fn unruled_table_columns_come_from_the_positions() {
        let content = placed(&[
            (100.0, 700.0, "附件"),
            (100.0, 680.0, "序号"),
            (160.0, 680.0, "任务"),
            (300.0, 680.0, "牵头单位"),
            (104.0, 660.0, "1"),
            (160.0, 660.0, "建立健全工作机制"),
            (300.0, 660.0, "县发改局"),
            (160.0, 646.0, "和制度"),
            (300.0, 646.0, "县财政局"),
            (104.0, 620.0, "2"),
            (160.0, 620.0, "加强督查"),
            (300.0, 620.0, "县政府办公室"),
            (100.0, 590.0, "以上任务由各单位按照职责分工抓好落实并及时报送工作进展情况"),
        ]);
        let bytes = one_page("<< /Font << /F1 5 0 R >> >>", &content, &[ucs2_font()]);
        assert_eq!(
            text(&bytes).expect("text"),
            "附件\n\n序号 | 任务 | 牵头单位\n1 | 建立健全工作机制和制度 | 县发改局 县财政局\n2 | 加强督查 | 县政府办公室\n\n\
             以上任务由各单位按照职责分工抓好落实并及时报送工作进展情况\n"
        );
    }

    #[test]
    fn a_row_number_below_the_top_of_a_page_is_no_page_number() {
        // A one-column table of LibreOffice's broken by the page after row 3's last
        // cell: page 2 starts with the rest of row 3 (冯冬昌), then row 4's number.
        let page_1 = placed(&[
            (100.0, 700.0, "序号"),
            (100.0, 680.0, "3"),
            (100.0, 660.0, "推动项目签约落地"),
            (100.0, 640.0, "区发展改革局"),
            (280.0, 60.0, "— 1 —"),
        ]);
        let page_2 = placed(&[
            (100.0, 780.0, "冯冬昌"),
            (100.0, 760.0, "4"),
            (100.0, 740.0, "聚焦装备制造产业"),
            (100.0, 720.0, "区工业和信息化局"),
            (280.0, 60.0, "— 2 —"),
        ]);
        let page = |contents: usize| {
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] \
                 /Resources << /Font << /F1 7 0 R >> >> /Contents {contents} 0 R >>"
            )
        };
        let objects = vec![
            "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
            "<< /Type /Pages /Kids [3 0 R 5 0 R] /Count 2 >>".to_string(),
            page(4),
            stream("", &page_1),
            page(6),
            stream("", &page_2),
            ucs2_font(),
        ];
        let text = text(&pdf(&objects)).expect("text");
        assert!(text.lines().any(|l| l == "4"), "{text}");
        assert!(!text.contains('—'), "{text}");
    }

    #[test]
    fn rotated_page_reads_upright() {
        // A landscape page kept as a portrait one turned by /Rotate 90: the content is
        // drawn turned the other way.
        let objects = vec![
            "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Rotate 90 \
             /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>"
                .to_string(),
            stream("", &format!("q 0 1 -1 0 595 0 cm {}Q", placed(&[(100.0, 500.0, "任务"), (100.0, 480.0, "单位")]))),
            ucs2_font(),
        ];
        assert_eq!(text(&pdf(&objects)).expect("text"), "任务\n单位\n");
    }
}
