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
confirm-discard-note = Discard the changes to this note?
workload-offices = Offices ({ $n })
workload-groups = Groups and others ({ $n })
workload-by-total = by total
workload-by-lead = by lead
workload-by-name = by name
