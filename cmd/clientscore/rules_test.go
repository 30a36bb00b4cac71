package main

import (
	"reflect"
	"testing"

	"clientscore/analysis"
	"clientscore/config"
)

// The spec's defaults are written twice: in config.Default, which a run
// uses, and in analysis.DefaultRules, which the analysis and report tests
// use. The layers keep them apart (analysis imports nothing of ours);
// this keeps them equal.
func TestConfigDefaultsAreAnalysisDefaults(t *testing.T) {
	asOf := analysis.NewDate(2026, 10, 31)
	cfg := config.Default()
	got, err := rulesOf(&cfg, asOf)
	if err != nil {
		t.Fatal(err)
	}
	if want := analysis.DefaultRules(asOf, cfg.Currency); !reflect.DeepEqual(got, want) {
		t.Errorf("config.Default gives rules\n%+v\nanalysis.DefaultRules\n%+v", got, want)
	}
}
