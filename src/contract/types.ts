// The plain, serialisable snapshot that evidence gathering fills once and every rule reads.

/** A source of evidence either gave a value, failed (and says why), or was not consulted (and says why). */
export type Source<T> =
  { state: 'ok'; value: T } | { state: 'failed'; error: string } | { state: 'skipped'; reason: string };

export interface InstallInfo {
  found: boolean;
  root: string | null;
  /** How the root was chosen: the --amp-dir option, the registry, or the default path. */
  via: 'option' | 'registry' | 'default';
  /** Name of the live version folder (the highest version that holds sfc.exe). */
  liveVersion: string | null;
  versionDir: string | null;
  reason: string | null;
  /** Set when, running elevated, the install is writable by non-admins: nothing in it is executed or read. */
  untrusted: string | null;
  /** How the live folder was chosen: the CiscoAMP service's image path (Cisco's way), else the highest folder
   * holding sfc.exe. Absent on results that consulted nothing. */
  liveVia?: 'service' | 'highest';
  /** A higher version folder holding sfc.exe than the one the service runs from: an upgrade waiting for a reboot. */
  pendingVersion?: string | null;
  /** The services whose name starts with CiscoAMP, as `sc` listed them (Windows only). */
  services?: ServiceInfo[];
}

export interface DefinitionInfo {
  name: string | null;
  version: number | null;
  timestamp: number | null;
  lastSuccessfulUpdate: number | null;
}

export interface EngineInfo {
  name: string;
  enabled: boolean | null;
  definitions: DefinitionInfo[];
}

export interface PostureInfo {
  agentUuid: string | null;
  connected: boolean | null;
  running: boolean | null;
  connectorVersion: string | null;
  engines: EngineInfo[];
}

export interface LocalXmlInfo {
  agentUuid: string | null;
  tetraVersion: number | null;
  /** Unix seconds. */
  lastUpdate: number | null;
  lastSuccess: number | null;
  lastChecked: number | null;
  /** The connector's last TETRA update error, normalised to a signed 32-bit integer. */
  lastError: number | null;
  /** The policy the connector says it runs (config/janus/policy), when local.xml names one. */
  policy?: PolicyIdentity;
}

/** Which policy, and which revision of it: janus/policy/uuid and serial_number. */
interface PolicyIdentity {
  uuid: string;
  serial: number | null;
}

/** How a proxy is spoken to: an HTTP proxy (CONNECT tunnels) or a SOCKS proxy of one of its versions. socks4
 * and socks5 resolve the target's name on this endpoint; socks4a and socks5h let the proxy resolve it. */
export type ProxyKind = 'http' | 'socks4' | 'socks4a' | 'socks5' | 'socks5h';

/** How an HTTP proxy is authenticated to (SOCKS 5 uses user name and password when a user name is set). */
export type ProxyAuth = 'none' | 'basic' | 'ntlm';

export interface ProxySettings {
  host: string;
  port: number;
  username: string | null;
  /** True when a password exists; the password itself lives only in Secrets. */
  hasPassword: boolean;
  source: ProxySource | 'winhttp' | 'pac';
  kind: ProxyKind;
  auth: ProxyAuth;
  /** The policy's `nolocalresolvehost` is 0 for this HTTP proxy: the endpoint resolves the target's name itself
   * (so a name it cannot resolve fails even though the proxy could). */
  resolvesLocally?: true;
}

/** A proxy setting in policy.xml that tetra-doctor cannot interpret: reported, never guessed. */
export interface UninterpretedSetting {
  field: 'type' | 'authtype' | 'server' | 'port' | 'pacloc';
  value: string;
}

/** The machine's WinHTTP proxy (`netsh winhttp show proxy`): what WinHTTP clients use unless told otherwise. */
export interface WinHttpProxyInfo {
  /** True for "Direct access (no proxy server)". */
  direct: boolean;
  /** The proxy list as netsh takes and prints it: `host:port`, or per scheme `http=host:port;https=host:port`. */
  proxyServers: string | null;
  bypassList: string | null;
  /** The proxy WinHTTP would use for the update server (per scheme and bypass list applied), if any. */
  forUpdateServer: { host: string; port: number } | null;
  /** Which source answered: `--winhttp-proxy`, the registry value WinHttpSettings, or `netsh winhttp show proxy`. */
  from?: 'option' | 'registry' | 'netsh';
  /** When netsh answered: why the registry value did not (absent, or unreadable and why). */
  registryUnread?: string;
}

/** Where the proxy in force came from (see PathProvenance). */
type ProxySource = 'option' | 'policy' | 'policy-file';
/** Where the update server probed came from, strongest first: --update-server, the connector's policy (local or
 * --policy-file), --region, the North American default. */
export type ServerSource = 'option' | 'policy' | 'policy-file' | 'region' | 'default';

/** Where the path that was probed came from, so that a cause found on a guessed path is not taken for the
 * connector's own. */
