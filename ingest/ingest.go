package ingest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/rs/zerolog"

	"clientscore/analysis"
	"clientscore/ingest/xlsx"
)

// Locale says how an export writes dates and numbers as text.
type Locale struct {
	DateOrder   string // "DMY", "MDY" or "YMD": how to read 03/04/2026; "" is DMY
	Decimal     byte   // '.' or ',': the decimal separator of 1.234,56; 0 is '.'
	BuddhistEra bool   // text years over 2400 are Thai Buddhist Era (minus 543)
}

// Input is one input of the config: which kind of export, where, and how
// to read it.
type Input struct {
	Kind    analysis.Input
	Pattern string            // a file path or glob, absolute or relative to Options.BaseDir
	Sheet   string            // the sheet to read; "" finds the first visible sheet with a header row
	Columns map[string]string // canonical column → header in the file; overrides the alias table
	Locale  *Locale           // nil: Options.Locale
	// Defaults gives a value, as text in the file's locale, for a
	// canonical column the export lacks or leaves empty ({terms: "Net 30",
	// currency: USD}).
	Defaults map[string]string
	// Newest reads only the newest file the pattern matches (pick: newest,
	// a drop folder); otherwise every file is read, oldest first.
	Newest bool
}

// Options is everything Read needs.
type Options struct {
	Inputs   []Input
	BaseDir  string         // files are named relative to this in Refs and messages (the config's folder)
	Locale   Locale         // the default locale of text dates and numbers
	Location *time.Location // the local zone: times without a zone are local, zoned times convert to it; nil is UTC
	Rates    analysis.Rates // a row in a currency with no rate is rejected
	Limits   xlsx.Limits    // bounds on what a workbook may inflate to; the zero value's defaults suit any real export and stop a zip bomb in well under a second
	Logger   zerolog.Logger // one debug line per file; the zero Logger logs nothing

	// Progress, when set, is told how reading each file goes: at most
	// about every 100 ms per file while it is read, and once more, with
	// Done, when it ends. Files are read concurrently and Progress is
	// called from the goroutines reading them, so it must be safe for
	// concurrent use; reading waits while it runs, so it should be quick.
	Progress func(Progress)

	// KeepGoing reads every input to the end even when one cannot be used
	// (validate), listing each failure in Result.Failed.
	KeepGoing bool

	// Tally, when set, turns the rows of the support, time and expenses
	// inputs into an analysis.Tally each (Data.ContactTally,
	// Data.TimeTally, Data.ExpenseTally), costed under these rules as they
	// are read, instead of keeping them (Data.Contacts, Data.Time,
	// Data.Expenses): every figure the analysis makes of them, at a fifth
	// to a tenth of the memory, but no line per row, which only a renewal
	// dossier lists. The rules must be those the analysis runs with.
	Tally *analysis.Rules

	// Books, when set, puts the rows of the invoices and payments inputs
	// in an analysis.Book each (Data.InvoiceBook, Data.PaymentBook)
	// instead of Data.Invoices and Data.Payments: the same rows, for the
	// analysis, at about half the memory.
	Books bool
}

// Result is what Read found.
type Result struct {
	Data   analysis.Data
	Issues []analysis.Issue      // every rejected row (SeverityError) and warning, with its position
	Files  []analysis.SourceFile // per file read: input, path, sheet, rows, rejected, SHA-256
	// Failed holds every input that could not be used (an *InputError
	// each), in reading order, when Options.KeepGoing is set; Read's error
	// is then the first of them.
	Failed []error
}

