package report

import (
	"html/template"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"clientscore/analysis"
	"clientscore/internal/clip"
)

// mailView is what both bodies of one message show, in this order: the
// verdict counts, who to call (every flagged client with its verdict,
// amount overdue, owner, renewal date, profit and flags in words with
// their evidence), receivables, the changes since the previous scorecard,
// the clients renewing in the next 90 days, the rows left out of the
// figures, and the workbook. Every string from the inputs is already one
// clean line; every figure is formatted as the workbook shows it.
type mailView struct {
	Title string // "Client scorecard as of 22 Nov 2026"
	// Scope says whose clients an owner's message covers; "" in the
	// scorecard message.
	Scope    string
	Clients  int                         // clients covered
	Verdicts [len(analysis.Verdicts)]int // of the clients covered
	Counts   []mailCount
	// ClientsText is "8 clients"; CountsLine is "8 clients: 2
	// unprofitable, 1 to review, …", which the HTML shows as ClientsText
	// and a coloured badge per verdict.
	ClientsText, CountsLine string
	// FlaggedTitle heads the who-to-call list: "Who to call: 5 flagged
	// clients, worst first", or says no client is flagged.
	FlaggedTitle string
	Flagged      []mailClient
	Receivables  []mailLine // "Outstanding: 53,361.00 EUR, +4,200.00 EUR since 15 Nov 2026"
	Previous     string     // the previous scorecard's date; "" when there is none
	Changes      []string   // one line each
	RenewTitle   string     // "Renewing in the next 90 days"
	RenewDates   string     // "23 Nov 2026 – 20 Feb 2027"
	Renewing     []mailLine // one line each, soonest first
	Rows         string     // rejected and unmatched rows; "" when there are none
	Issues       string     // "7 data issues: see the Data issues sheet."
	File         string     // the workbook's base name
	TooLarge     bool       // the workbook was not attached
	Path         string     // its full path, when TooLarge
	Size         string     // its size, when TooLarge
	Limit        string     // the attachment limit, when TooLarge
}

// mailLine is a line with a part to stress: Label Bold Rest, the HTML
// showing Bold in bold.
type mailLine struct{ Label, Bold, Rest string }

func (l mailLine) String() string { return l.Label + l.Bold + l.Rest }

type mailCount struct {
	N     int
	Label string
	Style template.CSS
}

// mailClient is one flagged client in the who-to-call list.
type mailClient struct {
	Name, Verdict string
	Style         template.CSS // the verdict's colours
	Fill          template.CSS // the verdict's fill colour alone, for the block's edge
	Overdue       string       // "4,200.00 EUR"
	OverdueOf     string       // " of 10,000.00 EUR outstanding" or " (nothing outstanding)"
	Owner         string       // the owner, or "not known"
	Renewal       string       // "15 Jan 2027", "1 Oct 2026 (passed)" or "not known"
	Profit        string       // "-1,200.00 EUR, margin -12.0%"
	Flags         []mailFlag
}

// mailFlag is a flag in words ("Pays late") with its evidence.
type mailFlag struct{ Words, Evidence string }

// maxEvidenceRunes cuts an evidence line in the email; the workbook has it
// whole.
const maxEvidenceRunes = 500

// verdictLabels name the verdict counts: "2 unprofitable, 1 to review".
var verdictLabels = [len(analysis.Verdicts)]string{
	analysis.Unprofitable: "unprofitable", analysis.Review: "to review",
	analysis.Watch: "to watch", analysis.Healthy: "healthy", analysis.Inactive: "inactive",
}

// OwnerKey is the form owner names are compared in: Unicode NFC, case
// folded, spaces collapsed. Two names with the same key are one owner.
func OwnerKey(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(norm.NFC.String(s)), " "))
}

