// The frame of every signed-in page: the top bar with the user menu at the right, and a settings
// area with its sections down the left.
import type { ComponentChildren } from 'preact';
import { homeOrg, orgName, useSession } from '../lib/session';
import { Link } from '../lib/router';
import { ChevronDown, KeyIcon } from './icons';
import { Menu, type MenuSection } from './menu';

function UserMenu() {
  const session = useSession();
  const { me } = session;
  const sections: MenuSection[] = [];
  if (me.memberships.length === 1) {
    sections.push({ items: [{ label: 'Organization Settings', href: `/console/orgs/${me.memberships[0].org_id}/api` }] });
  } else if (me.memberships.length > 1) {
    sections.push({
      heading: 'Organization Settings',
      items: me.memberships.map((m) => ({ label: orgName(session, m.org_id), href: `/console/orgs/${m.org_id}/api` })),
    });
  }
  sections.push({ items: [{ label: 'User Settings', href: '/console/user/api' }] });
  if (me.system_admin) sections.push({ items: [{ label: 'System Settings', href: '/console/system/api' }] });
  sections.push({ items: [{ label: 'Sign out', onSelect: () => void session.signOut() }] });
  return (
    <Menu
      label={`User menu for ${me.username}`}
      buttonClass="user-menu-button"
      button={
        <>
          <span class="avatar" aria-hidden="true">
            {me.username.charAt(0).toUpperCase()}
          </span>
          <span class="user-menu-name">{me.username}</span>
          <ChevronDown />
        </>
      }
      header={
        <>
          <p class="menu-user">{me.username}</p>
          <p class="menu-user-role">{me.system_admin ? 'System administrator' : 'Signed in'}</p>
        </>
      }
      sections={sections}
    />
  );
}

export function TopBar() {
  const { me } = useSession();
  const home = homeOrg(me);
  return (
    <header class="topbar">
      <Link class="brand" href={home ? `/console/orgs/${home}/api` : '/console/user/api'}>
        <span class="brand-mark" aria-hidden="true">
          <KeyIcon />
        </span>
        <span>Keyward</span>
      </Link>
      <UserMenu />
    </header>
  );
}

export interface Section {
  href: string;
  label: string;
  current: boolean;
}

// A settings area (Organization, User, System): its sections on the left, the page on the right.
export function SettingsLayout({
  area,
  context,
  sections,
  children,
}: {
  area: string;
  context?: ComponentChildren;
  sections: Section[];
  children: ComponentChildren;
}) {
  return (
    <div class="settings">
      <nav class="settings-nav" aria-label={area}>
        <p class="settings-area">{area}</p>
        {context && <div class="settings-context">{context}</div>}
        <ul>
          {sections.map((s) => (
            <li key={s.href}>
              <Link href={s.href} class="settings-link" aria-current={s.current ? 'page' : undefined}>
                {s.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" class="settings-main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}

export function PageHeader({ title, description, actions }: { title: string; description?: ComponentChildren; actions?: ComponentChildren }) {
  return (
    <div class="page-header">
      <div>
        <h1>{title}</h1>
        {description && <p class="page-description">{description}</p>}
      </div>
      {actions && <div class="page-actions">{actions}</div>}
    </div>
  );
}
