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
// Besides the YAML it imports only analysis, whose DefaultRules are the
// spec's defaults of every analysis setting (Default is built from them, so
// they are written once). The canonical columns of each input are ingest's:
// the caller checks columns: and defaults: keys with CheckColumns. Amounts
// of money are kept as the exact decimals written in the file (Amount) and
// turned into integer minor units by the caller, who knows the currency.
//
// A file over MaxSize (1 MiB) is refused before it is parsed, a value a
// message quotes is cut to 80 characters, and an *Error prints at most 20
// problems.
package config
