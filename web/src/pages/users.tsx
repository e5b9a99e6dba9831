// Organization Settings -> Users: the members and their roles; an administrator adds a person
// (who gets a one-time password), changes a role, unlocks an account and removes a member.
import { useState } from 'preact/hooks';
import type { ApiError } from '../api/client';
import * as endpoints from '../api/endpoints';
import type { AddedMember, Member, Role } from '../api/types';
import { OneTimeSecret } from '../components/copy';
import { ConfirmDialog, Dialog, DialogActions } from '../components/dialog';
import { Ellipsis, PlusIcon } from '../components/icons';
import { Menu } from '../components/menu';
import { ErrorNotice, Loading, Notice } from '../components/notice';
import { when } from '../lib/format';
import { useSession } from '../lib/session';
import { asApiError, useLoad } from '../lib/use-load';

type Pending = { kind: 'role'; member: Member; role: Role } | { kind: 'lock' | 'unlock' | 'remove'; member: Member };

function account(m: Member): string {
  if (m.locked) return `Locked until ${when(m.locked_until)}`;
  if (m.password_change_required) return 'Has not signed in yet';
  return 'Active';
}

export function UsersPanel({ orgId, orgName }: { orgId: string; orgName: string }) {
  const { me } = useSession();
  const list = useLoad(() => endpoints.members(orgId), [orgId]);
  const [adding, setAdding] = useState(false);
  const [added, setAdded] = useState<AddedMember | null>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  const [result, setResult] = useState<string | null>(null);
  const finish = (text: string) => {
    setPending(null);
    setResult(text);
    list.reload();
  };

  return (
    <section class="card" aria-labelledby="users-title">
      <div class="card-header">
        <div>
          <h2 id="users-title">Members</h2>
          <p class="card-description">Administrators manage the organization's keys and users; members use its API.</p>
        </div>
        <button type="button" class="button button-primary" onClick={() => { setResult(null); setAdding(true); }}>
          <PlusIcon />
          <span>Add user</span>
        </button>
      </div>
      {result && <Notice kind="success" title={result} />}
      {list.loading && !list.data && <Loading what="the members" />}
      <ErrorNotice error={list.error} />
      {list.data && (
        <div class="table-wrap">
          <table class="table">
            <caption class="visually-hidden">Members of {orgName}</caption>
            <thead>
              <tr>
                <th scope="col">Username</th>
                <th scope="col">Role</th>
                <th scope="col">Account</th>
                <th scope="col">Added</th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.data.members.map((m) => (
                <tr key={m.user_id} data-username={m.username}>
                  <th scope="row">
                    {m.username}
                    {m.user_id === me.id && <span class="muted"> (you)</span>}
                    {m.system_admin && <span class="badge badge-neutral">System administrator</span>}
                  </th>
                  <td>{m.role === 'admin' ? 'Administrator' : 'Member'}</td>
                  <td>
                    <span class={m.locked ? 'state state-locked' : 'state'}>{account(m)}</span>
                  </td>
                  <td>{when(m.created_at)}</td>
                  <td class="table-actions">
                    <Menu
                      label={`Actions for ${m.username}`}
                      buttonClass="icon-button"
                      button={<Ellipsis />}
                      sections={[
                        {
                          items: [
                            m.role === 'admin'
                              ? { label: 'Make member', onSelect: () => setPending({ kind: 'role', member: m, role: 'member' }) }
                              : { label: 'Make administrator', onSelect: () => setPending({ kind: 'role', member: m, role: 'admin' }) },
                            ...(m.locked ? [] : [{ label: 'Lock', onSelect: () => setPending({ kind: 'lock', member: m }) }]),
                            // Failed sign-ins lock a member for one network, which the list does not show:
                            // Unlock is offered whether or not the account itself is locked.
                            { label: 'Unlock', onSelect: () => setPending({ kind: 'unlock', member: m }) },
                            { label: 'Remove', danger: true, onSelect: () => setPending({ kind: 'remove', member: m }) },
                          ],
                        },
                      ]}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {adding && (
        <AddUserDialog
          orgId={orgId}
          onCancel={() => setAdding(false)}
          onAdded={(a) => {
            setAdding(false);
            list.reload();
            if (a.one_time_password) setAdded(a);
            else setResult(`${a.member.username} was added as ${a.member.role === 'admin' ? 'an administrator' : 'a member'}. They sign in with their own password.`);
          }}
        />
      )}
      {added && added.one_time_password && (
        <Dialog
          title={`${added.member.username} was added`}
          onClose={() => setAdded(null)}
          onSubmit={() => setAdded(null)}
          actions={
            <button type="submit" class="button button-primary">
              Done
            </button>
          }
        >
          <p>
            Give them this password. It works for one sign-in, at which they choose their own; then it no longer works.
          </p>
          <OneTimeSecret label={`One-time password of ${added.member.username}`} value={added.one_time_password} />
        </Dialog>
      )}
      {pending?.kind === 'role' && (
        <ConfirmDialog
          title={pending.role === 'admin' ? `Make ${pending.member.username} an administrator?` : `Make ${pending.member.username} a member?`}
          confirmLabel={pending.role === 'admin' ? 'Make administrator' : 'Make member'}
          action={() => endpoints.setMemberRole(orgId, pending.member.user_id, pending.role)}
          onCancel={() => setPending(null)}
          onDone={(m) => finish(`${m.username} is now ${m.role === 'admin' ? 'an administrator' : 'a member'} of ${orgName}.`)}
        >
          <p>
            {pending.role === 'admin'
              ? `Administrators can show and rotate ${orgName}'s keys, create, roll and delete its API keys, manage its users and read its audit log.`
              : `Members use ${orgName}'s API and see its keys masked; they can no longer show, rotate or manage anything.`}
          </p>
        </ConfirmDialog>
      )}
      {pending?.kind === 'lock' && (
        <ConfirmDialog
          title={`Lock ${pending.member.username}?`}
          confirmLabel="Lock"
          danger
          action={() => endpoints.lockMember(orgId, pending.member.user_id)}
          onCancel={() => setPending(null)}
          onDone={(m) => finish(`${m.username} is locked until you unlock the account.`)}
        >
          <p>They cannot sign in from anywhere, and their service key gets 401, until an administrator unlocks the account.</p>
        </ConfirmDialog>
      )}
      {pending?.kind === 'unlock' && (
        <ConfirmDialog
          title={`Unlock ${pending.member.username}?`}
          confirmLabel="Unlock"
          action={() => endpoints.unlockMember(orgId, pending.member.user_id)}
          onCancel={() => setPending(null)}
          onDone={(m) => finish(`${m.username} is unlocked and can sign in again.`)}
        >
          <p>They can sign in again at once, from every network: their failed sign-ins are forgotten, and their service key works again.</p>
        </ConfirmDialog>
      )}
      {pending?.kind === 'remove' && (
        <ConfirmDialog
          title={`Remove ${pending.member.username} from ${orgName}?`}
          confirmLabel="Remove"
          danger
          action={() => endpoints.removeMember(orgId, pending.member.user_id)}
          onCancel={() => setPending(null)}
          onDone={() => finish(`${pending.member.username} was removed from ${orgName}.`)}
        >
          <p>
            Their service key stops working with {orgName}'s API key at once, and they can no longer open its settings. Their
            account stays: it may belong to other organizations.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}

function AddUserDialog({ orgId, onCancel, onAdded }: { orgId: string; onCancel: () => void; onAdded: (a: AddedMember) => void }) {
  const [username, setUsername] = useState('');
  const [role, setRole] = useState<Role>('member');
  const [problem, setProblem] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const save = async () => {
    setError(null);
    if (!username.trim()) return setProblem('Enter their username: their email address.');
    setProblem('');
    setBusy(true);
    try {
      onAdded(await endpoints.addMember(orgId, username.trim(), role));
    } catch (e) {
      setError(asApiError(e));
      setBusy(false);
    }
  };
  return (
    <Dialog
      title="Add user"
      onClose={onCancel}
      onSubmit={save}
      actions={<DialogActions onCancel={onCancel} label="Add user" busyLabel="Adding…" busy={busy} />}
    >
      <div class="field">
        <label for="new-username">Username</label>
        <input id="new-username" type="email" autoComplete="off" value={username} aria-describedby="new-username-hint"
          onInput={(e) => setUsername(e.currentTarget.value)} />
        <p class="field-hint" id="new-username-hint">
          Their email address. Someone new gets a one-time password, shown to you once.
        </p>
      </div>
      <div class="field">
        <label for="new-role">Role</label>
        <select id="new-role" value={role} onChange={(e) => setRole(e.currentTarget.value as Role)}>
          <option value="member">Member</option>
          <option value="admin">Administrator</option>
        </select>
      </div>
      {problem && (
        <p class="field-error" role="alert">
          {problem}
        </p>
      )}
      <ErrorNotice error={error} />
    </Dialog>
  );
}
