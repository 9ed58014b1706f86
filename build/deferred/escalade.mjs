// yargs looks for a package.json by listing every folder from the working directory up to the root (escalade),
// to guess a version and read a "yargs" configuration key. tetra-doctor sets its version itself and has no such
// key, and the bundle has no package.json beside it: the search only costs time. Under SYSTEM the working
// directory is C:\Windows\System32, whose listing alone holds thousands of names. This stand-in finds nothing,
// and says so by throwing: yargs catches any error of the search as "no package.json", while the `undefined` of
// the real escalade would first fail yargs' assertion, loading node:assert only to throw.
export default function findUp() {
  throw new Error('tetra-doctor does not look for a package.json');
}
