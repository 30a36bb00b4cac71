package analysis

import (
	"os/exec"
	"reflect"
	"strings"
	"testing"
)

// factsOfLines works out the flags' facts from a client's lines, for a
// client made by hand: the test's own reading of what the flags' facts
// are, beside the one Analyze makes from the records.
func factsOfLines(c *ClientResult, r Rules) flagFacts {
	var f flagFacts
	if w := worstLate(c.InvoiceLines); w != nil {
		f.hasWorst, f.worstNumber, f.worstLate, f.worstOpen = true, w.Number, w.DaysLate, w.Settled.IsZero()
	}
	if n := len(c.DisputeLines); n > 0 {
		last := &c.DisputeLines[n-1]
		f.hasDispute, f.lastDispute, f.lastDisputeInvoice = true, last.Date, last.Invoice
	}
	for k := range c.ContactLines {
		ct := &c.ContactLines[k]
		if ct.AfterHours {
			f.afterHours(ct.Date, ct.Time, r)
		}
		var bits uint8
		for _, s := range ct.Signals {
			for b, name := range signalNames {
				if s == name {
					bits |= 1 << b
				}
			}
		}
		f.signals(bits, ct.Date)
	}
	return f
}

// flagsOf raises the flags of c, reading the facts of its records from
// its lines, and whether it is inactive from its verdict.
func flagsOf(c *ClientResult, r Rules, median float64) []Flag {
	f := factsOfLines(c, r)
	f.inactive = c.Verdict == Inactive
	return flagsWith(c, &f, r, median)
}

// worstLate returns the invoice with the most days late (the earliest on a
// tie), or nil when none is late. Invoices of unknown lateness are left
// out.
func worstLate(lines []InvoiceLine) *InvoiceLine {
	var w *InvoiceLine
	for k := range lines {
		l := &lines[k]
		if !l.Credit && !l.LateUnknown && l.DaysLate > 0 && (w == nil || l.DaysLate > w.DaysLate) {
			w = l
		}
	}
	return w
}

func codes(flags []Flag) string {
	var s []string
	for _, f := range flags {
		s = append(s, string(f.Code))
	}
	return strings.Join(s, ",")
}

