// Every API call the console makes, one function each.
import { api, apiText } from './client';
import type {
  AddedMember,
  AuditPage,
  Compliance,
  CreatedOrganization,
  Credentials,
  Emailed,
  IssuedKey,
  KeyControlsChange,
  Me,
  Member,
  NamedKey,
  Organization,
  Revealed,
  Role,
  SignedIn,
  SystemSettings,
  Webhook,
  WebhookAttempt,
} from './types';

const org = (id: string) => `/api/v1/orgs/${encodeURIComponent(id)}`;

export const signIn = (username: string, password: string, newPassword?: string) =>
  api<SignedIn>('POST', '/api/v1/session', {
    body: newPassword === undefined ? { username, password } : { username, password, new_password: newPassword },
    signingIn: true,
  });
export const signOut = () => api<void>('DELETE', '/api/v1/session');

export const me = (reveal = false) => api<Me>('GET', `/api/v1/users/me${reveal ? '?reveal=true' : ''}`);
export const rotateServiceKey = () => api<{ service_key: string }>('POST', '/api/v1/users/me/service-key/rotate');
export const emailServiceKey = () => api<Emailed>('POST', '/api/v1/users/me/service-key/email', { body: {} });
export const redeemLink = (token: string) => api<Revealed>('POST', '/api/v1/reveal', { body: { token } });

export const organizations = (query = '') =>
  api<{ organizations: Organization[] }>('GET', `/api/v1/orgs${query ? `?q=${encodeURIComponent(query)}` : ''}`);
export const organization = (id: string) => api<Organization>('GET', org(id));
export const createOrganization = (name: string) => api<CreatedOrganization>('POST', '/api/v1/orgs', { body: { name } });

export const credentials = (id: string, reveal = false) =>
  api<Credentials>('GET', `${org(id)}/credentials${reveal ? '?reveal=true' : ''}`);
export const rotateApiKey = (id: string) => api<{ api_key: string }>('POST', `${org(id)}/api-key/rotate`);
export const setApiKey = (id: string, value: string) => api<unknown>('PUT', `${org(id)}/api-key`, { body: { value } });
export const setApiKeyEnabled = (id: string, enabled: boolean) =>
  api<unknown>('POST', `${org(id)}/api-key/${enabled ? 'enable' : 'disable'}`);
export const emailApiKey = (id: string, rotate: boolean) =>
  api<Emailed>('POST', `${org(id)}/api-key/email`, { body: { rotate } });
export const rotateAgentKey = (id: string) => api<{ agent_service_key: string }>('POST', `${org(id)}/agent-key/rotate`);
export const agentConfig = (id: string) => apiText(`${org(id)}/agent-config`);

export const keys = (id: string) => api<{ keys: NamedKey[] }>('GET', `${org(id)}/keys`);
export const createKey = (id: string, body: { name: string; kind: string; expires_at?: string } & KeyControlsChange) =>
  api<IssuedKey>('POST', `${org(id)}/keys`, { body });
// PATCH: what is sent replaces what the key has; what is left out stays as it is.
export const updateKey = (id: string, keyId: string, change: KeyControlsChange) =>
  api<NamedKey>('PATCH', `${org(id)}/keys/${encodeURIComponent(keyId)}`, { body: change });
export const rollKey = (id: string, keyId: string, graceSeconds: number) =>
  api<IssuedKey>('POST', `${org(id)}/keys/${encodeURIComponent(keyId)}/roll`, { body: { grace_seconds: graceSeconds } });
export const setKeyDisabled = (id: string, keyId: string, disabled: boolean) =>
  api<NamedKey>('POST', `${org(id)}/keys/${encodeURIComponent(keyId)}/${disabled ? 'disable' : 'enable'}`);
export const deleteKey = (id: string, keyId: string) => api<void>('DELETE', `${org(id)}/keys/${encodeURIComponent(keyId)}`);

export const members = (id: string) => api<{ members: Member[] }>('GET', `${org(id)}/members`);
export const addMember = (id: string, username: string, role: Role) =>
  api<AddedMember>('POST', `${org(id)}/members`, { body: { username, role } });
export const setMemberRole = (id: string, userId: string, role: Role) =>
  api<Member>('PUT', `${org(id)}/members/${encodeURIComponent(userId)}`, { body: { role } });
export const lockMember = (id: string, userId: string) =>
  api<Member>('POST', `${org(id)}/members/${encodeURIComponent(userId)}/lock`);
export const unlockMember = (id: string, userId: string) =>
  api<Member>('POST', `${org(id)}/members/${encodeURIComponent(userId)}/unlock`);
export const removeMember = (id: string, userId: string) =>
  api<void>('DELETE', `${org(id)}/members/${encodeURIComponent(userId)}`);

export interface AuditFilter {
  action: string;
  outcome: string;
  before: number | null;
  limit: number;
}
export const auditLog = (orgId: string | null, f: AuditFilter) => {
  const q = new URLSearchParams({ limit: String(f.limit) });
  if (f.before !== null) q.set('before', String(f.before));
  if (f.action) q.set('action', f.action);
  if (f.outcome) q.set('outcome', f.outcome);
  return api<AuditPage>('GET', `${orgId ? `${org(orgId)}/audit` : '/api/v1/system/audit'}?${q}`);
};

export const keyPolicy = () => api<SystemSettings>('GET', '/api/v1/system/key-policy');
export const saveKeyPolicy = (s: SystemSettings) => api<SystemSettings>('PUT', '/api/v1/system/key-policy', { body: s });
export const keyCompliance = () => api<Compliance>('GET', '/api/v1/system/key-compliance');

const webhook = (id: string, webhookId: string) => `${org(id)}/webhooks/${encodeURIComponent(webhookId)}`;
export const webhooks = (id: string) => api<{ webhooks: Webhook[] }>('GET', `${org(id)}/webhooks`);
export const createWebhook = (id: string, url: string, events: string[]) =>
  api<Webhook & { secret: string }>('POST', `${org(id)}/webhooks`, { body: { url, events } });
export const deleteWebhook = (id: string, webhookId: string) => api<void>('DELETE', webhook(id, webhookId));
export const webhookDeliveries = (id: string, webhookId: string) =>
  api<{ deliveries: WebhookAttempt[]; next_before: number | null }>('GET', `${webhook(id, webhookId)}/deliveries?limit=50`);
