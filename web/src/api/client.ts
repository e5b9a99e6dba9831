// The one way the console talks to Keyward: JSON over fetch, with the session's CSRF token on
// every change, and every failure turned into an ApiError whose message a person can read.
import { csrfToken } from '../lib/session-storage';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: string[] = [],
  ) {
    super(message);
  }
}

type SessionLost = () => void;
let onSessionLost: SessionLost = () => {};

// Called when the server answers 401 to a console request: the session expired, was ended
// elsewhere, or the account was locked. The app sends the user to sign in and back afterwards.
export function whenSessionLost(handler: SessionLost) {
  onSessionLost = handler;
}

export interface RequestOptions {
  body?: unknown;
  // A 401 here is an answer (a wrong password), not a lost session.
  signingIn?: boolean;
}

async function send(method: string, path: string, options: RequestOptions, accept: string) {
  const headers: Record<string, string> = { Accept: accept };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  const token = csrfToken();
  if (method !== 'GET' && token) headers['X-CSRF-Token'] = token;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch {
    throw new ApiError(0, 'unreachable', 'The Keyward server could not be reached. Check your connection and try again.');
  }
  if (response.ok) return response;
  let code = 'error';
  let message = `The server answered ${response.status} ${response.statusText}.`;
  let details: string[] = [];
  try {
    const body = await response.json();
    if (body && body.error) {
      code = String(body.error.code ?? code);
      message = sentence(String(body.error.message ?? message));
      if (Array.isArray(body.error.details)) details = body.error.details.map(String);
    }
  } catch {
    // Not JSON (a proxy's error page): the status line is all there is.
  }
  if (response.status === 401 && !options.signingIn) onSessionLost();
  if (response.status === 429) {
    const wait = response.headers.get('Retry-After');
    if (wait) message += ` Try again in ${wait} seconds.`;
  }
  throw new ApiError(response.status, code, message, details);
}

// The server writes messages as clauses ("only an administrator may ..."); show them as sentences.
function sentence(text: string): string {
  if (!text) return text;
  const capital = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

export async function api<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const response = await send(method, path, options, 'application/json');
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

// For routes that answer in their own format (the agent configuration).
export async function apiText(path: string): Promise<string> {
  const response = await send('GET', path, {}, '*/*');
  return response.text();
}
