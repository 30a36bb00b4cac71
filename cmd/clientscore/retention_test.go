package main

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// What a killed run leaves in the report folder is removed by the next
// run, and nothing else is: a user's own files, scorecards, and names
// that only look alike stay.
func TestRemoveStaleTemps(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		removed bool
	}{
		{".client-report-2716405.tmp", true},
		{".renewal-552.tmp", true},
		{"excelize-3871902811", true}, // a streamed sheet excelize spilled
		{"client-report-2026-06-30.xlsx", false},
		{"renewal-acme-2026-06-30.xlsx", false},
		{"excelize-notes.txt", false},
		{"excelize-12.xlsx", false},
		{"my-excelize-12", false},
		{".client-report-1.tmp.bak", false},
		{"notes.tmp", false},
	}
	dir := t.TempDir()
	for _, tt := range tests {
		writeFiles(t, dir, map[string]string{tt.name: "x"})
	}
	// A link with a stale name is not followed or removed: only plain
	// files a run wrote are.
	target := filepath.Join(t.TempDir(), "kept")
	writeFiles(t, filepath.Dir(target), map[string]string{"kept": "x"})
	if err := os.Symlink(target, filepath.Join(dir, "excelize-42")); err != nil {
		t.Fatal(err)
	}
	removed := removeStaleTemps(dir)
	for _, tt := range tests {
		_, err := os.Stat(filepath.Join(dir, tt.name))
		if gone := os.IsNotExist(err); gone != tt.removed {
			t.Errorf("%s: removed %v, want %v", tt.name, gone, tt.removed)
		}
		if slices.Contains(removed, tt.name) != tt.removed {
			t.Errorf("%s: reported removed %v, want %v", tt.name, !tt.removed, tt.removed)
		}
	}
	if _, err := os.Lstat(filepath.Join(dir, "excelize-42")); err != nil {
		t.Error("a symbolic link named like a stale file was removed")
	}
	if _, err := os.Stat(target); err != nil {
		t.Error("the file a stale-named link points to was removed")
	}
}
