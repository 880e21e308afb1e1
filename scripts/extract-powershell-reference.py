#!/usr/bin/env python3
"""Extracts the facts of Microsoft's published cmdlet reference into scripts/powershell-reference/cmdlets.json.

Usage: scripts/extract-powershell-reference.py WINDOWS_POWERSHELL_DOCS POWERSHELL_DOCS [OUT]

Both arguments are git directories (bare or not) of the public repositories
MicrosoftDocs/windows-powershell-docs (Windows Server 2022 pages, docset/winserver2022-ps/) and
MicrosoftDocs/PowerShell-Docs (Windows PowerShell 5.1 pages, reference/5.1/); their HEAD is read.
The pages are platyPS Markdown: `## SYNTAX` names the parameter sets (`### Name (Default)`), and
`## PARAMETERS` gives each parameter a yaml block (Type, Parameter Sets, Aliases, Accepted values,
Required, Position, Accept pipeline input). Only those facts are kept, never the pages' prose, so
the data file is facts about the commands and not a copy of the documentation.

scripts/judge-powershell.py reads the file; rerun this script to refresh it, or to add a command
to MODULES below when the judge lists it as unchecked.
"""

import json
import re
import subprocess
import sys

# The module folders read: (repository key, folder, the pages kept or None for every page). Small modules
# the runbooks lean on are kept whole; of the large ones only the commands the runbooks use and a few
# near them, so the data file stays small. A command the judge meets and this file lacks is listed as
# unchecked by name: add it here and rerun.
MODULES = [
    ("winserver2022", "docset/winserver2022-ps/FailoverClusters", None),
    ("winserver2022", "docset/winserver2022-ps/ServerManager", None),
    ("winserver2022", "docset/winserver2022-ps/NetSecurity",
     ["New-NetFirewallRule", "Get-NetFirewallRule", "Set-NetFirewallRule", "Remove-NetFirewallRule",
      "Enable-NetFirewallRule", "Disable-NetFirewallRule"]),
    ("winserver2022", "docset/winserver2022-ps/NetTCPIP",
     ["Get-NetIPConfiguration", "Get-NetIPAddress", "Test-NetConnection"]),
    ("winserver2022", "docset/winserver2022-ps/DnsClient",
     ["Get-DnsClient", "Get-DnsClientServerAddress", "Resolve-DnsName"]),
    ("ps51", "reference/5.1/CimCmdlets", None),
    ("ps51", "reference/5.1/Microsoft.PowerShell.Core", ["Where-Object", "ForEach-Object", "Invoke-Command"]),
    ("ps51", "reference/5.1/Microsoft.PowerShell.Management",
     ["Get-Service", "Set-Service", "Start-Service", "Stop-Service", "Restart-Service", "Get-ChildItem",
      "Get-Item", "Get-ItemProperty", "Test-Path"]),
    ("ps51", "reference/5.1/Microsoft.PowerShell.Utility",
     ["Format-Table", "Format-List", "Sort-Object", "Select-Object", "Start-Sleep"]),
]
COMMON_PAGE = ("ps51", "reference/5.1/Microsoft.PowerShell.Core/About/about_CommonParameters.md")
REPOSITORIES = {
    "winserver2022": "MicrosoftDocs/windows-powershell-docs",
    "ps51": "MicrosoftDocs/PowerShell-Docs",
}
ALL_SETS = "__AllParameterSets"


def git(repo, *args):
    return subprocess.run(["git", "-C", repo, *args], check=True, capture_output=True, text=True).stdout


def sections(text, level):
    """Splits Markdown text at headings of exactly `level` #s, outside code fences: [(title, body)]."""
    out, title, body, fenced = [], None, [], False
    marker = "#" * level + " "
    for line in text.split("\n"):
        if line.startswith("```"):
            fenced = not fenced
        if not fenced and line.startswith(marker):
            out.append((title, "\n".join(body)))
            title, body = line[len(marker):].strip(), []
        else:
            body.append(line)
    out.append((title, "\n".join(body)))
    return out


def code_blocks(body, info):
    """The contents of the fenced blocks whose info string is `info` ('' for none)."""
    return [m.group(1) for m in re.finditer(r"^```" + info + r"[ \t]*\n(.*?)^```", body, re.S | re.M)]


def yaml_fields(block):
    fields = {}
    for line in block.split("\n"):
        key, sep, value = line.partition(":")
        if sep:
            fields[key.strip()] = value.strip()
    return fields


def split_list(value):
    return [item.strip() for item in value.split(",") if item.strip()]


def front_matter_aliases(text):
    match = re.match(r"---\n(.*?)\n---", text, re.S)
    if not match:
        return []
    aliases, inside = [], False
    for line in match.group(1).split("\n"):
        if re.match(r"aliases:\s*$", line):
            inside = True
        elif inside and re.match(r"\s+-\s", line):
            aliases.append(line.split("-", 1)[1].strip())
        else:
            inside = False
    return aliases


