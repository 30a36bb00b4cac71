package config

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"clientscore/analysis"
)

// Config is the whole config file. Field by field it mirrors the YAML of
// SPEC.md section 2; the yaml tag names each key.
type Config struct {
	// AsOf is "today" for the analysis, YYYY-MM-DD; "" means today in
	// Timezone (see AsOfDate).
	AsOf string `yaml:"as_of"`
	// Timezone is an IANA zone name (Europe/Amsterdam). Contact times
	// without a zone are read in it, the schedule runs in it, and an empty
	// AsOf is today in it.
	Timezone string `yaml:"timezone"`
	// WindowMonths is the analysis window in whole months, 1–120: records
	// dated in (as_of − WindowMonths months, as_of] count.
	WindowMonths int `yaml:"window_months"`
	// Currency is the reporting currency, an ISO 4217 code, upper case
	// after Parse.
	Currency string `yaml:"currency"`
	// FX maps an ISO 4217 code (upper case after Parse) to what one unit of
	// it is worth in Currency: {USD: 0.92} means 1 USD = 0.92 EUR.
	FX map[string]float64 `yaml:"fx"`
	// Locale says how to read text dates and numbers in every input that
	// does not override it.
	Locale Locale `yaml:"locale"`
	// Inputs names the export files.
	Inputs Inputs `yaml:"inputs"`
	// Costs prices support, late payment and delivery.
	Costs Costs `yaml:"costs"`
	// BusinessHours decides which support contacts are after hours.
	BusinessHours BusinessHours `yaml:"business_hours"`
	// Rules are the thresholds of the flags.
	Rules Rules `yaml:"rules"`
	// Report says where and how the scorecard is written.
	Report Report `yaml:"report"`
	// Email, when not nil, sends the scorecard after each run. An absent
	// or empty email key is nil: no email.
	Email *Email `yaml:"email"`
	// Schedule is the cron spec `clientscore schedule` runs on, in
	// Timezone: five fields ("0 6 * * *") or a descriptor (@daily,
	// @every 1h).
	Schedule string `yaml:"schedule"`

	// Dir is the absolute folder of the config file; relative paths in
	// the file are relative to it. Not read from the YAML.
	Dir string `yaml:"-"`
	// File is the config file as given to Load; "" from Parse.
	File string `yaml:"-"`
	// Warnings are what is allowed but should change (an old key name),
	// for the log and `clientscore validate`. Field names the key.
	Warnings []Problem `yaml:"-"`

	loc  *time.Location // Timezone, loaded by validation
	asOf time.Time      // AsOf parsed by validation; zero when AsOf is ""
}

// Locale says how text dates and numbers are written in an export.
type Locale struct {
	// DateOrder is DMY, MDY or YMD (upper case after Parse): how text dates
	// like 03/04/2026 are read.
	DateOrder string `yaml:"date_order"`
	// Decimal is "." or ",": the decimal separator of text numbers.
	Decimal string `yaml:"decimal"`
	// BuddhistEra: text years above 2400 are Thai Buddhist Era years
	// (minus 543).
	BuddhistEra bool `yaml:"buddhist_era"`
}

// LocaleOverride is an input's partial locale: only the keys it sets
// replace the config's Locale (see Config.InputLocale).
type LocaleOverride struct {
	DateOrder   string `yaml:"date_order"`   // "" keeps the config's
	Decimal     string `yaml:"decimal"`      // "" keeps the config's
	BuddhistEra *bool  `yaml:"buddhist_era"` // nil keeps the config's
}

// Inputs names the export files. Invoices is required; a nil input was not
// configured. Each is the input's first source; an input the config writes
// as a list of sources has the others in More. List gives every source.
type Inputs struct {
	Invoices *Input `yaml:"invoices"`
	Payments *Input `yaml:"payments"`
	Disputes *Input `yaml:"disputes"`
	Support  *Input `yaml:"support"`
	Time     *Input `yaml:"time"`
	Expenses *Input `yaml:"expenses"`
	Clients  *Input `yaml:"clients"`
}

