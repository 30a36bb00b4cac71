package ingest

import (
	"cmp"
	"fmt"
	"hash/fnv"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"clientscore/analysis"
	"clientscore/ingest/xlsx"
)

// SampleRows is how many rows of each sheet Recognise reads at most, the
// title and header rows included: enough to see how an export writes its
// dates and numbers, never the whole of a big file.
const SampleRows = 5000

// Recognition is what Recognise found in one export file.
type Recognition struct {
	Path string
	// Encoding and Delimiter say how a CSV or TSV file's text is written
	// ("UTF-8", "UTF-8 with BOM", "UTF-16", "Windows-1252"; ',', ';' or
	// '\t'); both are zero for a workbook. Read finds them by itself.
	Encoding  string
	Delimiter byte
	// Sheets holds a CSV file's one sheet, or every sheet of a workbook
	// in workbook order.
	Sheets []SheetRecognition
}

// SheetRecognition says what one sheet (or CSV file) holds.
type SheetRecognition struct {
	Sheet  string // "" for a CSV file
	Hidden bool   // a hidden sheet is not looked at: Read passes it over unless it is named
	// Readings are the inputs the sheet can be read as, best first.
	Readings []Reading
	// Ambiguous is set when the best two readings fit about as well and
	// nothing (a known layout, the file's name, the values) tells them
	// apart: which input the sheet is, is the user's to say.
	Ambiguous bool
	// Nearest says, when no input fits, why not: what the input that came
	// nearest lacks and the headers found.
	Nearest string
	// Headed lists the inputs whose required columns the sheet's header
	// row has as it is (no columns:, no defaults:): when no sheet is
	// named, Read takes the first visible sheet headed so for its input.
	Headed []analysis.Input
}

// Rivals lists the inputs an ambiguous sheet could be: those whose
// readings fit about as well as the best.
func (s *SheetRecognition) Rivals() []analysis.Input {
	var kinds []analysis.Input
	for _, rd := range s.Readings {
		if len(kinds) == 0 || rd.Score >= ambiguousShare*s.Readings[0].Score {
			kinds = append(kinds, rd.Kind)
		}
	}
	return kinds
}

// Best returns the sheet's reading: the first, unless there is none or
// the sheet is ambiguous.
func (s *SheetRecognition) Best() (*Reading, bool) {
	if len(s.Readings) == 0 || s.Ambiguous {
		return nil, false
	}
	return &s.Readings[0], true
}

// Reading is one way to read a sheet: as which input, with which
// settings, and what the sample holds when read so.
type Reading struct {
	Kind analysis.Input
	// Tool names the known export layout the sheet has ("Stripe
	// payments"); "" when it matches none.
	Tool string
	// Score ranks readings: the headers that only this input knows count
	// most, headers every input knows least; a reading that rejects most
	// of the sample's rows counts for less.
	Score float64
	// Because lists the headers that say most clearly that the sheet is
	// this input, best first (at most three).
	Because   []string
	HeaderRow int      // 1-based
	Headers   []string // the header row's headers
	// Columns are the columns: entries a config needs to read the sheet
	// as Kind (a known layout whose headers the alias table leaves to the
	// user); nil when the headers need none.
	Columns map[string]string
	// NeedsTerms is set for invoices with neither a due date nor payment
	// terms: the config must give defaults: {terms: …}.
	NeedsTerms bool

	// Dates says how the sample's dates are written: DatesCells (dates
	// stored as dates), DatesISO (2026-03-01), DatesText (in an order:
	// see DateOrder), or "" when it has none.
	Dates string
	// DateOrder is "DMY" or "MDY" when a text date reads only in that
	// order (DateExample is the first such value), "" when no text date
	// needs an order or when DateAmbiguous.
	DateOrder   string
	DateExample string
	// DateAmbiguous: every text date reads both day first and month
	// first (DateExample is the first, 03/04/2026), or some only one way
	// and some only the other (DateExample names one of each).
	DateAmbiguous bool
	// Decimal is ',' when a text amount reads only with a decimal comma,
	// '.' otherwise. DecimalExample is the first text amount that reads
	// only with the mark Decimal is; "" when none decides.
	Decimal        byte
	DecimalExample string
	// DecimalAmbiguous: text amounts read with either decimal mark to
	// different values (1,250), or some only with one and some only
	// with the other.
	DecimalAmbiguous bool

	Rows     int  // data rows in the sample
	Rejected int  // of them, rows that do not read with the settings above
	Complete bool // the sample is the whole sheet
	// EstRows estimates the sheet's data rows from how far into the file
	// the sample reached; Rows when Complete.
	EstRows     int
	First, Last analysis.Date // the span of the records' dates; zero when none
	// Currencies counts the sample's records by currency code; "" counts
	// records with no currency (in the reporting currency).
	Currencies map[string]int
	// People are the persons and roles of a time or support export, for
	// costs.rates, by hours logged, most first (at most twelve).
	People []string

	keys     map[uint64]bool // the sample's records, by a hash of their values
	distinct float64         // for a client list, the share of its rows that name a client no row before names

	// specific counts the headers no other input knows; used counts the
	// headers the input takes, of all the row's headers.
	specific, used, headers int
	hinted                  bool // the file's or sheet's name names the input
}

