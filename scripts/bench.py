#!/usr/bin/env python3
"""The benchmark: runbook on generated sites of growing size, beside the tools a user would
otherwise reach for, on the same content.

For 2 and 8 nodes and 10, 100, 1,000 and 10,000 recording servers (scripts/bench-site.py):
- each command alone (plan; generate in each format; generate in all three): the median and
  the spread of several runs with hyperfine, the whole process;
- the peak memory of generate in all three formats (GNU time);
- the seconds of each stage inside one process (runbook generate --timings);
- the peers on our own install runbook of the same site: pandoc turning the Markdown into a
  standalone HTML page and into DocBook, and xsltproc with the DocBook XSL stylesheets turning
  the DocBook into HTML; with the ratio of each to our generate of that format.

- the largest site the limits allow and a site of one group per computer, in each format
  and in PDF and Word: the time and peak memory, or the diagnostic that refuses it.

Usage: scripts/bench.py BINARY OUTPUT.md [--smoke]
--smoke runs only the smallest sizes, once each, to show that the benchmark itself works.
"""
import json, os, statistics, subprocess, sys, tempfile

binary, report = os.path.abspath(sys.argv[1]), sys.argv[2]
smoke = "--smoke" in sys.argv[3:]
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sizes = [10, 100] if smoke else [10, 100, 1000, 10000]
node_counts = [2] if smoke else [2, 8]
XSL = "/usr/share/xml/docbook/stylesheet/docbook-xsl-ns/html/docbook.xsl"


def runs_for(size):
    if smoke:
        return 1
    return 10 if size <= 100 else (5 if size <= 1000 else 3)


def hyperfine(commands, runs, work):
    """Median and spread (seconds) of each command, by hyperfine."""
    export = os.path.join(work, "hyperfine.json")
    arguments = ["hyperfine", "-N", "--style", "none", "--export-json", export, "--runs", str(runs)]
    if runs > 1:
        arguments += ["--warmup", "1"]
    subprocess.run(arguments + commands, check=True, capture_output=True, cwd=work)
    results = json.load(open(export))["results"]
    return [(r["median"], (max(r["times"]) - min(r["times"])) if len(r["times"]) > 1 else 0.0) for r in results]


def peak_memory(command, work):
    """Peak resident memory of a command, in MB (GNU time)."""
    out = subprocess.run(["/usr/bin/time", "-f", "%M"] + command, capture_output=True, text=True, cwd=work)
    return int(out.stderr.strip().splitlines()[-1]) / 1024


def stages(site, work):
    """The stage times of one generate run in all formats, the median of three."""
    samples = []
    for _ in range(1 if smoke else 3):
        out = subprocess.run([binary, "generate", site, "-o", "out-stages", "--timings"], capture_output=True, text=True, cwd=work)
        line = [l for l in out.stderr.splitlines() if l.startswith("timings: ")][-1]
        samples.append(dict((k, float(v)) for k, v in (p.split("=") for p in line[len("timings: "):].split())))
    return {k: statistics.median(s[k] for s in samples) for k in samples[0]}


def fmt(seconds):
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


rows, stage_rows, peer_rows = [], [], []
with tempfile.TemporaryDirectory() as work:
    for nodes in node_counts:
        for size in sizes:
            site = os.path.join(work, f"site-{nodes}-{size}.yaml")
            with open(site, "w") as f:
                subprocess.run([sys.executable, os.path.join(root, "scripts/bench-site.py"), str(size), str(nodes)], stdout=f, check=True, cwd=root)
            runs = runs_for(size)
            commands = [f"{binary} plan {site}"] + [f"{binary} generate {site} -o out-{fmt_} --format {fmt_}" for fmt_ in ("md", "html", "docbook")] + [f"{binary} generate {site} -o out-all"]
            timed = hyperfine(commands, runs, work)
            memory = peak_memory([binary, "generate", site, "-o", "out-all"], work)
            rows.append((nodes, size, os.path.getsize(site), timed, memory, runs))
            times = stages(site, work)
            stage_rows.append((nodes, size, times))
            # The peers, on our install runbook of this site.
            slug = [n for n in os.listdir(os.path.join(work, "out-all")) if n.endswith("-install.md")][0][: -len("-install.md")]
            md = os.path.join(work, "out-all", slug + "-install.md")
            xml = os.path.join(work, "out-all", slug + "-install.xml")
            peers = hyperfine(
                [f"pandoc -f gfm -t html5 -s --metadata title=Runbook {md} -o {work}/pandoc.html",
                 f"pandoc -f gfm -t docbook5 -s --metadata title=Runbook {md} -o {work}/pandoc.xml",
                 f"xsltproc --nonet -o {work}/xsl.html {XSL} {xml}"], runs, work)
            peer_rows.append((nodes, size, peers, timed))

