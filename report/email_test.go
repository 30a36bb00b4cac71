package report

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
	"github.com/rs/zerolog"
	"github.com/wneessen/go-mail"

	msgmail "github.com/emersion/go-message/mail"

	"clientscore/analysis"
)

// The email tests talk to a real SMTP server (go-smtp) on 127.0.0.1 and
// read what arrived back with go-message.

const (
	mailUser     = "scorecard"
	mailPassword = "pa55-w0rd-never-logged"
	// Names that must stay in the bodies: a formula, a header injection
	// and markup.
	nameFormula   = `=HYPERLINK("x")`
	nameInjection = "Evil Corp\r\nBcc: evil@x.example"
	nameMarkup    = "<script>alert(1)</script> Ltd"
)

// mailScorecard is a small scorecard made by hand: 2 unprofitable, 1 to
// review, 2 to watch and 3 healthy clients, as of 22 Nov 2026.
func mailScorecard() *Scorecard {
	rules := analysis.DefaultRules(asOf, "EUR")
	res := &analysis.Result{Rules: rules, From: rules.From()}
	flag := func(code analysis.FlagCode, ev string) analysis.Flag { return analysis.Flag{Code: code, Evidence: ev} }
	res.Clients = []analysis.ClientResult{
		{Name: "Northwind Traders", Verdict: analysis.Unprofitable, Revenue: 1000000, SupportCost: 1120000,
			Profit: -120000, Margin: analysis.Some(-0.12), Flags: []analysis.Flag{
				flag(analysis.FlagUnprofitable, "loss of 1,200.00 EUR: support cost 11,200.00 EUR against revenue 10,000.00 EUR"),
				flag(analysis.FlagLatePayer, "2 of 5 invoices over 90 days late, worst INV-2044 (131 days)"),
			}},
		{Name: "Zero Revenue Co", Verdict: analysis.Unprofitable, SupportCost: 45000, Profit: -45000,
			Flags: []analysis.Flag{flag(analysis.FlagUnprofitable, "loss of 450.00 EUR: support cost 450.00 EUR against no revenue")}},
		{Name: nameFormula, Verdict: analysis.Review, Revenue: 500000, SupportCost: 425000, Profit: 75000,
			Margin: analysis.Some(0.15), Flags: []analysis.Flag{flag(analysis.FlagLowMargin, "margin 15%, below 20%")}},
		{Name: nameInjection, Verdict: analysis.Watch, Revenue: 300000, SupportCost: 150000, Profit: 150000,
			Margin: analysis.Some(0.5), Flags: []analysis.Flag{flag(analysis.FlagAfterHours, "9 of 20 contacts after hours\r\nBcc: evil2@x.example")}},
		{Name: nameMarkup, Verdict: analysis.Watch, Revenue: 800000, SupportCost: 200000, Profit: 600000,
			Margin: analysis.Some(0.75), Flags: []analysis.Flag{flag(analysis.FlagDisputes, "3 disputes on 8 invoices <b>bold</b>")}},
		{Name: "Brightside Dental", Verdict: analysis.Healthy, Revenue: 900000, SupportCost: 100000, Profit: 800000, Margin: analysis.Some(0.89)},
		{Name: "Kessler & Sons GmbH", Verdict: analysis.Healthy, Revenue: 700000, SupportCost: 70000, Profit: 630000, Margin: analysis.Some(0.9)},
		{Name: "Orchid Spa", Verdict: analysis.Healthy, Revenue: 200000, SupportCost: 20000, Profit: 180000, Margin: analysis.Some(0.9)},
	}
	for i := range res.Clients {
		res.Clients[i].Key = strings.ToLower(res.Clients[i].Name)
		res.Clients[i].Invoiced = res.Clients[i].Revenue
	}
	finishResult(res)
	return &Scorecard{
		Result: res,
		Issues: []analysis.Issue{
			{Severity: analysis.SeverityError, Problem: "is not a date in DMY order"},
			{Severity: analysis.SeverityWarning, Problem: "names an unknown invoice"},
		},
		Changes: analysis.Changes{
			Previous:   analysis.NewDate(2026, time.November, 15),
			Verdicts:   []analysis.VerdictChange{{Client: "Northwind Traders", From: analysis.Watch, To: analysis.Unprofitable}},
			NewFlags:   []analysis.FlagChange{{Client: "Northwind Traders", Flag: analysis.Flag{Code: analysis.FlagLatePayer, Evidence: "2 of 5 invoices over 90 days late"}}},
			NewClients: []string{"Zero Revenue Co"},
		},
		Generated: generated,
		Version:   "1.4.0",
	}
}

