package analysis

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestEventOrder: the counting sort puts events in the order the spec
// gives (date, credit notes before payments, then input order), the same
// as sorting them, whether the dates span a year or centuries (where it
// sorts instead).
func TestEventOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for _, span := range []int{1, 30, 400, 3_000_000} {
		evs := make([]event, 5_000)
		base := NewDate(2026, 1, 1)
		for i := range evs {
			evs[i] = event{date: base.AddDays(rng.IntN(span)), kind: uint8(rng.IntN(2)), seq: int32(i)}
		}
		want := make([]int32, len(evs))
		for i := range want {
			want[i] = int32(i)
		}
		slices.SortStableFunc(want, func(x, y int32) int {
			return cmp.Or(cmp.Compare(evs[x].date, evs[y].date), cmp.Compare(evs[x].kind, evs[y].kind))
		})
		if got := eventOrder(evs); !slices.Equal(got, want) {
			t.Errorf("span %d days: eventOrder differs from a stable sort", span)
		}
	}
	for _, tt := range []struct {
		span int64
		n    int
		want bool
	}{{1, 0, true}, {1 << 16, 0, true}, {1<<16 + 1, 0, false}, {1<<16 + 5000, 5000, true}, {1<<16 + 5001, 5000, false}} {
		if got := countable(tt.span, tt.n); got != tt.want {
			t.Errorf("countable(%d, %d) = %v", tt.span, tt.n, got)
		}
	}
	if got := eventOrder(nil); len(got) != 0 {
		t.Errorf("eventOrder(nil) = %v", got)
	}
}

// TestNumberedPerClient: exports that number invoices per client repeat
// every number across clients, past the point where the ledger finds an
// invoice through a map instead of walking its number's entries. Each
// payment still finds its own client's invoice; a payment that names the
// number and no client cannot be placed; a client's second invoice with
// the number is a duplicate.
func TestNumberedPerClient(t *testing.T) {
	const clients = 3 * longChain
	d := &Data{HasPayments: true}
	for c := range clients {
		name := fmt.Sprintf("Client %02d", c)
		for k := range 3 {
			d.Invoices = append(d.Invoices, invoice(name, fmt.Sprintf("%d", 1001+k), "2026-01-01", "2026-01-31", Money(10000*(c+1))))
		}
		d.Payments = append(d.Payments, payment(name, "1002", "2026-02-10", Money(10000*(c+1))))
	}
	d.Invoices = append(d.Invoices, invoice("Client 05", "1003", "2026-01-02", "2026-01-31", 100))
	d.Payments = append(d.Payments, payment("", "1001", "2026-02-11", 500))
	res := analyzeChecked(t, numbered(d), testRules())
	if got := len(res.Clients); got != clients {
		t.Fatalf("%d clients, want %d", got, clients)
	}
	for i := range res.Clients {
		c := &res.Clients[i]
		var c0 int
		fmt.Sscanf(c.Name, "Client %d", &c0)
		for _, l := range c.InvoiceLines {
			paid := l.Number == "1002"
			if got, want := l.Balance == 0, paid; got != want {
				t.Errorf("%s invoice %s: balance %d, want it settled only for 1002", c.Name, l.Number, l.Balance)
			}
		}
		if c.Invoices != 3 || c.Collected != Money(10000*(c0+1)) {
			t.Errorf("%s: %d invoices, collected %d; want 3 and %d", c.Name, c.Invoices, c.Collected, 10000*(c0+1))
		}
	}
	var dup, unplaced bool
	for _, is := range res.Issues {
		// Client 05's 1003 is the 18th invoice row: row 19.
		dup = dup || (is.Row == 3*clients+2 && is.Problem == "invoice number already used for this client at row 19 with different values: this row is rejected")
		unplaced = unplaced || (is.Severity == SeverityError && is.Problem == "names invoice 1001, which several clients have and the row names no client: the payment cannot be placed")
	}
	if !dup || !unplaced {
		t.Errorf("issues %+v: want the duplicate (%v) and the unplaceable payment (%v)", res.Issues, dup, unplaced)
	}
}

