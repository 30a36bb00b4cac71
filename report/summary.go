package report

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"clientscore/analysis"
)

// Limits that keep the Summary readable.
const (
	summaryListMax = 30  // lines per list of changes before "… and N more"
	lossesShown    = 10  // the ten biggest losses
	profitBarsMax  = 30  // bars in the profit-by-client chart
	whalePointsMax = 200 // points on the whale curve
	summaryCols    = 6   // A–F carry the Summary's tables
)

// summary writes a sheet laid out like the Summary (the scorecard's
// Summary, a dossier's Dossier sheet) cell by cell (it is small, and charts
// need excelize's normal mode), fitting column widths to what it writes.
type summary struct {
	w      *writer
	sheet  string
	row    int
	widths [summaryCols + 1]float64 // by 1-based column
	caps   [summaryCols + 1]float64
	merged []mergedLine // long lines spread over A–F, heights set at the end
}

type mergedLine struct {
	row  int
	text string
}

const sumSheet = sheetSummary

func (s *summary) cellName(col int) string {
	name, _ := excelize.CoordinatesToCellName(col, s.row)
	return name
}

// set writes c in column col of the current row with style; fit says
// whether the column's width should fit it.
func (s *summary) set(col int, c cell, style int, fit bool) error {
	f := s.w.f
	ref := s.cellName(col)
	switch c.kind {
	case textCell:
		if err := f.SetCellStr(s.sheet, ref, c.text); err != nil {
			return err
		}
	case numberCell:
		if err := f.SetCellFloat(s.sheet, ref, c.num, -1, 64); err != nil {
			return err
		}
	}
	if c.style != 0 {
		style = c.style
	}
	if style != 0 {
		if err := f.SetCellStyle(s.sheet, ref, ref, style); err != nil {
			return err
		}
	}
	if fit && col <= summaryCols {
		kind := widthText
		switch style {
		case s.w.st.money, s.w.st.moneyBold:
			kind = widthMoney
		case s.w.st.percent, s.w.st.percentBold:
			kind = widthPercent
		case s.w.st.count, s.w.st.countBold:
			kind = widthCount
		case s.w.st.dateLong:
			kind, c = widthText, text("22 Nov 2026")
		case s.w.st.dateTime:
			kind, c = widthText, text("22 Nov 2026 06:00")
		}
		s.widths[col] = math.Max(s.widths[col], s.w.cellWidth(kind, c)+2)
	}
	return nil
}

// line writes a row of cells from column A, fitting widths.
func (s *summary) line(style []int, cells ...cell) error {
	for j, c := range cells {
		st := 0
		if j < len(style) {
			st = style[j]
		}
		if err := s.set(j+1, c, st, true); err != nil {
			return err
		}
	}
	s.row++
	return nil
}

// header writes a table's header row. Headers of number columns, marked
// with a leading '>', are right-aligned like their numbers.
func (s *summary) header(names ...string) error {
	prevRight := false
	for j, n := range names {
		style := s.w.st.header
		if prevRight {
			style = s.w.st.headerIndent
		}
		right, isRight := strings.CutPrefix(n, ">")
		if isRight {
			n, style = right, s.w.st.headerRight
		}
		prevRight = isRight
		if err := s.set(j+1, text(n), style, false); err != nil {
			return err
		}
		s.widths[j+1] = math.Max(s.widths[j+1], headerWidth(n)-1)
	}
	s.row++
	return nil
}

// section starts a new section with a heading, after a blank row.
func (s *summary) section(title string) error {
	s.row++
	if err := s.set(1, text(title), s.w.st.section, false); err != nil {
		return err
	}
	s.row++
	return nil
}

// prose writes a line of text over columns A–F, wrapped: a note in grey
// italics when note is set.
func (s *summary) prose(t string, note bool) error {
	c := text(t)
	style := s.w.st.wrap
	if note {
		style = s.w.st.noteWrap
	}
	if err := s.set(1, c, style, false); err != nil {
		return err
	}
	last, _ := excelize.CoordinatesToCellName(summaryCols, s.row)
	if err := s.w.f.MergeCell(s.sheet, s.cellName(1), last); err != nil {
		return err
	}
	s.merged = append(s.merged, mergedLine{s.row, c.text})
	s.row++
	return nil
}

