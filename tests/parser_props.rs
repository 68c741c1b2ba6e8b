//! Property tests: no input makes decoding, cleaning or parsing panic, and what comes out is
//! consistent.

use planview::plan::load_bytes;
use planview::text::safety::clean;
use proptest::prelude::*;

const ESC: char = '\u{1b}';
const RLO: char = '\u{202e}';

/// Fragments plans are made of, to build inputs that reach deep into the parser.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("一、".to_string()),
        Just("十一、总则".to_string()),
        Just("(一)".to_string()),
        Just("（二）指导思想。".to_string()),
        (0u32..200).prop_map(|n| format!("{n}.")),
        (0u32..200).prop_map(|n| format!("{n}、")),
        Just("5.6万".to_string()),
        Just("(责任单位:".to_string()),
        Just("（牵头单位：".to_string()),
        Just("配合单位：".to_string()),
        Just("〔".to_string()),
        Just("〕".to_string()),
        Just(")".to_string()),
        Just("、".to_string()),
        Just("。".to_string()),
        Just("等相关单位".to_string()),
        Just("各区、县级市".to_string()),
        Just("县司法局".to_string()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just("　　".to_string()),
        Just("\u{1b}[2J".to_string()),
        Just("2015年3月2日".to_string()),
        Just("株县发〔2015〕1号".to_string()),
        "\\PC{0,12}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
        let _ = load_bytes(&bytes, "fuzz");
    }

    #[test]
    fn plan_like_text_never_panics(parts in proptest::collection::vec(fragment(), 0..80)) {
        let text = parts.concat();
        if let Ok(loaded) = load_bytes(text.as_bytes(), "fuzz") {
            let plan = loaded.plan;
            prop_assert!(!plan.measures.is_empty());
            // Ids are unique, ranges are consistent.
            let ids: std::collections::HashSet<&str> = plan.measures.iter().map(|m| &*m.id).collect();
            prop_assert_eq!(ids.len(), plan.measures.len());
            for chapter in &plan.chapters {
                prop_assert!(chapter.measures.end <= plan.measures.len());
                for section in &chapter.sections {
                    prop_assert!(section.measures.start >= chapter.measures.start || section.measures.is_empty());
                    prop_assert!(section.measures.end <= chapter.measures.end);
                }
            }
            for m in &plan.measures {
                prop_assert!(m.chapter < plan.chapters.len());
                prop_assert!(!m.title().contains(ESC), "escape in title");
            }
        }
    }

    #[test]
    fn clean_leaves_no_control_characters(text in "\\PC*|[\\x00-\\x7f\u{80}-\u{9f}\u{202e}]{0,200}") {
        let cleaned = clean(&text);
        prop_assert!(cleaned.chars().all(|c| c == '\n' || !c.is_control()));
        prop_assert!(!cleaned.contains(RLO), "bidi override kept");
    }
}
