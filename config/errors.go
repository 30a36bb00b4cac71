package config

import (
	"errors"
	"strconv"
	"strings"
)

// ErrConfig is matched (errors.Is) by every error Load and Parse return:
// the config file is missing, unreadable or wrong. A command maps it to its
// "usage or config error" exit status.
var ErrConfig = errors.New("config error")

// Problem is one thing wrong with the config.
type Problem struct {
	// Line is the 1-based line in the file, 0 when the problem is not at
	// one line (a value that is valid YAML but out of range).
	Line int
	// Field is the key's path: "rules.min_margin", "inputs.invoices.path",
	// "rules.aging[2]", "fx.USD"; "" for the file as a whole.
	Field string
	// Msg says what is wrong: "1.5 is not between 0 and 1".
	Msg string
}

// String returns the problem as "line 7: window_months: …" or
// "rules.min_margin: …", leaving out what is not known.
func (p Problem) String() string {
	var b strings.Builder
	if p.Line > 0 {
		b.WriteString("line ")
		b.WriteString(strconv.Itoa(p.Line))
		b.WriteString(": ")
	}
	if p.Field != "" {
		b.WriteString(p.Field)
		b.WriteString(": ")
	}
	b.WriteString(p.Msg)
	return b.String()
}

// Error is every problem found in one config file.
type Error struct {
	// File is the config file as given to Load; "" from Parse.
	File     string
	Problems []Problem
	err      error // the underlying error (a read failure), if any
}

// Error prints one problem per line, each starting "config: " and, when
// the file is known, its name.
func (e *Error) Error() string {
	prefix := "config: "
	if e.File != "" {
		prefix += e.File + ": "
	}
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = prefix + p.String()
	}
	return strings.Join(lines, "\n")
}

// Is makes every *Error match ErrConfig.
func (e *Error) Is(target error) bool { return target == ErrConfig }

// Unwrap returns the underlying read error, if any.
func (e *Error) Unwrap() error { return e.err }
