// Microsoft Entra ID's part of the Azure stand-ins on 127.0.0.1, as @azure/identity (MSAL) talks to it: the tenant's
// OpenID metadata, instance discovery (answered should MSAL ask), and the v2.0 token endpoint's client-credentials
// grant with a client secret or a certificate's signed assertion (RS256 or PS256, x5t or x5t#S256 thumbprint,
// audience the token endpoint, issuer and subject the client id, not expired). Tokens it issues are the only ones the
// Graph stand-ins accept; a refused sign-in answers as Entra does (AADSTS codes, no echo of what was sent).
import { createHash, createPublicKey, randomBytes, verify, constants, X509Certificate } from 'node:crypto';
import type http from 'node:http';
import { rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { createCa, type TestCa } from './pki';

export const TENANT = 'contoso-tenant';
export const CLIENT_ID = 'app-client-id';
export const CLIENT_SECRET = 's3cr3t-V4lue~never-print-me';

export type Reply = (status: number, body: unknown, headers?: Record<string, string>) => void;

export interface EntraState {
  tokensIssued: number;
  validTokens: Set<string>;
  /** Every token issued, valid or since revoked. */
  issued: string[];
  /** How each token was got: 'secret' or 'certificate'. */
  grants: string[];
  /** What a refused or malformed request was refused for (tests assert this stays empty). */
  violations: string[];
}

export interface EntraOptions {
  /** The certificate (PEM) whose assertions are accepted; the secret is accepted too unless `secretAccepted` false. */
  certificatePem?: string;
  secretAccepted?: boolean;
}

export function newEntraState(): EntraState {
  return { tokensIssued: 0, validTokens: new Set(), issued: [], grants: [], violations: [] };
}

/** Answers Entra's paths; returns false for any other path. */
export function handleEntra(
  state: EntraState,
  options: EntraOptions,
  req: http.IncomingMessage,
  url: URL,
  body: string,
  reply: Reply,
  base: string,
): boolean {
  if (req.method === 'GET' && url.pathname === `/${TENANT}/v2.0/.well-known/openid-configuration`) {
    reply(200, openIdConfiguration(base));
    return true;
  }
  if (req.method === 'GET' && url.pathname === '/common/discovery/instance') {
    reply(200, {
      tenant_discovery_endpoint: `${base}/${TENANT}/v2.0/.well-known/openid-configuration`,
      'api-version': '1.1',
      metadata: [
        { preferred_network: new URL(base).host, preferred_cache: new URL(base).host, aliases: [new URL(base).host] },
      ],
    });
    return true;
  }
  if (req.method === 'GET' && url.pathname === MANAGED_IDENTITY_PATH) {
    managedIdentityToken(state, req, url, reply);
    return true;
  }
  if (req.method === 'POST' && url.pathname === `/${TENANT}/oauth2/v2.0/token`) {
    token(state, options, new URLSearchParams(body), reply, base);
    return true;
  }
  return false;
}

/** Where the stand-in plays the managed identity endpoint Azure Automation (and App Service) names in IDENTITY_ENDPOINT. */
export const MANAGED_IDENTITY_PATH = '/msi/token';
export const IDENTITY_HEADER = 'automation-identity-header-value';

/** The App Service / Azure Automation managed identity protocol (api-version 2019-08-01): GET with the resource and
 * the X-IDENTITY-HEADER the platform set; the token's expiry is seconds since the epoch. */
function managedIdentityToken(state: EntraState, req: http.IncomingMessage, url: URL, reply: Reply): void {
  const resource = url.searchParams.get('resource') ?? '';
  if (url.searchParams.get('api-version') !== '2019-08-01' || req.headers['x-identity-header'] !== IDENTITY_HEADER) {
    state.violations.push('managed identity: api-version or X-IDENTITY-HEADER');
    return reply(400, { statusCode: 400, message: 'Unable to load the proper Managed Identity.' });
  }
  if (!/^https:\/\/127\.0\.0\.1:\d+\/?$/.test(resource)) {
    state.violations.push(`managed identity: resource ${resource}`);
    return reply(400, { statusCode: 400, message: 'invalid resource' });
  }
  state.tokensIssued++;
  const value = `eyJ0eXAiOiJKV1QifQ.stand-in-mi-token-${state.tokensIssued}-${randomBytes(12).toString('hex')}`;
  state.validTokens.add(value);
  state.issued.push(value);
  state.grants.push('managed identity');
  reply(200, {
    access_token: value,
    expires_on: String(Math.floor(Date.now() / 1000) + 3600),
    resource,
    token_type: 'Bearer',
    client_id: 'automation-account-identity',
  });
}

function openIdConfiguration(base: string): Record<string, unknown> {
  return {
    token_endpoint: `${base}/${TENANT}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${base}/${TENANT}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: `${base}/${TENANT}/v2.0`,
    request_uri_parameter_supported: false,
    userinfo_endpoint: `${base}/oidc/userinfo`,
    authorization_endpoint: `${base}/${TENANT}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${base}/${TENANT}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${base}/${TENANT}/oauth2/v2.0/logout`,
    claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'nonce'],
    tenant_region_scope: 'EU',
    cloud_instance_name: 'microsoftonline.com',
    cloud_graph_host_name: 'graph.windows.net',
    msgraph_host: 'graph.microsoft.com',
  };
}

function refuse(state: EntraState, reply: Reply, status: number, error: string, description: string, why: string) {
  state.violations.push(`token: ${why}`);
  reply(status, { error, error_description: description, error_codes: [7000215], timestamp: new Date().toISOString() });
}

function token(state: EntraState, options: EntraOptions, form: URLSearchParams, reply: Reply, base: string): void {
  if (form.get('grant_type') !== 'client_credentials')
    return refuse(state, reply, 400, 'unsupported_grant_type', 'AADSTS70003: grant type not supported', 'grant_type');
  if (form.get('client_id') !== CLIENT_ID)
    return refuse(state, reply, 400, 'unauthorized_client', 'AADSTS700016: Application not found.', 'client_id');
  if (!/^https:\/\/127\.0\.0\.1:\d+\/\.default$/.test(form.get('scope') ?? ''))
    return refuse(
      state,
      reply,
      400,
      'invalid_scope',
      'AADSTS1002012: The provided value for scope is not valid.',
      'scope',
    );
  let grant: string;
  if (form.has('client_assertion')) {
    const problem = checkAssertion(form, options.certificatePem, `${base}/${TENANT}/oauth2/v2.0/token`);
    if (problem)
      return refuse(
        state,
        reply,
        401,
        'invalid_client',
        'AADSTS700027: Client assertion failed signature validation.',
        problem,
      );
    grant = 'certificate';
  } else {
    if (options.secretAccepted === false || form.get('client_secret') !== CLIENT_SECRET) {
      state.violations.push('token: client_secret');
      return reply(401, {
        error: 'invalid_client',
        error_description: 'AADSTS7000215: Invalid client secret provided.',
        error_codes: [7000215],
      });
    }
    grant = 'secret';
  }
  state.tokensIssued++;
  const value = `eyJ0eXAiOiJKV1QifQ.stand-in-token-${state.tokensIssued}-${randomBytes(12).toString('hex')}`;
  state.validTokens.add(value);
  state.issued.push(value);
  state.grants.push(grant);
  reply(200, { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: value });
}

const b64url = (b: Buffer) => b.toString('base64url');

/** Why a client assertion is refused, or null when it is good. */
function checkAssertion(form: URLSearchParams, certificatePem: string | undefined, audience: string): string | null {
  if (!certificatePem) return 'no certificate registered';
  if (form.get('client_assertion_type') !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer')
    return 'client_assertion_type';
  const parts = (form.get('client_assertion') ?? '').split('.');
  if (parts.length !== 3) return 'assertion is not a JWT';
  const header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
  const payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
  const cert = new X509Certificate(certificatePem);
  const thumbprints = [
    b64url(createHash('sha1').update(cert.raw).digest()),
    b64url(createHash('sha256').update(cert.raw).digest()),
  ];
  if (!thumbprints.includes(header.x5t) && !thumbprints.includes(header['x5t#S256'])) return 'x5t thumbprint';
  const signed = Buffer.from(`${parts[0]}.${parts[1]}`);
  const signature = Buffer.from(parts[2], 'base64url');
  const key = createPublicKey(certificatePem);
  const ok =
    header.alg === 'RS256'
      ? verify('sha256', signed, key, signature)
      : header.alg === 'PS256'
        ? verify('sha256', signed, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }, signature)
        : false;
  if (!ok) return `signature (${header.alg})`;
  if (payload.aud !== audience) return `aud ${payload.aud}`;
  if (payload.iss !== CLIENT_ID || payload.sub !== CLIENT_ID) return 'iss/sub';
  if (typeof payload.exp !== 'number' || payload.exp * 1000 < Date.now()) return 'exp';
  return null;
}

let sharedCa: Promise<{ ca: TestCa; caFile: string }> | null = null;

/** One private CA for the Azure stand-ins of a test process, and a file of its PEM for NODE_EXTRA_CA_CERTS, removed
 * when the test process ends. */
export function standInCa(): Promise<{ ca: TestCa; caFile: string }> {
  sharedCa ??= createCa('Azure stand-in test CA').then((ca) => {
    const caFile = path.join(os.tmpdir(), `azure-stand-in-ca-${process.pid}.pem`);
    writeFileSync(caFile, ca.certPem);
    process.once('exit', () => rmSync(caFile, { force: true }));
    return { ca, caFile };
  });
  return sharedCa;
}

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

/** An RSA certificate and key for the app registration's certificate sign-in (MSAL signs with RSA). */
export async function appCertificate(): Promise<{ certPem: string; keyPem: string }> {
  const alg = {
    name: 'RSASSA-PKCS1-v1_5',
    hash: 'SHA-256',
    publicExponent: new Uint8Array([1, 0, 1]),
    modulusLength: 2048,
  };
  const keys = (await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '0a',
    name: 'CN=tetra-doctor deploy',
    notBefore: new Date(Date.now() - 86_400_000),
    notAfter: new Date(Date.now() + 30 * 86_400_000),
    keys,
    signingAlgorithm: alg,
  });
  const der = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
  const keyPem = `-----BEGIN PRIVATE KEY-----\n${der.toString('base64').replace(/.{64}/g, '$&\n')}\n-----END PRIVATE KEY-----\n`;
  return { certPem: cert.toString('pem'), keyPem };
}
