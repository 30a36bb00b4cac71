package sample

import (
	"fmt"
	"math/rand/v2"
	"sort"
)

// story is the part a client plays in the demo.
type story int

const (
	healthy      story = iota
	latePayer          // pays most invoices 90–120 days after the due date
	disputer           // disputes every other invoice
	costly             // pays 1,000 a month, costs 2,000 a month in support tickets
	nightOwl           // calls at night and at weekends
	haggler            // credit notes and discount requests
	abuser             // abusive tickets
	scopeCreep         // change requests and rework, again and again
	whale              // a third of all revenue
	oneOff             // a single invoice
	dormant            // in the client master only
	foreign            // invoiced in USD
	aliased            // named differently in payments, resolved by an alias
	suffixed           // "Brightline Ltd" in the books, "Brightline" in the helpdesk
	deliveryLoss       // few tickets, but its billable hours cost more than its fee
	expenseLoss        // a healthy margin on time, lost to expenses
)

// storyClients are the story clients, in roster order.
var storyClients = []struct {
	story story
	name  string
	shows string
}{
	{latePayer, "Slowpoke Logistics", "pays most invoices 90–120 days after the due date (LATE_PAYER)"},
	{disputer, "Quibble & Quarrel Legal", "disputes every other invoice: rows in disputes.csv and invoices with status Disputed (DISPUTES)"},
	{costly, "Penny Pincher Bakeries", "pays 1,000.00 a month and raises 5 tickets a month of 6:40 each, 33:20 hours or 2,000.00 at 60/hour (UNPROFITABLE, HIGH_CONTACT)"},
	{nightOwl, "Night Owl Hospitality", "calls at 3 a.m., late at night and at weekends (AFTER_HOURS)"},
	{haggler, "Haggle Brothers Furniture", "credit memos on every other invoice, some with Applies To, and discount tickets (DISCOUNTS)"},
	{abuser, "Grumbleton Estates", "tickets tagged abusive and harassment (ABUSE)"},
	{scopeCreep, "Moving Goalposts Media", "tickets tagged change request and rework, month after month (SCOPE_CHANGE); the rework is logged as non-billable time, so its margin falls below 20% (LOW_MARGIN)"},
	{whale, "Titan Retail Group", "a third of all invoiced revenue, otherwise healthy (CONCENTRATION)"},
	{oneOff, "One Night Only Events", "a single invoice"},
	{dormant, "Sleepy Hollow Cider", "in clients.xlsx only: no invoices, payments or tickets"},
	{foreign, "Lone Star Software Inc", "invoiced and paying in USD (fx USD: 0.92 in the config)"},
	{aliased, "Oakridge Dental", "pays as \"Oak Ridge Dental Practice\", an alias in clients.xlsx"},
	{suffixed, "Brightline Ltd", "\"Brightline\" in the ticket export: a name that differs only by a legal suffix (resolves to Brightline Ltd, with a warning)"},
	{deliveryLoss, "Sunk Cost Studios", "a fixed fee of 3,000.00 a month and a ticket now and then: healthy on support cost alone, but its billable hours cost a quarter more than the fee (UNPROFITABLE once delivery time is costed)"},
	{expenseLoss, "Globetrotter Events", "its time leaves a healthy margin, but venues, subcontractors and travel cost more than that margin (UNPROFITABLE only through expenses)"},
}

// Names the stories use outside the invoices.
const (
	aliasPayName     = "Oak Ridge Dental Practice"
	suffixTicketName = "Brightline"
)

// client is one client of the demo firm and its generator state.
type client struct {
	idx   int
	story story
	name  string
	id    string // Client ID in the master, C-00001
	// payName is the name payments use; ticketName the helpdesk's Company
	// Name.
	payName, ticketName string
	currency            string     // EUR or USD
	base                int64      // typical invoice amount, minor units
	terms               int        // days from issue to due
	invoices            int        // invoices over the whole span
	contacts            int        // support contacts over the whole span
	monthDay            int        // day of the month a monthly client is invoiced
	people              []string   // the client's staff who raise tickets
	rng                 *rand.Rand // the client's own stream: behaviour and amounts

	// What the client's work costs, as shares of what it is invoiced (in
	// euros): billable time, non-billable time and expenses (SPEC.md §4:
	// Delivery cost, Support cost, Expenses).
	workShare, unbilledShare, expenseShare float64
	crew                                   []int      // team members who work for the client (indexes into team)
	project, code                          string     // the Harvest project and its code ("" for none)
	work                                   *rand.Rand // the client's random stream for time and expenses
	streams                                [3]stream  // billable time, non-billable time, expenses

	issued, opened   int // invoices issued and contacts opened so far
	nextInv, nextCon day // dates of the next invoice and contact
	heldPay          *payment

	renewal int    // days after as-of the contract renews
	owner   string // account manager
	fee     int64  // monthly fee in the master, minor units; 0 = none
	aliases string // ";"-separated
}

