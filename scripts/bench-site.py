#!/usr/bin/env python3
"""Writes a site description for the benchmark and the tests of linear cost.

  scripts/bench-site.py RECORDING_SERVERS NODES(2|8) [--group-per-computer] > site.yaml
      The guide's two-node sample (2 nodes, SQL Server failover cluster instance) or the
      eight-node sample (8 nodes, external SQL Server, an existing system), with its
      computers replaced by N recording servers in groups of 50 (or each in a group of its
      own) and one failover recording server per group.

  scripts/bench-site.py largest > site.yaml
      The largest site the limits allow: the eight-node sample grown to 64 nodes, 64
      registered services of 16 URLs each, and 10,000 each of recording, failover recording,
      mobile and API gateway servers, the recording servers in the 500 groups a site may have.
"""
import sys

args = [a for a in sys.argv[1:] if not a.startswith("--")]
largest = args[:1] == ["largest"]
own_group = "--group-per-computer" in sys.argv[1:] and not largest
servers, nodes = (10_000, 64) if largest else (int(args[0]), int(args[1]))
base = {2: "samples/guide-two-node.yaml", 8: "samples/eight-node-external-sql.yaml", 64: "samples/eight-node-external-sql.yaml"}[nodes]
text = open(base, encoding="utf-8").read()
cut = text.find("\n  computers:\n")
text = (text if cut < 0 else text[: cut + 1]).rstrip("\n") + "\n"

if largest:
    # 64 nodes on the sample's networks, the heartbeat network widened to hold them.
    start, end = text.index("nodes:\n"), text.index("\ncluster:\n")
    node = text[start + len("nodes:\n"): text.index("  - host: PORT-MS2")]
    grown = "".join(
        node.replace("PORT-MS1", f"PORT-MS{n}").replace("10.80.1.11", f"10.80.1.{100 + n}").replace("192.168.80.1\n", f"192.168.80.{n}\n")
        for n in range(1, 65))
    text = text[:start] + "nodes:\n" + grown + text[end:]
    text = text.replace("subnet: 192.168.80.0/28", "subnet: 192.168.80.0/25")
    services = ["  registered-services:"]
    for s in range(64):
        services.append(f"    - name: Service {s + 1:02d}")
        services.append("      endpoints:")
        for e in range(16):
            services.append(f"        - {{scheme: https, port: {20000 + s * 16 + e}, path: /service-{s + 1:02d}/endpoint-{e + 1:02d}}}")
    text = text.rstrip("\n") + "\n" + "\n".join(services) + "\n"

# A site that lists computers says whether they are new; the two-node sample has none.
lines = ([] if "\n  system:" in text else ["  system: {type: new}"]) + ["  computers:", "    recording-servers:"]
# The largest site fills the 500 groups a site may have (site.too-many-groups).
group_size = 1 if own_group else 20 if largest else 50
if own_group and servers > 500:
    sys.exit("bench-site.py: a site has at most 500 groups; --group-per-computer takes at most 500 recording servers")
for i in range(servers):
    # 100.64.0.0/10 is in no sample's networks; 250 host addresses to each /24.
    address = f"100.{64 + i // 64000}.{i // 250 % 256}.{i % 250 + 1}"
    lines.append(f"      - {{host: BENCH-REC{i + 1:05d}, address: {address}, group: Group {i // group_size + 1:05d}}}")
lines.append("    failover-recording-servers:")
failovers = servers if largest else (servers + group_size - 1) // group_size
for g in range(failovers):
    # One failover recording server per group; on the largest site as many as recording servers.
    group = g // group_size if largest else g
    lines.append(f"      - {{host: BENCH-RFO{g + 1:05d}, address: 100.{96 + g // 64000}.{g // 250 % 256}.{g % 250 + 1}, group: Group {group + 1:05d}}}")
if largest:
    for kind, prefix, second in (("mobile-servers", "BENCH-MOB", 104), ("api-gateways", "BENCH-API", 112)):
        lines.append(f"    {kind}:")
        for i in range(10_000):
            lines.append(f"      - {{host: {prefix}{i + 1:05d}, address: 100.{second + i // 64000}.{i // 250 % 256}.{i % 250 + 1}}}")
sys.stdout.write(text + "\n".join(lines) + "\n")
