// The console: who is signed in, and which page the address names.
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { whenSessionLost } from './api/client';
import * as endpoints from './api/endpoints';
import type { Me, Organization } from './api/types';
import { TopBar } from './components/layout';
import { Loading, Notice } from './components/notice';
import { here, match, navigate, useLocation } from './lib/router';
import { type Session, SessionContext, homeOrg, useSession } from './lib/session';
import { csrfToken, keepCsrfToken } from './lib/session-storage';
import { OrgSettings } from './pages/org-settings';
import { RevealPage } from './pages/reveal';
import { SignInPage } from './pages/sign-in';
import { SystemSettings } from './pages/system-settings';
import { UserSettings } from './pages/user-settings';

const kSignIn = '/console/signin';

export function signInAddress(next: string, reason?: 'expired' | 'signed-out'): string {
  const q = new URLSearchParams();
  if (next && next !== kSignIn && next.startsWith('/console')) q.set('next', next);
  if (reason) q.set('reason', reason);
  const s = q.toString();
  return s ? `${kSignIn}?${s}` : kSignIn;
}

type State = { kind: 'loading' } | { kind: 'signed-out' } | { kind: 'signed-in'; me: Me; orgs: Organization[] };

async function loadSession(): Promise<{ me: Me; orgs: Organization[] }> {
  const [me, orgs] = await Promise.all([endpoints.me(), endpoints.organizations()]);
  return { me, orgs: orgs.organizations };
}

export function App() {
  const location = useLocation();
  const [state, setState] = useState<State>(() => (csrfToken() ? { kind: 'loading' } : { kind: 'signed-out' }));

  const signedIn = useCallback(async () => {
    const loaded = await loadSession();
    setState({ kind: 'signed-in', ...loaded });
  }, []);

  useEffect(() => {
    // Any 401 means the session is over (expired, ended elsewhere, or the account locked):
    // sign in again, then come back here.
    whenSessionLost(() => {
      keepCsrfToken(null);
      setState({ kind: 'signed-out' });
      if (window.location.pathname !== kSignIn) navigate(signInAddress(here(), 'expired'), { replace: true });
    });
    if (state.kind === 'loading') signedIn().catch(() => setState({ kind: 'signed-out' }));
  }, []);

  const session = useMemo<Session | null>(() => {
    if (state.kind !== 'signed-in') return null;
    return {
      me: state.me,
      orgs: state.orgs,
      refresh: signedIn,
      signOut: async () => {
        try {
          await endpoints.signOut();
        } finally {
          keepCsrfToken(null);
          setState({ kind: 'signed-out' });
          navigate(signInAddress('', 'signed-out'));
        }
      },
    };
  }, [state, signedIn]);

  if (location.path === kSignIn) {
    return <SignInPage onSignedIn={signedIn} />;
  }
  if (state.kind === 'loading') return <Loading what="the console" />;
  if (state.kind === 'signed-out' || !session) return <RedirectToSignIn />;
  return (
    <SessionContext.Provider value={session}>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <TopBar />
      <Pages path={location.path} search={location.search} />
    </SessionContext.Provider>
  );
}

function Pages({ path, search }: { path: string; search: URLSearchParams }) {
  let params: Record<string, string> | null;
  if (path === '/console' || path === '/') return <Home />;
  if (path === '/console/reveal') return <RevealPage />;
  if ((params = match('/console/orgs/:org/:tab', path))) return <OrgSettings orgId={params.org} tab={params.tab} />;
  if ((params = match('/console/user/:tab', path))) return <UserSettings tab={params.tab} />;
  if ((params = match('/console/system/:tab', path))) return <SystemSettings tab={params.tab} search={search} />;
  return <NotFound />;
}

// /console/ itself: the user's organization, else what they can open.
function Home() {
  const { me } = useSession();
  const home = homeOrg(me);
  const target = home ? `/console/orgs/${home}/api` : me.system_admin ? '/console/system/api' : '/console/user/api';
  useEffect(() => navigate(target, { replace: true }), [target]);
  return null;
}

function RedirectToSignIn() {
  useEffect(() => navigate(signInAddress(here()), { replace: true }), []);
  return null;
}

function NotFound() {
  return (
    <main id="main" class="content-narrow">
      <h1>Page not found</h1>
      <Notice kind="info">
        There is no console page at this address. Use the user menu at the top right to find Organization, User and
        System Settings.
      </Notice>
    </main>
  );
}
