package sample

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"time"
)

// Rows as the exports hold them. Amounts are minor units of the row's
// currency.
type (
	invoiceRow struct {
		date       day
		num        string
		customer   string
		due        day // 0: none (credit memos)
		amount     int64
		amountText string // when not "", written instead of amount (a bad row)
		currency   string
		status     string
		typ        string
		appliesTo  string
		memo       string
	}
	payment struct {
		date      day
		dateText  string // when not "", written instead of date (a bad row)
		customer  string
		invoice   string
		amount    int64
		currency  string
		reference string
	}
	dispute struct {
		date     day
		customer string
		invoice  string
		amount   int64
		reason   string
		status   string
	}
	ticket struct {
		date     day
		minute   int // minutes after local midnight
		second   int
		subject  string
		status   string
		priority string
		source   string
		typ      string
		tracked  int // minutes; -1: none
		tags     string
		person   string
		company  string
	}
)

// sinks receive the rows in file order. A time row of the firm's own
// (client internal) comes with a nil client.
type sinks struct {
	invoice func(invoiceRow) error
	payment func(payment) error
	dispute func(dispute) error
	ticket  func(ticket) error
	time    func(workRow, *client) error
	expense func(expenseRow, *client) error
}

// generator produces the demo's rows day by day.
type generator struct {
	seed    uint64
	clients []*client
	out     sinks

	pcg  *rand.PCG  // reseeded per (client, invoice): amounts are a pure function
	pure *rand.Rand // of the seed, so they can be summed before they are written

	whaleTotal   int64   // EUR cents the whale is invoiced over the span
	whaleWeights float64 // sum of the whale's invoice weights

	invoiceQ queue[invoiceRow]
	paymentQ queue[payment]
	disputeQ queue[dispute]
	ticketQ  queue[ticket]
	timeQ    queue[workRow]
	expenseQ queue[expenseRow]

	invoiceDue [][]int32 // per day of the span: clients with an invoice that day
	contactDue [][]int32 // per day of the span: clients with a contact that day
	workDue    [][]int32 // per day of the span: clients with work logged that day

	nextInvoice, nextCredit, nextRef int
	counts                           Summary
}

func newGenerator(seed uint64, clients []*client, out sinks) *generator {
	pcg := rand.NewPCG(0, 0)
	g := &generator{
		seed:       seed,
		clients:    clients,
		out:        out,
		pcg:        pcg,
		pure:       rand.New(pcg),
		invoiceDue: make([][]int32, spanDays),
		contactDue: make([][]int32, spanDays),
		workDue:    make([][]int32, spanDays),
	}
	g.nextInvoice, g.nextCredit, g.nextRef = 1001, 1001, 40001
	return g
}

// draw returns the pure random stream of invoice k of client c.
func (g *generator) draw(c *client, k int) *rand.Rand {
	g.pcg.Seed(g.seed^0x9e3779b97f4a7c15, uint64(c.idx)<<32|uint64(k))
	return g.pure
}

// amount is the amount of invoice k of client c: a pure function of the
// seed, client and k.
func (g *generator) amount(c *client, k int) int64 {
	switch c.story {
	case costly, deliveryLoss:
		return c.base
	case oneOff:
		return 7500_00
	case whale:
		w := 0.8 + 0.4*g.draw(c, k).Float64()
		return roundEuros(float64(g.whaleTotal) * w / g.whaleWeights)
	}
	r := g.draw(c, k)
	a := int64(float64(c.base) * (0.85 + 0.3*r.Float64()))
	if c.story != healthy || r.IntN(2) == 0 {
		a = roundEuros(float64(a))
	}
	return a
}

func roundEuros(cents float64) int64 { return int64(cents/100+0.5) * 100 }

