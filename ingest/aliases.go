package ingest

import (
	"fmt"
	"sort"
	"strings"
	"unicode"

	"clientscore/analysis"
)

// This file is the one table mapping canonical columns to the headers real
// exports write. Headers are compared after normalising (see
// normalizeHeader): Unicode NFC, case, spaces, punctuation, a leading "*",
// a trailing type suffix in brackets and a trailing unit in parentheses do
// not matter, so "Due Date", "DueDate", "*DueDate" and "Due Date (UTC)"
// are all "duedate", and Zendesk's "Total time spent (sec) [int]" is
// "totaltimespent" in seconds. Each canonical name matches itself too
// ("issue_date"), after the listed headers.
//
// Each canonical column takes one header per file: the one columns:
// names, else the best of its headers the file has (earlier is better:
// "Organization" over "Company" for a Zendesk client). A cell of that
// column that is empty is empty: its value is never taken from another
// header. Columns take headers in table order, so one header never feeds
// two columns; a column's "after" headers are headers an earlier column
// of the input lists too, which this one takes when that one took a
// better header (Stripe's invoices: "Customer Name" is the client, and
// "Customer", a cus_… id, the client_id).
//
// Where the headers come from (what the search corpus confirmed, and what
// rests on the vendor's documentation as remembered, is said per tool):
//
//   - QuickBooks Online and Desktop: Invoice List, Open Invoices, A/R Aging
//     Detail (Date, Transaction Type, Num, Customer or Name, Due Date,
//     Terms, Amount, Open Balance) and Payments / Transaction List reports
//     (Date, Transaction Type, Num, Name, Memo/Description, Amount). Column
//     names as Intuit's report help describes them; no sample export was in
//     the corpus. The sample generator writes the QuickBooks-style invoice
//     list (Date | Num | Customer | Due Date | Amount | Currency | Status |
//     Transaction Type | Applies To | Memo).
//   - Xero: invoice import template and sales export. Public repositories
//     writing Xero CSVs (code corpus) confirm "*ContactName, EmailAddress,
//     POAddressLine1…, *InvoiceNumber, Reference, *InvoiceDate, *DueDate,
//     Total, InventoryItemCode, *Description, *Quantity, *UnitAmount, …,
//     Currency"; the export's Type, Status, InvoiceAmountDue and LineAmount
//     are from Xero's export documentation.
//   - FreshBooks: invoice details export, confirmed in the code corpus:
//     "Client Name, Invoice #, Date Issued, Date Due, Invoice Status, Date
//     Paid, Item Name, Item Description, Rate, Quantity, Discount
//     Percentage, Line Subtotal, Tax 1 Type, …, Line Total, Currency". One
//     row per invoice line: see lineItemHeaders.
//   - Zoho Books: invoice export, confirmed in the code corpus: "Invoice
//     Date, Invoice ID, Invoice Number, Invoice Status, Customer ID,
//     Customer Name, Customer Number, Due Date, SubTotal, Total, …, Item
//     Name, …, Item Total"; Balance, Last Payment Date, Currency Code,
//     Payment Terms and Payment Terms Label from Zoho's export
//     documentation.
//   - Wave: invoice fields as Wave's integrations document them (pages
//     corpus: IFTTT Wave trigger, CData Wave driver): Customer name,
//     Invoice number, Invoice date, Due date, Status, Currency, Total,
//     Amount due (what is still owed), Amount paid.
//   - Stripe: payments export confirmed in the code corpus: "id,
//     Description, Seller Message, Created (UTC), Amount, Amount Refunded,
//     Currency (lower case: usd), Converted Amount, …, Customer ID,
//     Customer Description, Customer Email, …, Invoice ID"; today's
//     Dashboard export (unified payments, in the code corpus) writes the
//     date as "Created date (UTC)" and has Status (Paid, Failed,
//     Refunded, …) and Amount Refunded. Invoices export
//     (Number, Customer, Customer Name, Date (UTC), Due Date (UTC), Total,
//     Amount Due, Amount Remaining, Currency, Status) from Stripe's
//     dashboard export columns.
//   - Zendesk: tickets CSV export, confirmed in the code corpus: "Summation
//     column, Id, Requester, Requester id, Requester external id,
//     Requester email, Requester domain, Submitter, Assignee, Group,
//     Subject, Tags, Status, Priority, Via, Ticket type, Created at,
//     Updated at, Assigned at, Organization, …"; ticket fields added by
//     the account carry a type suffix ("Total time spent (sec) [int]",
//     "Category [list]"). Requester is a person, never the client: a
//     ticket with no Organization is matched by its Requester email.
//   - Freshdesk: tickets export: "Ticket ID, Subject, Status, Priority,
//     Source, Type, Agent, Group, Created time, …, Time tracked, …, Tags, …,
//     Full name, Email, …, Company Name" (Freshdesk's export field list and
//     the sample generator; not in the corpus). Full name is the
//     requester, never the client; Agent is who worked on the ticket.
//   - Harvest: detailed time report, confirmed in the code corpus: "Date,
//     Client, Project, Project Code, Task, Notes, Hours, Hours Rounded,
//     Billable?, Invoiced?, Approved?, First Name, Last Name, Roles,
//     Employee?, Billable Rate, Billable Amount, Cost Rate, Cost Amount,
//     Currency, External Reference URL"; Currency reads "Euro - EUR".
//     Cost Amount is the cost; it is 0 for people with no cost rate, which
//     counts as not given (the hourly cost applies). Billable Amount is
//     what the client is charged, never a cost. The person is First Name
//     and Last Name joined.
//   - Toggl Track: detailed report, confirmed in the code corpus: "User,
//     Email, Client, Project, Task, Description, Billable, Start date,
//     Start time, End date, End time, Duration, Tags, Amount ()"; Duration
//     is "01:30:00"; Amount (EUR) is the billable amount, not a cost.
//   - Clockify: detailed report, confirmed in the code corpus: "Project,
//     Client, Description, Task, User, Group, Email, Tags, Billable, Start
//     Date, Start Time, End Date, End Time, Duration (h), Duration
//     (decimal), Billable Rate (USD), Billable Amount (USD)", with Cost
//     Rate (USD) and Cost Amount (USD) where cost rates are kept; Start
//     Time in 12-hour form ("01:30 PM") when the user's settings say so.
//   - IBM accounts-receivable sample (testdata/ibm-accounts-receivable.csv):
//     customerID, invoiceNumber, InvoiceDate, DueDate, InvoiceAmount,
//     Disputed, SettledDate.

