#!/usr/bin/env python3
"""Counts the public declarations of Sources/RunbookKit and how many carry a `///` summary.

A declaration is a line whose code starts with `public` (after any attributes); it is
documented when the nearest line above it that is not an attribute is a `///` comment or the
end of a `/** */` block. With -v, lists the undocumented ones as file:line."""
import os, re, sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Sources", "RunbookKit")
DECLARATION = re.compile(r"^(?:@\w+(?:\([^)]*\))?\s+)*public\b")
ATTRIBUTE = re.compile(r"^@\w+(?:\([^)]*\))?$")

total = documented = 0
missing = []
for base, _, names in sorted(os.walk(ROOT)):
    for name in sorted(names):
        if not name.endswith(".swift"):
            continue
        path = os.path.join(base, name)
        lines = [line.strip() for line in open(path, encoding="utf-8")]
        for index, line in enumerate(lines):
            if not DECLARATION.match(line):
                continue
            total += 1
            above = index - 1
            while above >= 0 and ATTRIBUTE.match(lines[above]):
                above -= 1
            if above >= 0 and (lines[above].startswith("///") or lines[above].endswith("*/")):
                documented += 1
            else:
                missing.append(f"{os.path.relpath(path, os.path.join(ROOT, '..', '..'))}:{index + 1}: {line}")

if "-v" in sys.argv:
    print("\n".join(missing))
share = 100 * documented / total if total else 100
print(f"public declarations: {total}, documented: {documented} ({share:.0f} %)")
