import { parseOrShowHelp } from '../args';
import type { Command } from '../command';
import { table } from '../format';

export const modelsCommand: Command = {
  name: 'models',
  summary: 'list the registered models',
  help: 'Usage: npm run cli -- models\n\nLists every model --models accepts, and which ones the automatic selection (auto) considers.',
  async run(argv, ctx) {
    const values = parseOrShowHelp(argv, { help: { type: 'boolean' } }, this.help, ctx.stdout);
    if (!values) return;
    ctx.stdout(`${table(['model', 'candidate', 'description'], ctx.registry.list().map((s) => [s.name, s.candidate ? 'yes' : '', s.description]), [0, 1, 2])}\n`);
  },
};
