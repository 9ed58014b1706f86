// When the connector's proxy is unknown and the machine's WinHTTP proxy was probed too, a failure on that path is
// said, as a notice: it is a path the connector may use, not one it is known to use.
import type { Rule } from '../rule';

export const winHttpPath: Rule = {
  label: "The machine's WinHTTP proxy path, probed when the connector's proxy is unknown",
  check: ({ snapshot }) => {
    const failed = snapshot.probes.find((p) => p.route === 'winhttp' && !p.ok);
    if (!failed) return [];
    const proxy = snapshot.winHttpProxy.state === 'ok' ? snapshot.winHttpProxy.value.forUpdateServer : null;
    return [
      {
        code: 'WINHTTP_PATH_FAILED',
        params: { error: failed.error ?? '', proxy: proxy ? `${proxy.host}:${proxy.port}` : '?' },
      },
    ];
  },
};