// column is one canonical column and the headers that name it, best first.
type column struct {
	name    string
	headers []string
}

// inputSpec says what one input needs and what it may have.
type inputSpec struct {
	// required lists groups of alternatives: the file must have at least
	// one column of each group ("client or client_id").
	required [][]string
	columns  []column
	// after lists, by column, headers an earlier column of the input
	// lists too: the column takes them, after its own, when that one
	// took another header.
	after map[string][]string
}

// The columns of each input, in the order they claim headers.
var specs = map[analysis.Input]inputSpec{
	analysis.InputInvoices: {
		required: [][]string{{"client", "client_id"}, {"number"}, {"issue_date"}, {"due_date", "terms"}, {"amount"}},
		after:    map[string][]string{"client_id": {"Customer" /* Stripe: cus_… beside Customer Name */}},
		columns: []column{
			{"client", []string{"Client", "Client Name" /* FreshBooks */, "Customer Name" /* Zoho, Stripe */, "Customer" /* QuickBooks, Wave */, "Customer full name" /* QuickBooks Online */, "ContactName" /* Xero */, "Contact", "Name" /* QuickBooks Desktop */, "Company", "Company Name", "Account Name"}},
			{"client_id", []string{"Client ID", "Customer ID" /* Zoho; IBM customerID */, "Customer Number", "Customer No", "Customer Code", "Account Number", "Account ID", "Contact ID"}},
			{"number", []string{"Invoice Number" /* Zoho, Wave; Xero InvoiceNumber; IBM invoiceNumber */, "Invoice No", "Invoice" /* also "Invoice #" (FreshBooks) */, "Number" /* Stripe */, "Num" /* QuickBooks */, "No" /* QuickBooks Online "No." */, "Document Number", "Doc Number", "Transaction Number"}},
			{"issue_date", []string{"Invoice Date" /* Zoho, Wave; Xero InvoiceDate; IBM */, "Issue Date", "Date Issued" /* FreshBooks */, "Date" /* QuickBooks; Stripe "Date (UTC)" */, "Transaction Date", "Txn Date", "Document Date", "Invoice Created", "Created", "Created At"}},
			{"due_date", []string{"Due Date" /* QuickBooks, Zoho, Wave; Xero DueDate; Stripe "Due Date (UTC)"; IBM */, "Date Due" /* FreshBooks */, "Payment Due", "Payment Due Date", "Due By", "Due On"}},
			{"terms", []string{"Terms" /* QuickBooks */, "Payment Terms" /* Zoho: days */, "Payment Terms Label" /* Zoho: "Net 30" */, "Term", "Credit Terms"}},
			{"amount", []string{"Amount" /* QuickBooks */, "Total" /* Xero, Zoho, Wave, Stripe */, "Invoice Amount" /* IBM InvoiceAmount */, "Invoice Total", "Total Amount", "Grand Total", "Line Total" /* FreshBooks, per line */, "Line Amount" /* Xero LineAmount, per line */, "Item Total" /* Zoho, per line */}},
			{"tax", []string{"Tax", "TaxTotal" /* Xero, per invoice */, "Total Tax", "Tax Amount" /* Xero TaxAmount, per line */, "Sales Tax", "VAT", "VAT Amount", "BTW", "MwSt", "GST", "Tax 1 Amount" /* FreshBooks, per line */, "Item Tax Amount" /* Zoho, per line */}},
			{"balance", []string{"Balance" /* Zoho */, "Open Balance" /* QuickBooks */, "Balance Due", "Amount Remaining" /* Stripe */, "InvoiceAmountDue" /* Xero */, "Amount Due" /* Wave */, "Outstanding", "Amount Outstanding", "Outstanding Amount", "Remaining Balance", "Due Amount"}},
			{"currency", []string{"Currency" /* Xero, FreshBooks, Stripe */, "Currency Code" /* Zoho */, "Curr", "Invoice Currency"}},
			{"status", []string{"Status" /* Xero, Stripe, Wave */, "Invoice Status" /* FreshBooks, Zoho */, "State", "Payment Status"}},
			{"type", []string{"Type" /* Xero, QuickBooks Desktop */, "Transaction Type" /* QuickBooks Online */, "Txn Type", "Invoice Type", "Document Type"}},
			{"applies_to", []string{"Applies To", "Applied To", "Original Invoice", "Credit For", "Against Invoice", "Related Invoice"}},
			{"paid_date", []string{"Paid Date", "Date Paid" /* FreshBooks */, "Last Payment Date" /* Zoho */, "Settled Date" /* IBM SettledDate */, "Payment Date", "Paid On", "Date Settled", "Fully Paid On"}},
			{"disputed", []string{"Disputed" /* IBM */, "In Dispute", "Is Disputed", "Dispute"}},
		},
	},
	analysis.InputPayments: {
		required: [][]string{{"client", "client_id", "invoice"}, {"date"}, {"amount"}},
		columns: []column{
			{"client", []string{"Client", "Client Name", "Customer Name", "Customer" /* QuickBooks, sample */, "Received From", "Payer", "ContactName" /* Xero */, "Contact", "Name" /* QuickBooks transaction list */, "Company", "Company Name", "Customer Description" /* Stripe */}},
			{"client_id", []string{"Client ID", "Customer ID" /* Stripe, Zoho */, "Customer Number", "Customer No", "Account Number", "Account ID", "Contact ID"}},
			{"invoice", []string{"Invoice" /* also "Invoice #" */, "Invoice Number" /* Zoho */, "Invoice No" /* sample "Invoice No." */, "Invoice ID" /* Stripe */, "Applied To", "Applies To", "Invoice Ref", "Invoices"}},
			{"date", []string{"Payment Date" /* sample, Zoho */, "Date" /* QuickBooks, Xero */, "Date Paid", "Paid Date", "Paid On", "Date Received", "Received Date", "Received", "Deposit Date", "Transaction Date", "Txn Date", "Value Date", "Created date" /* Stripe "Created date (UTC)" */, "Created" /* Stripe "Created (UTC)" */, "Created At"}},
			{"amount", []string{"Amount" /* QuickBooks, Stripe, sample */, "Payment Amount", "Amount Paid", "Amount Received", "Paid Amount", "Received Amount", "Total", "Gross"}},
			{"refunded", []string{"Amount Refunded" /* Stripe */, "Refunded Amount", "Refund Amount"}},
			{"currency", []string{"Currency" /* Stripe "usd" */, "Currency Code"}},
			{"status", []string{"Status" /* Stripe: Paid, Failed, Refunded */, "Payment Status", "State"}},
			{"type", []string{"Type" /* Stripe balance: charge, refund */, "Transaction Type" /* QuickBooks: Payment */, "Txn Type", "Payment Type"}},
			{"reference", []string{"Reference", "Payment Reference", "Reference Number", "Reference No", "Ref No", "Ref", "Transaction ID", "Payment ID", "id" /* Stripe */, "Num" /* QuickBooks */, "Check Number", "Check No", "Memo", "Description"}},
		},
	},
	analysis.InputDisputes: {
		required: [][]string{{"client", "client_id", "invoice"}, {"date"}},
		columns: []column{
			{"client", []string{"Client", "Client Name", "Customer Name", "Customer", "Contact", "Name", "Company", "Company Name", "Customer Description" /* Stripe */}},
			{"client_id", []string{"Client ID", "Customer ID", "Customer Number", "Account Number", "Account ID", "Contact ID"}},
			{"invoice", []string{"Invoice", "Invoice Number", "Invoice No", "Invoice ID"}},
			{"date", []string{"Date", "Dispute Date" /* Stripe "Dispute Date (UTC)" */, "Date Raised", "Raised On", "Date Opened", "Opened", "Opened On", "Created", "Created At", "Created Date"}},
			{"amount", []string{"Disputed Amount" /* Stripe: its Amount is the charge's */, "Dispute Amount", "Amount Disputed", "Amount"}},
			{"reason", []string{"Reason", "Dispute Reason" /* Stripe */, "Description", "Details", "Notes", "Comment"}},
			{"status", []string{"Dispute Status" /* Stripe: its Status is the charge's */, "Status", "State", "Outcome"}},
			{"currency", []string{"Currency", "Currency Code"}},
		},
	},
	analysis.InputSupport: {
		required: [][]string{{"client", "client_id", "email"}, {"date"}},
		columns: []column{
			{"client", []string{"Client" /* Harvest, Toggl, Clockify */, "Organization" /* Zendesk */, "Company Name" /* Freshdesk */, "Company", "Organisation", "Organization Name", "Account", "Account Name", "Customer", "Customer Name", "Client Name"}},
			{"client_id", []string{"Client ID", "Company ID", "Organization ID", "Customer ID", "Account ID"}},
			{"email", []string{"Requester email" /* Zendesk */, "Email" /* Freshdesk: the requester's */, "Requester Email Address", "Contact Email", "Customer Email", "Email Address", "From Email"}},
			{"date", []string{"Date" /* Harvest */, "Created time" /* Freshdesk */, "Created at" /* Zendesk */, "Start date" /* Toggl, Clockify */, "Created", "Created Date", "Date Created", "Opened", "Opened At", "Spent Date", "Ticket Date"}},
			{"time", []string{"Time", "Start time" /* Toggl, Clockify */, "Time of Day"}},
			{"hours", []string{"Hours" /* Harvest */, "Time tracked" /* Freshdesk */, "Time Spent", "Hours Spent", "Hours Logged", "Time Logged", "Total Time Spent" /* Zendesk time tracking, "(sec) [int]" */}},
			{"cost", []string{"Cost", "Support Cost", "Internal Cost"}},
			{"person", []string{"Agent" /* Freshdesk */, "Assignee" /* Zendesk */, "Assigned To", "Assigned Agent", "Owner", "Handled By", "Person"}},
			{"role", []string{"Role", "Roles", "Agent Role"}},
			{"channel", []string{"Channel", "Source" /* Freshdesk */, "Via" /* Zendesk */, "Medium", "Ticket Channel", "Contact Method"}},
			{"tags", []string{"Tags" /* Zendesk, Freshdesk, Toggl, Clockify */, "Tag", "Labels", "Label"}},
			{"billable", []string{"Billable" /* Toggl, Clockify; Harvest "Billable?" */, "Is Billable"}},
			{"currency", []string{"Currency" /* Harvest "Euro - EUR" */, "Currency Code"}},
		},
	},
	analysis.InputTime: {
		required: [][]string{{"client", "client_id"}, {"date"}, {"hours"}},
		columns: []column{
			{"client", []string{"Client" /* Harvest, Toggl, Clockify */, "Client Name", "Customer", "Customer Name", "Company", "Company Name", "Organization", "Account", "Account Name"}},
			{"client_id", []string{"Client ID", "Customer ID", "Company ID", "Account ID"}},
			{"date", []string{"Date" /* Harvest */, "Start date" /* Toggl, Clockify */, "Spent Date", "Work Date", "Entry Date"}},
			{"hours", []string{"Hours" /* Harvest */, "Duration (decimal)" /* Clockify */, "Duration (h)" /* Clockify, h:mm:ss */, "Duration" /* Toggl, h:mm:ss */, "Time Spent", "Hours Worked", "Hours Logged", "Time Logged", "Time Tracked"}},
			{"cost", []string{"Cost Amount" /* Harvest; Clockify "Cost Amount (USD)" */, "Cost", "Internal Cost", "Labor Cost", "Labour Cost"}},
			{"person", []string{"Person", "User" /* Toggl, Clockify */, "Member" /* Toggl */, "Team Member", "Employee Name", "Full Name", "Staff Member"}},
			{"first_name", []string{"First Name" /* Harvest */, "Given Name"}},
			{"last_name", []string{"Last Name" /* Harvest */, "Surname", "Family Name"}},
			{"role", []string{"Role", "Roles" /* Harvest */, "Job Title", "Position"}},
			{"billable", []string{"Billable" /* Toggl, Clockify; Harvest "Billable?" */, "Is Billable"}},
			{"project", []string{"Project" /* Harvest, Toggl, Clockify */, "Project Name", "Job"}},
			{"task", []string{"Task" /* Harvest, Toggl, Clockify */, "Task Name", "Activity"}},
			{"currency", []string{"Currency" /* Harvest "Euro - EUR" */, "Currency Code"}},
		},
	},
	analysis.InputExpenses: {
		required: [][]string{{"client", "client_id"}, {"date"}, {"amount"}},
		columns: []column{
			{"client", []string{"Client", "Client Name", "Customer" /* QuickBooks: the customer billed */, "Customer Name", "Customer:Job", "Billable Customer", "Company", "Company Name"}},
			{"client_id", []string{"Client ID", "Customer ID", "Account ID", "Company ID"}},
			{"date", []string{"Date", "Expense Date", "Spent Date", "Transaction Date", "Txn Date", "Purchase Date", "Bill Date"}},
			{"amount", []string{"Amount", "Expense Amount", "LineAmount" /* Xero bills: one row per line, Total repeats */, "Total", "Total Amount", "Cost"}},
			{"currency", []string{"Currency", "Currency Code"}},
			{"category", []string{"Category", "Expense Category", "Expense Type"}},
			{"description", []string{"Description", "Notes", "Memo", "Memo/Description" /* QuickBooks */, "Details"}},
		},
	},
	analysis.InputClients: {
		required: [][]string{{"client"}},
		columns: []column{
			{"client", []string{"Client", "Client Name", "Customer", "Customer Name", "Company", "Company Name", "Organization", "Organisation", "Account", "Account Name", "Display Name", "ContactName" /* Xero; also "Contact Name" */, "Name"}},
			{"client_id", []string{"Client ID", "Customer ID", "Customer Number", "Account Number", "Account ID", "Company ID", "Organization ID", "Contact ID"}},
			{"aliases", []string{"Aliases", "Alias", "Other Names", "Also Known As", "AKA", "Alternative Names", "Alternate Names"}},
			{"domains", []string{"Domains", "Domain", "Email Domains", "Email Domain", "Domain Names", "Domain Name"}},
			{"renewal_date", []string{"Renewal Date", "Renewal", "Renews On", "Renewal Due", "Contract Renewal", "Contract End", "Contract End Date", "End Date"}},
			{"owner", []string{"Owner", "Account Manager", "Account Owner", "Client Owner", "Relationship Manager", "Manager", "Sales Rep", "Salesperson"}},
			{"monthly_fee", []string{"Monthly Fee", "Fee", "Retainer", "Monthly Retainer", "MRR", "Monthly Value", "Monthly Amount", "Monthly Recurring Revenue"}},
			{"currency", []string{"Currency", "Currency Code"}},
		},
	},
}

