// Installs the console's npm packages from the committed lockfile (`npm ci`), but only when
// web/node_modules is missing or older than package-lock.json, so an ordinary build costs a
// stat. No browser is downloaded: the end-to-end tests drive the system's Chromium.
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const web = join(dirname(fileURLToPath(import.meta.url)), '..');
const mtime = (path) => {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return -1;
  }
};

const installed = mtime(join(web, 'node_modules', '.package-lock.json'));
if (installed >= 0 && installed >= mtime(join(web, 'package-lock.json'))) process.exit(0);

console.log('Installing the console\'s npm packages (npm ci)');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const result = spawnSync(npm, ['ci', '--no-audit', '--no-fund', '--loglevel=error'], {
  cwd: web,
  stdio: 'inherit',
  env: { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' },
});
if (result.error) {
  console.error(`cannot run npm: ${result.error.message} (scripts/install-deps.sh installs it)`);
  process.exit(1);
}
process.exit(result.status ?? 1);
