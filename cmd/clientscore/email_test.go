package main

import (
	"archive/zip"
	"bytes"
	"io"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-message/mail"
	"github.com/emersion/go-smtp"
)

// inbox is a real SMTP server on 127.0.0.1 (plain SMTP, the local relay
// of security: none) that keeps every message it is given, with the
// recipients of each (RCPT TO).
type inbox struct {
	mu       sync.Mutex
	messages [][]byte
	rcpts    [][]string // rcpts[i] are the recipients of messages[i]
	refuse   string     // a recipient refused with 550 (mailbox unknown)
}

func (b *inbox) NewSession(*smtp.Conn) (smtp.Session, error) { return &inboxSession{b: b}, nil }

type inboxSession struct {
	b  *inbox
	to []string
}

func (s *inboxSession) Mail(string, *smtp.MailOptions) error { return nil }
func (s *inboxSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.b.mu.Lock()
	defer s.b.mu.Unlock()
	if to == s.b.refuse {
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "No such user"}
	}
	s.to = append(s.to, to)
	return nil
}
func (s *inboxSession) Reset()        { s.to = nil }
func (s *inboxSession) Logout() error { return nil }
func (s *inboxSession) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	s.b.mu.Lock()
	s.b.messages = append(s.b.messages, data)
	s.b.rcpts = append(s.b.rcpts, s.to)
	s.b.mu.Unlock()
	return err
}

// received is one message as a mail reader sees it.
type received struct {
	to       []string
	subject  string
	text     string // plain-text body, LF line ends
	html     string
	attached [][]byte
}

// read parses every message the inbox holds.
func (b *inbox) read(t *testing.T) []received {
	t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []received
	for i, raw := range b.messages {
		r, err := mail.CreateReader(bytes.NewReader(raw))
		if err != nil {
			t.Fatal(err)
		}
		m := received{to: b.rcpts[i]}
		m.subject, _ = r.Header.Subject()
		for {
			p, err := r.NextPart()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(p.Body)
			switch h := p.Header.(type) {
			case *mail.InlineHeader:
				ct, _, _ := h.ContentType()
				text := strings.ReplaceAll(string(body), "\r\n", "\n")
				if ct == "text/plain" {
					m.text = text
				} else {
					m.html = text
				}
			case *mail.AttachmentHeader:
				m.attached = append(m.attached, body)
			}
		}
		out = append(out, m)
	}
	return out
}

func startInbox(t *testing.T) (*inbox, int) {
	t.Helper()
	b := &inbox{}
	srv := smtp.NewServer(b)
	srv.Domain = "localhost"
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	return b, l.Addr().(*net.TCPAddr).Port
}

func emailConfig(port int) string {
	return `email:
  to: [owner@example.com]
  from: clientscore@example.com
  subject: "Scorecard {date}: {unprofitable} unprofitable, {review} to review, {watch} to watch, {clients} clients"
  smtp: {host: 127.0.0.1, port: ` + strconv.Itoa(port) + `, security: none}
`
}

// clientsWithOwners is the clients input of the three clients of
// handWorked, with owners written as people type them.
const clientsWithOwners = `Client,Account Manager,Renewal Date
Acme Ltd,Anna de Vries,2026-08-15
Beta BV,bram  JANSEN,2026-12-01
Gamma GmbH,Anna de Vries,
`

// flagCodes are the codes no message may show.
var flagCodes = []string{"UNPROFITABLE", "LOW_MARGIN", "LATE_PAYER", "DISPUTES", "AFTER_HOURS",
	"HIGH_CONTACT", "DISCOUNTS", "ABUSE", "SCOPE_CHANGE", "CONCENTRATION"}

