package analysis

// Verdict is the one-word judgement on a client, worst first.
type Verdict int

// Verdicts in the order the scorecard lists them.
const (
	Unprofitable Verdict = iota
	Review
	Watch
	Healthy
	// Inactive is a known client with no invoice, payment, contact, time
	// or expense in the window: no flags, listed last.
	Inactive
)

// Verdicts lists every verdict, worst first.
var Verdicts = [...]Verdict{Unprofitable, Review, Watch, Healthy, Inactive}

func (v Verdict) String() string {
	switch v {
	case Unprofitable:
		return "Unprofitable"
	case Review:
		return "Review"
	case Watch:
		return "Watch"
	case Inactive:
		return "Inactive"
	default:
		return "Healthy"
	}
}

// ParseVerdict reads a verdict's name; ok is false for anything else.
func ParseVerdict(s string) (Verdict, bool) {
	for _, v := range Verdicts {
		if v.String() == s {
			return v, true
		}
	}
	return Healthy, false
}

// FlagCode names a flag, as the scorecard prints it.
type FlagCode string

// The flags of the spec's section 5, in the order they are raised.
const (
	FlagUnprofitable  FlagCode = "UNPROFITABLE"
	FlagLowMargin     FlagCode = "LOW_MARGIN"
	FlagLatePayer     FlagCode = "LATE_PAYER"
	FlagDisputes      FlagCode = "DISPUTES"
	FlagAfterHours    FlagCode = "AFTER_HOURS"
	FlagHighContact   FlagCode = "HIGH_CONTACT"
	FlagDiscounts     FlagCode = "DISCOUNTS"
	FlagAbuse         FlagCode = "ABUSE"
	FlagScopeChange   FlagCode = "SCOPE_CHANGE"
	FlagConcentration FlagCode = "CONCENTRATION"
)

// FlagCodes lists every flag in the order they are raised and printed.
var FlagCodes = [...]FlagCode{
	FlagUnprofitable, FlagLowMargin, FlagLatePayer, FlagDisputes, FlagAfterHours,
	FlagHighContact, FlagDiscounts, FlagAbuse, FlagScopeChange, FlagConcentration,
}

// Flag is a raised flag with its evidence in words, e.g.
// "4 of 9 invoices over 90 days late, worst INV-1042 (117 days)".
type Flag struct {
	Code     FlagCode
	Evidence string
}

// Maybe is a figure that can be blank (a mean of nothing, a ratio over zero).
type Maybe struct {
	Value float64
	Valid bool
}

// Some returns a valid Maybe holding v.
func Some(v float64) Maybe { return Maybe{Value: v, Valid: true} }

