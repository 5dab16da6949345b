import type { Command } from './command';

/** Every `melab` command, loaded on first use so that one command never pays for another's imports. */
export const COMMANDS: Record<string, () => Command> = {
  validate: () => require('./validate').default,
  kappa: () => require('./kappa').default,
  agreement: () => require('./agreement').default,
  synth: () => require('./synth').default,
  stats: () => require('./stats').default,
  convert: () => require('./convert').default,
  splits: () => require('./splits').default,
  metrics: () => require('./metrics').default,
  tables: () => require('./tables').default,
  compare: () => require('./compare').default,
  baselines: () => require('./baselines').default,
  report: () => require('./report').default,
  diff: () => require('./diff').default,
  notebook: () => require('./notebook').default,
  composite: () => require('./composite').default,
};