// One run sends the scorecard message to email.to and one message to each
// owner of email.owners about their own clients, each with the scorecard
// attached byte for byte; flags read in words, never as codes.
//
// From handWorked: Acme Ltd is Review (late payer, disputes, abuse,
// concentration), Beta BV Healthy but flagged (concentration), Gamma GmbH
// Unprofitable. Anna owns Acme and Gamma; Bram ("bram  JANSEN" in the
// clients input) owns Beta.
func TestRunEmailsScorecard(t *testing.T) {
	t.Parallel()
	box, port := startInbox(t)
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"in/invoices.csv": xeroInvoices,
		"in/payments.csv": bankPayments,
		"in/disputes.csv": disputeLog,
		"in/tickets.csv":  freshdeskTickets,
		"in/clients.csv":  clientsWithOwners,
		"clientscore.yaml": baseConfig + emailConfig(port) +
			"  owners: {\"Anna de Vries\": anna@example.com, \"Bram Jansen\": \"Bram <bram@example.com>\"}\n" + `inputs:
  invoices: {path: in/invoices.csv}
  payments: {path: in/payments.csv}
  disputes: {path: in/disputes.csv}
  support: {path: in/tickets.csv}
  clients: {path: in/clients.csv}
`,
	})
	code, stdout, stderr := runCLI(t, "run", "--config", filepath.Join(dir, "clientscore.yaml"))
	if code != exitOK {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	workbook, err := os.ReadFile(filepath.Join(dir, "reports", "client-report-2026-06-30.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	msgs := box.read(t)
	want := []struct {
		to, subject string
		names       []string // the flagged clients it names
	}{
		{"owner@example.com", "Scorecard 2026-06-30: 1 unprofitable, 1 to review, 0 to watch, 3 clients",
			[]string{"Acme Ltd", "Beta BV", "Gamma GmbH"}},
		{"anna@example.com", "Scorecard 2026-06-30: 1 unprofitable, 1 to review, 0 to watch, 2 clients (clients of Anna de Vries)",
			[]string{"Acme Ltd", "Gamma GmbH"}},
		{"bram@example.com", "Scorecard 2026-06-30: 0 unprofitable, 0 to review, 0 to watch, 1 clients (clients of Bram Jansen)",
			[]string{"Beta BV"}},
	}
	if len(msgs) != len(want) {
		t.Fatalf("%d messages arrived, want %d", len(msgs), len(want))
	}
	for i, w := range want {
		m := msgs[i]
		if len(m.to) != 1 || m.to[0] != w.to {
			t.Errorf("message %d went to %v, want %s", i, m.to, w.to)
		}
		if m.subject != w.subject {
			t.Errorf("%s: subject %q, want %q", w.to, m.subject, w.subject)
		}
		if len(m.attached) != 1 || !bytes.Equal(m.attached[0], workbook) {
			t.Errorf("%s: the attachment differs from the scorecard on disk", w.to)
		}
		for _, name := range []string{"Acme Ltd", "Beta BV", "Gamma GmbH"} {
			named := strings.Contains(m.text, name+": ")
			if want := slices.Contains(w.names, name); named != want {
				t.Errorf("%s: names %s: %v, want %v:\n%s", w.to, name, named, want, m.text)
			}
		}
		for _, words := range []string{"Was abusive or threatening to staff", "Pays late"} {
			if has := strings.Contains(m.text, words); has != slices.Contains(w.names, "Acme Ltd") {
				t.Errorf("%s: says %q: %v", w.to, words, has)
			}
		}
		for _, code := range flagCodes {
			if strings.Contains(m.text, code) || strings.Contains(m.html, code) {
				t.Errorf("%s: the message shows the flag code %s", w.to, code)
			}
		}
	}
	if want := "email: sent to owner@example.com; owners' messages sent to " +
		"Anna de Vries (anna@example.com), Bram Jansen (Bram <bram@example.com>)\n"; !strings.Contains(stdout, want) {
		t.Errorf("stdout does not say where the email went (%q):\n%s", want, stdout)
	}

	// --no-email sends nothing.
	if code, _, stderr := runCLI(t, "run", "--config", filepath.Join(dir, "clientscore.yaml"), "--no-email"); code != exitOK {
		t.Fatalf("--no-email: exit %d: %s", code, stderr)
	}
	if n := len(box.read(t)); n != len(want) {
		t.Errorf("--no-email sent %d messages", n-len(want))
	}
}

// An email.owners entry that cannot work is a config error before
// anything is read: exit 2 naming the entry.
func TestRunEmailOwnersChecked(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, owners, want string
	}{
		{"bad address", `{"Anna de Vries": "anna@"}`, `email.owners.Anna de Vries: "anna@" is not an email address`},
		{"same owner twice", `{"Anna de Vries": a@example.com, "ANNA DE VRIES": b@example.com}`, `"ANNA DE VRIES" and "Anna de Vries" are the same owner`},
		{"empty name", `{" ": a@example.com}`, "email.owners: has an empty name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFiles(t, dir, map[string]string{
				"clientscore.yaml": baseConfig + emailConfig(2525) + "  owners: " + tt.owners +
					"\ninputs:\n  invoices: {path: in/missing.csv}\n",
			})
			code, _, stderr := runCLI(t, "run", "--config", filepath.Join(dir, "clientscore.yaml"))
			if code != exitUsage || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, stderr %q; want exit %d and %q", code, stderr, exitUsage, tt.want)
			}
		})
	}
}