// Read reads every file of every input: the files of all inputs
// concurrently (at most GOMAXPROCS at a time), each streamed row by row.
// The result does not depend on timing: inputs come in the order of
// analysis.Inputs, each input's files oldest first (by the date in their
// names, else their modification times; see byDate), rows in file order.
//
// Bad rows do not stop anything: each becomes an Error issue and counts as
// rejected. An input that cannot be used at all (see ErrInput) stops Read
// with an *InputError; when several can't, the error is the first in
// reading order. With Options.KeepGoing, every file of every input is
// read to the end whatever fails: Read returns what the files it could
// read hold, every failure in Result.Failed, and the first as its error.
func Read(ctx context.Context, opts Options) (*Result, error) {
	if opts.Location == nil {
		opts.Location = time.UTC
	}
	inputs := make([]Input, len(opts.Inputs))
	copy(inputs, opts.Inputs)
	sort.SliceStable(inputs, func(i, j int) bool { return kindRank(inputs[i].Kind) < kindRank(inputs[j].Kind) })

	// An input that names no usable file is a job that has failed already,
	// so errors are reported in reading order whatever fails first.
	var jobs []job
	for i := range inputs {
		in := &inputs[i]
		err := checkInput(in, &opts)
		var paths []string
		if err == nil {
			paths, err = expand(in, opts.BaseDir)
		}
		if err != nil {
			jobs = append(jobs, job{in: in, err: err})
			continue
		}
		for _, p := range paths {
			jobs = append(jobs, job{in: in, path: p, file: relName(opts.BaseDir, p)})
		}
	}

	results := make([]*fileResult, len(jobs))
	errs := make([]error, len(jobs))
	var failed atomic.Int64 // the lowest job index that failed; jobs after it may stop
	failed.Store(int64(len(jobs)))
	for i, j := range jobs {
		if j.err != nil {
			errs[i] = j.err
			failed.Store(min(failed.Load(), int64(i)))
		}
	}
	// The nightly snapshots of one source are read one after the other,
	// oldest first, so that a newer export's rows can be checked against
	// the older ones' (repeats.go); every other file is read side by side.
	chains := sourceChains(jobs)
	next := atomic.Int64{}
	var wg sync.WaitGroup
	for w := 0; w < min(runtime.GOMAXPROCS(0), len(chains)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				c := int(next.Add(1) - 1)
				if c >= len(chains) {
					return
				}
				var prior *priorRows
				if chains[c].end-chains[c].start > 1 {
					prior = newPriorRows()
				}
				for i := chains[c].start; i < chains[c].end; i++ {
					if errs[i] != nil {
						continue
					}
					stop := func() error {
						if err := ctx.Err(); err != nil {
							return err
						}
						if !opts.KeepGoing && failed.Load() < int64(i) {
							return errSuperseded
						}
						return nil
					}
					if err := stop(); err != nil {
						errs[i] = err
						continue
					}
					res, err := readFile(&opts, jobs[i], prior, stop)
					results[i], errs[i] = res, err
					if err != nil {
						for {
							cur := failed.Load()
							if int64(i) >= cur || failed.CompareAndSwap(cur, int64(i)) {
								break
							}
						}
						continue
					}
					if prior != nil && i+1 < chains[c].end {
						prior.add(res.source.Path, res.hashes)
					}
					res.hashes = nil
				}
			}
		}()
	}
	wg.Wait()
	var failures []error
	for _, err := range errs {
		switch {
		case err == nil:
		case !opts.KeepGoing || !errors.Is(err, ErrInput):
			return nil, err // the first failure, or a cancelled context
		default:
			failures = append(failures, err)
		}
	}

	// With KeepGoing, what the files that could be read hold is the
	// result, beside every failure.
	var read []*fileResult
	for _, r := range results {
		if r != nil {
			read = append(read, r)
		}
	}
	results = read
	if errs := checkSums(results, opts.Rates); len(errs) > 0 {
		if !opts.KeepGoing {
			return nil, errs[0]
		}
		failures = append(failures, errs...)
	}
	res := &Result{Failed: failures}
	d := &res.Data
	d.Invoices = gather(results, func(r *fileResult) *records[analysis.Invoice] { return &r.invoices })
	d.Payments = gather(results, func(r *fileResult) *records[analysis.Payment] { return &r.payments })
	d.Disputes = gather(results, func(r *fileResult) *records[analysis.Dispute] { return &r.disputes })
	d.Contacts = gather(results, func(r *fileResult) *records[analysis.Contact] { return &r.contacts })
	d.Time = gather(results, func(r *fileResult) *records[analysis.TimeEntry] { return &r.times })
	d.Expenses = gather(results, func(r *fileResult) *records[analysis.Expense] { return &r.expenses })
	d.Clients = gather(results, func(r *fileResult) *records[analysis.Client] { return &r.clients })
	book := func(r *fileResult) *analysis.Book { return r.book }
	tally := func(r *fileResult) *analysis.Tally { return r.tally }
	d.InvoiceBook, d.PaymentBook = mergeFiles(results, analysis.InputInvoices, book), mergeFiles(results, analysis.InputPayments, book)
	d.ContactTally = mergeFiles(results, analysis.InputSupport, tally)
	d.TimeTally, d.ExpenseTally = mergeFiles(results, analysis.InputTime, tally), mergeFiles(results, analysis.InputExpenses, tally)
	for _, r := range results {
		res.Issues = append(res.Issues, r.issues...)
		res.Files = append(res.Files, r.source)
	}
	for _, in := range inputs {
		if in.Kind == analysis.InputPayments {
			res.Data.HasPayments = true
		}
	}
	if len(failures) > 0 {
		return res, failures[0]
	}
	return res, nil
}

