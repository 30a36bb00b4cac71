package config

import (
	"fmt"
	"math"
	"net/mail"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/robfig/cron/v3"
	"golang.org/x/text/currency"
)

// normalize brings the values whose case does not matter to one form.
func (c *Config) normalize() {
	c.AsOf = strings.TrimSpace(c.AsOf)
	c.Timezone = strings.TrimSpace(c.Timezone)
	c.Currency = strings.ToUpper(strings.TrimSpace(c.Currency))
	c.Locale.DateOrder = strings.ToUpper(strings.TrimSpace(c.Locale.DateOrder))
	for _, in := range c.Inputs.List() {
		in.Path = strings.TrimSpace(in.Path)
		if in.Locale != nil {
			in.Locale.DateOrder = strings.ToUpper(strings.TrimSpace(in.Locale.DateOrder))
		}
	}
	c.Report.Dir = strings.TrimSpace(c.Report.Dir)
	c.Report.Invoices = strings.ToLower(strings.TrimSpace(c.Report.Invoices))
	c.Schedule = strings.TrimSpace(c.Schedule)
	if c.Email != nil {
		c.Email.SMTP.Security = strings.ToLower(strings.TrimSpace(c.Email.SMTP.Security))
		c.Email.SMTP.Host = strings.TrimSpace(c.Email.SMTP.Host)
	}
}

// check collects validation problems, which carry no line.
type check struct {
	probs []Problem
}

func (k *check) add(field, format string, a ...any) {
	k.probs = append(k.probs, Problem{Field: field, Msg: fmt.Sprintf(format, a...)})
}

// between checks lo <= v <= hi.
func (k *check) between(field string, v, lo, hi float64) {
	if math.IsNaN(v) || v < lo || v > hi {
		k.add(field, "%s is not between %s and %s", num(v), num(lo), num(hi))
	}
}

// fraction checks 0 <= v < 1 (a share that must leave something over).
func (k *check) fraction(field string, v float64) {
	if math.IsNaN(v) || v < 0 || v >= 1 {
		k.add(field, "%s is not at least 0 and below 1", num(v))
	}
}

func (k *check) atLeast(field string, v, lo int) {
	if v < lo {
		k.add(field, "%d is less than %d", v, lo)
	}
}

