//! A hook for the tests that prove a crash is handled well: `PLANVIEW_CRASH_TEST=key`
//! makes the `!` key panic in the browser, `PLANVIEW_CRASH_TEST=indexes` makes the
//! background index build panic. Unset (always, in use), it does nothing.

use std::sync::OnceLock;

/// Whether the crash test named `what` is asked for.
pub fn is(what: &str) -> bool {
    static ASKED: OnceLock<Option<String>> = OnceLock::new();
    ASKED.get_or_init(|| std::env::var("PLANVIEW_CRASH_TEST").ok()).as_deref() == Some(what)
}
