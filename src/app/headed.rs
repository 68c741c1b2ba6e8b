//! Lists of items under headings (the workload overview, the due view): the selection rests
//! on items only, and a heading scrolls into sight with the item just under it.

/// The row `delta` items away from the `selected` row (headings passed over), kept within
/// the list; `is_item` says for each row whether it is an item. The selection stays where it
/// is if it is not on an item.
pub fn move_by(is_item: impl Iterator<Item = bool>, selected: usize, delta: isize) -> usize {
    let items: Vec<usize> = is_item.enumerate().filter(|(_, item)| *item).map(|(at, _)| at).collect();
    let Some(now) = items.iter().position(|&at| at == selected) else { return selected };
    items[now.saturating_add_signed(delta).min(items.len() - 1)]
}

/// The first row to show so the `selected` row is inside a list of `height` rows, moving
/// `offset` no more than needed; a heading just above the selection (`heading_above`) is
/// shown with it.
pub fn offset(selected: usize, offset: usize, height: usize, heading_above: bool) -> usize {
    if height == 0 {
        return offset;
    }
    let top = if heading_above { selected - 1 } else { selected };
    if top < offset {
        top
    } else if selected >= offset + height {
        selected + 1 - height
    } else {
        offset
    }
}
