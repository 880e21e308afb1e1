#!/usr/bin/env python3
"""Judges every PowerShell command in Markdown runbooks against Microsoft's published cmdlet reference.

Usage: scripts/judge-powershell.py [--data FILE] RUNBOOK.md...
       scripts/judge-powershell.py --self-test

Each ```powershell block is parsed (statements, pipelines, script blocks, sub-expressions, strings,
here-strings, comments, line continuations, assignments) into its commands. A command of the
reference (scripts/powershell-reference/cmdlets.json, written by extract-powershell-reference.py
from the Windows Server 2022 and Windows PowerShell 5.1 pages) is bound the way PowerShell binds it:
every parameter name, alias or unambiguous prefix must resolve; one parameter set must hold every
named parameter, take the positional arguments and have each mandatory parameter bound (by name, by
position, or by pipeline input when the command reads a pipeline); a value with Accepted values must
be one of them. Anything else is a finding: `file:line: error: message [id]`, exit status 1.
Commands outside the reference (SQL Server's, programs such as sqlcmd or setup.exe, splatted calls)
are listed as unchecked by name. Not checked: a value's type (an int given a name), whether piped
objects are of a type the next command takes, and values computed at run time.
Only the standard library is used; the parts live in scripts/powershell/ (reader, parser,
reference, binding, judging, self_test).
"""

import os
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from powershell.judging import Report, judge_code, powershell_blocks, print_report  # noqa: E402
from powershell.reference import DATA, Reference  # noqa: E402
from powershell.self_test import self_test  # noqa: E402


def main(argv):
    data = DATA
    if len(argv) > 1 and argv[0] == "--data":
        data, argv = argv[1], argv[2:]
    reference = Reference(data)
    if argv == ["--self-test"]:
        return 0 if self_test(reference) else 1
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    report = Report()
    blocks = 0
    for path in argv:
        with open(path, encoding="utf-8") as f:
            markdown = f.read()
        for first_line, code in powershell_blocks(markdown):
            blocks += 1
            judge_code(code, reference, report, path, first_line)
    commands = sum(report.checked.values()) + sum(sum(n.values()) for n in report.unchecked.values())
    print(f"{commands} commands in {blocks} PowerShell blocks of {len(argv)} runbooks")
    print_report(report)
    if report.findings:
        print(f"{len(report.findings)} findings", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
