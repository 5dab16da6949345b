import type { Command } from './command';

/** Every `melab` command, loaded on first use so that one command never pays for another's imports. */
export const COMMANDS: Record<string, () => Command> = {
};
