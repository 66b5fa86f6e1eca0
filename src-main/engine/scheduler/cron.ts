// Cron expressions (spec §3.20.1) evaluated with croner, in UTC.
//
// Fields: 5 (min hour dom month dow; seconds are 0), 6 (sec min hour dom month dow) or
// 7 (sec min hour dom month dow year).
//
// Day of week: crontab numbering for every field count: 0-7 with Sunday = 0 or 7, Monday = 1 ...
// Saturday = 6; names sun..sat work too. ECC2's Rust `cron` crate numbers Quartz-style (Sunday = 1)
// everywhere; we chose crontab's rule because 5-field expressions are written for crontab, and one
// rule for all field counts is easier to get right. Only numeric day-of-week values differ from
// ECC2 (a 6-field ECC2 schedule with `2` meant Monday; here it means Tuesday); names are safe.
// When both day-of-month and day-of-week are restricted, a day matching either fires (crontab's OR).
import { Cron } from 'croner';

export class CronError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'CronError';
  }
}

export interface ParsedCron {
  /** The trimmed expression as written. */
  expr: string;
  fieldCount: 5 | 6 | 7;
  /** What croner evaluates (5-field expressions get a leading `0` seconds field). */
  normalized: string;
  cron: Cron;
}

export function parseCron(expression: string): ParsedCron {
  const expr = expression.trim();
  const fields = expr === '' ? [] : expr.split(/\s+/);
  const n = fields.length;
  if (n !== 5 && n !== 6 && n !== 7) {
    throw new CronError(`invalid cron expression \`${expr}\`: expected 5, 6, or 7 fields but found ${n}`);
  }
  const normalized = n === 5 ? `0 ${fields.join(' ')}` : fields.join(' ');
  try {
    // No job function: croner only evaluates the pattern and schedules nothing.
    const cron = new Cron(normalized, { timezone: 'UTC', mode: n === 7 ? '7-part' : '6-part', paused: true });
    return { expr, fieldCount: n, normalized, cron };
  } catch (error) {
    const cause = error instanceof Error ? error.message.replace(/^CronPattern: /, '') : String(error);
    throw new CronError(`invalid cron expression \`${expr}\`: ${cause}`, { cause: error });
  }
}

/** The first occurrence strictly after `after`, in UTC. */
export function nextRunAfter(expression: string | ParsedCron, after: Date): Date {
  const parsed = typeof expression === 'string' ? parseCron(expression) : expression;
  const next = parsed.cron.nextRun(after);
  if (!next) throw new CronError(`cron expression \`${parsed.expr}\` did not yield a future run time`);
  return next;
}
