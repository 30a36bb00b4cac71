package config

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // time zones without a system zone database
)

// base is the smallest valid config: the invoices input has no default.
const base = "inputs: {invoices: {path: invoices.xlsx}}\n"

// mustParse parses yaml with dir /cfg and fails the test on an error.
func mustParse(t *testing.T, yaml string) *Config {
	t.Helper()
	c, err := Parse([]byte(yaml), "/cfg")
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return c
}

// parseErr parses yaml and returns the error text ("" for none).
func parseErr(yaml string) string {
	_, err := Parse([]byte(yaml), "/cfg")
	if err == nil {
		return ""
	}
	return err.Error()
}

// TestDefaults checks that a config holding only the invoices input gets
// every default SPEC.md section 2 lists. The wanted values are copied from
// the spec's YAML, not from Default().
func TestDefaults(t *testing.T) {
	c := mustParse(t, base)
	checks := []struct {
		name      string
		got, want any
	}{
		{"as_of", c.AsOf, ""},
		{"timezone", c.Timezone, "Europe/Amsterdam"},
		{"window_months", c.WindowMonths, 12},
		{"currency", c.Currency, "EUR"},
		{"fx", len(c.FX), 0},
		{"locale", c.Locale, Locale{DateOrder: "DMY", Decimal: ".", BuddhistEra: false}},
		{"hour in cents", c.Costs.Hour.MinorUnits(2), int64(6000)},
		{"rates", len(c.Costs.Rates), 0},
		{"support_ticket in cents", c.Costs.SupportTicket.MinorUnits(2), int64(1500)},
		{"capital_rate", c.Costs.CapitalRate, 0.0},
		{"delivery_ratio", c.Costs.DeliveryRatio, 0.0},
		{"business days", c.BusinessHours.Weekdays(), [7]bool{time.Monday: true, time.Tuesday: true, time.Wednesday: true, time.Thursday: true, time.Friday: true}},
		{"business start", c.BusinessHours.Start, "08:00"},
		{"business end", c.BusinessHours.End, "18:00"},
		{"grace_days", c.Rules.GraceDays, 0},
		{"min_margin", c.Rules.MinMargin, 0.20},
		{"late_weighted_days", c.Rules.LateWeightedDays, 30.0},
		{"severe_late_days", c.Rules.SevereLateDays, 90},
		{"severe_late_count", c.Rules.SevereLateCount, 2},
		{"disputes_count", c.Rules.DisputesCount, 3},
		{"disputes_rate", c.Rules.DisputesRate, 0.20},
		{"after_hours_share", c.Rules.AfterHoursShare, 0.25},
		{"after_hours_min", c.Rules.AfterHoursMin, 5},
		{"contact_ratio", c.Rules.ContactRatio, 3.0},
		{"contact_min", c.Rules.ContactMin, 4.0},
		{"credit_share", c.Rules.CreditShare, 0.10},
		{"concentration_share", c.Rules.ConcentrationShare, 0.25},
		{"aging", c.Rules.Aging, []int{30, 60, 90, 120}},
		{"abuse", c.Rules.Signals.Abuse, []string{"abuse", "abusive", "harass", "threat"}},
		{"scope_change", c.Rules.Signals.ScopeChange, []string{"scope change", "change request", "rework", "redo"}},
		{"discount_request", c.Rules.Signals.DiscountRequest, []string{"discount", "price match", "cheaper"}},
		{"report.dir", c.Report.Dir, "reports"},
		{"report.keep", c.Report.Keep, 30},
		{"report.invoices", c.Report.Invoices, "flagged"},
		{"report.max_rejected_share", c.Report.MaxRejectedShare, 0.05},
		{"email absent", c.Email == nil, true},
		{"schedule", c.Schedule, "0 6 * * *"},
		{"optional inputs absent", []bool{c.Inputs.Payments == nil, c.Inputs.Disputes == nil, c.Inputs.Support == nil, c.Inputs.Time == nil, c.Inputs.Expenses == nil, c.Inputs.Clients == nil}, []bool{true, true, true, true, true, true}},
		{"one warning: no time log and no delivery ratio", fieldsOf(c.Warnings), []string{"costs.delivery_ratio"}},
	}
	for _, tt := range checks {
		t.Run(tt.name, func(t *testing.T) {
			if !reflect.DeepEqual(tt.got, tt.want) {
				t.Errorf("got %#v, want %#v", tt.got, tt.want)
			}
		})
	}
	start, end, ok := c.BusinessHours.Minutes()
	// 08:00 is 8×60 = 480 minutes, 18:00 is 18×60 = 1080.
	if start != 480 || end != 1080 || !ok {
		t.Errorf("Minutes() = %d, %d, %v; want 480, 1080, true", start, end, ok)
	}
}

