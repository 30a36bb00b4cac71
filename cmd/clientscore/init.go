package main

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"clientscore/analysis"
	"clientscore/config"
	"clientscore/ingest"
)

// cmdInit looks at every export under a folder and writes a config that
// reads them (SPEC §1, init).
func cmdInit(args []string, stdout io.Writer) error {
	fs := newFlagSet("init")
	from := fs.String("from", "", "the folder (`DIR`) of exports to look at, its sub-folders included (required)")
	out := fs.String("out", "clientscore.yaml", "the config `FILE` to write; the paths in it are relative to its folder")
	force := fs.Bool("force", false, "replace FILE when it exists")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *from == "" {
		return usageErrorf("init: --from DIR is required: the folder that holds your exports")
	}
	if fi, err := os.Stat(*from); err != nil || !fi.IsDir() {
		return usageErrorf("init: --from %s is not a folder", *from)
	}
	if _, err := os.Lstat(*out); err == nil && !*force {
		return errExists(*out)
	}
	outAbs, err := filepath.Abs(*out)
	if err != nil {
		return usageErrorf("init: --out %s: %v", *out, err)
	}
	p, err := survey(*from, filepath.Dir(outAbs))
	if err != nil {
		return err
	}
	p.zone = localZone()
	p.decide()
	text, err := p.config(*out)
	if err != nil {
		return err
	}
	if err := writeNew(outAbs, text, *force); err != nil {
		return err
	}
	p.print(stdout, *out)
	return nil
}

// plan is what init found under the folder and what it decided.
type plan struct {
	from  string // the folder as given
	base  string // the config's folder, absolute: paths in the config are relative to it
	zone  string // the IANA zone the config names; "" when this computer does not say
	files int    // files looked at
	notes []note // what was decided for each file and sheet, in path order

	found []*found                     // every sheet read as an input
	srcs  map[analysis.Input][]*source // by input, in path order
	qs    []question                   // in the order asked, which is their number's
	loose []string                     // comments about files not read, for the config

	currency string         // the reporting currency; "" when no export names one
	counts   map[string]int // the sample's records by currency
	order    string         // the config's date_order
	decimal  byte           // the config's decimal mark
}

// note is one line of what init prints: a file (and sheet) and what it
// holds.
type note struct {
	name string
	text string
}

// question is something init could not decide: the config says so where
// the answer goes, and init prints it.
type question struct {
	n    int            // 1-based, in the order asked
	kind analysis.Input // the input it is about; "" for none
	src  *source        // the source it is about; nil for none
	key  string         // the config key to set; "" when the answer is where a file goes
	text string
	// choices are the answers, as commented YAML to uncomment.
	choices string
}

// found is a sheet of a file that reads as one input.
type found struct {
	rel   string // relative to the config's folder, with forward slashes
	sheet string
	rd    *ingest.Reading
	text  string // how a CSV file's text is written, when not UTF-8 with commas (Read finds it by itself)
	// sheetNeeded: Read would take another sheet of the workbook for this
	// input unless the config names this one.
	sheetNeeded bool
}

// source is one source of an input in the config: a file, or a dated
// series of files as one glob.
type source struct {
	kind    analysis.Input
	pattern string
	files   []*found
	layout  string // which tool wrote it (or its header row): two sources of one layout are a question

	// pick is "all" or "newest" for a series: each file holds records of
	// its own, or each is a full export; "" when the samples cannot say.
	pick string

	dateOrder        string // "DMY" or "MDY" when its text dates need one
	dateAmbiguous    bool
	decimal          byte // ',' when its text amounts need one
	decimalAmbiguous bool
}

// first is the source's first file, whose reading stands for the rest.
func (s *source) first() *found { return s.files[0] }

// dossierFile matches the renewal dossiers clientscore writes.
var dossierFile = regexp.MustCompile(`^renewal-.+-\d{4}-\d{2}-\d{2}\.xlsx$`)

// survey recognises every export under dir (hidden folders aside), base
// being the folder of the config to write.
func survey(dir, base string) (*plan, error) {
	p := &plan{from: dir, base: base, srcs: map[analysis.Input][]*source{}}
	var paths []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			p.notes = append(p.notes, note{p.shown(path), "not looked at: " + err.Error()})
			return nil
		}
		if d.IsDir() {
			if path != dir && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			return nil
		}
		switch strings.ToLower(filepath.Ext(path)) {
		case ".xlsx", ".xlsm", ".csv", ".tsv":
			paths = append(paths, path)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, path := range paths {
		name := filepath.Base(path)
		if ingest.LockFile(name) {
			continue // Excel's own, while a workbook is open
		}
		p.files++
		if scorecardFile.MatchString(name) || dossierFile.MatchString(name) {
			p.notes = append(p.notes, note{p.shown(path), "skipped: a scorecard or dossier clientscore wrote"})
			continue
		}
		if fi, err := os.Stat(path); err == nil && fi.Size() == 0 {
			p.notes = append(p.notes, note{p.shown(path), "not read: an empty file (0 bytes)"})
			continue
		}
		rec, err := ingest.Recognise(path)
		if err != nil {
			var ie *ingest.InputError
			msg := err.Error()
			if errors.As(err, &ie) {
				msg = ie.Err.Error()
			}
			p.notes = append(p.notes, note{p.shown(path), "not read: it " + msg})
			p.loose = append(p.loose, fmt.Sprintf("%s: it %s", p.rel(path), msg))
			continue
		}
		p.take(rec)
	}
	return p, nil
}

