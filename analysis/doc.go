// Package analysis is the core of clientscore. It takes the records read
// from a firm's exports (invoices, payments, disputes, support contacts and
// client master data) and a set of Rules, and gives per-client figures,
// flags with their evidence, a verdict and portfolio figures.
//
// The package is pure: it does no I/O, reads no clock and parses no config.
// "Today" is Rules.AsOf. The same Data and Rules always give the same Result.
//
// Money is integer minor units (Money); dates are calendar dates (Date).
//
// Analyze is linear in the records: each is read a fixed number of times,
// clients and invoice numbers are interned to ints once (the tables hold
// no pointers), payments are put in date order by counting, and no
// client's figures look at another client's records. It uses two cores
// where the work allows: support contacts are read while payments are
// applied, and the clients' figures are split in two halves. Besides the
// Result, which holds a line (about 170 bytes) for each record in the
// window of the clients Rules.Evidence accepts, it needs about 150 bytes
// per invoice, 50 per payment and 32 per support contact while it runs.
package analysis
