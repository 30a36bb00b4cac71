package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/agnivade/levenshtein"
	"go.yaml.in/yaml/v3"

	"clientscore/internal/clip"
)

// decode turns the YAML into a Config started from Default. It first walks
// the YAML's node tree against the Config type, so that every unknown key
// and wrong type is reported with its line and path in the user's words. A
// tree that passes is decoded with KnownFields(true) as a second guard.
// When there are problems, the Config returned (if not nil) holds the rest
// of the file, for validation to look at; it must not be used otherwise.
// warnings are keys that are read but should change (an old name).
func decode(data []byte) (c *Config, warnings, probs []Problem) {
	def := Default()
	c = &def
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return c, nil, nil // an empty file: every key keeps its default
		}
		return nil, nil, syntaxProblems(err, data)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		line := extra.Line
		if err != nil {
			return nil, nil, syntaxProblems(err, data)
		}
		return nil, nil, []Problem{{Line: line, Msg: "the file holds a second YAML document (a line with --- starts one); put every key in one document"}}
	}
	root := &doc
	if root.Kind == yaml.DocumentNode && len(root.Content) > 0 {
		root = root.Content[0]
	}
	if root.ShortTag() == "!!null" {
		return c, nil, nil // only comments
	}
	if root.Kind != yaml.MappingNode {
		return nil, nil, []Problem{{Line: root.Line, Msg: fmt.Sprintf("the file must hold keys such as \"timezone: Europe/Amsterdam\", found %s", kindWords(root))}}
	}

	w := walker{seen: map[string]int{}}
	w.walk(root, reflect.TypeOf(Config{}), "")
	w.renamed("costs.support_hour", "costs.hour")
	if v := mappingValue(root, "email"); v != nil && v.Kind == yaml.MappingNode {
		e := DefaultEmail()
		c.Email = &e // the keys the section leaves out keep their defaults
	}
	if len(w.probs) > 0 {
		// Decode what is left (the walker removed unknown keys and blanked
		// wrong values, which then keep their defaults) so that validation
		// can report the other problems in the same run.
		sort.SliceStable(w.probs, func(i, j int) bool { return w.probs[i].Line < w.probs[j].Line })
		if err := root.Decode(c); err != nil {
			return nil, nil, w.probs
		}
		return c, w.warnings, w.probs
	}
	strict := yaml.NewDecoder(bytes.NewReader(data))
	strict.KnownFields(true)
	if err := strict.Decode(c); err != nil {
		return nil, nil, decodeProblems(err)
	}
	return c, w.warnings, nil
}

// UnmarshalYAML reads one source ({path: a.csv}) or a list of sources:
// the first fills in, the others go in in.More.
func (in *Input) UnmarshalYAML(n *yaml.Node) error {
	type plain Input // Input's fields without this method
	n = resolveAlias(n)
	if n.Kind != yaml.SequenceNode {
		return n.Decode((*plain)(in))
	}
	if len(n.Content) == 0 {
		return errors.New("is an empty list: give at least one source")
	}
	for i, item := range n.Content {
		src := in
		if i > 0 {
			src = &Input{}
			in.More = append(in.More, src)
		}
		if err := item.Decode((*plain)(src)); err != nil {
			return err
		}
		src.index = i + 1
	}
	return nil
}

// mappingValue returns the value of key in mapping m, following an alias;
// nil when absent.
func mappingValue(m *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return resolveAlias(m.Content[i+1])
		}
	}
	return nil
}

func resolveAlias(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n
}

var yamlLine = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)

// parserProblems are the yaml.v3 parser's (not scanner's) messages.
var parserProblems = map[string]bool{
	"did not find expected ',' or ']'":       true,
	"did not find expected ',' or '}'":       true,
	"did not find expected '-' indicator":    true,
	"did not find expected <document start>": true,
	"did not find expected key":              true,
	"did not find expected node content":     true,
	"found duplicate %YAML directive":        true,
	"found incompatible YAML document":       true,
	"found undefined tag handle":             true,
}

