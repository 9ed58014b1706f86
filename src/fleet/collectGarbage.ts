// A full garbage collection at one chosen moment: after a big fleet report is built, the records and computers it
// was built from (58 MB for 100,000 of each) are garbage, and V8 would otherwise grow the heap past them while the
// report is rendered. V8 offers no call for this unless Node was started with --expose-gc, and neither the bundle
// nor the executables are; the flag can be turned on at run time, before the context that gets `gc` is made.
// Nothing depends on it: where it does not work, the collection happens later, as it would have.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Endpoints plus console computers from which a report is big enough to be worth a collection before rendering. */
export const COLLECT_BEFORE_RENDER_FROM = 20_000;

export function collectGarbage(): void {
  try {
    setFlagsFromString('--expose-gc');
    (runInNewContext('gc') as () => void)();
  } catch {
    // Not available in this runtime: V8 collects when it decides to.
  }
}
