// Dotted keys (`conflict_resolution.strategy`, `agent_profiles."my.profile".model`), flattening
// and the layer merge that records which layer set each leaf.
import { isTable } from './errors';
import type { ConfigSource } from './types';

/** Appends one key segment, quoting it the way TOML would when it is not a bare key. */
export function joinKey(parent: string, name: string): string {
  const segment = /^[A-Za-z0-9_-]+$/.test(name) ? name : JSON.stringify(name);
  return parent === '' ? segment : `${parent}.${segment}`;
}

/**
 * Leaves of a config tree: scalars, arrays (arrays replace as a whole) and empty tables.
 * Absent optional values are skipped.
 */
export function flatten(tree: Record<string, unknown>, prefix = '', out = new Map<string, unknown>()): Map<string, unknown> {
  for (const [name, value] of Object.entries(tree)) {
    if (value === undefined) continue;
    const key = joinKey(prefix, name);
    if (isTable(value) && Object.keys(value).length > 0) flatten(value, key, out);
    else out.set(key, value);
  }
  return out;
}

/** Deep-merges `layer` into `target` (tables key by key, everything else replaced), noting sources. */
export function mergeLayer(
  target: Record<string, unknown>,
  layer: Record<string, unknown>,
  source: ConfigSource,
  sources: Map<string, ConfigSource>,
  prefix = '',
): void {
  for (const [name, value] of Object.entries(layer)) {
    const key = joinKey(prefix, name);
    const existing = target[name];
    if (isTable(value)) {
      if (!isTable(existing)) {
        forgetBelow(sources, key);
        target[name] = {};
      }
      sources.set(key, source);
      mergeLayer(target[name] as Record<string, unknown>, value, source, sources, key);
    } else {
      forgetBelow(sources, key);
      target[name] = cloneValue(value);
      sources.set(key, source);
    }
  }
}

function forgetBelow(sources: Map<string, ConfigSource>, key: string): void {
  for (const name of [...sources.keys()]) {
    if (name.startsWith(`${key}.`)) sources.delete(name);
  }
}

export function cloneValue<T>(value: T): T {
  if (Array.isArray(value)) return value.map(cloneValue) as T;
  if (isTable(value)) {
    const out: Record<string, unknown> = {};
    for (const [name, item] of Object.entries(value)) out[name] = cloneValue(item);
    return out as T;
  }
  return value;
}
