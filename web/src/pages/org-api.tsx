// Organization Settings -> API (and System Settings -> API for a chosen organization): the REST
// API section with the organization's UUID, agent username, API key and agent service key, their
// rotation, keys by email, enabling the API key and setting it to a chosen value.
import { useState } from 'preact/hooks';
import type { ApiError } from '../api/client';
import * as endpoints from '../api/endpoints';
import type { Credentials } from '../api/types';
import { CopyButton } from '../components/copy';
import { ConfirmDialog } from '../components/dialog';
import { ErrorNotice, Loading, Notice } from '../components/notice';
import { ValueRow } from '../components/secret-row';
import { keyViolations } from '../lib/policy';
import { asApiError, useLoad } from '../lib/use-load';

type Pending = 'rotate-api' | 'rotate-agent' | 'rotate-email' | 'disable' | 'enable' | 'set' | null;
type Result = { kind: 'success' | 'info'; title: string; value?: { label: string; text: string }; text?: string };

const kBreaksWhenApiKeyChanges = (
  <ul>
    <li>scripts and SDKs calling the User API (/Contrast/api/ng) with it, for every user of the organization;</li>
    <li>the organization's agents, which send it with their agent credentials;</li>
    <li>agent configurations (contrast_security.yaml) downloaded before now.</li>
  </ul>
);

