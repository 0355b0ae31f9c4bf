import pino from 'pino';
import { loadConfig } from '../../config/index.ts';
import { serve } from '../../service/index.ts';
import { parseOptions } from '../args.ts';
import type { Command } from './command.ts';

export const serveCommand: Command = {
  usage: [
    'usage: hennep serve',
    '',
    'Runs the service (API, web page, /docs, /metrics) on HENNEP_HOST:HENNEP_PORT with the',
    'retrain (HENNEP_RETRAIN_CRON) and retention (HENNEP_RETENTION_CRON) schedules. JSON logs',
    'on stdout. Stops cleanly on SIGTERM or SIGINT: running requests, jobs and audit entries finish.',
  ].join('\n'),
  async run(args) {
    parseOptions(args, {});
    const config = loadConfig();
    const log = pino({ level: config.logLevel });
    const service = await serve(config, log);
    await new Promise<void>((resolve) => {
      const stop = (signal: string) => {
        log.info(`${signal}: shutting down`);
        void service.close().then(resolve);
      };
      process.once('SIGTERM', () => stop('SIGTERM'));
      process.once('SIGINT', () => stop('SIGINT'));
    });
    return 0;
  },
};
