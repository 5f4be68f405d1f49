import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/config.ts';
import { settingEnvName, settingsCatalogue } from '../../src/config/settings-catalogue.ts';

describe('configuration', () => {
  it('has the defaults of 01 §21, 02 §10 and the foundation issue', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      port: 8080,
      host: '0.0.0.0',
      logLevel: 'info',
      databaseUrl: undefined,
      pgliteDir: './.data/pglite',
      migrateOnStart: true,
      shutdownTimeoutMs: 10000,
      trustProxy: false,
      corsOrigins: [],
      maxBodyBytes: 2097152,
      maxMultipartBytes: 31457280,
      rateLimitSessionRps: 200,
      rateLimitLoginRps: 50,
      dbAcquireTimeoutMs: 10000,
      metricsToken: undefined,
      clientTokenTtlSeconds: 3600,
      sessionCookies: true,
      kbSearchRank: 'document',
    });
    expect(Object.isFrozen(c)).toBe(true);
  });

  it.each([
    ['PORT', 'abc', /PORT must be an integer, got 'abc'/],
    ['PORT', '70000', /PORT must be between 0 and 65535/],
    ['DATABASE_URL', 'mysql://x', /DATABASE_URL must be a postgresql:\/\/ connection URL/],
    ['ECE_MIGRATE_ON_START', 'maybe', /ECE_MIGRATE_ON_START must be true or false/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL must be one of/],
    ['ECE_KB_SEARCH_RANK', 'title', /ECE_KB_SEARCH_RANK must be 'document' or 'fields'/],
    ['ECE_CORS_ORIGINS', 'https://a.example.com,*', /ECE_CORS_ORIGINS holds '\*'/],
    ['ECE_SETTING_SESSION_IDLE_TIMEOUT_MINUTES', '2', /ECE_SETTING_SESSION_IDLE_TIMEOUT_MINUTES must be between 5 and 1440/],
  ])('refuses %s=%s with one line naming the variable', (name, value, message) => {
    let err: unknown;
    try {
      loadConfig({ [name]: value });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).variable).toBe(name);
    expect((err as ConfigError).message).toMatch(message);
    expect((err as ConfigError).message).not.toContain('\n');
  });

  it('parses values', () => {
    const c = loadConfig({
      PORT: '9000',
      ECE_TRUST_PROXY: 'yes',
      ECE_CORS_ORIGINS: ' https://a.example.com , http://localhost:5173 ',
      DATABASE_URL: 'postgresql://u:p@h:5432/db',
      ECE_SETTING_MAX_SESSIONS_PER_USER: '7',
      ECE_KB_SEARCH_RANK: ' Fields ',
    });
    expect(c.kbSearchRank).toBe('fields');
    expect(c.port).toBe(9000);
    expect(c.trustProxy).toBe(true);
    expect(c.corsOrigins).toEqual(['https://a.example.com', 'http://localhost:5173']);
    expect(c.databaseUrl).toBe('postgresql://u:p@h:5432/db');
    expect(c.environmentSettings).toEqual({ maxSessionsPerUser: 7 });
  });

  it('maps setting names to ECE_SETTING_ variables as 02 §10 spells them', () => {
    expect(settingEnvName('sessionIdleTimeoutMinutes')).toBe('ECE_SETTING_SESSION_IDLE_TIMEOUT_MINUTES');
    expect(settingEnvName('maxSessionsPerClientApplication')).toBe('ECE_SETTING_MAX_SESSIONS_PER_CLIENT_APPLICATION');
  });

  it('.env.example documents every variable the configuration reads', () => {
    const source = readFileSync(new URL('../../src/config/config.ts', import.meta.url), 'utf8');
    const example = readFileSync(new URL('../../.env.example', import.meta.url), 'utf8');
    const names = [...source.matchAll(/read\(env, '([A-Z_]+)'/g)].map((m) => m[1]!);
    expect(names.length).toBeGreaterThan(15);
    for (const name of [...names, ...settingsCatalogue.map((s) => settingEnvName(s.name)), 'TEST_DATABASE_URL']) {
      expect(example, name).toMatch(new RegExp(`^#? ?${name}=`, 'm'));
    }
  });
});
