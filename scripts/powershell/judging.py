"""Finds the PowerShell blocks of Markdown runbooks, judges their commands, and collects the report."""

import re
import sys
from dataclasses import dataclass, field

from .binding import Finding, bind
from .parser import Parser
from .reader import ParseError

# Commands known to live outside the reference, listed as unchecked by what they are.
SQL_SERVER_COMMANDS = {
    "invoke-sqlcmd", "backup-sqldatabase", "restore-sqldatabase", "get-sqlinstance", "get-sqldatabase",
    "get-sqlagent", "set-sqlnetworkconfiguration", "add-sqlavailabilitydatabase", "get-sqlerrorlog",
    "invoke-sqlassessment", "read-sqltabledata", "write-sqltabledata",
}
PROGRAMS = {
    "sqlcmd", "setup", "bcp", "netsh", "sc", "cluster", "ipconfig", "ping", "nslookup", "w32tm", "certutil",
    "icacls", "robocopy", "msiexec", "powershell", "net", "reg", "wevtutil", "shutdown", "gpupdate", "cmd",
    "dism", "setspn", "klist", "whoami", "hostname", "schtasks", "sqllocaldb", "findstr", "xcopy", "nltest",
}


@dataclass
class Report:
    """What the judge found: the findings, and how often each command was checked or left unchecked."""

    findings: list = field(default_factory=list)  # (file, line, command text, Finding, page)
    checked: dict = field(default_factory=dict)  # cmdlet -> count
    unchecked: dict = field(default_factory=dict)  # kind -> {name: count}

    def uncheck(self, kind, name):
        names = self.unchecked.setdefault(kind, {})
        names[name] = names.get(name, 0) + 1


def powershell_blocks(markdown):
    """(first line number, code) for each ```powershell fence, its indentation removed."""
    lines = markdown.split("\n")
    i = 0
    while i < len(lines):
        m = re.match(r"^( *)(`{3,}|~{3,})\s*(powershell|pwsh|ps1|ps)\s*$", lines[i], re.I)
        if not m:
            i += 1
            continue
        indent, fence = len(m.group(1)), m.group(2)
        body, j = [], i + 1
        closing = re.compile(r"^ *" + re.escape(fence[0]) + "{" + str(len(fence)) + r",}\s*$")
        while j < len(lines) and not closing.match(lines[j]):
            line = lines[j]
            body.append(line[min(indent, len(line) - len(line.lstrip(" "))):])
            j += 1
        yield i + 2, "\n".join(body)
        i = j + 1


def judge_code(code, reference, report, where, first_line):
    """Parses one block of PowerShell (its first line is `first_line` of `where`) and judges each command."""
    parser = Parser(code)
    try:
        commands = parser.parse_script()
    except ParseError as error:
        report.findings.append((where, first_line + parser.line_of(error.pos) - 1, code.strip().split("\n")[0],
                                Finding("powershell.parse", str(error)), None))
        return
    for command in commands:
        line = first_line + command.line - 1
        name = command.name
        found = None if command.invoked else reference.lookup(name)
        if found is None:
            kind = classify(name, command, reference)
            if kind.startswith("misspelt"):
                report.findings.append((where, line, command.text, Finding(
                    "powershell.unknown-command", f"{name} is not a command of the {kind.split(':')[1]} module"), None))
            else:
                report.uncheck(kind, name)
            continue
        canonical, spec = found
        findings, splatted = bind(command, spec, reference.common)
        if splatted:
            report.uncheck("splatted (parameter names checked, sets and mandatory parameters not)", canonical)
        else:
            report.checked[canonical] = report.checked.get(canonical, 0) + 1
        for finding in findings:
            report.findings.append((where, line, command.text, finding, reference.page(canonical, spec)))


def classify(name, command, reference):
    """Why a command outside the reference goes unchecked, or "misspelt:Module" for a wrong name in a whole module."""
    lower = name.lower()
    if command.invoked:
        return "invoked through & or . (an expression)"
    if lower in SQL_SERVER_COMMANDS or re.match(r"\w+-sql", lower):
        return "SQL Server module"
    base = re.split(r"[\\/]", lower)[-1]
    if re.search(r"\.(exe|cmd|bat|com|msi|ps1)$", base) or base in PROGRAMS or "\\" in lower or "/" in lower:
        return "programs"
    noun = lower.split("-", 1)[1] if "-" in lower else ""
    for prefix, module in reference.noun_prefixes.items():
        if noun.startswith(prefix):
            return f"misspelt:{module}"
    return "not in the reference"


def print_report(report, out=sys.stdout):
    """Findings on stderr, `file:line: error: command: message [id]`; the checked and unchecked on `out`."""
    for where, line, text, finding, page in report.findings:
        print(f"{where}:{line}: error: {text}: {finding.message} [{finding.id}]", file=sys.stderr)
        if page:
            print(f"    see {page}", file=sys.stderr)
    checked = ", ".join(f"{name} ({count})" for name, count in sorted(report.checked.items()))
    print(f"checked against the reference: {checked or 'none'}", file=out)
    if not report.unchecked:
        print("unchecked: none", file=out)
    for kind, names in sorted(report.unchecked.items()):
        print(f"unchecked, {kind}: " + ", ".join(f"{n} ({c})" for n, c in sorted(names.items())), file=out)
