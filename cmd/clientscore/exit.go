package main

import (
	"errors"
	"fmt"
)

// Exit statuses, as the help text's EXIT STATUS section documents them.
const (
	exitOK      = 0
	exitFailure = 1
	exitUsage   = 2
	exitInput   = 3
	exitEmail   = 4
)

// usageError is a bad command line or config: exit 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usageErrorf(format string, a ...any) error {
	return &usageError{msg: fmt.Sprintf(format, a...)}
}

// inputError is input that cannot be used: exit 3, no workbook written.
type inputError struct{ err error }

func (e *inputError) Error() string { return e.err.Error() }
func (e *inputError) Unwrap() error { return e.err }

// emailError is a delivery that failed after the workbook was written:
// exit 4.
type emailError struct{ err error }

func (e *emailError) Error() string { return e.err.Error() }
func (e *emailError) Unwrap() error { return e.err }

// exitCode maps an error to the documented exit status.
func exitCode(err error) int {
	var (
		ue *usageError
		ie *inputError
		ee *emailError
	)
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &ue):
		return exitUsage
	case errors.As(err, &ie):
		return exitInput
	case errors.As(err, &ee):
		return exitEmail
	}
	return exitFailure
}