// gather puts the records of one kind from every file together, in file
// order. When one file holds them all in one block, that block is the
// result: a million records are not copied.
func gather[T any](results []*fileResult, of func(*fileResult) *records[T]) []T {
	total, holders := 0, 0
	var only *records[T]
	for _, r := range results {
		if c := of(r); c.n > 0 {
			total += c.n
			holders++
			only = c
		}
	}
	if holders == 1 {
		if all, ok := only.whole(); ok {
			return all
		}
	}
	all := makeRecords[T](total)
	for _, r := range results {
		all = of(r).appendTo(all)
	}
	return all
}

// chain is the jobs jobs[start:end] read in turn: the snapshots of one
// source, oldest first, or a single file.
type chain struct{ start, end int }

// sourceChains cuts jobs, which list each source's files together, into
// one chain per source whose files are snapshots, and one per file
// otherwise.
func sourceChains(jobs []job) []chain {
	var out []chain
	for start := 0; start < len(jobs); {
		end := start + 1
		for end < len(jobs) && jobs[end].in == jobs[start].in {
			end++
		}
		if snapshots(jobs[start:end]) {
			out = append(out, chain{start, end})
		} else {
			for i := start; i < end; i++ {
				out = append(out, chain{i, i + 1})
			}
		}
		start = end
	}
	return out
}

// snapshots reports whether the files of one source are exports of the
// same books taken on different days, each named with its date
// (payments-2026-10-30.csv, payments-2026-10-31.csv): a drop folder, whose
// rows repeat from file to file. Parts of one export (invoices-1.xlsx,
// invoices-2.xlsx) and files named without a date are not: an equal row
// in two of them is two records.
func snapshots(files []job) bool {
	if len(files) < 2 {
		return false
	}
	for _, j := range files {
		if _, ok := nameDate(filepath.Base(j.file)); !ok {
			return false
		}
	}
	return true
}

// merger is what a file's tally or book is: of one input, and merged
// with the next file's.
type merger[T any] interface {
	comparable
	Input() analysis.Input
	Merge(next T)
}

// mergeFiles merges what of gives of each of input in's files, in file
// order; the zero T (nil) when no file has one.
func mergeFiles[T merger[T]](results []*fileResult, in analysis.Input, of func(*fileResult) T) T {
	var none, all T
	for _, r := range results {
		switch x := of(r); {
		case x == none || x.Input() != in:
		case all == none:
			all = x
		default:
			all.Merge(x)
		}
	}
	return all
}

// errSuperseded stops a file whose result no longer matters: an earlier
// file failed, and Read reports that one.
var errSuperseded = errors.New("an earlier input failed")

func kindRank(k analysis.Input) int {
	for i, o := range inputOrder {
		if o == k {
			return i
		}
	}
	return len(inputOrder)
}

type job struct {
	in   *Input
	path string // as found on disk
	file string // as named in Refs and messages
	err  error  // the input names no usable file
}

