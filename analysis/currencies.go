package analysis

// currencies numbers the currency codes the records spell (as spelt: ""
// and "usd" are codes too) and converts between them with each pair's
// exact factor worked out once, so converting an amount is an integer
// multiply and divide rather than big-number arithmetic.
type currencies struct {
	rates   Rates
	codes   []string         // by index
	index   map[string]int32 // code → index, once there are many codes
	factors [][]factor       // [from][to], filled in as pairs are used
	known   [][]bool
	rep     int32 // index of "", the reporting currency
}

// manyCodes is how many codes are looked up by a linear scan before the
// map takes over.
const manyCodes = 16

func newCurrencies(r Rates) *currencies {
	c := &currencies{rates: r}
	c.rep = c.of("")
	return c
}

// of returns the index of code, numbering it when new.
func (c *currencies) of(code string) int32 {
	if c.index == nil {
		for i, s := range c.codes {
			if s == code {
				return int32(i)
			}
		}
	} else if i, ok := c.index[code]; ok {
		return i
	}
	i := int32(len(c.codes))
	c.codes = append(c.codes, code)
	if len(c.codes) > manyCodes {
		if c.index == nil {
			c.index = make(map[string]int32)
			for k, s := range c.codes {
				c.index[s] = int32(k)
			}
		}
		c.index[code] = i
	}
	for k := range c.factors {
		c.factors[k] = append(c.factors[k], factor{})
		c.known[k] = append(c.known[k], false)
	}
	c.factors = append(c.factors, make([]factor, len(c.codes)))
	c.known = append(c.known, make([]bool, len(c.codes)))
	return i
}

func (c *currencies) factor(from, to int32) factor {
	if !c.known[from][to] {
		c.factors[from][to] = c.rates.factor(c.codes[from], c.codes[to])
		c.known[from][to] = true
	}
	return c.factors[from][to]
}

// convert is Rates.Convert between the codes of index from and to.
func (c *currencies) convert(m Money, from, to int32) (Money, bool) {
	f := c.factor(from, to)
	if !f.ok {
		return 0, false
	}
	return f.apply(m)
}

// toReporting is Rates.ToReporting of an amount in the code of index i.
func (c *currencies) toReporting(m Money, i int32) (Money, bool) {
	return c.convert(m, i, c.rep)
}

// has is Rates.Has of the code of index i.
func (c *currencies) has(i int32) bool { return c.factor(i, c.rep).ok }
