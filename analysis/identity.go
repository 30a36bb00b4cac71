package analysis

import (
	"encoding/binary"
	"strings"
	"unicode"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// Client identity (SPEC §3): names resolve, ids are learnt.
//
// The known clients are those of the clients input, then those the
// invoices name, in row order. A row's name resolves to the known client
// with that name or alias (compared as nameKey), else to the one known
// client whose name matches once a legal suffix is dropped from both.
// Every tool has its own id space: a row with a name and an id teaches the
// id, within its input, to the client its name resolves to; a row whose
// name resolves to none takes the client its id was taught to. The clients
// input's ids (and aliases) are taught to every input.

// foldName is the form an id, an invoice number or a status is compared
// in: trimmed, runs of white space collapsed to one space, lower case.
func foldName(s string) string {
	if isFolded(s) {
		return s
	}
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}

// isFolded reports whether s is already in folded form (the common case for
// ids), so foldName can skip allocating.
func isFolded(s string) bool {
	prevSpace := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 0x80, c >= 'A' && c <= 'Z', c == '\t', c == '\n', c == '\r', c == '\v', c == '\f':
			return false
		case c == ' ':
			if prevSpace {
				return false
			}
			prevSpace = true
		default:
			prevSpace = false
		}
	}
	return !prevSpace || s == ""
}

// nameKey is the identity form of a client name: Unicode NFC, case
// folded, accents and punctuation dropped, words separated by one space.
// "Café Müller-Söhne, Inc." and "CAFE MULLERSOHNE INC" have the same key.
// A name with no letter or digit keeps its foldName form.
func nameKey(s string) string {
	if k, ok := asciiNameKey(s); ok {
		return k
	}
	folded := cases.Fold().String(norm.NFC.String(s))
	var b strings.Builder
	space := false
	for _, r := range norm.NFD.String(folded) {
		switch {
		case unicode.Is(unicode.Mn, r):
			// an accent: dropped
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		case unicode.IsSpace(r):
			space = true
		}
	}
	if b.Len() == 0 {
		return foldName(s)
	}
	return norm.NFC.String(b.String())
}

// asciiNameKey is nameKey of an ASCII name, which needs no Unicode tables:
// letters lower-cased, digits kept, white space runs one space, the rest
// dropped. ok is false when s is not ASCII, or has no letter or digit.
func asciiNameKey(s string) (string, bool) {
	b := make([]byte, 0, len(s))
	space := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 0x80:
			return "", false
		case 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
		case c == ' ', '\t' <= c && c <= '\r':
			space = true
			continue
		default:
			continue // punctuation
		}
		if space && len(b) > 0 {
			b = append(b, ' ')
		}
		space = false
		b = append(b, c)
	}
	return string(b), len(b) > 0
}

// legalSuffixes are the endings SPEC §3 drops before comparing two names
// (as nameKey writes them: "B.V." is "bv", "s.r.o." is "sro").
var legalSuffixes = map[string]bool{
	"inc": true, "ltd": true, "limited": true, "llc": true, "gmbh": true, "bv": true,
	"sro": true, "co": true, "corp": true, "sa": true, "ag": true, "pty": true,
}

// dropSuffixes removes the trailing legal suffixes of a nameKey, keeping
// its first word: "acme pty ltd" is "acme".
func dropSuffixes(key string) string {
	words := strings.Split(key, " ")
	n := len(words)
	for n > 1 && legalSuffixes[words[n-1]] {
		n--
	}
	return strings.Join(words[:n], " ")
}

// looseName is a name without punctuation, accents and trailing legal
// suffixes: "Brightline Ltd." and "brightline" have the same loose name.
func looseName(s string) string { return dropSuffixes(nameKey(s)) }

// domainOf returns the lower-cased domain of an email address, or "".
func domainOf(email string) string {
	i := strings.LastIndexByte(email, '@')
	if i < 0 {
		return ""
	}
	return foldDomain(email[i+1:])
}

// foldDomain is a domain as it is compared: trimmed, lower case, without a
// leading '@' or "www." and a trailing dot or '>'.
func foldDomain(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.TrimPrefix(s, "@")
	s = strings.TrimPrefix(s, "www.")
	return strings.TrimRight(s, ".> ")
}

