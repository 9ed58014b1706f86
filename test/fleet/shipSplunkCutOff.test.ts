// fleet --to-splunk-hec with 100,000 results against its local stand-in (test/helpers/shipServers.ts): a run cut off
// half-way, then run again, and every result arrives exactly once. A file of its own: two runs of 100,000 take most
// of a file's time limit.
import t from 'tap';
import { testCutOff } from '../helpers/shipRuns';

testCutOff(t, 'Splunk HEC');
