package report

import (
	"fmt"
	"strings"
	"time"

	"clientscore/analysis"
)

// definition is one row of the Definitions sheet. A heading has no meaning.
type definition struct {
	term, meaning string
}

// definitions explains every metric, flag and threshold with this run's
// numbers.
func (w *writer) definitions() []definition {
	r := w.res.Rules
	from := w.res.From
	if from.IsZero() {
		from = r.From()
	}
	money := func(m analysis.Money) string { return moneyText(m, w.digits, w.code) }
	pct := percentText
	num := numberText
	cur := r.Currency
	tags := func(t []string) string {
		if len(t) == 0 {
			return "none configured"
		}
		return strings.Join(t, ", ")
	}
	hours := businessHours(r)
	median := w.res.Portfolio.MedianContactsPerMonth
	invoices := "Every invoice and credit note issued in the window of clients whose verdict is not Healthy (report.invoices: flagged)."
	if w.sc.AllInvoices {
		invoices = "Every invoice and credit note issued in the window, of every client (report.invoices: all)."
	}

	return []definition{
		{"This run", ""},
		{"As of", dateWords(r.AsOf) + `: the day the figures are taken at ("today" for this run).`},
		{"Window", fmt.Sprintf("Invoices by issue date, payments, disputes and contacts by their own date, from %s (exclusive) to %s (inclusive): %s.",
			dateWords(from), dateWords(r.AsOf), plural(r.WindowMonths, "month"))},
		{"Currency", fmt.Sprintf("All money is in %s. Amounts in other currencies are converted with the configured fx rates and rounded to the minor unit, half away from zero, once per row.", cur)},
		{"Days", "Whole calendar days: days(a, b) counts the days from a to b."},

		{"Money", ""},
		{"Invoiced", "Sum of the amounts of the invoices issued in the window (credit notes not included)."},
		{"Credit notes", "Sum of the amounts, as positive numbers, of the credit notes issued in the window. A credit note is a row whose type says credit note, or whose amount is negative."},
		{"Revenue", "Invoiced − Credit notes."},
		{"Collected", "Sum of the payments dated in the window."},
		{"Support cost", fmt.Sprintf("Sum of the cost of the non-billable support contacts in the window. A contact costs its own cost when the export gives one, else its hours × %s per hour, else %s per contact. Billable contacts are charged to the client and are not support cost.",
			money(r.Hour), money(r.SupportTicket))},
		{"Delivery cost", fmt.Sprintf("Revenue × %s (costs.delivery_ratio; 0 turns it off).", pct(r.DeliveryRatio))},
		{"Late-payment cost", fmt.Sprintf("What waiting for late money costs, at %s a year (costs.capital_rate; 0 turns it off): for each payment applied to an invoice in the window, the amount applied × max(0, days from due date to payment) × %s / 365; plus, for each invoice in the window still open, its balance × max(0, days from due date to as-of) × %s / 365.",
			pct(r.CapitalRate), pct(r.CapitalRate), pct(r.CapitalRate))},
		{"Profit", "Revenue − Support cost − Delivery cost − Late-payment cost."},
		{"Margin", "Profit / Revenue; blank when Revenue is 0 or less."},
		{"Revenue share", "Revenue / total Revenue of all clients."},
		{"Price change needed", fmt.Sprintf("When Margin is under %s and Revenue is over 0: how much prices must rise to reach a %s margin, R / Revenue − 1, where R = (Support cost + Late-payment cost) / (1 − %s − %s) is the revenue that would do it. Blank otherwise.",
			pct(r.MinMargin), pct(r.MinMargin), pct(r.DeliveryRatio), pct(r.MinMargin))},

		{"Payment", ""},
		{"Invoices", "Number of invoices issued in the window (credit notes not counted)."},
		{"Settled", "The date on which an invoice's payments and credit notes first cover its amount. An invoice not settled by as-of is open."},
		{"Days late (of one invoice)", "Settled: max(0, days from due date to settled date). Open: max(0, days from due date to as-of)."},
		{"Avg days late", "Mean of Days late over the client's invoices in the window."},
		{"Weighted days late", "Σ (amount × Days late) / Σ amount over the client's invoices in the window: a big invoice paid late weighs more than a small one."},
		{"Max days late", "The largest Days late of the client's invoices in the window."},
		{"Avg days to pay", "Mean of the days from issue date to settled date over the invoices in the window that are settled (the figure Xero and QuickBooks show); blank when none is settled."},
		{"Paid late", fmt.Sprintf("Number of invoices with Days late over %d (rules.grace_days).", r.GraceDays)},
		{"Severely late", fmt.Sprintf("Number of invoices with Days late over %d (rules.severe_late_days).", r.SevereLateDays)},
		{"Outstanding", "Open balance at as-of of all the client's invoices, whatever their issue date."},
		{"Overdue", "The part of Outstanding that is past its due date."},
		{"Aging", fmt.Sprintf("Outstanding split by days past due at as-of: %s (rules.aging).", agingWords(r.Aging))},
		{"DSO", "Days sales outstanding: Outstanding / (Σ amount of invoices issued in the 90 days up to as-of) × 90; blank when nothing was invoiced in those 90 days."},

		{"Disputes and support", ""},
		{"Disputes", "Number of disputes dated in the window. Each disputes row is one dispute; an invoice marked disputed counts as one dispute, dated its issue date, when no disputes row names it."},
		{"Dispute rate", "Disputes / Invoices."},
		{"Contacts", "Number of support contacts (tickets, calls, time entries) dated in the window."},
		{"Support hours", "Sum of the hours of those contacts."},
		{"After-hours contacts", fmt.Sprintf("Contacts %s (local time). A contact with a date and no time is after hours only on a day that is not a business day.", hours)},
		{"Contacts per month", fmt.Sprintf("Contacts / %d (the window's months).", r.WindowMonths)},

		{"Flags", ""},
		{string(analysis.FlagUnprofitable), "Profit below 0."},
		{string(analysis.FlagLowMargin), fmt.Sprintf("Profit 0 or more and Margin under %s (rules.min_margin).", pct(r.MinMargin))},
		{string(analysis.FlagLatePayer), fmt.Sprintf("Weighted days late over %s, or %d or more invoices over %d days late.", num(r.LateWeightedDays), r.SevereLateCount, r.SevereLateDays)},
		{string(analysis.FlagDisputes), fmt.Sprintf("%d or more disputes, or a dispute rate of %s or more (with at least 1 dispute).", r.DisputesCount, pct(r.DisputesRate))},
		{string(analysis.FlagAfterHours), fmt.Sprintf("%d or more after-hours contacts, making up at least %s of the client's contacts.", r.AfterHoursMin, pct(r.AfterHoursShare))},
		{string(analysis.FlagHighContact), fmt.Sprintf("Contacts per month at least %s × the median contacts per month of the clients with contacts (this run: median %s, so %s or more).",
			num(r.ContactRatio), num(median), num(r.ContactRatio*median))},
		{string(analysis.FlagDiscounts), fmt.Sprintf("Credit notes over 0 and at least %s of Invoiced, or any contact tagged as a discount request (tags containing: %s).", pct(r.CreditShare), tags(r.Signals.DiscountRequest))},
		{string(analysis.FlagAbuse), fmt.Sprintf("Any contact tagged as abuse (tags containing: %s).", tags(r.Signals.Abuse))},
		{string(analysis.FlagScopeChange), fmt.Sprintf("3 or more contacts tagged as a scope change (tags containing: %s).", tags(r.Signals.ScopeChange))},
		{string(analysis.FlagConcentration), fmt.Sprintf("Revenue share of %s or more: a risk to the business, not a fault of the client.", pct(r.ConcentrationShare))},
		{"Tags", "Support tags match case-insensitively, anywhere in the contact's tags."},

		{"Verdicts", ""},
		{analysis.Unprofitable.String(), "The client carries UNPROFITABLE (shown red)."},
		{analysis.Review.String(), "ABUSE, or two or more flags other than CONCENTRATION (shown orange)."},
		{analysis.Watch.String(), "One flag other than CONCENTRATION (shown yellow)."},
		{analysis.Healthy.String(), "No flag other than CONCENTRATION (shown green)."},
		{"Clients sheet order", "Worst verdict first (Unprofitable, Review, Watch, Healthy), then by Profit, lowest first."},

		{"Portfolio", ""},
		{"Top 1, 5 and 10 share", "The share of total Revenue that the 1, 5 and 10 clients with the most Revenue bring."},
		{"HHI", "Herfindahl–Hirschman index: Σ (each client's revenue share in %)², from 0 to 10,000. Under 1,500 the portfolio is unconcentrated, 1,500 to 2,500 moderately concentrated, above 2,500 highly concentrated."},
		{"Whale curve", "Clients ranked by Profit, best first: the cumulative share of clients against their cumulative Profit as a share of total Profit. It rises above 100% while profitable clients are added and falls back as loss-making ones are."},

		{"Sheets", ""},
		{"Invoices sheet", invoices},
		{"Data issues", "Error: the row was rejected and is in no figure. Warning: the row was used; check it. Info: the row was ignored on purpose (void, deleted, draft)."},
		{"Blank cells", "A blank figure has no value (a mean of nothing, a ratio over zero); it is not zero."},
	}
}

