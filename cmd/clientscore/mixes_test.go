package main

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// The mixes: three agencies whose exports come from different tools, each
// read as a new user reads them (no columns: mapping) beside a client list
// with names only. Their layouts are those of ingest/testdata/exports (see
// its SOURCES.md). Each agency carries the traps of issue 11: ids in a
// tool's own id space, a client spelled with and without its legal suffix,
// a name written with a combining accent, payments that name no invoice
// beside invoices that carry their own balances, a client with no payments
// at all, rows that belong to no client. Every figure below is worked out
// by hand from SPEC §3–§5; money in the reporting currency, days whole
// calendar days, ratios as fractions.
//
// Two readings of the spec are used and said where they matter:
//   - A refunded amount inside a payments row (Stripe's Amount Refunded) is
//     subtracted from the row's payment and shown under Refunds, also for a
//     charge refunded in full: Refunds is what went back to the client,
//     Collected what stayed (analysis.PaymentLine: "a refund (or the
//     refunded part of a row)").
//   - An invoice that settles itself from a balance with no paid date
//     (Xero, QuickBooks) counts its paid part in Collected when the invoice
//     was issued in the window: it was paid after it was issued and by the
//     export, so its unknown paid date lies in the window; its lateness is
//     unknown and it is in no lateness figure.

// mixFigures maps client → Clients-sheet column → figure as the sheet holds
// it (numbers compared to within 0.005, text exactly, "" a blank cell).
type mixFigures map[string]map[string]string

