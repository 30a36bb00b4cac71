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
	stdhtml "html"
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
	"clientscore/internal/clip"
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

// mailScorecard is a small scorecard made by hand, as of 22 Nov 2026 in
// EUR: 2 unprofitable, 1 to review, 2 to watch, 3 healthy and 1 inactive
// client, with owners, receivables, renewal dates, changes since 15 Nov
// 2026 and rows left out. The figures the email must show are worked out
// in wantMainText's and wantOwnerTexts' comments.
func mailScorecard() *Scorecard {
	rules := analysis.DefaultRules(asOf, "EUR")
	res := &analysis.Result{Rules: rules, From: rules.From()}
	flag := func(code analysis.FlagCode, ev string) analysis.Flag { return analysis.Flag{Code: code, Evidence: ev} }
	day := func(y int, m time.Month, d int) analysis.Date { return analysis.NewDate(y, m, d) }
	res.Clients = []analysis.ClientResult{
		{Name: "Northwind Traders", Verdict: analysis.Unprofitable, Revenue: 1000000, SupportCost: 1120000,
			Profit: -120000, Margin: analysis.Some(-0.12), PriceChange: analysis.Some(0.2135),
			Outstanding: 615000, Overdue: 420000, Owner: "Anna de Vries", RenewalDate: day(2027, time.January, 15),
			Flags: []analysis.Flag{
				flag(analysis.FlagUnprofitable, "loses 1,200.00 EUR: revenue 10,000.00 EUR against 11,200.00 EUR of support"),
				flag(analysis.FlagLatePayer, "2 of 5 invoices over 90 days late, worst INV-2044 (131 days)"),
			}},
		{Name: "Zero Revenue Co", Verdict: analysis.Unprofitable, SupportCost: 45000, Profit: -45000,
			Flags: []analysis.Flag{flag(analysis.FlagUnprofitable, "loses 450.00 EUR: no revenue against 450.00 EUR of support")}},
		{Name: nameFormula, Verdict: analysis.Review, Revenue: 500000, SupportCost: 438250, Profit: 61750,
			Margin: analysis.Some(0.1235), Outstanding: 123456, Owner: "bram jansen",
			RenewalDate: day(2026, time.October, 1), Flags: []analysis.Flag{
				flag(analysis.FlagLowMargin, "margin 12.4% is under the 20% minimum"),
				flag(analysis.FlagHighContact, "9.5 contacts a month, 3.8 times the median of 2.5"),
			}},
		{Name: nameInjection, Verdict: analysis.Watch, Revenue: 300000, SupportCost: 150000, Profit: 150000,
			Margin: analysis.Some(0.5), Outstanding: 80000, Overdue: 80000, Owner: "Anna  de VRIES",
			Flags: []analysis.Flag{flag(analysis.FlagAfterHours, "9 of 20 contacts after hours\r\nBcc: evil2@x.example")}},
		{Name: nameMarkup, Verdict: analysis.Watch, Revenue: 800000, SupportCost: 3088, Profit: 796912,
			Margin: analysis.Some(796912.0 / 800000), Owner: "Chloe Bakker",
			Flags: []analysis.Flag{flag(analysis.FlagDisputes, "3 disputes on 8 invoices <b>bold</b>")}},
		{Name: "Brightside Dental", Verdict: analysis.Healthy, Revenue: 900000, SupportCost: 100000, Profit: 800000,
			Margin: analysis.Some(8.0 / 9), Outstanding: 5336100, Overdue: 1200000, Owner: "Anna de Vries",
			RenewalDate: day(2027, time.February, 10),
			Flags:       []analysis.Flag{flag(analysis.FlagConcentration, "33.7% of revenue")}},
		{Name: "Kessler & Sons GmbH", Verdict: analysis.Healthy, Revenue: 700000, SupportCost: 70000, Profit: 630000,
			Margin: analysis.Some(0.9), Outstanding: 200000, Overdue: 50000, Owner: "Bram Jansen",
			RenewalDate: day(2027, time.February, 20)},
		{Name: "Orchid Spa", Verdict: analysis.Healthy, Revenue: 200000, SupportCost: 20000, Profit: 180000,
			Margin: analysis.Some(0.9), Owner: "Chloe Bakker", RenewalDate: day(2027, time.February, 21)},
		{Name: "Dormant Ltd", Verdict: analysis.Inactive, Owner: "Anna de Vries"},
	}
	for i := range res.Clients {
		res.Clients[i].Key = strings.ToLower(res.Clients[i].Name)
		res.Clients[i].Invoiced = res.Clients[i].Revenue
	}
	finishResult(res)
	res.Portfolio.Unmatched = []analysis.Unmatched{
		{Input: analysis.InputPayments, Rows: 3, Amount: 125000, Names: 2},
		{Input: analysis.InputSupport, Rows: 2, Amount: 3000, Names: 1},
	}
	return &Scorecard{
		Result: res,
		Sources: []analysis.SourceFile{
			{Input: analysis.InputInvoices, Path: "exports/invoices-1.csv", Rows: 60, Rejected: 1},
			{Input: analysis.InputPayments, Path: "exports/payments.csv", Rows: 80, Rejected: 1},
			{Input: analysis.InputInvoices, Path: "exports/invoices-2.csv", Rows: 60, Rejected: 1},
			{Input: analysis.InputSupport, Path: "exports/tickets.csv", Rows: 40},
		},
		Issues: []analysis.Issue{
			{Severity: analysis.SeverityError, Ref: analysis.At(analysis.InputInvoices, "exports/invoices.csv", "", 7), Problem: "is not a date in DMY order"},
			{Severity: analysis.SeverityWarning, Ref: analysis.At(analysis.InputPayments, "exports/payments.csv", "", 12), Problem: "names an unknown invoice"},
		},
		Changes: analysis.Changes{
			Previous: analysis.NewDate(2026, time.November, 15),
			Verdicts: []analysis.VerdictChange{{Client: "Northwind Traders", From: analysis.Watch, To: analysis.Unprofitable}},
			NewFlags: []analysis.FlagChange{{Client: "Northwind Traders", Flag: analysis.Flag{Code: analysis.FlagLatePayer, Evidence: "2 of 5 invoices over 90 days late"}}},
			Moved: []analysis.MoneyChange{
				{Client: "Northwind Traders", OutstandingFrom: 615000, OutstandingTo: 615000, OverdueFrom: 0, OverdueTo: 420000},
				{Client: "Brightside Dental", OutstandingFrom: 4500000, OutstandingTo: 5336100, OverdueFrom: 1700000, OverdueTo: 1200000},
			},
			// Only Northwind's and Brightside's receivables moved, so
			// then = now − their moves: outstanding 63,545.56 − 8,361.00
			// = 55,184.56; overdue 17,500.00 − 4,200.00 + 5,000.00 =
			// 18,300.00.
			Outstanding: 5518456, Overdue: 1830000, HasTotals: true,
			NewClients: []string{"Zero Revenue Co"},
		},
		Generated: generated,
		Version:   "1.4.0",
	}
}

