// Entry point. `--version` is answered before anything else loads (deployment checks and detection rules call it
// often); every command loads its code on demand.
import { TOOL_VERSION } from '../render/version';

const argv = process.argv.slice(2);
if (argv.length === 1 && argv[0] === '--version') {
  process.stdout.write(`${TOOL_VERSION}\n`);
} else {
  void import('./dispatch').then(({ run }) => run(argv));
}