// Overlap is the share of the records in older's sample that newer's
// sample holds too: near 1 when each file of a series is a full export
// (yesterday's records are all in today's), 0 when each holds records of
// its own (a day's payments each).
func Overlap(older, newer *Reading) float64 {
	if len(older.keys) == 0 {
		return 0
	}
	n := 0
	for k := range older.keys {
		if newer.keys[k] {
			n++
		}
	}
	return float64(n) / float64(len(older.keys))
}

// plausible reports whether a reading rests on more than the columns
// every input has (a client, a date, an amount): a header only this input
// knows, a header row made of nothing but its columns (a client list of
// one column), or a name that says so over a row of mostly its columns.
// (A sheet only the clients input fits at all is a client list too: a
// contact list with its phone numbers and addresses.)
func (rd *Reading) plausible() bool {
	return rd.specific > 0 || rd.used >= rd.headers || rd.hinted && 2*rd.used >= rd.headers
}

// The ways a sheet writes its dates (Reading.Dates).
const (
	DatesCells = "date cells"
	DatesISO   = "ISO"
	DatesText  = "text"
)

// Recognise reads the start of one export (SampleRows rows of each sheet
// at most) and says what each sheet holds: which inputs it can be read as,
// best first, from its headers (the alias table's, and the layouts of the
// tools' exports) and its values, with the locale its text dates and
// amounts need. It reads nothing twice and no more of a file than the
// sample. Its error is an *InputError for a file Read could not open
// either (a legacy .xls, a damaged workbook).
func Recognise(path string) (*Recognition, error) {
	rec := &Recognition{Path: path}
	fail := func(sheet string, err error) error {
		ie := &InputError{File: path, Sheet: sheet, Err: readErr(err)}
		placeInput(ie)
		return ie
	}
	ext := strings.ToLower(filepath.Ext(path))
	hint := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	switch ext {
	case ".csv", ".tsv":
		src, err := openCSV(path, ext == ".tsv", io.Discard)
		if err != nil {
			return nil, fail("", err)
		}
		defer src.f.Close() // not src.close, which would read the rest of the file
		rec.Encoding, rec.Delimiter = src.enc, src.r.comma
		s, err := takeSample(src)
		if err != nil {
			return nil, fail("", err)
		}
		s.csv = true
		rec.Sheets = []SheetRecognition{s.recognise(path, "", hint)}
	case ".xlsx", ".xlsm":
		wb, err := xlsx.Open(path, xlsx.Limits{})
		if err != nil {
			return nil, fail("", err)
		}
		defer wb.Close()
		for _, sh := range wb.Sheets() {
			if sh.Hidden {
				rec.Sheets = append(rec.Sheets, SheetRecognition{Sheet: sh.Name, Hidden: true})
				continue
			}
			src, err := openSheet(wb, sh.Name)
			if err != nil {
				return nil, fail(sh.Name, err)
			}
			s, err := takeSample(src)
			src.close()
			if err != nil {
				return nil, fail(sh.Name, err)
			}
			s.date1904 = wb.Date1904()
			rec.Sheets = append(rec.Sheets, s.recognise(path, sh.Name, hint+" "+sh.Name))
		}
	default:
		return nil, fail("", unknownFormat(path, ext))
	}
	return rec, nil
}

