// Class: parsers and patterns over outside text. A policy.xml or --ca-file shaped to make a pattern backtrack is
// read in linear time (the nesting pre-check scanned to the end of the file from every '<'; a lazy PEM pattern from
// every BEGIN), and XML references are decoded as XML 1.0 says: numeric references to allowed characters are the
// character, a reference to a character XML forbids makes the file not well-formed.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { detectOffline, policyXml, probeNowhere, tempDir, type Case, type Check } from '../kit';

const MiB = 1024 * 1024;

const updateServerIs = (url: string): Check => ({
  name: `the policy's update server, decoded, is ${url}`,
  check: (r) => (r.json?.updateServer === url ? null : `updateServer: ${r.json?.updateServer}`),
});

const policyRefused = (pattern: RegExp): Check => ({
  name: `policy.xml refused: ${pattern.source}`,
  check: (r) => (pattern.test(r.json?.sources?.policy?.error ?? '') ? null : JSON.stringify(r.json?.sources?.policy)),
});

let id = 0;
const next = () => `RX${String(++id).padStart(2, '0')}`;
const area = 'parsers and patterns';

export const PATTERNS: Case[] = [
  {
    id: next(),
    area,
    input: 'policy.xml of 1 MiB: "<a" repeated, no ">" after them (the nesting pre-check was quadratic)',
    exit: 0,
    codes: ['POLICY_UNREADABLE'],
    run: detectOffline({ policyXml: `<config>${'<a'.repeat(MiB / 2)}` }),
  },
  {
    id: next(),
    area,
    input: 'policy.xml of 300 KiB: "<a" then " <b" repeated, no ">" anywhere after (a tag that never closes)',
    exit: 0,
    codes: ['POLICY_UNREADABLE'],
    run: detectOffline({ policyXml: `<config><a${' <b'.repeat(MiB / 10)}` }),
  },
  {
    id: next(),
    area,
    input: 'policy.xml whose updater server is written with numeric references (tetra-defs&#46;amp&#x2E;cisco.com)',
    exit: 0,
    codes: [],
    run: detectOffline({ policyXml: policyXml({ server: 'tetra-defs&#46;eu&#x2E;amp.cisco.com' }) }),
    checks: [updateServerIs('https://tetra-defs.eu.amp.cisco.com/')],
  },
  {
    id: next(),
    area,
    input: 'policy.xml with a reference to a character XML forbids (&#x1b;, ESC) in the updater server',
    exit: 0,
    codes: ['POLICY_UNREADABLE'],
    run: detectOffline({ policyXml: policyXml({ server: 'tetra-defs.amp.cisco.com&#x1b;[2J' }) }),
    checks: [policyRefused(/invalid reference/)],
  },
  {
    id: next(),
    area,
    input: 'policy.xml with a reference beyond Unicode (&#x110000;) and one to NUL (&#0;)',
    exit: 0,
    codes: ['POLICY_UNREADABLE'],
    run: detectOffline({ policyXml: policyXml({ server: 'tetra-defs.amp.cisco.com&#x110000;&#0;' }) }),
    checks: [policyRefused(/invalid reference/)],
  },
  {
    id: next(),
    area,
    input: 'policy.xml with an entity reference XML does not define (&nbsp;)',
    exit: 0,
    codes: ['POLICY_UNREADABLE'],
    run: detectOffline({ policyXml: policyXml({ server: 'tetra-defs.amp.cisco.com&nbsp;' }) }),
    checks: [policyRefused(/undefined or invalid reference/)],
  },
  {
    id: next(),
    area,
    input: '--ca-file of 1 MiB: "-----BEGIN CERTIFICATE-----" lines without an END (a lazy PEM pattern was quadratic)',
    exit: 1,
    codes: null,
    run: async () => {
      const file = path.join(tempDir('tetra-pem-'), 'ca.pem');
      writeFileSync(file, '-----BEGIN CERTIFICATE-----\n'.repeat(Math.floor((MiB - 1024) / 28)));
      return probeNowhere(['--ca-file', file]);
    },
  },
  // The validator and parser cost microseconds per tag, attribute and reference: 16 MiB of them took up to 55 s.
  {
    id: next(),
    area,
    input: 'policy.xml of 2 MiB, well-formed, padded by a comment (over the 1 MiB cap no connector file comes near)',
    exit: 0,
    codes: ['POLICY_UNREADABLE'],
    run: detectOffline({ policyXml: policyXml().replace('<config>', `<config><!--${'x'.repeat(2 * MiB)}-->`) }),
    checks: [policyRefused(/holds more than the 1048576 bytes read/)],
  },
  {
    id: next(),
    area,
    input: 'policy.xml of 600 KiB: 150,000 empty elements (under the size cap, over the cap on tags and references)',
    exit: 0,
    codes: ['POLICY_UNREADABLE'],
    run: detectOffline({ policyXml: policyXml().replace('<config>', `<config>${'<a/>'.repeat(150_000)}`) }),
    checks: [policyRefused(/more than 100000 tags, attributes and references/)],
  },
  {
    id: next(),
    area,
    input: 'policy.xml of 1 MiB less 4 KiB: an attribute soup of "< " (the slowest shape for the XML validator)',
    exit: 0,
    codes: ['POLICY_UNREADABLE'],
    run: detectOffline({ policyXml: `<config><a ${'< '.repeat((MiB - 4096) / 2)}</config>` }),
    checks: [policyRefused(/more than 100000 tags, attributes and references/)],
  },
];
