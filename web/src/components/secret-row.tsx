// One credential in a settings list: its name, its value (masked unless shown), and what the
// viewer may do with it.
import type { ComponentChildren } from 'preact';
import { CopyButton } from './copy';

export function ValueRow({
  label,
  value,
  masked,
  actions,
  note,
}: {
  label: string;
  value: string;
  masked?: boolean;
  actions?: ComponentChildren;
  note?: ComponentChildren;
}) {
  return (
    <div class="value-item">
      <dt>{label}</dt>
      <dd>
        <div class="value-row">
          <code class={masked ? 'masked' : undefined}>
            {value}
          </code>
          {!masked && <CopyButton value={() => value} what={label} />}
          {actions}
        </div>
        {note && <p class="value-note">{note}</p>}
      </dd>
    </div>
  );
}
