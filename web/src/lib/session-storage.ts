// What the console keeps in the browser between page loads. The session cookie is HttpOnly and
// out of reach; its CSRF token is kept in localStorage, which only pages of this origin can read,
// so every tab of the console can make changes. A one-time reveal token waits in sessionStorage
// (this tab only) while its owner signs in, so it never travels in a URL to the server.
const kCsrf = 'keyward.csrf';
const kRevealToken = 'keyward.reveal-token';

export function csrfToken(): string | null {
  return localStorage.getItem(kCsrf);
}

export function keepCsrfToken(token: string | null) {
  if (token) localStorage.setItem(kCsrf, token);
  else localStorage.removeItem(kCsrf);
}

export function keepRevealToken(token: string) {
  sessionStorage.setItem(kRevealToken, token);
}

export function takeRevealToken(): string | null {
  const token = sessionStorage.getItem(kRevealToken);
  sessionStorage.removeItem(kRevealToken);
  return token;
}

export function peekRevealToken(): boolean {
  return sessionStorage.getItem(kRevealToken) !== null;
}