// Input is one source of an input: a file or a glob of files, with how to
// read it. In the YAML an input is one source ({path: a.csv}) or a list of
// them ([{path: bank/*.csv, locale: {decimal: ","}}, {path: paypal.csv}]).
type Input struct {
	// Path is the file or glob as the user wrote it, for messages.
	Path string `yaml:"path"`
	// AbsPath is Path made absolute against Config.Dir (a glob stays a
	// glob). Set by Parse; read the files through it.
	AbsPath string `yaml:"-"`
	// Sheet is the worksheet to read in an xlsx file; "" lets the reader
	// choose.
	Sheet string `yaml:"sheet"`
	// Columns maps a canonical column name (SPEC.md section 3: client,
	// issue_date, …) to the header the file uses for it, overriding the
	// built-in aliases.
	Columns map[string]string `yaml:"columns"`
	// Locale overrides parts of the config's Locale for this input only.
	Locale *LocaleOverride `yaml:"locale"`
	// Defaults gives a value for a canonical column the export lacks or
	// leaves empty: {terms: "Net 30", currency: USD}.
	Defaults map[string]string `yaml:"defaults"`
	// Pick is "all" (every matching file, oldest first) or "newest" (only
	// the newest matching file: a drop folder); lower case after Parse, ""
	// is all.
	Pick string `yaml:"pick"`
	// More are the input's other sources, in the order the list gives
	// them, when the config writes the input as a list; this Input is the
	// first. Their own More is nil.
	More []*Input `yaml:"-"`

	index int // 1 + the source's place in the list; 0 when the input is not a list
}

// Costs prices what a client costs. Amounts are in the reporting currency.
type Costs struct {
	// Hour is the loaded cost of one hour of anyone's time when Rates
	// names neither the row's person nor its role (costs.hour; the old
	// key support_hour is read into it, with a warning).
	Hour Amount `yaml:"hour"`
	// SupportHour is costs.support_hour, Hour's old name, as written; Parse
	// moves it into Hour and sets it to nil.
	SupportHour *Amount `yaml:"support_hour"`
	// SupportTicket is the cost of a support row with no hours and no cost.
	SupportTicket Amount `yaml:"support_ticket"`
	// Rates are the loaded cost of an hour by person or role as the time
	// and support exports name them. After Parse each key is in RateKey
	// form (so {"Anna de Vries": 85} is under "anna de vries"), and no
	// amount is negative.
	Rates map[string]Amount `yaml:"rates"`
	// CapitalRate is the yearly cost of money as a fraction (0.08 = 8% a
	// year), in [0, 1); 0 turns late-payment cost off.
	CapitalRate float64 `yaml:"capital_rate"`
	// DeliveryRatio is the share of revenue spent on delivery work that is
	// not in the time input, in [0, 1); 0 when all delivery time is logged.
	DeliveryRatio float64 `yaml:"delivery_ratio"`
}

// BusinessHours are the half-open interval [Start, End) of local time on
// Days.
type BusinessHours struct {
	// Days are weekday names: Mon … Sun or Monday … Sunday, any case.
	Days []string `yaml:"days"`
	// Start and End are HH:MM local times; End may be 24:00.
	Start string `yaml:"start"`
	End   string `yaml:"end"`
}

// Rules are the flag thresholds of SPEC.md section 5.
type Rules struct {
	GraceDays          int     `yaml:"grace_days"`          // days past due that do not count as late, >= 0
	MinMargin          float64 `yaml:"min_margin"`          // fraction (0.20 = 20%), in [0, 1]
	LateWeightedDays   float64 `yaml:"late_weighted_days"`  // days, >= 0
	SevereLateDays     int     `yaml:"severe_late_days"`    // days, >= 0
	SevereLateCount    int     `yaml:"severe_late_count"`   // invoices, >= 1
	DisputesCount      int     `yaml:"disputes_count"`      // disputes, >= 1
	DisputesRate       float64 `yaml:"disputes_rate"`       // fraction of invoices, in [0, 1]
	AfterHoursShare    float64 `yaml:"after_hours_share"`   // fraction of contacts, in [0, 1]
	AfterHoursMin      int     `yaml:"after_hours_min"`     // contacts, >= 1
	ContactRatio       float64 `yaml:"contact_ratio"`       // multiple of the median contacts per month, > 0
	ContactMin         float64 `yaml:"contact_min"`         // contacts a month below which HIGH_CONTACT never fires, >= 0
	CreditShare        float64 `yaml:"credit_share"`        // fraction of invoiced, in [0, 1]
	ConcentrationShare float64 `yaml:"concentration_share"` // fraction of total revenue, in [0, 1]
	// Aging are the upper bounds of the aging buckets in days past due,
	// positive and strictly ascending.
	Aging   []int   `yaml:"aging"`
	Signals Signals `yaml:"signals"`
}

// Signals are support tags, matched case-insensitively as substrings of a
// contact's tags. An empty list turns the signal off.
type Signals struct {
	Abuse           []string `yaml:"abuse"`
	ScopeChange     []string `yaml:"scope_change"`
	DiscountRequest []string `yaml:"discount_request"`
}

