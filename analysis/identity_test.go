package analysis

import (
	"slices"
	"strings"
	"testing"
	"time"
)

func TestNameKey(t *testing.T) {
	tests := []struct {
		name, a, b string
		same       bool
	}{
		{"case and spacing", "  ACME   corp ", "Acme Corp", true},
		{"punctuation", "Acme, Corp.", "Acme Corp", true},
		{"a combining accent is the composed one", "Cafe\u0301 Mu\u0308ller", "Café Müller", true},
		{"accents dropped", "Café Müller", "CAFE MULLER", true},
		{"sharp s folds to ss", "Straße", "STRASSE", true},
		{"a zero-width space is nothing", "Bright\u200bline", "Brightline", true},
		{"a tab is a space", "Acme\tCorp", "Acme Corp", true},
		{"B.V. is BV", "Kessler B.V.", "Kessler BV", true},
		{"different words", "Acme Corp", "Acme Group", false},
		{"a suffix is not dropped here", "Acme Ltd", "Acme", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := nameKey(tt.a) == nameKey(tt.b); got != tt.same {
				t.Errorf("nameKey(%q) = %q, nameKey(%q) = %q: same %v, want %v", tt.a, nameKey(tt.a), tt.b, nameKey(tt.b), got, tt.same)
			}
		})
	}
	for _, tt := range []struct{ in, want string }{
		{"  Café  Noir ", "cafe noir"}, {"\u00a0Ørsted\tA/S ", "ørsted as"},
	} {
		if got := nameKey(tt.in); got != tt.want {
			t.Errorf("nameKey(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	for _, tt := range []struct{ in, want string }{
		{"abc", "abc"}, {"abc ", "abc"}, {" abc", "abc"}, {"a  b", "a b"}, {"A B", "a b"}, {"", ""}, {" ", ""}, {"a\tb", "a b"},
	} {
		if got := foldName(tt.in); got != tt.want {
			t.Errorf("foldName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := nameKey("+++"); got != "+++" {
		t.Errorf("a name of punctuation only keys as itself: %q", got)
	}
	loose := []struct{ in, want string }{
		{"Acme Ltd.", "acme"}, {"Acme Pty Ltd", "acme"}, {"Kessler s.r.o.", "kessler"}, {"Müller GmbH", "muller"},
		{"Acme Co.", "acme"}, {"Acme Corp", "acme"}, {"Nestlé S.A.", "nestle"}, {"Bayer AG", "bayer"}, {"Ltd", "ltd"},
		{"Acme Limited LLC", "acme"}, {"Acme Inc Holdings", "acme inc holdings"}, {"Acme plc", "acme plc"},
	}
	for _, tt := range loose {
		if got := looseName(tt.in); got != tt.want {
			t.Errorf("looseName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestDomainOf(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"jo@Acme.COM", "acme.com"}, {"<jo@acme.com>", "acme.com"}, {"jo@www.acme.com.", "acme.com"}, {"no address", ""}, {"", ""},
		{"@acme.com", "acme.com"}, {"a@b@acme.com", "acme.com"},
	} {
		if got := domainOf(tt.in); got != tt.want {
			t.Errorf("domainOf(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// withIDs are records with a client id as well as a name.
func invoiceWithID(name, id, number, issued, due string, amount Money) Invoice {
	inv := invoice(name, number, issued, due, amount)
	inv.ClientID = id
	return inv
}

func paymentWithID(name, id, number, date string, amount Money) Payment {
	p := payment(name, number, date, amount)
	p.ClientID = id
	return p
}

// TestClientIdentity is SPEC §3's "names resolve, ids are learnt", case
// by case: the clients a result has, and the warnings it gives.
func TestClientIdentity(t *testing.T) {
	type want struct {
		clients  []string // names, sorted
		check    func(t *testing.T, res *Result)
		warnings []string // problems that must be warned about, once each
	}
	contactWithID := func(name, id, date string) Contact {
		c := contact(name, date, Clock(10, 0))
		c.ClientID = id
		return c
	}
	tests := []struct {
		name string
		data Data
		want want
	}{
		{
			// Issue 11: a names-only client list beside Xero invoices (with
			// Xero contact ids) and Stripe payments (cus_ ids, some rows with
			// the customer's name): one client each, nothing split.
			name: "a names-only client list with each tool's own ids",
			data: Data{
				Clients: []Client{{Name: "Acme Ltd"}, {Name: "Beta GmbH"}},
				Invoices: []Invoice{
					invoiceWithID("Acme Ltd", "xero-7a1", "A-1", "2026-01-01", "2026-01-31", 100000),
					invoiceWithID("", "xero-7a1", "A-2", "2026-02-01", "2026-03-03", 50000), // id only: taught by A-1
					invoiceWithID("Beta GmbH", "xero-9b2", "B-1", "2026-01-01", "2026-01-31", 70000),
				},
				Payments: []Payment{
					paymentWithID("Acme Ltd", "cus_Q1", "", "2026-02-05", 100000),
					paymentWithID("", "cus_Q1", "", "2026-03-10", 50000),   // taught by the row above
					paymentWithID("", "xero-9b2", "", "2026-02-01", 70000), // a Xero id means nothing to Stripe: unmatched
				},
			},
			want: want{
				clients: []string{"Acme Ltd", "Beta GmbH"},
				check: func(t *testing.T, res *Result) {
					acme, beta := clientNamed(res, "Acme Ltd"), clientNamed(res, "Beta GmbH")
					if acme.Invoices != 2 || acme.Collected != 150000 || acme.Outstanding != 0 {
						t.Errorf("Acme: %d invoices, collected %d, outstanding %d; want 2, 150000, 0", acme.Invoices, acme.Collected, acme.Outstanding)
					}
					if beta.Collected != 0 || beta.Outstanding != 70000 {
						t.Errorf("Beta: collected %d, outstanding %d; want 0 and 70000", beta.Collected, beta.Outstanding)
					}
					if u := res.Portfolio.Unmatched; len(u) != 1 || u[0] != (Unmatched{Input: InputPayments, Rows: 1, Amount: 70000, Names: 1}) {
						t.Errorf("unmatched %+v", u)
					}
				},
				warnings: []string{"1 row name this client, which is neither in the clients input nor named by an invoice: they count for no client"},
			},
		},
		{
			name: "a legal suffix matches the one client it can",
			data: Data{
				Clients:  []Client{{Name: "Brightline Ltd"}},
				Invoices: []Invoice{invoice("Brightline Ltd", "L-1", "2026-01-01", "2026-01-31", 10000)},
				Contacts: []Contact{contact("Brightline", "2026-02-02", Clock(9, 0)), contact("BRIGHTLINE", "2026-02-03", Clock(9, 0)),
					contact("Brightline Inc.", "2026-02-04", Clock(9, 0))},
			},
			want: want{
				clients: []string{"Brightline Ltd"},
				check: func(t *testing.T, res *Result) {
					if c := clientNamed(res, "Brightline Ltd"); c.Contacts != 3 {
						t.Errorf("Brightline Ltd has %d contacts, want 3", c.Contacts)
					}
				},
				// once per spelling: "Brightline" and "BRIGHTLINE" are one
				warnings: []string{`"Brightline" is taken as "Brightline Ltd": the names differ only by a legal suffix`,
					`"Brightline Inc." is taken as "Brightline Ltd": the names differ only by a legal suffix`},
			},
		},
		{
			name: "a legal suffix that two clients match resolves to none",
			data: Data{
				Clients:  []Client{{Name: "Acme Ltd"}, {Name: "Acme Inc"}},
				Contacts: []Contact{contact("Acme", "2026-02-02", Clock(9, 0)), contact("Acme", "2026-02-03", Clock(9, 0))},
				Invoices: []Invoice{invoice("Acme LLC", "X-1", "2026-01-01", "2026-01-31", 10000)},
			},
			want: want{
				clients: []string{"Acme Inc", "Acme LLC", "Acme Ltd"},
				check: func(t *testing.T, res *Result) {
					if u := res.Portfolio.Unmatched; len(u) != 1 || u[0].Rows != 2 || u[0].Amount != 3000 || u[0].Names != 1 {
						t.Errorf("unmatched %+v, want the two contacts (2 tickets, 30.00)", u)
					}
				},
				// the invoice came first and made "Acme LLC" a client too
				warnings: []string{`"Acme" could be "Acme Ltd" or "Acme Inc" or "Acme LLC" (the names differ only by a legal suffix): it is matched to none of them`,
					`"Acme LLC" could be "Acme Ltd" or "Acme Inc" (the names differ only by a legal suffix): it is matched to none of them: the invoices make it a client of its own`,
					"2 rows name this client"},
			},
		},
		{
			name: "the clients input's id is taught to every input",
			data: Data{
				Clients:  []Client{{Name: "Gamma", ID: "C-1"}},
				Contacts: []Contact{contactWithID("", "c-1", "2026-02-02")},
				Payments: []Payment{paymentWithID("", "C-1", "", "2026-02-02", 500)},
			},
			want: want{
				clients: []string{"Gamma"},
				check: func(t *testing.T, res *Result) {
					if c := clientNamed(res, "Gamma"); c.Contacts != 1 || c.Collected != 500 {
						t.Errorf("Gamma: %d contacts, collected %d; want 1 and 500", c.Contacts, c.Collected)
					}
				},
			},
		},
		{
			name: "an id taught to two clients stays with the first",
			data: Data{
				Clients: []Client{{Name: "Delta"}, {Name: "Echo"}},
				Payments: []Payment{
					paymentWithID("Delta", "cus_1", "", "2026-02-01", 100),
					paymentWithID("Echo", "cus_1", "", "2026-02-02", 200),
					paymentWithID("", "cus_1", "", "2026-02-03", 400),
				},
			},
			want: want{
				clients: []string{"Delta", "Echo"},
				check: func(t *testing.T, res *Result) {
					if d, e := clientNamed(res, "Delta"), clientNamed(res, "Echo"); d.Collected != 500 || e.Collected != 200 {
						t.Errorf("Delta collected %d, Echo %d; want 500 (its own and the id-only row) and 200", d.Collected, e.Collected)
					}
				},
				warnings: []string{"client id cus_1 is given to Delta and, in this row, to Echo: it stays with Delta"},
			},
		},
		{
			// IBM's export names clients by id only: each id is a client.
			name: "invoices with ids only make clients by id",
			data: Data{
				Invoices: []Invoice{
					invoiceWithID("", "0042", "I-1", "2026-01-01", "2026-01-31", 100),
					invoiceWithID("", "0042", "I-2", "2026-01-02", "2026-02-01", 200),
					invoiceWithID("", "0043", "I-3", "2026-01-02", "2026-02-01", 300),
				},
				Disputes: []Dispute{{ClientID: "0042", Date: day("2026-02-01")}}, // another input: its ids are its own
			},
			want: want{
				clients: []string{"0042", "0043"},
				check: func(t *testing.T, res *Result) {
					if c := clientNamed(res, "0042"); c.Invoices != 2 || c.ID != "0042" || c.Disputes != 0 {
						t.Errorf("0042: %+v", c)
					}
				},
				warnings: []string{"1 row name this client"},
			},
		},
		{
			name: "only invoices make clients: a support row with a person's name is unmatched",
			data: Data{
				Clients: []Client{{Name: "Zeta"}},
				Contacts: []Contact{contact("Jan de Boer", "2026-02-02", Clock(9, 0)), contact("Jan de Boer", "2026-02-03", Clock(9, 0)),
					contact("jan DE boer", "2026-02-04", Clock(9, 0)), contact("Pia", "2026-02-05", Clock(9, 0)), contact("", "2026-02-06", Clock(9, 0))},
				Time:     []TimeEntry{timeEntry("Nobody Inc", "2026-02-02", 2*time.Hour)},
				Expenses: []Expense{expense("Nobody Inc", "2026-02-02", 10000, "USD")},
			},
			want: want{
				clients: []string{"Zeta"},
				check: func(t *testing.T, res *Result) {
					want := []Unmatched{
						{Input: InputSupport, Rows: 5, Amount: 7500, Names: 2}, // 5 tickets at 15.00; Jan de Boer and Pia
						{Input: InputTime, Rows: 1, Amount: 12000, Names: 1},   // 2 h at 60.00
						{Input: InputExpenses, Rows: 1, Amount: 9200, Names: 1},
					}
					if !slices.Equal(res.Portfolio.Unmatched, want) {
						t.Errorf("unmatched %+v, want %+v", res.Portfolio.Unmatched, want)
					}
					if res.Portfolio.Clients != 1 || res.Portfolio.Verdicts[Inactive] != 1 {
						t.Errorf("%d clients, verdicts %v: unmatched rows get no verdict", res.Portfolio.Clients, res.Portfolio.Verdicts)
					}
				},
				warnings: []string{"3 rows name this client", "1 row name no client, and no email of a client's domain"},
			},
		},
		{
			name: "a support row with no client is its email domain's client",
			data: Data{
				// A bare top-level domain ("uk") names no client.
				Clients: []Client{{Name: "Theta", Domains: []string{"theta.co.uk", "@Theta-Group.com"}}, {Name: "Nation", Domains: []string{"uk"}}},
				Contacts: func() []Contact {
					var cs []Contact
					for _, email := range []string{"anna@theta.co.uk", "bob@support.THETA.co.uk", "x@theta-group.com", "eve@gmail.com", "", "p@gov.uk"} {
						c := contact("", "2026-02-02", Clock(9, 0))
						c.Email = email
						cs = append(cs, c)
					}
					return cs
				}(),
			},
			want: want{
				clients: []string{"Nation", "Theta"},
				check: func(t *testing.T, res *Result) {
					if c := clientNamed(res, "Theta"); c.Contacts != 3 {
						t.Errorf("Theta has %d contacts, want 3 (two domains, one subdomain)", c.Contacts)
					}
					if u := res.Portfolio.Unmatched; len(u) != 1 || u[0].Rows != 3 || u[0].Names != 0 {
						t.Errorf("unmatched %+v, want the gmail, the empty and the gov.uk rows", u)
					}
				},
				warnings: []string{"3 rows name no client, and no email of a client's domain"},
			},
		},
		{
			name: "a Café written with a combining accent is one client",
			data: Data{
				Invoices: []Invoice{invoice("Café Noir", "C-1", "2026-01-01", "2026-01-31", 100),
					invoice("Cafe\u0301 Noir", "C-2", "2026-01-01", "2026-01-31", 100)},
				Payments: []Payment{payment("CAFE NOIR", "", "2026-01-10", 200)},
			},
			want: want{
				clients: []string{"Café Noir"},
				check: func(t *testing.T, res *Result) {
					if c := clientNamed(res, "Café Noir"); c.Invoices != 2 || c.Collected != 200 {
						t.Errorf("Café: %+v", figuresOf(c))
					}
				},
			},
		},
		{
			name: "an alias and a name of the clients input",
			data: Data{
				Clients:  []Client{{Name: "Acme Corporation", Aliases: []string{"ACME Corp.", " acme "}}},
				Invoices: []Invoice{invoice("Acme", "A-1", "2026-01-01", "2026-01-31", 100)},
				Payments: []Payment{payment("  acme   CORPORATION ", "", "2026-01-10", 100)},
			},
			want: want{clients: []string{"Acme Corporation"}, check: func(t *testing.T, res *Result) {
				if c := res.Clients[0]; c.Invoices != 1 || c.Collected != 100 || !slices.Equal(c.Aliases, []string{"ACME Corp.", "acme"}) {
					t.Errorf("%+v", c)
				}
			}},
		},
		{
			name: "the clients input: a repeated row, a taken alias, a shared name, a taken domain",
			data: Data{
				Clients: []Client{
					{Name: "Kappa", ID: "K1", Owner: "Ann", Aliases: []string{"Kappa Group"}, Domains: []string{"kappa.com"}},
					{Name: "KAPPA", Owner: "Bob"}, // the same client again: Ann stays
					{Name: "Lambda", Aliases: []string{"kappa group", ""}, Domains: []string{"kappa.com", " "}}, // taken alias and domain
					{Name: "Mu", ID: "M1"}, {Name: "Mu", ID: "M2"}, // one name, two ids: the name alone names neither
				},
				Payments: []Payment{payment("Kappa Group", "", "2026-02-01", 100), payment("Mu", "", "2026-02-01", 200),
					paymentWithID("", "M2", "", "2026-02-02", 400)},
				Contacts: func() []Contact {
					c := contact("", "2026-02-02", Clock(9, 0))
					c.Email = "x@kappa.com"
					return []Contact{c}
				}(),
			},
			want: want{
				clients: []string{"Kappa", "Lambda", "Mu", "Mu"},
				check: func(t *testing.T, res *Result) {
					k := clientNamed(res, "Kappa")
					if k.Owner != "Ann" || k.Collected != 100 || k.Contacts != 1 || k.ID != "K1" {
						t.Errorf("Kappa %+v", k)
					}
					var mu []int
					for i := range res.Clients {
						if res.Clients[i].Name == "Mu" {
							mu = append(mu, int(res.Clients[i].Collected))
						}
					}
					if len(mu) != 2 || mu[0]+mu[1] != 400 || (mu[0] != 400 && mu[1] != 400) {
						t.Errorf("the Mu clients collected %v, want 0 and 400 (the id-only row)", mu)
					}
					if u := res.Portfolio.Unmatched; len(u) != 1 || u[0].Rows != 1 || u[0].Amount != 200 {
						t.Errorf("unmatched %+v", u)
					}
				},
				warnings: []string{"client appears again in the clients input (first at row 2); the first row's details are kept",
					"alias already names another client (Kappa); kept for that client",
					"domain already belongs to another client (Kappa); kept for that client",
					"another client in the clients input has this name (with another id): rows that give only this name match neither"},
			},
		},
		{
			name: "a clients-input row again by its id; an alias as an id",
			data: Data{
				Clients:  []Client{{Name: "Nu Ltd", ID: "N-1", Aliases: []string{"NU-UK"}}, {Name: "Nu Limited (old)", ID: "n-1"}},
				Payments: []Payment{paymentWithID("", "nu-uk", "", "2026-02-01", 100)},
			},
			want: want{clients: []string{"Nu Ltd"}, check: func(t *testing.T, res *Result) {
				if c := res.Clients[0]; c.Collected != 100 || c.ID != "N-1" {
					t.Errorf("%+v", c)
				}
			}, warnings: []string{"client appears again in the clients input (first at row 2)"}},
		},
		{
			name: "a row whose name is unknown takes its taught id",
			data: Data{
				Clients:  []Client{{Name: "Iota"}},
				Payments: []Payment{paymentWithID("Iota", "cus_9", "", "2026-02-01", 100), paymentWithID("Iota Holdings", "cus_9", "", "2026-02-02", 200)},
			},
			want: want{clients: []string{"Iota"}, check: func(t *testing.T, res *Result) {
				if c := res.Clients[0]; c.Collected != 300 {
					t.Errorf("collected %d, want 300", c.Collected)
				}
			}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := analyzeChecked(t, numbered(&tt.data), testRules())
			var names []string
			for _, c := range res.Clients {
				names = append(names, c.Name)
			}
			slices.Sort(names)
			if !slices.Equal(names, tt.want.clients) {
				t.Fatalf("clients %q, want %q", names, tt.want.clients)
			}
			if tt.want.check != nil {
				tt.want.check(t, res)
			}
			for _, w := range tt.want.warnings {
				if got := issuesSaying(res, w); len(got) != 1 || got[0].Severity != SeverityWarning {
					t.Errorf("want one warning %q, got %+v", w, got)
				}
			}
			for _, is := range res.Issues {
				if is.Severity == SeverityError {
					t.Errorf("unexpected error %+v", is)
				}
			}
		})
	}
}

// TestUnmatchedIssueNamesTheRow: the one line per unmatched name points
// at its first row, with the name as spelt there.
func TestUnmatchedIssueNamesTheRow(t *testing.T) {
	d := numbered(&Data{
		Clients:  []Client{{Name: "Known"}},
		Contacts: []Contact{contact("Known", "2026-02-01", NoTime), contact(" Jan de Boer", "2026-02-02", NoTime), contact("JAN DE BOER", "2026-02-03", NoTime)},
	})
	res := analyzeChecked(t, d, testRules())
	got := issuesSaying(res, "name this client")
	if len(got) != 1 {
		t.Fatalf("issues %+v", got)
	}
	is := got[0]
	if is.Input != InputSupport || is.File != "tickets.csv" || is.Row != 3 || is.Column != "client" || is.Value != "Jan de Boer" ||
		!strings.HasPrefix(is.Problem, "2 rows name this client") {
		t.Errorf("issue %+v", is)
	}
}

// TestASCIINameKey: the ASCII fast path gives what the Unicode path gives.
func TestASCIINameKey(t *testing.T) {
	for _, s := range []string{"  ACME   corp ", "Acme, Corp.", "a\tb\nc\r\vd\fe", "B.V.", "O'Brien & Sons", "x--y", "123 Go!", "Z", "zz top",
		"\x7f weird \x00", "(Acme)", "  "} {
		k, ok := asciiNameKey(s)
		if !ok {
			if want := foldName(s); nameKey(s) != want {
				t.Errorf("nameKey(%q) = %q, want the folded %q", s, nameKey(s), want)
			}
			continue
		}
		// The Unicode path, as nameKey takes it for a name that is not ASCII.
		u, _ := strings.CutSuffix(nameKey(s+"é"), "e")
		if k != strings.TrimSpace(u) || k != nameKey(s) {
			t.Errorf("asciiNameKey(%q) = %q, the Unicode path %q", s, k, u)
		}
	}
	if _, ok := asciiNameKey("Café"); ok {
		t.Error("Café is not ASCII")
	}
	for k, in := range Inputs {
		if inputIndex(in) != k {
			t.Errorf("inputIndex(%s) = %d, want %d", in, inputIndex(in), k)
		}
	}
}
