package xlsx

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"
)

// The scanner is a hand-written pull tokenizer over an inflated XML part.
// encoding/xml reads about 20 MB/s; a worksheet is hundreds of MB, so the
// hot path here is bytes.IndexByte to the next '<' and a small parser for
// the tag found there. It knows just enough XML for the parts of a
// workbook: start, end and empty-element tags with attributes in either
// quote, text with the five predefined entities and numeric character
// references, CDATA sections, comments and processing instructions. A
// document type declaration (<!DOCTYPE ...>, which is where <!ENTITY>
// lives) is refused, so nothing is ever expanded.

const (
	scanBufSize = 512 << 10 // initial buffer; grows for long tokens
	maxTokenLen = 16 << 20  // longest tag, text run, comment or CDATA section
)

// tagKind is what kind of markup the scanner stopped at.
type tagKind uint8

const (
	startTag tagKind = iota + 1 // <name ...>
	emptyTag                    // <name .../>
	endTag                      // </name>
)

// attr is one attribute of the current tag: where its local name and raw
// value (entities not yet decoded) lie in the tag's bytes. Offsets, not
// slices: the hot loop then stores no pointers.
type attr struct {
	ns, ne, vs, ve int32
}

// tag is the current tag. Its slices alias the scanner's buffer and are
// valid until the scanner reads on.
type tag struct {
	kind  tagKind
	b     []byte // the whole tag
	name  []byte // local name, prefix removed
	attrs []attr
}

func (t *tag) is(name string) bool { return string(t.name) == name }

// attrName and attrValue return an attribute's local name and raw value.
func (t *tag) attrName(a attr) []byte  { return t.b[a.ns:a.ne] }
func (t *tag) attrValue(a attr) []byte { return t.b[a.vs:a.ve] }

// errDTD is the reason given for a document type declaration.
var errDTD = errors.New("has a document type declaration (<!DOCTYPE> or <!ENTITY>), which no spreadsheet program writes")

// syntaxError is malformed XML; the reader wraps it in ErrCorrupt with
// where it happened.
type syntaxError struct{ msg string }

func (e *syntaxError) Error() string { return e.msg }

func syntaxErr(format string, args ...any) error {
	return &syntaxError{msg: fmt.Sprintf(format, args...)}
}

type scanner struct {
	src  io.Reader
	buf  []byte
	r, w int   // unread bytes are buf[r:w]
	base int64 // bytes of the input before buf[0]
	eof  bool  // src is exhausted
	err  error // src's error other than io.EOF, sticky
	tag  tag
	tmp  []byte // scratch for attribute values with entities
}

// newScanner reads src, which should hold size bytes (a hint for the
// buffer, which grows when it must).
func newScanner(src io.Reader, size int64) *scanner {
	return &scanner{src: src, buf: make([]byte, bufferSize(size, scanBufSize))}
}

// more reads more input, keeping buf[s.r:]. It reports false when no
// more input will come (at EOF or on an error, which s.err holds).
func (s *scanner) more() bool {
	if s.eof || s.err != nil {
		return false
	}
	if s.r > 0 {
		s.base += int64(s.r)
		n := copy(s.buf, s.buf[s.r:s.w])
		s.r, s.w = 0, n
	}
	if s.w == len(s.buf) {
		if len(s.buf) >= maxTokenLen {
			s.err = fmt.Errorf("%w: holds an XML token over %d MiB", ErrTooLarge, maxTokenLen>>20)
			return false
		}
		nb := make([]byte, min(2*len(s.buf), maxTokenLen))
		copy(nb, s.buf[:s.w])
		s.buf = nb
	}
	for range 100 {
		n, err := s.src.Read(s.buf[s.w:])
		s.w += n
		if err == io.EOF {
			s.eof = true
			return n > 0
		}
		if err != nil {
			s.err = err
			return n > 0
		}
		if n > 0 {
			return true
		}
	}
	s.err = io.ErrNoProgress
	return false
}

// offset is how many bytes of the input have been read past.
func (s *scanner) offset() int64 { return s.base + int64(s.r) }

// endErr is the error for input that ended where more was needed.
func (s *scanner) endErr(where string) error {
	if s.err != nil {
		return s.err
	}
	return syntaxErr("ends %s", where)
}

