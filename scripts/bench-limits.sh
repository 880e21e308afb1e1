#!/bin/sh
# What the input limits bound: builds inputs at and past each limit, runs `runbook validate`
# on each RUNS times and prints a Markdown table of the median wall time and the peak memory
# (maximum resident set size). Usage: scripts/bench-limits.sh [BINARY] [RUNS]
set -eu
binary=${1:-.build/debug/runbook} runs=${2:-5}
cd "$(dirname "$0")/.."
[ -x /usr/bin/time ] || { echo "needs GNU time: apt-get install time" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 - "$work" <<'PY'
import sys, os
w = sys.argv[1]
sample = open("samples/guide-two-node.yaml").read()
def put(name, text):
    open(os.path.join(w, name), "w").write(text)
put("01-sample.yaml", sample)
# Just under 8 MiB: the sample and comment lines, all read, scanned and skipped.
pad = 8 * 1024 * 1024 - len(sample.encode()) - 1024
put("02-8mib-comments.yaml", sample + ("#" + "x" * 99 + "\n") * (pad // 101))
# Just under 8 MiB of data the format ignores: 9,000-entry lists of 240-character values
# under x- keys, about 33,000 nodes.
block = "".join("  - " + "v" * 240 + "\n" for _ in range(9000))
chunks = []
size = len(sample)
i = 0
while size + len(block) + 20 < 8 * 1024 * 1024 - 4096:
    chunks.append("x-pad-%d:\n" % i + block); size += len(block) + 20; i += 1
put("03-8mib-data.yaml", "".join(chunks) + sample)
# Many small nodes: scalars of two characters in 9,999-entry flow lists until 1,000,000 nodes.
lists = []
count = 0
while count + 9999 < 990000:
    lists.append("x-n%d: [%s]\n" % (len(lists), ", ".join(["ab"] * 9999))); count += 9999
put("04-990k-nodes.yaml", "".join(lists) + sample)
put("05-9mib.yaml", sample + ("#" + "x" * 99 + "\n") * (9 * 1024 * 1024 // 101))
text = "x-0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
for level in range(1, 31):
    text += "x-%d: &a%d [%s]\n" % (level, level, ", ".join(["*a%d" % (level - 1)] * 10))
put("06-aliases-1e30.yaml", text + sample)
# Just under the node limit through aliases: nine of nine of ... six levels, 597,870 nodes.
text = "x-0: &a0 [x, x, x, x, x, x, x, x, x]\n"
for level in range(1, 6):
    text += "x-%d: &a%d [%s]\n" % (level, level, ", ".join(["*a%d" % (level - 1)] * 9))
put("06-aliases-600k.yaml", text + sample)
put("07-list-20000.yaml", "x-list:\n" + "  - a\n" * 20000 + sample)
put("08-depth-10000.yaml", "x-deep: " + "[" * 10000 + "]" * 10000 + "\n" + sample)
put("09-depth-63.yaml", "x-deep: " + "[" * 62 + "]" * 62 + "\n" + sample)
PY

echo "| input | size | result | median time | peak memory |"
echo "| --- | --- | --- | --- | --- |"
for file in "$work"/*.yaml; do
  times=""
  memory=0
  result=""
  i=0
  while [ $i -lt "$runs" ]; do
    /usr/bin/time -f "%e %M" -o "$work/time" "$binary" validate "$file" >/dev/null 2>"$work/err" || true
    set -- $(cat "$work/time" | tail -1)
    times="$times $1"
    [ "$2" -gt "$memory" ] && memory=$2
    i=$((i + 1))
  done
  result=$(grep -o '\[[a-z.-]*\]' "$work/err" | sort -u | tr '\n' ' ' || true)
  [ -n "$result" ] || result="valid"
  median=$(printf '%s\n' $times | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  size=$(du -k "$file" | cut -f1)
  printf '| %s | %s KiB | %s | %s s | %s MiB |\n' "$(basename "$file" .yaml)" "$size" "$result" "$median" "$((memory / 1024))"
done