// account is one client being built up from the records.
type account struct {
	key     string // "id:<folded id>" or "name:<name key>"
	name    string // display name
	id      string
	aliases []string
	first   Ref // the first record that named the client
	master  *Client
}

// Results of resolving a name or a pair.
const (
	noClient   int32 = -1 // resolves to no client
	ambiguous  int32 = -2 // a name two clients of the clients input share
	notYet     int32 = -3 // a pair not resolved yet
	notLearned int32 = -4 // a pair whose name taught its id, not resolved yet
)

// noPair is the pair of a row that gives neither an id nor a name; noGroup
// the group of a pair with no unmatched rows yet.
const (
	noPair  int32 = -1
	noGroup int32 = -1
)

// pairInfo is what the registry knows of one (input, id, name) a row
// spells.
type pairInfo struct {
	byName int32 // the client its name resolves to, noClient, or notYet
	client int32 // the client the row resolves to, noClient, or notYet
	group  int32 // its unmatched group, noGroup until it has one
}

// unmatchedGroup is the rows of one input that name one client that is
// not known.
type unmatchedGroup struct {
	ref    Ref    // the first row
	column string // "client", or "client_id" when the rows give only an id
	value  string // the name (or id) as the first row spells it
	rows   int
}

// registry resolves the (id, name) pairs on records to clients.
type registry struct {
	accounts []*account
	names    map[string]int32   // name key of a name or alias → client, or ambiguous
	loose    map[string][]int32 // name key without legal suffixes → the clients with it
	global   map[string]int32   // folded id (or alias) of the clients input → client
	taught   [len(Inputs)]map[string]int32
	domains  map[string]int32 // email domain of the clients input → client
	byDomain map[string]int32 // a support row's email domain → client, noClient
	// seen interns each (input, id, name) a record spells, exactly as
	// spelt; pairs[id] is what is known of it.
	seen   *keyTable
	pairs  []pairInfo
	groups [len(Inputs)][]unmatchedGroup
	// groupOf finds a group by input and the key of its name.
	groupOf map[string]int32
	// nameless[k] is 1 + the group of Inputs[k]'s rows that name no
	// client, 0 until there is one.
	nameless [len(Inputs)]int32
	warned   map[string]bool // name keys whose suffix match was warned about
	issues   []Issue
}

func newRegistry(d *Data) *registry {
	g := &registry{
		names:    map[string]int32{},
		loose:    map[string][]int32{},
		global:   map[string]int32{},
		domains:  map[string]int32{},
		byDomain: map[string]int32{},
		groupOf:  map[string]int32{},
		warned:   map[string]bool{},
		seen:     newKeyTable(1024),
	}
	for k := range g.taught {
		g.taught[k] = map[string]int32{}
	}
	for i := range d.Clients {
		g.addMaster(&d.Clients[i])
	}
	return g
}

func (g *registry) warn(ref Ref, column, value, problem string) {
	g.issues = append(g.issues, Issue{Severity: SeverityWarning, Ref: ref, Column: column, Value: value, Problem: problem})
}

func (g *registry) newAccount(key string, first Ref) int32 {
	g.accounts = append(g.accounts, &account{key: key, first: first})
	return int32(len(g.accounts) - 1)
}

// addName makes name (a name or alias, as spelt) a key of client i.
func (g *registry) addName(key string, i int32) {
	if key == "" {
		return
	}
	if _, ok := g.names[key]; !ok {
		g.names[key] = i
	}
	l := dropSuffixes(key)
	for _, c := range g.loose[l] {
		if c == i {
			return
		}
	}
	g.loose[l] = append(g.loose[l], i)
}