// lineItemHeaders mark an invoices export written one row per invoice line
// (Xero, Zoho Books, FreshBooks): consecutive rows with the same invoice
// number and client are one invoice. lineAmountHeaders and lineTaxHeaders
// are amounts of one line: when the amount (tax) column is one of them the
// lines' amounts (taxes) are summed; otherwise (an invoice total repeated
// on every line) the first line's value stands.
var (
	lineItemHeaders   = set("Line Total", "Line Amount", "Item Total", "Line Subtotal", "Item Name", "InventoryItemCode", "Quantity")
	lineAmountHeaders = set("Line Total", "Line Amount", "Item Total")
	lineTaxHeaders    = set("Tax Amount", "Tax 1 Amount", "Item Tax Amount", "Line Tax", "Line Tax Amount")
)

func set(headers ...string) map[string]bool {
	m := map[string]bool{}
	for _, h := range headers {
		m[normalizeHeader(h).full] = true
	}
	return m
}

// timeLogHeaders are headers of the time trackers' exports (Harvest,
// Toggl, Clockify) that a helpdesk's tickets do not have: a support file
// with two of them is a time log pointed at the wrong input.
var timeLogHeaders = set("Hours Rounded", "Project Code", "Billable Rate", "Cost Rate", "Start date", "End date", "Start time", "End time",
	"Duration", "Duration (h)", "Duration (decimal)")