type fileResult struct {
	*fileReader
	source analysis.SourceFile
}

// CheckInput says what is wrong with an input's settings, before any file
// is read: an unknown kind, a columns override or a default naming no
// canonical column of the input, a default whose value does not read
// (terms "Net thirty", a currency with no rate), a locale Read cannot
// use. It is what Read says of them, as an *InputError, for a caller
// that checks its config first (a config error, not an input error).
func CheckInput(in Input, opts Options) error { return checkInput(&in, &opts) }

// checkInput rejects what no file could satisfy: an unknown kind, a
// columns override or a default naming no canonical column, a default
// that does not read, a locale Read cannot use. It keeps the defaults
// trimmed and normalised.
func checkInput(in *Input, opts *Options) error {
	fail := func(format string, args ...any) error {
		return &InputError{Input: in.Kind, Err: fmt.Errorf(format, args...)}
	}
	if _, ok := specs[in.Kind]; !ok {
		names := make([]string, len(inputOrder))
		for i, k := range inputOrder {
			names[i] = string(k)
		}
		return fail("is not an input clientscore reads (inputs are %s)", strings.Join(names, ", "))
	}
	for _, name := range sortedKeys(in.Columns) {
		if !KnownColumn(in.Kind, name) {
			return fail("columns: %q is not a column of %s; its columns are %s", name, in.Kind, strings.Join(canonicalNames(in.Kind), ", "))
		}
		if strings.TrimSpace(in.Columns[name]) == "" {
			return fail("columns: %s names no header", name)
		}
	}
	loc := opts.Locale
	if in.Locale != nil {
		loc = *in.Locale
	}
	switch loc.DateOrder {
	case "", "DMY", "MDY", "YMD":
	default:
		return fail("locale.date_order: %q is not DMY, MDY or YMD", loc.DateOrder)
	}
	switch loc.Decimal {
	case 0, '.', ',':
	default:
		return fail("locale.decimal: %q is not \".\" or \",\"", string(loc.Decimal))
	}
	if len(in.Defaults) == 0 {
		return nil
	}
	dflts := make(map[string]string, len(in.Defaults))
	for _, name := range sortedKeys(in.Defaults) {
		if !KnownColumn(in.Kind, name) {
			return fail("defaults: %q is not a column of %s; its columns are %s", name, in.Kind, strings.Join(canonicalNames(in.Kind), ", "))
		}
		v := trimText(normText(in.Defaults[name]))
		if v == "" {
			return fail("defaults: %s is empty: give it a value or leave it out", name)
		}
		dflts[name] = v
	}
	in.Defaults = dflts
	if is := readDefaults(opts, in); is != nil {
		return fail("defaults: %s: %s", strings.TrimPrefix(is.Column, "defaults: "), is.Problem)
	}
	return nil
}

// readDefaults reads each of in's defaults as a row that has none of its
// columns would, and returns the issue of the first that does not read:
// a default is a setting, and is checked once, not on every row.
func readDefaults(opts *Options, in *Input) *analysis.Issue {
	fr := newFileReader(opts, in, "")
	fr.lay = &layout{}
	for f := range fr.lay.fields {
		fr.lay.fields[f] = colRef{index: -1, header: fieldNames[f]}
	}
	fr.lay.setDefaults(in.Defaults)
	for _, name := range sortedKeys(in.Defaults) {
		f, _ := fieldOf(name)
		r := rowCtx{fr: fr}
		switch f {
		case fIssueDate, fDueDate, fPaidDate, fDate, fRenewalDate:
			r.date(f, false)
		case fAmount, fTax, fBalance, fRefunded, fCost, fMonthlyFee:
			r.amount(f, false)
		case fCurrency:
			r.currency()
		case fDisputed, fBillable:
			r.boolean(f)
		case fHours:
			r.hours(false)
		case fTime:
			if _, _, _, err := readTimeOfDay(cell{text: in.Defaults[name]}); err != nil {
				r.fail(&fr.lay.dfltRefs[f], in.Defaults[name], err)
			}
		case fTerms:
			if _, err := dueByTerms(in.Defaults[name], analysis.NewDate(2026, time.January, 1)); err != nil {
				r.fail(&fr.lay.dfltRefs[f], in.Defaults[name], err)
			}
		}
		if len(fr.issues) > 0 {
			return &fr.issues[0]
		}
	}
	return nil
}