# The largest site the limits allow, and one group per computer (the plan's picture), in each
# format: time (median of three) and peak memory, or what refuses it.
largest_rows = []
if not smoke:
    with tempfile.TemporaryDirectory() as work:
        for label, arguments in (("the largest site the limits allow", ["largest"]),
                                 ("500 recording servers, each in a group of its own (2 nodes)", ["500", "2", "--group-per-computer"])):
            site = os.path.join(work, "site.yaml")
            with open(site, "w") as f:
                subprocess.run([sys.executable, os.path.join(root, "scripts/bench-site.py")] + arguments, stdout=f, check=True, cwd=root)
            for formats in ("md", "html", "docbook", "md,html,docbook", "docx", "pdf"):
                command = [binary, "generate", site, "-o", "out-" + formats.replace(",", "-"), "--format", formats]
                seconds, memory, status, message = [], 0.0, 0, ""
                for _ in range(3):
                    out = subprocess.run(["/usr/bin/time", "-f", "%e %M"] + command, capture_output=True, text=True, cwd=work)
                    elapsed, kib = out.stderr.strip().splitlines()[-1].split()
                    seconds.append(float(elapsed)); memory = max(memory, int(kib) / 1024)
                    status = out.returncode
                    ids = [l[l.rindex("[") + 1: -1] for l in out.stderr.splitlines() if l.startswith("error:") and l.endswith("]")]
                    message = ids[0] if ids else ""
                    if status != 0:
                        break
                result = "written" if status == 0 else f"refused: `{message}` (exit {status})"
                largest_rows.append((label, os.path.getsize(site), formats, statistics.median(seconds), memory, result))

lines = ["<!-- BEGIN bench -->"]
lines += ["### Whole process (median, spread of the runs in brackets)", "",
          "| nodes | recording servers | site | runs | plan | generate md | generate html | generate docbook | generate all three | peak memory, all three |",
          "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
for nodes, size, bytes_, timed, memory, runs in rows:
    cells = [f"{fmt(m)} (±{fmt(s / 2)})" for m, s in timed]
    lines.append(f"| {nodes} | {size:,} | {bytes_ / 1024:.0f} KiB | {runs} | " + " | ".join(cells) + f" | {memory:.0f} MB |")
lines += ["", "Growth: each tenfold step in recording servers multiplies the time of `generate` in all three formats by:", ""]
for nodes in node_counts:
    series = [(size, timed[4][0]) for n, size, _, timed, _, _ in rows if n == nodes]
    steps = [f"{a:,} → {b:,}: ×{tb / ta:.1f}" for (a, ta), (b, tb) in zip(series, series[1:])]
    lines.append(f"- {nodes} nodes: " + "; ".join(steps))
lines += ["", "### Inside one process: seconds per stage (generate, all three formats)", ""]
names = list(stage_rows[0][2].keys())
lines += ["| nodes | recording servers | " + " | ".join(names) + " |", "| --- | --- | " + " | ".join("---" for _ in names) + " |"]
for nodes, size, times in stage_rows:
    lines.append(f"| {nodes} | {size:,} | " + " | ".join(f"{times.get(n, 0) * 1000:.1f} ms" for n in names) + " |")
lines += ["", "### Beside the peers, on the same install runbook (median; ratio = peer ÷ runbook for that format)", "",
          "| nodes | recording servers | pandoc md → html | ratio to generate html | pandoc md → docbook | ratio to generate docbook | xsltproc docbook → html | ratio to generate html |",
          "| --- | --- | --- | --- | --- | --- | --- | --- |"]
for nodes, size, peers, timed in peer_rows:
    html, docbook = timed[2][0], timed[3][0]
    (p_html, _), (p_db, _), (x_html, _) = peers
    lines.append(f"| {nodes} | {size:,} | {fmt(p_html)} | {p_html / html:.1f} | {fmt(p_db)} | {p_db / docbook:.1f} | {fmt(x_html)} | {x_html / html:.1f} |")
if largest_rows:
    lines += ["", "### The largest sites, in each format (median of three runs; peak memory of the largest run)", "",
              "| site | size | formats | time | peak memory | result |", "| --- | --- | --- | --- | --- | --- |"]
    for label, bytes_, formats, seconds, memory, result in largest_rows:
        lines.append(f"| {label} | {bytes_ / 1024:.0f} KiB | {formats} | {fmt(seconds)} | {memory:.0f} MiB | {result} |")
lines.append("<!-- END bench -->")
text = "\n".join(lines) + "\n"

if os.path.exists(report) and "<!-- BEGIN bench -->" in open(report).read():
    old = open(report).read()
    start, end = old.index("<!-- BEGIN bench -->"), old.index("<!-- END bench -->") + len("<!-- END bench -->\n")
    text = old[:start] + text + old[end:]
open(report, "w").write(text)
print(f"wrote {report}")