// sample is the first rows of a sheet, as its reader gave them.
type sample struct {
	rows          []sampledRow
	complete      bool  // the rows are the whole sheet
	reached, size int64 // how far into the file the sample reached, of how much (-1: unknown)
	csv           bool
	date1904      bool
}

type sampledRow struct {
	num   int
	cells []cell
	err   error // the row's own problem (a CSV quote left open)
}

// takeSample reads at most SampleRows rows of src.
func takeSample(src rowSource) (*sample, error) {
	s := &sample{}
	for len(s.rows) < SampleRows {
		if !src.next() {
			s.complete = true
			break
		}
		s.rows = append(s.rows, sampledRow{num: src.row(), cells: slices.Clone(src.cells()), err: src.rowErr()})
	}
	if err := src.err(); err != nil {
		return nil, err
	}
	s.reached, s.size = src.position()
	return s, nil
}

// replay gives a sample's rows again, as a rowSource, so that the sheet's
// header row is found and its rows read by the code that Read uses.
type replay struct {
	rows []sampledRow
	i    int
	buf  []cell
}

func (r *replay) next() bool {
	if r.i >= len(r.rows) {
		return false
	}
	r.buf = append(r.buf[:0], r.rows[r.i].cells...) // the reader trims cells in place
	r.i++
	return true
}

func (r *replay) row() int                 { return r.rows[r.i-1].num }
func (r *replay) cells() []cell            { return r.buf }
func (r *replay) rowErr() error            { return r.rows[r.i-1].err }
func (r *replay) position() (int64, int64) { return -1, -1 }
func (r *replay) err() error               { return nil }
func (r *replay) close() error             { return nil }

// recognise finds what the sample can be read as. hint is the file's
// name and the sheet's, whose words may name an input.
func (s *sample) recognise(file, sheet, hint string) SheetRecognition {
	sr := SheetRecognition{Sheet: sheet}
	sig, sigCols, sigWhy := s.signature()
	var nearest *headerMatch
	var nearestKind analysis.Input
	nearestSeen := 0
	for _, kind := range inputOrder {
		in := &Input{Kind: kind}
		if sig != nil && sig.kind == kind {
			in.Columns = sigCols
		}
		m, best, seen := s.findHeader(in)
		headed := m != nil
		if in.Columns != nil {
			plain, _, _ := s.findHeader(&Input{Kind: kind})
			headed = plain != nil
		}
		if headed {
			sr.Headed = append(sr.Headed, kind)
		}
		if sig != nil && sig.kind != kind {
			continue // a known layout is its own input's alone
		}
		if m == nil && kind == analysis.InputInvoices && onlyTermsMissing(best) {
			in.Defaults = map[string]string{"terms": "Net 30"} // to see what else it reads; the user gives the terms
			m, _, _ = s.findHeader(in)
		}
		if m == nil {
			if best != nil && (nearest == nil || best.score() < nearest.score()) {
				nearest, nearestKind, nearestSeen = best, kind, seen
			}
			continue
		}
		rd := s.read(file, sheet, in, m)
		if sig != nil && sig.kind == kind {
			rd.Tool = sig.tool
		}
		sr.Readings = append(sr.Readings, rd)
	}
	for i := range sr.Readings {
		rd := &sr.Readings[i]
		if rd.hinted = hinted(rd.Kind, hint); rd.hinted {
			rd.Score *= 1.5
		}
	}
	var weak []string
	var weakHeaders []string
	onlyClients := slices.Equal(sr.Headed, []analysis.Input{analysis.InputClients}) // a list of names, with no dates or amounts
	sr.Readings = slices.DeleteFunc(sr.Readings, func(rd Reading) bool {
		if rd.Tool == "" && !rd.plausible() && !(onlyClients && rd.Kind == analysis.InputClients) {
			weak = append(weak, fmt.Sprintf("%s (%s)", rd.Kind, strings.Join(rd.Because, ", ")))
			weakHeaders = rd.Headers
			return true
		}
		return false
	})
	slices.SortStableFunc(sr.Readings, func(a, b Reading) int {
		if (a.Tool != "") != (b.Tool != "") { // a known layout decides
			if a.Tool != "" {
				return -1
			}
			return 1
		}
		return cmp.Compare(b.Score, a.Score)
	})
	switch {
	case len(sr.Readings) == 0 && sig != nil && sigWhy != "":
		sr.Nearest = fmt.Sprintf("it looks like %s, but %s", sig.tool, sigWhy)
	case len(sr.Readings) == 0 && len(weak) > 0:
		sr.Nearest = fmt.Sprintf("it has the columns every input has, but no header says which input it is: it could be %s (headers found: %s)",
			strings.Join(weak, " or "), listHeaders(weakHeaders))
	case len(sr.Readings) == 0 && nearest != nil:
		sr.Nearest = fmt.Sprintf("as %s it has %v", nearestKind, noHeaderError(nearestKind, nearest, nearestSeen))
	case len(sr.Readings) == 0:
		sr.Nearest = "it " + noHeaderError(analysis.InputInvoices, nil, len(s.rows)).Error()
	case len(sr.Readings) > 1 && sr.Readings[0].Tool == "":
		sr.Ambiguous = sr.Readings[1].Score >= ambiguousShare*sr.Readings[0].Score
	}
	return sr
}

