package report

// The renewal dossier (the spec's section 6, last paragraph): one workbook
// per client for the renewal talk, with the client's figures, its flags
// with their evidence, the price change needed, month by month figures and
// every record behind them.

import (
	"archive/zip"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/unicode/norm"

	"clientscore/analysis"
)

// Dossier is everything one client's renewal dossier shows.
type Dossier struct {
	Result    *analysis.Result
	Client    int                   // index into Result.Clients (0-based)
	Sources   []analysis.SourceFile // each input file: rows read, rejected, SHA-256
	Generated time.Time             // when this run made it, on the caller's clock and zone
	Version   string                // clientscore version
}

// The dossier's sheets, in workbook order (Invoices and Definitions are
// named as in the scorecard). Contacts can go to the client; Work and costs
// is internal.
const (
	sheetDossier  = "Dossier"
	sheetMonthly  = "Monthly"
	sheetPayments = "Payments"
	sheetDisputes = "Disputes"
	sheetContacts = "Contacts"
	sheetWork     = "Work and costs"
)

// slugMax is the most characters a client's part of a dossier's file name
// takes.
const slugMax = 60

// Slug makes name safe for a file name on every system: lower-case ASCII
// letters and digits joined by single dashes, accents folded ("Café Müller
// & Söhne GmbH" is "cafe-muller-sohne-gmbh"), apostrophes dropped
// ("O'Brien's" is "obriens"), at most 60 characters, cut at a dash where
// it can be. A name with nothing left is "client".
func Slug(name string) string {
	var b strings.Builder
	dash := false
	letter := func(s string) {
		if dash && b.Len() > 0 {
			b.WriteByte('-')
		}
		dash = false
		b.WriteString(s)
	}
	// NFKD also turns fullwidth and ligature forms into plain letters.
	for _, r := range norm.NFKD.String(name) {
		r = unicode.ToLower(r)
		switch {
		case unicode.Is(unicode.Mn, r):
			// a combining accent: dropped
		case r == '\'' || r == '’':
			// O'Brien is one word
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			letter(string(r))
		default:
			if sp, ok := slugSpellings[r]; ok {
				letter(sp)
			} else {
				dash = true
			}
		}
	}
	s := cutSlug(b.String(), slugMax)
	if s == "" {
		return "client"
	}
	return s
}

// slugSpellings spells out the Latin letters that do not decompose into an
// ASCII letter and an accent.
var slugSpellings = map[rune]string{
	'ß': "ss", 'æ': "ae", 'œ': "oe", 'ø': "o", 'ł': "l", 'đ': "d", 'ð': "d",
	'þ': "th", 'ı': "i", 'ħ': "h", 'ŧ': "t", 'ŋ': "n", 'ſ': "s",
}

// cutSlug cuts s to at most n bytes, at its last dash when that keeps more
// than half, and never leaves a dash at the end.
func cutSlug(s string, n int) string {
	if len(s) > n {
		cut := s[:n]
		if i := strings.LastIndexByte(cut, '-'); i > n/2 {
			cut = cut[:i]
		}
		s = cut
	}
	return strings.Trim(s, "-")
}

// DossierName returns the file name of the dossier of res.Clients[client]:
// "renewal-<slug>-<as_of>.xlsx", the slug made from the client's name by
// Slug. When another client of res has the same slug (names that differ
// only by accents, punctuation or case), each of them gets its id added, or,
// without a usable id, six hex digits of a hash of its identity, so no two
// clients' dossiers share a name. The name depends only on res, not on
// which clients are written, so a rerun writes the same names.
func DossierName(res *analysis.Result, client int) string {
	return DossierNames(res, []int{client})[0]
}

// DossierNames returns DossierName of each of clients (indexes into
// res.Clients), working out the slugs of all the clients once.
func DossierNames(res *analysis.Result, clients []int) []string {
	slugs := clientSlugs(res)
	names := make([]string, len(clients))
	for k, i := range clients {
		names[k] = "renewal-" + slugs[i] + "-" + res.Rules.AsOf.String() + ".xlsx"
	}
	return names
}

// clientSlugs returns a slug per client of res, unique among them.
func clientSlugs(res *analysis.Result) []string {
	base := make([]string, len(res.Clients))
	count := map[string]int{}
	for i := range res.Clients {
		c := &res.Clients[i]
		name := c.Name
		if strings.TrimSpace(name) == "" {
			name = c.ID
		}
		base[i] = Slug(name)
		count[base[i]]++
	}
	// Ids tell twins apart when each twin's id slug is its own.
	idCount := map[string]int{}
	for i := range res.Clients {
		if count[base[i]] > 1 && res.Clients[i].ID != "" {
			idCount[base[i]+"\x00"+Slug(res.Clients[i].ID)]++
		}
	}
	taken := map[string]bool{}
	for _, b := range base {
		taken[b] = true
	}
	out := make([]string, len(res.Clients))
	for i := range res.Clients {
		c := &res.Clients[i]
		if count[base[i]] == 1 {
			out[i] = base[i]
			continue
		}
		var suffix string
		if id := Slug(c.ID); c.ID != "" && id != "client" && len(id) <= 20 && idCount[base[i]+"\x00"+id] == 1 {
			suffix = id
		}
		slug := withSuffix(base[i], suffix)
		if suffix == "" || taken[slug] {
			sum := sha256.Sum256([]byte(c.Key + "\x00" + c.Name))
			slug = withSuffix(base[i], hex.EncodeToString(sum[:3]))
		}
		taken[slug] = true
		out[i] = slug
	}
	return out
}