// mailOwners are the owners of mailScorecard's email: Anna owns
// Northwind, the injection name ("Anna  de VRIES"), Brightside and
// Dormant; Bram the formula name ("bram jansen") and Kessler; Eva no
// client; Chloe (the markup name, Orchid) has no address.
var mailOwners = map[string]string{
	"Anna de Vries": "anna@example.com",
	"Bram Jansen":   "Bram Jansen <bram@example.com>",
	"Eva Smit":      "eva@example.com",
}

// The blocks of the who-to-call list, each as the plain-text body writes
// it. Margins read as the workbook's 0.0% cells: 0.1235 is 12.4% (a
// spreadsheet rounds the decimal 12.35 up), 796,912 / 800,000 = 0.99614
// is 99.6%, 8/9 is 88.9%.
const (
	blockNorthwind = `Northwind Traders: Unprofitable
Overdue: 4,200.00 EUR of 6,150.00 EUR outstanding
Owner: Anna de Vries
Renewal: 15 Jan 2027
Profit: -1,200.00 EUR, margin -12.0%
- Loses money: loses 1,200.00 EUR: revenue 10,000.00 EUR against 11,200.00 EUR of support
- Pays late: 2 of 5 invoices over 90 days late, worst INV-2044 (131 days)
`
	blockZero = `Zero Revenue Co: Unprofitable
Overdue: 0.00 EUR (nothing outstanding)
Owner: not known
Renewal: not known
Profit: -450.00 EUR, margin n/a (no revenue)
- Loses money: loses 450.00 EUR: no revenue against 450.00 EUR of support
`
	blockFormula = `=HYPERLINK("x"): Review
Overdue: 0.00 EUR of 1,234.56 EUR outstanding
Owner: bram jansen
Renewal: 1 Oct 2026 (passed)
Profit: 617.50 EUR, margin 12.4%
- Earns less than the target margin: margin 12.4% is under the 20% minimum
- Contacts support far more than most clients: 9.5 contacts a month, 3.8 times the median of 2.5
`
	blockInjection = `Evil Corp  Bcc: evil@x.example: Watch
Overdue: 800.00 EUR of 800.00 EUR outstanding
Owner: Anna  de VRIES
Renewal: not known
Profit: 1,500.00 EUR, margin 50.0%
- Often needs us outside business hours: 9 of 20 contacts after hours  Bcc: evil2@x.example
`
	blockMarkup = `<script>alert(1)</script> Ltd: Watch
Overdue: 0.00 EUR (nothing outstanding)
Owner: Chloe Bakker
Renewal: not known
Profit: 7,969.12 EUR, margin 99.6%
- Disputes invoices often: 3 disputes on 8 invoices <b>bold</b>
`
	blockBrightside = `Brightside Dental: Healthy
Overdue: 12,000.00 EUR of 53,361.00 EUR outstanding
Owner: Anna de Vries
Renewal: 10 Feb 2027
Profit: 8,000.00 EUR, margin 88.9%
- A large share of revenue depends on this client: 33.7% of revenue
`
	// The renewal window is (22 Nov 2026, 22 Nov 2026 + 90 days]: 23 Nov
	// 2026 to 20 Feb 2027. Northwind renews in 8 + 31 + 15 = 54 days,
	// Brightside in 8 + 31 + 31 + 10 = 80, Kessler in 90 (the last day,
	// in); Orchid in 91 (out); the formula name's renewal has passed.
	// Northwind's price change 0.2135 reads 21.4%, as its cell does.
	renewTitle     = "Renewing in the next 90 days (23 Nov 2026 – 20 Feb 2027)\n"
	renewNorthwind = "- Northwind Traders: 15 Jan 2027 (in 54 days); Unprofitable; owner Anna de Vries; price change needed 21.4%\n"
	renewBright    = "- Brightside Dental: 10 Feb 2027 (in 80 days); Healthy; owner Anna de Vries\n"
	renewKessler   = "- Kessler & Sons GmbH: 20 Feb 2027 (in 90 days); Healthy; owner Bram Jansen\n"
	// Rejected: invoices 1 + 1, payments 1 = 3; unmatched: payments 3
	// (1,250.00 EUR) and support 2 (30.00 EUR) = 5.
	leftOut = "Left out of every figure: 3 rejected rows (invoices 2, payments 1) and 5 unmatched rows " +
		"that belong to no known client (payments 3, 1,250.00 EUR; support 2, 30.00 EUR). See the Data issues sheet.\n" +
		"2 data issues: see the Data issues sheet.\n"
	changesNorthwind = "- Northwind Traders: Watch → Unprofitable\n" +
		"- Northwind Traders: new flag: pays late (2 of 5 invoices over 90 days late)\n" +
		"- Northwind Traders: overdue 0.00 EUR → 4,200.00 EUR (+4,200.00 EUR)\n" +
		"- Brightside Dental: overdue 17,000.00 EUR → 12,000.00 EUR (-5,000.00 EUR); " +
		"outstanding 45,000.00 EUR → 53,361.00 EUR (+8,361.00 EUR)\n"
	attached = "Workbook attached: client-report-2026-11-22.xlsx\n"
)

