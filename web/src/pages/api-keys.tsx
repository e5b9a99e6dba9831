// Organization Settings -> API keys: the organization's named keys, New API key (the token shown
// once), and the ellipsis beside each key with Roll (the old token keeps working for a grace
// period), Disable / Enable (it fails from that moment until enabled again, with the same token)
// and Delete (it fails from that moment, for good); Edit controls changes a live key's scopes, rate
// limits, credits and allowed networks (key-controls.tsx).
import { useState } from 'preact/hooks';
import type { ApiError } from '../api/client';
import * as endpoints from '../api/endpoints';
import type { IssuedKey, KeyControlsChange, NamedKey } from '../api/types';
import { CopyButton, OneTimeSecret } from '../components/copy';
import { ConfirmDialog, Dialog, DialogActions } from '../components/dialog';
import { Ellipsis, PlusIcon } from '../components/icons';
import { Menu } from '../components/menu';
import { ErrorNotice, Loading, Notice } from '../components/notice';
import { day, hours, when } from '../lib/format';
import { asApiError, useLoad } from '../lib/use-load';
import {
  type ControlsForm,
  KeyControlsFields,
  changeOf,
  changedControls,
  controlsSummary,
  defaultForm,
  formOf,
  inFormWords,
  scopesInUse,
} from './key-controls';

const kGraceChoices = [12 * 3600, 3600, 24 * 3600, 7 * 86400, 0];

function state(key: NamedKey): string {
  switch (key.status) {
    case 'active':
      return 'Active';
    case 'rolling':
      return 'Rolling';
    case 'expired':
      return 'Expired';
    case 'disabled':
      return 'Disabled';
    default:
      return key.status;
  }
}

