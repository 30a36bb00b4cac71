// Package config takes clientscore's YAML config file (SPEC.md section 2)
// and gives a validated Config: every key decoded onto the spec's defaults,
// unknown keys and wrong types rejected with the line and the key's path,
// relative paths resolved against the config file's folder, and every
// value checked.
//
// Load reads a file; Parse decodes bytes already read. Both return either a
// Config that passed every check or an *Error listing every problem found,
// one per line, each naming the field:
//
//	config: line 12: unknown key "min_margn" in rules (did you mean "min_margin"?)
//	config: rules.min_margin: 1.5 is not between 0 and 1
//
// Every error they return matches errors.Is(err, ErrConfig), so a command
// can map it to its "usage or config error" exit status.
//
// The package stands alone: it imports nothing of clientscore. Amounts of
// money are kept as the exact decimals written in the file (Amount) and
// turned into integer minor units by the caller, who knows the currency.
package config