// TestSpecExample loads the spec's example config word for word.
func TestSpecExample(t *testing.T) {
	c, err := Load(filepath.Join("testdata", "spec-example.yaml"))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if got, want := c.FX, map[string]float64{"USD": 0.92}; !reflect.DeepEqual(got, want) {
		t.Errorf("fx = %v, want %v", got, want)
	}
	if c.Email == nil {
		t.Fatal("email is nil, want the spec's email section")
	}
	want := Email{
		To: []string{"owner@example.com"}, Cc: []string{}, From: "clientscore@example.com",
		Subject:         "Client scorecard {date}: {unprofitable} unprofitable, {review} to review",
		MaxAttachmentMB: 15,
		Owners:          map[string]string{},
		SMTP:            SMTP{Host: "localhost", Port: 587, Security: "starttls", PasswordEnv: "CLIENTSCORE_SMTP_PASSWORD"},
	}
	if !reflect.DeepEqual(*c.Email, want) {
		t.Errorf("email = %+v\nwant    %+v", *c.Email, want)
	}
	var names []string
	for _, in := range c.Inputs.List() {
		names = append(names, in.Name+"="+in.Path)
	}
	if got, want := strings.Join(names, " "), "invoices=exports/invoices*.xlsx payments=exports/payments*.csv disputes=exports/disputes.csv support=exports/tickets*.xlsx time=exports/harvest*.csv expenses=exports/expenses.xlsx clients=exports/clients.xlsx"; got != want {
		t.Errorf("inputs = %s\nwant     %s", got, want)
	}
	if got := c.Costs.Hour.MinorUnits(2); got != 6000 || len(c.Costs.Rates) != 0 || c.Rules.ContactMin != 4 {
		t.Errorf("costs.hour %d cents, rates %v, contact_min %v; want 6000, none, 4", got, c.Costs.Rates, c.Rules.ContactMin)
	}
	if len(c.Warnings) != 0 {
		t.Errorf("warnings %v, want none: the spec's own example uses the new names", c.Warnings)
	}
}

// TestEmailDefaults: an email section that gives only the addresses keeps
// the spec's subject, size limit and SMTP settings.
func TestEmailDefaults(t *testing.T) {
	c := mustParse(t, base+"email:\n  to: [finance@example.com]\n  from: cs@example.com\n  smtp: {host: mail.example.com}\n")
	e := c.Email
	if e.Subject != "Client scorecard {date}: {unprofitable} unprofitable, {review} to review" ||
		e.MaxAttachmentMB != 15 || e.SMTP.Host != "mail.example.com" || e.SMTP.Port != 587 ||
		e.SMTP.Security != "starttls" || e.SMTP.PasswordEnv != "CLIENTSCORE_SMTP_PASSWORD" {
		t.Errorf("email = %+v", *e)
	}
	for _, blank := range []string{"email:\n", "email: null\n"} {
		if c := mustParse(t, base+blank); c.Email != nil {
			t.Errorf("%q: email = %+v, want nil (no email)", blank, c.Email)
		}
	}
}

