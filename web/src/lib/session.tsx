// Who is signed in, and what they may do: the console offers only what the user's role allows
// (the server still decides every request).
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Me, Organization, Role } from '../api/types';

export interface Session {
  me: Me;
  // The organizations the user may open: their own, or every one for a system administrator.
  orgs: Organization[];
  refresh(): Promise<void>;
  signOut(): Promise<void>;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a signed-in page');
  return session;
}

export function roleIn(me: Me, orgId: string): Role | null {
  return me.memberships.find((m) => m.org_id === orgId)?.role ?? null;
}

// A system administrator, or an administrator of the organization.
export function administers(me: Me, orgId: string): boolean {
  return me.system_admin || roleIn(me, orgId) === 'admin';
}

export function orgName(session: Session, orgId: string): string {
  return session.orgs.find((o) => o.id === orgId)?.name ?? orgId;
}

// Where "Organization Settings" opens: the user's home organization.
export function homeOrg(me: Me): string | null {
  return me.memberships[0]?.org_id ?? null;
}
