// Package analysis is the core of clientscore. It takes the records read
// from a firm's exports (invoices, payments, disputes, support contacts,
// time logs, expenses and client master data) and a set of Rules, and
// gives per-client figures, flags with their evidence, a verdict and
// portfolio figures.
//
// The package is pure: it does no I/O, reads no clock and parses no config.
// "Today" is Rules.AsOf. The same Data and Rules always give the same Result.
//
// Money is integer minor units (Money); dates are calendar dates (Date).
// No sum wraps: each input's rows are held to 2^60 minor units in all (a
// row past that is rejected with an Error issue), money × days is summed
// in 128 bits, and a figure that still cannot be held is shown as 2^60
// minor units with an Error issue (see arith.go).
//
// Analyze is linear in the records: each is read a fixed number of times,
// clients and invoice numbers are interned to ints once (the tables hold
// no pointers), payments are put in date order by counting, and no
// client's figures look at another client's records. It uses two cores
// where the work allows: support, time and expense rows are read while
// payments are applied, and the clients' figures are split in two halves.
// Besides the Result, which holds a line (about 200 bytes) for each record
// in the window of the clients Rules.Evidence accepts and each open
// invoice, it needs about 200 bytes per invoice, 90 per payment and 50
// per support row while it runs, and about 100 more per invoice and
// payment when it is handed rows, not books.
//
// The rows of the support, time and expenses inputs, the biggest of a
// firm's exports, need not be kept at all: a reader can tally them as it
// reads them (Tally: 40 bytes a contact in the window; a time or expense
// row only adds to a sum of 40 bytes per spelling of its client, month
// and kind), and Analyze makes every figure of a tally that it makes of
// the rows, but their lines. The invoices and payments rows can be kept in a Book, records
// without pointers of 80 and 64 bytes and a string header per text of
// their own, instead of Invoice (168 bytes) and Payment (152 bytes);
// Analyze reads rows through a book in any case.
package analysis