// inputOrder is the fixed order in which inputs are read and reported.
var inputOrder = analysis.Inputs[:]

// Columns returns the canonical columns of an input kind, for config
// checks: required lists each required column, alternatives joined by "|"
// ("client|client_id" means either will do); optional lists the others.
// Both are nil for an unknown kind.
func Columns(kind analysis.Input) (required, optional []string) {
	spec, ok := specs[kind]
	if !ok {
		return nil, nil
	}
	inGroup := map[string]bool{}
	for _, g := range spec.required {
		required = append(required, strings.Join(g, "|"))
		for _, c := range g {
			inGroup[c] = true
		}
	}
	for _, c := range spec.columns {
		if !inGroup[c.name] {
			optional = append(optional, c.name)
		}
	}
	return required, optional
}

// KnownColumn reports whether name is a canonical column of kind.
func KnownColumn(kind analysis.Input, name string) bool {
	for _, c := range specs[kind].columns {
		if c.name == name {
			return true
		}
	}
	return false
}

// headerKey is a header normalised for matching.
type headerKey struct {
	full string // everything, unit included: "Duration (decimal)" is "durationdecimal"
	base string // without a trailing unit in parentheses: "duration"
	unit string // the unit, normalised: "decimal", "utc", "eur"; "" for none
}

