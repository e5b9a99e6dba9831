import { render } from 'preact';
import './styles.css';
import { App } from './app';
import { keepRevealToken } from './lib/session-storage';

// A one-time link's token arrives in the URL fragment. Take it out of the address bar (and the
// history) at once, and keep it in this tab while its owner signs in.
function takeTokenFromAddress(): boolean {
  if (!window.location.pathname.startsWith('/console/reveal') || !window.location.hash.startsWith('#token=')) {
    return false;
  }
  keepRevealToken(decodeURIComponent(window.location.hash.slice('#token='.length)));
  window.history.replaceState(null, '', window.location.pathname);
  return true;
}
takeTokenFromAddress();
// A link pasted into a tab already showing the page changes only the fragment: start over with it.
window.addEventListener('hashchange', () => {
  if (takeTokenFromAddress()) window.location.reload();
});

render(<App />, document.getElementById('app')!);
