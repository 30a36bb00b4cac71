package ingest

import (
	"bufio"
	"encoding/csv"
	"errors"
	"io"
	"slices"
	"strings"
	"testing"
)

// csvRecord is one record as a reader split it, with the lines it spans.
type csvRecord struct {
	fields     []string
	start, end int // its first and last line
	err        bool
	tooLong    bool
	openLine   int // for csvReader's openQuoteError: the line the quote opened on
	openField  int
	openValue  string
}

// splitStd splits text with encoding/csv, set up as clientscore read CSV
// before csvReader: lazy quotes, any number of fields. A record's last
// line is where its last field starts plus the line breaks inside it.
func splitStd(text string, comma byte) []csvRecord {
	r := csv.NewReader(strings.NewReader(text))
	r.Comma = rune(comma)
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	var out []csvRecord
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return out
		}
		if err != nil {
			return append(out, csvRecord{err: true})
		}
		start, _ := r.FieldPos(0)
		last, _ := r.FieldPos(len(rec) - 1)
		out = append(out, csvRecord{fields: rec, start: start, end: last + strings.Count(rec[len(rec)-1], "\n")})
	}
}

// splitOurs splits text with csvReader over a bufio.Reader of bufSize
// bytes (16 at least), copying the fields of each record before the next.
func splitOurs(text string, comma byte, bufSize, max int, reuse bool) []csvRecord {
	r := newCSVReader(bufio.NewReaderSize(strings.NewReader(text), bufSize), comma, max)
	r.reuse = reuse
	var out []csvRecord
	for {
		rec, err := r.read()
		if err == io.EOF {
			return out
		}
		var open *openQuoteError
		if errors.As(err, &open) {
			out = append(out, csvRecord{err: true, start: r.startLine, end: r.lines, openLine: open.line, openField: open.field, openValue: open.value})
			continue
		}
		if err != nil {
			return append(out, csvRecord{err: true, tooLong: errors.Is(err, errRecordTooLong), start: r.startLine})
		}
		fields := make([]string, len(rec))
		for i, f := range rec {
			fields[i] = strings.Clone(f)
		}
		out = append(out, csvRecord{fields: fields, start: r.startLine, end: r.lines})
	}
}

// diffSplits says how csvReader splits text differently from encoding/csv
// reading it with "\n" line ends, or "". Where csvReader finds a quote never closed, encoding/csv must have
// read the rest of the text as that record, and csvReader's records after
// it must be encoding/csv's of the lines after the quote's.
func diffSplits(text string, comma byte, bufSize int, reuse bool) string {
	return diffFrom(lfLines(text), 0, splitOurs(text, comma, bufSize, maxRecordBytes, reuse), comma)
}

// lfLines makes every line end of text "\n": "\r\n" and a lone "\r",
// which csvReader reads as line ends and encoding/csv reads as text.
func lfLines(text string) string {
	return strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\r", "\n")
}

// diffFrom compares got with encoding/csv's records of text, the lines
// after line offset of the whole text.
func diffFrom(text string, offset int, got []csvRecord, comma byte) string {
	want := splitStd(text, comma)
	for i := range max(len(want), len(got)) {
		if i < len(got) && got[i].openLine > 0 {
			g := got[i]
			switch {
			case i != len(want)-1:
				return "csvReader finds a quote never closed where encoding/csv's record ends before the end of the text"
			case want[i].start+offset != g.start || g.end != g.openLine:
				return "the record with the open quote is on other lines"
			case want[i].end+offset <= g.openLine:
				return "csvReader finds a quote never closed in a record that spans no more lines"
			}
			rest := text
			for range g.openLine - offset {
				rest = rest[strings.IndexByte(rest, '\n')+1:]
			}
			return diffFrom(rest, g.openLine, got[i+1:], comma)
		}
		switch {
		case i >= len(got):
			return "csvReader misses record " + strings.Join(want[i].fields, "|")
		case i >= len(want):
			return "csvReader has an extra record " + strings.Join(got[i].fields, "|")
		case want[i].err != got[i].err:
			return "errors differ"
		case !slices.Equal(want[i].fields, got[i].fields):
			return "fields differ: encoding/csv " + quoteAll(want[i].fields) + ", csvReader " + quoteAll(got[i].fields)
		case want[i].start+offset != got[i].start:
			return "start lines differ"
		case i+1 < len(want) && want[i].end+offset != got[i].end:
			// Where a record ends matters to the row of the next one.
			return "end lines differ"
		}
	}
	return ""
}

