// Loaded into every test process (package.json, tap's node-arg), after tap's own process tracker.
//
// tap's @tapjs/processinfo loads itself into every child node process, so that coverage can follow it: through
// NODE_OPTIONS, and through a hook on every spawn (process-on-spawn) that puts it back. Coverage is off here, and that
// import more than doubles the CPU of each CLI run a test makes (0.45 s instead of 0.19 s for `detect --offline`;
// `node -e 0` 0.28 s instead of 0.09 s), across some 900 runs a suite. The tests' children start as an admin's would.
//
// For the same reason they start without the machine's NODE_EXTRA_CA_CERTS. Node 20 reads and parses that bundle at
// every start, used or not (a system bundle of ~140 roots: 70 ms of CPU, more than `node -e 0` itself), and no test
// goes beyond 127.0.0.1: a test that needs a CA (the Azure and Graph stand-ins) names its own file in the child's env.
import processOnSpawn from 'process-on-spawn';

processOnSpawn.removeAllListeners();
// NODE_OPTIONS quotes an option that holds a blank ("--import=file:///my dir/..."): a token is quoted or blank-free.
const tracker = /^"?--(?:import|loader)=.*@tapjs[/\\]processinfo[/\\]/;
const kept = (process.env.NODE_OPTIONS ?? '').match(/"[^"]*"|\S+/g)?.filter((option) => !tracker.test(option)) ?? [];
if (kept.length > 0) process.env.NODE_OPTIONS = kept.join(' ');
else delete process.env.NODE_OPTIONS;
delete process.env.NODE_EXTRA_CA_CERTS;
