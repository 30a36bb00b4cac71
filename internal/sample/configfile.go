package sample

import (
	"fmt"
	"strings"
)

// ConfigName is the config file Write puts next to the exports.
const ConfigName = "clientscore.yaml"

// inputComments say, per config key, what the export is, for each
// extension it is written in.
var inputComments = map[string]string{
	"invoices.xlsx": `QuickBooks Online "Invoice List" report, exported to Excel`,
	"invoices.csv":  `QuickBooks Online "Invoice List" report, exported to CSV`,
	"payments.csv":  `bank export: semicolons, 31/10/2026, "1.234,56"`,
	"payments.xlsx": `bank export: date and amount cells`,
	"disputes.csv":  `dispute log`,
	"disputes.xlsx": `dispute log`,
	"support.csv":   `Freshdesk ticket export: one row per ticket (a contact); "Time tracked" is h:mm`,
	"support.xlsx":  `Freshdesk ticket export: one row per ticket (a contact); "Time tracked" a [h]:mm cell`,
	"time.csv":      `Harvest detailed time report: the team's work, never counted as contacts`,
	"time.xlsx":     `Harvest detailed time report: the team's work, never counted as contacts`,
	"expenses.csv":  `Harvest detailed expense report: direct costs of each client`,
	"expenses.xlsx": `Harvest detailed expense report: direct costs of each client`,
	"clients.csv":   `client master: aliases, renewal dates, account managers`,
	"clients.xlsx":  `client master: aliases, renewal dates, account managers`,
}

// configText returns clientscore.yaml for the demo exports in format
// ("xlsx", "csv" or "xlsx-all") at paths (by input key: a file, or a
// glob for a split export). It uses no columns: and no sheet: keys:
// every header of the demo files is one clientscore recognises by itself,
// and each workbook's one sheet is the one with a header row.
func configText(format string, paths map[string]string) string {
	var in strings.Builder
	for _, i := range inputs {
		path := paths[i.key]
		comment := inputComments[i.key+extension(format, i.key)]
		if strings.Contains(path, "*") {
			comment += "; split into workbooks of at most 1,040,000 rows, read oldest first"
		}
		fmt.Fprintf(&in, "  %s:\n    path: %-24s # %s\n", i.key, path, comment)
		if i.key == "payments" && extension(format, i.key) == ".csv" {
			in.WriteString("    # DEMO: only this bank file writes amounts as 1.234,56. Delete the next\n" +
				"    # line when you point payments at an export that writes 1,234.56.\n" +
				"    locale: {decimal: \",\"}\n")
		}
	}

	var rates strings.Builder
	for _, r := range append(append([]rate{}, personRates...), roleRates...) {
		key := r.key
		if strings.Contains(key, " ") {
			key = `"` + key + `"`
		}
		fmt.Fprintf(&rates, "    %-28s # %s\n", fmt.Sprintf("%s: %d.00", key, r.euros), r.note)
	}

	return strings.NewReplacer("{{inputs}}", in.String(), "{{rates}}", rates.String(), "{{asof}}", AsOf,
		"{{hour}}", fmt.Sprintf("%d.00", costHour), "{{ticket}}", fmt.Sprintf("%d.00", supportTicket),
		"{{company}}", Company).Replace(configTemplate)
}