// newFileReader sets up the reading of one file of in.
func newFileReader(opts *Options, in *Input, file string) *fileReader {
	loc := opts.Locale
	if in.Locale != nil {
		loc = *in.Locale
	}
	fr := &fileReader{
		kind:      in.Kind,
		file:      file,
		dates:     dateReader{order: loc.DateOrder, buddhist: loc.BuddhistEra},
		decimal:   loc.Decimal,
		loc:       opts.Location,
		rates:     opts.Rates,
		reporting: opts.Rates.Reporting(),
		strs:      newInterner(maxInterned),
	}
	for i := range fr.dateMemo {
		fr.dateMemo[i].col = -1
	}
	if opts.Tally != nil && (in.Kind == analysis.InputSupport || in.Kind == analysis.InputTime || in.Kind == analysis.InputExpenses) {
		fr.tally = analysis.NewTally(in.Kind, *opts.Tally)
	}
	if opts.Books && (in.Kind == analysis.InputInvoices || in.Kind == analysis.InputPayments) {
		fr.book = analysis.NewBook(in.Kind)
	}
	if fr.dates.order == "" {
		fr.dates.order = "DMY"
	}
	if fr.decimal == 0 {
		fr.decimal = '.'
	}
	return fr
}

// readFile reads one file of one input.
func readFile(opts *Options, j job, prior *priorRows, stop func() error) (*fileResult, error) {
	start := time.Now()
	in := j.in
	fr := newFileReader(opts, in, j.file)
	fr.prior = prior
	fail := func(sheet string, row int, err error) error {
		if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) || errors.Is(err, errSuperseded) {
			return err
		}
		ie := &InputError{Input: in.Kind, File: j.file, Sheet: sheet, Row: row, Err: err}
		placeInput(ie)
		return ie
	}

	fi, statErr := os.Stat(j.path)
	if statErr == nil && fi.Size() == 0 {
		return nil, fail("", 0, errors.New("is an empty file (0 bytes): export it again"))
	}
	if statErr == nil {
		fr.progress = newProgressReporter(opts.Progress, in.Kind, j.file, fi.Size())
	}
	read := false
	defer func() { fr.progress.done(fr.rows, read) }()
	var sum string
	var how string
	switch ext := strings.ToLower(filepath.Ext(j.path)); ext {
	case ".csv", ".tsv":
		fr.csv = true
		h := sha256.New()
		src, err := openCSV(j.path, ext == ".tsv", h)
		if err != nil {
			return nil, fail("", 0, readErr(err))
		}
		how = src.describe()
		if fr.progress != nil {
			fr.progress.bytes = src.bytesRead
		}
		err = fr.readSheet(src, in, stop)
		if cerr := src.close(); err == nil && cerr != nil {
			err = readErr(cerr)
		}
		if err != nil {
			return nil, fail("", rowOf(err), err)
		}
		sum = hex.EncodeToString(h.Sum(nil))
	case ".xlsx", ".xlsm":
		var err error
		if sum, err = hashFile(j.path); err != nil {
			return nil, fail("", 0, readErr(err))
		}
		wb, err := xlsx.Open(j.path, opts.Limits)
		if err != nil {
			return nil, fail("", 0, readErr(err))
		}
		how = "workbook"
		if fr.progress != nil {
			fr.progress.bytes = wb.BytesRead
		}
		err = fr.readWorkbook(wb, in, stop)
		if cerr := wb.Close(); err == nil && cerr != nil {
			err = readErr(cerr)
		}
		if err != nil {
			return nil, fail(fr.sheet, rowOf(err), err)
		}
	default:
		return nil, fail("", 0, unknownFormat(j.path, ext))
	}
	fr.finish()
	read = true
	opts.Logger.Debug().
		Str("input", string(in.Kind)).Str("file", j.file).Str("sheet", fr.sheet).Str("read_as", how).
		Int("rows", fr.rows).Int("rejected", fr.rejected).Dur("took", time.Since(start)).
		Msg("read file")
	fr.lay, fr.strs, fr.currs, fr.digits = nil, nil, nil, nil // what the result needs is the records
	return &fileResult{
		fileReader: fr,
		source: analysis.SourceFile{
			Input: in.Kind, Path: j.file, Sheet: fr.sheet,
			Rows: fr.rows, Rejected: fr.rejected, SHA256: sum,
		},
	}, nil
}

