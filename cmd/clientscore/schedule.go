package main

import (
	"context"
	"io"
)

func cmdSchedule(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return usageErrorf("schedule: not available yet")
}
