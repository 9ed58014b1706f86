// The exit codes of every endpoint command (the contract scripts key on): defined here and nowhere else.
export const EXIT = { healthy: 0, unhealthy: 1, usage: 2, not_applicable: 3, undetermined: 4, busy: 5 } as const;

export type ExitName = keyof typeof EXIT;
export type ExitCode = (typeof EXIT)[ExitName];