// TestValidation holds every validation rule with a good and a bad value.
// want is the whole error text; "" means the config is valid.
func TestValidation(t *testing.T) {
	email := func(extra string) string {
		return base + "email:\n  to: [a@example.com]\n  from: b@example.com\n" + extra
	}
	tests := []struct {
		name, yaml, want string
	}{
		{"as_of empty", base + "as_of: \"\"\n", ""},
		{"as_of ISO", base + "as_of: 2026-10-31\n", ""},
		{"as_of day first", base + "as_of: 31/10/2026\n", `config: as_of: "31/10/2026" is not a date in YYYY-MM-DD form (leave it empty for today)`},
		{"as_of no such day", base + "as_of: 2026-02-30\n", `config: as_of: "2026-02-30" is not a date in YYYY-MM-DD form (leave it empty for today)`},
		{"timezone good", base + "timezone: America/New_York\n", ""},
		{"timezone typo", base + "timezone: Europe/Amsterdm\n", `config: timezone: "Europe/Amsterdm" is not a known time zone (an IANA name such as Europe/Amsterdam or America/New_York)`},
		{"window_months 1", base + "window_months: 1\n", ""},
		{"window_months 120", base + "window_months: 120\n", ""},
		{"window_months 0", base + "window_months: 0\n", "config: window_months: 0 is not between 1 and 120"},
		{"window_months 121", base + "window_months: 121\n", "config: window_months: 121 is not between 1 and 120"},
		{"currency lower case", base + "currency: gbp\n", ""},
		{"currency unknown", base + "currency: EUX\n", `config: currency: "EUX" is not an ISO 4217 currency code such as EUR, USD or GBP`},
		{"currency word", base + "currency: euro\n", `config: currency: "EURO" is not an ISO 4217 currency code such as EUR, USD or GBP`},
		{"fx good", base + "fx: {USD: 0.92, GBP: 1.17}\n", ""},
		{"fx unknown code", base + "fx: {DOLLAR: 0.92}\n", `config: fx.DOLLAR: "DOLLAR" is not an ISO 4217 currency code`},
		{"fx zero rate", base + "fx: {USD: 0}\n", "config: fx.USD: is not filled in: fill in the rate for USD, what one USD is worth in EUR"},
		// clientscore init leaves the rate of each other currency empty for the user to fill in.
		{"fx rate left empty", base + "fx:\n  USD:   # fill in\n", "config: fx.USD: is not filled in: fill in the rate for USD, what one USD is worth in EUR"},
		{"fx negative rate", base + "fx: {USD: -0.92}\n", "config: fx.USD: -0.92 is not a positive rate (what one USD is worth in EUR)"},
		{"fx same code twice", base + "fx: {USD: 0.92, usd: 0.91}\n", "config: fx.usd: repeats fx.USD"},
		{"fx reporting currency at 1", base + "fx: {EUR: 1}\n", ""},
		{"fx reporting currency not 1", base + "fx: {EUR: 1.1}\n", "config: fx.EUR: EUR is the reporting currency; its rate is 1, not 1.1"},
		{"date_order lower case", base + "locale: {date_order: mdy}\n", ""},
		{"date_order bad", base + "locale: {date_order: DDMMYYYY}\n", `config: locale.date_order: "DDMMYYYY" is not DMY, MDY or YMD`},
		{"decimal comma", base + "locale: {decimal: \",\"}\n", ""},
		{"decimal bad", base + "locale: {decimal: \"'\"}\n", `config: locale.decimal: "'" is not "." or ","`},
		{"input locale override good", "inputs: {invoices: {path: a.csv, locale: {decimal: \",\"}}}\n", ""},
		{"input locale override bad", "inputs: {invoices: {path: a.csv, locale: {date_order: DM}}}\n", `config: inputs.invoices.locale.date_order: "DM" is not DMY, MDY or YMD`},
		{"invoices missing", "inputs: {payments: {path: p.csv}}\n", "config: inputs.invoices: is required: the invoices export, e.g. invoices: {path: exports/invoices.xlsx}"},
		{"no inputs at all", "timezone: UTC\n", "config: inputs.invoices: is required: the invoices export, e.g. invoices: {path: exports/invoices.xlsx}"},
		{"invoices path empty", "inputs: {invoices: {sheet: Invoices}}\n", "config: inputs.invoices.path: is required: the file (or a glob such as exports/invoices*.csv) to read"},
		{"optional input path empty", "inputs:\n  invoices: {path: i.csv}\n  disputes: {path: \"\"}\n", "config: inputs.disputes.path: is required: the file (or a glob such as exports/disputes*.csv) to read"},
		{"columns good", "inputs: {invoices: {path: a.csv, columns: {client: Klant, due_date: Vervaldatum}}}\n", ""},
		{"columns empty header", "inputs: {invoices: {path: a.csv, columns: {client: \"\"}}}\n", "config: inputs.invoices.columns.client: is empty: give the header the file uses for client"},
		{"hour zero", base + "costs: {hour: 0}\n", ""},
		{"hour negative", base + "costs: {hour: -60}\n", "config: costs.hour: -60.00 is negative"},
		{"support_hour zero", base + "costs: {support_hour: 0}\n", ""},
		{"support_hour negative", base + "costs: {support_hour: -60}\n", "config: costs.support_hour: -60.00 is negative"},
		{"support_hour and hour", base + "costs:\n  hour: 60\n  support_hour: 55\n", "config: line 4: costs.support_hour: is the old name of costs.hour, which is also set (line 3); keep only costs.hour"},
		{"rates good", base + "costs: {rates: {\"Anna de Vries\": 85, Designer: 55.50}}\n", ""},
		{"rates negative", base + "costs: {rates: {Designer: -5}}\n", "config: costs.rates.Designer: -5.00 is negative"},
		{"rates same name twice", base + "costs: {rates: {\"Anna de Vries\": 85, \"ANNA  de vries\": 80}}\n", "config: costs.rates.Anna de Vries: repeats costs.rates.ANNA  de vries (names are compared ignoring case and spacing)"},
		{"rates empty name", base + "costs: {rates: {\" \": 85}}\n", "config: costs.rates: has an empty name: give the person or role as the time or support export writes it"},
		{"rates as words", base + "costs: {rates: {Designer: high}}\n", `config: line 2: costs.rates.Designer: "high" is not an amount like 60.00`},
		{"support_ticket negative", base + "costs: {support_ticket: -1.5}\n", "config: costs.support_ticket: -1.50 is negative"},
		{"capital_rate good", base + "costs: {capital_rate: 0.08}\n", ""},
		{"capital_rate 1", base + "costs: {capital_rate: 1}\n", "config: costs.capital_rate: 1 is not at least 0 and below 1"},
		{"capital_rate negative", base + "costs: {capital_rate: -0.1}\n", "config: costs.capital_rate: -0.1 is not at least 0 and below 1"},
		{"delivery_ratio good", base + "costs: {delivery_ratio: 0.5}\n", ""},
		{"delivery_ratio 1", base + "costs: {delivery_ratio: 1}\n", "config: costs.delivery_ratio: 1 is not at least 0 and below 1"},
		{"days full names any case", base + "business_hours: {days: [monday, TUESDAY, Sat]}\n", ""},
		{"days unknown", base + "business_hours: {days: [Mon, Thur]}\n", `config: business_hours.days[1]: "Thur" is not a weekday (Mon … Sun or Monday … Sunday)`},
		{"days duplicate", base + "business_hours: {days: [Mon, Tue, monday]}\n", `config: business_hours.days[2]: "monday" repeats business_hours.days[0]`},
		{"days empty", base + "business_hours: {days: []}\n", "config: business_hours.days: needs at least one day, e.g. [Mon, Tue, Wed, Thu, Fri]"},
		{"hours to midnight", base + "business_hours: {start: \"00:00\", end: \"24:00\"}\n", ""},
		{"start not HH:MM", base + "business_hours: {start: 8am}\n", `config: business_hours.start: "8am" is not a time of day in HH:MM form (00:00–23:59)`},
		{"start 24:00", base + "business_hours: {start: \"24:00\"}\n", `config: business_hours.start: "24:00" is not a time of day in HH:MM form (00:00–23:59)`},
		{"end 25:00", base + "business_hours: {end: \"25:00\"}\n", `config: business_hours.end: "25:00" is not a time of day in HH:MM form (00:00–24:00)`},
		{"start after end", base + "business_hours: {start: \"18:00\", end: \"08:00\"}\n", "config: business_hours: start 18:00 is not before end 08:00"},
		{"start equals end", base + "business_hours: {start: \"09:00\", end: \"09:00\"}\n", "config: business_hours: start 09:00 is not before end 09:00"},
		{"grace_days negative", base + "rules: {grace_days: -1}\n", "config: rules.grace_days: -1 is less than 0"},
		{"min_margin 0", base + "rules: {min_margin: 0}\n", ""},
		{"min_margin 1.5", base + "rules: {min_margin: 1.5}\n", "config: rules.min_margin: 1.5 is not between 0 and 1"},
		{"min_margin negative", base + "rules: {min_margin: -0.1}\n", "config: rules.min_margin: -0.1 is not between 0 and 1"},
		{"late_weighted_days negative", base + "rules: {late_weighted_days: -5}\n", "config: rules.late_weighted_days: -5 is negative"},
		{"severe_late_days negative", base + "rules: {severe_late_days: -1}\n", "config: rules.severe_late_days: -1 is less than 0"},
		{"severe_late_count 0", base + "rules: {severe_late_count: 0}\n", "config: rules.severe_late_count: 0 is less than 1"},
		{"disputes_count 0", base + "rules: {disputes_count: 0}\n", "config: rules.disputes_count: 0 is less than 1"},
		{"disputes_rate 1", base + "rules: {disputes_rate: 1}\n", ""},
		{"disputes_rate 2", base + "rules: {disputes_rate: 2}\n", "config: rules.disputes_rate: 2 is not between 0 and 1"},
		{"after_hours_share bad", base + "rules: {after_hours_share: 25}\n", "config: rules.after_hours_share: 25 is not between 0 and 1"},
		{"after_hours_min 0", base + "rules: {after_hours_min: 0}\n", "config: rules.after_hours_min: 0 is less than 1"},
		{"contact_ratio 0", base + "rules: {contact_ratio: 0}\n", "config: rules.contact_ratio: 0 is not above 0"},
		{"contact_min 0", base + "rules: {contact_min: 0}\n", ""},
		{"contact_min 2.5", base + "rules: {contact_min: 2.5}\n", ""},
		{"contact_min negative", base + "rules: {contact_min: -1}\n", "config: rules.contact_min: -1 is negative"},
		{"credit_share bad", base + "rules: {credit_share: 1.01}\n", "config: rules.credit_share: 1.01 is not between 0 and 1"},
		{"concentration_share bad", base + "rules: {concentration_share: -0.25}\n", "config: rules.concentration_share: -0.25 is not between 0 and 1"},
		{"aging one bound", base + "rules: {aging: [45]}\n", ""},
		{"aging empty", base + "rules: {aging: []}\n", "config: rules.aging: needs at least one bound, e.g. [30, 60, 90, 120]"},
		{"aging not ascending", base + "rules: {aging: [30, 60, 60, 120]}\n", "config: rules.aging[2]: 60 is not above the bound before it (60): bounds go up"},
		{"aging zero", base + "rules: {aging: [0, 30]}\n", "config: rules.aging[0]: 0 is not a positive number of days"},
		// 0.3 + 0.7 = 1: R = cost / (1 − 0.3 − 0.7) divides by zero.
		{"margin plus delivery is 1", base + "rules: {min_margin: 0.7}\ncosts: {delivery_ratio: 0.3}\n", "config: rules.min_margin: 0.7 plus costs.delivery_ratio 0.3 is not below 1: no price could meet the margin (the price change needed would divide by zero)"},
		{"margin plus delivery below 1", base + "rules: {min_margin: 0.6}\ncosts: {delivery_ratio: 0.3}\n", ""},
		{"signals empty list", base + "rules: {signals: {abuse: []}}\n", ""},
		{"signals blank tag", base + "rules: {signals: {scope_change: [rework, \" \"]}}\n", "config: rules.signals.scope_change[1]: is empty (an empty tag would match every contact)"},
		{"report.dir empty", base + "report: {dir: \"\"}\n", "config: report.dir: is required: the folder the scorecards go in"},
		{"report.keep 0", base + "report: {keep: 0}\n", "config: report.keep: 0 is less than 1"},
		{"report.invoices all", base + "report: {invoices: ALL}\n", ""},
		{"report.invoices bad", base + "report: {invoices: some}\n", `config: report.invoices: "some" is not flagged or all`},
		{"max_rejected_share bad", base + "report: {max_rejected_share: 5}\n", "config: report.max_rejected_share: 5 is not between 0 and 1"},
		{"email good", email(""), ""},
		{"email names", email("  cc: [\"Anna de Vries <anna@example.com>\"]\n"), ""},
		{"email to empty", base + "email: {to: [], from: b@example.com}\n", "config: email.to: needs at least one address"},
		{"email to bad", email("  cc: [not-an-address]\n"), `config: email.cc[0]: "not-an-address" is not an email address`},
		{"email from missing", base + "email: {to: [a@example.com]}\n", "config: email.from: is required: the sender's address"},
		{"email from bad", base + "email: {to: [a@example.com], from: \"b@\"}\n", `config: email.from: "b@" is not an email address`},
		{"subject all placeholders", email("  subject: \"{date} {unprofitable} {review} {watch} {clients}\"\n"), ""},
		{"subject unknown placeholder", email("  subject: \"Scorecard {day}\"\n"), "config: email.subject: {day} is not a placeholder (use {date} {unprofitable} {review} {watch} {clients})"},
		{"subject unclosed", email("  subject: \"Scorecard {date\"\n"), "config: email.subject: has a { with no } after it"},
		{"subject header injection", email("  subject: \"Scorecard\\r\\nBcc: spy@example.com\"\n"), "config: email.subject: holds a line break, which would let it add mail headers; keep it on one line"},
		{"subject LF only", email("  subject: \"Scorecard\\nBcc: spy@example.com\"\n"), "config: email.subject: holds a line break, which would let it add mail headers; keep it on one line"},
		{"subject line separator", email("  subject: \"Scorecard\\u2028Bcc: spy@example.com\"\n"), "config: email.subject: holds a line break, which would let it add mail headers; keep it on one line"},
		{"subject tab", email("  subject: \"Scorecard\\t{date}\"\n"), "config: email.subject: holds the control character U+0009; keep to printable text"},
		{"subject NUL", email("  subject: \"Scorecard\\x00{date}\"\n"), "config: email.subject: holds the control character U+0000; keep to printable text"},
		{"subject escape", email("  subject: \"Scorecard \\e[31m{date}\"\n"), "config: email.subject: holds the control character U+001B; keep to printable text"},
		{"subject DEL", email("  subject: \"Scorecard\\x7f{date}\"\n"), "config: email.subject: holds the control character U+007F; keep to printable text"},
		{"subject C1 next line", email("  subject: \"Scorecard\\N{date}\"\n"), "config: email.subject: holds the control character U+0085; keep to printable text"},
		{"subject unicode ok", email("  subject: \"Scorecard {date} – Überblick ✓\"\n"), ""},
		{"subject unknown placeholder and control", email("  subject: \"\\x01{when}\"\n"), "config: email.subject: holds the control character U+0001; keep to printable text\nconfig: email.subject: {when} is not a placeholder (use {date} {unprofitable} {review} {watch} {clients})"},
		{"max_attachment_mb 0", email("  max_attachment_mb: 0\n"), "config: email.max_attachment_mb: 0 is not above 0"},
		{"smtp host empty", email("  smtp: {host: \"\"}\n"), "config: email.smtp.host: is required: the mail server's name"},
		{"smtp port 465 tls", email("  smtp: {port: 465, security: TLS}\n"), ""},
		{"smtp port 0", email("  smtp: {port: 0}\n"), "config: email.smtp.port: 0 is not between 1 and 65535"},
		{"smtp port 70000", email("  smtp: {port: 70000}\n"), "config: email.smtp.port: 70000 is not between 1 and 65535"},
		{"smtp security none", email("  smtp: {security: none}\n"), ""},
		{"smtp security ssl", email("  smtp: {security: ssl}\n"), `config: email.smtp.security: "ssl" is not starttls, tls or none`},
		{"password_env other name", email("  smtp: {username: cs, password_env: MY_SMTP_PW}\n"), ""},
		// The value is not echoed back: it may be the password itself.
		{"password_env holds a password", email("  smtp: {username: cs, password_env: \"s3cret!pw\"}\n"), "config: email.smtp.password_env: is not an environment variable name (letters, digits and _, not starting with a digit); put the password in an environment variable and name that variable here, never the password itself"},
		{"password_env empty with username", email("  smtp: {username: cs, password_env: \"\"}\n"), "config: email.smtp.password_env: is required when username is set: the name of the environment variable that holds the password"},
		{"password_env empty without username", email("  smtp: {password_env: \"\"}\n"), ""},
		{"schedule descriptor", base + "schedule: \"@daily\"\n", ""},
		{"schedule every", base + "schedule: \"@every 1h\"\n", ""},
		{"schedule weekdays", base + "schedule: \"30 6 * * 1-5\"\n", ""},
		{"schedule six fields", base + "schedule: \"0 0 6 * * *\"\n", `config: schedule: "0 0 6 * * *" is not a cron spec (five fields such as "0 6 * * *", or @daily, @every 1h): expected exactly 5 fields, found 6: [0 0 6 * * *]`},
		{"schedule empty", base + "schedule: \"\"\n", `config: schedule: is required: a cron spec such as "0 6 * * *" or @daily`},
		{"schedule 30 February", base + "schedule: \"0 0 30 2 *\"\n", `config: schedule: "0 0 30 2 *" never fires (no such date in the next five years, e.g. 30 February): give a day that exists, such as "0 6 * * *"`},
		{"schedule 31 April", base + "schedule: \"0 6 31 4 *\"\n", `config: schedule: "0 6 31 4 *" never fires (no such date in the next five years, e.g. 30 February): give a day that exists, such as "0 6 * * *"`},
		{"schedule leap day", base + "schedule: \"0 6 29 2 *\"\n", ""},
		{"schedule in a zone", base + "schedule: \"CRON_TZ=America/New_York 0 6 * * *\"\n", ""},
		{"every zero", base + "schedule: \"@every 0s\"\n", `config: schedule: "@every 0s" would run every second (cron runs an @every below one second as one second): give a positive interval such as @every 24h`},
		{"every negative", base + "schedule: \"@every -1s\"\n", `config: schedule: "@every -1s" would run every second (cron runs an @every below one second as one second): give a positive interval such as @every 24h`},
		{"every half a second", base + "schedule: \"@every 500ms\"\n", `config: schedule: "@every 500ms" would run every second (cron runs an @every below one second as one second): give a positive interval such as @every 24h`},
		{"every zero in a zone", base + "schedule: \"TZ=UTC @every 0s\"\n", `config: schedule: "TZ=UTC @every 0s" would run every second (cron runs an @every below one second as one second): give a positive interval such as @every 24h`},
		{"every one second", base + "schedule: \"@every 1s\"\n", ""},
		{"owners good", email("  owners: {\"Anna de Vries\": anna@example.com, Bob: \"Bob Smit <bob@example.com>\"}\n"), ""},
		{"owners bad address", email("  owners: {Anna: anna-at-example}\n"), `config: email.owners.Anna: "anna-at-example" is not an email address`},
		{"owners empty address", email("  owners: {Anna: \"\"}\n"), "config: email.owners.Anna: is empty: give the owner's email address"},
		{"owners list of addresses", email("  owners: {Anna: [a@example.com]}\n"), "config: line 5: email.owners.Anna: expected a text value, found a list"},
		{"time and expenses", "inputs:\n  invoices: {path: i.csv}\n  time: {path: harvest*.csv}\n  expenses: {path: expenses.xlsx}\n", ""},
		{"sources list", "inputs:\n  invoices: {path: i.csv}\n  payments: [{path: bank/*.csv, locale: {decimal: \",\"}}, {path: paypal.csv}]\n", ""},
		{"sources list path missing", "inputs:\n  invoices: {path: i.csv}\n  payments: [{path: bank/*.csv}, {sheet: Payments}]\n", "config: inputs.payments[1].path: is required: the file (or a glob such as exports/payments*.csv) to read"},
		{"sources list bad locale", "inputs:\n  invoices: {path: i.csv}\n  payments: [{path: a.csv}, {path: b.csv, locale: {decimal: \";\"}}]\n", `config: inputs.payments[1].locale.decimal: ";" is not "." or ","`},
		{"sources empty list", "inputs:\n  invoices: {path: i.csv}\n  payments: []\n", "config: line 3: inputs.payments: is an empty list: give at least one source, e.g. {path: exports/file.csv}"},
		{"pick newest", "inputs: {invoices: {path: drop/*.csv, pick: Newest}}\n", ""},
		{"pick all", "inputs: {invoices: {path: drop/*.csv, pick: all}}\n", ""},
		{"pick bad", "inputs: {invoices: {path: drop/*.csv, pick: latest}}\n", `config: inputs.invoices.pick: "latest" is not all or newest`},
		{"defaults good", "inputs: {invoices: {path: i.csv, defaults: {terms: \"Net 30\", currency: USD}}}\n", ""},
		{"defaults empty value", "inputs: {invoices: {path: i.csv, defaults: {terms: \"\"}}}\n", "config: inputs.invoices.defaults.terms: is empty: give the value to use when the export has no terms (or remove the key)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := parseErr(tt.yaml); got != tt.want {
				t.Errorf("error:\n got %s\nwant %s", got, tt.want)
			}
		})
	}
}

