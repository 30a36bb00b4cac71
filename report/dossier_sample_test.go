package report

import (
	"os"
	"testing"
)

// TestWriteDossierSample writes the fixture's dossier of Acme Ltd where
// CLIENTSCORE_DOSSIER_SAMPLE says, to open and look at.
func TestWriteDossierSample(t *testing.T) {
	t.Parallel()
	path := os.Getenv("CLIENTSCORE_DOSSIER_SAMPLE")
	if path == "" {
		t.Skip("set CLIENTSCORE_DOSSIER_SAMPLE=/tmp/dossier.xlsx to write a sample dossier")
	}
	res := dossierResult()
	d := &Dossier{Result: res, Client: clientIndex(t, res, "Acme Ltd"), Sources: dossierSources, Generated: dossierGen, Version: "1.4.0"}
	if err := WriteDossier(path, d); err != nil {
		t.Fatal(err)
	}
}