// mailWorkbook writes sc's workbook to a temporary folder and returns its
// path.
func mailWorkbook(t *testing.T, sc *Scorecard) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), ScorecardName(sc.Result.Rules.AsOf))
	if err := WriteScorecard(path, sc); err != nil {
		t.Fatal(err)
	}
	return path
}

// mailCerts makes a self-signed ECDSA certificate for 127.0.0.1: the
// server's TLS config and a client config that trusts it.
func mailCerts(t *testing.T) (server, client *tls.Config) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "clientscore test SMTP"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1)},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	server = &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key, Leaf: cert}}}
	return server, &tls.Config{RootCAs: pool}
}

// mailBackend is the test server's backend: it keeps what arrives, counts
// tries, and can refuse.
type mailBackend struct {
	user, password string // when set, AUTH PLAIN is offered and required
	refuse         int    // refuse this many MAIL commands with 451 first; -1 refuses all

	mu       sync.Mutex
	mails    int // MAIL commands seen
	auths    int // AUTH tries
	received []receivedMail
}

type receivedMail struct {
	from string
	to   []string
	tls  bool // arrived over TLS
	data []byte
}

func (b *mailBackend) NewSession(c *smtp.Conn) (smtp.Session, error) {
	return &mailSession{b: b, conn: c}, nil
}

func (b *mailBackend) counts() (mails, auths int, received []receivedMail) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.mails, b.auths, append([]receivedMail(nil), b.received...)
}

type mailSession struct {
	b      *mailBackend
	conn   *smtp.Conn
	authed bool
	from   string
	to     []string
}

func (s *mailSession) AuthMechanisms() []string {
	if s.b.user == "" {
		return nil
	}
	return []string{sasl.Plain}
}

func (s *mailSession) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, password string) error {
		s.b.mu.Lock()
		defer s.b.mu.Unlock()
		s.b.auths++
		if user != s.b.user || password != s.b.password {
			return &smtp.SMTPError{Code: 535, EnhancedCode: smtp.EnhancedCode{5, 7, 8}, Message: "Authentication credentials invalid"}
		}
		s.authed = true
		return nil
	}), nil
}

func (s *mailSession) Mail(from string, _ *smtp.MailOptions) error {
	s.b.mu.Lock()
	defer s.b.mu.Unlock()
	s.b.mails++
	if s.b.user != "" && !s.authed {
		return smtp.ErrAuthRequired
	}
	if s.b.refuse < 0 || s.b.mails <= s.b.refuse {
		return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "Try again later"}
	}
	s.from = from
	return nil
}

func (s *mailSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.to = append(s.to, to)
	return nil
}

func (s *mailSession) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	_, isTLS := s.conn.TLSConnectionState()
	s.b.mu.Lock()
	defer s.b.mu.Unlock()
	s.b.received = append(s.b.received, receivedMail{from: s.from, to: s.to, tls: isTLS, data: data})
	return nil
}

func (s *mailSession) Reset()        { s.from, s.to = "", nil }
func (s *mailSession) Logout() error { return nil }

