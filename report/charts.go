package report

import (
	"archive/zip"
	"bytes"
	"cmp"
	"fmt"
	"io"
	"io/fs"
	"math"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"

	"clientscore/analysis"
)

// Chart sizes in pixels.
const (
	chartWidth  = 600
	chartHeight = 290
)

// whaleSample returns the indices of the whale curve's points to plot: all
// of them up to whalePointsMax, else that many evenly spaced by rank, always
// with the last point and the peak (the most profitable cut-off).
func whaleSample(points []analysis.WhalePoint) []int {
	n := len(points)
	if n <= whalePointsMax {
		idx := make([]int, n)
		for i := range idx {
			idx[i] = i
		}
		return idx
	}
	idx := make([]int, whalePointsMax)
	for k := range idx {
		idx[k] = int(math.Round(float64(k+1)*float64(n)/whalePointsMax)) - 1
	}
	peak := 0
	for i, p := range points {
		if p.Cumulative > points[peak].Cumulative {
			peak = i
		}
	}
	// Replace the sampled point nearest the peak by the peak itself.
	near, _ := slices.BinarySearch(idx, peak)
	if near == len(idx) || (near > 0 && peak-idx[near-1] < idx[near]-peak) {
		near--
	}
	if near < len(idx)-1 { // never replace the last point
		idx[near] = peak
	}
	return idx
}

// profitBars returns the clients of the profit-by-client chart, most
// profitable first: all of them up to profitBarsMax, else the half most and
// the half least profitable.
func profitBars(clients []analysis.ClientResult) (bars []*analysis.ClientResult, cut bool) {
	for i := range clients {
		bars = append(bars, &clients[i])
	}
	slices.SortStableFunc(bars, func(a, b *analysis.ClientResult) int { return cmp.Compare(b.Profit, a.Profit) })
	if len(bars) <= profitBarsMax {
		return bars, false
	}
	half := profitBarsMax / 2
	return append(bars[:half:half], bars[len(bars)-half:]...), true
}

// chartData says where the Sources sheet put the charts' data: 1-based
// rows of its columns A and B (whale curve: share of clients, share of
// profit) and A, C and D (profit by client: client, gain, loss). A
// zero first row means that chart has no data.
type chartData struct {
	whaleFirst, whaleLast   int
	profitFirst, profitLast int
}

// sourcesRef is a range of the Sources sheet: column col, rows first to
// last (last 0: the one cell).
func sourcesRef(col string, first, last int) string {
	ref := fmt.Sprintf("'%s'!$%s$%d", sheetSources, col, first)
	if last > 0 {
		ref += fmt.Sprintf(":$%s$%d", col, last)
	}
	return ref
}

// addSummaryCharts adds the whale curve in column A and the
// profit-by-client chart in column second, side by side from row, their
// data on the Sources sheet.
func (w *writer) addSummaryCharts(row, second int) error {
	d := w.charts
	if d.profitFirst == 0 {
		return nil
	}
	at := func(col int) string {
		cell, _ := excelize.CoordinatesToCellName(col, row)
		return cell
	}
	profitCol := 1
	if d.whaleFirst > 0 {
		if err := w.f.AddChart(sheetSummary, at(1), whaleChart(d)); err != nil {
			return err
		}
		profitCol = second
	}
	return w.f.AddChart(sheetSummary, at(profitCol), w.profitChart(d))
}

// whaleChart is an XY chart of the cumulative share of profit against the
// cumulative share of clients, best first.
func whaleChart(d chartData) *excelize.Chart {
	return &excelize.Chart{
		Type: excelize.Scatter,
		Series: []excelize.ChartSeries{{
			Name:       sourcesRef("B", d.whaleFirst-1, 0),
			Categories: sourcesRef("A", d.whaleFirst, d.whaleLast),
			Values:     sourcesRef("B", d.whaleFirst, d.whaleLast),
			Line:       excelize.LineOptions{Type: excelize.LineSolid, Width: 2.25},
			Fill:       excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"2F5597"}},
			Marker:     excelize.ChartMarker{Symbol: "none"},
		}},
		Title:     chartTitle("Whale curve: cumulative profit, clients ranked by profit"),
		Legend:    excelize.ChartLegend{Position: "none"},
		Dimension: excelize.ChartDimension{Width: chartWidth, Height: chartHeight},
		XAxis: excelize.ChartAxis{
			NumFmt:    excelize.ChartNumFmt{CustomNumFmt: "0%"},
			Minimum:   ptr(0.0),
			Maximum:   ptr(1.0),
			MajorUnit: 0.2,
			Title:     chartTitle("Cumulative % of clients, best first"),
			Font:      axisFont,
		},
		YAxis: excelize.ChartAxis{
			NumFmt:         excelize.ChartNumFmt{CustomNumFmt: "0%"},
			MajorGridLines: true,
			Title:          chartTitle("Cumulative % of total profit"),
			Font:           axisFont,
		},
	}
}

