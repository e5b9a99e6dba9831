// Organization Settings -> Agent: contrast_security.yaml, pre-fitted with the organization's URL,
// API key, agent username and agent service key, which is how an agent comes with its
// organization's credentials.
import { useState } from 'preact/hooks';
import type { ApiError } from '../api/client';
import * as endpoints from '../api/endpoints';
import { DownloadIcon } from '../components/icons';
import { ErrorNotice, Loading, Notice } from '../components/notice';
import { asApiError, useLoad } from '../lib/use-load';

export function AgentPanel({ orgId }: { orgId: string }) {
  const creds = useLoad(() => endpoints.credentials(orgId), [orgId]);
  const [busy, setBusy] = useState(false);
  const [downloaded, setDownloaded] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  const download = async () => {
    setBusy(true);
    setError(null);
    setDownloaded(false);
    try {
      const yaml = await endpoints.agentConfig(orgId);
      const url = URL.createObjectURL(new Blob([yaml], { type: 'application/yaml' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = 'contrast_security.yaml';
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setDownloaded(true);
    } catch (e) {
      setError(asApiError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      {downloaded && (
        <Notice kind="success" title="contrast_security.yaml was downloaded.">
          <p>It holds the organization's API key and agent service key: keep it as safe as they are.</p>
        </Notice>
      )}
      <ErrorNotice error={error} />
      <section class="card" aria-labelledby="agent-config">
        <h2 id="agent-config">Agent configuration</h2>
        <p>
          Contrast agents read their connection from <code>contrast_security.yaml</code>. Download one pre-fitted with this
          organization's URL, API key, agent username and agent service key, and ship it with your agents: they
          authenticate without anyone's password.
        </p>
        {creds.loading && !creds.data && <Loading what="the agent credentials" />}
        <ErrorNotice error={creds.error} />
        {creds.data && (
          <pre class="code-block" aria-label="What the file holds (keys masked)">
            {`api:
  url: ${window.location.origin}/Contrast
  api_key: ${creds.data.api_key}
  user_name: ${creds.data.agent_username}
  service_key: ${creds.data.agent_service_key}`}
          </pre>
        )}
        <button type="button" class="button button-primary" onClick={download} disabled={busy}>
          <DownloadIcon />
          <span>{busy ? 'Preparing…' : 'Download agent configuration'}</span>
        </button>
        <p class="card-footnote">
          Rotating the agent service key or the API key (Organization Settings, API) makes configurations downloaded before
          then stop working: download it again afterwards. Downloads are recorded in the audit log. From the command line:{' '}
          <code>keyward org agent-config --org {orgId}</code>
        </p>
      </section>
    </>
  );
}
