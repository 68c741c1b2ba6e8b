//! Policy plans: the model and the way from a file's bytes to it
//! (decode → clean → parse, with units split by `units`).

pub mod clean;
pub mod decode;
pub mod load;
pub mod model;
pub mod parse;
pub mod units;

pub use load::{LoadError, LoadedPlan, Source, load_bytes, load_embedded, load_path};
pub use model::{Chapter, Measure, Meta, Plan, Role, Section, Unit, UnitKind, UnitRef, Warning};
