// Package ingest takes the exports a firm already has (invoices, payments,
// disputes, support tickets or time logs, client master data) as .xlsx,
// .xlsm, .csv or .tsv files, and gives analysis records (analysis.Data), a
// Data issue for every row it could not use, and a description of every
// file it read (rows, rejected rows, SHA-256).
//
// Read finds each file's header row by itself (title lines above it are
// fine), maps headers to canonical columns through one alias table
// (aliases.go) covering the real exports of QuickBooks, Xero, FreshBooks,
// Zoho Books, Wave, Stripe, Zendesk, Freshdesk, Harvest, Toggl and
// Clockify, and parses values the way the file's locale writes them.
// Nothing is guessed: a date that does not fit the configured order, or
// an amount written with the other decimal separator, rejects the row with
// a message saying which setting to change.
//
// Rows that are not data are passed over without an issue: blank rows, a
// group heading (a lone cell, where a record needs more), a subtotal
// ("Total for Acme Ltd"), the header row repeated (exports pasted
// together), and everything below a grand total (TOTAL, Grand Total),
// which ends the data; rows with values below it are noted in one warning.
// Exports written one row per invoice line (Xero, Zoho Books, FreshBooks)
// become one invoice per number: line amounts are summed, a repeated
// invoice total is taken once.
//
// Positions are 1-based and are what a spreadsheet shows: row 12 is the
// row Excel labels 12 (title lines and blank lines count; a CSV record with
// quoted newlines is one row), column 3 is column C.
//
// Money is integer minor units of the row's currency (analysis.Money),
// parsed from text without floating point; dates are calendar dates
// (analysis.Date). Files are only ever opened for reading.
package ingest
