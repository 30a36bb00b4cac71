package analysis

import (
	"slices"
	"strings"
	"testing"
)

// findResult is a portfolio with the names FindClient must tell apart.
func findResult() *Result {
	return &Result{Rules: testRules(), Clients: []ClientResult{
		{Name: "Acme Ltd", ID: "C-001", Aliases: []string{"ACME Limited", "Acme UK"}}, // 0
		{Name: "Café Müller & Söhne GmbH"},                                            // 1
		{Name: "Northwind Traders", ID: "NW7"},                                        // 2
		{Name: "Kessler & Sons GmbH"},                                                 // 3
		{Name: "Kessler & Sons Ltd"},                                                  // 4
		{Name: "Brightline"},                                                          // 5
		{Name: "Brightline Ltd."},                                                     // 6
		{Name: "Nordwind Logistics"},                                                  // 7
		{Name: "+++"},                                                                 // 8
		{Name: "Øresund Bygg AS"},                                                     // 9
		{Name: "Penny Pincher Bakeries"},                                              // 10
		{Name: "Penny Lane Studios"},                                                  // 11
		{Name: "Quibble & Quarrel Legal"},                                             // 12
		{Name: "Titan Retail Group"},                                                  // 13
		{Name: "Titan Logistics"},                                                     // 14
	}}
}

func TestFindClient(t *testing.T) {
	res := findResult()
	tests := []struct {
		name    string
		query   string
		matches []int
		byWords bool
		closest []string // checked only when no client matches
	}{
		{"exact name", "Acme Ltd", []int{0}, false, nil},
		{"case and spacing", "  aCMe    LTD ", []int{0}, false, nil},
		{"punctuation", "acme-ltd.", []int{0}, false, nil},
		{"no spaces at all", "ACMELTD", []int{0}, false, nil},
		{"id", "c-001", []int{0}, false, nil},
		{"id without its dash", "C001", []int{0}, false, nil},
		{"alias", "acme limited", []int{0}, false, nil},
		{"second alias", "Acme UK", []int{0}, false, nil},
		// Accents fold both ways: typed plain, typed with them.
		{"accents typed plain", "cafe muller & sohne gmbh", []int{1}, false, nil},
		{"accents and punctuation", "Café Müller-Söhne GmbH", []int{1}, false, nil},
		// ø does not decompose; it is spelled o.
		{"letter spelled out", "oresund bygg as", []int{9}, false, nil},
		// "Acme" is not a whole name, but it is Acme Ltd without its
		// legal suffix.
		{"without the legal suffix", "acme", []int{0}, false, nil},
		// Two clients differ only by the suffix: both match, the caller
		// asks which.
		{"suffix-only twins", "Kessler & Sons", []int{3, 4}, false, nil},
		// An exact name wins over the loose one: "Brightline" is a client
		// of its own, Brightline Ltd. is another.
		{"exact beats loose", "brightline", []int{5}, false, nil},
		{"exact with the suffix", "Brightline Ltd", []int{6}, false, nil},
		{"a name of punctuation only", "+++", []int{8}, false, nil},
		// A typed suffix is never dropped from the query: GmbH is not Ltd.
		{"the wrong suffix", "Acme GmbH", nil, false, []string{"Acme Ltd"}},
		// Prefixes and parts of names never match; they are suggested.
		// "north" is in Northwind Traders; Nordwind Logistics is 1 edit from
		// "nordwind" but not within 2 of "north" as a whole key.
		{"a prefix is only a suggestion", "north", nil, false, []string{"Northwind Traders"}},
		// Every word of the query is a whole word of the name, in any
		// order, with any punctuation.
		{"words of one name", "Penny Pincher", []int{10}, true, nil},
		{"words in another order", "pincher, PENNY", []int{10}, true, nil},
		{"words with accents typed plain", "muller sohne", []int{1}, true, nil},
		{"words of an alias", "uk", []int{0}, true, nil},
		{"one word of one name", "quarrel", []int{12}, true, nil},
		// A word in several names: all of them, for the caller to list.
		{"a word of two names", "Penny", []int{10, 11}, true, nil},
		{"a word of two names, again", "kessler", []int{3, 4}, true, nil},
		{"two words tell them apart", "titan retail", []int{13}, true, nil},
		// A part of a word is not a word: "pinch" is suggested, not taken.
		{"part of a word", "pinch", nil, false, []string{"Penny Pincher Bakeries"}},
		// A word the name lacks: no match, whatever else fits; the name
		// is 4 edits away ("cakes" → "bakeries"), within 17/3 = 5.
		{"one word too many", "Penny Pincher Cakes", nil, false, []string{"Penny Pincher Bakeries"}},
		// "nortwindtraders" is one edit from Northwind Traders; within
		// the limit of 15/3 = 5 edits there is no other client.
		{"a typo", "Nortwind Traders", nil, false, []string{"Northwind Traders"}},
		// "brigthline" (swapped letters) is 2 edits from brightline and from
		// brightline's loose key; Brightline Ltd.'s full key is 5 away but
		// its loose key is also 2: both, sorted by name.
		{"swapped letters", "brigthline", nil, false, []string{"Brightline", "Brightline Ltd."}},
		{"empty query", "   ", nil, false, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := res.FindClient(tt.query)
			matches, closest := l.Matches, l.Closest
			if !slices.Equal(matches, tt.matches) {
				t.Errorf("FindClient(%q) matches %v, want %v", tt.query, matches, tt.matches)
			}
			if l.ByWords != tt.byWords {
				t.Errorf("FindClient(%q) ByWords = %v, want %v", tt.query, l.ByWords, tt.byWords)
			}
			if len(matches) > 0 && closest != nil {
				t.Errorf("FindClient(%q) suggests %q although it matched", tt.query, closest)
			}
			if len(matches) == 0 && !slices.Equal(closest, tt.closest) {
				t.Errorf("FindClient(%q) suggests %q, want %q", tt.query, closest, tt.closest)
			}
		})
	}
}

