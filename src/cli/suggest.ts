// "did you mean": a mistyped command is named back with the command it most likely meant.

/** Edit distance (insertions, deletions, substitutions, and swaps of two neighbours, as typing makes them). */
function typingDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[a.length][b.length];
}

/** The usage error for a word that names no command: with the nearest command when it is near enough. */
export function unknownCommand(typed: string, commands: readonly string[]): string {
  // What was typed is echoed bounded: a command line can be long.
  const word = typed.slice(0, 40);
  const lower = word.toLowerCase();
  const ranked = commands
    .map((name) => ({ name, distance: name.startsWith(lower) && lower.length >= 3 ? 0 : typingDistance(lower, name) }))
    .sort((a, b) => a.distance - b.distance);
  const best = ranked[0];
  const near = best && best.distance <= Math.max(1, Math.floor(best.name.length / 3));
  return near
    ? `unknown command "${word}": did you mean "${best.name}"?`
    : `unknown command "${word}": name one of ${commands.join(', ')}`;
}