// startMailServer serves b on 127.0.0.1 with security "starttls" (TLS
// offered, AUTH only after it), "tls" (implicit TLS) or "none", and
// returns its port.
func startMailServer(t *testing.T, b smtp.Backend, security string, cert *tls.Config) int {
	t.Helper()
	srv := smtp.NewServer(b)
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = false
	srv.ReadTimeout = 10 * time.Second
	srv.WriteTimeout = 10 * time.Second
	srv.MaxMessageBytes = 50 << 20
	var l net.Listener
	var err error
	switch security {
	case "starttls":
		srv.TLSConfig = cert
		l, err = net.Listen("tcp", "127.0.0.1:0")
	case "tls":
		l, err = tls.Listen("tcp", "127.0.0.1:0", cert)
	default:
		l, err = net.Listen("tcp", "127.0.0.1:0")
	}
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = srv.Serve(l)
	}()
	t.Cleanup(func() {
		_ = srv.Close()
		<-done
	})
	return l.Addr().(*net.TCPAddr).Port
}

// mailSettings are settings for the test server at port, with tiny pauses.
func mailSettings(security string, port int, client *tls.Config) MailSettings {
	return MailSettings{
		Host: "127.0.0.1", Port: port, Security: security,
		From:    "Clientscore <scorecard@example.com>",
		To:      []string{"Owner <owner@example.com>"},
		Cc:      []string{"finance@example.com"},
		Subject: "Client scorecard {date}: {unprofitable} unprofitable, {review} to review",
		Timeout: 5 * time.Second, Retries: 3,
		Backoff:   []time.Duration{time.Millisecond, 2 * time.Millisecond},
		TLSConfig: client,
	}
}

// parsedMail is a received message read back.
type parsedMail struct {
	header      msgmail.Header
	text, html  string
	attachments []parsedAttachment
}

type parsedAttachment struct {
	name, contentType string
	data              []byte
}

func parseMail(t *testing.T, raw []byte) parsedMail {
	t.Helper()
	r, err := msgmail.CreateReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("reading the message: %v", err)
	}
	defer r.Close()
	m := parsedMail{header: r.Header}
	for {
		p, err := r.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("reading a part: %v", err)
		}
		body, err := io.ReadAll(p.Body)
		if err != nil {
			t.Fatalf("reading a part: %v", err)
		}
		switch h := p.Header.(type) {
		case *msgmail.InlineHeader:
			ct, _, _ := h.ContentType()
			switch ct {
			case "text/plain":
				m.text = string(body)
			case "text/html":
				m.html = string(body)
			default:
				t.Errorf("unexpected inline part %s", ct)
			}
		case *msgmail.AttachmentHeader:
			name, _ := h.Filename()
			ct, _, _ := h.ContentType()
			m.attachments = append(m.attachments, parsedAttachment{name, ct, body})
		}
	}
	return m
}

// sendOne sends sc's email with s and returns the one message that arrived.
func sendOne(t *testing.T, s MailSettings, b *mailBackend, sc *Scorecard, workbook string) (receivedMail, parsedMail) {
	t.Helper()
	msg, err := Compose(s, sc, workbook)
	if err != nil {
		t.Fatal(err)
	}
	if err := Send(t.Context(), s, msg, zerolog.Nop()); err != nil {
		t.Fatal(err)
	}
	_, _, received := b.counts()
	if len(received) != 1 {
		t.Fatalf("%d messages arrived, want 1", len(received))
	}
	return received[0], parseMail(t, received[0].data)
}

