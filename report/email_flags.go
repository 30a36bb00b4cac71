package report

import (
	"strings"

	"clientscore/analysis"
)

// flagWords says what each flag means, in the words a reader who never saw
// its code understands. It is the one wording of each flag; the email
// never prints a code.
var flagWords = map[analysis.FlagCode]string{
	analysis.FlagUnprofitable:  "loses money",
	analysis.FlagLowMargin:     "earns less than the target margin",
	analysis.FlagLatePayer:     "pays late",
	analysis.FlagDisputes:      "disputes invoices often",
	analysis.FlagAfterHours:    "often needs us outside business hours",
	analysis.FlagHighContact:   "contacts support far more than most clients",
	analysis.FlagDiscounts:     "pushes for discounts and credit notes",
	analysis.FlagAbuse:         "was abusive or threatening to staff",
	analysis.FlagScopeChange:   "keeps changing the scope of the work",
	analysis.FlagConcentration: "a large share of revenue depends on this client",
}

// flagText is the words for code: its wording above, or for a code this
// package does not know, the code in lower case with spaces ("new flag"),
// so a code never reaches the reader as it is.
func flagText(code analysis.FlagCode) string {
	if w, ok := flagWords[code]; ok {
		return w
	}
	return strings.ToLower(strings.ReplaceAll(string(code), "_", " "))
}
