package main

import (
	"bytes"
	"encoding/binary"
	"testing"
	"time"
)

// ruleZone builds a time zone from a POSIX TZ rule alone, as a TZif file
// made here (version 2, no transitions, the rule as its footer), so the
// tests need no zone database on the machine. std is the standard time's
// abbreviation and offset east of UTC, in seconds.
func ruleZone(t *testing.T, name, std string, offset int32, rule string) *time.Location {
	t.Helper()
	// A header and data block, for version 1 and again for version 2: with
	// no transitions and no leap seconds the two are alike.
	block := func() []byte {
		var b bytes.Buffer
		b.WriteString("TZif2")
		b.Write(make([]byte, 15))
		// isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt
		for _, n := range []uint32{0, 0, 0, 0, 1, uint32(len(std) + 1)} {
			binary.Write(&b, binary.BigEndian, n)
		}
		binary.Write(&b, binary.BigEndian, offset)
		b.Write([]byte{0, 0}) // isdst, abbreviation index
		b.WriteString(std + "\x00")
		return b.Bytes()
	}
	data := append(block(), block()...)
	data = append(data, "\n"+rule+"\n"...)
	loc, err := time.LoadLocationFromTZData(name, data)
	if err != nil {
		t.Fatalf("zone %s: %v", name, err)
	}
	return loc
}

// Amsterdam's and New York's rules: clocks go forward on the last Sunday
// of March at 02:00 (to 03:00) and back on the last Sunday of October at
// 03:00 (to 02:00); in New York on the second Sunday of March at 02:00
// and the first Sunday of November at 02:00 (to 01:00). New York is west
// of UTC, where Go resolves an ambiguous wall time to its first instant,
// as it resolves Amsterdam's to its second.
func testZones(t *testing.T) (amsterdam, newYork *time.Location) {
	return ruleZone(t, "Test/Amsterdam", "CET", 3600, "CET-1CEST,M3.5.0,M10.5.0/3"),
		ruleZone(t, "Test/New_York", "EST", -5*3600, "EST5EDT,M3.2.0,M11.1.0")
}

func TestRuleZone(t *testing.T) {
	t.Parallel()
	ams, ny := testZones(t)
	for _, tt := range []struct {
		at   time.Time
		loc  *time.Location
		want string
	}{
		{time.Date(2026, 1, 15, 12, 0, 0, 0, time.UTC), ams, "13:00 CET"},
		{time.Date(2026, 3, 29, 0, 59, 0, 0, time.UTC), ams, "01:59 CET"},
		{time.Date(2026, 3, 29, 1, 0, 0, 0, time.UTC), ams, "03:00 CEST"},
		{time.Date(2026, 10, 25, 0, 59, 0, 0, time.UTC), ams, "02:59 CEST"},
		{time.Date(2026, 10, 25, 1, 0, 0, 0, time.UTC), ams, "02:00 CET"},
		{time.Date(2026, 3, 8, 7, 0, 0, 0, time.UTC), ny, "03:00 EDT"},
		{time.Date(2026, 11, 1, 6, 0, 0, 0, time.UTC), ny, "01:00 EST"},
	} {
		if got := tt.at.In(tt.loc).Format("15:04 MST"); got != tt.want {
			t.Errorf("%v in %s = %s, want %s", tt.at, tt.loc, got, tt.want)
		}
	}
}

// The runs a spec gets across the daylight-saving changes of 2026, as
// instants in UTC: a time in the skipped hour runs at the jump, a time in
// the repeated hour runs once, the first time, and every other time as
// the clock shows it.
func TestScheduleAcrossDST(t *testing.T) {
	t.Parallel()
	ams, ny := testZones(t)
	utc := func(month time.Month, day, hour, min int) time.Time {
		return time.Date(2026, month, day, hour, min, 0, 0, time.UTC)
	}
	tests := []struct {
		name string
		spec string
		loc  *time.Location
		from time.Time
		want []time.Time
	}{
		{"daily in the skipped hour runs at the jump", "30 2 * * *", ams, utc(3, 27, 12, 0), []time.Time{
			utc(3, 28, 1, 30), // 02:30 CET
			utc(3, 29, 1, 0),  // 02:30 is skipped: 03:00 CEST, the jump
			utc(3, 30, 0, 30), // 02:30 CEST
		}},
		{"daily in the repeated hour runs once", "30 2 * * *", ams, utc(10, 23, 12, 0), []time.Time{
			utc(10, 24, 0, 30), // 02:30 CEST
			utc(10, 25, 0, 30), // 02:30 CEST, the first of two
			utc(10, 26, 1, 30), // 02:30 CET
		}},
		{"daily at 06:00 keeps its wall time", "0 6 * * *", ams, utc(3, 28, 12, 0), []time.Time{
			utc(3, 29, 4, 0), // 06:00 CEST
			utc(3, 30, 4, 0),
		}},
		{"every 20 minutes over the jump", "*/20 * * * *", ams, utc(3, 29, 0, 30), []time.Time{
			utc(3, 29, 0, 40), // 01:40 CET
			utc(3, 29, 1, 0),  // 02:00, 02:20, 02:40 skipped: once, at 03:00 CEST
			utc(3, 29, 1, 20), // 03:20 CEST
		}},
		{"hourly over the repeated hour", "0 * * * *", ams, utc(10, 24, 23, 30), []time.Time{
			utc(10, 25, 0, 0), // 02:00 CEST
			utc(10, 25, 2, 0), // 03:00 CET: 02:00 CET has run already
			utc(10, 25, 3, 0),
		}},
		{"west of UTC: repeated hour runs once", "30 1 * * *", ny, utc(10, 30, 12, 0), []time.Time{
			utc(10, 31, 5, 30), // 01:30 EDT
			utc(11, 1, 5, 30),  // 01:30 EDT, the first of two
			utc(11, 2, 6, 30),  // 01:30 EST
		}},
		{"west of UTC: skipped hour runs at the jump", "30 2 * * *", ny, utc(3, 7, 12, 0), []time.Time{
			utc(3, 8, 7, 0),  // 02:30 is skipped: 03:00 EDT
			utc(3, 9, 6, 30), // 02:30 EDT
		}},
		{"CRON_TZ in the spec wins", "CRON_TZ=UTC 30 2 * * *", ams, utc(3, 28, 12, 0), []time.Time{
			utc(3, 29, 2, 30),
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := parseSchedule(tt.spec, tt.loc)
			if err != nil {
				t.Fatal(err)
			}
			at := tt.from
			for i, want := range tt.want {
				at = s.Next(at)
				if !at.Equal(want) {
					t.Fatalf("run %d at %v (%v), want %v (%v)", i+1, at.UTC(), at.In(tt.loc), want, want.In(tt.loc))
				}
			}
		})
	}
}

// A worker that started between the two showings of a repeated hour runs
// at the second: it has not run at the first.
func TestScheduleStartedInRepeatedHour(t *testing.T) {
	t.Parallel()
	ams, _ := testZones(t)
	s, err := parseSchedule("30 2 * * *", ams)
	if err != nil {
		t.Fatal(err)
	}
	from := time.Date(2026, 10, 25, 1, 10, 0, 0, time.UTC) // 02:10 CET, the second time
	if got, want := s.Next(from), time.Date(2026, 10, 25, 1, 30, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("next %v, want %v (02:30 CET)", got.In(ams), want.In(ams))
	}
}

func TestScheduleNeverFires(t *testing.T) {
	t.Parallel()
	s, err := parseSchedule("0 0 30 2 *", time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	if got := s.Next(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)); !got.IsZero() {
		t.Errorf("30 February: next %v, want never (zero)", got)
	}
}