// ambiguousShare is how close a second reading's score must come to the
// best's for the sheet to be the user's to place.
const ambiguousShare = 0.8

// onlyTermsMissing reports whether an invoices header lacks only a due
// date and terms, which defaults: {terms: …} can stand in for.
func onlyTermsMissing(m *headerMatch) bool {
	return m != nil && len(m.unmatched) == 0 && len(m.missing) == 1 && slices.Equal(m.missing[0], []string{"due_date", "terms"})
}

// findHeader finds in's header row in the sample, as Read does.
func (s *sample) findHeader(in *Input) (m, best *headerMatch, seen int) {
	m, best, seen, err := findHeader(in.Kind, &replay{rows: s.rows}, in)
	if err != nil { // a columns override names no header of the row
		return nil, nil, seen
	}
	return m, best, seen
}

// read reads the sample as in, whose header row is m: it settles the
// locale from the values, then reads every row as Read would.
func (s *sample) read(file, sheet string, in *Input, m *headerMatch) Reading {
	rd := Reading{
		Kind:       in.Kind,
		HeaderRow:  m.row,
		Headers:    m.headers,
		Columns:    in.Columns,
		NeedsTerms: in.Defaults != nil,
		Complete:   s.complete,
	}
	s.settleLocale(&rd, m)
	loc := Locale{DateOrder: cmp.Or(rd.DateOrder, "DMY"), Decimal: rd.Decimal}
	in.Locale = &loc
	opts := &Options{Location: time.UTC, Rates: anyRates()}
	fr := newFileReader(opts, in, file)
	fr.csv, fr.sheet, fr.dates.date1904 = s.csv, sheet, s.date1904
	src := &replay{rows: s.rows}
	for src.next() && src.row() != m.row { // on to the header row, as findHeader leaves a source
	}
	fr.readData(src, m, in, func() error { return nil })
	fr.finish()
	rd.Rows, rd.Rejected = fr.rows, fr.rejected
	rd.EstRows = rd.Rows
	if !s.complete && s.reached > 0 && s.size > s.reached {
		rd.EstRows = int(float64(rd.Rows) * float64(s.size) / float64(s.reached))
	}
	s.summarise(&rd, fr)
	rd.Score, rd.Because, rd.specific = headerScore(in.Kind, m)
	rd.used, rd.headers = len(m.cols), len(m.headers)
	// A reading that rejects most rows is not what the sheet holds; a few
	// rejected rows say nothing (a column one input needs and another
	// does not may be empty on a row or two).
	if share := float64(rd.Rows-rd.Rejected) / float64(max(rd.Rows, 1)); rd.Rows > 0 && share < 0.5 {
		rd.Score *= share
	}
	switch in.Kind {
	case analysis.InputSupport:
		if len(timeLogOf(m.texts)) >= 2 {
			rd.Score /= 4 // a time log's headers: its entries are work, not contacts
		}
	case analysis.InputClients:
		rd.Score *= rd.distinct
	}
	return rd
}

// anyRates accepts every ISO 4217 currency (at a rate of 1, which no
// figure uses): the sample's rows are read for what they say, and which
// currencies they are in is for the config to list.
var anyRates = sync.OnceValue(func() analysis.Rates {
	rates := map[string]float64{}
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'Z'; b++ {
			for c := 'A'; c <= 'Z'; c++ {
				if code := string([]rune{a, b, c}); analysis.KnownCurrency(code) {
					rates[code] = 1
				}
			}
		}
	}
	r, _ := analysis.NewRates("EUR", rates)
	return r
})