// addMaster registers a clients-input row: its id, name, aliases and
// domains all name the same client. A row with the name (or id) of an
// earlier row is that client again.
func (g *registry) addMaster(c *Client) {
	fid, key := foldName(c.ID), nameKey(c.Name)
	idx := noClient
	if fid != "" {
		if i, ok := g.global[fid]; ok {
			idx = i
		}
	}
	if idx == noClient && key != "" {
		if i, ok := g.names[key]; ok && i != ambiguous && (fid == "" || g.accounts[i].id == "") {
			idx = i
		}
	}
	if idx != noClient {
		a := g.accounts[idx]
		if a.master != nil {
			g.warn(c.Ref, "client", c.Name, "client appears again in the clients input (first at row "+itoa(a.master.Row)+"); the first row's details are kept")
		} else {
			a.master = c
		}
	} else {
		k := "name:" + key
		if fid != "" {
			k = "id:" + fid
		}
		idx = g.newAccount(k, c.Ref)
		g.accounts[idx].master = c
		if key != "" {
			if prev, ok := g.names[key]; ok && prev != idx {
				// Two clients of the clients input with one name and
				// different ids: the name alone names neither.
				g.names[key] = ambiguous
				g.warn(c.Ref, "client", c.Name, "another client in the clients input has this name (with another id): rows that give only this name match neither")
			}
		}
	}
	a := g.accounts[idx]
	if c.Name != "" && a.master == c {
		a.name = strings.Join(strings.Fields(c.Name), " ")
	}
	if c.ID != "" && a.id == "" {
		a.id = strings.TrimSpace(c.ID)
	}
	if fid != "" {
		g.global[fid] = idx
	}
	g.addName(key, idx)
	for _, al := range c.Aliases {
		k := nameKey(al)
		if strings.TrimSpace(al) == "" {
			continue
		}
		if prev, ok := g.names[k]; ok && prev != idx {
			name := "another client"
			if prev != ambiguous {
				name = g.accounts[prev].name
			}
			g.warn(c.Ref, "aliases", al, "alias already names another client ("+name+"); kept for that client")
			continue
		}
		g.addName(k, idx)
		if f := foldName(al); f != "" {
			if _, ok := g.global[f]; !ok {
				g.global[f] = idx
			}
		}
		a.aliases = append(a.aliases, strings.TrimSpace(al))
	}
	for _, dm := range c.Domains {
		d := foldDomain(dm)
		if d == "" {
			continue
		}
		if prev, ok := g.domains[d]; ok && prev != idx {
			g.warn(c.Ref, "domains", dm, "domain already belongs to another client ("+g.accounts[prev].name+"); kept for that client")
			continue
		}
		g.domains[d] = idx
	}
}

// pair interns the (input, id, name) a row spells and returns its index
// in g.pairs.
func (g *registry) pair(in Input, id, name string) int32 {
	k := append(g.seen.buf[:0], byte(inputIndex(in)))
	k = binary.AppendUvarint(k, uint64(len(id)))
	k = append(append(k, id...), name...)
	g.seen.buf = k
	p := g.seen.intern(k)
	if int(p) == len(g.pairs) {
		g.pairs = append(g.pairs, pairInfo{byName: notYet, client: notYet, group: noGroup})
	}
	return p
}

// nameOf resolves the name of pair p (spelt name, on the row at ref),
// remembering the answer.
func (g *registry) nameOf(p int32, name string, ref Ref, invoice bool) int32 {
	if pi := &g.pairs[p]; pi.byName != notYet {
		return pi.byName
	}
	i := g.byName(name, ref, invoice)
	g.pairs[p].byName = i
	return i
}

// byName resolves a name to a known client, or noClient. Matching by a
// legal suffix, or failing to because two clients match, is warned about
// once per name key. invoice says the row is an invoice's (which makes a
// client of its own when its name resolves to none).
func (g *registry) byName(name string, ref Ref, invoice bool) int32 {
	key := nameKey(name)
	if key == "" {
		return noClient
	}
	if i, ok := g.names[key]; ok {
		return max(i, noClient)
	}
	cands := g.loose[dropSuffixes(key)]
	if len(cands) == 0 {
		return noClient
	}
	first := !g.warned[key]
	g.warned[key] = true
	if len(cands) == 1 {
		if first {
			g.warn(ref, "client", name, `"`+strings.TrimSpace(name)+`" is taken as "`+g.accounts[cands[0]].name+`": the names differ only by a legal suffix`)
		}
		return cands[0]
	}
	if first {
		names := make([]string, len(cands))
		for k, c := range cands {
			names[k] = `"` + g.accounts[c].name + `"`
		}
		then := "it is matched to none of them"
		if invoice {
			then += ": the invoices make it a client of its own"
		}
		g.warn(ref, "client", name, `"`+strings.TrimSpace(name)+`" could be `+strings.Join(names, " or ")+
			" (the names differ only by a legal suffix): "+then)
	}
	return noClient
}