// newMailView gathers what a message shows: of every client when owner is
// "", else of the clients whose owner is owner (OwnerKey).
func newMailView(sc *Scorecard, att *attachment, owner string) *mailView {
	res := sc.Result
	money := func(m analysis.Money) string { return analysis.FormatMoney(m, res.Rules.Currency) }
	v := &mailView{Title: "Client scorecard as of " + dateWords(res.Rules.AsOf), File: bodyText(att.name)}

	// The clients covered, by index into res.Clients, and by name for the
	// changes, which name clients.
	covered := make([]bool, len(res.Clients))
	names := make(map[string]bool)
	key := OwnerKey(owner)
	var outstanding, overdue analysis.Money
	for i := range res.Clients {
		c := &res.Clients[i]
		if owner != "" && OwnerKey(c.Owner) != key {
			continue
		}
		covered[i] = true
		names[c.Name] = true
		v.Clients++
		v.Verdicts[c.Verdict]++
		outstanding += c.Outstanding
		overdue += c.Overdue
	}
	if owner != "" {
		who := clip.Runes(bodyText(strings.TrimSpace(owner)), 80)
		v.Title = "Your clients, " + who + ": scorecard as of " + dateWords(res.Rules.AsOf)
		if v.Clients == 0 {
			v.Scope = "No client in this scorecard has the owner " + who +
				": check that name in email.owners against the owner column of the clients input."
		} else {
			v.Scope = "Only your clients: the " + plural(v.Clients, "client") + " whose owner is " + who +
				" in the clients input. The workbook has every client."
			if v.Clients == 1 {
				v.Scope = "Only your client: the one whose owner is " + who +
					" in the clients input. The workbook has every client."
			}
		}
	} else {
		// The portfolio's own totals, not a second sum of them.
		outstanding, overdue = res.Portfolio.Outstanding, res.Portfolio.Overdue
	}

	parts := make([]string, 0, len(analysis.Verdicts))
	for _, vd := range analysis.Verdicts {
		n := v.Verdicts[vd]
		parts = append(parts, strconv.Itoa(n)+" "+verdictLabels[vd])
		v.Counts = append(v.Counts, mailCount{N: n, Label: verdictLabels[vd], Style: verdictCSS(vd)})
	}
	v.ClientsText = plural(v.Clients, "client")
	v.CountsLine = v.ClientsText + ": " + strings.Join(parts, ", ")

	for i := range res.Clients {
		c := &res.Clients[i]
		if covered[i] && len(c.Flags) > 0 {
			v.Flagged = append(v.Flagged, flaggedClient(c, res.Rules.AsOf, money))
		}
	}
	v.FlaggedTitle = "Who to call: no client is flagged."
	if len(v.Flagged) > 0 {
		v.FlaggedTitle = "Who to call: " + plural(len(v.Flagged), "flagged client") + ", worst first"
	}

	ch := &sc.Changes
	if !ch.Previous.IsZero() {
		v.Previous = dateWords(ch.Previous)
	}
	since := func(now, then analysis.Money) string {
		if now == then {
			return ", unchanged since " + v.Previous
		}
		return ", " + signedMoney(now-then, money) + " since " + v.Previous
	}
	out := mailLine{Label: "Outstanding: ", Bold: money(outstanding)}
	due := mailLine{Label: "Overdue: ", Bold: money(overdue)}
	if owner == "" && v.Previous != "" && ch.HasTotals {
		out.Rest = since(outstanding, ch.Outstanding)
		due.Rest = since(overdue, ch.Overdue)
	}
	v.Receivables = []mailLine{out, due}
	if v.Previous != "" {
		v.Changes = changeLines(ch, func(name string) bool { return owner == "" || names[name] }, money)
	}

	v.RenewTitle = "Renewing in the next " + strconv.Itoa(renewalDays) + " days"
	v.RenewDates = dateWords(res.Rules.AsOf.AddDays(1)) + " – " + dateWords(res.Rules.AsOf.AddDays(renewalDays))
	for _, i := range res.RenewingWithin(renewalDays) {
		if covered[i] {
			v.Renewing = append(v.Renewing, renewalLine(&res.Clients[i], res.Rules.AsOf))
		}
	}

	v.Rows = leftOutLine(sc, money)
	if n := len(sc.Issues); n == 0 {
		v.Issues = "No data issues."
	} else {
		v.Issues = plural(n, "data issue") + ": see the Data issues sheet."
	}
	if att.tooLarge {
		v.TooLarge = true
		v.Path = bodyText(att.full)
		v.Size = sizeText(att.size)
		v.Limit = sizeText(att.limit)
	}
	return v
}