// unknownFormat says what a file of an extension clientscore does not read
// holds, and how to turn it into one it reads.
func unknownFormat(path, ext string) error {
	what := "has no extension"
	if ext != "" {
		what = "is a " + ext + " file"
	}
	looks := ""
	if f, err := os.Open(path); err == nil {
		if fi, err := f.Stat(); err == nil {
			looks = xlsx.SniffReader(f, fi.Size())
		}
		f.Close()
	}
	const reads = "clientscore reads .xlsx, .xlsm, .csv and .tsv files"
	switch {
	case strings.HasPrefix(looks, "a legacy") || strings.HasPrefix(looks, "a password-protected"):
		return fmt.Errorf("is %s: %s; open it in Excel or LibreOffice and save it as .xlsx or CSV", looks, reads)
	case looks == "":
		return fmt.Errorf("%s: %s; export or save it as one of those", what, reads)
	case strings.Contains(looks, "workbook") || strings.Contains(looks, "SpreadsheetML") || strings.Contains(looks, "HTML") ||
		strings.Contains(looks, "OpenDocument") || strings.Contains(looks, "BIFF"):
		// What spreadsheet programs open: .xls of every kind, .ods.
		return fmt.Errorf("%s holding %s: %s; open it in Excel or LibreOffice and save it as .xlsx or CSV", what, looks, reads)
	}
	return fmt.Errorf("%s (it looks like %s): %s; export or save it as one of those", what, looks, reads)
}

// placeInput moves where a reader's error happened (a *xlsx.PartError's
// sheet, row and cell) into the InputError, and words the cause without
// it, so that the message names the place once.
func placeInput(ie *InputError) {
	var pe *xlsx.PartError
	if !errors.As(ie.Err, &pe) {
		return
	}
	if pe.Sheet != "" {
		ie.Sheet = pe.Sheet
	}
	if pe.Row > 0 {
		ie.Row = pe.Row
	}
	if col, row := splitCellRef(pe.Cell); col > 0 {
		ie.Col, ie.Row = col, row
	}
	what := pe.Err.Error()
	if pe.Part != "" {
		what += " (in " + pe.Part + ")"
	}
	ie.Err = &reworded{msg: strings.Replace(ie.Err.Error(), pe.Error(), what, 1), err: ie.Err}
}

// splitCellRef reads a cell reference such as "B7": column 2, row 7; 0, 0
// when it is not one.
func splitCellRef(ref string) (col, row int) {
	i := 0
	for i < len(ref) && ref[i] >= 'A' && ref[i] <= 'Z' {
		col = col*26 + int(ref[i]-'A') + 1
		i++
		if col > 1<<20 {
			return 0, 0
		}
	}
	n, err := strconv.Atoi(ref[i:])
	if i == 0 || err != nil || n < 1 {
		return 0, 0
	}
	return col, n
}

// reworded is an error with another message.
type reworded struct {
	msg string
	err error
}

func (e *reworded) Error() string { return e.msg }
func (e *reworded) Unwrap() error { return e.err }

// rowError is a fatal error at a row (a damaged sheet).
type rowError struct {
	row int
	err error
}

func (e *rowError) Error() string { return e.err.Error() }
func (e *rowError) Unwrap() error { return e.err }

// rowOf is the row of a fatal error, unless the workbook reader's message
// names it already.
func rowOf(err error) int {
	var re *rowError
	var pe *xlsx.PartError
	if errors.As(err, &re) && !errors.As(err, &pe) {
		return re.row
	}
	return 0
}

