import { describe, expect, it } from 'vitest';
import { nextRunAfter, parseCron } from '../../../src-main/engine/scheduler';

const at = new Date('2026-01-01T00:00:00.000Z'); // a Thursday

describe('cron expressions', () => {
  it('accepts 5 fields (seconds 0), 6 fields (seconds first) and 7 fields (year last), strictly after now, in UTC', () => {
    expect(nextRunAfter('*/15 * * * *', at).toISOString()).toBe('2026-01-01T00:15:00.000Z');
    expect(nextRunAfter('30 */15 * * * *', at).toISOString()).toBe('2026-01-01T00:00:30.000Z');
    expect(nextRunAfter('0 0 12 1 6 * 2027', at).toISOString()).toBe('2027-06-01T12:00:00.000Z');
    expect(parseCron('  0 9 * * 1  ')).toMatchObject({ expr: '0 9 * * 1', fieldCount: 5, normalized: '0 0 9 * * 1' });
  });

  it('numbers days of the week like crontab: Sunday is 0 or 7, Monday 1', () => {
    const sunday = '2026-01-04T09:00:00.000Z';
    expect(nextRunAfter('0 9 * * 0', at).toISOString()).toBe(sunday);
    expect(nextRunAfter('0 9 * * 7', at).toISOString()).toBe(sunday);
    expect(nextRunAfter('0 9 * * sun', at).toISOString()).toBe(sunday);
    expect(nextRunAfter('0 0 9 * * 1', at).toISOString()).toBe('2026-01-05T09:00:00.000Z');
  });

  it('rejects a wrong field count with the spec message', () => {
    expect(() => parseCron('* * * *')).toThrow('invalid cron expression `* * * *`: expected 5, 6, or 7 fields but found 4');
    expect(() => parseCron('')).toThrow('expected 5, 6, or 7 fields but found 0');
    expect(() => parseCron('0 0 0 * * * * *')).toThrow('found 8');
  });

  it('rejects bad values naming the expression, and expressions with no future run', () => {
    expect(() => parseCron('61 * * * *')).toThrow(/^invalid cron expression `61 \* \* \* \*`: /);
    expect(() => parseCron('0 9 * * 8')).toThrow('invalid cron expression `0 9 * * 8`');
    expect(() => nextRunAfter('0 0 0 1 1 * 2020', at)).toThrow('cron expression `0 0 0 1 1 * 2020` did not yield a future run time');
  });
});