func TestFlags(t *testing.T) {
	r := testRules() // defaults: min margin 20%, weighted 30, severe 90 ×2, disputes 3 or 20%, after-hours 5 and 25%, contact ratio 3, credit 10%, concentration 25%
	healthy := func() ClientResult {
		return ClientResult{Name: "X", Revenue: 100000, Invoiced: 100000, Profit: 50000, Margin: Some(0.5), Invoices: 10, DisputeRate: Some(0)}
	}
	contacts := func(n, after int, signal string) []ContactLine {
		var ls []ContactLine
		for i := 0; i < n; i++ {
			l := ContactLine{Contact: Contact{Date: day("2026-06-01"), Time: Clock(10, 0)}}
			if i < after {
				l.AfterHours, l.Time = true, Clock(3, 0)
			}
			if signal != "" {
				l.Signals = []string{signal}
			}
			ls = append(ls, l)
		}
		return ls
	}
	tests := []struct {
		name    string
		edit    func(c *ClientResult)
		median  float64
		want    string
		verdict Verdict
	}{
		{"nothing wrong", func(c *ClientResult) {}, 0, "", Healthy},
		{"a loss of one cent", func(c *ClientResult) { c.Profit, c.Margin = -1, Some(-0.00001) }, 0, "UNPROFITABLE", Unprofitable},
		{"break-even is a low margin", func(c *ClientResult) { c.Profit, c.Margin = 0, Some(0) }, 0, "LOW_MARGIN", Watch},
		{"zero revenue and zero profit", func(c *ClientResult) { c.Revenue, c.Invoiced, c.Profit, c.Margin = 0, 0, 0, blank }, 0, "", Healthy},
		{"margin just under the minimum", func(c *ClientResult) { c.Profit, c.Margin = 19999, Some(0.19999) }, 0, "LOW_MARGIN", Watch},
		{"margin at the minimum", func(c *ClientResult) { c.Profit, c.Margin = 20000, Some(0.2) }, 0, "", Healthy},
		{"weighted 30 days late is not over 30", func(c *ClientResult) { c.WeightedDaysLate = Some(30) }, 0, "", Healthy},
		{"weighted 30.01 days late", func(c *ClientResult) { c.WeightedDaysLate = Some(30.01) }, 0, "LATE_PAYER", Watch},
		{"two severely late invoices", func(c *ClientResult) { c.SeverelyLate = 2 }, 0, "LATE_PAYER", Watch},
		{"one severely late invoice", func(c *ClientResult) { c.SeverelyLate = 1 }, 0, "", Healthy},
		{"three disputes of a hundred invoices", func(c *ClientResult) { c.Invoices, c.Disputes, c.DisputeRate = 100, 3, Some(0.03) }, 0, "DISPUTES", Watch},
		{"two disputes of ten: 20%", func(c *ClientResult) { c.Disputes, c.DisputeRate = 2, Some(0.2) }, 0, "DISPUTES", Watch},
		{"one dispute of six: 16.7%", func(c *ClientResult) { c.Invoices, c.Disputes, c.DisputeRate = 6, 1, Some(1.0/6) }, 0, "", Healthy},
		{"one dispute and no invoices", func(c *ClientResult) { c.Invoices, c.Disputes, c.DisputeRate = 0, 1, blank }, 0, "", Healthy},
		{"5 of 20 contacts after hours: 25%", func(c *ClientResult) {
			c.Contacts, c.AfterHours, c.ContactLines = 20, 5, contacts(20, 5, "")
		}, 0, "AFTER_HOURS", Watch},
		{"4 of 4 after hours is under the minimum of 5", func(c *ClientResult) {
			c.Contacts, c.AfterHours, c.ContactLines = 4, 4, contacts(4, 4, "")
		}, 0, "", Healthy},
		{"5 of 21 after hours is under 25%", func(c *ClientResult) {
			c.Contacts, c.AfterHours, c.ContactLines = 21, 5, contacts(21, 5, "")
		}, 0, "", Healthy},
		{"6 a month against a median of 2", func(c *ClientResult) { c.Contacts, c.ContactsPerMonth = 72, 6 }, 2, "HIGH_CONTACT", Watch},
		{"5.99 a month against a median of 2", func(c *ClientResult) { c.Contacts, c.ContactsPerMonth = 71, 5.99 }, 2, "", Healthy},
		{"4 a month, at contact_min, 4× the median", func(c *ClientResult) { c.Contacts, c.ContactsPerMonth = 48, 4 }, 1, "HIGH_CONTACT", Watch},
		{"3.9 a month is under contact_min however low the median", func(c *ClientResult) { c.Contacts, c.ContactsPerMonth = 47, 3.9 }, 0.1, "", Healthy},
		{"no median: no HIGH_CONTACT", func(c *ClientResult) { c.Contacts, c.ContactsPerMonth = 100, 10 }, 0, "", Healthy},
		{"credit notes 10% of invoiced", func(c *ClientResult) { c.CreditNotes, c.CreditNoteCount = 10000, 2 }, 0, "DISCOUNTS", Watch},
		{"credit notes just under 10%", func(c *ClientResult) { c.CreditNotes, c.CreditNoteCount = 9999, 2 }, 0, "", Healthy},
		{"a contact asking for a discount", func(c *ClientResult) {
			c.Contacts, c.ContactLines = 1, contacts(1, 0, "discount_request")
		}, 0, "DISCOUNTS", Watch},
		{"abuse alone is Review", func(c *ClientResult) { c.Contacts, c.ContactLines = 1, contacts(1, 0, "abuse") }, 0, "ABUSE", Review},
		{"three scope changes", func(c *ClientResult) { c.Contacts, c.ContactLines = 3, contacts(3, 0, "scope_change") }, 0, "SCOPE_CHANGE", Watch},
		{"two scope changes", func(c *ClientResult) { c.Contacts, c.ContactLines = 2, contacts(2, 0, "scope_change") }, 0, "", Healthy},
		{"a quarter of revenue is a risk, not a fault", func(c *ClientResult) { c.RevenueShare = Some(0.25) }, 0, "CONCENTRATION", Healthy},
		{"concentration and one flag is Watch", func(c *ClientResult) { c.RevenueShare, c.SeverelyLate = Some(0.3), 2 }, 0, "LATE_PAYER,CONCENTRATION", Watch},
		{"two flags are Review", func(c *ClientResult) { c.SeverelyLate, c.Disputes, c.DisputeRate = 2, 3, Some(0.3) }, 0, "LATE_PAYER,DISPUTES", Review},
		{"a loss beats everything", func(c *ClientResult) {
			c.Profit, c.Margin, c.SeverelyLate, c.Contacts, c.ContactLines = -5, Some(-0.00005), 3, 1, contacts(1, 0, "abuse")
		}, 0, "UNPROFITABLE,LATE_PAYER,ABUSE", Unprofitable},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := healthy()
			tt.edit(&c)
			flags := flagsOf(&c, r, tt.median)
			if got := codes(flags); got != tt.want {
				t.Errorf("flags %q, want %q", got, tt.want)
			}
			if got := verdictOf(flags); got != tt.verdict {
				t.Errorf("verdict %v, want %v", got, tt.verdict)
			}
			for _, f := range flags {
				if f.Evidence == "" {
					t.Errorf("%s has no evidence", f.Code)
				}
			}
		})
	}
}

