package report

// The emailed scorecard (the spec's section 7): Subject fills the subject
// template, Compose builds the message with the workbook attached, Send
// delivers it over SMTP with a fixed number of tries.
//
// Nothing from the inputs reaches a header: client names, evidence and file
// paths go only into the bodies (the HTML one through html/template, so
// escaped); the subject holds only the template's own text, numbers and
// the as-of date.

import (
	"bytes"
	"crypto/tls"
	"errors"
	"fmt"
	"html/template"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/wneessen/go-mail"

	"clientscore/analysis"
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
	values := map[string]string{
		"{date}":         sc.Result.Rules.AsOf.String(),
		"{unprofitable}": strconv.Itoa(p.Verdicts[analysis.Unprofitable]),
		"{review}":       strconv.Itoa(p.Verdicts[analysis.Review]),
		"{watch}":        strconv.Itoa(p.Verdicts[analysis.Watch]),
		"{clients}":      strconv.Itoa(p.Clients),
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
	subject := b.String()
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

// Compose builds the scorecard email: a plain-text body with an HTML
// alternative, both giving the verdict counts, the changes since the
// previous scorecard and each flagged client with its evidence, and the
// workbook at workbookPath attached under its base name. A workbook larger
// than s.MaxAttachmentBytes is not attached; both bodies then say so and
// give its full path.
//
// Addresses come from s alone and the subject from Subject; client names,
// evidence and paths appear only in the bodies.
func Compose(s MailSettings, sc *Scorecard, workbookPath string) (*mail.Msg, error) {
	if sc == nil || sc.Result == nil {
		return nil, errors.New("report: scorecard has no result")
	}
	subject, err := Subject(s.Subject, sc)
	if err != nil {
		return nil, err
	}
	msg := mail.NewMsg()
	if err := msg.From(s.From); err != nil {
		return nil, fmt.Errorf("report: email from: %w", err)
	}
	if len(s.To) == 0 {
		return nil, errors.New("report: email has no recipient (to)")
	}
	if err := msg.To(s.To...); err != nil {
		return nil, fmt.Errorf("report: email to: %w", err)
	}
	if len(s.Cc) > 0 {
		if err := msg.Cc(s.Cc...); err != nil {
			return nil, fmt.Errorf("report: email cc: %w", err)
		}
	}
	msg.Subject(subject)
	msg.SetDate()
	msg.SetMessageID()

	// The bytes attached are the bytes measured: the file is read once, here.
	info, err := os.Stat(workbookPath)
	if err != nil {
		return nil, fmt.Errorf("report: email attachment: %w", err)
	}
	full, err := filepath.Abs(workbookPath)
	if err != nil {
		full = workbookPath
	}
	limit := s.MaxAttachmentBytes
	if limit <= 0 {
		limit = defaultMaxAttachment
	}
	v := newMailView(sc, filepath.Base(workbookPath))
	if info.Size() > limit {
		v.TooLarge = true
		v.Path = bodyText(full)
		v.Size = sizeText(info.Size())
		v.Limit = sizeText(limit)
	} else {
		data, err := os.ReadFile(workbookPath)
		if err != nil {
			return nil, fmt.Errorf("report: email attachment: %w", err)
		}
		msg.AttachReadSeeker(filepath.Base(workbookPath), bytes.NewReader(data),
			mail.WithFileContentType(xlsxType))
	}

	msg.SetBodyString(mail.TypeTextPlain, v.text())
	var html bytes.Buffer
	if err := mailHTML.Execute(&html, v); err != nil {
		return nil, fmt.Errorf("report: email body: %w", err)
	}
	msg.AddAlternativeString(mail.TypeTextHTML, html.String())
	return msg, nil
}

// mailView is what both bodies show, every string from the inputs already
// made one clean line.
type mailView struct {
	Headline string // "3 unprofitable, 2 to review, … of 40 clients, as of 2026-10-31"
	Counts   []mailCount
	Previous string   // as-of date of the previous scorecard; "" when this is the first
	Changes  []string // one line each
	Flagged  []mailClient
	Issues   string // "7 data issues: see the Data issues sheet."
	File     string // the workbook's base name
	TooLarge bool   // the workbook was not attached
	Path     string // its full path, when TooLarge
	Size     string // its size, when TooLarge
	Limit    string // the attachment limit, when TooLarge
}

type mailCount struct {
	N     int
	Label string
	Style template.CSS
}

type mailClient struct {
	Name, Verdict  string
	Style          template.CSS // the verdict's colours
	Profit, Margin string
	Flags          []mailFlag
}

type mailFlag struct{ Code, Evidence string }

// maxEvidenceRunes cuts an evidence line in the email; the workbook has it
// whole.
const maxEvidenceRunes = 500

func newMailView(sc *Scorecard, file string) *mailView {
	res := sc.Result
	p := &res.Portfolio
	v := &mailView{File: bodyText(file)}
	labels := [len(analysis.Verdicts)]string{
		analysis.Unprofitable: "unprofitable", analysis.Review: "to review",
		analysis.Watch: "to watch", analysis.Healthy: "healthy",
	}
	parts := make([]string, 0, len(analysis.Verdicts))
	for _, vd := range analysis.Verdicts {
		n := p.Verdicts[vd]
		parts = append(parts, strconv.Itoa(n)+" "+labels[vd])
		v.Counts = append(v.Counts, mailCount{N: n, Label: labels[vd], Style: verdictCSS(vd)})
	}
	v.Headline = strings.Join(parts, ", ") + " of " + plural(p.Clients, "client") +
		", as of " + res.Rules.AsOf.String()

	ch := sc.Changes
	if !ch.Previous.IsZero() {
		v.Previous = ch.Previous.String()
		for _, c := range ch.Verdicts {
			v.Changes = append(v.Changes, bodyText(c.Client)+": "+c.From.String()+" → "+c.To.String())
		}
		for _, f := range ch.NewFlags {
			l := bodyText(f.Client) + ": new flag " + bodyText(string(f.Flag.Code))
			if f.Flag.Evidence != "" {
				l += " (" + cutRunes(bodyText(f.Flag.Evidence), maxEvidenceRunes) + ")"
			}
			v.Changes = append(v.Changes, l)
		}
		for _, name := range ch.NewClients {
			v.Changes = append(v.Changes, "New client: "+bodyText(name))
		}
	}

	currency := res.Rules.Currency
	for i := range res.Clients {
		c := &res.Clients[i]
		if c.Verdict == analysis.Healthy {
			continue
		}
		mc := mailClient{
			Name: bodyText(c.Name), Verdict: c.Verdict.String(), Style: verdictCSS(c.Verdict),
			Profit: analysis.FormatMoney(c.Profit, currency), Margin: "n/a (no revenue)",
		}
		if c.Margin.Valid {
			mc.Margin = percentText(c.Margin.Value)
		}
		for _, f := range c.Flags {
			mc.Flags = append(mc.Flags, mailFlag{Code: bodyText(string(f.Code)), Evidence: cutRunes(bodyText(f.Evidence), maxEvidenceRunes)})
		}
		v.Flagged = append(v.Flagged, mc)
	}

	switch n := len(sc.Issues); n {
	case 0:
		v.Issues = "No data issues."
	default:
		v.Issues = plural(n, "data issue") + ": see the Data issues sheet."
	}
	return v
}

// text is the plain-text body.
func (v *mailView) text() string {
	var b strings.Builder
	b.WriteString(v.Headline + "\n\n")
	if v.Previous == "" {
		b.WriteString("First scorecard: nothing to compare with.\n\n")
	} else {
		b.WriteString("Changes since " + v.Previous + "\n")
		if len(v.Changes) == 0 {
			b.WriteString("No changes.\n")
		}
		for _, c := range v.Changes {
			b.WriteString("- " + c + "\n")
		}
		b.WriteString("\n")
	}
	if len(v.Flagged) == 0 {
		b.WriteString("No flagged clients: every client is Healthy.\n\n")
	} else {
		b.WriteString("Flagged clients (" + strconv.Itoa(len(v.Flagged)) + ")\n\n")
	}
	for _, c := range v.Flagged {
		b.WriteString(c.Name + ": " + c.Verdict + "\n")
		b.WriteString("Profit " + c.Profit + ", margin " + c.Margin + "\n")
		for _, f := range c.Flags {
			b.WriteString("- " + f.Code)
			if f.Evidence != "" {
				b.WriteString(": " + f.Evidence)
			}
			b.WriteString("\n")
		}
		b.WriteString("\n")
	}
	b.WriteString(v.Issues + "\n")
	if v.TooLarge {
		b.WriteString("The workbook " + v.File + " (" + v.Size + ") was too large to attach (the limit is " +
			v.Limit + "). It is at:\n" + v.Path + "\n")
	} else {
		b.WriteString("Workbook attached: " + v.File + "\n")
	}
	return b.String()
}

// mailHTML is the HTML body: plain markup with inline styles that mail
// clients on phones keep. html/template escapes every value.
var mailHTML = template.Must(template.New("email").Parse(`<!DOCTYPE html>
<html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family: Arial, Helvetica, sans-serif; font-size: 15px; line-height: 1.4; color: #000000; margin: 0; padding: 12px;">
<p style="font-size: 17px; font-weight: bold; margin: 0 0 8px 0;">{{.Headline}}</p>
<table style="border-collapse: collapse; margin: 0 0 16px 0;"><tr>
{{- range .Counts}}
<td style="{{.Style}} padding: 4px 8px; text-align: center;"><b>{{.N}}</b> {{.Label}}</td>
{{- end}}
</tr></table>
{{- if .Previous}}
<h3 style="font-size: 16px; margin: 16px 0 4px 0;">Changes since {{.Previous}}</h3>
{{- if .Changes}}
<ul style="margin: 0; padding-left: 20px;">
{{- range .Changes}}
<li>{{.}}</li>
{{- end}}
</ul>
{{- else}}
<p style="margin: 0;">No changes.</p>
{{- end}}
{{- else}}
<p style="margin: 16px 0 0 0;">First scorecard: nothing to compare with.</p>
{{- end}}
{{- if .Flagged}}
<h3 style="font-size: 16px; margin: 16px 0 4px 0;">Flagged clients ({{len .Flagged}})</h3>
{{- range .Flagged}}
<div style="margin: 0 0 12px 0;">
<div><b>{{.Name}}</b> <span style="{{.Style}} padding: 1px 6px;">{{.Verdict}}</span></div>
<div>Profit {{.Profit}}, margin {{.Margin}}</div>
{{- if .Flags}}
<ul style="margin: 2px 0 0 0; padding-left: 20px;">
{{- range .Flags}}
<li><b>{{.Code}}</b>{{if .Evidence}}: {{.Evidence}}{{end}}</li>
{{- end}}
</ul>
{{- end}}
</div>
{{- end}}
{{- else}}
<p style="margin: 16px 0 0 0;">No flagged clients: every client is Healthy.</p>
{{- end}}
<p style="margin: 16px 0 0 0;">{{.Issues}}</p>
{{- if .TooLarge}}
<p style="margin: 8px 0 0 0;">The workbook {{.File}} ({{.Size}}) was too large to attach (the limit is {{.Limit}}). It is at:<br><code>{{.Path}}</code></p>
{{- else}}
<p style="margin: 8px 0 0 0;">Workbook attached: {{.File}}</p>
{{- end}}
</body></html>
`))

// verdictCSS is the inline style of a verdict: the workbook's colours.
func verdictCSS(v analysis.Verdict) template.CSS {
	c := verdictColours[v]
	// Both colours are constants of this package, never input.
	return template.CSS("background-color: #" + c.fill + "; color: #" + c.font + ";")
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

// cutRunes cuts s to at most n characters, ending with "…" when it cuts.
func cutRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	i, k := 0, 0
	for j := range s {
		if k == n-1 {
			i = j
			break
		}
		k++
	}
	return s[:i] + "…"
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
