// Package report turns an analysis into the scorecard workbook. It takes an
// analysis.Result with the run's input files, data issues and changes since
// the previous scorecard (a Scorecard), and gives an XLSX file laid out as the
// spec's section 6 says: Summary, Clients, Aging, Invoices, Data issues and
// Definitions.
//
// Money is written as numbers in the reporting currency's major unit
// (analysis.Money minor units / 10^digits) with a currency number format;
// ratios as fractions with a % format; dates as Excel date serials with a
// date format. Every string from the inputs is written as a string cell,
// never a formula, cleaned of what XML cannot hold and cut at Excel's 32,767
// characters.
//
// WriteScorecard writes atomically: to a temporary file in the target folder,
// renamed into place only when complete. PreviousScorecard and ReadSnapshot
// find and read back an earlier scorecard so the next run can say what
// changed.
package report
