// A check of the SPL in deploy/splunk that no Splunk is needed for. No maintained SPL parser exists for Node (the
// known ones are Python and cover half the commands), and Splunk itself cannot run here. So this checks what breaks a
// dashboard panel silently: an unbalanced quote or parenthesis, a command or function Splunk does not have (from
// Splunk's Search Reference), and a field that is neither a column of the row fleet sends (schema/fleet-row) nor
// made earlier in the same search. A misspelt field is no error in Splunk: the panel is just empty.
import { tableColumns } from './kusto';

/** The commands and functions these searches may use, each as Splunk's Search Reference names it. */
const COMMANDS = new Set([
  'dedup',
  'eval',
  'eventstats',
  'fields',
  'mvexpand',
  'rename',
  'search',
  'sort',
  'stats',
  'table',
  'timechart',
  'where',
]);
const FUNCTIONS = new Set([
  'case',
  'coalesce',
  'if',
  'isnull',
  'isnum',
  'lower',
  'max',
  'min',
  'mvcount',
  'now',
  'null',
  'relative_time',
  'round',
  'strftime',
  'strptime',
  'true',
  'count',
  'dc',
  'first',
  'latest',
  'sum',
  'values',
]);
/** Words of the language and the options of the commands above: never fields. */
const KEYWORDS = new Set(['AS', 'BY', 'IN', 'NOT', 'AND', 'OR', 'span', 'sortby']);
/** The first stage every search starts with: the sourcetype fleet sends, and a time window. */
const FIRST_STAGE = /^sourcetype=tetra_doctor earliest=-\d+d$/;

type Token = { kind: 'word' | 'string' | 'number' | 'symbol'; text: string };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const pattern =
    /\s+|"(?:[^"\\]|\\.)*"|[A-Za-z_][A-Za-z0-9_]*(?:\{\})?|-?\d+(?:\.\d+)?[a-z]?|!=|<=|>=|[|(),=<>+\-*/]/gy;
  for (let at = 0; at < text.length;) {
    pattern.lastIndex = at;
    const match = pattern.exec(text);
    if (!match) throw new Error(`cannot read ${JSON.stringify(text.slice(at, at + 20))}`);
    at = pattern.lastIndex;
    const t = match[0];
    if (/^\s/.test(t)) continue;
    const kind = t.startsWith('"') ? 'string' : /^[A-Za-z_]/.test(t) ? 'word' : /^-?\d/.test(t) ? 'number' : 'symbol';
    tokens.push({ kind, text: t.replace(/\{\}$/, '') });
  }
  return tokens;
}

/** The stages of a search, split at the pipes outside parentheses. */
function stages(tokens: Token[]): Token[][] {
  const out: Token[][] = [[]];
  let depth = 0;
  for (const token of tokens) {
    if (token.text === '(') depth++;
    if (token.text === ')' && --depth < 0) throw new Error('a ")" without its "("');
    if (token.text === '|' && depth === 0) out.push([]);
    else out[out.length - 1].push(token);
  }
  if (depth !== 0) throw new Error('a "(" without its ")"');
  return out;
}

/** The fields a stage makes: `eval NAME=`, `... AS NAME`, a stats/timechart's BY fields stay as they were. */
function madeBy(stage: Token[]): string[] {
  const made: string[] = [];
  let depth = 0;
  stage.forEach((token, i) => {
    depth += token.text === '(' ? 1 : token.text === ')' ? -1 : 0;
    if (stage[i - 1]?.text === 'AS') made.push(token.text);
    // An assignment starts the eval or follows one of its top-level commas (a comma inside case(...) starts none).
    const startsAssignment = depth === 0 && [',', 'eval'].includes(stage[i - 1]?.text);
    if (stage[0].text === 'eval' && startsAssignment && stage[i + 1]?.text === '=') made.push(token.text);
  });
  return made;
}

/** What is wrong with one search: empty when it reads as SPL and every field it uses exists when it is used. */
export function splErrors(search: string): string[] {
  const lines = search.trim().split('\n');
  if (!FIRST_STAGE.test(lines[0])) return [`the first stage is not "sourcetype=tetra_doctor earliest=-Nd"`];
  let all: Token[][];
  try {
    all = stages(tokenize(lines.slice(1).join('\n')));
  } catch (err) {
    return [(err as Error).message];
  }
  const known = new Set(['_time', ...tableColumns().map(([name]) => name)]);
  const errors: string[] = [];
  for (const stage of all.slice(1)) {
    const command = stage[0]?.text ?? '(nothing)';
    if (!COMMANDS.has(command)) errors.push(`unknown command "${command}"`);
    const made = madeBy(stage);
    stage.slice(1).forEach((token, i) => {
      if (token.kind !== 'word' || KEYWORDS.has(token.text) || made.includes(token.text)) return;
      // stats' `count AS n` calls count without parentheses.
      const isCall = stage[i + 2]?.text === '(' || (token.text === 'count' && stage[i + 2]?.text === 'AS');
      if (isCall && !FUNCTIONS.has(token.text)) errors.push(`unknown function "${token.text}" in ${command}`);
      if (!isCall && !known.has(token.text)) errors.push(`field "${token.text}" in ${command} exists nowhere before`);
    });
    for (const name of made) known.add(name);
  }
  return errors;
}
