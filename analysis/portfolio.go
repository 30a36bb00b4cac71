package analysis

import (
	"cmp"
	"slices"
)

// portfolio computes the figures over all clients and fills each client's
// Revenue share. Verdict counts are filled once flags are raised. A total
// that would not fit is held at the largest Money, with an Error issue.
func (a *analyzer) portfolio(clients []ClientResult) Portfolio {
	p := Portfolio{Clients: len(clients), Costing: a.costing}
	fits := true
	add := func(sum *Money, m Money) {
		var ok bool
		*sum, ok = addSat(*sum, m)
		fits = fits && ok
	}
	for i := range clients {
		c := &clients[i]
		add(&p.Revenue, c.Revenue)
		add(&p.DeliveryCost, c.DeliveryCost)
		add(&p.SupportCost, c.SupportCost)
		add(&p.Expenses, c.Expenses)
		add(&p.Profit, c.Profit)
		add(&p.Outstanding, c.Outstanding)
		add(&p.Overdue, c.Overdue)
		p.UnknownLateness += c.UnknownLateness
		if a.facts[i].held {
			a.issue(SeverityError, At(InputInvoices, "", "", 0), "amount", c.Name,
				"a figure of "+c.Name+" (its late-payment or delivery cost) is more than "+FormatMoney(maxFigure, a.r.Currency)+
					" and is shown as that: check the amounts, due dates and costs settings")
		}
	}
	if !fits {
		a.issue(SeverityError, At(InputInvoices, "", "", 0), "amount", "",
			"a portfolio total does not fit a 64-bit sum and is shown as the largest one: check the amounts, due dates and costs settings")
	}
	for k, u := range a.unmatched {
		if u.Rows == 0 {
			continue
		}
		for _, g := range a.reg.groups[k] {
			if g.value != "" {
				u.Names++
			}
		}
		p.Unmatched = append(p.Unmatched, u)
	}
	shares(clients, &p)
	p.MedianContactsPerMonth = medianContacts(clients)
	p.Whale = whaleCurve(clients, p.Profit)
	return p
}

// shares fills each client's Revenue share and the portfolio's top
// shares and HHI; they are blank when total Revenue is not positive.
func shares(clients []ClientResult, p *Portfolio) {
	if p.Revenue <= 0 {
		return
	}
	total := float64(p.Revenue)
	sh := make([]float64, len(clients))
	hhi := 0.0
	for i := range clients {
		s := float64(clients[i].Revenue) / total
		clients[i].RevenueShare = Some(s)
		sh[i] = s
		hhi += (s * 100) * (s * 100)
	}
	p.HHI = Some(hhi)
	slices.SortFunc(sh, func(x, y float64) int { return cmp.Compare(y, x) })
	top := func(n int) Maybe {
		sum := 0.0
		for _, s := range sh[:min(n, len(sh))] {
			sum += s
		}
		return Some(sum)
	}
	p.Top1Share, p.Top5Share, p.Top10Share = top(1), top(5), top(10)
}

// medianContacts is the median Contacts per month of the clients with
// contacts: HIGH_CONTACT's base.
func medianContacts(clients []ClientResult) float64 {
	var perMonth []float64
	for i := range clients {
		if clients[i].Contacts > 0 {
			perMonth = append(perMonth, clients[i].ContactsPerMonth)
		}
	}
	return median(perMonth)
}

// whaleCurve ranks the clients by Profit, best first, with cumulative
// Profit and the shares of clients and of total Profit.
func whaleCurve(clients []ClientResult, total Money) []WhalePoint {
	order := make([]int, len(clients))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(x, y int) int {
		return cmp.Or(cmp.Compare(clients[y].Profit, clients[x].Profit), cmp.Compare(clients[x].Name, clients[y].Name))
	})
	var cum Money
	whale := make([]WhalePoint, 0, len(clients))
	for k, i := range order {
		cum, _ = addSat(cum, clients[i].Profit)
		w := WhalePoint{Client: clients[i].Name, Profit: clients[i].Profit, Cumulative: cum,
			ClientsShare: float64(k+1) / float64(len(clients))}
		if total != 0 {
			w.ProfitShare = Some(float64(cum) / float64(total))
		}
		whale = append(whale, w)
	}
	return whale
}

// median returns the median of xs (the mean of the middle two for an even
// count), or 0 for none. xs is reordered.
func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	slices.Sort(xs)
	n := len(xs)
	if n%2 == 1 {
		return xs[n/2]
	}
	return (xs[n/2-1] + xs[n/2]) / 2
}

// sortClients orders clients worst first: by verdict, then Profit
// ascending, then name and key so the order never depends on input order.
func sortClients(cs []ClientResult) {
	slices.SortStableFunc(cs, func(x, y ClientResult) int {
		return cmp.Or(cmp.Compare(x.Verdict, y.Verdict), cmp.Compare(x.Profit, y.Profit),
			cmp.Compare(x.Name, y.Name), cmp.Compare(x.Key, y.Key))
	})
}
