#!/usr/bin/env python3
"""Judges Word documents with programs nobody on this project wrote.

For every FOLDER/*.docx that has a Markdown twin (FOLDER/*.md, the same runbook):
  - python-docx opens it and finds one heading per section of the Markdown;
  - pandoc reads its numbered steps back with the numbers and nesting of the Markdown's;
then LibreOffice (headless) lays every document out as PDF, and each PDF must exist.

Usage: scripts/judge-docx.py FOLDER     (run with the tools virtualenv's python)
Exit status 1 on any complaint, each said on standard error.
"""
import json
import os
import subprocess
import sys
import tempfile

import docx


def list_paths(path, fmt):
    """Every ordered-list item pandoc finds, as its number path ("3", "3.2")."""
    out = subprocess.run(["pandoc", "-f", fmt, "-t", "json", path], capture_output=True, check=True).stdout
    paths = []

    def walk(blocks, prefix):
        for block in blocks:
            kind, content = block["t"], block.get("c")
            if kind == "OrderedList":
                attributes, items = content
                for index, item in enumerate(items):
                    number = prefix + [attributes[0] + index]
                    paths.append(".".join(map(str, number)))
                    walk(item, number)
            elif kind == "BulletList":
                for item in content:
                    walk(item, prefix)
            elif kind == "Div":
                walk(content[1], prefix)
            elif kind == "BlockQuote":
                walk(content, prefix)

    walk(json.loads(out)["blocks"], [])
    return paths


def main():
    folder = sys.argv[1]
    documents = sorted(os.path.join(folder, name) for name in os.listdir(folder) if name.endswith(".docx"))
    failures = 0

    def fail(message):
        nonlocal failures
        failures += 1
        print("FAIL: " + message, file=sys.stderr)

    for path in documents:
        markdown = path[: -len(".docx")] + ".md"
        try:
            document = docx.Document(path)
        except Exception as error:  # python-docx says why it cannot open it
            fail(f"python-docx cannot open {path}: {error}")
            continue
        headings = sum(1 for p in document.paragraphs if p.style.name == "Heading 1")
        if os.path.exists(markdown):
            with open(markdown, encoding="utf-8") as text:
                sections = sum(1 for line in text if line.startswith("## ") and line.strip() != "## Contents")
            if headings != sections:
                fail(f"{path}: {headings} headings, the Markdown has {sections} sections")
            word, gfm = list_paths(path, "docx"), list_paths(markdown, "gfm")
            if word != gfm:
                first = next((f"{a} against {b}" for a, b in zip(word, gfm) if a != b), f"{len(word)} items against {len(gfm)}")
                fail(f"{path}: pandoc reads the steps otherwise than the Markdown's: {first}")

    if documents:
        with tempfile.TemporaryDirectory() as work:
            profile = "file://" + os.path.join(work, "profile")
            result = subprocess.run(
                ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir", work] + documents,
                capture_output=True,
                text=True,
            )
            if result.returncode != 0:
                fail(f"LibreOffice: {result.stderr.strip()}")
            for path in documents:
                pdf = os.path.join(work, os.path.basename(path)[: -len(".docx")] + ".pdf")
                if not os.path.exists(pdf) or os.path.getsize(pdf) == 0:
                    fail(f"LibreOffice did not lay {path} out as PDF")

    print(f"judged {len(documents)} Word documents", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
