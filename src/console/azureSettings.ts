// Who tetra-doctor is to Microsoft Entra ID when it calls Microsoft Graph or another Azure API (`intune deploy`,
// `fleet --graph`): an app registration with a client secret or a certificate, or the managed identity of the Azure
// Automation account (or VM) it runs in. Read from environment variables or a credentials file with the same rules as
// the Secure Endpoint credentials (src/console/settings.ts): never from the command line, the environment first, the
// file for what the environment does not set. Tiny and free of @azure/identity: the CLI checks these up front.
import { nonEmpty, readCredentialFile, readSmallRegularFile } from './settings';

/** Variable names, ours first, then the names Azure SDKs and az CLI scripts already set. A credentials file holds the
 * same names as NAME=value lines. */
export const AZURE_ENV = {
  tenantId: ['TETRA_AZURE_TENANT_ID', 'TETRA_GRAPH_TENANT_ID', 'AZURE_TENANT_ID'],
  clientId: ['TETRA_AZURE_CLIENT_ID', 'TETRA_GRAPH_CLIENT_ID', 'AZURE_CLIENT_ID'],
  clientSecret: ['TETRA_AZURE_CLIENT_SECRET', 'TETRA_GRAPH_CLIENT_SECRET', 'AZURE_CLIENT_SECRET'],
  certificatePath: ['TETRA_AZURE_CLIENT_CERTIFICATE_PATH', 'AZURE_CLIENT_CERTIFICATE_PATH'],
  certificatePassword: ['TETRA_AZURE_CLIENT_CERTIFICATE_PASSWORD', 'AZURE_CLIENT_CERTIFICATE_PASSWORD'],
  /** `system` for the system-assigned identity, else the client ID of a user-assigned one. */
  managedIdentity: ['TETRA_AZURE_MANAGED_IDENTITY'],
  authorityHost: ['TETRA_AZURE_AUTHORITY_HOST', 'TETRA_GRAPH_LOGIN_URL', 'AZURE_AUTHORITY_HOST'],
  credentialsFile: ['TETRA_AZURE_CREDENTIALS_FILE'],
} as const;

const DEFAULT_AUTHORITY_HOST = 'https://login.microsoftonline.com';

/** The public and national clouds' Entra ID hosts: MSAL knows these, any other host skips instance discovery. */
const KNOWN_AUTHORITY_HOSTS = new Set([
  'login.microsoftonline.com',
  'login.microsoftonline.us',
  'login.chinacloudapi.cn',
  'login.partner.microsoftonline.cn',
]);

/** A PEM file of a certificate and its private key is a few KB; a chain of several still far below this. */
const MAX_CERTIFICATE_FILE_BYTES = 1024 * 1024;

export const DEFAULT_GRAPH_URL = 'https://graph.microsoft.com/beta';

