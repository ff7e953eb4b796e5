#!/usr/bin/env node
/*
 * Expected output for the output-format goldens, from citeproc-js (the CSL reference
 * processor), in the formats the shared oracle does not offer:
 *   node scripts/citeproc_js_formats.js --style S.csl --items ITEMS.json --format rtf|html [--links]
 * --links turns on citeproc-js's wrap_url_and_doi (URLs and DOIs as links in HTML).
 * Prints {"bibliography": [...], "bibliography_ids": [...], "citations": [...]}: one cluster
 * per item, in input order. Needs NODE_PATH set to where npm `citeproc` is installed
 * (../shared/oracle/setup.sh) and PYTHON pointing at a python with citeproc-py (locales).
 */
'use strict';
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');
const CSL = require('citeproc');

const args = { format: 'rtf', links: false };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (a === '--links') args.links = true;
  else args[a.replace(/^--/, '')] = argv[++i];
}
const py = process.env.PYTHON || 'python3';
const localesDir = execFileSync(py, ['-c', 'import citeproc; print(citeproc.LOCALES_PATH)'],
  { encoding: 'utf8' }).trim();
const items = JSON.parse(fs.readFileSync(args.items, 'utf8'));
const byId = new Map(items.map((it) => [String(it.id), it]));
const sys = {
  retrieveItem: (id) => byId.get(String(id)),
  retrieveLocale: (lang) => {
    const p = path.join(localesDir, 'locales-' + lang + '.xml');
    return fs.existsSync(p) ? fs.readFileSync(p, 'utf8')
      : fs.readFileSync(path.join(localesDir, 'locales-en-US.xml'), 'utf8');
  },
};
const engine = new CSL.Engine(sys, fs.readFileSync(args.style, 'utf8'));
if (args.links) engine.opt.development_extensions.wrap_url_and_doi = true;
engine.setOutputFormat(args.format);
const ids = items.map((it) => String(it.id));
engine.updateItems(ids);
const citations = [];
const pre = [];
ids.forEach((id, i) => {
  const citation = { citationID: 'C' + i, citationItems: [{ id }], properties: { noteIndex: 0 } };
  const res = engine.processCitationCluster(citation, pre, []);
  for (const [idx, str] of res[1]) citations[idx] = str;
  pre.push([citation.citationID, 0]);
});
const [params, entries] = engine.makeBibliography();
const strip = (s) => {
  const m = s.match(/^\s*<div class="csl-entry">([\s\S]*)<\/div>\s*$/);
  return (m ? m[1] : s).replace(/\r?\n$/, '');
};
process.stdout.write(JSON.stringify({
  bibliography: entries.map(strip),
  bibliography_ids: params.entry_ids.map((x) => String(Array.isArray(x) ? x[0] : x)),
  citations,
}, null, 1) + '\n');
