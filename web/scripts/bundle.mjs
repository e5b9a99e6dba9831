// Bundles the console for embedding in the keyward binary: web/src/main.tsx and the CSS it
// imports become fingerprinted files under OUTDIR/assets/, and OUTDIR/index.html loads them.
// Fails when the JavaScript is over its budget of 150 KB gzipped.
//
//   node scripts/bundle.mjs --outdir DIR
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';

const kBudgetBytes = 150 * 1024;  // the JavaScript, gzipped
const web = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({ options: { outdir: { type: 'string' } } });
if (!args.outdir) throw new Error('usage: bundle.mjs --outdir DIR');
const outdir = args.outdir;
rmSync(outdir, { recursive: true, force: true });
mkdirSync(join(outdir, 'assets'), { recursive: true });

const result = await esbuild.build({
  absWorkingDir: web,
  entryPoints: ['src/main.tsx'],
  bundle: true,
  minify: true,
  format: 'esm',
  target: ['chrome109', 'firefox115', 'safari16'],
  outdir: join(outdir, 'assets'),
  entryNames: '[name]-[hash]',
  jsx: 'automatic',
  jsxImportSource: 'preact',
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
});

// The entry's JavaScript and the stylesheet esbuild gathered from its CSS imports.
const outputs = Object.entries(result.metafile.outputs);
const [jsPath, js] = outputs.find(([, o]) => o.entryPoint === 'src/main.tsx');
const cssPath = js.cssBundle;
if (!cssPath) throw new Error('src/main.tsx imports no stylesheet');
const url = (path) => '/console/' + relative(outdir, join(web, path)).split('\\').join('/');

// The icon is referenced by index.html only, so it is fingerprinted here rather than by esbuild.
const icon = readFileSync(join(web, 'src', 'favicon.svg'));
const iconName = `favicon-${createHash('sha256').update(icon).digest('hex').slice(0, 8)}.svg`;
writeFileSync(join(outdir, 'assets', iconName), icon);

const html = readFileSync(join(web, 'index.html'), 'utf8')
  .replace('{{stylesheet}}', url(cssPath))
  .replace('{{script}}', url(jsPath))
  .replace('{{icon}}', `/console/assets/${iconName}`);
if (html.includes('{{')) throw new Error('index.html has a placeholder this script does not fill');
writeFileSync(join(outdir, 'index.html'), html);

const gzipped = (path) => gzipSync(readFileSync(join(web, path)), { level: 9 }).length;
const jsGzipped = gzipped(jsPath);
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log(
  `console bundle: ${basename(jsPath)} ${kb(js.bytes)} (${kb(jsGzipped)} gzipped), ` +
    `${basename(cssPath)} ${kb(result.metafile.outputs[cssPath].bytes)} ` +
    `(${kb(gzipped(cssPath))} gzipped)`,
);
if (jsGzipped > kBudgetBytes) {
  console.error(`the console's JavaScript is ${kb(jsGzipped)} gzipped, over its ${kb(kBudgetBytes)} budget`);
  process.exit(1);
}
