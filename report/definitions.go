package report

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"clientscore/analysis"
)

// definition is one row of the Definitions sheet. A heading has no meaning.
type definition struct {
	term, meaning string
}

// definitions explains every metric, flag and threshold with this run's
// numbers: how each cost was computed, with which rates, how payments are
// allocated.
func (w *writer) definitions() []definition {
	r := w.res.Rules
	from := w.res.From
	if from.IsZero() {
		from = r.From()
	}
	money := w.moneyWords
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
	capital := "costs.capital_rate is 0, so waiting for late money costs nothing in this run."
	if r.CapitalRate != 0 {
		capital = fmt.Sprintf("What waiting for late money costs, at %s a year (costs.capital_rate): for each payment applied to an invoice in the window, the amount applied × max(0, days from due date to payment) × %s / 365; plus, for each invoice in the window still open, its balance × max(0, days from due date to as-of) × %s / 365.",
			pct(r.CapitalRate), pct(r.CapitalRate), pct(r.CapitalRate))
	}

	return []definition{
		{"This run", ""},
		{"As of", dateWords(r.AsOf) + `: the day the figures are taken at ("today" for this run).`},
		{"Window", fmt.Sprintf("Invoices by issue date, payments, disputes, contacts, time and expenses by their own date, from %s (exclusive) to %s (inclusive): %s.",
			dateWords(from), dateWords(r.AsOf), plural(r.WindowMonths, "month"))},
		{"Currency", fmt.Sprintf("All money is in %s. Amounts in other currencies are converted with the configured fx rates and rounded to the minor unit, half away from zero, once per row.", cur)},
		{"Days", "Whole calendar days: days(a, b) counts the days from a to b."},

		{"Costs in this run", ""},
		{"Hourly cost", w.hourlyWords()},
		{"How the rows were costed", w.costingWords()},
		{"Ticket cost", fmt.Sprintf("%s per support row that gives neither hours nor a cost (costs.support_ticket). Hours of 0 count as not given, and so does a cost of 0 on a row with hours.", money(r.SupportTicket))},
		{"Billable work", "A billable support or time row's cost is Delivery cost: the client pays for that work through its invoices. A non-billable row's cost is Support cost: work the client gets without paying for it. Both are costs. A billable amount in a time export is what the client is charged, never a cost."},
		{"Delivery ratio", fmt.Sprintf("%s of Revenue is added to Delivery cost for delivery work that is not in the time input (costs.delivery_ratio; 0 when all delivery time is logged).", pct(r.DeliveryRatio))},
		{"Late-payment cost", capital},

		{"Money", ""},
		{"Invoiced", "Sum of the amounts of the invoices issued in the window, less their sales tax (credit notes not included)."},
		{"Credit notes", "Sum of the amounts, as positive numbers and less their tax, of the credit notes issued in the window. A credit note is a row whose type says credit note, or whose amount is negative."},
		{"Revenue", "Invoiced − Credit notes."},
		{"Collected", "Sum of the payments dated in the window, net of refunds, plus the paid part of invoices that carry their own paid date in the window (for clients with no payments rows)."},
		{"Refunds", "Sum of the refunds dated in the window, as a positive amount: refund rows, negative payments and the refunded part of a charge. They reduce Collected; they do not re-open invoices."},
		{"Delivery cost", "Sum of the cost of the billable support and time rows in the window, plus Revenue × the delivery ratio."},
		{"Support cost", "Sum of the cost of the non-billable support and time rows in the window."},
		{"Expenses", "Sum of the expenses input's rows in the window: the client's direct costs (subcontractors, licences, travel)."},
		{"Hours", "Sum of the hours of the support and time rows in the window."},
		{"Revenue per hour", "Revenue / Hours: what an hour of the team earns on this client; blank when no hours were logged."},
		{"Profit", "Revenue − Delivery cost − Support cost − Expenses − Late-payment cost."},
		{"Margin", "Profit / Revenue; blank when Revenue is 0 or less."},
		{"Revenue share", "Revenue / total Revenue of all clients."},
		{"Price change needed", fmt.Sprintf("When Margin is under %s and Revenue is over 0: how much prices must rise to reach a %s margin with the costs held as they are, R / Revenue − 1, where R = (Delivery cost − Revenue × %s + Support cost + Expenses + Late-payment cost) / (1 − %s − %s) is the revenue that would do it. Blank otherwise.",
			pct(r.MinMargin), pct(r.MinMargin), pct(r.DeliveryRatio), pct(r.DeliveryRatio), pct(r.MinMargin))},

		{"Payment", ""},
		{"Allocation", "A payment applies to the invoice it names. A payment that names none, or the part beyond its invoice's balance, applies to the same client's open invoices issued on or before the payment date, oldest due date first. What remains is an unapplied credit: shown, not revenue, not applied to later invoices. A credit note that names an invoice reduces that invoice's balance on its date. Allocation happens in the invoice's currency."},
		{"Settled", "The date on which an invoice's payments and credit notes first cover its amount. An invoice not settled by as-of is open. An invoice that carries its own paid date or balance settles itself only for a client with no payments rows; a balance with no paid date settles on an unknown date."},
		{"Days late (of one invoice)", "Settled: max(0, days from due date to settled date). Open: max(0, days from due date to as-of). Unknown when the settled date is unknown: such an invoice is left out of every lateness figure below, never counted as 0 days late."},
		{"Invoices", "Number of invoices issued in the window (credit notes not counted)."},
		{"Avg days late", "Mean of Days late over the client's invoices in the window."},
		{"Weighted days late", "Σ (amount × Days late) / Σ amount over the client's invoices in the window: a big invoice paid late weighs more than a small one."},
		{"Weighted days late, last 90 days", "The same over the client's invoices (any issue date) due in the 90 days up to as-of: the recent trend beside the 12-month figure."},
		{"Max days late", "The largest Days late of the client's invoices in the window."},
		{"Avg days to pay", "Mean of the days from issue date to settled date over the invoices in the window that are settled (the figure Xero and QuickBooks show); blank when none is settled."},
		{"Late invoices", fmt.Sprintf("Number of invoices in the window with Days late over %d (rules.grace_days), settled or still open.", r.GraceDays)},
		{"Open overdue", fmt.Sprintf("Number of open invoices (any issue date) past their due date by more than %d days at as-of.", r.GraceDays)},
		{"Severely late", fmt.Sprintf("Number of invoices with Days late over %d (rules.severe_late_days).", r.SevereLateDays)},
		{"Outstanding", "Open balance at as-of of all the client's invoices, whatever their issue date."},
		{"Overdue", "The part of Outstanding that is past its due date."},
		{"Aging", fmt.Sprintf("Outstanding split by days past due at as-of: %s (rules.aging). %% overdue is Overdue / Outstanding.", agingWords(r.Aging))},
		{"DSO", "Days sales outstanding: Outstanding / (Σ amount of invoices issued in the 90 days up to as-of) × 90; blank when nothing was invoiced in those 90 days."},

		{"Disputes and support", ""},
		{"Disputes", "Number of disputes dated in the window. Each disputes row is one dispute; an invoice marked disputed counts as one dispute, dated its issue date, when no disputes row names it."},
		{"Dispute rate", "Disputes / Invoices."},
		{"Contacts", "Number of support rows (tickets, calls, emails) dated in the window. Time entries are work, not contacts: they count in no contact figure."},
		{"Support hours", "Sum of the hours of those contacts."},
		{"After-hours contacts", fmt.Sprintf("Contacts %s (local time). A contact with a date and no time is after hours only on a day that is not a business day.", hours)},
		{"Contacts per month", fmt.Sprintf("Contacts / %d (the window's months).", r.WindowMonths)},

		{"Flags", ""},
		{string(analysis.FlagUnprofitable), "Profit below 0."},
		{string(analysis.FlagLowMargin), fmt.Sprintf("Profit 0 or more and Margin under %s (rules.min_margin).", pct(r.MinMargin))},
		{string(analysis.FlagLatePayer), fmt.Sprintf("Weighted days late over %s, or %d or more invoices over %d days late.", num(r.LateWeightedDays), r.SevereLateCount, r.SevereLateDays)},
		{string(analysis.FlagDisputes), fmt.Sprintf("%d or more disputes, or a dispute rate of %s or more (with at least 1 dispute).", r.DisputesCount, pct(r.DisputesRate))},
		{string(analysis.FlagAfterHours), fmt.Sprintf("%d or more after-hours contacts, making up at least %s of the client's contacts.", r.AfterHoursMin, pct(r.AfterHoursShare))},
		{string(analysis.FlagHighContact), fmt.Sprintf("Contacts per month at least %s (rules.contact_min) and at least %s × the median contacts per month of the clients with contacts (this run: median %s, so %s or more).",
			num(r.ContactMin), num(r.ContactRatio), num(median), num(max(r.ContactMin, r.ContactRatio*median)))},
		{string(analysis.FlagDiscounts), fmt.Sprintf("Credit notes over 0 and at least %s of Invoiced, or any contact tagged as a discount request (tags containing: %s).", pct(r.CreditShare), tags(r.Signals.DiscountRequest))},
		{string(analysis.FlagAbuse), fmt.Sprintf("Any contact tagged as abuse (tags containing: %s).", tags(r.Signals.Abuse))},
		{string(analysis.FlagScopeChange), fmt.Sprintf("3 or more contacts tagged as a scope change (tags containing: %s).", tags(r.Signals.ScopeChange))},
		{string(analysis.FlagConcentration), fmt.Sprintf("Revenue share of %s or more: a risk to the business, not a fault of the client.", pct(r.ConcentrationShare))},
		{"Tags", "Support tags match case-insensitively, anywhere in the contact's tags, with _ and - read as spaces."},

		{"Verdicts", ""},
		{analysis.Unprofitable.String(), "The client carries UNPROFITABLE (shown red)."},
		{analysis.Review.String(), "ABUSE, or two or more flags other than CONCENTRATION (shown orange)."},
		{analysis.Watch.String(), "One flag other than CONCENTRATION (shown yellow)."},
		{analysis.Healthy.String(), "No flag other than CONCENTRATION (shown green)."},
		{analysis.Inactive.String(), "A known client with no invoice, payment, contact, time or expense in the window: no flags, listed last (shown grey)."},
		{"Unmatched rows", "A payment, dispute, support, time or expense row whose client is none of the known clients (those of the clients and invoices inputs) belongs to no client: it counts in no client's figures and gets no verdict. The Summary counts them per input; Data issues lists each name."},

		{"Portfolio", ""},
		{"Top 1, 5 and 10 share", "The share of total Revenue that the 1, 5 and 10 clients with the most Revenue bring."},
		{"HHI", "Herfindahl–Hirschman index: Σ (each client's revenue share in %)², from 0 to 10,000. Under 1,500 the portfolio is unconcentrated, 1,500 to 2,500 moderately concentrated, above 2,500 highly concentrated."},
		{"Whale curve", "Clients ranked by Profit, best first: the cumulative share of clients against their cumulative Profit as a share of total Profit. It rises above 100% while profitable clients are added and falls back as loss-making ones are."},

		{"Sheets", ""},
		{"Clients sheet", "One row per client, worst verdict first (Unprofitable, Review, Watch, Healthy, Inactive), then by Profit, lowest first. The metrics after Disputes are grouped: click + above the columns to show them. Hidden, they let the sheet print its first ten columns and Evidence legibly on one page width."},
		{"Open invoices sheet", "Every invoice open at as-of, whatever its issue date, by client then due date, with a total per client; the total of all is Outstanding. A client's unapplied credit follows its total as a negative line. Days overdue below 0 is the days left until the due date."},
		{"Invoices sheet", invoices},
		{"Data issues", "Error: the row was rejected and is in no figure. Warning: the row was used; check it. Info: the row was ignored on purpose (void, deleted, draft)."},
		{"Sources sheet", "Each input file with the rows read and rejected and its SHA-256, so a figure can be traced to the exact file; then the data behind the Summary's charts."},
		{"Blank cells", "A blank figure has no value (a mean of nothing, a ratio over zero); it is not zero."},
	}
}

