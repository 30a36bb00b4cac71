package analysis

import (
	"encoding/binary"
	"strings"
	"unicode"
)

// foldName is the identity form of a client name or id: trimmed, runs of
// white space collapsed to one space, case folded.
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

// legalSuffixes are the endings that make two names look alike without
// being the same (compared after punctuation is removed).
var legalSuffixes = map[string]bool{
	"inc": true, "ltd": true, "llc": true, "gmbh": true, "bv": true, "sro": true,
	"co": true, "corp": true, "limited": true, "plc": true,
}

// looseName is a name with punctuation and trailing legal suffixes removed:
// "Brightline Ltd." and "brightline" have the same loose name.
func looseName(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		case unicode.IsSpace(r):
			b.WriteByte(' ')
		}
	}
	words := strings.Fields(b.String())
	for len(words) > 1 && legalSuffixes[words[len(words)-1]] {
		words = words[:len(words)-1]
	}
	return strings.Join(words, " ")
}

// account is one client being built up from the records.
type account struct {
	key     string // "id:<folded id>" or "name:<folded name>"
	name    string // display name
	id      string
	aliases []string
	first   Ref // the first record that named the client
	master  *Client
}

// registry resolves the (id, name) pairs on records to clients.
type registry struct {
	accounts []*account
	byID     map[string]int
	byName   map[string]int
	// nameToID links a folded name to the folded id some record carried with
	// it, so rows that give only the name find the same client.
	nameToID map[string]string
	// seen interns each (id, name) pair a record spells, exactly as spelt;
	// seenClient gives the client it resolved to, -1 until it is known.
	seen       *keyTable
	seenClient []int32
	issues     []Issue
}

func newRegistry(d *Data) *registry {
	g := &registry{
		byID:     map[string]int{},
		byName:   map[string]int{},
		nameToID: map[string]string{},
		seen:     newKeyTable(1024),
	}
	for i := range d.Clients {
		g.addMaster(&d.Clients[i])
	}
	g.learnLinks(d)
	return g
}

// addMaster registers a clients-input row: its id, name and aliases all
// name the same client.
func (g *registry) addMaster(c *Client) {
	fid, fname := foldName(c.ID), foldName(c.Name)
	idx := -1
	if fid != "" {
		if i, ok := g.byID[fid]; ok {
			idx = i
		}
	}
	if idx < 0 && fname != "" {
		if i, ok := g.byName[fname]; ok && (fid == "" || g.accounts[i].id == "") {
			idx = i
		}
	}
	if idx >= 0 {
		a := g.accounts[idx]
		if a.master != nil {
			g.issues = append(g.issues, Issue{Severity: SeverityWarning, Ref: c.Ref, Column: "client", Value: c.Name,
				Problem: "client appears again in the clients input (first at row " + itoa(a.master.Row) + "); the first row's details are kept"})
		} else {
			a.master = c
		}
	} else {
		key := "name:" + fname
		if fid != "" {
			key = "id:" + fid
		}
		idx = g.newAccount(key, c.Ref)
		g.accounts[idx].master = c
	}
	a := g.accounts[idx]
	if c.Name != "" && a.master == c {
		a.name = strings.Join(strings.Fields(c.Name), " ")
	}
	if c.ID != "" && a.id == "" {
		a.id = strings.TrimSpace(c.ID)
	}
	if fid != "" {
		g.byID[fid] = idx
	}
	if fname != "" {
		g.byName[fname] = idx
	}
	for _, al := range c.Aliases {
		f := foldName(al)
		if f == "" {
			continue
		}
		if prev, ok := g.byName[f]; ok && prev != idx {
			g.issues = append(g.issues, Issue{Severity: SeverityWarning, Ref: c.Ref, Column: "aliases", Value: al,
				Problem: "alias already names another client (" + g.accounts[prev].name + "); kept for that client"})
			continue
		}
		g.byName[f] = idx
		if _, ok := g.byID[f]; !ok {
			g.byID[f] = idx
		}
		a.aliases = append(a.aliases, strings.TrimSpace(al))
	}
}

