//! The application state: the library and its indexes, what is selected, folded, filtered
//! and typed. Only the update step changes it; drawing reads it.

use std::sync::Arc;

use ratatui::layout::Rect;
use ratatui_textarea::{CursorMove, TextArea, WrapMode};

use crate::layout::{self, Areas, Pane};
use crate::library::{Library, MeasureId, UnitIndex};
use crate::marks::{Mark, MarkFilter, MarkKind, Store};
use crate::search::{HitSet, Query, SearchIndex};

pub use super::action::Direction;
use super::detail_view::{DetailSources, DetailView, MarkInfo};
use super::due_view::DueView;
use super::effect::Effect;
use super::indexes::Indexes;
use super::keymap::{KeyContext, Keymap};
use super::node::Node;
use super::overview::Overview;
use super::picker::Picker;
use super::searcher::Searcher;
use super::settings::Settings;
use super::tree::Tree;

/// What the keyboard is talking to, with the data of that mode: an input, an open dialog
/// or overlay owns its state, so none is left behind when it closes.
#[derive(Debug, Default)]
pub enum Mode {
    #[default]
    Browse,
    /// Typing a search (the tree narrows with each keystroke).
    Search(SearchInput),
    /// Typing a measure id after `:`.
    Jump(TextArea<'static>),
    /// Choosing a unit to filter by.
    Picker(Picker),
    /// The unit workload overview.
    Overview(Overview),
    /// What is due, by date.
    Due(DueView),
    /// Editing a measure's note.
    Note(NoteEdit),
    /// Asking before marking a whole chapter or section, or throwing a note away.
    Confirm(Question),
    Help {
        scroll: usize,
    },
    /// The list of saved views; the selected one.
    Views {
        selected: usize,
    },
}

/// Which mode, without its data (for tests and for telling modes apart).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModeKind {
    Browse,
    Search,
    Jump,
    Picker,
    Overview,
    Due,
    Note,
    Confirm,
    Help,
    Views,
}

impl Mode {
    pub fn kind(&self) -> ModeKind {
        match self {
            Mode::Browse => ModeKind::Browse,
            Mode::Search(_) => ModeKind::Search,
            Mode::Jump(_) => ModeKind::Jump,
            Mode::Picker(_) => ModeKind::Picker,
            Mode::Overview(_) => ModeKind::Overview,
            Mode::Due(_) => ModeKind::Due,
            Mode::Note(_) => ModeKind::Note,
            Mode::Confirm(_) => ModeKind::Confirm,
            Mode::Help { .. } => ModeKind::Help,
            Mode::Views { .. } => ModeKind::Views,
        }
    }

    /// What is being typed, in a mode with an input (search, jump, picker, note).
    pub fn input(&self) -> Option<&TextArea<'static>> {
        match self {
            Mode::Search(search) => Some(&search.input),
            Mode::Jump(input) => Some(input),
            Mode::Picker(picker) => Some(&picker.input),
            Mode::Note(edit) => Some(&edit.editor),
            _ => None,
        }
    }

    /// The unit picker, when it is open.
    pub fn picker(&self) -> Option<&Picker> {
        match self {
            Mode::Picker(picker) => Some(picker),
            _ => None,
        }
    }

    /// Whether a one-line input (search, jump) is open below the panes.
    pub fn has_input_line(&self) -> bool {
        matches!(self, Mode::Search(_) | Mode::Jump(_))
    }
}

/// The search being typed.
#[derive(Debug, Default)]
pub struct SearchInput {
    pub input: TextArea<'static>,
    /// Where the selection was when `/` was pressed (Esc goes back there).
    pub origin: Option<Node>,
}

/// A note being edited.
#[derive(Debug)]
pub struct NoteEdit {
    /// The measure whose note it is.
    pub target: MeasureId,
    pub editor: TextArea<'static>,
    /// The note as the editor showed it when it opened (to see if it changed meanwhile).
    pub base: String,
}

impl NoteEdit {
    /// An editor on a note, the cursor at its end.
    pub fn new(target: MeasureId, note: String) -> NoteEdit {
        let mut editor = TextArea::new(note.split('\n').map(String::from).collect());
        editor.set_wrap_mode(WrapMode::WordOrGlyph);
        editor.move_cursor(CursorMove::Bottom);
        editor.move_cursor(CursorMove::End);
        NoteEdit { target, editor, base: note }
    }
}

