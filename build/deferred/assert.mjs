// See cliui.mjs beside this file: node:assert costs a few milliseconds to load, and yargs only calls it to check
// its own arguments.
export function notStrictEqual(...args) {
  return require('node:assert').notStrictEqual(...args);
}
export function strictEqual(...args) {
  return require('node:assert').strictEqual(...args);
}
