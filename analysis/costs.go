package analysis

import (
	"slices"
	"strings"
	"time"
)

// costRec is a support or time row in the window with what the analysis
// made of it; the rest of it stays in Data.Contacts or Data.Time.
type costRec struct {
	idx   int32 // index into Data.Contacts or Data.Time
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
)

// expenseRec is an expense in the window.
type expenseRec struct {
	idx     int32 // index into Data.Expenses
	date    Date
	amountR Money // reporting currency
}

// costRows are the support, time and expense rows in the window, each
// client's in input order, by client index, and what reading them found.
type costRows struct {
	contacts, work [][]costRec
	expenses       [][]expenseRec
	costing        [CostTicket + 1]CostCount
	issues         []Issue
}

// costReader reads the support, time and expense rows. It has currencies,
// a budget and issues of its own, so that it can run beside the
// allocation, which uses neither the registry nor these.
type costReader struct {
	a      *analyzer
	cur    *currencies
	budget budget
	out    costRows
	rates  map[string]Money // Rules.HourlyRates by nameKey; nil for none
	// rateOfName is the rate of a person or role as the rows spell it.
	rateOfName *memo[rateHit]
}

type rateHit struct {
	rate Money
	ok   bool
}

// readCosts resolves each support, time and expense row in the window to
// its client and works out its cost (and, for a contact, its signals and
// whether it fell after hours).
func (a *analyzer) readCosts() costRows {
	rd := &costReader{a: a, cur: newCurrencies(a.r.Rates), rates: foldRates(a.r.HourlyRates)}
	rd.rateOfName = newMemo(func(s string) rateHit {
		r, ok := rd.rates[nameKey(s)]
		return rateHit{r, ok}
	})
	rd.out.contacts = rd.support()
	rd.out.work = rd.timeRows()
	rd.out.expenses = rd.expenseRows()
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
func (rd *costReader) rateOf(person, role string) (Money, CostSource) {
	if rd.rates != nil {
		if r, ok := rd.lookup(person); ok {
			return r, CostPerson
		}
		if r, ok := rd.lookup(role); ok {
			return r, CostRole
		}
	}
	return rd.a.r.Hour, CostHour
}

func (rd *costReader) lookup(s string) (Money, bool) {
	if s == "" {
		return 0, false
	}
	h := rd.rateOfName.of(s)
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
func (rd *costReader) cost(in Input, ref Ref, w work, ticket bool) (c, rate Money, from CostSource, ok bool) {
	_, worked := w.worked()
	if w.hasCost && (w.cost != 0 || !worked) {
		c, ok = toReporting(rd.cur, &rd.budget, &rd.out.issues, in, w.cost, w.currency, ref, "cost")
		return c, 0, CostGiven, ok
	}
	switch {
	case worked:
		rate, from = rd.rateOf(w.person, w.role)
		var cc int64
		cc, ok = mulDiv(int64(rate), int64(w.hours), int64(time.Hour))
		c = Money(cc)
	case ticket:
		c, from, ok = rd.a.r.SupportTicket, CostTicket, true
	default:
		rate, from = rd.rateOf(w.person, w.role)
		ok = true
	}
	if !ok || !rd.budget.spend(in, c) {
		rd.out.issues = append(rd.out.issues, Issue{Severity: SeverityError, Ref: ref, Column: "hours", Value: w.hours.String(),
			Problem: tooLarge(in, rd.a.r.Currency)})
		return 0, 0, 0, false
	}
	return c, rate, from, true
}

// count adds a costed row of a client to Portfolio.Costing.
func (rd *costReader) count(r *costRec) {
	k := &rd.out.costing[r.from]
	k.Rows++
	k.Hours += r.hours.Hours()
	k.Cost += r.cost
}

// clientOf returns the client of a row of input in, at ref, carrying id,
// name and (a support row's) email. A row of no client is counted as
// unmatched, with its cost or amount m, and ok is false.
func (rd *costReader) clientOf(in Input, id, name, email string, ref *Ref, m Money) (ci int32, ok bool) {
	g := rd.a.reg
	ci, pair := g.resolve(in, id, name, *ref)
	if ci == noClient {
		ci = g.domainClient(email)
	}
	if ci == noClient {
		g.unmatched(in, pair, id, name, *ref)
		rd.a.tallyUnmatched(in, m)
		return noClient, false
	}
	return ci, true
}

// support reads the support rows (contacts).
func (rd *costReader) support() [][]costRec {
	a := rd.a
	cts := a.d.Contacts
	a.reg.learn(InputSupport, len(cts), func(i int) (string, string, *Ref) { return cts[i].ClientID, cts[i].ClientName, &cts[i].Ref })
	words := [len(signalNames)][]string{lowerAll(a.r.Signals.Abuse), lowerAll(a.r.Signals.ScopeChange), lowerAll(a.r.Signals.DiscountRequest)}
	tags := newMemo(func(tags string) uint8 { return signalsIn(foldWord(tags), &words) })
	n := a.countInWindow(len(cts), func(i int) Date { return cts[i].Date })
	recs, owner := make([]costRec, 0, n), make([]int32, 0, n)
	for i := range cts {
		ct := &cts[i]
		if !a.inWindow(ct.Date) {
			continue
		}
		w := work{ct.HasCost, ct.Cost, ct.Currency, ct.HasHours, ct.Hours, ct.Person, ct.Role}
		cost, rate, from, ok := rd.cost(InputSupport, ct.Ref, w, true)
		if !ok {
			continue
		}
		ci, ok := rd.clientOf(InputSupport, ct.ClientID, ct.ClientName, ct.Email, &ct.Ref, cost)
		if !ok {
			continue
		}
		hours, _ := w.worked()
		rec := costRec{idx: int32(i), date: ct.Date, time: ct.Time, from: from, cost: cost, rate: rate, hours: hours}
		if a.afterHours(ct.Date, ct.Time) {
			rec.bits |= rowAfterHours
		}
		if ct.Billable {
			rec.bits |= rowBillable
		}
		if ct.Tags != "" {
			rec.bits |= tags.of(ct.Tags)
		}
		rd.count(&rec)
		recs, owner = append(recs, rec), append(owner, ci)
	}
	return groupByClient(recs, owner, len(a.clients))
}

// timeRows reads the time rows (work, never contacts).
func (rd *costReader) timeRows() [][]costRec {
	a := rd.a
	ts := a.d.Time
	a.reg.learn(InputTime, len(ts), func(i int) (string, string, *Ref) { return ts[i].ClientID, ts[i].ClientName, &ts[i].Ref })
	n := a.countInWindow(len(ts), func(i int) Date { return ts[i].Date })
	recs, owner := make([]costRec, 0, n), make([]int32, 0, n)
	for i := range ts {
		te := &ts[i]
		if !a.inWindow(te.Date) {
			continue
		}
		w := work{te.HasCost, te.Cost, te.Currency, te.HasHours, te.Hours, te.Person, te.Role}
		cost, rate, from, ok := rd.cost(InputTime, te.Ref, w, false)
		if !ok {
			continue
		}
		ci, ok := rd.clientOf(InputTime, te.ClientID, te.ClientName, "", &te.Ref, cost)
		if !ok {
			continue
		}
		hours, _ := w.worked()
		rec := costRec{idx: int32(i), date: te.Date, time: NoTime, from: from, cost: cost, rate: rate, hours: hours}
		if te.Billable {
			rec.bits |= rowBillable
		}
		rd.count(&rec)
		recs, owner = append(recs, rec), append(owner, ci)
	}
	return groupByClient(recs, owner, len(a.clients))
}

// expenseRows reads the expense rows.
func (rd *costReader) expenseRows() [][]expenseRec {
	a := rd.a
	es := a.d.Expenses
	a.reg.learn(InputExpenses, len(es), func(i int) (string, string, *Ref) { return es[i].ClientID, es[i].ClientName, &es[i].Ref })
	n := a.countInWindow(len(es), func(i int) Date { return es[i].Date })
	recs, owner := make([]expenseRec, 0, n), make([]int32, 0, n)
	for i := range es {
		e := &es[i]
		if !a.inWindow(e.Date) {
			continue
		}
		m, ok := toReporting(rd.cur, &rd.budget, &rd.out.issues, InputExpenses, e.Amount, e.Currency, e.Ref, "amount")
		if !ok {
			continue
		}
		ci, ok := rd.clientOf(InputExpenses, e.ClientID, e.ClientName, "", &e.Ref, m)
		if !ok {
			continue
		}
		recs, owner = append(recs, expenseRec{idx: int32(i), date: e.Date, amountR: m}), append(owner, ci)
	}
	return groupByClient(recs, owner, len(a.clients))
}

// countInWindow returns how many of n rows, row i dated date(i), are in
// the window: room for their records.
func (a *analyzer) countInWindow(n int, date func(i int) Date) int {
	k := 0
	for i := range n {
		if a.inWindow(date(i)) {
			k++
		}
	}
	return k
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
func (a *analyzer) afterHours(d Date, t TimeOfDay) bool {
	if !a.r.BusinessDays[d.Weekday()] {
		return true
	}
	if t == NoTime {
		return false
	}
	return t < a.r.BusinessStart || t >= a.r.BusinessEnd
}
