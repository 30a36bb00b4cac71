package report

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/textproto"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
	"github.com/rs/zerolog"
)

// scriptedBackend is an SMTP server's backend that answers one step of
// the first failures tries (-1: all) with an error reply, and accepts
// everything else. AUTH PLAIN is offered and takes any password unless
// the step is "auth". It serves over STARTTLS: a try is a session after
// STARTTLS (go-smtp starts a new one there).
type scriptedBackend struct {
	step     string // "auth", "mail", "rcpt" or "data"
	reply    int    // its reply code
	failures int

	mu        sync.Mutex
	sessions  int
	delivered int
}

func (b *scriptedBackend) NewSession(c *smtp.Conn) (smtp.Session, error) {
	if _, secure := c.TLSConnectionState(); !secure {
		return &scriptedSession{b: b}, nil // until STARTTLS
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.sessions++
	fail := b.failures < 0 || b.sessions <= b.failures
	return &scriptedSession{b: b, fail: fail}, nil
}

func (b *scriptedBackend) counts() (sessions, delivered int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.sessions, b.delivered
}

type scriptedSession struct {
	b    *scriptedBackend
	fail bool
}

func (s *scriptedSession) refuse(step string) error {
	if !s.fail || s.b.step != step {
		return nil
	}
	class := s.b.reply / 100
	return &smtp.SMTPError{Code: s.b.reply, EnhancedCode: smtp.EnhancedCode{class, 0, 0}, Message: "scripted " + step + " failure"}
}

func (s *scriptedSession) AuthMechanisms() []string { return []string{sasl.Plain} }
func (s *scriptedSession) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(string, string, string) error { return s.refuse("auth") }), nil
}
func (s *scriptedSession) Mail(string, *smtp.MailOptions) error { return s.refuse("mail") }
func (s *scriptedSession) Rcpt(string, *smtp.RcptOptions) error { return s.refuse("rcpt") }
func (s *scriptedSession) Data(r io.Reader) error {
	if _, err := io.Copy(io.Discard, r); err != nil {
		return err
	}
	if err := s.refuse("data"); err != nil {
		return err
	}
	s.b.mu.Lock()
	defer s.b.mu.Unlock()
	s.b.delivered++
	return nil
}
func (s *scriptedSession) Reset()        {}
func (s *scriptedSession) Logout() error { return nil }

// sendLog is one of Send's log lines.
type sendLog struct {
	Level     string `json:"level"`
	Attempt   int    `json:"attempt"`
	Error     string `json:"error"`
	Permanent bool   `json:"permanent"`
}

func sendLogs(t *testing.T, logged string) []sendLog {
	t.Helper()
	var out []sendLog
	for line := range strings.Lines(logged) {
		var l sendLog
		if err := json.Unmarshal([]byte(line), &l); err != nil {
			t.Fatalf("log line %q: %v", line, err)
		}
		out = append(out, l)
	}
	return out
}

// A temporary failure (a 4xx reply, the network) is tried again, three
// tries in all; a permanent one (a 5xx reply: a wrong password, an
// unknown mailbox, a message refused) is tried once, since trying a wrong
// password again locks the account at some providers. Each failed try is
// logged.
func TestSendPermanentFailures(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		step      string
		reply     int
		failures  int // sessions refused; -1 all
		wantTries int
		delivered bool
		permanent bool
	}{
		{"535 wrong password", "auth", 535, -1, 1, false, true},
		{"454 login unavailable for now", "auth", 454, -1, 3, false, false},
		{"450 mailbox busy", "rcpt", 450, -1, 3, false, false},
		{"550 no such mailbox", "rcpt", 550, -1, 1, false, true},
		{"553 sender refused", "mail", 553, -1, 1, false, true},
		{"552 message refused", "data", 552, -1, 1, false, true},
		{"451 at the end of the message, then taken", "data", 451, 1, 2, true, false},
	}
	serverTLS, clientTLS := mailCerts(t)
	sc := mailScorecard()
	workbook := sharedMailWorkbook(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := &scriptedBackend{step: tt.step, reply: tt.reply, failures: tt.failures}
			port := startMailServer(t, b, "starttls", serverTLS)
			s := mailSettings("starttls", port, clientTLS)
			s.Username, s.Password = mailUser, mailPassword
			msg, err := Compose(s, sc, workbook)
			if err != nil {
				t.Fatal(err)
			}
			var logged bytes.Buffer
			err = Send(t.Context(), s, msg, zerolog.New(&logged))

			sessions, delivered := b.counts()
			if sessions != tt.wantTries {
				t.Errorf("%d tries, want %d", sessions, tt.wantTries)
			}
			if (delivered == 1) != tt.delivered || delivered > 1 {
				t.Errorf("%d messages delivered, want delivered %v (once)", delivered, tt.delivered)
			}
			if tt.delivered != (err == nil) {
				t.Fatalf("error %v, want delivered %v", err, tt.delivered)
			}
			if err != nil && !strings.Contains(err.Error(), fmt.Sprint(tt.reply)) {
				t.Errorf("error %q does not say %d", err, tt.reply)
			}
			if err != nil && tt.permanent != strings.Contains(err.Error(), "not tried again") {
				t.Errorf("error %q: want it to say it was not tried again: %v", err, tt.permanent)
			}
			logs := sendLogs(t, logged.String())
			failedTries := tt.wantTries
			if tt.delivered {
				failedTries--
			}
			if len(logs) != failedTries {
				t.Fatalf("%d log lines, want %d (one per failed try):\n%s", len(logs), failedTries, logged.String())
			}
			for i, l := range logs {
				last := i == len(logs)-1
				if l.Level != "warn" || l.Attempt != i+1 || !strings.Contains(l.Error, fmt.Sprint(tt.reply)) || l.Permanent != (last && tt.permanent) {
					t.Errorf("log line %d: %+v", i+1, l)
				}
			}
			if strings.Contains(logged.String(), mailPassword) || (err != nil && strings.Contains(err.Error(), mailPassword)) {
				t.Error("the password was logged or returned")
			}
		})
	}
}

