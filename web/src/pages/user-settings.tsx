// User Settings -> API: your username and service key (masked; show, rotate, email), and the
// ready Authorization value and a curl to copy.
import { useState } from 'preact/hooks';
import type { ApiError } from '../api/client';
import * as endpoints from '../api/endpoints';
import { CopyButton } from '../components/copy';
import { ConfirmDialog } from '../components/dialog';
import { PageHeader, SettingsLayout } from '../components/layout';
import { ErrorNotice, Notice } from '../components/notice';
import { ValueRow } from '../components/secret-row';
import { useSession } from '../lib/session';
import { asApiError } from '../lib/use-load';

export function authorizationValue(username: string, serviceKey: string): string {
  const bytes = new TextEncoder().encode(`${username}:${serviceKey}`);
  return btoa(String.fromCharCode(...bytes));
}

export function UserSettings({ tab }: { tab: string }) {
  return (
    <SettingsLayout area="User Settings" sections={[{ href: '/console/user/api', label: 'API', current: tab === 'api' }]}>
      {tab === 'api' ? (
        <UserApiPanel />
      ) : (
        <>
          <PageHeader title="Not found" />
          <Notice kind="info">User Settings has an API section only.</Notice>
        </>
      )}
    </SettingsLayout>
  );
}

function UserApiPanel() {
  const { me } = useSession();
  const [key, setKey] = useState<string | null>(null);
  const [rotating, setRotating] = useState(false);
  const [result, setResult] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [emailing, setEmailing] = useState(false);
  const [masked, setMasked] = useState(me.service_key);

  const reveal = async (): Promise<string> => {
    setError(null);
    try {
      const full = (await endpoints.me(true)).service_key;
      setKey(full);
      return full;
    } catch (e) {
      setError(asApiError(e));
      throw e;
    }
  };
  const email = async () => {
    setError(null);
    setResult(null);
    setEmailing(true);
    try {
      const sent = await endpoints.emailServiceKey();
      setResult(`Your service key is on its way to ${sent.sent_to}.`);
    } catch (e) {
      setError(asApiError(e));
    } finally {
      setEmailing(false);
    }
  };
  const authorization = key ? authorizationValue(me.username, key) : null;
  const curl = `curl -H 'Accept: application/json' \\
  -H 'API-Key: <your organization API key>' \\
  -H 'Authorization: ${authorization ?? '<show your service key to fill this in>'}' \\
  ${window.location.origin}/Contrast/api/ng/applications`;

  return (
    <>
      <PageHeader title="API" description="Your credentials for the User API. They are not your password." />
      {result && <Notice kind="success" title={result} />}
      <ErrorNotice error={error} />
      <section class="card" aria-labelledby="your-key">
        <div class="card-header">
          <h2 id="your-key">Your service key</h2>
          <button type="button" class="button button-small" onClick={() => (key ? setKey(null) : reveal().catch(() => {}))}>
            {key ? 'Hide key' : 'Show key'}
          </button>
        </div>
        <dl class="values">
          <ValueRow label="Username" value={me.username} />
          <ValueRow
            label="Service key"
            value={key ?? masked}
            masked={!key}
            actions={
              <button type="button" class="link-button" onClick={() => setRotating(true)}>
                Rotate service key
              </button>
            }
          />
        </dl>
        <div class="button-row">
          <button type="button" class="button" onClick={email} disabled={emailing}>
            {emailing ? 'Sending…' : 'Email me my key'}
          </button>
        </div>
      </section>

      <section class="card" aria-labelledby="calling">
        <h2 id="calling">Calling the API</h2>
        <p>
          Every request carries two headers: <code>Authorization</code>, the base64 of your username and service key, and{' '}
          <code>API-Key</code>, your organization's API key (Organization Settings, API, Email me the current API Key).
        </p>
        <dl class="values">
          <div class="value-item">
            <dt>Authorization</dt>
            <dd>
              <div class="value-row">
                <code class={authorization ? undefined : 'masked'}>
                  {authorization ?? 'Show your service key to see it'}
                </code>
                <CopyButton value={async () => authorization ?? authorizationValue(me.username, await reveal())} what="Authorization value" />
              </div>
            </dd>
          </div>
        </dl>
        <div class="code-with-copy">
          <pre class="code-block" aria-label="A request to copy">
            {curl}
          </pre>
          <CopyButton value={() => curl} what="curl command" />
        </div>
      </section>

      {rotating && (
        <ConfirmDialog
          title="Rotate your service key?"
          confirmLabel="Rotate service key"
          danger
          action={() => endpoints.rotateServiceKey()}
          onCancel={() => setRotating(false)}
          onDone={(r) => {
            setRotating(false);
            setKey(r.service_key);
            setMasked(`****${r.service_key.slice(-4)}`);
            setResult('Your service key was rotated. The previous key no longer works; the new one is shown below.');
          }}
        >
          <p>
            A new random key replaces yours. Scripts, SDKs and tools that send your current key in their Authorization header
            get 401 from now on, until they have the new one.
          </p>
        </ConfirmDialog>
      )}
    </>
  );
}
