package sample

// The demo firm's team as its time tracker (Harvest) lists them, and what
// an hour of each costs the firm. Three kinds of people show the three
// ways clientscore prices an hour of a time row (SPEC.md §3, "Hourly
// cost"):
//
//   - a Cost Rate set in Harvest: the export carries Cost Amount, used as it is;
//   - no Cost Rate (Harvest writes 0.0): costs.rates for the person, else
//     for the role, from the config this package writes;
//   - neither: costs.hour.
//
// Every rate is whole euros, so hours with two decimals times a rate is
// an exact number of cents: no rounding stands between a row and its cost.

// member is one person on the team.
type member struct {
	first, last string
	role        string // Harvest "Roles"; "" when none is set
	employee    bool   // Harvest "Employee?"; false for a contractor
	billRate    int64  // Harvest "Billable Rate", whole euros an hour
	costRate    int64  // Harvest "Cost Rate", whole euros an hour; 0: not set
}

func (m member) name() string { return m.first + " " + m.last }

// team is who logs time. None of their first names is one the clients'
// people (firstNames) use, so a support row's requester can never be
// priced as a team member by costs.rates.
var team = []member{
	{"Sanne", "Vermeulen", "Developer", true, 115, 64},
	{"Tom", "Kuipers", "Developer", true, 105, 58},
	{"Daniel", "Okafor", "Developer", true, 105, 0},    // role rate
	{"Marco", "Bianchi", "Developer", false, 125, 0},   // contractor: person rate
	{"Lotte", "van Dijk", "Designer", true, 95, 0},     // role rate
	{"Eline", "Verhoeven", "Designer", true, 95, 0},    // role rate
	{"Ravi", "Menon", "Project Manager", true, 120, 0}, // person rate
	{"Joost", "Schouten", "", true, 90, 0},             // no role: costs.hour
	{"Nina", "Claes", "SEO Specialist", true, 85, 0},   // a role with no rate: costs.hour
}

// rate is one entry of costs.rates: a person's name or a role, and the
// loaded cost of an hour, whole euros.
type rate struct {
	key   string
	euros int64
	note  string // the config comment
}

// The cost keys of the config this package writes (configfile.go), the
// one place they are set.
var (
	personRates = []rate{
		{"Marco Bianchi", 88, "contractor, invoices us by the hour"},
		{"Ravi Menon", 72, "project manager"},
	}
	roleRates = []rate{
		{"Designer", 52, "Lotte van Dijk, Eline Verhoeven"},
		{"Developer", 66, "developers with no Cost Rate in Harvest (Daniel Okafor)"},
	}
)

const (
	costHour      = 60 // costs.hour, whole euros: anyone with no other rate
	supportTicket = 15 // costs.support_ticket, whole euros: a ticket with no time
)

// hourlyCost is what an hour of m costs the firm, in whole euros, by the
// rule clientscore applies: the Cost Rate in the export, else costs.rates
// for the person, else for the role, else costs.hour.
func (m member) hourlyCost() int64 {
	if m.costRate > 0 {
		return m.costRate
	}
	for _, r := range personRates {
		if r.key == m.name() {
			return r.euros
		}
	}
	for _, r := range roleRates {
		if r.key == m.role {
			return r.euros
		}
	}
	return costHour
}

// Indexes into team that the stories use.
const (
	sanne = 0
	marco = 3
	ravi  = 6
)