func (w *writer) writeSummary() error {
	s := &summary{w: w, sheet: sumSheet, row: 1}
	s.caps = [summaryCols + 1]float64{0, 36, 60, 40, 30, 60, 68}
	st := w.st
	res := w.res
	r := res.Rules
	p := res.Portfolio
	if err := w.prepareSheet(sumSheet, 0, 0, 1); err != nil {
		return err
	}

	if err := s.set(1, text("Client scorecard"), st.title, false); err != nil {
		return err
	}
	s.row += 2
	from := res.From
	if from.IsZero() {
		from = r.From()
	}
	generated := w.sc.Generated
	version := versionText(w.sc.Version)
	meta := []struct {
		label string
		value cell
		style int
	}{
		{"As of", date(r.AsOf), st.dateLong},
		{"Window", text(fmt.Sprintf("%s: %s – %s", plural(r.WindowMonths, "month"), dateWords(from.AddDays(1)), dateWords(r.AsOf))), st.text},
		{"Currency", text(r.Currency), st.text},
		{"Generated", dateTimeCell(generated), st.dateTime},
		{"clientscore version", text(version), st.text},
		{"Clients", number(float64(len(res.Clients))), st.count},
	}
	for _, m := range meta {
		if err := s.line([]int{st.label, m.style}, text(m.label), m.value); err != nil {
			return err
		}
	}

	// Count, revenue and profit per verdict, coloured like the verdicts.
	if err := s.section("Clients by verdict"); err != nil {
		return err
	}
	if err := s.header("Verdict", ">Clients", ">Revenue", ">Profit"); err != nil {
		return err
	}
	var rev, prof [len(analysis.Verdicts)]analysis.Money
	var count [len(analysis.Verdicts)]int
	for i := range res.Clients {
		c := &res.Clients[i]
		v := c.Verdict
		if v < 0 || int(v) >= len(count) {
			v = analysis.Healthy
		}
		count[v]++
		rev[v] += c.Revenue
		prof[v] += c.Profit
	}
	// Counted from the clients, so the counts always match the Clients
	// sheet.
	for _, v := range analysis.Verdicts {
		if err := s.line([]int{w.verdictStyle(v), st.count, st.money, st.money},
			text(v.String()), number(float64(count[v])), w.money(rev[v]), w.money(prof[v])); err != nil {
			return err
		}
	}

	if err := s.section("Totals"); err != nil {
		return err
	}
	for _, t := range []struct {
		label string
		m     analysis.Money
	}{
		{"Revenue", p.Revenue}, {"Support cost", p.SupportCost}, {"Profit", p.Profit},
		{"Outstanding", p.Outstanding}, {"Overdue", p.Overdue},
	} {
		if err := s.line([]int{st.label, st.money}, text(t.label), w.money(t.m)); err != nil {
			return err
		}
	}

	if err := s.section("Concentration"); err != nil {
		return err
	}
	for _, t := range []struct {
		label string
		v     analysis.Maybe
	}{
		{"Biggest client's share of revenue", p.Top1Share},
		{"Top 5 clients' share of revenue", p.Top5Share},
		{"Top 10 clients' share of revenue", p.Top10Share},
	} {
		if err := s.line([]int{st.label, st.percent}, text(t.label), maybe(t.v)); err != nil {
			return err
		}
	}
	if err := s.line([]int{st.label, st.count, st.text}, text("HHI (Herfindahl–Hirschman index)"), maybe(p.HHI), text(hhiReading(p.HHI))); err != nil {
		return err
	}

	if err := w.summaryChanges(s); err != nil {
		return err
	}
	if err := w.summaryRenewals(s); err != nil {
		return err
	}
	if err := w.summaryLosses(s); err != nil {
		return err
	}
	chartRow := s.row + 2
	s.row = chartRow
	// Charts go after the tables; their data follows the input files.
	chartsEnd, err := w.summaryChartsSpace(s)
	if err != nil {
		return err
	}
	s.row = chartsEnd
	if err := w.summaryInputs(s); err != nil {
		return err
	}
	charts, err := w.summaryChartData(s)
	if err != nil {
		return err
	}

	if err := s.fit(); err != nil {
		return err
	}
	// Charts last: excelize anchors them to cells, so the columns must
	// have their final widths first.
	if len(charts) > 0 {
		// Charts print on a page of their own rather than split.
		if err := w.f.InsertPageBreak(sumSheet, fmt.Sprintf("A%d", chartRow)); err != nil {
			return err
		}
	}
	for _, c := range charts {
		anchor, offset := chartAnchor(s.widths[1:], chartRow, c.x)
		c.chart.Format.OffsetX = offset
		if err := w.f.AddChart(sumSheet, anchor, c.chart); err != nil {
			return err
		}
	}
	return nil
}