// next advances to the next start, empty or end tag, skipping text,
// comments, processing instructions and CDATA sections. It returns false
// with a nil error at the end of the input.
func (s *scanner) next() (bool, error) {
	for {
		if s.r < s.w && s.buf[s.r] == '<' { // tags often abut
			markup, err := s.markup()
			if err != nil || markup {
				return markup, err
			}
			continue
		}
		i := bytes.IndexByte(s.buf[s.r:s.w], '<')
		if i < 0 {
			s.r = s.w
			if !s.more() {
				return false, s.err
			}
			continue
		}
		s.r += i
		markup, err := s.markup()
		if err != nil {
			return false, err
		}
		if markup {
			return true, nil
		}
	}
}

// markup reads the markup at s.buf[s.r] == '<'. It reports true for a
// tag (now in s.tag) and false for a comment, processing instruction or
// CDATA section, which it skips.
func (s *scanner) markup() (bool, error) {
	for {
		n, isTag, err := s.parseMarkup(s.buf[s.r:s.w])
		if err != nil {
			return false, err
		}
		if n > 0 {
			s.r += n
			return isTag, nil
		}
		if !s.more() {
			return false, s.endErr("inside a tag")
		}
	}
}

var (
	cdataOpen    = []byte("<![CDATA[")
	cdataClose   = []byte("]]>")
	commentOpen  = []byte("<!--")
	commentClose = []byte("-->")
	piClose      = []byte("?>")
)