/// A question waiting for the user's yes.
#[derive(Debug)]
pub enum Question {
    /// Mark every measure of a chapter or section.
    Bulk(BulkMark),
    /// Throw away what was typed in the note editor (no: back to the editor, as it was).
    DiscardNote(Box<NoteEdit>),
}

/// The last mark on a whole chapter or section, so `z` can take it back: each measure's
/// marks before it.
#[derive(Debug, Clone, PartialEq)]
pub struct BulkUndo {
    pub kind: crate::marks::MarkKind,
    pub set: bool,
    pub before: Vec<(MeasureId, bool)>,
}

/// A change to many measures' marks, waiting for the user's yes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BulkMark {
    pub node: Node,
    pub kind: MarkKind,
    /// Mark (true) or unmark (false).
    pub set: bool,
    pub count: usize,
}

/// How a message on the status line is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Info,
    Error,
}

/// The unit the tree is narrowed to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitFilter {
    pub name: String,
    pub lead_only: bool,
    pub hits: HitSet,
}

/// The incremental search, active or not (what is typed lives in [`Mode::Search`]).
#[derive(Debug, Default)]
pub struct SearchState {
    /// The active query (None: no search).
    pub query: Option<Query>,
    pub hits: Option<HitSet>,
    /// Earlier queries and their hits, to narrow instead of rescanning as the user types.
    pub cache: Vec<(Query, HitSet)>,
    /// A query sent to the searching thread and not answered yet (the tree shows the
    /// previous query's hits until then).
    pub pending: Option<PendingSearch>,
}

/// A query being searched for on the searching thread.
#[derive(Debug)]
pub struct PendingSearch {
    pub generation: u64,
    pub query: Query,
    /// Enter was pressed before the answer came: where the search started and what was
    /// typed, to go to the first hit (or say there is none) when it comes.
    pub submit: Option<(Option<Node>, String)>,
    /// The hits in the first plans are shown (the selection is on the first of them).
    pub first_part_shown: bool,
}

/// Places visited before a jump, as in vim's jump list.
#[derive(Debug, Default, Clone)]
pub struct History {
    pub back: Vec<Node>,
    pub forward: Vec<Node>,
}

/// A message on the status line until the next key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub text: String,
    pub severity: Severity,
}

/// Start-up options.
#[derive(Debug, Clone)]
pub struct Options {
    pub color: bool,
    pub mouse: bool,
    /// What the config file sets (keys, look, saved views).
    pub settings: Settings,
    /// The day the days left to deadlines are counted from (today, or `--today`).
    pub today: jiff::civil::Date,
}

impl Default for Options {
    fn default() -> Self {
        Options { color: true, mouse: true, settings: Settings::default(), today: crate::due::today() }
    }
}

/// The whole application state.
pub struct App {
    pub library: Arc<Library>,
    /// The unit and search indexes, built in the background after the first frame.
    pub(crate) indexes: Arc<Indexes>,
    /// The thread searches run on in the interactive browser (none: searched in the update
    /// step itself, as `render` and tests do).
    pub(crate) searcher: Option<Searcher>,
    pub options: Options,
    /// The terminal size.
    pub size: Rect,
    pub mode: Mode,
    pub focus: Pane,
    pub tree: Tree,
    pub detail: DetailView,
    /// What the detail view was built for, to rebuild only when it changes.
    pub(crate) detail_key: Option<DetailKey>,
    pub search: SearchState,
    pub unit_filter: Option<UnitFilter>,
    pub marks: Store,
    pub mark_filter: MarkFilter,
    pub mark_hits: Option<HitSet>,
    /// The measures passing every active filter (None: no filter).
    pub visible: Option<HitSet>,
    pub history: History,
    pub message: Option<Message>,
    /// Errors reported during the session (printed on stderr at the end).
    pub log: Vec<String>,
    /// What the update asked of the world outside, not carried out yet (see `effect.rs`).
    pub(crate) effects: Vec<Effect>,
    /// The last mark on a whole chapter or section, until `z` takes it back.
    pub last_bulk: Option<BulkUndo>,
    /// How many measures of the library are overdue and not done (kept up to date as marks
    /// change: the title bar shows it on every frame).
    pub overdue: usize,
    /// While the library is still being read (the browser shows its first plans): how far
    /// that has got, and the keys kept for when it is done (see `reading.rs`).
    pub reading: Option<Reading>,
    /// Keys kept while the library was read, to act on now it is complete.
    pub(crate) replay: Vec<Held>,
    pub should_quit: bool,
}

