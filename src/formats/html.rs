//! Saved web pages (.html/.htm): the article, not the page around it.
//!
//! The charset comes from the BOM, then the `<meta>` tag, then detection (many county
//! sites are GB2312/GBK). The page is parsed by html5ever (through `scraper`), as a browser
//! would; the article is the deepest element holding most of the page's text outside
//! links — navigation, breadcrumbs and share buttons are links, and headers, metadata and
//! footers are small beside an article. The
//! title and 文号, often shown above the article in a heading and a metadata table, are
//! taken from outside it when the article lacks them. Scripts, styles, forms and hidden
//! elements are dropped. A table of cells becomes rows of cells; a table used for layout
//! (one cell a row, or tables inside it) is read as paragraphs.

use std::collections::HashMap;

use ego_tree::NodeId;
use ego_tree::iter::Edge;
use encoding_rs::Encoding;
use scraper::{ElementRef, Html, Node};

use super::{FormatError, TextOut};
use crate::text::numerals::is_cjk;

/// Elements whose content is never the article's.
const SKIPPED: [&str; 14] = [
    "script", "style", "noscript", "template", "head", "nav", "form", "select", "button", "iframe", "object", "svg",
    "textarea", "option",
];

/// Elements that end a line.
const BLOCKS: [&str; 25] = [
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "tr",
    "table",
    "section",
    "article",
    "blockquote",
    "pre",
    "center",
    "header",
    "footer",
    "main",
    "hr",
];

/// Whether bytes look like a web page (by content, whatever the file is called): the first
/// markup is an HTML document's.
pub fn looks_like_html(bytes: &[u8]) -> bool {
    let start = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let start = &start[start.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(start.len())..];
    if !start.starts_with(b"<") {
        return false;
    }
    let head = String::from_utf8_lossy(&start[..start.len().min(4096)]).to_ascii_lowercase();
    // A whole page, or the part of one a crawler kept (`<div class="wrap">…`).
    ["<!doctype html", "<html", "<head", "<body", "<meta", "<title", "<div", "<table", "<p>", "<p ", "<span"]
        .iter()
        .any(|tag| head.contains(tag))
}

/// The article's text and the encoding the page was in.
pub fn text_with_encoding(bytes: &[u8]) -> Result<(String, &'static str), FormatError> {
    let encoding = charset(bytes);
    let (decoded, _, _) = encoding.decode(bytes);
    let page = Html::parse_document(&decoded);
    let text = article(&page)?;
    Ok((text, encoding.name()))
}

/// The article's text.
pub fn text(bytes: &[u8]) -> Result<String, FormatError> {
    text_with_encoding(bytes).map(|(text, _)| text)
}

/// The page's encoding: its BOM, its `<meta>` charset, UTF-8 if it is valid, else detected.
fn charset(bytes: &[u8]) -> &'static Encoding {
    if let Some((encoding, _)) = Encoding::for_bom(bytes) {
        return encoding;
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(8192)]).to_ascii_lowercase();
    let mut from = 0;
    while let Some(at) = head[from..].find("charset") {
        let rest = head[from + at + "charset".len()..].trim_start();
        from += at + "charset".len();
        let Some(rest) = rest.strip_prefix('=') else { continue };
        let label: String = rest
            .trim_start_matches([' ', '"', '\''])
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
            .collect();
        if let Some(encoding) = Encoding::for_label(label.as_bytes()) {
            // A page that says UTF-16 in ASCII is not UTF-16 (the HTML standard's rule).
            return if encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE {
                encoding_rs::UTF_8
            } else {
                encoding
            };
        }
    }
    if std::str::from_utf8(bytes).is_ok() {
        return encoding_rs::UTF_8;
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    detector.guess(None, chardetng::Utf8Detection::Allow)
}

/// Per element: the CJK characters of its text, and those inside links.
#[derive(Debug, Clone, Copy, Default)]
struct Weight {
    text: usize,
    links: usize,
}

impl Weight {
    fn own(&self) -> usize {
        self.text.saturating_sub(self.links)
    }
}

fn is_skipped(element: &scraper::node::Element) -> bool {
    SKIPPED.contains(&element.name())
        || element.attr("hidden").is_some()
        || element.attr("style").is_some_and(|s| s.replace(' ', "").to_ascii_lowercase().contains("display:none"))
}

