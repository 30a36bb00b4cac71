#!/bin/sh
# bench-full.sh [DIR] — time a full `clientscore run` over a million
# invoices, as the scale issue asks: the same books as XLSX (every input a
# workbook) and as CSV, next to the floor for the workbooks (inflating
# their sheet XML and visiting every cell once, scripts/floor).
#
# It builds clientscore and the floor program, writes the two samples into
# DIR (a new temporary folder when none is given; samples already there
# are reused), measures the floor, then runs each variant with
# /usr/bin/time -v and prints wall time, peak RSS, the ratio to the floor
# and the temporary disk the run used (its TMPDIR, sampled while it runs,
# and the scorecard it wrote).
#
# Settings, from the environment:
#   INVOICES   invoices in the sample (default 1000000)
#   CLIENTS    clients (default 20000)
#   RUNS       runs of each variant; each is printed, the best is kept (default 2)
#   CLIENTSCORE_BIN  a clientscore binary to use instead of building one
#
# Needs Go and GNU time (/usr/bin/time); on Debian or Ubuntu it installs
# the time package when it is missing. Other processes on the machine
# skew the figures: run it on a quiet machine, and compare runs.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:-$(mktemp -d "${TMPDIR:-/tmp}/clientscore-bench.XXXXXX")}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
invoices=${INVOICES:-1000000}
clients=${CLIENTS:-20000}
runs=${RUNS:-2}

if [ ! -x /usr/bin/time ]; then
	echo "bench-full: /usr/bin/time is missing; installing the time package" >&2
	sudo=""
	[ "$(id -u)" -ne 0 ] && sudo=sudo
	$sudo apt-get update -qq && $sudo apt-get install -y -qq time >/dev/null
fi

echo "== building into $dir/bin"
mkdir -p "$dir/bin"
if [ -n "${CLIENTSCORE_BIN:-}" ]; then
	bin=$CLIENTSCORE_BIN
else
	bin=$dir/bin/clientscore
	(cd "$root" && go build -o "$bin" ./cmd/clientscore)
fi
(cd "$root" && go build -o "$dir/bin/floor" ./scripts/floor)

# sample FORMAT FOLDER writes the sample unless FOLDER already holds it.
sample() {
	if [ -f "$2/clientscore.yaml" ]; then
		echo "== reusing the $1 sample in $2"
		return
	fi
	echo "== writing the $1 sample ($invoices invoices, $clients clients) into $2"
	/usr/bin/time -f "   took %e s, peak RSS %M KB" "$bin" sample --format "$1" --invoices "$invoices" --clients "$clients" --out "$2" >/dev/null
}
sample xlsx-all "$dir/xlsx"
sample csv "$dir/csv"
du -sh "$dir/xlsx/" "$dir/csv/" | sed 's/^/   /'

echo "== floor: inflate every sheet of the workbooks and visit every cell"
"$dir/bin/floor" "$dir"/xlsx/*.xlsx | tee "$dir/floor.txt" | sed 's/^/   /'
floor=$(awk '$1 == "sequential" {print $2}' "$dir/floor.txt")
floor2=$(awk '$1 == "parallel" {print $2}' "$dir/floor.txt")

# seconds H:MM:SS.ss|M:SS.ss converts /usr/bin/time's wall clock to seconds.
seconds() {
	echo "$1" | awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }'
}

# measure VARIANT runs clientscore on one sample RUNS times.
measure() {
	variant=$1
	tmp=$dir/tmp-$variant
	best=""
	for i in $(seq "$runs"); do
		rm -rf "$dir/$variant/reports" "$tmp"
		mkdir -p "$tmp"
		log=$dir/time-$variant-$i.txt
		TMPDIR=$tmp /usr/bin/time -v -o "$log" "$bin" run --config "$dir/$variant/clientscore.yaml" >/dev/null 2>"$dir/run-$variant-$i.log" &
		pid=$!
		peak=0
		while kill -0 "$pid" 2>/dev/null; do
			used=$(du -sk "$tmp" 2>/dev/null | awk '{print $1}')
			[ "${used:-0}" -gt "$peak" ] && peak=$used
			sleep 0.2
		done
		if ! wait "$pid"; then
			echo "bench-full: clientscore run failed on the $variant sample; see $dir/run-$variant-$i.log" >&2
			exit 1
		fi
		wall=$(seconds "$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$log")")
		rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")
		user=$(awk -F': ' '/User time/ {print $2}' "$log")
		sys=$(awk -F': ' '/System time/ {print $2}' "$log")
		report=$(du -sk "$dir/$variant/reports" | awk '{print $1}')
		line=$(awk -v v="$variant" -v i="$i" -v w="$wall" -v r="$rss" -v u="$user" -v s="$sys" -v f="$floor" -v t="$peak" -v o="$report" 'BEGIN {
			ratio = ""
			if (v == "xlsx") ratio = sprintf("  %.2fx the floor", w / f)
			printf "%-5s run %d: wall %6.2f s  user %6.2f s  sys %5.2f s  peak RSS %5.0f MB  temp peak %4.0f MB  scorecard %4.1f MB%s",
				v, i, w, u, s, r / 1024, t / 1024, o / 1024, ratio }')
		echo "   $line"
		if [ -z "$best" ] || awk -v a="$wall" -v b="$best" 'BEGIN { exit !(a < b) }'; then
			best=$wall
		fi
	done
	eval "best_$variant=$best"
}

echo "== clientscore run (TMPDIR=$dir/tmp-*)"
measure xlsx
measure csv

echo "== summary"
awk -v x="$best_xlsx" -v c="$best_csv" -v f="$floor" -v f2="$floor2" 'BEGIN {
	printf "   floor       %6.2f s one core, %.2f s spread over the cores\n", f, f2
	printf "   xlsx run    %6.2f s  = %.2fx the floor (target 3x)\n", x, x / f
	printf "   csv run     %6.2f s  (target 5 s)\n", c
}'
echo "   files, logs and /usr/bin/time -v reports are in $dir"
