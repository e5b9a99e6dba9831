// System Settings (system administrators): API, where an organization is chosen (or created) and
// its API and API keys managed; Security -> Key Management; the system's audit log.
import { useEffect, useState } from 'preact/hooks';
import type { ApiError } from '../api/client';
import * as endpoints from '../api/endpoints';
import type { CreatedOrganization, Organization } from '../api/types';
import { CopyButton } from '../components/copy';
import { Dialog, DialogActions } from '../components/dialog';
import { PlusIcon, SearchIcon, WarningIcon } from '../components/icons';
import { PageHeader, SettingsLayout } from '../components/layout';
import { ErrorNotice, Notice } from '../components/notice';
import { Link } from '../lib/router';
import { useSession } from '../lib/session';
import { asApiError, useLoad } from '../lib/use-load';
import { ApiKeysPanel } from './api-keys';
import { AuditLogPanel } from './audit-log';
import { KeyManagementPanel } from './key-management';
import { OrgApiPanel } from './org-api';

const kTabs = [
  { tab: 'api', label: 'API' },
  { tab: 'security', label: 'Security' },
  { tab: 'audit', label: 'Audit log' },
];

export function SystemSettings({ tab, search }: { tab: string; search: URLSearchParams }) {
  const { me } = useSession();
  const current = kTabs.find((t) => t.tab === tab);
  return (
    <SettingsLayout
      area="System Settings"
      sections={kTabs.map((t) => ({ href: `/console/system/${t.tab}`, label: t.label, current: t === current }))}
    >
      {!me.system_admin ? (
        <>
          <PageHeader title="Not available" />
          <Notice kind="info">System Settings are for system administrators.</Notice>
        </>
      ) : tab === 'api' ? (
        <SystemApi orgId={search.get('org')} orgTab={search.get('tab') === 'keys' ? 'keys' : 'api'} />
      ) : tab === 'security' ? (
        <>
          <PageHeader title="Security" description="How keys must look, and what failed sign-ins record." />
          <KeyManagementPanel />
        </>
      ) : tab === 'audit' ? (
        <>
          <PageHeader title="Audit log" description="Every organization's records and the system's." />
          <AuditLogPanel orgId={null} />
        </>
      ) : (
        <>
          <PageHeader title="Not found" />
          <Notice kind="info">System Settings has API, Security and Audit log sections.</Notice>
        </>
      )}
    </SettingsLayout>
  );
}

function SystemApi({ orgId, orgTab }: { orgId: string | null; orgTab: 'api' | 'keys' }) {
  const org = useLoad(() => (orgId ? endpoints.organization(orgId) : Promise.resolve(null)), [orgId]);
  if (!orgId) return <OrganizationPicker />;
  const base = `/console/system/api?org=${encodeURIComponent(orgId)}`;
  return (
    <>
      <PageHeader
        title={org.data ? org.data.name : 'API'}
        description={
          <>
            Organization <code>{orgId}</code> · <Link href="/console/system/api">Choose another organization</Link>
          </>
        }
      />
      <ErrorNotice error={org.error} />
      <nav class="subtabs" aria-label="Organization sections">
        <Link href={base} class="subtab" aria-current={orgTab === 'api' ? 'page' : undefined}>
          API
        </Link>
        <Link href={`${base}&tab=keys`} class="subtab" aria-current={orgTab === 'keys' ? 'page' : undefined}>
          API keys
        </Link>
      </nav>
      {org.data && orgTab === 'api' && <OrgApiPanel orgId={orgId} admin />}
      {org.data && orgTab === 'keys' && <ApiKeysPanel orgId={orgId} admin />}
    </>
  );
}