// wantMainText is the plain-text body of mailScorecard's scorecard
// message, ending in tail (the workbook's line).
//
// Flagged: every client with a flag, worst first as the Clients sheet
// orders them (verdict, then profit): Northwind (−1,200.00) before Zero
// Revenue (−450.00); the injection name (profit 1,500.00) before the
// markup name (7,969.12); Brightside, Healthy but flagged CONCENTRATION.
// Receivables: outstanding 6,150.00 + 1,234.56 + 800.00 + 53,361.00 +
// 2,000.00 = 63,545.56, +8,361.00 on 55,184.56; overdue 4,200.00 +
// 800.00 + 12,000.00 + 500.00 = 17,500.00, −800.00 on 18,300.00.
func wantMainText(tail string) string {
	return "Client scorecard as of 22 Nov 2026\n" +
		"9 clients: 2 unprofitable, 1 to review, 2 to watch, 3 healthy, 1 inactive\n\n" +
		"Who to call: 6 flagged clients, worst first\n\n" +
		blockNorthwind + "\n" + blockZero + "\n" + blockFormula + "\n" +
		blockInjection + "\n" + blockMarkup + "\n" + blockBrightside + "\n" +
		"Receivables\n" +
		"Outstanding: 63,545.56 EUR, +8,361.00 EUR since 15 Nov 2026\n" +
		"Overdue: 17,500.00 EUR, -800.00 EUR since 15 Nov 2026\n\n" +
		"Changes since 15 Nov 2026\n" + changesNorthwind + "- New client: Zero Revenue Co\n\n" +
		renewTitle + renewNorthwind + renewBright + renewKessler + "\n" +
		leftOut + tail
}

