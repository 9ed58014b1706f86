// The Azure Automation runbook of the daily fleet job (deploy/azure/Invoke-TetraDoctorFleet.ps1) must run on Windows
// PowerShell 5.1 as well as 7: it parses with no 6/7-only syntax, and is pure ASCII without a BOM.
import t from 'tap';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../helpers/paths';
import { PWSH_FILE_TIMEOUT_MS, withPwsh } from '../helpers/pwsh';
import { asciiProblems, checkPs51Syntax } from '../helpers/pwsh-syntax';

t.setTimeout(PWSH_FILE_TIMEOUT_MS);
const RUNBOOK = path.join(ROOT, 'deploy', 'azure', 'Invoke-TetraDoctorFleet.ps1');

t.test('pure ASCII, no BOM', async (t) => {
  t.same(asciiProblems(readFileSync(RUNBOOK)), []);
});

withPwsh(t, 'parses as Windows PowerShell 5.1', async (t, pwsh) => {
  const result = checkPs51Syntax(pwsh, [RUNBOOK]);
  t.same(result.checked, [RUNBOOK], result.stderr);
  t.same(result.problems, []);
});
