package sample

import (
	"math"
	"time"
)

// The time log and the expenses: the work behind the invoices. Work dated
// after as-of never happened and is not written.

type (
	// workRow is one row of the time log (Harvest's detailed time report).
	workRow struct {
		date     day
		client   int32 // index into the clients; internal for the firm's own time
		member   int8  // index into team
		task     int8  // index into tasks
		note     int8  // index into the task's notes
		billable bool
		hours    int32 // hundredths of an hour
		ref      int32 // an issue number for External Reference URL; 0: none
	}
	// expenseRow is one row of the expenses export (Harvest's detailed
	// expense report).
	expenseRow struct {
		date     day
		client   int32
		member   int8
		category int8  // index into expenseCategories
		note     int8  // index into the category's notes
		units    int32 // kilometres for Mileage, else 0
		amount   int64 // euro cents
	}
)

// internal marks a time row of the firm's own (Harvest client Northwind
// Digital Ltd): a client clientscore does not know, so an unmatched row.
const internal = -1

type task struct {
	name     string
	billable bool
	notes    []string
}

const (
	taskDevelopment = iota
	taskDesign
	taskProjectManagement
	taskContent
	taskSEO
	taskMeetings
	taskRework
	taskLaunch
	taskTeamMeeting
)

var tasks = []task{
	taskDevelopment:       {"Development", true, []string{"Booking form validation", "Checkout bug fixes", "API integration", "Performance tuning", "Code review", "Release and deploy"}},
	taskDesign:            {"Design", true, []string{"Homepage wireframes", "Mobile layouts", "Style guide update", "Icon set", "Banner designs"}},
	taskProjectManagement: {"Project Management", true, []string{"Sprint planning", "Status report", "Backlog grooming", "Client call"}},
	taskContent:           {"Content", true, []string{"Product copy", "Blog post", "Newsletter", "Page texts"}},
	taskSEO:               {"SEO", true, []string{"Keyword research", "Technical SEO audit", "Link building", "Monthly SEO report"}},
	taskMeetings:          {"Meetings", false, []string{"Monthly review with the client", "Weekly check-in", "Quarterly planning"}},
	taskRework:            {"Rework", false, []string{"Booking flow again, new requirements", "Homepage redesign, third round", "Checkout changes after their review"}},
	taskLaunch:            {"Launch support", true, []string{"Go-live weekend", "Launch monitoring", "Hotfix after launch"}},
	taskTeamMeeting:       {"Team meeting", false, []string{"Monthly all-hands"}},
}

// roleTask is the billable task a team member logs by role.
func roleTask(m member) int8 {
	switch m.role {
	case "Developer":
		return taskDevelopment
	case "Designer":
		return taskDesign
	case "Project Manager":
		return taskProjectManagement
	case "SEO Specialist":
		return taskSEO
	}
	return taskContent
}

type expenseCategory struct {
	name                   string
	billable, reimbursable bool
	notes                  []string
}

const mileage = 0 // expenseCategories[mileage] is priced per kilometre

// kmCents is what Mileage pays per kilometre, in cents.
const kmCents = 23

var expenseCategories = []expenseCategory{
	mileage: {"Mileage", true, true, []string{"Client visit", "Workshop on site", "Photo shoot on location"}},
	{"Software licences", false, false, []string{"Figma seats", "Plugin licence", "Staging server"}},
	{"Stock photography", true, false, []string{"Adobe Stock images", "Product photos"}},
	{"Hosting", true, false, []string{"Cloud hosting", "CDN and backups"}},
	{"Printing", true, false, []string{"Brochures", "Posters", "Business cards"}},
	{"Subcontractor", true, false, []string{"Copywriter", "Video editing", "Translation"}},
	{"Venue hire", true, false, []string{"Venue deposit, product launch", "Conference room and catering"}},
	{"Travel", true, true, []string{"Flights Amsterdam–Barcelona", "Train to Brussels", "Flights Amsterdam–Lisbon"}},
	{"Accommodation", true, true, []string{"Hotel, 2 nights", "Hotel, 3 nights"}},
}

// categoriesOf lists the expense categories a client's work incurs.
func categoriesOf(c *client) []int8 {
	switch c.story {
	case expenseLoss:
		return []int8{5, 6, 7, 8}
	case whale:
		return []int8{3, 5}
	}
	return []int8{mileage, 1, 2, 3, 4}
}

// A client's work is logged at a steady pace over the span: billable
// time, non-billable time and expenses each cost their share (planWork)
// of everything the client is invoiced over the span, spread evenly over
// the days it is a client. So each 12-month window holds about the same
// share of its revenue in costs, whatever day its invoices fall on.
//
// Each kind of cost is a stream: the ideal (fractional) day of its next
// row, moved on by that row's cost over the cost per day.

