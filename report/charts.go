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
	chartWidth  = 620
	chartHeight = 360
	chartGap    = 20
	rowPixels   = 20 // a default row is 15 points, 20 pixels
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

// profitChartHeight fits the bars: about 18 pixels each, plus title and
// axis.
func profitChartHeight(bars int) int {
	return max(chartHeight, 18*bars+110)
}

// summaryChartsSpace returns the row after the space the charts take from
// the current row.
func (w *writer) summaryChartsSpace(s *summary) (int, error) {
	if len(w.res.Clients) == 0 {
		return s.row, nil
	}
	bars, _ := profitBars(w.res.Clients)
	h := max(chartHeight, profitChartHeight(len(bars)))
	return s.row + (h+rowPixels-1)/rowPixels + 2, nil
}

// summaryChartData writes the charts' data, labelled, from the current row
// and returns the charts, side by side.
func (w *writer) summaryChartData(s *summary) ([]placedChart, error) {
	if len(w.res.Clients) == 0 {
		return nil, nil
	}
	st := w.st
	quoted := "'" + sumSheet + "'"

	// Whale curve data: the origin, then the sampled points.
	var whale *excelize.Chart
	points := w.res.Portfolio.Whale
	if len(points) > 0 && points[len(points)-1].ProfitShare.Valid {
		if err := s.section("Chart data: whale curve (clients ranked by profit, best first)"); err != nil {
			return nil, err
		}
		idx := whaleSample(points)
		if len(idx) < len(points) {
			if err := s.prose(fmt.Sprintf("%d of %d clients, evenly spaced by rank, with the peak of the curve.", len(idx), len(points)), true); err != nil {
				return nil, err
			}
		}
		if err := s.header(">Clients (cumulative %)", ">Profit (cumulative %)", "Client", ">Profit", ">Cumulative profit"); err != nil {
			return nil, err
		}
		first := s.row
		name := fmt.Sprintf("%s!$B$%d", quoted, first-1)
		styles := []int{st.percent, st.percent, st.textIndent, st.money, st.money}
		if err := s.line(styles, number(0), number(0)); err != nil {
			return nil, err
		}
		for _, i := range idx {
			p := points[i]
			if err := s.line(styles, number(p.ClientsShare), maybe(p.ProfitShare), text(p.Client),
				w.money(p.Profit), w.money(p.Cumulative)); err != nil {
				return nil, err
			}
		}
		last := s.row - 1
		// An XY chart: x is the share of clients, a true value axis.
		// excelize writes x values as a text reference; fixChartXML makes
		// it a number reference, or Excel would plot them as 1, 2, 3….
		whale = &excelize.Chart{
			Type: excelize.Scatter,
			Series: []excelize.ChartSeries{{
				Name:       name,
				Categories: fmt.Sprintf("%s!$A$%d:$A$%d", quoted, first, last),
				Values:     fmt.Sprintf("%s!$B$%d:$B$%d", quoted, first, last),
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

	// Profit by client data: one column for gains, one for losses, so
	// losses show red.
	bars, cut := profitBars(w.res.Clients)
	if err := s.section("Chart data: profit by client"); err != nil {
		return nil, err
	}
	if cut {
		if err := s.prose(fmt.Sprintf("The %d most and the %d least profitable of %d clients.", len(bars)/2, len(bars)/2, len(w.res.Clients)), true); err != nil {
			return nil, err
		}
	}
	if err := s.prose("Gain and Loss split Profit into two series so the chart shows losses in red.", true); err != nil {
		return nil, err
	}
	if err := s.header("Client", ">Profit", ">Gain", ">Loss"); err != nil {
		return nil, err
	}
	first := s.row
	for _, c := range bars {
		gain, loss := w.money(c.Profit), cell{}
		if c.Profit < 0 {
			gain, loss = loss, gain
		}
		if err := s.line([]int{st.text, st.money, st.money, st.money}, text(c.Name), w.money(c.Profit), gain, loss); err != nil {
			return nil, err
		}
	}
	last := s.row - 1
	overlap := 100
	gap := uint(40)
	profit := &excelize.Chart{
		Type: excelize.Bar,
		Series: []excelize.ChartSeries{
			{
				Name:       fmt.Sprintf("%s!$C$%d", quoted, first-1),
				Categories: fmt.Sprintf("%s!$A$%d:$A$%d", quoted, first, last),
				Values:     fmt.Sprintf("%s!$C$%d:$C$%d", quoted, first, last),
				Fill:       excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"4472C4"}},
			},
			{
				Name:       fmt.Sprintf("%s!$D$%d", quoted, first-1),
				Categories: fmt.Sprintf("%s!$A$%d:$A$%d", quoted, first, last),
				Values:     fmt.Sprintf("%s!$D$%d:$D$%d", quoted, first, last),
				Fill:       excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"C00000"}},
			},
		},
		Title:     chartTitle("Profit by client (" + w.code + ")"),
		Legend:    excelize.ChartLegend{Position: "bottom"},
		Dimension: excelize.ChartDimension{Width: chartWidth, Height: uint(profitChartHeight(len(bars)))},
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

	if whale == nil {
		return []placedChart{{profit, 0}}, nil
	}
	return []placedChart{{whale, 0}, {profit, chartWidth + chartGap}}, nil
}

// placedChart is a chart and how far right of column A it starts, in
// pixels.
type placedChart struct {
	chart *excelize.Chart
	x     int
}

// axisFont is readable on screen and in print.
var axisFont = excelize.Font{Size: 9, Color: "404040"}

// chartAnchor returns the cell a chart x pixels right of column A in row
// starts in, and its offset in that cell. excelize counts a column
// width w as int(w×8 + 0.5) pixels and caps an offset at its cell's width.
func chartAnchor(widths []float64, row, x int) (string, int) {
	col := 1
	for col <= len(widths) {
		px := int(widths[col-1]*8 + 0.5)
		if x < px {
			break
		}
		x -= px
		col++
	}
	cell, _ := excelize.CoordinatesToCellName(col, row)
	return cell, x
}

func chartTitle(t string) excelize.ChartTitle {
	return excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: t, Font: &excelize.Font{Size: 11, Bold: true}}}}
}