export interface PathProvenance {
  updateServer: { url: string; source: ServerSource };
  /** The proxy's source, or 'none' when the probes went direct. */
  proxySource: ProxySettings['source'] | 'none';
  /** Which policy the path was read from: the connector's own policy.xml, the --policy-file, or none. */
  policy: 'local' | 'file' | 'none';
  /** Why the connector's own policy.xml gave nothing: absent (normal from connector 8.1.3), unreadable, or not
   * consulted; null when it was read. */
  localPolicy: string | null;
  /** True when neither the connector's policy nor the admin named the part: the probes walked a guess. */
  guessed: { updateServer: boolean; proxy: boolean; proxyKind?: true };
  /** Which of the path's settings (region, proxy, policy-file) the settings file gave rather than the command line;
   * the source above is the same as for the option ('option', 'region', 'policy-file'). */
  fromSettings: string[];
}

export interface PolicyInfo {
  tetraEnabled: boolean | null;
  updaterEnabled: boolean | null;
  updateServer: string | null;
  updateIntervalSeconds: number | null;
  proxy: ProxySettings | null;
  /** The policy's PAC URL (`pacloc`), with the user name and authentication its HTTP proxies get; when set, the
   * proxy for each URL comes from evaluating it. */
  /** `kind`: the proxy type the policy names beside its PAC file (null: none), which its credentials are for. */
  pac: { url: string; username: string | null; auth: ProxyAuth; kind: ProxyKind | null } | null;
  /** Proxy values that could not be interpreted; the policy's proxy is then not probed, except for a `type` alone:
   * then it is probed as HTTP and `proxyKindGuessed` is set. */
  proxyUninterpreted: UninterpretedSetting[];
  proxyKindGuessed?: true;
  /** Where this policy came from: the connector's policy.xml, or the admin's --policy-file. */
  origin?: 'local' | 'file';
  /** The policy's own uuid and serial number (janus/policy), when it holds them. */
  identity?: PolicyIdentity;
  /** Values present but unusable (not a host, an absurd interval): each left null above, and said here. */
  invalid?: string[];
}

export interface ServiceInfo {
  name: string;
  running: boolean;
  state: string;
  /** The service's executable (sc qc BINARY_PATH_NAME), when read. */
  imagePath?: string | null;
}

export interface ReferenceInfo {
  url: string;
  latestVersion: number;
}

/** Why a probe failed, in terms the rules map to findings. */
export type ProbeFailure =
  | 'dns'
  | 'refused'
  | 'timeout'
  | 'tls_verify'
  | 'tls_timeout'
  | 'tls_other'
  | 'http_status'
  | 'interrupted'
  | 'proxy_unreachable'
  | 'proxy_auth'
  | 'proxy_auth_scheme'
  | 'proxy_tunnel'
  | 'pac_unreachable'
  | 'pac_invalid'
  | 'revocation_unreachable'
  | 'certificate_revoked'
  | 'tls_inspected'
  | 'trust_root_missing'
  | 'bad_response'
  | 'not_run';

export interface ProbeResult {
  name: string;
  target: string;
  ok: boolean;
  durationMs: number;
  error: string | null;
  failure: ProbeFailure | null;
  /** Extra facts a probe learnt, such as an HTTP status or the certificate's revocation URLs. */
  detail?: Record<string, unknown>;
  /**
   * Set on the probes of the machine's WinHTTP proxy path, probed beside the connector's own when its proxy is
   * unknown: a path the connector may use, never read as the one it uses. Absent on every other probe.
   */
  route?: 'winhttp';
}

export interface Snapshot {
  host: string;
  checkedAt: string;
  platform: string;
  install: InstallInfo;
  posture: Source<PostureInfo>;
  localXml: Source<LocalXmlInfo>;
  policy: Source<PolicyInfo>;
  service: Source<ServiceInfo>;
  reference: Source<ReferenceInfo>;
  /** Proxy in force for probes (from --proxy or policy), without its password. */
  proxy: ProxySettings | null;
  /** PAC URL in force (from policy.xml's pacloc): the probes go where its FindProxyForURL says. */
  pacUrl: string | null;
  /** Policy proxy values that could not be interpreted (then the policy's proxy path is not probed). */
  proxyUninterpreted: UninterpretedSetting[];
  /** The machine's WinHTTP proxy setting. */
  winHttpProxy: Source<WinHttpProxyInfo>;
  updateServer: string | null;
  /** Where the update server and proxy probed came from; null when nothing was consulted. */
  path?: PathProvenance | null;
  /** The settings file read and the keys it gave (README "Settings file"); null when none was read. */
  settings?: { file: string; keys: string[] } | null;
  probes: ProbeResult[];
  /** Probes were not run at all (--offline, or not applicable). */
  probesSkipped: string | null;
}

/** Values that are used but never kept in the snapshot, printed or logged. */
export interface Secrets {
  proxyPassword: string | null;
  /** The proxy user name, for the Basic header's base64 of user:password that a proxy may echo back. */
  proxyUsername?: string | null;
  /** Further values to keep out of output (another source's password, a password as typed before decoding). */
  others?: string[];
}

export type Severity = 'error' | 'warning' | 'info';

export interface Finding {
  code: string;
  severity: Severity;
  message: string;
  action: string;
  /** Set on a network cause found on a path tetra-doctor guessed (the connector's policy could not be read and the
   * admin named no server or proxy): it is what that path does, not necessarily why the connector fails. */
  guessedPath?: true;
}

export type Status = 'healthy' | 'unhealthy' | 'not_applicable' | 'undetermined';
