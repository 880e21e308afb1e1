#!/usr/bin/env python3
"""The pipeline's arrows point one way: a file in a folder of Sources/RunbookKit may use the
types of its own folder and of the folders before it, never those of a later one.

Reads every Swift file, finds the types each folder defines, and reports each use of a later
folder's type in an earlier folder, with file and line. Exit 1 when there is one."""
import os, re, sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Sources", "RunbookKit")
# The stages in the order data flows through them; a folder may use only itself and earlier ones.
ORDER = ["Support", "Diagnostics", "YAML", "Schema", "Site", "Markup", "Catalog", "Plan", "Document", "Render"]
DEFINITION = re.compile(r"^(?:public |internal |private |fileprivate )?(?:final )?(?:struct|enum|class|protocol|actor|typealias)\s+([A-Z][A-Za-z0-9]*)", re.M)


def code(text):
    """The text without comments and string literals, which may name anything."""
    text = re.sub(r'"""[\s\S]*?"""', '""', text)
    text = re.sub(r'#"[^\n]*?"#', '""', text)
    text = re.sub(r'"(?:\\.|[^"\\\n])*"', '""', text)
    return "\n".join(line.split("//")[0] for line in text.split("\n"))


def folder_of(path):
    parts = os.path.relpath(path, ROOT).split(os.sep)
    return parts[0] if len(parts) > 1 else None


files = {}
for base, _, names in os.walk(ROOT):
    for name in names:
        if name.endswith(".swift"):
            path = os.path.join(base, name)
            files[path] = code(open(path, encoding="utf-8").read())

defined = {}
unknown = set()
for path, text in files.items():
    folder = folder_of(path)
    if folder is None:
        continue
    if folder not in ORDER:
        unknown.add(folder)
        continue
    for match in DEFINITION.finditer(text):
        defined.setdefault(match.group(1), folder)

problems = []
for path, text in sorted(files.items()):
    folder = folder_of(path)
    if folder not in ORDER:
        continue
    rank = ORDER.index(folder)
    for number, line in enumerate(text.split("\n"), 1):
        for word in set(re.findall(r"\b[A-Z][A-Za-z0-9]*\b", line)):
            owner = defined.get(word)
            if owner and ORDER.index(owner) > rank:
                problems.append(f"{os.path.relpath(path, os.path.join(ROOT, '..', '..'))}:{number}: {folder}/ uses {word} from the later stage {owner}/")

for folder in sorted(unknown):
    problems.append(f"Sources/RunbookKit/{folder}/: a folder the stage order does not know; add it to ORDER in scripts/check-arrows.py")
for problem in problems:
    print(problem)
print(f"arrows: {len(problems)} backward" if problems else "arrows: every stage uses only itself and the stages before it")
sys.exit(1 if problems else 0)
