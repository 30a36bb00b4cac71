package analysis

import (
	"cmp"
	"slices"
	"strings"
	"time"
)

// costRec is a support row in the window with a cost, and what the
// analysis made of it; the rest of it stays in Data.Contacts, when Data
// holds the rows. It is what a Tally of contacts keeps of a row.
type costRec struct {
	idx   int32 // index into Data.Contacts; -1 when Data does not hold the rows
	pair  int32 // its spelling, in Tally.pairs
	date  Date
	time  TimeOfDay
	bits  uint8 // its signals (bits of signalNames), rowAfterHours, rowBillable
	from  CostSource
	cost  Money         // reporting currency
	rate  Money         // the hourly cost applied, reporting currency; 0 when the cost was given or a ticket's
	hours time.Duration // 0 when not given
}

// Bits of costRec.bits beyond the signals.
const (
	rowAfterHours = 1 << len(signalNames) // a contact outside business hours
	rowBillable   = rowAfterHours << 1    // billable work: Delivery cost
	signalBits    = rowAfterHours - 1
	costBits      = 1<<3 - 1 // of Tally.meta: the row's CostSource
)

// costRows are the support rows in the window, each client's in input
// order; the sums of the time and expense rows in the window, each
// client's; and what reading them found.
type costRows struct {
	contacts       clientContacts
	work, expenses clientRows
	costing        [CostTicket + 1]CostCount
	hours          [CostTicket + 1]wide // the hours of costing, summed exactly
	issues         []Issue
}

// clientContacts are the contacts of a tally that belong to each client,
// by client index, each client's in input order, as indexes in t.cts.
type clientContacts struct {
	t  *Tally
	of [][]int32
}

// clientRows are the sums of a tally that belong to each client, by
// client index, as indexes in t.sums; and, when the tally keeps its rows,
// each client's rows in date order (rows of one date in the order they
// were read), as indexes in t.rows, for their lines.
type clientRows struct {
	t     *Tally
	of    [][]int32
	lines [][]int32
}

// coster costs support and time rows and converts their amounts to the
// reporting currency, with currencies, a budget and issues of its own.
type coster struct {
	r      *Rules
	cur    *currencies
	budget budget
	issues []Issue
	rates  map[string]Money // Rules.HourlyRates by nameKey; nil for none
	// rateOfName is the rate of a person or role as the rows spell it.
	rateOfName *memo[rateHit]
}

func newCoster(r *Rules) *coster {
	c := &coster{r: r, cur: newCurrencies(r.Rates), rates: foldRates(r.HourlyRates)}
	c.rateOfName = newMemo(func(s string) rateHit {
		r, ok := c.rates[nameKey(s)]
		return rateHit{r, ok}
	})
	return c
}

// costReader reads the support, time and expense rows, each costed by
// the coster of its tally, so that it can run beside the allocation,
// which uses neither the registry nor these.
type costReader struct {
	a   *analyzer
	out costRows
}

type rateHit struct {
	rate Money
	ok   bool
}

// readCosts resolves each support, time and expense row in the window to
// its client and works out its cost (and, for a contact, its signals and
// whether it fell after hours).
func (a *analyzer) readCosts() costRows {
	rd := &costReader{a: a}
	support, work, expenses := a.tally(InputSupport), a.tally(InputTime), a.tally(InputExpenses)
	rd.out.issues = slices.Concat(support.c.issues, work.c.issues, expenses.c.issues)
	rd.out.contacts = rd.support(support)
	rd.out.work = rd.tallied(work)
	rd.out.expenses = rd.tallied(expenses)
	for k := range rd.out.costing {
		rd.out.costing[k].Hours = hoursOf(rd.out.hours[k])
	}
	return rd.out
}