// ClientResult holds one client's figures over the window, in the reporting
// currency. Field names follow the Clients sheet's headers.
type ClientResult struct {
	Key     string   // identity: the client id, or the folded name
	Name    string   // display name
	ID      string   // client id, when known
	Aliases []string // other spellings from the clients input

	Verdict Verdict
	Flags   []Flag

	Invoiced        Money // Σ amount of invoices in window, less their tax
	CreditNotes     Money // Σ |amount| of credit notes in window, less their tax
	Revenue         Money
	Collected       Money // payments in window net of refunds, plus self-settled paid parts
	Refunds         Money // Σ refunds in window, positive
	SupportCost     Money // non-billable support and time rows
	DeliveryCost    Money // billable support and time rows, plus Revenue × delivery_ratio
	Expenses        Money
	LatePaymentCost Money
	Profit          Money // Revenue − Delivery − Support − Expenses − Late-payment cost
	Margin          Maybe // fraction: 0.38 is 38%
	RevenueShare    Maybe // fraction

	Hours          float64 // Σ hours of support and time rows in window
	RevenuePerHour Maybe   // reporting currency (major units) per hour; blank when Hours is 0

	Invoices         int // invoices in window, credit notes excluded
	CreditNoteCount  int
	AvgDaysLate      Maybe
	WeightedDaysLate Maybe
	// WeightedDaysLate90 is Weighted days late over the invoices (any
	// issue date) due in (AsOf − 90 days, AsOf].
	WeightedDaysLate90 Maybe
	MaxDaysLate        Maybe // whole days; blank with no invoices
	AvgDaysToPay       Maybe
	LateInvoices       int // invoices in window with Days late > grace_days, settled or open
	OpenOverdue        int // open invoices (any issue date) past due by more than grace_days
	SeverelyLate       int
	// UnknownLateness counts invoices in window settled on an unknown date
	// (a balance with no paid date): they are in no lateness figure.
	UnknownLateness int
	Outstanding     Money   // open balance at AsOf, any issue date
	Overdue         Money   // the part of Outstanding past due
	Aging           []Money // Current, then one bucket per Rules.Aging bound, then over the last
	Unapplied       Money   // payments left over after allocation (credit on account)
	DSO             Maybe   // days
	// OpenInvoices are the client's open invoices at AsOf (any issue
	// date), by due date: the Open invoices sheet. Kept for every client.
	OpenInvoices []OpenInvoice

	Disputes         int
	DisputeRate      Maybe // fraction
	Contacts         int
	SupportHours     float64
	AfterHours       int // after-hours contacts
	ContactsPerMonth float64
	PriceChange      Maybe // fraction: 0.25 means prices must rise 25%

	RenewalDate Date
	Owner       string
	MonthlyFee  Money // reporting currency, when HasFee
	HasFee      bool

	// The evidence: records of this client in the window. All are nil
	// when Rules.Evidence refuses the client.
	InvoiceLines []InvoiceLine // invoices and credit notes issued in window, by issue date
	PaymentLines []PaymentLine // payments dated in window, by date
	DisputeLines []DisputeLine // disputes dated in window, by date
	ContactLines []ContactLine // contacts dated in window, by date and time
	WorkLines    []WorkLine    // time rows dated in window, by date
	ExpenseLines []ExpenseLine // expenses dated in window, by date
	Months       []Month       // each calendar month the window touches, oldest first
}

// OpenInvoice is one invoice open at AsOf, as the Open invoices sheet
// (an A/R aging detail) lists it.
type OpenInvoice struct {
	Ref
	Number      string
	Issued      Date
	Due         Date
	Amount      Money // reporting currency
	Balance     Money // open at AsOf, reporting currency
	Currency    string
	DaysOverdue int  // days past due at AsOf; 0 or less is not yet due
	Bucket      int  // index into the aging buckets: 0 Current, then one per Rules.Aging bound, then over the last
	LastPayment Date // the latest payment applied to it by AsOf; zero for none
}

// Has reports whether the client carries the flag.
func (c *ClientResult) Has(code FlagCode) bool {
	for _, f := range c.Flags {
		if f.Code == code {
			return true
		}
	}
	return false
}

// InvoiceLine is one invoice or credit note as the analysis saw it at AsOf.
type InvoiceLine struct {
	Ref
	Number   string
	Currency string // the invoice's own currency
	Status   string // Paid, Paid late, Paid, date unknown (LateUnknown), Open, Overdue, Credit note
	Amount   Money  // reporting currency; a credit note's is negative
	Paid     Money  // payments applied by AsOf (reporting currency)
	Credited Money  // credit notes applied by AsOf (reporting currency)
	Balance  Money  // open at AsOf (reporting currency)
	Tax      Money  // sales tax inside Amount (reporting currency)
	DaysLate int
	Issued   Date
	Due      Date
	Settled  Date // zero when open at AsOf, or when settled on an unknown date
	Credit   bool // a credit note
	// LateUnknown is set when the invoice was settled on an unknown date
	// (a balance with no paid date): DaysLate means nothing then.
	LateUnknown bool
	Disputed    bool
	// The dates and flags sit together so that a line pads nothing: 128
	// bytes, where with each flag beside the field it qualifies a line
	// took 152, and a scorecard holds a line for each invoice of every
	// flagged client.
}

// Application is part of a payment applied to an invoice.
type Application struct {
	Invoice string
	Amount  Money // reporting currency
}

// PaymentLine is one payment and where it went.
type PaymentLine struct {
	Ref
	Date      Date
	Amount    Money  // reporting currency
	Currency  string // the payment's own currency
	Invoice   string // the invoice the payment named
	Reference string
	Applied   []Application
	Unapplied Money // reporting currency
	Refund    bool  // a refund (or the refunded part of a row): reduces Collected
	Synthetic bool  // made from an invoice's own paid date, not a payments row
}

