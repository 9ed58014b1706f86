// The parsers of Windows programs' output (sc, whoami, icacls, reg), on what real Windows prints (CRLF line ends,
// column padding), kept in test/fixtures/windows/. Wine's own programs print less (see docs/windows.md), so these
// outputs are covered here rather than under Wine. And the live-folder choice that uses them.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import t from 'tap';
import { chooseLiveVersion } from '../../src/discover/installDir';
import { isElevatedGroupList } from '../../src/system/elevation';
import { nonAdminWriter } from '../../src/system/pathTrust';
import { parseRegQueryBinary, parseRegQueryDword, parseRegQueryValue } from '../../src/discover/registry';
import { parseWinHttpSettings } from '../../src/evidence/winHttpProxy';
import { dword, winHttpSettings } from '../helpers/winHttpSettings';
import { executableOf, parseScQc, parseScQueryList, serviceVersionFolder } from '../../src/discover/services';
import { pickListedService, queryServices } from '../../src/evidence/service';
import type { BoundedRun } from '../../src/system/runBounded';
import { defaultReferenceUrl } from '../../src/contract/options';

const fixture = (name: string) => readFileSync(path.join(__dirname, '../fixtures/windows', name), 'utf8');

t.test('sc queryex type= service state= all: names and states, CiscoAMP services picked by prefix', async (t) => {
  const services = parseScQueryList(fixture('sc-queryex.txt'));
  t.same(
    services.map((s) => [s.name, s.state, s.running]),
    [
      ['AJRouter', 'STOPPED', false],
      ['CiscoAMP', 'RUNNING', true],
      ['Dhcp', 'RUNNING', true],
    ],
  );
  t.same(
    services.filter((s) => /^CiscoAMP/i.test(s.name)).map((s) => s.name),
    ['CiscoAMP'],
  );
});

t.test('sc qc: the image path, quoted (8.x) or not and with arguments (7.x)', async (t) => {
  t.equal(parseScQc(fixture('sc-qc-ciscoamp.txt')).binaryPath, 'C:\\Program Files\\Cisco\\AMP\\8.1.7.21417\\sfc.exe');
  t.equal(parseScQc(fixture('sc-qc-unquoted.txt')).binaryPath, 'C:\\Program Files\\Cisco\\AMP\\7.5.5\\sfc.exe');
  t.equal(
    parseScQc('[SC] OpenService FAILED 1060:\r\n\r\nThe specified service does not exist as an installed service.\r\n')
      .binaryPath,
    null,
  );
  t.equal(executableOf('"C:\\a b\\x.exe" -s'), 'C:\\a b\\x.exe');
  t.equal(executableOf('C:\\Windows\\system32\\svchost.exe -k netsvcs'), 'C:\\Windows\\system32\\svchost.exe');
});

t.test(
  'the service image path names a version folder of the install root, compared as Windows compares paths',
  async (t) => {
    const root = 'C:\\Program Files\\Cisco\\AMP';
    t.equal(serviceVersionFolder('C:\\Program Files\\Cisco\\AMP\\8.1.7.21417\\sfc.exe', root), '8.1.7.21417');
    t.equal(serviceVersionFolder('c:\\program files\\cisco\\amp\\8.1.7.21417\\sfc.exe', `${root}\\`), '8.1.7.21417');
    t.equal(
      serviceVersionFolder('D:\\Elsewhere\\8.1.7\\sfc.exe', root),
      null,
      'a service outside the root is not this install',
    );
  },
);

t.test(
  'live folder: from the service, a higher folder is an upgrade pending; without a service, the highest',
  async (t) => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'tetra-live-'));
    t.teardown(() => rmSync(root, { recursive: true, force: true }));
    for (const version of ['8.1.5.21322', '8.1.7.21417']) {
      mkdirSync(path.join(root, version));
      writeFileSync(path.join(root, version, 'sfc.exe'), '');
    }
    const service = (imagePath: string, running = true) => ({
      name: 'CiscoAMP',
      state: running ? 'RUNNING' : 'STOPPED',
      running,
      imagePath,
    });
    t.same(await chooseLiveVersion(root, '8.1.7.21417', [service(path.join(root, '8.1.5.21322', 'sfc.exe'))]), {
      liveVersion: '8.1.5.21322',
      liveVia: 'service',
      pendingVersion: '8.1.7.21417',
    });
    t.same(await chooseLiveVersion(root, '8.1.7.21417', [service(path.join(root, '8.1.7.21417', 'sfc.exe'))]), {
      liveVersion: '8.1.7.21417',
      liveVia: 'service',
      pendingVersion: null,
    });
    t.same(await chooseLiveVersion(root, '8.1.7.21417', []), {
      liveVersion: '8.1.7.21417',
      liveVia: 'highest',
      pendingVersion: null,
    });
    t.same(
      await chooseLiveVersion(root, '8.1.7.21417', [service(path.join(root, '9.9.9', 'sfc.exe'))]),
      { liveVersion: '8.1.7.21417', liveVia: 'highest', pendingVersion: null },
      'a service folder without sfc.exe is not trusted',
    );
  },
);

