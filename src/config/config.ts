// Configuration comes from the environment only, is parsed once at start and is immutable afterwards.
// Each variable is declared once below; .env.example and the README table document the same list
// (a test keeps .env.example in step with this table).
import { settingsCatalogue, settingEnvName } from './settings-catalogue.ts';

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    reason: string,
  ) {
    super(`Invalid configuration: ${variable} ${reason}`);
  }
}

type Parser<T> = (raw: string, name: string) => T;

const int =
  (min: number, max: number): Parser<number> =>
  (raw, name) => {
    if (!/^\d+$/.test(raw.trim())) throw new ConfigError(name, `must be an integer, got '${raw}'`);
    const n = Number(raw.trim());
    if (n < min || n > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${n}`);
    return n;
  };

const bool: Parser<boolean> = (raw, name) => {
  const v = raw.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(v)) return true;
  if (['false', '0', 'no', 'off'].includes(v)) return false;
  throw new ConfigError(name, `must be true or false, got '${raw}'`);
};

const text: Parser<string> = (raw) => raw;

const postgresUrl: Parser<string> = (raw, name) => {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(name, 'must be a postgresql:// connection URL');
  }
  if (url.protocol !== 'postgresql:' && url.protocol !== 'postgres:') {
    throw new ConfigError(name, `must be a postgresql:// connection URL, got scheme '${url.protocol}'`);
  }
  return raw;
};

const logLevel: Parser<string> = (raw, name) => {
  const v = raw.trim().toLowerCase();
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(v)) {
    throw new ConfigError(name, `must be one of fatal, error, warn, info, debug, trace, silent; got '${raw}'`);
  }
  return v;
};

/** How K3 orders by relevance (docs/knowledge/search.md): the whole search document (06 §5) or its A/B fields. */
export type KbSearchRank = 'document' | 'fields';
const kbSearchRank: Parser<KbSearchRank> = (raw, name) => {
  const v = raw.trim().toLowerCase();
  if (v !== 'document' && v !== 'fields') throw new ConfigError(name, `must be 'document' or 'fields'; got '${raw}'`);
  return v;
};

const originList: Parser<string[]> = (raw, name) =>
  raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((origin) => {
      if (!/^https?:\/\/[^/*?#\s]+\/?$/i.test(origin)) throw new ConfigError(name, `holds '${origin}', which is not an http(s) origin`);
      return origin;
    });

const licenseProductNames = ['ECE Agent', 'ECE Chat', 'ECE Mail', 'ECE Named User', 'ECE API Client Application'];
const licenseUnits: Parser<Readonly<Record<string, number>>> = (raw, name) => {
  const shape = `must be a JSON object of product → units such as {"ECE Chat":150}, got '${raw}'`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ConfigError(name, shape);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new ConfigError(name, shape);
  for (const [product, units] of Object.entries(parsed)) {
    if (!licenseProductNames.includes(product)) throw new ConfigError(name, `names an unknown product '${product}' (known: ${licenseProductNames.join(', ')})`);
    if (typeof units !== 'number' || !Number.isSafeInteger(units) || units < 0) throw new ConfigError(name, `must give '${product}' a whole number of units ≥ 0`);
  }
  return Object.freeze({ ...(parsed as Record<string, number>) });
};

const gitSha: Parser<string> = (raw, name) => {
  const v = raw.trim().toLowerCase();
  if (!/^[0-9a-f]{7,40}$/.test(v)) throw new ConfigError(name, `must be a git commit sha (7 to 40 hex digits), got '${raw}'`);
  return v;
};

function read<T>(env: NodeJS.ProcessEnv, name: string, parse: Parser<T>, fallback: T): T;
function read<T>(env: NodeJS.ProcessEnv, name: string, parse: Parser<T>): T | undefined;
function read<T>(env: NodeJS.ProcessEnv, name: string, parse: Parser<T>, fallback?: T): T | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  return parse(raw, name);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env) {
  const environmentSettings: Record<string, number> = {};
  for (const s of settingsCatalogue) {
    const value = read(env, settingEnvName(s.name), int(s.minimum, s.maximum));
    if (value !== undefined) environmentSettings[s.name] = value;
  }
  return Object.freeze({
    port: read(env, 'PORT', int(0, 65535), 8080),
    host: read(env, 'HOST', text, '0.0.0.0'),
    logLevel: read(env, 'LOG_LEVEL', logLevel, 'info'),
    databaseUrl: read(env, 'DATABASE_URL', postgresUrl),
    dbPoolSize: read(env, 'ECE_DB_POOL_SIZE', int(1, 1000), 20),
    dbAcquireTimeoutMs: read(env, 'ECE_DB_ACQUIRE_TIMEOUT_MS', int(1, 600_000), 10_000),
    pgliteDir: read(env, 'ECE_PGLITE_DIR', text, './.data/pglite'),
    migrateOnStart: read(env, 'ECE_MIGRATE_ON_START', bool, true),
    shutdownTimeoutMs: read(env, 'ECE_SHUTDOWN_TIMEOUT_MS', int(0, 600_000), 10_000),
    trustProxy: read(env, 'ECE_TRUST_PROXY', bool, false),
    corsOrigins: read(env, 'ECE_CORS_ORIGINS', originList, []),
    maxBodyBytes: read(env, 'ECE_MAX_BODY_BYTES', int(1024, 1024 ** 3), 2_097_152),
    maxMultipartBytes: read(env, 'ECE_MAX_MULTIPART_BYTES', int(1024, 1024 ** 3), 31_457_280),
    kbSearchRank: read(env, 'ECE_KB_SEARCH_RANK', kbSearchRank, 'document'),
    attachmentUrlTtlSeconds: read(env, 'ECE_ATTACHMENT_URL_TTL_SECONDS', int(1, 604_800), 600),
    rateLimitSessionRps: read(env, 'ECE_RATE_LIMIT_SESSION_RPS', int(0, 1_000_000), 200),
    rateLimitLoginRps: read(env, 'ECE_RATE_LIMIT_LOGIN_RPS', int(0, 1_000_000), 50),
    metricsToken: read(env, 'ECE_METRICS_TOKEN', text),
    adminPassword: read(env, 'ECE_ADMIN_PASSWORD', text),
    clientTokenTtlSeconds: read(env, 'ECE_CLIENT_TOKEN_TTL_S', int(1, 31_536_000), 3600),
    sessionCookies: read(env, 'ECE_SESSION_COOKIES', bool, true),
    productVersion: read(env, 'ECE_PRODUCT_VERSION', text, '12.6.1'),
    buildSha: read(env, 'ECE_BUILD_SHA', gitSha),
    aboutContactName: read(env, 'ECE_ABOUT_CONTACT_NAME', text, ''),
    aboutContactEmail: read(env, 'ECE_ABOUT_CONTACT_EMAIL', text, ''),
    aboutContactUrl: read(env, 'ECE_ABOUT_CONTACT_URL', text, ''),
    aboutCopyright: read(env, 'ECE_ABOUT_COPYRIGHT', text),
    aboutTrademarks: read(env, 'ECE_ABOUT_TRADEMARKS', text, ''),
    licenseUnits: read(env, 'ECE_LICENSE_UNITS', licenseUnits, Object.freeze({})),
    environmentSettings: Object.freeze(environmentSettings),
  });
}

export type Config = ReturnType<typeof loadConfig>;

/** Reads `.env` into process.env when the file exists; variables already set win. */
export function loadDotEnv(file = '.env'): void {
  try {
    process.loadEnvFile(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}