func quoteAll(fields []string) string {
	var b strings.Builder
	for _, f := range fields {
		b.WriteString("«" + f + "»")
	}
	return b.String()
}

// TestCSVReaderSplitsLikeEncodingCSV holds csvReader to encoding/csv on
// texts with every quoting case, at buffer sizes that cut lines.
func TestCSVReaderSplitsLikeEncodingCSV(t *testing.T) {
	t.Parallel()
	texts := []string{
		"",
		"\n",
		"\n\n\n",
		"a",
		"a\n",
		"a,b,c\n1,2,3\n",
		"a,b,c\r\n1,2,3\r\n",
		"a,b\r",                 // a \r before the end of the text is dropped
		"a,b\rc,d\n",            // a lone \r ends a line (old Mac exports)
		"a,b\rc,d\re,f",         // every line
		"a\r\nb\nc\rd\r\r\ne\n", // mixed, and a lone \r before \r\n
		"\"x\ry\",z\r1,2\r",     // in a quoted field: the field spans two lines
		"a,,b,\n,,\n",           // empty fields
		"\n\na,b\n\n\nc,d\n\n",  // blank lines between records
		`"a","b ""c"" d",e` + "\n",
		`"multi` + "\nline\r\nfield" + `",x` + "\ny,z\n",
		`a"b,c""d,"e"f"g,h` + "\n", // quotes inside unquoted and quoted fields
		`"open to the end` + "\nmore\n",
		`"open to the end`,
		`"a"` + "\n" + `"b"`,
		`""` + "\n" + `"",""` + "\n",
		`"a""` + "\n",
		`"a"` + "\r\n" + `b` + "\r\n",
		`"a` + "\r\n" + `b"` + "\r\n",
		"x,\"y\"\r",
		"é,ü,\xff\xfe,日本\n",
		"a,b\n\r\nc,d\n",
		strings.Repeat("long field ", 40) + "," + `"` + strings.Repeat("quoted, long\n", 30) + `"` + "\nend\n",
	}
	for _, text := range texts {
		for _, comma := range []byte{',', ';', '\t'} {
			text := strings.ReplaceAll(text, ",", string(comma))
			for _, size := range []int{16, 37, 4096} {
				for _, reuse := range []bool{false, true} {
					if d := diffSplits(text, comma, size, reuse); d != "" {
						t.Errorf("%q (delimiter %q, buffer %d, reuse %v): %s", text, comma, size, reuse, d)
					}
				}
			}
		}
	}
}

// TestCSVReaderRecordLimit: a record past the limit stops reading with
// errRecordTooLong and the line it starts on, whether one line is too
// long or a quote left open gathers too many.
func TestCSVReaderRecordLimit(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, text string
		start      int // the line of the record that is too long
	}{
		{"one long line", "a,b\n\n" + strings.Repeat("x", 200) + "\nc,d\n", 3},
		{"open quote", "a,b\n\"open" + strings.Repeat("\nline", 50) + "\n", 2},
	} {
		got := splitOurs(tc.text, ',', 16, 100, true)
		if len(got) != 2 || !slices.Equal(got[0].fields, []string{"a", "b"}) {
			t.Fatalf("%s: got %+v, want the record a,b and then an error", tc.name, got)
		}
		if !got[1].tooLong || got[1].start != tc.start {
			t.Errorf("%s: second read %+v, want errRecordTooLong on line %d", tc.name, got[1], tc.start)
		}
	}
	// Just under the limit reads.
	got := splitOurs(strings.Repeat("x", 99)+"\n", ',', 16, 100, true)
	if len(got) != 1 || got[0].err || len(got[0].fields[0]) != 99 {
		t.Errorf("a 100-byte line with a limit of 100: got %+v", got)
	}
}