// northwind: Xero + Stripe + Zendesk, as of 2026-09-30 (window 2025-09-30 <
// d ≤ 2026-09-30), EUR, 1 USD = 0.92 EUR, costs.hour 60.00, Sam Jansen
// 80.00, support_ticket 15.00, delivery_ratio 0.40, grace 0.
//
// Acme Corp (Stripe cus_QAcme7Rn2bXk1). Invoices, every one 21% VAT, so
// weighting by amount with or without VAT gives the same days:
//
//	INV-0101 15/10/2025 due 14/11/2025 5,445.00 (4,500.00 + 945.00 VAT)
//	INV-0107 10/01/2026 due 09/02/2026 7,260.00 (6,000.00 + 1,260.00)
//	INV-0115 01/06/2026 due 01/07/2026 9,680.00 (8,000.00 + 1,680.00)
//	INV-0121 15/08/2026 due 14/09/2026 2,420.00 (2,000.00 + 420.00), open
//	INV-0122 Draft: ignored.
//
// Revenue = 4,500 + 6,000 + 8,000 + 2,000 = 20,500.00. Stripe pays no Xero
// invoice by number (one names a Stripe in_… id Xero does not know): each
// payment goes to the oldest open invoice issued on or before it.
//
//	05/01 5,445.00 → INV-0101 settled 05/01: 52 days late (14/11 → 05/01)
//	20/04 7,260.00 (a row with the Stripe id only: the id was taught by the
//	      rows that carry "Acme Corp" and it) → INV-0107 settled: 70 days
//	15/07 4,000.00 → INV-0115 (INV-0121 is not issued yet); 5,680.00 left
//	20/08 2,000.00 Failed: no money
//	10/09 5,680.00 → INV-0115 settled 10/09: 71 days (01/07 → 10/09)
//	INV-0121 open at 30/09: 16 days (14/09 → 30/09).
//
// Collected 5,445 + 7,260 + 4,000 + 5,680 = 22,385.00. Avg days late
// (52 + 70 + 71 + 16) / 4 = 52.25. Weighted (4,500×52 + 6,000×70 +
// 8,000×71 + 2,000×16) / 20,500 = 1,254,000 / 20,500 = 61.17. Late
// invoices 4, open overdue 1, Outstanding = Overdue = 2,420.00.
// Zendesk: 10/02 Sam 1,800 s = 0.5 h × 80 = 40.00; 03/06 Eva 3,600 s = 1 h
// × 60 = 60.00 → Support cost 100.00, 2 contacts (the ticket of 15/09/2025
// is before the window). Delivery cost 20,500 × 0.40 = 8,200.00. Profit
// 20,500 − 8,200 − 100 = 12,200.00, margin 0.595122. Flags: weighted 61.17
// > 30 LATE_PAYER; revenue share 20,500 / 32,460 = 0.63 CONCENTRATION →
// Watch.
//
// Brightline Ltd (Zendesk spells it "Brightline": the legal suffix rule
// finds the one client it can be). INV-0104 20/11/2025 due 20/12/2025
// 726.00 (600.00 + 126.00); INV-0109 Voided: ignored; INV-0118 01/07/2026
// due 31/07/2026 363.00 (300.00 + 63.00). Revenue 900.00. Stripe: 15/01
// 726.00 → INV-0104, 26 days late (20/12 → 15/01); 05/08 363.00 Failed and
// a requires_payment_method attempt: no money. INV-0118 open: 61 days.
// Collected 726.00. Avg (26 + 61) / 2 = 43.5; weighted (600×26 + 300×61) /
// 900 = 33,900 / 900 = 37.67. Late 2, open overdue 1, Outstanding = Overdue
// = 363.00. Zendesk: Sam 2 h × 80 = 160.00; Eva 3 h × 60 = 180.00 (10,800
// s; the 3,600 s of its last update is not the ticket's time); Eva 0 s:
// no time, a ticket at 15.00; nobody 1.5 h × 60 = 90.00 → 445.00, 4
// contacts. Delivery 900 × 0.40 = 360.00. Profit 900 − 360 − 445 = 95.00,
// margin 0.105556 < 0.20 LOW_MARGIN, LATE_PAYER → Review.
//
// Café Lumière (Stripe writes the name with combining accents; it is one
// client). Invoices in USD, no VAT: INV-0110 02/02/2026 due 04/03/2026
// 3,000.00 USD = 2,760.00 EUR; INV-0119 20/07/2026 due 19/08/2026 2,500.00
// USD = 2,300.00 EUR. Revenue 5,060.00. Stripe: 20/03 3,000.00 USD →
// INV-0110, 16 days late; 25/08 2,500.00 USD with 300.00 refunded: 2,200.00
// USD → INV-0119, 300.00 USD left open (42 days at 30/09); 05/09 300.00 USD
// Refunded in full: no payment. Collected 2,760 + (2,300 − 276) = 4,784.00
// EUR; Refunds 276 + 276 = 552.00. Avg (16 + 42) / 2 = 29; weighted
// (2,760×16 + 2,300×42) / 5,060 = 140,760 / 5,060 = 27.82 (≤ 30). Late 2,
// open overdue 1, Outstanding = Overdue = 300 USD = 276.00. Zendesk: Eva
// 0.5 h × 60 = 30.00, 1 contact. Delivery 5,060 × 0.40 = 2,024.00. Profit
// 5,060 − 2,024 − 30 = 3,006.00, margin 0.594071 → Healthy.
//
// Delta Foods pays by bank transfer: no Stripe rows, so Xero's balances
// settle its invoices. INV-0102 20/10/2025 2,420.00 (2,000 + 420) paid,
// InvoiceAmountDue 0, no paid date: lateness unknown, 2,420.00 collected.
// INV-0112 10/04/2026 due 10/05/2026 3,630.00 (3,000 + 630) and INV-0120
// 01/08/2026 due 31/08/2026 1,210.00 (1,000 + 210) nothing paid: open 143
// and 30 days. Revenue 6,000.00. Avg (143 + 30) / 2 = 86.5; weighted
// (3,000×143 + 1,000×30) / 4,000 = 114.75. Late 2 (the unknown one is in
// no lateness figure), open overdue 2, Outstanding = Overdue = 4,840.00.
// Zendesk: Sam 0.75 h × 80 = 60.00, 1 contact. Delivery 2,400.00. Profit
// 6,000 − 2,400 − 60 = 3,540.00, margin 0.59. LATE_PAYER → Watch.
//
// Elm Street Bakery is on the client list and in no export: Inactive.
//
// Not clients: Stripe's "Zephyr Labs" (a guest checkout), the Zendesk
// ticket with no organisation from pat.doe@gmail.example.
var northwindFigures = mixFigures{
	"Acme Corp": {
		"Verdict": "Watch", "Flags": "LATE_PAYER, CONCENTRATION",
		"Revenue": "20500", "Invoiced": "20500", "Credit notes": "0", "Collected": "22385", "Refunds": "0",
		"Support cost": "100", "Delivery cost": "8200", "Expenses": "0", "Profit": "12200", "Margin": "0.595122",
		"Invoices": "4", "Avg days late": "52.25", "Weighted days late": "61.17", "Late invoices": "4", "Open overdue": "1",
		"Outstanding": "2420", "Overdue": "2420", "Disputes": "0", "Contacts": "2",
	},
	"Brightline Ltd": {
		"Verdict": "Review", "Flags": "LOW_MARGIN, LATE_PAYER",
		"Revenue": "900", "Invoiced": "900", "Credit notes": "0", "Collected": "726", "Refunds": "0",
		"Support cost": "445", "Delivery cost": "360", "Expenses": "0", "Profit": "95", "Margin": "0.105556",
		"Invoices": "2", "Avg days late": "43.5", "Weighted days late": "37.67", "Late invoices": "2", "Open overdue": "1",
		"Outstanding": "363", "Overdue": "363", "Disputes": "0", "Contacts": "4",
	},
	"Café Lumière": {
		"Verdict": "Healthy", "Flags": "",
		"Revenue": "5060", "Invoiced": "5060", "Credit notes": "0", "Collected": "4784", "Refunds": "552",
		"Support cost": "30", "Delivery cost": "2024", "Expenses": "0", "Profit": "3006", "Margin": "0.594071",
		"Invoices": "2", "Avg days late": "29", "Weighted days late": "27.82", "Late invoices": "2", "Open overdue": "1",
		"Outstanding": "276", "Overdue": "276", "Disputes": "0", "Contacts": "1",
	},
	"Delta Foods": {
		"Verdict": "Watch", "Flags": "LATE_PAYER",
		"Revenue": "6000", "Invoiced": "6000", "Credit notes": "0", "Collected": "2420", "Refunds": "0",
		"Support cost": "60", "Delivery cost": "2400", "Expenses": "0", "Profit": "3540", "Margin": "0.59",
		"Invoices": "3", "Avg days late": "86.5", "Weighted days late": "114.75", "Late invoices": "2", "Open overdue": "2",
		"Outstanding": "4840", "Overdue": "4840", "Disputes": "0", "Contacts": "1",
	},
	"Elm Street Bakery": {
		"Verdict": "Inactive", "Flags": "",
		"Revenue": "0", "Collected": "0", "Refunds": "0", "Support cost": "0", "Delivery cost": "0", "Expenses": "0",
		"Profit": "0", "Margin": "", "Invoices": "0", "Avg days late": "", "Weighted days late": "", "Late invoices": "0",
		"Open overdue": "0", "Outstanding": "0", "Overdue": "0", "Disputes": "0", "Contacts": "0",
	},
}