/** --graph-url (fleet --graph, intune deploy): given, else TETRA_GRAPH_URL, else Graph's beta endpoint; https only. */
export function graphBaseUrl(given: string | undefined, env: NodeJS.ProcessEnv): string {
  const graphUrl = (given ?? env.TETRA_GRAPH_URL ?? DEFAULT_GRAPH_URL).replace(/\/+$/, '');
  if (!/^https:\/\//i.test(graphUrl) || !URL.canParse(graphUrl)) throw new Error('--graph-url must be an https URL');
  return graphUrl;
}

/** The sign-in, and `fileWarning` when its credentials file can be read by others (Windows; POSIX refuses it). */
export type AzureSignInSettings = { fileWarning?: string } & (
  | {
      method: 'client-secret';
      tenantId: string;
      clientId: string;
      clientSecret: string;
      authorityHost: string;
    }
  | {
      method: 'client-certificate';
      tenantId: string;
      clientId: string;
      /** The PEM text: the certificate and its private key (read here, through the bounded file reader). */
      certificatePem: string;
      certificatePassword: string | null;
      authorityHost: string;
    }
  | {
      method: 'managed-identity';
      /** Null for the system-assigned identity. */
      clientId: string | null;
      authorityHost: string;
    }
);

export interface AzureSignInInput {
  env: NodeJS.ProcessEnv;
  /** A credentials file named on the command line (--azure-credentials-file); else TETRA_AZURE_CREDENTIALS_FILE. */
  credentialsFile?: string;
  /** The Entra ID host to sign in at (tests, national clouds); else TETRA_AZURE_AUTHORITY_HOST or the public cloud. */
  authorityHost?: string;
}

/** Reads and checks the sign-in; what it throws is a usage error naming the variables to set (never their values). */
export function readAzureSignIn(input: AzureSignInInput): AzureSignInSettings {
  const { env } = input;
  const fileName = input.credentialsFile || firstOf(env, AZURE_ENV.credentialsFile);
  const { values: fromFile, fileWarning } = readCredentialFile(fileName || null);
  return { ...readSignIn(input, fromFile), ...(fileWarning ? { fileWarning } : {}) };
}

function readSignIn(input: AzureSignInInput, fromFile: Record<string, string>): AzureSignInSettings {
  const { env } = input;
  const pick = (names: readonly string[]) => firstOf(env, names) ?? firstOf(fromFile, names);
  const authorityHost = checkedAuthorityHost(input.authorityHost || pick(AZURE_ENV.authorityHost));
  const managedIdentity = pick(AZURE_ENV.managedIdentity);
  const clientSecret = pick(AZURE_ENV.clientSecret);
  const certificatePath = pick(AZURE_ENV.certificatePath);
  refuseSeveralMethods([
    [AZURE_ENV.managedIdentity[0], managedIdentity],
    [AZURE_ENV.clientSecret[0], clientSecret],
    [AZURE_ENV.certificatePath[0], certificatePath],
  ]);
  if (managedIdentity !== null)
    return {
      method: 'managed-identity',
      clientId: managedIdentity.toLowerCase() === 'system' ? null : managedIdentity,
      authorityHost,
    };
  const tenantId = pick(AZURE_ENV.tenantId);
  const clientId = pick(AZURE_ENV.clientId);
  const missing = [
    ...(tenantId === null ? [names(AZURE_ENV.tenantId)] : []),
    ...(clientId === null ? [names(AZURE_ENV.clientId)] : []),
    ...(clientSecret === null && certificatePath === null
      ? [`${names(AZURE_ENV.clientSecret)} (or ${AZURE_ENV.certificatePath[0]}, or ${AZURE_ENV.managedIdentity[0]})`]
      : []),
  ];
  if (tenantId === null || clientId === null || missing.length > 0)
    throw new Error(
      `Azure sign-in incomplete: set ${missing.join(', ')} in the environment or in a credentials file (--azure-credentials-file)`,
    );
  if (clientSecret !== null) return { method: 'client-secret', tenantId, clientId, clientSecret, authorityHost };
  if (certificatePath === null) throw new Error('Azure sign-in incomplete: no client secret and no certificate');
  return {
    method: 'client-certificate',
    tenantId,
    clientId,
    certificatePem: readCertificatePem(certificatePath),
    certificatePassword: pick(AZURE_ENV.certificatePassword),
    authorityHost,
  };
}

/** What no output may show: the client secret, the certificate's password and its private key. */
export function azureSecrets(settings: AzureSignInSettings): string[] {
  if (settings.method === 'client-secret') return [settings.clientSecret];
  if (settings.method === 'client-certificate')
    return [
      ...(settings.certificatePassword ? [settings.certificatePassword] : []),
      ...privateKeyBodies(settings.certificatePem),
    ];
  return [];
}

/** MSAL asks a known cloud's host which authorities exist (instance discovery); a host of its own has no such list. */
export function isKnownAuthorityHost(authorityHost: string): boolean {
  return KNOWN_AUTHORITY_HOSTS.has(new URL(authorityHost).hostname);
}

function firstOf(values: Record<string, string | undefined>, keys: readonly string[]): string | null {
  for (const key of keys) {
    const value = nonEmpty(values[key]);
    if (value !== null) return value;
  }
  return null;
}

function names(keys: readonly string[]): string {
  return keys.join(' or ');
}

function refuseSeveralMethods(given: Array<[string, string | null]>): void {
  const set = given.filter(([, value]) => value !== null).map(([name]) => name);
  if (set.length > 1) throw new Error(`Azure sign-in: set one way to sign in, not several (${set.join(', ')} are set)`);
}

function checkedAuthorityHost(given: string | null): string {
  const host = (given ?? DEFAULT_AUTHORITY_HOST).replace(/\/+$/, '');
  if (!/^https:\/\//i.test(host) || !URL.canParse(host))
    throw new Error('the Azure authority host must be an https URL, e.g. https://login.microsoftonline.com');
  return host;
}

function readCertificatePem(file: string): string {
  const text = readSmallRegularFile(file, MAX_CERTIFICATE_FILE_BYTES, 'certificate file');
  const keys = pemBlocks(text, '[A-Z ]*PRIVATE KEY');
  const certificates = pemBlocks(text, 'CERTIFICATE');
  if (keys.length !== 1 || certificates.length === 0)
    throw new Error(
      `the certificate file ${file} must be PEM holding the certificate and its private key (convert a .pfx with: openssl pkcs12 -in app.pfx -out app.pem -nodes)`,
    );
  // The key first: the signing library reads the first PEM block as the key (openssl writes the certificate first).
  return [...keys, ...certificates].join('\n') + '\n';
}

function pemBlocks(text: string, label: string): string[] {
  return text.match(new RegExp(`-----BEGIN (${label})-----[\\s\\S]*?-----END \\1-----`, 'g')) ?? [];
}

/** The base64 lines of each private key block, joined: the form a leak would take. */
function privateKeyBodies(pem: string): string[] {
  return pemBlocks(pem, '[A-Z ]*PRIVATE KEY').map((block) => block.split(/\r?\n/).slice(1, -1).join(''));
}

/** The secrets a sign-in holds (a client secret, a certificate's password), for the scrubbing of outside text. */
export function signInSecrets(settings: AzureSignInSettings): string[] {
  if (settings.method === 'client-secret') return [settings.clientSecret];
  if (settings.method === 'client-certificate' && settings.certificatePassword) return [settings.certificatePassword];
  return [];
}
