/* A stand-in for the connector's sfc.exe, for running the Windows executable under Wine: appends one line,
 * its own path followed by its arguments, to the file sfc.calls next to it, so that tests can check what the
 * executable asked of it. Compiled during test setup with x86_64-w64-mingw32-gcc. */
#include <windows.h>
#include <stdio.h>
#include <wchar.h>

int wmain(int argc, wchar_t **argv) {
  wchar_t self[MAX_PATH * 4];
  wchar_t calls[MAX_PATH * 4];
  DWORD n = GetModuleFileNameW(NULL, self, MAX_PATH * 4);
  if (n == 0 || n >= MAX_PATH * 4) return 4;
  wcscpy(calls, self);
  wchar_t *slash = wcsrchr(calls, L'\\');
  if (!slash || (size_t)(slash - calls) + 1 + wcslen(L"sfc.calls") >= MAX_PATH * 4) return 4;
  wcscpy(slash + 1, L"sfc.calls");
  FILE *out = _wfopen(calls, L"ab");
  if (!out) return 5;
  fwprintf(out, L"%ls", self);
  for (int i = 1; i < argc; i++) fwprintf(out, L" %ls", argv[i]);
  fwprintf(out, L"\n");
  fclose(out);
  return 0;
}
