# The commands: --help of every command and what they print.

## --help. Each command's about is the message cli-<command> (cli-planview for planview
## itself, cli-marks-show for `marks show`); the help of its arguments are attributes named
## after the argument (`lead_only` written lead-only). Arguments several commands share are
## under cli-args. { $kind1 }, { $number }, { $query1 }, { $json-hits }… are example data
## and machine formats, the same in both languages (src/cli/help.rs).

cli-planview = A full-screen terminal browser for Chinese government policy plans ({ $kind1 }, { $kind2 }, { $kind3 }): chapters, measures and the units responsible for them
    .files = Plan files or folders of plans to browse; none: the plan built into planview
    .no-mouse = Leave the mouse to the terminal (no clicking or wheel scrolling in planview)
cli-args =
    .cache-dir = The parse cache folder, where parsed plans are kept to open faster [default: $XDG_CACHE_HOME/planview]
    .no-cache = Parse every plan, and keep nothing in the parse cache
    .files = Plan files or folders; none: the embedded plan
    .path = The marks file [default: $XDG_STATE_HOME/planview/marks.json]
    .config-path = The config file [default: $XDG_CONFIG_HOME/planview/config.toml]
    .lang = The interface language, zh or en [default: the config's language, else the locale: LC_ALL, LC_MESSAGES, LANG; C, POSIX or unset: zh]
    .view = Open with a saved view of the config file ([views.NAME])
    .unit = Open with the tree filtered to a unit (a name, an alias, a unique part, pinyin: sfj)
    .lead-only = With --unit: only the measures the unit leads
    .today = Count the days left to deadlines from this day instead of today (YYYY-MM-DD)
    .goto = Open at a measure, by id or number (12, { $number })
    .help = Print help
    .version = Print version
cli-render = Replay keys headlessly and print the final screen as text
    .width = Screen width in columns
    .height = Screen height in rows
    .keys = Keys to replay, in vim notation: plain characters (Chinese too) and { $keys }, with C- (Ctrl), A- (Alt): <C-o>, <A-Left>
cli-check = Report what was found in each file; exit 1 if any is not a plan
cli-search = List the measures matching a query (title, body, units; pinyin for Latin letters). Exit 0 if any match, 1 if none, 2 on error
    .query = Words that must all match, e.g. { $query1 }, "{ $query2 }", xfxs
    .json = Print JSON: { $json-hits } (with --count: { $json-count })
    .count = Print only how many measures match in each plan
cli-units = List every responsible unit with how many measures it takes part in and leads
    .json = Print JSON: { $json-units }
cli-export = Write plans (or one unit's duty list, or a duty list for every unit) as JSON, Markdown, CSV, an Excel workbook or a Word document
    .format = Output format (else the extension of -o FILE); with --by-unit several, separated by commas: xlsx,docx
    .by-unit = Write a duty list per responsible unit into DIR (named by the unit; groups in a sub-folder), with an index
    .force = With --by-unit: replace files that exist (without it nothing is written)
    .lead-only = With --unit or --by-unit: only the measures the unit leads
    .unit = Only the measures of this unit (a name as written, an alias, or a unique part)
    .marked = Only the measures with this mark (from the marks file, see --state)
    .no-marks = Leave out the read / flagged / done / note and days-left columns and fields
    .today = Count the days left from this day instead of today (YYYY-MM-DD)
    .output = Write to FILE (atomically: a failed export leaves no half file); its extension (.json, .md, .csv, .xlsx, .docx) picks the format when --format is not given
    .no-bom = CSV without the byte-order mark (Excel on Windows needs it to read UTF-8; some tools dislike it)
cli-due = List what is due: the measures with a deadline not marked done, by date, overdue first; exit 0 if any, 1 if none, 2 on error
    .unit = Only the measures of this unit (a name as written, an alias, a unique part, pinyin)
    .within = Only what is overdue or due within DAYS days (deadlines without a date left out)
    .today = Count the days from this day instead of today (YYYY-MM-DD)
    .json = Print JSON: { $json-due }
cli-marks = Show the marks file, or merge a colleague's marks file into it
cli-marks-show = List every measure with a mark (read, flagged, a note), per plan
    .json = Print the marks file as JSON (the form `marks merge` takes in)
cli-marks-merge = Merge another marks file (a colleague's) into yours: for each measure the later change wins; two different notes are both kept, the other one first. Prints what changed
    .file = The marks file to take in
    .dry-run = Print what would change without writing anything
cli-config = Print the effective config (the defaults with your config file on top) as a config file to start from; exit 1 if your file has a problem (listed on stderr)
cli-help = Print this message or the help of the given subcommand(s)
    .subcommand = Print help for the subcommand(s)

## clap's own words: headings, and the bracketed notes after an argument's help (the
## English --help keeps clap's own).
cli-heading-usage = Usage:
cli-heading-arguments = Arguments
cli-heading-options = Options
cli-heading-commands = Commands
cli-note-default = [default: { $value }]
cli-note-env = [env: { $name }]
cli-note-values = [possible values: { $values }]

## clap's usage errors: the first line, the tips, the last line.
cli-error = error: { $message }
cli-error-unknown-argument = unexpected argument '{ $arg }' found
cli-error-unknown-command = unrecognized subcommand '{ $name }'
cli-error-invalid-value = invalid value '{ $value }' for '{ $arg }'
cli-error-possible-values = [possible values: { $values }]
cli-error-missing-value = a value is required for '{ $arg }' but none was supplied
cli-error-missing-argument = the following required arguments were not provided: { $args }
cli-error-missing-command = '{ $name }' requires a subcommand but one was not provided
cli-error-bad-value = invalid value '{ $value }' for '{ $arg }': { $reason }
cli-error-conflict = the argument '{ $arg }' cannot be used with '{ $other }'
cli-error-too-many = unexpected value '{ $value }' for '{ $arg }' found; no more were expected
cli-error-twice = the argument '{ $arg }' cannot be used multiple times
cli-error-no-equals = equal sign is needed when assigning values to '{ $arg }'
cli-error-range = { $low } to { $high } only
cli-error-tip-argument = tip: a similar argument exists: '{ $suggestion }'
cli-error-tip-command = tip: a similar subcommand exists: '{ $suggestion }'
cli-error-usage = Usage:
cli-error-more = For more information, try '--help'.
cli-lang-bad = { $value }: use zh or en

## What the commands print for people (their JSON, CSV and Markdown stay as they are).
cli-no-plans = no plan files found
cli-reading-plans = reading plans { $done }/{ $total }
cli-not-a-terminal = not a terminal; use `planview render` or a subcommand (see --help)
cli-defaults-used = { $problem } (the defaults are used)
cli-bad-keys = { $problem } in --keys
cli-no-marks-folder = no folder for marks found; marks are not saved (use --state PATH)
cli-not-plans = { $n ->
        [one] 1 file is
       *[other] { $n } files are
    } not plans (listed when you quit)
cli-helper-panic = internal error on a helper thread (planview went on without it): { $message }
cli-internal-error = internal error (see above); the terminal was restored and your marks were saved
cli-terminal-error = terminal error: { $error }
cli-empty-query = the search query is empty
cli-search-total = { $n } measures match in { $plans } plans
cli-due-total = { $n ->
        [one] 1 measure due
       *[other] { $n } measures due
    }, { $overdue } overdue
cli-export-by-unit-done = wrote the duty lists of { $units } units into { $dir } ({ $offices } offices, { $groups } groups), { $files } files; index: { $index }
cli-config-on-top = { " " }with { $path } on top
cli-config-not-used = { " " }({ $path } was not used)
cli-config-none = { " " }(no config file)

## planview check: a label, then what was found.
check-plan = { $name }: plan { $id }
check-title = title
check-metadata = metadata
check-issuer = issuer { $value }
check-adopted = adopted { $value }
check-issued = issued { $value }
check-structure = structure
check-structure-value = { $chapters } chapters · { $sections } sections · { $measures } measures ({ $first }–{ $last }) · { $source }
check-encoding = encoding { $encoding }
check-format = format { $format }
check-format-encoding = format { $format } ({ $encoding })
check-measures = measures
check-measures-value = { $numbered } numbered · { $unnumbered } unnumbered · { $table } from a table
check-units = units
check-units-value = { $offices } offices · { $groups } groups
check-with = with
check-with-value = units { $units } · a lead { $lead } · a deadline { $deadline }
check-no-units = no units
check-no-lead = no lead
check-warnings = warnings
check-none = none
check-line = line { $line }: { $message }
check-more = … and { $n } more

## planview units: the table's heading.
units-total = total
units-lead = lead
units-measures = measures (* = lead)
units-unit = unit

## planview marks.
marks-no-folder = no folder for marks found; name the marks file with --state PATH
marks-read = read
marks-flagged = flagged
marks-done = done
marks-note = note
marks-none = no marks in { $path }
marks-same-file = { $path } is the marks file itself; nothing to merge
marks-not-written = { $path } is not written: { $reason }
marks-change-read = read
marks-change-unread = unread
marks-change-flagged = flagged
marks-change-unflagged = unflagged
marks-change-done = done
marks-change-undone = not done
marks-change-note = note taken
marks-change-notes-joined = notes kept together
marks-change-separator = {", "}
marks-nothing = nothing to take in: { $path } already has every mark in { $other }
marks-changed = { $n ->
        [one] 1 measure
       *[other] { $n } measures
    } changed in { $path }
marks-would-change = { $n ->
        [one] 1 measure
       *[other] { $n } measures
    } would change in { $path }
marks-not-saved = the merge was not saved: { $error }; { $path } is unchanged. The merged marks:
