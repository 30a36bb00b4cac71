package xlsx

import (
	"bytes"
	"unicode/utf16"
	"unicode/utf8"
)

// SniffLen is how many leading bytes of a file Sniff looks at.
const SniffLen = 512

var (
	oleMagic      = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
	zipMagic      = []byte("PK\x03\x04")
	zipEmptyMagic = []byte("PK\x05\x06")
)

// Sniff names what a file looks like from its first bytes (up to
// SniffLen), in words that follow "looks like": "a zip archive", "an OLE
// compound file (a password-protected workbook or a legacy .xls)", "Excel
// 2003 XML (SpreadsheetML)", "HTML", "XML", "CSV text", "tab-separated
// text", "plain text", "a PDF document", "an empty file", "binary data of
// an unknown kind", and a few more. Files saved as .xls or .xlsx by web
// applications are often HTML, SpreadsheetML or CSV text.
func Sniff(head []byte) string {
	if len(head) > SniffLen {
		head = head[:SniffLen]
	}
	switch {
	case len(head) == 0:
		return "an empty file"
	case bytes.HasPrefix(head, oleMagic):
		return "an OLE compound file (a password-protected workbook or a legacy .xls)"
	case bytes.HasPrefix(head, zipMagic), bytes.HasPrefix(head, zipEmptyMagic), bytes.HasPrefix(head, []byte("PK\x07\x08")):
		return "a zip archive"
	case bytes.HasPrefix(head, []byte("%PDF-")):
		return "a PDF document"
	case bytes.HasPrefix(head, []byte(`{\rtf`)):
		return "RTF text"
	case bytes.HasPrefix(head, []byte{0x1F, 0x8B}):
		return "a gzip file"
	case bytes.HasPrefix(head, []byte("7z\xBC\xAF\x27\x1C")):
		return "a 7-Zip archive"
	case bytes.HasPrefix(head, []byte("Rar!\x1A\x07")):
		return "a RAR archive"
	case bytes.HasPrefix(head, []byte{0x09, 0x08}) || bytes.HasPrefix(head, []byte{0x09, 0x04}):
		return "a legacy Excel binary worksheet (BIFF)"
	}
	text, ok := asText(head)
	if !ok {
		return "binary data of an unknown kind"
	}
	return sniffText(text)
}

// asText decodes head as text: UTF-16 with a byte order mark, else UTF-8
// (with or without a mark) or a single-byte code page such as
// Windows-1252. It reports false for binary data.
func asText(head []byte) ([]byte, bool) {
	if len(head) >= 2 && (head[0] == 0xFF && head[1] == 0xFE || head[0] == 0xFE && head[1] == 0xFF) {
		be := head[0] == 0xFE
		units := make([]uint16, 0, len(head)/2)
		for i := 2; i+1 < len(head); i += 2 {
			if be {
				units = append(units, uint16(head[i])<<8|uint16(head[i+1]))
			} else {
				units = append(units, uint16(head[i+1])<<8|uint16(head[i]))
			}
		}
		head = []byte(string(utf16.Decode(units)))
	}
	head = bytes.TrimPrefix(head, []byte{0xEF, 0xBB, 0xBF})
	control := 0
	for i := 0; i < len(head); {
		r, size := utf8.DecodeRune(head[i:])
		switch {
		case r == 0:
			return nil, false
		case r < 0x20 && r != '\t' && r != '\n' && r != '\r' && r != '\f':
			control++
		}
		i += size
	}
	return head, control*20 <= len(head)
}

// sniffText names a kind of text: markup or delimited lines.
func sniffText(text []byte) string {
	t := bytes.TrimLeft(text, " \t\r\n")
	lower := bytes.ToLower(t)
	if len(t) > 0 && t[0] == '<' {
		switch {
		case bytes.Contains(lower, []byte("urn:schemas-microsoft-com:office:spreadsheet")),
			bytes.Contains(lower, []byte("progid=\"excel.sheet\"")),
			bytes.Contains(lower, []byte("<workbook")) && !bytes.Contains(lower, []byte("<html")):
			return "Excel 2003 XML (SpreadsheetML)"
		case bytes.Contains(lower, []byte("<html")), bytes.HasPrefix(lower, []byte("<!doctype html")),
			bytes.Contains(lower, []byte("<table")), bytes.Contains(lower, []byte("<body")):
			return "HTML"
		}
		return "XML"
	}
	line := t
	if i := bytes.IndexAny(line, "\r\n"); i >= 0 {
		line = line[:i]
	}
	switch {
	case bytes.IndexByte(line, '\t') >= 0:
		return "tab-separated text"
	case bytes.IndexByte(line, ',') >= 0 || bytes.IndexByte(line, ';') >= 0:
		return "CSV text"
	}
	return "plain text"
}
