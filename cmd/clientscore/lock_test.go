package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A run waits for the lock another run holds, then gives up with exit 1
// naming the holder; once the lock is released a run goes ahead.
func TestRunWaitsForLock(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"clientscore.yaml": baseConfig + "inputs:\n  invoices: {path: in/invoices.csv}\n",
		"in/invoices.csv":  xeroInvoices,
	})
	reports := filepath.Join(dir, "reports")
	if err := os.MkdirAll(reports, 0o755); err != nil {
		t.Fatal(err)
	}
	held, err := acquireLock(reports, 0)
	if err != nil {
		t.Fatal(err)
	}
	old := lockWait
	lockWait = 300 * time.Millisecond
	defer func() { lockWait = old }()

	code, _, stderr := runCLI(t, "run", "--config", filepath.Join(dir, "clientscore.yaml"))
	if code != exitFailure || !strings.Contains(stderr, "pid ") || !strings.Contains(stderr, lockName) {
		t.Errorf("run while locked: exit %d, stderr %q", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(reports, "client-report-2026-06-30.xlsx")); err == nil {
		t.Error("a scorecard was written while another run held the lock")
	}
	held.release()
	code, _, stderr = runCLI(t, "run", "--config", filepath.Join(dir, "clientscore.yaml"))
	if code != exitOK {
		t.Fatalf("after release: exit %d, stderr %q", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(reports, lockName)); err == nil {
		t.Error("the lock file outlived the run")
	}
}

func TestPrune(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	names := []string{
		"client-report-2026-01-31.xlsx", "client-report-2026-02-28.xlsx",
		"client-report-2026-03-31.xlsx", "client-report-2026-04-30.xlsx",
		"notes.xlsx", "client-report-final.xlsx", "renewal-acme-2026-01-31.xlsx",
	}
	for _, n := range names {
		writeFiles(t, dir, map[string]string{n: "x"})
	}
	deleted, err := prune(dir, 2)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(deleted, " ") != "client-report-2026-01-31.xlsx client-report-2026-02-28.xlsx" {
		t.Errorf("deleted %v, want the two oldest scorecards", deleted)
	}
	entries, _ := os.ReadDir(dir)
	var left []string
	for _, e := range entries {
		left = append(left, e.Name())
	}
	want := "client-report-2026-03-31.xlsx client-report-2026-04-30.xlsx client-report-final.xlsx notes.xlsx renewal-acme-2026-01-31.xlsx"
	if strings.Join(left, " ") != want {
		t.Errorf("left %v, want %s", left, want)
	}
	if deleted, _ := prune(dir, 5); len(deleted) != 0 {
		t.Errorf("keep 5 of 2 deleted %v", deleted)
	}
}

// A lock file planted as a symbolic link or a hard link to another file
// is refused, and the file it points to is left byte for byte: taking the
// lock writes into the lock file.
func TestLockRefusesPlantedLinks(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		plant func(victim, lock string) error
		says  string
	}{
		{"symbolic link", os.Symlink, "symbolic link"},
		{"hard link", os.Link, "hard link"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFiles(t, dir, map[string]string{
				"clientscore.yaml": baseConfig + "inputs:\n  invoices: {path: in/invoices.csv}\n",
				"in/invoices.csv":  xeroInvoices,
				"victim.txt":       "someone's precious file\n",
			})
			reports := filepath.Join(dir, "reports")
			if err := os.MkdirAll(reports, 0o755); err != nil {
				t.Fatal(err)
			}
			victim := filepath.Join(dir, "victim.txt")
			if err := tt.plant(victim, filepath.Join(reports, lockName)); err != nil {
				t.Skipf("cannot plant a %s here: %v", tt.name, err)
			}
			code, _, stderr := runCLI(t, "run", "--config", filepath.Join(dir, "clientscore.yaml"))
			if code != exitFailure || !strings.Contains(stderr, lockName) || !strings.Contains(stderr, tt.says) {
				t.Errorf("exit %d, stderr %q; want exit 1 naming %s and saying %q", code, stderr, lockName, tt.says)
			}
			if b, _ := os.ReadFile(victim); string(b) != "someone's precious file\n" {
				t.Errorf("the file the lock pointed to now holds %q", b)
			}
			if _, err := os.Stat(filepath.Join(reports, "client-report-2026-06-30.xlsx")); err == nil {
				t.Error("a scorecard was written without the lock")
			}
		})
	}
}