// normalizeHeader folds a header for matching: it normalises the text
// (NFC, no zero-width characters), drops a leading "*" (Xero's
// required-column mark) and a trailing type suffix in brackets (Zendesk's
// "[int]", "[list]", "[txt]"), lower-cases, and keeps only letters and
// digits; a trailing "(…)" is also split off as the unit.
func normalizeHeader(h string) headerKey {
	h = strings.TrimSpace(normText(h))
	h = strings.TrimLeft(h, "* ")
	for strings.HasSuffix(h, "]") {
		i := strings.LastIndexByte(h, '[')
		if i < 0 {
			break
		}
		h = strings.TrimSpace(h[:i])
	}
	k := headerKey{full: fold(h), base: fold(h)}
	if strings.HasSuffix(h, ")") {
		if i := strings.LastIndexByte(h, '('); i >= 0 {
			k.unit = fold(h[i+1 : len(h)-1])
			k.base = fold(h[:i])
		}
	}
	return k
}

// foldedAliases holds every header, column name and after-header of the
// alias table folded, as aliasRank compares them with each header cell.
var foldedAliases = func() map[string]string {
	m := map[string]string{}
	for _, spec := range specs {
		for _, col := range spec.columns {
			m[col.name] = fold(col.name)
			for _, h := range col.headers {
				m[h] = fold(strings.TrimLeft(h, "* "))
			}
		}
		for _, hs := range spec.after {
			for _, h := range hs {
				m[h] = fold(h)
			}
		}
	}
	return m
}()