// syntaxProblems words a YAML syntax error.
func syntaxProblems(err error, data []byte) []Problem {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	p := Problem{Msg: "the file is not valid YAML: " + msg}
	if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
		p.Line, _ = strconv.Atoi(m[1])
		p.Msg = "the file is not valid YAML: " + m[2]
		switch m[2] {
		case "mapping values are not allowed in this context":
			p.Msg += " (put a value that holds \": \" in quotes, or check the indentation)"
		case "did not find expected key":
			p.Msg += " (check the indentation of this line and the ones above)"
		}
		if parserProblems[m[2]] {
			// yaml.v3 gives the 0-based line where the construct that
			// failed begins for parser (not scanner) errors.
			p.Line++
		}
	}
	for i, line := range bytes.Split(data, []byte("\n")) {
		if bytes.HasPrefix(bytes.TrimLeft(line, " "), []byte("\t")) {
			if p.Line == 0 {
				p.Line = i + 1
			}
			p.Msg += " (indent with spaces: YAML does not allow tabs)"
			break
		}
	}
	return []Problem{p}
}

// decodeProblems words the errors of the strict decode, which the walker
// should already have caught; they are kept rather than lost.
func decodeProblems(err error) []Problem {
	var te *yaml.TypeError
	if !errors.As(err, &te) {
		return syntaxProblems(err, nil)
	}
	var probs []Problem
	for _, s := range te.Errors {
		p := Problem{Msg: s}
		if m := yamlLine.FindStringSubmatch(s); m != nil {
			p.Line, _ = strconv.Atoi(m[1])
			p.Msg = m[2]
		}
		probs = append(probs, p)
	}
	return probs
}

// walker checks a YAML node tree against a Go type and collects problems.
type walker struct {
	probs    []Problem
	warnings []Problem
	seen     map[string]int // key path → line, for every key walked
}

// renamed checks a key that was renamed: the old one alone is read with a
// warning saying to rename it; both at once is a problem (which wins would
// be a guess).
func (w *walker) renamed(old, now string) {
	oldLine, hasOld := w.seen[old]
	nowLine, hasNow := w.seen[now]
	switch {
	case hasOld && hasNow:
		w.add(oldLine, old, "is the old name of %s, which is also set (line %d); keep only %s", now, nowLine, now)
	case hasOld:
		w.warnings = append(w.warnings, Problem{Line: oldLine, Field: old, Msg: fmt.Sprintf("is read as %s, its new name; rename it", now)})
	}
}

// inputType is a source of an input, which the YAML may also write as a
// list of sources.
var inputType = reflect.TypeOf(Input{})

var unmarshalerType = reflect.TypeOf((*yaml.Unmarshaler)(nil)).Elem()

func (w *walker) add(line int, field, format string, a ...any) {
	w.probs = append(w.probs, Problem{Line: line, Field: field, Msg: fmt.Sprintf(format, a...)})
}

// walk checks node n, found at path, against type t.
func (w *walker) walk(n *yaml.Node, t reflect.Type, path string) {
	n = resolveAlias(n)
	if n == nil {
		return
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if n.ShortTag() == "!!null" {
		return // a blank value keeps the default (or, for a section, leaves it out)
	}
	if t == inputType && n.Kind == yaml.SequenceNode {
		if len(n.Content) == 0 {
			w.add(n.Line, path, "is an empty list: give at least one source, e.g. {path: exports/file.csv}")
			blank(n)
		}
		for i, item := range n.Content {
			w.walk(item, t, fmt.Sprintf("%s[%d]", path, i))
		}
		return
	}
	if t != inputType && reflect.PointerTo(t).Implements(unmarshalerType) {
		if err := n.Decode(reflect.New(t).Interface()); err != nil {
			w.add(n.Line, path, "%s", err.Error())
			blank(n)
		}
		return
	}
	switch t.Kind() {
	case reflect.Struct:
		if n.Kind != yaml.MappingNode {
			w.wrongKind(n, t, path)
			return
		}
		w.mapping(n, path, func(key *yaml.Node, value *yaml.Node) bool {
			f, ok := fieldByKey(t, key.Value)
			if !ok {
				w.unknownKey(key, t, path)
				return false
			}
			w.walk(value, f.Type, join(path, key.Value))
			return true
		})
	case reflect.Map:
		if n.Kind != yaml.MappingNode {
			w.wrongKind(n, t, path)
			return
		}
		w.mapping(n, path, func(key *yaml.Node, value *yaml.Node) bool {
			if key.Kind != yaml.ScalarNode {
				w.add(key.Line, path, "a key must be a plain name, found %s", kindWords(key))
				return false
			}
			w.walk(value, t.Elem(), join(path, key.Value))
			return true
		})
	case reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			w.wrongKind(n, t, path)
			return
		}
		for i, item := range n.Content {
			w.walk(item, t.Elem(), fmt.Sprintf("%s[%d]", path, i))
		}
	default:
		w.scalar(n, t, path)
	}
}

