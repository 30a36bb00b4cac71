package report

import (
	"math"
	"strconv"
	"strings"

	"clientscore/analysis"
)

// dossierWords is the Dossier sheet's summary in words: one paragraph of
// what the figures say about c, for someone walking into the renewal talk.
// It says only what the figures support: nothing of payment without
// invoices, no margin without revenue, no renewal date it does not have.
func dossierWords(c *analysis.ClientResult, res *analysis.Result) string {
	r := res.Rules
	money := func(m analysis.Money) string { return analysis.FormatMoney(m, r.Currency) }
	var out []string
	say := func(s string) { out = append(out, s) }
	window := "in the " + plural(r.WindowMonths, "month") + " to " + dateWords(r.AsOf)

	// Revenue against cost.
	var costs []string
	if c.DeliveryCost > 0 {
		costs = append(costs, money(c.DeliveryCost)+" to deliver")
	}
	if c.SupportCost > 0 {
		costs = append(costs, money(c.SupportCost)+" to support")
	}
	if c.Expenses > 0 {
		costs = append(costs, money(c.Expenses)+" in expenses")
	}
	if c.LatePaymentCost > 0 {
		costs = append(costs, money(c.LatePaymentCost)+" waiting for late payment")
	}
	cost := "cost nothing to serve"
	if len(costs) > 0 {
		cost = "cost " + joinWords(costs)
	}
	var result string
	switch {
	case c.Profit > 0:
		result = "a profit of " + money(c.Profit)
	case c.Profit < 0:
		result = "a loss of " + money(-c.Profit)
	default:
		result = "it broke even"
	}
	switch {
	case c.Revenue > 0:
		say(c.Name + " brought " + money(c.Revenue) + " of revenue " + window + " and " + cost + ": " +
			result + " (" + percentWords(c.Margin.Value) + " margin).")
	case c.Invoices == 0 && c.CreditNoteCount == 0:
		s := c.Name + " was not invoiced " + window
		if len(costs) > 0 {
			s += " but " + cost + ": " + result
		}
		say(s + ".")
	default:
		s := c.Name + " brought no revenue " + window + " (invoiced " + money(c.Invoiced) + ", credit notes " + money(c.CreditNotes) + ")"
		if len(costs) > 0 || c.Profit != 0 {
			s += " and " + cost + ": " + result
		}
		say(s + ".")
	}

	// Payment.
	if c.Invoices > 0 {
		var paidLate, openLate int
		for _, l := range c.InvoiceLines {
			if l.Credit || l.LateUnknown || l.DaysLate <= r.GraceDays {
				continue
			}
			if l.Settled.IsZero() {
				openLate++
			} else {
				paidLate++
			}
		}
		late := "late"
		if r.GraceDays > 0 {
			late = "more than " + plural(r.GraceDays, "day") + " late"
		}
		avg := ""
		if c.AvgDaysLate.Valid && c.Invoices > 1 {
			avg = "; its invoices were " + daysWords(c.AvgDaysLate.Value) + " late on average"
			if c.MaxDaysLate.Valid {
				avg += " (worst " + plural(int(c.MaxDaysLate.Value), "day") + ")"
			}
		}
		switch {
		case paidLate+openLate == 0 && c.Invoices == 1:
			say("Its only invoice was not " + late + ".")
		case paidLate+openLate == 0:
			say("None of its " + strconv.Itoa(c.Invoices) + " invoices was " + late + ".")
		case c.Invoices == 1 && paidLate == 1:
			say("It paid its only invoice " + plural(int(c.MaxDaysLate.Value), "day") + " late.")
		case c.Invoices == 1:
			say("Its only invoice is still open, " + plural(int(c.MaxDaysLate.Value), "day") + " past its due date.")
		case openLate == 0:
			say("It paid " + strconv.Itoa(paidLate) + " of " + strconv.Itoa(c.Invoices) + " invoices " + late + avg + ".")
		case paidLate == 0:
			say("It has " + strconv.Itoa(openLate) + " of " + strconv.Itoa(c.Invoices) + " invoices still open past their due date" + avg + ".")
		default:
			say("It paid " + strconv.Itoa(paidLate) + " of " + strconv.Itoa(c.Invoices) + " invoices " + late + " and has " +
				strconv.Itoa(openLate) + " more still open past their due date" + avg + ".")
		}
	}
	switch {
	case c.Outstanding > 0 && c.Overdue == c.Outstanding:
		say("It owes " + money(c.Outstanding) + ", all of it overdue.")
	case c.Outstanding > 0 && c.Overdue > 0:
		say("It owes " + money(c.Outstanding) + ", " + money(c.Overdue) + " of it overdue.")
	case c.Outstanding > 0:
		say("It owes " + money(c.Outstanding) + ", none of it overdue yet.")
	}
	if c.Unapplied > 0 {
		say("It has " + money(c.Unapplied) + " of payments not applied to any invoice (credit on account).")
	}

	// Disputes and support.
	if c.Disputes > 0 {
		s := "It raised " + plural(c.Disputes, "dispute")
		if c.DisputeRate.Valid {
			s += " (" + percentWords(c.DisputeRate.Value) + " of its invoices)"
		}
		say(s + ".")
	}
	if c.Contacts == 0 {
		say("It made no support contacts.")
	} else {
		s := "It made " + plural(c.Contacts, "support contact")
		if c.SupportHours > 0 {
			s += " taking " + numberText(c.SupportHours) + " hours"
		}
		if c.AfterHours > 0 {
			s += ", " + strconv.Itoa(c.AfterHours) + " of them after hours"
		}
		say(s + ".")
	}

	// Verdict and price.
	v := "Verdict: " + c.Verdict.String()
	if len(c.Flags) > 0 {
		v += " (" + flagCodes(c.Flags) + ")"
	}
	say(v + ".")
	target := percentWords(r.MinMargin)
	switch {
	case c.PriceChange.Valid:
		say("To reach the " + target + " target margin prices must rise " + percentWords(c.PriceChange.Value) + ".")
	case c.Revenue <= 0:
		if len(costs) > 0 {
			say("With no revenue, no price change can be worked out.")
		}
	case c.Margin.Valid && c.Margin.Value >= r.MinMargin:
		say("Its margin meets the " + target + " target, so no price rise is needed.")
	default:
		say("No price reaches the " + target + " target margin with a delivery ratio of " + percentWords(r.DeliveryRatio) + ".")
	}

	// Renewal.
	switch n := analysis.Days(r.AsOf, c.RenewalDate); {
	case c.RenewalDate.IsZero():
		say("No renewal date is on record.")
	case n > 0:
		say("Renewal is due " + dateWords(c.RenewalDate) + ", in " + plural(n, "day") + ".")
	case n == 0:
		say("Renewal is due " + dateWords(c.RenewalDate) + ", the as-of date.")
	default:
		say("Renewal was due " + dateWords(c.RenewalDate) + ", " + plural(-n, "day") + " before the as-of date.")
	}
	if c.Owner != "" {
		say("Account owner: " + c.Owner + ".")
	}
	return strings.Join(out, " ")
}

// joinWords joins a list as prose: "a", "a and b", "a, b and c".
func joinWords(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

// percentWords writes a fraction as a percentage for prose, with at most
// one decimal and a true minus sign: 0.375 is "37.5%", −0.27 is "−27%".
func percentWords(f float64) string {
	v := math.Round(f*1000) / 10
	if v == 0 {
		v = 0 // no "-0"
	}
	s := strconv.FormatFloat(math.Abs(v), 'f', -1, 64) + "%"
	if v < 0 {
		s = "−" + s
	}
	return s
}

// daysWords writes a number of days for prose with at most one decimal:
// "1 day", "63.6 days".
func daysWords(d float64) string {
	v := math.Round(d*10) / 10
	if v == 1 {
		return "1 day"
	}
	return strconv.FormatFloat(v, 'f', -1, 64) + " days"
}
