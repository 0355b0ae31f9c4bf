import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, describeEnvironment, loadConfig } from '../../config/index.ts';

describe('configuration', () => {
  it('documents every environment variable with its default in the README', () => {
    const readme = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
    for (const variable of describeEnvironment()) {
      const row = readme.split('\n').find((line) => line.startsWith(`| \`${variable.name}\` |`));
      expect(row, `README lacks a row for ${variable.name}`).toBeDefined();
      expect(row).toContain(variable.default === '(unset)' ? '(unset)' : `\`${variable.default}\``);
    }
  });

  it('refuses a malformed variable, naming it', () => {
    expect(() => loadConfig({ HENNEP_DB_POOL_SIZE: 'many' })).toThrow(ConfigError);
    expect(() => loadConfig({ HENNEP_DB_POOL_SIZE: 'many' })).toThrow('HENNEP_DB_POOL_SIZE');
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ DATABASE_URL: '' }).databaseUrl).toBeUndefined();
  });
});
