// A named key's own controls (docs/api.md, "Per-key controls"): the form that sets them when a key
// is made and changes them on a live key, and the one-line summary beside the key's name.
//
// The form keeps what a person typed, as typed, so a refusal from the server loses nothing; it is
// turned into the API's shape only on saving, and a change to a live key sends only the controls
// that differ from what the key had (sending credits sets the count afresh, so an untouched count
// must not be sent back).
import { useId } from 'preact/hooks';
import { ApiError } from '../api/client';
import type { KeyControlsChange, NamedKey } from '../api/types';
import { PlusIcon } from '../components/icons';

const kMaxRateLimits = 5;  // the server's limit a key
const kUnits = [
  { seconds: 86400, label: 'days' },
  { seconds: 3600, label: 'hours' },
  { seconds: 60, label: 'minutes' },
  { seconds: 1, label: 'seconds' },
];

interface Span {
  every: string;
  unit: number;  // seconds
}

export interface ControlsForm {
  read: boolean;
  write: boolean;
  own: string[];  // the organization's names the key holds, from those offered
  more: string;  // names typed that are not offered, separated by spaces or commas
  limits: ({ limit: string } & Span)[];
  credits: boolean;
  remaining: string;
  refill: boolean;
  refillAmount: string;
  refillSpan: Span;
  networks: string;  // one address or network a line
}

const own = (scopes: string[]) => scopes.filter((s) => s !== 'read' && s !== 'write');

function span(seconds: number): Span {
  const unit = kUnits.find((u) => seconds % u.seconds === 0)!.seconds;
  return { every: String(seconds / unit), unit };
}

export function formOf(key: NamedKey): ControlsForm {
  const refill = key.credits?.refill ?? null;
  return {
    read: key.scopes.includes('read'),
    write: key.scopes.includes('write'),
    own: own(key.scopes),
    more: '',
    limits: (key.rate_limits ?? []).map((r) => ({ limit: String(r.limit), ...span(r.window_seconds) })),
    credits: !!key.credits,
    remaining: key.credits ? String(key.credits.remaining) : '',
    refill: !!refill,
    refillAmount: refill ? String(refill.amount) : '',
    refillSpan: refill ? span(refill.interval_seconds) : { every: '1', unit: 86400 },
    networks: (key.allowed_ips ?? []).join('\n'),
  };
}

// What a new key of `kind` gets when no control is chosen.
export function defaultForm(kind: 'public' | 'secret'): ControlsForm {
  return formOf({ scopes: kind === 'secret' ? ['read', 'write'] : ['read'] } as NamedKey);
}

const whole = (text: string) => (/^\s*\d+\s*$/.test(text) ? Number(text) : null);

// The controls as the API takes them, or a sentence saying what to correct. Ranges (how many
// limits, how long a window) are the server's to check: its answer names the field.
export function changeOf(form: ControlsForm, kind: 'public' | 'secret'): Required<KeyControlsChange> | string {
  const typed = form.more.split(/[\s,]+/).filter(Boolean);
  const scopes = [
    ...(form.read ? ['read'] : []),
    ...(form.write && kind === 'secret' ? ['write'] : []),
    ...new Set([...form.own, ...typed]),
  ];
  const rateLimits = [];
  for (const [i, r] of form.limits.entries()) {
    const limit = whole(r.limit);
    const every = whole(r.every);
    if (limit === null || every === null) {
      return `Rate limit ${i + 1}: give the number of verifications and the length of the window as whole numbers.`;
    }
    rateLimits.push({ limit, window_seconds: every * r.unit });
  }
  let credits: KeyControlsChange['credits'] = null;
  if (form.credits) {
    const remaining = whole(form.remaining);
    if (remaining === null) return 'Credits: give the number of verifications left as a whole number.';
    credits = { remaining };
    if (form.refill) {
      const amount = whole(form.refillAmount);
      const every = whole(form.refillSpan.every);
      if (amount === null || every === null) {
        return 'Credits: give the refill amount and how often it comes as whole numbers.';
      }
      credits.refill = { amount, interval_seconds: every * form.refillSpan.unit };
    }
  }
  const networks = form.networks.split(/[\s,]+/).filter(Boolean);
  return { scopes, rate_limits: rateLimits, credits, allowed_ips: networks };
}

// The members of `next` that differ from `before`: all a PATCH (or a create) needs to send.
export function changedControls(before: Required<KeyControlsChange>, next: Required<KeyControlsChange>): KeyControlsChange {
  const out: KeyControlsChange = {};
  const differs = (a: unknown, b: unknown) => JSON.stringify(a) !== JSON.stringify(b);
  if (differs([...before.scopes].sort(), [...next.scopes].sort())) out.scopes = next.scopes;
  if (differs(before.rate_limits, next.rate_limits)) out.rate_limits = next.rate_limits;
  if (differs(before.credits, next.credits)) out.credits = next.credits;
  if (differs(before.allowed_ips, next.allowed_ips)) out.allowed_ips = next.allowed_ips;
  return out;
}

