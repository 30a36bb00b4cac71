package ingest

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"clientscore/analysis"
)

// Input.Defaults gives a value for a column the export lacks or leaves
// empty, read as a cell in the file's locale; a required column it gives
// needs no header.
func TestDefaults(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		kind     analysis.Input
		csv      string
		defaults map[string]string
		check    func(t *testing.T, res *Result)
	}{
		{
			// No due date and no terms column: the export's terms are Net
			// 30, so 01/03 is due 31/03 and 15/02 (2026, no leap day) is
			// due 17/03. Without the default this file has no header row.
			name: "terms for an export with no due date", kind: analysis.InputInvoices,
			csv:      "Date,Num,Customer,Amount\n01/03/2026,A-1,Acme,100.00\n15/02/2026,A-2,Acme,250.00\n",
			defaults: map[string]string{"terms": "Net 30"},
			check: func(t *testing.T, res *Result) {
				wantInvoice(t, res, analysis.Invoice{ClientName: "Acme", Number: "A-1", Issued: day(2026, 3, 1), Due: day(2026, 3, 31), Amount: 10000})
				wantInvoice(t, res, analysis.Invoice{ClientName: "Acme", Number: "A-2", Issued: day(2026, 2, 15), Due: day(2026, 3, 17), Amount: 25000})
			},
		},
		{
			// The default fills the empty cells only: B-1's own terms
			// (Net 14) and B-3's own due date stand.
			name: "terms where the column is empty", kind: analysis.InputInvoices,
			csv: "Date,Num,Customer,Due Date,Terms,Amount\n" +
				"01/03/2026,B-1,Acme,,Net 14,100.00\n" +
				"01/03/2026,B-2,Acme,,,100.00\n" +
				"01/03/2026,B-3,Acme,20/03/2026,,100.00\n",
			defaults: map[string]string{"terms": "Due on receipt"},
			check: func(t *testing.T, res *Result) {
				wantInvoice(t, res, analysis.Invoice{ClientName: "Acme", Number: "B-1", Issued: day(2026, 3, 1), Due: day(2026, 3, 15), Amount: 10000})
				wantInvoice(t, res, analysis.Invoice{ClientName: "Acme", Number: "B-2", Issued: day(2026, 3, 1), Due: day(2026, 3, 1), Amount: 10000})
				wantInvoice(t, res, analysis.Invoice{ClientName: "Acme", Number: "B-3", Issued: day(2026, 3, 1), Due: day(2026, 3, 20), Amount: 10000})
			},
		},
		{
			// An export whose currency cells are empty where the amount is
			// in USD: the default is read as a cell is ("usd" is USD), and
			// Beta's own EUR stands.
			name: "currency of an export in another currency", kind: analysis.InputPayments,
			csv:      "Date,Customer,Amount,Currency\n02/03/2026,Acme,120.00,\n03/03/2026,Beta,80.00,EUR\n",
			defaults: map[string]string{"currency": "usd"},
			check: func(t *testing.T, res *Result) {
				wantPayment(t, res, analysis.Payment{ClientName: "Acme", Date: day(2026, 3, 2), Amount: 12000, Currency: "USD"})
				wantPayment(t, res, analysis.Payment{ClientName: "Beta", Date: day(2026, 3, 3), Amount: 8000, Currency: "EUR"})
			},
		},
		{
			// Every entry of this log is billable delivery work.
			name: "billable for a time log that lacks the column", kind: analysis.InputTime,
			csv:      "Date,Client,Hours\n02/03/2026,Acme,1.5\n",
			defaults: map[string]string{"billable": "yes"},
			check: func(t *testing.T, res *Result) {
				wantTime(t, res, analysis.TimeEntry{ClientName: "Acme", Date: day(2026, 3, 2), Hours: 90 * time.Minute, HasHours: true, Billable: true})
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeFiles(t, map[string]string{"export.csv": tt.csv})
			res := mustRead(t, func(o *Options) { o.BaseDir = dir }, Input{Kind: tt.kind, Pattern: "export.csv", Defaults: tt.defaults})
			if len(res.Issues) != 0 {
				t.Errorf("issues: %+v", res.Issues)
			}
			tt.check(t, res)
		})
	}
}

// A default that names no column, is empty or does not read is a setting
// to fix, said once, before any file is read.
func TestBadDefaults(t *testing.T) {
	t.Parallel()
	dir := writeFiles(t, map[string]string{"export.csv": "Date,Num,Customer,Amount\n01/03/2026,A-1,Acme,100.00\n"})
	tests := []struct {
		defaults map[string]string
		want     string
	}{
		{map[string]string{"term": "Net 30"}, `invoices: defaults: "term" is not a column of invoices; its columns are amount, applies_to, balance, client, client_id, currency, disputed, due_date, issue_date, number, paid_date, status, tax, terms, type`},
		{map[string]string{"terms": "  "}, `invoices: defaults: terms is empty: give it a value or leave it out`},
		{map[string]string{"terms": "Net thirty"}, `invoices: defaults: terms: "Net thirty" is not payment terms (write Net 30, 30 or Due on receipt, or give a due date)`},
		{map[string]string{"terms": "Net 30", "currency": "GBP"}, `invoices: defaults: currency: no fx rate for GBP: add it under fx`},
		{map[string]string{"terms": "Net 30", "due_date": "31/02/2026"}, `invoices: defaults: due_date: "31/02/2026" is not a date in DMY order (February 2026 has 28 days)`},
	}
	for _, tt := range tests {
		t.Run(tt.want[20:40], func(t *testing.T) {
			_, err := readInputs(t, func(o *Options) { o.BaseDir = dir }, Input{Kind: analysis.InputInvoices, Pattern: "export.csv", Defaults: tt.defaults})
			if !errors.Is(err, ErrInput) || err.Error() != tt.want {
				t.Errorf("error\n%v\nwant\n%s", err, tt.want)
			}
		})
	}
}