// TestHighContactEvidence: the evidence gives counts over the window, so
// the ratio it prints is the ratio of the figures it prints (issue 12:
// "4 contacts a month, 24× the median of 0.2" was wrong: 4 / 0.2 is 20).
func TestHighContactEvidence(t *testing.T) {
	d := &Data{Clients: []Client{{Name: "Chatty"}, {Name: "Quiet"}, {Name: "Calm"}, {Name: "Still"}}}
	for k := range 48 {
		d.Contacts = append(d.Contacts, contact("Chatty", day("2025-07-01").AddDays(7*k).String(), Clock(10, 0)))
	}
	for _, n := range []string{"Quiet", "Quiet", "Calm", "Calm", "Still"} {
		d.Contacts = append(d.Contacts, contact(n, "2026-06-01", Clock(10, 0)))
	}
	// Contacts in the 12 months: Chatty 48 (4 a month), Quiet and Calm 2,
	// Still 1: the median client's is 2 (2/12 a month), ratio 48 / 2 = 24.
	c, _ := clientOf(t, d, testRules(), "Chatty")
	want := "48 contacts in 12 months (4 a month), 24× the median client's 2 (limit 3× and 4 a month)"
	// (Chatty is unprofitable too: 48 tickets and no revenue.)
	if len(c.Flags) != 2 || c.Flags[1].Code != FlagHighContact || c.Flags[1].Evidence != want {
		t.Errorf("flags %+v, want UNPROFITABLE and HIGH_CONTACT: %q", c.Flags, want)
	}
	for _, tt := range []struct {
		contacts, months int
		median           float64 // contacts a month
		want             string
	}{
		// 59 / 12 = 4.9167 a month; median 2/12 a month is 2 contacts; 59 / 2 = 29.5.
		{59, 12, 2.0 / 12, "59 contacts in 12 months (4.9 a month), 29.5× the median client's 2 (limit 3× and 4 a month)"},
		// An even number of clients with contacts: the median is half of
		// 2 + 3 contacts, 2.5 (2.5/12 a month); 60 / 2.5 = 24.
		{60, 12, (2.0/12 + 3.0/12) / 2, "60 contacts in 12 months (5 a month), 24× the median client's 2.5 (limit 3× and 4 a month)"},
		// A one-month window: months and contacts a month agree.
		{9, 1, 3, "9 contacts in 1 month (9 a month), 3× the median client's 3 (limit 3× and 4 a month)"},
		// 31 / 6 = 5.1667 a month; median 1 contact; 31 / 1 = 31.
		{31, 6, 1.0 / 6, "31 contacts in 6 months (5.2 a month), 31× the median client's 1 (limit 3× and 4 a month)"},
		// 10 / 3 = 3.3333: one decimal.
		{10, 12, 3.0 / 12, "10 contacts in 12 months (0.8 a month), 3.3× the median client's 3 (limit 3× and 4 a month)"},
	} {
		r := testRules()
		r.WindowMonths = tt.months
		perMonth := float64(tt.contacts) / float64(tt.months)
		if got := highContactWords(tt.contacts, perMonth, tt.median, r); got != tt.want {
			t.Errorf("highContactWords(%d in %d months, median %v) =\n %q, want\n %q", tt.contacts, tt.months, tt.median, got, tt.want)
		}
	}
}

