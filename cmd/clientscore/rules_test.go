package main

import (
	"reflect"
	"testing"

	"clientscore/analysis"
	"clientscore/config"
)

// config.Default is built from analysis.DefaultRules; rulesOf maps the
// config back into analysis.Rules. The round trip gives DefaultRules again
// only when rulesOf maps every setting (a forgotten ContactMin would be 0).
func TestConfigDefaultsAreAnalysisDefaults(t *testing.T) {
	t.Parallel()
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