// totals returns what each client is invoiced over the span, in euro
// cents (USD at 0.92), and sets the whale's total to half of everyone
// else's, so that it holds a third of the whole.
func (g *generator) totals() []int64 {
	totals := make([]int64, len(g.clients))
	sum := func(c *client) {
		for k := 0; k < c.invoices; k++ {
			a := g.amount(c, k)
			if c.currency == "USD" {
				a = a * 92 / 100
			}
			totals[c.idx] += a
		}
	}
	var others int64
	var w *client
	for _, c := range g.clients {
		if c.story == whale {
			w = c
			continue
		}
		sum(c)
		others += totals[c.idx]
	}
	g.whaleTotal = others / 2
	for k := 0; k < w.invoices; k++ {
		g.whaleWeights += 0.8 + 0.4*g.draw(w, k).Float64()
	}
	sum(w)
	return totals
}

// invoiceDate is the issue date of invoice k of c.
func invoiceDate(c *client, k int) day {
	if isMonthly(c.story) {
		return spanStart.addMonths(k) + day(c.monthDay-1)
	}
	if c.story == oneOff {
		return dayOf(2026, time.May, 15)
	}
	return spread(c, k, c.invoices)
}

// spread places event k of n evenly over the span with a random lag.
func spread(c *client, k, n int) day {
	u := c.rng.Float64() * 0.9
	return spanStart + day((float64(k)+u)*float64(spanDays)/float64(n))
}

// contactDate is the date of contact j of c, moved to a weekday or a
// weekend as the client's habits say.
func contactDate(c *client, j int) day {
	d := spread(c, j, c.contacts)
	if c.story == nightOwl {
		switch j % 3 {
		case 1:
			return d // a night call, any day
		case 2:
			return weekendDay(d)
		}
	}
	return businessDay(d)
}

func (g *generator) schedule(due [][]int32, c *client, d day) {
	i := int(d - spanStart)
	due[i] = append(due[i], int32(c.idx))
}

// run generates every row and passes it to the sinks in date order.
func (g *generator) run() error {
	totals := g.totals()
	for _, c := range g.clients {
		g.startWork(c, totals[c.idx])
		if d := c.nextWork(); d <= asOf {
			g.schedule(g.workDue, c, d)
		}
		if c.invoices > 0 {
			c.nextInv = invoiceDate(c, 0)
			g.schedule(g.invoiceDue, c, c.nextInv)
		}
		if c.contacts > 0 {
			c.nextCon = contactDate(c, 0)
			g.schedule(g.contactDue, c, c.nextCon)
		}
	}
	for d := spanStart; d <= asOf; d++ {
		i := int(d - spanStart)
		due := g.invoiceDue[i]
		slices.Sort(due)
		for _, idx := range due {
			c := g.clients[idx]
			for c.issued < c.invoices && c.nextInv == d {
				g.issue(c, c.issued, d)
				c.issued++
				if c.issued < c.invoices {
					c.nextInv = max(invoiceDate(c, c.issued), d)
				}
			}
			if c.issued < c.invoices {
				g.schedule(g.invoiceDue, c, c.nextInv)
			}
		}
		g.invoiceDue[i] = nil
		due = g.contactDue[i]
		slices.Sort(due)
		for _, idx := range due {
			c := g.clients[idx]
			for c.opened < c.contacts && c.nextCon <= d {
				g.contact(c, c.opened, c.nextCon)
				c.opened++
				if c.opened < c.contacts {
					c.nextCon = contactDate(c, c.opened)
				}
			}
			if c.opened < c.contacts {
				g.schedule(g.contactDue, c, max(c.nextCon, d+1))
			}
		}
		g.contactDue[i] = nil
		due = g.workDue[i]
		slices.Sort(due)
		for _, idx := range due {
			c := g.clients[idx]
			g.work(c, d)
			if next := max(c.nextWork(), d+1); next <= asOf {
				g.schedule(g.workDue, c, next)
			}
		}
		g.workDue[i] = nil
		g.internalTime(d)
		if err := g.drain(d, d-7); err != nil {
			return err
		}
	}
	// Rows dated after as-of (payments not yet made, credits not yet
	// issued) never happened.
	return g.drain(asOf, asOf)
}