// TestInactive: a known client with no invoice, payment, contact, time or
// expense in the window has no flags, the verdict Inactive and comes last.
func TestInactive(t *testing.T) {
	old := invoice("Old", "O-1", "2025-01-10", "2025-02-09", 50000) // before the window, still open
	d := &Data{
		Clients:  []Client{{Name: "Idle"}, {Name: "Spender"}, {Name: "Worker"}},
		Invoices: []Invoice{old, invoice("Live", "L-1", "2026-06-01", "2026-06-30", 10000)},
		Expenses: []Expense{expense("Spender", "2026-03-01", 500, "")},
		Time:     []TimeEntry{timeEntry("Worker", "2026-03-01", 0)},
		Disputes: []Dispute{{ClientName: "Idle", Date: day("2026-03-01")}, {ClientName: "Idle", Date: day("2026-03-02")}, {ClientName: "Idle", Date: day("2026-03-03")}},
	}
	res := analyzeChecked(t, numbered(d), testRules())
	verdicts := map[string]Verdict{}
	for _, c := range res.Clients {
		verdicts[c.Name] = c.Verdict
	}
	want := map[string]Verdict{"Idle": Inactive, "Old": Inactive, "Spender": Unprofitable, "Worker": Healthy, "Live": Healthy}
	for n, v := range want {
		if verdicts[n] != v {
			t.Errorf("%s is %v, want %v", n, verdicts[n], v)
		}
	}
	if last := res.Clients[len(res.Clients)-1]; last.Verdict != Inactive || len(last.Flags) != 0 {
		t.Errorf("last client %s is %v with flags %s", last.Name, last.Verdict, codes(last.Flags))
	}
	// Idle's three disputes raise no DISPUTES: an inactive client has no flags.
	if idle := clientNamed(res, "Idle"); idle.Disputes != 3 || len(idle.Flags) != 0 {
		t.Errorf("Idle: %d disputes, flags %s", idle.Disputes, codes(idle.Flags))
	}
	if o := clientNamed(res, "Old"); o.Outstanding != 50000 || len(o.OpenInvoices) != 1 {
		t.Errorf("Old: outstanding %d, open invoices %+v", o.Outstanding, o.OpenInvoices)
	}
	if got := res.Portfolio.Verdicts; got[Inactive] != 2 || got[Healthy] != 2 || got[Unprofitable] != 1 {
		t.Errorf("verdict counts %v", got)
	}
}

func TestNotHealthy(t *testing.T) {
	for _, v := range Verdicts {
		want := v != Healthy && v != Inactive
		if got := NotHealthy(&ClientResult{Verdict: v}); got != want {
			t.Errorf("NotHealthy(%v) = %v, want %v", v, got, want)
		}
	}
}

