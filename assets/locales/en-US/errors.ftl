# Errors: files, plans, marks, the config file.

## A file that is not read as a plan: "<file>: <problem>", one line.
error-file = { $name }: { $problem }
error-not-found = no such file
error-permission = permission denied
error-directory = is a directory
error-not-regular = not a regular file (a FIFO, a socket or a device); not read
error-too-large = file too large (a plan may be at most { $max } MiB)
error-too-large-size = file too large ({ $size } MiB; a plan may be at most { $max } MiB)
error-cannot-read = cannot read: { $reason }
error-empty = empty file
error-binary = binary file, not a format planview reads (text, .docx, .doc, .pdf, .html)
error-not-a-plan = not a plan: no numbered headings or tasks found
error-empty-folder = folder holds no files
error-too-many-files = more than { $max } files; open a smaller folder
error-rest-of-folder = { $reason }; the rest of the folder was read
error-replaced = { $n } malformed { $encoding } byte { $n ->
        [one] sequence
       *[other] sequences
    } replaced with U+FFFD (the first at byte { $offset })

## What the system said, in Chinese (the English keeps the system's own words).
error-io-not-found = no such file or folder
error-io-permission = permission denied
error-io-directory = is a directory
error-io-read-only = read-only file system
error-io-full = no space left on the disk

## Word, PDF and web files.
error-damaged = damaged { $format } ({ $detail })
error-format-internal = cannot read this { $format } (an internal error; please report it)
error-not-office = not an office or web format
error-odt = an OpenDocument (.odt) file, not .docx; save it as .docx
error-zip-without-word = a zip archive without a Word document in it
error-zip-bomb = { $part } inflates to more than { $max } MiB; refused (a zip bomb?)
error-zip-bomb-declared = { $part } says it inflates to { $size } MiB; refused unread (a zip bomb?)
error-word6 = a Word 6 or Word 95 document, which is not supported; save it as .docx or as Word 97–2003
error-not-word97 = not a Word 97–2003 document (the header's identifier is { $ident }, not 0xa5ec)
error-not-word = not a Word document (the compound file has no WordDocument stream)
error-doc-encrypted = encrypted .doc; save it without a password
error-doc-too-long = more than 32 million characters of text; not a plan
error-table-too-long = a table of more than 64 MiB of text; not a plan
error-text-too-long = more than { $max } MiB of text; not a plan
error-pdf-encrypted = encrypted PDF; it needs a password to open
error-pdf-pages = more than { $max } pages; not a plan
error-pdf-no-pages = no pages found
error-pdf-reader-failed = the reader failed on it
error-pdf-scanned = no text layer (scanned?); OCR it first
error-pdf-no-unicode = the PDF's fonts have no map to Unicode, so its text cannot be read; OCR it first
error-pdf-no-text = no text in the PDF
error-pdf-too-much-content = more than 512 MiB of page content; not a plan
error-pdf-too-many-operations = too many drawing operations; not a plan
error-pdf-too-many-characters = more than 20 million characters; not a plan
error-html-no-chinese = a web page without Chinese text

## The marks file.
error-marks-moved-aside = The marks file was damaged ({ $reason }); it was moved to { $to } and marks start clean
error-marks-newer = The marks file is version { $version }, newer than this planview knows; marks are read-only
error-marks-unknown-version = The marks file has version { $version }, which planview never writes; marks are read-only
error-marks-unreadable = The marks file cannot be read ({ $reason }); marks are read-only
error-marks-notes-joined = The note on { $plan } · { $measure } was changed elsewhere meanwhile: both texts are kept, the other first
error-marks-locked = the marks are locked by another planview ({ $lock })
error-marks-held = { $lock } is held
error-marks-cannot-move-aside = { $reason }; cannot move it aside: { $error }
error-marks-too-many-damaged = too many damaged marks files
error-marks-opened-for-reading = opened for reading
error-marks-create-folder = cannot create the folder of { $path }: { $reason }
error-marks-lock = cannot lock { $path }: { $reason }
error-marks-move-aside = cannot move aside the damaged { $path }: { $reason }
error-marks-write = cannot write { $path }: { $reason }
error-marks-damaged = { $path }: damaged marks file ({ $reason })
error-marks-refused = { $path }: { $notice }
error-marks-json-cut = the JSON ends too soon (line { $line }, column { $column })
error-marks-json-shape = a field of the wrong kind (line { $line }, column { $column })
error-marks-json-syntax = not valid JSON (line { $line }, column { $column })
error-marks-no-version = no version field
error-marks-not-object = not a marks file (not a JSON object)
error-marks-not-regular = not a regular file
error-marks-too-large = larger than { $max } MiB

## What the command line asked for.
error-export-unit-unknown = no unit named { $name }; `planview units` lists them
error-export-unit-ambiguous = { $name } matches several units: { $candidates }
error-open-no-views = no view { $name }: the config file has no [views.NAME]
error-open-no-such-view = no view { $name } (the config file has { $known })
error-open-view = view { $name }: { $problem }
error-open-unit = --unit: { $problem }
error-open-goto = --goto: { $problem }

## Warnings about a plan (planview check, the browser's log).
warn-numbering-starts = numbering starts at { $n }
warn-numbering-restarts = numbering restarts at 1 under { $under }: read as { $path }
warn-text-after-units = text after the unit annotation of measure { $label }; kept in its body
warn-gap-one = measure { $expected } is missing
warn-gap-many = measures { $expected }–{ $last } are missing
warn-gap = gap in numbering: { $missing } (found { $found })
error-export-no-format = export: say --format json|md|csv|xlsx|docx, or -o FILE ending in .json, .md, .csv, .xlsx or .docx
error-export-several-formats = export: several formats at once only with --by-unit
error-export-exists = { $path } already exists{ $more ->
        [0] {""}
        [one] {" "}(and 1 more of the files to write)
       *[other] {" "}(and { $more } more of the files to write)
    }; nothing was written. Add --force to replace them
error-due-today = --today { $value }: write the date as YYYY-MM-DD, e.g. 2025-06-30
error-export-appeared = { $path }: a file of that name appeared while writing and was left alone (the files written before it stay)
error-export-folder = { $path }: cannot make the folder ({ $reason })
error-export-nothing = export: no unit has measures that match; nothing was written
error-export-write = { $path }: could not write the export ({ $reason }); nothing was changed

## The Excel export (planview export --format xlsx).
error-export-xlsx = the Excel workbook could not be written: { $problem }
error-export-docx = the Word document could not be written: { $problem }
error-export-binary-to-terminal = export: an Excel workbook or a Word document is not for the terminal; write it with -o FILE.xlsx or -o FILE.docx (or into a pipe)
