// Seed tests 12-13 (direct delegates) and graph-context matching (§3.11.2).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { directDelegateSessions, graphMatchTerms, matchedTerms } from '../../../src-main/engine/delegation';
import { addSession, handoff, openFixture, runnerConfig, type Fixture } from './helpers';

let fx: Fixture;
afterEach(() => fx.cleanup());

describe('direct delegates', () => {
  it('counts a child stored as claude-code as a delegate for claude (test 12)', () => {
    fx = openFixture();
    const lead = addSession(fx, 'lead', 'running');
    addSession(fx, 'legacy-child', 'idle', { agentType: 'claude-code' });
    handoff(fx, 'lead', 'legacy-child', 'legacy task');
    const ids = directDelegateSessions(fx.store, fx.config, lead, 'claude').map((s) => s.id);
    expect(ids).toEqual(['legacy-child']);
  });

  it('resolves auto against the lead directory to a configured runner (test 13)', () => {
    fx = openFixture();
    fx.config.harness_runners['acme-runner'] = runnerConfig('acme-agent', { project_markers: ['.acme'] });
    const dir = join(fx.root, 'acme-repo');
    mkdirSync(join(dir, '.acme'), { recursive: true });
    const lead = addSession(fx, 'lead', 'running', { workingDir: dir });
    addSession(fx, 'custom-child', 'idle', { agentType: 'acme-runner', workingDir: dir });
    addSession(fx, 'claude-child', 'idle', { workingDir: dir });
    handoff(fx, 'lead', 'custom-child', 'custom');
    handoff(fx, 'lead', 'claude-child', 'claude');
    expect(directDelegateSessions(fx.store, fx.config, lead, 'auto').map((s) => s.id)).toEqual(['custom-child']);
  });

  it('lists the most recently delegated first and leaves out finished and missing children', () => {
    fx = openFixture();
    const lead = addSession(fx, 'lead', 'running');
    addSession(fx, 'first', 'running');
    addSession(fx, 'done', 'completed');
    addSession(fx, 'second', 'pending');
    handoff(fx, 'lead', 'first', 'a');
    handoff(fx, 'lead', 'done', 'b');
    handoff(fx, 'lead', 'planner', 'not a session');
    handoff(fx, 'lead', 'second', 'c');
    expect(directDelegateSessions(fx.store, fx.config, lead, 'claude').map((s) => s.id)).toEqual(['second', 'first']);
  });
});

describe('graph-context matching', () => {
  it('splits a task into lowercased, de-duplicated terms of three or more characters', () => {
    expect(graphMatchTerms('Investigate auth callback recovery')).toEqual(['investigate', 'auth', 'callback', 'recovery']);
    expect(graphMatchTerms('Fix src/auth.ts: AUTH, auth; db io')).toEqual(['fix', 'src', 'auth.ts', 'auth']);
  });

  it('matches terms against entity names, summaries, paths and metadata', () => {
    const entity = {
      id: 1,
      sessionId: 'auth-worker',
      entityType: 'file',
      name: 'auth-callback.ts',
      path: 'src/auth/callback.ts',
      summary: 'Auth callback recovery edge cases',
      metadata: { owner: 'investigate-team' },
      createdAt: '',
      updatedAt: '',
    };
    expect(matchedTerms(graphMatchTerms('Investigate auth callback recovery'), [entity])).toEqual([
      'investigate',
      'auth',
      'callback',
      'recovery',
    ]);
    expect(matchedTerms(graphMatchTerms('Investigate auth callback recovery'), [{ ...entity, metadata: {} }])).toEqual([
      'auth',
      'callback',
      'recovery',
    ]);
  });
});