// fit sets the column widths to what was written, within their caps, then
// the heights of the wrapped lines that depend on them.
func (s *summary) fit() error {
	total := 0.0
	for col := 1; col <= summaryCols; col++ {
		wd := math.Min(math.Max(s.widths[col], 8), s.caps[col])
		s.widths[col] = wd
		total += wd
		if err := s.w.f.SetColWidth(s.sheet, colName(col), colName(col), wd); err != nil {
			return err
		}
	}
	for _, m := range s.merged {
		if n := wrappedLines(m.text, total); n > 1 {
			if err := s.w.f.SetRowHeight(s.sheet, m.row, math.Min(float64(n)*15, excelize.MaxRowHeight)); err != nil {
				return err
			}
		}
	}
	return nil
}

func colName(col int) string {
	n, _ := excelize.ColumnNumberToName(col)
	return n
}

// dateTimeCell returns t's wall-clock time, on its own zone, as an Excel
// date-time serial.
func dateTimeCell(t time.Time) cell {
	if t.IsZero() {
		return cell{}
	}
	d := analysis.DateOf(t)
	secs := t.Hour()*3600 + t.Minute()*60 + t.Second()
	// One division, so the serial is the double nearest the exact time.
	return number(float64(int64(dateSerial(d))*86400+int64(secs)) / 86400)
}

// hhiReading says what an HHI means: under 1,500 unconcentrated,
// 1,500–2,500 moderately, above 2,500 highly concentrated.
func hhiReading(h analysis.Maybe) string {
	switch {
	case !h.Valid:
		return ""
	case h.Value < 1500:
		return "unconcentrated (under 1,500)"
	case h.Value <= 2500:
		return "moderately concentrated (1,500–2,500)"
	default:
		return "highly concentrated (above 2,500)"
	}
}

// summaryChanges lists what changed since the previous scorecard.
func (w *writer) summaryChanges(s *summary) error {
	st := w.st
	ch := w.sc.Changes
	if err := s.section("Changes since the previous scorecard"); err != nil {
		return err
	}
	if ch.Previous.IsZero() {
		return s.prose("No previous scorecard in this folder.", true)
	}
	if err := s.line([]int{st.label, st.dateLong}, text("Previous scorecard as of"), date(ch.Previous)); err != nil {
		return err
	}
	list := func(title string, lines []string, none string) error {
		if err := s.set(1, text(title), st.label, false); err != nil {
			return err
		}
		s.row++
		if len(lines) == 0 {
			return s.prose(none, true)
		}
		for i, l := range lines {
			if i == summaryListMax {
				return s.prose(fmt.Sprintf("… and %d more (see the Clients sheet)", len(lines)-i), true)
			}
			if err := s.prose(l, false); err != nil {
				return err
			}
		}
		return nil
	}
	var verdicts, flags []string
	for _, v := range ch.Verdicts {
		verdicts = append(verdicts, fmt.Sprintf("%s: %s → %s", v.Client, v.From, v.To))
	}
	for _, f := range ch.NewFlags {
		l := fmt.Sprintf("%s: %s", f.Client, f.Flag.Code)
		if f.Flag.Evidence != "" {
			l += " — " + f.Flag.Evidence
		}
		flags = append(flags, l)
	}
	if err := list("Verdicts changed", verdicts, "No client's verdict changed."); err != nil {
		return err
	}
	if err := list("New flags", flags, "No new flags."); err != nil {
		return err
	}
	if len(ch.NewClients) > 0 {
		names := ch.NewClients
		more := ""
		if len(names) > summaryListMax {
			more = fmt.Sprintf(" and %d more", len(names)-summaryListMax)
			names = names[:summaryListMax]
		}
		if err := s.set(1, text("New clients"), st.label, false); err != nil {
			return err
		}
		s.row++
		return s.prose(strings.Join(names, ", ")+more, false)
	}
	return nil
}

