// Organization Settings -> Audit log and System Settings -> Audit log: every credential
// operation, sign-in and policy change, newest first, filtered by kind of action and outcome,
// a page at a time.
import { useState } from 'preact/hooks';
import * as endpoints from '../api/endpoints';
import { ErrorNotice, Loading } from '../components/notice';
import { day, shortIds, timeOfDay, when } from '../lib/format';
import { useLoad } from '../lib/use-load';

const kActions: [string, string][] = [
  ['', 'All actions'],
  ['session', 'Sign-ins and sign-outs'],
  ['auth.failure', 'Failed authentication'],
  ['org.api_key', 'Organization API key'],
  ['org.agent_key', 'Agent service key'],
  ['org.credentials.reveal', 'Keys shown or downloaded'],
  ['credential', 'One-time links'],
  ['key', 'Named API keys'],
  ['org.member', 'Members'],
  ['user', 'Users and their service keys'],
  ['application', 'Applications and their keys'],
];
const kSystemActions: [string, string][] = [
  ['system', 'System settings and key policy'],
  ['org.create', 'Organizations created'],
];
const kPageSizes = [25, 50, 100];

export function AuditLogPanel({ orgId }: { orgId: string | null }) {
  const [action, setAction] = useState('');
  const [outcome, setOutcome] = useState('');
  const [limit, setLimit] = useState(25);
  // The cursors of the pages before this one, to go back to newer records.
  const [cursors, setCursors] = useState<(number | null)[]>([null]);
  const before = cursors[cursors.length - 1];
  const page = useLoad(() => endpoints.auditLog(orgId, { action, outcome, before, limit }), [orgId, action, outcome, before, limit]);
  const restart = () => setCursors([null]);

  return (
    <section class="card" aria-labelledby="audit-title">
      <h2 id="audit-title">Records</h2>
      <form class="filters" onSubmit={(e) => e.preventDefault()} aria-label="Filter the audit log">
        <div class="field field-inline">
          <label for="audit-action">Action</label>
          <select id="audit-action" value={action} onChange={(e) => { setAction(e.currentTarget.value); restart(); }}>
            {[...kActions, ...(orgId ? [] : kSystemActions)].map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div class="field field-inline">
          <label for="audit-outcome">Outcome</label>
          <select id="audit-outcome" value={outcome} onChange={(e) => { setOutcome(e.currentTarget.value); restart(); }}>
            <option value="">Any outcome</option>
            <option value="success">Success</option>
            <option value="failure">Failure</option>
            <option value="denied">Denied</option>
          </select>
        </div>
        <div class="field field-inline">
          <label for="audit-limit">Per page</label>
          <select id="audit-limit" value={limit} onChange={(e) => { setLimit(Number(e.currentTarget.value)); restart(); }}>
            {kPageSizes.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </div>
      </form>
      {page.loading && !page.data && <Loading what="the audit log" />}
      <ErrorNotice error={page.error} />
      {page.data && (
        <>
          <div class="table-wrap">
            <table class="table table-compact" aria-busy={page.loading}>
              <caption class="visually-hidden">Audit records, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Time</th>
                  <th scope="col">Actor</th>
                  <th scope="col">Action</th>
                  <th scope="col">Target</th>
                  <th scope="col">Outcome</th>
                  <th scope="col">Client</th>
                  <th scope="col">Detail</th>
                </tr>
              </thead>
              <tbody>
                {page.data.events.length === 0 && (
                  <tr>
                    <td colSpan={7} class="table-empty">
                      No records match.
                    </td>
                  </tr>
                )}
                {page.data.events.map((e) => (
                  <tr key={e.id}>
                    <td class="nowrap">
                      <time dateTime={e.at} title={when(e.at)}>
                        {day(e.at)}
                        <span class="time-of-day">{timeOfDay(e.at)}</span>
                      </time>
                    </td>
                    <td title={e.actor}>{shortIds(e.actor)}</td>
                    <td>
                      <code>{e.action}</code>
                    </td>
                    <td title={e.target}>{shortIds(e.target)}</td>
                    <td>
                      <span class={`outcome outcome-${e.outcome}`}>{e.outcome}</span>
                    </td>
                    <td>{e.client_ip}</td>
                    <td class="detail" title={e.detail}>
                      {shortIds(e.detail)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <nav class="pager" aria-label="Audit log pages">
            <button type="button" class="button" disabled={cursors.length === 1} onClick={() => setCursors(cursors.slice(0, -1))}>
              Newer
            </button>
            <span class="pager-position">Page {cursors.length}</span>
            <button
              type="button"
              class="button"
              disabled={page.data.next_before === null}
              onClick={() => setCursors([...cursors, page.data!.next_before])}
            >
              Older
            </button>
          </nav>
        </>
      )}
    </section>
  );
}