// TestFlagEvidence: each flag's evidence in words, from the figures and
// lines of clients made by hand, and thresholds of 0 that must not raise
// a flag on nothing.
func TestFlagEvidence(t *testing.T) {
	base := func() ClientResult {
		return ClientResult{Name: "X", Revenue: 100000, Invoiced: 100000, Profit: 50000, Margin: Some(0.5), Invoices: 10, DisputeRate: Some(0)}
	}
	dated := func(dates ...string) []DisputeLine {
		var ls []DisputeLine
		for _, d := range dates {
			inv := ""
			if strings.HasPrefix(d, "INV") {
				inv, d = d[:5], d[6:]
			}
			ls = append(ls, DisputeLine{Date: day(d), Invoice: inv})
		}
		return ls
	}
	tagged := func(signal string, dates ...string) []ContactLine {
		var ls []ContactLine
		for _, d := range dates {
			ls = append(ls, ContactLine{Contact: Contact{Date: day(d), Time: Clock(10, 0)}, Signals: []string{signal}})
		}
		return ls
	}
	zero := func(r *Rules) {
		r.SevereLateCount, r.DisputesCount, r.DisputesRate, r.AfterHoursMin, r.AfterHoursShare, r.ContactMin, r.ContactRatio = 0, 0, 0, 0, 0, 0, 0
	}
	tests := []struct {
		name   string
		edit   func(c *ClientResult)
		rules  func(r *Rules)
		median float64
		code   FlagCode
		want   string // "" for no such flag
	}{
		{"disputes, the latest naming no invoice", func(c *ClientResult) {
			c.Disputes, c.DisputeRate, c.DisputeLines = 3, Some(0.3), dated("INV-1 2026-01-05", "2026-02-01", "2026-03-01")
		}, nil, 0, FlagDisputes, "3 disputes on 10 invoices (30%), latest 1 Mar 2026"},
		{"disputes, the latest on an invoice", func(c *ClientResult) {
			c.Disputes, c.DisputeRate, c.DisputeLines = 3, Some(0.3), dated("2026-01-05", "2026-02-01", "INV-7 2026-03-01")
		}, nil, 0, FlagDisputes, "3 disputes on 10 invoices (30%), latest 1 Mar 2026 on INV-7"},
		{"disputes with no invoices", func(c *ClientResult) {
			c.Invoices, c.Disputes, c.DisputeRate, c.DisputeLines = 0, 3, blank, dated("2026-01-05", "2026-02-01", "2026-03-01")
		}, nil, 0, FlagDisputes, "3 disputes on 0 invoices, latest 1 Mar 2026"},
		{"after hours, the latest with no time", func(c *ClientResult) {
			c.Contacts, c.AfterHours = 5, 5
			for _, d := range []string{"2026-06-01", "2026-06-02", "2026-06-03", "2026-06-04", "2026-06-06"} {
				at := Clock(22, 0)
				if d == "2026-06-06" {
					at = NoTime
				}
				c.ContactLines = append(c.ContactLines, ContactLine{Contact: Contact{Date: day(d), Time: at}, AfterHours: true})
			}
		}, nil, 0, FlagAfterHours, "5 of 5 contacts after hours (100%): 4 outside business hours, 1 on days off; latest Sat 6 Jun 2026"},
		{"credit notes with their share", func(c *ClientResult) { c.CreditNotes, c.CreditNoteCount = 12500, 2 }, nil, 0, FlagDiscounts,
			"2 credit notes for 125.00 EUR, 12.5% of 1,000.00 EUR invoiced"},
		{"credit notes and nothing invoiced", func(c *ClientResult) { c.Invoiced, c.CreditNotes, c.CreditNoteCount = 0, 12500, 1 }, nil, 0, FlagDiscounts,
			"1 credit note for 125.00 EUR"},
		{"credit notes and asking", func(c *ClientResult) {
			c.CreditNotes, c.CreditNoteCount, c.ContactLines = 20000, 1, tagged("discount_request", "2026-06-01", "2026-06-02")
		}, nil, 0, FlagDiscounts, "1 credit note for 200.00 EUR, 20% of 1,000.00 EUR invoiced; 2 contacts asking for a discount"},
		{"asking alone", func(c *ClientResult) { c.ContactLines = tagged("discount_request", "2026-06-01") }, nil, 0, FlagDiscounts,
			"1 contact asking for a discount"},
		{"three dates listed in full", func(c *ClientResult) { c.ContactLines = tagged("abuse", "2026-06-01", "2026-06-02", "2026-06-03") }, nil, 0,
			FlagAbuse, "3 contacts tagged as abusive: 1 Jun 2026, 2 Jun 2026, 3 Jun 2026"},
		{"the last three of four", func(c *ClientResult) {
			c.ContactLines = tagged("scope_change", "2026-06-01", "2026-06-02", "2026-06-03", "2026-06-04")
		}, nil, 0, FlagScopeChange, "4 contacts about scope changes or rework: … 2 Jun 2026, 3 Jun 2026, 4 Jun 2026"},
		{"late by weight alone", func(c *ClientResult) {
			c.WeightedDaysLate, c.InvoiceLines = Some(45.26), []InvoiceLine{{Number: "A", DaysLate: 20}, {Number: "B", DaysLate: 60, Settled: day("2026-05-01")}, {Number: "C", DaysLate: 60}}
		}, nil, 0, FlagLatePayer, "weighted 45.3 days late (limit 30), worst B (60 days)"},
		{"late, the worst still open", func(c *ClientResult) {
			c.SeverelyLate, c.InvoiceLines = 2, []InvoiceLine{{Number: "A", DaysLate: 95, Settled: day("2026-05-01")}, {Number: "B", DaysLate: 120}}
		}, nil, 0, FlagLatePayer, "2 of 10 invoices over 90 days late, worst B (120 days, still open)"},
		{"zero thresholds: late on nothing", func(c *ClientResult) {}, zero, 0, FlagLatePayer, ""},
		{"zero thresholds: disputes on nothing", func(c *ClientResult) {}, zero, 0, FlagDisputes, ""},
		{"zero thresholds: after hours on nothing", func(c *ClientResult) {}, zero, 0, FlagAfterHours, ""},
		{"zero thresholds: high contact on nothing", func(c *ClientResult) {}, zero, 1, FlagHighContact, ""},
		{"high contact with a zero median", func(c *ClientResult) { c.Contacts, c.ContactsPerMonth = 60, 5 }, zero, 0, FlagHighContact, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := testRules()
			if tt.rules != nil {
				tt.rules(&r)
			}
			c := base()
			tt.edit(&c)
			got, raised := "", false
			for _, f := range flagsOf(&c, r, tt.median) {
				if f.Code == tt.code {
					got, raised = f.Evidence, true
				}
			}
			if got != tt.want || raised != (tt.want != "") {
				t.Errorf("%s raised %v:\n got %q\nwant %q", tt.code, raised, got, tt.want)
			}
		})
	}
}

