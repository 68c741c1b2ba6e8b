# The browser: pane titles, status line, hints, prompts, popups, help.
# Terms follow the glossary in the README (measure, responsible units, lead, partner, …).

count-measures = { $n ->
    [one] 1 measure
   *[other] { $n } measures
}

msg-bulk-done = { $n ->
    [one] 1 measure marked; { $key } undoes it
   *[other] { $n } measures marked; { $key } undoes it
}
msg-bulk-undone = { $n ->
    [one] Undone: 1 measure as it was
   *[other] Undone: { $n } measures as they were
}
msg-nothing-to-undo = Nothing to undo (only a mark on a whole chapter or section is undone)
msg-note-discarded = Changes to the note discarded
msg-tree-width = Contents pane: { $percent }% of the width (remembered)
confirm-discard-note = Discard the changes to this note? ({ $yes } / { $no })
workload-offices = Offices ({ $n })
workload-groups = Groups and others ({ $n })
workload-by-total = by total
workload-by-lead = by lead
workload-by-name = by name

## The due view (d) and planview due

due-overdue = { $n ->
    [one] 1 day overdue
   *[other] { $n } days overdue
}
due-today = due today
due-left = { $n ->
    [one] 1 day left
   *[other] { $n } days left
}
due-undated = no date
due-title = due · { $window } · { $n }
due-window-overdue = overdue
due-window-within = due within { $n } days (overdue too)
due-window-all = all
due-col-date = date
due-col-left = left
due-col-plan = plan
due-col-id = no.
due-col-title = measure
due-col-lead = lead
due-col-deadline = deadline
due-undated-heading = no date ({ $n })
due-none = nothing is due
## The title bar

title-read = { $read }/{ $total } read
title-flagged = { $n } flagged
title-done = { $n } done
title-overdue = { $n } overdue
title-plans = { $n ->
    [one] 1 plan
   *[other] { $n } plans
}
title-measures = { $n ->
    [one] 1 measure
   *[other] { $n } measures
}

## The status line

status-measure = measure { $id }/{ $last }
# A measure whose id is not a number (二.1, 附件1.4): its place among all.
status-measure-at = measure { $id } ({ $n }/{ $total })
status-hit = hit { $i }/{ $n }
status-section = section
status-chapter = chapter
status-plan = plan
status-no-selection = no selection
status-lead-only = lead
status-unread = unread
status-flagged = flagged
status-searching = searching…
status-reading = reading plans { $done }/{ $total }: search, filters and marks once all are read
status-reading-held = reading plans { $done }/{ $total }: { $keys } keys typed will act once all are read
status-no-measures = no measures
status-measures = { $n ->
    [one] 1 measure
   *[other] { $n } measures
}
status-measures-in-plans = { $n ->
    [one] 1 measure
   *[other] { $n } measures
} in { $with }/{ $plans } plans

## The tree pane

tree-contents = contents
tree-filtered = { $n } of { $total } measures
tree-no-match = No measures match.
tree-lead = lead

## The detail pane

detail-section = section
detail-chapter = chapter
detail-plan = plan
detail-more = ↓ { $n } more
detail-no-match = No measures match the active filters.
detail-read = ✓ read
detail-flagged = ⚑ flagged
detail-done = ✔ done
detail-title-only = (the text is the title alone)
detail-deadline = deadline
detail-task-group = task group
detail-note = note
detail-units = responsible units { $n }
detail-units-none = responsible units
detail-not-listed = not listed
detail-lead = lead
detail-partner = partner
detail-responsible = responsible
detail-groups = groups
# A unit named by an alias, with the name it stands for.
detail-alias = { $raw } (i.e. { $name })
detail-adopted = adopted { $date }
detail-issued = issued { $date }
detail-structure = { $chapters ->
    [one] 1 chapter
   *[other] { $chapters } chapters
} · { $sections ->
    [one] 1 section
   *[other] { $sections } sections
}
detail-span-one = 1 measure ({ $first })
detail-span = { $n } measures ({ $first }–{ $last })
detail-no-measures = No measures.
detail-top-leads = top leads
detail-more-leads = … ({ $n } lead units in all)
detail-unit-role = { $unit }: { $role }
detail-unit-summary = { $unit }: { $n ->
    [one] 1 measure
   *[other] { $n } measures
}, leads { $led }

## The unit picker and the workload overview

