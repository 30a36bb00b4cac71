// Package analysis is the core of clientscore. It takes the records read
// from a firm's exports (invoices, payments, disputes, support contacts and
// client master data) and a set of Rules, and gives per-client figures,
// flags with their evidence, a verdict and portfolio figures.
//
// The package is pure: it does no I/O, reads no clock and parses no config.
// "Today" is Rules.AsOf. The same Data and Rules always give the same Result.
//
// Money is integer minor units (Money); dates are calendar dates (Date).
package analysis
