// Probe names that other layers key on: the WinHTTP path's probes carry this prefix (winhttp-proxy-tcp,
// winhttp-tls, ...), so that they are never read as the connector's own path.
export const WINHTTP_PROBE_PREFIX = 'winhttp-';