// TestSendSTARTTLSWithAuth sends the scorecard through a server that
// offers STARTTLS and accepts mail only after AUTH PLAIN, which it offers
// only over TLS, and checks everything that arrived.
func TestSendSTARTTLSWithAuth(t *testing.T) {
	serverTLS, clientTLS := mailCerts(t)
	b := &mailBackend{user: mailUser, password: mailPassword}
	port := startMailServer(t, b, "starttls", serverTLS)
	s := mailSettings("starttls", port, clientTLS)
	s.Username, s.Password = mailUser, mailPassword
	sc := mailScorecard()
	workbook := mailWorkbook(t, sc)

	got, m := sendOne(t, s, b, sc, workbook)
	if !got.tls {
		t.Error("the message did not arrive over TLS")
	}
	if _, auths, _ := b.counts(); auths != 1 {
		t.Errorf("%d AUTH tries, want 1", auths)
	}
	if got.from != "scorecard@example.com" {
		t.Errorf("MAIL FROM %q", got.from)
	}
	// Only the configured recipients: nothing from a client name became one.
	if want := []string{"owner@example.com", "finance@example.com"}; fmt.Sprint(got.to) != fmt.Sprint(want) {
		t.Errorf("RCPT TO %v, want %v", got.to, want)
	}

	subject, err := m.header.Subject()
	if err != nil {
		t.Fatal(err)
	}
	if want := "Client scorecard 2026-11-22: 2 unprofitable, 1 to review"; subject != want {
		t.Errorf("subject %q, want %q", subject, want)
	}
	if to := m.header.Get("To"); !strings.Contains(to, "owner@example.com") {
		t.Errorf("To: %q", to)
	}

	// The attachment is the workbook, byte for byte.
	onDisk, err := os.ReadFile(workbook)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.attachments) != 1 {
		t.Fatalf("%d attachments, want 1", len(m.attachments))
	}
	a := m.attachments[0]
	if a.name != "client-report-2026-11-22.xlsx" {
		t.Errorf("attachment name %q", a.name)
	}
	if a.contentType != string(xlsxType) {
		t.Errorf("attachment type %q", a.contentType)
	}
	if !bytes.Equal(a.data, onDisk) {
		t.Errorf("attachment is %d bytes and differs from the %d-byte workbook", len(a.data), len(onDisk))
	}

	checkBodies(t, m)
	checkHeadersClean(t, m)
}

// checkBodies checks what both bodies of mailScorecard's email say.
func checkBodies(t *testing.T, m parsedMail) {
	t.Helper()
	for _, body := range []struct{ name, text string }{{"text", m.text}, {"html", m.html}} {
		if body.text == "" {
			t.Errorf("%s body is missing", body.name)
			continue
		}
		for _, want := range []string{
			"2 unprofitable, 1 to review, 2 to watch, 3 healthy of 8 clients, as of 2026-11-22",
			"Changes since 2026-11-15",
			"Northwind Traders: Watch → Unprofitable",
			"Northwind Traders: new flag LATE_PAYER",
			"New client: Zero Revenue Co",
			"Northwind Traders", "Zero Revenue Co", "Evil Corp  Bcc: evil@x.example",
			"-1,200.00 EUR", "-12%", "n/a (no revenue)",
			"loss of 1,200.00 EUR: support cost 11,200.00 EUR against revenue 10,000.00 EUR",
			"2 of 5 invoices over 90 days late, worst INV-2044 (131 days)",
			"margin 15%, below 20%",
			"9 of 20 contacts after hours  Bcc: evil2@x.example",
			"2 data issues",
			"client-report-2026-11-22.xlsx",
		} {
			if !strings.Contains(body.text, want) {
				t.Errorf("%s body lacks %q", body.name, want)
			}
		}
		// Healthy clients are counted, not listed.
		for _, healthy := range []string{"Brightside Dental", "Orchid Spa"} {
			if strings.Contains(body.text, healthy) {
				t.Errorf("%s body lists healthy client %q", body.name, healthy)
			}
		}
		// Worst first, as the Clients sheet orders them.
		order := []string{"Northwind Traders:", "Zero Revenue Co", "HYPERLINK", "Evil Corp", "alert(1)"}
		last := -1
		for _, name := range order {
			i := strings.LastIndex(body.text, name)
			if i < last {
				t.Errorf("%s body: %q is out of order", body.name, name)
			}
			last = i
		}
	}
	if !strings.Contains(m.text, nameFormula) || !strings.Contains(m.text, nameMarkup) {
		t.Error("text body lacks the formula or markup names as they are")
	}
	// The HTML body escapes names and evidence.
	for _, want := range []string{`=HYPERLINK(&#34;x&#34;)`, "&lt;script&gt;alert(1)&lt;/script&gt; Ltd", "&lt;b&gt;bold&lt;/b&gt;"} {
		if !strings.Contains(m.html, want) {
			t.Errorf("html body lacks %q", want)
		}
	}
	for _, bad := range []string{"<script>", "<b>bold</b>"} {
		if strings.Contains(m.html, bad) {
			t.Errorf("html body holds unescaped %q", bad)
		}
	}
	// Verdict colours as in the workbook.
	for _, colour := range []string{"#C00000", "#F4B183", "#FFE699"} {
		if !strings.Contains(m.html, colour) {
			t.Errorf("html body lacks verdict colour %s", colour)
		}
	}
}