// chartZip is the zip writer the workbook is saved through. It passes every
// part through unchanged except charts, which it fixes with fixChartXML,
// and deflates big parts on every core (parallelDeflate).
type chartZip struct {
	zw      *zip.Writer
	pending *bytes.Buffer // the chart part being written
	out     io.Writer     // where the pending part goes
}

func newChartZip(w io.Writer) *chartZip {
	zw := zip.NewWriter(w)
	zw.RegisterCompressor(zip.Deflate, newParallelDeflate)
	return &chartZip{zw: zw}
}

func (z *chartZip) Create(name string) (io.Writer, error) {
	if err := z.flush(); err != nil {
		return nil, err
	}
	w, err := z.zw.Create(name)
	if err != nil || !strings.HasPrefix(name, "xl/charts/chart") {
		return w, err
	}
	z.out, z.pending = w, new(bytes.Buffer)
	return z.pending, nil
}

func (z *chartZip) AddFS(fsys fs.FS) error {
	if err := z.flush(); err != nil {
		return err
	}
	return z.zw.AddFS(fsys)
}

func (z *chartZip) Close() error {
	if err := z.flush(); err != nil {
		return err
	}
	return z.zw.Close()
}

func (z *chartZip) flush() error {
	if z.pending == nil {
		return nil
	}
	b := fixChartXML(z.pending.Bytes())
	z.pending = nil
	_, err := z.out.Write(b)
	return err
}

// fixChartXML makes a scatter chart's x values a number reference: excelize
// v2.11.0 writes <xVal><strRef>, which Excel reads as text and plots as
// 1, 2, 3… instead of the values.
func fixChartXML(b []byte) []byte {
	b = bytes.ReplaceAll(b, []byte("<xVal><strRef>"), []byte("<xVal><numRef>"))
	return bytes.ReplaceAll(b, []byte("</strRef></xVal>"), []byte("</numRef></xVal>"))
}
