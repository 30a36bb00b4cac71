package ingest

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"clientscore/analysis"
)

// expand returns the files an input's pattern names, oldest first (see
// byDate), or only the newest when in.Newest. Excel's and LibreOffice's
// lock files (~$book.xlsx, .~lock.book.xlsx#) and macOS resource forks
// (._book.xlsx) are not exports and are passed over.
func expand(in *Input, base string) ([]string, error) {
	pattern := in.Pattern
	if pattern == "" {
		return nil, &InputError{Input: in.Kind, Err: errors.New("has no path")}
	}
	if !filepath.IsAbs(pattern) && base != "" {
		pattern = filepath.Join(base, pattern)
	}
	matches, err := filepath.Glob(pattern)
	if err != nil {
		return nil, &InputError{Input: in.Kind, File: relName(base, pattern), Err: fmt.Errorf("is not a valid glob: %v", err)}
	}
	var files []datedFile
	for _, m := range matches {
		name := filepath.Base(m)
		if LockFile(name) {
			continue
		}
		fi, err := os.Stat(m)
		if err == nil && fi.IsDir() {
			continue
		}
		f := datedFile{path: m}
		f.named, f.hasName = nameDate(name)
		if err == nil {
			f.modified = fi.ModTime()
		}
		files = append(files, f)
	}
	byDate(files)
	if in.Newest && len(files) > 1 {
		files = files[len(files)-1:]
	}
	if len(files) == 0 {
		if !strings.ContainsAny(in.Pattern, "*?[") {
			if _, err := os.Stat(pattern); err != nil {
				return nil, &InputError{Input: in.Kind, File: relName(base, pattern), Err: errors.New("does not exist: check inputs." + string(in.Kind) + ".path")}
			}
			return nil, &InputError{Input: in.Kind, File: relName(base, pattern), Err: errors.New("is a folder, not a file: check inputs." + string(in.Kind) + ".path")}
		}
		return nil, &InputError{Input: in.Kind, File: relName(base, pattern), Err: errors.New("matches no file: check inputs." + string(in.Kind) + ".path")}
	}
	paths := make([]string, len(files))
	for i, f := range files {
		paths[i] = f.path
	}
	return paths, nil
}

// LockFile reports whether a file's name is an Excel or LibreOffice lock
// file (~$book.xlsx, .~lock.book.xlsx#) or a macOS resource fork
// (._book.xlsx): files beside an export that are not exports.
func LockFile(name string) bool {
	return strings.HasPrefix(name, "~$") || strings.HasPrefix(name, ".~lock.") || strings.HasPrefix(name, "._")
}

// datedFile is a file of an input and what says how old it is.
type datedFile struct {
	path     string
	named    analysis.Date // the date in its name, when hasName
	hasName  bool
	modified time.Time
}

// byDate sorts the files of one input oldest first: by the date in their
// names when every one has one (a drop folder of nightly exports,
// invoices-2026-10-30.csv), else by modification time; files of one date
// by modification time, then name. The analysis lets a newer file's
// invoice replace an older one's, so the order decides which value wins.
func byDate(files []datedFile) {
	named := true
	for _, f := range files {
		named = named && f.hasName
	}
	sort.SliceStable(files, func(i, j int) bool {
		a, b := files[i], files[j]
		if named && a.named != b.named {
			return a.named < b.named
		}
		if !a.modified.Equal(b.modified) {
			return a.modified.Before(b.modified)
		}
		return a.path < b.path
	})
}

// nameDate is the date in a file's name (see DateInName).
func nameDate(name string) (analysis.Date, bool) {
	d, _, _, ok := DateInName(name)
	return d, ok
}

// DateInName finds the date that orders a file of a series among the
// others (see Input.Newest): the last YYYY-MM-DD, or run of eight digits
// YYYYMMDD (or fourteen, YYYYMMDDhhmmss), in name that is a real date
// between 1990 and 2100. name[start:end] is its text; ok is false when
// name has none.
func DateInName(name string) (d analysis.Date, start, end int, ok bool) {
	for i := 0; i < len(name); {
		if !isDigit(name[i]) {
			i++
			continue
		}
		j := i
		for j < len(name) && isDigit(name[j]) {
			j++
		}
		run := name[i:j]
		switch {
		case len(run) == 8 || len(run) == 14:
			if found, valid := ymd(run[:4], run[4:6], run[6:8]); valid {
				d, start, end, ok = found, i, j, true
			}
		case len(run) == 4 && j+6 <= len(name) && name[j] == '-' && name[j+3] == '-' &&
			isDigit(name[j+1]) && isDigit(name[j+2]) && isDigit(name[j+4]) && isDigit(name[j+5]) &&
			(j+6 == len(name) || !isDigit(name[j+6])):
			if found, valid := ymd(run, name[j+1:j+3], name[j+4:j+6]); valid {
				d, start, end, ok = found, i, j+6, true
				j += 6
			}
		}
		i = j
	}
	return d, start, end, ok
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// ymd is the date of year, month and day digits, when it is a real one
// between 1990 and 2100.
func ymd(y, m, d string) (analysis.Date, bool) {
	yy, _ := strconv.Atoi(y)
	mm, _ := strconv.Atoi(m)
	dd, _ := strconv.Atoi(d)
	if yy < 1990 || yy > 2100 || checkYMD(yy, mm, dd) != nil {
		return 0, false
	}
	return analysis.NewDate(yy, time.Month(mm), dd), true
}

// relName names path relative to base when it lies there, with forward
// slashes.
func relName(base, path string) string {
	if base != "" {
		if rel, err := filepath.Rel(base, path); err == nil && !strings.HasPrefix(rel, "..") {
			return filepath.ToSlash(rel)
		}
	}
	return filepath.ToSlash(path)
}