func TestFindClientSuggestsAtMostFive(t *testing.T) {
	res := &Result{}
	for _, n := range []string{"Delta One", "Delta Two", "Delta Three", "Delta Four", "Delta Five", "Delta Six", "Delta Seven"} {
		res.Clients = append(res.Clients, ClientResult{Name: n})
	}
	// "delt" is no word of any name, but is contained in all seven keys.
	// Ordered by distance (one, six, two: 4 edits; five, four: 5; seven,
	// three: 6), then by name, and cut at five.
	closest := res.FindClient("delt").Closest
	want := []string{"Delta One", "Delta Six", "Delta Two", "Delta Five", "Delta Four"}
	if !slices.Equal(closest, want) {
		t.Errorf("closest = %q, want %q", closest, want)
	}
}

// TestFindClientAfterAnalyze finds clients as Analyze names them: the
// clients input's id, name and aliases.
func TestFindClientAfterAnalyze(t *testing.T) {
	d := &Data{
		Clients: []Client{{ID: "K-17", Name: "Kite Aviation", Aliases: []string{"Kite Air", "KA"}}},
		Invoices: []Invoice{
			invoice("Kite Air", "1", "2026-01-10", "2026-02-09", 100000),
			invoice("Lumen Opticians", "2", "2026-01-10", "2026-02-09", 100000),
		},
	}
	res := analyzeChecked(t, numbered(d), testRules())
	for _, q := range []string{"kite aviation", "K17", "KITE-AIR", "ka"} {
		matches := res.FindClient(q).Matches
		if len(matches) != 1 || res.Clients[matches[0]].Name != "Kite Aviation" {
			t.Errorf("FindClient(%q) = %v, want Kite Aviation alone", q, matches)
		}
	}
	if l := res.FindClient("lumen optician"); l.Matches != nil || !slices.Equal(l.Closest, []string{"Lumen Opticians"}) {
		t.Errorf(`FindClient("lumen optician") = %v, %q; want no match and Lumen Opticians suggested`, l.Matches, l.Closest)
	}
}

