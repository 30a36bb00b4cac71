-- The peer for the README's DuckDB comparison: per client over the window
-- (2025-10-31, 2026-10-31], revenue, delivery and support cost, expenses,
-- profit, margin and average days late, from the CSV exports
-- `clientscore sample --format csv` writes (DIR is their folder; run.mjs
-- fills it in). It reads every export and does the aggregation a finance
-- lead would write by hand, and leaves out what clientscore does beyond
-- it: client identity (aliases, ids, legal suffixes, unmatched rows), fx,
-- line-item invoices, credit notes applied to invoices, payments without
-- an invoice number allocated oldest first, refunds and payment status,
-- lateness of invoices settled by several payments beyond the first
-- cover date, late-payment cost, flags, evidence, validation with a
-- message per bad row, and the workbook.
WITH
inv AS (
  SELECT Customer AS client, Num AS number,
         try_strptime("Date", '%d/%m/%Y')::DATE AS issued,
         try_strptime("Due Date", '%d/%m/%Y')::DATE AS due,
         try_cast(replace(Amount, ',', '') AS DECIMAL(18,2)) AS amount,
         "Transaction Type" AS type
  FROM read_csv('DIR/invoices.csv', skip=4, header=true, all_varchar=true)
  WHERE Num IS NOT NULL AND coalesce(Status, '') NOT IN ('Void', 'Draft') AND amount IS NOT NULL
),
pay AS (
  SELECT "Invoice No." AS number,
         try_strptime("Payment Date", '%d/%m/%Y')::DATE AS paid,
         try_cast(replace(replace(Amount, '.', ''), ',', '.') AS DECIMAL(18,2)) AS amount
  FROM read_csv('DIR/payments.csv', delim=';', header=true, all_varchar=true)
),
settled AS (  -- the date an invoice's payments first cover it
  SELECT number, min(paid) FILTER (WHERE covered) AS settled FROM (
    SELECT p.number, p.paid,
           sum(p.amount) OVER (PARTITION BY p.number ORDER BY p.paid ROWS UNBOUNDED PRECEDING) >= i.amount AS covered
    FROM pay p JOIN inv i USING (number)
  ) GROUP BY number
),
late AS (
  SELECT i.client,
         avg(greatest(0, date_diff('day', i.due, coalesce(s.settled, DATE '2026-10-31')))) AS avg_days_late,
         sum(CASE WHEN i.type = 'Credit Memo' OR i.amount < 0 THEN -abs(i.amount) ELSE i.amount END) AS revenue
  FROM inv i LEFT JOIN settled s USING (number)
  WHERE i.issued > DATE '2025-10-31' AND i.issued <= DATE '2026-10-31'
  GROUP BY i.client
),
rate(name, hourly) AS (VALUES ('marco bianchi', 88.0), ('ravi menon', 72.0), ('designer', 52.0), ('developer', 66.0)),
work AS (
  SELECT t.Client AS client, t."Billable?" = 'Yes' AS billable,
         CASE WHEN try_cast(t."Cost Amount" AS DOUBLE) > 0 THEN t."Cost Amount"::DOUBLE
              ELSE try_cast(t.Hours AS DOUBLE) * coalesce(p.hourly, r.hourly, 60.0) END AS cost
  FROM read_csv('DIR/time.csv', header=true, all_varchar=true) t
  LEFT JOIN rate p ON p.name = lower(t."First Name" || ' ' || t."Last Name")
  LEFT JOIN rate r ON r.name = lower(t.Roles)
  WHERE try_cast(t."Date" AS DATE) > DATE '2025-10-31' AND try_cast(t."Date" AS DATE) <= DATE '2026-10-31'
),
tickets AS (
  SELECT "Company Name" AS client,
         CASE WHEN coalesce("Time tracked", '') IN ('', '0:00') THEN 15.0
              ELSE (try_cast(split_part("Time tracked", ':', 1) AS DOUBLE) + try_cast(split_part("Time tracked", ':', 2) AS DOUBLE) / 60) * 60.0 END AS cost
  FROM read_csv('DIR/tickets.csv', header=true, all_varchar=true)
  WHERE try_cast("Created time" AS TIMESTAMP)::DATE > DATE '2025-10-31' AND try_cast("Created time" AS TIMESTAMP)::DATE <= DATE '2026-10-31'
),
costs AS (
  SELECT client, sum(cost) FILTER (WHERE billable) AS delivery, sum(cost) FILTER (WHERE NOT billable) AS support, 0.0 AS expenses FROM work GROUP BY client
  UNION ALL SELECT client, 0, sum(cost), 0 FROM tickets GROUP BY client
  UNION ALL SELECT Client, 0, 0, sum(try_cast(Amount AS DOUBLE)) FROM read_csv('DIR/expenses.csv', header=true, all_varchar=true)
    WHERE try_cast("Date" AS DATE) > DATE '2025-10-31' AND try_cast("Date" AS DATE) <= DATE '2026-10-31' GROUP BY Client
),
cost AS (SELECT client, sum(coalesce(delivery, 0)) AS delivery, sum(coalesce(support, 0)) AS support, sum(expenses) AS expenses FROM costs GROUP BY client)
SELECT l.client, l.revenue, c.delivery, c.support, c.expenses,
       l.revenue - coalesce(c.delivery, 0) - coalesce(c.support, 0) - coalesce(c.expenses, 0) AS profit,
       (l.revenue - coalesce(c.delivery, 0) - coalesce(c.support, 0) - coalesce(c.expenses, 0)) / nullif(l.revenue, 0) AS margin,
       l.avg_days_late
FROM late l LEFT JOIN cost c USING (client)
ORDER BY profit
