package config

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// TestSources: an input written as a list gives one source per item, each
// with its own settings, in the order written; List() gives them all, and
// each names its place in messages.
func TestSources(t *testing.T) {
	c := mustParse(t, `locale: {date_order: DMY, decimal: "."}
inputs:
  invoices: {path: exports/invoices.xlsx, defaults: {terms: "Net 30"}}
  payments:
    - {path: bank/*.csv, locale: {decimal: ","}, pick: newest}
    - path: paypal.csv
      columns: {date: "Datum"}
      defaults: {currency: USD}
  time: [{path: harvest.csv}]
`)
	type source struct {
		field, path, abs, pick string
		decimal                string
		defaults               map[string]string
		columns                map[string]string
	}
	var got []source
	for _, in := range c.Inputs.List() {
		got = append(got, source{in.Field(), in.Path, in.AbsPath, in.Pick, c.InputLocale(in.Input).Decimal, in.Defaults, in.Columns})
	}
	want := []source{
		{"inputs.invoices", "exports/invoices.xlsx", "/cfg/exports/invoices.xlsx", "", ".", map[string]string{"terms": "Net 30"}, nil},
		{"inputs.payments[0]", "bank/*.csv", "/cfg/bank/*.csv", "newest", ",", nil, nil},
		{"inputs.payments[1]", "paypal.csv", "/cfg/paypal.csv", "", ".", map[string]string{"currency": "USD"}, map[string]string{"date": "Datum"}},
		{"inputs.time[0]", "harvest.csv", "/cfg/harvest.csv", "", ".", nil, nil},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("sources:\n got %+v\nwant %+v", got, want)
	}
	// The first source stays where a one-source config has it.
	if c.Inputs.Payments.Path != "bank/*.csv" || len(c.Inputs.Payments.More) != 1 || c.Inputs.Payments.More[0].Path != "paypal.csv" {
		t.Errorf("payments = %+v", c.Inputs.Payments)
	}
}

