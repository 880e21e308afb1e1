"""Binds one command's arguments to a cmdlet's parameters the way PowerShell's parameter binder does."""

import re

from .parser import Argument, ParameterToken
from .reference import ALL_SETS


class Finding(Exception):
    """A complaint about one command: a stable id (powershell.unknown-parameter) and a message."""

    def __init__(self, id, message):
        super().__init__(message)
        self.id = id
        self.message = message


def set_entry(param, set_name):
    """A parameter's facts in one set, or None when the set lacks it."""
    for key, entry in param["sets"].items():
        if key == "*" or set_name in key.split(","):
            return entry
    return None


def resolve(token, spec, common):
    """(canonical name, facts, is common) for a -name token; raises Finding when unknown or ambiguous."""
    wanted = token.lower()
    candidates = {}
    for table, is_common in ((spec["parameters"], False), (common, True)):
        for name, param in table.items():
            for spelling in [name] + param.get("aliases", []):
                if spelling.lower() == wanted:
                    return name, param, is_common
                if spelling.lower().startswith(wanted):
                    candidates[name] = (param, is_common)
    if not candidates:
        raise Finding("powershell.unknown-parameter", f"-{token} is not a parameter")
    if len(candidates) > 1:
        # PowerShell prefers the cmdlet's own parameters over the common and risk-mitigation ones.
        own = {name: entry for name, entry in candidates.items() if not entry[1] and name not in ("WhatIf", "Confirm")}
        if len(own) != 1:
            names = ", ".join("-" + name for name in sorted(candidates))
            raise Finding("powershell.ambiguous-parameter", f"-{token} is ambiguous: it could be {names}")
        candidates = own
    name, (param, is_common) = next(iter(candidates.items()))
    return name, param, is_common


def literals(argument):
    """The fixed text values of an argument, or None when any part is computed."""
    if argument is None:
        return None
    if argument.kind == "array":
        values = [literals(item) for item in argument.items]
        return None if any(v is None for v in values) else [v[0] for v in values]
    return None if argument.literal is None else [argument.literal]


def check_values(name, param, argument):
    accepted = param.get("accepted")
    values = literals(argument)
    if not accepted or values is None:
        return []
    enum = not param.get("type", "").split(".")[-1].lower().startswith("string")
    if enum:  # a flags enumeration reads "Domain, Private" as two names
        values = [part.strip() for value in values for part in value.split(",")]
    out = []
    for value in values:
        if value.lower() in (a.lower() for a in accepted):
            continue
        if enum and re.fullmatch(r"\d+", value):
            continue
        out.append(Finding("powershell.accepted-values",
                           f"-{name} {value!r} is not one of its accepted values: {', '.join(accepted)}"))
    return out


def bind(command, spec, common):
    """Every finding for one command of the reference, as PowerShell's parameter binder would meet it."""
    findings, named, positionals, splatted = [], {}, [], False
    elements = command.elements
    i = 0
    while i < len(elements):
        element = elements[i]
        i += 1
        if isinstance(element, Argument):
            if element.kind == "splat":
                splatted = True
            else:
                positionals.append(element)
            continue
        try:
            name, param, is_common = resolve(element.name, spec, common)
        except Finding as finding:
            findings.append(finding)
            if i < len(elements) and isinstance(elements[i], Argument) and elements[i].kind != "splat":
                i += 1  # most likely its value
            continue
        value = element.value
        if value is None and not param.get("switch"):
            if i < len(elements) and isinstance(elements[i], Argument) and elements[i].kind != "splat":
                value = elements[i]
                i += 1
            else:
                findings.append(Finding("powershell.missing-value", f"-{name} needs a value"))
        if name in named:
            findings.append(Finding("powershell.duplicate-parameter", f"-{name} is given more than once"))
        named[name] = (param, is_common, value, element)
        if not param.get("switch") or element.value is not None:
            findings.extend(check_values(name, param, value))
    if findings or splatted:
        return findings, splatted
    own = {name: entry for name, entry in named.items() if not entry[1]}
    sets = spec["sets"] or [ALL_SETS]
    candidates = [s for s in sets if all(set_entry(entry[0], s) is not None for entry in own.values())]
    if not candidates:
        where = "; ".join(f"-{name} in {', '.join(sorted(entry[0]['sets'])).replace('*', 'every set')}"
                          for name, entry in own.items())
        finding = Finding("powershell.no-parameter-set", f"no parameter set takes all of these parameters ({where})")
        return [finding], False
    # Which sets can take the positional arguments, and which mandatory parameters each leaves unbound.
    params, fits, missing, reasons = spec["parameters"], [], {}, {}
    for s in candidates:
        positional = [name for _, name in sorted((set_entry(p, s)["position"], name) for name, p in params.items()
                                                  if name not in named and "position" in (set_entry(p, s) or {}))]
        if len(positionals) > len(positional):
            reasons[s] = positional_finding(positionals[len(positional)], elements, named)
            continue
        fits.append(s)
        bound = set(named) | set(positional[:len(positionals)])
        missing[s] = [name for name, p in params.items()
                      if name not in bound and (set_entry(p, s) or {}).get("required")
                      and not (command.pipeline_input and set_entry(p, s).get("pipeline"))]
        for name, argument in zip(positional, positionals):
            findings.extend(check_values(name, params[name], argument))
    if not fits:
        return [reasons[spec["default"] if spec["default"] in reasons else candidates[0]]], False
    if findings:
        return list({finding.message: finding for finding in findings}.values()), False
    complete = [s for s in fits if not missing[s]]
    default = spec["default"]
    # PowerShell (CmdletParameterBinderController.GetMissingMandatoryParameters): without pipeline input it
    # settles on the default set when that set is still possible, and prompts for what it lacks; with none
    # of the possible sets the default, one lacking mandatory parameters is prompted for too. With pipeline
    # input the judge only asks that some set could be completed by it.
    if complete and (command.pipeline_input or default in complete):
        return [], False
    lacking = default if default in missing and missing[default] else next((s for s in fits if missing[s]), None)
    if lacking is not None:
        names = missing[lacking]
        return [Finding("powershell.missing-mandatory",
                        f"the mandatory parameter{'s' if len(names) > 1 else ''} {', '.join('-' + m for m in names)} "
                        f"{'are' if len(names) > 1 else 'is'} not given"
                        + (f" (parameter set {lacking})" if lacking != ALL_SETS else ""))], False
    if len(complete) > 1:
        return [Finding("powershell.ambiguous-parameter-set",
                        f"the parameters fit more than one parameter set ({', '.join(complete)}) "
                        f"and none is the default ({default})")], False
    return [], False


def positional_finding(extra, elements, named):
    """The argument that no positional parameter is left to take, with a hint when a switch precedes it."""
    index = next(i for i, element in enumerate(elements) if element is extra)
    previous = elements[index - 1] if index else None
    hint = ""
    if isinstance(previous, ParameterToken) and previous.value is None:
        switch = next((entry for entry in named.values() if entry[3] is previous and entry[0].get("switch")), None)
        if switch:
            hint = f" (-{previous.name} is a switch and takes no value; write -{previous.name}:{extra.text})"
    return Finding("powershell.positional", f"the argument {extra.text} has no positional parameter to bind to{hint}")
