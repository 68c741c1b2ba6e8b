//! Decoding, cleaning and parsing arbitrary bytes: never a panic, and whatever is read as a
//! plan holds no character that could drive a terminal.

#![no_main]

use libfuzzer_sys::fuzz_target;
use planview::text::safety::is_unsafe;
use planview::plan::load_bytes;

fn assert_printable(what: &str, text: &str) {
    assert!(!text.chars().any(|c| c != '\n' && is_unsafe(c)), "{what} holds a control character: {text:?}");
}

fuzz_target!(|data: &[u8]| {
    let Ok(loaded) = load_bytes(data, "fuzz") else { return };
    let plan = &loaded.plan;
    assert_printable("title", &plan.meta.title);
    for chapter in &plan.chapters {
        assert_printable("chapter", &chapter.heading());
        for section in &chapter.sections {
            assert_printable("section", &section.heading());
        }
    }
    for measure in &plan.measures {
        assert_printable("measure title", measure.title());
        assert_printable("measure body", measure.body());
        for unit in measure.units() {
            assert!(!unit.name.is_empty(), "an empty unit name in {:?}", measure.annotation());
            assert_printable("unit", &unit.name);
        }
    }
});
