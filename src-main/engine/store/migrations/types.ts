import type Database from 'better-sqlite3';

export interface Migration {
  version: number;
  name: string;
  /** Runs inside the migration's BEGIN IMMEDIATE transaction; must not open its own. */
  up(db: Database.Database): void;
}