func TestRenewingWithin(t *testing.T) {
	// As of 2026-06-30.
	res := &Result{Rules: testRules(), Clients: []ClientResult{
		{Name: "Today", RenewalDate: day("2026-06-30")},    // not after as-of
		{Name: "Tomorrow", RenewalDate: day("2026-07-01")}, // day 1
		{Name: "Day 60", RenewalDate: day("2026-08-29")},   // 2026-06-30 + 60
		{Name: "Day 61", RenewalDate: day("2026-08-30")},   // one too far for 60
		{Name: "No date"}, // never
		{Name: "past", RenewalDate: day("2026-01-01")},         // already renewed
		{Name: "beta", RenewalDate: day("2026-07-15")},         // same day as alpha …
		{Name: "Alpha", RenewalDate: day("2026-07-15")},        // … and first by name
		{Name: "Day 90", RenewalDate: day("2026-09-28")},       // 2026-06-30 + 90
		{Name: "Next year", RenewalDate: day("2027-06-30")},    // day 365
		{Name: "Day 91", RenewalDate: day("2026-09-29")},       // one too far for 90
		{Name: "Tomorrow too", RenewalDate: day("2026-07-01")}, // ties with Tomorrow, after it by name
	}}
	names := func(idx []int) string {
		var s []string
		for _, i := range idx {
			s = append(s, res.Clients[i].Name)
		}
		return strings.Join(s, ", ")
	}
	tests := []struct {
		days int
		want string
	}{
		{0, ""},
		{-5, ""},
		{1, "Tomorrow, Tomorrow too"},
		{60, "Tomorrow, Tomorrow too, Alpha, beta, Day 60"},
		{90, "Tomorrow, Tomorrow too, Alpha, beta, Day 60, Day 61, Day 90"},
		{365, "Tomorrow, Tomorrow too, Alpha, beta, Day 60, Day 61, Day 90, Day 91, Next year"},
	}
	for _, tt := range tests {
		if got := names(res.RenewingWithin(tt.days)); got != tt.want {
			t.Errorf("RenewingWithin(%d) = %q, want %q", tt.days, got, tt.want)
		}
	}
}

func TestMatchKey(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Café Müller & Söhne GmbH", "cafemullersohnegmbh"},
		{"  Acme   Ltd. ", "acmeltd"},
		{"Straße", "strasse"},
		{"Æther Øl", "aetherol"},
		{"株式会社 テスト", "株式会社テスト"},
		{"+++", "+++"},
		{"  + +  ", "+ +"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := matchKey(tt.in); got != tt.want {
			t.Errorf("matchKey(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestFindable checks that Findable accepts every client FindClient finds,
// by each rule, and refuses the clients no query names.
func TestFindable(t *testing.T) {
	res := findResult()
	for _, q := range []string{"Acme Ltd", "  aCMe    LTD ", "ACMELTD", "c-001", "C001", "acme limited", "Acme UK",
		"cafe muller & sohne gmbh", "oresund bygg as", "acme", "Kessler & Sons", "brightline", "Brightline Ltd", "+++",
		"Penny Pincher", "penny", "uk", "muller sohne"} {
		matches := res.FindClient(q).Matches
		if len(matches) == 0 {
			t.Fatalf("FindClient(%q) finds nothing", q)
		}
		accept := Findable("someone else", q)
		for _, i := range matches {
			if !accept(&res.Clients[i]) {
				t.Errorf("Findable(%q) refuses %s, which FindClient finds", q, res.Clients[i].Name)
			}
		}
	}
	accept := Findable("Acme GmbH", "", "north", "pinch")
	for i := range res.Clients {
		if accept(&res.Clients[i]) {
			t.Errorf("Findable accepts %s, which no query names", res.Clients[i].Name)
		}
	}
}

// TestFindClientNothingNear: a query near no client (no name holds it,
// none within max(2, length/3) edits) still gets the three nearest names,
// nearest first, ties by name, so the user sees what the names look like.
// "kiwi" is 3 edits from "lima" (k→l, w→m, i→a), 4 from "oslo" and "rome"
// (every letter), at least 6 from "tokyogroup" (6 letters longer).
func TestFindClientNothingNear(t *testing.T) {
	res := &Result{Rules: testRules(), Clients: []ClientResult{
		{Name: "Tokyo Group"}, {Name: "Rome"}, {Name: "Oslo"}, {Name: "Lima"},
	}}
	l := res.FindClient("Kiwi")
	if want := []string{"Lima", "Oslo", "Rome"}; len(l.Matches) != 0 || !slices.Equal(l.Closest, want) {
		t.Errorf("FindClient(Kiwi) = matches %v, closest %q; want none and %q", l.Matches, l.Closest, want)
	}
	// One near name is suggested alone, not padded with far ones: "Limo"
	// is 1 edit from "lima".
	if l := res.FindClient("Limo"); !slices.Equal(l.Closest, []string{"Lima"}) {
		t.Errorf("FindClient(Limo) closest %q, want [Lima]", l.Closest)
	}
}
