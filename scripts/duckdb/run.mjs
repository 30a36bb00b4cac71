// node run.mjs DIR runs clients.sql over the CSV exports in DIR and prints
// the number of clients, how long it took and the three with the lowest
// profit. DuckDB comes from npm, prebuilt (no compiler needed):
//
//	mkdir /tmp/peer && cd /tmp/peer && npm init -y && npm install @duckdb/node-api@1.5.6-r.1
//	cp .../scripts/duckdb/* . && /usr/bin/time -v node run.mjs /path/to/csv-sample
import { DuckDBInstance } from '@duckdb/node-api';
import { readFileSync } from 'node:fs';
const dir = process.argv[2];
const sql = readFileSync(new URL('./clients.sql', import.meta.url), 'utf8').replaceAll('DIR', dir);
const t0 = Date.now();
const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
const reader = await con.runAndReadAll(sql);
const rows = reader.getRowObjects();
console.log(`${rows.length} clients in ${(Date.now() - t0) / 1000} s`);
for (const r of rows.slice(0, 3)) console.log(JSON.stringify(r, (k, v) => typeof v === 'bigint' ? String(v) : v));