t.test('service state from the listed CiscoAMP services: the one running the live folder first', async (t) => {
  const listed = [
    {
      name: 'CiscoAMPCEFWDriver',
      state: 'RUNNING',
      running: true,
      imagePath: 'C:\\Windows\\system32\\drivers\\ciscoampcefw.sys',
    },
    {
      name: 'CiscoAMP',
      state: 'STOPPED',
      running: false,
      imagePath: 'C:\\Program Files\\Cisco\\AMP\\8.1.7.21417\\sfc.exe',
    },
  ];
  t.match(pickListedService(listed, '8.1.7.21417'), { state: 'ok', value: { name: 'CiscoAMP', running: false } });
  t.match(
    pickListedService(listed, null),
    { state: 'ok', value: { name: 'CiscoAMP' } },
    "the connector's own name before another running CiscoAMP* service",
  );
  t.match(
    pickListedService([{ name: 'CiscoAMP_7.5.5', state: 'STOPPED', running: false, imagePath: null }, listed[0]], null),
    { value: { name: 'CiscoAMP_7.5.5' } },
  );
  t.match(pickListedService([], '8.1.7.21417'), { state: 'failed', error: /starts with CiscoAMP/ });
});

t.test('whoami /groups as SYSTEM and as a standard user; icacls of Program Files; reg query', async (t) => {
  t.ok(isElevatedGroupList(fixture('whoami-groups-system.txt')));
  t.notOk(isElevatedGroupList(fixture('whoami-groups-medium.txt')));
  t.equal(nonAdminWriter(fixture('icacls-program-files.txt')), null, 'Users read and execute only');
  t.equal(
    nonAdminWriter(fixture('icacls-program-files.txt').replace('BUILTIN\\Users:(I)(RX)', 'BUILTIN\\Users:(I)(M)')),
    'BUILTIN\\Users',
  );
  t.equal(parseRegQueryValue(fixture('reg-query-installdir.txt'), 'InstallDir'), 'C:\\Program Files\\Cisco\\AMP');
});

t.test('reg query of a DWORD: DisableRootAutoUpdate (automatic root update turned off by policy)', async (t) => {
  t.equal(parseRegQueryDword(fixture('reg-query-disablerootautoupdate.txt'), 'DisableRootAutoUpdate'), 1);
  t.equal(parseRegQueryDword('    DisableRootAutoUpdate    REG_DWORD    0x0\r\n', 'DisableRootAutoUpdate'), 0);
  t.equal(parseRegQueryDword(fixture('reg-query-installdir.txt'), 'DisableRootAutoUpdate'), null, 'another value');
});

