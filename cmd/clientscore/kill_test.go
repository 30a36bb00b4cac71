package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"clientscore/internal/longtest"
	"clientscore/internal/sample"
)

// A run killed with SIGKILL in the middle leaves the earlier scorecard
// byte for byte and nothing in the system's temporary folder; the next
// run removes what the killed one left in the report folder and writes
// the new scorecard.
func TestSIGKILLKeepsEarlierScorecard(t *testing.T) {
	t.Parallel()
	longtest.Skip(t, "generates a sample and starts processes")
	dir := t.TempDir()
	if _, err := sample.Write(sample.Options{Dir: dir, Invoices: 20000, Clients: 400, Seed: 7, Format: "csv"}); err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join(dir, sample.ConfigName)
	if code, _, stderr := runCLI(t, "run", "--config", cfg); code != exitOK {
		t.Fatalf("first run: exit %d: %s", code, stderr)
	}
	scorecard := filepath.Join(dir, "reports", "client-report-"+sample.AsOf+".xlsx")
	good, err := os.ReadFile(scorecard)
	if err != nil {
		t.Fatal(err)
	}

	sysTemp := t.TempDir()
	for _, after := range []time.Duration{50 * time.Millisecond, 250 * time.Millisecond, 600 * time.Millisecond} {
		cmd := exec.Command(os.Args[0], "run", "--config", cfg)
		cmd.Env = append(os.Environ(), "CLIENTSCORE_BE_MAIN=1", "TMPDIR="+sysTemp)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(after)
		_ = cmd.Process.Kill() // SIGKILL: no defer, no cleanup runs
		_ = cmd.Wait()
		b, err := os.ReadFile(scorecard)
		if err != nil {
			t.Fatalf("after a SIGKILL at %v the scorecard is gone: %v", after, err)
		}
		if cmd.ProcessState.Success() {
			good = b // the run finished before the kill: its scorecard stands
			continue
		}
		if !bytes.Equal(b, good) {
			// Only a kill between the rename and the exit may leave a new
			// scorecard, and then a whole one.
			f, err := excelize.OpenReader(bytes.NewReader(b))
			if err != nil {
				t.Fatalf("killed after %v: the scorecard is damaged: %v", after, err)
			}
			if _, err := f.GetRows("Clients"); err != nil {
				t.Fatalf("killed after %v: the scorecard is incomplete: %v", after, err)
			}
			good = b
		}
	}

	if entries, _ := os.ReadDir(sysTemp); len(entries) > 0 {
		t.Errorf("killed runs left %d files in the system's temporary folder, first %s", len(entries), entries[0].Name())
	}

	// Whether a kill landed while the workbook was being written depends
	// on timing; leave such files on purpose so their removal is tested.
	writeFiles(t, filepath.Join(dir, "reports"), map[string]string{
		".client-report-123456.tmp": "half a workbook",
		"excelize-2983742211":       "half a streamed sheet",
	})
	if code, _, stderr := runCLI(t, "run", "--config", cfg); code != exitOK {
		t.Fatalf("run after the kills: exit %d: %s", code, stderr)
	}
	entries, _ := os.ReadDir(filepath.Join(dir, "reports"))
	for _, e := range entries {
		if e.Name() != filepath.Base(scorecard) {
			t.Errorf("left in the report folder: %s", e.Name())
		}
	}
}