// byID returns the client id fid (folded) is taught to in input in, or
// noClient.
func (g *registry) byID(in Input, fid string) int32 {
	if fid == "" {
		return noClient
	}
	if i, ok := g.global[fid]; ok {
		return i
	}
	if i, ok := g.taught[inputIndex(in)][fid]; ok {
		return i
	}
	return noClient
}

// teach teaches id, within input in, to client i, as the row at ref says;
// an id taught to another client first stays with it (a warning).
func (g *registry) teach(in Input, id string, i int32, ref Ref) {
	fid := foldName(id)
	if fid == "" {
		return
	}
	prev, ok := g.global[fid]
	if !ok {
		m := g.taught[inputIndex(in)]
		if prev, ok = m[fid]; !ok {
			m[fid] = i
			return
		}
	}
	if prev != i {
		wk := "id\x00" + string(in) + "\x00" + fid
		if !g.warned[wk] {
			g.warned[wk] = true
			g.warn(ref, "client_id", id, "client id "+strings.TrimSpace(id)+" is given to "+g.accounts[prev].name+
				" and, in this row, to "+g.accounts[i].name+": it stays with "+g.accounts[prev].name)
		}
	}
}

// learn teaches the ids of input in from its n rows that carry a name
// and an id (row(i) gives a row's id, name and position). Rows of every
// date teach.
func (g *registry) learn(in Input, n int, row func(i int) (id, name string, ref Ref)) {
	for i := range n {
		id, name, ref := row(i)
		if id == "" || name == "" {
			continue
		}
		p := g.pair(in, id, name)
		if g.pairs[p].client != notYet {
			continue // taught already, or resolved
		}
		if c := g.nameOf(p, name, ref, false); c != noClient {
			g.teach(in, id, c, ref)
		}
		g.pairs[p].client = notLearned
	}
}

// resolve returns the client of a row of input in (not the invoices)
// carrying id and name, or noClient, and the row's pair (noPair when it
// has neither). Call it once learn has taught the input's ids.
func (g *registry) resolve(in Input, id, name string, ref Ref) (int32, int32) {
	if id == "" && name == "" {
		return noClient, noPair
	}
	p := g.pair(in, id, name)
	if c := g.pairs[p].client; c != notYet && c != notLearned {
		return c, p
	}
	c := noClient
	if name != "" {
		c = g.nameOf(p, name, ref, false)
	}
	if c == noClient {
		c = g.byID(in, foldName(id))
	}
	g.pairs[p].client = c
	return c, p
}

// invoiceClient returns the client of an invoice row carrying id and
// name, making a client of its own (by name, else by id) when they resolve
// to none, and teaches the row's id; noClient when the row has neither.
// Rows are resolved in order: a client an invoice makes is known to the
// rows after it.
func (g *registry) invoiceClient(id, name string, ref Ref) int32 {
	if id == "" && name == "" {
		return noClient
	}
	p := g.pair(InputInvoices, id, name)
	if c := g.pairs[p].client; c != notYet {
		return c
	}
	fid := foldName(id)
	c := noClient
	if name != "" {
		c = g.nameOf(p, name, ref, true)
	}
	if c == noClient {
		c = g.byID(InputInvoices, fid)
	}
	if c == noClient {
		c = g.create(id, name, ref)
	}
	if name != "" {
		g.teach(InputInvoices, id, c, ref)
	}
	g.pairs[p].client = c
	return c
}

