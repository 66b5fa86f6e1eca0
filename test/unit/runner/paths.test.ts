import { describe, expect, it } from 'vitest';
import { MAX_SOCKET_PATH_BYTES, socketPathFor } from '../../../src-main/engine/runner/paths';

describe('socketPathFor', () => {
  it('puts the socket in the data home when the path is short enough', () => {
    expect(socketPathFor('/home/ada/.config/switchyard', 'a1b2c3d4')).toBe('/home/ada/.config/switchyard/sockets/a1b2c3d4.sock');
  });

  it('falls back to a short, home-specific path under the temp dir when the home is too deep', () => {
    const deepA = `/Users/ada/${'very-long-folder-name/'.repeat(5)}switchyard`;
    const deepB = `${deepA}-other`;
    const a = socketPathFor(deepA, 'a1b2c3d4', '/tmp');
    const b = socketPathFor(deepB, 'a1b2c3d4', '/tmp');
    expect(Buffer.byteLength(a)).toBeLessThanOrEqual(MAX_SOCKET_PATH_BYTES);
    expect(a.startsWith('/tmp/switchyard-')).toBe(true);
    expect(a.endsWith('-a1b2c3d4.sock')).toBe(true);
    expect(a).not.toBe(b);
    expect(socketPathFor(deepA, 'a1b2c3d4', '/tmp')).toBe(a);
  });
});
