package analysis

import "time"

// Tally is what the analysis needs of the rows of the support, time or
// expenses input, without the rows themselves: a scorecard needs only
// their costs, hours, dates (and a contact's time of day, signals and
// billable mark), by client, and a Contact or TimeEntry is near 200
// bytes where what the figures read of it is 25 to 40. A reader makes
// one Tally per file (NewTally), adds each row as it reads it
// (AddContact, AddTime or AddExpense), and merges the files' tallies in
// reading order (Merge); Data.ContactTally, Data.TimeTally and
// Data.ExpenseTally hand them to Analyze, which gives every figure, Data
// issue and unmatched row exactly as it gives them from the rows in
// Data.Contacts, Data.Time and Data.Expenses, except the lines of each
// row (ContactLines, WorkLines, ExpenseLines), which need the rows.
//
// Each row is costed when it is added, by the one function Analyze costs
// rows with (costs.rates, costs.hour, costs.support_ticket, fx, the
// bound on an input's total), and is kept, when it is in the window and
// has a cost, by the spelling of its client: the (client id, client
// name) its row spells and, for a contact, the domain of its requester's
// email. Each distinct spelling is kept once, with the first row that
// gives it. A contact is kept as a compact record of its cost, hours,
// date and time (the flags read its days and hours); a time or expense
// row only adds its cost, hours and count to the sum of its spelling,
// calendar month of the window and kind (how it was costed, billable or
// not), which is all the figures read of it. Identity is the analysis'
// work: Analyze resolves each spelling to a client once, in the order of
// the rows, as it resolves rows.
//
// A Tally is not safe for concurrent use; tallies of different files can
// be filled concurrently.
type Tally struct {
	in   Input
	from Date // the window: (from, asOf]
	asOf Date
	c    *coster
	// sums are the time or expense rows in the window with a cost, by
	// spelling, month (of months) and kind; n counts those rows.
	sums   blocks[tallySum]
	n      int
	months monthTable
	// cts are the support input's rows: a contact's record is the one
	// the analysis reads (costRec).
	cts    blocks[costRec]
	tags   *memo[uint8] // the signal bits of a contact's tags
	pairs  []tallyPair
	pairOf map[spelling]int32
	// read counts the rows added, of every date.
	read int
	// With the rows kept (Analyze's own tally of Data.Time or
	// Data.Expenses, whose rows have lines), by time or expense row in
	// the window with a cost: the row, its CostSource and rowBillable,
	// its index in the rows and the hourly cost applied.
	kept bool
	rows blocks[tallyRow]
	meta blocks[uint8]
	idx  blocks[int32]
	rate blocks[Money]
}

// tallySum is the time or expense rows in the window with a cost of one
// spelling, calendar month of the window and kind, summed. The hours are
// summed exactly, so that a client's hours do not depend on the order of
// its rows or on how the rows are cut into files.
type tallySum struct {
	cost  Money // reporting currency: the rows' cost, or the expenses' amount
	hours wide  // nanoseconds
	rows  int32
	pair  int32 // its spelling, in Tally.pairs
	next  int32 // the spelling's sum before this one, -1 for none
	month uint16
	meta  uint8 // the rows' CostSource, and rowBillable
}

// tallyRow is a row in the window with a cost.
type tallyRow struct {
	cost  Money // reporting currency: the row's cost, or an expense's amount
	hours time.Duration
	date  Date
	pair  int32 // its spelling, in Tally.pairs
}

// spelling is how a row names its client: its client id and name, and
// for a contact the domain of the requester's email (domainOf), which
// names the client when the id and name do not.
type spelling struct {
	id, name, domain string
}