/// The weight of every element, counted bottom-up without recursion (pages nest deeply).
fn weights(page: &Html) -> HashMap<NodeId, Weight> {
    let mut weights: HashMap<NodeId, Weight> = HashMap::new();
    let root = page.tree.root();
    let nodes: Vec<_> = root.descendants().collect();
    for node in nodes.into_iter().rev() {
        let mut weight = weights.get(&node.id()).copied().unwrap_or_default();
        match node.value() {
            Node::Text(text) => weight.text += text.chars().filter(|&c| is_cjk(c)).count(),
            Node::Element(e) if is_skipped(e) => weight = Weight::default(),
            Node::Element(e) if e.name() == "a" => weight.links = weight.text,
            _ => {}
        }
        weights.insert(node.id(), weight);
        if let Some(parent) = node.parent() {
            let up = weights.entry(parent.id()).or_default();
            up.text += weight.text;
            up.links += weight.links;
        }
    }
    weights
}

/// The article's text: the deepest element holding most (75%) of the page's text outside
/// links, with the page's title and 文号 put first if it lacks them.
fn article(page: &Html) -> Result<String, FormatError> {
    let weights = weights(page);
    let body = page.root_element();
    let total = weights.get(&body.id()).map_or(0, Weight::own);
    if total == 0 {
        return Err(FormatError::new(crate::tr!("error-html-no-chinese")));
    }
    // Walk down while one child holds most (75%) of the page's text outside links; a table
    // of data is the article's, not the article.
    let mut container = body;
    loop {
        let next = container
            .child_elements()
            .filter(|c| !is_skipped(c.value()) && !is_data_table(*c))
            .find(|c| weights.get(&c.id()).map_or(0, Weight::own) * 100 >= total * 75);
        match next {
            Some(child) => container = child,
            None => break,
        }
    }
    let mut out = TextOut::new();
    let lines = Lines::of(container, &weights);
    let mut heading = Vec::new();
    if container.id() != body.id() {
        let outside = Lines::of(body, &weights);
        if let Some(title) = page_title(page, &outside).filter(|t| !lines.iter().any(|l| l.contains(t.as_str()))) {
            heading.push(title);
        }
        if let Some(number) = doc_number(&outside).filter(|n| !lines.iter().any(|l| l.contains(n.as_str()))) {
            heading.push(number);
        }
    }
    for line in heading.iter().chain(&lines) {
        if let Some(rows) = line.strip_prefix(TABLE_MARK) {
            let rows: Vec<Vec<String>> =
                rows.split(ROW_MARK).map(|r| r.split(CELL_MARK).map(str::to_string).collect()).collect();
            out.table(&rows)?;
        } else {
            out.paragraph(line)?;
        }
    }
    Ok(out.finish())
}

/// Marks a line that holds a table (rows and cells separated by control characters that
/// cannot be in the page's text, which is cleaned of them first).
const TABLE_MARK: &str = "\u{1}";
const ROW_MARK: char = '\u{2}';
const CELL_MARK: char = '\u{3}';

/// The title of the page: its first heading (or element called a title) that reads like a
/// plan's title, else the part of `<title>` that does.
fn page_title(page: &Html, lines: &[String]) -> Option<String> {
    let plan_like = |t: &str| {
        let n = t.chars().count();
        (8..=80).contains(&n)
            && (t.contains("关于")
                || ["意见", "方案", "措施", "计划", "要点", "通知", "办法", "规划"].iter().any(|w| t.ends_with(w)))
    };
    let selector = scraper::Selector::parse("h1, h2, h3, [class*=title], [id*=title]").ok()?;
    for heading in page.select(&selector) {
        let text = squeeze(&heading.text().collect::<String>());
        if plan_like(&text) && lines.iter().any(|l| l.contains(&text)) {
            return Some(text);
        }
    }
    let selector = scraper::Selector::parse("title").ok()?;
    let title = page.select(&selector).next()?.text().collect::<String>();
    title.split(['_', '|', '—', '-', ' ', '\u{3000}']).map(squeeze).find(|t| plan_like(t))
}

