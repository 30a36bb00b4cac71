// Package ingest takes the exports a firm already has (invoices, payments,
// disputes, support tickets, time logs, direct expenses, client master
// data) as .xlsx, .xlsm, .csv or .tsv files, and gives analysis records
// (analysis.Data), a Data issue for every row it could not use, and a
// description of every file it read (rows, rejected rows, SHA-256).
//
// Read finds each file's header row by itself (title lines above it are
// fine), maps headers to canonical columns through one alias table
// (aliases.go) covering the real exports of QuickBooks, Xero, FreshBooks,
// Zoho Books, Wave, Stripe, Zendesk, Freshdesk, Harvest, Toggl and
// Clockify, and parses values the way the file's locale writes them.
// Each canonical column takes one header per file, the configured one or
// else its best alias present, and a cell of it that is empty is empty:
// no value is ever taken from another column. Input.Defaults gives a
// value for a column the export lacks or leaves empty. Nothing is guessed:
// a date that does not fit the configured order, or an amount written
// with the other decimal separator, rejects the row with a message saying
// which setting to change. Values are kept as the export writes them
// (statuses, types, names, ids): what they mean is the analysis' to say.
// Text, headers included, is Unicode NFC without zero-width characters,
// so "Café" is one name however it was typed.
//
// Rows that are not data are passed over without an issue: blank rows, a
// group heading (a lone cell, where a record needs more), a subtotal
// ("Total for Acme Ltd"), the header row repeated (exports pasted
// together), and everything below a grand total (TOTAL, Grand Total),
// which ends the data; rows with values below it are noted in one warning.
// Exports written one row per invoice line (Xero, Zoho Books, FreshBooks)
// become one invoice per number: line amounts (and line taxes) are
// summed, a repeated invoice total (or tax) is taken once. CSV lines may
// end in CRLF, LF or a lone CR, mixed; a CSV record with values past the
// header's last column is read as far as the header goes, with a warning.
//
// Workbooks: when no sheet is configured, the first visible sheet with a
// header row is read; hidden sheets are passed over (they hold old or
// helper data) unless named, and when only a hidden sheet has a header
// the error says so. Hidden rows are read: they are in the file, and
// hiding rows is how people tidy a view, not how they delete data. A
// formula gives its saved result; a formula with no saved result, or an
// error value (#N/A, #REF!, also written out as text in a CSV), in a
// column Read uses rejects the row, naming the cell. Values in merged
// cells are where the file keeps them, in the top-left cell. Numbers and
// dates stored as text read as their text says, in the locale; a date
// serial number stored as text is rejected, not guessed.
//
// Bad values the parsers would accept are still rejected: a date before
// 1990 or after 2100 (a typo such as 0026 or 2206, or a number in a date
// column), and a value longer than the 32,767 characters a spreadsheet
// cell holds (in a CSV file, usually a quote left open). A due date
// before the issue date is kept as written, with a warning. Text is kept
// as read, control characters and all, except for the spaces around it
// and its Unicode form (NFC, no zero-width characters): what a cell of
// the report cannot hold is the report writer's concern,
// and text that looks like a formula ("=HYPERLINK(…)", "+cmd|…") is text.
//
// Hostile files are refused with an *InputError that names the file, the
// sheet and the cell where there is one, and says what to do: damaged or
// truncated zip archives, a zip checksum that does not match, XML with a
// document type declaration (no entity is ever expanded), a part in an
// encoding other than UTF-8, password-protected workbooks, legacy .xls
// files and Excel 2003 XML, empty files, cells beyond column XFD or row
// 1,048,576. Workbooks have one reader, ingest/xlsx. Reading is bounded whatever
// the file: a workbook part may inflate to Options.Limits (by default 2
// GiB, and 200 times its compressed size past 10 MiB, so a zip bomb stops
// after a fraction of a second) and a CSV record to 16 MiB.
//
// Positions are 1-based and are what a spreadsheet shows: row 12 is the
// row Excel labels 12 (title lines and blank lines count; a CSV record with
// quoted newlines is one row), column 3 is column C.
//
// Memory grows with the records kept, not with file bytes: files are
// streamed; the strings records keep are copied out of the row buffers
// (repeated values such as client names, currencies, statuses and tags
// once per file); and once a few thousand rows have shown how long a
// file's rows are, its records get one block sized for the rest of the
// file, which Read hands on without copying. With Options.Tally, the rows
// of the support, time and expenses inputs are not kept at all: each
// file's are costed into an analysis.Tally as they are read, and the
// files' tallies are merged in reading order. Options.Progress, when set,
// hears how far each file has got, for a progress bar.
//
// Several files of one input are read oldest first, by the dates in their
// names when every one has one, else by modification time, so that the
// analysis can let a newer export's row win; Input.Newest reads only the
// newest. Options.KeepGoing reads every input to the end whatever fails
// (validate), listing each failure.
//
// Recognise, for `clientscore init`, reads the first rows of an export
// (SampleRows) and says what it holds: the inputs it can be read as, by
// the same header matching and row readers, scored by the headers only
// one input knows, the tools' known layouts and the file's name; the
// date order and decimal mark its text values need; and what it cannot
// tell (dates that read both day first and month first, a sheet two
// inputs fit alike), which is the user's to say.
//
// Money is integer minor units of the row's currency (analysis.Money),
// parsed from text without floating point; dates are calendar dates
// (analysis.Date). Every money column of an input is checked: when its
// Σ|amount|, in the reporting currency, passes 10^14 minor units (a
// trillion euros), the input is refused, so no total the analysis makes
// can wrap. Files are only ever opened for reading.
package ingest