// DisputeLine is one dispute.
type DisputeLine struct {
	Ref
	Date        Date
	Invoice     string
	Amount      Money // reporting currency, when HasAmount
	HasAmount   bool
	Reason      string
	Status      string
	FromInvoice bool // counted from the invoice's status or disputed column
}

// ContactLine is one support contact with what the analysis made of it.
type ContactLine struct {
	Contact
	Cost       Money // reporting currency: Delivery cost when Billable, else Support cost
	Rate       Money // the hourly cost applied, reporting currency; 0 when the cost was given or a ticket cost
	CostFrom   CostSource
	AfterHours bool
	Signals    []string // abuse, scope_change, discount_request
}

// CostSource says how a support or time row's cost was found.
type CostSource uint8

// How a row's cost was found, in the order they are tried.
const (
	CostGiven  CostSource = iota // the export's cost column
	CostPerson                   // hours × costs.rates of its person
	CostRole                     // hours × costs.rates of its role
	CostHour                     // hours × costs.hour
	CostTicket                   // costs.support_ticket (support rows with neither hours nor cost)
)

// CostCount is how many support and time rows were costed one way, with
// their hours and cost (reporting currency).
type CostCount struct {
	Rows  int
	Hours float64
	Cost  Money
}

// WorkLine is one time row with what the analysis made of it.
type WorkLine struct {
	TimeEntry
	Cost     Money // reporting currency: Delivery cost when Billable, else Support cost
	Rate     Money // the hourly cost applied, reporting currency; 0 when the cost was given
	CostFrom CostSource
}

// ExpenseLine is one expense in reporting currency.
type ExpenseLine struct {
	Expense
	AmountR Money // reporting currency
}

// Month is one calendar month of a client's figures (for the dossier).
type Month struct {
	Start        Date // first day of the month
	Revenue      Money
	Collected    Money
	SupportCost  Money
	DeliveryCost Money
	Expenses     Money
	LateCost     Money // late-payment cost of the invoices issued in the month
	Profit       Money
	AvgDaysLate  Maybe // of invoices issued in the month
	Disputes     int
	Contacts     int
	AfterHours   int
}

// Portfolio holds the figures over all clients (the Summary sheet).
type Portfolio struct {
	Clients      int
	Verdicts     [len(Verdicts)]int // count per Verdict
	Revenue      Money
	DeliveryCost Money
	SupportCost  Money
	Expenses     Money
	Profit       Money
	Outstanding  Money
	Overdue      Money
	// UnknownLateness counts invoices settled on an unknown date (see
	// ClientResult.UnknownLateness), over all clients.
	UnknownLateness int
	// Unmatched are the rows of each input whose client resolves to no
	// known client, in Inputs order; inputs with none are left out.
	Unmatched  []Unmatched
	Top1Share  Maybe // share of Revenue from the biggest client
	Top5Share  Maybe
	Top10Share Maybe
	HHI        Maybe // Σ (share in %)², 0–10,000
	// Costing counts the support and time rows in the window of all
	// clients by how their cost was found, indexed by CostSource: how many
	// hours fell back to costs.hour, how many rows took a person's rate.
	Costing [CostTicket + 1]CostCount
	// MedianContactsPerMonth is over clients with contacts (HIGH_CONTACT's base).
	MedianContactsPerMonth float64
	Whale                  []WhalePoint
}

// Unmatched is what one input holds of rows that belong to no client:
// rows the analysis would have used had their client been known (payments
// dated by AsOf that are money; disputes, support, time and expense rows
// dated in the window) whose client resolves to no known client.
type Unmatched struct {
	Input  Input
	Rows   int
	Amount Money // their amount (payments net of refunds, disputes, expenses) or cost (support, time), reporting currency
	Names  int   // distinct client names (or ids) among them; rows naming no client are not a name
}

// WhalePoint is one client on the whale curve: clients ranked by Profit,
// best first.
type WhalePoint struct {
	Client       string
	Profit       Money
	Cumulative   Money   // Σ Profit of this client and all better ones
	ClientsShare float64 // cumulative share of clients, 0–1
	ProfitShare  Maybe   // Cumulative / total Profit; blank when total Profit is 0
}

// Result is the whole analysis.
type Result struct {
	Rules     Rules
	From      Date // window start (exclusive)
	Clients   []ClientResult
	Portfolio Portfolio
	Issues    []Issue // what the domain rules found: duplicates, void rows, unknown invoices
}
