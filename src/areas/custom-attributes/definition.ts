// Custom attribute definitions as the interaction areas use them (03 §2.7, 07 §13), loaded once per configuration
// version: every request that validates or searches custom attributes reads them from memory.
import type { Database } from '../../db/database.ts';
import { VersionedCache, type ConfigVersion } from '../../platform/config-version.ts';
import type { CustomAttributeResolver } from '../../query/parse.ts';

export const objectTypes = ['customer', 'case', 'activity'] as const;
export type ObjectType = (typeof objectTypes)[number];
export const dataTypes = ['string', 'integer', 'decimal', 'date', 'boolean'] as const;
export type DataType = (typeof dataTypes)[number];

export type AllowedValue = { value: string; label?: string | undefined };

export interface AttributeDefinition {
  id: bigint;
  objectType: ObjectType;
  name: string;
  displayName: string;
  dataType: DataType;
  /** `string` only; 255 when not set. */
  maxLength: number | null;
  minimum: string | null;
  maximum: string | null;
  enumerated: boolean;
  allowedValues: AllowedValue[];
  multiValued: boolean;
  unique: boolean;
  state: 'active' | 'inactive';
  /** last_modified_at in ms: a write compares it under a share lock to notice a definition changed since caching. */
  version: number;
}

type DefinitionRow = {
  id: string;
  object_type: string;
  name: string;
  display_name: string;
  data_type: string;
  max_length: number | null;
  minimum: string | null;
  maximum: string | null;
  enumerated: boolean;
  allowed_values: AllowedValue[] | null;
  multi_valued: boolean;
  unique: boolean;
  state: string;
  last_modified_at: Date;
};

export function toDefinition(row: DefinitionRow): AttributeDefinition {
  return {
    id: BigInt(row.id),
    objectType: row.object_type as ObjectType,
    name: row.name,
    displayName: row.display_name,
    dataType: row.data_type as DataType,
    maxLength: row.max_length,
    minimum: row.minimum,
    maximum: row.maximum,
    enumerated: row.enumerated,
    allowedValues: row.allowed_values ?? [],
    multiValued: row.multi_valued,
    unique: row.unique,
    state: row.state === 'inactive' ? 'inactive' : 'active',
    version: new Date(row.last_modified_at).getTime(),
  };
}

export type DefinitionsByName = ReadonlyMap<string, AttributeDefinition>;

const selectDefinitions = `SELECT id::text AS id, object_type, name, display_name, data_type, max_length, minimum, maximum, enumerated,
  allowed_values, multi_valued, "unique", state, last_modified_at FROM custom_attribute_definition`;

type Raw = { $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T> };

/**
 * Inside a write transaction: share-locks the definitions `used` names, so that an administrator cannot change them
 * until the write commits (and the change then sees the stored values), and answers the definitions of the object
 * type afresh when any of them changed since it was cached (undefined when the cache was current).
 */
export async function lockDefinitions(tx: Raw, objectType: ObjectType, used: readonly AttributeDefinition[]): Promise<DefinitionsByName | undefined> {
  if (!used.length) return undefined;
  const locked = await tx.$queryRawUnsafe<{ id: string; last_modified_at: Date }[]>(
    'SELECT id::text AS id, last_modified_at FROM custom_attribute_definition WHERE id = ANY($1::bigint[]) FOR SHARE',
    used.map((d) => String(d.id)),
  );
  const current = new Map(locked.map((r) => [r.id, new Date(r.last_modified_at).getTime()]));
  if (used.every((d) => current.get(String(d.id)) === d.version)) return undefined;
  const rows = await tx.$queryRawUnsafe<DefinitionRow[]>(`${selectDefinitions} WHERE object_type = $1 ORDER BY name COLLATE "C"`, objectType);
  return new Map(rows.map((r) => [r.name, toDefinition(r)]));
}

/**
 * Every definition by object type and name (case-sensitive), dropped whenever the configuration changes (07 §1.1).
 * Read it before opening a write transaction: on the embedded PGlite a load inside one would wait for it.
 */
export class AttributeDefinitions implements CustomAttributeResolver {
  private readonly cache: VersionedCache<Map<ObjectType, Map<string, AttributeDefinition>>>;

  constructor(db: Pick<Database, 'query'>, version: ConfigVersion) {
    this.cache = new VersionedCache(version, async () => {
      const rows = await db.query<DefinitionRow>(`${selectDefinitions} ORDER BY name COLLATE "C"`);
      const byType = new Map<ObjectType, Map<string, AttributeDefinition>>(objectTypes.map((t) => [t, new Map()]));
      for (const row of rows) byType.get(row.object_type as ObjectType)?.set(row.name, toDefinition(row));
      return byType;
    });
  }

  /** The definitions of one object type, by name, in name order. */
  async of(objectType: ObjectType): Promise<DefinitionsByName> {
    return (await this.cache.get()).get(objectType) ?? new Map();
  }

  async definedNames(objectType: string, names: readonly string[]): Promise<ReadonlySet<string>> {
    const defined = await this.of(objectType as ObjectType);
    return new Set(names.filter((n) => defined.has(n)));
  }
}