// headerScore weighs a header row as kind: each header the kind takes
// counts 1 over the number of inputs whose alias table knows it, so
// "Due Date" (invoices alone) counts 1 and "Customer" (every input) a
// seventh. It returns the score, the headers that count most and how
// many headers only kind knows.
func headerScore(kind analysis.Input, m *headerMatch) (score float64, because []string, specific int) {
	type weighed struct {
		header string
		index  int
		w      float64
	}
	var ws []weighed
	for _, ref := range m.cols {
		if ref.index < 0 {
			continue
		}
		key := normalizeHeader(ref.header)
		n := 0
		for _, k := range inputOrder {
			spec := specs[k]
			if slices.ContainsFunc(spec.columns, func(c column) bool { return aliasRank(c, spec.after[c.name], key) >= 0 }) {
				n++
			}
		}
		if n <= 1 {
			specific++
		}
		ws = append(ws, weighed{ref.header, ref.index, 1 / float64(max(n, 1))})
	}
	// Summed in a fixed order, so equal rows score equal to the last bit.
	slices.SortFunc(ws, func(a, b weighed) int { return cmp.Compare(a.index, b.index) })
	for _, w := range ws {
		score += w.w
	}
	slices.SortStableFunc(ws, func(a, b weighed) int {
		return cmp.Or(cmp.Compare(b.w, a.w), cmp.Compare(a.index, b.index))
	})
	for _, w := range ws[:min(3, len(ws))] {
		because = append(because, w.header)
	}
	return score, because, specific
}

// distinctShare is the share of a client list's rows that name a client
// no earlier row names: 1 for a list of clients, far less for a file of
// transactions that names a client on every row.
func distinctShare(clients []analysis.Client) float64 {
	if len(clients) == 0 {
		return 1
	}
	seen := map[string]bool{}
	for _, c := range clients {
		seen[strings.ToLower(c.Name)] = true
	}
	return float64(len(seen)) / float64(len(clients))
}

// nameHints are words of a file's or sheet's name that say which input it
// holds (a tie-breaker, never more).
var nameHints = map[analysis.Input][]string{
	analysis.InputInvoices: {"invoice", "invoices", "sales", "receivable", "receivables", "factuur", "facturen", "rechnung", "rechnungen", "factures", "facturas"},
	analysis.InputPayments: {"payment", "payments", "receipt", "receipts", "bank", "betalingen", "zahlungen", "paiements", "pagos"},
	analysis.InputDisputes: {"dispute", "disputes", "chargeback", "chargebacks"},
	analysis.InputSupport:  {"ticket", "tickets", "support", "helpdesk", "zendesk", "freshdesk"},
	analysis.InputTime:     {"time", "timesheet", "timesheets", "hours", "timelog", "harvest", "toggl", "clockify", "uren"},
	analysis.InputExpenses: {"expense", "expenses", "costs", "bills", "purchases", "kosten", "ausgaben"},
	analysis.InputClients:  {"client", "clients", "customer", "customers", "klanten", "kunden"},
}

// hinted reports whether a word of name is one of kind's nameHints.
func hinted(kind analysis.Input, name string) bool {
	words := strings.FieldsFunc(strings.ToLower(name), func(r rune) bool {
		return !(r >= 'a' && r <= 'z')
	})
	return slices.ContainsFunc(words, func(w string) bool { return slices.Contains(nameHints[kind], w) })
}

// The columns that hold dates and amounts, for the locale.
var (
	dateFields   = []field{fIssueDate, fDueDate, fPaidDate, fDate, fRenewalDate}
	amountFields = []field{fAmount, fTax, fBalance, fRefunded, fCost, fMonthlyFee}
)