// Issue 11: the message for an invoice with no due date and no terms
// names the defaults key that would fix the whole export.
func TestMissingDueDateNamesTheDefault(t *testing.T) {
	t.Parallel()
	dir := writeFiles(t, map[string]string{"export.csv": "Date,Num,Customer,Due Date,Amount\n01/03/2026,A-1,Acme,,100.00\n"})
	res := mustRead(t, func(o *Options) { o.BaseDir = dir }, Input{Kind: analysis.InputInvoices, Pattern: "export.csv"})
	if len(res.Issues) != 1 || !strings.Contains(res.Issues[0].Problem, `inputs.invoices.defaults (terms: "Net 30")`) ||
		res.Issues[0].Column != "Due Date (D)" || len(res.Data.Invoices) != 0 {
		t.Errorf("issues %+v, invoices %+v", res.Issues, res.Data.Invoices)
	}
}

// The clients input's domains are a list, like its aliases.
func TestClientDomains(t *testing.T) {
	t.Parallel()
	dir := writeFiles(t, map[string]string{"clients.csv": "Client,Aliases,Domains\n" +
		"Acme Ltd,ACME; Acme Corp,acme.com; acme.co.uk\n" +
		"Beta BV,,\"beta.nl, beta.be\"\n" +
		"Gamma,,\n"})
	res := mustRead(t, func(o *Options) { o.BaseDir = dir }, Input{Kind: analysis.InputClients, Pattern: "clients.csv"})
	want := []struct {
		name             string
		aliases, domains []string
	}{
		{"Acme Ltd", []string{"ACME", "Acme Corp"}, []string{"acme.com", "acme.co.uk"}},
		{"Beta BV", nil, []string{"beta.nl", "beta.be"}},
		{"Gamma", nil, nil},
	}
	if len(res.Data.Clients) != len(want) {
		t.Fatalf("clients %+v", res.Data.Clients)
	}
	for i, c := range res.Data.Clients {
		if c.Name != want[i].name || !slices.Equal(c.Aliases, want[i].aliases) || !slices.Equal(c.Domains, want[i].domains) {
			t.Errorf("client %d = %q %q %q, want %+v", i, c.Name, c.Aliases, c.Domains, want[i])
		}
	}
}

// A time log pointed at the support input reads (as contacts), with a
// warning saying where it belongs; one support cannot read is refused
// saying the same.
func TestTimeLogAsSupportIsWarned(t *testing.T) {
	t.Parallel()
	dir := writeFiles(t, map[string]string{"toggl.csv": "User,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,End time,Duration,Tags,Amount ()\n" +
		"Aisha Patel,aisha@example.test,Drakenstein,Bridge,,Visit,Yes,2026-09-28,08:30:00,2026-09-28,10:00:00,01:30:00,,\n"})
	res := mustRead(t, func(o *Options) { o.BaseDir = dir }, Input{Kind: analysis.InputSupport, Pattern: "toggl.csv"})
	if len(res.Data.Contacts) != 1 || len(res.Issues) != 1 {
		t.Fatalf("contacts %+v issues %+v", res.Data.Contacts, res.Issues)
	}
	is := res.Issues[0]
	if is.Severity != analysis.SeverityWarning || is.Row != 1 || is.Value != "Start date, Start time, End date, End time, Duration" ||
		!strings.Contains(is.Problem, "under inputs.time") {
		t.Errorf("issue %+v", is)
	}
	dir = writeFiles(t, map[string]string{"harvest.csv": "Spent,Client,Project,Project Code,Task,Hours,Hours Rounded\n2026-05-01,Acme,Web,W1,Dev,1.0,1.0\n"})
	_, err := readInputs(t, func(o *Options) { o.BaseDir = dir }, Input{Kind: analysis.InputSupport, Pattern: "harvest.csv"})
	if err == nil || !strings.HasSuffix(err.Error(), "; this looks like a time log (Harvest, Toggl or Clockify): time logs go under inputs.time") {
		t.Errorf("error %v", err)
	}
	// A helpdesk export is not warned about.
	dir = writeFiles(t, map[string]string{"t.csv": "Ticket ID,Subject,Agent,Created time,Time tracked,Company Name\n7,Help,Sam,2026-03-07 03:12:45,0:30,Acme\n"})
	res = mustRead(t, func(o *Options) { o.BaseDir = dir }, Input{Kind: analysis.InputSupport, Pattern: "t.csv"})
	if len(res.Issues) != 0 {
		t.Errorf("issues %+v", res.Issues)
	}
}

// CheckInput says what Read would of an input's settings, reading no file.
func TestCheckInput(t *testing.T) {
	t.Parallel()
	opts := testOptions(t)
	if err := CheckInput(Input{Kind: analysis.InputTime, Pattern: "none/*.csv", Defaults: map[string]string{"billable": "yes", "currency": "USD"}}, opts); err != nil {
		t.Errorf("good defaults: %v", err)
	}
	err := CheckInput(Input{Kind: analysis.InputTime, Pattern: "none/*.csv", Defaults: map[string]string{"billable": "sometimes"}}, opts)
	if want := `time: defaults: billable: "sometimes" is not yes or no`; err == nil || err.Error() != want {
		t.Errorf("error %v, want %s", err, want)
	}
	in := Input{Kind: analysis.InputInvoices, Defaults: map[string]string{"terms": " Net 30 "}}
	if err := CheckInput(in, opts); err != nil || in.Defaults["terms"] != " Net 30 " {
		t.Errorf("error %v; the caller's defaults became %q", err, in.Defaults)
	}
}
