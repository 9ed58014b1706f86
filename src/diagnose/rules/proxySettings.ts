// A policy proxy value tetra-doctor cannot interpret (type, authtype, port, server, pacloc) is said, never guessed.
import type { Rule } from '../rule';

export const proxySettings: Rule = {
  label: "The policy's proxy settings can be interpreted",
  check: ({ snapshot }) =>
    snapshot.proxyUninterpreted
      .slice(0, 1)
      .map((s) => ({ code: 'PROXY_SETTING_UNINTERPRETED', params: { field: s.field, value: s.value } })),
};