def syntax_sets(body):
    """[(set name, default?, {parameter: (mandatory, positional)})] from a `## SYNTAX` section."""
    parts = sections(body, 3)
    if len(parts) == 1:
        parts = [("", parts[0][1])]
    out = []
    for title, text in parts:
        if title is None:
            continue
        blocks = code_blocks(text, "")
        if not blocks:
            continue
        default = "(Default)" in title
        # Provider pages name one set per provider: "Path - FileSystem provider" is the set "Path".
        name = re.sub(r"\s+-\s.*providers?$", "", title.replace("(Default)", "").strip()) or ALL_SETS
        params = syntax_parameters(" ".join(blocks[0].split()))
        known = next((entry for entry in out if entry[0] == name), None)
        if known:
            known[2].update(params)
        else:
            out.append((name, default, params))
    return out


def syntax_parameters(line):
    """{parameter: (mandatory, positional)} from `Cmd [-A] <T> [[-B] <T>] [-C <T>] -D [-E] [<CommonParameters>]`."""
    tokens = re.findall(r"<(?:[^<>]|<[^<>]*>)*>|\[|\]|-\w+|[^\s\[\]]+", line)
    params, i = {}, 0

    def skip_group(i):
        depth = 0
        while i < len(tokens):
            depth += {"[": 1, "]": -1}.get(tokens[i], 0)
            i += 1
            if depth == 0:
                break
        return i

    while i < len(tokens):
        ahead = tokens[i:i + 4] + [""] * 4
        if ahead[0] == "[" and ahead[1] == "[" and ahead[2].startswith("-") and ahead[3] == "]":
            params[ahead[2][1:]] = (False, True)
            i = skip_group(i)
        elif ahead[0] == "[" and ahead[1].startswith("-") and ahead[2] == "]" and ahead[3].startswith("<"):
            params[ahead[1][1:]] = (True, True)
            i += 4
        elif ahead[0] == "[" and ahead[1].startswith("-"):
            params[ahead[1][1:]] = (False, False)
            i = skip_group(i)
        elif ahead[0] == "[":
            i = skip_group(i)
        elif ahead[0].startswith("-"):
            params[ahead[0][1:]] = (True, False)
            i += 1
        else:
            i += 1
    return params


def parameter_facts(title, body):
    """(name, [yaml field dicts]) for one `### -Name` section."""
    return title[1:], [yaml_fields(block) for block in code_blocks(body, "yaml")]


def per_set(value, set_name):
    """A field's value for one set: fields may read `True (SetA, SetB), False (SetC)`."""
    groups = re.findall(r"(\w+)\s*\(([^)]*)\)", value)
    if not groups:
        return value.strip()
    for field, names in groups:
        if set_name in split_list(names):
            return field
    return groups[-1][0]


def pipeline_kinds(value):
    value = value.lower()
    if not value.startswith("true"):
        return []
    kinds = [k for k in ("byvalue", "bypropertyname") if k in value]
    return kinds or ["byvalue"]


def extract_page(text, problems, where):
    parts = dict((title, body) for title, body in sections(text, 2) if title)
    if "SYNTAX" not in parts or "PARAMETERS" not in parts:
        return None
    sets = syntax_sets(parts["SYNTAX"])
    set_names = [name for name, _, _ in sets]
    default = next((name for name, is_default, _ in sets if is_default), set_names[0] if set_names else ALL_SETS)
    command = {"sets": set_names, "default": default, "parameters": {}}
    aliases = front_matter_aliases(text)
    if aliases:
        command["aliases"] = aliases
    for title, body in sections(parts["PARAMETERS"], 3):
        if not title or not title.startswith("-"):
            continue
        name, blocks = parameter_facts(title, body)
        if not blocks:
            problems.append(f"{where}: -{name} has no yaml block")
            continue
        param = {"type": blocks[0].get("Type", "")}
        if param["type"].endswith("SwitchParameter"):
            param["switch"] = True
        names = split_list(blocks[0].get("Aliases", ""))
        if names:
            param["aliases"] = names
        accepted = split_list(blocks[0].get("Accepted values", ""))
        if accepted:
            param["accepted"] = accepted
        param["sets"] = {}
        for fields in blocks:
            in_sets = split_list(fields.get("Parameter Sets", "(All)"))
            if in_sets == ["(All)"]:
                in_sets = set_names or [ALL_SETS]
            for set_name in in_sets:
                entry = {}
                if per_set(fields.get("Required", "False"), set_name).lower() == "true":
                    entry["required"] = True
                position = per_set(fields.get("Position", "Named"), set_name)
                if position.isdigit():
                    entry["position"] = int(position)
                kinds = pipeline_kinds(fields.get("Accept pipeline input", "False"))
                if kinds:
                    entry["pipeline"] = kinds
                param["sets"][set_name] = entry
        command["parameters"][name] = param
    cross_check(command, sets, problems, where)
    for param in command["parameters"].values():
        compact(param, set_names or [ALL_SETS])
    return command


