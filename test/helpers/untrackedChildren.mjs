// Loaded into every test process (package.json, tap's node-arg), after tap's own process tracker.
//
// tap's @tapjs/processinfo loads itself into every child node process, so that coverage can follow it: through
// NODE_OPTIONS, and through a hook on every spawn (process-on-spawn) that puts it back. Coverage is off here, and that
// import more than doubles the CPU of each CLI run a test makes (0.45 s instead of 0.19 s for `detect --offline`;
// `node -e 0` 0.28 s instead of 0.09 s), across some 900 runs a suite. The tests' children start as an admin's would.
import processOnSpawn from 'process-on-spawn';

processOnSpawn.removeAllListeners();
// NODE_OPTIONS quotes an option that holds a blank ("--import=file:///my dir/..."): a token is quoted or blank-free.
const tracker = /^"?--(?:import|loader)=.*@tapjs[/\\]processinfo[/\\]/;
const kept = (process.env.NODE_OPTIONS ?? '').match(/"[^"]*"|\S+/g)?.filter((option) => !tracker.test(option)) ?? [];
if (kept.length > 0) process.env.NODE_OPTIONS = kept.join(' ');
else delete process.env.NODE_OPTIONS;
