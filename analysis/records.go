package analysis

import "time"

// Input names which kind of export a record came from.
type Input string

// The inputs clientscore reads.
const (
	InputInvoices Input = "invoices"
	InputPayments Input = "payments"
	InputDisputes Input = "disputes"
	InputSupport  Input = "support"
	InputTime     Input = "time"
	InputExpenses Input = "expenses"
	InputClients  Input = "clients"
)

// Inputs lists every input in the order they are read and reported.
var Inputs = [...]Input{InputInvoices, InputPayments, InputDisputes, InputSupport, InputTime, InputExpenses, InputClients}

// Source is where a run of records came from: the input, the file as the
// user named it and the sheet (empty for CSV). A reader makes one per sheet
// it reads and every record of that sheet points at it.
type Source struct {
	Input Input
	File  string
	Sheet string
}

// Ref says where a record came from: its Source and the 1-based row as a
// spreadsheet shows it. The Source is shared, so a record carries 16
// bytes of position instead of three strings (a million invoices, 40 MB
// less). Every Ref a reader or the analysis makes has a Source.
type Ref struct {
	*Source
	Row int
}

// At is the Ref of a row of file (and sheet, "" for CSV) of the input in.
func At(in Input, file, sheet string, row int) Ref {
	return Ref{Source: &Source{Input: in, File: file, Sheet: sheet}, Row: row}
}

// Invoice is one row of the invoices input. Credit notes are invoices too:
// a row whose Type says credit note, or whose Amount is negative.
type Invoice struct {
	Ref
	ClientID   string // as in the file; "" when the export has none
	ClientName string // as in the file
	Number     string
	Issued     Date
	Due        Date // the zero Date only for a credit note with no due date
	PaidOn     Date // a paid date the invoice carries itself (FreshBooks, Zoho, IBM)
	HasTax     bool
	HasBalance bool
	Disputed   bool   // a disputed column said yes/true/1
	Amount     Money  // what the client owes, sales tax included
	Tax        Money  // sales tax inside Amount, in Currency, when HasTax
	Balance    Money  // open balance the invoice carries itself, when HasBalance
	Currency   string // ISO code; "" is the reporting currency
	Status     string // as in the file: Paid, Void, Draft, Disputed, …
	Type       string // as in the file: Invoice, Credit Note, ACCRECCREDIT, …
	AppliesTo  string // for a credit note: the invoice number it reduces
	// The dates and flags sit together so that they fill one 16-byte
	// word and an invoice pads nothing (168 bytes).
}

// Payment is one row of the payments input. A negative Amount, or a Type
// that says refund, is a refund.
type Payment struct {
	Ref
	ClientID   string
	ClientName string
	Invoice    string // the invoice number it names; "" for none
	Amount     Money
	Currency   string
	Reference  string
	Status     string // as in the file: succeeded, Paid, failed, refunded, requires_payment_method, …
	Type       string // as in the file: charge, payment, refund, …
	// Refunded is the part of Amount paid back (Stripe's Amount Refunded),
	// positive, in Currency, when HasRefunded.
	Refunded    Money
	Date        Date // beside HasRefunded, so that neither pads
	HasRefunded bool
}

// Dispute is one row of the disputes input.
type Dispute struct {
	Ref
	ClientID   string
	ClientName string
	Invoice    string
	Date       Date
	Amount     Money // when HasAmount
	HasAmount  bool
	Currency   string
	Reason     string
	Status     string
}

// Contact is one row of the support input: a ticket, call or email.
// Date and Time are local wall-clock values in the configured timezone.
type Contact struct {
	Ref
	ClientID   string
	ClientName string
	Email      string // the requester's address: its domain may name the client
	Person     string // who worked on it (agent, assignee), for costs.rates
	Role       string // the person's role, for costs.rates
	Date       Date
	Time       TimeOfDay // NoTime when the export gives a date only
	HasHours   bool
	HasCost    bool
	Hours      time.Duration // when HasHours
	Cost       Money         // in Currency, when HasCost
	Currency   string
	Channel    string
	Tags       string
	Billable   bool
}

// TimeEntry is one row of the time input (Harvest, Toggl, Clockify): work,
// never a contact. Date is a local calendar date.
type TimeEntry struct {
	Ref
	ClientID   string
	ClientName string
	Date       Date
	Hours      time.Duration // when HasHours (0:00 counts as not given)
	HasHours   bool
	Cost       Money // what the work cost the firm, in Currency, when HasCost
	HasCost    bool
	Currency   string
	Person     string // first and last name joined where the export splits them
	Role       string
	Billable   bool
	Project    string
	Task       string
}

// Expense is one row of the expenses input: a direct cost of its client
// (subcontractors, licences, travel).
type Expense struct {
	Ref
	ClientID    string
	ClientName  string
	Date        Date
	Amount      Money // in Currency
	Currency    string
	Category    string
	Description string
}

// Client is one row of the clients input (master data).
type Client struct {
	Ref
	ID          string
	Name        string
	Aliases     []string // other spellings of the name or id
	Domains     []string // email domains of the client's people (acme.com)
	RenewalDate Date
	Owner       string
	MonthlyFee  Money // in Currency, when HasFee
	HasFee      bool
	Currency    string
}

// Data is everything read from the inputs.
type Data struct {
	Invoices []Invoice
	Payments []Payment
	Disputes []Dispute
	Contacts []Contact
	Time     []TimeEntry
	Expenses []Expense
	Clients  []Client
	// ContactTally, TimeTally and ExpenseTally stand for the rows of the
	// support, time and expenses inputs when a reader tallied them
	// instead of keeping them (see Tally): every figure, issue and
	// unmatched row is as the rows would give it, but no client gets
	// ContactLines, WorkLines or ExpenseLines. Each is nil when
	// Data.Contacts (Data.Time, Data.Expenses) holds the rows, and must
	// be tallied under the Rules the analysis runs with.
	ContactTally *Tally
	TimeTally    *Tally
	ExpenseTally *Tally
	// InvoiceBook and PaymentBook hold the rows of the invoices and
	// payments inputs when a reader put them in a Book instead of
	// Data.Invoices and Data.Payments; each is nil when the slice holds
	// the rows. Under Rules.InvoiceLinesOnly, Analyze empties
	// PaymentBook (its Len is 0 after) as soon as it has made the
	// payments' events: a scorecard needs no payment row after that, and
	// of a 3M-invoice book's peak the payment rows are 0.3 GB. Hand a
	// book to one analysis.
	InvoiceBook *Book
	PaymentBook *Book
	// HasPayments is true when a payments input was read (even if empty).
	HasPayments bool
}

// Severity grades a data issue.
type Severity int

// Severities, worst first.
const (
	SeverityError   Severity = iota // the row was rejected
	SeverityWarning                 // the row was used, but look at it
	SeverityInfo                    // the row was ignored on purpose (void, draft)
)

func (s Severity) String() string {
	switch s {
	case SeverityError:
		return "Error"
	case SeverityWarning:
		return "Warning"
	default:
		return "Info"
	}
}

// Issue is one entry of the Data issues sheet.
type Issue struct {
	Severity Severity
	Ref
	Column  string // the column as the file names it, with its letter: "Due Date (C)"
	Value   string // the cell's text as read
	Problem string // what is wrong, in words
}

// SourceFile describes one file that was read.
type SourceFile struct {
	Input    Input
	Path     string // as matched from the config's path or glob
	Sheet    string // the sheet read; "" for CSV
	Rows     int    // data rows read (after the header, blank rows not counted)
	Rejected int    // rows rejected with an Error issue
	SHA256   string // hex digest of the file's bytes
}