// withSuffix joins base and suffix with a dash, cutting base so the whole
// stays within slugMax.
func withSuffix(base, suffix string) string {
	if suffix == "" {
		return base
	}
	b := cutSlug(base, slugMax-len(suffix)-1)
	if b == "" {
		return suffix
	}
	return b + "-" + suffix
}

// WriteDossier writes d's workbook to path, atomically like WriteScorecard:
// a temporary file in path's folder (created if missing), synced and
// renamed onto path. On any error the temporary file is removed and a file
// already at path is left as it was.
func WriteDossier(path string, d *Dossier) error {
	if d == nil || d.Result == nil {
		return errors.New("report: dossier has no result")
	}
	if d.Client < 0 || d.Client >= len(d.Result.Clients) {
		return fmt.Errorf("report: dossier of client %d, but the result has %d clients", d.Client, len(d.Result.Clients))
	}
	w := &writer{
		sc:      &Scorecard{Result: d.Result, Sources: d.Sources, Generated: d.Generated, Version: d.Version, AllInvoices: true},
		res:     d.Result,
		maxRows: excelMaxRows - 1,
	}
	dw := &dossierWriter{writer: w, d: d, c: &d.Result.Clients[d.Client]}
	return writeWorkbookFile(path, ".renewal-*.tmp", w, dw.build)
}

// writeWorkbookFile builds w's workbook with build and writes it to path
// through a temporary file named like pattern in the same folder, as
// writeScorecard does.
func writeWorkbookFile(path, pattern string, w *writer, build func() error) (err error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	tmp, err := os.CreateTemp(dir, pattern)
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	defer func() {
		if err != nil {
			_ = tmp.Close()
			_ = os.Remove(tmp.Name())
		}
	}()
	w.tmpDir = dir
	if err := build(); err != nil {
		w.close()
		return fmt.Errorf("report: %s: %w", path, err)
	}
	// Big parts are deflated on every core.
	zw := zip.NewWriter(wrapTemp(tmp))
	zw.RegisterCompressor(zip.Deflate, newParallelDeflate)
	w.f.SetZipWriter(func(io.Writer) excelize.ZipWriter { return &partZip{zw: zw} })
	err = w.f.Write(io.Discard)
	if cerr := w.close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("report: writing %s: %w", path, err)
	}
	if err = tmp.Chmod(0o644); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	if err = tmp.Sync(); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	return syncDir(dir)
}

// dossierWriter builds one client's dossier on a writer.
type dossierWriter struct {
	*writer
	d  *Dossier
	c  *analysis.ClientResult
	ds dossierStyles
}

// dossierStyles are the styles the dossier needs beyond the scorecard's.
type dossierStyles struct {
	month       int // "Nov 2026"
	clock       int // "14:05"
	daysBold    int // a total's average days
	decimalBold int // a total's hours
	// highlight maps a style to the same with the after-hours fill.
	highlight map[int]int
}

// afterHoursFill is the fill of an after-hours contact's row: a pale
// yellow that prints as a light grey.
const afterHoursFill = "FFF2CC"

func (dw *dossierWriter) newStyles() error {
	f := dw.f
	s := &sticky{}
	style := func(id *int, st *excelize.Style) {
		if s.err == nil {
			var err error
			*id, err = f.NewStyle(st)
			s.keep(err)
		}
	}
	font := &excelize.Font{Family: "Calibri", Size: 11}
	bold := &excelize.Font{Bold: true, Family: "Calibri", Size: 11}
	top := &excelize.Alignment{Vertical: "top"}
	rule := []excelize.Border{{Type: "top", Color: "000000", Style: 1}}
	style(&dw.ds.month, &excelize.Style{CustomNumFmt: ptr("mmm yyyy"), Font: font, Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "top"}})
	style(&dw.ds.clock, &excelize.Style{CustomNumFmt: ptr("hh:mm"), Font: font, Alignment: top})
	style(&dw.ds.daysBold, &excelize.Style{CustomNumFmt: ptr(fmtDays), Font: bold, Alignment: top, Border: rule})
	style(&dw.ds.decimalBold, &excelize.Style{CustomNumFmt: ptr(fmtDecimal2), Font: bold, Alignment: top, Border: rule})
	dw.ds.highlight = map[int]int{}
	st := dw.st
	for _, base := range []int{st.date, st.text, st.textIndent, st.decimal2, dw.ds.clock} {
		if s.err != nil {
			break
		}
		bs, err := f.GetStyle(base)
		s.keep(err)
		if s.err == nil {
			bs.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{afterHoursFill}}
			var id int
			style(&id, bs)
			dw.ds.highlight[base] = id
		}
	}
	return s.err
}

// build lays out the whole dossier.
func (dw *dossierWriter) build() error {
	dw.title = "Renewal dossier: " + cleanText(strings.Join(strings.Fields(dw.c.Name), " "))
	if err := dw.newWorkbook(sheetDossier); err != nil {
		return err
	}
	if err := dw.addSheets(sheetMonthly, sheetInvoices, sheetPayments, sheetDisputes, sheetContacts, sheetWork, sheetDefinitions); err != nil {
		return err
	}
	if err := dw.newStyles(); err != nil {
		return err
	}
	err := writeSheets([]sheetStep{
		{sheetDossier, dw.writeDossierSheet},
		{sheetMonthly, dw.writeMonthly},
		{sheetInvoices, dw.writeClientInvoices},
		{sheetPayments, dw.writePayments},
		{sheetDisputes, dw.writeDisputes},
		{sheetContacts, dw.writeContacts},
		{sheetWork, dw.writeWork},
		{sheetDefinitions, dw.writeDossierDefinitions},
	})
	if err != nil {
		return err
	}
	return dw.setDocProps(dw.title + " as of " + dw.res.Rules.AsOf.String())
}