// create makes a client of an invoice's name, or of its id when it has no
// name (as IBM's export gives).
func (g *registry) create(id, name string, ref Ref) int32 {
	if key := nameKey(name); key != "" {
		i := g.newAccount("name:"+key, ref)
		g.accounts[i].name = strings.Join(strings.Fields(name), " ")
		g.addName(key, i)
		if id != "" {
			g.accounts[i].id = strings.TrimSpace(id)
		}
		return i
	}
	fid := foldName(id)
	i := g.newAccount("id:"+fid, ref)
	g.accounts[i].id = strings.TrimSpace(id)
	g.taught[inputIndex(InputInvoices)][fid] = i
	return i
}

// find returns the client an invoice row carrying id and name resolves
// to, without making one or teaching its id (for rows that are ignored).
func (g *registry) find(id, name string, ref Ref) int32 {
	p := g.pair(InputInvoices, id, name)
	if c := g.pairs[p].client; c != notYet {
		return c
	}
	c := noClient
	if name != "" {
		c = g.nameOf(p, name, ref, true)
	}
	if c == noClient {
		c = g.byID(InputInvoices, foldName(id))
	}
	return c
}

// domainClient returns the client whose domain (or a parent of it) is
// d, the domain of an email address (domainOf), or noClient.
func (g *registry) domainClient(d string) int32 {
	if len(g.domains) == 0 || d == "" {
		return noClient
	}
	if c, ok := g.byDomain[d]; ok {
		return c
	}
	// The domain, then each parent that still has a dot: a bare top-level
	// domain names no client.
	c := noClient
	for s := d; strings.Contains(s, "."); s = s[strings.IndexByte(s, '.')+1:] {
		if i, ok := g.domains[s]; ok {
			c = i
			break
		}
	}
	g.byDomain[d] = c
	return c
}

// unmatched counts rows rows of input in that resolve to no client: pair
// p (noPair for rows that name no client) spelt id and name, the first
// of them at ref.
func (g *registry) unmatched(in Input, p int32, id, name string, ref Ref, rows int) {
	k := inputIndex(in)
	var gi int32
	switch {
	case p == noPair:
		if g.nameless[k] == 0 {
			g.groups[k] = append(g.groups[k], unmatchedGroup{ref: ref, column: "client"})
			g.nameless[k] = int32(len(g.groups[k]))
		}
		gi = g.nameless[k] - 1
	case g.pairs[p].group == noGroup:
		// Spellings that fold to one name (or id) are one group.
		key := string(in) + "\x00id:" + foldName(id)
		if name != "" {
			key = string(in) + "\x00name:" + nameKey(name)
		}
		var ok bool
		if gi, ok = g.groupOf[key]; !ok {
			gr := unmatchedGroup{ref: ref, column: "client", value: strings.TrimSpace(name)}
			if name == "" {
				gr.column, gr.value = "client_id", strings.TrimSpace(id)
			}
			g.groups[k] = append(g.groups[k], gr)
			gi = int32(len(g.groups[k]) - 1)
			g.groupOf[key] = gi
		}
		g.pairs[p].group = gi
	default:
		gi = g.pairs[p].group
	}
	g.groups[k][gi].rows += rows
}

// unmatchedIssues returns one warning per distinct client name (or id)
// the rows of each input name that resolved to no client, with the rows'
// count, in input order.
func (g *registry) unmatchedIssues() []Issue {
	var out []Issue
	for k, groups := range g.groups {
		in := Inputs[k]
		for _, gr := range groups {
			var problem string
			switch {
			case gr.value == "" && in == InputSupport:
				problem = plural(gr.rows, "row") + " name no client, and no email of a client's domain: they count for no client"
			case gr.value == "":
				problem = plural(gr.rows, "row") + " name no client: they count for no client"
			default:
				problem = plural(gr.rows, "row") + " name this client, which is neither in the clients input nor named by an invoice: they count for no client"
			}
			out = append(out, Issue{Severity: SeverityWarning, Ref: gr.ref, Column: gr.column, Value: gr.value, Problem: problem})
		}
	}
	return out
}

// finish gives every client a display name.
func (g *registry) finish() {
	for _, a := range g.accounts {
		if a.name == "" {
			a.name = a.id
		}
	}
}