// shown names a file as init prints it: relative to the folder given.
func (p *plan) shown(path string) string {
	if rel, err := filepath.Rel(p.from, path); err == nil {
		return filepath.ToSlash(rel)
	}
	return filepath.ToSlash(path)
}

// rel names a file as the config does: relative to the config's folder
// when it lies there, else absolute.
func (p *plan) rel(path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		return filepath.ToSlash(path)
	}
	if rel, err := filepath.Rel(p.base, abs); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return filepath.ToSlash(rel)
	}
	return filepath.ToSlash(abs)
}

// take notes what one file's sheets hold.
func (p *plan) take(rec *ingest.Recognition) {
	read := false // some sheet of the file is an input
	for i := range rec.Sheets {
		_, ok := rec.Sheets[i].Best()
		read = read || ok || rec.Sheets[i].Ambiguous
	}
	for i := range rec.Sheets {
		sh := &rec.Sheets[i]
		name := p.shown(rec.Path)
		if sh.Sheet != "" && len(rec.Sheets) > 1 {
			name += fmt.Sprintf(" (sheet %q)", sh.Sheet)
		}
		switch rd, ok := sh.Best(); {
		case sh.Hidden:
			p.notes = append(p.notes, note{name, "not looked at: a hidden sheet (clientscore reads one only when the config names it)"})
		case ok:
			f := &found{rel: p.rel(rec.Path), sheet: sh.Sheet, rd: rd}
			if rec.Encoding != "" && (rec.Encoding != "UTF-8" || rec.Delimiter != ',') {
				f.text = fmt.Sprintf("%s text, %s-separated", rec.Encoding, delimiterName(rec.Delimiter))
			}
			// Read takes the first visible sheet whose header row has the
			// input's columns: name this one when that is another.
			for _, o := range rec.Sheets[:i] {
				if !o.Hidden && slices.Contains(o.Headed, rd.Kind) {
					f.sheetNeeded = true
				}
			}
			p.found = append(p.found, f)
			p.notes = append(p.notes, note{name, string(rd.Kind) + ": " + f.describe()})
		case sh.Ambiguous:
			var kinds []string
			var choices strings.Builder
			for _, k := range sh.Rivals() {
				kinds = append(kinds, string(k))
				fmt.Fprintf(&choices, "  %s: {path: %s}\n", k, yamlText(p.rel(rec.Path)))
			}
			q := p.ask(question{
				text: fmt.Sprintf("%s could be %s: its headers (%s) fit each about as well. Add it under the input it is, as one of these (or as one more source of a list):",
					p.rel(rec.Path), orList(kinds), strings.Join(sh.Readings[0].Headers, ", ")),
				choices: strings.TrimRight(choices.String(), "\n"),
			})
			p.notes = append(p.notes, note{name, fmt.Sprintf("%s? not decided (question %d)", strings.Join(kinds, " or "), q.n)})
		case read: // a cover, notes or pivot sheet beside the data
			p.notes = append(p.notes, note{name, "nothing clientscore reads"})
		default:
			p.notes = append(p.notes, note{name, "not read: " + sh.Nearest})
			p.loose = append(p.loose, fmt.Sprintf("%s: %s", p.rel(rec.Path), sh.Nearest))
		}
	}
}

// ask adds a question and returns it, numbered.
func (p *plan) ask(q question) question {
	q.n = len(p.qs) + 1
	p.qs = append(p.qs, q)
	return q
}

// decide turns what was found into sources, a currency and a locale.
func (p *plan) decide() {
	p.group()
	for _, kind := range analysis.Inputs {
		p.sameLayout(kind)
	}
	if len(p.srcs[analysis.InputInvoices]) == 0 && !p.asked(analysis.InputInvoices) {
		p.ask(question{kind: analysis.InputInvoices, key: "inputs.invoices",
			text:    "no file here looks like invoices, which clientscore needs: export them from your accounting tool into this folder and run init again, or name them here:",
			choices: "  invoices: {path: FILE}"})
	}
	p.settleLocale()
	p.askSources()
	p.settleCurrency()
	if p.zone == "" {
		p.ask(question{key: "timezone", text: "this computer does not say which time zone it is in: write yours, an IANA name such as Europe/Amsterdam"})
	}
}

// asked reports whether a question was asked about kind.
func (p *plan) asked(kind analysis.Input) bool {
	return slices.ContainsFunc(p.qs, func(q question) bool { return q.kind == kind })
}