export function OrgApiPanel({ orgId, admin }: { orgId: string; admin: boolean }) {
  const creds = useLoad(() => endpoints.credentials(orgId), [orgId]);
  const [shown, setShown] = useState<Credentials | null>(null);
  const [pending, setPending] = useState<Pending>(null);
  const [result, setResult] = useState<Result | null>(null);
  const [actionError, setActionError] = useState<ApiError | null>(null);
  const [emailing, setEmailing] = useState(false);
  const [chosen, setChosen] = useState('');

  if (creds.loading && !creds.data) return <Loading what="the organization's credentials" />;
  if (!creds.data) return <ErrorNotice error={creds.error} title="The credentials could not be loaded." />;
  const c = creds.data;
  const view = shown ?? c;
  const live = chosen ? keyViolations(c.api_key_policy, chosen) : [];

  const done = (r: Result) => {
    setPending(null);
    setShown(null);
    setResult(r);
    creds.reload();
  };
  const show = async () => {
    setActionError(null);
    try {
      setShown(await endpoints.credentials(orgId, true));
    } catch (e) {
      setActionError(asApiError(e));
    }
  };
  const emailCurrent = async () => {
    setActionError(null);
    setResult(null);
    setEmailing(true);
    try {
      const sent = await endpoints.emailApiKey(orgId, false);
      setResult({ kind: 'success', title: `The API key is on its way to ${sent.sent_to}.`, text: 'Check your inbox.' });
    } catch (e) {
      setActionError(asApiError(e));
    } finally {
      setEmailing(false);
    }
  };
  const askToSet = (e: Event) => {
    e.preventDefault();
    if (live.length) return;
    setPending('set');
  };

  return (
    <>
      {result && (
        <Notice kind={result.kind} title={result.title}>
          {result.text && <p>{result.text}</p>}
          {result.value && (
            <div class="value-row">
              <code class="secret-value" data-secret={result.value.label}>
                {result.value.text}
              </code>
              <CopyButton value={() => result.value!.text} what={result.value.label} />
            </div>
          )}
        </Notice>
      )}
      <ErrorNotice error={actionError} />

      <section class="card" aria-labelledby="rest-api">
        <div class="card-header">
          <h2 id="rest-api">REST API</h2>
          {admin && (
            <button type="button" class="button button-small" onClick={() => (shown ? setShown(null) : show())}>
              {shown ? 'Hide keys' : 'Show keys'}
            </button>
          )}
        </div>
        <dl class="values">
          <ValueRow label="Organization UUID" value={c.organization_uuid} />
          <ValueRow label="Agent Username" value={c.agent_username} />
          <ValueRow
            label="API Key"
            value={view.api_key}
            masked={!view.revealed}
            actions={
              <>
                <span class={`badge ${c.api_key_enabled ? 'badge-ok' : 'badge-off'}`}>
                  {c.api_key_enabled ? 'Enabled' : 'Disabled'}
                </span>
                {admin && (
                  <button type="button" class="link-button" onClick={() => setPending('rotate-api')}>
                    Rotate API key
                  </button>
                )}
              </>
            }
            note={
              !c.api_key_complies && (
                <>
                  It does not comply with the key policy
                  {c.api_key_violations.length > 0 ? `: ${c.api_key_violations.join('; ')}.` : '.'}
                  {admin && ' Rotate it to get one that does.'}
                </>
              )
            }
          />
          <ValueRow
            label="Agent Service Key"
            value={view.agent_service_key}
            masked={!view.revealed}
            actions={
              admin && (
                <button type="button" class="link-button" onClick={() => setPending('rotate-agent')}>
                  Rotate agent service key
                </button>
              )
            }
          />
        </dl>
        {!admin && <p class="card-footnote">Only an administrator of the organization can show or rotate these keys.</p>}
      </section>

      <section class="card" aria-labelledby="by-email">
        <h2 id="by-email">Get the API key by email</h2>
        <p>The email goes to you alone. By default it holds a link that shows the key once, within ten minutes.</p>
        <div class="button-row">
          <button type="button" class="button" onClick={emailCurrent} disabled={emailing}>
            {emailing ? 'Sending…' : 'Email me the current API Key'}
          </button>
          {admin && (
            <button type="button" class="button" onClick={() => setPending('rotate-email')}>
              Rotate the key and email me a new key
            </button>
          )}
        </div>
      </section>

      {admin && (
        <section class="card" aria-labelledby="api-key-state">
          <h2 id="api-key-state">API key {c.api_key_enabled ? 'enabled' : 'disabled'}</h2>
          <p>
            {c.api_key_enabled
              ? 'Agents need the API key with their agent credentials. Disable it to let agents authenticate with their agent credentials alone.'
              : 'Agents authenticate with their agent credentials alone. User API requests still need the API key.'}
          </p>
          <button
            type="button"
            class={`button ${c.api_key_enabled ? 'button-danger-outline' : ''}`}
            onClick={() => setPending(c.api_key_enabled ? 'disable' : 'enable')}
          >
            {c.api_key_enabled ? 'Disable the API key' : 'Enable the API key'}
          </button>
        </section>
      )}

      {admin && (
        <section class="card" aria-labelledby="chosen-key">
          <h2 id="chosen-key">Set the API key to a value you choose</h2>
          <form class="form" onSubmit={askToSet} noValidate>
            <div class="field">
              <label for="chosen-api-key">New API key</label>
              <input
                id="chosen-api-key"
                type="text"
                autoComplete="off"
                spellcheck={false}
                class="input-mono"
                value={chosen}
                aria-invalid={live.length > 0}
                aria-describedby="chosen-api-key-rules chosen-api-key-problems"
                onInput={(e) => setChosen(e.currentTarget.value)}
              />
              <p class="field-hint" id="chosen-api-key-rules">
                The key policy asks for at least {c.api_key_policy.length} letters and digits, with at least{' '}
                {c.api_key_policy.min_numerals} numerals, {c.api_key_policy.min_upper} upper-case and{' '}
                {c.api_key_policy.min_lower} lower-case letters.
              </p>
              <ul class="field-errors" id="chosen-api-key-problems" aria-live="polite">
                {live.map((v) => (
                  <li key={v}>It {v}.</li>
                ))}
              </ul>
            </div>
            <button type="submit" class="button button-primary" disabled={!chosen || live.length > 0}>
              Save API key
            </button>
          </form>
        </section>
      )}

      {pending === 'rotate-api' && (
        <ConfirmDialog
          title="Rotate the API key?"
          confirmLabel="Rotate API key"
          danger
          action={() => endpoints.rotateApiKey(orgId)}
          onCancel={() => setPending(null)}
          onDone={(r) =>
            done({
              kind: 'success',
              title: 'The API key was rotated. The previous key no longer works.',
              value: { label: 'New API key', text: r.api_key },
            })
          }
        >
          <p>A new random key replaces the current one, which stops working at once. These start failing until they have the new key:</p>
          {kBreaksWhenApiKeyChanges}
        </ConfirmDialog>
      )}
      {pending === 'rotate-agent' && (
        <ConfirmDialog
          title="Rotate the agent service key?"
          confirmLabel="Rotate agent service key"
          danger
          action={() => endpoints.rotateAgentKey(orgId)}
          onCancel={() => setPending(null)}
          onDone={(r) =>
            done({
              kind: 'success',
              title: 'The agent service key was rotated. The previous key no longer works.',
              text: 'Download the agent configuration again (Organization Settings, Agent) and give it to every agent.',
              value: { label: 'New agent service key', text: r.agent_service_key },
            })
          }
        >
          <p>
            Every agent of the organization authenticates with this key, and fails from now on until it has the new one.
            Agent configurations (contrast_security.yaml) downloaded before now stop working: download the configuration
            again and redeploy it.
          </p>
        </ConfirmDialog>
      )}
      {pending === 'rotate-email' && (
        <ConfirmDialog
          title="Rotate the API key and email you the new one?"
          confirmLabel="Rotate and email"
          danger
          action={() => endpoints.emailApiKey(orgId, true)}
          onCancel={() => setPending(null)}
          onDone={(r) =>
            done({
              kind: 'success',
              title: `The API key was rotated, and the new one is on its way to ${r.sent_to}.`,
              text: 'The previous key no longer works.',
            })
          }
        >
          <p>The current key stops working at once. These start failing until they have the new key:</p>
          {kBreaksWhenApiKeyChanges}
        </ConfirmDialog>
      )}
      {(pending === 'disable' || pending === 'enable') && (
        <ConfirmDialog
          title={pending === 'disable' ? 'Disable the API key?' : 'Enable the API key?'}
          confirmLabel={pending === 'disable' ? 'Disable API key' : 'Enable API key'}
          danger={pending === 'disable'}
          action={() => endpoints.setApiKeyEnabled(orgId, pending === 'enable')}
          onCancel={() => setPending(null)}
          onDone={() =>
            done({
              kind: 'success',
              title: pending === 'disable' ? 'The API key is disabled.' : 'The API key is enabled.',
            })
          }
        >
          <p>
            {pending === 'disable'
              ? 'Agents will authenticate with their agent username and service key alone, without the API key. User API requests still need the API key.'
              : 'Agents will need the API key with their agent credentials again; an agent configured without it gets 401.'}
          </p>
        </ConfirmDialog>
      )}
      {pending === 'set' && (
        <ConfirmDialog
          title="Replace the API key with your value?"
          confirmLabel="Set API key"
          danger
          action={() => endpoints.setApiKey(orgId, chosen)}
          onCancel={() => setPending(null)}
          onDone={() => {
            setChosen('');
            done({ kind: 'success', title: 'The API key is now the value you chose. The previous key no longer works.' });
          }}
        >
          <p>The current key stops working at once. These start failing until they have the new key:</p>
          {kBreaksWhenApiKeyChanges}
        </ConfirmDialog>
      )}
    </>
  );
}