// tallyPair is one spelling as rows spell it.
type tallyPair struct {
	spelling
	first Ref // the first row that spells it, of any date
	// used is the first row in the window with a cost that spells it, at
	// usedAt in Tally.rows; usedAt is -1 while there is none.
	used   Ref
	usedAt int
	rows   int   // rows in the window with a cost
	amount Money // their cost (or amount), reporting currency
	sums   int32 // its last sum in Tally.sums, -1 for none
	// now are its sums of month, by kindOf, -1 for none: rows in date
	// order find theirs here, without a walk through its sums. latest is
	// the latest month of its sums, -1 for none.
	month  uint16
	latest int32
	now    [kinds]int32
}

// kinds is how many kinds of time or expense rows there are: by how each
// was costed, billable or not.
const kinds = 2 * (CostTicket + 1)

// noMonth is the month of a spelling with no sums yet.
const noMonth = 1<<16 - 1

// kindOf is the kind of the rows whose CostSource and rowBillable are
// meta, in [0, kinds).
func kindOf(meta uint8) int {
	k := int(meta & costBits)
	if meta&rowBillable != 0 {
		k += int(CostTicket) + 1
	}
	return k
}

// NewTally returns an empty tally of the rows of input in (InputSupport,
// InputTime or InputExpenses) under r: its window, costs, hourly rates,
// fx rates and, for contacts, business hours and signal words.
func NewTally(in Input, r Rules) *Tally {
	if in != InputSupport && in != InputTime && in != InputExpenses {
		panic("analysis: a tally is of the support, time or expenses input, not " + string(in))
	}
	t := &Tally{in: in, from: r.From(), asOf: r.AsOf, c: newCoster(&r), pairOf: map[spelling]int32{}}
	if in != InputSupport {
		t.months = newMonthTable(t.from, t.asOf)
	}
	if in == InputSupport {
		words := [len(signalNames)][]string{lowerAll(r.Signals.Abuse), lowerAll(r.Signals.ScopeChange), lowerAll(r.Signals.DiscountRequest)}
		t.tags = newMemo(func(tags string) uint8 { return signalsIn(foldWord(tags), &words) })
	}
	return t
}

// Input is the input whose rows t tallies.
func (t *Tally) Input() Input { return t.in }

// Read is how many rows were added to t, of every date.
func (t *Tally) Read() int {
	if t == nil {
		return 0
	}
	return t.read
}

// AddContact adds a row of the support input.
func (t *Tally) AddContact(ct *Contact) { t.addContact(ct, -1) }

// AddTime adds a row of the time input.
func (t *Tally) AddTime(te *TimeEntry) { t.addTime(te, -1) }

// AddExpense adds a row of the expenses input.
func (t *Tally) AddExpense(e *Expense) { t.addExpense(e, -1) }

// addContact adds the contact at index i of Data.Contacts (-1 for a row
// that is not kept).
func (t *Tally) addContact(ct *Contact, i int) {
	p, in := t.row(spelling{ct.ClientID, ct.ClientName, domainOf(ct.Email)}, &ct.Ref, ct.Date)
	if !in {
		return
	}
	w := work{ct.HasCost, ct.Cost, ct.Currency, ct.HasHours, ct.Hours, ct.Person, ct.Role}
	cost, rate, from, ok := t.c.cost(InputSupport, ct.Ref, w, true)
	if !ok {
		return
	}
	hours, _ := w.worked()
	rec := costRec{idx: int32(i), pair: p, date: ct.Date, time: ct.Time, from: from, cost: cost, rate: rate, hours: hours}
	if t.c.r.afterHours(ct.Date, ct.Time) {
		rec.bits |= rowAfterHours
	}
	if ct.Billable {
		rec.bits |= rowBillable
	}
	if ct.Tags != "" {
		rec.bits |= t.tags.of(ct.Tags)
	}
	t.used(p, &ct.Ref, cost)
	t.cts.add(rec)
}