picker-title = filter by unit · { $role } · { $n } of { $total }
picker-lead-only = lead only
picker-any-role = any role
picker-unit = unit
picker-total = total
picker-lead = lead
picker-no-match = No unit matches.
workload-title = workload · { $n ->
    [one] 1 unit
   *[other] { $n } units
} · { $sort } · █ leads ░ shares

## The help page

help-title = help · { $hints }
help-browsing = Browsing
help-detail = In the text pane
help-search = Typing a search or a measure id
help-jump = Typing a measure id
help-picker = Unit picker
help-overview = Workload overview
help-views = Saved views
help-note = Note editor
help-mouse = Mouse: click selects, the wheel scrolls; Shift+drag selects text.

## The note editor, the question before marking many measures, the saved views

note-title = note · measure { $id }
confirm-read = Mark read all { $n } measures here? ({ $yes } / { $no })
confirm-unread = Mark unread all { $n } measures here? ({ $yes } / { $no })
confirm-flag = Flag all { $n } measures here? ({ $yes } / { $no })
confirm-unflag = Unflag all { $n } measures here? ({ $yes } / { $no })
confirm-done = Mark done all { $n } measures here? ({ $yes } / { $no })
confirm-undone = Mark not done all { $n } measures here? ({ $yes } / { $no })
views-title = saved views · { $n }
views-no-filter = no filter
views-lead-only = { $unit } (lead)

## Messages on the status line

msg-too-small = Terminal too small ({ $width }x{ $height }); planview needs { $min_width }x{ $min_height }. Enlarge it.
msg-too-small-key = Terminal too small ({ $width }x{ $height }); planview needs { $min_width }x{ $min_height }. Enlarge it or press { $key }.
msg-no-unit-match = No unit matches
msg-no-unit-match-key = No unit matches; { $key } closes the picker
msg-no-views = No saved views: add [views.NAME] to the config file (see planview config)
msg-view = View { $name }: { $summary }
msg-no-measures-here = No measures here
msg-note-needs-measure = Notes belong to measures: select a measure first
msg-note-merged = This note was changed elsewhere while you wrote it: both texts are kept, the other first
msg-cut-search = a search holds at most { $max } characters: the rest was left out
msg-cut-unit = a unit name holds at most { $max } characters: the rest was left out
msg-cut-jump = a measure id holds at most { $max } characters: the rest was left out
msg-cut-note = a note holds at most { $max } characters: the rest was left out
msg-oldest = Already at the oldest place
msg-newest = Already at the newest place
msg-hidden = That place is hidden by the active filters
msg-marks-locked = Marks are locked by another planview; will retry
msg-marks-not-saved = Marks not saved: { $error } (will retry)
msg-marks-saved = Marks saved
msg-unsaved-marks =
    could not save marks to { $path } ({ $error }); the unsaved marks follow:
    { $json }
msg-no-match = No measure matches { $typed }
msg-no-search = No search
msg-no-search-key = No search: press { $key } to search
msg-still-searching = Still searching: the hits come in a moment
msg-no-hits = No hits
msg-wrapped-first = Search wrapped to the first hit
msg-wrapped-last = Search wrapped to the last hit
msg-no-units = No responsible units in these plans

## Errors of the browser: going to a measure, a unit, a key

error-no-measure = No measure { $typed } (this plan has { $first }–{ $last })
error-measure-hidden = Measure { $typed } is hidden by the active filters
error-no-unit = no responsible unit matches { $typed }
error-unit-ambiguous = { $typed } matches { $n } units: { $shown }
error-bind-not-here = { $action } does nothing in [keys.{ $context }]
error-bind-twice = { $key } is given to both { $first } and { $second }
error-key-unknown = unknown key <{ $key }>
error-key-empty = no key given
error-key-several = "{ $keys }" is several keys; give one key per entry (a list for several)

## The config file: its problems, and the comments of planview config

