//! The search index against plain scans: the pinyin matcher against ib-matcher (the library
//! whose semantics it reproduces, at index speed), and the indexed search against checking
//! every measure one by one.

mod common;

use ib_matcher::matcher::{IbMatcher, PinyinMatchConfig};
use ib_matcher::pinyin::{PinyinData, PinyinNotation};
use planview::library::Library;
use planview::search::pinyin::{Pattern, encode};
use planview::search::{Query, SearchIndex, fold_str, term_matches_text};
use proptest::prelude::*;

fn texts() -> Vec<String> {
    let library = Library::open(&[]);
    library.plans[0].plan.measures.iter().map(|m| format!("{}\n{}", m.title(), m.body())).collect()
}

fn ib_matches(data: &PinyinData, query: &str, text: &str) -> bool {
    // Partial patterns on: while typing `xian` on the way to `xianfa`, 宪 must stay a hit
    // (and the narrowing from one keystroke to the next relies on it).
    let matcher = IbMatcher::builder(query)
        .is_pattern_partial(true)
        .pinyin(PinyinMatchConfig::builder(PinyinNotation::Ascii | PinyinNotation::AsciiFirstLetter).data(data).build())
        .build();
    matcher.is_match(text)
}

/// ib-matcher with ü typed as u: planview reads 律 as lv and as lu (略 as lve and lue), so
/// a query matches when ib-matcher matches it with any of its u's after l or n written v.
/// (Equal to planview's reading unless the text has the Latin letters lv or nv.)
fn ib_matches_u_for_v(data: &PinyinData, query: &str, text: &str) -> bool {
    let bytes = query.as_bytes();
    let spots: Vec<usize> =
        (1..bytes.len()).filter(|&i| bytes[i] == b'u' && matches!(bytes[i - 1], b'l' | b'n')).collect();
    (0u32..1 << spots.len()).any(|choice| {
        let mut variant = bytes.to_vec();
        for (k, &i) in spots.iter().enumerate() {
            if choice & (1 << k) != 0 {
                variant[i] = b'v';
            }
        }
        ib_matches(data, std::str::from_utf8(&variant).unwrap(), text)
    })
}

fn ours(query: &str, text: &str) -> bool {
    let mut codes = Vec::new();
    encode(&fold_str(text), &mut codes);
    Pattern::new(query).unwrap().is_match(&codes)
}

/// Queries users type: pinyin of words in the plan (full, initials, mixed, cut short).
const QUERIES: &[&str] = &[
    "xfxs",
    "xianfa",
    "xianfaxuanshi",
    "xfxuan",
    "lvshi",
    "lushi",
    "falu",
    "flfg",
    "ls",
    "sfj",
    "sifaju",
    "zhengfu",
    "zf",
    "yifazhiguo",
    "yfzg",
    "fazhi",
    "fz",
    "gonggong",
    "xingzheng",
    "xz",
    "zhixing",
    "jiandu",
    "jd",
    "renmin",
    "rmfy",
    "fayuan",
    "jianchayuan",
    "jcy",
    "dangwei",
    "zfw",
    "xzfw",
    "falvgu",
    "flgw",
    "x",
    "q",
    "zhong",
    "zhongguo",
    "tesheshehuizhuyi",
    "tsshzy",
    "quanmian",
    "qmtj",
    "hexie",
    "hx",
    "zzzq",
    "ppp",
    "bpc",
    "v",
    "lv",
    "nv",
    "zhuang",
    "chuang",
];

#[test]
fn pinyin_agrees_with_ib_matcher_on_every_measure() {
    let data = PinyinData::new(PinyinNotation::Ascii | PinyinNotation::AsciiFirstLetter);
    let texts = texts();
    for query in QUERIES {
        for text in &texts {
            assert_eq!(
                ours(query, text),
                ib_matches_u_for_v(&data, query, text),
                "{query:?} on {}",
                text.chars().take(20).collect::<String>()
            );
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// Random letter strings (biased to pinyin letters) against random measures.
    #[test]
    fn random_queries_agree_with_ib_matcher(query in "[a-z]{1,8}", index in 0usize..77) {
        let data = PinyinData::new(PinyinNotation::Ascii | PinyinNotation::AsciiFirstLetter);
        let text = &texts()[index];
        prop_assert_eq!(ours(&query, text), ib_matches_u_for_v(&data, &query, text), "{} on measure {}", query, index + 1);
    }
}

/// The index gives exactly what checking each measure's fields one by one gives.
#[test]
fn indexed_search_equals_a_plain_scan() {
    let library = Library::open(&[]);
    let index = SearchIndex::build(&library.plan_refs());
    let plan = &library.plans[0].plan;
    for raw in [
        "宪法",
        "律师",
        "县司法局",
        "县法院",
        "xfxs",
        "lvshi",
        "sfj",
        "法 律",
        "（一）",
        "12·4",
        "zz",
        "责任单位",
        "政府 xz",
        "PPP",
    ] {
        let query = Query::parse(raw);
        let indexed: Vec<usize> = index.search(&query, None, &[]).iter().collect();
        let plain: Vec<usize> = plan
            .measures
            .iter()
            .enumerate()
            .filter(|(_, m)| {
                query.terms.iter().all(|t| {
                    term_matches_text(t, m.title())
                        || term_matches_text(t, m.body())
                        || m.units().iter().any(|u| term_matches_text(t, &u.name) || term_matches_text(t, &u.raw))
                })
            })
            .map(|(i, _)| i)
            .collect();
        assert_eq!(indexed, plain, "{raw}");
    }
}
