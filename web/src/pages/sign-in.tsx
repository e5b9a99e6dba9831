// Sign in: username and password, and for an account whose password is one-time, the new
// password its owner chooses. Every failure looks the same, whatever was wrong.
import { useState } from 'preact/hooks';
import type { ApiError } from '../api/client';
import * as endpoints from '../api/endpoints';
import { KeyIcon } from '../components/icons';
import { ErrorNotice, Notice } from '../components/notice';
import { navigate, useLocation } from '../lib/router';
import { keepCsrfToken, peekRevealToken } from '../lib/session-storage';
import { asApiError } from '../lib/use-load';

const kMinPassword = 12;

// Only pages of the console are places to come back to.
function safeNext(next: string | null): string {
  return next && next.startsWith('/console/') && !next.startsWith('//') ? next : '/console/';
}

export function SignInPage({ onSignedIn }: { onSignedIn: () => Promise<void> }) {
  const { search } = useLocation();
  const reason = search.get('reason');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [choosing, setChoosing] = useState(false);
  const [newPassword, setNewPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [problem, setProblem] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    setProblem('');
    if (choosing) {
      if ([...newPassword].length < kMinPassword) return setProblem(`Choose a password of at least ${kMinPassword} characters.`);
      if (newPassword !== repeat) return setProblem('The two new passwords differ; type the same one twice.');
    }
    setBusy(true);
    try {
      const signed = await endpoints.signIn(username, password, choosing ? newPassword : undefined);
      keepCsrfToken(signed.csrf_token);
      await onSignedIn();
      navigate(safeNext(search.get('next')), { replace: true });
    } catch (err) {
      const apiError = asApiError(err);
      if (apiError.code === 'password_change_required') setChoosing(true);
      else setError(apiError);
      setBusy(false);
    }
  };

  return (
    <main id="main" class="signin">
      <div class="signin-card">
        <p class="signin-brand">
          <span class="brand-mark" aria-hidden="true">
            <KeyIcon />
          </span>
          Keyward
        </p>
        <h1>{choosing ? 'Choose your password' : 'Sign in'}</h1>
        {reason === 'expired' && !choosing && (
          <Notice kind="info">Your session has ended. Sign in again to go back to the page you were on.</Notice>
        )}
        {reason === 'signed-out' && !choosing && <Notice kind="success">You are signed out.</Notice>}
        {peekRevealToken() && !choosing && <Notice kind="info">Sign in to see the key your one-time link holds.</Notice>}
        {choosing && (
          <Notice kind="info">
            The password you were given works for this one sign-in. Choose your own password of at least {kMinPassword}{' '}
            characters; you will sign in with it from now on.
          </Notice>
        )}
        <form onSubmit={submit} class="form" noValidate>
          {!choosing && (
            <>
              <div class="field">
                <label for="username">Username</label>
                <input id="username" name="username" type="text" autoComplete="username" required value={username}
                  onInput={(e) => setUsername(e.currentTarget.value)} />
              </div>
              <div class="field">
                <label for="password">Password</label>
                <input id="password" name="password" type="password" autoComplete="current-password" required
                  value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
              </div>
            </>
          )}
          {choosing && (
            <>
              <div class="field">
                <label for="new-password">New password</label>
                <input id="new-password" type="password" autoComplete="new-password" required value={newPassword}
                  aria-describedby="new-password-hint" onInput={(e) => setNewPassword(e.currentTarget.value)} />
                <p class="field-hint" id="new-password-hint">
                  At least {kMinPassword} characters. A phrase of a few words is easy to remember and hard to guess.
                </p>
              </div>
              <div class="field">
                <label for="repeat-password">Repeat the new password</label>
                <input id="repeat-password" type="password" autoComplete="new-password" required value={repeat}
                  onInput={(e) => setRepeat(e.currentTarget.value)} />
              </div>
            </>
          )}
          {problem && (
            <p class="field-error" role="alert">
              {problem}
            </p>
          )}
          <ErrorNotice error={error} />
          <button type="submit" class="button button-primary button-block" disabled={busy}>
            {busy ? 'Signing in…' : choosing ? 'Set password and sign in' : 'Sign in'}
          </button>
        </form>
      </div>
    </main>
  );
}
