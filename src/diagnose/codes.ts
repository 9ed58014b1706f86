// Finding codes and the role each plays in the verdict, as seen from the rest of the program. The definitions
// themselves (role, status effect, fleet label, parameters, messages) live in src/diagnose/findings/.
import { definitionOf, FINDING_CODES, type FindingCode, type FindingRole } from './findings';

export { definitionOf, isFindingCode } from './findings';
export type { FindingCode, FindingDraft, FindingRole, ParamsOf, StatusEffect } from './findings';
export type { NoParams } from './findings/definition';

export const FINDING_ROLES = Object.fromEntries(FINDING_CODES.map((code) => [code, definitionOf(code).role])) as Record<
  FindingCode,
  FindingRole
>;
