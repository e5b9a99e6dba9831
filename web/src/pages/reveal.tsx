// /console/reveal: redeems the one-time link a key email carries and shows the key once. The link
// works once, for ten minutes, for the person it was sent to; after that it says so plainly.
import { useEffect, useState } from 'preact/hooks';
import type { ApiError } from '../api/client';
import * as endpoints from '../api/endpoints';
import type { Revealed } from '../api/types';
import { OneTimeSecret } from '../components/copy';
import { ErrorNotice, Loading, Notice } from '../components/notice';
import { Link } from '../lib/router';
import { orgName, useSession } from '../lib/session';
import { takeRevealToken } from '../lib/session-storage';
import { asApiError } from '../lib/use-load';

export function RevealPage() {
  const session = useSession();
  const [token] = useState(takeRevealToken);
  const [revealed, setRevealed] = useState<Revealed | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    if (token) endpoints.redeemLink(token).then(setRevealed, (e) => setError(asApiError(e)));
  }, [token]);

  let body;
  if (!token) {
    body = (
      <Notice kind="info" title="There is no key to show here.">
        <p>This page shows the key from a one-time link in a Keyward email. Open the link from the email.</p>
      </Notice>
    );
  } else if (revealed) {
    const label =
      revealed.credential === 'org_api_key' ? `API key of ${orgName(session, revealed.subject_id)}` : 'Your service key';
    body = (
      <OneTimeSecret label={label} value={revealed.value}>
        The link is used up now: copy the key before you leave this page. Opening the link again will not show it.
      </OneTimeSecret>
    );
  } else if (error && error.status === 404) {
    body = (
      <Notice kind="warning" title="This link can no longer be used.">
        <p>
          It was used already, or it has expired: each link works once, within ten minutes, for the person it was sent to.
          Ask for a new email from Organization Settings, API (or User Settings, API, for your service key).
        </p>
      </Notice>
    );
  } else if (error) {
    body = <ErrorNotice error={error} title="The key could not be shown." />;
  } else {
    body = <Loading what="your key" />;
  }
  return (
    <main id="main" class="content-narrow" tabIndex={-1}>
      <h1>Your key</h1>
      {body}
      <p>
        <Link href="/console/">Go to the console</Link>
      </p>
    </main>
  );
}
