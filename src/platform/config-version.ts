// The config_version mechanism of 07 §1.1: every administration write increments one counter in its own
// transaction; a trigger NOTIFYs every instance, and each instance also polls the counter once a second in
// case a notification is lost (a dropped LISTEN connection). Caches built on it are dropped on any change.
import type { Database, Unlisten } from '../db/database.ts';

export const configVersionChannel = 'ece_config_version';

type Executor = { $executeRawUnsafe(sql: string): Promise<number> };

/** Call inside the administration write's transaction. */
export async function bumpConfigVersion(tx: Executor): Promise<void> {
  await tx.$executeRawUnsafe('UPDATE config_version SET value = value + 1, updated_at = now() WHERE id = 1');
}

export class ConfigVersion {
  private value: string | undefined;
  private readonly subscribers = new Set<() => void>();
  private timer: NodeJS.Timeout | undefined;
  private unlisten: Unlisten | undefined;

  constructor(
    private readonly db: Database,
    private readonly pollMs = 1000,
    private readonly onError: (err: unknown) => void = () => {},
  ) {}

  async start(): Promise<void> {
    await this.poll();
    try {
      this.unlisten = await this.db.listen(configVersionChannel, (payload) => this.observe(payload));
    } catch (err) {
      this.onError(err); // polling still covers it
    }
    this.timer = setInterval(() => void this.poll(), this.pollMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.unlisten?.();
  }

  /** Registers a callback run whenever the counter changes (on this or another instance). */
  subscribe(onChange: () => void): () => void {
    this.subscribers.add(onChange);
    return () => this.subscribers.delete(onChange);
  }

  /** The writing instance calls this after its commit, so its next request already sees the change. */
  changedHere(): void {
    // The counter value is left as last seen, so the next poll or notification still compares against it.
    for (const s of this.subscribers) s();
  }

  private async poll(): Promise<void> {
    try {
      const rows = await this.db.query<{ value: string }>('SELECT value::text AS value FROM config_version WHERE id = 1');
      if (rows[0]) this.observe(rows[0].value);
    } catch (err) {
      this.onError(err);
    }
  }

  private observe(value: string): void {
    if (value === this.value) return;
    const first = this.value === undefined;
    this.value = value;
    if (!first) for (const s of this.subscribers) s();
  }
}

/** A value loaded from the database and kept until the configuration changes. */
export class VersionedCache<T> {
  private current: Promise<T> | undefined;

  constructor(
    version: ConfigVersion,
    private readonly load: () => Promise<T>,
  ) {
    version.subscribe(() => (this.current = undefined));
  }

  get(): Promise<T> {
    const loading = (this.current ??= this.load());
    // A failed load is not cached: the next request tries again.
    loading.catch(() => {
      if (this.current === loading) this.current = undefined;
    });
    return loading;
  }
}