// settleLocale decides from the sample's text dates and amounts, in the
// columns m maps, the date order and decimal mark they need, or that they
// are the user's to say.
func (s *sample) settleLocale(rd *Reading, m *headerMatch) {
	var dates, amounts []int
	for _, f := range dateFields {
		if c, ok := m.cols[fieldNames[f]]; ok {
			dates = append(dates, c.index)
		}
	}
	for _, f := range amountFields {
		if c, ok := m.cols[fieldNames[f]]; ok {
			amounts = append(amounts, c.index)
		}
	}
	dmy, mdy := dateReader{order: "DMY"}, dateReader{order: "MDY"}
	var onlyD, onlyM, differ int
	var exD, exM, exBoth string
	cells, iso, text := 0, 0, 0
	var onlyDot, onlyComma, differAmt int
	var exDot, exComma string
	for _, r := range s.rows {
		if r.num <= m.row || r.err != nil {
			continue
		}
		for _, i := range dates {
			if i >= len(r.cells) {
				continue
			}
			c := r.cells[i]
			v := trimText(c.text)
			switch {
			case v == "" || c.errorValue:
				continue
			case c.numeric:
				cells++
				continue
			}
			a, errA := dmy.parseText(v)
			b, errB := mdy.parseText(v)
			switch {
			case errA == nil && errB == nil && a == b:
				if _, isISO, _ := parseISO(v); isISO {
					iso++
				} else {
					text++
				}
			case errA == nil && errB == nil:
				text++
				differ++
				exBoth = cmp.Or(exBoth, v)
			case errA == nil:
				text++
				onlyD++
				exD = cmp.Or(exD, v)
			case errB == nil:
				text++
				onlyM++
				exM = cmp.Or(exM, v)
			}
		}
		for _, i := range amounts {
			if i >= len(r.cells) || r.cells[i].numeric || r.cells[i].errorValue {
				continue
			}
			v := trimText(r.cells[i].text)
			if v == "" {
				continue
			}
			a, _, errA := parseAmountText(v, '.', 2)
			b, _, errB := parseAmountText(v, ',', 2)
			switch {
			case errA == nil && errB == nil && a != b:
				differAmt++
			case errA == nil && errB != nil:
				onlyDot++
				exDot = cmp.Or(exDot, v)
			case errB == nil && errA != nil:
				onlyComma++
				exComma = cmp.Or(exComma, v)
			}
		}
	}
	switch {
	case text > 0:
		rd.Dates = DatesText
	case iso > 0:
		rd.Dates = DatesISO
	case cells > 0:
		rd.Dates = DatesCells
	}
	switch {
	case onlyD > 0 && onlyM > 0:
		rd.DateAmbiguous, rd.DateExample = true, exD+" and "+exM
	case onlyD == 0 && onlyM == 0 && differ > 0:
		rd.DateAmbiguous, rd.DateExample = true, exBoth
	case onlyD > 0:
		rd.DateOrder, rd.DateExample = "DMY", exD
	case onlyM > 0:
		rd.DateOrder, rd.DateExample = "MDY", exM
	}
	rd.Decimal = '.'
	switch {
	case onlyDot > 0 && onlyComma > 0, onlyDot == 0 && onlyComma == 0 && differAmt > 0:
		rd.DecimalAmbiguous = true
	case onlyComma > 0:
		rd.Decimal, rd.DecimalExample = ',', exComma
	case onlyDot > 0:
		rd.DecimalExample = exDot
	}
}

// summarise fills in what the records read from the sample hold: the span
// of their dates, their currencies, and the people who logged time.
func (s *sample) summarise(rd *Reading, fr *fileReader) {
	rd.Currencies = map[string]int{}
	rd.keys = map[uint64]bool{}
	var dates []analysis.Date
	hours := map[string]time.Duration{}
	note := func(d analysis.Date, currency string, record any) {
		if d != 0 {
			dates = append(dates, d)
		}
		rd.Currencies[currency]++
		h := fnv.New64a()
		fmt.Fprintf(h, "%+v", record)
		rd.keys[h.Sum64()] = true
	}
	for _, r := range fr.invoices.appendTo(nil) {
		r.Ref = analysis.Ref{} // the same record in another file is the same
		note(r.Issued, r.Currency, r)
	}
	for _, r := range fr.payments.appendTo(nil) {
		r.Ref = analysis.Ref{}
		note(r.Date, r.Currency, r)
	}
	for _, r := range fr.disputes.appendTo(nil) {
		r.Ref = analysis.Ref{}
		note(r.Date, r.Currency, r)
	}
	for _, r := range fr.contacts.appendTo(nil) {
		r.Ref = analysis.Ref{}
		note(r.Date, r.Currency, r)
		for _, p := range []string{r.Person, r.Role} {
			if p != "" {
				hours[p] += max(r.Hours, time.Nanosecond) // a person with no hours logged still shows
			}
		}
	}
	for _, r := range fr.times.appendTo(nil) {
		r.Ref = analysis.Ref{}
		note(r.Date, r.Currency, r)
		for _, p := range []string{r.Person, r.Role} {
			if p != "" {
				hours[p] += max(r.Hours, time.Nanosecond)
			}
		}
	}
	for _, r := range fr.expenses.appendTo(nil) {
		r.Ref = analysis.Ref{}
		note(r.Date, r.Currency, r)
	}
	clients := fr.clients.appendTo(nil)
	rd.distinct = distinctShare(clients)
	for _, r := range clients {
		r.Ref = analysis.Ref{}
		if r.HasFee {
			note(0, r.Currency, r)
		}
	}
	if len(dates) > 0 {
		rd.First, rd.Last = slices.Min(dates), slices.Max(dates)
	}
	for p := range hours {
		rd.People = append(rd.People, p)
	}
	slices.SortFunc(rd.People, func(a, b string) int { return cmp.Or(cmp.Compare(hours[b], hours[a]), cmp.Compare(a, b)) })
	rd.People = rd.People[:min(len(rd.People), 12)]
}

