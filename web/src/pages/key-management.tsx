// System Settings -> Security -> Key Management: Mask invalid IPs on login at the top, then the
// Organization API Key and Application Key policies (characters, minimum numerals, upper case
// and lower case), Save, and below, the keys that no longer comply.
import { useEffect, useState } from 'preact/hooks';
import * as endpoints from '../api/endpoints';
import type { KeyPolicy, SystemSettings } from '../api/types';
import { ConfirmDialog } from '../components/dialog';
import { ErrorNotice, Loading, Notice } from '../components/notice';
import { type PolicyField, kMaxKeyLength, kMinKeyLength, policyProblems } from '../lib/policy';
import { asApiError, useLoad } from '../lib/use-load';

type Draft = Record<PolicyField, string>;
const kFields: { field: PolicyField; label: string }[] = [
  { field: 'length', label: 'Characters' },
  { field: 'min_numerals', label: 'Minimum numerals' },
  { field: 'min_upper', label: 'Minimum upper case' },
  { field: 'min_lower', label: 'Minimum lower case' },
];

const toDraft = (p: KeyPolicy): Draft => ({
  length: String(p.length),
  min_numerals: String(p.min_numerals),
  min_upper: String(p.min_upper),
  min_lower: String(p.min_lower),
});
// Text that is not a whole number becomes NaN, which policyProblems reports.
const toPolicy = (d: Draft): KeyPolicy => {
  const n = (s: string) => (/^-?\d+$/.test(s.trim()) ? Number(s) : NaN);
  return { length: n(d.length), min_numerals: n(d.min_numerals), min_upper: n(d.min_upper), min_lower: n(d.min_lower) };
};

function PolicyFieldset({
  id,
  legend,
  draft,
  onChange,
  serverProblems,
}: {
  id: string;
  legend: string;
  draft: Draft;
  onChange: (d: Draft) => void;
  serverProblems: string[];
}) {
  const problems = policyProblems(toPolicy(draft));
  return (
    <fieldset class="policy" aria-describedby={`${id}-problems`}>
      <legend>{legend}</legend>
      <div class="policy-grid">
        {kFields.map(({ field, label }) => {
          const inputId = `${id}-${field}`;
          const problem = problems[field];
          return (
            <div class="field" key={field}>
              <label for={inputId}>{label}</label>
              <input
                id={inputId}
                type="number"
                inputMode="numeric"
                min={field === 'length' ? kMinKeyLength : 0}
                max={kMaxKeyLength}
                step={1}
                value={draft[field]}
                aria-invalid={!!problem}
                aria-describedby={problem ? `${inputId}-problem` : undefined}
                onInput={(e) => onChange({ ...draft, [field]: e.currentTarget.value })}
              />
              {problem && (
                <p class="field-error" id={`${inputId}-problem`}>
                  {problem}
                </p>
              )}
            </div>
          );
        })}
      </div>
      <ul class="field-errors" id={`${id}-problems`} aria-live="polite">
        {problems.sum && <li>{problems.sum}</li>}
        {serverProblems.map((p) => (
          <li key={p}>{p}</li>
        ))}
      </ul>
    </fieldset>
  );
}