// Report says where and how the scorecard is written.
type Report struct {
	// Dir is the output folder as the user wrote it; AbsDir is it made
	// absolute against Config.Dir.
	Dir    string `yaml:"dir"`
	AbsDir string `yaml:"-"`
	// Keep is how many scorecards stay in Dir, >= 1.
	Keep int `yaml:"keep"`
	// Invoices is "flagged" or "all": which invoices the Invoices sheet
	// lists.
	Invoices string `yaml:"invoices"`
	// MaxRejectedShare is the fraction of an input's rows, in [0, 1], that
	// may be rejected before the run stops.
	MaxRejectedShare float64 `yaml:"max_rejected_share"`
}

// Email sends the scorecard.
type Email struct {
	To   []string `yaml:"to"`   // addresses (RFC 5322, "Name <a@b>" allowed), at least one
	Cc   []string `yaml:"cc"`   // addresses
	From string   `yaml:"from"` // one address
	// Subject may hold the placeholders {date} {unprofitable} {review}
	// {watch} {clients}, and nothing else in braces. It is one line of
	// printable text: no line break or other control character.
	Subject string `yaml:"subject"`
	// MaxAttachmentMB is the largest workbook attached, in megabytes
	// (10^6 bytes); a larger one is not attached and the email says where
	// it is. > 0.
	MaxAttachmentMB float64 `yaml:"max_attachment_mb"`
	// Owners maps an owner's name, as the clients input's owner column
	// writes it, to one address: each owner also gets a message about their
	// own clients.
	Owners map[string]string `yaml:"owners"`
	SMTP   SMTP              `yaml:"smtp"`
}

// SMTP is the mail server.
type SMTP struct {
	Host string `yaml:"host"`
	Port int    `yaml:"port"` // 1–65535
	// Security is starttls, tls (implicit TLS) or none (lower case after
	// Parse).
	Security string `yaml:"security"`
	// Username logs in when not empty.
	Username string `yaml:"username"`
	// PasswordEnv names the environment variable that holds the password.
	// The password itself is never in the file.
	PasswordEnv string `yaml:"password_env"`
}

// Default returns the spec's defaults. It has no inputs (invoices must be
// configured), no fx rates and no email. The analysis settings (window,
// costs, business hours, flag thresholds, signals) are
// analysis.DefaultRules', so the spec's defaults are written once.
func Default() Config {
	const currency = "EUR"
	r := analysis.DefaultRules(0, currency)
	digits := analysis.MinorDigits(currency)
	var days []string
	for d := time.Monday; d <= time.Monday+6; d++ {
		if wd := d % 7; r.BusinessDays[wd] {
			days = append(days, wd.String()[:3])
		}
	}
	return Config{
		Timezone:     "Europe/Amsterdam",
		WindowMonths: r.WindowMonths,
		Currency:     currency,
		FX:           map[string]float64{},
		Locale:       Locale{DateOrder: "DMY", Decimal: "."},
		Costs: Costs{
			Hour:          amountOf(int64(r.Hour), digits),
			SupportTicket: amountOf(int64(r.SupportTicket), digits),
			CapitalRate:   r.CapitalRate,
			DeliveryRatio: r.DeliveryRatio,
		},
		BusinessHours: BusinessHours{Days: days, Start: r.BusinessStart.String(), End: r.BusinessEnd.String()},
		Rules: Rules{
			GraceDays:          r.GraceDays,
			MinMargin:          r.MinMargin,
			LateWeightedDays:   r.LateWeightedDays,
			SevereLateDays:     r.SevereLateDays,
			SevereLateCount:    r.SevereLateCount,
			DisputesCount:      r.DisputesCount,
			DisputesRate:       r.DisputesRate,
			AfterHoursShare:    r.AfterHoursShare,
			AfterHoursMin:      r.AfterHoursMin,
			ContactRatio:       r.ContactRatio,
			ContactMin:         r.ContactMin,
			CreditShare:        r.CreditShare,
			ConcentrationShare: r.ConcentrationShare,
			Aging:              slices.Clone(r.Aging),
			Signals: Signals{
				Abuse:           slices.Clone(r.Signals.Abuse),
				ScopeChange:     slices.Clone(r.Signals.ScopeChange),
				DiscountRequest: slices.Clone(r.Signals.DiscountRequest),
			},
		},
		Report: Report{
			Dir:              "reports",
			Keep:             30,
			Invoices:         "flagged",
			MaxRejectedShare: 0.05,
		},
		Schedule: "0 6 * * *",
	}
}

