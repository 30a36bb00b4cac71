package report

import "fmt"

// Limits of the Summary's charts.
const (
	profitBarsMax  = 20  // bars in the profit-by-client chart
	whalePointsMax = 200 // points on the whale curve
)

// writeSources writes the Sources sheet: each input file with its rows
// read and rejected and its SHA-256, so a figure can be traced to the
// exact file it came from; then the data behind the Summary's charts,
// whose place it records in w.charts.
func (w *writer) writeSources() error {
	st := w.st
	g := newGrid(w, sheetSources, 6)
	g.caps = [gridCols + 1]float64{0, 24, 40, 28, 18, 18, 66}
	// The filter first: excelize's AutoFilter replaces the sheet's
	// properties, fit-to-page among them.
	filter := fmt.Sprintf("A1:F%d", len(w.sc.Sources)+1)
	if err := w.f.AutoFilter(sheetSources, filter, nil); err != nil {
		return err
	}
	if err := w.setPrint(sheetSources, printSetup{}); err != nil {
		return err
	}
	g.header("Input", "File", "Sheet", ">Rows read", ">Rejected", "SHA-256")
	for _, src := range w.sc.Sources {
		g.line([]int{st.text, st.wrap, st.text, st.count, st.count, st.textIndent},
			text(string(src.Input)), text(src.Path), text(src.Sheet),
			number(float64(src.Rows)), number(float64(src.Rejected)), text(src.SHA256))
	}
	if len(w.sc.Sources) == 0 {
		g.prose("No input files were recorded.", true)
	}
	w.whaleData(g)
	w.profitData(g)
	if err := g.fit(); err != nil {
		return err
	}
	return w.f.SetPanes(sheetSources, freezePanes(0))
}

// whaleData writes the whale curve's points: the origin, then the sampled
// clients ranked by profit.
func (w *writer) whaleData(g *grid) {
	st := w.st
	points := w.res.Portfolio.Whale
	if len(points) == 0 || !points[len(points)-1].ProfitShare.Valid {
		return
	}
	g.section("Chart data: whale curve (clients ranked by profit, best first)", false)
	idx := whaleSample(points)
	if len(idx) < len(points) {
		g.prose(fmt.Sprintf("%d of %d clients, evenly spaced by rank, with the peak of the curve.", len(idx), len(points)), true)
	}
	g.header(">Clients (cumulative %)", ">Profit (cumulative %)", "Client", ">Profit", ">Cumulative profit")
	w.charts.whaleFirst = g.row
	styles := []int{st.percent, st.percent, st.textIndent, st.money, st.money}
	g.line(styles, number(0), number(0))
	for _, i := range idx {
		p := points[i]
		g.line(styles, number(p.ClientsShare), maybe(p.ProfitShare), text(p.Client), w.money(p.Profit), w.money(p.Cumulative))
	}
	w.charts.whaleLast = g.row - 1
}

// profitData writes the profit-by-client chart's bars: Profit split into a
// Gain and a Loss series, so losses show red.
func (w *writer) profitData(g *grid) {
	st := w.st
	if len(w.res.Clients) == 0 {
		return
	}
	bars, cut := profitBars(w.res.Clients)
	g.section("Chart data: profit by client", false)
	if cut {
		g.prose(fmt.Sprintf("The %d most and the %d least profitable of %d clients.", len(bars)/2, len(bars)/2, len(w.res.Clients)), true)
	}
	g.prose("Gain and Loss split Profit into two series so the chart shows losses in red.", true)
	g.header("Client", ">Profit", ">Gain", ">Loss")
	w.charts.profitFirst = g.row
	for _, c := range bars {
		gain, loss := w.money(c.Profit), cell{}
		if c.Profit < 0 {
			gain, loss = loss, gain
		}
		g.line([]int{st.text, st.money, st.money, st.money}, text(c.Name), w.money(c.Profit), gain, loss)
	}
	w.charts.profitLast = g.row - 1
}