// flaggedClient is c as the who-to-call list shows it.
func flaggedClient(c *analysis.ClientResult, asOf analysis.Date, money func(analysis.Money) string) mailClient {
	mc := mailClient{
		Name: bodyText(c.Name), Verdict: c.Verdict.String(),
		Style: verdictCSS(c.Verdict), Fill: verdictFill(c.Verdict),
		Owner: "not known", Renewal: "not known",
		Profit: money(c.Profit) + ", margin n/a (no revenue)",
	}
	mc.Overdue, mc.OverdueOf = money(c.Overdue), " of "+money(c.Outstanding)+" outstanding"
	if c.Outstanding == 0 {
		mc.OverdueOf = " (nothing outstanding)"
	}
	if o := strings.TrimSpace(bodyText(c.Owner)); o != "" {
		mc.Owner = o
	}
	switch {
	case c.RenewalDate.IsZero():
	case c.RenewalDate > asOf:
		mc.Renewal = dateWords(c.RenewalDate)
	default:
		mc.Renewal = dateWords(c.RenewalDate) + " (passed)"
	}
	if c.Margin.Valid {
		mc.Profit = money(c.Profit) + ", margin " + shownText(c.Margin.Value, fmtPercent)
	}
	for _, f := range c.Flags {
		mc.Flags = append(mc.Flags, mailFlag{
			Words:    upperFirst(flagText(f.Code)),
			Evidence: clip.Runes(bodyText(f.Evidence), maxEvidenceRunes),
		})
	}
	return mc
}

// changeLines are the changes since the previous scorecard of the clients
// keep accepts: verdicts, new flags, receivables that moved, new clients.
func changeLines(ch *analysis.Changes, keep func(string) bool, money func(analysis.Money) string) []string {
	var lines []string
	for _, c := range ch.Verdicts {
		if keep(c.Client) {
			lines = append(lines, bodyText(c.Client)+": "+c.From.String()+" → "+c.To.String())
		}
	}
	for _, f := range ch.NewFlags {
		if !keep(f.Client) {
			continue
		}
		l := bodyText(f.Client) + ": new flag: " + flagText(f.Flag.Code)
		if f.Flag.Evidence != "" {
			l += " (" + clip.Runes(bodyText(f.Flag.Evidence), maxEvidenceRunes) + ")"
		}
		lines = append(lines, l)
	}
	moved := func(label string, from, to analysis.Money) string {
		return label + " " + money(from) + " → " + money(to) + " (" + signedMoney(to-from, money) + ")"
	}
	for _, m := range ch.Moved {
		if !keep(m.Client) {
			continue
		}
		var parts []string
		if m.OverdueFrom != m.OverdueTo {
			parts = append(parts, moved("overdue", m.OverdueFrom, m.OverdueTo))
		}
		if m.OutstandingFrom != m.OutstandingTo {
			parts = append(parts, moved("outstanding", m.OutstandingFrom, m.OutstandingTo))
		}
		if len(parts) > 0 {
			lines = append(lines, bodyText(m.Client)+": "+strings.Join(parts, "; "))
		}
	}
	for _, name := range ch.NewClients {
		if keep(name) {
			lines = append(lines, "New client: "+bodyText(name))
		}
	}
	return lines
}

// renewalLine is one client of the renewing-soon list: "Acme Ltd:
// 15 Jan 2027 (in 54 days); Watch; owner Anna de Vries; price change
// needed 12.5%", the name in bold.
func renewalLine(c *analysis.ClientResult, asOf analysis.Date) mailLine {
	l := mailLine{Bold: bodyText(c.Name), Rest: ": " + dateWords(c.RenewalDate) +
		" (in " + plural(int(c.RenewalDate-asOf), "day") + "); " + c.Verdict.String()}
	if o := strings.TrimSpace(bodyText(c.Owner)); o != "" {
		l.Rest += "; owner " + o
	}
	if c.PriceChange.Valid {
		l.Rest += "; price change needed " + shownText(c.PriceChange.Value, fmtPercent)
	}
	return l
}

