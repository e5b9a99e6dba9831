// Organization Settings -> Webhooks (administrators): the endpoints told when the organization's
// credentials change, Add endpoint (its signing secret shown once), Delete, and each endpoint's
// delivery tries as Keyward recorded them (docs/api.md, "Lifecycle webhooks").
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../api/client';
import * as endpoints from '../api/endpoints';
import type { Webhook, WebhookAttempt } from '../api/types';
import { OneTimeSecret } from '../components/copy';
import { ConfirmDialog, Dialog, DialogActions } from '../components/dialog';
import { PlusIcon } from '../components/icons';
import { ErrorNotice, Loading, Notice } from '../components/notice';
import { day, timeOfDay, when } from '../lib/format';
import { asApiError, useLoad } from '../lib/use-load';

// Every event type, in the API's order, with what raises it.
const kEvents = [
  { name: 'key.created', what: 'A named key is created' },
  { name: 'key.rolled', what: 'A named key is rolled' },
  { name: 'key.disabled', what: 'A named key is disabled' },
  { name: 'key.deleted', what: 'A named key is deleted' },
  { name: 'key.expiring', what: 'A named key expires soon' },
  { name: 'key.expired', what: 'A named key expired' },
  { name: 'key.leaked', what: 'A secret scanner found a key in public' },
  { name: 'api_key.rotated', what: "The organization's API key is rotated or set" },
  { name: 'agent_key.rotated', what: "The agents' service key is rotated" },
];

function status(a: WebhookAttempt): string {
  switch (a.status) {
    case 'delivered':
      return 'Delivered';
    case 'retrying':
      return 'Retrying';
    case 'failed':
      return 'Failed';
    default:
      return a.status;
  }
}