export function KeyManagementPanel() {
  const loaded = useLoad(() => endpoints.keyPolicy(), []);
  const compliance = useLoad(() => endpoints.keyCompliance(), []);
  const [orgDraft, setOrgDraft] = useState<Draft | null>(null);
  const [appDraft, setAppDraft] = useState<Draft | null>(null);
  const [mask, setMask] = useState(false);
  const [keyInEmail, setKeyInEmail] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [saved, setSaved] = useState(false);
  const [serverProblems, setServerProblems] = useState<string[]>([]);

  useEffect(() => {
    if (!loaded.data) return;
    setOrgDraft(toDraft(loaded.data.org_api_key));
    setAppDraft(toDraft(loaded.data.application_key));
    setMask(loaded.data.mask_invalid_ips);
    setKeyInEmail(loaded.data.email_key_in_message);
  }, [loaded.data]);

  if (!loaded.data || !orgDraft || !appDraft) {
    return loaded.error ? <ErrorNotice error={loaded.error} /> : <Loading what="the key policy" />;
  }
  const proposed: SystemSettings = {
    org_api_key: toPolicy(orgDraft),
    application_key: toPolicy(appDraft),
    mask_invalid_ips: mask,
    email_key_in_message: keyInEmail,
  };
  const valid =
    Object.keys(policyProblems(proposed.org_api_key)).length === 0 &&
    Object.keys(policyProblems(proposed.application_key)).length === 0;
  const problemsOf = (prefix: string) =>
    serverProblems.filter((p) => p.startsWith(`${prefix}: `)).map((p) => p.slice(prefix.length + 2));
  const edited = (f: () => void) => {
    setSaved(false);
    setServerProblems([]);
    f();
  };
  const nonCompliant = compliance.data?.keys.filter((k) => !k.complies) ?? [];

  return (
    <>
      <section class="card" aria-labelledby="key-management">
        <h2 id="key-management">Key Management</h2>
        {saved && (
          <Notice kind="success" title="The key policy was saved.">
            <p>Keys generated from now on follow it. Existing keys keep working; those that no longer comply are listed below.</p>
          </Notice>
        )}
        <form
          class="form"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            if (valid) setConfirming(true);
          }}
        >
          <label class="choice choice-top">
            <input type="checkbox" checked={mask} onChange={(e) => edited(() => setMask(e.currentTarget.checked))} />
            <span>
              <strong>Mask invalid IPs on login</strong>
              <span class="field-hint">
                Failed sign-ins and failed authentications record the client's network (IPv4 /24, IPv6 /48) instead of its
                address.
              </span>
            </span>
          </label>
          <PolicyFieldset
            id="org-api-key"
            legend="Organization API Key"
            draft={orgDraft}
            onChange={(d) => edited(() => setOrgDraft(d))}
            serverProblems={problemsOf('org_api_key')}
          />
          <PolicyFieldset
            id="application-key"
            legend="Application Key"
            draft={appDraft}
            onChange={(d) => edited(() => setAppDraft(d))}
            serverProblems={problemsOf('application_key')}
          />
          <label class="choice">
            <input type="checkbox" checked={keyInEmail} onChange={(e) => edited(() => setKeyInEmail(e.currentTarget.checked))} />
            <span>
              <strong>Put the key itself in key emails</strong>
              <span class="field-hint">
                Off (recommended): emails carry a link that shows the key once, within ten minutes, to its recipient.
              </span>
            </span>
          </label>
          <div class="button-row">
            <button type="submit" class="button button-primary" disabled={!valid}>
              Save
            </button>
          </div>
        </form>
      </section>

      <section class="card" aria-labelledby="non-compliant">
        <h2 id="non-compliant">Keys that no longer comply</h2>
        {compliance.loading && !compliance.data && <Loading what="the compliance report" />}
        <ErrorNotice error={compliance.error} />
        {compliance.data && nonCompliant.length === 0 && <p>Every organization API key and application key complies with the policy.</p>}
        {nonCompliant.length > 0 && (
          <div class="table-wrap">
            <table class="table">
              <caption class="visually-hidden">Keys that break the key policy</caption>
              <thead>
                <tr>
                  <th scope="col">Key</th>
                  <th scope="col">Organization</th>
                  <th scope="col">Application</th>
                  <th scope="col">Problems</th>
                </tr>
              </thead>
              <tbody>
                {nonCompliant.map((k) => (
                  <tr key={`${k.kind}-${k.org_id}-${k.app_id ?? ''}`}>
                    <th scope="row">{k.kind === 'org_api_key' ? 'Organization API key' : 'Application key'}</th>
                    <td>{k.org_name}</td>
                    <td>{k.app_name ?? '—'}</td>
                    <td>{k.violations.join('; ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      {confirming && (
        <ConfirmDialog
          title="Save the key policy?"
          confirmLabel="Save"
          action={async () => {
            try {
              return await endpoints.saveKeyPolicy(proposed);
            } catch (e) {
              setServerProblems(asApiError(e).details);  // shown beside their policy too
              throw e;
            }
          }}
          onCancel={() => setConfirming(false)}
          onDone={() => {
            setConfirming(false);
            setSaved(true);
            loaded.reload();
            compliance.reload();
          }}
        >
          <p>
            Organization API keys and application keys generated from now on follow the new policy, and so must any value an
            administrator chooses. Keys in use keep working.
          </p>
        </ConfirmDialog>
      )}
    </>
  );
}
