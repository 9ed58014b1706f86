// Preloaded into a CLI run (node --require) by tests of the last-resort output: the first time the run serializes
// its result (JSON.stringify of an object with `schemaVersion`), it throws an Error with $TETRA_FAULT_MESSAGE. That
// error escapes every command's own handling and reaches the catch-all of src/cli/dispatch.ts, which writes the
// INTERNAL_ERROR result (exit 4): the one output written with none of the run's own secrets at hand. The message
// stands for a library error that quotes its input.
const stringify = JSON.stringify;
let thrown = false;
JSON.stringify = function faultyStringify(value, ...rest) {
  if (!thrown && value !== null && typeof value === 'object' && 'schemaVersion' in value) {
    thrown = true;
    throw new Error(process.env.TETRA_FAULT_MESSAGE ?? 'fault');
  }
  return stringify.call(this, value, ...rest);
};