// TestCSVReaderOpenQuote: when the text ends inside a quoted field that
// spans lines, the record is an openQuoteError naming the line and field
// the quote opened in, and the lines after that one are split again.
func TestCSVReaderOpenQuote(t *testing.T) {
	t.Parallel()
	rec := func(start int, fields ...string) csvRecord {
		return csvRecord{fields: fields, start: start, end: start}
	}
	open := func(start, line, field int, value string) csvRecord {
		return csvRecord{err: true, start: start, end: line, openLine: line, openField: field, openValue: value}
	}
	for _, tc := range []struct {
		name, text string
		want       []csvRecord
	}{
		{"rows after the quote read on", "a,b\nc,\"open\nd,e\nf,g \"\"h\n",
			[]csvRecord{rec(1, "a", "b"), open(2, 2, 1, `"open`), rec(3, "d", "e"), rec(4, "f", `g ""h`)}},
		// A later quote before a delimiter closes it, as in encoding/csv:
		// the text does not say the quote was left open.
		{"closed by a later quote", "c,\"open\nd,\"e\",f\n",
			[]csvRecord{{fields: []string{"c", "open\nd,\"e", "f"}, start: 1, end: 2}}},
		{"a second open quote among them", "a\n\"b\nc\n\"d\ne\n",
			[]csvRecord{rec(1, "a"), open(2, 2, 0, `"b`), rec(3, "c"), open(4, 4, 0, `"d`), rec(5, "e")}},
		{"after a quoted field that spans lines and closes", "\"x\ny\",\"z\nw\n",
			[]csvRecord{open(1, 2, 1, `"z`), rec(3, "w")}},
		{"CRLF lines", "a\r\n\"b\r\nc\r\nd",
			[]csvRecord{rec(1, "a"), open(2, 2, 0, `"b`), rec(3, "c"), rec(4, "d")}},
		// On its last line a quote left open spans no lines: encoding/csv's
		// field runs to the end, and so does this one.
		{"on the last line", "a\nb,\"c d\n",
			[]csvRecord{rec(1, "a"), {fields: []string{"b", "c d\n"}, start: 2, end: 2}}},
	} {
		for _, size := range []int{16, 4096} {
			got := splitOurs(tc.text, ',', size, maxRecordBytes, true)
			if !slices.EqualFunc(got, tc.want, func(a, b csvRecord) bool {
				return slices.Equal(a.fields, b.fields) && a.start == b.start && a.end == b.end && a.err == b.err &&
					a.openLine == b.openLine && a.openField == b.openField && a.openValue == b.openValue
			}) {
				t.Errorf("%s (buffer %d):\n got %+v\nwant %+v", tc.name, size, got, tc.want)
			}
		}
	}
}

// FuzzCSVReader: on any text, csvReader splits as encoding/csv does
// (reading it with "\n" line ends).
func FuzzCSVReader(f *testing.F) {
	f.Add("a,b\n\"c\"\"d\",e\r\n\n\"f\ng\"", byte(','), uint8(0))
	f.Add("x;\"y;z\"\r", byte(';'), uint8(5))
	f.Add("a,b\rc\r\nd\ne\r", byte(','), uint8(1))
	f.Add("\"\"\"\n\"", byte('\t'), uint8(40))
	f.Fuzz(func(t *testing.T, text string, comma byte, size uint8) {
		if comma != ',' && comma != ';' && comma != '\t' {
			comma = ','
		}
		bufSize := 16 + int(size)
		if d := diffSplits(text, comma, bufSize, size%2 == 0); d != "" {
			t.Errorf("%q (delimiter %q, buffer %d): %s", text, comma, bufSize, d)
		}
	})
}