/// The 文号 in a page's text: one labelled 文号 / 发文字号 (a metadata table), or one on a
/// line of its own.
fn doc_number(lines: &[String]) -> Option<String> {
    for line in lines {
        let line = line.replace([CELL_MARK, ROW_MARK], " ").replace(TABLE_MARK, "");
        // Labels are spaced out to line up (`文      号:`).
        let plain: String = line.chars().filter(|c| !c.is_whitespace() && *c != '\u{3000}').collect();
        for label in ["发文字号", "文号"] {
            let mut from = 0;
            while let Some(at) = plain[from..].find(label) {
                let rest = plain[from + at + label.len()..].trim_start_matches([' ', ':', '：', '\u{3000}']);
                let candidate: String = rest.chars().take_while(|c| !c.is_whitespace()).collect();
                let candidate = candidate.split_inclusive('号').next().unwrap_or_default().to_string();
                if is_doc_number(&candidate) {
                    return Some(candidate);
                }
                from += at + label.len();
            }
        }
        if is_doc_number(&line) {
            return Some(line);
        }
    }
    None
}

/// Whether a line is a 文号 on its own (`国发〔2019〕3号`).
fn is_doc_number(line: &str) -> bool {
    let n = line.chars().count();
    (6..=30).contains(&n)
        && line.ends_with('号')
        && ["〔", "[", "［", "【"].iter().any(|b| line.contains(b))
        && line.chars().filter(char::is_ascii_digit).count() >= 5
}

/// Whitespace as a browser shows it: runs become one space, and a line break in the
/// page's source between two Chinese characters goes (browsers join Chinese lines so).
fn squeeze(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space: Option<bool> = None;
    for c in text.chars() {
        if c.is_whitespace() && c != '\u{3000}' {
            if !out.is_empty() {
                let newline = c == '\n' || c == '\r';
                space = Some(space.unwrap_or(false) || newline);
            }
            continue;
        }
        if let Some(newline) = space.take()
            && !(newline && out.chars().next_back().is_some_and(is_cjk) && is_cjk(c))
        {
            out.push(' ');
        }
        out.push(c);
    }
    out.trim_matches([' ', '\u{3000}']).to_string()
}

/// The lines of an element's text, as a browser lays them out; a table of cells is one
/// line, marked (see [`TABLE_MARK`]).
struct Lines<'a> {
    weights: &'a HashMap<NodeId, Weight>,
    lines: Vec<String>,
    line: String,
}

impl<'a> Lines<'a> {
    fn of(element: ElementRef<'_>, weights: &'a HashMap<NodeId, Weight>) -> Vec<String> {
        let mut lines = Lines { weights, lines: Vec::new(), line: String::new() };
        lines.walk(element);
        lines.flush();
        lines.lines
    }

    fn flush(&mut self) {
        let line = squeeze(&std::mem::take(&mut self.line));
        if !line.is_empty() {
            self.lines.push(line);
        }
    }

    fn walk(&mut self, element: ElementRef<'_>) {
        let mut skipping: Option<NodeId> = None;
        for edge in element.traverse() {
            match edge {
                Edge::Open(node) => {
                    if skipping.is_some() {
                        continue;
                    }
                    match node.value() {
                        Node::Text(text) => self.line.push_str(text),
                        Node::Element(e) if is_skipped(e) => skipping = Some(node.id()),
                        Node::Element(e) if e.name() == "table" && node.id() != element.id() => {
                            let Some(table) = ElementRef::wrap(node) else { continue };
                            if let Some(rows) = self.data_table(table) {
                                self.flush();
                                self.lines.push(rows);
                                skipping = Some(node.id());
                            }
                        }
                        Node::Element(e) if e.name() == "br" => self.flush(),
                        Node::Element(e) if e.name() == "td" || e.name() == "th" => self.line.push(' '),
                        Node::Element(e) if BLOCKS.contains(&e.name()) => self.flush(),
                        _ => {}
                    }
                }
                Edge::Close(node) => {
                    if skipping == Some(node.id()) {
                        skipping = None;
                        continue;
                    }
                    if skipping.is_none()
                        && let Node::Element(e) = node.value()
                        && BLOCKS.contains(&e.name())
                    {
                        self.flush();
                    }
                }
            }
        }
    }

    /// A table of data as one marked line; `None` for a table used for layout, which is
    /// read as paragraphs.
    fn data_table(&self, table: ElementRef<'_>) -> Option<String> {
        if !is_data_table(table) {
            return None;
        }
        let rows: Vec<String> = rows(table)
            .map(|row| {
                let cells: Vec<String> = cells(row)
                    .map(|cell| Lines::of(cell, self.weights).join("\n").replace([ROW_MARK, CELL_MARK], " "))
                    .collect();
                cells.join(&CELL_MARK.to_string())
            })
            .collect();
        Some(format!("{TABLE_MARK}{}", rows.join(&ROW_MARK.to_string())))
    }
}