// leftOutLine says which rows are in no figure: those rejected, per input,
// and those that belong to no client (unmatched), per input with their
// amount; "" when there are none.
func leftOutLine(sc *Scorecard, money func(analysis.Money) string) string {
	var rejected [len(analysis.Inputs)]int
	total := 0
	for _, s := range sc.Sources {
		for k, in := range analysis.Inputs {
			if s.Input == in {
				rejected[k] += s.Rejected
			}
		}
		total += s.Rejected
	}
	var parts []string
	if total > 0 {
		var per []string
		for k, in := range analysis.Inputs {
			if rejected[k] > 0 {
				per = append(per, string(in)+" "+strconv.Itoa(rejected[k]))
			}
		}
		parts = append(parts, plural(total, "rejected row")+" ("+strings.Join(per, ", ")+")")
	}
	unmatched := 0
	var per []string
	for _, u := range sc.Result.Portfolio.Unmatched {
		if u.Rows == 0 {
			continue
		}
		unmatched += u.Rows
		s := string(u.Input) + " " + strconv.Itoa(u.Rows)
		if u.Amount != 0 {
			s += ", " + money(u.Amount)
		}
		per = append(per, s)
	}
	if unmatched > 0 {
		parts = append(parts, plural(unmatched, "unmatched row")+" that belong to no known client ("+strings.Join(per, "; ")+")")
	}
	if len(parts) == 0 {
		return ""
	}
	return "Left out of every figure: " + strings.Join(parts, " and ") + ". See the Data issues sheet."
}

// signedMoney writes a change of money with its sign: "+4,200.00 EUR",
// "-1,000.00 EUR".
func signedMoney(d analysis.Money, money func(analysis.Money) string) string {
	if d > 0 {
		return "+" + money(d)
	}
	return money(d)
}

// upperFirst capitalises the first letter of s.
func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// text is the plain-text body.
func (v *mailView) text() string {
	var b strings.Builder
	line := func(s ...string) {
		for _, p := range s {
			b.WriteString(p)
		}
		b.WriteByte('\n')
	}
	line(v.Title)
	if v.Scope != "" {
		line(v.Scope)
	}
	line(v.CountsLine)
	line()
	line(v.FlaggedTitle)
	line()
	for _, c := range v.Flagged {
		line(c.Name, ": ", c.Verdict)
		line("Overdue: ", c.Overdue, c.OverdueOf)
		line("Owner: ", c.Owner)
		line("Renewal: ", c.Renewal)
		line("Profit: ", c.Profit)
		for _, f := range c.Flags {
			if f.Evidence == "" {
				line("- ", f.Words)
			} else {
				line("- ", f.Words, ": ", f.Evidence)
			}
		}
		line()
	}
	line("Receivables")
	for _, r := range v.Receivables {
		line(r.String())
	}
	line()
	if v.Previous == "" {
		line("First scorecard: nothing to compare with.")
	} else {
		line("Changes since ", v.Previous)
		if len(v.Changes) == 0 {
			line("No changes.")
		}
		for _, c := range v.Changes {
			line("- ", c)
		}
	}
	line()
	line(v.RenewTitle, " (", v.RenewDates, ")")
	if len(v.Renewing) == 0 {
		line("None.")
	}
	for _, r := range v.Renewing {
		line("- ", r.String())
	}
	line()
	if v.Rows != "" {
		line(v.Rows)
	}
	line(v.Issues)
	if v.TooLarge {
		line("The workbook ", v.File, " (", v.Size, ") was too large to attach (the limit is ", v.Limit, "). It is at:")
		line(v.Path)
	} else {
		line("Workbook attached: ", v.File)
	}
	return b.String()
}

