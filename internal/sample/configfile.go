package sample

import "strings"

// ConfigName is the config file Write puts next to the exports.
const ConfigName = "clientscore.yaml"

// configText returns clientscore.yaml for the demo exports in format
// ("xlsx", "csv" or "xlsx-all"). It uses no columns: overrides: every
// header of the demo files is one clientscore recognises by itself.
func configText(format string) string {
	invoices := "    path: invoices.xlsx          # QuickBooks \"Invoice List\" report exported to Excel\n" +
		"    sheet: Invoice List\n"
	clients := "    path: clients.xlsx           # client master: aliases, renewal dates, account managers\n" +
		"    sheet: Clients\n"
	payments := "    path: payments.csv           # bank export: \"1.234,56\" and \"31/10/2026\", semicolons\n" +
		"    locale: {decimal: \",\"}       # this file alone writes decimal commas\n"
	disputes := "    path: disputes.csv           # dispute log\n"
	support := "    path: tickets.csv            # Freshdesk ticket export; \"Time tracked\" is h:mm\n"
	switch format {
	case "csv":
		invoices = "    path: invoices.csv           # QuickBooks \"Invoice List\" report exported to CSV\n"
		clients = "    path: clients.csv            # client master: aliases, renewal dates, account managers\n"
	case "xlsx-all":
		payments = "    path: payments.xlsx          # bank export: date and amount cells\n" +
			"    sheet: " + PaymentSheet + "\n"
		disputes = "    path: disputes.xlsx          # dispute log\n" +
			"    sheet: " + DisputeSheet + "\n"
		support = "    path: tickets.xlsx           # Freshdesk ticket export; \"Time tracked\" is a [h]:mm cell\n" +
			"    sheet: " + TicketSheet + "\n"
	}
	return strings.NewReplacer("{{invoices}}", invoices, "{{clients}}", clients, "{{payments}}", payments,
		"{{disputes}}", disputes, "{{support}}", support, "{{asof}}", AsOf).Replace(configTemplate)
}

const configTemplate = `# clientscore config for the demo exports that "clientscore sample" wrote.
#
#   clientscore validate --config clientscore.yaml   check this file and the exports
#   clientscore run --config clientscore.yaml        write reports/client-report-{{asof}}.xlsx
#
# Paths are relative to this file's folder. Keys left out keep their
# defaults; a misspelt key is an error, so a typo cannot switch a rule off.

# "Today" for the analysis. The demo data ends on 31 October 2026.
# Leave it empty ("") to use today's date in the timezone below.
as_of: "{{asof}}"

# Ticket times are read in this zone; business hours and the schedule use it.
timezone: Europe/Amsterdam

# The analysis looks at the 12 months up to as_of.
window_months: 12

# Reporting currency, and what one unit of every other currency in the
# exports is worth in it. A row in a currency with no rate is rejected.
currency: EUR
fx:
  USD: 0.92                      # Lone Star Software Inc is invoiced in dollars

# How text dates and numbers are written. Date and number cells in xlsx
# files need no locale.
locale:
  date_order: DMY                # 03/04/2026 is 3 April 2026
  decimal: "."                   # 1,234.56

inputs:
  invoices:
{{invoices}}  payments:
{{payments}}  disputes:
{{disputes}}  support:
{{support}}  clients:
{{clients}}  # Every header in these files is recognised by itself. For an export
  # whose headers are not, map them per input, for example:
  #   columns: {client: "Klantnaam", amount: "Bedrag"}

costs:
  support_hour: 60.00            # what one hour of support costs you, in EUR
  support_ticket: 15.00          # cost of a ticket with no time tracked
  capital_rate: 0.0              # yearly cost of money (0.08 = 8%) to price late payment; 0 = off
  delivery_ratio: 0.0            # share of revenue spent delivering the work; 0 = off

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
  contact_ratio: 3.0             # 3 times the median contacts a month: HIGH_CONTACT
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
schedule: "0 6 * * *"
`