// profitChart is a bar per client, gains blue and losses red, most
// profitable at the top.
func (w *writer) profitChart(d chartData) *excelize.Chart {
	overlap := 100
	gap := uint(40)
	series := func(col, colour string) excelize.ChartSeries {
		return excelize.ChartSeries{
			Name:       sourcesRef(col, d.profitFirst-1, 0),
			Categories: sourcesRef("A", d.profitFirst, d.profitLast),
			Values:     sourcesRef(col, d.profitFirst, d.profitLast),
			Fill:       excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{colour}},
		}
	}
	return &excelize.Chart{
		Type:      excelize.Bar,
		Series:    []excelize.ChartSeries{series("C", "4472C4"), series("D", "C00000")},
		Title:     chartTitle("Profit by client (" + w.code + ")"),
		Legend:    excelize.ChartLegend{Position: "bottom"},
		Dimension: excelize.ChartDimension{Width: chartWidth, Height: chartHeight},
		Overlap:   &overlap,
		GapWidth:  &gap,
		XAxis: excelize.ChartAxis{
			ReverseOrder:      true,
			TickLabelPosition: excelize.ChartTickLabelLow,
			Font:              axisFont,
		},
		YAxis: excelize.ChartAxis{
			NumFmt:         excelize.ChartNumFmt{CustomNumFmt: "#,##0"},
			MajorGridLines: true,
			Font:           axisFont,
		},
	}
}

// axisFont is readable on screen and in print.
var axisFont = excelize.Font{Size: 9, Color: "404040"}

func chartTitle(t string) excelize.ChartTitle {
	return excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: t, Font: &excelize.Font{Size: 11, Bold: true}}}}
}

// partZip is the zip writer the workbook is saved through. It passes every
// part through unchanged, except charts (fixChartXML) and worksheets with a
// collapsed column group (fixOutline), which it holds back until it can
// fix them.
type partZip struct {
	zw   *zip.Writer
	held *heldPart // the part being fixed
}

func (z *partZip) Create(name string) (io.Writer, error) {
	if err := z.flush(); err != nil {
		return nil, err
	}
	w, err := z.zw.Create(name)
	switch {
	case err != nil:
		return w, err
	case strings.HasPrefix(name, "xl/charts/chart"):
		z.held = &heldPart{out: w, fix: fixChartXML}
	case strings.HasPrefix(name, "xl/worksheets/sheet"):
		z.held = &heldPart{out: w, fix: fixOutline, until: []byte("<sheetData")}
	default:
		return w, nil
	}
	return z.held, nil
}

func (z *partZip) AddFS(fsys fs.FS) error {
	if err := z.flush(); err != nil {
		return err
	}
	return z.zw.AddFS(fsys)
}

func (z *partZip) Close() error {
	if err := z.flush(); err != nil {
		return err
	}
	return z.zw.Close()
}

func (z *partZip) flush() error {
	if z.held == nil {
		return nil
	}
	err := z.held.flush()
	z.held = nil
	return err
}

// heldPart holds a part back until it can be fixed: the whole part, or,
// with until, the part up to the first until, after which the rest
// passes straight through.
type heldPart struct {
	out     io.Writer
	fix     func([]byte) []byte
	until   []byte
	buf     bytes.Buffer
	through bool
}

func (h *heldPart) Write(p []byte) (int, error) {
	if h.through {
		return h.out.Write(p)
	}
	from := max(h.buf.Len()-len(h.until), 0)
	h.buf.Write(p)
	if h.until == nil {
		return len(p), nil
	}
	i := bytes.Index(h.buf.Bytes()[from:], h.until)
	if i < 0 {
		return len(p), nil
	}
	h.through = true
	b := h.buf.Bytes()
	if _, err := h.out.Write(h.fix(b[:from+i])); err != nil {
		return 0, err
	}
	if _, err := h.out.Write(b[from+i:]); err != nil {
		return 0, err
	}
	h.buf = bytes.Buffer{}
	return len(p), nil
}

// flush writes what is still held, fixed.
func (h *heldPart) flush() error {
	if h.through {
		return nil
	}
	_, err := h.out.Write(h.fix(h.buf.Bytes()))
	return err
}

// fixChartXML makes a scatter chart's x values a number reference: excelize
// v2.11.0 writes <xVal><strRef>, which Excel reads as text and plots as
// 1, 2, 3… instead of the values.
func fixChartXML(b []byte) []byte {
	b = bytes.ReplaceAll(b, []byte("<xVal><strRef>"), []byte("<xVal><numRef>"))
	return bytes.ReplaceAll(b, []byte("</strRef></xVal>"), []byte("</numRef></xVal>"))
}

// fixOutline completes a worksheet's collapsed column group as Excel
// writes one: the sheet's outline depth (sheetFormatPr outlineLevelCol)
// and collapsed="1" on the column after the group, which shows the group's
// + button. excelize's stream writer writes neither. head is the sheet's
// XML up to its data.
func fixOutline(head []byte) []byte {
	hidden := []byte(` hidden="1" outlineLevel="1"/>`)
	last := bytes.LastIndex(head, hidden)
	if last < 0 {
		return head
	}
	rest := last + len(hidden)
	next := bytes.Index(head[rest:], []byte("<col "))
	end := bytes.Index(head[rest:], []byte("/>"))
	var out []byte
	if next >= 0 && end > next {
		at := rest + end
		out = append(append(append(out, head[:at]...), ` collapsed="1"`...), head[at:]...)
	} else {
		out = append(out, head...)
	}
	return bytes.Replace(out, []byte("<sheetFormatPr "), []byte(`<sheetFormatPr outlineLevelCol="1" `), 1)
}
