package main

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/rs/zerolog"

	"clientscore/report"
)

// mailBackoff overrides delivery's pauses between tries; nil keeps
// report's defaults. Tests make it short.
var mailBackoff []time.Duration

// mailSettings turns the config's email section into what delivery needs.
// The password is read from the environment variable password_env names;
// a login without one is a config error, found before any work is done.
func (j *job) mailSettings() (report.MailSettings, error) {
	e := j.cfg.Email
	s := report.MailSettings{
		Host:               e.SMTP.Host,
		Port:               e.SMTP.Port,
		Security:           e.SMTP.Security,
		Username:           e.SMTP.Username,
		From:               e.From,
		To:                 e.To,
		Cc:                 e.Cc,
		Subject:            e.Subject,
		MaxAttachmentBytes: int64(e.MaxAttachmentMB * 1e6),
	}
	if s.Username != "" {
		if s.Security == "none" {
			return s, fmt.Errorf("email.smtp.username: logging in as %q needs security: starttls or tls; security: none is for a local relay that takes mail without a login", s.Username)
		}
		if e.SMTP.PasswordEnv == "" {
			return s, fmt.Errorf("email.smtp.password_env: name the environment variable that holds the password of %q", s.Username)
		}
		pw, ok := os.LookupEnv(e.SMTP.PasswordEnv)
		if !ok || pw == "" {
			return s, fmt.Errorf("email.smtp.password_env: environment variable %s is not set (it holds the SMTP password of %q)", e.SMTP.PasswordEnv, s.Username)
		}
		s.Password = pw
	}
	return s, nil
}

// send emails the scorecard at path.
func (j *job) send(ctx context.Context, sc *report.Scorecard, path string, log zerolog.Logger) error {
	s, err := j.mailSettings()
	if err != nil {
		return err
	}
	s.Backoff = mailBackoff
	msg, err := report.Compose(s, sc, path)
	if err != nil {
		return err
	}
	return report.Send(ctx, s, msg, log)
}

func joinAddrs(a []string) string { return strings.Join(a, ", ") }