// harbour: QuickBooks Online + a Monzo bank CSV + Freshdesk + QuickBooks
// expenses, as of 2026-10-31 (window 2025-10-31 < d ≤ 2026-10-31), GBP,
// costs.hour 55.00, Priya Shah 70.00, support_ticket 15.00, delivery_ratio
// 0.35. The bank names no invoice: each payment goes to the payer's oldest
// open invoice issued on or before it.
//
// Kestrel Logistics Ltd (the bank writes "KESTREL LOGISTICS": same name
// once the suffix is dropped). 1001 05/11/2025 due 05/12/2025 12,000.00;
// 1006 15/02/2026 due 17/03/2026 9,000.00; 1012 10/06/2026 due 10/07/2026
// 15,000.00; 1018 01/09/2026 due 01/10/2026 7,500.00. Revenue 43,500.00.
// Bank: 20/01 12,000 → 1001, 46 days late (05/12 → 20/01); 04/05 9,000 →
// 1006, 48 days (17/03 → 04/05); 28/08 9,000 → 1012 (1018 not issued yet),
// 6,000.00 left: open 113 days (10/07 → 31/10); 1018 open 30 days.
// Collected 30,000.00. Avg (46 + 48 + 113 + 30) / 4 = 59.25; weighted
// (12,000×46 + 9,000×48 + 15,000×113 + 7,500×30) / 43,500 = 2,904,000 /
// 43,500 = 66.76. Late 4, open overdue 2, Outstanding = Overdue 13,500.00.
// Freshdesk: 03/02 Priya 1:30 × 70 = 105.00; 16/06 Priya 0:45 × 70 =
// 52.50; 09/09 Tom 0:00: a ticket, 15.00 → 172.50, 3 contacts (20/10/2025
// is before the window). Delivery 43,500 × 0.35 = 15,225.00. Expenses
// 212.30 + 200.00 = 412.30. Profit 43,500 − 15,225 − 172.50 − 412.30 =
// 27,690.20, margin 0.636556. LATE_PAYER; share 43,500 / 59,200 = 0.73
// CONCENTRATION → Watch.
//
// Crème Digital (the bank writes "CREME DIGITAL LTD", Freshdesk the name
// with a combining grave accent). 1003 20/12/2025 due 19/01/2026 4,000.00
// paid 16/01; 1014 01/07/2026 due 31/07/2026 3,000.00 paid 29/07: both
// early, 0 days. Revenue = Collected = 7,000.00; avg and weighted 0; late
// 0; nothing open. Freshdesk: Priya 2:00 × 70 = 140.00, Tom 1:00 × 55 =
// 55.00 → 195.00, 2 contacts. Delivery 2,450.00. Profit 7,000 − 2,450 −
// 195 = 4,355.00, margin 0.622143 → Healthy.
//
// Orchard Dental is in no bank row: QuickBooks' Open Balance settles its
// invoices. 1002 12/11/2025 2,500.00, balance 0, no paid date: lateness
// unknown, 2,500.00 collected. 1010 20/05/2026 due 19/06/2026 3,200.00 and
// 1016 15/08/2026 due 14/09/2026 1,800.00 unpaid: open 134 and 47 days.
// Revenue 7,500.00. Avg (134 + 47) / 2 = 90.5; weighted (3,200×134 +
// 1,800×47) / 5,000 = 513,400 / 5,000 = 102.68. Late 2, open overdue 2,
// Outstanding = Overdue 5,000.00. Freshdesk: Tom 0:30 × 55 = 27.50, 1
// contact. Delivery 2,625.00. Profit 7,500 − 2,625 − 27.50 = 4,847.50,
// margin 0.646333. LATE_PAYER → Watch.
//
// Fenwick & Daughters. 1004 10/01/2026 due 09/02/2026 1,200.00 paid
// 09/02: 0 days; 1007 voided (0.00): ignored. The bank's −150.00 to
// FENWICK & DAUGHTERS on 15/03 is a refund: Collected 1,200 − 150 =
// 1,050.00, Refunds 150.00, the invoice stays paid. Freshdesk: Priya 3:00
// × 70 = 210.00, Priya 2:30 × 70 = 175.00, Tom 2:00 × 55 = 110.00, Tom 1:30
// × 55 = 82.50, Priya 1:00 × 70 = 70.00 → 647.50, 5 contacts, 4 tagged
// "scope change" (≥ 3: SCOPE_CHANGE). Delivery 1,200 × 0.35 = 420.00.
// Expenses 400.00 (Pixel & Co's illustrations). Profit 1,200 − 420 −
// 647.50 − 400 = −267.50: UNPROFITABLE, margin −0.222917 → Unprofitable
// (without the expense it would make 132.50).
//
// Not clients: Adobe, HMRC VAT, Stripe Payments UK in the bank export; the
// Freshdesk ticket from Jordan Miles with no company.
var harbourFigures = mixFigures{
	"Kestrel Logistics Ltd": {
		"Verdict": "Watch", "Flags": "LATE_PAYER, CONCENTRATION",
		"Revenue": "43500", "Invoiced": "43500", "Credit notes": "0", "Collected": "30000", "Refunds": "0",
		"Support cost": "172.5", "Delivery cost": "15225", "Expenses": "412.3", "Profit": "27690.2", "Margin": "0.636556",
		"Invoices": "4", "Avg days late": "59.25", "Weighted days late": "66.76", "Late invoices": "4", "Open overdue": "2",
		"Outstanding": "13500", "Overdue": "13500", "Disputes": "0", "Contacts": "3",
	},
	"Crème Digital": {
		"Verdict": "Healthy", "Flags": "",
		"Revenue": "7000", "Invoiced": "7000", "Credit notes": "0", "Collected": "7000", "Refunds": "0",
		"Support cost": "195", "Delivery cost": "2450", "Expenses": "0", "Profit": "4355", "Margin": "0.622143",
		"Invoices": "2", "Avg days late": "0", "Weighted days late": "0", "Late invoices": "0", "Open overdue": "0",
		"Outstanding": "0", "Overdue": "0", "Disputes": "0", "Contacts": "2",
	},
	"Orchard Dental": {
		"Verdict": "Watch", "Flags": "LATE_PAYER",
		"Revenue": "7500", "Invoiced": "7500", "Credit notes": "0", "Collected": "2500", "Refunds": "0",
		"Support cost": "27.5", "Delivery cost": "2625", "Expenses": "0", "Profit": "4847.5", "Margin": "0.646333",
		"Invoices": "3", "Avg days late": "90.5", "Weighted days late": "102.68", "Late invoices": "2", "Open overdue": "2",
		"Outstanding": "5000", "Overdue": "5000", "Disputes": "0", "Contacts": "1",
	},
	"Fenwick & Daughters": {
		"Verdict": "Unprofitable", "Flags": "UNPROFITABLE, SCOPE_CHANGE",
		"Revenue": "1200", "Invoiced": "1200", "Credit notes": "0", "Collected": "1050", "Refunds": "150",
		"Support cost": "647.5", "Delivery cost": "420", "Expenses": "400", "Profit": "-267.5", "Margin": "-0.222917",
		"Invoices": "1", "Avg days late": "0", "Weighted days late": "0", "Late invoices": "0", "Open overdue": "0",
		"Outstanding": "0", "Overdue": "0", "Disputes": "0", "Contacts": "5",
	},
}