// renewalDays is how far ahead the Summary's "Renewing soon" block looks.
const renewalDays = 90

// summaryRenewals lists the clients renewing in the next renewalDays days,
// soonest first, with what the renewal talk needs: verdict and the price
// change needed.
func (w *writer) summaryRenewals(s *summary) error {
	st := w.st
	r := w.res.Rules
	if err := s.section(fmt.Sprintf("Renewing soon: %s – %s", dateWords(r.AsOf.AddDays(1)), dateWords(r.AsOf.AddDays(renewalDays)))); err != nil {
		return err
	}
	renewing := w.res.RenewingWithin(renewalDays)
	if len(renewing) == 0 {
		note := fmt.Sprintf("No client renews in the next %d days.", renewalDays)
		if !slices.ContainsFunc(w.res.Clients, func(c analysis.ClientResult) bool { return !c.RenewalDate.IsZero() }) {
			note = "No renewal dates are known: add a renewal_date column to the clients input."
		}
		return s.prose(note, true)
	}
	if err := s.header("Client", "Renewal date", "Verdict", ">Price change needed", "Owner"); err != nil {
		return err
	}
	for k, i := range renewing {
		if k == summaryListMax {
			return s.prose(fmt.Sprintf("… and %d more (see Renewal date on the Clients sheet)", len(renewing)-k), true)
		}
		c := &w.res.Clients[i]
		if err := s.line([]int{st.text, st.dateLong, w.verdictStyle(c.Verdict), st.percent, st.textIndent},
			text(c.Name), date(c.RenewalDate), text(c.Verdict.String()), maybe(c.PriceChange), text(c.Owner)); err != nil {
			return err
		}
	}
	return nil
}

// biggestLosses returns up to n clients with a loss, the biggest first.
func biggestLosses(clients []analysis.ClientResult, n int) []*analysis.ClientResult {
	var losses []*analysis.ClientResult
	for i := range clients {
		if clients[i].Profit < 0 {
			losses = append(losses, &clients[i])
		}
	}
	slices.SortStableFunc(losses, func(a, b *analysis.ClientResult) int { return cmp.Compare(a.Profit, b.Profit) })
	if len(losses) > n {
		losses = losses[:n]
	}
	return losses
}

// mainEvidence is the evidence of a client's first flag, as "CODE:
// evidence".
func mainEvidence(flags []analysis.Flag) string {
	if len(flags) == 0 {
		return ""
	}
	return flagEvidence(flags[:1])
}

func (w *writer) summaryLosses(s *summary) error {
	st := w.st
	if err := s.section("The ten biggest losses"); err != nil {
		return err
	}
	losses := biggestLosses(w.res.Clients, lossesShown)
	if len(losses) == 0 {
		return s.prose("No client made a loss.", true)
	}
	if err := s.header("Client", "Verdict", ">Profit", "Flags", "Main evidence"); err != nil {
		return err
	}
	for _, c := range losses {
		ev := text(mainEvidence(c.Flags))
		if err := s.line([]int{st.text, w.verdictStyle(c.Verdict), st.money, st.wrapIndent, st.wrap},
			text(c.Name), text(c.Verdict.String()), w.money(c.Profit), text(flagCodes(c.Flags)), ev); err != nil {
			return err
		}
		if n := wrappedLines(ev.text, s.caps[5]); n > 1 {
			if err := w.f.SetRowHeight(sumSheet, s.row-1, float64(n)*15); err != nil {
				return err
			}
		}
	}
	return nil
}

func (w *writer) summaryInputs(s *summary) error {
	st := w.st
	if err := s.section("Input files"); err != nil {
		return err
	}
	if len(w.sc.Sources) == 0 {
		return s.prose("No input files were recorded.", true)
	}
	if err := s.header("Input", "File", "Sheet", ">Rows read", ">Rejected", "SHA-256"); err != nil {
		return err
	}
	for _, src := range w.sc.Sources {
		if err := s.line([]int{st.text, st.text, st.text, st.count, st.count, st.textIndent},
			text(string(src.Input)), text(src.Path), text(src.Sheet),
			number(float64(src.Rows)), number(float64(src.Rejected)), text(src.SHA256)); err != nil {
			return err
		}
	}
	return nil
}