// A server that hangs up at once is the network failing: tried again.
func TestSendServerHangsUp(t *testing.T) {
	t.Parallel()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	var accepted sync.WaitGroup
	var mu sync.Mutex
	conns := 0
	accepted.Go(func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns++
			mu.Unlock()
			c.Close()
		}
	})
	s := mailSettings("none", l.Addr().(*net.TCPAddr).Port, nil)
	sc := mailScorecard()
	msg, err := Compose(s, sc, sharedMailWorkbook(t))
	if err != nil {
		t.Fatal(err)
	}
	err = Send(t.Context(), s, msg, zerolog.Nop())
	l.Close()
	accepted.Wait()
	if err == nil || !strings.Contains(err.Error(), "after 3 tries") {
		t.Errorf("error %v, want one after 3 tries", err)
	}
	if conns != 3 {
		t.Errorf("%d connections, want 3", conns)
	}
}

// pipeDial makes Send connect to serve over in-memory connections, so a
// test can run on synctest's clock. It returns the connections made;
// hangUp closes the server's ends (go-mail leaves a connection open after
// some failures), so that no goroutine outlives the test.
func pipeDial(t *testing.T, serve func(net.Conn)) (conns func() int, hangUp func()) {
	var mu sync.Mutex
	var servers []net.Conn
	dialSMTP = func(context.Context, string, string) (net.Conn, error) {
		client, server := net.Pipe()
		mu.Lock()
		servers = append(servers, server)
		mu.Unlock()
		go serve(server)
		return client, nil
	}
	t.Cleanup(func() { dialSMTP = nil })
	conns = func() int {
		mu.Lock()
		defer mu.Unlock()
		return len(servers)
	}
	hangUp = func() {
		mu.Lock()
		defer mu.Unlock()
		for _, c := range servers {
			c.Close()
		}
	}
	return conns, hangUp
}

// The whole delivery gives up within 2 minutes, however the server
// stalls: each try gets at most half the time left, and no pause is
// taken that would end past it. Times are synctest's: exact.
func TestSendGivesUpWithin2Minutes(t *testing.T) {
	tests := []struct {
		name  string
		serve func(net.Conn)
		tries int
		took  time.Duration
		says  string
	}{
		// Never greets: each try waits its 30 s. Tries at 0, 32 s (a
		// 2 s pause) and 70 s (an 8 s pause), the last one given half of
		// the 50 s left: 25 s. Done at 95 s.
		{"never greets", func(c net.Conn) { io.Copy(io.Discard, c) }, 3, 95 * time.Second, "after 3 tries"},
		// Greets after 29 s, then takes the whole message and never
		// answers: each try waits its timeout twice (go-mail gives the
		// sending a timeout of its own). Try 1: 0–59 s; pause to 61 s;
		// try 2 gets half of the 59 s left, 29.5 s, twice: to 120 s less
		// 0.5 s; no time is left for a third.
		{"greets late, then stalls", stallAfterData(29 * time.Second), 2, 119500 * time.Millisecond, "no time left"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				tries, hangUp := pipeDial(t, tt.serve)
				defer hangUp()
				s := mailSettings("none", 2525, nil)
				s.Timeout, s.Retries, s.Backoff = 0, 0, nil // the defaults: 30 s, 3 tries, 2 s then 8 s
				sc := mailScorecard()
				msg, err := Compose(s, sc, sharedMailWorkbook(t))
				if err != nil {
					t.Fatal(err)
				}
				start := time.Now()
				err = Send(t.Context(), s, msg, zerolog.Nop())
				took := time.Since(start)
				if err == nil || !strings.Contains(err.Error(), tt.says) {
					t.Errorf("error %v, want one saying %q", err, tt.says)
				}
				if took != tt.took || took > deliveryBudget {
					t.Errorf("gave up after %v, want %v (within %v)", took, tt.took, deliveryBudget)
				}
				if n := tries(); n != tt.tries {
					t.Errorf("%d tries, want %d", n, tt.tries)
				}
			})
		})
	}
}

// stallAfterData is a server that greets after delay, takes a message
// and never says whether it took it.
func stallAfterData(delay time.Duration) func(net.Conn) {
	return func(c net.Conn) {
		time.Sleep(delay)
		tp := textproto.NewConn(c)
		reply := func(s string) bool { return tp.PrintfLine("%s", s) == nil }
		if !reply("220 slow.example ESMTP") {
			return
		}
		for {
			line, err := tp.ReadLine()
			if err != nil {
				return
			}
			cmd := strings.ToUpper(strings.Fields(line + " x")[0])
			switch cmd {
			case "EHLO", "HELO":
				reply("250 slow.example")
			case "DATA":
				reply("354 go on")
				if _, err := tp.ReadDotBytes(); err != nil {
					return
				}
				io.Copy(io.Discard, c) // and never answer
				return
			default:
				reply("250 OK")
			}
		}
	}
}