// checkHeadersClean checks that no client name or evidence reached a
// header.
func checkHeadersClean(t *testing.T, m parsedMail) {
	t.Helper()
	if bcc := m.header.Get("Bcc"); bcc != "" {
		t.Errorf("message has a Bcc header %q", bcc)
	}
	fields := m.header.Fields()
	for fields.Next() {
		v := fields.Value()
		for _, bad := range []string{"evil", "HYPERLINK", "script", "Northwind", "Zero Revenue"} {
			if strings.Contains(strings.ToLower(v), strings.ToLower(bad)) {
				t.Errorf("header %s: %q holds %q", fields.Key(), v, bad)
			}
		}
	}
}

func TestSendImplicitTLS(t *testing.T) {
	serverTLS, clientTLS := mailCerts(t)
	b := &mailBackend{user: mailUser, password: mailPassword}
	port := startMailServer(t, b, "tls", serverTLS)
	s := mailSettings("tls", port, clientTLS)
	s.Username, s.Password = mailUser, mailPassword
	sc := mailScorecard()
	got, m := sendOne(t, s, b, sc, mailWorkbook(t, sc))
	if !got.tls {
		t.Error("the message did not arrive over TLS")
	}
	if len(m.attachments) != 1 {
		t.Errorf("%d attachments, want 1", len(m.attachments))
	}
}

func TestSendNoTLS(t *testing.T) {
	b := &mailBackend{}
	port := startMailServer(t, b, "none", nil)
	sc := mailScorecard()
	got, m := sendOne(t, mailSettings("none", port, nil), b, sc, mailWorkbook(t, sc))
	if got.tls {
		t.Error("the message arrived over TLS, want plain SMTP")
	}
	checkBodies(t, m)
	checkHeadersClean(t, m)
}

// TestSendSTARTTLSRequired: a server that does not offer STARTTLS gets
// nothing when security is starttls.
func TestSendSTARTTLSRequired(t *testing.T) {
	b := &mailBackend{}
	port := startMailServer(t, b, "none", nil)
	s := mailSettings("starttls", port, nil)
	sc := mailScorecard()
	msg, err := Compose(s, sc, mailWorkbook(t, sc))
	if err != nil {
		t.Fatal(err)
	}
	err = Send(t.Context(), s, msg, zerolog.Nop())
	if err == nil || !strings.Contains(err.Error(), "STARTTLS") {
		t.Fatalf("error %v, want one about STARTTLS", err)
	}
	if mails, _, received := b.counts(); mails != 0 || len(received) != 0 {
		t.Errorf("%d MAIL commands, %d messages; want none", mails, len(received))
	}
}

// TestComposeTooLarge: a workbook over the limit is not attached; both
// bodies say so and give its full path.
func TestComposeTooLarge(t *testing.T) {
	b := &mailBackend{}
	port := startMailServer(t, b, "none", nil)
	s := mailSettings("none", port, nil)
	s.MaxAttachmentBytes = 100
	sc := mailScorecard()
	workbook := mailWorkbook(t, sc)
	_, m := sendOne(t, s, b, sc, workbook)
	if len(m.attachments) != 0 {
		t.Errorf("%d attachments, want none", len(m.attachments))
	}
	for name, body := range map[string]string{"text": m.text, "html": m.html} {
		for _, want := range []string{"too large to attach", "the limit is 100 bytes", workbook} {
			if !strings.Contains(body, want) {
				t.Errorf("%s body lacks %q", name, want)
			}
		}
	}
	checkBodies(t, m)
}