// group makes the sources: one per file, but one glob for files that
// differ only by a date in their name (a drop folder of nightly exports).
func (p *plan) group() {
	type key struct {
		kind               analysis.Input
		dir, name          string // the name with its date cut out
		sheet, layout      string
		sheetNeeded, terms bool
		columns            string
	}
	var order []key
	groups := map[key][]*found{}
	for _, f := range p.found {
		dir, name := filepath.Split(f.rel)
		if _, start, end, ok := ingest.DateInName(name); ok {
			name = name[:start] + "\x00" + name[end:]
		}
		k := key{f.rd.Kind, dir, name, f.sheet, layoutOf(f.rd), f.sheetNeeded, f.rd.NeedsTerms, fmt.Sprint(f.rd.Columns)}
		if _, ok := groups[k]; !ok {
			order = append(order, k)
		}
		groups[k] = append(groups[k], f)
	}
	for _, k := range order {
		files := groups[k]
		s := &source{kind: k.kind, files: files, layout: k.layout, pattern: files[0].rel}
		if len(files) > 1 {
			s.pattern = p.glob(files)
			s.series()
		}
		s.merge()
		p.srcs[k.kind] = append(p.srcs[k.kind], s)
	}
}

// glob returns a pattern that matches the files of a dated series and no
// other file: the date as "*" when that is exact, else as digits.
func (p *plan) glob(files []*found) string {
	dir, name := filepath.Split(files[0].rel)
	_, start, end, _ := ingest.DateInName(name)
	want := make([]string, len(files))
	for i, f := range files {
		want[i] = filepath.Clean(filepath.Join(p.base, filepath.FromSlash(f.rel)))
	}
	slices.Sort(want)
	digits := regexp.MustCompile(`[0-9]`).ReplaceAllString(name[start:end], "[0-9]")
	for _, date := range []string{"*", digits} {
		pattern := dir + globEscape(name[:start]) + date + globEscape(name[end:])
		matches, err := filepath.Glob(filepath.Join(p.base, filepath.FromSlash(pattern)))
		matches = slices.DeleteFunc(matches, func(m string) bool { return ingest.LockFile(filepath.Base(m)) })
		slices.Sort(matches)
		if err == nil && slices.Equal(matches, want) {
			return pattern
		}
	}
	return dir + globEscape(name[:start]) + digits + globEscape(name[end:])
}