// TestDecodeErrors covers unknown keys, wrong types and YAML syntax: each
// names the line and the key's path.
func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		name, yaml, want string
	}{
		{"unknown top-level key, near miss", base + "timezon: UTC\n", `config: line 2: unknown key "timezon" (did you mean "timezone"?)`},
		{"unknown top-level key, hyphen", base + "window-months: 6\n", `config: line 2: unknown key "window-months" (did you mean "window_months"?)`},
		{"unknown top-level key, far", base + "colour: blue\n", `config: line 2: unknown key "colour" (known keys: as_of, timezone, window_months, currency, fx, locale, inputs, costs, business_hours, rules, report, email, schedule)`},
		{"unknown nested key", base + "rules:\n  grace_days: 3\n  min_margn: 0.3\n", `config: line 4: unknown key "min_margn" in rules (did you mean "min_margin"?)`},
		{"unknown key two levels down", base + "rules:\n  signals:\n    abuze: [x]\n", `config: line 4: unknown key "abuze" in rules.signals (did you mean "abuse"?)`},
		{"unknown key in an input", "inputs:\n  invoices:\n    path: a.csv\n    sheets: Invoices\n", `config: line 4: unknown key "sheets" in inputs.invoices (did you mean "sheet"?)`},
		{"unknown input", "inputs:\n  invoices: {path: i.csv}\n  refunds: {path: r.csv}\n", `config: line 3: unknown key "refunds" in inputs (known keys: invoices, payments, disputes, support, time, expenses, clients)`},
		{"unknown key in a list of sources", "inputs:\n  invoices: {path: i.csv}\n  payments:\n    - path: a.csv\n    - path: b.csv\n      shet: Payments\n", `config: line 6: unknown key "shet" in inputs.payments[1] (did you mean "sheet"?)`},
		{"source neither section nor list", "inputs:\n  invoices: exports/invoices.csv\n", `config: line 2: inputs.invoices: expected a section of keys (key: value lines indented below it), found the value "exports/invoices.csv"`},
		{"key in the wrong section", base + "rules:\n  support_hour: 80\n", `config: line 3: unknown key "support_hour" in rules (it belongs in costs)`},
		{"input key in the wrong section", base + "pick: newest\n", `config: line 2: unknown key "pick" (it belongs in inputs.invoices)`},
		{"password in the file", base + "email:\n  to: [a@example.com]\n  from: b@example.com\n  smtp:\n    host: mail\n    password: hunter2\n", `config: line 7: unknown key "password" in email.smtp: secrets go in the environment variable that password_env names, never in this file`},
		{"key given twice", base + "timezone: UTC\ntimezone: Europe/Paris\n", "config: line 3: timezone: is given twice (first at line 2)"},
		{"whole number as words", base + "window_months: twelve\n", `config: line 2: window_months: "twelve" is not a whole number`},
		{"whole number with a fraction", base + "window_months: 12.5\n", `config: line 2: window_months: "12.5" is not a whole number`},
		{"whole number quoted", base + "window_months: \"12\"\n", `config: line 2: window_months: "12" is not a whole number`},
		{"number as words", base + "rules:\n  min_margin: twenty percent\n", `config: line 3: rules.min_margin: "twenty percent" is not a number`},
		{"percent sign", base + "rules: {min_margin: 20%}\n", `config: line 2: rules.min_margin: "20%" is not a number`},
		{"bool", base + "locale: {buddhist_era: maybe}\n", `config: line 2: locale.buddhist_era: "maybe" is not true or false`},
		{"amount as words", base + "costs: {hour: sixty}\n", `config: line 2: costs.hour: "sixty" is not an amount like 60.00`},
		{"amount with currency", base + "costs: {support_hour: \"€60\"}\n", `config: line 2: costs.support_hour: "€60" is not an amount like 60.00`},
		{"list expected", base + "rules: {aging: 30}\n", `config: line 2: rules.aging: expected a list such as [a, b], found the value "30"`},
		{"list item wrong", base + "rules: {aging: [30, sixty]}\n", `config: line 2: rules.aging[1]: "sixty" is not a whole number`},
		{"section expected", base + "rules: strict\n", `config: line 2: rules: expected a section of keys (key: value lines indented below it), found the value "strict"`},
		{"text expected", base + "currency: [EUR]\n", "config: line 2: currency: expected a text value, found a list"},
		{"fx rate as words", base + "fx: {USD: high}\n", `config: line 2: fx.USD: "high" is not a number`},
		{"not a mapping", "- a\n- b\n", `config: line 1: the file must hold keys such as "timezone: Europe/Amsterdam", found a list`},
		{"bad YAML", base + "rules: {min_margin: 0.2\n", "config: line 2: the file is not valid YAML: did not find expected ',' or '}'"},
		{"tab indentation", "inputs:\n\tinvoices: {path: a}\n", "config: line 2: the file is not valid YAML: found character that cannot start any token (indent with spaces: YAML does not allow tabs)"},
		{"second document", base + "---\ntimezone: UTC\n", "config: line 2: the file holds a second YAML document (a line with --- starts one); put every key in one document"},
		// Decoding problems and validation problems come in one run; the
		// blanked window_months keeps its default and is not reported twice.
		{"all problems at once", base + "window_months: twelve\nrules:\n  min_margn: 0.3\n  min_margin: 1.5\nreport: {keep: 0}\n",
			"config: line 2: window_months: \"twelve\" is not a whole number\n" +
				"config: line 4: unknown key \"min_margn\" in rules (did you mean \"min_margin\"?)\n" +
				"config: rules.min_margin: 1.5 is not between 0 and 1\n" +
				"config: report.keep: 0 is less than 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := parseErr(tt.yaml); got != tt.want {
				t.Errorf("error:\n got %s\nwant %s", got, tt.want)
			}
		})
	}
}

