// Copying a value to the clipboard, and the panel that shows a secret this one time.
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { CheckIcon, CopyIcon, WarningIcon } from './icons';

export function CopyButton({
  value,
  label = 'Copy',
  what,
  compact,
}: {
  value: () => Promise<string> | string;
  label?: string;
  what: string;
  compact?: boolean;  // an icon only (in tables), named for assistive technology all the same
}) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(await value());
      setState('copied');
      setTimeout(() => setState('idle'), 2500);
    } catch {
      setState('failed');
    }
  };
  return (
    <>
      <button
        type="button"
        class={compact ? 'icon-button icon-button-bordered' : 'button button-small'}
        onClick={copy}
        aria-label={`${label} ${what}`}
        title={compact ? label : undefined}
      >
        {state === 'copied' ? <CheckIcon /> : <CopyIcon />}
        {!compact && <span>{state === 'copied' ? 'Copied' : label}</span>}
      </button>
      <span class="visually-hidden" role="status">
        {state === 'copied' ? `${what} copied to the clipboard` : ''}
      </span>
      {state === 'failed' && (
        <span class="field-error" role="alert">
          The browser refused the clipboard: select the value and copy it yourself.
        </span>
      )}
    </>
  );
}

// A secret shown once (a new key's token, a rotated key, a one-time password), with Copy and a
// plain warning that it cannot be shown again.
export function OneTimeSecret({ label, value, children }: { label: string; value: string; children?: ComponentChildren }) {
  return (
    <div class="one-time">
      <p class="one-time-warning">
        <WarningIcon />
        <span>{children ?? 'Copy it now: it will not be shown again.'}</span>
      </p>
      <p class="one-time-label">{label}</p>
      <div class="value-row">
        <code class="secret-value" data-secret={label}>
          {value}
        </code>
        <CopyButton value={() => value} what={label} />
      </div>
    </div>
  );
}
