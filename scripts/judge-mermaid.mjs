// Reads every Mermaid diagram of the Markdown files given with Mermaid itself (the bundle
// NiceGUI ships on PyPI, in a DOM from Debian's jsdom), so that what GitHub draws is known to
// parse. Prints each file's diagrams with the line each starts on; exits 1 on any error.
// Usage: node scripts/judge-mermaid.mjs MERMAID_INDEX_JS FILE.md...
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const { JSDOM } = require('jsdom');
const dom = new JSDOM('<!DOCTYPE html><body></body>');
globalThis.window = dom.window;
globalThis.document = dom.window.document;

const [bundle, ...files] = process.argv.slice(2);
const { mermaid } = await import(pathToFileURL(resolve(bundle)).href);
mermaid.initialize({ startOnLoad: false });

let diagrams = 0;
let failures = 0;
for (const file of files) {
  const lines = readFileSync(file, 'utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const fence = /^(`{3,}|~{3,})mermaid\s*$/.exec(lines[i]);
    if (!fence) continue;
    const start = i + 1;
    const body = [];
    for (i++; i < lines.length && lines[i] !== fence[1]; i++) body.push(lines[i]);
    diagrams++;
    try {
      const result = await mermaid.parse(body.join('\n'));
      if (!result || result.diagramType !== 'flowchart-v2') throw new Error(`read as ${result && result.diagramType}, not a flowchart`);
    } catch (error) {
      failures++;
      console.error(`${file}:${start}: ${String(error.message ?? error).split('\n').slice(0, 4).join(' ')}`);
    }
  }
}
console.log(`Mermaid read ${diagrams} diagrams in ${files.length} files, ${failures} with errors`);
process.exit(failures === 0 && diagrams > 0 ? 0 : 1);
