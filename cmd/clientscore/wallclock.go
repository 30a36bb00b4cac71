package main

import (
	"slices"
	"time"

	"github.com/robfig/cron/v3"
)

// parseSchedule parses a cron spec (robfig/cron's standard syntax:
// five fields, @daily and the like, @every DURATION, an optional
// CRON_TZ= prefix) to run in loc. A spec of clock times is read on loc's
// wall clock across daylight-saving changes (see wallClock); @every is a
// fixed interval of real time and is left as it is.
func parseSchedule(spec string, loc *time.Location) (cron.Schedule, error) {
	s, err := cron.ParseStandard(spec)
	if err != nil {
		return nil, err
	}
	ss, ok := s.(*cron.SpecSchedule)
	if !ok {
		return s, nil
	}
	if ss.Location != time.Local { // CRON_TZ= in the spec wins
		loc = ss.Location
	}
	wall := *ss
	wall.Location = time.UTC // fields matched against wall-clock time, where no hour repeats or is skipped
	return wallClock{spec: &wall, loc: loc}, nil
}

// wallClock runs a cron spec on loc's wall clock, as Vixie cron does over
// a daylight-saving change. robfig/cron alone skips a time that falls in
// the hour the clock jumps over (a 02:30 run waits a day) and runs one in
// the hour the clock repeats twice (and emails twice).
//
//   - A time the clock skips runs at the jump (03:00 when 02:00 becomes
//     03:00), once however many of the spec's times were skipped.
//   - A time the clock shows twice runs once, the first time it is shown.
//     So a spec that fires every hour does not fire again in the repeated
//     hour: that hour's times have run already.
type wallClock struct {
	spec *cron.SpecSchedule // in UTC, standing for wall-clock time
	loc  *time.Location
}

// Next returns the first run after t, or the zero time when the spec
// never fires (robfig/cron looks five years ahead).
func (s wallClock) Next(t time.Time) time.Time {
	t = t.In(s.loc)
	w := wallOf(t)
	for {
		w = s.spec.Next(w)
		if w.IsZero() {
			return w
		}
		// The wall time after t's may still map to an instant before t
		// when t is in a repeated hour: t at 02:10 the second time, w
		// 02:30, first shown before t. Then the second showing is next.
		for _, at := range instants(w, s.loc) {
			if at.After(t) {
				return at
			}
		}
	}
}

// wallOf returns t's wall-clock time as a UTC time with the same fields.
func wallOf(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC)
}

// instants returns the instants at which loc's clock shows the wall time
// w (fields of a UTC time), earliest first: one, or two in an hour the
// clock repeats. For a time the clock skips it returns the instant of the
// jump.
func instants(w time.Time, loc *time.Location) []time.Time {
	var at []time.Time
	// The offsets in force a day either side cover both sides of any
	// change near w.
	for _, probe := range []time.Time{w.Add(-24 * time.Hour), w.Add(24 * time.Hour)} {
		_, offset := probe.In(loc).Zone()
		u := w.Add(-time.Duration(offset) * time.Second).In(loc)
		if wallOf(u).Equal(w) && !slices.ContainsFunc(at, u.Equal) {
			at = append(at, u)
		}
	}
	if len(at) == 0 {
		// Skipped: read with the offset before the jump, w is an instant
		// just past it, in the zone period the jump starts.
		_, before := w.Add(-24 * time.Hour).In(loc).Zone()
		jump, _ := w.Add(-time.Duration(before) * time.Second).In(loc).ZoneBounds()
		return []time.Time{jump}
	}
	slices.SortFunc(at, func(a, b time.Time) int { return a.Compare(b) })
	return at
}
