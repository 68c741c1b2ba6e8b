//! A hook for the tests that prove a crash is handled well: `PLANVIEW_CRASH_TEST=key`
//! makes the `!` key panic in the browser, `PLANVIEW_CRASH_TEST=indexes` makes the
//! background index build panic, `PLANVIEW_CRASH_TEST=slow-reading` makes each file of a
//! library take a tenth of a second to read (so the screen shown meanwhile can be seen). Only built with the `crash-test` feature, which the tests
//! turn on; in a build for users `is` is always false and the hook is compiled out.

/// Whether the crash test named `what` is asked for.
#[cfg(feature = "crash-test")]
pub fn is(what: &str) -> bool {
    use std::sync::OnceLock;
    static ASKED: OnceLock<Option<String>> = OnceLock::new();
    ASKED.get_or_init(|| std::env::var("PLANVIEW_CRASH_TEST").ok()).as_deref() == Some(what)
}

/// Whether the crash test named `what` is asked for: never, without the feature.
#[cfg(not(feature = "crash-test"))]
#[inline(always)]
pub const fn is(_what: &str) -> bool {
    false
}
