import { lockCommand } from './lock';
import { showCommand } from './show';
import { tagsCommand } from './tags';
import { Command } from '../command';

/** Every subcommand, in the order `flux-oci help` lists them. */
export const COMMANDS: readonly Command[] = [
  tagsCommand,
  showCommand,
  lockCommand,
];