// Word lists for healthy client names: every combination is distinct and
// none differs from another only by punctuation or a legal suffix.
var (
	namePrefixes = []string{"Harbor", "Northgate", "Bluebell", "Cedar", "Foxglove", "Granite", "Meadow", "Riverside",
		"Summit", "Willow", "Juniper", "Copper", "Lantern", "Maple", "Orchard", "Pioneer", "Quartz", "Saffron",
		"Tidewater", "Vista", "Amber", "Beacon", "Crescent", "Driftwood", "Evergreen", "Falcon", "Golden",
		"Hawthorn", "Ivy", "Kestrel"}
	nameTrades = []string{"Dental", "Architects", "Bakery", "Consulting", "Fitness", "Florists", "Garage", "Hotels",
		"Insurance", "Joinery", "Kitchens", "Law", "Motors", "Nurseries", "Opticians", "Pharmacy", "Physio",
		"Printing", "Realty", "Solicitors", "Tailors", "Travel", "Vets", "Wines", "Yoga"}
	nameCities = []string{"", "Amsterdam", "Rotterdam", "Utrecht", "Haarlem", "Leiden", "Delft", "Arnhem", "Breda",
		"Zwolle", "Groningen", "Eindhoven", "Tilburg", "Nijmegen", "Maastricht", "Almere", "Gouda", "Alkmaar",
		"Deventer", "Hilversum", "Amersfoort", "Dordrecht", "Enschede", "Apeldoorn", "Zaandam", "Lelystad"}

	firstNames = []string{"Anna", "Bram", "Chloe", "Daan", "Emma", "Finn", "Greta", "Hugo", "Iris", "Jesse", "Kim",
		"Lars", "Mila", "Noah", "Olivia", "Pieter", "Quinn", "Ruben", "Sara", "Thijs", "Uma", "Vera", "Wouter",
		"Xander", "Yara", "Zoe", "James", "Priya", "Mohammed", "Sofia"}
	lastNames = []string{"de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "de Groot",
		"Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker", "Brouwer", "de Wit", "Dijkstra", "Smith",
		"Patel", "Garcia", "Müller", "Rossi", "O'Brien"}
	accountManagers = []string{"Anna de Vries", "Bram Jansen", "Chloe Bakker", "Daan Visser", "Eva Smit"}
)

// healthyName returns the i-th healthy client name (0-based). The order is
// a fixed shuffle of every prefix × trade, then the same with a city, then
// numbered; it never repeats.
func healthyName(i int) string {
	combos := len(namePrefixes) * len(nameTrades)
	round, j := i/combos, i%combos
	// j = 30a + b gives prefix b and trade (11a + 7b) mod 25: for each
	// prefix, a → 11a mod 25 is one-to-one, so no pair repeats, and
	// neighbours get different trades.
	a, b := j/len(namePrefixes), j%len(namePrefixes)
	name := namePrefixes[b] + " " + nameTrades[(11*a+7*b)%len(nameTrades)]
	if round < len(nameCities) {
		if c := nameCities[round]; c != "" {
			name += " " + c
		}
		return name
	}
	return fmt.Sprintf("%s %d", name, round-len(nameCities)+2)
}

// plan is the size of one demo.
type plan struct {
	clients, invoices, contacts int
	whaleInvoices               int
}

// monthlyStories are invoiced once a month over the 13 months.
func isMonthly(s story) bool {
	switch s {
	case healthy, whale, oneOff, dormant:
		return false
	}
	return true
}

// storyContacts is how many support contacts a story client makes over
// the 13 months; -1 means "as many as a healthy client".
func storyContacts(s story) int {
	switch s {
	case costly:
		return 5 * spanMonths // 5 tickets of 6:40 a month: 33:20 hours
	case nightOwl:
		return 3 * spanMonths
	case abuser, scopeCreep:
		return 2 * spanMonths
	case haggler:
		return spanMonths
	case dormant, oneOff:
		return 0
	}
	return -1
}

