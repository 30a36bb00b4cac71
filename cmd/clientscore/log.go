package main

import (
	"io"
	"os"
	"time"

	"github.com/mattn/go-isatty"
	"github.com/rs/zerolog"
)

// newLogger logs JSON lines to w, or readable console lines when w is a
// terminal.
func newLogger(w io.Writer) zerolog.Logger {
	return loggerTo(logOutput(w))
}

// logOutput is where newLogger writes: w itself, or a console writer over
// it when w is a terminal. Either takes one JSON log line per Write, so
// the worker passes a run's log lines through it as they are.
func logOutput(w io.Writer) io.Writer {
	if isTerminal(w) {
		return zerolog.ConsoleWriter{Out: w, TimeFormat: time.TimeOnly}
	}
	return w
}

// loggerTo logs to out, which takes one JSON line per Write.
func loggerTo(out io.Writer) zerolog.Logger {
	return zerolog.New(out).Level(zerolog.InfoLevel).With().Timestamp().Logger()
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
}