// DefaultEmail returns the defaults of the email section, used for the keys
// an email section leaves out. To and From have none.
func DefaultEmail() Email {
	return Email{
		Cc:              []string{},
		Subject:         "Client scorecard {date}: {unprofitable} unprofitable, {review} to review",
		MaxAttachmentMB: 15,
		SMTP: SMTP{
			Host:        "localhost",
			Port:        587,
			Security:    "starttls",
			PasswordEnv: "CLIENTSCORE_SMTP_PASSWORD",
		},
	}
}

// MaxSize is the largest config file Load and Parse take, in bytes: a
// config is a few kilobytes, and a bigger file (3 million fx keys) would
// take minutes to decode.
const MaxSize = 1 << 20

// Load reads, decodes and validates the config file at path. Relative paths
// in it are resolved against path's folder. Every error it returns matches
// errors.Is(err, ErrConfig); problems with the content are an *Error. A
// file over MaxSize is refused before it is parsed.
func Load(path string) (*Config, error) {
	data, err := readCapped(path)
	if err != nil {
		return nil, &Error{File: path, Problems: []Problem{{Msg: readProblem(err)}}, err: err}
	}
	c, err := Parse(data, filepath.Dir(path))
	if err != nil {
		if e, ok := err.(*Error); ok {
			e.File = path
		}
		return nil, err
	}
	c.File = path
	return c, nil
}

// errTooBig is a config file over MaxSize.
var errTooBig = fmt.Errorf("the file is larger than %d KiB, the most a config may be (is it the right file?)", MaxSize>>10)

// readCapped reads the file at path, at most MaxSize bytes of it.
func readCapped(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.Mode().IsRegular() && st.Size() > MaxSize {
		return nil, errTooBig
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxSize {
		return nil, errTooBig
	}
	return data, nil
}

// readProblem words a failure to read the config file.
func readProblem(err error) string {
	switch {
	case os.IsNotExist(err):
		return "the file does not exist"
	case os.IsPermission(err):
		return "the file cannot be read (permission denied)"
	case err == errTooBig:
		return err.Error()
	}
	return fmt.Sprintf("the file cannot be read: %v", err)
}

// Parse decodes and validates config YAML. dir is the folder relative
// paths are resolved against ("" is the current directory). It returns
// either a Config that passed every check or an *Error listing every
// problem. Data over MaxSize is refused unread.
func Parse(data []byte, dir string) (*Config, error) {
	if len(data) > MaxSize {
		return nil, &Error{Problems: []Problem{{Msg: errTooBig.Error()}}, err: errTooBig}
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, &Error{Problems: []Problem{{Msg: fmt.Sprintf("cannot resolve the config folder %s: %v", quote(dir), err)}}, err: err}
	}
	c, warnings, probs := decode(data)
	if c == nil {
		return nil, &Error{Problems: probs}
	}
	c.Dir = abs
	c.normalize()
	c.resolvePaths()
	decoded := probs
	for _, p := range c.validate() {
		if !coveredBy(p.Field, decoded) {
			probs = append(probs, p)
		}
	}
	if len(probs) > 0 {
		return nil, &Error{Problems: probs}
	}
	c.Warnings = append(warnings, c.costWarnings()...)
	return c, nil
}

// costWarnings are what the config lets through but leaves the figures
// short of a cost: with no time log and no delivery ratio, Delivery cost
// holds only billable support rows, and margins read as if the work were
// free (the 98% margins a finance lead stops reading at).
func (c *Config) costWarnings() []Problem {
	if c.Inputs.Time != nil || c.Costs.DeliveryRatio != 0 {
		return nil
	}
	return []Problem{{Field: "costs.delivery_ratio", Msg: "is 0 and there is no time input, so Delivery cost counts only billable support rows and margins leave out the team's delivery work; give the time log (inputs.time) or the share of revenue delivery costs (costs.delivery_ratio)"}}
}

// coveredBy reports whether a validation problem at field follows from a
// decoding problem already reported at that field or one around it (a
// wrong value was blanked, so validation may complain it is missing).
func coveredBy(field string, decoded []Problem) bool {
	for _, d := range decoded {
		if d.Field == "" {
			continue
		}
		if field == d.Field || strings.HasPrefix(field, d.Field+".") || strings.HasPrefix(field, d.Field+"[") ||
			strings.HasPrefix(d.Field, field+".") || strings.HasPrefix(d.Field, field+"[") {
			return true
		}
	}
	return false
}

// resolvePaths sets AbsPath of every input and Report.AbsDir.
func (c *Config) resolvePaths() {
	for _, in := range c.Inputs.List() {
		in.AbsPath = c.resolve(in.Path)
	}
	c.Report.AbsDir = c.resolve(c.Report.Dir)
}

// resolve makes p absolute against c.Dir; "" stays "".
func (c *Config) resolve(p string) string {
	if p == "" {
		return ""
	}
	if filepath.IsAbs(p) {
		return filepath.Clean(p)
	}
	return filepath.Join(c.Dir, p)
}

// NamedInput is one source of a configured input, with the input's key in
// inputs.
type NamedInput struct {
	Name string // invoices, payments, disputes, support, time, expenses, clients
	*Input
}

// Field is the source's key path for messages: "inputs.payments", or
// "inputs.payments[1]" for the second source of a list.
func (n NamedInput) Field() string {
	if n.index > 0 {
		return fmt.Sprintf("inputs.%s[%d]", n.Name, n.index-1)
	}
	return "inputs." + n.Name
}

// List returns every source of every configured input, in the order
// invoices, payments, disputes, support, time, expenses, clients and,
// within an input, the order the config lists them; inputs not configured
// are left out.
func (in *Inputs) List() []NamedInput {
	var out []NamedInput
	for _, n := range []NamedInput{
		{"invoices", in.Invoices}, {"payments", in.Payments}, {"disputes", in.Disputes},
		{"support", in.Support}, {"time", in.Time}, {"expenses", in.Expenses}, {"clients", in.Clients},
	} {
		if n.Input == nil {
			continue
		}
		out = append(out, n)
		for _, more := range n.More {
			out = append(out, NamedInput{Name: n.Name, Input: more})
		}
	}
	return out
}

// InputLocale returns the locale an input is read with: the config's
// Locale with the input's override applied. in may be nil.
func (c *Config) InputLocale(in *Input) Locale {
	l := c.Locale
	if in == nil || in.Locale == nil {
		return l
	}
	if in.Locale.DateOrder != "" {
		l.DateOrder = in.Locale.DateOrder
	}
	if in.Locale.Decimal != "" {
		l.Decimal = in.Locale.Decimal
	}
	if in.Locale.BuddhistEra != nil {
		l.BuddhistEra = *in.Locale.BuddhistEra
	}
	return l
}

// Location returns the Timezone as a *time.Location. On a Config from Load
// or Parse it cannot fail (the zone was loaded when validating); the
// program must embed a zone database (import _ "time/tzdata") to run on
// machines without one.
func (c *Config) Location() (*time.Location, error) {
	if c.loc != nil {
		return c.loc, nil
	}
	loc, err := time.LoadLocation(c.Timezone)
	if err != nil {
		return nil, fmt.Errorf("config: timezone: %s is not a known time zone", quote(c.Timezone))
	}
	return loc, nil
}

// AsOfDate returns the as-of date as midnight UTC of that calendar day:
// AsOf when set (parsed once, when the config was validated), else the
// calendar date of now in Timezone.
func (c *Config) AsOfDate(now time.Time) (time.Time, error) {
	if c.AsOf != "" {
		if c.asOf.IsZero() {
			return time.Time{}, fmt.Errorf("config: as_of: %s is not a date in YYYY-MM-DD form", quote(c.AsOf))
		}
		return c.asOf, nil
	}
	loc, err := c.Location()
	if err != nil {
		return time.Time{}, err
	}
	y, m, d := now.In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC), nil
}

