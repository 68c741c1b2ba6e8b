//! What is due: the measures of a library that have a deadline, in the order an official
//! works through them — dated ones by date (so the overdue come first), then those whose
//! deadline names no day (长期坚持, 持续推进), apart at the end — with the days left counted
//! from a given day. The due view (`d`) and `planview due` both list this.

use jiff::civil::Date;

use crate::library::{Library, MeasureId};

/// A measure with a deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DueItem {
    pub id: MeasureId,
    /// The last day the deadline allows; None for an ongoing form (长期坚持).
    pub date: Option<Date>,
    /// Days from today to `date`: negative when overdue, 0 when due today.
    pub days_left: Option<i64>,
}

impl DueItem {
    pub fn is_overdue(&self) -> bool {
        self.days_left.is_some_and(|d| d < 0)
    }
}

/// Which of the due measures a list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Window {
    /// Past their date.
    Overdue,
    /// Overdue, or due within so many days.
    Within(u32),
    /// Every measure with a deadline, the undated ones at the end.
    #[default]
    All,
}

impl Window {
    /// The windows the due view steps through: overdue → 7 → 30 → 90 days → all.
    pub const STEPS: [Window; 5] =
        [Window::Overdue, Window::Within(7), Window::Within(30), Window::Within(90), Window::All];

    pub fn next(self) -> Window {
        let at = Self::STEPS.iter().position(|&w| w == self).unwrap_or(Self::STEPS.len() - 1);
        Self::STEPS[(at + 1) % Self::STEPS.len()]
    }

    pub fn keeps(self, item: &DueItem) -> bool {
        match (self, item.days_left) {
            (Window::All, _) => true,
            (Window::Overdue, Some(days)) => days < 0,
            (Window::Within(n), Some(days)) => days <= i64::from(n),
            (_, None) => false,
        }
    }
}

/// Every measure of `library` with a deadline that `keep` lets through (the caller leaves
/// out the done and the filtered), dated ones by date then library order, then the undated
/// in library order.
pub fn due_list(library: &Library, today: Date, keep: impl Fn(MeasureId) -> bool) -> Vec<DueItem> {
    let mut items: Vec<DueItem> = library
        .measure_ids()
        .filter_map(|id| {
            let deadline = library.measure(id).deadline.as_ref()?;
            if !keep(id) {
                return None;
            }
            let days_left = deadline.date.and_then(|date| days_between(today, date));
            Some(DueItem { id, date: deadline.date, days_left })
        })
        .collect();
    // Stable: equal dates keep library order; None sorts last.
    items.sort_by_key(|item| (item.date.is_none(), item.date));
    items
}

/// How a due list names a plan: its 文号, else its title, else its id (a hash, or the file
/// name the library added).
pub fn plan_label(plan: &crate::plan::Plan) -> &str {
    let meta = &plan.meta;
    match meta.doc_number.as_deref() {
        Some(number) if !number.is_empty() => number,
        _ if !meta.title.is_empty() => &meta.title,
        _ => &plan.id,
    }
}

/// Days from `today` to `date`: negative when it is past.
pub fn days_between(today: Date, date: Date) -> Option<i64> {
    Some(i64::from(today.until(date).ok()?.get_days()))
}

/// Days left as words: `逾期 3 天`, `今天到期`, `还剩 5 天`, `无具体日期`.
pub fn days_left_text(days: Option<i64>) -> String {
    match days {
        Some(d) if d < 0 => crate::tr!("due-overdue", n = -d),
        Some(0) => crate::tr!("due-today"),
        Some(d) => crate::tr!("due-left", n = d),
        None => crate::tr!("due-undated"),
    }
}

/// Today in the local time zone (a report's day; `--today` fixes it for tests and reports).
pub fn today() -> Date {
    jiff::Zoned::now().date()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::load_bytes;

    /// A plan of five tasks: two dated in the past, one today, one later, one ongoing, one
    /// without a deadline.
    fn plan() -> Library {
        let text = "2024年工作方案\n一、任务\n\
                    1.甲。（县发改局负责；完成时限：2025年6月底前）\n\
                    2.乙。（县财政局负责；完成时限：2025年3月底前）\n\
                    3.丙。（县司法局负责；完成时限：长期坚持）\n\
                    4.丁。（县司法局负责）\n\
                    5.戊。（县司法局负责；完成时限：2025年12月31日前）\n\
                    6.己。（县司法局负责；完成时限：2025年9月30日前）\n";
        Library::from_plans(vec![load_bytes(text.as_bytes(), "due.txt").expect("a plan")], Vec::new())
    }

    #[test]
    fn by_date_overdue_first_then_the_undated() {
        let library = plan();
        let today = Date::new(2025, 9, 30).unwrap();
        let list = due_list(&library, today, |_| true);
        // No 文号: the plan is named by its title.
        assert_eq!(plan_label(library.plan(0)), "2024年工作方案");
        let numbers: Vec<&str> = list.iter().map(|i| &*library.measure(i.id).id).collect();
        assert_eq!(numbers, ["2", "1", "6", "5", "3"]);
        let days: Vec<Option<i64>> = list.iter().map(|i| i.days_left).collect();
        assert_eq!(days, [Some(-183), Some(-92), Some(0), Some(92), None]);
        assert!(list[0].is_overdue() && !list[2].is_overdue());
        // What `keep` leaves out is not listed.
        let list = due_list(&library, today, |id| library.measure(id).id.as_ref() != "2");
        assert_eq!(list.len(), 4);
    }

    #[test]
    fn windows() {
        let library = plan();
        let list = due_list(&library, Date::new(2025, 9, 30).unwrap(), |_| true);
        let count = |w: Window| list.iter().filter(|i| w.keeps(i)).count();
        assert_eq!(count(Window::Overdue), 2);
        assert_eq!(count(Window::Within(7)), 3, "today's too");
        assert_eq!(count(Window::Within(90)), 3);
        assert_eq!(count(Window::Within(92)), 4);
        assert_eq!(count(Window::All), 5, "the undated at the end");
        let mut w = Window::Overdue;
        for expected in [Window::Within(7), Window::Within(30), Window::Within(90), Window::All, Window::Overdue] {
            w = w.next();
            assert_eq!(w, expected);
        }
    }
}