// signature is a tool's export layout, known from the corpus of real
// exports (testdata/exports/SOURCES.md): headers that together only that
// export has, and what the input it holds needs.
type signature struct {
	tool    string
	kind    analysis.Input
	headers []string // all present in one header row
	// values, when set, must hold in the rows below the header: each
	// header's values mostly contain the word (case ignored).
	values map[string]string
	// filled headers have a value in nearly every row below.
	filled []string
	// columns gives the columns: entries the layout needs, from the
	// sample's values; why says why it cannot, when it returns nil.
	columns func(s *sample, header int, texts []string) (cols map[string]string, why string)
}

// signatures are the export layouts Recognise knows by name. A sheet with
// one is that tool's export, whatever the scores say: these are the
// layouts whose headers alone mislead (a Xero bill looks like an invoice,
// a bank statement like anything with a date and an amount).
var signatures = []signature{
	{tool: "Stripe payments (disputed)", kind: analysis.InputDisputes, headers: []string{"id", "Amount Refunded", "Dispute Status", "Disputed Amount"},
		filled: []string{"Dispute Status"}},
	{tool: "Stripe payments", kind: analysis.InputPayments, headers: []string{"id", "Amount Refunded", "Customer ID", "Captured"}},
	{tool: "Xero bills", kind: analysis.InputExpenses, headers: []string{"ContactName", "InvoiceNumber", "InvoiceDate", "InvoiceAmountDue", "Type"},
		values: map[string]string{"Type": "bill"}, columns: xeroBillColumns},
	{tool: "Xero sales invoices", kind: analysis.InputInvoices, headers: []string{"ContactName", "InvoiceNumber", "InvoiceDate", "InvoiceAmountDue", "Type"},
		values: map[string]string{"Type": "sales"}},
	{tool: "QuickBooks Online transaction list", kind: analysis.InputPayments, headers: []string{"Transaction Type", "Num", "Posting", "Name", "Account", "Split"},
		values: map[string]string{"Transaction Type": "payment"}},
	{tool: "QuickBooks Online transaction detail", kind: analysis.InputExpenses, headers: []string{"Transaction Type", "Num", "Name", "Customer", "Split", "Balance"}},
	{tool: "QuickBooks invoice list", kind: analysis.InputInvoices, headers: []string{"Transaction Type", "Num", "Customer", "Due Date"},
		values: map[string]string{"Transaction Type": "invoice"}},
	{tool: "FreshBooks invoice details", kind: analysis.InputInvoices, headers: []string{"Client Name", "Invoice #", "Date Issued", "Invoice Status", "Line Total"}},
	{tool: "Zoho Books invoices", kind: analysis.InputInvoices, headers: []string{"Invoice ID", "Invoice Number", "Invoice Status", "Customer ID", "Item Total"}},
	{tool: "Zoho Books customer payments", kind: analysis.InputPayments, headers: []string{"CustomerPayment ID", "Payment Number", "Unused Amount"}},
	{tool: "Wave invoices", kind: analysis.InputInvoices, headers: []string{"Customer name", "Invoice number", "Amount due", "Amount paid"}},
	{tool: "Zendesk tickets", kind: analysis.InputSupport, headers: []string{"Requester", "Assignee", "Organization", "Via", "Created at"}},
	{tool: "Freshdesk tickets", kind: analysis.InputSupport, headers: []string{"Ticket ID", "Created time", "Full name", "Company Name"}},
	{tool: "Harvest detailed time report", kind: analysis.InputTime, headers: []string{"Hours", "Hours Rounded", "First Name", "Last Name"}},
	{tool: "Harvest detailed expense report", kind: analysis.InputExpenses, headers: []string{"Category", "Notes", "Amount", "Invoiced?", "First Name", "Last Name"}},
	{tool: "Toggl Track detailed report", kind: analysis.InputTime, headers: []string{"User", "Start date", "Start time", "End date", "Duration"}},
	{tool: "Clockify detailed report", kind: analysis.InputTime, headers: []string{"Duration (h)", "Duration (decimal)", "Start Date", "Start Time"}},
	{tool: "Monzo account statement", kind: analysis.InputPayments, headers: []string{"Transaction ID", "Emoji", "Money Out", "Money In"}},
}