func num(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

// validate checks every value and returns every problem found.
func (c *Config) validate() []Problem {
	k := &check{}
	c.validateGeneral(k)
	c.validateInputs(k)
	c.validateCosts(k)
	c.validateBusinessHours(k)
	c.validateRules(k)
	c.validateReport(k)
	if c.Email != nil {
		c.Email.validate(k)
	}
	if c.Schedule == "" {
		k.add("schedule", "is required: a cron spec such as \"0 6 * * *\" or @daily")
	} else if _, err := cron.ParseStandard(c.Schedule); err != nil {
		k.add("schedule", "%q is not a cron spec (five fields such as \"0 6 * * *\", or @daily, @every 1h): %v", c.Schedule, err)
	}
	return k.probs
}

func (c *Config) validateGeneral(k *check) {
	if c.AsOf != "" {
		if _, err := time.Parse(time.DateOnly, c.AsOf); err != nil {
			k.add("as_of", "%q is not a date in YYYY-MM-DD form (leave it empty for today)", c.AsOf)
		}
	}
	if c.Timezone == "" {
		k.add("timezone", "is required: an IANA time zone such as Europe/Amsterdam")
	} else if loc, err := time.LoadLocation(c.Timezone); err != nil {
		k.add("timezone", "%q is not a known time zone (an IANA name such as Europe/Amsterdam or America/New_York)", c.Timezone)
	} else {
		c.loc = loc
	}
	if c.WindowMonths < 1 || c.WindowMonths > 120 {
		k.add("window_months", "%d is not between 1 and 120", c.WindowMonths)
	}
	if !knownCurrency(c.Currency) {
		k.add("currency", "%q is not an ISO 4217 currency code such as EUR, USD or GBP", c.Currency)
	}
	fx := make(map[string]float64, len(c.FX))
	written := map[string]string{}
	for _, code := range sortedKeys(c.FX) {
		rate := c.FX[code]
		field := "fx." + code
		up := strings.ToUpper(strings.TrimSpace(code))
		if !knownCurrency(up) {
			k.add(field, "%q is not an ISO 4217 currency code", code)
			continue
		}
		if prev, ok := written[up]; ok {
			k.add(field, "repeats fx.%s", prev)
			continue
		}
		written[up] = code
		if math.IsNaN(rate) || math.IsInf(rate, 0) || rate <= 0 {
			k.add(field, "%s is not a positive rate (what one %s is worth in %s)", num(rate), up, c.Currency)
			continue
		}
		if up == c.Currency && rate != 1 {
			k.add(field, "%s is the reporting currency; its rate is 1, not %s", up, num(rate))
			continue
		}
		fx[up] = rate
	}
	c.FX = fx
	c.Locale.validate(k, "locale")
}

// knownCurrency reports whether code is an upper-case ISO 4217 code.
func knownCurrency(code string) bool {
	if len(code) != 3 || code != strings.ToUpper(code) || code == "XXX" {
		return false
	}
	_, err := currency.ParseISO(code)
	return err == nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for key := range m {
		keys = append(keys, key)
	}
	sort.Strings(keys)
	return keys
}

func (l Locale) validate(k *check, path string) {
	validateDateOrder(k, path+".date_order", l.DateOrder, false)
	validateDecimal(k, path+".decimal", l.Decimal, false)
}

func validateDateOrder(k *check, field, v string, optional bool) {
	if optional && v == "" {
		return
	}
	switch v {
	case "DMY", "MDY", "YMD":
	default:
		k.add(field, "%q is not DMY, MDY or YMD", v)
	}
}

func validateDecimal(k *check, field, v string, optional bool) {
	if optional && v == "" {
		return
	}
	if v != "." && v != "," {
		k.add(field, "%q is not \".\" or \",\"", v)
	}
}

// canonicalColumns are the column names each input knows (SPEC.md
// section 3); columns: keys must be among them.
var canonicalColumns = map[string][]string{
	"invoices": {"client", "client_id", "number", "issue_date", "due_date", "amount", "currency", "status", "type", "applies_to", "paid_date", "balance", "disputed", "terms"},
	"payments": {"client", "client_id", "invoice", "date", "amount", "currency", "reference"},
	"disputes": {"client", "client_id", "invoice", "date", "amount", "currency", "reason", "status"},
	"support":  {"client", "client_id", "date", "time", "hours", "cost", "currency", "channel", "tags", "billable"},
	"clients":  {"client", "client_id", "aliases", "renewal_date", "owner", "monthly_fee", "currency"},
}

func (c *Config) validateInputs(k *check) {
	if c.Inputs.Invoices == nil {
		k.add("inputs.invoices", "is required: the invoices export, e.g. invoices: {path: exports/invoices.xlsx}")
	}
	for _, in := range c.Inputs.List() {
		path := "inputs." + in.Name
		if in.Path == "" {
			k.add(path+".path", "is required: the file (or a glob such as exports/%s*.csv) to read", in.Name)
		}
		known := canonicalColumns[in.Name]
		for _, col := range sortedKeys(in.Columns) {
			field := path + ".columns." + col
			if !contains(known, col) {
				k.add(field, "%q is not a column of %s (columns: %s)", col, in.Name, strings.Join(known, ", "))
				continue
			}
			if strings.TrimSpace(in.Columns[col]) == "" {
				k.add(field, "is empty: give the header the file uses for %s", col)
			}
		}
		if in.Locale != nil {
			validateDateOrder(k, path+".locale.date_order", in.Locale.DateOrder, true)
			validateDecimal(k, path+".locale.decimal", in.Locale.Decimal, true)
		}
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func (c *Config) validateCosts(k *check) {
	if c.Costs.Hour.Sign() < 0 {
		k.add("costs.support_hour", "%s is negative", c.Costs.Hour)
	}
	if c.Costs.SupportTicket.Sign() < 0 {
		k.add("costs.support_ticket", "%s is negative", c.Costs.SupportTicket)
	}
	k.fraction("costs.capital_rate", c.Costs.CapitalRate)
	k.fraction("costs.delivery_ratio", c.Costs.DeliveryRatio)
}

func (c *Config) validateBusinessHours(k *check) {
	b := c.BusinessHours
	if len(b.Days) == 0 {
		k.add("business_hours.days", "needs at least one day, e.g. [Mon, Tue, Wed, Thu, Fri]")
	}
	seen := map[time.Weekday]int{}
	for i, d := range b.Days {
		field := fmt.Sprintf("business_hours.days[%d]", i)
		wd, ok := parseWeekday(d)
		if !ok {
			k.add(field, "%q is not a weekday (Mon … Sun or Monday … Sunday)", d)
			continue
		}
		if j, dup := seen[wd]; dup {
			k.add(field, "%q repeats business_hours.days[%d]", d, j)
			continue
		}
		seen[wd] = i
	}
	start, okS := parseClock(b.Start, false)
	end, okE := parseClock(b.End, true)
	if !okS {
		k.add("business_hours.start", "%q is not a time of day in HH:MM form (00:00–23:59)", b.Start)
	}
	if !okE {
		k.add("business_hours.end", "%q is not a time of day in HH:MM form (00:00–24:00)", b.End)
	}
	if okS && okE && start >= end {
		k.add("business_hours", "start %s is not before end %s", b.Start, b.End)
	}
}

// parseWeekday reads Mon … Sun or Monday … Sunday in any case.
func parseWeekday(s string) (time.Weekday, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	for d := time.Sunday; d <= time.Saturday; d++ {
		full := strings.ToLower(d.String())
		if s == full || s == full[:3] {
			return d, true
		}
	}
	return 0, false
}

var clockRE = regexp.MustCompile(`^([01]?\d|2[0-4]):([0-5]\d)$`)

// parseClock reads HH:MM as minutes after midnight; 24:00 only when
// allowEnd.
func parseClock(s string, allowEnd bool) (int, bool) {
	m := clockRE.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return 0, false
	}
	h, _ := strconv.Atoi(m[1])
	mins, _ := strconv.Atoi(m[2])
	if h == 24 && (!allowEnd || mins != 0) {
		return 0, false
	}
	return h*60 + mins, true
}

func (c *Config) validateRules(k *check) {
	r := c.Rules
	k.atLeast("rules.grace_days", r.GraceDays, 0)
	k.between("rules.min_margin", r.MinMargin, 0, 1)
	if math.IsNaN(r.LateWeightedDays) || r.LateWeightedDays < 0 {
		k.add("rules.late_weighted_days", "%s is negative", num(r.LateWeightedDays))
	}
	k.atLeast("rules.severe_late_days", r.SevereLateDays, 0)
	k.atLeast("rules.severe_late_count", r.SevereLateCount, 1)
	k.atLeast("rules.disputes_count", r.DisputesCount, 1)
	k.between("rules.disputes_rate", r.DisputesRate, 0, 1)
	k.between("rules.after_hours_share", r.AfterHoursShare, 0, 1)
	k.atLeast("rules.after_hours_min", r.AfterHoursMin, 1)
	if math.IsNaN(r.ContactRatio) || r.ContactRatio <= 0 {
		k.add("rules.contact_ratio", "%s is not above 0", num(r.ContactRatio))
	}
	k.between("rules.credit_share", r.CreditShare, 0, 1)
	k.between("rules.concentration_share", r.ConcentrationShare, 0, 1)
	if len(r.Aging) == 0 {
		k.add("rules.aging", "needs at least one bound, e.g. [30, 60, 90, 120]")
	}
	for i, b := range r.Aging {
		field := fmt.Sprintf("rules.aging[%d]", i)
		switch {
		case b <= 0:
			k.add(field, "%d is not a positive number of days", b)
		case i > 0 && b <= r.Aging[i-1]:
			k.add(field, "%d is not above the bound before it (%d): bounds go up", b, r.Aging[i-1])
		}
	}
	if d, m := c.Costs.DeliveryRatio, r.MinMargin; d >= 0 && d < 1 && m >= 0 && m <= 1 && d+m >= 1 {
		k.add("rules.min_margin", "%s plus costs.delivery_ratio %s is not below 1: no price could meet the margin (the price change needed would divide by zero)", num(m), num(d))
	}
	for _, s := range []struct {
		key  string
		tags []string
	}{{"abuse", r.Signals.Abuse}, {"scope_change", r.Signals.ScopeChange}, {"discount_request", r.Signals.DiscountRequest}} {
		for i, tag := range s.tags {
			if strings.TrimSpace(tag) == "" {
				k.add(fmt.Sprintf("rules.signals.%s[%d]", s.key, i), "is empty (an empty tag would match every contact)")
			}
		}
	}
}

func (c *Config) validateReport(k *check) {
	r := c.Report
	if r.Dir == "" {
		k.add("report.dir", "is required: the folder the scorecards go in")
	}
	k.atLeast("report.keep", r.Keep, 1)
	if r.Invoices != "flagged" && r.Invoices != "all" {
		k.add("report.invoices", "%q is not flagged or all", r.Invoices)
	}
	k.between("report.max_rejected_share", r.MaxRejectedShare, 0, 1)
}

// subjectPlaceholders are the only {words} a subject may hold.
var subjectPlaceholders = []string{"{date}", "{unprofitable}", "{review}", "{watch}", "{clients}"}

var envName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

func (e *Email) validate(k *check) {
	if len(e.To) == 0 {
		k.add("email.to", "needs at least one address")
	}
	addresses := func(key string, list []string) {
		for i, a := range list {
			if _, err := mail.ParseAddress(a); err != nil {
				k.add(fmt.Sprintf("email.%s[%d]", key, i), "%q is not an email address", a)
			}
		}
	}
	addresses("to", e.To)
	addresses("cc", e.Cc)
	if strings.TrimSpace(e.From) == "" {
		k.add("email.from", "is required: the sender's address")
	} else if _, err := mail.ParseAddress(e.From); err != nil {
		k.add("email.from", "%q is not an email address", e.From)
	}
	e.validateSubject(k)
	if math.IsNaN(e.MaxAttachmentMB) || e.MaxAttachmentMB <= 0 {
		k.add("email.max_attachment_mb", "%s is not above 0", num(e.MaxAttachmentMB))
	}
	s := e.SMTP
	if s.Host == "" {
		k.add("email.smtp.host", "is required: the mail server's name")
	}
	if s.Port < 1 || s.Port > 65535 {
		k.add("email.smtp.port", "%d is not between 1 and 65535", s.Port)
	}
	switch s.Security {
	case "starttls", "tls", "none":
	default:
		k.add("email.smtp.security", "%q is not starttls, tls or none", s.Security)
	}
	switch {
	case s.PasswordEnv == "" && s.Username != "":
		k.add("email.smtp.password_env", "is required when username is set: the name of the environment variable that holds the password")
	case s.PasswordEnv != "" && !envName.MatchString(s.PasswordEnv):
		// The value is not echoed: it may be a password put in the wrong place.
		k.add("email.smtp.password_env", "is not an environment variable name (letters, digits and _, not starting with a digit); put the password in an environment variable and name that variable here, never the password itself")
	}
}

func (e *Email) validateSubject(k *check) {
	s := e.Subject
	if strings.TrimSpace(s) == "" {
		k.add("email.subject", "is empty")
		return
	}
	if strings.ContainsAny(s, "\r\n\u2028\u2029") {
		k.add("email.subject", "holds a line break, which would let it add mail headers; keep it on one line")
	} else if i := strings.IndexFunc(s, unicode.IsControl); i >= 0 {
		r, _ := utf8.DecodeRuneInString(s[i:])
		k.add("email.subject", "holds the control character %U; keep to printable text", r)
	}
	for rest := s; rest != ""; {
		open := strings.IndexAny(rest, "{}")
		if open < 0 {
			break
		}
		if rest[open] == '}' {
			k.add("email.subject", "has a } with no { before it")
			return
		}
		end := strings.IndexByte(rest[open:], '}')
		if end < 0 {
			k.add("email.subject", "has a { with no } after it")
			return
		}
		ph := rest[open : open+end+1]
		if !contains(subjectPlaceholders, ph) {
			k.add("email.subject", "%s is not a placeholder (use %s)", ph, strings.Join(subjectPlaceholders, " "))
		}
		rest = rest[open+end+1:]
	}
}
