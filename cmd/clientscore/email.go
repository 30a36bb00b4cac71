package main

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/rs/zerolog"

	"clientscore/internal/clip"
	"clientscore/report"
)

// mailBackoff overrides delivery's pauses between tries; nil keeps
// report's defaults. Tests make it short.
var mailBackoff []time.Duration

// mailDeadline bounds the delivery of all of a run's messages together
// (the scorecard and every owner's): the spec's "gives up within 2
// minutes in all" holds however many owners there are.
const mailDeadline = 2 * time.Minute

// mailSettings turns the config's email section into what delivery needs.
// The password is read from the environment variable password_env names;
// a login without one, or an owner whose name is empty, repeated or whose
// address is not one, is a config error, found before any work is done.
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
		Owners:             e.Owners,
		MaxAttachmentBytes: int64(e.MaxAttachmentMB * 1e6),
	}
	if err := checkOwners(e.Owners); err != nil {
		return s, err
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

// checkOwners checks that no two names of email.owners are the same owner
// as report.OwnerKey matches them (config has checked each name and
// address).
func checkOwners(owners map[string]string) error {
	names := make([]string, 0, len(owners))
	for name := range owners {
		names = append(names, name)
	}
	slices.Sort(names) // the first problem by name, the same every run
	seen := make(map[string]string, len(owners))
	for _, name := range names {
		key := report.OwnerKey(name)
		if other, dup := seen[key]; dup {
			return fmt.Errorf("email.owners: %q and %q are the same owner (names match ignoring case and spacing); keep one", clip.Runes(other, maxQuoted+1), clip.Runes(name, maxQuoted+1))
		}
		seen[key] = name
	}
	return nil
}

// send emails the scorecard at path to the configured recipients and,
// with email.owners, each owner's message to that owner. Every message is
// tried, however the others went, within mailDeadline in all. what says
// where each went, for the run's summary; err joins the failures on one
// line, each naming its recipients.
func (j *job) send(ctx context.Context, sc *report.Scorecard, path string, log zerolog.Logger) (what string, err error) {
	s, err := j.mailSettings()
	if err != nil {
		return "failed: " + err.Error(), err
	}
	s.Backoff = mailBackoff
	msgs, err := report.ComposeAll(s, sc, path)
	if err != nil {
		return "failed: " + err.Error(), err
	}
	ctx, cancel := context.WithTimeout(ctx, mailDeadline)
	defer cancel()
	var sent, owners []string
	var failed mailErrors
	for _, m := range msgs {
		who := joinAddrs(m.To)
		if m.Owner != "" {
			who = "owner " + m.Owner + " (" + who + ")"
			if m.Clients == 0 {
				log.Warn().Str("owner", m.Owner).
					Msg("email.owners names an owner that no client has; check the name against the owner column of the clients input")
			}
		}
		if err := report.Send(ctx, s, m.Msg, log); err != nil {
			failed = append(failed, fmt.Errorf("%s: %w", who, err))
			continue
		}
		if m.Owner == "" {
			sent = append(sent, "sent to "+who)
		} else {
			owners = append(owners, m.Owner+" ("+joinAddrs(m.To)+")")
		}
	}
	if len(owners) > 0 {
		sent = append(sent, "owners' messages sent to "+strings.Join(owners, ", "))
	}
	if len(failed) > 0 {
		sent = append(sent, "failed: "+failed.Error())
		return strings.Join(sent, "; "), failed
	}
	return strings.Join(sent, "; "), nil
}

// mailErrors are the messages of a run that were not delivered. Error
// writes them on one line.
type mailErrors []error

func (e mailErrors) Error() string {
	parts := make([]string, len(e))
	for i, err := range e {
		parts[i] = err.Error()
	}
	return strings.Join(parts, "; ")
}

func (e mailErrors) Unwrap() []error { return e }

func joinAddrs(a []string) string { return strings.Join(a, ", ") }
