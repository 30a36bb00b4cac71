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
	}}
}

func TestFindClient(t *testing.T) {
	res := findResult()
	tests := []struct {
		name    string
		query   string
		matches []int
		closest []string // checked only when no client matches
	}{
		{"exact name", "Acme Ltd", []int{0}, nil},
		{"case and spacing", "  aCMe    LTD ", []int{0}, nil},
		{"punctuation", "acme-ltd.", []int{0}, nil},
		{"no spaces at all", "ACMELTD", []int{0}, nil},
		{"id", "c-001", []int{0}, nil},
		{"id without its dash", "C001", []int{0}, nil},
		{"alias", "acme limited", []int{0}, nil},
		{"second alias", "Acme UK", []int{0}, nil},
		// Accents fold both ways: typed plain, typed with them.
		{"accents typed plain", "cafe muller & sohne gmbh", []int{1}, nil},
		{"accents and punctuation", "Café Müller-Söhne GmbH", []int{1}, nil},
		// ø does not decompose; it is spelled o.
		{"letter spelled out", "oresund bygg as", []int{9}, nil},
		// "Acme" is not a whole name, but it is Acme Ltd without its
		// legal suffix.
		{"without the legal suffix", "acme", []int{0}, nil},
		// Two clients differ only by the suffix: both match, the caller
		// asks which.
		{"suffix-only twins", "Kessler & Sons", []int{3, 4}, nil},
		// An exact name wins over the loose one: "Brightline" is a client
		// of its own, Brightline Ltd. is another.
		{"exact beats loose", "brightline", []int{5}, nil},
		{"exact with the suffix", "Brightline Ltd", []int{6}, nil},
		{"a name of punctuation only", "+++", []int{8}, nil},
		// A typed suffix is never dropped from the query: GmbH is not Ltd.
		{"the wrong suffix", "Acme GmbH", nil, []string{"Acme Ltd"}},
		// Prefixes and parts of names never match; they are suggested.
		// "north" is in Northwind Traders; Nordwind Logistics is 1 edit from
		// "nordwind" but not within 2 of "north" as a whole key.
		{"a prefix is only a suggestion", "north", nil, []string{"Northwind Traders"}},
		// "kessler" is in both Kessler names, both 4 edits from their
		// loose key "kesslersons": sorted by name.
		{"a part of two names", "kessler", nil, []string{"Kessler & Sons GmbH", "Kessler & Sons Ltd"}},
		// "nortwindtraders" is one edit from Northwind Traders; within
		// the limit of 15/3 = 5 edits there is no other client.
		{"a typo", "Nortwind Traders", nil, []string{"Northwind Traders"}},
		// "brigthline" (swapped letters) is 2 edits from brightline and from
		// brightline's loose key; Brightline Ltd.'s full key is 5 away but
		// its loose key is also 2: both, sorted by name.
		{"swapped letters", "brigthline", nil, []string{"Brightline", "Brightline Ltd."}},
		{"nothing near", "Zebra Crossing Holdings", nil, nil},
		{"empty query", "   ", nil, nil},
		{"punctuation only, unknown", "???", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			matches, closest := res.FindClient(tt.query)
			if !slices.Equal(matches, tt.matches) {
				t.Errorf("FindClient(%q) matches %v, want %v", tt.query, matches, tt.matches)
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
	// "delta" is contained in all seven keys. Ordered by distance (one,
	// six, two: 3 edits; five, four: 4; seven, three: 5), then by name,
	// and cut at five.
	_, closest := res.FindClient("delta")
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
		matches, _ := res.FindClient(q)
		if len(matches) != 1 || res.Clients[matches[0]].Name != "Kite Aviation" {
			t.Errorf("FindClient(%q) = %v, want Kite Aviation alone", q, matches)
		}
	}
	if matches, closest := res.FindClient("lumen optician"); matches != nil || !slices.Equal(closest, []string{"Lumen Opticians"}) {
		t.Errorf(`FindClient("lumen optician") = %v, %q; want no match and Lumen Opticians suggested`, matches, closest)
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

func TestLevenshtein(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"abc", "", 3},
		{"kitten", "sitting", 3},
		{"brightline", "brigthline", 2},
		{"flaw", "lawn", 2},
		{"über", "uber", 1},
	}
	for _, tt := range tests {
		if got := levenshtein([]rune(tt.a), []rune(tt.b)); got != tt.want {
			t.Errorf("levenshtein(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}