// TestComposeFirstScorecard: with no previous scorecard the body says there
// is nothing to compare with.
func TestComposeFirstScorecard(t *testing.T) {
	sc := mailScorecard()
	sc.Changes = analysis.Changes{}
	sc.Issues = nil
	msg, err := Compose(mailSettings("none", 25, nil), sc, mailWorkbook(t, sc))
	if err != nil {
		t.Fatal(err)
	}
	var raw bytes.Buffer
	if _, err := msg.WriteTo(&raw); err != nil {
		t.Fatal(err)
	}
	m := parseMail(t, raw.Bytes())
	for name, body := range map[string]string{"text": m.text, "html": m.html} {
		for _, want := range []string{"First scorecard: nothing to compare with", "No data issues."} {
			if !strings.Contains(body, want) {
				t.Errorf("%s body lacks %q", name, want)
			}
		}
		if strings.Contains(body, "Changes since") {
			t.Errorf("%s body lists changes", name)
		}
	}
}

func TestComposeErrors(t *testing.T) {
	sc := mailScorecard()
	workbook := mailWorkbook(t, sc)
	good := mailSettings("none", 25, nil)
	tests := []struct {
		name   string
		change func(*MailSettings)
		path   string
		want   string
	}{
		{"bad subject", func(s *MailSettings) { s.Subject = "Scorecard {day}" }, workbook, "{day} is not a placeholder"},
		{"bad from", func(s *MailSettings) { s.From = "not an address" }, workbook, "email from"},
		{"no to", func(s *MailSettings) { s.To = nil }, workbook, "no recipient"},
		{"bad cc", func(s *MailSettings) { s.Cc = []string{"b@"} }, workbook, "email cc"},
		{"missing workbook", func(*MailSettings) {}, filepath.Join(t.TempDir(), "gone.xlsx"), "gone.xlsx"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := good
			tt.change(&s)
			_, err := Compose(s, sc, tt.path)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one with %q", err, tt.want)
			}
		})
	}
	if _, err := Compose(good, nil, workbook); err == nil {
		t.Error("nil scorecard: no error")
	}
}