// wrongKind reports a value of the wrong shape and blanks it.
func (w *walker) wrongKind(n *yaml.Node, t reflect.Type, path string) {
	w.add(n.Line, path, "expected %s, found %s", expectedWords(t), kindWords(n))
	blank(n)
}

// blank turns a node found wrong into a null, so that decoding what is
// left keeps the default in its place.
func blank(n *yaml.Node) {
	*n = yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Line: n.Line, Column: n.Column}
}

// mapping calls each for every key/value pair of mapping n, following
// merge keys (<<) and reporting keys given twice. Pairs for which each
// returns false, and repeated keys, are removed from n.
func (w *walker) mapping(n *yaml.Node, path string, each func(key, value *yaml.Node) bool) {
	seen := map[string]int{}
	kept := n.Content[:0]
	for i := 0; i+1 < len(n.Content); i += 2 {
		key, value := n.Content[i], n.Content[i+1]
		if key.Kind == yaml.ScalarNode && key.Value == "<<" && key.ShortTag() == "!!merge" {
			kept = append(kept, key, value)
			v := resolveAlias(value)
			switch v.Kind {
			case yaml.MappingNode:
				w.mapping(v, path, each)
			case yaml.SequenceNode:
				for _, m := range v.Content {
					if m = resolveAlias(m); m.Kind == yaml.MappingNode {
						w.mapping(m, path, each)
					}
				}
			}
			continue
		}
		if first, ok := seen[key.Value]; ok {
			w.add(key.Line, join(path, key.Value), "is given twice (first at line %d)", first)
			continue
		}
		seen[key.Value] = key.Line
		w.seen[join(path, key.Value)] = key.Line
		if each(key, value) {
			kept = append(kept, key, value)
		}
	}
	n.Content = kept
}

// scalar checks that n decodes into a value of type t.
func (w *walker) scalar(n *yaml.Node, t reflect.Type, path string) {
	if n.Kind != yaml.ScalarNode {
		w.wrongKind(n, t, path)
		return
	}
	bad := n.Decode(reflect.New(t).Interface()) != nil
	if !bad && isInt(t) {
		// yaml.v3 truncates 12.5 into an int; a whole number is wanted.
		var v any
		if err := n.Decode(&v); err == nil {
			if f, ok := v.(float64); ok && (f != math.Trunc(f) || math.IsInf(f, 0)) {
				bad = true
			}
		}
	}
	if bad {
		w.add(n.Line, path, "%s is not %s", quote(n.Value), expectedWords(t))
		blank(n)
	}
}

func isInt(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return true
	}
	return false
}

// secretWords mark a key that looks like it holds a secret.
var secretWords = []string{"password", "passwd", "secret", "token", "pass", "pwd", "apikey", "api_key"}

