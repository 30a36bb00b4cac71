// Package sample takes a folder, a size and a seed and gives a set of
// realistic demo exports for clientscore, plus a commented config
// (clientscore.yaml) that reads them: what `clientscore sample` writes.
//
// The exports are those of a 40-client digital agency ("Northwind Digital
// Ltd") over the 13 months ending 2026-10-31, each file written the way a
// real tool writes it (SOURCES.md says where each layout comes from):
//
//	invoices.xlsx  QuickBooks Online "Invoice List": title lines, real date
//	               and currency cells, credit memos, a TOTAL row
//	payments.csv   a bank/ERP export: semicolons, 1.234,56, 31/10/2026
//	disputes.csv   a plain dispute log with ISO dates
//	tickets.csv    a Freshdesk ticket export ("Time tracked" as h:mm)
//	time.csv       Harvest's detailed time report: nine people's billable
//	               and non-billable hours, some with a Cost Rate in the
//	               export, the rest priced by costs.rates or costs.hour
//	expenses.csv   Harvest's detailed expense report: direct costs per client
//	clients.xlsx   the client master: aliases, renewal dates, owners
//
// With Format "xlsx-all" every export is a workbook instead (payments.xlsx,
// disputes.xlsx, tickets.xlsx, time.xlsx, expenses.xlsx too, with date,
// amount and time cells), the same rows as the CSV files: the XLSX half of
// the benchmark in scripts/bench-full.sh. A workbook export with more than
// 1,040,000 rows is written as several workbooks (invoices-1.xlsx,
// invoices-2.xlsx, …), each a whole export within Excel's row limit, and
// the config reads them with a glob; a CSV export is always one file.
//
// The agency's costs are believable: each client's time and expenses cost
// shares of what it is invoiced, chosen so that most clients earn 10–45%
// and the agency about a quarter of its revenue (TestBooks works the
// figures out from the rows). One client tells each classic bad story,
// under a name that gives it away (Slowpoke Logistics pays 90–120 days
// late, Night Owl Hospitality calls at 3 a.m., Sunk Cost Studios looks
// healthy until its delivery hours are costed, …); Stories lists them. A
// handful of deliberately bad rows show the Data issues sheet at work.
//
// Output is deterministic: the same Options give byte-identical files.
// Rows are generated day by day in date order and streamed to the files
// (workbooks through excelize's StreamWriter), so memory grows with the
// number of clients and with the rows still pending on a day (payments
// due later, a weekend's work), never with the number of rows: a million
// invoices fit in bounded memory.
package sample