export function ApiKeysPanel({ orgId, admin }: { orgId: string; admin: boolean }) {
  const list = useLoad(() => endpoints.keys(orgId), [orgId]);
  const [creating, setCreating] = useState(false);
  const [issued, setIssued] = useState<{ key: IssuedKey; graceSeconds?: number } | null>(null);
  const [rolling, setRolling] = useState<NamedKey | null>(null);
  const [deleting, setDeleting] = useState<NamedKey | null>(null);
  const [switching, setSwitching] = useState<{ key: NamedKey; disable: boolean } | null>(null);
  const [editing, setEditing] = useState<NamedKey | null>(null);
  const [result, setResult] = useState<string | null>(null);

  const keys = list.data?.keys ?? [];
  return (
    <section class="card" aria-labelledby="api-keys-title">
      <div class="card-header">
        <div>
          <h2 id="api-keys-title">Keys</h2>
          <p class="card-description">
            Public keys identify the organization and may be published; secret keys act as an administrator of it and are
            shown only once.
          </p>
        </div>
        {admin && (
          <button type="button" class="button button-primary" onClick={() => { setResult(null); setCreating(true); }}>
            <PlusIcon />
            <span>New API key</span>
          </button>
        )}
      </div>
      {result && <Notice kind="success" title={result} />}
      {list.loading && !list.data && <Loading what="the keys" />}
      <ErrorNotice error={list.error} />
      {list.data && (
        <div class="table-wrap">
          <table class="table">
            <caption class="visually-hidden">The organization's API keys</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Type</th>
                <th scope="col">Token</th>
                <th scope="col">Created</th>
                <th scope="col">Expires</th>
                <th scope="col">Last used</th>
                <th scope="col">State</th>
                {admin && (
                  <th scope="col">
                    <span class="visually-hidden">Actions</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {keys.length === 0 && (
                <tr>
                  <td colSpan={admin ? 8 : 7} class="table-empty">
                    No keys yet.
                  </td>
                </tr>
              )}
              {keys.map((k) => (
                <tr key={k.id} data-key-id={k.id}>
                  <th scope="row">
                    {k.name}
                    {controlsSummary(k) && <div class="key-controls">{controlsSummary(k)}</div>}
                  </th>
                  <td>
                    <span class={`badge ${k.kind === 'secret' ? 'badge-secret' : 'badge-public'}`}>
                      {k.kind === 'secret' ? 'Secret' : 'Public'}
                    </span>
                  </td>
                  <td>
                    {k.kind === 'public' && k.token ? (
                      <div class="value-row">
                        <code class="token token-full">{k.token}</code>
                        <CopyButton value={() => k.token!} what={`token of ${k.name}`} compact />
                      </div>
                    ) : (
                      <code class="token masked">{k.hint}</code>
                    )}
                  </td>
                  <td class="nowrap">
                    <Day iso={k.created_at} />
                  </td>
                  <td class="nowrap">
                    <Day iso={k.expires_at} none="Never" />
                  </td>
                  <td class="nowrap">
                    <Day iso={k.last_used_at} none="Never" />
                  </td>
                  <td>
                    <span class={`state state-${k.status}`}>{state(k)}</span>
                    {k.status === 'rolling' && <span class="state-detail"> until {when(k.grace_ends_at)}</span>}
                    {k.status === 'disabled' && k.disabled_at && (
                      <span class="state-detail"> since {when(k.disabled_at)}</span>
                    )}
                  </td>
                  {admin && (
                    <td class="table-actions">
                      <Menu
                        label={`Actions for ${k.name}`}
                        buttonClass="icon-button"
                        button={<Ellipsis />}
                        sections={[
                          {
                            items: [
                              ...(k.status === 'active' ? [{ label: 'Roll', onSelect: () => setRolling(k) }] : []),
                              ...(k.status !== 'expired'
                                ? [{ label: 'Edit controls', onSelect: () => { setResult(null); setEditing(k); } }]
                                : []),
                              ...(k.status === 'active' || k.status === 'rolling'
                                ? [{ label: 'Disable', onSelect: () => setSwitching({ key: k, disable: true }) }]
                                : []),
                              ...(k.status === 'disabled'
                                ? [{ label: 'Enable', onSelect: () => setSwitching({ key: k, disable: false }) }]
                                : []),
                              { label: 'Delete', danger: true, onSelect: () => setDeleting(k) },
                            ],
                          },
                        ]}
                      />
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {creating && (
        <NewKeyDialog
          orgId={orgId}
          offered={scopesInUse(keys)}
          onCancel={() => setCreating(false)}
          onCreated={(key) => {
            setCreating(false);
            setIssued({ key });
            list.reload();
          }}
        />
      )}
      {editing && (
        <EditControlsDialog
          orgId={orgId}
          target={editing}
          offered={scopesInUse(keys)}
          onCancel={() => setEditing(null)}
          onSaved={(key) => {
            setResult(`The controls of ${key.name} were saved. They apply to its next verification, on every server.`);
            setEditing(null);
            list.reload();
          }}
        />
      )}
      {rolling && (
        <RollDialog
          orgId={orgId}
          target={rolling}
          onCancel={() => setRolling(null)}
          onRolled={(key, graceSeconds) => {
            setIssued({ key, graceSeconds });
            setRolling(null);
            list.reload();
          }}
        />
      )}
      {switching && (
        <ConfirmDialog
          title={`${switching.disable ? 'Disable' : 'Enable'} ${switching.key.name}?`}
          confirmLabel={switching.disable ? 'Disable key' : 'Enable key'}
          danger={switching.disable}
          action={() => endpoints.setKeyDisabled(orgId, switching.key.id, switching.disable)}
          onCancel={() => setSwitching(null)}
          onDone={() => {
            setResult(
              switching.disable
                ? `${switching.key.name} was disabled. Requests that present it fail until it is enabled again.`
                : `${switching.key.name} was enabled. Its token works again.`,
            );
            setSwitching(null);
            list.reload();
          }}
        >
          {switching.disable ? (
            <p>
              The key stops working immediately, on every server: every request that presents it gets an error until you
              enable it again. Your other keys keep working.
            </p>
          ) : (
            <p>The key works again immediately, with the same token.</p>
          )}
        </ConfirmDialog>
      )}
      {deleting && (
        <ConfirmDialog
          title={`Delete ${deleting.name}?`}
          confirmLabel="Delete key"
          danger
          action={() => endpoints.deleteKey(orgId, deleting.id)}
          onCancel={() => setDeleting(null)}
          onDone={() => {
            setResult(`${deleting.name} was deleted. Requests that present it fail from now on.`);
            setDeleting(null);
            list.reload();
          }}
        >
          <p>
            The key stops working immediately, on every server: every request that presents it gets an error from now on.
            This cannot be undone.
          </p>
        </ConfirmDialog>
      )}
      {issued && (
        <Dialog
          title={issued.graceSeconds !== undefined ? `${issued.key.name} was rolled` : `${issued.key.name} was created`}
          onClose={() => setIssued(null)}
          onSubmit={() => setIssued(null)}
          actions={
            <button type="submit" class="button button-primary">
              Done
            </button>
          }
        >
          {issued.graceSeconds === 0 && <p>The previous token no longer works.</p>}
          {!!issued.graceSeconds && (
            <p>
              The previous token keeps working for {hours(issued.graceSeconds)}, until{' '}
              {when(new Date(Date.now() + issued.graceSeconds * 1000).toISOString())}: move your applications to the new
              one before then.
            </p>
          )}
          <OneTimeSecret label={`Token of ${issued.key.name}`} value={issued.key.token}>
            {issued.key.kind === 'secret'
              ? 'Copy the token now and keep it somewhere safe: this is the only time it is shown.'
              : 'This public key may be published; its token stays visible in the table.'}
          </OneTimeSecret>
        </Dialog>
      )}
    </section>
  );
}

function Day({ iso, none = '—' }: { iso: string | null; none?: string }) {
  if (!iso) return <>{none}</>;
  return (
    <time dateTime={iso} title={when(iso)}>
      {day(iso)}
    </time>
  );
}

function NewKeyDialog({
  orgId,
  offered,
  onCancel,
  onCreated,
}: {
  orgId: string;
  offered: string[];
  onCancel: () => void;
  onCreated: (k: IssuedKey) => void;
}) {
  const [name, setName] = useState('');
  const [kind, setKind] = useState<'secret' | 'public'>('secret');
  const [expires, setExpires] = useState('');
  const [controls, setControls] = useState<ControlsForm>(() => defaultForm('secret'));
  const [problem, setProblem] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const save = async () => {
    setError(null);
    if (!name.trim()) return setProblem('Give the key a name, so you can tell it from your other keys.');
    setProblem('');
    let expiresAt: string | undefined;
    if (expires) {
      // The end of the chosen day, in the browser's time zone.
      const end = new Date(`${expires}T23:59:59`);
      if (Number.isNaN(end.getTime()) || end.getTime() <= Date.now()) {
        return setProblem('Choose an expiration date in the future, or none.');
      }
      expiresAt = end.toISOString().replace(/\.\d{3}Z$/, 'Z');
    }
    const chosen = changeOf(controls, kind);
    if (typeof chosen === 'string') return setProblem(chosen);
    // Only what differs from a plain key of this kind, so the server's defaults stay its own.
    const change = changedControls(changeOf(defaultForm(kind), kind) as Required<KeyControlsChange>, chosen);
    setBusy(true);
    try {
      onCreated(await endpoints.createKey(orgId, { name: name.trim(), kind, expires_at: expiresAt, ...change }));
    } catch (e) {
      setError(inFormWords(asApiError(e), change));
      setBusy(false);
    }
  };
  return (
    <Dialog
      title="New API key"
      onClose={onCancel}
      onSubmit={save}
      actions={<DialogActions onCancel={onCancel} label="Save API key" busyLabel="Saving…" busy={busy} />}
    >
      <div class="field">
        <label for="key-name">Name</label>
        <input id="key-name" type="text" value={name} maxLength={200} required aria-describedby="key-name-hint"
          onInput={(e) => setName(e.currentTarget.value)} />
        <p class="field-hint" id="key-name-hint">
          Which application or integration uses it, e.g. "billing-service".
        </p>
      </div>
      <fieldset class="field">
        <legend>Type</legend>
        <label class="choice">
          <input type="radio" name="key-kind" value="secret" checked={kind === 'secret'} onChange={() => setKind('secret')} />
          <span>
            <strong>Secret</strong>
            <span class="field-hint">For your servers: it can make changes. Its token is shown only once.</span>
          </span>
        </label>
        <label class="choice">
          <input type="radio" name="key-kind" value="public" checked={kind === 'public'} onChange={() => setKind('public')} />
          <span>
            <strong>Public</strong>
            <span class="field-hint">Identifies the organization and reads nothing of it: safe to publish.</span>
          </span>
        </label>
      </fieldset>
      <div class="field">
        <label for="key-expires">Expiration date (optional)</label>
        <input id="key-expires" type="date" value={expires} aria-describedby="key-expires-hint"
          onInput={(e) => setExpires(e.currentTarget.value)} />
        <p class="field-hint" id="key-expires-hint">
          The key stops working at the end of that day. Without a date it works until rolled or deleted.
        </p>
      </div>
      <details class="controls-details">
        <summary>Scopes, rate limits, credits and networks (optional)</summary>
        <KeyControlsFields form={controls} kind={kind} offered={offered} onChange={setControls} />
      </details>
      {problem && (
        <p class="field-error" role="alert">
          {problem}
        </p>
      )}
      <ErrorNotice error={error} />
    </Dialog>
  );
}

function EditControlsDialog({
  orgId,
  target,
  offered,
  onCancel,
  onSaved,
}: {
  orgId: string;
  target: NamedKey;
  offered: string[];
  onCancel: () => void;
  onSaved: (k: NamedKey) => void;
}) {
  const [form, setForm] = useState<ControlsForm>(() => formOf(target));
  const [problem, setProblem] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const save = async () => {
    setError(null);
    const next = changeOf(form, target.kind);
    if (typeof next === 'string') return setProblem(next);
    const before = changeOf(formOf(target), target.kind) as Required<KeyControlsChange>;
    const change = changedControls(before, next);
    if (Object.keys(change).length === 0) return setProblem('Nothing was changed: change a control, or cancel.');
    setProblem('');
    setBusy(true);
    try {
      onSaved(await endpoints.updateKey(orgId, target.id, change));
    } catch (e) {
      // The form keeps everything as typed, so the person corrects what the server named.
      setError(inFormWords(asApiError(e), change));
      setBusy(false);
    }
  };
  return (
    <Dialog
      title={`Controls of ${target.name}`}
      onClose={onCancel}
      onSubmit={save}
      actions={<DialogActions onCancel={onCancel} label="Save controls" busyLabel="Saving…" busy={busy} />}
    >
      <p>Changes apply to the key's next verification, on every server. Its token stays the same.</p>
      <KeyControlsFields form={form} kind={target.kind} offered={offered} onChange={setForm} />
      {problem && (
        <p class="field-error" role="alert">
          {problem}
        </p>
      )}
      <ErrorNotice error={error} />
    </Dialog>
  );
}

function RollDialog({
  orgId,
  target,
  onCancel,
  onRolled,
}: {
  orgId: string;
  target: NamedKey;
  onCancel: () => void;
  onRolled: (k: IssuedKey, graceSeconds: number) => void;
}) {
  const [grace, setGrace] = useState(kGraceChoices[0]);
  return (
    <ConfirmDialog
      title={`Roll ${target.name}?`}
      confirmLabel="Roll key"
      action={() => endpoints.rollKey(orgId, target.id, grace)}
      onCancel={onCancel}
      onDone={(k) => onRolled(k, grace)}
    >
      <p>A new token replaces this one. Update your applications to the new token before the old one stops working.</p>
      <div class="field">
        <label for="roll-grace">The old token keeps working for</label>
        <select id="roll-grace" value={grace} onChange={(e) => setGrace(Number(e.currentTarget.value))}>
          {kGraceChoices.map((s) => (
            <option key={s} value={s}>
              {s === 0 ? 'No time: it stops working at once' : hours(s)}
              {s === 12 * 3600 ? ' (default)' : ''}
            </option>
          ))}
        </select>
      </div>
    </ConfirmDialog>
  );
}