t.test('the reference follows Windows bitness: av32bit only on a 32-bit Windows', async (t) => {
  t.match(
    defaultReferenceUrl({ PROCESSOR_ARCHITECTURE: 'x86', SystemRoot: 'C:\\Windows' }, 'ia32'),
    /\/av32bit\/versions\.id$/,
  );
  t.match(
    defaultReferenceUrl({ PROCESSOR_ARCHITECTURE: 'x86', PROCESSOR_ARCHITEW6432: 'AMD64' }, 'ia32'),
    /\/av64bit\//,
    'a 32-bit process on 64-bit Windows (WOW64)',
  );
  t.match(defaultReferenceUrl({ PROCESSOR_ARCHITECTURE: 'AMD64' }, 'x64'), /\/av64bit\//);
  t.match(defaultReferenceUrl({ PROCESSOR_ARCHITECTURE: 'ARM64' }, 'arm64'), /\/av64bit\//);
  t.match(
    defaultReferenceUrl({ SystemRoot: 'C:\\Windows' }, 'ia32'),
    /\/av32bit\//,
    'no variable: an x86 process on Windows',
  );
  t.match(defaultReferenceUrl({}, 'x64'), /\/av64bit\//, 'off Windows');
});

// WinHttpSettings values are made by test/helpers/winHttpSettings.ts from the documented layout, not captured from
// a Windows machine; the fixture file holds one of them as `reg query` prints it.
const UPDATE_SERVER = 'https://tetra-defs.amp.cisco.com/';

t.test('reg query of WinHttpSettings (REG_BINARY): the proxy netsh winhttp set proxy wrote', async (t) => {
  const value = parseRegQueryBinary(fixture('reg-query-winhttpsettings.txt'), 'WinHttpSettings', 1024);
  t.same(value, winHttpSettings(0x28, 3, 'proxy.corp:8080', '<local>;*.corp'), 'the hex read back');
  t.same(parseWinHttpSettings(value!, UPDATE_SERVER), {
    direct: false,
    proxyServers: 'proxy.corp:8080',
    bypassList: '<local>;*.corp',
    forUpdateServer: { host: 'proxy.corp', port: 8080 },
    from: 'registry',
  });
  t.equal(parseRegQueryBinary(fixture('reg-query-winhttpsettings.txt'), 'WinHttpSettings', 8), null, 'too long');
  t.equal(parseRegQueryBinary(fixture('reg-query-installdir.txt'), 'WinHttpSettings', 1024), null, 'no such value');
  t.same(parseRegQueryBinary('    WinHttpSettings    REG_BINARY    \r\n', 'WinHttpSettings', 1024), Buffer.alloc(0));
});

t.test('WinHttpSettings: direct access, per-scheme lists, the 0x18 header', async (t) => {
  t.same(parseWinHttpSettings(winHttpSettings(0x18, 1, '', ''), UPDATE_SERVER), {
    direct: true,
    proxyServers: null,
    bypassList: null,
    forUpdateServer: null,
    from: 'registry',
  });
  t.same(
    parseWinHttpSettings(winHttpSettings(0x28, 1), UPDATE_SERVER),
    parseWinHttpSettings(winHttpSettings(0x18, 1, '', ''), UPDATE_SERVER),
    'direct needs no lists',
  );
  const perScheme = parseWinHttpSettings(winHttpSettings(0x18, 3, 'http=a:3128;https=b:3129', ''), UPDATE_SERVER);
  t.match(perScheme, {
    proxyServers: 'http=a:3128;https=b:3129',
    bypassList: null,
    forUpdateServer: { host: 'b', port: 3129 },
  });
  const bypassed = parseWinHttpSettings(winHttpSettings(0x28, 3, 'p:8080', '*.cisco.com'), UPDATE_SERVER);
  t.match(bypassed, { direct: false, forUpdateServer: null }, 'the update server is in the bypass list');
});

t.test('WinHttpSettings: a malformed value is a reason, never a setting or a crash', async (t) => {
  const proxySet = winHttpSettings(0x28, 3, 'p:8080', '');
  const cases: Array<[string, Buffer, RegExp]> = [
    ['empty', Buffer.alloc(0), /0 bytes, shorter than its 12-byte header/],
    ['8 bytes', Buffer.alloc(8), /shorter than its 12-byte header/],
    ["WinINet's header", winHttpSettings(0x46, 3, 'p:8080', ''), /unknown header 0x46/],
    ['no proxy length', winHttpSettings(0x28, 3), /proxy list's length is missing/],
    ['a huge length', Buffer.concat([proxySet.subarray(0, 12), dword(0xffffffff)]), /proxy list is 4294967295 bytes/],
    ['cut short', proxySet.subarray(0, proxySet.length - 6), /proxy list is cut short/],
    ['no bypass length', winHttpSettings(0x28, 3, 'p:8080'), /bypass list's length is missing/],
    ['control characters', winHttpSettings(0x28, 3, 'p:80\x1b[2J', ''), /proxy list is not printable ASCII/],
    ['not ASCII', winHttpSettings(0x28, 3, 'p:80', 'caf\xe9'), /bypass list is not printable ASCII/],
    ['flag without a proxy', winHttpSettings(0x28, 3, '', ''), /proxy flag is set but the proxy list is empty/],
  ];
  for (const [name, value, reason] of cases) t.match(parseWinHttpSettings(value, UPDATE_SERVER), reason, name);
});

t.test(
  'sc query: an sc.exe that could not start or did not finish is reported so, not as no such service',
  async (t) => {
    const answer = (fields: Partial<BoundedRun>) => async (): Promise<BoundedRun> => ({
      exitCode: 1060,
      stdout: Buffer.alloc(0),
      timedOut: false,
      truncated: false,
      spawnError: null,
      ...fields,
    });
    const names = ['CiscoAMP', 'CiscoAMP_8.1.7.21417'];
    t.match(await queryServices(names, answer({})), {
      state: 'failed',
      error: 'no service named CiscoAMP or CiscoAMP_8.1.7.21417 answered sc.exe query',
    });
    t.match(await queryServices(names, answer({ exitCode: null, spawnError: 'spawn UNKNOWN' })), {
      state: 'failed',
      error: 'sc.exe could not be started: spawn UNKNOWN',
    });
    t.match(await queryServices(names, answer({ exitCode: null, timedOut: true })), {
      state: 'failed',
      error: 'sc.exe query CiscoAMP did not finish within 5 s',
    });
    const running = Buffer.from('SERVICE_NAME: CiscoAMP\r\n        STATE              : 4  RUNNING\r\n');
    t.match(await queryServices(names, answer({ exitCode: 0, stdout: running })), {
      state: 'ok',
      value: { name: 'CiscoAMP', state: 'RUNNING', running: true },
    });
  },
);
