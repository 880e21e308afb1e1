#!/usr/bin/env python3
"""Measures the site reader against the public YAML and JSON test suites: every case a suite
marks invalid must be refused as a syntax problem (an input.* diagnostic), not read.

The suites are not part of this repository; point the script at copies of them:
  yaml-test-suite, branch `data` (one folder per case, `in.yaml`, `error` when invalid)
  JSONTestSuite's `test_parsing` folder (y_ valid, n_ invalid, i_ either)

Usage: scripts/conformance.py BINARY YAML_SUITE_DIR JSON_SUITE_DIR
Prints a summary and every invalid case that was read, with its text.
"""
import os, subprocess, sys, tempfile

binary, yaml_dir, json_dir = sys.argv[1:4]

def refused_as_syntax(path):
    out = subprocess.run([binary, "validate", "--format", "json", path], capture_output=True, timeout=20)
    return b'"id": "input.' in out.stdout or b'"id":"input.' in out.stdout, out

def cases_yaml():
    for root, dirs, files in os.walk(yaml_dir):
        if "in.yaml" in files:
            yield os.path.relpath(root, yaml_dir), os.path.join(root, "in.yaml"), "error" in files

results = {"yaml": {"invalid": 0, "refused": 0, "valid": 0, "valid-refused": 0}, "json": {"n": 0, "refused": 0, "y": 0, "y-refused": 0, "i": 0, "i-refused": 0}}
accepted = []
refused_valid = []
with tempfile.TemporaryDirectory() as work:
    for name, path, invalid in sorted(cases_yaml()):
        refused, _ = refused_as_syntax(path)
        r = results["yaml"]
        if invalid:
            r["invalid"] += 1
            r["refused"] += refused
            if not refused: accepted.append(("yaml " + name, open(path, "rb").read()))
        else:
            r["valid"] += 1
            r["valid-refused"] += refused
            if refused: refused_valid.append("yaml " + name)
    for name in sorted(os.listdir(json_dir)):
        if not name.endswith(".json"): continue
        # The reader takes a .json file as JSON; copy under a plain name.
        target = os.path.join(work, "case.json")
        with open(os.path.join(json_dir, name), "rb") as f, open(target, "wb") as g: g.write(f.read())
        refused, _ = refused_as_syntax(target)
        kind = name[0]
        r = results["json"]
        r[kind] += 1
        r[{"n": "refused", "y": "y-refused", "i": "i-refused"}[kind]] += refused
        if kind == "n" and not refused: accepted.append(("json " + name, open(target, "rb").read()))
        if kind == "y" and refused: refused_valid.append("json " + name)

y, j = results["yaml"], results["json"]
print(f"yaml-test-suite: {y['refused']} of {y['invalid']} invalid cases refused; {y['valid-refused']} of {y['valid']} valid cases refused (tags, complex keys and other things a site description does not use)")
print(f"JSONTestSuite: {j['refused']} of {j['n']} n_ cases refused; {j['y-refused']} of {j['y']} y_ cases refused; {j['i-refused']} of {j['i']} i_ cases refused")
for name, text in accepted:
    print(f"\nread although invalid: {name}\n{text[:300]!r}")
if "-v" in sys.argv[4:]:
    print("\nvalid cases refused: " + " ".join(refused_valid))
