package report

// The emailed scorecard (the spec's section 7): Subject fills the subject
// template, Compose builds the message with the workbook attached,
// ComposeAll adds one message per owner about their own clients, Send
// delivers a message over SMTP.
//
// Nothing from the inputs reaches a header: client names, evidence and file
// paths go only into the bodies (the HTML one through html/template, so
// escaped); the subject holds only the template's own text, numbers, the
// as-of date and, in an owner's message, the owner's name as the config
// writes it.

import (
	"bytes"
	"crypto/tls"
	"errors"
	"fmt"
	"html/template"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/wneessen/go-mail"

	"clientscore/analysis"
	"clientscore/internal/clip"
)

// MailSettings is what delivery needs; cmd fills it from the config.
type MailSettings struct {
	Host string
	Port int // 0 = 587 for starttls, 465 for tls, 25 for none
	// Security is "starttls" (STARTTLS required), "tls" (implicit TLS) or
	// "none" (plain SMTP, for a local relay).
	Security string
	// Username logs in (SMTP AUTH) when not empty. Password comes from the
	// environment variable the config names; it is never logged, and
	// String and JSON leave it out.
	Username string
	Password string   `json:"-"`
	From     string   // one address, "Name <a@b>" allowed
	To, Cc   []string // addresses; To needs at least one
	// Subject is a template with {date} {unprofitable} {review} {watch}
	// {clients}; see Subject.
	Subject string
	// Owners maps an owner's name, as the clients input's owner column
	// writes it, to their address: each owner also gets a message about
	// their own clients (ComposeAll).
	Owners map[string]string
	// MaxAttachmentBytes is the largest workbook attached, in bytes; a
	// larger one is left out and the body says where it is. 0 = 15 MB
	// (15 × 10^6 bytes, the spec's default).
	MaxAttachmentBytes int64
	Timeout            time.Duration   // per try; 0 = 30s
	Retries            int             // tries in all; 0 = 3
	Backoff            []time.Duration // pauses between tries, the last repeating; nil = 2s, 8s
	TLSConfig          *tls.Config     // nil = the system's roots, server name Host
}

// String describes the settings without the password:
// "starttls://cs@mail.example.com:587".
func (s MailSettings) String() string {
	user := ""
	if s.Username != "" {
		user = s.Username + "@"
	}
	return s.Security + "://" + user + s.addr()
}

// Defaults of MailSettings' zero fields.
const (
	defaultMaxAttachment = 15_000_000
	defaultMailTimeout   = 30 * time.Second
	defaultMailTries     = 3
)

var defaultBackoff = []time.Duration{2 * time.Second, 8 * time.Second}

// port returns the port to connect to: Port, or the usual one for Security.
func (s MailSettings) port() int {
	switch {
	case s.Port != 0:
		return s.Port
	case s.Security == "tls":
		return 465
	case s.Security == "none":
		return 25
	}
	return 587
}

func (s MailSettings) addr() string {
	return net.JoinHostPort(s.Host, strconv.Itoa(s.port()))
}

// subjectFields are the placeholders a subject template may hold.
var subjectFields = []string{"{date}", "{unprofitable}", "{review}", "{watch}", "{clients}"}

// Subject fills the subject template tmpl from sc's result: {date} is the
// as-of date (YYYY-MM-DD), {unprofitable}, {review} and {watch} the number
// of clients with that verdict, {clients} the number of clients. Any other
// {word}, an unmatched brace, an empty result, or a result holding a line
// break or other control character is an error.
func Subject(tmpl string, sc *Scorecard) (string, error) {
	if sc == nil || sc.Result == nil {
		return "", errors.New("report: scorecard has no result")
	}
	p := &sc.Result.Portfolio
	return fillSubject(tmpl, sc.Result.Rules.AsOf, p.Verdicts, p.Clients)
}