// wantOwnerTexts are the plain-text bodies of the owners' messages, by
// address. Each covers the owner's clients only: their counts, flagged
// clients, receivables (no change: the previous scorecard has totals for
// everyone, not per owner), changes and renewals.
//
// Anna: Northwind, the injection name, Brightside, Dormant (inactive);
// outstanding 6,150.00 + 800.00 + 53,361.00 = 60,311.00, overdue 4,200.00
// + 800.00 + 12,000.00 = 17,000.00. Bram: the formula name and Kessler;
// outstanding 1,234.56 + 2,000.00 = 3,234.56, overdue 500.00. Eva: none.
var wantOwnerTexts = map[string]string{
	"anna@example.com": "Your clients, Anna de Vries: scorecard as of 22 Nov 2026\n" +
		"Only your clients: the 4 clients whose owner is Anna de Vries in the clients input. The workbook has every client.\n" +
		"4 clients: 1 unprofitable, 0 to review, 1 to watch, 1 healthy, 1 inactive\n\n" +
		"Who to call: 3 flagged clients, worst first\n\n" +
		blockNorthwind + "\n" + blockInjection + "\n" + blockBrightside + "\n" +
		"Receivables\nOutstanding: 60,311.00 EUR\nOverdue: 17,000.00 EUR\n\n" +
		"Changes since 15 Nov 2026\n" + changesNorthwind + "\n" +
		renewTitle + renewNorthwind + renewBright + "\n" +
		leftOut + attached,
	"bram@example.com": "Your clients, Bram Jansen: scorecard as of 22 Nov 2026\n" +
		"Only your clients: the 2 clients whose owner is Bram Jansen in the clients input. The workbook has every client.\n" +
		"2 clients: 0 unprofitable, 1 to review, 0 to watch, 1 healthy, 0 inactive\n\n" +
		"Who to call: 1 flagged client, worst first\n\n" +
		blockFormula + "\n" +
		"Receivables\nOutstanding: 3,234.56 EUR\nOverdue: 500.00 EUR\n\n" +
		"Changes since 15 Nov 2026\nNo changes.\n\n" +
		renewTitle + renewKessler + "\n" +
		leftOut + attached,
	"eva@example.com": "Your clients, Eva Smit: scorecard as of 22 Nov 2026\n" +
		"No client in this scorecard has the owner Eva Smit: check that name in email.owners against the owner column of the clients input.\n" +
		"0 clients: 0 unprofitable, 0 to review, 0 to watch, 0 healthy, 0 inactive\n\n" +
		"Who to call: no client is flagged.\n\n" +
		"Receivables\nOutstanding: 0.00 EUR\nOverdue: 0.00 EUR\n\n" +
		"Changes since 15 Nov 2026\nNo changes.\n\n" +
		renewTitle + "None.\n\n" +
		leftOut + attached,
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
			// Text travels with CRLF line ends; a reader sees lines.
			case "text/plain":
				m.text = strings.ReplaceAll(string(body), "\r\n", "\n")
			case "text/html":
				m.html = strings.ReplaceAll(string(body), "\r\n", "\n")
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
	t.Parallel()
	serverTLS, clientTLS := mailCerts(t)
	b := &mailBackend{user: mailUser, password: mailPassword}
	port := startMailServer(t, b, "starttls", serverTLS)
	s := mailSettings("starttls", port, clientTLS)
	s.Username, s.Password = mailUser, mailPassword
	sc := mailScorecard()
	workbook := sharedMailWorkbook(t)

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

	checkBodies(t, m, attached)
	checkHeadersClean(t, m)
}

// checkBodies checks both bodies of mailScorecard's scorecard message:
// the plain text is wantMainText(tail) exactly, the HTML shows the same.
func checkBodies(t *testing.T, m parsedMail, tail string) {
	t.Helper()
	if want := wantMainText(tail); m.text != want {
		t.Errorf("text body:\n%s\nwant:\n%s", m.text, want)
	}
	checkHTML(t, m.html, m.text)
	// The HTML body escapes names and evidence.
	for _, want := range []string{`=HYPERLINK(&#34;x&#34;)`, "&lt;script&gt;alert(1)&lt;/script&gt; Ltd", "&lt;b&gt;bold&lt;/b&gt;"} {
		if !strings.Contains(m.html, want) {
			t.Errorf("html body lacks %q", want)
		}
	}
	// Verdict colours as in the workbook.
	for _, colour := range []string{"#C00000", "#F4B183", "#FFE699", "#C6EFCE"} {
		if !strings.Contains(m.html, colour) {
			t.Errorf("html body lacks verdict colour %s", colour)
		}
	}
}

