// Finds Debian's chromium for the browser tests. Without it a developer's run skips with a plain message; CI must
// have it (.ci/install-chromium.sh installs it), so there a missing browser fails the test instead.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** The browser binary itself: /usr/bin/chromium is a shell wrapper that playwright need not go through. */
const CANDIDATES = ['/usr/lib/chromium/chromium', '/usr/bin/chromium', '/usr/bin/chromium-browser'];

export function findChromium(): string | null {
  const found = CANDIDATES.find((p) => existsSync(p));
  if (found) return found;
  try {
    return execFileSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

/** The flags the project starts chromium with: nothing in the background may reach the network. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