// The server names a field as the API has it ("allowed_ips[0] must be ..."); a person sees the
// form's words, and which of the networks they typed it means.
export function inFormWords(error: ApiError, sent: KeyControlsChange): ApiError {
  const networks = sent.allowed_ips ?? [];
  const nth = (i: string) => Number(i) + 1;
  const text = error.message
    .replace(/^allowed_ips\[(\d+)\]/i, (_, i) => `The allowed network "${networks[Number(i)] ?? ''}"`)
    .replace(/^rate_limits\[(\d+)\]\.limit/i, (_, i) => `The number of verifications of rate limit ${nth(i)}`)
    .replace(/^rate_limits\[(\d+)\]\.window_seconds/i, (_, i) => `The window of rate limit ${nth(i)}, in seconds,`)
    .replace(/^credits\.remaining/i, 'Credits remaining')
    .replace(/^credits\.refill\.amount/i, 'The refill amount')
    .replace(/^credits\.refill\.interval_seconds/i, 'The refill interval, in seconds,');
  return new ApiError(error.status, error.code, text, error.details);
}

// The key's own controls in a line ("invoices:read · 100 per second · 950 credits · from 2
// networks"), empty when it has none beyond Keyward's read and write.
export function controlsSummary(key: NamedKey): string {
  const parts: string[] = [];
  const names = own(key.scopes);
  if (names.length > 0) parts.push(names.join(' '));
  for (const r of key.rate_limits ?? []) parts.push(`${r.limit} per ${windowText(r.window_seconds)}`);
  if (key.credits) parts.push(`${key.credits.remaining} credits`);
  const networks = key.allowed_ips ?? [];
  if (networks.length > 0) parts.push(networks.length === 1 ? `from ${networks[0]}` : `from ${networks.length} networks`);
  return parts.join(' · ');
}

function windowText(seconds: number): string {
  if (seconds % 86400 === 0) return seconds === 86400 ? 'day' : `${seconds / 86400} days`;
  if (seconds % 3600 === 0) return seconds === 3600 ? 'hour' : `${seconds / 3600} hours`;
  if (seconds % 60 === 0) return seconds === 60 ? 'minute' : `${seconds / 60} minutes`;
  return seconds === 1 ? 'second' : `${seconds} seconds`;
}

// The names of the organization's own scopes its keys hold, to offer beside read and write.
export function scopesInUse(keys: NamedKey[]): string[] {
  return [...new Set(keys.flatMap((k) => own(k.scopes)))].sort();
}

function SpanInputs({ id, label, value, onChange }: { id: string; label: string; value: Span; onChange: (s: Span) => void }) {
  return (
    <>
      <input id={id} type="number" min={1} step={1} inputMode="numeric" class="control-every" value={value.every}
        onInput={(e) => onChange({ ...value, every: e.currentTarget.value })} />
      <select aria-label={label} class="control-unit" value={value.unit}
        onChange={(e) => onChange({ ...value, unit: Number(e.currentTarget.value) })}>
        {kUnits.map((u) => (
          <option key={u.seconds} value={u.seconds}>
            {u.label}
          </option>
        ))}
      </select>
    </>
  );
}