// readErr words an error of the file system or a reader for a user.
func readErr(err error) error {
	switch {
	case errors.Is(err, os.ErrNotExist):
		return errors.New("does not exist")
	case errors.Is(err, os.ErrPermission):
		return errors.New("cannot be read: permission denied")
	case errors.Is(err, xlsx.ErrLegacy):
		return fmt.Errorf("%w: open it in Excel or LibreOffice and save it as .xlsx or CSV", err)
	case errors.Is(err, xlsx.ErrPassword):
		return fmt.Errorf("%w: open it in Excel, remove the password (File > Info > Protect Workbook) and save it as .xlsx, or export CSV", err)
	case errors.Is(err, xlsx.ErrEncrypted):
		return fmt.Errorf("%w: save it as .xlsx without a password, or export CSV", err)
	case errors.Is(err, xlsx.ErrNotWorkbook):
		return fmt.Errorf("%w: save it from Excel as .xlsx, or export CSV", err)
	case errors.Is(err, xlsx.ErrTooLarge):
		return fmt.Errorf("%w: it may be a zip bomb; if the file is genuine, export CSV instead", err)
	case errors.Is(err, xlsx.ErrCorrupt):
		return fmt.Errorf("%w: open and save it again in Excel, or export CSV", err)
	case errors.Is(err, xlsx.ErrUnsupported):
		return fmt.Errorf("%w: open it in Excel or LibreOffice and save it as .xlsx (Excel Workbook), or export CSV", err)
	}
	var pe *os.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("cannot be read: %v", pe.Err)
	}
	return err
}

