// make check-ci: every ```mermaid block of the Markdown reports given is
// parsed by mermaid itself (mermaid.parse, under jsdom: mermaid needs a DOM
// for DOMPurify but not a browser), and the chart it reads must have as many
// x-axis bands as each series has values (a label that broke out of its
// string, or two labels that read the same, would change that).  Run from
// the tools folder (tests/ci/run.sh copies it there) so that the pinned
// mermaid is found.  Usage: node mermaid_parse.mjs REPORT.md...
import { readFileSync } from 'node:fs';
import { JSDOM } from 'jsdom';

const dom = new JSDOM('<!doctype html><html><body></body></html>');
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import('mermaid');
const version = JSON.parse(readFileSync(new URL('./node_modules/mermaid/package.json', import.meta.url))).version;

let blocks = 0, bad = 0;
for (const file of process.argv.slice(2)) {
	const text = readFileSync(file, 'utf8');
	for (const m of text.matchAll(/^```mermaid\n([\s\S]*?)^```$/gm)) {
		const src = m[1], where = `${file}: block ${++blocks}`;
		try {
			await mermaid.parse(src);
			const d = await mermaid.mermaidAPI.getDiagramFromText(src);
			const x = d.db.getXYChartData();
			const n = x.xAxis.categories.length;
			if (d.type !== 'xychart' || x.plots.length !== 2 || new Set(x.xAxis.categories).size !== n ||
			    x.plots.some((p) => p.data.length !== n))
				throw new Error(`read as ${d.type} with ${n} bands, series of ${x.plots.map((p) => p.data.length)}`);
		} catch (e) {
			bad++;
			console.log(`${where}: ${String(e.message).split('\n').slice(0, 3).join(' ')}`);
		}
	}
}
console.log(`mermaid ${version}: ${blocks} blocks, ${bad} refused`);
process.exit(blocks && !bad ? 0 : 1);
