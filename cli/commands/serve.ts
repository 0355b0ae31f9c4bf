import { loadConfig } from '../../config/index.ts';
import { serve } from '../../service/server.ts';
import { parseOptions } from '../args.ts';
import type { Command } from './index.ts';

export const serveCommand: Command = {
  usage: [
    'usage: hennep serve',
    '',
    'Runs the service on HENNEP_HOST:HENNEP_PORT with the retrain schedule',
    '(HENNEP_RETRAIN_CRON). Stops cleanly on SIGTERM or SIGINT, letting a running job finish.',
  ].join('\n'),
  async run(args) {
    parseOptions(args, {});
    const log = (message: string) => process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), pid: process.pid, msg: message })}\n`);
    const service = await serve(loadConfig(), log);
    await new Promise<void>((resolve) => {
      const stop = (signal: string) => {
        log(`${signal}: shutting down`);
        void service.close().then(resolve);
      };
      process.once('SIGTERM', () => stop('SIGTERM'));
      process.once('SIGINT', () => stop('SIGINT'));
    });
    return 0;
  },
};