fn rows<'a>(table: ElementRef<'a>) -> impl Iterator<Item = ElementRef<'a>> {
    table.descendent_elements().filter(|e| e.value().name() == "tr")
}

fn cells<'a>(row: ElementRef<'a>) -> impl Iterator<Item = ElementRef<'a>> {
    row.child_elements().filter(|c| matches!(c.value().name(), "td" | "th"))
}

/// Whether a table holds data (rows of several cells, no tables inside) rather than lays
/// out the page.
fn is_data_table(table: ElementRef<'_>) -> bool {
    table.value().name() == "table"
        && !table.descendent_elements().skip(1).any(|e| e.value().name() == "table")
        && rows(table).filter(|row| cells(*row).count() >= 2).take(2).count() == 2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charsets_come_from_the_bom_the_meta_tag_or_detection() {
        assert_eq!(charset(b"<meta charset=\"gb2312\"><p>x").name(), "GBK");
        assert_eq!(charset(b"<meta http-equiv=Content-Type content='text/html; charset=GBK'>").name(), "GBK");
        assert_eq!(charset("<p>中文</p>".as_bytes()).name(), "UTF-8");
        assert_eq!(charset(b"<meta charset=utf-16><p>x").name(), "UTF-8");
        let (gbk, _, _) = encoding_rs::GBK
            .encode("<html><body><p>关于加强县级财政管理的实施意见，各有关单位要认真落实。</p></body></html>");
        assert_eq!(charset(&gbk).name(), "GBK");
    }

    #[test]
    fn the_article_is_found_and_the_page_around_it_dropped() {
        let page = r##"<!DOCTYPE html><html><head><title>关于加强某项工作的实施意见_某县人民政府</title>
            <script>var x = "不要这个";</script></head><body>
            <div class="nav"><a href="/">首页</a> <a href="/a">政务公开</a> <a href="/b">政策文件</a></div>
            <table class="meta"><tr><td>发文字号：</td><td>某政发〔2020〕12号</td></tr></table>
            <h1>关于加强某项工作的实施意见</h1>
            <div class="share">分享到：<a href="#">微信</a></div>
            <div id="zoom"><p>　　一、总体要求</p><p>1.加强领导，落实责任。（责任单位：县发改局、县财政局）</p>
            <p>2.强化督查，确保实效，各部门要按照分工抓好落实，确保各项任务如期完成。（责任单位：县政府办）</p>
            <p>3.完善制度。健全工作机制，明确职责分工，建立定期会商、信息通报和考核评估制度，推动各项政策措施落地见效，及时研究解决工作中遇到的困难和问题。（责任单位：县司法局）</p>
            <p>二、保障措施</p><p>各乡镇、各部门要高度重视，主要负责同志亲自抓，分管负责同志具体抓，层层压实责任，确保各项工作任务落到实处、取得实效。</p>
            <table><tr><td>序号</td><td>任务</td><td>牵头单位</td></tr><tr><td>1</td><td>建立台账</td><td>县统计局</td></tr></table>
            </div><div class="footer">版权所有：某县人民政府 地址：某路1号</div></body></html>"##;
        let text = text(page.as_bytes()).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "关于加强某项工作的实施意见");
        assert_eq!(lines[1], "某政发〔2020〕12号");
        assert_eq!(lines[2], "一、总体要求");
        assert!(lines.contains(&"序号 | 任务 | 牵头单位") && lines.contains(&"1 | 建立台账 | 县统计局"), "{text}");
        for gone in ["首页", "分享", "版权", "不要这个"] {
            assert!(!text.contains(gone), "{gone}: {text}");
        }
    }

    #[test]
    fn pages_are_told_from_text() {
        assert!(looks_like_html(b"\xef\xbb\xbf  <!DOCTYPE html><html>"));
        assert!(looks_like_html(b"<html><head><meta charset=gbk>"));
        assert!(!looks_like_html("关于<加强>的意见".as_bytes()));
        assert!(looks_like_html(b"<div class=\"wrap\"><table><tr><td>"), "a crawler's part of a page");
        assert!(!looks_like_html(b"1. <b> is bold"));
    }
}
