//! The command line: clap definitions and the non-interactive subcommands.

mod by_unit;
mod check;
mod config;
mod due;
mod export;
pub mod help;
pub mod lang;
mod marks;
pub mod open;
pub mod output;

pub use output::{error, error_block, print};
mod search;
mod units;
mod writer;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::library::Library;

// The command line. What --help says of each command and argument is in cli.ftl, in both
// languages (see help.rs); the comments here only say what each is.
//
// A full-screen terminal browser for Chinese government policy plans (实施意见, 实施方案,
// 工作要点): chapters, measures and the units responsible for them.
#[derive(Debug, Parser)]
#[command(name = "planview", version, subcommand_negates_reqs = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    // Plan files or folders of plans to browse; none: the plan built into planview.
    pub files: Vec<PathBuf>,
    #[command(flatten)]
    pub state: StateArg,
    #[command(flatten)]
    pub config: ConfigArg,
    #[command(flatten)]
    pub open: OpenArgs,
    #[command(flatten)]
    pub cache: CacheArg,
    // Leave the mouse to the terminal (no clicking or wheel scrolling in planview).
    #[arg(long)]
    pub no_mouse: bool,
    // The interface language, zh or en [default: the config's language, else the locale:
    // LC_ALL, LC_MESSAGES, LANG; C, POSIX or unset: zh].
    #[arg(long, value_name = "LANG", value_parser = lang::parse, global = true)]
    pub lang: Option<crate::i18n::Lang>,
}

// The config file (keys, look, saved views).
#[derive(Debug, Clone, Args)]
pub struct ConfigArg {
    // The config file [default: $XDG_CONFIG_HOME/planview/config.toml].
    #[arg(id = "config_path", long = "config", value_name = "PATH", env = "PLANVIEW_CONFIG", global = true)]
    pub path: Option<PathBuf>,
}

// The parse cache: plans kept parsed on disk, read back at the next opening.
#[derive(Debug, Clone, Args)]
pub struct CacheArg {
    // The cache folder [default: $XDG_CACHE_HOME/planview].
    #[arg(id = "cache_dir", long = "cache", value_name = "DIR", env = "PLANVIEW_CACHE", global = true)]
    pub dir: Option<PathBuf>,
    // Parse every plan, and keep nothing in the cache.
    #[arg(long, global = true)]
    pub no_cache: bool,
}

impl CacheArg {
    /// Turns the parse cache on for this process, unless told not to.
    pub fn enable(&self) {
        if self.no_cache {
            return;
        }
        if let Some(dir) =
            self.dir.clone().filter(|d| !d.as_os_str().is_empty()).or_else(crate::library::cache::default_dir)
        {
            crate::library::cache::enable(dir);
        }
    }
}

// Where the browser opens.
#[derive(Debug, Clone, Default, Args)]
pub struct OpenArgs {
    // Open with a saved view of the config file ([views.NAME]).
    #[arg(long, value_name = "NAME")]
    pub view: Option<String>,
    // Open with the tree filtered to a unit (a name, an alias, a unique part, pinyin: sfj).
    #[arg(long, value_name = "NAME")]
    pub unit: Option<String>,
    // With --unit: only the measures the unit leads.
    #[arg(long, requires = "unit")]
    pub lead_only: bool,
    // Open at a measure, by id or number (12, 二.1).
    #[arg(long, value_name = "ID")]
    pub goto: Option<String>,
    // Count the days left to deadlines from this day instead of today (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = open::parse_date)]
    pub today: Option<jiff::civil::Date>,
}

// Where read/flagged marks and notes are kept.
#[derive(Debug, Clone, Args)]
pub struct StateArg {
    // The marks file [default: $XDG_STATE_HOME/planview/marks.json].
    #[arg(long = "state", value_name = "PATH", env = "PLANVIEW_STATE", global = true)]
    pub path: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    // Replay keys headlessly and print the final screen as text.
    Render(RenderArgs),
    // Report what was found in each file; exit 1 if any is not a plan.
    Check {
        // Plan files or folders; none: the embedded plan.
        files: Vec<PathBuf>,
    },
    // List the measures matching a query (title, body, units; pinyin for Latin letters).
    // Exit 0 if any match, 1 if none, 2 on error.
    Search {
        // Words that must all match, e.g. 宪法, "律师 公安", xfxs.
        query: String,
        // Plan files or folders; none: the embedded plan.
        files: Vec<PathBuf>,
        // Print JSON: [{"number", "title", "plan"}] (with --count: [{"plan", "measures"}]).
        #[arg(long)]
        json: bool,
        // Print only how many measures match in each plan.
        #[arg(short, long)]
        count: bool,
    },
    // List every responsible unit with how many measures it takes part in and leads.
    Units {
        // Plan files or folders; none: the embedded plan.
        files: Vec<PathBuf>,
        // Print JSON: [{"name", "kind", "total", "lead", "spellings", "measures"}].
        #[arg(long)]
        json: bool,
    },
    // Write plans (or one unit's duty list) as JSON, Markdown or CSV.
    Export(ExportArgs),
    // What is due: the measures with a deadline date not marked done, by date, overdue
    // first; exit 0 if any, 1 if none, 2 on error.
    Due(DueArgs),
    // Show the marks file, or merge a colleague's marks file into it.
    Marks {
        #[command(subcommand)]
        command: MarksCommand,
    },
    // Print the effective config (the defaults with your config file on top) as a config
    // file to start from; exit 1 if your file has a problem (listed on stderr).
    Config,
}