/// A library being read: how far it has got, and what was typed meanwhile that needs it
/// whole.
#[derive(Debug, Default)]
pub struct Reading {
    /// Files read, of the files found.
    pub done: usize,
    pub total: usize,
    pub(crate) held: Vec<Held>,
}

impl Reading {
    /// How many keys and pastes wait for the library.
    pub fn held(&self) -> usize {
        self.held.len()
    }
}

/// A key or paste kept for when the library is complete.
#[derive(Debug, Clone)]
pub(crate) enum Held {
    Key(ratatui::crossterm::event::KeyEvent),
    Paste(String),
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct DetailKey {
    pub node: Option<Node>,
    pub width: u16,
    pub query: Option<String>,
    pub unit: Option<String>,
    /// The selected measure's marks, so the pane shows changes.
    pub mark: Option<Mark>,
}

impl App {
    /// A browser over the library, sized for a terminal of `width` x `height`.
    pub fn new(library: Library, width: u16, height: u16, options: Options, marks: Store) -> Self {
        let library = Arc::new(library);
        let indexes = Indexes::start(&library);
        let tree = Tree::new(&library);
        App::build(library, width, height, options, marks, indexes, tree)
    }

    /// A browser over the library with these indexes and this tree (see [`App::new`] and
    /// `App::while_reading`).
    pub(crate) fn build(
        library: impl Into<Arc<Library>>,
        width: u16,
        height: u16,
        options: Options,
        marks: Store,
        indexes: Arc<Indexes>,
        tree: Tree,
    ) -> Self {
        let library = library.into();
        let mut app = App {
            library,
            indexes,
            searcher: None,
            options,
            size: Rect::new(0, 0, width, height),
            mode: Mode::Browse,
            focus: Pane::Tree,
            tree,
            detail: DetailView::default(),
            detail_key: None,
            search: SearchState::default(),
            unit_filter: None,
            marks,
            mark_filter: MarkFilter::All,
            mark_hits: None,
            visible: None,
            history: History::default(),
            message: None,
            log: Vec::new(),
            effects: Vec::new(),
            last_bulk: None,
            overdue: 0,
            reading: None,
            replay: Vec::new(),
            should_quit: false,
        };
        app.refresh_overdue();
        // The width `<` and `>` left the tree at last time wins over the config's.
        if let Some(percent) = app.marks.ui().tree_width {
            app.options.settings.tree_width = Some(percent);
        }
        app.tree.rebuild(&app.library, None);
        app.take_notices();
        app.sync();
        app
    }

    /// The screen areas for the current size and mode.
    pub fn areas(&self) -> Areas {
        layout::areas(self.size, self.mode.has_input_line(), self.focus, self.options.settings.tree_width)
    }

    /// The key context for the keymap.
    pub fn context(&self) -> KeyContext {
        match self.mode {
            Mode::Browse if self.focus == Pane::Detail => KeyContext::Detail,
            Mode::Browse => KeyContext::Tree,
            Mode::Search(_) => KeyContext::Search,
            Mode::Jump(_) => KeyContext::Jump,
            Mode::Picker(_) => KeyContext::Picker,
            Mode::Overview(_) => KeyContext::Overview,
            Mode::Due(_) => KeyContext::Due,
            Mode::Note(_) => KeyContext::Note,
            Mode::Confirm(_) => KeyContext::Confirm,
            Mode::Help { .. } => KeyContext::Help,
            Mode::Views { .. } => KeyContext::Views,
        }
    }

    /// The live keymap.
    pub fn keymap(&self) -> &Keymap {
        &self.options.settings.keymap
    }

    /// Shows a message on the status line until the next key. A message may quote what came
    /// from outside (a config file, a name typed on the command line): what could drive the
    /// terminal is shown as `?`.
    pub fn say(&mut self, text: impl Into<String>, severity: Severity) {
        let mut text = text.into();
        if text.chars().any(crate::text::safety::is_unsafe) {
            text = text.chars().map(|c| if crate::text::safety::is_unsafe(c) { '?' } else { c }).collect();
        }
        self.message = Some(Message { text, severity });
    }

    /// The effects the updates so far asked for, to be carried out (see [`App::carry_out`]).
    pub fn take_effects(&mut self) -> Vec<Effect> {
        std::mem::take(&mut self.effects)
    }

