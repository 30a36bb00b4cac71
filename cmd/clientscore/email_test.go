package main

import (
	"archive/zip"
	"bytes"
	"io"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-message/mail"
	"github.com/emersion/go-smtp"
)

// inbox is a real SMTP server on 127.0.0.1 (plain SMTP, the local relay
// of security: none) that keeps every message it is given.
type inbox struct {
	mu       sync.Mutex
	messages [][]byte
}

func (b *inbox) NewSession(*smtp.Conn) (smtp.Session, error) { return &inboxSession{b: b}, nil }

type inboxSession struct{ b *inbox }

func (s *inboxSession) Mail(string, *smtp.MailOptions) error { return nil }
func (s *inboxSession) Rcpt(string, *smtp.RcptOptions) error { return nil }
func (s *inboxSession) Reset()                               {}
func (s *inboxSession) Logout() error                        { return nil }
func (s *inboxSession) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	s.b.mu.Lock()
	s.b.messages = append(s.b.messages, data)
	s.b.mu.Unlock()
	return err
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

// One run sends exactly one message: the counts in the subject, the
// flagged clients in the body, the scorecard attached byte for byte.
func TestRunEmailsScorecard(t *testing.T) {
	box, port := startInbox(t)
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"in/invoices.csv": xeroInvoices,
		"in/payments.csv": bankPayments,
		"in/disputes.csv": disputeLog,
		"in/tickets.csv":  freshdeskTickets,
		"clientscore.yaml": baseConfig + emailConfig(port) + `inputs:
  invoices: {path: in/invoices.csv}
  payments: {path: in/payments.csv}
  disputes: {path: in/disputes.csv}
  support: {path: in/tickets.csv}
`,
	})
	code, stdout, stderr := runCLI(t, "run", "--config", filepath.Join(dir, "clientscore.yaml"))
	if code != exitOK {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	box.mu.Lock()
	msgs := box.messages
	box.mu.Unlock()
	if len(msgs) != 1 {
		t.Fatalf("%d messages arrived, want 1", len(msgs))
	}
	r, err := mail.CreateReader(bytes.NewReader(msgs[0]))
	if err != nil {
		t.Fatal(err)
	}
	subject, _ := r.Header.Subject()
	// Acme Review, Beta Healthy, Gamma Unprofitable (see handWorked).
	if want := "Scorecard 2026-06-30: 1 unprofitable, 1 to review, 0 to watch, 3 clients"; subject != want {
		t.Errorf("subject %q, want %q", subject, want)
	}
	workbook, err := os.ReadFile(filepath.Join(dir, "reports", "client-report-2026-06-30.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	var text string
	var attached []byte
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
			if ct, _, _ := h.ContentType(); ct == "text/plain" {
				text = string(body)
			}
		case *mail.AttachmentHeader:
			attached = body
		}
	}
	if !bytes.Equal(attached, workbook) {
		t.Errorf("attachment (%d bytes) differs from the scorecard on disk (%d bytes)", len(attached), len(workbook))
	}
	for _, want := range []string{"Acme Ltd", "Gamma GmbH", "ABUSE"} {
		if !strings.Contains(text, want) {
			t.Errorf("plain-text body does not mention %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "Beta BV") {
		t.Errorf("the healthy client is listed among the flagged:\n%s", text)
	}
	if !strings.Contains(stdout, "email: sent to owner@example.com") {
		t.Errorf("stdout does not say the email went:\n%s", stdout)
	}

	// --no-email sends nothing.
	if code, _, stderr := runCLI(t, "run", "--config", filepath.Join(dir, "clientscore.yaml"), "--no-email"); code != exitOK {
		t.Fatalf("--no-email: exit %d: %s", code, stderr)
	}
	box.mu.Lock()
	defer box.mu.Unlock()
	if len(box.messages) != 1 {
		t.Errorf("--no-email sent a message")
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