// roster builds every client with its story, name, size and habits.
func roster(p plan, seed uint64) ([]*client, error) {
	healthyCount := p.clients - len(storyClients)
	storyInvoices := 0
	hard := 0 // contacts of the stories whose count is fixed
	normal := healthyCount
	for _, s := range storyClients {
		switch {
		case s.story == whale:
			storyInvoices += p.whaleInvoices
		case s.story == oneOff:
			storyInvoices++
		case isMonthly(s.story):
			storyInvoices += spanMonths
		}
		if n := storyContacts(s.story); n >= 0 {
			hard += n
		} else {
			normal++
		}
	}
	healthyInvoices := p.invoices - storyInvoices
	if healthyInvoices < 3*healthyCount {
		return nil, fmt.Errorf("sample: %d invoices are too few for %d clients: the stories take %d and each healthy client needs at least 3 (use --invoices %d or more)",
			p.invoices, p.clients, storyInvoices, storyInvoices+3*healthyCount)
	}
	// Contacts per "normal" client over the span: what is left of the
	// target after the hard stories, at least one each.
	perNormal := max(1, (p.contacts-hard)/normal)

	r := rand.New(rand.NewPCG(seed, 0x5eed))
	var clients []*client
	add := func(s story, name string) *client {
		c := &client{
			idx:      len(clients),
			story:    s,
			name:     name,
			id:       fmt.Sprintf("C-%05d", len(clients)+1),
			currency: "EUR",
			terms:    30,
			rng:      rand.New(rand.NewPCG(seed, uint64(len(clients))+1)),
		}
		c.payName, c.ticketName = name, name
		clients = append(clients, c)
		return c
	}
	for _, s := range storyClients {
		c := add(s.story, s.name)
		c.invoices = spanMonths
		c.contacts = storyContacts(s.story)
		if c.contacts < 0 {
			c.contacts = perNormal
		}
		c.monthDay = 1 + r.IntN(28)
		c.base = int64(2000+r.IntN(30)*100) * 100
		switch s.story {
		case costly:
			c.base = 1000_00 // exactly 1,000.00 a month
			c.fee = 1000_00
		case deliveryLoss:
			c.base = 3000_00 // a fixed fee of 3,000.00 a month
			c.fee = 3000_00
		case whale:
			c.invoices = p.whaleInvoices
		case oneOff:
			c.invoices = 1
		case dormant:
			c.invoices = 0
		case foreign:
			c.currency = "USD"
		case aliased:
			c.payName = aliasPayName
			c.aliases = aliasPayName
		case suffixed:
			c.ticketName = suffixTicketName
		case latePayer:
			c.base = 4200_00
		case disputer:
			c.base = 2800_00
		case haggler:
			c.base = 3500_00
		}
	}
	// Healthy clients share the remaining invoices by weight (0.5–1.5), by
	// largest remainder so that the total is exact.
	weights := make([]float64, healthyCount)
	sum := 0.0
	for i := range weights {
		weights[i] = 0.5 + r.Float64()
		sum += weights[i]
	}
	counts := apportion(healthyInvoices, weights, sum, 3)
	bases := []int64{450, 750, 1200, 1800, 2500, 3200, 4500, 6000, 8500}
	// A client invoiced more often than monthly is invoiced smaller
	// amounts, so that what a client brings in a year, and the work logged
	// for it, stay those of the demo at any size (50 invoices a client
	// makes weekly invoices of a quarter of the monthly amount).
	perYear := 12 * float64(healthyCount) / float64(healthyInvoices)
	for i := 0; i < healthyCount; i++ {
		c := add(healthy, healthyName(i))
		c.invoices = counts[i]
		c.contacts = max(1, int(float64(perNormal)*(0.5+r.Float64())+0.5))
		c.base = bases[r.IntN(len(bases))] * (90 + int64(r.IntN(21))) // euros × 90–110 % → cents
		if perYear < 1 {
			c.base = max(100_00, int64(float64(c.base)*perYear))
		}
		c.terms = []int{14, 30, 30, 30}[r.IntN(4)]
		if r.IntN(3) == 0 {
			c.fee = c.base / 100 * 100
		}
	}
	for _, c := range clients {
		c.owner = accountManagers[r.IntN(len(accountManagers))]
		c.renewal = 1 + r.IntN(365)
		switch c.story {
		case latePayer, costly, nightOwl, scopeCreep:
			c.renewal = 7 + r.IntN(50) // renewing within 60 days: dossier candidates
		case whale:
			c.aliases = "Titan Retail; Titan Group"
		}
		people := 1 + r.IntN(3)
		for j := 0; j < people; j++ {
			c.people = append(c.people, firstNames[r.IntN(len(firstNames))]+" "+lastNames[r.IntN(len(lastNames))])
		}
	}
	for _, c := range clients {
		planWork(c, r, seed)
	}
	return clients, nil
}