// drain writes the rows dated up to d; tickets, which may be moved back to
// a weekday up to a week, up to ticketsUpTo.
func (g *generator) drain(d, ticketsUpTo day) error {
	if err := g.invoiceQ.drain(int64(d), g.writeInvoice); err != nil {
		return err
	}
	if err := g.paymentQ.drain(int64(d), g.writePayment); err != nil {
		return err
	}
	if err := g.disputeQ.drain(int64(d), g.writeDispute); err != nil {
		return err
	}
	if err := g.timeQ.drain(int64(d), g.writeTime); err != nil {
		return err
	}
	if err := g.expenseQ.drain(int64(d), g.writeExpense); err != nil {
		return err
	}
	return g.ticketQ.drain(int64(ticketsUpTo)*1440+1439, g.writeTicket)
}

// clientOf is the client of a time or expense row; nil for the firm's own.
func (g *generator) clientOf(idx int32) *client {
	if idx == internal {
		return nil
	}
	return g.clients[idx]
}

func (g *generator) writeTime(w workRow) error {
	g.counts.TimeEntries++
	return g.out.time(w, g.clientOf(w.client))
}

func (g *generator) writeExpense(e expenseRow) error {
	g.counts.Expenses++
	return g.out.expense(e, g.clientOf(e.client))
}

func (g *generator) writeInvoice(r invoiceRow) error {
	if r.typ == "Credit Memo" {
		g.counts.CreditNotes++
	} else {
		g.counts.Invoices++
	}
	return g.out.invoice(r)
}

func (g *generator) writePayment(p payment) error {
	if p.reference == "" {
		p.reference = "TRF-" + strconv.Itoa(g.nextRef)
		g.nextRef++
	}
	g.counts.Payments++
	return g.out.payment(p)
}

func (g *generator) writeDispute(d dispute) error {
	g.counts.Disputes++
	return g.out.dispute(d)
}

func (g *generator) writeTicket(t ticket) error {
	g.counts.Contacts++
	return g.out.ticket(t)
}

var memos = []string{"Monthly retainer", "Website maintenance", "Consulting hours", "Hosting and support", "Design sprint", "SEO campaign"}

// issue issues invoice k of c on day d, and decides how it is paid,
// disputed or credited.
func (g *generator) issue(c *client, k int, d day) {
	num := "INV-" + strconv.Itoa(g.nextInvoice)
	g.nextInvoice++
	amt := g.amount(c, k)
	due := d + day(c.terms)
	inv := invoiceRow{
		date: d, num: num, customer: c.name, due: due, amount: amt, currency: c.currency,
		typ:  "Invoice",
		memo: memos[(c.idx+k)%len(memos)] + " " + d.time().Format("January 2006"),
	}
	switch c.story {
	case costly:
		inv.memo = "Support retainer " + d.time().Format("January 2006")
	case deliveryLoss:
		inv.memo = "Fixed fee " + d.time().Format("January 2006")
	}

	payAmount := amt
	delay, paid := g.delay(c, k), true
	switch c.story {
	case disputer:
		switch k % 4 {
		case 1: // disputed in disputes.csv, paid once settled
			raised := d + day(8+c.rng.IntN(13))
			status := "Resolved"
			if raised > asOf-60 {
				status = "Open"
			}
			share := []int64{100, 100, 60, 40}[c.rng.IntN(4)]
			g.disputeQ.push(int64(raised), dispute{
				date: raised, customer: c.name, invoice: num, amount: amt * share / 100,
				reason: disputeReasons[c.rng.IntN(len(disputeReasons))], status: status,
			})
			delay = 25 + c.rng.IntN(21)
		case 3: // disputed on the invoice itself, still unpaid
			paid = false
			inv.status = "Disputed"
		}
	case haggler:
		if k%2 == 0 {
			credit := roundEuros(float64(amt) * (0.25 + 0.10*c.rng.Float64()))
			cm := invoiceRow{
				date: min(d+day(3+c.rng.IntN(10)), asOf), num: "CM-" + strconv.Itoa(g.nextCredit), customer: c.name,
				amount: -credit, currency: c.currency, typ: "Credit Memo", status: "Closed",
				memo: []string{"Goodwill discount", "Price adjustment", "Loyalty discount"}[c.rng.IntN(3)],
			}
			g.nextCredit++
			if k%4 == 0 {
				cm.appliesTo = num
				payAmount = amt - credit
			} else {
				cm.status = "Unapplied"
			}
			g.invoiceQ.push(int64(cm.date), cm)
		}
	}

	payDate := nextBankDay(due + day(delay))
	if paid && payDate <= asOf {
		inv.status = "Paid"
	} else if inv.status == "" {
		inv.status = "Open"
		if due < asOf {
			inv.status = "Overdue"
		}
	}
	g.invoiceQ.push(int64(d), inv)

	p := payment{date: payDate, customer: c.payName, invoice: num, amount: payAmount, currency: c.currency}
	h := c.idx - len(storyClients) // which healthy client, 0-based
	if c.story == healthy && k != 1 && c.rng.IntN(20) == 0 {
		p.invoice = "" // a transfer that names no invoice
	}
	if c.story == healthy && k == 1 {
		g.plantBadRows(c, h, inv, &p)
	}
	if !paid || payDate > asOf {
		if c.heldPay != nil { // never leave the first half of a batch unpaid
			g.paymentQ.push(int64(c.heldPay.date), *c.heldPay)
			c.heldPay = nil
		}
		return
	}
	// The first healthy client pays invoices 1 and 2 with one transfer.
	if c.story == healthy && h == 0 {
		switch k {
		case 1:
			held := p
			c.heldPay = &held
			return
		case 2:
			if c.heldPay != nil {
				p = payment{
					date: max(p.date, c.heldPay.date), customer: c.payName, currency: c.currency,
					amount:    p.amount + c.heldPay.amount,
					reference: c.heldPay.invoice + " " + num,
				}
				c.heldPay = nil
			}
		}
	}
	g.paymentQ.push(int64(p.date), p)
}

