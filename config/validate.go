package config

import (
	"fmt"
	"math"
	"net/mail"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/robfig/cron/v3"
	"golang.org/x/text/currency"
	"golang.org/x/text/unicode/norm"

	"clientscore/internal/clip"
)

// normalize brings the values whose case does not matter to one form.
func (c *Config) normalize() {
	c.AsOf = strings.TrimSpace(c.AsOf)
	c.Timezone = strings.TrimSpace(c.Timezone)
	c.Currency = strings.ToUpper(strings.TrimSpace(c.Currency))
	c.Locale.DateOrder = strings.ToUpper(strings.TrimSpace(c.Locale.DateOrder))
	for _, in := range c.Inputs.List() {
		in.Path = strings.TrimSpace(in.Path)
		in.Pick = strings.ToLower(strings.TrimSpace(in.Pick))
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
	c.validateSchedule(k)
	return k.probs
}

// neverFires is how far ahead a schedule must fire at least once. It is
// robfig/cron's own horizon: past it, Next gives up.
const neverFires = 5 * 365 * 24 * time.Hour

// validateSchedule checks the cron spec with robfig/cron's parser (the one
// `clientscore schedule` runs it with), then that it fires at all: a spec
// for 30 February parses but would idle forever, and cron runs an @every
// of zero or less (or under a second) every second.
func (c *Config) validateSchedule(k *check) {
	spec := c.Schedule
	if spec == "" {
		k.add("schedule", `is required: a cron spec such as "0 6 * * *" or @daily`)
		return
	}
	sched, err := cron.ParseStandard(spec)
	if err != nil {
		k.add("schedule", `%s is not a cron spec (five fields such as "0 6 * * *", or @daily, @every 1h): %s`, quote(spec), clip.Runes(err.Error(), maxQuoted+1))
		return
	}
	if every, ok := strings.CutPrefix(withoutZone(spec), "@every "); ok {
		if d, err := time.ParseDuration(strings.TrimSpace(every)); err == nil && d < time.Second {
			k.add("schedule", "%s would run every second (cron runs an @every below one second as one second): give a positive interval such as @every 24h", quote(spec))
		}
		return
	}
	loc := c.loc
	if loc == nil {
		loc = time.UTC
	}
	now := time.Now().In(loc)
	if next := sched.Next(now); next.IsZero() || next.Sub(now) > neverFires {
		k.add("schedule", "%s never fires (no such date in the next five years, e.g. 30 February): give a day that exists, such as \"0 6 * * *\"", quote(spec))
	}
}

// withoutZone drops a leading CRON_TZ= or TZ= zone from a cron spec.
func withoutZone(spec string) string {
	if strings.HasPrefix(spec, "CRON_TZ=") || strings.HasPrefix(spec, "TZ=") {
		if _, rest, ok := strings.Cut(spec, " "); ok {
			return strings.TrimSpace(rest)
		}
	}
	return spec
}

func (c *Config) validateGeneral(k *check) {
	if c.AsOf != "" {
		if t, err := time.Parse(time.DateOnly, c.AsOf); err != nil {
			k.add("as_of", "%s is not a date in YYYY-MM-DD form (leave it empty for today)", quote(c.AsOf))
		} else {
			c.asOf = t
		}
	}
	if c.Timezone == "" {
		k.add("timezone", "is required: an IANA time zone such as Europe/Amsterdam")
	} else if loc, err := time.LoadLocation(c.Timezone); err != nil {
		k.add("timezone", "%s is not a known time zone (an IANA name such as Europe/Amsterdam or America/New_York)", quote(c.Timezone))
	} else {
		c.loc = loc
	}
	if c.WindowMonths < 1 || c.WindowMonths > 120 {
		k.add("window_months", "%d is not between 1 and 120", c.WindowMonths)
	}
	if !knownCurrency(c.Currency) {
		k.add("currency", "%s is not an ISO 4217 currency code such as EUR, USD or GBP", quote(c.Currency))
	}
	fx := make(map[string]float64, len(c.FX))
	written := map[string]string{}
	for _, code := range sortedKeys(c.FX) {
		rate := c.FX[code]
		field := join("fx", code)
		up := strings.ToUpper(strings.TrimSpace(code))
		if !knownCurrency(up) {
			k.add(field, "%s is not an ISO 4217 currency code", quote(code))
			continue
		}
		if prev, ok := written[up]; ok {
			k.add(field, "repeats fx.%s", prev)
			continue
		}
		written[up] = code
		if rate == 0 { // left empty: clientscore init writes "USD:" for the user to fill in
			k.add(field, "is not filled in: fill in the rate for %s, what one %s is worth in %s", up, up, c.Currency)
			continue
		}
		if math.IsNaN(rate) || math.IsInf(rate, 0) || rate < 0 {
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
		k.add(field, "%s is not DMY, MDY or YMD", quote(v))
	}
}

func validateDecimal(k *check, field, v string, optional bool) {
	if optional && v == "" {
		return
	}
	if v != "." && v != "," {
		k.add(field, "%s is not \".\" or \",\"", quote(v))
	}
}

// validateInputs checks what can be checked without knowing each input's
// columns; CheckColumns checks the columns and defaults keys against them.
func (c *Config) validateInputs(k *check) {
	if c.Inputs.Invoices == nil {
		k.add("inputs.invoices", "is required: the invoices export, e.g. invoices: {path: exports/invoices.xlsx}")
	}
	for _, in := range c.Inputs.List() {
		path := in.Field()
		if in.Path == "" {
			k.add(path+".path", "is required: the file (or a glob such as exports/%s*.csv) to read", in.Name)
		}
		for _, col := range sortedKeys(in.Columns) {
			if strings.TrimSpace(in.Columns[col]) == "" {
				k.add(join(path+".columns", col), "is empty: give the header the file uses for %s", clip.Runes(col, maxQuoted+1))
			}
		}
		for _, col := range sortedKeys(in.Defaults) {
			if strings.TrimSpace(in.Defaults[col]) == "" {
				k.add(join(path+".defaults", col), "is empty: give the value to use when the export has no %s (or remove the key)", clip.Runes(col, maxQuoted+1))
			}
		}
		switch in.Pick {
		case "", "all", "newest":
		default:
			k.add(path+".pick", "%s is not all or newest", quote(in.Pick))
		}
		if in.Locale != nil {
			validateDateOrder(k, path+".locale.date_order", in.Locale.DateOrder, true)
			validateDecimal(k, path+".locale.decimal", in.Locale.Decimal, true)
		}
	}
}

// CheckColumns checks every columns: and defaults: key of every source
// against columnsOf(input), the canonical columns of that input (ingest
// knows them; config imports nothing that reads files). It returns nil or
// an *Error naming the config file.
func (c *Config) CheckColumns(columnsOf func(input string) []string) error {
	k := &check{}
	for _, in := range c.Inputs.List() {
		known := columnsOf(in.Name)
		for _, section := range []struct {
			key  string
			cols map[string]string
		}{{"columns", in.Columns}, {"defaults", in.Defaults}} {
			for _, col := range sortedKeys(section.cols) {
				if !slices.Contains(known, col) {
					k.add(join(in.Field()+"."+section.key, col), "%s is not a column of %s (columns: %s)", quote(col), in.Name, strings.Join(known, ", "))
				}
			}
		}
	}
	if len(k.probs) == 0 {
		return nil
	}
	return &Error{File: c.File, Problems: k.probs}
}

// RateKey is the form a costs.rates key is kept in, and the form to look
// a person or role up in: Unicode NFC, lower case, white space trimmed and
// collapsed to single spaces ("Anna  de Vries" is "anna de vries").
func RateKey(s string) string {
	return norm.NFC.String(strings.ToLower(strings.Join(strings.Fields(s), " ")))
}

func (c *Config) validateCosts(k *check) {
	hour := "costs.hour"
	if c.Costs.SupportHour != nil { // its old name (decode warned, or refused it beside hour)
		hour, c.Costs.Hour, c.Costs.SupportHour = "costs.support_hour", *c.Costs.SupportHour, nil
	}
	if c.Costs.Hour.Sign() < 0 {
		k.add(hour, "%s is negative", c.Costs.Hour)
	}
	if c.Costs.SupportTicket.Sign() < 0 {
		k.add("costs.support_ticket", "%s is negative", c.Costs.SupportTicket)
	}
	rates := make(map[string]Amount, len(c.Costs.Rates))
	written := map[string]string{}
	for _, name := range sortedKeys(c.Costs.Rates) {
		field, key, rate := join("costs.rates", name), RateKey(name), c.Costs.Rates[name]
		switch prev, dup := written[key]; {
		case key == "":
			k.add("costs.rates", "has an empty name: give the person or role as the time or support export writes it")
		case dup:
			k.add(field, "repeats %s (names are compared ignoring case and spacing)", join("costs.rates", prev))
		case rate.Sign() < 0:
			k.add(field, "%s is negative", rate)
		default:
			written[key] = name
			rates[key] = rate
		}
	}
	c.Costs.Rates = rates
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
			k.add(field, "%s is not a weekday (Mon … Sun or Monday … Sunday)", quote(d))
			continue
		}
		if j, dup := seen[wd]; dup {
			k.add(field, "%s repeats business_hours.days[%d]", quote(d), j)
			continue
		}
		seen[wd] = i
	}
	start, okS := parseClock(b.Start, false)
	end, okE := parseClock(b.End, true)
	if !okS {
		k.add("business_hours.start", "%s is not a time of day in HH:MM form (00:00–23:59)", quote(b.Start))
	}
	if !okE {
		k.add("business_hours.end", "%s is not a time of day in HH:MM form (00:00–24:00)", quote(b.End))
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
	if math.IsNaN(r.ContactMin) || r.ContactMin < 0 {
		k.add("rules.contact_min", "%s is negative", num(r.ContactMin))
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
		k.add("report.invoices", "%s is not flagged or all", quote(r.Invoices))
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
				k.add(fmt.Sprintf("email.%s[%d]", key, i), "%s is not an email address", quote(a))
			}
		}
	}
	addresses("to", e.To)
	addresses("cc", e.Cc)
	if strings.TrimSpace(e.From) == "" {
		k.add("email.from", "is required: the sender's address")
	} else if _, err := mail.ParseAddress(e.From); err != nil {
		k.add("email.from", "%s is not an email address", quote(e.From))
	}
	for _, owner := range sortedKeys(e.Owners) {
		field := join("email.owners", owner)
		switch addr := e.Owners[owner]; {
		case strings.TrimSpace(owner) == "":
			k.add("email.owners", "has an empty name: give the owner as the clients input's owner column writes it")
		case strings.TrimSpace(addr) == "":
			k.add(field, "is empty: give the owner's email address")
		default:
			if _, err := mail.ParseAddress(addr); err != nil {
				k.add(field, "%s is not an email address", quote(addr))
			}
		}
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
		k.add("email.smtp.security", "%s is not starttls, tls or none", quote(s.Security))
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
		if !slices.Contains(subjectPlaceholders, ph) {
			k.add("email.subject", "%s is not a placeholder (use %s)", clip.Runes(ph, maxQuoted+1), strings.Join(subjectPlaceholders, " "))
		}
		rest = rest[open+end+1:]
	}
}