// TestFlagWords: the evidence of each flag as the scorecard prints it,
// worked out from the books.
func TestFlagWords(t *testing.T) {
	// Loser: one ticket, no revenue.
	// Owl: 20 contacts, 4 on weekday nights and 2 on days off: 6 of 20
	// (30%), the latest on Sat 6 Jun at 12:00.
	d := &Data{Clients: []Client{{Name: "Loser"}, {Name: "Owl"}}}
	d.Contacts = append(d.Contacts, contact("Loser", "2026-06-01", Clock(10, 0)))
	for k := range 14 {
		d.Contacts = append(d.Contacts, contact("Owl", "2026-06-01", Clock(9, k)))
	}
	for _, at := range []struct {
		day string
		at  TimeOfDay
	}{{"2026-06-01", Clock(6, 0)}, {"2026-06-02", Clock(18, 0)}, {"2026-06-03", Clock(23, 59)}, {"2026-06-04", Clock(7, 59)},
		{"2026-06-06", Clock(12, 0)}, {"2026-05-31", NoTime}} {
		d.Contacts = append(d.Contacts, contact("Owl", at.day, at.at))
	}
	d.Invoices = []Invoice{invoice("Owl", "O-1", "2026-06-01", "2026-07-01", 1000000)}
	res := analyzeChecked(t, numbered(d), testRules())
	for _, tt := range []struct {
		client string
		code   FlagCode
		want   string
	}{
		{"Loser", FlagUnprofitable, "loses 15.00 EUR: revenue 0.00 EUR against support 15.00 EUR (1 contact)"},
		{"Owl", FlagAfterHours, "6 of 20 contacts after hours (30%): 4 outside business hours, 2 on days off; latest Sat 6 Jun 2026 12:00"},
	} {
		c := clientNamed(res, tt.client)
		got := ""
		for _, f := range c.Flags {
			if f.Code == tt.code {
				got = f.Evidence
			}
		}
		if got != tt.want {
			t.Errorf("%s %s:\n got %q\nwant %q", tt.client, tt.code, got, tt.want)
		}
	}
}

func TestEvidenceInWords(t *testing.T) {
	// Nine invoices, four over 90 days late, the worst INV-1042 at 117 days.
	d := &Data{}
	lates := []struct {
		num  string
		late int
	}{{"INV-1040", 95}, {"INV-1041", 100}, {"INV-1042", 117}, {"INV-1043", 91}, {"INV-1", 0}, {"INV-2", 0}, {"INV-3", 10}, {"INV-4", 0}, {"INV-5", 0}}
	for _, l := range lates {
		due := day("2026-01-10")
		d.Invoices = append(d.Invoices, invoice("Slow", l.num, "2025-12-11", "2026-01-10", 10000))
		d.Payments = append(d.Payments, payment("Slow", l.num, due.AddDays(l.late).String(), 10000))
	}
	c, _ := clientOf(t, d, testRules(), "Slow")
	var late Flag
	for _, f := range c.Flags {
		if f.Code == FlagLatePayer {
			late = f
		}
	}
	// weighted = (95+100+117+91+10)/9 = 45.9
	want := "weighted 45.9 days late (limit 30); 4 of 9 invoices over 90 days late, worst INV-1042 (117 days)"
	if late.Evidence != want {
		t.Errorf("evidence\n got %q\nwant %q", late.Evidence, want)
	}
}

func TestPortfolio(t *testing.T) {
	// Revenue 600, 300, 100 (× 100 cents): shares 60%, 30%, 10%.
	// HHI = 60² + 30² + 10² = 4,600. Profits: 500, 300, −200 → total 600.
	// Whale (best first): 500 (83.3%), 800 (133.3%), 600 (100%).
	cs := []ClientResult{
		{Name: "Small", Revenue: 10000, Profit: -20000},
		{Name: "Big", Revenue: 60000, Profit: 50000},
		{Name: "Mid", Revenue: 30000, Profit: 30000, Contacts: 4, ContactsPerMonth: 4},
	}
	p := portfolioOf(cs)
	if p.Revenue != 100000 || p.Profit != 60000 {
		t.Errorf("revenue %d profit %d, want 100000 and 60000", p.Revenue, p.Profit)
	}
	if !near(p.Top1Share.Value, 0.6) || !near(p.Top5Share.Value, 1) || !near(p.Top10Share.Value, 1) {
		t.Errorf("top shares %v %v %v, want 0.6 1 1", p.Top1Share, p.Top5Share, p.Top10Share)
	}
	if !p.HHI.Valid || !near(p.HHI.Value, 4600) {
		t.Errorf("HHI %v, want 4600", p.HHI)
	}
	if !near(cs[1].RevenueShare.Value, 0.6) || !near(cs[0].RevenueShare.Value, 0.1) {
		t.Errorf("revenue shares %v %v", cs[1].RevenueShare, cs[0].RevenueShare)
	}
	want := []struct {
		client   string
		cum      Money
		clients  float64
		cumShare float64
	}{{"Big", 50000, 1.0 / 3, 50000.0 / 60000}, {"Mid", 80000, 2.0 / 3, 80000.0 / 60000}, {"Small", 60000, 1, 1}}
	for i, w := range want {
		got := p.Whale[i]
		if got.Client != w.client || got.Cumulative != w.cum || !near(got.ClientsShare, w.clients) || !near(got.ProfitShare.Value, w.cumShare) {
			t.Errorf("whale[%d] = %+v, want %+v", i, got, w)
		}
	}
	if p.MedianContactsPerMonth != 4 {
		t.Errorf("median contacts per month %v, want 4 (only clients with contacts count)", p.MedianContactsPerMonth)
	}
	if median([]float64{1, 4, 2, 3}) != 2.5 || median(nil) != 0 {
		t.Error("median of 1,2,3,4 must be 2.5 and of nothing 0")
	}
	if got := portfolioOf(nil); got.HHI.Valid || got.Top1Share.Valid {
		t.Error("no clients: HHI and shares must be blank")
	}
}