// atelier: Zoho Books invoices and customer payments + FreshBooks invoices
// + Clockify, as of 2026-12-31 (window 2025-12-31 < d ≤ 2026-12-31), EUR,
// 1 USD = 0.90 EUR (Zoho's own Exchange Rate column is not ours), costs.hour 45.00, Anna
// Verhoeven 65.00, Jonas Peeters 50.00, delivery_ratio 0: every delivery
// hour is in Clockify. Billable hours are Delivery cost, non-billable
// Support cost; time rows are never contacts. Zoho's Customer ID is its
// own id space, learnt from rows that also carry the name.
//
// Lumen Architects. INV-000021 12/01 due 11/02 6,000.00 (two items,
// 4,000 + 2,000); INV-000030 04/05 due 03/06 5,000.00; INV-000041 01/10
// due 31/10 4,000.00. Revenue 15,000.00. Payments (by invoice number):
// 03/03 6,000 → INV-000021, 20 days late (11/02 → 03/03); 10/07 3,000 →
// INV-000030, 2,000.00 left: open 211 days (03/06 → 31/12); INV-000041
// open 61 days. Zoho's own Balance and Last Payment Date agree and are
// only a cross-check: Lumen has payments. Collected 9,000.00. Avg (20 +
// 211 + 61) / 3 = 97.33; weighted (6,000×20 + 5,000×211 + 4,000×61) /
// 15,000 = 1,419,000 / 15,000 = 94.6. Late 3, open overdue 2, Outstanding
// = Overdue 6,000.00. Clockify (the 15/12/2025 entry is before the
// window): billable Anna 4 h + 6 h × 65 = 650.00, Jonas 6 h × 50 = 300.00
// → Delivery 950.00; non-billable Anna 2 h × 65 = 130.00 → Support cost.
// Profit 15,000 − 950 − 130 = 13,920.00, margin 0.928. LATE_PAYER; share
// 15,000 / 25,000 = 0.6 CONCENTRATION → Watch.
//
// Brightwave BV has no customer payments: its invoices settle themselves
// on their Last Payment Date. INV-000025 16/02 due 18/03 3,000.00 USD =
// 2,700.00, paid 16/03: 0 days; INV-000033 15/06 due 15/07 2,000.00 USD =
// 1,800.00, paid 04/08: 20 days. Revenue = Collected = 4,500.00. Avg 10;
// weighted 1,800×20 / 4,500 = 8. Late 1, nothing open. Clockify spells it
// "Brightwave" (the suffix rule finds it): Jonas billable 8 h × 50 = 400.00
// delivery; Anna non-billable 1 h × 65 = 65.00 support. Profit 4,500 − 400
// − 65 = 4,035.00, margin 0.896667 → Healthy.
//
// Société Verte (Clockify writes it with combining acute accents).
// INV-000028 01/04 due 01/05 2,400.00 paid 28/04: 0 days; INV-000029
// void: ignored; INV-000037 01/09 due 01/10 1,600.00 unpaid: open 91 days.
// Revenue 4,000.00, Collected 2,400.00. Avg 45.5; weighted 1,600×91 /
// 4,000 = 36.4 > 30 LATE_PAYER. Late 1, open overdue 1, Outstanding =
// Overdue 1,600.00. Clockify: Anna billable 7.5 h + 4.5 h = 12 h × 65 =
// 780.00 delivery. Profit 4,000 − 780 = 3,220.00, margin 0.805 → Watch.
//
// Polder Analytics. INV-000035 20/07 due 19/08 1,500.00 paid 19/08: 0
// days; INV-000042 draft: ignored. Revenue = Collected = 1,500.00.
// Clockify, all billable: Anna 8 + 6 + 6 = 20 h × 65 = 1,300.00, Jonas 8 h
// × 50 = 400.00, Kim Dekker (no rate) 3 h × 45 = 135.00 → Delivery
// 1,835.00. Profit 1,500 − 1,835 = −335.00, margin −0.223333:
// unprofitable only because of its delivery time → Unprofitable.
//
// Maison Delvaux is invoiced from FreshBooks (month/day/year) and has no
// customer payments: its invoices settle on their own Date Paid.
// 0000107 10/02 due 12/03, two lines 1,200.00 + 600.00 = 1,800.00, paid
// 01/04: 20 days late (12/03 → 01/04); 0000112 15/06 due 15/07 2,200.00,
// overdue and unpaid: open 169 days (15/07 → 31/12: 16 + 31 + 30 + 31 +
// 30 + 31). Revenue 4,000.00, Collected 1,800.00. Avg (20 + 169) / 2 =
// 94.5; weighted (1,800×20 + 2,200×169) / 4,000 = 407,800 / 4,000 =
// 101.95 > 30 LATE_PAYER (one invoice over 90 days, not the 2 of
// SEVERE_LATE). Late 2, open overdue 1, Outstanding = Overdue 2,200.00.
// Clockify: Jonas billable 4 h × 50 = 200.00 delivery. Profit 4,000 − 200
// = 3,800.00, margin 0.95 → Watch. Lumen's share is now 15,000 / 29,000 =
// 0.517: still CONCENTRATION.
//
// Not a client: Clockify's internal entry with no client.
var atelierFigures = mixFigures{
	"Lumen Architects": {
		"Verdict": "Watch", "Flags": "LATE_PAYER, CONCENTRATION",
		"Revenue": "15000", "Invoiced": "15000", "Credit notes": "0", "Collected": "9000", "Refunds": "0",
		"Support cost": "130", "Delivery cost": "950", "Expenses": "0", "Profit": "13920", "Margin": "0.928",
		"Invoices": "3", "Avg days late": "97.33", "Weighted days late": "94.6", "Late invoices": "3", "Open overdue": "2",
		"Outstanding": "6000", "Overdue": "6000", "Disputes": "0", "Contacts": "0",
	},
	"Brightwave BV": {
		"Verdict": "Healthy", "Flags": "",
		"Revenue": "4500", "Invoiced": "4500", "Credit notes": "0", "Collected": "4500", "Refunds": "0",
		"Support cost": "65", "Delivery cost": "400", "Expenses": "0", "Profit": "4035", "Margin": "0.896667",
		"Invoices": "2", "Avg days late": "10", "Weighted days late": "8", "Late invoices": "1", "Open overdue": "0",
		"Outstanding": "0", "Overdue": "0", "Disputes": "0", "Contacts": "0",
	},
	"Société Verte": {
		"Verdict": "Watch", "Flags": "LATE_PAYER",
		"Revenue": "4000", "Invoiced": "4000", "Credit notes": "0", "Collected": "2400", "Refunds": "0",
		"Support cost": "0", "Delivery cost": "780", "Expenses": "0", "Profit": "3220", "Margin": "0.805",
		"Invoices": "2", "Avg days late": "45.5", "Weighted days late": "36.4", "Late invoices": "1", "Open overdue": "1",
		"Outstanding": "1600", "Overdue": "1600", "Disputes": "0", "Contacts": "0",
	},
	"Maison Delvaux": {
		"Verdict": "Watch", "Flags": "LATE_PAYER",
		"Revenue": "4000", "Invoiced": "4000", "Credit notes": "0", "Collected": "1800", "Refunds": "0",
		"Support cost": "0", "Delivery cost": "200", "Expenses": "0", "Profit": "3800", "Margin": "0.95",
		"Invoices": "2", "Avg days late": "94.5", "Weighted days late": "101.95", "Late invoices": "2", "Open overdue": "1",
		"Outstanding": "2200", "Overdue": "2200", "Disputes": "0", "Contacts": "0",
	},
	"Polder Analytics": {
		"Verdict": "Unprofitable", "Flags": "UNPROFITABLE",
		"Revenue": "1500", "Invoiced": "1500", "Credit notes": "0", "Collected": "1500", "Refunds": "0",
		"Support cost": "0", "Delivery cost": "1835", "Expenses": "0", "Profit": "-335", "Margin": "-0.223333",
		"Invoices": "1", "Avg days late": "0", "Weighted days late": "0", "Late invoices": "0", "Open overdue": "0",
		"Outstanding": "0", "Overdue": "0", "Disputes": "0", "Contacts": "0",
	},
}