// TestLongChainEdges: a number's ninth entry is where the ledger starts to
// find entries through a map. A duplicate among exactly eight entries is
// still found by walking them, and the first entry ever made (ledger
// index 0) is in the map once it is built.
func TestLongChainEdges(t *testing.T) {
	d := &Data{}
	for c := range longChain {
		d.Invoices = append(d.Invoices, invoice(fmt.Sprintf("Client %d", c), "X", "2026-01-01", "2026-01-31", 1000))
	}
	d.Invoices = append(d.Invoices, invoice("Client 3", "X", "2026-01-01", "2026-01-31", 1000)) // the ninth row: a duplicate
	for c := longChain; c < longChain+3; c++ {
		d.Invoices = append(d.Invoices, invoice(fmt.Sprintf("Client %d", c), "X", "2026-01-01", "2026-01-31", 1000))
	}
	d.Payments = []Payment{payment("Client 0", "X", "2026-02-01", 1000)}
	res := analyzeChecked(t, numbered(d), testRules())
	if got := issuesSaying(res, "repeats row 5 exactly: duplicate ignored"); len(got) != 1 || got[0].Row != 10 {
		t.Errorf("the duplicate among eight: %+v", res.Issues)
	}
	if c := clientNamed(res, "Client 0"); c.Outstanding != 0 || c.Collected != 1000 || len(res.Issues) != 1 {
		t.Errorf("Client 0: outstanding %d, collected %d; issues %+v", c.Outstanding, c.Collected, res.Issues)
	}
	if len(res.Clients) != longChain+3 {
		t.Errorf("%d clients", len(res.Clients))
	}
}

// TestSplitWork: the clients are shared between two goroutines by their
// records, half the work each.
func TestSplitWork(t *testing.T) {
	for _, tt := range []struct {
		work []int // records of the clients before each
		mid  int   // the first client of the second half
	}{
		{[]int{0, 1, 2, 3, 4}, 2},     // four clients of one record
		{[]int{0, 10, 11, 12, 13}, 1}, // one big client first
		{[]int{0, 1, 2, 3, 103}, 4},   // one big client last: all in the first half
		{[]int{0}, 0},                 // none
		{[]int{0, 0, 0, 0}, 0},        // no records
		{[]int{0, 3, 6, 9, 12, 15, 18}, 3},
	} {
		var got [2][2]int
		splitWork(tt.work, func(half, lo, hi int) { got[half] = [2]int{lo, hi} })
		n := len(tt.work) - 1
		if want := [2][2]int{{0, tt.mid}, {tt.mid, n}}; got != want {
			t.Errorf("splitWork(%v) = %v, want %v", tt.work, got, want)
		}
	}
	r := clientRecs{acc: &clientAcc{entries: make([]int32, 1), payments: make([]payRec, 2)}, contacts: make([]int32, 4),
		work: make([]int32, 8), expenses: make([]int32, 16), workRows: make([]int32, 32), expenseRows: make([]int32, 64)}
	if r.size() != 127 {
		t.Errorf("size %d, want 1 + 2 + 4 + 8 + 16 + 32 + 64", r.size())
	}
}

// TestPaymentRoom: each client's payments in the window are cut from one
// block with room for exactly them.
func TestPaymentRoom(t *testing.T) {
	d := numbered(&Data{
		Invoices: []Invoice{invoice("A", "1", "2026-01-01", "2026-01-31", 100), invoice("B", "2", "2026-01-01", "2026-01-31", 100)},
		Payments: []Payment{payment("A", "", "2026-02-01", 10), payment("A", "", "2026-02-02", 10), payment("B", "", "2026-02-02", 10),
			payment("A", "", "2026-02-03", 10), payment("A", "", "2025-02-03", 10)}, // the last is before the window
	})
	a := newAnalyzer(d, testRules())
	a.readInvoices()
	a.readDisputes()
	a.allocate()
	for i, want := range []int{3, 1} {
		if p := a.clients[i].payments; len(p) != want || cap(p) != want {
			t.Errorf("client %d: %d payments, room for %d; want %d", i, len(p), cap(p), want)
		}
	}
	if cap(a.apps) < 4 {
		t.Errorf("room for %d applications, want at least 4", cap(a.apps))
	}
}