// An owner whose message fails does not stop the others: every message is
// tried, the run exits 4 naming the owner, and the summary says what went.
func TestRunEmailOwnerRefused(t *testing.T) {
	box, port := startInbox(t)
	box.mu.Lock()
	box.refuse = "bram@example.com"
	box.mu.Unlock()
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"in/invoices.csv": xeroInvoices,
		"in/clients.csv":  clientsWithOwners,
		"clientscore.yaml": baseConfig + emailConfig(port) +
			"  owners: {\"Bram Jansen\": bram@example.com, \"Anna de Vries\": anna@example.com}\n" +
			"inputs:\n  invoices: {path: in/invoices.csv}\n  clients: {path: in/clients.csv}\n",
	})
	old := mailBackoff
	mailBackoff = []time.Duration{time.Millisecond}
	defer func() { mailBackoff = old }()
	code, stdout, stderr := runCLI(t, "run", "--config", filepath.Join(dir, "clientscore.yaml"))
	if code != exitEmail {
		t.Fatalf("exit %d, want %d\n%s\n%s", code, exitEmail, stdout, stderr)
	}
	var to []string
	for _, m := range box.read(t) {
		to = append(to, m.to...)
	}
	if want := []string{"owner@example.com", "anna@example.com"}; !slices.Equal(to, want) {
		t.Errorf("messages went to %v, want %v", to, want)
	}
	// One line names the owner and the server's answer.
	named := false
	for l := range strings.SplitSeq(stderr, "\n") {
		named = named || strings.Contains(l, "owner Bram Jansen (bram@example.com)") && strings.Contains(l, "550")
	}
	if !named {
		t.Errorf("stderr has no line naming the owner whose message failed and why:\n%s", stderr)
	}
	if want := "email: sent to owner@example.com; owners' messages sent to Anna de Vries (anna@example.com); failed: owner Bram Jansen"; !strings.Contains(stdout+stderr, want) {
		t.Errorf("the run's summary does not say %q:\n%s\n%s", want, stdout, stderr)
	}
}

// A server that cannot be reached: three tries, exit 4, the scorecard
// stays.
func TestRunEmailUnreachable(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close() // nothing listens there now
	old := mailBackoff
	mailBackoff = []time.Duration{10 * time.Millisecond}
	defer func() { mailBackoff = old }()

	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"in/invoices.csv":  xeroInvoices,
		"clientscore.yaml": baseConfig + emailConfig(port) + "inputs:\n  invoices: {path: in/invoices.csv}\n",
	})
	code, _, stderr := runCLI(t, "run", "--config", filepath.Join(dir, "clientscore.yaml"))
	if code != exitEmail {
		t.Fatalf("exit %d, want %d; stderr:\n%s", code, exitEmail, stderr)
	}
	if !strings.Contains(stderr, "3 tries") {
		t.Errorf("stderr does not say how many tries:\n%s", stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "reports", "client-report-2026-06-30.xlsx")); err != nil {
		t.Errorf("the scorecard did not stay: %v", err)
	}
}

// A login needs its password in the environment; a missing one is a
// config error before anything is read, and never printed.
func TestRunEmailPasswordFromEnv(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"in/invoices.csv": xeroInvoices,
		"clientscore.yaml": baseConfig + `email:
  to: [owner@example.com]
  from: clientscore@example.com
  smtp: {host: 127.0.0.1, port: 2525, security: starttls, username: cs, password_env: CS_TEST_SMTP_PASSWORD}
inputs:
  invoices: {path: in/invoices.csv}
`,
	})
	t.Setenv("CS_TEST_SMTP_PASSWORD", "")
	code, _, stderr := runCLI(t, "run", "--config", filepath.Join(dir, "clientscore.yaml"))
	if code != exitUsage || !strings.Contains(stderr, "CS_TEST_SMTP_PASSWORD") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}

// The SMTP password never reaches the logs, stdout or the workbook, even
// when delivery fails and every error is printed.
func TestRunPasswordNeverShown(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	old := mailBackoff
	mailBackoff = []time.Duration{time.Millisecond}
	defer func() { mailBackoff = old }()
	const secret = "s3cret-Pa55word"
	t.Setenv("CS_TEST_SMTP_PASSWORD", secret)
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"in/invoices.csv": xeroInvoices,
		"clientscore.yaml": baseConfig + `email:
  to: [owner@example.com]
  from: clientscore@example.com
  smtp: {host: 127.0.0.1, port: ` + strconv.Itoa(port) + `, security: starttls, username: cs, password_env: CS_TEST_SMTP_PASSWORD}
inputs:
  invoices: {path: in/invoices.csv}
`,
	})
	code, stdout, stderr := runCLI(t, "run", "--config", filepath.Join(dir, "clientscore.yaml"))
	if code != exitEmail {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if strings.Contains(stdout+stderr, secret) {
		t.Error("the password was printed")
	}
	// The workbook is a zip: look inside every part.
	zr, err := zip.OpenReader(filepath.Join(dir, "reports", "client-report-2026-06-30.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	for _, part := range zr.File {
		rc, err := part.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		if bytes.Contains(b, []byte(secret)) {
			t.Errorf("the password is in the workbook's %s", part.Name)
		}
	}
}
