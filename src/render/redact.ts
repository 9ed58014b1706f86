// Last line of defence for secrets: whatever an error message or a URL carried, the proxy password never leaves.
import type { Secrets } from '../types';

export function redactSecrets(text: string, secrets: Secrets): string {
  const password = secrets.proxyPassword;
  if (!password) return text;
  const forms = new Set([password, encodeURIComponent(password), JSON.stringify(password).slice(1, -1)]);
  let out = text;
  for (const form of forms) if (form) out = out.split(form).join('***');
  return out;
}