var disputeReasons = []string{"Hours not agreed", "Work not delivered as quoted", "Rate higher than contract", "Charged twice", "Quality not acceptable"}

// delay is how many days after the due date c pays invoice k.
func (g *generator) delay(c *client, k int) int {
	r := c.rng
	switch c.story {
	case latePayer: // moving a weekend payment to Monday adds up to 2 days
		if k%5 == 2 {
			return 30 + r.IntN(29)
		}
		return 90 + r.IntN(29)
	}
	switch x := r.IntN(20); {
	case x < 15:
		return max(-10+r.IntN(14), 1-c.terms) // on time or a little early
	case x < 19:
		return 4 + r.IntN(12)
	default:
		return 16 + r.IntN(15)
	}
}

// plantBadRows adds, to the invoice 1 of the second to seventh healthy
// clients, the rows that must end up on the Data issues sheet.
func (g *generator) plantBadRows(c *client, h int, inv invoiceRow, p *payment) {
	switch h {
	case 1: // an amount that is not a number
		bad := inv
		bad.num = "INV-" + strconv.Itoa(g.nextInvoice)
		g.nextInvoice++
		bad.amountText, bad.status, bad.memo = "n/a", "Open", "Quote accepted, amount to follow"
		g.invoiceQ.push(int64(inv.date), bad)
	case 2: // a voided invoice
		void := inv
		void.num = "INV-" + strconv.Itoa(g.nextInvoice)
		g.nextInvoice++
		void.status, void.memo = "Voided", "Issued in error"
		g.invoiceQ.push(int64(inv.date), void)
	case 3: // the same invoice exported twice
		g.invoiceQ.push(int64(inv.date), inv)
	case 4: // a payment naming an invoice that does not exist (a typo)
		p.invoice = "IN-" + p.invoice[len("INV-"):]
	case 5: // a refund
		g.paymentQ.push(int64(p.date+5), payment{date: p.date + 5, customer: c.payName, amount: -150_00, currency: c.currency, reference: "Refund overpayment"})
	case 6: // a date that does not exist
		g.paymentQ.push(int64(p.date), payment{date: p.date, dateText: "31/02/2026", customer: c.payName, amount: 75_00, currency: c.currency, reference: "Manual entry"})
	}
}

// Ticket contents.
type topic struct{ subject, tags, typ string }