// globEscape escapes the characters a glob reads as patterns.
func globEscape(s string) string {
	return strings.NewReplacer("*", "[*]", "?", "[?]", "[", "[[]", `\`, `[\\]`).Replace(s)
}

// layoutOf names a reading's layout: the tool that wrote it, or its
// header row.
func layoutOf(rd *ingest.Reading) string {
	if rd.Tool != "" {
		return rd.Tool
	}
	return strings.Join(rd.Headers, "|")
}

// series orders a dated series' files oldest first and tells full
// exports from exports of their own records by what the oldest file's
// sample shares with the newest's.
func (s *source) series() {
	dateOf := func(f *found) analysis.Date {
		d, _, _, _ := ingest.DateInName(filepath.Base(f.rel))
		return d
	}
	slices.SortStableFunc(s.files, func(a, b *found) int { return cmp.Compare(dateOf(a), dateOf(b)) })
	switch o := ingest.Overlap(s.files[0].rd, s.files[len(s.files)-1].rd); {
	case o >= 0.5:
		s.pick = "newest"
	case o == 0:
		s.pick = "all"
	}
}

// merge settles a source's locale from its files' readings.
func (s *source) merge() {
	orders, decimals := map[string]bool{}, map[byte]bool{}
	dateAmb, decAmb := false, false
	for _, f := range s.files {
		if f.rd.DateOrder != "" {
			orders[f.rd.DateOrder] = true
		}
		dateAmb = dateAmb || f.rd.DateAmbiguous
		if f.rd.Decimal == ',' {
			decimals[','] = true
		} else if f.rd.DecimalExample != "" {
			decimals['.'] = true
		}
		decAmb = decAmb || f.rd.DecimalAmbiguous
	}
	switch {
	case len(orders) > 1 || len(orders) == 0 && dateAmb:
		s.dateAmbiguous = true
	case len(orders) == 1:
		s.dateOrder = slices.Collect(maps.Keys(orders))[0]
	}
	switch {
	case decimals[','] && (decimals['.'] || decAmb):
		s.decimalAmbiguous = true
	case decimals[',']:
		s.decimal = ','
	case decAmb:
		s.decimalAmbiguous = true
	}
}

// sameLayout asks about the sources of an input that share one layout
// and are not a dated series: parts of the books, or exports of the same
// records; which, init cannot tell. They are left out of the config until
// the user says; the input's other sources stay.
func (p *plan) sameLayout(kind analysis.Input) {
	byLayout := map[string][]*source{}
	for _, s := range p.srcs[kind] {
		byLayout[s.layout] = append(byLayout[s.layout], s)
	}
	for _, s := range slices.Clone(p.srcs[kind]) {
		same := byLayout[s.layout]
		if len(same) < 2 || same[0] != s {
			continue
		}
		p.srcs[kind] = slices.DeleteFunc(p.srcs[kind], func(o *source) bool { return slices.Contains(same, o) })
		what := s.first().rd.Tool
		if what == "" {
			what = "the same export (their headers are the same)"
		}
		// The choices are commented YAML that, uncommented where the
		// question stands, is in place: below the inputs (an input of its
		// own), or above the input's list (items to move into it).
		var choices strings.Builder
		where, indent := "Uncomment the lines of the ones to read:", "  "
		if len(p.srcs[kind]) == 0 {
			fmt.Fprintf(&choices, "  %s:\n", kind)
			indent = "    "
		} else {
			where = fmt.Sprintf("Move the lines of the ones to read into the list under inputs.%s:", kind)
		}
		for _, o := range same {
			fmt.Fprintf(&choices, "%s- {path: %s}   # %s\n", indent, yamlText(o.pattern), spanOf(o))
		}
		p.ask(question{kind: kind, key: "inputs." + string(kind),
			text: fmt.Sprintf("%d files look like %s (%s), and they are not one dated series: init cannot tell whether they are parts of your books "+
				"(read each) or exports of the same records (read one). Until you say, none of them is read. %s", len(same), what, kind, where),
			choices: strings.TrimRight(choices.String(), "\n"),
		})
	}
}

// spanOf says how many rows a source has and which dates.
func spanOf(s *source) string {
	rows, complete := 0, true
	var first, last analysis.Date
	for _, f := range s.files {
		rows += f.rd.EstRows
		complete = complete && f.rd.Complete
		if f.rd.First != 0 && (first == 0 || f.rd.First < first) {
			first = f.rd.First
		}
		last = max(last, f.rd.Last)
	}
	text := rowsText(rows, complete)
	if first != 0 {
		text += fmt.Sprintf(", %s to %s", first, last)
	}
	return text
}

// settleLocale picks the config's date order and decimal mark: those most
// sources that need one need; the others get their own.
func (p *plan) settleLocale() {
	orders, decimals, sources := map[string]int{}, map[byte]int{}, 0
	for _, kind := range analysis.Inputs {
		for _, s := range p.srcs[kind] {
			sources++
			if s.dateOrder != "" {
				orders[s.dateOrder]++
			}
			if s.decimal != 0 {
				decimals[s.decimal]++
			}
		}
	}
	p.order, p.decimal = "DMY", '.'
	if orders["MDY"] > orders["DMY"] {
		p.order = "MDY"
	}
	if decimals[','] > sources-decimals[','] {
		p.decimal = ','
	}
}

// askSources asks what each source's files leave open: a date order, a
// decimal mark, whether a series is full exports, payment terms.
func (p *plan) askSources() {
	for _, kind := range analysis.Inputs {
		for _, s := range p.srcs[kind] {
			where := s.pattern
			if sh := s.first().sheet; s.first().sheetNeeded {
				where += fmt.Sprintf(" (sheet %q)", sh)
			}
			ask := func(key, text string, a ...any) {
				p.ask(question{kind: kind, src: s, key: "inputs." + string(kind) + "." + key, text: where + ": " + fmt.Sprintf(text, a...)})
			}
			if s.dateAmbiguous {
				ask("locale.date_order", "every date in it reads both day first and month first (%s), or some only one way and some only the other. "+
					"Set date_order below to DMY if 03/04/2026 is 3 April, MDY if it is March 4", cmp.Or(s.first().rd.DateExample, "03/04/2026"))
			}
			if s.decimalAmbiguous {
				ask("locale.decimal", "its amounts read with a decimal point and with a decimal comma, to different values (1,250 is 1250 or 1.25). "+
					`Set decimal below to "." if it writes twelve hundred and fifty as 1,250.00, "," if as 1.250,00`)
			}
			if len(s.files) > 1 && s.pick == "" {
				ask("pick", "some of the oldest file's records are in the newest file and some are not, so init cannot tell whether each file "+
					"is a full export (pick: newest, read only the newest) or holds records of its own (pick: all, read every file)")
			}
			if s.first().rd.NeedsTerms {
				ask("defaults.terms", "the invoices have no due date and no payment terms, so init cannot tell when they were due. "+
					"Set terms below to the terms you invoice on (Net 30, 14, Due on receipt)")
			}
		}
	}
}

// settleCurrency picks the reporting currency, the one most of the
// sample's records are in, and asks for a rate for each other.
func (p *plan) settleCurrency() {
	p.counts = map[string]int{}
	for _, f := range p.found { // files a question leaves out too: their amounts count
		for code, n := range f.rd.Currencies {
			if code != "" {
				p.counts[code] += n
			}
		}
	}
	codes := slices.Sorted(maps.Keys(p.counts))
	slices.SortStableFunc(codes, func(a, b string) int { return cmp.Compare(p.counts[b], p.counts[a]) })
	switch {
	case len(codes) == 0:
		p.ask(question{key: "currency", text: "no export names a currency: write the one your books are kept in (EUR, GBP, USD …)"})
	case len(codes) > 1 && p.counts[codes[0]] == p.counts[codes[1]]:
		p.ask(question{key: "currency", text: fmt.Sprintf("as many amounts are in %s as in %s: write the currency your books are kept in", codes[0], codes[1])})
	default:
		p.currency = codes[0]
	}
	for _, code := range codes {
		if code != p.currency {
			p.ask(question{key: "fx." + code, text: fmt.Sprintf("fill in what 1 %s is worth in %s", code, cmp.Or(p.currency, "the reporting currency"))})
		}
	}
}

// localZone is this computer's time zone as an IANA name: $TZ, or where
// /etc/localtime points; "" when neither says.
func localZone() string {
	if tz := strings.TrimPrefix(os.Getenv("TZ"), ":"); tz != "" && !filepath.IsAbs(tz) {
		if _, err := time.LoadLocation(tz); err == nil {
			return tz
		}
	}
	if target, err := filepath.EvalSymlinks("/etc/localtime"); err == nil {
		if _, name, ok := strings.Cut(target, "zoneinfo/"); ok {
			if _, err := time.LoadLocation(name); err == nil {
				return name
			}
		}
	}
	return ""
}

// describe says what a sheet holds as its input and why init thinks so,
// for a person.
func (f *found) describe() string {
	rd := f.rd
	var parts []string
	switch {
	case rd.Tool != "":
		parts = append(parts, rd.Tool+" export")
	default:
		parts = append(parts, "by its headers "+strings.Join(rd.Because, ", "))
	}
	rows := rowsText(rd.EstRows, rd.Complete)
	switch {
	case rd.Rejected > 0 && rd.Complete:
		rows += fmt.Sprintf(" (%s: validate says why)", plural(rd.Rejected, "does not read", "do not read"))
	case rd.Rejected > 0:
		rows += fmt.Sprintf(" (%s of the first %s do not read: validate says why)", thousands(rd.Rejected), thousands(rd.Rows))
	}
	parts = append(parts, rows)
	switch {
	case rd.DateAmbiguous:
		parts = append(parts, fmt.Sprintf("dates day or month first? (%s)", rd.DateExample))
	case rd.DateOrder == "DMY":
		parts = append(parts, fmt.Sprintf("dates day first (%s)", rd.DateExample))
	case rd.DateOrder == "MDY":
		parts = append(parts, fmt.Sprintf("dates month first (%s)", rd.DateExample))
	case rd.Dates == ingest.DatesCells:
		parts = append(parts, "dates as date cells")
	case rd.Dates == ingest.DatesISO:
		parts = append(parts, "dates ISO")
	case rd.Dates == ingest.DatesText:
		parts = append(parts, "dates with month names")
	}
	switch {
	case rd.DecimalAmbiguous:
		parts = append(parts, "decimal point or comma?")
	case rd.Decimal == ',':
		parts = append(parts, fmt.Sprintf("decimal comma (%s)", rd.DecimalExample))
	}
	if c := currencyText(rd.Currencies); c != "" {
		parts = append(parts, c)
	}
	if len(rd.Columns) > 0 {
		parts = append(parts, "columns: "+columnsText(rd.Columns))
	}
	if rd.NeedsTerms {
		parts = append(parts, "no due date or terms")
	}
	if f.text != "" {
		parts = append(parts, f.text)
	}
	return strings.Join(parts, ", ")
}

func delimiterName(d byte) string {
	switch d {
	case ';':
		return "semicolon"
	case '\t':
		return "tab"
	}
	return "comma"
}

// rowsText says how many rows: exactly when the sample is the whole
// sheet, else about.
func rowsText(n int, complete bool) string {
	if complete {
		return plural(n, "row", "rows")
	}
	return "about " + plural(n, "row", "rows")
}

// currencyText says which currencies a sheet's amounts are in.
func currencyText(counts map[string]int) string {
	var codes []string
	for c := range counts {
		if c != "" {
			codes = append(codes, c)
		}
	}
	slices.Sort(codes)
	switch {
	case len(codes) == 0:
		return ""
	case len(codes) > 2:
		return fmt.Sprintf("amounts in %d currencies (%s)", len(codes), strings.Join(codes, ", "))
	}
	return "amounts in " + strings.Join(codes, " and ")
}

func columnsText(cols map[string]string) string {
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(cols)) {
		parts = append(parts, k+" = "+strconv.Quote(cols[k]))
	}
	return strings.Join(parts, ", ")
}

// orList joins words with commas and a final "or".
func orList(words []string) string {
	if len(words) <= 1 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " or " + words[len(words)-1]
}

// print says what init found and decided, file by file, then the
// questions left and what to do next.
func (p *plan) print(w io.Writer, out string) {
	fmt.Fprintf(w, "Looked at %s in %s:\n", plural(p.files, "file", "files"), p.from)
	for _, n := range p.notes {
		fmt.Fprintf(w, "  %s\n      %s\n", n.name, n.text)
	}
	fmt.Fprintln(w)
	if p.zone != "" {
		fmt.Fprintf(w, "Time zone: %s (this computer's).\n", p.zone)
	}
	if p.currency != "" {
		fmt.Fprintf(w, "Reporting currency: %s (%s of the %s with a currency are in it).\n",
			p.currency, thousands(p.counts[p.currency]), plural(sum(p.counts), "record read", "records read"))
	}
	var missing []string
	for _, code := range slices.Sorted(maps.Keys(p.counts)) {
		if code != p.currency {
			missing = append(missing, fmt.Sprintf("%s (%s)", code, plural(p.counts[code], "record", "records")))
		}
	}
	if len(missing) > 0 {
		fmt.Fprintf(w, "Currencies with no fx rate yet: %s. Fill in each under fx.\n", strings.Join(missing, ", "))
	}
	if len(p.qs) > 0 {
		fmt.Fprintf(w, "\n%s to answer in %s (each is marked QUESTION there):\n", plural(len(p.qs), "question", "questions"), out)
		for _, q := range p.qs {
			fmt.Fprintf(w, "  %d. %s\n", q.n, q.line())
		}
	}
	fmt.Fprintf(w, "\nWrote %s. Next: clientscore validate --config %s\n", out, out)
}

func sum(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// errExists refuses to write over a file.
func errExists(path string) error {
	return usageErrorf("init: %s exists already: give another --out FILE, or --force to replace it", path)
}

// writeNew writes text to path through a temporary file in its folder,
// so a failure leaves no half-written config; without replace, an
// existing file is never overwritten, even one made meanwhile.
func writeNew(path string, text []byte, replace bool) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".clientscore-init-*.tmp")
	if err != nil {
		return fmt.Errorf("init: cannot write %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(text); err != nil {
		tmp.Close()
		return fmt.Errorf("init: cannot write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("init: cannot write %s: %w", path, err)
	}
	if replace {
		if err := os.Rename(tmp.Name(), path); err != nil {
			return fmt.Errorf("init: cannot write %s: %w", path, err)
		}
		return nil
	}
	// A hard link is made only where no file is: there is no moment in
	// which a file made there meanwhile could be replaced.
	err = os.Link(tmp.Name(), path)
	if err != nil && !errors.Is(err, fs.ErrExist) { // a file system without hard links
		if _, statErr := os.Lstat(path); statErr == nil {
			err = fs.ErrExist
		} else {
			err = os.Rename(tmp.Name(), path)
		}
	}
	switch {
	case errors.Is(err, fs.ErrExist):
		return errExists(path)
	case err != nil:
		return fmt.Errorf("init: cannot write %s: %w", path, err)
	}
	return nil
}

// The config, as a YAML node tree with its comments.

func scalar(v string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Value: v} }

func dquoted(v string) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Value: v, Style: yaml.DoubleQuotedStyle}
}

func number(v string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!float", Value: v} }

func blank() *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null"} }

func mapping(flow bool) *yaml.Node {
	n := &yaml.Node{Kind: yaml.MappingNode}
	if flow {
		n.Style = yaml.FlowStyle
	}
	return n
}

// put adds key: value to mapping m, with a comment above the key and one
// after the value.
func put(m *yaml.Node, key string, value *yaml.Node, above, after string) *yaml.Node {
	k := scalar(key)
	k.HeadComment = above
	if after != "" {
		value.LineComment = after
	}
	m.Content = append(m.Content, k, value)
	return value
}

// yamlText writes a value as YAML would: plain when it can be, quoted
// otherwise.
func yamlText(s string) string {
	out, err := yaml.Marshal(s)
	if err != nil {
		return strconv.Quote(s)
	}
	return strings.TrimSpace(string(out))
}

// line is the question on one line: the key to set and what to set it
// to.
func (q question) line() string {
	if q.key == "" {
		return q.text
	}
	return q.key + ": " + q.text
}

// comment is the question as comment lines of the config, with the
// answers to uncomment.
func (q question) comment() string {
	c := fmt.Sprintf("QUESTION %d: %s", q.n, q.text)
	if q.choices != "" {
		c += "\n" + q.choices
	}
	return c
}

// config writes the config file, to be saved as out.
func (p *plan) config(out string) ([]byte, error) {
	def := config.Default()
	root := mapping(false)
	put(root, "as_of", dquoted(""), "", "empty: today in the timezone below, as a nightly run needs; a date (YYYY-MM-DD) looks at that day instead")
	zone := put(root, "timezone", scalar(p.zone), "", "this computer's time zone; ticket times without a zone, business hours and the schedule are read in it")
	if p.zone == "" {
		zone.Style = yaml.DoubleQuotedStyle
		zone.LineComment = p.otherComment("timezone")
	}
	put(root, "window_months", &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.Itoa(def.WindowMonths)}, "", "the analysis looks at the months up to as_of")
	p.money(root)
	foot := p.inputs(root)
	p.costs(root, foot, def.Costs)
	rep := put(root, "report", mapping(false), "Flag thresholds (rules:) and business_hours keep their defaults; \"clientscore sample --out demo\"\nwrites a config that lists and explains every one.", "")
	put(rep, "dir", scalar(def.Report.Dir), "", "the scorecards go here, beside this file")
	sched := put(root, "schedule", dquoted(def.Schedule), "", "when \"clientscore schedule\" runs: every day at 06:00 (cron syntax, or @daily)")
	sched.FootComment = "To email the scorecard, add an email section (the password never goes in this file):\n" +
		"email:\n  to: [you@example.com]\n  from: clientscore@example.com\n" +
		"  smtp: {host: smtp.example.com, port: 587, security: starttls, username: clientscore, password_env: CLIENTSCORE_SMTP_PASSWORD}"

	doc := &yaml.Node{Kind: yaml.DocumentNode, HeadComment: p.head(out), Content: []*yaml.Node{root}}
	var b strings.Builder
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		return nil, fmt.Errorf("init: cannot write the config: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("init: cannot write the config: %w", err)
	}
	return spaced(b.String()), nil
}

// head is the comment at the top of the config: what wrote it, how to
// check it, and the questions to answer.
func (p *plan) head(out string) string {
	var head strings.Builder
	fmt.Fprintf(&head, "clientscore config, written by \"clientscore init --from %s\" from what the exports hold.\n", p.from)
	head.WriteString("Paths are relative to this file's folder. Keys left out keep their defaults;\n")
	head.WriteString("a misspelt key is an error, so a typo cannot switch a rule off.\n\n")
	fmt.Fprintf(&head, "  clientscore validate --config %s   check this file and every export\n", out)
	fmt.Fprintf(&head, "  clientscore run --config %s        write the scorecard\n", out)
	if len(p.qs) > 0 {
		fmt.Fprintf(&head, "\nBefore the first run, answer the %s marked QUESTION below:\n", plural(len(p.qs), "question", "questions"))
		for _, q := range p.qs {
			fmt.Fprintf(&head, "  %d. %s\n", q.n, cutWords(q.line(), 90))
		}
	}
	return strings.TrimRight(head.String(), "\n")
}

// money writes the reporting currency, the fx rates to fill in and the
// locale.
func (p *plan) money(root *yaml.Node) {
	cur := put(root, "currency", scalar(p.currency), "Reporting currency, and what one unit of every other currency in the exports is worth in it:\nUSD: 0.92 means 1 USD = 0.92 EUR. A row in a currency with no rate is rejected.",
		fmt.Sprintf("most amounts in the exports are in %s", p.currency))
	if p.currency == "" {
		cur.Style = yaml.DoubleQuotedStyle
		cur.LineComment = p.otherComment("currency")
	}
	fx := put(root, "fx", mapping(false), "", "")
	for _, code := range slices.Sorted(maps.Keys(p.counts)) {
		if code != p.currency {
			put(fx, code, blank(), "", p.otherComment("fx."+code)+fmt.Sprintf(" (%s in %s)", plural(p.counts[code], "record", "records"), code))
		}
	}
	if len(fx.Content) == 0 {
		fx.Style = yaml.FlowStyle
	}
	loc := put(root, "locale", mapping(false), "How text dates and numbers are written, where an export below does not say otherwise.\nDate and number cells in workbooks need no locale.", "")
	orderNote := map[string]string{"DMY": "03/04/2026 is 3 April", "MDY": "03/04/2026 is March 4"}[p.order]
	put(loc, "date_order", scalar(p.order), "", orderNote)
	put(loc, "decimal", dquoted(string(p.decimal)), "", map[byte]string{'.': "1,234.56", ',': "1.234,56"}[p.decimal])
}

// inputs writes the sources, each input's own questions above it, and
// returns the comments that belong after the inputs: the questions about
// files no input reads yet, and the files not read.
func (p *plan) inputs(root *yaml.Node) (foot []string) {
	inputs := put(root, "inputs", mapping(false), "The exports, one source per file (a dated series of files as one glob). Each line's\ncomment says what init found in it.", "")
	for _, q := range p.qs {
		if q.src == nil && q.key == "" || q.src == nil && q.kind != "" && len(p.srcs[q.kind]) == 0 {
			foot = append(foot, q.comment())
		}
	}
	for _, kind := range analysis.Inputs {
		srcs := p.srcs[kind]
		if len(srcs) == 0 {
			continue
		}
		var above []string // a question about more sources of the input
		for _, q := range p.qs {
			if q.kind == kind && q.src == nil {
				above = append(above, q.comment())
			}
		}
		var value *yaml.Node
		if len(srcs) == 1 && len(above) == 0 {
			value = p.sourceNode(srcs[0])
		} else {
			value = &yaml.Node{Kind: yaml.SequenceNode}
			for _, s := range srcs {
				value.Content = append(value.Content, p.sourceNode(s))
			}
		}
		put(inputs, string(kind), value, strings.Join(above, "\n"), "")
	}
	if len(inputs.Content) == 0 {
		*inputs = *blank() // so that an input uncommented below is one of its keys
	}
	if len(p.loose) > 0 {
		foot = append(foot, "Not read:\n  "+strings.Join(p.loose, "\n  "))
	}
	return foot
}

// costs writes the cost keys with what each means, after the comments in
// foot.
func (p *plan) costs(root *yaml.Node, foot []string, def config.Costs) {
	costsNote := fmt.Sprintf("What serving a client costs, in %s. Profit = Revenue - Delivery cost - Support cost -\n"+
		"Expenses - Late-payment cost. These are your figures: init cannot read them from the exports.", cmp.Or(p.currency, "the reporting currency"))
	if len(foot) > 0 { // after the inputs, where an input uncommented belongs
		costsNote = strings.Join(foot, "\n") + "\n\n" + costsNote
	}
	costs := put(root, "costs", mapping(false), costsNote, "")
	put(costs, "hour", number(def.Hour.String()), "", "loaded cost of one hour of anyone's time (pay, tax, overhead) when rates names neither the person nor the role")
	rates := put(costs, "rates", mapping(true), "", "loaded cost of an hour by person or role, as the time and support exports name them (any case)")
	if people := p.people(); len(people) > 0 {
		rates.LineComment += "; people and roles in the exports: " + strings.Join(people, ", ")
	}
	put(costs, "support_ticket", number(def.SupportTicket.String()), "", "cost of a support ticket with no hours and no cost of its own")
	put(costs, "capital_rate", number("0.0"), "", "yearly cost of money (0.08 = 8%) that prices late payment; 0 = off")
	ratio := put(costs, "delivery_ratio", number("0.0"), "", "share of revenue spent on delivery work that is NOT in the time input (0.40 = 40%); 0 when all of it is logged")
	if len(p.srcs[analysis.InputTime]) == 0 {
		ratio.LineComment += ". No time log was found here: with none, set the share your delivery work takes"
	}
}

// otherComment is the comment of the question about key.
func (p *plan) otherComment(key string) string {
	for _, q := range p.qs {
		if q.key == key {
			return q.comment()
		}
	}
	return ""
}

// sourceNode writes one source: its path and only the settings it needs.
func (p *plan) sourceNode(s *source) *yaml.Node {
	f := s.first()
	n := mapping(false)
	what := f.describe()
	if len(s.files) > 1 {
		what = fmt.Sprintf("%d files, %s", len(s.files), spanOf(s))
		if f.rd.Tool != "" {
			what = f.rd.Tool + " exports, " + what
		}
	}
	put(n, "path", scalar(s.pattern), "", what)
	if f.sheetNeeded {
		put(n, "sheet", scalar(f.sheet), "", "another sheet of the workbook comes first and has these headers too")
	}
	switch {
	case len(s.files) < 2:
	case s.pick == "newest":
		put(n, "pick", scalar("newest"), "", "only the newest file: each holds the records of the one before it (a full export each time)")
	case s.pick == "all":
		put(n, "pick", scalar("all"), "", "every file, oldest first: each holds records the others do not")
	default:
		put(n, "pick", dquoted("all or newest?"), "", "")
	}
	locale := mapping(true)
	var questions []string
	for _, q := range p.qs {
		if q.src == s {
			questions = append(questions, q.comment())
		}
	}
	switch {
	case s.dateAmbiguous:
		put(locale, "date_order", dquoted("DMY or MDY?"), "", "")
	case s.dateOrder != "" && s.dateOrder != p.order:
		put(locale, "date_order", scalar(s.dateOrder), "", "")
	}
	switch {
	case s.decimalAmbiguous:
		put(locale, "decimal", dquoted(". or ,?"), "", "")
	case s.decimal != 0 && s.decimal != p.decimal:
		put(locale, "decimal", dquoted(string(s.decimal)), "", "")
	case s.decimal == 0 && p.decimal == ',' && hasTextAmounts(s):
		put(locale, "decimal", dquoted("."), "", "")
	}
	if len(locale.Content) > 0 {
		put(n, "locale", locale, "", "")
	}
	if len(f.rd.Columns) > 0 {
		cols := mapping(true)
		for _, k := range slices.Sorted(maps.Keys(f.rd.Columns)) {
			put(cols, k, scalar(f.rd.Columns[k]), "", "")
		}
		put(n, "columns", cols, "", "headers these columns have in this export, which clientscore does not know by itself")
	}
	if f.rd.NeedsTerms {
		d := mapping(true)
		put(d, "terms", dquoted("?"), "", "")
		put(n, "defaults", d, "", "")
	}
	if len(questions) > 0 {
		n.HeadComment = strings.Join(questions, "\n")
	}
	return n
}

// hasTextAmounts reports whether a source writes amounts as text that a
// decimal mark changes.
func hasTextAmounts(s *source) bool {
	for _, f := range s.files {
		if f.rd.DecimalExample != "" || f.rd.Decimal == ',' {
			return true
		}
	}
	return false
}

// people lists who the time and support exports name, for costs.rates.
func (p *plan) people() []string {
	var names []string
	for _, kind := range []analysis.Input{analysis.InputTime, analysis.InputSupport} {
		for _, s := range p.srcs[kind] {
			for _, f := range s.files {
				for _, name := range f.rd.People {
					if !slices.Contains(names, name) {
						names = append(names, name)
					}
				}
			}
		}
	}
	return names[:min(len(names), 12)]
}

// cutWords cuts text at a word before n bytes, marking the cut.
func cutWords(text string, n int) string {
	if len(text) <= n {
		return text
	}
	if i := strings.LastIndexByte(text[:n], ' '); i > 0 {
		return text[:i] + " …"
	}
	for n > 0 && !utf8.RuneStart(text[n]) {
		n--
	}
	return text[:n] + "…"
}

// spaced puts a blank line before every top-level comment block, so the
// sections read apart.
func spaced(s string) []byte {
	lines := strings.Split(s, "\n")
	var b strings.Builder
	for i, l := range lines {
		if i > 0 && strings.HasPrefix(l, "#") && !strings.HasPrefix(lines[i-1], "#") && lines[i-1] != "" {
			b.WriteString("\n")
		}
		b.WriteString(l)
		if i < len(lines)-1 {
			b.WriteString("\n")
		}
	}
	return []byte(b.String())
}