// fillSubject fills tmpl as Subject says, from the verdict counts and the
// number of clients given.
func fillSubject(tmpl string, asOf analysis.Date, verdicts [len(analysis.Verdicts)]int, clients int) (string, error) {
	values := map[string]string{
		"{date}":         asOf.String(),
		"{unprofitable}": strconv.Itoa(verdicts[analysis.Unprofitable]),
		"{review}":       strconv.Itoa(verdicts[analysis.Review]),
		"{watch}":        strconv.Itoa(verdicts[analysis.Watch]),
		"{clients}":      strconv.Itoa(clients),
	}
	var b strings.Builder
	for rest := tmpl; rest != ""; {
		i := strings.IndexAny(rest, "{}")
		if i < 0 {
			b.WriteString(rest)
			break
		}
		if rest[i] == '}' {
			return "", fmt.Errorf("report: email subject %q has a } with no { before it", tmpl)
		}
		end := strings.IndexByte(rest[i:], '}')
		if end < 0 {
			return "", fmt.Errorf("report: email subject %q has a { with no } after it", tmpl)
		}
		name := rest[i : i+end+1]
		v, ok := values[name]
		if !ok {
			return "", fmt.Errorf("report: email subject %q: %s is not a placeholder (use %s)",
				tmpl, name, strings.Join(subjectFields, " "))
		}
		b.WriteString(rest[:i])
		b.WriteString(v)
		rest = rest[i+end+1:]
	}
	return checkSubject(b.String())
}

// checkSubject refuses a subject that is empty, not UTF-8, or holds a line
// break or other control character (which could add mail headers).
func checkSubject(subject string) (string, error) {
	if strings.TrimSpace(subject) == "" {
		return "", errors.New("report: email subject is empty")
	}
	if !utf8.ValidString(subject) {
		return "", fmt.Errorf("report: email subject %q is not valid UTF-8", subject)
	}
	for _, r := range subject {
		if isLineBreakOrControl(r) {
			return "", fmt.Errorf("report: email subject %q holds a line break or control character, which could add mail headers", subject)
		}
	}
	return subject, nil
}

// isLineBreakOrControl reports whether r is a control character (C0, DEL,
// C1, tab included) or a Unicode line or paragraph separator.
func isLineBreakOrControl(r rune) bool {
	return unicode.IsControl(r) || r == '\u2028' || r == '\u2029'
}

// The attachment's content type.
const xlsxType mail.ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// Message is one email of a run.
type Message struct {
	// Owner is "" for the scorecard message to MailSettings.To and Cc;
	// otherwise the owner's name as MailSettings.Owners writes it, and the
	// message covers that owner's clients only.
	Owner string
	// To is the message's recipients, as the settings write them.
	To []string
	// Clients is how many clients the message covers: all of the
	// scorecard's, or the owner's (0 when no client has that owner).
	Clients int
	Msg     *mail.Msg
}

// Compose builds the scorecard email to s.To and s.Cc: a plain-text body
// with an HTML alternative saying who to call and why (see mailView), and
// the workbook at workbookPath attached under its base name. A workbook
// larger than s.MaxAttachmentBytes is not attached; both bodies then say
// so and give its full path.
//
// Addresses come from s alone and the subject from Subject; client names,
// evidence and paths appear only in the bodies.
func Compose(s MailSettings, sc *Scorecard, workbookPath string) (*mail.Msg, error) {
	s.Owners = nil
	msgs, err := ComposeAll(s, sc, workbookPath)
	if err != nil {
		return nil, err
	}
	return msgs[0].Msg, nil
}

// ComposeAll builds the scorecard email (Compose) and, for each owner in
// s.Owners by name, one to that owner's address about the clients whose
// owner (the clients input's owner column) is that name, compared with
// case, spacing and Unicode form folded. Each has the same workbook
// attached, read once. An owner's subject is the template filled with
// their own clients' counts, followed by "(clients of NAME)". An owner no
// client names still gets a message, saying so.
func ComposeAll(s MailSettings, sc *Scorecard, workbookPath string) ([]Message, error) {
	if sc == nil || sc.Result == nil {
		return nil, errors.New("report: scorecard has no result")
	}
	att, err := readAttachment(s, workbookPath)
	if err != nil {
		return nil, err
	}
	main, err := composeOne(s, sc, att, "")
	if err != nil {
		return nil, err
	}
	msgs := []Message{main}
	owners := make([]string, 0, len(s.Owners))
	for name := range s.Owners {
		owners = append(owners, name)
	}
	slices.Sort(owners)
	for _, name := range owners {
		m, err := composeOne(s, sc, att, name)
		if err != nil {
			return nil, err
		}
		msgs = append(msgs, m)
	}
	return msgs, nil
}

// attachment is the workbook as every message of a run carries it: read
// once, or too large to attach.
type attachment struct {
	name     string // base name
	full     string // absolute path
	data     []byte // nil when too large
	size     int64
	limit    int64
	tooLarge bool
}