// portfolioOf is the portfolio of clients made by hand.
func portfolioOf(cs []ClientResult) Portfolio {
	a := newAnalyzer(&Data{}, testRules())
	a.reg, a.facts = newRegistry(&Data{}), make([]flagFacts, len(cs))
	return a.portfolio(cs)
}

func TestIdentity(t *testing.T) {
	d := &Data{
		Clients: []Client{{Name: "Acme Corporation", Aliases: []string{"ACME Corp.", " acme "}, Owner: "Jo", RenewalDate: day("2026-08-01")}},
		Invoices: []Invoice{
			invoice("ACME Corp.", "A-1", "2026-01-01", "2026-01-31", 10000),
			{ClientID: "C-7", ClientName: "Beta Ltd", Number: "B-1", Issued: day("2026-01-01"), Due: day("2026-01-31"), Amount: 5000},
			invoice("Brightline", "L-1", "2026-01-01", "2026-01-31", 1000),
			invoice("Brightline Ltd.", "L-2", "2026-01-01", "2026-01-31", 1000),
		},
		Payments: []Payment{
			payment("  acme   CORPORATION ", "", "2026-01-20", 10000), // spacing and case fold
			payment("beta ltd", "B-1", "2026-01-20", 5000),            // name only: linked to id C-7
		},
		Contacts: []Contact{contact("Acme", "2026-02-02", Clock(9, 0))}, // an alias
	}
	res := analyzeChecked(t, numbered(d), testRules())
	byName := map[string]*ClientResult{}
	for i := range res.Clients {
		byName[res.Clients[i].Name] = &res.Clients[i]
	}
	if len(res.Clients) != 3 {
		t.Fatalf("%d clients (%v), want Acme Corporation, Beta Ltd, Brightline", len(res.Clients), byName)
	}
	acme := byName["Acme Corporation"]
	if acme == nil || acme.Invoices != 1 || acme.Collected != 10000 || acme.Contacts != 1 || acme.Owner != "Jo" {
		t.Errorf("Acme not merged through its aliases: %+v", acme)
	}
	beta := byName["Beta Ltd"]
	if beta == nil || beta.ID != "C-7" || beta.Collected != 5000 || beta.Outstanding != 0 {
		t.Errorf("Beta not linked by id: %+v", beta)
	}
	// v2 (SPEC §3 rule 2): the second invoice's "Brightline Ltd." is the
	// one known client "Brightline" once the suffix is dropped.
	warned := 0
	for _, is := range res.Issues {
		if is.Severity == SeverityWarning && is.Problem == `"Brightline Ltd." is taken as "Brightline": the names differ only by a legal suffix` {
			warned++
		}
	}
	if b := byName["Brightline"]; warned != 1 || b == nil || b.Invoices != 2 {
		t.Errorf("Brightline Ltd. must resolve to Brightline with one warning; %d warnings, %+v", warned, b)
	}
}