// checkHTML checks that the HTML body shows what the plain-text body text
// says, in the same order (a client's "Name: Verdict" line may show as
// the name and a badge), holds no unescaped markup from the inputs, lays
// out nothing in tables (they overflow a phone's screen) and shows no
// flag code.
func checkHTML(t *testing.T, html, text string) {
	t.Helper()
	if html == "" {
		t.Error("html body is missing")
		return
	}
	visible := htmlVisible(html)
	at := 0
	find := func(s string) {
		s = strings.Join(strings.Fields(s), " ")
		i := strings.Index(visible[at:], s)
		if i < 0 {
			t.Errorf("html body lacks %q after %q", s, visible[max(0, at-60):at])
			return
		}
		at += i + len(s)
	}
	for l := range strings.SplitSeq(text, "\n") {
		l = strings.TrimPrefix(l, "- ")
		if strings.TrimSpace(l) == "" {
			continue
		}
		// "9 clients: 2 unprofitable, …" shows as "9 clients:" and a
		// badge per verdict.
		if head, counts, ok := strings.Cut(l, " clients: "); ok && !strings.Contains(head, " ") {
			find(head + " clients:")
			for c := range strings.SplitSeq(counts, ", ") {
				find(c)
			}
			continue
		}
		// The renewal title shows its dates on a line of their own.
		if title, dates, ok := strings.Cut(l, " days ("); ok && strings.HasPrefix(l, "Renewing") {
			find(title + " days")
			find(strings.TrimSuffix(dates, ")"))
			continue
		}
		name, verdict, ok := cutVerdict(l)
		if ok {
			find(name)
			find(verdict)
			continue
		}
		find(l)
	}
	for _, bad := range []string{"<script>", "<b>bold</b>", "<table"} {
		if strings.Contains(html, bad) {
			t.Errorf("html body holds %q", bad)
		}
	}
	checkNoFlagCode(t, "html body", html)
}

// cutVerdict splits a client's heading line "Name: Verdict".
func cutVerdict(l string) (name, verdict string, ok bool) {
	i := strings.LastIndex(l, ": ")
	if i < 0 {
		return "", "", false
	}
	if _, ok := analysis.ParseVerdict(l[i+2:]); !ok {
		return "", "", false
	}
	return l[:i], l[i+2:], true
}

// htmlVisible is the text an HTML body shows: inline tags (b, span, code)
// dropped, the others a space, entities decoded, white space collapsed.
func htmlVisible(h string) string {
	var b strings.Builder
	for h != "" {
		i := strings.IndexByte(h, '<')
		if i < 0 {
			b.WriteString(h)
			break
		}
		b.WriteString(h[:i])
		j := strings.IndexByte(h[i:], '>')
		if j < 0 {
			break
		}
		name := strings.TrimPrefix(strings.Fields(h[i+1 : i+j])[0], "/")
		if name != "b" && name != "span" && name != "code" {
			b.WriteByte(' ')
		}
		h = h[i+j+1:]
	}
	return strings.Join(strings.Fields(stdhtml.UnescapeString(b.String())), " ")
}

