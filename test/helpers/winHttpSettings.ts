// The registry value WinHttpSettings as `netsh winhttp set proxy` writes it on Windows, built from the layout
// documented at parseWinHttpSettings (src/evidence/winHttpProxy.ts): little-endian DWORDs for the header, a change
// counter and the flags, then each list as a DWORD length and its ASCII bytes. Made here, not captured from Windows.

export const dword = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
};

/** A DWORD length, then the text's bytes (latin1, so a test can put a non-ASCII byte in). */
const lengthPrefixed = (text: string) => Buffer.concat([dword(text.length), Buffer.from(text, 'latin1')]);

/** header (0x18 or 0x28), flags (1 direct, 3 proxy set), then the lists given (proxy list, bypass list). */
export const winHttpSettings = (header: number, flags: number, ...lists: string[]) =>
  Buffer.concat([dword(header), dword(7), dword(flags), ...lists.map(lengthPrefixed)]);

/** What `reg add ... /t REG_BINARY /d` takes: the bytes in hex. */
export const winHttpProxyHex = (proxyList: string, bypassList: string) =>
  winHttpSettings(0x28, 3, proxyList, bypassList).toString('hex');
