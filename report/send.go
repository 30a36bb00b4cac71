package report

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/rs/zerolog"
	"github.com/wneessen/go-mail"
)

// Send delivers msg over SMTP as s says: STARTTLS required (starttls),
// implicit TLS (tls) or none; SMTP AUTH only when s.Username is set. It
// tries s.Retries times in all, pausing s.Backoff between tries and
// stopping early when ctx ends; each failed try is logged at warn with its
// number and error (never the password). The error after the last try
// wraps its failure and names the server and the number of tries.
//
// A failure is retried whatever its kind, a permanent one (535
// authentication rejected, 550 mailbox unknown) included, but only up to
// the fixed number of tries. A message the server accepted is not sent
// again, even if the connection then fails to close cleanly.
func Send(ctx context.Context, s MailSettings, msg *mail.Msg, log zerolog.Logger) error {
	if msg == nil {
		return errors.New("report: no email to send")
	}
	client, err := newMailClient(s)
	if err != nil {
		return err
	}
	addr := s.addr()
	tries := s.Retries
	if tries <= 0 {
		tries = defaultMailTries
	}
	timeout := s.Timeout
	if timeout <= 0 {
		timeout = defaultMailTimeout
	}
	backoff := s.Backoff
	if backoff == nil {
		backoff = defaultBackoff
	}

	var last error
	tried := 0
	for tried < tries {
		if tried > 0 && len(backoff) > 0 {
			pause := backoff[min(tried-1, len(backoff)-1)]
			t := time.NewTimer(pause)
			select {
			case <-ctx.Done():
				t.Stop()
				return fmt.Errorf("email not sent via %s after %s (stopped: %w): %w",
					addr, triesText(tried), context.Cause(ctx), last)
			case <-t.C:
			}
		}
		tried++
		err := sendOnce(ctx, client, timeout, msg)
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
		log.Warn().Int("attempt", tried).Int("tries", tries).Str("server", addr).Err(err).Msg("email not sent")
		if ctx.Err() != nil {
			return fmt.Errorf("email not sent via %s after %s (stopped: %w): %w",
				addr, triesText(tried), context.Cause(ctx), last)
		}
	}
	return fmt.Errorf("email not sent via %s after %s: %w", addr, triesText(tried), last)
}

// triesText writes "1 try", "3 tries".
func triesText(n int) string {
	if n == 1 {
		return "1 try"
	}
	return strconv.Itoa(n) + " tries"
}

// sendOnce makes one try: connect, greet, secure, log in, send, quit.
func sendOnce(ctx context.Context, client *mail.Client, timeout time.Duration, msg *mail.Msg) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	return client.DialAndSendWithContext(ctx, msg)
}

// newMailClient makes the go-mail client for s. It connects only when a
// message is sent.
func newMailClient(s MailSettings) (*mail.Client, error) {
	if s.Host == "" {
		return nil, errors.New("report: email: no SMTP host")
	}
	timeout := s.Timeout
	if timeout <= 0 {
		timeout = defaultMailTimeout
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
