/* A stand-in for the connector's AmpCLI.exe, for running the Windows executable under Wine.
 * `AmpCLI.exe posture` prints, byte for byte, the file posture.out that lies next to the program. Without that
 * file it fails the way a connector whose service is down does. A file named hang next to it makes it hang, to
 * exercise the posture time limit. Compiled during test setup with x86_64-w64-mingw32-gcc. */
#include <windows.h>
#include <fcntl.h>
#include <io.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

/* Writes the path of `name` in this program's own folder into `out`; returns 0 when it does not fit. */
static int sibling(const wchar_t *name, wchar_t *out, DWORD size) {
  DWORD n = GetModuleFileNameW(NULL, out, size);
  if (n == 0 || n >= size) return 0;
  wchar_t *slash = wcsrchr(out, L'\\');
  if (!slash) return 0;
  slash[1] = L'\0';
  if (wcslen(out) + wcslen(name) + 1 > size) return 0;
  wcscat(out, name);
  return 1;
}

int wmain(int argc, wchar_t **argv) {
  wchar_t path[MAX_PATH * 4];
  _setmode(_fileno(stdout), _O_BINARY);
  if (argc < 2 || wcscmp(argv[1], L"posture") != 0) {
    fputs("usage: AmpCLI.exe posture\n", stdout);
    return 2;
  }
  if (sibling(L"hang", path, MAX_PATH * 4) && GetFileAttributesW(path) != INVALID_FILE_ATTRIBUTES) {
    Sleep(120000);
    return 3;
  }
  if (!sibling(L"posture.out", path, MAX_PATH * 4)) return 4;
  FILE *in = _wfopen(path, L"rb");
  if (!in) {
    fputs("error: service unavailable\n", stdout);
    return 1;
  }
  char buf[65536];
  size_t got;
  while ((got = fread(buf, 1, sizeof buf, in)) > 0) fwrite(buf, 1, got, stdout);
  fclose(in);
  fflush(stdout);
  return 0;
}