export function KeyControlsFields({
  form,
  kind,
  offered,
  onChange,
}: {
  form: ControlsForm;
  kind: 'public' | 'secret';
  offered: string[];  // the organization's scope names to offer as choices
  onChange: (f: ControlsForm) => void;
}) {
  const id = useId();
  const set = (patch: Partial<ControlsForm>) => onChange({ ...form, ...patch });
  const names = [...new Set([...offered, ...form.own])].sort();
  const toggle = (name: string, on: boolean) =>
    set({ own: on ? [...form.own, name] : form.own.filter((n) => n !== name) });
  const setLimit = (i: number, patch: Partial<ControlsForm['limits'][number]>) =>
    set({ limits: form.limits.map((r, j) => (i === j ? { ...r, ...patch } : r)) });
  return (
    <>
      <fieldset class="field controls-group">
        <legend>Scopes</legend>
        <p class="field-hint">
          Read and write are what a key may do on Keyward's own API; your organization's names are what your services
          ask for when they verify it.
        </p>
        <label class="choice">
          <input type="checkbox" checked={form.read} onChange={(e) => set({ read: e.currentTarget.checked })} />
          <span>
            <strong>read</strong>
          </span>
        </label>
        <label class="choice">
          <input type="checkbox" checked={form.write && kind === 'secret'} disabled={kind === 'public'}
            onChange={(e) => set({ write: e.currentTarget.checked })} />
          <span>
            <strong>write</strong>
            {kind === 'public' && <span class="field-hint">A public key never writes.</span>}
          </span>
        </label>
        {names.map((name) => (
          <label class="choice" key={name}>
            <input type="checkbox" checked={form.own.includes(name)} onChange={(e) => toggle(name, e.currentTarget.checked)} />
            <span>
              <code>{name}</code>
            </span>
          </label>
        ))}
        <label for={`${id}-more`}>{names.length > 0 ? 'Other scopes' : "Your organization's scopes"}</label>
        <input id={`${id}-more`} type="text" class="input-mono" value={form.more} aria-describedby={`${id}-more-hint`}
          onInput={(e) => set({ more: e.currentTarget.value })} />
        <p class="field-hint" id={`${id}-more-hint`}>
          Names such as invoices:read, separated by spaces: lower-case letters, digits and . _ : -
        </p>
      </fieldset>

      <fieldset class="field controls-group">
        <legend>Rate limits</legend>
        <p class="field-hint">At most this many verifications that pass in each window (windows start on the clock).</p>
        {form.limits.map((r, i) => (
          <fieldset class="control-row" key={i}>
            <legend class="visually-hidden">Rate limit {i + 1}</legend>
            <label for={`${id}-limit-${i}`}>Verifications</label>
            <input id={`${id}-limit-${i}`} type="number" min={1} step={1} inputMode="numeric" class="control-number"
              value={r.limit} onInput={(e) => setLimit(i, { limit: e.currentTarget.value })} />
            <label for={`${id}-every-${i}`}>per</label>
            <SpanInputs id={`${id}-every-${i}`} label={`Unit of rate limit ${i + 1}`} value={r}
              onChange={(s) => setLimit(i, s)} />
            <button type="button" class="button button-small" aria-label={`Remove rate limit ${i + 1}`}
              onClick={() => set({ limits: form.limits.filter((_, j) => j !== i) })}>
              Remove
            </button>
          </fieldset>
        ))}
        {form.limits.length < kMaxRateLimits && (
          <button type="button" class="button button-small control-add"
            onClick={() => set({ limits: [...form.limits, { limit: '', every: '1', unit: 1 }] })}>
            <PlusIcon />
            <span>Add rate limit</span>
          </button>
        )}
      </fieldset>

      <fieldset class="field controls-group">
        <legend>Credits</legend>
        <label class="choice">
          <input type="checkbox" checked={form.credits} onChange={(e) => set({ credits: e.currentTarget.checked })} />
          <span>
            <strong>Limit the number of verifications</strong>
            <span class="field-hint">Each verification that passes spends one; at zero the key is refused.</span>
          </span>
        </label>
        {form.credits && (
          <>
            <label for={`${id}-remaining`}>Credits remaining</label>
            <input id={`${id}-remaining`} type="number" min={0} step={1} inputMode="numeric" class="control-number"
              value={form.remaining} onInput={(e) => set({ remaining: e.currentTarget.value })} />
            <label class="choice">
              <input type="checkbox" checked={form.refill} onChange={(e) => set({ refill: e.currentTarget.checked })} />
              <span>
                <strong>Refill</strong>
                <span class="field-hint">Sets the count back to an amount at a fixed interval.</span>
              </span>
            </label>
            {form.refill && (
              <div class="control-row">
                <label for={`${id}-refill`}>Refill to</label>
                <input id={`${id}-refill`} type="number" min={1} step={1} inputMode="numeric" class="control-number"
                  value={form.refillAmount} onInput={(e) => set({ refillAmount: e.currentTarget.value })} />
                <label for={`${id}-refill-every`}>every</label>
                <SpanInputs id={`${id}-refill-every`} label="Unit of the refill interval" value={form.refillSpan}
                  onChange={(s) => set({ refillSpan: s })} />
              </div>
            )}
          </>
        )}
      </fieldset>

      <div class="field">
        <label for={`${id}-networks`}>Allowed networks</label>
        <textarea id={`${id}-networks`} class="input-mono" rows={3} value={form.networks}
          aria-describedby={`${id}-networks-hint`} onInput={(e) => set({ networks: e.currentTarget.value })} />
        <p class="field-hint" id={`${id}-networks-hint`}>
          One address or network a line, such as 203.0.113.0/24 or 2001:db8::/32. Empty: from anywhere.
        </p>
      </div>
    </>
  );
}