// parseMarkup parses the markup at the start of b (b[0] == '<'). It
// returns the bytes consumed, or 0 when b ends before the markup does.
func (s *scanner) parseMarkup(b []byte) (int, bool, error) {
	if len(b) < 2 {
		return 0, false, nil
	}
	switch b[1] {
	case '/':
		j := bytes.IndexByte(b, '>')
		if j < 0 {
			return 0, false, nil
		}
		name := b[2:j]
		for len(name) > 0 && isSpace(name[len(name)-1]) {
			name = name[:len(name)-1]
		}
		if len(name) == 0 {
			return 0, false, syntaxErr("has an end tag with no name")
		}
		s.tag = tag{kind: endTag, b: b[:j+1], name: localName(name), attrs: s.tag.attrs[:0]}
		return j + 1, true, nil
	case '?':
		j := bytes.Index(b[2:], piClose)
		if j < 0 {
			return 0, false, nil
		}
		return j + 4, false, nil
	case '!':
		if bytes.HasPrefix(b, commentOpen) {
			j := bytes.Index(b[4:], commentClose)
			if j < 0 {
				return 0, false, nil
			}
			return j + 7, false, nil
		}
		if bytes.HasPrefix(b, cdataOpen) {
			j := bytes.Index(b[9:], cdataClose)
			if j < 0 {
				return 0, false, nil
			}
			return j + 12, false, nil
		}
		if len(b) < len(cdataOpen) && (bytes.HasPrefix(cdataOpen, b) || bytes.HasPrefix(commentOpen, b)) {
			return 0, false, nil
		}
		return 0, false, errDTD
	}
	return s.parseStartTag(b)
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// parseStartTag parses <name attr="v" ...> or <name .../> at b[0].
func (s *scanner) parseStartTag(b []byte) (int, bool, error) {
	i := 1
	for i < len(b) && !isSpace(b[i]) && b[i] != '>' && b[i] != '/' {
		i++
	}
	if i == len(b) {
		return 0, false, nil
	}
	if i == 1 {
		return 0, false, syntaxErr("has a '<' that starts no tag")
	}
	t := &s.tag
	t.name = localName(b[1:i])
	t.attrs = t.attrs[:0]
	for {
		for i < len(b) && isSpace(b[i]) {
			i++
		}
		if i == len(b) {
			return 0, false, nil
		}
		switch b[i] {
		case '>':
			t.kind = startTag
			t.b = b[:i+1]
			return i + 1, true, nil
		case '/':
			if i+1 == len(b) {
				return 0, false, nil
			}
			if b[i+1] != '>' {
				return 0, false, syntaxErr("has a '/' inside tag <%s>", t.name)
			}
			t.kind = emptyTag
			t.b = b[:i+2]
			return i + 2, true, nil
		}
		ns, start := i, i
		for i < len(b) && !isSpace(b[i]) && b[i] != '=' && b[i] != '>' && b[i] != '/' {
			if b[i] == ':' {
				ns = i + 1 // the local name follows the prefix
			}
			i++
		}
		ne := i
		for i < len(b) && isSpace(b[i]) {
			i++
		}
		if i == len(b) {
			return 0, false, nil
		}
		if b[i] != '=' || ne == start {
			return 0, false, syntaxErr("has an attribute with no value in tag <%s>", t.name)
		}
		i++
		for i < len(b) && isSpace(b[i]) {
			i++
		}
		if i == len(b) {
			return 0, false, nil
		}
		q := b[i]
		if q != '"' && q != '\'' {
			return 0, false, syntaxErr("has an unquoted attribute value in tag <%s>", t.name)
		}
		j := bytes.IndexByte(b[i+1:], q)
		if j < 0 {
			return 0, false, nil
		}
		t.attrs = append(t.attrs, attr{ns: int32(ns), ne: int32(ne), vs: int32(i + 1), ve: int32(i + 1 + j)})
		i += j + 2
	}
}

// localName strips a namespace prefix: x:c is c.
func localName(name []byte) []byte {
	if i := bytes.LastIndexByte(name, ':'); i >= 0 {
		return name[i+1:]
	}
	return name
}

// attrValue returns an attribute value with its entities decoded. The
// result may alias the scanner's buffers.
func (s *scanner) attrValue(v []byte) ([]byte, error) {
	if bytes.IndexByte(v, '&') < 0 {
		return v, nil
	}
	out := s.tmp[:0]
	for len(v) > 0 {
		i := bytes.IndexByte(v, '&')
		if i < 0 {
			out = append(out, v...)
			break
		}
		out = append(out, v[:i]...)
		j := bytes.IndexByte(v[i:], ';')
		if j < 0 {
			return nil, syntaxErr("has an '&' that starts no entity")
		}
		var err error
		if out, err = appendEntity(out, v[i+1:i+j]); err != nil {
			return nil, err
		}
		v = v[i+j+1:]
	}
	s.tmp = out
	return out, nil
}

// text appends the character data at the read position to dst, decoded
// (entities, CDATA, line ends normalised to \n as XML requires), up to the
// next tag, which it leaves unread. Comments and processing instructions
// inside the text are skipped.
func (s *scanner) text(dst []byte) ([]byte, error) {
	for {
		b := s.buf[s.r:s.w]
		i := 0
		for i < len(b) {
			c := b[i]
			if c == '<' || c == '&' || c == '\r' {
				break
			}
			i++
		}
		dst = append(dst, b[:i]...)
		s.r += i
		if len(dst) > maxTokenLen {
			return dst, fmt.Errorf("%w: holds a text over %d MiB", ErrTooLarge, maxTokenLen>>20)
		}
		if i == len(b) {
			if !s.more() {
				return dst, s.endErr("inside a text")
			}
			continue
		}
		var err error
		var done bool
		switch b[i] {
		case '<':
			dst, done, err = s.textMarkup(dst)
			if done || err != nil {
				return dst, err
			}
		case '&':
			dst, err = s.textEntity(dst)
			if err != nil {
				return dst, err
			}
		case '\r':
			if s.r+1 == s.w {
				if s.more() {
					continue
				}
				if s.err != nil {
					return dst, s.err
				}
			}
			dst = append(dst, '\n')
			s.r++
			if s.r < s.w && s.buf[s.r] == '\n' {
				s.r++
			}
		}
	}
}

// textMarkup handles a '<' met inside text: CDATA is text, comments and
// processing instructions are skipped, anything else ends the text.
func (s *scanner) textMarkup(dst []byte) ([]byte, bool, error) {
	for {
		b := s.buf[s.r:s.w]
		if len(b) < len(cdataOpen) && !s.eof && s.err == nil &&
			(bytes.HasPrefix(cdataOpen, b) || bytes.HasPrefix(commentOpen, b) || bytes.Equal(b, []byte("<"))) {
			if !s.more() && s.err != nil {
				return dst, false, s.err
			}
			continue
		}
		switch {
		case bytes.HasPrefix(b, cdataOpen):
			j := bytes.Index(b[9:], cdataClose)
			if j < 0 {
				if !s.more() {
					return dst, false, s.endErr("inside a CDATA section")
				}
				continue
			}
			dst = appendNormalized(dst, b[9:9+j])
			s.r += j + 12
			return dst, false, nil
		case bytes.HasPrefix(b, commentOpen), len(b) > 1 && b[1] == '?':
			n, _, err := s.parseMarkup(b)
			if err != nil {
				return dst, false, err
			}
			if n == 0 {
				if !s.more() {
					return dst, false, s.endErr("inside a comment")
				}
				continue
			}
			s.r += n
			return dst, false, nil
		}
		return dst, true, nil
	}
}

// appendNormalized appends b with \r\n and lone \r turned into \n.
func appendNormalized(dst, b []byte) []byte {
	for {
		i := bytes.IndexByte(b, '\r')
		if i < 0 {
			return append(dst, b...)
		}
		dst = append(dst, b[:i]...)
		dst = append(dst, '\n')
		b = b[i+1:]
		if len(b) > 0 && b[0] == '\n' {
			b = b[1:]
		}
	}
}

// textEntity decodes the entity at s.buf[s.r] == '&'.
func (s *scanner) textEntity(dst []byte) ([]byte, error) {
	for {
		b := s.buf[s.r:s.w]
		j := bytes.IndexByte(b[:min(len(b), 16)], ';')
		if j < 0 {
			if len(b) >= 16 {
				return dst, syntaxErr("has an '&' that starts no entity")
			}
			if !s.more() {
				return dst, s.endErr("inside an entity")
			}
			continue
		}
		var err error
		dst, err = appendEntity(dst, b[1:j])
		s.r += j + 1
		return dst, err
	}
}

// appendEntity appends the character that entity name (between & and ;)
// stands for: one of the five predefined entities or a character
// reference. Anything else is an error: nothing is ever expanded.
func appendEntity(dst, name []byte) ([]byte, error) {
	switch string(name) {
	case "lt":
		return append(dst, '<'), nil
	case "gt":
		return append(dst, '>'), nil
	case "amp":
		return append(dst, '&'), nil
	case "apos":
		return append(dst, '\''), nil
	case "quot":
		return append(dst, '"'), nil
	}
	if len(name) < 2 || name[0] != '#' {
		return dst, syntaxErr("has an unknown entity &%s;", truncate(name))
	}
	digits, base := name[1:], rune(10)
	if digits[0] == 'x' {
		digits, base = digits[1:], 16
	}
	if len(digits) == 0 || len(digits) > 8 {
		return dst, syntaxErr("has a bad character reference &%s;", truncate(name))
	}
	var r rune
	for _, c := range digits {
		var d rune
		switch {
		case c >= '0' && c <= '9':
			d = rune(c - '0')
		case base == 16 && c >= 'a' && c <= 'f':
			d = rune(c-'a') + 10
		case base == 16 && c >= 'A' && c <= 'F':
			d = rune(c-'A') + 10
		default:
			return dst, syntaxErr("has a bad character reference &%s;", truncate(name))
		}
		r = r*base + d
	}
	if !isXMLChar(r) {
		return dst, syntaxErr("has a character reference &%s; to a character XML does not allow", truncate(name))
	}
	return utf8.AppendRune(dst, r), nil
}

// isXMLChar reports whether r may appear in an XML 1.0 document (the Char
// production), as encoding/xml checks.
func isXMLChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD ||
		r >= 0x10000 && r <= 0x10FFFF
}

