/* A stand-in for the connector's sfc.exe, for running the Windows executable under Wine: appends one UTF-8 line,
 * its own path followed by its arguments, to the file sfc.calls next to it, so that tests can check what the
 * executable asked of it. Compiled during test setup with x86_64-w64-mingw32-gcc. */
#include <windows.h>
#include <stdio.h>
#include <wchar.h>

#define CAP (MAX_PATH * 4)

/* Appends `text` to `out` as UTF-8. */
static void put_utf8(FILE *out, const wchar_t *text) {
  char bytes[CAP * 3];
  int n = WideCharToMultiByte(CP_UTF8, 0, text, -1, bytes, sizeof bytes, NULL, NULL);
  if (n > 1) fwrite(bytes, 1, (size_t)(n - 1), out);
}

int wmain(int argc, wchar_t **argv) {
  wchar_t self[CAP];
  wchar_t calls[CAP];
  DWORD n = GetModuleFileNameW(NULL, self, CAP);
  if (n == 0 || n >= CAP) return 4;
  wcscpy(calls, self);
  wchar_t *slash = wcsrchr(calls, L'\\');
  if (!slash || (size_t)(slash - calls) + 1 + wcslen(L"sfc.calls") >= CAP) return 4;
  wcscpy(slash + 1, L"sfc.calls");
  FILE *out = _wfopen(calls, L"ab");
  if (!out) return 5;
  put_utf8(out, self);
  for (int i = 1; i < argc; i++) {
    fputc(' ', out);
    put_utf8(out, argv[i]);
  }
  fputc('\n', out);
  fclose(out);
  return 0;
}
