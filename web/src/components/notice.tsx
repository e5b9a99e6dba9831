// Messages on a screen: the result of an action, a warning, or an error in words.
import type { ComponentChildren } from 'preact';
import type { ApiError } from '../api/client';
import { CheckIcon, InfoIcon, WarningIcon } from './icons';

type Kind = 'success' | 'info' | 'warning' | 'error';

export function Notice({ kind, title, children }: { kind: Kind; title?: string; children?: ComponentChildren }) {
  const Icon = kind === 'success' ? CheckIcon : kind === 'info' ? InfoIcon : WarningIcon;
  return (
    <div class={`notice notice-${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      <Icon class="notice-icon" />
      <div class="notice-text">
        {title && <p class="notice-title">{title}</p>}
        {children}
      </div>
    </div>
  );
}

// An API error as the server explained it, with every detail it gave.
export function ErrorNotice({ error, title }: { error: ApiError | null; title?: string }) {
  if (!error) return null;
  return (
    <Notice kind="error" title={title ?? error.message}>
      {title && <p>{error.message}</p>}
      {error.details.length > 0 && (
        <ul class="notice-details">
          {error.details.map((d) => (
            <li key={d}>{d}</li>
          ))}
        </ul>
      )}
    </Notice>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p class="loading" role="status">
      Loading {what}…
    </p>
  );
}
