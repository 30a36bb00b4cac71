package report

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net/textproto"
	"strconv"
	"strings"
	"time"

	"github.com/rs/zerolog"
	"github.com/wneessen/go-mail"
)

// deliveryBudget is the longest one Send takes, every try and pause
// included: a nightly run must not hang on a mail server.
const deliveryBudget = 2 * time.Minute

// Send delivers msg over SMTP as s says: STARTTLS required (starttls),
// implicit TLS (tls) or none; SMTP AUTH only when s.Username is set.
//
// A temporary failure (the network, a 4xx reply) is tried again, s.Retries
// tries in all, pausing s.Backoff between them. A permanent one is not: a
// 5xx reply (535 login rejected, 550 no such mailbox), a login the server
// cannot take, a certificate that does not verify. Trying a wrong password
// again only locks the account at some providers. Each failed try is logged
// at warn with its number and error (never the password).
//
// Send gives up within 2 minutes in all, or when ctx ends: each try gets
// at most half the time left (a try can wait its timeout twice, connecting
// and sending), and a pause that would end past the deadline is not taken.
// The error after the last try wraps its failure and names the server and
// the number of tries. A message the server accepted is not sent again,
// even if the connection then fails to close cleanly.
func Send(ctx context.Context, s MailSettings, msg *mail.Msg, log zerolog.Logger) error {
	if msg == nil {
		return errors.New("report: no email to send")
	}
	timeout := s.Timeout
	if timeout <= 0 {
		timeout = defaultMailTimeout
	}
	if _, err := newMailClient(s, timeout); err != nil { // bad settings: no try at all
		return err
	}
	addr := s.addr()
	tries := s.Retries
	if tries <= 0 {
		tries = defaultMailTries
	}
	backoff := s.Backoff
	if backoff == nil {
		backoff = defaultBackoff
	}
	ctx, cancel := context.WithTimeout(ctx, deliveryBudget)
	defer cancel()
	deadline, _ := ctx.Deadline()

	var last error
	stopped := func(tried int) error {
		if last == nil {
			return fmt.Errorf("email not sent via %s (stopped: %w)", addr, context.Cause(ctx))
		}
		return fmt.Errorf("email not sent via %s after %s (stopped: %w): %w",
			addr, triesText(tried), context.Cause(ctx), last)
	}
	for tried := 0; tried < tries; {
		if tried > 0 && len(backoff) > 0 {
			pause := backoff[min(tried-1, len(backoff)-1)]
			if time.Until(deadline) < pause+time.Second {
				return fmt.Errorf("email not sent via %s after %s (no time left for another try: %w): %w",
					addr, triesText(tried), context.DeadlineExceeded, last)
			}
			t := time.NewTimer(pause)
			select {
			case <-ctx.Done():
				t.Stop()
				return stopped(tried)
			case <-t.C:
			}
		}
		if ctx.Err() != nil {
			return stopped(tried)
		}
		tried++
		// A try can wait its timeout twice: for the server, and again
		// once it is sending.
		client, err := newMailClient(s, min(timeout, time.Until(deadline)/2))
		if err != nil {
			return err
		}
		err = client.DialAndSendWithContext(ctx, msg)
		if err == nil {
			return nil
		}
		if msg.IsDelivered() {
			// The server took the message; what failed was the goodbye.
			log.Warn().Int("attempt", tried).Str("server", addr).Err(err).
				Msg("email accepted by the server, but the connection did not close cleanly")
			return nil
		}
		last = err
		if permanent(err) {
			log.Warn().Int("attempt", tried).Str("server", addr).Err(err).Bool("permanent", true).
				Msg("email not sent; the server refused it for good, so it is not tried again")
			return fmt.Errorf("email not sent via %s: refused for good, not tried again: %w", addr, err)
		}
		log.Warn().Int("attempt", tried).Int("tries", tries).Str("server", addr).Err(err).Msg("email not sent")
		if ctx.Err() != nil {
			return stopped(tried)
		}
	}
	return fmt.Errorf("email not sent via %s after %s: %w", addr, triesText(tries), last)
}

// permanent reports whether a failed try would only fail the same way
// again: a 5xx reply (go-mail's SendError.IsTemp is false for it), a
// login the server does not offer or a certificate that does not verify,
// or a message go-mail cannot send at all. The network failing and 4xx
// replies are temporary.
func permanent(err error) bool {
	var se *mail.SendError
	if errors.As(err, &se) {
		switch se.Reason {
		case mail.ErrGetSender, mail.ErrGetRcpts, mail.ErrNoUnencoded:
			return true // the message itself
		}
		// IsTemp is false for a failure with no SMTP reply too (a dropped
		// connection); that is the network, and temporary.
		return !se.IsTemp() && se.ErrorCode() >= 500
	}
	var reply *textproto.Error // a reply outside sending: greeting, STARTTLS, AUTH
	if errors.As(err, &reply) {
		return reply.Code >= 500
	}
	var verify *tls.CertificateVerificationError
	if errors.As(err, &verify) {
		return true
	}
	if errors.Is(err, mail.ErrNoSupportedAuthDiscovered) || errors.Is(err, mail.ErrPlainAuthNotSupported) || errors.Is(err, mail.ErrLoginAuthNotSupported) {
		return true
	}
	msg := err.Error()
	return strings.Contains(msg, "does not support STARTTLS") || strings.Contains(msg, "does not support SMTP AUTH")
}

// triesText writes "1 try", "3 tries".
func triesText(n int) string {
	if n == 1 {
		return "1 try"
	}
	return strconv.Itoa(n) + " tries"
}

// dialSMTP, when set, connects instead of the network (tests).
var dialSMTP mail.DialContextFunc

// newMailClient makes the go-mail client for s, each step of a try
// bounded by timeout. It connects only when a message is sent.
func newMailClient(s MailSettings, timeout time.Duration) (*mail.Client, error) {
	if s.Host == "" {
		return nil, errors.New("report: email: no SMTP host")
	}
	var tlsConfig *tls.Config
	if s.TLSConfig != nil {
		tlsConfig = s.TLSConfig.Clone()
	} else {
		tlsConfig = &tls.Config{MinVersion: tls.VersionTLS12}
	}
	if tlsConfig.ServerName == "" {
		tlsConfig.ServerName = s.Host
	}
	opts := []mail.Option{
		mail.WithPort(s.port()),
		mail.WithTimeout(timeout),
		mail.WithTLSConfig(tlsConfig),
	}
	if dialSMTP != nil {
		opts = append(opts, mail.WithDialContextFunc(dialSMTP))
	}
	switch s.Security {
	case "starttls":
		opts = append(opts, mail.WithTLSPolicy(mail.TLSMandatory))
	case "tls":
		opts = append(opts, mail.WithSSL())
	case "none":
		opts = append(opts, mail.WithTLSPolicy(mail.NoTLS))
	default:
		return nil, fmt.Errorf("report: email: SMTP security %q is not starttls, tls or none", s.Security)
	}
	if s.Username != "" {
		// go-mail picks the best mechanism the server offers; PLAIN and
		// LOGIN only over an encrypted connection.
		opts = append(opts, mail.WithSMTPAuth(mail.SMTPAuthAutoDiscover),
			mail.WithUsername(s.Username), mail.WithPassword(s.Password))
	}
	client, err := mail.NewClient(s.Host, opts...)
	if err != nil {
		return nil, fmt.Errorf("report: email: %w", err)
	}
	return client, nil
}
