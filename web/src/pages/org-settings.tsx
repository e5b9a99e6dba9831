// Organization Settings: API, API keys, and for administrators Users, Agent, Webhooks and Audit log.
import { PageHeader, SettingsLayout } from '../components/layout';
import { Notice } from '../components/notice';
import { administers, orgName, roleIn, useSession } from '../lib/session';
import { AgentPanel } from './agent';
import { ApiKeysPanel } from './api-keys';
import { AuditLogPanel } from './audit-log';
import { OrgApiPanel } from './org-api';
import { UsersPanel } from './users';
import { WebhooksPanel } from './webhooks';

const kTabs = [
  { tab: 'api', label: 'API', admin: false },
  { tab: 'keys', label: 'API keys', admin: false },
  { tab: 'users', label: 'Users', admin: true },
  { tab: 'agent', label: 'Agent', admin: true },
  { tab: 'webhooks', label: 'Webhooks', admin: true },
  { tab: 'audit', label: 'Audit log', admin: true },
];

export function OrgSettings({ orgId, tab }: { orgId: string; tab: string }) {
  const session = useSession();
  const { me } = session;
  const admin = administers(me, orgId);
  const name = orgName(session, orgId);
  const tabs = kTabs.filter((t) => admin || !t.admin);
  const current = tabs.find((t) => t.tab === tab);
  const role = roleIn(me, orgId);
  const member = me.system_admin || role !== null;
  const roleLabel = role === 'admin' ? 'Administrator' : role === 'member' ? 'Member' : 'System administrator';
  return (
    <SettingsLayout
      area="Organization Settings"
      context={<p class="settings-org">{name}</p>}
      sections={tabs.map((t) => ({ href: `/console/orgs/${orgId}/${t.tab}`, label: t.label, current: t === current }))}
    >
      {!member || !current ? (
        <>
          <PageHeader title="Not available" />
          <Notice kind="info">
            {member
              ? 'This part of Organization Settings is for administrators of the organization.'
              : 'You are not a member of this organization.'}
          </Notice>
        </>
      ) : (
        <>
          <PageHeader
            title={current.label}
            description={
              <>
                {name}
                <span class="muted"> · {roleLabel}</span>
              </>
            }
          />
          {tab === 'api' && <OrgApiPanel orgId={orgId} admin={admin} />}
          {tab === 'keys' && <ApiKeysPanel orgId={orgId} admin={admin} />}
          {tab === 'users' && <UsersPanel orgId={orgId} orgName={name} />}
          {tab === 'agent' && <AgentPanel orgId={orgId} />}
          {tab === 'webhooks' && <WebhooksPanel orgId={orgId} />}
          {tab === 'audit' && <AuditLogPanel orgId={orgId} />}
        </>
      )}
    </SettingsLayout>
  );
}