const configTemplate = `# clientscore config for the demo exports that "clientscore sample" wrote:
# the books of {{company}}, a digital agency.
#
#   clientscore validate --config clientscore.yaml   check this file and the exports
#   clientscore run --config clientscore.yaml        write reports/client-report-{{asof}}.xlsx
#
# Paths are relative to this file's folder. Keys left out keep their
# defaults; a misspelt key is an error, so a typo cannot switch a rule off.
# To use this file for your own exports, copy it next to them and change
# what the lines marked DEMO say.

# "Today" for the analysis. DEMO: the demo data ends on 31 October 2026,
# so this file analyses that day. For your own books, and always for
# nightly runs (clientscore schedule, or cron calling clientscore run),
# empty it:  as_of: ""  means today in the timezone below. A fixed date
# would make every night's scorecard the same one (validate and every
# scheduled run warn about it).
as_of: "{{asof}}"

# Ticket times are read in this zone; business hours and the schedule use it.
timezone: Europe/Amsterdam

# The analysis looks at the 12 months up to as_of.
window_months: 12

# Reporting currency, and what one unit of every other currency in the
# exports is worth in it. A row in a currency with no rate is rejected.
currency: EUR
fx:
  USD: 0.92                      # DEMO: Lone Star Software Inc is invoiced in dollars

# How text dates and numbers are written. Date and number cells in xlsx
# files need no locale.
locale:
  date_order: DMY                # 03/04/2026 is 3 April 2026
  decimal: "."                   # 1,234.56

# One export per input. No sheet: key is needed: in a workbook, the sheet
# whose header row clientscore recognises is read. Every header in these
# files is recognised by itself; for an export whose headers are not, map
# them per input, for example:  columns: {client: "Klantnaam", amount: "Bedrag"}
inputs:
{{inputs}}
# What serving a client costs, in EUR. Profit = Revenue - Delivery cost -
# Support cost - Expenses - Late-payment cost; the scorecard's Definitions
# sheet says how each was computed in the run.
costs:
  # An hour of a time or support row costs the Cost Amount its export
  # gives (Harvest writes one for people with a Cost Rate), else the rate
  # below for its person, else for its role, else hour. Billable hours are
  # Delivery cost, non-billable hours Support cost.
  hour: {{hour}}                    # DEMO: loaded cost of an hour of anyone's time with no rate below
  rates:                         # DEMO: by person or role, as the time log names them (any case)
{{rates}}  support_ticket: {{ticket}}          # cost of a ticket with no time tracked
  capital_rate: 0.0              # yearly cost of money (0.08 = 8%) to price late payment; 0 = off
  delivery_ratio: 0.0            # share of revenue spent on delivery work NOT in the time log; 0: all of it is logged

# Contacts outside these hours, or on other days, count as after hours.
business_hours: {days: [Mon, Tue, Wed, Thu, Fri], start: "08:00", end: "18:00"}

# When a client is flagged. These are the defaults; the Definitions sheet of
# the scorecard explains each one.
rules:
  grace_days: 0                  # days past due that do not count as late
  min_margin: 0.20               # margin below 20%: LOW_MARGIN
  late_weighted_days: 30         # weighted days late above 30, or
  severe_late_days: 90           # invoices more than 90 days late,
  severe_late_count: 2           # 2 or more of them: LATE_PAYER
  disputes_count: 3              # 3 disputes, or
  disputes_rate: 0.20            # 20% of invoices disputed: DISPUTES
  after_hours_share: 0.25        # 25% of contacts after hours and
  after_hours_min: 5             # at least 5 of them: AFTER_HOURS
  contact_ratio: 3.0             # 3 times the median contacts a month, and
  contact_min: 4                 # at least 4 contacts a month: HIGH_CONTACT
  credit_share: 0.10             # credit notes of 10% of invoiced: DISCOUNTS
  concentration_share: 0.25      # 25% of all revenue: CONCENTRATION (a risk, not a fault)
  aging: [30, 60, 90, 120]       # aging buckets, in days past due
  signals:                       # ticket tags (any case, part of a tag) that are warning signs
    abuse: [abuse, abusive, harass, threat]
    scope_change: [scope change, change request, rework, redo]
    discount_request: [discount, price match, cheaper]

report:
  dir: reports                   # the scorecards go here
  keep: 30                       # scorecards kept; older ones are deleted
  invoices: flagged              # Invoices sheet: flagged clients' invoices, or all
  max_rejected_share: 0.05       # stop when more than 5% of a file's rows are unreadable

# To email the scorecard, remove the # signs below and fill in your mail
# server. The password never goes in this file: put it in the environment
# variable that password_env names.
# email:
#   to: [you@example.com]
#   from: clientscore@example.com
#   subject: "Client scorecard {date}: {unprofitable} unprofitable, {review} to review"
#   smtp: {host: smtp.example.com, port: 587, security: starttls, username: clientscore, password_env: CLIENTSCORE_SMTP_PASSWORD}

# When "clientscore schedule" runs: every day at 06:00 (cron syntax, or @daily).
# Empty as_of above first: a scheduled run of a fixed as_of analyses the same day every night.
schedule: "0 6 * * *"
`