// TestEmptyFile: an empty file or one with only comments has every
// default, so only the missing invoices input is reported.
func TestEmptyFile(t *testing.T) {
	for _, yaml := range []string{"", "# nothing yet\n", "---\n"} {
		want := "config: inputs.invoices: is required: the invoices export, e.g. invoices: {path: exports/invoices.xlsx}"
		if got := parseErr(yaml); got != want {
			t.Errorf("%q: got %s\nwant %s", yaml, got, want)
		}
	}
}

// TestPaths: relative paths resolve against the config's folder; what the
// user wrote is kept.
func TestPaths(t *testing.T) {
	dir := t.TempDir()
	sub := filepath.Join(dir, "conf")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	yaml := "inputs:\n" +
		"  invoices: {path: exports/invoices*.xlsx}\n" +
		"  payments: {path: ../bank/payments.csv}\n" +
		"  clients: {path: /srv/master/clients.xlsx}\n" +
		"report: {dir: reports}\n"
	file := filepath.Join(sub, "clientscore.yaml")
	if err := os.WriteFile(file, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := Load(file)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, written, wantWritten, abs, wantAbs string
	}{
		{"glob below the config", c.Inputs.Invoices.Path, "exports/invoices*.xlsx", c.Inputs.Invoices.AbsPath, filepath.Join(sub, "exports", "invoices*.xlsx")},
		{"parent folder", c.Inputs.Payments.Path, "../bank/payments.csv", c.Inputs.Payments.AbsPath, filepath.Join(dir, "bank", "payments.csv")},
		{"absolute path", c.Inputs.Clients.Path, "/srv/master/clients.xlsx", c.Inputs.Clients.AbsPath, "/srv/master/clients.xlsx"},
		{"report dir", c.Report.Dir, "reports", c.Report.AbsDir, filepath.Join(sub, "reports")},
		{"config dir", c.Dir, sub, c.Dir, sub},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.written != tt.wantWritten {
				t.Errorf("as written = %q, want %q", tt.written, tt.wantWritten)
			}
			if tt.abs != tt.wantAbs {
				t.Errorf("resolved = %q, want %q", tt.abs, tt.wantAbs)
			}
		})
	}

	// A relative config path resolves against the working directory.
	t.Chdir(dir)
	c, err = Load(filepath.Join("conf", "clientscore.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := c.Inputs.Invoices.AbsPath, filepath.Join(sub, "exports", "invoices*.xlsx"); got != want {
		t.Errorf("from a relative config path: %q, want %q", got, want)
	}
}

