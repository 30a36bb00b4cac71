package main

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"clientscore/analysis"
	"clientscore/report"
)

// wantDossiers reports whether the run writes renewal dossiers, checking
// what can be checked before anything is read.
func (j *job) wantDossiers(f *runFlags) (bool, error) {
	if len(f.clients) == 0 && !f.renewing.given() {
		if f.scorecard || f.email {
			return false, usageErrorf("run: --scorecard and --email go with --client or --renewing-within")
		}
		return false, nil
	}
	if f.renewing.given() && j.cfg.Inputs.Clients == nil {
		return false, usageErrorf("run: --renewing-within needs the clients input (inputs.clients, with a renewal date column) in %s", j.path)
	}
	return true, nil
}

// period is a --renewing-within window: n days, weeks or months after the
// as-of date. The zero period was not given.
type period struct {
	n    int
	unit byte // 'd', 'w' or 'm'
}

// periodUnits are the units a period takes, with the most of each (ten
// years).
var periodUnits = map[byte]int{'d': 3660, 'w': 522, 'm': 120}

func (p *period) String() string {
	if !p.given() {
		return ""
	}
	return fmt.Sprintf("%d%c", p.n, p.unit)
}

// Set reads "60d", "8w", "2m" (months), or a bare number of days.
func (p *period) Set(s string) error {
	t := strings.ToLower(strings.TrimSpace(s))
	unit := byte('d')
	if t != "" {
		if _, ok := periodUnits[t[len(t)-1]]; ok {
			unit, t = t[len(t)-1], t[:len(t)-1]
		}
	}
	n, err := strconv.Atoi(t)
	if err != nil || n <= 0 || n > periodUnits[unit] {
		return errors.New("want a number of days, weeks or months up to ten years, such as 60d, 8w or 2m")
	}
	*p = period{n: n, unit: unit}
	return nil
}

func (p period) given() bool { return p.n > 0 }

// end is the last day of the window that starts after asOf: 2m from
// 2026-06-30 ends on 2026-08-30.
func (p period) end(asOf analysis.Date) analysis.Date {
	switch p.unit {
	case 'w':
		return asOf.AddDays(7 * p.n)
	case 'm':
		return asOf.AddMonths(p.n)
	}
	return asOf.AddDays(p.n)
}

// pickClients resolves --client and --renewing-within to client indexes,
// in the order asked, each once. A name that matches no client, or
// several, is a usage error listing the names it could mean. notes say
// which client a query matched by its words, and when no client renews.
func pickClients(res *analysis.Result, f *runFlags) (picked []int, notes []string, err error) {
	for _, name := range f.clients {
		l := res.FindClient(name)
		switch len(l.Matches) {
		case 0:
			if len(l.Closest) == 0 {
				return nil, nil, usageErrorf("run: --client %q matches no client", name)
			}
			return nil, nil, usageErrorf("run: --client %q matches no client; closest: %s", name, strings.Join(l.Closest, "; "))
		case 1:
			if l.ByWords {
				notes = append(notes, fmt.Sprintf("--client %q: took %s, the one client whose name holds those words", name, clientLabel(&res.Clients[l.Matches[0]])))
			}
		default:
			names := make([]string, len(l.Matches))
			for i, m := range l.Matches {
				names[i] = clientLabel(&res.Clients[m])
			}
			return nil, nil, usageErrorf("run: --client %q matches %d clients: %s; give more of the name, or the client id", name, len(l.Matches), strings.Join(names, "; "))
		}
		if !slices.Contains(picked, l.Matches[0]) {
			picked = append(picked, l.Matches[0])
		}
	}
	if f.renewing.given() {
		asOf := res.Rules.AsOf
		end := f.renewing.end(asOf)
		renewing := res.RenewingBy(end)
		if len(renewing) == 0 {
			notes = append(notes, fmt.Sprintf("no client renews after %s and on or before %s", asOf, end))
		}
		for _, i := range renewing {
			if !slices.Contains(picked, i) {
				picked = append(picked, i)
			}
		}
	}
	return picked, notes, nil
}

// clientLabel names a client with its id, when it has one.
func clientLabel(c *analysis.ClientResult) string {
	if c.ID != "" {
		return fmt.Sprintf("%s (id %s)", c.Name, c.ID)
	}
	return c.Name
}

// writeDossiers writes one renewal dossier per picked client into dir.
func (j *job) writeDossiers(o *outcome, picked []int, dir string) ([]string, error) {
	switch len(picked) {
	case 0:
	case 1:
		j.stage.say("writing the dossier")
	default:
		j.stage.say("writing %s dossiers", thousands(len(picked)))
	}
	var paths []string
	for _, i := range picked {
		path := filepath.Join(dir, report.DossierName(o.result, i))
		d := &report.Dossier{
			Result:    o.result,
			Client:    i,
			Sources:   o.sources,
			Generated: time.Now().In(j.loc),
			Version:   versionString(),
		}
		if err := report.WriteDossier(path, d); err != nil {
			return paths, fmt.Errorf("dossier of %s not written: %w", o.result.Clients[i].Name, err)
		}
		paths = append(paths, path)
	}
	return paths, nil
}
