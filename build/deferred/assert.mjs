// See cliui.mjs beside this file: node:assert costs a few milliseconds to load, and yargs only calls it to check
// its own arguments. A check that holds returns at once; one that fails is left to node:assert, which throws.
export function notStrictEqual(actual, expected, message) {
  if (!Object.is(actual, expected)) return;
  require('node:assert').notStrictEqual(actual, expected, message);
}
export function strictEqual(actual, expected, message) {
  if (Object.is(actual, expected)) return;
  require('node:assert').strictEqual(actual, expected, message);
}
