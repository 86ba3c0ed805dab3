import { bumpCommand } from './bump';
import { checkCommand } from './check';
import { importCommand } from './import';
import { lockCommand } from './lock';
import { loginCommand } from './login';
import { logoutCommand } from './logout';
import { outdatedCommand } from './outdated';
import { packageCommand } from './package';
import { pushArtifactCommand } from './push-artifact';
import { pushChartCommand } from './push-chart';
import { showChartCommand, showCommand, showReadmeCommand, showSchemaCommand, showValuesCommand } from './show';
import { tagsCommand } from './tags';
import { Command } from '../command';

/** Every subcommand, in the order `flux-oci help` lists them (declarations only: see `Command`). */
export const COMMANDS: readonly Command[] = [
  tagsCommand,
  showCommand,
  showChartCommand,
  showValuesCommand,
  showReadmeCommand,
  showSchemaCommand,
  lockCommand,
  outdatedCommand,
  bumpCommand,
  checkCommand,
  importCommand,
  packageCommand,
  pushChartCommand,
  pushArtifactCommand,
  loginCommand,
  logoutCommand,
];