// foldRates returns the hourly rates keyed by nameKey, nil for none; of
// two keys with one nameKey, the first in sorted order wins.
func foldRates(rates map[string]Money) map[string]Money {
	if len(rates) == 0 {
		return nil
	}
	keys := make([]string, 0, len(rates))
	for k := range rates {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	out := make(map[string]Money, len(rates))
	for _, k := range keys {
		if f := nameKey(k); f != "" {
			if _, ok := out[f]; !ok {
				out[f] = rates[k]
			}
		}
	}
	return out
}

// rateOf returns the hourly cost of a row's person, else of its role,
// else Rules.Hour, and which it is.
func (c *coster) rateOf(person, role string) (Money, CostSource) {
	if c.rates != nil {
		if r, ok := c.lookup(person); ok {
			return r, CostPerson
		}
		if r, ok := c.lookup(role); ok {
			return r, CostRole
		}
	}
	return c.r.Hour, CostHour
}

func (c *coster) lookup(s string) (Money, bool) {
	if s == "" {
		return 0, false
	}
	h := c.rateOfName.of(s)
	return h.rate, h.ok
}

// work is what a support or time row says of its cost.
type work struct {
	hasCost  bool
	cost     Money
	currency string
	hasHours bool
	hours    time.Duration
	person   string
	role     string
}

// worked returns the row's hours; hours of 0 (or less) are not given.
func (w *work) worked() (time.Duration, bool) {
	if w.hasHours && w.hours > 0 {
		return w.hours, true
	}
	return 0, false
}

// cost returns the cost of a support (ticket) or time row of input in at
// ref (SPEC §3): its cost when given, else hours × its hourly cost, else,
// for a support row, costs.support_ticket. Hours of 0 are not given, nor
// is a cost of 0 on a row with hours. ok is false when the row is
// rejected (an Error issue says why).
func (c *coster) cost(in Input, ref Ref, w work, ticket bool) (cost, rate Money, from CostSource, ok bool) {
	_, worked := w.worked()
	if w.hasCost && (w.cost != 0 || !worked) {
		cost, ok = toReporting(c.cur, &c.budget, &c.issues, in, w.cost, w.currency, ref, "cost")
		return cost, 0, CostGiven, ok
	}
	switch {
	case worked:
		rate, from = c.rateOf(w.person, w.role)
		var cc int64
		cc, ok = mulDiv(int64(rate), int64(w.hours), int64(time.Hour))
		cost = Money(cc)
	case ticket:
		cost, from, ok = c.r.SupportTicket, CostTicket, true
	default:
		rate, from = c.rateOf(w.person, w.role)
		ok = true
	}
	if !ok || !c.budget.spend(in, cost) {
		c.issues = append(c.issues, Issue{Severity: SeverityError, Ref: ref, Column: "hours", Value: w.hours.String(),
			Problem: tooLarge(in, c.r.Currency)})
		return 0, 0, 0, false
	}
	return cost, rate, from, true
}

// count adds rows costed rows of a client, of hours and cost in all,
// to Portfolio.Costing.
func (rd *costReader) count(from CostSource, rows int, hours wide, cost Money) {
	k := &rd.out.costing[from]
	k.Rows += rows
	rd.out.hours[from] = rd.out.hours[from].add(hours)
	k.Cost += cost
}

// hoursOf is a sum of durations in hours: as time.Duration.Hours gives
// them when the sum fits a Duration.
func hoursOf(ns wide) float64 {
	if d, ok := ns.int64(); ok {
		return time.Duration(d).Hours()
	}
	return ns.float() / float64(time.Hour)
}

// support returns the contacts of t, the support input's tally, by
// client, each client's in input order, and counts those of clients in
// Portfolio.Costing, in reading order.
func (rd *costReader) support(t *Tally) clientContacts {
	client := rd.resolve(t)
	for k := range t.cts.len() {
		if rec := t.cts.at(k); client[rec.pair] != noClient {
			rd.count(rec.from, 1, wideOf(int64(rec.hours)), rec.cost)
		}
	}
	of := groupByClient(t.cts.len(), len(rd.a.clients),
		func(k int) int32 { return client[t.cts.at(k).pair] }, func(k int) int32 { return int32(k) })
	return clientContacts{t: t, of: of}
}

// tally returns the tally of input in's rows (InputSupport, InputTime or
// InputExpenses): Data's, or one of the rows Data holds, each of which
// keeps its index for its line.
func (a *analyzer) tally(in Input) *Tally {
	given, n := a.d.TimeTally, len(a.d.Time)
	switch in {
	case InputSupport:
		given, n = a.d.ContactTally, len(a.d.Contacts)
	case InputExpenses:
		given, n = a.d.ExpenseTally, len(a.d.Expenses)
	}
	if given != nil {
		return given
	}
	t := NewTally(in, a.r)
	t.kept = true
	for i := range n {
		switch in {
		case InputSupport:
			t.addContact(&a.d.Contacts[i], i)
		case InputTime:
			t.addTime(&a.d.Time[i], i)
		default:
			t.addExpense(&a.d.Expenses[i], i)
		}
	}
	return t
}

// checkTallies panics when Data holds both rows and a tally of an input,
// or a tally of another window than the analysis': a caller's mistake,
// not something to guess about.
func (a *analyzer) checkTallies() {
	for _, k := range []struct {
		t *Tally
		n int
	}{{a.d.ContactTally, len(a.d.Contacts)}, {a.d.TimeTally, len(a.d.Time)}, {a.d.ExpenseTally, len(a.d.Expenses)}} {
		switch {
		case k.t == nil:
		case k.n > 0:
			panic("analysis: Data holds both rows and a tally of the " + string(k.t.in) + " input")
		case k.t.from != a.from || k.t.asOf != a.r.AsOf:
			panic("analysis: the " + string(k.t.in) + " tally has another window than the analysis")
		}
	}
}

// resolve resolves the spellings of t's rows to clients as rows are
// resolved, in the order of their rows, and returns the client of each
// spelling: first every spelling with an id and a name teaches its id,
// then each spelling used by a row in the window resolves, in the order
// of its first such row, by its id and name, else (a contact's) by the
// domain of its email. A spelling that resolves to no client makes its
// rows unmatched.
func (rd *costReader) resolve(t *Tally) []int32 {
	a, g, in := rd.a, rd.a.reg, t.in
	g.learn(in, len(t.pairs), func(i int) (string, string, Ref) { p := &t.pairs[i]; return p.id, p.name, p.first })
	used := make([]int32, 0, len(t.pairs))
	for q := range t.pairs {
		if t.pairs[q].usedAt >= 0 {
			used = append(used, int32(q))
		}
	}
	slices.SortFunc(used, func(x, y int32) int { return cmp.Compare(t.pairs[x].usedAt, t.pairs[y].usedAt) })
	client := make([]int32, len(t.pairs))
	for _, q := range used {
		p := &t.pairs[q]
		ci, pair := g.resolve(in, p.id, p.name, p.used)
		if ci == noClient {
			ci = g.domainClient(p.domain)
		}
		if ci == noClient {
			g.unmatched(in, pair, p.id, p.name, p.used, p.rows)
			a.tallyUnmatched(in, p.amount, p.rows)
		}
		client[q] = ci
	}
	return client
}

// tallied returns the sums of t, the time or expenses input's tally, of
// each client, and, when t keeps its rows, each client's rows in date
// order; and counts the time rows of clients in Portfolio.Costing.
func (rd *costReader) tallied(t *Tally) clientRows {
	a, in := rd.a, t.in
	client := rd.resolve(t)
	if in == InputTime {
		for k := range t.sums.len() {
			if s := t.sums.at(k); client[s.pair] != noClient {
				rd.count(CostSource(s.meta&costBits), int(s.rows), s.hours, s.cost)
			}
		}
	}
	out := clientRows{t: t}
	out.of = groupByClient(t.sums.len(), len(a.clients), func(k int) int32 { return client[t.sums.at(k).pair] }, func(k int) int32 { return int32(k) })
	if !t.kept {
		return out
	}
	// The rows of clients by date, each date's in reading order.
	days := int(t.asOf - t.from)
	start := make([]int, days+1)
	n := 0
	for k := range t.rows.len() {
		row := t.rows.at(k)
		if client[row.pair] == noClient {
			continue
		}
		start[row.date-t.from]++
		n++
	}
	for d := 1; d <= days; d++ {
		start[d] += start[d-1]
	}
	byDate, owner := make([]int32, n), make([]int32, n)
	for k := range t.rows.len() {
		row := t.rows.at(k)
		if ci := client[row.pair]; ci != noClient {
			at := &start[row.date-t.from-1]
			byDate[*at], owner[*at] = int32(k), ci
			*at++
		}
	}
	out.lines = groupByClient(len(byDate), len(a.clients), func(k int) int32 { return owner[k] }, func(k int) int32 { return byDate[k] })
	return out
}

// The signals a contact's tags can carry, as bits, in the order
// ContactLine.Signals lists them.
var signalNames = [...]string{"abuse", "scope_change", "discount_request"}

// The bits of signalNames.
const (
	signalAbuse       = 1 << iota // abuse
	signalScopeChange             // scope_change
	signalDiscount                // discount_request
)

// signalSets returns the ContactLine.Signals of each combination of
// signal bits, for every line of a Result to share.
func signalSets() (sets [1 << len(signalNames)][]string) {
	for mask := range sets {
		for k, name := range signalNames {
			if mask&(1<<k) != 0 {
				sets[mask] = append(sets[mask], name)
			}
		}
		sets[mask] = slices.Clip(sets[mask])
	}
	return sets
}

// signalsIn returns the signals folded tags carry, as bits.
func signalsIn(tags string, words *[len(signalNames)][]string) uint8 {
	var mask uint8
	for k, ws := range words {
		for _, w := range ws {
			if w != "" && strings.Contains(tags, w) {
				mask |= 1 << k
				break
			}
		}
	}
	return mask
}

// lowerAll folds each signal word as tags are folded.
func lowerAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = foldWord(s)
	}
	return out
}

// afterHours reports whether a contact at local date d and time t falls
// outside business hours: [start, end) on business days. A contact with no
// time is after hours only on a day that is not a business day.
func (r *Rules) afterHours(d Date, t TimeOfDay) bool {
	if !r.BusinessDays[d.Weekday()] {
		return true
	}
	if t == NoTime {
		return false
	}
	return t < r.BusinessStart || t >= r.BusinessEnd
}
