package analysis

import (
	"strings"
)

// Analyze computes every client's figures, flags and verdict, and the
// portfolio figures, from d under r. It does not modify d, but for
// emptying d.PaymentBook under r.InvoiceLinesOnly (see Data). Records dated
// after r.AsOf are not known yet and are left out. The clients' records
// are listed in their lines only for the clients r.Evidence accepts;
// nothing else depends on it.
//
// It is linear in the records: each is read a fixed number of times, the
// payments are put in date order by counting, and no client's figures
// look at another client's records. It runs on two goroutines where the
// work splits; the Result does not depend on how they interleave.
func Analyze(d *Data, r Rules) *Result {
	a := newAnalyzer(d, r)
	a.checkTallies()
	a.readInvoices()
	a.readDisputes()
	evs := a.events()
	if r.InvoiceLinesOnly {
		// Nothing reads a payment row once its events are made but the
		// payment lines, which only a dossier lists.
		a.pays.release()
	}
	// The support, time and expense rows only add lines of their own: they
	// are read on a second core while the payments are applied, with
	// currencies and a budget of their own. The registry is theirs
	// meanwhile: the allocation does not use it.
	costs := make(chan costRows)
	go func() { costs <- a.readCosts() }()
	a.apply(evs)
	a.crossCheck()
	// The invoice numbers are all matched: the clients' figures and
	// lines read the ledger. The table of numbers (about 60 bytes an
	// invoice) goes before they are made.
	a.nums, a.info = nil, nil
	ct := <-costs
	a.contacts, a.work, a.expenses, a.costing = ct.contacts, ct.work, ct.expenses, ct.costing
	a.issues = append(a.issues, ct.issues...)
	res := &Result{Rules: r, From: a.from}
	res.Clients = a.results()
	res.Portfolio = a.portfolio(res.Clients)
	raiseFlags(res, a.facts)
	a.evidence(res.Clients)
	sortClients(res.Clients)
	res.Issues = append(append(a.reg.issues, a.reg.unmatchedIssues()...), a.issues...)
	return res
}

func newAnalyzer(d *Data, r Rules) *analyzer {
	a := &analyzer{d: d, r: r, from: r.From(), cur: newCurrencies(r.Rates), signalSets: signalSets()}
	a.invs, a.pays = d.InvoiceBook, d.PaymentBook
	if a.invs == nil {
		a.invs = bookOf(InputInvoices, d.Invoices, nil)
	}
	if a.pays == nil {
		a.pays = bookOf(InputPayments, nil, d.Payments)
	}
	a.nums, a.payRows = newNumberTable(a.invs.Len()), a.pays.Len()
	a.statuses.classify = classifyStatus
	a.types.classify = classifyType
	a.payStatuses.classify = classifyPayStatus
	a.payTypes.classify = classifyPayType
	a.delivery, a.capital = ratioOf(r.DeliveryRatio), lateRateOf(r.CapitalRate)
	return a
}

type analyzer struct {
	d *Data
	// invs and pays are the rows of the invoices and payments inputs:
	// Data.InvoiceBook and Data.PaymentBook, or books of Data.Invoices
	// and Data.Payments. payRows is how many payment rows there are (a
	// payment event's seq past them is an invoice's own payment).
	invs, pays *Book
	payRows    int
	r          Rules
	from       Date
	reg        *registry
	cur        *currencies
	nums       *numberTable
	info       []numberInfo // by number id
	// pairs finds the ledger entry of a (number, client, kind) whose
	// number has more than longChain entries of that kind.
	pairs   map[uint64]int32
	ledger  []ledgerInvoice
	clients []clientAcc // by client index, one per known client
	// unknownPaid are the paid parts of invoices that settle themselves
	// on an unknown date (a balance and no paid date).
	unknownPaid []appRec
	// contacts, work and expenses are each client's support, time and
	// expense rows in the window, by client index.
	contacts       clientContacts
	work, expenses clientRows
	costing        [CostTicket + 1]CostCount
	// unmatched are the rows of each input, by index in Inputs, that
	// resolve to no client.
	unmatched [len(Inputs)]Unmatched
	// facts are what each client's flags tell of its records, by client
	// index.
	facts []flagFacts
	// signalSets are the ContactLine.Signals of each combination of
	// signal bits, shared by the lines.
	signalSets [1 << len(signalNames)][]string

	statuses, types       wordMemo // of invoices
	payStatuses, payTypes wordMemo // of payments
	apps                  []appRec // the applications of the payments in the window
	scratch               []appRec // the applications of the payment being allocated
	months                monthTable
	delivery              ratio
	capital               lateRate
	budget                budget // of the invoices, payments and disputes
	// ownState: some invoice carries its own paid date or balance.
	ownState bool
	issues   []Issue
}