// mailHTML is the HTML body: the plain text's content in blocks that wrap
// to a phone's width (no tables), with inline styles, which mail clients
// keep. html/template escapes every value.
var mailHTML = template.Must(template.New("email").Parse(`<!DOCTYPE html>
<html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family: Arial, Helvetica, sans-serif; font-size: 15px; line-height: 1.4; color: #000000; margin: 0; padding: 12px; overflow-wrap: break-word; word-wrap: break-word;">
<div style="max-width: 640px;">
<p style="font-size: 18px; font-weight: bold; margin: 0 0 4px 0;">{{.Title}}</p>
{{- if .Scope}}
<p style="margin: 0 0 8px 0;">{{.Scope}}</p>
{{- end}}
<p style="margin: 0 0 4px 0;">{{.ClientsText}}:</p>
<div style="margin: 0 0 12px 0;">
{{- range .Counts}}
<span style="{{.Style}} display: inline-block; padding: 2px 8px; margin: 0 4px 4px 0; border-radius: 3px;"><b>{{.N}}</b> {{.Label}}</span>
{{- end}}
</div>
<h2 style="font-size: 17px; margin: 16px 0 8px 0;">{{.FlaggedTitle}}</h2>
{{- range .Flagged}}
<div style="border-left: 4px solid {{.Fill}}; padding: 0 0 0 8px; margin: 0 0 14px 0;">
<div><b>{{.Name}}</b> <span style="{{.Style}} padding: 1px 6px; border-radius: 3px; white-space: nowrap;">{{.Verdict}}</span></div>
<div>Overdue: <b>{{.Overdue}}</b>{{.OverdueOf}}</div>
<div>Owner: {{.Owner}} · Renewal: {{.Renewal}}</div>
<div>Profit: {{.Profit}}</div>
{{- if .Flags}}
<ul style="margin: 4px 0 0 0; padding-left: 18px;">
{{- range .Flags}}
<li><b>{{.Words}}</b>{{if .Evidence}}: {{.Evidence}}{{end}}</li>
{{- end}}
</ul>
{{- end}}
</div>
{{- end}}
<h2 style="font-size: 17px; margin: 16px 0 4px 0;">Receivables</h2>
{{- range .Receivables}}
<div>{{.Label}}<b>{{.Bold}}</b>{{.Rest}}</div>
{{- end}}
{{- if .Previous}}
<h2 style="font-size: 17px; margin: 16px 0 4px 0;">Changes since {{.Previous}}</h2>
{{- if .Changes}}
<ul style="margin: 0; padding-left: 18px;">
{{- range .Changes}}
<li>{{.}}</li>
{{- end}}
</ul>
{{- else}}
<p style="margin: 0;">No changes.</p>
{{- end}}
{{- else}}
<p style="margin: 16px 0 0 0;">First scorecard: nothing to compare with.</p>
{{- end}}
<h2 style="font-size: 17px; margin: 16px 0 0 0;">{{.RenewTitle}}</h2>
<p style="margin: 0 0 4px 0; color: #595959;">{{.RenewDates}}</p>
{{- if .Renewing}}
<ul style="margin: 0; padding-left: 18px;">
{{- range .Renewing}}
<li>{{.Label}}<b>{{.Bold}}</b>{{.Rest}}</li>
{{- end}}
</ul>
{{- else}}
<p style="margin: 0;">None.</p>
{{- end}}
{{- if .Rows}}
<p style="margin: 16px 0 0 0;">{{.Rows}}</p>
{{- end}}
<p style="margin: 8px 0 0 0;">{{.Issues}}</p>
{{- if .TooLarge}}
<p style="margin: 8px 0 0 0;">The workbook {{.File}} ({{.Size}}) was too large to attach (the limit is {{.Limit}}). It is at:<br><code style="word-break: break-all;">{{.Path}}</code></p>
{{- else}}
<p style="margin: 8px 0 0 0;">Workbook attached: {{.File}}</p>
{{- end}}
</div>
</body></html>
`))
