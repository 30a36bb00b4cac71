package config

import (
	"errors"
	"strconv"
	"strings"

	"clientscore/internal/clip"
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

// maxShown is how many problems Error prints; a file with more (a
// thousand bad fx rates) ends with a line saying how many were left out.
const maxShown = 20

// Error prints one problem per line, each starting "config: " and, when
// the file is known, its name; at most maxShown of them.
func (e *Error) Error() string {
	prefix := "config: "
	if e.File != "" {
		prefix += e.File + ": "
	}
	var lines []string
	for i, p := range e.Problems {
		if i == maxShown {
			lines = append(lines, prefix+"and "+strconv.Itoa(len(e.Problems)-maxShown)+" more problems")
			break
		}
		lines = append(lines, prefix+p.String())
	}
	return strings.Join(lines, "\n")
}

// Is makes every *Error match ErrConfig.
func (e *Error) Is(target error) bool { return target == ErrConfig }

// Unwrap returns the underlying read error, if any.
func (e *Error) Unwrap() error { return e.err }

// maxQuoted is how many characters of a value from the file a message
// quotes: a 50 MB value must not come back as a 50 MB message.
const maxQuoted = 80

// quote is s cut to maxQuoted characters, in Go quotes: how a message
// shows a value from the file.
func quote(s string) string { return strconv.Quote(clip.Runes(s, maxQuoted+1)) }