// learnLinks records, from every row that carries both a client id and a
// name, which id the name belongs to. A name seen with two ids is left
// unlinked (rows with that name only stay a client of their own).
func (g *registry) learnLinks(d *Data) {
	ambiguous := map[string]bool{}
	link := func(id, name string) {
		if id == "" || name == "" {
			return
		}
		fid, fname := foldName(id), foldName(name)
		if _, ok := g.byName[fname]; ok {
			return // the clients input decides
		}
		if prev, ok := g.nameToID[fname]; ok && prev != fid {
			ambiguous[fname] = true
			return
		}
		g.nameToID[fname] = fid
	}
	for i := range d.Invoices {
		link(d.Invoices[i].ClientID, d.Invoices[i].ClientName)
	}
	for i := range d.Payments {
		link(d.Payments[i].ClientID, d.Payments[i].ClientName)
	}
	for i := range d.Disputes {
		link(d.Disputes[i].ClientID, d.Disputes[i].ClientName)
	}
	for i := range d.Contacts {
		link(d.Contacts[i].ClientID, d.Contacts[i].ClientName)
	}
	for f := range ambiguous {
		delete(g.nameToID, f)
	}
}

func (g *registry) newAccount(key string, first Ref) int {
	g.accounts = append(g.accounts, &account{key: key, first: first})
	return len(g.accounts) - 1
}

// resolve returns the client of a record carrying id and name (either may
// be empty, not both), creating it when new. ok is false when both are
// empty.
func (g *registry) resolve(id, name string, ref Ref) (int, bool) {
	k := binary.AppendUvarint(g.seen.buf[:0], uint64(len(id)))
	k = append(append(k, id...), name...)
	g.seen.buf = k
	pair := g.seen.intern(k)
	if int(pair) == len(g.seenClient) {
		g.seenClient = append(g.seenClient, -1)
	}
	if idx := g.seenClient[pair]; idx >= 0 {
		return int(idx), true
	}
	idx, ok := g.lookup(id, name, ref)
	if ok {
		g.seenClient[pair] = int32(idx)
	}
	return idx, ok
}

func (g *registry) lookup(id, name string, ref Ref) (int, bool) {
	fid, fname := foldName(id), foldName(name)
	if fid == "" && fname != "" {
		if i, ok := g.byName[fname]; ok {
			return i, true
		}
		fid = g.nameToID[fname]
	}
	if fid != "" {
		if i, ok := g.byID[fid]; ok {
			g.nameIfMissing(i, name)
			return i, true
		}
		i := g.newAccount("id:"+fid, ref)
		g.accounts[i].id = strings.TrimSpace(id)
		if g.accounts[i].id == "" {
			g.accounts[i].id = fid
		}
		g.byID[fid] = i
		g.nameIfMissing(i, name)
		return i, true
	}
	if fname == "" {
		return 0, false
	}
	i := g.newAccount("name:"+fname, ref)
	g.accounts[i].name = strings.Join(strings.Fields(name), " ")
	g.byName[fname] = i
	return i, true
}

func (g *registry) nameIfMissing(i int, name string) {
	a := g.accounts[i]
	if a.name == "" && strings.TrimSpace(name) != "" {
		a.name = strings.Join(strings.Fields(name), " ")
	}
}

// finish gives every client a display name and warns about names that
// differ only by punctuation or a legal suffix.
func (g *registry) finish() {
	groups := map[string][]int{}
	var order []string
	for i, a := range g.accounts {
		if a.name == "" {
			a.name = a.id
		}
		l := looseName(a.name)
		if l == "" {
			continue
		}
		if _, ok := groups[l]; !ok {
			order = append(order, l)
		}
		groups[l] = append(groups[l], i)
	}
	for _, l := range order {
		idx := groups[l]
		if len(idx) < 2 {
			continue
		}
		names := make([]string, len(idx))
		for k, i := range idx {
			names[k] = `"` + g.accounts[i].name + `"`
		}
		for _, i := range idx[1:] {
			a := g.accounts[i]
			g.issues = append(g.issues, Issue{Severity: SeverityWarning, Ref: a.first, Column: "client", Value: a.name,
				Problem: "names " + strings.Join(names, " and ") + " differ only by punctuation or a legal suffix; they are kept as separate clients (add an alias in the clients input if they are one)"})
		}
	}
}