config-summary = { $name }{ $first }; started with the defaults
config-summary-more = { $name }{ $first } (+{ $more } more); started with the defaults
config-missing = no such file
config-not-a-file = not a regular file
config-too-large = larger than { $kib } KiB; not a config file?
config-not-text = not UTF-8 text
config-not-toml = not valid TOML
config-not-a-context = [keys.{ $name }] is not a key context (contexts: { $contexts })
config-bad-choice = [ui] { $setting } = { $value }: use { $choices }
config-choices = { $rest } or { $last }
config-bad-tree-width = [ui] { $setting } = { $value }: use "auto" or a percent from 10 to 90
config-bad-marked = [views.{ $view }] { $setting } = { $value }: use { $choices }
config-lead-only-alone = [views.{ $view }] { $lead_only } needs a { $unit }
config-not-an-action = [{ $section }] { $name } is not an action (planview config lists them)
config-keys-are-strings = [{ $section }] { $action }: keys are strings, such as "q" or "<C-o>"
config-key-or-list = [{ $section }] { $action }: give a key or a list of keys, such as "q" or ["q", "<C-c>"]
config-not-here = [{ $section }] { $action }: not an action of this context
config-print-header = planview's effective config: the defaults{ $source }.
config-print-intro =
    Save it as $XDG_CONFIG_HOME/planview/config.toml (or name it with --config) and keep
    only what you change. Keys are written as in vim: "q", "G", "<C-o>" (Ctrl),
    "<A-Left>" (Alt), "<Tab>", "<S-Tab>", "<Enter>", "<Esc>", "<Space>", "<lt>" (<),
    "<F1>"; give an action a list for several keys, [] for none.
config-print-borders = auto | unicode | ascii (for terminals that draw ─ │ wide)
config-print-tree-width = "auto" (40%, at most 60 columns) or a percent, 10–90
config-print-language = auto (from the locale) | zh | en
config-print-keys = The browser, in the tree and in the text pane: action = key or [keys].
config-print-detail = Only in the text pane, where it differs from [keys].
config-print-search = Typing a search after /.
config-print-jump = Typing a measure id after :.
config-print-picker = The unit picker.
config-print-overview = The workload overview.
config-print-views-keys = The list of saved views.
config-print-note = The note editor.
config-print-confirm = The question before marking a whole chapter or section.
config-print-help = The help.
config-print-views =
    Saved views: { $command }, or v in the browser. Each may set { $unit } (a name,
    an alias, pinyin such as sfj), { $lead_only }, { $marked } ({ $marks }), { $search } and
    { $goto } (a measure id). For example:

## What the keys do (the help page, and the comments of planview config); .hint: the label
## in the status-line and popup hints

action-down = down / scroll down
action-up = up / scroll up
action-page-down = page down
action-page-up = page up
action-top = first row / top
action-bottom = last row / bottom
action-open = unfold / open the measure
action-close = fold / go to the parent
action-switch-pane = switch between tree and text
    .hint = pane
action-search = search as you type
    .hint = search
action-next-hit = next hit
action-prev-hit = previous hit
action-clear-search = clear the search
action-pick-unit = filter by responsible unit
    .hint = unit
action-clear-unit = clear the unit filter
action-mark-read = mark read / unread
    .hint = read
action-mark-flagged = flag / unflag
    .hint = flag
action-mark-done = mark done / not done
    .hint = done
action-due = what is due (by deadline, overdue first)
    .hint = due
action-due-window = show: overdue → within 7 → 30 → 90 days → all
    .hint = window
action-due-open = go to this measure
    .hint = go to
action-next-due = next measure
action-prev-due = previous measure
action-mark-filter = show all → unread → flagged
action-edit-note = edit the measure's note
action-jump = jump to a measure by number
    .hint = jump
action-back = back (after a jump)
action-forward = forward
action-overview = unit workload overview
    .hint = workload
action-views = saved views (from the config file)
action-help = this help
    .hint = help
action-quit = quit
    .hint = quit
action-accept = accept
    .hint = accept
action-cancel = cancel
    .hint = cancel
action-toggle-role = any role / lead only
    .hint = role
action-next-unit = next unit
action-prev-unit = previous unit
action-save-note = save the note and close
    .hint = save & close
action-filter-unit = filter by this unit
    .hint = filter
action-close-popup = close
    .hint = close
action-scroll-down = scroll down
action-scroll-up = scroll up
action-next-view = next view
action-prev-view = previous view
action-apply-view = apply the view
    .hint = apply
action-yes = yes
    .hint = yes
action-no = no
    .hint = no
action-undo = undo the last mark on a chapter or section
action-tree-narrower = narrower contents pane (remembered)
action-tree-wider = wider contents pane (remembered)
action-discard = discard the changes (asks first)
    .hint = discard
action-sort = order by total → lead → name (pinyin)
    .hint = sort
config-unknown-field = { $name } is not a setting here (these are: { $expected })
config-duplicate-key = { $name } is given twice
config-duplicate = a setting is given twice

# The screen while plans are read
loading-finding = finding files…
loading-plans = reading plans { $done }/{ $total }
loading-quit = { $key } quit