export function WebhooksPanel({ orgId }: { orgId: string }) {
  const list = useLoad(() => endpoints.webhooks(orgId), [orgId]);
  const [adding, setAdding] = useState(false);
  const [added, setAdded] = useState<(Webhook & { secret: string }) | null>(null);
  const [deleting, setDeleting] = useState<Webhook | null>(null);
  const [watching, setWatching] = useState<Webhook | null>(null);
  const [result, setResult] = useState<string | null>(null);
  const hooks = list.data?.webhooks ?? [];
  return (
    <>
      <section class="card" aria-labelledby="webhooks-title">
        <div class="card-header">
          <div>
            <h2 id="webhooks-title">Endpoints</h2>
            <p class="card-description">
              Keyward sends each endpoint a signed POST when the events it chose happen, and tries again for 24 hours
              until it answers with a 2xx.
            </p>
          </div>
          <button type="button" class="button button-primary" onClick={() => { setResult(null); setAdding(true); }}>
            <PlusIcon />
            <span>Add endpoint</span>
          </button>
        </div>
        {result && <Notice kind="success" title={result} />}
        {list.loading && !list.data && <Loading what="the endpoints" />}
        <ErrorNotice error={list.error} />
        {list.data && (
          <div class="table-wrap">
            <table class="table">
              <caption class="visually-hidden">The organization's webhook endpoints</caption>
              <thead>
                <tr>
                  <th scope="col">URL</th>
                  <th scope="col">Events</th>
                  <th scope="col">Added</th>
                  <th scope="col">
                    <span class="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {hooks.length === 0 && (
                  <tr>
                    <td colSpan={4} class="table-empty">
                      No endpoints yet.
                    </td>
                  </tr>
                )}
                {hooks.map((h) => (
                  <tr key={h.id} data-webhook-id={h.id}>
                    <th scope="row" class="break">
                      <code>{h.url}</code>
                    </th>
                    <td>{h.events.join(', ')}</td>
                    <td class="nowrap">
                      <time dateTime={h.created_at} title={when(h.created_at)}>
                        {day(h.created_at)}
                      </time>
                    </td>
                    <td class="table-actions nowrap">
                      <button type="button" class="button button-small" aria-label={`Deliveries to ${h.url}`}
                        onClick={() => setWatching(h)}>
                        Deliveries
                      </button>{' '}
                      <button type="button" class="button button-small button-danger-outline" aria-label={`Delete ${h.url}`}
                        onClick={() => { setResult(null); setDeleting(h); }}>
                        Delete
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {watching && <Deliveries key={watching.id} orgId={orgId} hook={watching} />}

      {adding && (
        <AddDialog
          orgId={orgId}
          onCancel={() => setAdding(false)}
          onAdded={(h) => {
            setAdding(false);
            setAdded(h);
            list.reload();
          }}
        />
      )}
      {added && (
        <Dialog
          title="Endpoint added"
          onClose={() => setAdded(null)}
          onSubmit={() => setAdded(null)}
          actions={
            <button type="submit" class="button button-primary">
              Done
            </button>
          }
        >
          <p>
            Keyward signs every request to <code class="break">{added.url}</code> with this secret (the Standard Webhooks
            scheme): check the <code>webhook-signature</code> header with it before trusting a request.
          </p>
          <OneTimeSecret label="Signing secret" value={added.secret}>
            Copy the secret now and keep it with your receiver: this is the only time it is shown.
          </OneTimeSecret>
        </Dialog>
      )}
      {deleting && (
        <ConfirmDialog
          title="Delete this endpoint?"
          confirmLabel="Delete endpoint"
          danger
          action={() => endpoints.deleteWebhook(orgId, deleting.id)}
          onCancel={() => setDeleting(null)}
          onDone={() => {
            setResult(`The endpoint ${deleting.url} was deleted. Nothing more is sent to it.`);
            if (watching?.id === deleting.id) setWatching(null);
            setDeleting(null);
            list.reload();
          }}
        >
          <p>
            Nothing more is sent to <code class="break">{deleting.url}</code> from now on, retries of earlier events
            included. This cannot be undone.
          </p>
        </ConfirmDialog>
      )}
    </>
  );
}

function Deliveries({ orgId, hook }: { orgId: string; hook: Webhook }) {
  const tries = useLoad(() => endpoints.webhookDeliveries(orgId, hook.id), [orgId, hook.id]);
  const rows = tries.data?.deliveries ?? [];
  // The list opens below the endpoints: focus moves to it, so keyboard and screen reader users
  // land where it appeared.
  const title = useRef<HTMLHeadingElement>(null);
  useEffect(() => title.current?.focus(), []);
  return (
    <section class="card" aria-labelledby="deliveries-title">
      <div class="card-header">
        <div>
          <h2 id="deliveries-title" ref={title} tabIndex={-1}>
            Deliveries to {hook.url}
          </h2>
          <p class="card-description">Every try, newest first. An event that is retried keeps its event id.</p>
        </div>
        <button type="button" class="button button-small" onClick={tries.reload} disabled={tries.loading}>
          {tries.loading ? 'Refreshing…' : 'Refresh'}
        </button>
      </div>
      {tries.loading && !tries.data && <Loading what="the deliveries" />}
      <ErrorNotice error={tries.error} />
      {tries.data && (
        <div class="table-wrap">
          <table class="table table-compact">
            <caption class="visually-hidden">Delivery tries to {hook.url}</caption>
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Event</th>
                <th scope="col">Try</th>
                <th scope="col">Status</th>
                <th scope="col">Response</th>
              </tr>
            </thead>
            <tbody>
              {rows.length === 0 && (
                <tr>
                  <td colSpan={5} class="table-empty">
                    Nothing sent yet: events this endpoint chose are sent as they happen.
                  </td>
                </tr>
              )}
              {rows.map((a) => (
                <tr key={a.id}>
                  <td class="nowrap">
                    <time dateTime={a.at} title={when(a.at)}>
                      {day(a.at)}
                      <span class="time-of-day">{timeOfDay(a.at)}</span>
                    </time>
                  </td>
                  <td>
                    <code>{a.type}</code>
                  </td>
                  <td>{a.attempt}</td>
                  <td>
                    <span class={`outcome outcome-${a.status === 'delivered' ? 'success' : 'failure'}`}>{status(a)}</span>
                    {a.next_attempt_at && <span class="state-detail">next try {when(a.next_attempt_at)}</span>}
                  </td>
                  <td class="detail">
                    {a.response_code !== null ? `HTTP ${a.response_code}` : 'No answer'}
                    {a.error && <span class="state-detail">{a.error}</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function AddDialog({
  orgId,
  onCancel,
  onAdded,
}: {
  orgId: string;
  onCancel: () => void;
  onAdded: (h: Webhook & { secret: string }) => void;
}) {
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<string[]>([]);
  const [problem, setProblem] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const save = async () => {
    setError(null);
    if (!url.trim()) return setProblem('Give the URL Keyward should send events to.');
    if (events.length === 0) return setProblem('Choose at least one event to send.');
    setProblem('');
    setBusy(true);
    try {
      onAdded(await endpoints.createWebhook(orgId, url.trim(), kEvents.map((e) => e.name).filter((n) => events.includes(n))));
    } catch (e) {
      // The URL and the events stay as they were, to correct what the server named (in the
      // form's words: the API names the field "url").
      const refused = asApiError(e);
      setError(new ApiError(refused.status, refused.code, refused.message.replace(/^"url"/, 'The URL'), refused.details));
      setBusy(false);
    }
  };
  return (
    <Dialog
      title="Add endpoint"
      onClose={onCancel}
      onSubmit={save}
      actions={<DialogActions onCancel={onCancel} label="Add endpoint" busyLabel="Adding…" busy={busy} />}
    >
      <div class="field">
        <label for="webhook-url">URL</label>
        <input id="webhook-url" type="text" inputMode="url" class="input-mono" value={url} required
          aria-describedby="webhook-url-hint" onInput={(e) => setUrl(e.currentTarget.value)} />
        <p class="field-hint" id="webhook-url-hint">
          https://, such as https://hooks.example.com/keyward; plain http:// only to this machine (127.0.0.1, ::1,
          localhost).
        </p>
      </div>
      <fieldset class="field">
        <legend>Events</legend>
        {kEvents.map((e) => (
          <label class="choice" key={e.name}>
            <input type="checkbox" checked={events.includes(e.name)}
              onChange={(ev) =>
                setEvents(ev.currentTarget.checked ? [...events, e.name] : events.filter((n) => n !== e.name))
              } />
            <span>
              <code>{e.name}</code>
              <span class="field-hint">{e.what}</span>
            </span>
          </label>
        ))}
      </fieldset>
      {problem && (
        <p class="field-error" role="alert">
          {problem}
        </p>
      )}
      <ErrorNotice error={error} />
    </Dialog>
  );
}
