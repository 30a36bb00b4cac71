package main

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
)

// scorecardFile matches the names of the scorecards clientscore writes,
// and nothing else: retention never deletes a file it did not write.
var scorecardFile = regexp.MustCompile(`^client-report-\d{4}-\d{2}-\d{2}\.xlsx$`)

// staleTemp matches the temporary files a run makes in the report
// folder: the workbook report writes before renaming it into place
// (.client-report-*.tmp, .renewal-*.tmp), and the file excelize spills a
// big sheet into while streaming it (excelize-<digits>, os.CreateTemp's
// name). One is left only by a run that was killed; a run holding the
// lock removes them.
var staleTemp = regexp.MustCompile(`^(\.(client-report|renewal)-.*\.tmp|excelize-[0-9]+)$`)

// removeStaleTemps deletes what killed runs left in dir. Call it only
// while holding the lock, so no other run is writing.
func removeStaleTemps(dir string) (removed []string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	for _, e := range entries {
		if e.Type().IsRegular() && staleTemp.MatchString(e.Name()) {
			if os.Remove(filepath.Join(dir, e.Name())) == nil {
				removed = append(removed, e.Name())
			}
		}
	}
	return removed
}

// prune deletes the oldest scorecards in dir beyond keep and returns the
// names deleted. The date in the name orders them; the name is ISO, so
// sorting names sorts dates.
func prune(dir string, keep int) (deleted []string, err error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range entries {
		if e.Type().IsRegular() && scorecardFile.MatchString(e.Name()) {
			names = append(names, e.Name())
		}
	}
	slices.Sort(names)
	for len(names) > keep {
		if err := os.Remove(filepath.Join(dir, names[0])); err != nil {
			return deleted, err
		}
		deleted = append(deleted, names[0])
		names = names[1:]
	}
	return deleted, nil
}
