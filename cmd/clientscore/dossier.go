package main

import (
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
	if len(f.clients) == 0 && f.renewing == "" {
		if f.scorecard || f.email {
			return false, usageErrorf("run: --scorecard and --email go with --client or --renewing-within")
		}
		return false, nil
	}
	if f.renewing != "" {
		if _, err := parsePeriod(f.renewing); err != nil {
			return false, err
		}
		if j.cfg.Inputs.Clients == nil {
			return false, usageErrorf("run: --renewing-within needs the clients input (inputs.clients, with a renewal date column) in %s", j.path)
		}
	}
	return true, nil
}

// parsePeriod reads a renewal window: whole days ("60d", "60") or weeks
// ("8w").
func parsePeriod(s string) (days int, err error) {
	t := strings.ToLower(strings.TrimSpace(s))
	mult := 1
	switch {
	case strings.HasSuffix(t, "d"):
		t = t[:len(t)-1]
	case strings.HasSuffix(t, "w"):
		t, mult = t[:len(t)-1], 7
	}
	n, err := strconv.Atoi(t)
	if err != nil || n <= 0 || n > 3660 {
		return 0, usageErrorf("run: --renewing-within %q: want a number of days or weeks such as 60d or 8w", s)
	}
	return n * mult, nil
}

// pickClients resolves --client and --renewing-within to client indexes,
// in the order asked, each once. A name that matches no client, or
// several, is a usage error listing the names it could mean.
func pickClients(res *analysis.Result, f *runFlags) (picked []int, note string, err error) {
	for _, name := range f.clients {
		matches, closest := res.FindClient(name)
		switch len(matches) {
		case 0:
			if len(closest) == 0 {
				return nil, "", usageErrorf("run: --client %q matches no client", name)
			}
			return nil, "", usageErrorf("run: --client %q matches no client; closest: %s", name, strings.Join(closest, "; "))
		case 1:
		default:
			names := make([]string, len(matches))
			for i, m := range matches {
				names[i] = clientLabel(&res.Clients[m])
			}
			return nil, "", usageErrorf("run: --client %q matches %d clients: %s; give the full name or the client id", name, len(matches), strings.Join(names, "; "))
		}
		if !slices.Contains(picked, matches[0]) {
			picked = append(picked, matches[0])
		}
	}
	if f.renewing != "" {
		days, _ := parsePeriod(f.renewing)
		renewing := res.RenewingWithin(days)
		if len(renewing) == 0 {
			note = fmt.Sprintf("no client renews after %s and on or before %s", res.Rules.AsOf, res.Rules.AsOf+analysis.Date(days))
		}
		for _, i := range renewing {
			if !slices.Contains(picked, i) {
				picked = append(picked, i)
			}
		}
	}
	return picked, note, nil
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