#[derive(Debug, Subcommand)]
pub enum MarksCommand {
    // List every measure with a mark (read, flagged, a note), per plan.
    Show {
        // Print the marks file as JSON (the form `marks merge` takes in).
        #[arg(long)]
        json: bool,
    },
    // Merge another marks file (a colleague's) into yours: for each measure the later
    // change wins; two different notes are both kept, the other one first. Prints what
    // changed.
    Merge {
        // The marks file to take in.
        file: PathBuf,
        // Print what would change without writing anything.
        #[arg(long)]
        dry_run: bool,
    },
}

#[derive(Debug, Args)]
pub struct RenderArgs {
    // Plan files or folders; none: the embedded plan.
    pub files: Vec<PathBuf>,
    // Screen width in columns.
    #[arg(long, default_value_t = 120, value_parser = clap::value_parser!(u16).range(1..=1000))]
    pub width: u16,
    // Screen height in rows.
    #[arg(long, default_value_t = 40, value_parser = clap::value_parser!(u16).range(1..=1000))]
    pub height: u16,
    // Keys to replay, in vim notation: plain characters (Chinese too) and <Enter> <Esc>
    // <Tab> <S-Tab> <BS> <Del> <Up> <Down> <Left> <Right> <PageUp> <PageDown> <Home> <End>
    // <Space> <lt> <F1>…<F12>, with C- (Ctrl), A- (Alt): <C-o>, <A-Left>.
    #[arg(long, default_value = "")]
    pub keys: String,
    #[command(flatten)]
    pub open: OpenArgs,
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("units").args(["unit", "by_unit"])))]
pub struct ExportArgs {
    // Plan files or folders; none: the embedded plan.
    pub files: Vec<PathBuf>,
    // Output format (else from the extension of -o); with --by-unit, several: xlsx,docx.
    #[arg(long, value_enum, value_delimiter = ',')]
    pub format: Vec<Format>,
    // Write to this file (atomically: a failed export leaves no half file) instead of stdout.
    #[arg(short, long, value_name = "FILE", conflicts_with = "by_unit")]
    pub output: Option<PathBuf>,
    // CSV without the byte-order mark Excel needs to read UTF-8.
    #[arg(long)]
    pub no_bom: bool,
    // Only the measures of this unit (a name as written, an alias, or a unique part).
    #[arg(long, value_name = "NAME")]
    pub unit: Option<String>,
    // A duty list per unit in this folder (groups in a sub-folder), with an index.
    #[arg(long, value_name = "DIR")]
    pub by_unit: Option<PathBuf>,
    // With --by-unit: replace files that already exist.
    #[arg(long, requires = "by_unit")]
    pub force: bool,
    // With --unit or --by-unit: only the measures the unit leads.
    #[arg(long, requires = "units")]
    pub lead_only: bool,
    // Only the measures with this mark (from the marks file, see --state).
    #[arg(long, value_enum, value_name = "MARK")]
    pub marked: Option<Marked>,
    /// Leave out the read / flagged / done / note and days-left columns and fields.
    #[arg(long)]
    pub no_marks: bool,
    // Count the days left from this day instead of today (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub today: Option<String>,
}

#[derive(Debug, Args)]
pub struct DueArgs {
    // Plan files or folders; none: the embedded plan.
    pub files: Vec<PathBuf>,
    // Only the measures of this unit (a name as written, an alias, a unique part, pinyin).
    #[arg(long, value_name = "NAME")]
    pub unit: Option<String>,
    // Only what is overdue or due within DAYS days (leaves out deadlines without a date).
    #[arg(long, value_name = "DAYS")]
    pub within: Option<u32>,
    // Count the days from this day instead of today (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub today: Option<String>,
    // Print JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Marked {
    Read,
    Unread,
    Flagged,
    Done,
    #[value(name = "undone")]
    NotDone,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Json,
    Md,
    Csv,
    Xlsx,
    Docx,
}

impl Format {
    /// The file name extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Md => "md",
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
            Format::Docx => "docx",
        }
    }
}

/// Runs the non-interactive commands. `None` means "run the browser".
pub fn run(cli: &Cli) -> Option<ExitCode> {
    let command = cli.command.as_ref()?;
    Some(match command {
        Command::Check { files } => check::run(files),
        Command::Search { query, files, json, count } => {
            search::run(query, files, if *count { search::Shape::Count } else { search::Shape::Hits }, *json)
        }
        Command::Units { files, json } => units::run(files, *json),
        Command::Export(args) => export::run(args, &cli.state),
        Command::Due(args) => due::run(args, &cli.state),
        Command::Marks { command } => marks::run(command, &cli.state),
        Command::Config => config::run(&cli.config),
        Command::Render(_) => return None,
    })
}

/// Ends a command's use of a library without freeing it: the process ends right after, and
/// freeing thousands of plans one allocation at a time is wasted work.
pub fn let_go(library: Library) {
    std::mem::forget(library);
}

/// Reports the files that did not load on stderr; whether one the user named is among them.
pub fn report_skipped(library: &Library) -> bool {
    for skipped in &library.skipped {
        error(&skipped.error);
    }
    library.skipped.iter().any(|s| s.named)
}

/// Opens the library for a command, reporting files that did not load on stderr. Returns
/// the library and whether a file the user named failed; `None` if nothing loaded.
pub fn open_library(files: &[PathBuf]) -> Option<(Library, bool)> {
    let library = output::with_progress(|progress| Library::open_counted(files, progress));
    let named_failed = report_skipped(&library);
    if library.plans.is_empty() {
        if library.skipped.is_empty() {
            error(crate::tr!("cli-no-plans"));
        }
        return None;
    }
    Some((library, named_failed))
}