func (a *analyzer) issue(sev Severity, ref Ref, column, value, problem string) {
	a.issues = append(a.issues, Issue{Severity: sev, Ref: ref, Column: column, Value: value, Problem: problem})
}

// inWindow is Rules.InWindow with the window start worked out once.
func (a *analyzer) inWindow(d Date) bool { return d > a.from && d <= a.r.AsOf }

// toReporting converts m, in the currency of index cur (spelt code), to
// the reporting currency for the row at ref, and takes it from input in's
// budget. When it cannot, it says why in an Error issue (column is the
// amount's) and reports false.
func toReporting(cur *currencies, b *budget, issues *[]Issue, in Input, m Money, code string, ref Ref, column string) (Money, bool) {
	i := cur.of(code)
	if !cur.has(i) {
		*issues = append(*issues, Issue{Severity: SeverityError, Ref: ref, Column: "currency", Value: code, Problem: "no fx rate for " + code})
		return 0, false
	}
	mr, ok := cur.toReporting(m, i)
	if !ok || !b.spend(in, mr) {
		*issues = append(*issues, Issue{Severity: SeverityError, Ref: ref, Column: column, Value: FormatMoney(m, code),
			Problem: tooLarge(in, cur.rates.Reporting())})
		return 0, false
	}
	return mr, true
}

// reporting is toReporting with the analyzer's own currencies, budget and
// issues.
func (a *analyzer) reporting(in Input, m Money, code string, ref Ref, column string) (Money, bool) {
	return toReporting(a.cur, &a.budget, &a.issues, in, m, code, ref, column)
}

// foldNumber is the matching form of an invoice number: folded like an
// id, without a leading '#'.
func foldNumber(s string) string {
	return foldName(strings.TrimPrefix(strings.TrimSpace(s), "#"))
}

// foldWord is a status, type or tag as SPEC §3 compares them: lower case,
// '_' and '-' as spaces, white space collapsed.
func foldWord(s string) string {
	return foldName(strings.NewReplacer("_", " ", "-", " ").Replace(s))
}

// wordMemo remembers the class of the few words a column holds (Paid,
// Open, Invoice, Credit Memo, …) so each is folded once, not once a row.
type wordMemo struct {
	classify func(string) uint8
	words    []string
	classes  []uint8
	more     map[string]uint8
}

func (m *wordMemo) of(s string) uint8 {
	for i, w := range m.words {
		if w == s {
			return m.classes[i]
		}
	}
	if c, ok := m.more[s]; ok {
		return c
	}
	c := m.classify(s)
	if len(m.words) < 8 {
		m.words, m.classes = append(m.words, s), append(m.classes, c)
	} else {
		if m.more == nil {
			m.more = map[string]uint8{}
		}
		m.more[s] = c
	}
	return c
}

// memo remembers f(s) for the strings a column repeats (tags, people), so
// that each is worked out once, not once a row. Past limit strings it
// remembers no more (a column of text that never repeats).
type memo[V any] struct {
	f     func(string) V
	m     map[string]V
	limit int
}

// memoLimit is how many strings a memo remembers.
const memoLimit = 1 << 16

func newMemo[V any](f func(string) V) *memo[V] {
	return &memo[V]{f: f, m: map[string]V{}, limit: memoLimit}
}

func (m *memo[V]) of(s string) V {
	if v, ok := m.m[s]; ok {
		return v
	}
	v := m.f(s)
	if len(m.m) < m.limit {
		m.m[s] = v
	}
	return v
}

func abs(m Money) Money { return max(m, -m) }

// cut returns the next n elements of *block, capped at n.
func cut[T any](block *[]T, n int) []T {
	s := (*block)[:n:n]
	*block = (*block)[n:]
	return s
}

// groupByClient returns m records, the k-th rec(k), grouped by their
// owner(k) of n clients, each client's in the order of k, cut from one
// block; a record whose owner is noClient is left out.
func groupByClient[T any](m, n int, owner func(k int) int32, rec func(k int) T) [][]T {
	start := make([]int, n+1)
	for k := range m {
		if o := owner(k); o != noClient {
			start[o+1]++
		}
	}
	for c := 1; c <= n; c++ {
		start[c] += start[c-1]
	}
	block := make([]T, start[n])
	out := make([][]T, n)
	for c := range out {
		out[c] = block[start[c]:start[c]:start[c+1]]
	}
	for k := range m {
		if o := owner(k); o != noClient {
			out[o] = append(out[o], rec(k))
		}
	}
	return out
}
