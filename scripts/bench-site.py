#!/usr/bin/env python3
"""Writes a site description with N recording servers, for the benchmark and the tests of
linear cost: the guide's two-node sample (2 nodes, SQL Server failover cluster instance) or
the eight-node sample (8 nodes, external SQL Server), with its computers replaced by N
recording servers in groups of 50 and one failover recording server per group.

Usage: scripts/bench-site.py RECORDING_SERVERS NODES(2|8) > site.yaml
"""
import sys

servers, nodes = int(sys.argv[1]), int(sys.argv[2])
base = {2: "samples/guide-two-node.yaml", 8: "samples/eight-node-external-sql.yaml"}[nodes]
text = open(base, encoding="utf-8").read()
cut = text.find("\n  computers:\n")
text = (text if cut < 0 else text[: cut + 1]).rstrip("\n") + "\n"
# A site that lists computers says whether they are new; the two-node sample has none.
lines = ([] if "\n  system:" in text else ["  system: {type: new}"]) + ["  computers:", "    recording-servers:"]
for i in range(servers):
    # 100.64.0.0/10 is in no sample's networks; 250 host addresses to each /24.
    address = f"100.{64 + i // 64000}.{i // 250 % 256}.{i % 250 + 1}"
    lines.append(f"      - {{host: BENCH-REC{i + 1:05d}, address: {address}, group: Group {i // 50 + 1:03d}}}")
lines.append("    failover-recording-servers:")
for g in range((servers + 49) // 50):
    lines.append(f"      - {{host: BENCH-RFO{g + 1:04d}, address: 100.127.{g // 250}.{g % 250 + 1}, group: Group {g + 1:03d}}}")
sys.stdout.write(text + "\n".join(lines) + "\n")
