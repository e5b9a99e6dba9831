// The shapes of the API's answers that the console reads (docs/openapi.yaml has them all).
export type Role = 'admin' | 'member';

export interface Membership {
  org_id: string;
  role: Role;
}

export interface Me {
  id: string;
  username: string;
  system_admin: boolean;
  memberships: Membership[];
  service_key: string;
  revealed: boolean;
}

export interface SignedIn {
  user: { id: string; username: string; system_admin: boolean; memberships: Membership[] };
  csrf_token: string;
  expires_at: string;
}

export interface Organization {
  id: string;
  name: string;
  agent_username: string;
  api_key_enabled: boolean;
  created_at: string;
}

export interface CreatedOrganization extends Organization {
  api_key: string;
  agent_service_key: string;
  default_public_key: string;
}

export interface KeyPolicy {
  length: number;
  min_numerals: number;
  min_upper: number;
  min_lower: number;
}

export interface Credentials {
  organization_uuid: string;
  agent_username: string;
  api_key: string;
  agent_service_key: string;
  api_key_enabled: boolean;
  revealed: boolean;
  api_key_complies: boolean;
  api_key_violations: string[];
  api_key_policy: KeyPolicy;
}

export type KeyStatus = 'active' | 'rolling' | 'expired' | 'disabled' | string;

export interface RateLimit {
  limit: number;
  window_seconds: number;
}

export interface Credits {
  remaining: number;
  refill: { amount: number; interval_seconds: number } | null;
}

export interface NamedKey {
  id: string;
  org_id: string;
  name: string;
  kind: 'public' | 'secret';
  scopes: string[];
  rate_limits?: RateLimit[];
  credits?: Credits | null;
  allowed_ips?: string[];
  status: KeyStatus;
  hint: string;
  created_at: string;
  expires_at: string | null;
  grace_ends_at: string | null;
  disabled_at: string | null;
  last_used_at: string | null;
  rolled_from: string | null;
  token?: string;
}

export interface IssuedKey extends NamedKey {
  token: string;
}

// The controls a key is created with or a PATCH changes; `credits: null` removes them.
export interface KeyControlsChange {
  scopes?: string[];
  rate_limits?: RateLimit[];
  credits?: { remaining: number; refill?: { amount: number; interval_seconds: number } } | null;
  allowed_ips?: string[];
}

export interface Member {
  user_id: string;
  username: string;
  role: Role;
  system_admin: boolean;
  locked: boolean;
  locked_until: string | null;
  failed_sign_ins: number;
  password_change_required: boolean;
  created_at: string;
}

export interface AddedMember {
  member: Member;
  one_time_password: string | null;
}

export interface AuditEvent {
  id: number;
  at: string;
  actor: string;
  org_id: string | null;
  action: string;
  target: string;
  outcome: 'success' | 'failure' | 'denied';
  client_ip: string;
  detail: string;
}

export interface AuditPage {
  events: AuditEvent[];
  next_before: number | null;
}

export interface SystemSettings {
  org_api_key: KeyPolicy;
  application_key: KeyPolicy;
  mask_invalid_ips: boolean;
  email_key_in_message: boolean;
}

export interface ComplianceEntry {
  kind: string;
  org_id: string;
  org_name: string;
  app_id?: string;
  app_name?: string;
  complies: boolean;
  violations: string[];
}

export interface Compliance {
  keys: ComplianceEntry[];
  non_compliant: number;
}

export interface Emailed {
  sent_to: string;
  rotated: boolean;
}

export interface Revealed {
  credential: 'org_api_key' | 'user_service_key';
  subject_id: string;
  value: string;
}

export interface Webhook {
  id: string;
  url: string;
  events: string[];
  created_at: string;
}

export interface WebhookAttempt {
  id: number;
  event_id: string;
  type: string;
  attempt: number;
  at: string;
  status: 'delivered' | 'retrying' | 'failed' | string;
  response_code: number | null;
  error: string;
  next_attempt_at: string | null;
}