def compact(param, set_names):
    """Groups a parameter's sets by their facts: {"SetA,SetB": facts}, or {"*": facts} when in every set alike."""
    groups = {}
    for set_name, entry in param["sets"].items():
        groups.setdefault(json.dumps(entry, sort_keys=True), []).append(set_name)
    if len(groups) == 1 and sorted(param["sets"]) == sorted(set_names):
        param["sets"] = {"*": next(iter(param["sets"].values()))}
    else:
        param["sets"] = {",".join(names): json.loads(entry) for entry, names in groups.items()}


def cross_check(command, sets, problems, where):
    """Notes where a page's SYNTAX and its PARAMETERS disagree (the judge believes PARAMETERS)."""
    for set_name, _, syntax in sets:
        for name, (mandatory, positional) in syntax.items():
            param = command["parameters"].get(name)
            if param is None:
                if name not in ("WhatIf", "Confirm"):
                    problems.append(f"{where}: SYNTAX {set_name} names -{name}, PARAMETERS does not")
                continue
            entry = param["sets"].get(set_name)
            if entry is None:
                problems.append(f"{where}: SYNTAX {set_name} has -{name}, its yaml does not list that set")
            elif entry.get("required", False) != mandatory:
                problems.append(f"{where}: -{name} in {set_name}: SYNTAX says mandatory={mandatory}")
            elif ("position" in entry) != positional:
                problems.append(f"{where}: -{name} in {set_name}: SYNTAX says positional={positional}")


def common_parameters(text, problems):
    """The common and risk-mitigation parameters from about_CommonParameters, with a note of any left out."""
    out = {}
    for title, body in sections(text, 3):
        if not title or not title.startswith("-"):
            continue
        if re.search(r"added in\s+PowerShell\s+7", body):
            problems.append(f"about_CommonParameters: -{title[1:]} left out: the page says PowerShell 7 added it")
            continue
        blocks = code_blocks(body, "yaml")
        if not blocks:
            continue
        fields = yaml_fields(blocks[0])
        param = {"type": fields.get("Type", "")}
        if param["type"].endswith("SwitchParameter"):
            param["switch"] = True
        if split_list(fields.get("Aliases", "")):
            param["aliases"] = split_list(fields["Aliases"])
        if split_list(fields.get("Accepted values", "")):
            param["accepted"] = split_list(fields["Accepted values"])
        out[title[1:]] = param
    return out


def dump(data):
    """JSON with one command a line, so a refresh reads as a diff of the commands that changed."""
    compact = {"separators": (",", ":"), "ensure_ascii": False}
    lines = ["{"]
    for key, value in data.items():
        if key == "commands":
            lines.append('"commands":{')
            entries = [f"{json.dumps(name)}:{json.dumps(command, **compact)}" for name, command in value.items()]
            lines.append(",\n".join(entries))
            lines.append("}")
        else:
            lines.append(f"{json.dumps(key)}:{json.dumps(value, indent=1, ensure_ascii=False)},")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    repos = {"winserver2022": sys.argv[1], "ps51": sys.argv[2]}
    out_path = sys.argv[3] if len(sys.argv) > 3 else "scripts/powershell-reference/cmdlets.json"
    problems, commands = [], {}
    for key, folder, kept in MODULES:
        module = folder.rsplit("/", 1)[1]
        for entry in git(repos[key], "ls-tree", "--name-only", "HEAD", folder + "/").split("\n"):
            page = entry.rsplit("/", 1)[-1][:-3]
            if not entry.endswith(".md") or page == module or (kept is not None and page not in kept):
                continue
            text = git(repos[key], "show", f"HEAD:{entry}")
            command = extract_page(text, problems, entry)
            if command is not None:
                command["module"] = module
                command["source"] = key
                commands[page] = command
    common = common_parameters(git(repos[COMMON_PAGE[0]], "show", f"HEAD:{COMMON_PAGE[1]}"), problems)
    sources = {}
    for key, repo in repos.items():
        commit, date = git(repo, "log", "-1", "--format=%H %cs", "HEAD").split()
        folders = [folder for k, folder, _ in MODULES if k == key]
        sources[key] = {"repository": REPOSITORIES[key], "commit": commit, "date": date, "folders": folders}
    data = {
        "about": "Facts (names, parameter sets, aliases, types, required, position, pipeline input, accepted "
                 "values) extracted by scripts/extract-powershell-reference.py from Microsoft's platyPS cmdlet "
                 "pages; no page text is copied.",
        "sources": sources,
        "notes": problems,
        # Modules kept whole: a Verb-Noun name with their nouns' prefix that is not here is misspelt.
        "whole_modules": [folder.rsplit("/", 1)[1] for _, folder, kept in MODULES if kept is None],
        "common": common,
        "commands": dict(sorted(commands.items())),
    }
    with open(out_path, "w") as f:
        f.write(dump(data))
    print(f"{len(commands)} commands, {len(problems)} notes -> {out_path}", file=sys.stderr)
    for problem in problems:
        print("  " + problem, file=sys.stderr)


if __name__ == "__main__":
    main()
