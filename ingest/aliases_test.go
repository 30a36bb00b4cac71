package ingest

import (
	"errors"
	"flag"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"clientscore/analysis"
)

var update = flag.Bool("update", false, "rewrite testdata/aliases.md")

// headerMap says which header feeds each canonical column (the best one).
func headerMap(kind analysis.Input, headers string, sep string) (map[string]string, *headerMatch) {
	var cells []cell
	for _, h := range strings.Split(headers, sep) {
		cells = append(cells, cell{text: h})
	}
	m := matchHeader(kind, 1, cells, nil, nil)
	got := map[string]string{}
	for name, col := range m.cols {
		got[name] = col.header
	}
	return got, m
}

// The header rows the sample generator writes must map without columns:
// overrides (helper-config-sample.md).
func TestSampleGeneratorHeaders(t *testing.T) {
	t.Parallel()
	tests := []struct {
		kind    analysis.Input
		headers string
		sep     string
		want    map[string]string
	}{
		{analysis.InputInvoices, "Date|Num|Customer|Due Date|Amount|Currency|Status|Transaction Type|Applies To|Memo", "|", map[string]string{
			"issue_date": "Date", "number": "Num", "client": "Customer", "due_date": "Due Date", "amount": "Amount",
			"currency": "Currency", "status": "Status", "type": "Transaction Type", "applies_to": "Applies To"}},
		{analysis.InputPayments, "Payment Date;Customer;Invoice No.;Amount;Currency;Reference", ";", map[string]string{
			"date": "Payment Date", "client": "Customer", "invoice": "Invoice No.", "amount": "Amount", "currency": "Currency", "reference": "Reference"}},
		{analysis.InputDisputes, "Date,Customer,Invoice,Amount,Reason,Status", ",", map[string]string{
			"date": "Date", "client": "Customer", "invoice": "Invoice", "amount": "Amount", "reason": "Reason", "status": "Status"}},
		// Freshdesk: Company Name, not Full name, is the client; Source is
		// the channel; Status and Type are the ticket's, not ours.
		{analysis.InputSupport, "Ticket ID,Subject,Status,Priority,Source,Type,Created time,Time tracked,Tags,Full name,Company Name", ",", map[string]string{
			"client": "Company Name", "date": "Created time", "hours": "Time tracked", "channel": "Source", "tags": "Tags"}},
		{analysis.InputClients, "Client|Client ID|Aliases|Renewal Date|Account Manager|Monthly Fee", "|", map[string]string{
			"client": "Client", "client_id": "Client ID", "aliases": "Aliases", "renewal_date": "Renewal Date",
			"owner": "Account Manager", "monthly_fee": "Monthly Fee"}},
	}
	for _, tt := range tests {
		t.Run(string(tt.kind), func(t *testing.T) {
			got, m := headerMap(tt.kind, tt.headers, tt.sep)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("mapping =\n%v\nwant\n%v", got, tt.want)
			}
			if !m.ok() {
				t.Errorf("not a header row: missing %v", m.missing)
			}
		})
	}
}

// toolCase is a realistic export of one tool: its header row and a data
// row or two, the columns they must map to, and what the rows must read as.
type toolCase struct {
	tool    string
	kind    analysis.Input
	locale  Locale
	csv     string
	mapping map[string]string // canonical → header (the best one)
	check   func(t *testing.T, res *Result)
	refused bool // the export lacks a required column: Read must refuse it
}