func truncate(b []byte) string {
	if len(b) > 20 {
		return string(b[:20]) + "…"
	}
	return string(b)
}

// skip skips the rest of the element whose start tag was just read,
// children and all.
func (s *scanner) skip() error {
	if s.tag.kind != startTag {
		return nil
	}
	depth := 1
	for {
		ok, err := s.next()
		if err != nil {
			return err
		}
		if !ok {
			return s.endErr("inside an element")
		}
		switch s.tag.kind {
		case startTag:
			depth++
		case endTag:
			depth--
			if depth == 0 {
				return nil
			}
		}
	}
}

// elementText reads the text content of the element named name whose
// start tag was just read, appending it to dst. Child elements are
// skipped; their text is not included (as encoding/xml's chardata).
func (s *scanner) elementText(dst []byte, name string) ([]byte, error) {
	if s.tag.kind != startTag {
		return dst, nil
	}
	// The common case, <v>123</v>: plain text, then the end tag.
	b := s.buf[s.r:s.w]
	i := 0
	for i < len(b) && b[i] != '<' && b[i] != '&' && b[i] != '\r' {
		i++
	}
	if end := i + 3 + len(name); end <= len(b) && b[i] == '<' && b[i+1] == '/' &&
		string(b[i+2:end-1]) == name && b[end-1] == '>' {
		s.r += end
		return append(dst, b[:i]...), nil
	}
	for {
		var err error
		if dst, err = s.text(dst); err != nil {
			return dst, err
		}
		ok, err := s.next()
		if err != nil {
			return dst, err
		}
		if !ok {
			return dst, s.endErr("inside <" + name + ">")
		}
		switch s.tag.kind {
		case endTag:
			if s.tag.is(name) {
				return dst, nil
			}
			return dst, syntaxErr("has </%s> inside <%s>", s.tag.name, name)
		case startTag:
			if err := s.skip(); err != nil {
				return dst, err
			}
		}
	}
}

