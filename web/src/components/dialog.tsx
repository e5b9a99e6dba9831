// Modal dialogs on the browser's own <dialog>: focus moves in and is kept there, Escape closes,
// and focus returns to what opened it.
import type { ComponentChildren } from 'preact';
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import type { ApiError } from '../api/client';
import { asApiError } from '../lib/use-load';
import { ErrorNotice } from './notice';

interface DialogProps {
  title: string;
  onClose: () => void;
  children: ComponentChildren;
  actions: ComponentChildren;
  // Submitting the form runs this (Enter in a field, or the submit button).
  onSubmit?: () => void;
}

export function Dialog({ title, onClose, children, actions, onSubmit }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current!;
    dialog.showModal();
    return () => {
      if (dialog.open) dialog.close();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      class="dialog"
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <form
        method="dialog"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          onSubmit?.();
        }}
      >
        <h2 id={titleId} class="dialog-title">
          {title}
        </h2>
        <div class="dialog-body">{children}</div>
        <div class="dialog-actions">{actions}</div>
      </form>
    </dialog>
  );
}

interface ActionsProps {
  onCancel: () => void;
  label: string;  // what the submit button does: "Save API key"
  busyLabel: string;  // while it runs: "Saving…"
  busy: boolean;
  danger?: boolean;
}

// A dialog's Cancel and submit buttons, the submit one disabled while its request runs.
export function DialogActions({ onCancel, label, busyLabel, busy, danger }: ActionsProps) {
  return (
    <>
      <button type="button" class="button" onClick={onCancel}>
        Cancel
      </button>
      <button type="submit" class={`button ${danger ? 'button-danger' : 'button-primary'}`} disabled={busy}>
        {busy ? busyLabel : label}
      </button>
    </>
  );
}

interface ConfirmProps<T> {
  title: string;
  // What will happen, and who will notice.
  children: ComponentChildren;
  confirmLabel: string;
  danger?: boolean;
  action: () => Promise<T>;
  onDone: (result: T) => void;
  onCancel: () => void;
}

// Asks before a change, runs it, and shows the server's refusal in the dialog that asked.
export function ConfirmDialog<T>({ title, children, confirmLabel, danger, action, onDone, onCancel }: ConfirmProps<T>) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const run = async () => {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const result = await action();
      onDone(result);
    } catch (e) {
      setError(asApiError(e));
      setBusy(false);
    }
  };
  return (
    <Dialog
      title={title}
      onClose={onCancel}
      onSubmit={run}
      actions={<DialogActions onCancel={onCancel} label={confirmLabel} busyLabel="Working…" busy={busy} danger={danger} />}
    >
      {children}
      <ErrorNotice error={error} />
    </Dialog>
  );
}