// signature finds the first known layout whose header row is among the
// sample's first rows, with the columns: entries it needs; why says why
// a layout that needs some cannot have them.
func (s *sample) signature() (sig *signature, cols map[string]string, why string) {
	for _, r := range s.rows {
		if r.num > headerRows {
			break
		}
		texts := make([]string, len(r.cells))
		keys := map[string]int{}
		for i, c := range r.cells {
			texts[i] = trimText(normText(c.text))
			if texts[i] != "" {
				k := normalizeHeader(texts[i])
				keys[k.full] = i
			}
		}
		for i := range signatures {
			sg := &signatures[i]
			if !s.fits(sg, r.num, keys) {
				continue
			}
			if sg.columns == nil {
				return sg, nil, ""
			}
			cols, why := sg.columns(s, r.num, texts)
			return sg, cols, why
		}
	}
	return nil, nil, ""
}

// fits reports whether sg's headers are all in the header row (its
// normalised headers by column in keys) and its values hold below it.
func (s *sample) fits(sg *signature, row int, keys map[string]int) bool {
	for _, h := range sg.headers {
		if _, ok := keys[normalizeHeader(h).full]; !ok {
			return false
		}
	}
	for h, word := range sg.values {
		i := keys[normalizeHeader(h).full]
		vals := s.values(row, i)
		n := 0
		for _, v := range vals {
			if strings.Contains(strings.ToLower(v), word) {
				n++
			}
		}
		if 2*n <= len(vals) {
			return false
		}
	}
	for _, h := range sg.filled {
		i := keys[normalizeHeader(h).full]
		rows, filled := 0, 0
		for _, r := range s.rows {
			if r.num > row && len(r.cells) > 1 {
				rows++
				if i < len(r.cells) && trimText(r.cells[i].text) != "" {
					filled++
				}
			}
		}
		if rows == 0 || 10*filled < 9*rows {
			return false
		}
	}
	return true
}

// values returns the non-empty values of column i below row.
func (s *sample) values(row, i int) []string {
	var out []string
	for _, r := range s.rows {
		if r.num > row && i < len(r.cells) {
			if v := trimText(normText(r.cells[i].text)); v != "" {
				out = append(out, v)
			}
		}
	}
	return out
}

// xeroBillColumns reads Xero's bills as expenses: ContactName is the
// supplier, so the client must come from a tracking category the firm
// keeps for it (TrackingName1 "Client", its TrackingOption1 the client),
// and the date is the bill's InvoiceDate.
func xeroBillColumns(s *sample, header int, texts []string) (map[string]string, string) {
	for n := 1; n <= 2; n++ {
		name, option := fmt.Sprintf("TrackingName%d", n), fmt.Sprintf("TrackingOption%d", n)
		ni, oi := slices.Index(texts, name), slices.Index(texts, option)
		if ni < 0 || oi < 0 {
			continue
		}
		for _, v := range s.values(header, ni) {
			if w := fold(v); w == "client" || w == "customer" {
				return map[string]string{"client": option, "date": "InvoiceDate"}, ""
			}
		}
	}
	return nil, "its ContactName is the supplier, and no tracking category (TrackingName1, TrackingName2) is named Client: " +
		"tag each bill with a Client tracking category in Xero and export again, or give the client column under columns:"
}
