// What SOCKS can carry, apart from the SOCKS client so that the command line's parser can ask without loading it.

/** RFC 1929 carries a SOCKS 5 user name and password in one length byte each (1 to 255 bytes); SOCKS 4 ends its
 * user id with a NUL. What the protocol cannot carry is said here, before the library is given it (it would throw
 * from inside its socket handler, out of anyone's reach). Null when the credentials can be sent. */
export function socksCredentialProblem(kind: string, username: string | null, password: string | null): string | null {
  if (!username) return null;
  if (kind === 'socks5' || kind === 'socks5h') {
    for (const [what, value] of [
      ['user name', username],
      ['password', password ?? ''],
    ] as const) {
      const bytes = Buffer.byteLength(value, 'utf8');
      if (bytes > 255) return `the ${what} is ${bytes} bytes long; SOCKS 5 carries at most 255`;
    }
    return null;
  }
  return username.includes('\0') ? 'the user id holds a NUL character, which SOCKS 4 cannot carry' : null;
}