func TestRunMixes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		agency string // folder under testdata/mixes
		asOf   string
		want   mixFigures
	}{
		{"northwind", "2026-09-30", northwindFigures},
		{"harbour", "2026-10-31", harbourFigures},
		{"atelier", "2026-12-31", atelierFigures},
	}
	for _, tt := range tests {
		t.Run(tt.agency, func(t *testing.T) {
			// A copy, so the run writes its reports beside a copy and never
			// into testdata.
			dir := t.TempDir()
			if err := os.CopyFS(dir, os.DirFS(filepath.Join("testdata", "mixes", tt.agency))); err != nil {
				t.Fatal(err)
			}
			code, stdout, stderr := runCLI(t, "run", "--config", filepath.Join(dir, "clientscore.yaml"))
			if code != exitOK {
				t.Fatalf("exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
			}
			got := sheetByHeader(t, filepath.Join(dir, "reports", "client-report-"+tt.asOf+".xlsx"), "Clients")

			// Exactly the clients of the list: no second copy of a client
			// under another spelling or id, no client made of a payer, a
			// requester or a supplier.
			var names, wantNames []string
			for name := range got {
				names = append(names, name)
			}
			for name := range tt.want {
				wantNames = append(wantNames, name)
			}
			slices.Sort(names)
			slices.Sort(wantNames)
			if !slices.Equal(names, wantNames) {
				t.Errorf("clients on the Clients sheet = %q, want %q", names, wantNames)
			}
			for name, cols := range tt.want {
				row, ok := got[name]
				if !ok {
					continue
				}
				for col, w := range cols {
					if g, ok := row[col]; !ok {
						t.Errorf("the Clients sheet has no column %q", col)
					} else if !sameFigure(g, w) {
						t.Errorf("%s %s = %q, want %q", name, col, g, w)
					}
				}
			}
		})
	}
}
