//! Writes a benchmark corpus: the seed plan copied N times with distinct 文号, as a folder
//! of plan files.
//!
//! cargo run --release --example make_corpus -- /tmp/planview-corpus 1000
//! cargo run --release --example make_corpus -- /tmp/planview-10k 10000   (430 MB)

// Prints its own figures and progress, not planview's output (see cli::output).
#![allow(clippy::disallowed_macros)]

use std::path::PathBuf;

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().unwrap_or_else(|| "/tmp/planview-corpus".into()));
    let copies: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(1000);
    let seed = include_str!("../seeds/000_72b3b9fd10627f4b.txt");
    std::fs::create_dir_all(&dir).expect("create the corpus folder");
    // plan-0000.txt … plan-9999.txt, plan-00000.txt … for more: sorted as numbered.
    let digits = copies.saturating_sub(1).to_string().len().max(4);
    for i in 0..copies {
        let text = seed.replace("株县发〔2015〕1号", &format!("株县发〔2015〕{}号", i + 1));
        std::fs::write(dir.join(format!("plan-{i:0digits$}.txt")), text).expect("write a plan");
    }
    println!("{copies} plans in {}", dir.display());
}
