package xlsx

import (
	"strings"
	"testing"
)

// TestReuseValues: with ReuseValues the rows read the same, cell by cell,
// as without (for a caller that copies what it keeps), for inline strings,
// numbers and shared strings alike.
func TestReuseValues(t *testing.T) {
	t.Parallel()
	for _, stream := range []bool{false, true} {
		data, want := testBook(t, stream)
		wb, err := openBytes(data, Limits{})
		if err != nil {
			t.Fatal(err)
		}
		rows, err := wb.Rows("Sheet1")
		if err != nil {
			t.Fatal(err)
		}
		rows.ReuseValues()
		var got []gotCell
		for rows.Next() {
			for _, c := range rows.Cells() {
				c.Value = strings.Clone(c.Value)
				got = append(got, gotCell{Row: rows.Row(), Hidden: rows.Hidden(), Cell: c})
			}
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()
		wb.Close()
		if g := dump(got); g != want {
			t.Errorf("stream %v: with ReuseValues the sheet reads differently", stream)
		}
	}
}

// TestPositionAndBytesRead: a sheet's position climbs to its declared
// size, and the bytes of the file read climb with it, within the file.
func TestPositionAndBytesRead(t *testing.T) {
	t.Parallel()
	data, _ := testBook(t, true)
	wb, err := openBytes(data, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	opened := wb.BytesRead()
	if opened <= 0 {
		t.Errorf("BytesRead after Open = %d, want > 0", opened)
	}
	rows, err := wb.Rows("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var lastRead int64
	var size int64
	for n := 0; rows.Next(); n++ {
		read, sz := rows.Position()
		if read < lastRead || sz <= 0 || read > sz {
			t.Fatalf("row %d: position %d of %d after %d", rows.Row(), read, sz, lastRead)
		}
		lastRead, size = read, sz
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if lastRead < size*9/10 {
		t.Errorf("last row at %d of %d bytes", lastRead, size)
	}
	if got := wb.BytesRead(); got <= opened || got > int64(len(data))*2 {
		t.Errorf("BytesRead after the rows = %d (after Open %d), file %d bytes", got, opened, len(data))
	}
}