// richText reads the text of a string item (<si> or <is>, whose start tag
// was just read, named name): its <t>, and the <t> of each run <r>, in
// document order. Phonetic runs (<rPh>) and properties are skipped. The
// text is appended to dst as written, before _xHHHH_ unescaping.
func (s *scanner) richText(dst []byte, name string) ([]byte, error) {
	if s.tag.kind != startTag {
		return dst, nil
	}
	depth := 0 // 1 inside <r>
	for {
		ok, err := s.next()
		if err != nil {
			return dst, err
		}
		if !ok {
			return dst, s.endErr("inside <" + name + ">")
		}
		t := &s.tag
		switch t.kind {
		case endTag:
			if depth == 1 && t.is("r") {
				depth = 0
				continue
			}
			if depth == 0 && t.is(name) {
				return dst, nil
			}
			return dst, syntaxErr("has </%s> inside <%s>", t.name, name)
		case startTag:
			switch {
			case t.is("t"):
				if dst, err = s.elementText(dst, "t"); err != nil {
					return dst, err
				}
			case depth == 0 && t.is("r"):
				depth = 1
			default:
				if err := s.skip(); err != nil {
					return dst, err
				}
			}
		}
	}
}

// prolog checks the start of a part: a UTF-8 byte order mark is skipped;
// a UTF-16 one, or an XML declaration naming another encoding, is
// ErrUnsupported.
func (s *scanner) prolog() error {
	for s.w-s.r < 3 && s.more() {
	}
	if s.err != nil {
		return s.err
	}
	b := s.buf[s.r:s.w]
	switch {
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		s.r += 3
	case bytes.HasPrefix(b, []byte{0xFE, 0xFF}), bytes.HasPrefix(b, []byte{0xFF, 0xFE}):
		return fmt.Errorf("%w: a part is encoded in UTF-16, not UTF-8", ErrUnsupported)
	}
	b = s.buf[s.r:s.w]
	if !bytes.HasPrefix(b, []byte("<?xml")) {
		return nil
	}
	for !bytes.Contains(s.buf[s.r:s.w], piClose) {
		if !s.more() {
			return s.endErr("inside the XML declaration")
		}
	}
	b = s.buf[s.r:s.w]
	decl := b[:bytes.Index(b, piClose)]
	if i := bytes.Index(decl, []byte("encoding")); i >= 0 {
		rest := bytes.TrimLeft(decl[i+len("encoding"):], " \t\r\n=")
		if len(rest) > 0 && (rest[0] == '"' || rest[0] == '\'') {
			rest = rest[1:]
			if j := bytes.IndexAny(rest, `"'`); j >= 0 {
				enc := string(bytes.ToLower(rest[:j]))
				if enc != "utf-8" && enc != "utf8" && enc != "us-ascii" && enc != "ascii" {
					return fmt.Errorf("%w: a part is encoded in %s, not UTF-8", ErrUnsupported, rest[:j])
				}
			}
		}
	}
	return nil
}