// Harvest projects: a client's project is projects[idx mod len], with a
// code for every other client (most real projects have none).
var projects = []string{"Website Retainer", "Booking Platform", "Brand Refresh", "SEO Retainer", "Webshop",
	"Intranet", "Mobile App", "Campaign Site", "Support & Hosting", "Customer Portal", "Content Retainer"}

// planWork decides who works for c, on which Harvest project, and what
// its work costs: shares of what it is invoiced (in euros) spent on
// billable time, non-billable time and expenses. What is left after those
// and the support tickets (about 1% for most clients) is the client's
// margin: 16–38% for a healthy client, so that most land between 10% and
// 45%, and the stories' own figures below.
func planWork(c *client, r *rand.Rand, seed uint64) {
	u := func(lo, hi float64) float64 { return lo + (hi-lo)*r.Float64() }
	c.work = rand.New(rand.NewPCG(seed, uint64(c.idx)|1<<40))
	c.project = projects[c.idx%len(projects)]
	if c.idx%2 == 0 {
		c.code = fmt.Sprintf("NWD-%03d", 101+c.idx)
	}
	n := len(team)
	c.crew = []int{c.idx % n, (c.idx + 3) % n}
	if r.IntN(2) == 0 {
		c.crew = append(c.crew, (c.idx+5)%n)
	}

	margin, unbilled, expenses := u(0.16, 0.38), u(0.02, 0.05), 0.0
	if r.IntN(2) == 0 {
		expenses = u(0.01, 0.05)
	}
	switch c.story {
	case costly, dormant: // a support retainer with no project work; no work at all
		return
	case latePayer, disputer, foreign, aliased, suffixed, oneOff:
		margin = u(0.26, 0.34)
	case nightOwl, abuser: // their tickets take about 5% more
		margin = u(0.34, 0.38)
	case haggler:
		// Credit notes take about 15% of what it is invoiced: costs of
		// 55% of the invoices are 65% of its revenue.
		margin, unbilled, expenses = 0.44, 0.03, 0.02
	case scopeCreep:
		// Rework logged as non-billable time, and tickets of 1–4 hours
		// (about 8%): a margin of about 11%.
		margin, unbilled, expenses = 0.19, 0.22, 0.03
	case whale:
		margin, unbilled, expenses = 0.25, 0.03, 0.02
		c.crew = []int{0, 1, 4, 6}
	case deliveryLoss:
		// Billable hours at 1.25 times the fee: a loss of about a
		// quarter of revenue, while its support cost is a few percent.
		c.crew = []int{sanne, marco}
		c.workShare, c.unbilledShare = 1.25, 0.02
		return
	case expenseLoss:
		// 46% left after time and tickets; expenses of 62% turn it into
		// a loss of about 16%.
		margin, unbilled, expenses = -0.16, 0.03, 0.62
	}
	if c.story == foreign {
		// A US client worked on by the contractor alone, whose cost comes
		// from costs.rates in euros, never from a dollar Cost Rate; and no
		// expenses, which Harvest would book in dollars in an export with
		// no currency column.
		c.crew, expenses = []int{marco}, 0
	}
	c.workShare = 1 - margin - unbilled - expenses - 0.01
	c.unbilledShare, c.expenseShare = unbilled, expenses
}

// apportion splits total over weights in proportion, each share at least
// floor, by largest remainder.
func apportion(total int, weights []float64, sum float64, floor int) []int {
	n := len(weights)
	out := make([]int, n)
	if n == 0 {
		return out
	}
	spare := total - floor*n
	type rem struct {
		i int
		r float64
	}
	rems := make([]rem, n)
	given := 0
	for i, w := range weights {
		exact := float64(spare) * w / sum
		out[i] = floor + int(exact)
		given += int(exact)
		rems[i] = rem{i, exact - float64(int(exact))}
	}
	// Hand out what rounding down left, biggest remainders first (ties by
	// index, for determinism).
	sort.SliceStable(rems, func(a, b int) bool { return rems[a].r > rems[b].r })
	for j := 0; j < spare-given; j++ {
		out[rems[j].i]++
	}
	return out
}
