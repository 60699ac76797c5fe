import type { Command } from '../command';
import { backtestCommand } from './backtest';
import { forecastCommand } from './forecast';
import { modelsCommand } from './models';
import { planCommand } from './plan';
import { simulateCommand } from './simulate';

/** Every CLI command. A new one is a file in this folder and one entry here. */
export const COMMANDS: readonly Command[] = [forecastCommand, backtestCommand, modelsCommand, planCommand, simulateCommand];