// readAttachment reads the workbook at path, unless it is over s's limit.
// The bytes attached are the bytes measured: the file is read once, here.
func readAttachment(s MailSettings, path string) (*attachment, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("report: email attachment: %w", err)
	}
	full, err := filepath.Abs(path)
	if err != nil {
		full = path
	}
	a := &attachment{name: filepath.Base(path), full: full, size: info.Size(), limit: s.MaxAttachmentBytes}
	if a.limit <= 0 {
		a.limit = defaultMaxAttachment
	}
	if a.size > a.limit {
		a.tooLarge = true
		return a, nil
	}
	if a.data, err = os.ReadFile(path); err != nil {
		return nil, fmt.Errorf("report: email attachment: %w", err)
	}
	return a, nil
}

// composeOne builds the scorecard message (owner "") or owner's message.
func composeOne(s MailSettings, sc *Scorecard, att *attachment, owner string) (Message, error) {
	m := Message{Owner: owner, To: s.To}
	v := newMailView(sc, att, owner)
	m.Clients = v.Clients
	subject, err := fillSubject(s.Subject, sc.Result.Rules.AsOf, v.Verdicts, v.Clients)
	if err != nil {
		return m, err
	}
	msg := mail.NewMsg()
	if err := msg.From(s.From); err != nil {
		return m, fmt.Errorf("report: email from: %w", err)
	}
	if owner == "" {
		if len(s.To) == 0 {
			return m, errors.New("report: email has no recipient (to)")
		}
		if err := msg.To(s.To...); err != nil {
			return m, fmt.Errorf("report: email to: %w", err)
		}
		if len(s.Cc) > 0 {
			if err := msg.Cc(s.Cc...); err != nil {
				return m, fmt.Errorf("report: email cc: %w", err)
			}
		}
	} else {
		m.To = []string{s.Owners[owner]}
		quoted := clip.Runes(bodyText(owner), 80)
		if err := msg.To(s.Owners[owner]); err != nil {
			return m, fmt.Errorf("report: email to owner %q: %w", quoted, err)
		}
		if subject, err = checkSubject(subject + " (clients of " + clip.Runes(strings.TrimSpace(owner), 80) + ")"); err != nil {
			return m, fmt.Errorf("report: email owner %q: %w", quoted, err)
		}
	}
	msg.Subject(subject)
	msg.SetDate()
	msg.SetMessageID()
	if !att.tooLarge {
		msg.AttachReadSeeker(att.name, bytes.NewReader(att.data), mail.WithFileContentType(xlsxType))
	}
	msg.SetBodyString(mail.TypeTextPlain, v.text())
	var html bytes.Buffer
	if err := mailHTML.Execute(&html, v); err != nil {
		return m, fmt.Errorf("report: email body: %w", err)
	}
	msg.AddAlternativeString(mail.TypeTextHTML, html.String())
	m.Msg = msg
	return m, nil
}

// verdictColour is a verdict's fill and text colour (hex RGB): the
// workbook's, or black on grey for a verdict the workbook does not colour.
func verdictColour(v analysis.Verdict) (fill, font string) {
	c := verdictColours[v]
	if c.fill == "" || c.font == "" {
		return "EDEDED", "000000"
	}
	return c.fill, c.font
}

// verdictCSS is the inline style of a verdict's badge.
func verdictCSS(v analysis.Verdict) template.CSS {
	fill, font := verdictColour(v)
	// Both colours are constants of this package, never input.
	return template.CSS("background-color: #" + fill + "; color: #" + font + ";")
}

// verdictFill is the verdict's fill colour alone, as a CSS colour.
func verdictFill(v analysis.Verdict) template.CSS {
	fill, _ := verdictColour(v)
	return template.CSS("#" + fill) // a constant of this package, never input
}

// bodyText makes s one clean line for an email body: invalid UTF-8 becomes
// U+FFFD, line breaks, tabs and other control characters a space.
func bodyText(s string) string {
	clean := true
	for _, r := range s {
		if r == utf8.RuneError || isLineBreakOrControl(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if isLineBreakOrControl(r) {
			r = ' '
		}
		b.WriteRune(r)
	}
	return b.String()
}

// sizeText writes a file size in megabytes (10^6 bytes) with one decimal,
// or in bytes when under a kilobyte: "23.4 MB", "512 bytes".
func sizeText(n int64) string {
	switch {
	case n < 1000:
		return plural(int(n), "byte")
	case n < 1_000_000:
		return strconv.FormatFloat(float64(n)/1e3, 'f', 1, 64) + " kB"
	}
	return strconv.FormatFloat(float64(n)/1e6, 'f', 1, 64) + " MB"
}
