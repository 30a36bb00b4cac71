package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"clientscore/internal/longtest"
)

// The hand-worked exports plus a client master. min_margin 0.95 makes a
// price change needed for the two clients with revenue (SPEC §4):
//
//	Acme Ltd: R = (135.00 + 0) / (1 − 0 − 0.95) = 2,700.00;
//	          2,700 / 1,400 − 1 = 0.928571
//	Beta BV:  R = 600.00 / 0.05 = 12,000.00; 12,000 / 2,920 − 1 = 3.109589
//
// As of 2026-06-30, Beta renews on day 30 (07-30), Acme on day 46
// (08-15), Gamma on day 184 (12-31).
const clientMaster = `Client,Client ID,Aliases,Renewal Date,Account Manager
Acme Ltd,C-1,ACME Limited; Acme Trading,2026-08-15,Anna de Vries
Beta BV,C-2,,2026-07-30,Bob Smit
Gamma GmbH,C-3,,2026-12-31,
`

func dossierSetup(t *testing.T, withClients bool) (dir, config string) {
	t.Helper()
	dir = t.TempDir()
	cfg := strings.Replace(baseConfig, "report: {", "rules: {min_margin: 0.95}\nreport: {", 1) + `inputs:
  invoices: {path: in/invoices.csv}
  payments: {path: in/payments.csv}
  disputes: {path: in/disputes.csv}
  support: {path: in/tickets.csv}
`
	files := map[string]string{
		"in/invoices.csv": xeroInvoices,
		"in/payments.csv": bankPayments,
		"in/disputes.csv": disputeLog,
		"in/tickets.csv":  freshdeskTickets,
	}
	if withClients {
		cfg += "  clients: {path: in/clients.csv}\n"
		files["in/clients.csv"] = clientMaster
	}
	files["clientscore.yaml"] = cfg
	writeFiles(t, dir, files)
	return dir, filepath.Join(dir, "clientscore.yaml")
}

