// A real Keyward for a spec file: `keyward init` in a fresh temporary data directory, a real SMTP
// sink (tests/support/smtp_sink.py on Debian's aiosmtpd), and `keyward serve` over HTTPS on a free
// loopback port, configured to send its mail to the sink. Also the ways a test looks at the
// result from outside the browser: curl over HTTPS against the server's own certificate, the
// `keyward` command, and the messages the sink received.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const repo = resolve(__dirname, '..', '..', '..');
const binary = process.env.KEYWARD_BINARY ?? join(repo, 'build', 'release', 'keyward');

export interface Account {
  username: string;
  password: string;
  serviceKey: string;
}

export interface Reply {
  status: number;
  body: string;
  json(): any;
}

async function until<T>(what: string, probe: () => T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export class Keyward {
  readonly dir = mkdtempSync(join(tmpdir(), 'keyward-e2e-'));
  readonly dataDir = join(this.dir, 'data');
  readonly caFile = join(this.dataDir, 'tls', 'cert.pem');
  readonly mailDir = join(this.dir, 'mail');
  url = '';
  admin!: Account;
  org!: { id: string; name: string; apiKey: string };
  private server?: ChildProcess;
  private sink?: ChildProcess;

  // Starts the sink and the server; `security` adds lines to the [security] section of its TOML,
  // `sections` whole sections after it ("[webhooks]\npoll_ms = 100\n").
  static async start(security = '', sections = ''): Promise<Keyward> {
    const k = new Keyward();
    await k.boot(security, sections);
    return k;
  }

  private async boot(security: string, sections: string) {
    const init = this.cli(['init', '--data-dir', this.dataDir, '--json'], { dataDir: false });
    if (init.status !== 0) throw new Error(`keyward init failed: ${init.error ?? init.stderr}`);
    const j = JSON.parse(init.stdout);
    this.admin = { username: j.admin.username, password: j.admin.password, serviceKey: j.admin.service_key };
    this.org = { id: j.org.id, name: j.org.name, apiKey: j.org.api_key };

    spawnSync('mkdir', ['-p', this.mailDir]);
    this.sink = spawn('/usr/bin/python3', [join(repo, 'tests', 'support', 'smtp_sink.py'), '--dir', this.mailDir], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const port = await until('the SMTP sink', () =>
      existsSync(join(this.mailDir, 'port')) ? readFileSync(join(this.mailDir, 'port'), 'utf8').trim() : undefined,
    );

    const config = join(this.dir, 'keyward.toml');
    writeFileSync(
      config,
      // Loopback only, so without STARTTLS; the integration tests cover mail over TLS. Tests sign
      // in and fail on purpose from one address, so its throttle is set out of their way.
      `[smtp]\nurl = "smtp://127.0.0.1:${port}"\nstarttls = "off"\nfrom = "keys@keyward.test"\n\n` +
        `[security]\nauth_failures_per_minute = 1000\n${security}\n${sections}`,
    );
    chmodSync(config, 0o600);
    const ready = join(this.dir, 'ready');
    this.server = spawn(
      binary,
      ['serve', '--data-dir', this.dataDir, '--listen', '127.0.0.1:0', '--ready-file', ready, '--config', config],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let log = '';
    this.server.stderr!.on('data', (d) => (log += d));
    this.server.on('exit', (code) => {
      if (!this.url) log += `\n(exited with ${code})`;
    });
    this.url = await until(`keyward serve to listen (log: ${log})`, () =>
      existsSync(ready) ? readFileSync(ready, 'utf8').trim() || undefined : undefined,
    );
  }

  async stop() {
    for (const p of [this.server, this.sink]) {
      if (p && p.exitCode === null) {
        const exited = new Promise((r) => p.once('exit', r));
        p.kill('SIGTERM');
        await exited;
      }
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  // `keyward <args>` against this data directory (unless told otherwise).
  cli(args: string[], options: { dataDir?: boolean; input?: string } = {}) {
    const all = options.dataDir === false ? args : [...args, '--data-dir', this.dataDir];
    return spawnSync(binary, all, { input: options.input ?? '', encoding: 'utf8' });
  }

  // curl over HTTPS, trusting this server's certificate and nothing else.
  curl(method: string, path: string, headers: Record<string, string> = {}, body?: unknown): Reply {
    const args = ['-sS', '--cacert', this.caFile, '-X', method, '-o', '-', '-w', '\n%{http_code}'];
    for (const [name, value] of Object.entries(headers)) args.push('-H', `${name}: ${value}`);
    if (body !== undefined) args.push('-H', 'Content-Type: application/json', '--data-binary', JSON.stringify(body));
    args.push(this.url + path);
    const r = spawnSync('curl', args, { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`curl failed: ${r.stderr}`);
    const cut = r.stdout.lastIndexOf('\n');
    const text = r.stdout.slice(0, cut);
    return { status: Number(r.stdout.slice(cut + 1)), body: text, json: () => JSON.parse(text) };
  }

  // The Contrast-style headers of a user of `orgApiKey`'s organization.
  static contrast(username: string, serviceKey: string, orgApiKey: string): Record<string, string> {
    return {
      Authorization: Buffer.from(`${username}:${serviceKey}`).toString('base64'),
      'API-Key': orgApiKey,
      Accept: 'application/json',
    };
  }

  adminHeaders(): Record<string, string> {
    return Keyward.contrast(this.admin.username, this.admin.serviceKey, this.currentApiKey());
  }

  // The organization's API key as it is now (it changes when a test rotates it).
  currentApiKey(orgId = this.org.id): string {
    const r = this.cli(['org', 'credentials', '--org', orgId, '--reveal', '--json']);
    if (r.status !== 0) throw new Error(r.stderr);
    return JSON.parse(r.stdout).api_key;
  }

  // A member created with the command (which prints their password once).
  addUser(username: string, role: 'admin' | 'member', orgId = this.org.id): Account {
    const r = this.cli(['user', 'create', '--org', orgId, '--username', username, '--role', role, '--json']);
    if (r.status !== 0) throw new Error(r.stderr);
    const j = JSON.parse(r.stdout);
    return { username, password: j.password, serviceKey: j.service_key };
  }

  // Every message the sink has received, oldest first.
  mail(): { to: string[]; data: string }[] {
    return readdirSync(this.mailDir)
      .filter((f) => /^\d+\.json$/.test(f))
      .sort((a, b) => parseInt(a) - parseInt(b))
      .map((f) => JSON.parse(readFileSync(join(this.mailDir, f), 'utf8')));
  }

  async waitForMail(count: number) {
    return until(`${count} messages at the sink`, () => {
      const all = this.mail();
      return all.length >= count ? all : undefined;
    });
  }
}