// TestSendRetries: temporary failures are retried the fixed number of times, each
// logged at warn without the password; a server that recovers gets the
// message exactly once.
func TestSendRetries(t *testing.T) {
	tests := []struct {
		name      string
		refuse    int    // MAIL commands refused with 451 first; -1 all
		password  string // the client's; the server wants mailPassword
		wantErr   string
		wantMails int // MAIL commands the server saw
		wantAuths int
		wantOK    bool
	}{
		{"recovers on the last try", 2, mailPassword, "", 3, 3, true},
		{"recovers on the second try", 1, mailPassword, "", 2, 2, true},
		{"always refuses", -1, mailPassword, "451", 3, 3, false},
		// Permanent failures (a wrong password) are not retried: see
		// TestSendPermanentFailures.
	}
	serverTLS, clientTLS := mailCerts(t)
	sc := mailScorecard()
	workbook := mailWorkbook(t, sc)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := &mailBackend{user: mailUser, password: mailPassword, refuse: tt.refuse}
			port := startMailServer(t, b, "starttls", serverTLS)
			s := mailSettings("starttls", port, clientTLS)
			s.Username, s.Password = mailUser, tt.password
			msg, err := Compose(s, sc, workbook)
			if err != nil {
				t.Fatal(err)
			}
			var logged bytes.Buffer
			err = Send(t.Context(), s, msg, zerolog.New(&logged))

			mails, auths, received := b.counts()
			if mails != tt.wantMails || auths != tt.wantAuths {
				t.Errorf("server saw %d MAIL and %d AUTH, want %d and %d", mails, auths, tt.wantMails, tt.wantAuths)
			}
			failures := tt.wantAuths // one AUTH per try
			if tt.wantOK {
				failures--
				if err != nil {
					t.Fatalf("error %v, want delivery", err)
				}
				if len(received) != 1 {
					t.Errorf("%d messages arrived, want exactly 1", len(received))
				}
			} else {
				if err == nil {
					t.Fatal("no error")
				}
				addr := fmt.Sprintf("127.0.0.1:%d", port)
				for _, want := range []string{addr, "after 3 tries", tt.wantErr} {
					if !strings.Contains(err.Error(), want) {
						t.Errorf("error %q lacks %q", err, want)
					}
				}
				if len(received) != 0 {
					t.Errorf("%d messages arrived, want none", len(received))
				}
			}
			lines := strings.Split(strings.TrimSpace(logged.String()), "\n")
			if logged.Len() == 0 {
				lines = nil
			}
			if len(lines) != failures {
				t.Errorf("%d log lines, want %d (one per failed try):\n%s", len(lines), failures, logged.String())
			}
			for i, l := range lines {
				var entry struct {
					Level   string `json:"level"`
					Attempt int    `json:"attempt"`
					Error   string `json:"error"`
				}
				if err := json.Unmarshal([]byte(l), &entry); err != nil {
					t.Fatalf("log line %q: %v", l, err)
				}
				if entry.Level != "warn" || entry.Attempt != i+1 || entry.Error == "" {
					t.Errorf("log line %d: %q", i+1, l)
				}
			}
			if strings.Contains(logged.String(), tt.password) || (err != nil && strings.Contains(err.Error(), tt.password)) {
				t.Error("the password was logged or returned")
			}
		})
	}
}

func TestSendUnreachable(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close() // nothing listens there now
	s := mailSettings("none", port, nil)
	s.Retries = 2
	sc := mailScorecard()
	msg, err := Compose(s, sc, mailWorkbook(t, sc))
	if err != nil {
		t.Fatal(err)
	}
	err = Send(t.Context(), s, msg, zerolog.Nop())
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{fmt.Sprintf("127.0.0.1:%d", port), "after 2 tries"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
}

// TestSendStopsWhenContextEnds: a pause between tries ends with ctx.
func TestSendStopsWhenContextEnds(t *testing.T) {
	b := &mailBackend{refuse: -1}
	port := startMailServer(t, b, "none", nil)
	s := mailSettings("none", port, nil)
	s.Backoff = []time.Duration{time.Hour}
	sc := mailScorecard()
	msg, err := Compose(s, sc, mailWorkbook(t, sc))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	err = Send(ctx, s, msg, zerolog.Nop())
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("error %v, want one wrapping context.DeadlineExceeded", err)
	}
	if !strings.Contains(err.Error(), "451") || !strings.Contains(err.Error(), "after 1 try") {
		t.Errorf("error %q lacks the last failure or the tries", err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("Send took %v after the context ended", d)
	}
	if mails, _, _ := b.counts(); mails != 1 {
		t.Errorf("%d tries, want 1", mails)
	}
}

func TestSendSettingsErrors(t *testing.T) {
	msg := mail.NewMsg()
	for _, tt := range []struct {
		name string
		s    MailSettings
		want string
	}{
		{"no host", MailSettings{Security: "none"}, "no SMTP host"},
		{"bad security", MailSettings{Host: "localhost", Security: "ssl"}, `"ssl" is not starttls, tls or none`},
		{"bad port", MailSettings{Host: "localhost", Security: "none", Port: 70000}, "port"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := Send(t.Context(), tt.s, msg, zerolog.Nop())
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one with %q", err, tt.want)
			}
		})
	}
	if err := Send(t.Context(), MailSettings{Host: "localhost", Security: "none"}, nil, zerolog.Nop()); err == nil {
		t.Error("nil message: no error")
	}
}

