// Who may talk to browser mode: requests carrying the token (in the URL, or in the cookie set when
// the tokened URL or a one-time sign-in code was opened), addressed to the loopback host, from our
// own origin only.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { LoginCodes } from './login-codes';

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

export function cookieName(port: number): string {
  return `switchyard_token_${port}`;
}

function sameToken(given: string | null | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The named cookie's value; a malformed escape counts as no cookie (never a thrown URIError). */
function cookieValue(req: IncomingMessage, name: string): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return null;
      }
    }
  }
  return null;
}

export type Via = 'query' | 'cookie' | 'code';
export type Verdict = { ok: true; via: Via } | { ok: false; status: 401 | 403; reason: string };

/**
 * `codes` is given for page requests only: a `?code=` there is judged by the code alone (a used or
 * expired code is 401 even when a cookie would pass), so a sign-in link never works twice.
 */
export function checkRequest(req: IncomingMessage, url: URL, token: string, port: number, codes?: LoginCodes): Verdict {
  const allowedHosts = [`127.0.0.1:${port}`, `localhost:${port}`];
  // DNS rebinding: a page on another name resolving to 127.0.0.1 still sends its own Host.
  if (!allowedHosts.includes(req.headers.host ?? '')) return { ok: false, status: 403, reason: 'unexpected Host header' };
  const origin = req.headers.origin;
  if (origin !== undefined && !allowedHosts.map((h) => `http://${h}`).includes(origin)) {
    return { ok: false, status: 403, reason: `requests from origin ${origin} are refused` };
  }
  const code = codes ? url.searchParams.get('code') : null;
  if (codes && code !== null) {
    if (codes.redeem(code)) return { ok: true, via: 'code' };
    return { ok: false, status: 401, reason: 'this sign-in link was already used or has expired: open the URL that `switchyard serve` printed' };
  }
  if (sameToken(url.searchParams.get('token'), token)) return { ok: true, via: 'query' };
  if (sameToken(cookieValue(req, cookieName(port)), token)) return { ok: true, via: 'cookie' };
  return { ok: false, status: 401, reason: 'missing or wrong token: open the URL that `switchyard serve` printed' };
}
