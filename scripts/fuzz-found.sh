#!/bin/sh
# Called when a fuzz target stops on a finding: says where the input is and how to keep it
# as a regression fixture, then fails. Usage: scripts/fuzz-found.sh TARGET
set -eu
target=$1
echo "" >&2
echo "FUZZ: the $target fuzz target found an input that crashes, hangs or uses too much memory:" >&2
ls -1 .build/fuzz/crashes/"$target"-* >&2 || true
echo "Keep it as a regression fixture, fix the bug, and run make test:" >&2
echo "  cp .build/fuzz/crashes/$target-<name> Tests/RunbookKitTests/Fixtures/fuzz/$target/" >&2
exit 1