// The streams of a client, by kind.
const (
	streamBillable = iota
	streamUnbilled
	streamExpenses
)

type stream struct {
	at     float64 // the ideal day of the next row, days since 1970-01-01
	end    day     // rows stop before this day
	perDay float64 // euro cents a day
}

// next is the day of the stream's next row; math.MaxInt32 when it has
// none.
func (s *stream) next() day {
	if d := nextBankDay(day(s.at)); s.perDay > 0 && d < s.end {
		return d
	}
	return math.MaxInt32
}

// startWork sets c's streams going, given what it is invoiced over the
// span in euro cents. A one-off client's work is the month after its
// invoice; everyone else's the whole span.
func (g *generator) startWork(c *client, total int64) {
	from, days := spanStart, spanDays
	if c.story == oneOff {
		from, days = invoiceDate(c, 0), 30
	}
	shares := [...]float64{streamBillable: c.workShare, streamUnbilled: c.unbilledShare, streamExpenses: c.expenseShare}
	for kind, share := range shares {
		s := &c.streams[kind]
		s.perDay = share * float64(total) / float64(days)
		s.end = from + day(days)
		s.at = float64(from) + c.work.Float64()*3 // a few days in, not all on day one
	}
}

// nextWork is the day of c's next row of any kind.
func (c *client) nextWork() day {
	return min(c.streams[streamBillable].next(), c.streams[streamUnbilled].next(), c.streams[streamExpenses].next())
}

// work logs c's rows due by day d.
func (g *generator) work(c *client, d day) {
	for kind := range c.streams {
		s := &c.streams[kind]
		for s.next() <= d {
			var cost int64
			if kind == streamExpenses {
				cost = g.expense(c, d, s.perDay)
			} else {
				cost = g.logTime(c, d, kind == streamBillable)
			}
			s.at += float64(cost) / s.perDay
		}
	}
}

// logTime logs a row of work for c on day d, of whole quarter hours (a
// timer's odd minutes now and then), by one of the client's crew at the
// member's hourly cost, and returns its cost in euro cents.
func (g *generator) logTime(c *client, d day, billable bool) int64 {
	r := c.work
	m := c.crew[r.IntN(len(c.crew))]
	w := workRow{date: d, client: int32(c.idx), member: int8(m), billable: billable}
	if billable {
		w.hours = 300 + 25*int32(r.IntN(21)) // 3:00–8:00
		w.task = roleTask(team[m])
	} else {
		w.hours = 50 + 25*int32(r.IntN(7)) // 0:30–2:00
		w.task = taskMeetings
		if c.story == scopeCreep {
			w.task = taskRework
		}
	}
	if r.IntN(4) == 0 {
		w.hours -= int32(1 + r.IntN(20)) // a timer stopped at 2.81 hours
	}
	// Launch weekends now and then: billable work on a Saturday.
	if billable && (c.story == whale && r.IntN(150) == 0 || c.story == healthy && r.IntN(60) == 0) {
		w.task = taskLaunch
		for w.date.weekday() != time.Saturday {
			w.date++
		}
	}
	w.note = int8(r.IntN(len(tasks[w.task].notes)))
	if w.task == taskDevelopment && r.IntN(3) == 0 {
		w.ref = int32(100 + r.IntN(900))
	}
	if w.date <= asOf {
		g.timeQ.push(int64(w.date), w)
	}
	return int64(w.hours) * team[m].hourlyCost() // hundredths of an hour × whole euros = cents
}

// expense books an expense of c on day d, about a fortnight's expense
// budget (perDay, cents), and returns its amount in euro cents.
func (g *generator) expense(c *client, d day, perDay float64) int64 {
	r := c.work
	cats := categoriesOf(c)
	e := expenseRow{date: d, client: int32(c.idx), category: cats[r.IntN(len(cats))], member: int8(c.crew[r.IntN(len(c.crew))])}
	e.amount = int64(perDay * float64(7+r.IntN(15)))
	if e.category == mileage {
		e.units = int32(max(10, min(e.amount/kmCents, 400)))
		e.amount = int64(e.units) * kmCents
	}
	e.note = int8(r.IntN(len(expenseCategories[e.category].notes)))
	g.expenseQ.push(int64(d), e)
	return e.amount
}

// internalTime logs the firm's monthly all-hands on the first Monday of
// each month: an hour and a half of everyone's time on the firm's own
// Harvest client.
func (g *generator) internalTime(d day) {
	if d.weekday() != time.Monday || d.time().Day() > 7 {
		return
	}
	for m := range team {
		g.timeQ.push(int64(d), workRow{date: d, client: internal, member: int8(m), task: taskTeamMeeting, hours: 150})
	}
}
