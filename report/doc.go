// Package report turns an analysis into the workbooks and the email. It
// takes an analysis.Result with the run's input files, data issues and
// changes since the previous scorecard (a Scorecard), and gives an XLSX
// file laid out as the spec's section 6 says: Summary (one printed page),
// Clients, Aging, Open invoices, Invoices, Data issues, Sources and
// Definitions; and, for one client (a Dossier), the renewal dossier:
// Dossier, Monthly, Invoices, Payments, Disputes, Contacts (client-safe),
// Work and costs (internal) and Definitions.
//
// Money is written as numbers in the reporting currency's major unit
// (analysis.Money minor units / 10^digits) with a currency number format;
// ratios as fractions with a % format; dates as Excel date serials shown
// "31 Oct 2026". Every string from the inputs is written as a string cell,
// never a formula, cleaned of what XML cannot hold and cut at Excel's
// 32,767 characters. Every sheet prints landscape, one page wide, its
// header row repeated, with a page header and "page N of M". report shows
// the figures analysis gives; it adds up only the columns it lists.
//
// WriteScorecard and WriteDossier write atomically: to a temporary file in
// the target folder, renamed into place only when complete.
// PreviousScorecard finds an earlier scorecard and ParseSnapshot reads it
// back, from rows its caller reads, so the next run can say what changed.
package report