// unknownKey reports a key that type t does not have.
func (w *walker) unknownKey(key *yaml.Node, t reflect.Type, path string) {
	where := ""
	if path != "" {
		where = " in " + path
	}
	msg := fmt.Sprintf("unknown key %s%s", quote(key.Value), where)
	lower := strings.ToLower(key.Value)
	secret := false
	for _, s := range secretWords {
		if strings.Contains(lower, s) && lower != "password_env" {
			secret = true
		}
	}
	switch {
	case secret:
		msg += ": secrets go in the environment variable that password_env names, never in this file"
	case homeOf(key.Value) != "":
		msg += fmt.Sprintf(" (it belongs in %s)", homeOf(key.Value))
	default:
		if s := suggest(key.Value, keysOf(t)); s != "" {
			msg += fmt.Sprintf(" (did you mean %q?)", s)
		} else {
			msg += " (known keys: " + strings.Join(keysOf(t), ", ") + ")"
		}
	}
	w.probs = append(w.probs, Problem{Line: key.Line, Msg: msg})
}

// fieldByKey returns the field of struct t whose yaml key is key.
func fieldByKey(t reflect.Type, key string) (reflect.StructField, bool) {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if k, ok := yamlKey(f); ok && k == key {
			return f, true
		}
	}
	return reflect.StructField{}, false
}

// yamlKey returns the YAML key of an exported field; ok is false for
// fields the YAML does not set.
func yamlKey(f reflect.StructField) (string, bool) {
	if !f.IsExported() {
		return "", false
	}
	tag := f.Tag.Get("yaml")
	name, _, _ := strings.Cut(tag, ",")
	if name == "-" {
		return "", false
	}
	if name == "" {
		name = strings.ToLower(f.Name)
	}
	return name, true
}

// keysOf lists the YAML keys of struct t in declaration order.
func keysOf(t reflect.Type) []string {
	var keys []string
	for i := 0; i < t.NumField(); i++ {
		if k, ok := yamlKey(t.Field(i)); ok {
			keys = append(keys, k)
		}
	}
	return keys
}

// suggest returns the known key a mistyped key most likely meant, or "".
func suggest(key string, known []string) string {
	if len(key) > 2*maxQuoted {
		return "" // no key is that long, and the distance would cost time
	}
	norm := func(s string) string {
		return strings.NewReplacer("-", "_", " ", "_").Replace(strings.ToLower(s))
	}
	best, bestDist := "", 3
	for _, k := range known {
		if norm(k) == norm(key) {
			return k
		}
		if d := levenshtein.ComputeDistance(norm(key), k); d < bestDist {
			best, bestDist = k, d
		}
	}
	return best
}

// join is the path of key inside path; a key longer than a message quotes
// is cut.
func join(path, key string) string {
	if path == "" {
		return clip.Runes(key, maxQuoted+1)
	}
	return path + "." + clip.Runes(key, maxQuoted+1)
}

// expectedWords says in words what a value of type t looks like.
func expectedWords(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return "a whole number"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Bool:
		return "true or false"
	case reflect.String:
		return "a text value"
	case reflect.Slice:
		return "a list such as [a, b]"
	case reflect.Map, reflect.Struct:
		return "a section of keys (key: value lines indented below it)"
	}
	return t.String()
}

// kindWords says in words what node n is.
func kindWords(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a section of keys"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		return "the value " + quote(n.Value)
	}
	return "something else"
}

// homes maps every key of the Config tree to the first section that has
// it ("delivery_ratio" → "costs"; "" for top-level keys).
var homes = func() map[string]string {
	m := map[string]string{}
	var visit func(t reflect.Type, path string)
	visit = func(t reflect.Type, path string) {
		for t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct || (t != inputType && reflect.PointerTo(t).Implements(unmarshalerType)) {
			return
		}
		for i := 0; i < t.NumField(); i++ {
			k, ok := yamlKey(t.Field(i))
			if !ok {
				continue
			}
			if _, seen := m[k]; !seen {
				m[k] = path
			}
		}
		for i := 0; i < t.NumField(); i++ {
			if k, ok := yamlKey(t.Field(i)); ok {
				visit(t.Field(i).Type, join(path, k))
			}
		}
	}
	visit(reflect.TypeOf(Config{}), "")
	return m
}()

// homeOf returns the section a key misplaced elsewhere belongs in: "costs"
// for delivery_ratio, "top level" for a top-level key; "" when no section
// has it.
func homeOf(key string) string {
	home, ok := homes[key]
	switch {
	case !ok:
		return ""
	case home == "":
		return "the top level"
	}
	return home
}