func hashFile(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// readWorkbook picks the sheet (the one named, or the first visible sheet
// with a header row) and reads it.
func (fr *fileReader) readWorkbook(wb *xlsx.Workbook, in *Input, stop func() error) error {
	fr.dates.date1904 = wb.Date1904()
	sheets := wb.Sheets()
	if in.Sheet != "" {
		name, ok := findSheet(sheets, in.Sheet)
		if !ok {
			return fmt.Errorf("has no sheet %q; its sheets are %s: check inputs.%s.sheet", in.Sheet, quoteSheets(sheets), in.Kind)
		}
		fr.sheet = name
		src, err := openSheet(wb, name)
		if err != nil {
			return readErr(err)
		}
		defer src.close()
		return fr.readSheet(src, in, stop)
	}
	var best *headerMatch
	bestSheet, bestSeen := "", 0
	var checked []string
	for _, sh := range sheets {
		if sh.Hidden {
			continue
		}
		checked = append(checked, sh.Name)
		src, err := openSheet(wb, sh.Name)
		if err != nil {
			return readErr(err)
		}
		m, cand, seen, err := findHeader(fr.kind, src, in)
		if err != nil {
			src.close()
			fr.sheet = sh.Name
			return err
		}
		if m != nil {
			fr.sheet = sh.Name
			err := fr.readData(src, m, in, stop)
			src.close()
			return err
		}
		src.close()
		if cand != nil && (best == nil || cand.score() < best.score()) {
			best, bestSheet, bestSeen = cand, sh.Name, seen
		}
	}
	// Hidden sheets are not read unless named (they hold old or helper
	// data); when one of them is what the user meant, say so.
	for _, sh := range sheets {
		if !sh.Hidden {
			continue
		}
		src, err := openSheet(wb, sh.Name)
		if err != nil {
			continue
		}
		m, _, _, err := findHeader(fr.kind, src, in)
		src.close()
		if err == nil && m != nil {
			return fmt.Errorf("no visible sheet has a header row with the required columns, but the hidden sheet %q does: name it under inputs.%s.sheet to read it (sheets %s)",
				sh.Name, fr.kind, quoteSheets(sheets))
		}
	}
	if len(checked) == 0 {
		return fmt.Errorf("has no visible sheet: name one under inputs.%s.sheet", fr.kind)
	}
	if len(checked) == 1 || best == nil {
		fr.sheet = checked[0]
		if best != nil {
			fr.sheet = bestSheet
		}
		return noHeaderError(fr.kind, best, bestSeen)
	}
	fr.sheet = bestSheet
	return fmt.Errorf("%w; no other sheet has one either (sheets %s)", noHeaderError(fr.kind, best, bestSeen), quoteSheets(sheets))
}

// findSheet finds a sheet by name, exactly or else ignoring case.
func findSheet(sheets []xlsx.SheetInfo, name string) (string, bool) {
	for _, s := range sheets {
		if s.Name == name {
			return s.Name, true
		}
	}
	for _, s := range sheets {
		if strings.EqualFold(strings.TrimSpace(s.Name), strings.TrimSpace(name)) {
			return s.Name, true
		}
	}
	return "", false
}

func quoteSheets(sheets []xlsx.SheetInfo) string {
	var q []string
	for _, s := range sheets {
		n := fmt.Sprintf("%q", s.Name)
		if s.Hidden {
			n += " (hidden)"
		}
		q = append(q, n)
	}
	return strings.Join(q, ", ")
}

// readSheet reads a CSV file or a named sheet: find the header row, then
// the data.
func (fr *fileReader) readSheet(src rowSource, in *Input, stop func() error) error {
	m, best, seen, err := findHeader(fr.kind, src, in)
	if err != nil {
		return err
	}
	if m == nil {
		return noHeaderError(fr.kind, best, seen)
	}
	return fr.readData(src, m, in, stop)
}

// findHeader reads rows until the header row (the first row within the
// first 30 with every required column). It returns the match, or nil and
// the closest candidate and how many rows it saw.
func findHeader(kind analysis.Input, src rowSource, in *Input) (found, best *headerMatch, seen int, err error) {
	for src.next() {
		n := src.row()
		if n > headerRows {
			break
		}
		seen++
		if src.rowErr() != nil {
			continue
		}
		cells := src.cells()
		blank := true
		for _, c := range cells {
			if trimText(c.text) != "" {
				blank = false
				break
			}
		}
		if blank {
			continue
		}
		m := matchHeader(kind, n, cells, in.Columns, in.Defaults)
		if len(m.missing) == 0 {
			if len(m.unmatched) > 0 {
				return nil, nil, seen, unmatchedOverrideError(m)
			}
			return m, nil, seen, nil
		}
		if best == nil || m.score() < best.score() {
			best = m
		}
	}
	if err := src.err(); err != nil {
		return nil, nil, seen, &rowError{row: src.row(), err: readErr(err)}
	}
	return nil, best, seen, nil
}

// readData reads the rows after the header row.
func (fr *fileReader) readData(src rowSource, m *headerMatch, in *Input, stop func() error) error {
	fr.lay = &m.layout
	for f := range fr.lay.fields {
		fr.lay.fields[f] = colRef{index: -1, header: fieldNames[f]}
	}
	for name, ref := range m.cols {
		fr.lay.used = append(fr.lay.used, ref)
		if f, ok := fieldOf(name); ok {
			fr.lay.fields[f] = ref
		}
	}
	fr.lay.setDefaults(in.Defaults)
	sort.Slice(fr.lay.used, func(i, j int) bool { return fr.lay.used[i].index < fr.lay.used[j].index })
	if fr.kind == analysis.InputSupport {
		fr.warnTimeLog()
	}
	// The header row's texts are kept (lay); the data rows' texts are
	// copied where they are kept, so they need no strings of their own.
	switch s := src.(type) {
	case *sheetRows:
		s.rows.ReuseValues()
	case *csvSource:
		s.r.reuse = true
	}
	for n := 0; src.next(); n++ {
		if n&255 == 0 {
			if err := stop(); err != nil {
				return err
			}
			if n == reserveAt {
				read, size := src.position()
				fr.reserveFor(read, size, maxRowsOf(src)-src.row())
			}
			fr.progress.tick(fr.rows)
		}
		fr.row(src.row(), src.cells(), src.rowErr())
	}
	if err := src.err(); err != nil {
		return &rowError{row: src.row(), err: readErr(err)}
	}
	return nil
}
