package config

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
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

	loc *time.Location // Timezone, loaded by validation
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
// configured.
type Inputs struct {
	Invoices *Input `yaml:"invoices"`
	Payments *Input `yaml:"payments"`
	Disputes *Input `yaml:"disputes"`
	Support  *Input `yaml:"support"`
	Time     *Input `yaml:"time"`
	Expenses *Input `yaml:"expenses"`
	Clients  *Input `yaml:"clients"`
}

// Input is one export: a file or a glob of files.
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
	// the newest matching file: a drop folder).
	Pick string `yaml:"pick"`
}

// Costs prices what a client costs. Amounts are in the reporting currency.
type Costs struct {
	// Hour is the loaded cost of one support hour.
	Hour Amount `yaml:"support_hour"`
	// SupportTicket is the cost of a support row with no hours and no cost.
	SupportTicket Amount `yaml:"support_ticket"`
	// Rates are the loaded cost of an hour by person or role as the time
	// and support exports name them; case-insensitive.
	Rates map[string]Amount `yaml:"rates"`
	// CapitalRate is the yearly cost of money as a fraction (0.08 = 8% a
	// year), in [0, 1); 0 turns late-payment cost off.
	CapitalRate float64 `yaml:"capital_rate"`
	// DeliveryRatio is the share of revenue spent delivering the work, in
	// [0, 1); 0 turns delivery cost off.
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
	// writes it, to an address: each owner also gets a message about their
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
// configured), no fx rates and no email.
func Default() Config {
	return Config{
		Timezone:     "Europe/Amsterdam",
		WindowMonths: 12,
		Currency:     "EUR",
		FX:           map[string]float64{},
		Locale:       Locale{DateOrder: "DMY", Decimal: "."},
		Costs: Costs{
			Hour:          mustAmount("60.00"),
			SupportTicket: mustAmount("15.00"),
		},
		BusinessHours: BusinessHours{Days: []string{"Mon", "Tue", "Wed", "Thu", "Fri"}, Start: "08:00", End: "18:00"},
		Rules: Rules{
			GraceDays:          0,
			MinMargin:          0.20,
			LateWeightedDays:   30,
			SevereLateDays:     90,
			SevereLateCount:    2,
			DisputesCount:      3,
			DisputesRate:       0.20,
			AfterHoursShare:    0.25,
			AfterHoursMin:      5,
			ContactRatio:       3.0,
			ContactMin:         4,
			CreditShare:        0.10,
			ConcentrationShare: 0.25,
			Aging:              []int{30, 60, 90, 120},
			Signals: Signals{
				Abuse:           []string{"abuse", "abusive", "harass", "threat"},
				ScopeChange:     []string{"scope change", "change request", "rework", "redo"},
				DiscountRequest: []string{"discount", "price match", "cheaper"},
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

// Load reads, decodes and validates the config file at path. Relative paths
// in it are resolved against path's folder. Every error it returns matches
// errors.Is(err, ErrConfig); problems with the content are an *Error.
func Load(path string) (*Config, error) {
	data, err := os.ReadFile(path)
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
	return c, nil
}

// readProblem words a failure to read the config file.
func readProblem(err error) string {
	switch {
	case os.IsNotExist(err):
		return "the file does not exist"
	case os.IsPermission(err):
		return "the file cannot be read (permission denied)"
	}
	return fmt.Sprintf("the file cannot be read: %v", err)
}

// Parse decodes and validates config YAML. dir is the folder relative
// paths are resolved against ("" is the current directory). It returns
// either a Config that passed every check or an *Error listing every
// problem.
func Parse(data []byte, dir string) (*Config, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, &Error{Problems: []Problem{{Msg: fmt.Sprintf("cannot resolve the config folder %q: %v", dir, err)}}, err: err}
	}
	c, probs := decode(data)
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
	return c, nil
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

// NamedInput is a configured input with its key in inputs.
type NamedInput struct {
	Name string // invoices, payments, disputes, support, clients
	*Input
}

// List returns the configured inputs in the order invoices, payments,
// disputes, support, clients, leaving out those not configured.
func (in *Inputs) List() []NamedInput {
	var out []NamedInput
	for _, n := range []NamedInput{
		{"invoices", in.Invoices}, {"payments", in.Payments}, {"disputes", in.Disputes},
		{"support", in.Support}, {"time", in.Time}, {"expenses", in.Expenses}, {"clients", in.Clients},
	} {
		if n.Input != nil {
			out = append(out, n)
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
		return nil, fmt.Errorf("config: timezone: %q is not a known time zone", c.Timezone)
	}
	return loc, nil
}

// AsOfDate returns the as-of date as midnight UTC of that calendar day:
// AsOf when set, else the calendar date of now in Timezone.
func (c *Config) AsOfDate(now time.Time) (time.Time, error) {
	if c.AsOf != "" {
		t, err := time.Parse(time.DateOnly, c.AsOf)
		if err != nil {
			return time.Time{}, fmt.Errorf("config: as_of: %q is not a date in YYYY-MM-DD form", c.AsOf)
		}
		return t, nil
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