// businessHours writes the business hours in words: "Mon–Fri 08:00–18:00".
func businessHours(r analysis.Rules) string {
	days := []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday}
	var parts []string
	for i := 0; i < len(days); {
		if !r.BusinessDays[days[i]] {
			i++
			continue
		}
		j := i
		for j+1 < len(days) && r.BusinessDays[days[j+1]] {
			j++
		}
		name := func(d time.Weekday) string { return d.String()[:3] }
		switch {
		case j == i:
			parts = append(parts, name(days[i]))
		case j == i+1:
			parts = append(parts, name(days[i])+", "+name(days[j]))
		default:
			parts = append(parts, name(days[i])+"–"+name(days[j]))
		}
		i = j + 1
	}
	if len(parts) == 0 {
		return "at any time, as no business days are set"
	}
	return "outside " + strings.Join(parts, ", ") + " " + r.BusinessStart.String() + "–" + r.BusinessEnd.String()
}

// agingWords lists the aging buckets: "Current (not yet due), 1–30, …, Over
// 120 days".
func agingWords(bounds []int) string {
	h := agingHeaders(bounds)
	return "Current (not yet due), " + strings.Join(h[1:], ", ") + " days"
}

func (w *writer) writeDefinitions() error {
	return w.writeDefinitionsSheet(w.definitions())
}

// writeDefinitionsSheet writes defs as the Definitions sheet: term and
// meaning, a term with no meaning being a section heading.
func (w *writer) writeDefinitionsSheet(defs []definition) error {
	cols := []column{
		{header: "Term", style: w.st.text, max: 30},
		{header: "Meaning", style: w.st.wrap, max: 100, wrap: true},
	}
	rows := func(yield func([]cell) bool) {
		row := make([]cell, 2)
		for _, d := range defs {
			row = append(row[:0], text(d.term), text(d.meaning))
			if d.meaning == "" {
				row[0].style = w.st.section
			}
			if !yield(row) {
				return
			}
		}
	}
	return w.writeTable([]string{sheetDefinitions}, table{cols: cols, rows: rows})
}