func TestMailSettingsHidePassword(t *testing.T) {
	s := MailSettings{Host: "mail.example.com", Port: 587, Security: "starttls", Username: "cs", Password: mailPassword}
	j, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	for _, out := range []string{fmt.Sprint(s), fmt.Sprintf("%+v", s), s.String(), string(j)} {
		if strings.Contains(out, mailPassword) {
			t.Errorf("%q shows the password", out)
		}
	}
	if got, want := s.String(), "starttls://cs@mail.example.com:587"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}

func TestSubject(t *testing.T) {
	sc := mailScorecard() // 2 unprofitable, 1 review, 2 watch of 8, as of 2026-11-22
	tests := []struct {
		name, tmpl, want, wantErr string
	}{
		{"spec default", "Client scorecard {date}: {unprofitable} unprofitable, {review} to review",
			"Client scorecard 2026-11-22: 2 unprofitable, 1 to review", ""},
		{"every placeholder", "{date} {unprofitable} {review} {watch} {clients}", "2026-11-22 2 1 2 8", ""},
		{"repeated", "{clients}/{clients}", "8/8", ""},
		{"no placeholder", "Scorecard", "Scorecard", ""},
		{"unicode", "Übersicht {date} – {watch} ✓", "Übersicht 2026-11-22 – 2 ✓", ""},
		{"unknown placeholder", "Scorecard {day}", "", "{day} is not a placeholder"},
		{"case matters", "Scorecard {DATE}", "", "{DATE} is not a placeholder"},
		{"unclosed", "Scorecard {date", "", "has a { with no }"},
		{"stray close", "Scorecard date}", "", "has a } with no {"},
		{"CRLF", "Scorecard\r\nBcc: evil@x.example", "", "line break or control character"},
		{"LF", "Scorecard {date}\nBcc: evil@x.example", "", "line break or control character"},
		{"tab", "Scorecard\t{date}", "", "line break or control character"},
		{"NUL", "Scorecard\x00", "", "line break or control character"},
		{"line separator", "Scorecard\u2028Bcc: x", "", "line break or control character"},
		{"invalid UTF-8", "Scorecard \xff", "", "not valid UTF-8"},
		{"empty", "", "", "is empty"},
		{"blank", "   ", "", "is empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Subject(tt.tmpl, sc)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("Subject(%q) = %q, %v; want an error with %q", tt.tmpl, got, err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("Subject(%q) = %q, %v; want %q", tt.tmpl, got, err, tt.want)
			}
		})
	}
	if _, err := Subject("{date}", nil); err == nil {
		t.Error("nil scorecard: no error")
	}
}

func TestBodyText(t *testing.T) {
	for in, want := range map[string]string{
		"Acme Ltd":             "Acme Ltd",
		"Evil\r\nBcc: x":       "Evil  Bcc: x",
		"Tab\there":            "Tab here",
		"Caf\xe9":              "Caf\uFFFD",
		"Line\u2028sep\u0085x": "Line sep x",
		"=HYPERLINK(\"x\")":    "=HYPERLINK(\"x\")",
		"":                     "",
	} {
		if got := bodyText(in); got != want {
			t.Errorf("bodyText(%q) = %q, want %q", in, got, want)
		}
	}
	if got := cutRunes("abcdef", 4); got != "abc…" {
		t.Errorf("cutRunes = %q", got)
	}
	if got := cutRunes("äöü", 3); got != "äöü" {
		t.Errorf("cutRunes = %q", got)
	}
	for n, want := range map[int64]string{1: "1 byte", 100: "100 bytes", 15_000_000: "15.0 MB", 23_456_789: "23.5 MB", 2500: "2.5 kB"} {
		if got := sizeText(n); got != want {
			t.Errorf("sizeText(%d) = %q, want %q", n, got, want)
		}
	}
}