func (t *Tally) addTime(te *TimeEntry, i int) {
	p, in := t.row(spelling{te.ClientID, te.ClientName, ""}, &te.Ref, te.Date)
	if !in {
		return
	}
	w := work{te.HasCost, te.Cost, te.Currency, te.HasHours, te.Hours, te.Person, te.Role}
	cost, rate, from, ok := t.c.cost(InputTime, te.Ref, w, false)
	if !ok {
		return
	}
	hours, _ := w.worked()
	meta := uint8(from)
	if te.Billable {
		meta |= rowBillable
	}
	t.add(p, &te.Ref, tallyRow{cost: cost, hours: hours, date: te.Date, pair: p}, meta, i, rate)
}

func (t *Tally) addExpense(e *Expense, i int) {
	p, in := t.row(spelling{e.ClientID, e.ClientName, ""}, &e.Ref, e.Date)
	if !in {
		return
	}
	m, ok := toReporting(t.c.cur, &t.c.budget, &t.c.issues, InputExpenses, e.Amount, e.Currency, e.Ref, "amount")
	if !ok {
		return
	}
	t.add(p, &e.Ref, tallyRow{cost: m, date: e.Date, pair: p}, 0, i, 0)
}

// row counts a row added, of spelling s, at ref, dated date: it returns
// the index of its spelling and whether it is in the window.
func (t *Tally) row(s spelling, ref *Ref, date Date) (p int32, in bool) {
	t.read++
	return t.pair(s, ref), date > t.from && date <= t.asOf
}

// pair returns the index of the spelling s of the row at ref.
func (t *Tally) pair(s spelling, ref *Ref) int32 {
	if p, ok := t.pairOf[s]; ok {
		return p
	}
	p := int32(len(t.pairs))
	t.pairs = append(t.pairs, tallyPair{spelling: s, first: *ref, usedAt: -1, sums: -1, month: noMonth, latest: -1})
	t.pairOf[s] = p
	return p
}

// size is how many rows in the window with a cost t keeps.
func (t *Tally) size() int {
	if t.in == InputSupport {
		return t.cts.len()
	}
	return t.n
}

// used counts the row at ref, of spelling p, with cost m, as the next row
// t keeps.
func (t *Tally) used(p int32, ref *Ref, m Money) {
	pp := &t.pairs[p]
	if pp.usedAt < 0 {
		pp.used, pp.usedAt = *ref, t.size()
	}
	pp.rows++
	pp.amount += m
}

// add keeps a time or expense row in the window that has a cost.
func (t *Tally) add(p int32, ref *Ref, row tallyRow, meta uint8, i int, rate Money) {
	t.used(p, ref, row.cost)
	t.sum(p, uint16(t.months.index(row.date)), meta, row.cost, wideOf(int64(row.hours)), 1)
	t.n++
	if t.kept {
		t.rows.add(row)
		t.meta.add(meta)
		t.idx.add(int32(i))
		t.rate.add(rate)
	}
}

// sum adds rows rows of spelling p, month and kind meta, of cost and
// hours, to their sum. The spelling's sums of the month of its last rows
// are at hand (tallyPair.now); a row of an earlier month than its latest
// first finds that month's among all the spelling's sums, once for a run
// of rows of one month, which rows in date order never need.
func (t *Tally) sum(p int32, month uint16, meta uint8, cost Money, hours wide, rows int32) {
	pp := &t.pairs[p]
	if pp.month != month {
		pp.month = month
		for k := range pp.now {
			pp.now[k] = -1
		}
		k := pp.sums
		if int32(month) > pp.latest {
			pp.latest, k = int32(month), -1 // no sum of it yet
		}
		for k >= 0 {
			s := t.sums.at(int(k))
			if s.month == month {
				pp.now[kindOf(s.meta)] = k
			}
			k = s.next
		}
	}
	at := &pp.now[kindOf(meta)]
	if *at >= 0 {
		s := t.sums.at(int(*at))
		s.cost += cost
		s.hours = s.hours.add(hours)
		s.rows += rows
		return
	}
	t.sums.add(tallySum{cost: cost, hours: hours, rows: rows, pair: p, next: pp.sums, month: month, meta: meta})
	pp.sums = int32(t.sums.len() - 1)
	*at = pp.sums
}