func reportFiles(t *testing.T, dir string) []string {
	t.Helper()
	entries, _ := os.ReadDir(filepath.Join(dir, "reports"))
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// dossierCell returns column B of the Dossier sheet's row labelled label.
func dossierCell(t *testing.T, f *excelize.File, label string) string {
	t.Helper()
	rows, err := f.GetRows("Dossier", excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if len(r) > 1 && r[0] == label {
			return r[1]
		}
	}
	t.Fatalf("Dossier sheet has no row %q", label)
	return ""
}

func TestRunClientByAliasInAnotherCase(t *testing.T) {
	t.Parallel()
	dir, cfg := dossierSetup(t, true)
	code, stdout, stderr := runCLI(t, "run", "--config", cfg, "--client", "  acme   LIMITED ")
	if code != exitOK {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	if got := reportFiles(t, dir); !slices.Equal(got, []string{"renewal-acme-ltd-2026-06-30.xlsx"}) {
		t.Fatalf("report folder holds %v, want only Acme's dossier (no scorecard without --scorecard)", got)
	}
	f, err := excelize.OpenFile(filepath.Join(dir, "reports", "renewal-acme-ltd-2026-06-30.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := dossierCell(t, f, "Price change needed"); !sameFigure(got, "0.928571") {
		t.Errorf("Price change needed %s, want 0.928571", got)
	}
	if got := dossierCell(t, f, "Owner"); got != "Anna de Vries" {
		t.Errorf("Owner %q", got)
	}
	// Acme's contact log: its three tickets, two after hours.
	rows, err := f.GetRows("Contacts")
	if err != nil {
		t.Fatal(err)
	}
	logged, after := 0, 0
	for _, r := range rows[1:] {
		if len(r) > 3 && r[3] != "" { // Channel
			logged++
			if r[len(r)-1] == "yes" || strings.EqualFold(r[len(r)-1], "yes") {
				after++
			}
		}
	}
	if logged != 3 {
		t.Errorf("contact log has %d rows, want 3", logged)
	}
	if after != 2 {
		t.Errorf("%d after-hours contacts marked, want 2 (Saturday 10:00, Wednesday 03:00)", after)
	}
}

func TestRunRenewingWithin(t *testing.T) {
	t.Parallel()
	tests := []struct {
		period string
		want   []string
	}{
		{"29d", nil}, // Beta renews on day 30
		{"30d", []string{"renewal-beta-bv-2026-06-30.xlsx"}},
		{"45d", []string{"renewal-beta-bv-2026-06-30.xlsx"}},
		{"46d", []string{"renewal-acme-ltd-2026-06-30.xlsx", "renewal-beta-bv-2026-06-30.xlsx"}},
		{"7w", []string{"renewal-acme-ltd-2026-06-30.xlsx", "renewal-beta-bv-2026-06-30.xlsx"}}, // 49 days
		// Months: to 30 July (Beta's day), then to 30 August (Acme's
		// 15 August too); Gamma (31 December) is 6 months and 1 day away.
		{"1m", []string{"renewal-beta-bv-2026-06-30.xlsx"}},
		{"2M", []string{"renewal-acme-ltd-2026-06-30.xlsx", "renewal-beta-bv-2026-06-30.xlsx"}},
		{"6m", []string{"renewal-acme-ltd-2026-06-30.xlsx", "renewal-beta-bv-2026-06-30.xlsx"}},
		{"7m", []string{"renewal-acme-ltd-2026-06-30.xlsx", "renewal-beta-bv-2026-06-30.xlsx", "renewal-gamma-gmbh-2026-06-30.xlsx"}},
	}
	// TestPeriod has each unit's arithmetic and analysis'
	// TestRenewingWithin each boundary; the default run keeps the days
	// either side of Beta's renewal and of Gamma's.
	long := map[string]bool{"45d": true, "7w": true, "1m": true, "2M": true}
	for _, tt := range tests {
		t.Run(tt.period, func(t *testing.T) {
			if long[tt.period] {
				longtest.Skip(t, "a full run writing dossiers, for a window the default cases already bound")
			}
			dir, cfg := dossierSetup(t, true)
			code, stdout, stderr := runCLI(t, "run", "--config", cfg, "--renewing-within", tt.period)
			if code != exitOK {
				t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
			}
			if got := reportFiles(t, dir); !slices.Equal(got, tt.want) {
				t.Errorf("wrote %v, want %v", got, tt.want)
			}
			if tt.want == nil && !strings.Contains(stdout, "no client renews") {
				t.Errorf("an empty window is not said:\n%s", stdout)
			}
		})
	}
}

func TestRunDossierWithScorecard(t *testing.T) {
	t.Parallel()
	dir, cfg := dossierSetup(t, true)
	code, _, stderr := runCLI(t, "run", "--config", cfg, "--client", "C-2", "--scorecard")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	want := []string{"client-report-2026-06-30.xlsx", "renewal-beta-bv-2026-06-30.xlsx"}
	if got := reportFiles(t, dir); !slices.Equal(got, want) {
		t.Errorf("wrote %v, want %v", got, want)
	}
}

func TestRunDossierErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		clients bool
		args    []string
		stderr  []string
	}{
		{"no match lists the closest", true, []string{"--client", "Acne Ltd"}, []string{"Acne Ltd", "Acme Ltd"}},
		{"bad period", true, []string{"--renewing-within", "two months"}, []string{"60d"}},
		{"no clients input", false, []string{"--renewing-within", "60d"}, []string{"inputs.clients"}},
		{"scorecard alone", true, []string{"--scorecard"}, []string{"--client"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir, cfg := dossierSetup(t, tt.clients)
			code, _, stderr := runCLI(t, append([]string{"run", "--config", cfg}, tt.args...)...)
			if code != exitUsage {
				t.Fatalf("exit %d, want %d: %s", code, exitUsage, stderr)
			}
			for _, s := range tt.stderr {
				if !strings.Contains(stderr, s) {
					t.Errorf("stderr %q does not mention %q", stderr, s)
				}
			}
			if got := reportFiles(t, dir); len(got) != 0 {
				t.Errorf("wrote %v", got)
			}
		})
	}
}

// A renewal run sends nothing unless --email is given; with it, the
// scorecard is written and sent beside the dossier.
func TestRunDossierEmail(t *testing.T) {
	t.Parallel()
	box, port := startInbox(t)
	dir, cfg := dossierSetup(t, true)
	data, err := os.ReadFile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	writeFiles(t, dir, map[string]string{"clientscore.yaml": string(data) + emailConfig(port)})
	if code, _, stderr := runCLI(t, "run", "--config", cfg, "--client", "Beta BV"); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	box.mu.Lock()
	sent := len(box.messages)
	box.mu.Unlock()
	if sent != 0 {
		t.Fatalf("a renewal run without --email sent %d messages", sent)
	}
	if code, _, stderr := runCLI(t, "run", "--config", cfg, "--client", "Beta BV", "--email"); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	box.mu.Lock()
	sent = len(box.messages)
	box.mu.Unlock()
	if sent != 1 {
		t.Errorf("--email sent %d messages, want 1", sent)
	}
	want := []string{"client-report-2026-06-30.xlsx", "renewal-beta-bv-2026-06-30.xlsx"}
	if got := reportFiles(t, dir); !slices.Equal(got, want) {
		t.Errorf("wrote %v, want %v", got, want)
	}
}

// Beta BV is Healthy, so a scorecard run lists none of its records; its
// dossier, asked for by renewal date or by id, still has them all: the
// ten-hour ticket and its two invoices.
func TestRunDossierOfHealthyClientHasItsRecords(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"--renewing-within", "30d"}, {"--client", "c-2"}} {
		dir, cfg := dossierSetup(t, true)
		// The default min_margin, under which Beta is Healthy.
		data, _ := os.ReadFile(cfg)
		writeFiles(t, dir, map[string]string{"clientscore.yaml": strings.Replace(string(data), "rules: {min_margin: 0.95}\n", "", 1)})
		if code, _, stderr := runCLI(t, append([]string{"run", "--config", cfg}, args...)...); code != exitOK {
			t.Fatalf("%v: exit %d: %s", args, code, stderr)
		}
		f, err := excelize.OpenFile(filepath.Join(dir, "reports", "renewal-beta-bv-2026-06-30.xlsx"))
		if err != nil {
			t.Fatal(err)
		}
		for sheet, want := range map[string][]string{"Contacts": {"Email"}, "Invoices": {"INV-3", "INV-4"}} {
			rows, err := f.GetRows(sheet)
			if err != nil {
				t.Fatal(err)
			}
			var all []string
			for _, r := range rows {
				all = append(all, strings.Join(r, "|"))
			}
			text := strings.Join(all, "\n")
			for _, w := range want {
				if !strings.Contains(text, w) {
					t.Errorf("%v: %s sheet lacks %q:\n%s", args, sheet, w, text)
				}
			}
		}
		f.Close()
	}
}
