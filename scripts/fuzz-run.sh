#!/bin/sh
# Runs one fuzz target and keeps its chatter (coverage lines, libFuzzer's recommended
# dictionary) in .build/fuzz/TARGET.log; prints one summary line, or on a finding the end
# of the log and where the input is. Usage: scripts/fuzz-run.sh TARGET BINARY ARGS...
set -u
target=$1
binary=$2
shift 2
log=.build/fuzz/$target.log
"$binary" "$@" > "$log" 2>&1
status=$?
if [ "$status" -ne 0 ]; then
  echo "FUZZ: $binary stopped with status $status; the end of $log:" >&2
  tail -n 40 "$log" >&2
  exec scripts/fuzz-found.sh "$target"
fi
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
seconds=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
coverage=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1)
echo "fuzz $target: ${runs:-?} inputs (${seconds:-?} a second), $coverage, nothing found (log: $log)"