function OrganizationPicker() {
  const session = useSession();
  const [query, setQuery] = useState('');
  const [debounced, setDebounced] = useState('');
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<CreatedOrganization | null>(null);
  useEffect(() => {
    const t = setTimeout(() => setDebounced(query.trim()), 200);
    return () => clearTimeout(t);
  }, [query]);
  const found = useLoad(() => endpoints.organizations(debounced), [debounced, created]);
  const orgs: Organization[] = found.data?.organizations ?? [];

  return (
    <>
      <PageHeader
        title="API"
        description="Choose an organization to manage its API key, agent credentials and API keys."
        actions={
          <button type="button" class="button button-primary" onClick={() => setCreating(true)}>
            <PlusIcon />
            <span>Create organization</span>
          </button>
        }
      />
      <section class="card" aria-labelledby="choose-org">
        <h2 id="choose-org">Organizations</h2>
        <div class="field search-field">
          <label for="org-search">Find an organization</label>
          <div class="input-with-icon">
            <SearchIcon />
            <input id="org-search" type="search" placeholder="Name or UUID" value={query} aria-describedby="org-search-count"
              onInput={(e) => setQuery(e.currentTarget.value)} />
          </div>
        </div>
        <p id="org-search-count" class="muted" role="status">
          {found.loading ? 'Searching…' : `${orgs.length} ${orgs.length === 1 ? 'organization matches' : 'organizations match'}`}
        </p>
        <ErrorNotice error={found.error} />
        {found.data && (
          <ul class="org-list">
            {orgs.map((o) => (
              <li key={o.id}>
                <Link href={`/console/system/api?org=${o.id}`} class="org-link">
                  <span class="org-name">{o.name}</span>
                  <span class="org-id">{o.id}</span>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>
      {creating && (
        <CreateOrganizationDialog
          onCancel={() => setCreating(false)}
          onCreated={(org) => {
            setCreating(false);
            setCreated(org);
            void session.refresh();
          }}
        />
      )}
      {created && (
        <Dialog
          title={`${created.name} was created`}
          onClose={() => setCreated(null)}
          onSubmit={() => setCreated(null)}
          actions={
            <>
              <Link href={`/console/system/api?org=${created.id}`} class="button">
                Manage its API
              </Link>
              <button type="submit" class="button button-primary">
                Done
              </button>
            </>
          }
        >
          <p class="one-time-warning">
            <WarningIcon />
            <span>
              Its credentials are below. The keys can be shown again later under API, but copy what you need to hand on now.
            </span>
          </p>
          <dl class="values values-compact">
            {(
              [
                ['Organization UUID', created.id],
                ['API key', created.api_key],
                ['Agent username', created.agent_username],
                ['Agent service key', created.agent_service_key],
                ['Default API Key (public)', created.default_public_key],
              ] as const
            ).map(([label, value]) => (
              <div class="value-item" key={label}>
                <dt>{label}</dt>
                <dd>
                  <div class="value-row">
                    <code class="secret-value" data-secret={label}>
                      {value}
                    </code>
                    <CopyButton value={() => value} what={label} />
                  </div>
                </dd>
              </div>
            ))}
          </dl>
        </Dialog>
      )}
    </>
  );
}

function CreateOrganizationDialog({ onCancel, onCreated }: { onCancel: () => void; onCreated: (o: CreatedOrganization) => void }) {
  const [name, setName] = useState('');
  const [problem, setProblem] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const save = async () => {
    setError(null);
    if (!name.trim()) return setProblem('Give the organization a name.');
    setProblem('');
    setBusy(true);
    try {
      onCreated(await endpoints.createOrganization(name.trim()));
    } catch (e) {
      setError(asApiError(e));
      setBusy(false);
    }
  };
  return (
    <Dialog
      title="Create organization"
      onClose={onCancel}
      onSubmit={save}
      actions={<DialogActions onCancel={onCancel} label="Create organization" busyLabel="Creating…" busy={busy} />}
    >
      <p>It gets a random API key, agent credentials and a public Default API Key. Add its users afterwards.</p>
      <div class="field">
        <label for="org-name">Name</label>
        <input id="org-name" type="text" maxLength={200} value={name} onInput={(e) => setName(e.currentTarget.value)} />
      </div>
      {problem && (
        <p class="field-error" role="alert">
          {problem}
        </p>
      )}
      <ErrorNotice error={error} />
    </Dialog>
  );
}
