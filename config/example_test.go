package config_test

import (
	"errors"
	"fmt"

	"clientscore/config"
)

// A config with a typo, a wrong type and a value out of range: every
// problem is reported at once, and the error tells cmd to exit with 2.
func ExampleParse() {
	yaml := `inputs:
  invoices: {path: exports/invoices.xlsx}
window_months: twelve
rules:
  min_margn: 0.3
  min_margin: 1.5
`
	_, err := config.Parse([]byte(yaml), "/srv/clientscore")
	fmt.Println(err)
	fmt.Println("config error:", errors.Is(err, config.ErrConfig))
	// Output:
	// config: line 3: window_months: "twelve" is not a whole number
	// config: line 5: unknown key "min_margn" in rules (did you mean "min_margin"?)
	// config: rules.min_margin: 1.5 is not between 0 and 1
	// config error: true
}

// Relative paths are resolved against the config's folder; what the user
// wrote is kept for messages.
func ExampleParse_paths() {
	c, err := config.Parse([]byte("inputs: {invoices: {path: exports/invoices*.xlsx}}\n"), "/srv/clientscore")
	if err != nil {
		panic(err)
	}
	fmt.Println(c.Inputs.Invoices.Path)
	fmt.Println(c.Inputs.Invoices.AbsPath)
	fmt.Println(c.Report.AbsDir)
	// Output:
	// exports/invoices*.xlsx
	// /srv/clientscore/exports/invoices*.xlsx
	// /srv/clientscore/reports
}