    pub fn selected(&self) -> Option<Node> {
        self.tree.selected_node()
    }

    /// The plan the selection is in (the first plan if nothing is selected).
    pub fn current_plan(&self) -> u32 {
        self.selected().map_or(0, Node::plan)
    }

    pub fn tree_height(&self) -> usize {
        self.areas().tree.map_or(0, |(_, inner)| usize::from(inner.height))
    }

    pub fn detail_height(&self) -> usize {
        self.areas().detail.map_or(0, |(_, inner)| usize::from(inner.height))
    }

    /// Whether any filter narrows the tree.
    pub fn filtered(&self) -> bool {
        self.visible.is_some()
    }

    /// The measures n/N step through: those the filters leave, when a search is active.
    pub fn hits(&self) -> Option<&HitSet> {
        self.search.query.as_ref().and(self.visible.as_ref())
    }

    /// The selected measure's place among the hits (1-based) and how many there are.
    pub fn hit_position(&self) -> Option<(usize, usize)> {
        let hits = self.hits()?;
        let id = self.selected()?.measure()?;
        let global = self.library.global(id);
        hits.contains(global).then(|| (hits.count_in(0..global) + 1, hits.count()))
    }

    /// The first hit's row in the tree.
    pub fn first_hit_row(&self) -> Option<usize> {
        let hits = self.hits()?;
        self.tree.rows.iter().position(|r| r.node.measure().is_some_and(|id| hits.contains(self.library.global(id))))
    }

    /// The unit index (waits for the background build if it is under way, builds it here if
    /// that build never ran or failed).
    pub fn units(&self) -> &UnitIndex {
        self.indexes.units(&self.library)
    }

    /// The search index (as [`App::units`]).
    pub fn search_index(&self) -> &SearchIndex {
        self.indexes.search(&self.library)
    }

    /// The marks of a measure.
    pub fn mark_of(&self, id: MeasureId) -> Option<&Mark> {
        self.marks.get(&self.library.plan(id.plan).id, &self.library.measure(id).id)
    }

    /// How many of the measures (positions in plan `p`) are read.
    pub fn read_count(&self, plan: u32, range: std::ops::Range<usize>) -> usize {
        self.mark_count(plan, range, MarkKind::Read)
    }

    /// How many of the measures (positions in plan `p`) carry a mark.
    pub fn mark_count(&self, plan: u32, range: std::ops::Range<usize>, kind: MarkKind) -> usize {
        // From the marks (few) rather than the measures (many).
        let p = self.library.plan(plan);
        self.marks
            .plan_marks(&p.id)
            .filter(|(measure, mark)| mark.get(kind) && p.measure_index(measure).is_some_and(|i| range.contains(&i)))
            .count()
    }

    /// Brings derived views up to date: tree scroll, the detail view and its scroll.
    pub fn sync(&mut self) {
        let height = self.tree_height();
        self.tree.scroll_to_selection(height);
        let width = self.areas().detail.map_or(0, |(_, inner)| inner.width);
        let key = DetailKey {
            node: self.selected(),
            width,
            query: self.search.query.as_ref().map(|q| q.raw.clone()),
            unit: self.unit_filter.as_ref().map(|u| u.name.clone()),
            mark: self.selected().and_then(Node::measure).and_then(|id| self.mark_of(id).cloned()),
        };
        if self.detail_key.as_ref() != Some(&key) {
            let same_node = self.detail_key.as_ref().is_some_and(|k| k.node == key.node);
            let scroll = self.detail.scroll;
            let marks = |id: MeasureId| match self.mark_of(id) {
                Some(m) => MarkInfo { read: m.read, flagged: m.flagged, done: m.done, note: &m.note },
                None => MarkInfo::default(),
            };
            let cx = DetailSources {
                library: &self.library,
                units: self.indexes.units_if_built(),
                query: self.search.query.as_ref(),
                unit: self.unit_filter.as_ref().map(|u| u.name.as_str()),
                marks: &marks,
            };
            self.detail = DetailView::build(key.node, width, &cx);
            if same_node {
                self.detail.scroll = scroll;
            } else if let Some(hit) = self.detail.first_hit {
                self.detail.scroll = hit.saturating_sub(2);
            }
            self.detail_key = Some(key);
        }
        let detail_height = self.detail_height();
        self.detail.clamp_scroll(detail_height);
    }
}
