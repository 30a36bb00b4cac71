package main

import "clientscore/report"

// wantDossiers reports whether the run writes renewal dossiers.
func (j *job) wantDossiers(f *runFlags) (bool, error) {
	if len(f.clients) > 0 || f.renewing != "" {
		return false, usageErrorf("run: --client and --renewing-within are not available yet")
	}
	return false, nil
}

func (j *job) writeDossiers(o *outcome, f *runFlags, dir string) ([]string, error) {
	_ = report.SheetName
	return nil, nil
}
