// The Secure Endpoint API side, bundled as its own lazily compiled chunk (build/bundle.mjs): only `policy` and
// `fleet --secure-endpoint` load it, and with it undici.
export { ConsoleApiError, SecureEndpointClient } from './client';
export { pullComputers } from './computers';
export { runPolicy } from './policyCommand';
