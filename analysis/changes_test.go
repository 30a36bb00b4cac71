package analysis

import (
	"math"
	"reflect"
	"testing"
)

func TestCompareMoney(t *testing.T) {
	// owed is a client of the current result with its receivables.
	owed := func(name string, outstanding, overdue Money) ClientResult {
		return ClientResult{Name: name, Verdict: Healthy, Outstanding: outstanding, Overdue: overdue}
	}
	// then is a client of the previous scorecard with its receivables.
	then := func(name string, outstanding, overdue Money) SnapshotClient {
		return SnapshotClient{Name: name, Verdict: Healthy, Outstanding: outstanding, Overdue: overdue, HasMoney: true}
	}
	tests := []struct {
		name      string
		prev      Snapshot
		now       []ClientResult
		moved     []MoneyChange
		totals    [2]Money // Outstanding, Overdue then
		hasTotals bool
	}{
		{
			// Outstanding 10,000.00 → 10,900.00 is +9%: not enough alone.
			// Overdue 4,000.00 → 4,500.00 is +500.00, over 10% of the
			// larger 4,500.00 (450.00): moved. Beta's 2,500.50 → 2,300.00
			// is −200.50, under 10% of 2,500.50 (250.05): not moved.
			// Totals then: 10,000.00 + 2,500.50 = 12,500.50 outstanding,
			// 4,000.00 + 0 overdue.
			name: "overdue moved, outstanding did not",
			prev: Snapshot{AsOf: day("2026-10-24"), Currency: "EUR", Clients: []SnapshotClient{
				then("Acme", 1000000, 400000), then("Beta", 250050, 0)}},
			now: []ClientResult{owed("ACME", 1090000, 450000), owed("Beta", 230000, 0)},
			moved: []MoneyChange{{Client: "ACME", OutstandingFrom: 1000000, OutstandingTo: 1090000,
				OverdueFrom: 400000, OverdueTo: 450000}},
			totals: [2]Money{1250050, 400000}, hasTotals: true,
		},
		{
			// 900.00 → 1,000.00 is exactly 10% of the larger: not more
			// than 10%. 899.99 → 1,000.00 is 100.01, one cent over.
			name: "exactly ten percent is not more",
			prev: Snapshot{AsOf: day("2026-10-24"), Clients: []SnapshotClient{
				then("Exact", 90000, 0), then("Over", 89999, 0)}},
			now:   []ClientResult{owed("Exact", 100000, 0), owed("Over", 100000, 0)},
			moved: []MoneyChange{{Client: "Over", OutstandingFrom: 89999, OutstandingTo: 100000}},
			// 900.00 + 899.99 = 1,799.99.
			totals: [2]Money{179999, 0}, hasTotals: true,
		},
		{
			// Paid off: 5,000.00 → 0 is all of the larger value. Nothing
			// owed then or now is no move.
			name: "paid off, and nothing both times",
			prev: Snapshot{AsOf: day("2026-10-24"), Clients: []SnapshotClient{
				then("Paid", 500000, 500000), then("Never", 0, 0)}},
			now: []ClientResult{owed("Paid", 0, 0), owed("Never", 0, 0)},
			moved: []MoneyChange{{Client: "Paid", OutstandingFrom: 500000, OutstandingTo: 0,
				OverdueFrom: 500000, OverdueTo: 0}},
			totals: [2]Money{500000, 500000}, hasTotals: true,
		},
		{
			// A credit balance then, a debt now: −100.00 → 50.00 moved.
			name:   "sign change",
			prev:   Snapshot{AsOf: day("2026-10-24"), Clients: []SnapshotClient{then("Flip", -10000, 0)}},
			now:    []ClientResult{owed("Flip", 5000, 0)},
			moved:  []MoneyChange{{Client: "Flip", OutstandingFrom: -10000, OutstandingTo: 5000}},
			totals: [2]Money{-10000, 0}, hasTotals: true,
		},
		{
			// A scorecard written before money was read back: no moves,
			// no totals, though the figures now differ.
			name: "previous scorecard without money",
			prev: Snapshot{AsOf: day("2026-10-24"), Clients: []SnapshotClient{{Name: "Old", Verdict: Healthy}}},
			now:  []ClientResult{owed("Old", 700000, 700000)},
		},
		{
			// The previous scorecard was in USD: its money is not
			// comparable with this run's EUR.
			name: "other currency",
			prev: Snapshot{AsOf: day("2026-10-24"), Currency: "USD", Clients: []SnapshotClient{then("Acme", 100, 0)}},
			now:  []ClientResult{owed("Acme", 900000, 0)},
		},
		{
			// Totals that do not fit an int64 are no totals, never a
			// wrapped number; each client still compares on its own.
			name: "totals overflow",
			prev: Snapshot{AsOf: day("2026-10-24"), Clients: []SnapshotClient{
				then("Big", math.MaxInt64-5, 0), then("Bigger", 10, 0)}},
			now: []ClientResult{owed("Big", math.MaxInt64-5, 0), owed("Bigger", 10, 0)},
		},
		{
			// A client new this time is listed as new, not as moved.
			name:      "new client is not moved",
			prev:      Snapshot{AsOf: day("2026-10-24"), Clients: []SnapshotClient{}},
			now:       []ClientResult{owed("Fresh", 100000, 100000)},
			hasTotals: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := &Result{Rules: Rules{Currency: "EUR"}, Clients: tt.now}
			ch := Compare(tt.prev, res)
			if !reflect.DeepEqual(ch.Moved, tt.moved) {
				t.Errorf("Moved = %+v\nwant %+v", ch.Moved, tt.moved)
			}
			if got := [2]Money{ch.Outstanding, ch.Overdue}; got != tt.totals || ch.HasTotals != tt.hasTotals {
				t.Errorf("totals = %v (HasTotals %v), want %v (%v)", got, ch.HasTotals, tt.totals, tt.hasTotals)
			}
		})
	}
}

func TestSnapshotRoundTrip(t *testing.T) {
	// A result compared with its own snapshot has changed in nothing, and
	// its totals then are its totals now: 1,200.34 + 55.00 outstanding,
	// 300.00 + 0 overdue.
	res := &Result{Rules: Rules{AsOf: day("2026-10-31"), Currency: "EUR"}, Clients: []ClientResult{
		{Name: "Acme", Verdict: Watch, Flags: []Flag{{FlagLatePayer, "x"}}, Outstanding: 120034, Overdue: 30000},
		{Name: "Beta", Verdict: Healthy, Outstanding: 5500},
	}}
	snap := res.Snapshot()
	if snap.Currency != "EUR" || !snap.Clients[0].HasMoney || snap.Clients[0].Outstanding != 120034 {
		t.Fatalf("snapshot = %+v", snap)
	}
	ch := Compare(snap, res)
	if ch.Verdicts != nil || ch.NewFlags != nil || ch.NewClients != nil || ch.Moved != nil {
		t.Errorf("a result against its own snapshot changed: %+v", ch)
	}
	if !ch.HasTotals || ch.Outstanding != 125534 || ch.Overdue != 30000 {
		t.Errorf("totals = %d, %d (HasTotals %v), want 125534, 30000", ch.Outstanding, ch.Overdue, ch.HasTotals)
	}
}