// Weekdays returns the business days indexed by time.Weekday. Names that do
// not parse are left out (a validated Config has none).
func (b BusinessHours) Weekdays() [7]bool {
	var w [7]bool
	for _, d := range b.Days {
		if wd, ok := parseWeekday(d); ok {
			w[wd] = true
		}
	}
	return w
}

// Minutes returns Start and End as minutes after midnight (End may be
// 1440 for 24:00). On a validated Config ok is true.
func (b BusinessHours) Minutes() (start, end int, ok bool) {
	s, ok1 := parseClock(b.Start, false)
	e, ok2 := parseClock(b.End, true)
	return s, e, ok1 && ok2
}

// ScheduleWarnings are the warnings that matter only when the config is run
// on a schedule: a fixed as_of makes every night analyse the same day.
// `clientscore schedule` logs them on every run; validate prints them.
func (c *Config) ScheduleWarnings() []Problem {
	if c.AsOf == "" {
		return nil
	}
	return []Problem{{Field: "as_of", Msg: fmt.Sprintf(`is fixed at %s, so every scheduled run analyses that same day; leave it empty ("") for today in %s`, c.AsOf, c.Timezone)}}
}

// amountOf is an Amount of minor units with the given number of
// minor-unit digits (6000 with 2 digits is 60.00).
func amountOf(minor int64, digits int) Amount {
	m := minor
	for i := digits; i < amountDecimals; i++ {
		m *= 10
	}
	return Amount{micros: m}
}