// checkNoFlagCode fails when body shows a flag's code.
func checkNoFlagCode(t *testing.T, what, body string) {
	t.Helper()
	for _, code := range analysis.FlagCodes {
		if strings.Contains(body, string(code)) {
			t.Errorf("%s shows the flag code %s", what, code)
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
	t.Parallel()
	serverTLS, clientTLS := mailCerts(t)
	b := &mailBackend{user: mailUser, password: mailPassword}
	port := startMailServer(t, b, "tls", serverTLS)
	s := mailSettings("tls", port, clientTLS)
	s.Username, s.Password = mailUser, mailPassword
	sc := mailScorecard()
	got, m := sendOne(t, s, b, sc, sharedMailWorkbook(t))
	if !got.tls {
		t.Error("the message did not arrive over TLS")
	}
	if len(m.attachments) != 1 {
		t.Errorf("%d attachments, want 1", len(m.attachments))
	}
}

func TestSendNoTLS(t *testing.T) {
	t.Parallel()
	b := &mailBackend{}
	port := startMailServer(t, b, "none", nil)
	sc := mailScorecard()
	got, m := sendOne(t, mailSettings("none", port, nil), b, sc, sharedMailWorkbook(t))
	if got.tls {
		t.Error("the message arrived over TLS, want plain SMTP")
	}
	checkBodies(t, m, attached)
	checkHeadersClean(t, m)
}

// TestSendSTARTTLSRequired: a server that does not offer STARTTLS gets
// nothing when security is starttls.
func TestSendSTARTTLSRequired(t *testing.T) {
	t.Parallel()
	b := &mailBackend{}
	port := startMailServer(t, b, "none", nil)
	s := mailSettings("starttls", port, nil)
	sc := mailScorecard()
	msg, err := Compose(s, sc, sharedMailWorkbook(t))
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
	t.Parallel()
	b := &mailBackend{}
	port := startMailServer(t, b, "none", nil)
	s := mailSettings("none", port, nil)
	s.MaxAttachmentBytes = 100
	sc := mailScorecard()
	workbook := sharedMailWorkbook(t)
	_, m := sendOne(t, s, b, sc, workbook)
	if len(m.attachments) != 0 {
		t.Errorf("%d attachments, want none", len(m.attachments))
	}
	info, err := os.Stat(workbook)
	if err != nil {
		t.Fatal(err)
	}
	if info.Size() < 1000 || info.Size() >= 1_000_000 {
		t.Fatalf("the workbook is %d bytes; this test expects its size in kB", info.Size())
	}
	checkBodies(t, m, fmt.Sprintf("The workbook client-report-2026-11-22.xlsx (%.1f kB) was too large to attach "+
		"(the limit is 100 bytes). It is at:\n%s\n", float64(info.Size())/1000, workbook))
}

// TestComposeFirstScorecard: with no previous scorecard, no rows left out
// and no data issues, the body says there is nothing to compare with,
// gives receivables without a change and says there are no data issues.
func TestComposeFirstScorecard(t *testing.T) {
	t.Parallel()
	sc := mailScorecard()
	sc.Changes = analysis.Changes{}
	sc.Issues = nil
	sc.Sources = nil
	sc.Result.Portfolio.Unmatched = nil
	msg, err := Compose(mailSettings("none", 25, nil), sc, mailWorkbook(t, sc))
	if err != nil {
		t.Fatal(err)
	}
	var raw bytes.Buffer
	if _, err := msg.WriteTo(&raw); err != nil {
		t.Fatal(err)
	}
	m := parseMail(t, raw.Bytes())
	want := strings.NewReplacer(
		"Outstanding: 63,545.56 EUR, +8,361.00 EUR since 15 Nov 2026\n", "Outstanding: 63,545.56 EUR\n",
		"Overdue: 17,500.00 EUR, -800.00 EUR since 15 Nov 2026\n", "Overdue: 17,500.00 EUR\n",
		"Changes since 15 Nov 2026\n"+changesNorthwind+"- New client: Zero Revenue Co\n", "First scorecard: nothing to compare with.\n",
		leftOut, "No data issues.\n",
	).Replace(wantMainText(attached))
	if m.text != want {
		t.Errorf("text body:\n%s\nwant:\n%s", m.text, want)
	}
	if strings.Count(want, "First scorecard") != 1 || strings.Contains(want, "since 15 Nov") {
		t.Fatal("the expected text was not rewritten as meant")
	}
	checkHTML(t, m.html, m.text)
}

func TestComposeErrors(t *testing.T) {
	t.Parallel()
	sc := mailScorecard()
	workbook := sharedMailWorkbook(t)
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
	t.Parallel()
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
	workbook := sharedMailWorkbook(t)
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
	t.Parallel()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close() // nothing listens there now
	s := mailSettings("none", port, nil)
	s.Retries = 2
	sc := mailScorecard()
	msg, err := Compose(s, sc, sharedMailWorkbook(t))
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
	t.Parallel()
	b := &mailBackend{refuse: -1}
	port := startMailServer(t, b, "none", nil)
	s := mailSettings("none", port, nil)
	s.Backoff = []time.Duration{time.Hour}
	sc := mailScorecard()
	msg, err := Compose(s, sc, sharedMailWorkbook(t))
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
	t.Parallel()
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
	t.Parallel()
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
	t.Parallel()
	sc := mailScorecard() // 2 unprofitable, 1 review, 2 watch of 9, as of 2026-11-22
	tests := []struct {
		name, tmpl, want, wantErr string
	}{
		{"spec default", "Client scorecard {date}: {unprofitable} unprofitable, {review} to review",
			"Client scorecard 2026-11-22: 2 unprofitable, 1 to review", ""},
		{"every placeholder", "{date} {unprofitable} {review} {watch} {clients}", "2026-11-22 2 1 2 9", ""},
		{"repeated", "{clients}/{clients}", "9/9", ""},
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
	t.Parallel()
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
	if got := clip.Runes("abcdef", 4); got != "abc…" {
		t.Errorf("cutRunes = %q", got)
	}
	if got := clip.Runes("äöü", 3); got != "äöü" {
		t.Errorf("cutRunes = %q", got)
	}
	for n, want := range map[int64]string{1: "1 byte", 100: "100 bytes", 15_000_000: "15.0 MB", 23_456_789: "23.5 MB", 2500: "2.5 kB"} {
		if got := sizeText(n); got != want {
			t.Errorf("sizeText(%d) = %q, want %q", n, got, want)
		}
	}
}

// TestComposeAllOwners sends the scorecard message and one per owner
// through a real server, and reads every message that arrived: each owner
// gets exactly one, to their address only, naming exactly their own
// flagged clients, with the workbook attached byte for byte; no message
// shows a flag code.
func TestComposeAllOwners(t *testing.T) {
	t.Parallel()
	b := &mailBackend{}
	port := startMailServer(t, b, "none", nil)
	s := mailSettings("none", port, nil)
	s.Owners = mailOwners
	sc := mailScorecard()
	workbook := sharedMailWorkbook(t)
	onDisk, err := os.ReadFile(workbook)
	if err != nil {
		t.Fatal(err)
	}

	msgs, err := ComposeAll(s, sc, workbook)
	if err != nil {
		t.Fatal(err)
	}
	// The scorecard message first, then the owners by name.
	wantMsgs := []struct {
		owner   string
		to      string
		clients int
	}{
		{"", "Owner <owner@example.com>", 9},
		{"Anna de Vries", "anna@example.com", 4},
		{"Bram Jansen", "Bram Jansen <bram@example.com>", 2},
		{"Eva Smit", "eva@example.com", 0},
	}
	if len(msgs) != len(wantMsgs) {
		t.Fatalf("%d messages, want %d", len(msgs), len(wantMsgs))
	}
	for i, w := range wantMsgs {
		m := msgs[i]
		if m.Owner != w.owner || m.To[0] != w.to || m.Clients != w.clients {
			t.Errorf("message %d: owner %q to %v with %d clients; want %q, %s, %d", i, m.Owner, m.To, m.Clients, w.owner, w.to, w.clients)
		}
		if err := Send(t.Context(), s, m.Msg, zerolog.Nop()); err != nil {
			t.Fatal(err)
		}
	}

	_, _, received := b.counts()
	byRcpt := map[string][]receivedMail{}
	for _, r := range received {
		for _, to := range r.to {
			byRcpt[to] = append(byRcpt[to], r)
		}
	}
	subjects := map[string]string{
		"anna@example.com": "Client scorecard 2026-11-22: 1 unprofitable, 0 to review (clients of Anna de Vries)",
		"bram@example.com": "Client scorecard 2026-11-22: 0 unprofitable, 1 to review (clients of Bram Jansen)",
		"eva@example.com":  "Client scorecard 2026-11-22: 0 unprofitable, 0 to review (clients of Eva Smit)",
	}
	// Every flagged client, and whose it is.
	flagged := map[string]string{
		"Northwind Traders": "anna@example.com", "Evil Corp": "anna@example.com", "Brightside Dental": "anna@example.com",
		"HYPERLINK":       "bram@example.com",
		"Zero Revenue Co": "", "alert(1)": "",
	}
	for addr, wantText := range wantOwnerTexts {
		got := byRcpt[addr]
		if len(got) != 1 {
			t.Errorf("%s received %d messages, want 1", addr, len(got))
			continue
		}
		if len(got[0].to) != 1 {
			t.Errorf("%s's message went to %v too", addr, got[0].to)
		}
		m := parseMail(t, got[0].data)
		if subject, _ := m.header.Subject(); subject != subjects[addr] {
			t.Errorf("%s: subject %q, want %q", addr, subject, subjects[addr])
		}
		if m.text != wantText {
			t.Errorf("%s: text body:\n%s\nwant:\n%s", addr, m.text, wantText)
		}
		checkHTML(t, m.html, m.text)
		for name, owner := range flagged {
			for part, body := range map[string]string{"text": m.text, "html": m.html} {
				if shown := strings.Contains(body, name); shown != (owner == addr) {
					t.Errorf("%s: %s body names %s: %v, want %v", addr, part, name, shown, owner == addr)
				}
			}
		}
		if len(m.attachments) != 1 || !bytes.Equal(m.attachments[0].data, onDisk) ||
			m.attachments[0].name != "client-report-2026-11-22.xlsx" {
			t.Errorf("%s: the workbook is not attached as it is on disk", addr)
		}
		checkNoFlagCode(t, addr+" text body", m.text)
		checkHeadersClean(t, m)
	}
	// The scorecard message is the one Compose builds, to To and Cc.
	main := byRcpt["owner@example.com"]
	if len(main) != 1 || fmt.Sprint(main[0].to) != "[owner@example.com finance@example.com]" {
		t.Fatalf("the scorecard message went to %v", main)
	}
	m := parseMail(t, main[0].data)
	checkBodies(t, m, attached)
	checkNoFlagCode(t, "scorecard text body", m.text)
	if len(received) != 4 {
		t.Errorf("%d messages arrived, want 4", len(received))
	}
}

// TestComposeAllErrors: an owner's address that is not one, or a name
// that would add a header line, stops composing with the owner named.
func TestComposeAllErrors(t *testing.T) {
	t.Parallel()
	sc := mailScorecard()
	workbook := sharedMailWorkbook(t)
	for _, tt := range []struct {
		name   string
		owners map[string]string
		want   string
	}{
		{"bad address", map[string]string{"Anna de Vries": "anna@"}, `email to owner "Anna de Vries"`},
		{"line break in the name", map[string]string{"Anna\r\nBcc: x@example.com": "anna@example.com"}, "line break or control character"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := mailSettings("none", 25, nil)
			s.Owners = tt.owners
			_, err := ComposeAll(s, sc, workbook)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one with %q", err, tt.want)
			}
		})
	}
}

func TestOwnerKey(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, a, b string
		same       bool
	}{
		{"case", "Anna de Vries", "anna DE vries", true},
		{"spacing", " Anna  de\tVries ", "Anna de Vries", true},
		{"composed and decomposed", "Zo\u00eb Jansen", "Zoe\u0308 Jansen", true},
		{"different people", "Anna de Vries", "Anna de Vriess", false},
		{"accents matter", "Zoë Jansen", "Zoe Jansen", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := OwnerKey(tt.a) == OwnerKey(tt.b); got != tt.same {
				t.Errorf("OwnerKey(%q) == OwnerKey(%q) is %v, want %v", tt.a, tt.b, got, tt.same)
			}
		})
	}
}

