"""Microsoft's cmdlet reference as extracted into scripts/powershell-reference/cmdlets.json."""

import json
import os

DATA = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "powershell-reference",
                    "cmdlets.json")
ALL_SETS = "__AllParameterSets"
PAGE_VIEWS = {"winserver2022": "windowsserver2022-ps", "ps51": "powershell-5.1"}


class Reference:
    """The cmdlets by name and alias, the common parameters, and where each cmdlet's page is."""

    def __init__(self, path):
        with open(path) as f:
            data = json.load(f)
        self.sources = data["sources"]
        self.common = data["common"]
        self.commands = {name.lower(): (name, spec) for name, spec in data["commands"].items()}
        self.aliases = {}
        for name, spec in data["commands"].items():
            for alias in spec.get("aliases", []):
                self.aliases[alias.lower()] = name
        self.noun_prefixes = {}
        for module in data["whole_modules"]:
            nouns = [name.split("-", 1)[1] for name, spec in data["commands"].items() if spec["module"] == module]
            prefix = os.path.commonprefix(nouns)
            if len(prefix) >= 3:
                self.noun_prefixes[prefix.lower()] = module

    def lookup(self, name):
        key = name.lower()
        if key in self.aliases:
            key = self.aliases[key].lower()
        return self.commands.get(key)

    def page(self, name, spec):
        """The page a finding cites: its address on Learn, and its file and commit in Microsoft's repository."""
        source = self.sources[spec["source"]]
        folder = next(f for f in source["folders"] if f.endswith("/" + spec["module"]))
        return (f"https://learn.microsoft.com/powershell/module/{spec['module'].lower()}/{name.lower()}"
                f"?view={PAGE_VIEWS[spec['source']]} ({source['repository']} {folder}/{name}.md "
                f"at {source['commit'][:12]})")