func TestDuplicatesAndVoid(t *testing.T) {
	dup := invoice("Acme", "A-1", "2026-01-01", "2026-01-31", 10000)
	changed := dup
	changed.Amount = 12000
	void := invoice("Acme", "A-2", "2026-01-01", "2026-01-31", 99900)
	void.Status = "Void"
	draft := invoice("Acme", "A-3", "2026-01-01", "2026-01-31", 99900)
	draft.Status = " DRAFT "
	d := &Data{Invoices: []Invoice{dup, dup, changed, void, draft}, Payments: []Payment{payment("Acme", "A-2", "2026-02-01", 500)}}
	c, res := clientOf(t, d, testRules(), "Acme")
	if c.Invoices != 1 || c.Invoiced != 10000 {
		t.Errorf("invoices %d invoiced %d, want only the first A-1 (100.00)", c.Invoices, c.Invoiced)
	}
	want := map[int]Severity{3: SeverityWarning, 4: SeverityError, 5: SeverityInfo, 6: SeverityInfo, 2: SeverityWarning}
	got := map[int]Severity{}
	for _, is := range res.Issues {
		got[is.Row] = is.Severity
	}
	for row, sev := range want {
		if s, ok := got[row]; !ok || s != sev {
			t.Errorf("row %d: severity %v (present %v), want %v; issues %+v", row, s, ok, sev, res.Issues)
		}
	}
}

func TestCompare(t *testing.T) {
	prev := Snapshot{AsOf: day("2026-06-29"), Clients: []SnapshotClient{
		{Name: "Acme", Verdict: Watch, Flags: []FlagCode{FlagLatePayer}},
		{Name: "Beta", Verdict: Healthy},
	}}
	res := &Result{Clients: []ClientResult{
		{Name: "ACME", Verdict: Review, Flags: []Flag{{FlagLatePayer, "x"}, {FlagDisputes, "y"}}},
		{Name: "Beta", Verdict: Healthy},
		{Name: "Gamma", Verdict: Watch, Flags: []Flag{{FlagAfterHours, "z"}}},
	}}
	ch := Compare(prev, res)
	if len(ch.Verdicts) != 1 || ch.Verdicts[0] != (VerdictChange{"ACME", Watch, Review}) {
		t.Errorf("verdict changes %+v", ch.Verdicts)
	}
	if len(ch.NewFlags) != 2 || ch.NewFlags[0].Flag.Code != FlagDisputes || ch.NewFlags[1].Client != "Gamma" {
		t.Errorf("new flags %+v", ch.NewFlags)
	}
	if len(ch.NewClients) != 1 || ch.NewClients[0] != "Gamma" {
		t.Errorf("new clients %v", ch.NewClients)
	}
	if got := Compare(Snapshot{}, res); got.Verdicts != nil || got.NewFlags != nil {
		t.Errorf("no previous scorecard must give no changes, got %+v", got)
	}
}

func TestDeterministic(t *testing.T) {
	mk := func() *Data {
		return numbered(&Data{
			Invoices: []Invoice{invoice("A", "1", "2026-01-01", "2026-01-31", 100), invoice("B", "2", "2026-02-01", "2026-02-28", 200)},
			Payments: []Payment{payment("A", "", "2026-02-01", 50), payment("B", "2", "2026-03-01", 200)},
			Contacts: []Contact{contact("B", "2026-03-01", Clock(3, 0))},
		})
	}
	a, b := Analyze(mk(), testRules()), Analyze(mk(), testRules())
	if !reflect.DeepEqual(a, b) {
		t.Error("two runs over the same data differ")
	}
}

// TestPure holds the line: analysis imports no other package of this module.
func TestPure(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Skipf("go list: %v", err)
	}
	for _, p := range strings.Fields(string(out)) {
		if strings.HasPrefix(p, "clientscore/") && p != "clientscore/analysis" {
			t.Errorf("analysis depends on %s", p)
		}
	}
}

// TestPctUnder: a margin just under the minimum reads as under it, with
// no more decimals than that takes.
func TestPctUnder(t *testing.T) {
	tests := []struct {
		f, limit float64
		want     string
	}{
		{0.15, 0.2, "15%"},       // one decimal is enough, and drops its 0
		{0.1234, 0.2, "12.3%"},   // one decimal, as pct writes it
		{0.1996, 0.2, "19.96%"},  // 20.0% would not read as under 20%
		{0.19951, 0.2, "19.95%"}, // two decimals round down here
		{0.199999, 0.2, "19.9999%"},
		{0.2999999999, 0.3, "30%"}, // past four decimals: as near as four show
		{-0.05, 0.2, "-5%"},
	}
	for _, tt := range tests {
		if got := pctUnder(tt.f, tt.limit); got != tt.want {
			t.Errorf("pctUnder(%v, %v) = %q, want %q", tt.f, tt.limit, got, tt.want)
		}
	}
}
