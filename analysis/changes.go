package analysis

// Snapshot is what a scorecard says of each client: enough to tell what
// changed by the next run. report reads it back from a previous workbook.
type Snapshot struct {
	AsOf    Date
	Clients []SnapshotClient
}

// SnapshotClient is one client's line in a Snapshot.
type SnapshotClient struct {
	Name    string
	Verdict Verdict
	Flags   []FlagCode
}

// Changes lists what changed since the previous scorecard.
type Changes struct {
	Previous   Date // as-of date of the previous scorecard; zero when there is none
	Verdicts   []VerdictChange
	NewFlags   []FlagChange
	NewClients []string // clients not in the previous scorecard
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
