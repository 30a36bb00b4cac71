package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Each failure ends with the documented exit status and one line on stderr
// that names what to fix; none writes a scorecard or touches a good one.
func TestRunExitStatus(t *testing.T) {
	t.Parallel()
	inputs := `inputs:
  invoices: {path: in/invoices.csv}
  payments: {path: in/payments.csv}
`
	tests := []struct {
		name   string
		files  map[string]string
		args   []string // after run --config FILE
		code   int
		stderr []string // all must appear on the last line
	}{
		{
			name:   "config value out of range",
			files:  map[string]string{"clientscore.yaml": baseConfig + inputs + "rules: {min_margin: 1.5}\n"},
			code:   exitUsage,
			stderr: []string{"rules.min_margin", "1.5"},
		},
		{
			name:   "unknown config key",
			files:  map[string]string{"clientscore.yaml": baseConfig + inputs + "rules: {min_margn: 0.2}\n"},
			code:   exitUsage,
			stderr: []string{"min_margn"},
		},
		{
			name: "columns key that is no column",
			files: map[string]string{"clientscore.yaml": baseConfig + `inputs:
  invoices: {path: in/invoices.csv, columns: {customer: Klant}}
`},
			code:   exitUsage,
			stderr: []string{"inputs.invoices.columns.customer"},
		},
		{
			name:   "bad cron spec",
			files:  map[string]string{"clientscore.yaml": baseConfig + inputs + "schedule: \"every morning\"\n"},
			code:   exitUsage,
			stderr: []string{"schedule", "every morning"},
		},
		{
			name:   "cron spec that never fires",
			files:  map[string]string{"clientscore.yaml": baseConfig + inputs + "schedule: \"0 0 30 2 *\"\n"},
			code:   exitUsage,
			stderr: []string{"schedule", "never fires"},
		},
		{
			name:   "every zero seconds",
			files:  map[string]string{"clientscore.yaml": baseConfig + inputs + "schedule: \"@every 0s\"\n"},
			code:   exitUsage,
			stderr: []string{"schedule", "@every 0s"},
		},
		{
			// 2 MiB: refused unread, and the message is one short line.
			name:   "config over 1 MiB",
			files:  map[string]string{"clientscore.yaml": baseConfig + inputs + "as_of: \"" + strings.Repeat("9", 2<<20) + "\"\n"},
			code:   exitUsage,
			stderr: []string{"larger than 1024 KiB"},
		},
		{
			name:   "long value cut",
			files:  map[string]string{"clientscore.yaml": strings.Replace(baseConfig, `as_of: "2026-06-30"`, `as_of: "`+strings.Repeat("9", 500_000)+`"`, 1) + inputs},
			code:   exitUsage,
			stderr: []string{`as_of: "` + strings.Repeat("9", 80) + `…" is not a date`},
		},
		{
			name:   "unknown timezone",
			files:  map[string]string{"clientscore.yaml": strings.Replace(baseConfig, "Europe/Amsterdam", "Mars/Olympus_Mons", 1) + inputs},
			code:   exitUsage,
			stderr: []string{"timezone", "Mars/Olympus_Mons"},
		},
		{
			name:   "wrong type",
			files:  map[string]string{"clientscore.yaml": baseConfig + inputs + "window_months: twelve\n"},
			code:   exitUsage,
			stderr: []string{"window_months"},
		},
		{
			name:   "bad --as-of",
			files:  map[string]string{"clientscore.yaml": baseConfig + inputs},
			args:   []string{"--as-of", "31/10/2026"},
			code:   exitUsage,
			stderr: []string{"--as-of"},
		},
		{
			name:   "glob matching nothing",
			files:  map[string]string{"clientscore.yaml": baseConfig + "inputs:\n  invoices: {path: in/nothing-*.xlsx}\n"},
			code:   exitInput,
			stderr: []string{"invoices", "nothing-*.xlsx"},
		},
		{
			name: "required column missing",
			files: map[string]string{
				"clientscore.yaml": baseConfig + "inputs:\n  invoices: {path: in/invoices.csv}\n",
				"in/invoices.csv":  "ContactName,InvoiceNumber,InvoiceDate,Total\nAcme,1,2026-01-01,10\n",
			},
			code:   exitInput,
			stderr: []string{"invoices.csv"},
		},
		{
			name: "too many rejected rows",
			files: map[string]string{
				"clientscore.yaml": strings.Replace(baseConfig, "max_rejected_share: 0.5", "max_rejected_share: 0.1", 1) + inputs,
				"in/invoices.csv":  xeroInvoices,
				"in/payments.csv":  bankPayments,
			},
			code:   exitInput,
			stderr: []string{"invoices: 1 of 6 rows rejected", "row 7", "InvoiceDate"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFiles(t, dir, tt.files)
			// A good scorecard from an earlier run must survive.
			good := []byte("an earlier, good scorecard")
			earlier := filepath.Join(dir, "reports", "client-report-2026-06-30.xlsx")
			writeFiles(t, dir, map[string]string{filepath.Join("reports", "client-report-2026-06-30.xlsx"): string(good)})

			args := append([]string{"run", "--config", filepath.Join(dir, "clientscore.yaml")}, tt.args...)
			code, stdout, stderr := runCLI(t, args...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d; stderr:\n%s", code, tt.code, stderr)
			}
			if stdout != "" {
				t.Errorf("a failed run printed on stdout:\n%s", stdout)
			}
			lines := strings.Split(strings.TrimSpace(stderr), "\n")
			last := lines[len(lines)-1]
			if len(last) > 2000 {
				t.Errorf("the last stderr line is %d bytes long", len(last))
			}
			for _, s := range tt.stderr {
				if !strings.Contains(last, s) {
					t.Errorf("last stderr line %q does not mention %q", last, s)
				}
			}
			if b, err := os.ReadFile(earlier); err != nil || !bytes.Equal(b, good) {
				t.Errorf("the earlier scorecard was changed or removed (%v)", err)
			}
			entries, _ := os.ReadDir(filepath.Join(dir, "reports"))
			if len(entries) != 1 {
				t.Errorf("report folder holds %d files, want only the earlier scorecard", len(entries))
			}
		})
	}
}

func TestUsageErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args []string
		code int
	}{
		{nil, exitUsage},
		{[]string{"frobnicate"}, exitUsage},
		{[]string{"run"}, exitUsage},
		{[]string{"run", "--config"}, exitUsage},
		{[]string{"run", "--config", "x.yaml", "extra"}, exitUsage},
		{[]string{"run", "--config", "/nonexistent/clientscore.yaml"}, exitUsage},
		{[]string{"sample"}, exitUsage},
		{[]string{"sample", "--out", "x", "--format", "ods"}, exitUsage},
		{[]string{"version"}, exitOK},
		{[]string{"help"}, exitOK},
	}
	for _, tt := range tests {
		code, _, stderr := runCLI(t, tt.args...)
		if code != tt.code {
			t.Errorf("clientscore %v: exit %d, want %d (stderr %q)", tt.args, code, tt.code, stderr)
		}
	}
}

// An unwritable report folder is exit 1 with a message naming it.
func TestRunUnwritableReportDir(t *testing.T) {
	t.Parallel()
	if os.Geteuid() == 0 {
		t.Skip("root can write anywhere; the blocked path below covers the same error")
	}
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"clientscore.yaml": baseConfig + "inputs:\n  invoices: {path: in/invoices.csv}\n",
		"in/invoices.csv":  xeroInvoices,
	})
	if err := os.Chmod(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(dir, 0o755)
	code, _, stderr := runCLI(t, "run", "--config", filepath.Join(dir, "clientscore.yaml"))
	if code != exitFailure || !strings.Contains(stderr, "reports") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}

// A report folder that is a file cannot be created, even for root.
func TestRunReportDirIsAFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"clientscore.yaml": baseConfig + "inputs:\n  invoices: {path: in/invoices.csv}\n",
		"in/invoices.csv":  xeroInvoices,
		"reports":          "not a folder",
	})
	code, _, stderr := runCLI(t, "run", "--config", filepath.Join(dir, "clientscore.yaml"))
	if code != exitFailure || !strings.Contains(stderr, "report folder") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}