var (
	normalTopics = []topic{
		{"Cannot log in to the client portal", "login", "Problem"},
		{"Question about last invoice", "billing", "Question"},
		{"Please send a copy of an invoice", "billing,invoice copy", "Question"},
		{"Website contact form not sending", "bug,website", "Incident"},
		{"How do I add a new user?", "how-to", "Question"},
		{"Email delivery delayed", "email", "Incident"},
		{"Password reset link expired", "login", "Problem"},
		{"Update opening hours on the website", "website", "Question"},
		{"Training session for new staff", "training", "Question"},
		{"Site was down this morning", "outage", "Incident"},
		{"Idea: export bookings to PDF", "feature request", "Feature Request"},
	}
	abuseTopics = []topic{
		{"This is completely unacceptable!!!", "abusive,escalation", "Problem"},
		{"Your staff are useless", "abusive", "Problem"},
		{"Third time I am calling about this", "harassment,escalation", "Problem"},
		{"I will make sure everyone hears about this", "harassment", "Problem"},
	}
	scopeTopics = []topic{
		{"New requirements for the booking flow", "change request", "Feature Request"},
		{"Rework the homepage design again", "rework,design", "Feature Request"},
		{"Change request: extra landing page", "change request,website", "Feature Request"},
		{"Checkout needs rework after review", "rework", "Problem"},
	}
	discountTopics = []topic{
		{"Can we get a discount this month?", "discount,billing", "Question"},
		{"Competitor quoted us cheaper", "price match,billing", "Question"},
		{"Loyalty discount for next year?", "discount", "Question"},
	}
	sources    = []string{"Email", "Email", "Portal", "Phone", "Chat"}
	priorities = []string{"Low", "Medium", "Medium", "Medium", "High"}
)

// contact opens support contact j of c on day d.
func (g *generator) contact(c *client, j int, d day) {
	r := c.rng
	t := ticket{
		date:     d,
		minute:   9*60 + r.IntN(8*60+30), // 09:00–17:29
		second:   r.IntN(60),
		source:   sources[r.IntN(len(sources))],
		priority: priorities[r.IntN(len(priorities))],
		person:   c.people[r.IntN(len(c.people))],
		company:  c.ticketName,
		tracked:  15 + 5*r.IntN(22), // 0:15–2:00
	}
	if r.IntN(5) == 0 {
		t.tracked = -1
	}
	tp := normalTopics[r.IntN(len(normalTopics))]
	switch c.story {
	case costly:
		t.tracked = 6*60 + 40 // 5 a month × 6:40 = 33:20 hours = 2,000.00 at 60/hour
	case nightOwl:
		switch j % 3 {
		case 1:
			t.minute = 3*60 + r.IntN(120) // 03:00–04:59
			if j%2 == 0 {
				t.minute = 22*60 + r.IntN(120) // 22:00–23:59
			}
			t.source, t.priority = "Phone", "Urgent"
		case 2:
			t.minute = 10*60 + r.IntN(10*60) // weekend, 10:00–19:59
			t.source = "Chat"
		}
		t.tracked = 30 + 5*r.IntN(13)
	case abuser:
		if j%2 == 0 {
			tp = abuseTopics[(j/2)%len(abuseTopics)]
			t.priority = "Urgent"
			t.tracked = 30 + 5*r.IntN(19)
		}
	case scopeCreep:
		if j%4 != 3 {
			tp = scopeTopics[(j/4+j)%len(scopeTopics)]
			t.tracked = 60 + 15*r.IntN(13)
		}
	case haggler:
		if j%2 == 0 {
			tp = discountTopics[(j/2)%len(discountTopics)]
		}
	}
	t.subject, t.tags, t.typ = tp.subject, tp.tags, tp.typ
	switch {
	case d > asOf-7:
		t.status = []string{"Open", "Pending"}[r.IntN(2)]
	case r.IntN(4) == 0:
		t.status = "Resolved"
	default:
		t.status = "Closed"
	}
	g.ticketQ.push(int64(d)*1440+int64(t.minute), t)
}

// formatTracked writes minutes as h:mm; "" for none.
func formatTracked(m int) string {
	if m < 0 {
		return ""
	}
	return fmt.Sprintf("%d:%02d", m/60, m%60)
}