// Merge adds the rows of next, a tally of the file read after t's, as if
// they had been added to t. When t's rows and next's add up to more than
// an input's rows may (maxInputTotal), which no real book comes near,
// next's rows are rejected with one Error issue at its first row: adding
// them row by row would have rejected only some of them.
func (t *Tally) Merge(next *Tally) {
	if next.in != t.in {
		panic("analysis: merging a tally of " + string(next.in) + " into one of " + string(t.in))
	}
	t.read += next.read
	t.c.issues = append(t.c.issues, next.c.issues...)
	k := inputIndex(t.in)
	remap := make([]int32, len(next.pairs))
	for q := range next.pairs {
		np := &next.pairs[q]
		remap[q] = t.pair(np.spelling, &np.first)
	}
	if !t.c.budget.spend(t.in, next.c.budget[k]) {
		if next.size() > 0 {
			first := &next.pairs[next.firstUsed()].used
			t.c.issues = append(t.c.issues, Issue{Severity: SeverityError, Ref: Ref{Source: first.Source},
				Problem: "the " + string(t.in) + " of this file and the files before it add up to more than " + FormatMoney(maxInputTotal, t.c.r.Currency) +
					" (in absolute value), more than a total can hold: this file's rows are rejected"})
		}
		return
	}
	for q := range next.pairs {
		np, tp := &next.pairs[q], &t.pairs[remap[q]]
		if np.usedAt >= 0 && tp.usedAt < 0 {
			tp.used, tp.usedAt = np.used, t.size()+np.usedAt
		}
		tp.rows += np.rows
		tp.amount += np.amount
	}
	for k := range next.cts.len() {
		rec := *next.cts.at(k)
		rec.pair = remap[rec.pair]
		t.cts.add(rec)
	}
	for k := range next.sums.len() {
		s := next.sums.at(k)
		t.sum(remap[s.pair], s.month, s.meta, s.cost, s.hours, s.rows)
	}
	t.n += next.n
	for k := range next.rows.len() {
		row := *next.rows.at(k)
		row.pair = remap[row.pair]
		t.rows.add(row)
		t.meta.add(*next.meta.at(k))
		t.idx.add(*next.idx.at(k))
		t.rate.add(*next.rate.at(k))
	}
}

// firstUsed is the spelling of the first row t keeps.
func (t *Tally) firstUsed() int32 {
	for q := range t.pairs {
		if t.pairs[q].usedAt == 0 {
			return int32(q)
		}
	}
	panic("analysis: a tally that keeps rows has no first")
}

// blocks holds a tally's records in blocks of blockLen, so that adding
// one never copies a full block and room is never reserved on a guess.
// A growing slice of the 2.1 million time rows in the window of a
// 1M-invoice sample was copied over and over, 1.35 s of the read's CPU,
// and an estimate from a file's first rows cannot tell how many of the
// rest fall in the window (a file in date order starts with rows before
// it). At most one block stands part empty. The first block grows as a
// slice does, so that a small file's tally stays small; the others are
// made whole.
type blocks[T any] struct {
	b [][]T
}

const (
	blockBits = 14
	blockLen  = 1 << blockBits
)

func (s *blocks[T]) add(v T) {
	k := len(s.b) - 1
	if k < 0 || len(s.b[k]) == blockLen {
		var b []T
		if k >= 0 {
			b = make([]T, 0, blockLen)
		}
		s.b = append(s.b, b)
		k++
	}
	s.b[k] = append(s.b[k], v)
}

// len is the number of records added.
func (s *blocks[T]) len() int {
	k := len(s.b) - 1
	if k < 0 {
		return 0
	}
	return k<<blockBits + len(s.b[k])
}

// at is the record added i-th, from 0.
func (s *blocks[T]) at(i int) *T { return &s.b[i>>blockBits][i&(blockLen-1)] }
