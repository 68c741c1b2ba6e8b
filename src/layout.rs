//! Screen geometry: where everything goes on the screen. Pure, and below both the state and
//! the drawing: the update step uses it to map mouse clicks and page sizes, drawing uses it
//! to paint.

use ratatui::layout::Rect;

/// Below this size the browser shows a short message instead of its layout.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 8;
/// From this width the tree and the text are shown side by side.
pub const SPLIT_WIDTH: u16 = 72;

/// The narrowest a pane gets when the user sets the tree's width.
const MIN_PANE: u16 = 20;

/// Which pane is shown when only one fits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Tree,
    Detail,
}

/// The screen areas.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Areas {
    pub title: Rect,
    /// The tree pane with its border, and inside it.
    pub tree: Option<(Rect, Rect)>,
    pub detail: Option<(Rect, Rect)>,
    /// The one-line input (search, jump), when open.
    pub input: Option<Rect>,
    pub status: Rect,
}

/// Whether the screen is too small for the layout.
pub fn too_small(size: Rect) -> bool {
    size.width < MIN_WIDTH || size.height < MIN_HEIGHT
}

/// Lays out a screen of `size`; `focus` picks the pane when only one fits; `tree_width` is
/// the tree pane's share in percent (None: 45% below 120 columns, so titles keep a dozen
/// characters at 80, else 40%; from 30 up to 60 columns).
pub fn areas(size: Rect, input_open: bool, focus: Pane, tree_width: Option<u8>) -> Areas {
    if too_small(size) {
        return Areas::default();
    }
    let title = Rect { height: 1, ..size };
    let status = Rect { y: size.bottom() - 1, height: 1, ..size };
    let input = input_open.then_some(Rect { y: size.bottom() - 2, height: 1, ..size });
    let main_top = size.y + 1;
    let main_bottom = size.bottom() - 1 - u16::from(input_open);
    let main = Rect { y: main_top, height: main_bottom - main_top, ..size };
    let (tree, detail) = if size.width >= SPLIT_WIDTH {
        let tree_width = match tree_width {
            None if size.width < 120 => (size.width * 9 / 20).clamp(30, 60),
            None => (size.width * 2 / 5).clamp(30, 60),
            // Each pane keeps room for a few words.
            Some(percent) => {
                let share = u32::from(size.width) * u32::from(percent) / 100;
                (share as u16).clamp(MIN_PANE, size.width - MIN_PANE)
            }
        };
        let tree = Rect { width: tree_width, ..main };
        let detail = Rect { x: main.x + tree_width, width: main.width - tree_width, ..main };
        (Some(tree), Some(detail))
    } else {
        match focus {
            Pane::Tree => (Some(main), None),
            Pane::Detail => (None, Some(main)),
        }
    };
    Areas { title, tree: tree.map(with_inner), detail: detail.map(with_inner), input, status }
}

fn with_inner(outer: Rect) -> (Rect, Rect) {
    let inner = Rect {
        x: outer.x + 1,
        y: outer.y + 1,
        width: outer.width.saturating_sub(2),
        height: outer.height.saturating_sub(2),
    };
    (outer, inner)
}

/// A centred rectangle of at most `width` x `height` inside `area`, leaving a margin.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width.saturating_sub(2)).max(1);
    let height = height.min(area.height.saturating_sub(2)).max(1);
    Rect {
        x: area.x + (area.width.saturating_sub(width)) / 2,
        y: area.y + (area.height.saturating_sub(height)) / 2,
        width,
        height,
    }
}

/// The unit picker popup.
pub fn picker_area(size: Rect) -> Rect {
    centered(size, 64, size.height.saturating_sub(4).clamp(1, 24))
}

/// Rows of units visible in the picker (below its input and header).
pub fn picker_rows(size: Rect) -> usize {
    usize::from(picker_area(size).height.saturating_sub(4))
}

/// The workload overview: the whole screen between the title bar and the status line.
pub fn overview_area(size: Rect) -> Rect {
    Rect { y: size.y + 1, height: size.height.saturating_sub(2), ..size }
}

/// Rows of units visible in the overview (below its header).
pub fn overview_rows(size: Rect) -> usize {
    usize::from(overview_area(size).height.saturating_sub(3))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_and_single_pane() {
        let wide = areas(Rect::new(0, 0, 120, 40), false, Pane::Tree, None);
        let (tree, tree_inner) = wide.tree.unwrap();
        let (detail, _) = wide.detail.unwrap();
        assert_eq!(tree.width + detail.width, 120);
        assert_eq!(tree_inner.height, 36);
        assert_eq!(wide.status.y, 39);
        let narrow = areas(Rect::new(0, 0, 60, 20), true, Pane::Detail, None);
        assert!(narrow.tree.is_none());
        assert_eq!(narrow.input.unwrap().y, 18);
        assert_eq!(areas(Rect::new(0, 0, 10, 3), false, Pane::Tree, None), Areas::default());
        let set = areas(Rect::new(0, 0, 200, 40), false, Pane::Tree, Some(25));
        assert_eq!(set.tree.unwrap().0.width, 50, "a quarter of 200 columns");
        let extreme = areas(Rect::new(0, 0, 80, 40), false, Pane::Tree, Some(90));
        assert_eq!(extreme.tree.unwrap().0.width, 60, "the text keeps 20 columns");
    }
}
