// Context-graph entities and relations (used for delegate matching and the graph view).
import type { ContextEntity } from '../model';
import type { StoreContext } from './context';
import { isConstraintError } from './errors';
import { notFound, stringMap } from './rows';

export interface ContextEntityInput {
  sessionId?: string | null;
  entityType: string;
  name: string;
  path?: string | null;
  summary: string;
  metadata?: Record<string, string>;
}

export interface ContextRelation {
  id: number;
  sessionId: string | null;
  fromEntityId: number;
  toEntityId: number;
  relationType: string;
  summary: string;
  createdAt: string;
}

export interface ContextRelationInput {
  sessionId?: string | null;
  fromEntityId: number;
  toEntityId: number;
  relationType: string;
  summary: string;
}

export interface EntityRow {
  id: number;
  session_id: string | null;
  entity_type: string;
  name: string;
  path: string | null;
  summary: string;
  metadata_json: string;
  created_at: string;
  updated_at: string;
}

interface RelationRow {
  id: number;
  session_id: string | null;
  from_entity_id: number;
  to_entity_id: number;
  relation_type: string;
  summary: string;
  created_at: string;
}

function rowToEntity(r: EntityRow): ContextEntity {
  return {
    id: r.id,
    sessionId: r.session_id,
    entityType: r.entity_type,
    name: r.name,
    path: r.path,
    summary: r.summary,
    metadata: stringMap(r.metadata_json),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function rowToRelation(r: RelationRow): ContextRelation {
  return {
    id: r.id,
    sessionId: r.session_id,
    fromEntityId: r.from_entity_id,
    toEntityId: r.to_entity_id,
    relationType: r.relation_type,
    summary: r.summary,
    createdAt: r.created_at,
  };
}

/** One entity per type and path (or name when it has no path). */
export function entityKey(entityType: string, name: string, path: string | null | undefined): string {
  return `${entityType}::${path ?? name}`;
}

export function graphOps(ctx: StoreContext) {
  function upsertEntity(input: ContextEntityInput): ContextEntity {
    const key = entityKey(input.entityType, input.name, input.path);
    const now = ctx.now();
    try {
      return ctx.write(() => {
        ctx
          .stmt(
            `INSERT INTO context_graph_entities
               (session_id, entity_key, entity_type, name, path, summary, metadata_json, created_at, updated_at)
             VALUES (@sessionId, @key, @entityType, @name, @path, @summary, @metadata, @now, @now)
             ON CONFLICT(entity_key) DO UPDATE SET session_id = COALESCE(excluded.session_id, session_id),
               name = excluded.name, path = excluded.path, summary = excluded.summary,
               metadata_json = excluded.metadata_json, updated_at = excluded.updated_at`,
          )
          .run({
            sessionId: input.sessionId ?? null,
            key,
            entityType: input.entityType,
            name: input.name,
            path: input.path ?? null,
            summary: input.summary,
            metadata: JSON.stringify(input.metadata ?? {}),
            now,
          });
        const row = ctx.stmt('SELECT * FROM context_graph_entities WHERE entity_key = ?').get(key) as EntityRow;
        return rowToEntity(row);
      });
    } catch (err) {
      if (isConstraintError(err, 'FOREIGNKEY')) throw notFound(input.sessionId ?? '');
      throw err;
    }
  }

  return {
    upsertContextEntity: upsertEntity,

    /** Entities, most recently updated first, optionally only one session's and/or one type. */
    listContextEntities(sessionId: string | null | undefined, entityType: string | null | undefined, limit: number): ContextEntity[] {
      const rows = ctx.read(
        () =>
          ctx
            .stmt(
              `SELECT * FROM context_graph_entities
               WHERE (@sessionId IS NULL OR session_id = @sessionId) AND (@entityType IS NULL OR entity_type = @entityType)
               ORDER BY updated_at DESC, id DESC LIMIT @limit`,
            )
            .all({ sessionId: sessionId ?? null, entityType: entityType ?? null, limit }) as EntityRow[],
      );
      return rows.map(rowToEntity);
    },

    /** Inserts a relation, or refreshes the summary of the existing one of the same type. */
    upsertContextRelation(input: ContextRelationInput): ContextRelation {
      return ctx.write(() => {
        ctx
          .stmt(
            `INSERT INTO context_graph_relations (session_id, from_entity_id, to_entity_id, relation_type, summary, created_at)
             VALUES (@sessionId, @from, @to, @type, @summary, @now)
             ON CONFLICT(from_entity_id, to_entity_id, relation_type) DO UPDATE SET summary = excluded.summary,
               session_id = COALESCE(excluded.session_id, session_id)`,
          )
          .run({
            sessionId: input.sessionId ?? null,
            from: input.fromEntityId,
            to: input.toEntityId,
            type: input.relationType,
            summary: input.summary,
            now: ctx.now(),
          });
        return rowToRelation(
          ctx
            .stmt(
              'SELECT * FROM context_graph_relations WHERE from_entity_id = ? AND to_entity_id = ? AND relation_type = ?',
            )
            .get(input.fromEntityId, input.toEntityId, input.relationType) as RelationRow,
        );
      });
    },

    /** Relations touching an entity (either end), or all of them; oldest first. */
    listContextRelations(entityId?: number): ContextRelation[] {
      const rows = ctx.read(
        () =>
          ctx
            .stmt(
              `SELECT * FROM context_graph_relations
               WHERE @entityId IS NULL OR from_entity_id = @entityId OR to_entity_id = @entityId ORDER BY id`,
            )
            .all({ entityId: entityId ?? null }) as RelationRow[],
      );
      return rows.map(rowToRelation);
    },
  };
}

export type GraphOps = ReturnType<typeof graphOps>;