// foldedAlias is an alias-table string folded, without the leading "*"
// of Xero's required columns, as header cells are.
func foldedAlias(s string) string {
	if a, ok := foldedAliases[s]; ok {
		return a
	}
	return fold(strings.TrimLeft(s, "* "))
}

// fold lower-cases s and keeps only its letters and digits.
func fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
		case r >= 'A' && r <= 'Z':
			b.WriteRune(r + 'a' - 'A')
		case r > 127 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// aliasMarkdown renders the alias table as a markdown table (the README
// copies testdata/aliases.md, which a test keeps current).
func aliasMarkdown() string {
	var b strings.Builder
	b.WriteString("| input | column | required | headers recognised, best first |\n|---|---|---|---|\n")
	for _, kind := range inputOrder {
		spec := specs[kind]
		req := map[string]string{}
		for _, g := range spec.required {
			for _, c := range g {
				req[c] = "yes"
				if len(g) > 1 {
					req[c] = "or " + strings.Join(without(g, c), ", ")
				}
			}
		}
		for _, c := range spec.columns {
			r := req[c.name]
			if r == "" {
				r = "no"
			}
			h := strings.Join(c.headers, ", ")
			for _, a := range spec.after[c.name] {
				h += fmt.Sprintf("; %s when %s took another header", a, ownerOf(spec, a))
			}
			fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", kind, c.name, r, h)
		}
	}
	return b.String()
}

// ownerOf names the column of spec whose headers list h.
func ownerOf(spec inputSpec, h string) string {
	k := normalizeHeader(h).full
	for _, c := range spec.columns {
		for _, o := range c.headers {
			if normalizeHeader(o).full == k {
				return c.name
			}
		}
	}
	return ""
}

func without(list []string, x string) []string {
	var out []string
	for _, s := range list {
		if s != x {
			out = append(out, s)
		}
	}
	return out
}

// canonicalNames lists an input's canonical column names, sorted, for
// messages.
func canonicalNames(kind analysis.Input) []string {
	var names []string
	for _, c := range specs[kind].columns {
		names = append(names, c.name)
	}
	sort.Strings(names)
	return names
}
