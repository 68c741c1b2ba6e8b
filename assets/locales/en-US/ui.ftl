# The browser: pane titles, status line, hints, prompts, popups, help.
# Terms follow the glossary in the README (measure, responsible units, lead, partner, …).

count-measures = { $n ->
    [one] 1 measure
   *[other] { $n } measures
}
