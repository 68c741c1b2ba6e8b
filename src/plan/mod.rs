//! Policy plans: the model and the way from a file's bytes to it (decode → clean → lines and
//! paragraphs → title block, structure, annotations, deadlines, tables → plan).

pub mod annotation;
pub mod deadline;
pub mod decode;
pub mod headings;
pub mod lines;
pub mod load;
pub mod meta;
pub mod model;
pub mod para;
pub mod parse;
pub mod structure;
pub mod table;
pub mod unit;
pub mod units;

pub use load::{LoadError, LoadedPlan, Source, load_bytes, load_embedded, load_path};
pub use model::{
    Chapter, ChapterKind, Deadline, Measure, Meta, Plan, Role, Section, SharedText, Unit, UnitKind, UnitRef, Warning,
};
pub use units::read_units;
