// fleet --to-splunk-hec with 100,000 results against its local stand-in (test/helpers/shipServers.ts): two runs, and
// every result arrives exactly once. A file of its own: two runs of 100,000 take most of a file's time limit.
import t from 'tap';
import { testReruns } from '../helpers/shipRuns';

testReruns(t, 'Splunk HEC');
