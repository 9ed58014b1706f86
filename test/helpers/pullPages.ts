// Runs pullRunStates (src/fleet/graphClient.ts) in a process of its own, so that it trusts the Azure stand-in's CA
// through NODE_EXTRA_CA_CERTS as the CLI does. Reads its settings from PULL_SETTINGS (JSON) and the sign-in from the
// environment; prints {pages, error} as JSON and exits
// (the sign-in's kept-alive connections would hold the process open a while).
import { readAzureSignIn } from '../../src/console/azureSettings';
import { pullRunStates, signInWith } from '../../src/fleet/graphClient';

const settings = JSON.parse(process.env.PULL_SETTINGS ?? '{}');
let pages = 0;
pullRunStates(
  { ...settings, signIn: signInWith(readAzureSignIn({ env: process.env, authorityHost: settings.loginUrl })) },
  { id: settings.remediationId },
  () => pages++,
).then(
  () => process.stdout.write(JSON.stringify({ pages, error: null }), () => process.exit(0)),
  (err: Error) => process.stdout.write(JSON.stringify({ pages, error: err.message }), () => process.exit(0)),
);
