// A small client-side router over the History API: the console's pages are paths under
// /console/, which the server answers with the same index.html.
import type { ComponentChildren, JSX } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';

export interface Location {
  path: string;
  search: URLSearchParams;
}

const listeners = new Set<() => void>();
const address = () => window.location.pathname + window.location.search;

window.addEventListener('popstate', () => listeners.forEach((l) => l()));

export function navigate(to: string, options: { replace?: boolean } = {}) {
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  listeners.forEach((l) => l());
  window.scrollTo(0, 0);
}

export function useLocation(): Location {
  const [href, setHref] = useState(address);
  useEffect(() => {
    const update = () => setHref(address());
    listeners.add(update);
    // Effects run children first: a child may have navigated before this one listened.
    update();
    return () => {
      listeners.delete(update);
    };
  }, []);
  return useMemo(() => {
    const url = new URL(href, window.location.origin);
    return { path: url.pathname.replace(/\/+$/, '') || '/', search: url.searchParams };
  }, [href]);
}

// The path and query of this page, to come back to after signing in.
export function here(): string {
  return window.location.pathname + window.location.search;
}

type LinkProps = JSX.HTMLAttributes<HTMLAnchorElement> & { href: string; children: ComponentChildren };

// An <a> that changes pages without reloading; modified clicks (new tab) behave as usual.
export function Link({ href, children, ...rest }: LinkProps) {
  const onClick = (e: MouseEvent) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(href);
  };
  return (
    <a href={href} onClick={onClick} {...rest}>
      {children}
    </a>
  );
}

// Matches "/console/orgs/:org/:tab" against a path; the named segments, or null.
export function match(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    if (want[i].startsWith(':')) params[want[i].slice(1)] = decodeURIComponent(got[i]);
    else if (want[i] !== got[i]) return null;
  }
  return params;
}
