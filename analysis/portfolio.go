package analysis

import (
	"cmp"
	"slices"
)

// portfolio computes the figures over all clients and fills each client's
// Revenue share. Verdict counts are filled once flags are raised.
func portfolio(clients []ClientResult, r Rules) Portfolio {
	p := Portfolio{Clients: len(clients)}
	for i := range clients {
		c := &clients[i]
		p.Revenue += c.Revenue
		p.SupportCost += c.SupportCost
		p.Profit += c.Profit
		p.Outstanding += c.Outstanding
		p.Overdue += c.Overdue
	}
	if p.Revenue > 0 {
		total := float64(p.Revenue)
		shares := make([]float64, len(clients))
		hhi := 0.0
		for i := range clients {
			s := float64(clients[i].Revenue) / total
			clients[i].RevenueShare = Some(s)
			shares[i] = s
			hhi += (s * 100) * (s * 100)
		}
		p.HHI = Some(hhi)
		slices.SortFunc(shares, func(x, y float64) int { return cmp.Compare(y, x) })
		top := func(n int) Maybe {
			sum := 0.0
			for _, s := range shares[:min(n, len(shares))] {
				sum += s
			}
			return Some(sum)
		}
		p.Top1Share, p.Top5Share, p.Top10Share = top(1), top(5), top(10)
	}

	var perMonth []float64
	for i := range clients {
		if clients[i].Contacts > 0 {
			perMonth = append(perMonth, clients[i].ContactsPerMonth)
		}
	}
	p.MedianContactsPerMonth = median(perMonth)

	order := make([]int, len(clients))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(x, y int) int {
		return cmp.Or(cmp.Compare(clients[y].Profit, clients[x].Profit), cmp.Compare(clients[x].Name, clients[y].Name))
	})
	var cum Money
	for k, i := range order {
		cum += clients[i].Profit
		w := WhalePoint{Client: clients[i].Name, Profit: clients[i].Profit, Cumulative: cum,
			ClientsShare: float64(k+1) / float64(len(clients))}
		if p.Profit != 0 {
			w.ProfitShare = Some(float64(cum) / float64(p.Profit))
		}
		p.Whale = append(p.Whale, w)
	}
	return p
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