// hourlyWords says which hourly cost a support or time row with hours
// takes: costs.rates by person, then by role, else costs.hour.
func (w *writer) hourlyWords() string {
	r := w.res.Rules
	base := "an hour costs " + w.moneyWords(r.Hour) + " (costs.hour)"
	if len(r.HourlyRates) == 0 {
		return "A row with hours and no cost of its own costs its hours × its hourly cost: no costs.rates are set, so " + base + " for everyone."
	}
	names := slices.Sorted(maps.Keys(r.HourlyRates))
	rates := make([]string, len(names))
	for i, n := range names {
		rates[i] = n + " " + w.moneyWords(r.HourlyRates[n])
	}
	return "A row with hours and no cost of its own costs its hours × its hourly cost: the rate of its person in costs.rates, else of its role, else " +
		base + ". costs.rates: " + strings.Join(rates, "; ") + "."
}

// costingWords says how the support and time rows of this run were
// costed: how many took the export's cost, a person's or a role's rate,
// fell back to costs.hour, or cost a ticket.
func (w *writer) costingWords() string {
	costing := &w.res.Portfolio.Costing
	how := [len(costing)]string{
		analysis.CostGiven:  "took the cost the export gives",
		analysis.CostPerson: "were costed at their person's rate",
		analysis.CostRole:   "were costed at their role's rate",
		analysis.CostHour:   "fell back to costs.hour",
		analysis.CostTicket: "had no hours and no cost and cost costs.support_ticket",
	}
	var parts []string
	for src, n := range costing {
		if n.Rows == 0 {
			continue
		}
		p := thousands(int64(n.Rows)) + " " + rowsWord(n.Rows) + " " + how[src]
		if analysis.CostSource(src) != analysis.CostTicket {
			p += " (" + hoursText(n.Hours) + " hours, " + w.moneyWords(n.Cost) + ")"
		} else {
			p += " (" + w.moneyWords(n.Cost) + ")"
		}
		parts = append(parts, p)
	}
	if len(parts) == 0 {
		return "No support or time rows in the window were costed."
	}
	return "Of the support and time rows in the window: " + strings.Join(parts, "; ") + "."
}

// rowsWord is "row" for one, else "rows".
func rowsWord(n int) string {
	if n == 1 {
		return "row"
	}
	return "rows"
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
