// pane_navigation key names ("ctrl-h", "alt-left", "1") as the split view reads them.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

interface KeySpec {
  ctrl: boolean;
  alt: boolean;
  shift: boolean;
  meta: boolean;
  key: string;
}
// The DOM's KeyboardEvent, as far as the matcher reads it (this project has no DOM types).
interface KeyEvent {
  ctrlKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
  metaKey: boolean;
  key: string;
  code: string;
}
const lib = join(import.meta.dirname, '..', '..', '..', 'src-renderer', 'src', 'lib', 'pane-keys.ts');
const keys = (await import(lib)) as {
  parseKey: (text: string) => KeySpec | null;
  matchesKey: (e: KeyEvent, spec: KeySpec | null) => boolean;
  keyLabel: (text: string) => string;
  clashesWithApp: (spec: KeySpec | null) => boolean;
};

const event = (init: Partial<KeyEvent>): KeyEvent => ({ ctrlKey: false, altKey: false, shiftKey: false, metaKey: false, key: '', code: '', ...init });

describe('pane navigation keys', () => {
  it('matches ECC2 names against key events, by physical key for letters and digits', () => {
    expect(keys.matchesKey(event({ ctrlKey: true, key: 'h', code: 'KeyH' }), keys.parseKey('ctrl-h'))).toBe(true);
    expect(keys.matchesKey(event({ ctrlKey: true, shiftKey: true, key: 'H', code: 'KeyH' }), keys.parseKey('ctrl-h'))).toBe(false);
    expect(keys.matchesKey(event({ key: 'h', code: 'KeyH' }), keys.parseKey('ctrl-h'))).toBe(false);
    expect(keys.matchesKey(event({ altKey: true, key: 'ArrowLeft', code: 'ArrowLeft' }), keys.parseKey('alt-left'))).toBe(true);
    expect(keys.matchesKey(event({ key: '1', code: 'Digit1' }), keys.parseKey('1'))).toBe(true);
    expect(keys.matchesKey(event({ ctrlKey: true, key: '+', code: 'Equal' }), keys.parseKey('ctrl-+'))).toBe(true);
  });

  it('never matches a name it cannot read', () => {
    expect(keys.parseKey('hyper-h')).toBeNull();
    expect(keys.parseKey('ctrl-pagewhat')).toBeNull();
    expect(keys.matchesKey(event({ ctrlKey: true, key: 'h', code: 'KeyH' }), keys.parseKey('hyper-h'))).toBe(false);
  });

  it('labels keys for the UI and flags one the app takes first (Ctrl+K, the palette)', () => {
    expect(keys.keyLabel('ctrl-h')).toBe('Ctrl+H');
    expect(keys.keyLabel('alt-left')).toBe('Alt+Left');
    expect(keys.clashesWithApp(keys.parseKey('ctrl-k'))).toBe(true);
    expect(keys.clashesWithApp(keys.parseKey('ctrl-j'))).toBe(false);
  });
});