// TestFlagWords: every flag has its own wording, which is not its code; a
// code this package does not know still reads as words.
func TestFlagWords(t *testing.T) {
	t.Parallel()
	seen := map[string]analysis.FlagCode{}
	for _, code := range analysis.FlagCodes {
		w, ok := flagWords[code]
		if !ok {
			t.Errorf("%s has no wording", code)
			continue
		}
		if other, dup := seen[w]; dup {
			t.Errorf("%s and %s have the same wording %q", code, other, w)
		}
		seen[w] = code
		if strings.Contains(w, string(code)) || w == strings.ToLower(strings.ReplaceAll(string(code), "_", " ")) {
			t.Errorf("%s's wording %q is its code", code, w)
		}
	}
	if got, want := flagText("SLOW_SIGNER"), "slow signer"; got != want {
		t.Errorf("flagText(SLOW_SIGNER) = %q, want %q", got, want)
	}
	if got, want := flagText(analysis.FlagHighContact), "contacts support far more than most clients"; got != want {
		t.Errorf("flagText(HIGH_CONTACT) = %q, want %q", got, want)
	}
}

// TestShownText: a figure reads as the workbook's cell shows it, which
// LibreOffice confirms (0.1235 under 0.0% shows 12.4%, -0.0001 shows
// 0.0%): 15 significant digits, then half away from zero.
func TestShownText(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		f      float64
		format string
		want   string
	}{
		{"margin the issue names", 0.996149, fmtPercent, "99.6%"},
		{"decimal half up", 0.1235, fmtPercent, "12.4%"}, // binary 0.12349999… would give 12.3%
		{"decimal half, negative", -0.1235, fmtPercent, "-12.4%"},
		{"below half", 0.12345, fmtPercent, "12.3%"},
		{"whole percent", -0.12, fmtPercent, "-12.0%"},
		{"tiny loss shows no minus", -0.0001, fmtPercent, "0.0%"},
		{"over 100%", 2.5, fmtPercent, "250.0%"},
		{"days", 33.333333, fmtDays, "33.3"},
		{"days half", 2.25, fmtDays, "2.3"},
		{"two decimals", 1.005, fmtDecimal2, "1.01"}, // binary 1.00499999…
		{"whole", 2.5, fmtWhole, "3"},
		{"count grouped", 1234567, fmtCount, "1,234,567"},
		{"count negative grouped", -20001, fmtCount, "-20,001"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := shownText(tt.f, tt.format); got != tt.want {
				t.Errorf("shownText(%v, %q) = %q, want %q", tt.f, tt.format, got, tt.want)
			}
		})
	}
}
