// One-time sign-in codes: each works once, and not after it expires.
import { describe, expect, it } from 'vitest';
import { LoginCodes } from '../../../src-main/server/login-codes';

describe('LoginCodes', () => {
  it('redeems an issued code once', () => {
    const codes = new LoginCodes();
    const a = codes.issue();
    const b = codes.issue();
    expect(a).not.toBe(b);
    expect(codes.redeem(a)).toBe(true);
    expect(codes.redeem(a)).toBe(false);
    expect(codes.redeem(b)).toBe(true);
    expect(codes.redeem('made-up')).toBe(false);
    expect(codes.redeem('')).toBe(false);
  });

  it('refuses a code after its lifetime', () => {
    let now = 1_000;
    const codes = new LoginCodes(60_000, () => now);
    const code = codes.issue();
    now += 60_000;
    expect(codes.redeem(code)).toBe(false);
    const fresh = codes.issue();
    now += 59_999;
    expect(codes.redeem(fresh)).toBe(true);
  });
});