func TestToolExports(t *testing.T) {
	t.Parallel()
	dmy, mdy := Locale{DateOrder: "DMY", Decimal: '.'}, Locale{DateOrder: "MDY", Decimal: '.'}
	tests := []toolCase{
		{
			tool: "QuickBooks Online A/R Aging Detail", kind: analysis.InputInvoices, locale: mdy,
			csv: "Date,Transaction Type,Num,Customer,Due Date,Past Due,Amount,Open Balance\n" +
				"09/15/2026,Invoice,1043,Acme Ltd,10/15/2026,16,\"1,250.00\",800.00\n",
			mapping: map[string]string{"issue_date": "Date", "type": "Transaction Type", "number": "Num", "client": "Customer",
				"due_date": "Due Date", "amount": "Amount", "balance": "Open Balance"},
			check: func(t *testing.T, res *Result) {
				wantInvoice(t, res, analysis.Invoice{ClientName: "Acme Ltd", Number: "1043", Issued: day(2026, 9, 15), Due: day(2026, 10, 15),
					Amount: 125000, Type: "Invoice", Balance: 80000, HasBalance: true})
			},
		},
		{
			tool: "QuickBooks Desktop Open Invoices", kind: analysis.InputInvoices, locale: mdy,
			csv: "Type,Date,Num,P. O. #,Name,Terms,Due Date,Aging,Open Balance\n" +
				"Invoice,09/01/2026,71,,Brightline,Net 30,,,\"2,000.00\"\n",
			// No Amount column: the open balance is all there is, and it
			// is read as the balance; the header lacks an amount.
			mapping: map[string]string{"type": "Type", "issue_date": "Date", "number": "Num", "client": "Name", "terms": "Terms",
				"due_date": "Due Date", "balance": "Open Balance"},
			refused: true,
		},
		{
			tool: "QuickBooks payments (Transaction List)", kind: analysis.InputPayments, locale: mdy,
			csv: "Date,Transaction Type,Num,Name,Memo/Description,Account,Split,Amount\n" +
				"10/02/2026,Payment,CHK 5521,Acme Ltd,INV 1043,Undeposited Funds,Accounts Receivable,450.00\n",
			mapping: map[string]string{"date": "Date", "type": "Transaction Type", "reference": "Num", "client": "Name", "amount": "Amount"},
			check: func(t *testing.T, res *Result) {
				wantPayment(t, res, analysis.Payment{ClientName: "Acme Ltd", Date: day(2026, 10, 2), Amount: 45000, Reference: "CHK 5521", Type: "Payment"})
			},
		},
		{
			tool: "Xero sales export (one row per line)", kind: analysis.InputInvoices, locale: dmy,
			csv: "ContactName,EmailAddress,POAddressLine1,POCity,InvoiceNumber,Reference,InvoiceDate,DueDate,Total,TaxTotal,InvoiceAmountPaid,InvoiceAmountDue,InventoryItemCode,Description,Quantity,UnitAmount,Discount,LineAmount,AccountCode,TaxType,TaxAmount,Currency,Type,Sent,Status\n" +
				"Acme Ltd,ap@acme.test,1 Main St,Wellington,INV-0001,PO 7,14/03/2026,13/04/2026,345.00,45.00,0.00,345.00,,Design,1,300.00,,300.00,200,OUTPUT2,45.00,USD,ACCREC,Sent,AUTHORISED\n" +
				"Acme Ltd,ap@acme.test,1 Main St,Wellington,INV-0001,PO 7,14/03/2026,13/04/2026,345.00,45.00,0.00,345.00,,Hosting,1,0.00,,0.00,200,OUTPUT2,0.00,USD,ACCREC,Sent,AUTHORISED\n" +
				"Beta,ap@beta.test,,,CN-0002,,15/03/2026,,-50.00,0.00,0.00,-50.00,,Refund,1,-50.00,,-50.00,200,NONE,0.00,USD,ACCRECCREDIT,Sent,AUTHORISED\n",
			// TaxTotal, the invoice's, over TaxAmount, a line's: it goes
			// with Total, the invoice's.
			mapping: map[string]string{"client": "ContactName", "number": "InvoiceNumber", "issue_date": "InvoiceDate", "due_date": "DueDate",
				"amount": "Total", "tax": "TaxTotal", "balance": "InvoiceAmountDue", "currency": "Currency", "type": "Type", "status": "Status"},
			check: func(t *testing.T, res *Result) {
				// The two lines of INV-0001 are one invoice of the total
				// 345.00, with its tax of 45.00 taken once.
				if len(res.Data.Invoices) != 2 {
					t.Fatalf("invoices = %+v", res.Data.Invoices)
				}
				wantInvoice(t, res, analysis.Invoice{ClientName: "Acme Ltd", Number: "INV-0001", Issued: day(2026, 3, 14), Due: day(2026, 4, 13),
					Amount: 34500, Tax: 4500, HasTax: true, Currency: "USD", Type: "ACCREC", Status: "AUTHORISED", Balance: 34500, HasBalance: true})
			},
		},
		{
			tool: "Xero import template (* marks)", kind: analysis.InputInvoices, locale: dmy,
			csv: "*ContactName,EmailAddress,*InvoiceNumber,Reference,*InvoiceDate,*DueDate,Total,*Description,*Quantity,*UnitAmount,*AccountCode,*TaxType,Currency\n" +
				"Acme Ltd,,INV-0009,,01/04/2026,01/05/2026,120.00,Support,1,120.00,200,NONE,USD\n",
			mapping: map[string]string{"client": "*ContactName", "number": "*InvoiceNumber", "issue_date": "*InvoiceDate", "due_date": "*DueDate",
				"amount": "Total", "currency": "Currency"},
			check: func(t *testing.T, res *Result) {
				wantInvoice(t, res, analysis.Invoice{ClientName: "Acme Ltd", Number: "INV-0009", Issued: day(2026, 4, 1), Due: day(2026, 5, 1),
					Amount: 12000, Currency: "USD"})
			},
		},
		{
			tool: "FreshBooks invoice details (one row per line)", kind: analysis.InputInvoices, locale: mdy,
			csv: "Client Name,Invoice #,Date Issued,Date Due,Invoice Status,Date Paid,Item Name,Item Description,Rate,Quantity,Discount Percentage,Line Subtotal,Tax 1 Type,Tax 1 Amount,Tax 2 Type,Tax 2 Amount,Line Total,Currency\n" +
				"Acme Ltd,0000007,01/15/2026,02/14/2026,paid,02/20/2026,Consulting,Strategy,150.00,4,0,600.00,VAT,60.00,,0,600.00,USD\n" +
				"Acme Ltd,0000007,01/15/2026,02/14/2026,paid,02/20/2026,PM,Oversight,125.00,2,0,250.00,VAT,25.00,,0,250.00,USD\n" +
				"Beta,0000008,01/16/2026,02/15/2026,sent,,Design,Logo,100.00,1,0,100.00,,0,,0,100.00,USD\n",
			mapping: map[string]string{"client": "Client Name", "number": "Invoice #", "issue_date": "Date Issued", "due_date": "Date Due",
				"status": "Invoice Status", "paid_date": "Date Paid", "amount": "Line Total", "tax": "Tax 1 Amount", "currency": "Currency"},
			check: func(t *testing.T, res *Result) {
				// Line totals add up: 600.00 + 250.00 = 850.00; so do the
				// lines' taxes, 60.00 + 25.00 = 85.00.
				if len(res.Data.Invoices) != 2 {
					t.Fatalf("invoices = %+v", res.Data.Invoices)
				}
				wantInvoice(t, res, analysis.Invoice{ClientName: "Acme Ltd", Number: "0000007", Issued: day(2026, 1, 15), Due: day(2026, 2, 14),
					Amount: 85000, Tax: 8500, HasTax: true, Currency: "USD", Status: "paid", PaidOn: day(2026, 2, 20)})
			},
		},
		{
			tool: "Zoho Books invoices", kind: analysis.InputInvoices, locale: Locale{DateOrder: "YMD", Decimal: '.'},
			csv: "Invoice Date,Invoice ID,Invoice Number,Invoice Status,Customer ID,Customer Name,Customer Number,Due Date,Currency Code,Exchange Rate,SubTotal,Total,Balance,Last Payment Date,Payment Terms,Payment Terms Label,Item Name,Item Total\n" +
				"2026-07-10,4271668000000077324,INV-000004,Closed,4271668000000095032,Emerald Day School,CUS-12,2026-08-09,USD,1.00,1000.00,1180.00,0.00,2026-08-01,30,Net 30,Letterheads,500.00\n" +
				"2026-07-10,4271668000000077324,INV-000004,Closed,4271668000000095032,Emerald Day School,CUS-12,2026-08-09,USD,1.00,1000.00,1180.00,0.00,2026-08-01,30,Net 30,Envelopes,500.00\n",
			mapping: map[string]string{"issue_date": "Invoice Date", "number": "Invoice Number", "status": "Invoice Status", "client_id": "Customer ID",
				"client": "Customer Name", "due_date": "Due Date", "currency": "Currency Code", "amount": "Total", "balance": "Balance",
				"paid_date": "Last Payment Date", "terms": "Payment Terms"},
			check: func(t *testing.T, res *Result) {
				if len(res.Data.Invoices) != 1 {
					t.Fatalf("invoices = %+v", res.Data.Invoices)
				}
				wantInvoice(t, res, analysis.Invoice{ClientID: "4271668000000095032", ClientName: "Emerald Day School", Number: "INV-000004",
					Issued: day(2026, 7, 10), Due: day(2026, 8, 9), Amount: 118000, Currency: "USD", Status: "Closed",
					PaidOn: day(2026, 8, 1), HasBalance: true})
			},
		},
		{
			tool: "Wave invoices", kind: analysis.InputInvoices, locale: Locale{DateOrder: "YMD", Decimal: '.'},
			csv: "Customer name,Invoice number,Invoice date,Due date,Status,Currency,Total,Amount paid,Amount due\n" +
				"Acme Ltd,12,2026-05-01,2026-05-31,PARTIAL,USD,500.00,200.00,300.00\n",
			mapping: map[string]string{"client": "Customer name", "number": "Invoice number", "issue_date": "Invoice date", "due_date": "Due date",
				"status": "Status", "currency": "Currency", "amount": "Total", "balance": "Amount due"},
			check: func(t *testing.T, res *Result) {
				wantInvoice(t, res, analysis.Invoice{ClientName: "Acme Ltd", Number: "12", Issued: day(2026, 5, 1), Due: day(2026, 5, 31),
					Amount: 50000, Currency: "USD", Status: "PARTIAL", Balance: 30000, HasBalance: true})
			},
		},
		{
			tool: "Stripe invoices", kind: analysis.InputInvoices, locale: dmy,
			csv: "id,Number,Customer,Customer Name,Customer Email,Date (UTC),Due Date (UTC),Currency,Total,Amount Due,Amount Paid,Amount Remaining,Status\n" +
				"in_1A,ABC-0001,cus_9,Acme Ltd,ap@acme.test,2026-03-31 23:30,2026-04-30 23:30,usd,1000.00,1000.00,750.00,250.00,open\n" +
				"in_1B,ABC-0002,cus_8,,x@y.test,2026-01-05 10:00,2026-02-04 10:00,usd,10.00,10.00,10.00,0.00,paid\n",
			// Customer Name is the client; Customer, the cus_… id, is then
			// the client_id (its "after" header).
			mapping: map[string]string{"number": "Number", "client": "Customer Name", "client_id": "Customer", "issue_date": "Date (UTC)",
				"due_date": "Due Date (UTC)", "currency": "Currency", "amount": "Total", "balance": "Amount Remaining", "status": "Status"},
			check: func(t *testing.T, res *Result) {
				// 23:30 UTC on 31 March is 01:30 on 1 April in Amsterdam (UTC+2).
				wantInvoice(t, res, analysis.Invoice{ClientID: "cus_9", ClientName: "Acme Ltd", Number: "ABC-0001", Issued: day(2026, 4, 1), Due: day(2026, 5, 1),
					Amount: 100000, Currency: "USD", Status: "open", Balance: 25000, HasBalance: true})
				// No customer name: the invoice has the id alone (never
				// a name taken from another column).
				wantInvoice(t, res, analysis.Invoice{ClientID: "cus_8", Number: "ABC-0002", Issued: day(2026, 1, 5), Due: day(2026, 2, 4),
					Amount: 1000, Currency: "USD", Status: "paid", HasBalance: true})
			},
		},
		{
			tool: "Stripe payments", kind: analysis.InputPayments, locale: dmy,
			csv: "id,Description,Seller Message,Created (UTC),Amount,Amount Refunded,Currency,Converted Amount,Converted Amount Refunded,Fee,Tax,Converted Currency,Mode,Status,Statement Descriptor,Customer ID,Customer Description,Customer Email,Captured,Invoice ID\n" +
				"ch_3A,Payment for Invoice,Payment complete.,2026-01-31 23:30:00,120.00,0.00,usd,110.40,0.00,3.78,0.00,eur,Live,Paid,ACME,cus_9,Acme Ltd,ap@acme.test,true,in_1A\n",
			mapping: map[string]string{"reference": "id", "date": "Created (UTC)", "amount": "Amount", "refunded": "Amount Refunded", "currency": "Currency",
				"status": "Status", "client_id": "Customer ID", "client": "Customer Description", "invoice": "Invoice ID"},
			check: func(t *testing.T, res *Result) {
				// 23:30 UTC on 31 January is 00:30 on 1 February in Amsterdam (UTC+1).
				wantPayment(t, res, analysis.Payment{ClientID: "cus_9", ClientName: "Acme Ltd", Invoice: "in_1A", Date: day(2026, 2, 1),
					Amount: 12000, Currency: "USD", Reference: "ch_3A", Status: "Paid", HasRefunded: true})
			},
		},
		{
			// The Dashboard's payments export today: the date is "Created
			// date (UTC)" (which stopped the run, exit 3), with Status and
			// Amount Refunded; ids as Stripe writes them.
			tool: "Stripe payments (Created date)", kind: analysis.InputPayments, locale: dmy,
			csv: "id,Created date (UTC),Amount,Amount Refunded,Currency,Captured,Converted Amount,Converted Amount Refunded,Converted Currency,Fee,Status,Customer ID,Customer Description,Customer Email,Invoice ID\n" +
				"ch_1,2026-10-01 15:00:00,1500.00,0.00,usd,true,1380.00,0.00,eur,45.00,Paid,cus_1,Acme Ltd,ap@acme.test,in_1\n" +
				"ch_2,2026-10-02 10:00:00,1000.00,300.00,usd,true,920.00,276.00,eur,30.00,Paid,cus_1,Acme Ltd,ap@acme.test,\n" +
				"ch_3,2026-10-03 11:00:00,500.00,0.00,usd,false,460.00,0.00,eur,0.00,Failed,cus_2,,x@beta.test,\n",
			mapping: map[string]string{"reference": "id", "date": "Created date (UTC)", "amount": "Amount", "refunded": "Amount Refunded",
				"currency": "Currency", "status": "Status", "client_id": "Customer ID", "client": "Customer Description", "invoice": "Invoice ID"},
			check: func(t *testing.T, res *Result) {
				wantPayment(t, res, analysis.Payment{ClientID: "cus_1", ClientName: "Acme Ltd", Invoice: "in_1", Date: day(2026, 10, 1),
					Amount: 150000, Currency: "USD", Reference: "ch_1", Status: "Paid", HasRefunded: true})
				// 300.00 of 1,000.00 paid back: kept as read, for the analysis.
				wantPayment(t, res, analysis.Payment{ClientID: "cus_1", ClientName: "Acme Ltd", Date: day(2026, 10, 2),
					Amount: 100000, Currency: "USD", Reference: "ch_2", Status: "Paid", Refunded: 30000, HasRefunded: true})
				wantPayment(t, res, analysis.Payment{ClientID: "cus_2", Date: day(2026, 10, 3),
					Amount: 50000, Currency: "USD", Reference: "ch_3", Status: "Failed", HasRefunded: true})
			},
		},
		{
			tool: "Zendesk tickets", kind: analysis.InputSupport, locale: dmy,
			csv: "Summation column,Id,Requester,Requester id,Requester external id,Requester email,Requester domain,Submitter,Assignee,Group,Subject,Tags,Status,Priority,Via,Ticket type,Created at,Updated at,Assigned at,Organization,Due date,Initially assigned at,Solved at\n" +
				"1,101,Jane Roe,9001,,jane@acme.test,acme.test,Jane Roe,Sam,Support,Invoice wrong,billing discount,solved,normal,Web form,question,2026-03-04 22:15:00 +0100,2026-03-05 09:00:00 +0100,,Acme Ltd,,,\n" +
				"1,102,John Doe,9002,,john@gmail.test,gmail.test,John Doe,Sam,Support,Help,,open,low,Email,incident,2026-03-07 10:00:00 +0100,,,,,,\n",
			mapping: map[string]string{"client": "Organization", "email": "Requester email", "person": "Assignee", "date": "Created at", "channel": "Via", "tags": "Tags"},
			check: func(t *testing.T, res *Result) {
				wantContact(t, res, analysis.Contact{ClientName: "Acme Ltd", Email: "jane@acme.test", Person: "Sam", Date: day(2026, 3, 4), Time: analysis.Clock(22, 15),
					Channel: "Web form", Tags: "billing discount"})
				// No organization: no client, never the requester's name;
				// the requester's email may still say whose it is.
				wantContact(t, res, analysis.Contact{Email: "john@gmail.test", Person: "Sam", Date: day(2026, 3, 7), Time: analysis.Clock(10, 0), Channel: "Email"})
			},
		},
		{
			// Fields the account adds carry a type suffix, and a unit.
			tool: "Zendesk tickets (typed fields)", kind: analysis.InputSupport, locale: dmy,
			csv: "Id,Requester,Requester email,Assignee,Subject,Tags,Via,Created at,Organization,Total time spent (sec) [int],Category [list]\n" +
				"201,Jane Roe,jane@acme.test,Sam Lee,Invoice,,Email,2026-03-04 09:00:00 +0100,Acme Ltd,5400,billing\n" +
				"202,John Doe,john@beta.test,,Help,,Web form,2026-03-05 09:00:00 +0100,,0,other\n",
			mapping: map[string]string{"client": "Organization", "email": "Requester email", "person": "Assignee", "date": "Created at",
				"channel": "Via", "tags": "Tags", "hours": "Total time spent (sec) [int]"},
			check: func(t *testing.T, res *Result) {
				// 5400 s is 1 h 30 min; 0 s is no time logged.
				wantContact(t, res, analysis.Contact{ClientName: "Acme Ltd", Email: "jane@acme.test", Person: "Sam Lee", Date: day(2026, 3, 4),
					Time: analysis.Clock(9, 0), Hours: 90 * time.Minute, HasHours: true, Channel: "Email"})
				wantContact(t, res, analysis.Contact{Email: "john@beta.test", Date: day(2026, 3, 5), Time: analysis.Clock(9, 0), Channel: "Web form"})
			},
		},
		{
			tool: "Freshdesk tickets", kind: analysis.InputSupport, locale: dmy,
			csv: "Ticket ID,Subject,Status,Priority,Source,Type,Agent,Group,Created time,Due by Time,Resolved time,Closed time,Last update time,Initial response time,Time tracked,First response time (in hrs),Resolution time (in hrs),Agent interactions,Customer interactions,Resolution status,First response status,Tags,Survey results,Product,Full name,Email,Company Name\n" +
				"7,Change the logo,Closed,Low,Phone,Feature Request,Sam,Design,2026-03-07 03:12:45,2026-03-08 03:12:45,2026-03-07 09:00:00,2026-03-08 09:00:00,2026-03-08 09:00:00,2026-03-07 08:00:00,2:15,4.8,5.8,2,1,Within SLA,Within SLA,\"change request,rework\",,,Zoë Quinn,zoe@acme.test,Acme Ltd\n",
			mapping: map[string]string{"client": "Company Name", "email": "Email", "person": "Agent", "date": "Created time", "hours": "Time tracked",
				"channel": "Source", "tags": "Tags"},
			check: func(t *testing.T, res *Result) {
				wantContact(t, res, analysis.Contact{ClientName: "Acme Ltd", Email: "zoe@acme.test", Person: "Sam", Date: day(2026, 3, 7), Time: analysis.Clock(3, 12),
					Hours: 135 * time.Minute, HasHours: true, Channel: "Phone", Tags: "change request,rework"})
			},
		},
		{
			// Issue 11: an empty Company Name is empty; the value is never
			// Full name's (a requester is not a client).
			tool: "Freshdesk tickets (no company)", kind: analysis.InputSupport, locale: dmy,
			csv: "Ticket ID,Subject,Status,Source,Agent,Created time,Time tracked,Tags,Full name,Email,Company Name\n" +
				"8,Help,Open,Email,Sam,2026-03-08 10:00:00,0:00,,Zoë Quinn,zoe@gmail.test,\n",
			mapping: map[string]string{"client": "Company Name", "email": "Email", "person": "Agent", "date": "Created time", "hours": "Time tracked",
				"channel": "Source", "tags": "Tags"},
			check: func(t *testing.T, res *Result) {
				wantContact(t, res, analysis.Contact{Email: "zoe@gmail.test", Person: "Sam", Date: day(2026, 3, 8), Time: analysis.Clock(10, 0), Channel: "Email"})
			},
		},
		{
			tool: "Harvest detailed time", kind: analysis.InputTime, locale: dmy,
			csv: "Date,Client,Project,Project Code,Task,Notes,Hours,Hours Rounded,Billable?,Invoiced?,Approved?,First Name,Last Name,Roles,Employee?,Billable Rate,Billable Amount,Cost Rate,Cost Amount,Currency,External Reference URL\n" +
				"2026-05-01,Acme & Co,Migration,MIG,Development,Built import,1.25,1.5,Yes,No,Yes,Ada,Lovelace,Developer,Yes,150,187.50,75,93.75,Euro - EUR,\n" +
				"2026-05-02,Nordic AB,Support,SUP,Support,Call,0.5,0.5,No,No,Yes,Grace,Hopper,,Yes,0,0,0,0.00,Euro - EUR,\n",
			mapping: map[string]string{"date": "Date", "client": "Client", "project": "Project", "task": "Task", "hours": "Hours", "billable": "Billable?",
				"first_name": "First Name", "last_name": "Last Name", "role": "Roles", "cost": "Cost Amount", "currency": "Currency"},
			check: func(t *testing.T, res *Result) {
				// Cost Amount 93.75 is the cost; Billable Amount 187.50 is
				// what Acme is charged, not a cost.
				wantTime(t, res, analysis.TimeEntry{ClientName: "Acme & Co", Date: day(2026, 5, 1), Hours: 75 * time.Minute, HasHours: true,
					Cost: 9375, HasCost: true, Currency: "EUR", Person: "Ada Lovelace", Role: "Developer", Billable: true,
					Project: "Migration", Task: "Development"})
				// No cost rate: Harvest writes 0.00, which is no cost given
				// (the hourly cost will apply).
				wantTime(t, res, analysis.TimeEntry{ClientName: "Nordic AB", Date: day(2026, 5, 2), Hours: 30 * time.Minute, HasHours: true,
					Currency: "EUR", Person: "Grace Hopper", Project: "Support", Task: "Support"})
			},
		},
		{
			tool: "Toggl Track detailed", kind: analysis.InputTime, locale: dmy,
			csv: "User,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,End time,Duration,Tags,Amount (EUR)\n" +
				"Aisha Patel,aisha@example.test,Drakenstein,Bridge,Site visit,\"Inspection, east\",Yes,2026-09-28,08:30:00,2026-09-28,10:00:00,01:30:00,\"site, travel\",135.00\n" +
				"Aisha Patel,aisha@example.test,Drakenstein,Bridge,,Stand-up,No,2026-09-29,09:00:00,2026-09-29,09:00:00,0:00:00,,\n",
			mapping: map[string]string{"person": "User", "client": "Client", "project": "Project", "task": "Task", "billable": "Billable",
				"date": "Start date", "hours": "Duration"},
			check: func(t *testing.T, res *Result) {
				// Amount (EUR) is what the client is charged: no cost.
				wantTime(t, res, analysis.TimeEntry{ClientName: "Drakenstein", Date: day(2026, 9, 28), Hours: 90 * time.Minute, HasHours: true,
					Person: "Aisha Patel", Billable: true, Project: "Bridge", Task: "Site visit"})
				// 0:00:00 is no hours.
				wantTime(t, res, analysis.TimeEntry{ClientName: "Drakenstein", Date: day(2026, 9, 29), Person: "Aisha Patel", Project: "Bridge"})
			},
		},
		{
			tool: "Clockify detailed (12-hour times)", kind: analysis.InputTime, locale: mdy,
			csv: "Project,Client,Description,Task,User,Group,Email,Tags,Billable,Start Date,Start Time,End Date,End Time,Duration (h),Duration (decimal),Billable Rate (USD),Billable Amount (USD),Cost Rate (USD),Cost Amount (USD)\n" +
				"Website,Example,Implementation,,Anna,,anna@example.test,,No,01/12/2026,08:00:05 AM,01/12/2026,09:30:35 AM,01:30:30,1.51,50,75.50,40,60.40\n" +
				"Website,Example,Design,,Anna,,anna@example.test,,Yes,01/13/2026,01:00:00 PM,01/13/2026,01:45:00 PM,00:45:00,0.75,50,37.50,0,0.00\n",
			// Duration (decimal) wins over Duration (h) by priority.
			mapping: map[string]string{"project": "Project", "client": "Client", "task": "Task", "person": "User", "billable": "Billable", "date": "Start Date",
				"hours": "Duration (decimal)", "cost": "Cost Amount (USD)"},
			check: func(t *testing.T, res *Result) {
				// 1.51 h is 5436 s; the cost is in the header's currency.
				wantTime(t, res, analysis.TimeEntry{ClientName: "Example", Date: day(2026, 1, 12), Hours: 5436 * time.Second, HasHours: true,
					Cost: 6040, HasCost: true, Currency: "USD", Person: "Anna", Project: "Website"})
				wantTime(t, res, analysis.TimeEntry{ClientName: "Example", Date: day(2026, 1, 13), Hours: 45 * time.Minute, HasHours: true,
					Currency: "USD", Person: "Anna", Billable: true, Project: "Website"})
			},
		},
		{
			// A plain expenses sheet (no tool's layout claimed): client,
			// date, amount, currency, category, description.
			tool: "expenses", kind: analysis.InputExpenses, locale: dmy,
			csv: "Date,Client,Category,Description,Amount,Currency\n" +
				"03/02/2026,Acme Ltd,Subcontractor,Copywriting,\"1,200.00\",EUR\n" +
				"04/02/2026,Beta BV,Licences,Stock photos,99.50,USD\n",
			mapping: map[string]string{"date": "Date", "client": "Client", "category": "Category", "description": "Description", "amount": "Amount", "currency": "Currency"},
			check: func(t *testing.T, res *Result) {
				wantExpense(t, res, analysis.Expense{ClientName: "Acme Ltd", Date: day(2026, 2, 3), Amount: 120000, Currency: "EUR",
					Category: "Subcontractor", Description: "Copywriting"})
				wantExpense(t, res, analysis.Expense{ClientName: "Beta BV", Date: day(2026, 2, 4), Amount: 9950, Currency: "USD",
					Category: "Licences", Description: "Stock photos"})
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.tool, func(t *testing.T) {
			header, _, _ := strings.Cut(tt.csv, "\n")
			got, _ := headerMap(tt.kind, header, ",")
			if !reflect.DeepEqual(got, tt.mapping) {
				t.Errorf("mapping =\n%v\nwant\n%v", got, tt.mapping)
			}
			dir := writeFiles(t, map[string]string{"export.csv": tt.csv})
			loc := tt.locale
			res, err := readInputs(t, func(o *Options) { o.BaseDir = dir }, Input{Kind: tt.kind, Pattern: "export.csv", Locale: &loc})
			if tt.refused {
				if !errors.Is(err, ErrInput) {
					t.Errorf("error = %v, want an input error", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Issues) != 0 {
				t.Errorf("issues: %+v", res.Issues)
			}
			tt.check(t, res)
		})
	}
}

// wantInvoice fails unless res has an invoice equal to want (Ref aside).
func wantInvoice(t *testing.T, res *Result, want analysis.Invoice) {
	t.Helper()
	for _, got := range res.Data.Invoices {
		got.Ref = analysis.Ref{}
		if reflect.DeepEqual(got, want) {
			return
		}
	}
	t.Errorf("no invoice\n%+v\namong\n%+v", want, res.Data.Invoices)
}

func wantPayment(t *testing.T, res *Result, want analysis.Payment) {
	t.Helper()
	for _, got := range res.Data.Payments {
		got.Ref = analysis.Ref{}
		if reflect.DeepEqual(got, want) {
			return
		}
	}
	t.Errorf("no payment\n%+v\namong\n%+v", want, res.Data.Payments)
}

func wantTime(t *testing.T, res *Result, want analysis.TimeEntry) {
	t.Helper()
	for _, got := range res.Data.Time {
		got.Ref = analysis.Ref{}
		if reflect.DeepEqual(got, want) {
			return
		}
	}
	t.Errorf("no time entry\n%+v\namong\n%+v", want, res.Data.Time)
}

func wantExpense(t *testing.T, res *Result, want analysis.Expense) {
	t.Helper()
	for _, got := range res.Data.Expenses {
		got.Ref = analysis.Ref{}
		if reflect.DeepEqual(got, want) {
			return
		}
	}
	t.Errorf("no expense\n%+v\namong\n%+v", want, res.Data.Expenses)
}

func wantContact(t *testing.T, res *Result, want analysis.Contact) {
	t.Helper()
	for _, got := range res.Data.Contacts {
		got.Ref = analysis.Ref{}
		if reflect.DeepEqual(got, want) {
			return
		}
	}
	t.Errorf("no contact\n%+v\namong\n%+v", want, res.Data.Contacts)
}

func TestNormalizeHeader(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want headerKey
	}{
		{"Due Date", headerKey{"duedate", "duedate", ""}},
		{"*DueDate", headerKey{"duedate", "duedate", ""}},
		{" due_date ", headerKey{"duedate", "duedate", ""}},
		{"Created (UTC)", headerKey{"createdutc", "created", "utc"}},
		{"Amount (EUR)", headerKey{"amounteur", "amount", "eur"}},
		{"Invoice No.", headerKey{"invoiceno", "invoiceno", ""}},
		{"Billable?", headerKey{"billable", "billable", ""}},
		{"Amount ()", headerKey{"amount", "amount", ""}},
		{"Société", headerKey{"société", "société", ""}},
	}
	for _, tt := range tests {
		if got := normalizeHeader(tt.in); got != tt.want {
			t.Errorf("normalizeHeader(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
	}
}

// Within one input no header may name two columns, or the table order
// would decide silently; every required column must be in the table.
func TestAliasTableIsConsistent(t *testing.T) {
	t.Parallel()
	for _, kind := range inputOrder {
		spec := specs[kind]
		owner := map[string]string{}
		for _, col := range spec.columns {
			seen := map[string]bool{}
			for _, h := range col.headers {
				k := normalizeHeader(h).full
				if seen[k] {
					t.Errorf("%s.%s lists %q twice", kind, col.name, h)
				}
				seen[k] = true
			}
			for _, h := range append([]string{col.name}, col.headers...) {
				k := normalizeHeader(h).full
				if o, ok := owner[k]; ok && o != col.name {
					t.Errorf("%s: %q names both %s and %s", kind, h, o, col.name)
				}
				owner[k] = col.name
			}
			// An after header is an earlier column's, taken here only
			// when that one took another.
			for _, h := range spec.after[col.name] {
				if o, ok := owner[normalizeHeader(h).full]; !ok || o == col.name {
					t.Errorf("%s.%s: after header %q is no earlier column's", kind, col.name, h)
				}
			}
		}
		for _, g := range spec.required {
			for _, name := range g {
				if !KnownColumn(kind, name) {
					t.Errorf("%s requires %s, which is not in its table", kind, name)
				}
			}
		}
	}
}

func TestColumns(t *testing.T) {
	t.Parallel()
	req, opt := Columns(analysis.InputInvoices)
	if want := []string{"client|client_id", "number", "issue_date", "due_date|terms", "amount"}; !reflect.DeepEqual(req, want) {
		t.Errorf("required = %v, want %v", req, want)
	}
	if want := []string{"currency", "status", "type", "applies_to", "paid_date", "balance", "disputed", "tax"}; !sameSet(opt, want) {
		t.Errorf("optional = %v, want %v", opt, want)
	}
	req, opt = Columns(analysis.InputSupport)
	if want := []string{"client|client_id|email", "date"}; !reflect.DeepEqual(req, want) {
		t.Errorf("support required = %v", req)
	}
	if want := []string{"time", "hours", "cost", "person", "role", "channel", "tags", "billable", "currency"}; !sameSet(opt, want) {
		t.Errorf("support optional = %v", opt)
	}
	req, opt = Columns(analysis.InputTime)
	if want := []string{"client|client_id", "date", "hours"}; !reflect.DeepEqual(req, want) {
		t.Errorf("time required = %v", req)
	}
	if want := []string{"person", "first_name", "last_name", "role", "billable", "cost", "project", "task", "currency"}; !sameSet(opt, want) {
		t.Errorf("time optional = %v", opt)
	}
	req, opt = Columns(analysis.InputExpenses)
	if want := []string{"client|client_id", "date", "amount"}; !reflect.DeepEqual(req, want) {
		t.Errorf("expenses required = %v", req)
	}
	if want := []string{"currency", "category", "description"}; !sameSet(opt, want) {
		t.Errorf("expenses optional = %v", opt)
	}
	if r, o := Columns("sales"); r != nil || o != nil {
		t.Errorf("unknown kind gives %v %v", r, o)
	}
}

func sameSet(a, b []string) bool {
	m := map[string]int{}
	for _, s := range a {
		m[s]++
	}
	for _, s := range b {
		m[s]--
	}
	for _, n := range m {
		if n != 0 {
			return false
		}
	}
	return len(a) == len(b)
}

// testdata/aliases.md is the table the README shows; go test -update
// rewrites it.
func TestAliasMarkdownIsCurrent(t *testing.T) {
	t.Parallel()
	got := aliasMarkdown()
	if *update {
		if err := os.WriteFile("testdata/aliases.md", []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile("testdata/aliases.md")
	if err != nil {
		t.Fatal(err, "(run go test ./ingest -run AliasMarkdown -update)")
	}
	if got != string(want) {
		t.Error("testdata/aliases.md is stale: run go test ./ingest -run AliasMarkdown -update")
	}
}

// The README lists the same table, so users see what the code recognises.
func TestREADMEListsAliases(t *testing.T) {
	t.Parallel()
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(readme), aliasMarkdown()) {
		t.Error("README.md's header table differs from testdata/aliases.md: paste testdata/aliases.md into the README's Inputs section")
	}
}
