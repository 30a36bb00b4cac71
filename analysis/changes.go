package analysis

// Snapshot is what a scorecard says of each client: enough to tell what
// changed by the next run. report reads it back from a previous workbook.
type Snapshot struct {
	AsOf     Date
	Currency string // reporting currency of its money; "" when unknown (taken to be this run's)
	Clients  []SnapshotClient
}

// SnapshotClient is one client's line in a Snapshot.
type SnapshotClient struct {
	Name        string
	Verdict     Verdict
	Flags       []FlagCode
	Outstanding Money // reporting currency, when HasMoney
	Overdue     Money
	HasMoney    bool // false for a scorecard written before these columns were read back
}

// Changes lists what changed since the previous scorecard.
type Changes struct {
	Previous   Date // as-of date of the previous scorecard; zero when there is none
	Verdicts   []VerdictChange
	NewFlags   []FlagChange
	NewClients []string // clients not in the previous scorecard
	// Moved are clients whose Outstanding or Overdue moved by more than
	// 10% (of the larger of the two values) since the previous scorecard.
	Moved []MoneyChange
	// Outstanding and Overdue are the portfolio's totals then, when the
	// previous scorecard had them (HasTotals).
	Outstanding, Overdue Money
	HasTotals            bool
}

// MoneyChange is a client whose receivables moved.
type MoneyChange struct {
	Client                         string
	OutstandingFrom, OutstandingTo Money
	OverdueFrom, OverdueTo         Money
}

// VerdictChange is a client whose verdict changed.
type VerdictChange struct {
	Client   string
	From, To Verdict
}

// FlagChange is a flag a client did not have in the previous scorecard.
type FlagChange struct {
	Client string
	Flag   Flag
}

// Snapshot returns what this result says of each client.
func (res *Result) Snapshot() Snapshot {
	s := Snapshot{AsOf: res.Rules.AsOf, Currency: res.Rules.Currency, Clients: make([]SnapshotClient, 0, len(res.Clients))}
	for _, c := range res.Clients {
		sc := SnapshotClient{Name: c.Name, Verdict: c.Verdict, Outstanding: c.Outstanding, Overdue: c.Overdue, HasMoney: true}
		for _, f := range c.Flags {
			sc.Flags = append(sc.Flags, f.Code)
		}
		s.Clients = append(s.Clients, sc)
	}
	return s
}

// Compare returns what changed from prev to res: clients whose verdict
// changed, flags a client did not have, clients that are new, and clients
// whose Outstanding or Overdue moved by more than 10% of the larger of
// the two values, with the portfolio's totals then. Clients are matched by
// name, case and spacing folded. Money is compared only when prev has it
// and is in res's currency. With no previous scorecard (prev.AsOf zero)
// there are no changes. The lists follow res's client order.
func Compare(prev Snapshot, res *Result) Changes {
	ch := Changes{Previous: prev.AsOf}
	if prev.AsOf.IsZero() {
		return ch
	}
	sameCurrency := prev.Currency == "" || prev.Currency == res.Rules.Currency
	ch.HasTotals = sameCurrency
	before := make(map[string]*SnapshotClient, len(prev.Clients))
	for i := range prev.Clients {
		p := &prev.Clients[i]
		before[foldName(p.Name)] = p
		var okOut, okDue bool
		ch.Outstanding, okOut = addChecked(ch.Outstanding, p.Outstanding)
		ch.Overdue, okDue = addChecked(ch.Overdue, p.Overdue)
		ch.HasTotals = ch.HasTotals && p.HasMoney && okOut && okDue
	}
	if !ch.HasTotals {
		ch.Outstanding, ch.Overdue = 0, 0
	}
	for _, c := range res.Clients {
		p, ok := before[foldName(c.Name)]
		if !ok {
			ch.NewClients = append(ch.NewClients, c.Name)
			for _, f := range c.Flags {
				ch.NewFlags = append(ch.NewFlags, FlagChange{Client: c.Name, Flag: f})
			}
			continue
		}
		if p.Verdict != c.Verdict {
			ch.Verdicts = append(ch.Verdicts, VerdictChange{Client: c.Name, From: p.Verdict, To: c.Verdict})
		}
		for _, f := range c.Flags {
			if !containsCode(p.Flags, f.Code) {
				ch.NewFlags = append(ch.NewFlags, FlagChange{Client: c.Name, Flag: f})
			}
		}
		if sameCurrency && p.HasMoney && (movedMuch(p.Outstanding, c.Outstanding) || movedMuch(p.Overdue, c.Overdue)) {
			ch.Moved = append(ch.Moved, MoneyChange{
				Client:          c.Name,
				OutstandingFrom: p.Outstanding, OutstandingTo: c.Outstanding,
				OverdueFrom: p.Overdue, OverdueTo: c.Overdue,
			})
		}
	}
	return ch
}

// movedMuch reports whether from → to is a move of more than 10% of the
// larger of |from| and |to|. In whole minor units, d × 10 > m holds
// exactly when d > ⌊m / 10⌋, which cannot overflow.
func movedMuch(from, to Money) bool {
	a, b := int64(from), int64(to)
	var d uint64
	if (a < 0) == (b < 0) {
		d = abs64(b - a)
	} else {
		d = abs64(a) + abs64(b)
	}
	return d > max(abs64(a), abs64(b))/10
}

// addChecked returns a + b, and false when the sum does not fit.
func addChecked(a, b Money) (Money, bool) {
	s := a + b
	return s, (b >= 0) == (s >= a)
}

func containsCode(codes []FlagCode, c FlagCode) bool {
	for _, x := range codes {
		if x == c {
			return true
		}
	}
	return false
}