// TestErrorType: cmd picks exit status 2 with errors.Is(err, ErrConfig) and
// can list the problems with errors.As.
func TestErrorType(t *testing.T) {
	_, err := Parse([]byte(base+"window_months: 0\nreport: {keep: 0}\n"), "")
	if !errors.Is(err, ErrConfig) {
		t.Errorf("errors.Is(err, ErrConfig) = false for %v", err)
	}
	var ce *Error
	if !errors.As(err, &ce) {
		t.Fatalf("errors.As(*Error) = false for %T", err)
	}
	want := []Problem{
		{Field: "window_months", Msg: "0 is not between 1 and 120"},
		{Field: "report.keep", Msg: "0 is less than 1"},
	}
	if !reflect.DeepEqual(ce.Problems, want) {
		t.Errorf("problems = %+v, want %+v", ce.Problems, want)
	}

	missing := filepath.Join(t.TempDir(), "nope.yaml")
	_, err = Load(missing)
	if !errors.Is(err, ErrConfig) || !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: Is(ErrConfig) = %v, Is(ErrNotExist) = %v", errors.Is(err, ErrConfig), errors.Is(err, os.ErrNotExist))
	}
	if got, want := err.Error(), "config: "+missing+": the file does not exist"; got != want {
		t.Errorf("missing file: got %q, want %q", got, want)
	}

	bad := filepath.Join(t.TempDir(), "bad.yaml")
	if err := os.WriteFile(bad, []byte(base+"window_months: 0\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = Load(bad)
	if got, want := err.Error(), "config: "+bad+": window_months: 0 is not between 1 and 120"; got != want {
		t.Errorf("Load names the file: got %q, want %q", got, want)
	}
}

// TestInputLocale: an input's locale overrides only the keys it sets.
func TestInputLocale(t *testing.T) {
	c := mustParse(t, "locale: {date_order: MDY, decimal: \".\", buddhist_era: true}\n"+
		"inputs:\n"+
		"  invoices: {path: i.csv}\n"+
		"  payments: {path: p.csv, locale: {decimal: \",\"}}\n"+
		"  support: {path: s.csv, locale: {date_order: ymd, buddhist_era: false}}\n")
	tests := []struct {
		name string
		in   *Input
		want Locale
	}{
		{"no override", c.Inputs.Invoices, Locale{"MDY", ".", true}},
		{"decimal only", c.Inputs.Payments, Locale{"MDY", ",", true}},
		{"order and era", c.Inputs.Support, Locale{"YMD", ".", false}},
		{"input not configured", c.Inputs.Clients, Locale{"MDY", ".", true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := c.InputLocale(tt.in); got != tt.want {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

// TestAsOfDate: a set as_of wins; an empty one is today in the timezone.
func TestAsOfDate(t *testing.T) {
	// 23:30 UTC on 1 March 2026 is 00:30 on 2 March in Amsterdam (UTC+1)
	// and 18:30 on 1 March in New York (UTC−5).
	now := time.Date(2026, 3, 1, 23, 30, 0, 0, time.UTC)
	tests := []struct {
		name, yaml string
		want       time.Time
	}{
		{"as_of set", base + "as_of: 2026-10-31\n", time.Date(2026, 10, 31, 0, 0, 0, 0, time.UTC)},
		{"today in Amsterdam", base, time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)},
		{"today in New York", base + "timezone: America/New_York\n", time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := mustParse(t, tt.yaml)
			got, err := c.AsOfDate(now)
			if err != nil || !got.Equal(tt.want) {
				t.Errorf("got %v, %v; want %v", got, err, tt.want)
			}
		})
	}
}

// TestAmount: amounts are exact decimals rounded once to minor units.
func TestAmount(t *testing.T) {
	tests := []struct {
		in     string
		digits int
		want   int64
		err    string
	}{
		{"60.00", 2, 6000, ""},
		{"60", 2, 6000, ""},
		{"0.125", 2, 13, ""},   // 12.5 cents rounds half away from zero to 13
		{"-0.125", 2, -13, ""}, // and −12.5 to −13
		{"0.124", 2, 12, ""},
		{"1500", 0, 1500, ""},   // JPY has no minor units
		{"1.2345", 3, 1235, ""}, // KWD has three: 1234.5 rounds to 1235
		{"0.1", 2, 10, ""},      // exact: no binary-float 9.999…
		{"sixty", 2, 0, `"sixty" is not an amount like 60.00`},
		{"1,5", 2, 0, `"1,5" is not an amount like 60.00`},
		{"1.", 2, 0, `"1." is not an amount like 60.00`},
		{"0.0000001", 2, 0, `"0.0000001" has more than 6 decimal places`},
		{"1e3", 2, 0, `"1e3" is not an amount like 60.00`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			a, err := ParseAmount(tt.in)
			if tt.err != "" {
				if err == nil || err.Error() != tt.err {
					t.Errorf("error = %v, want %s", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := a.MinorUnits(tt.digits); got != tt.want {
				t.Errorf("MinorUnits(%d) = %d, want %d", tt.digits, got, tt.want)
			}
		})
	}
}
