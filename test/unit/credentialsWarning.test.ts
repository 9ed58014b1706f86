// The console credentials file's warning (Windows: users other than its owner can read it) is said by every command
// that read the file: `policy` and `fleet --secure-endpoint` alike, through one function. icacls answers only on
// Windows, so the warning is given as loadCredentials would have set it.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import t from 'tap';
import type { ConsoleSettings } from '../../src/console/settings';
import { credentialsFileWarnings } from '../../src/console/settings';
import { runFleet } from '../../src/fleet/index';
import type { FleetArgs } from '../../src/fleet/options';
import { json, tempDir } from '../helpers/fleetData';

const WARNING =
  'the credentials file C:\\Admin\\se.env can be read by BUILTIN\\Users: give only your account, SYSTEM and Administrators access to it';

const settings = (fileWarning?: string): ConsoleSettings => ({
  // Nothing listens on port 9: the console part fails at once, and --allow-partial keeps the report.
  baseUrl: 'https://127.0.0.1:9',
  caPem: null,
  credentials: {
    clientId: 'id',
    apiKey: 'key',
    bearerToken: null,
    xdrClientId: null,
    xdrClientPassword: null,
    ...(fileWarning ? { fileWarning } : {}),
  },
  xdrTokenUrl: null,
  timeoutMs: 2000,
  maxRetries: 0,
  maxRetryAfterMs: 0,
  maxPages: 1,
});

t.test('one function says the warning, and nothing without one', async (t) => {
  t.same(credentialsFileWarnings(settings(WARNING).credentials), [WARNING]);
  t.same(credentialsFileWarnings(settings().credentials), []);
  t.same(credentialsFileWarnings(null), [], 'no console asked for');
});

t.test('fleet --secure-endpoint prints the credentials-file warning, as policy does', async (t) => {
  const dir = tempDir(t);
  writeFileSync(path.join(dir, 'pc1.json'), json({ host: 'PC-1', status: 'healthy' }));
  const args: FleetArgs = {
    inputs: [dir],
    format: 'json',
    csv: null,
    html: null,
    lang: 'en',
    top: 10,
    graph: null,
    console: settings(WARNING),
    maxResultAgeDays: 30,
    allowPartial: true,
    now: new Date(),
    ship: null,
  };
  const outcome = await runFleet(
    args,
    () => import('../../src/fleet/graphClient'),
    () => import('../../src/console/index'),
  );
  t.ok(outcome.warnings.includes(WARNING), outcome.warnings.join('\n'));
  t.equal(outcome.warnings.filter((w) => w === WARNING).length, 1, 'said once');
  const without = await runFleet(
    { ...args, console: settings() },
    () => import('../../src/fleet/graphClient'),
    () => import('../../src/console/index'),
  );
  t.notOk(
    without.warnings.some((w) => w.includes('credentials file')),
    'no warning when the file is not readable by others',
  );
});
