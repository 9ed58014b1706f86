// Each command's option table (yargs' options and the ranges), assembled from the tables of the layers that own them:
// the parsers, --help and the range rows README's option table states are all made from this one map.
import { describeRange, rangeCell, type NumericRange, type OptionTable } from '../contract/options';
import { CONSOLE_OPTIONS, POLICY_OPTIONS } from '../console/options';
import { FLEET_OPTIONS } from '../fleet/options';
import { DEPLOY_OPTIONS } from '../intune/options';
import { COLLECT_OPTIONS, REMEDIATE_OPTIONS } from './commandOptions';
import { ENDPOINT_OPTIONS } from './endpointOptions';

export const COMMAND_OPTIONS = {
  detect: ENDPOINT_OPTIONS,
  probe: ENDPOINT_OPTIONS,
  remediate: { ...ENDPOINT_OPTIONS, ...REMEDIATE_OPTIONS },
  collect: { ...ENDPOINT_OPTIONS, ...COLLECT_OPTIONS },
  fleet: FLEET_OPTIONS,
  policy: { ...CONSOLE_OPTIONS, ...POLICY_OPTIONS },
  'intune deploy': DEPLOY_OPTIONS,
} as const satisfies Record<string, OptionTable>;

export type EndpointCommand = 'detect' | 'probe' | 'remediate' | 'collect';

/** One numeric option of one command, as README's option-range table states it. */
export interface OptionRangeRow {
  /** `detect`, `intune deploy` */
  command: string;
  /** `--timeout-ms` */
  option: string;
  range: NumericRange;
  /** "a whole number from 1 to 600000", the words of the usage error and the settings file's table. */
  rangeText: string;
  /** "whole number, 1 to 600000", the words of README's option-range table. */
  rangeCell: string;
  /** Undefined when the option has no fixed default (`--duration`, `--interval`). */
  default: number | undefined;
  meaning: string;
  hidden: boolean;
}

/** Every ranged option of every command, in the commands' order and each command's table order. */
export function optionRangeRows(): OptionRangeRow[] {
  return Object.entries(COMMAND_OPTIONS).flatMap(([command, table]: [string, OptionTable]) =>
    Object.entries(table).flatMap(([name, spec]) =>
      spec.range === undefined
        ? []
        : [
            {
              command,
              option: `--${name}`,
              range: spec.range,
              rangeText: describeRange(spec.range),
              rangeCell: rangeCell(spec.range),
              default: typeof spec.default === 'number' ? spec.default : undefined,
              meaning: spec.describe ?? '',
              hidden: spec.hidden === true,
            },
          ],
    ),
  );
}