// TestCheckColumns: columns: and defaults: keys must be columns of their
// input, as the caller (ingest, through cmd) lists them.
func TestCheckColumns(t *testing.T) {
	columns := map[string][]string{
		"invoices": {"client", "number", "terms", "currency"},
		"payments": {"client", "date", "amount", "currency"},
	}
	columnsOf := func(input string) []string { return columns[input] }
	tests := []struct {
		name, yaml, want string
	}{
		{"all known", "inputs:\n  invoices: {path: i.csv, columns: {client: Klant}, defaults: {terms: Net 30}}\n", ""},
		{"unknown column", "inputs:\n  invoices: {path: i.csv, columns: {clinet: Klant}}\n",
			`config: inputs.invoices.columns.clinet: "clinet" is not a column of invoices (columns: client, number, terms, currency)`},
		{"unknown default in the second source", "inputs:\n  invoices: {path: i.csv}\n  payments: [{path: a.csv}, {path: b.csv, defaults: {terms: Net 30}}]\n",
			`config: inputs.payments[1].defaults.terms: "terms" is not a column of payments (columns: client, date, amount, currency)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := mustParse(t, tt.yaml)
			err := c.CheckColumns(columnsOf)
			got := ""
			if err != nil {
				got = err.Error()
				if !errors.Is(err, ErrConfig) {
					t.Errorf("errors.Is(err, ErrConfig) = false")
				}
			}
			if got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

// TestRenamedHour: support_hour alone is read as costs.hour with a warning
// naming its line.
func TestRenamedHour(t *testing.T) {
	c := mustParse(t, base+"costs:\n  support_hour: 72.50\n  delivery_ratio: 0.3\n")
	if got := c.Costs.Hour.MinorUnits(2); got != 7250 {
		t.Errorf("hour = %d cents, want 7250", got)
	}
	if c.Costs.SupportHour != nil {
		t.Errorf("SupportHour = %v, want nil once moved into Hour", c.Costs.SupportHour)
	}
	want := []Problem{{Line: 3, Field: "costs.support_hour", Msg: "is read as costs.hour, its new name; rename it"}}
	if !reflect.DeepEqual(c.Warnings, want) {
		t.Errorf("warnings = %+v, want %+v", c.Warnings, want)
	}
}

// TestRateKeys: rates are kept under RateKey, so a time row naming "anna
// DE vries" finds "Anna de Vries"; amounts stay exact.
func TestRateKeys(t *testing.T) {
	c := mustParse(t, base+"costs:\n  rates: {\"Anna  de Vries\": 85, Designer: 55.5, \"Zoë\": 70}\n")
	got := map[string]int64{}
	for k, v := range c.Costs.Rates {
		got[k] = v.MinorUnits(2)
	}
	want := map[string]int64{"anna de vries": 8500, "designer": 5550, "zoë": 7000}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("rates = %v, want %v", got, want)
	}
	// "Zoe" + U+0308 (combining diaeresis) is "Zoë" in NFC.
	if k := RateKey(" ZOE\u0308 "); k != "zoë" {
		t.Errorf("RateKey(decomposed Zoë) = %q, want %q", k, "zoë")
	}
}

// TestScheduleWarnings: a fixed as_of is a warning for scheduled runs.
func TestScheduleWarnings(t *testing.T) {
	if w := mustParse(t, base).ScheduleWarnings(); len(w) != 0 {
		t.Errorf("empty as_of: warnings %v, want none", w)
	}
	w := mustParse(t, base+"as_of: 2026-10-31\n").ScheduleWarnings()
	if len(w) != 1 || w[0].String() != `as_of: is fixed at 2026-10-31, so every scheduled run analyses that same day; leave it empty ("") for today in Europe/Amsterdam` {
		t.Errorf("warnings = %v", w)
	}
}

// TestSizeCap: a file over 1 MiB is refused before it is parsed; one of
// exactly 1 MiB is read.
func TestSizeCap(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, size int) string {
		body := base + "# " + strings.Repeat("x", size-len(base)-3) + "\n"
		if len(body) != size {
			t.Fatalf("built %d bytes, want %d", len(body), size)
		}
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	if _, err := Load(write("exact.yaml", MaxSize)); err != nil {
		t.Errorf("a file of exactly 1 MiB: %v", err)
	}
	big := write("big.yaml", MaxSize+1)
	_, err := Load(big)
	if want := "config: " + big + ": the file is larger than 1024 KiB, the most a config may be (is it the right file?)"; err == nil || err.Error() != want {
		t.Errorf("got %v\nwant %s", err, want)
	}
	if !errors.Is(err, ErrConfig) {
		t.Errorf("errors.Is(err, ErrConfig) = false")
	}
	data, _ := os.ReadFile(big)
	if _, err := Parse(data, dir); err == nil || !strings.Contains(err.Error(), "larger than 1024 KiB") {
		t.Errorf("Parse of 1 MiB + 1: %v", err)
	}
}

// TestLongValuesCut: a value or key of 20,000 characters comes back cut
// to 80 characters, never whole. 20,000 is past every length that
// matters (a YAML simple key's 1,024, a key cut at 160, the parser's
// buffers); 500,000 took seconds to parse under the race detector.
func TestLongValuesCut(t *testing.T) {
	long := strings.Repeat("ab", 10_000)
	shown := `"` + long[:80] + `…"`
	tests := []struct {
		name, yaml, want string
	}{
		{"value", base + "as_of: " + long + "\n", "config: as_of: " + shown + " is not a date in YYYY-MM-DD form (leave it empty for today)"},
		{"wrong type", base + "window_months: " + long + "\n", "config: line 2: window_months: " + shown + " is not a whole number"},
		{"unknown key", base + "? " + long + "\n: 1\n", "config: line 2: unknown key " + shown + " (known keys: as_of, timezone, window_months, currency, fx, locale, inputs, costs, business_hours, rules, report, email, schedule)"},
		{"fx key", base + "fx:\n  ? " + long + "\n  : 1\n", "config: fx." + long[:80] + "…: " + shown + " is not an ISO 4217 currency code"},
		{"schedule", base + "schedule: \"" + long + "\"\n", "config: schedule: " + shown + ` is not a cron spec (five fields such as "0 6 * * *", or @daily, @every 1h): expected exactly 5 fields, found 1: [` + long[:80-len("expected exactly 5 fields, found 1: [")] + "…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := parseErr(tt.yaml)
			if got != tt.want {
				t.Errorf("got (%d bytes) %.300s\nwant %.300s", len(got), got, tt.want)
			}
		})
	}
}

// TestManyProblems: a file with a thousand bad fx codes prints twenty and
// says how many more there are.
func TestManyProblems(t *testing.T) {
	var b strings.Builder
	b.WriteString(base + "fx:\n")
	for i := range 1000 {
		b.WriteString("  X" + strings.Repeat("Q", i%7) + string(rune('A'+i%26)) + string(rune('A'+i/26%26)) + string(rune('A'+i/676)) + ": 1\n")
	}
	got := parseErr(b.String())
	lines := strings.Split(got, "\n")
	if len(lines) != 21 || lines[20] != "config: and 980 more problems" {
		t.Errorf("%d lines, last %q; want 21, the last \"config: and 980 more problems\"", len(lines), lines[len(lines)-1])
	}
}

// TestDeliveryWarning: a config with neither a time log nor a delivery
// ratio is warned that its margins leave out delivery work; either one
// alone silences it.
func TestDeliveryWarning(t *testing.T) {
	for _, tt := range []struct {
		name, extra string
		want        []string
	}{
		{"neither", "", []string{"costs.delivery_ratio"}},
		{"a time log", "inputs: {invoices: {path: invoices.xlsx}, time: {path: time.csv}}\n", nil},
		{"a ratio", "costs:\n  delivery_ratio: 0.25\n", nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			text := base + tt.extra
			if strings.HasPrefix(tt.extra, "inputs:") {
				text = tt.extra
			}
			c := mustParse(t, text)
			if got := fieldsOf(c.Warnings); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("warnings on %v, want on %v", got, tt.want)
			}
		})
	}
}

// fieldsOf lists the fields the problems are about.
func fieldsOf(ps []Problem) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Field)
	}
	return out
}
