package analysis

import "time"

// Rules are the settings an analysis runs with. cmd builds them from the
// config; every field has the meaning the spec's config section gives it.
type Rules struct {
	AsOf         Date // "today"
	WindowMonths int  // the window is (AsOf − WindowMonths months, AsOf]
	Currency     string
	Rates        Rates

	// Hour is the loaded cost of one hour of anyone's time (costs.hour),
	// reporting currency, when HourlyRates names neither the row's person
	// nor its role.
	Hour Money
	// HourlyRates are costs.rates: the loaded cost of an hour, reporting
	// currency, by person or role. Each key is folded: Unicode NFC, lower
	// case, white space trimmed and collapsed to single spaces ("Anna  de
	// Vries" is "anna de vries"); fold a row's person or role the same way
	// to look it up (cmd folds the keys with config.RateKey).
	HourlyRates   map[string]Money
	SupportTicket Money   // reporting currency, per contact with no hours and no cost
	CapitalRate   float64 // yearly cost of money; 0 = off
	DeliveryRatio float64 // share of revenue spent delivering; 0 = off

	BusinessDays  [7]bool   // indexed by time.Weekday
	BusinessStart TimeOfDay // business hours are [BusinessStart, BusinessEnd)
	BusinessEnd   TimeOfDay

	GraceDays          int
	MinMargin          float64
	LateWeightedDays   float64
	SevereLateDays     int
	SevereLateCount    int
	DisputesCount      int
	DisputesRate       float64
	AfterHoursShare    float64
	AfterHoursMin      int
	ContactRatio       float64
	ContactMin         float64 // contacts a month below which HIGH_CONTACT never fires
	CreditShare        float64
	ConcentrationShare float64
	Aging              []int // upper bounds of the aging buckets in days past due, ascending

	Signals Signals

	// Evidence says which clients' records Analyze lists in InvoiceLines,
	// PaymentLines, DisputeLines, ContactLines, WorkLines, ExpenseLines
	// and Months; nil lists every client's. (OpenInvoices are every
	// client's.) The others get none of these, and no line is made for
	// them. Analyze calls it once per client, from the goroutine that
	// called Analyze, after the client's figures, flags and verdict are
	// known (its lines are still empty); it must not change the client, and
	// must answer from the client alone for the Result to stay a function
	// of Data and Rules. No figure, flag or verdict depends on it.
	// NotHealthy and Findable are such predicates.
	Evidence func(c *ClientResult) bool
	// InvoiceLinesOnly lists only the InvoiceLines of the clients
	// Evidence accepts (what the scorecard's Invoices sheet shows): no
	// other lines and no Months, which only a dossier shows.
	InvoiceLinesOnly bool
}

// Signals are support tags (matched case-insensitively as substrings of a
// contact's tags) that are signs of trouble.
type Signals struct {
	Abuse           []string
	ScopeChange     []string
	DiscountRequest []string
}

// DefaultRules returns the spec's defaults for the given as-of date and
// reporting currency, with no fx rates.
func DefaultRules(asOf Date, currency string) Rules {
	rates, _ := NewRates(currency, nil)
	r := Rules{
		AsOf:               asOf,
		WindowMonths:       12,
		Currency:           currency,
		Rates:              rates,
		Hour:               6000,
		SupportTicket:      1500,
		BusinessStart:      Clock(8, 0),
		BusinessEnd:        Clock(18, 0),
		GraceDays:          0,
		MinMargin:          0.20,
		LateWeightedDays:   30,
		SevereLateDays:     90,
		SevereLateCount:    2,
		DisputesCount:      3,
		DisputesRate:       0.20,
		AfterHoursShare:    0.25,
		AfterHoursMin:      5,
		ContactRatio:       3.0,
		ContactMin:         4,
		CreditShare:        0.10,
		ConcentrationShare: 0.25,
		Aging:              []int{30, 60, 90, 120},
		Signals: Signals{
			Abuse:           []string{"abuse", "abusive", "harass", "threat"},
			ScopeChange:     []string{"scope change", "change request", "rework", "redo"},
			DiscountRequest: []string{"discount", "price match", "cheaper"},
		},
	}
	for d := time.Monday; d <= time.Friday; d++ {
		r.BusinessDays[d] = true
	}
	return r
}

// From returns the exclusive start of the window: AsOf minus WindowMonths
// months. A record dated d is in the window when From < d <= AsOf.
func (r Rules) From() Date { return r.AsOf.AddMonths(-r.WindowMonths) }

// InWindow reports whether d falls in (From, AsOf].
func (r Rules) InWindow(d Date) bool { return d > r.From() && d <= r.AsOf }
