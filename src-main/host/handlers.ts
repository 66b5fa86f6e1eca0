// One handler per operation of the contract, each a thin call into the engine.
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { ConfigSummary, DaemonState, OperationName, OperationOutput, OperationParsedInput, Session } from '../api';
import { CONTRACT_VERSION } from '../api';
import { resolveAgentProfile } from '../engine/config';
import { getCoordinationStatus } from '../engine/delegation';
import { BUILTIN_PROGRAMS } from '../engine/harness';
import { startSession } from '../engine/sessions/create';
import { rememberTerminalSize } from '../engine/sessions/terminal-size';
import type { SessionDeps } from '../engine/sessions/deps';
import { deleteSession, resumeSession, stopSession } from '../engine/sessions/lifecycle';
import { getSessionStatus } from '../engine/sessions/status';
import { SessionError } from '../engine/sessions/errors';
import type { TerminalControl } from './control';
import { searchOutput } from './search';
import { boardHandlers } from './handlers-board';
import { mergeCheckHandlers } from './handlers-merge-checks';
import { operatorHandlers } from './handlers-operator';
import { trustHandlers } from './handlers-trust';
import { outputHandlers } from './handlers-output';

export type HandlersFor<N extends OperationName> = { [K in N]: (input: OperationParsedInput<K>) => Promise<OperationOutput<K>> | OperationOutput<K> };
export type Handlers = HandlersFor<OperationName>;

export interface HandlerContext {
  deps: SessionDeps;
  cwd: string;
  control: TerminalControl;
  daemon: () => DaemonState;
  /** Called after an operation changed sessions, so streams update at once. */
  changed: () => void;
}

function session(ctx: HandlerContext, id: string): Session {
  const s = ctx.deps.store.getSession(id);
  if (!s) throw new SessionError(`Session not found: ${id}`);
  return s as Session;
}

function configSummary(ctx: HandlerContext): ConfigSummary {
  const c = ctx.deps.config;
  const agents = [...new Set([...Object.values(BUILTIN_PROGRAMS).filter((p): p is string => !!p), ...Object.keys(c.harness_runners)])];
  return {
    home: ctx.deps.home,
    cwd: ctx.cwd,
    defaultAgent: c.default_agent,
    defaultMode: c.default_mode,
    defaultProfile: c.default_agent_profile ?? null,
    autoCreateWorktrees: c.auto_create_worktrees,
    maxParallelSessions: c.max_parallel_sessions,
    costBudgetUsd: c.cost_budget_usd,
    tokenBudget: c.token_budget,
    theme: c.theme === 'Light' ? 'light' : 'dark',
    panes: {
      layout: c.pane_layout,
      linearSizePercent: c.linear_pane_size_percent,
      gridSizePercent: c.grid_pane_size_percent,
      navigation: {
        focusSessions: c.pane_navigation.focus_sessions,
        focusOutput: c.pane_navigation.focus_output,
        moveLeft: c.pane_navigation.move_left,
        moveDown: c.pane_navigation.move_down,
        moveUp: c.pane_navigation.move_up,
        moveRight: c.pane_navigation.move_right,
      },
    },
    agents,
    profiles: Object.keys(c.agent_profiles)
      .sort()
      .map((name) => {
        const p = resolveAgentProfile(c, name);
        return {
          name,
          agent: p.agent ?? null,
          model: p.model ?? null,
          permissionMode: p.permission_mode ?? null,
          maxBudgetUsd: p.max_budget_usd ?? null,
          tokenBudget: p.token_budget ?? null,
        };
      }),
  };
}

export function createHandlers(ctx: HandlerContext): Handlers {
  const { deps } = ctx;
  const after = <T>(value: T): T => {
    ctx.changed();
    return value;
  };
  return {
    ...boardHandlers(ctx),
    ...mergeCheckHandlers(ctx),
    ...operatorHandlers(ctx),
    ...trustHandlers(ctx),
    ...outputHandlers(ctx),
    getServerInfo: () => ({ contractVersion: CONTRACT_VERSION, home: deps.home, cwd: ctx.cwd, pid: process.pid, daemon: ctx.daemon() }),
    listSessions: () => ({ sessions: deps.store.listSessions() as Session[] }),
    getSession: ({ id }) => {
      const s = session(ctx, id);
      const status = getSessionStatus(deps.store, deps.config, s);
      const log = deps.store.getOutputLog(s.id);
      return {
        ...status,
        session: s,
        logBytes: log?.bytes ?? 0,
        live: !!log?.socketPath && existsSync(log.socketPath) && s.runnerPid !== null,
      };
    },
    startSession: async (input) => {
      const cwd = input.cwd ? (isAbsolute(input.cwd) ? input.cwd : resolve(ctx.cwd, input.cwd)) : ctx.cwd;
      const started = await startSession(deps, { ...input, cwd });
      return after(started as Session);
    },
    stopSession: async ({ id }) => after((await stopSession(deps, session(ctx, id).id)) as Session),
    resumeSession: async ({ id, prompt, overBudget, terminalSize }) => after((await resumeSession(deps, session(ctx, id).id, { prompt, overBudget, terminalSize })) as Session),
    deleteSession: async ({ id }) => after({ sessionId: (await deleteSession(deps, session(ctx, id).id)).sessionId }),
    openWorktreeFolder: ({ id }) => {
      const s = session(ctx, id);
      return { path: s.worktree?.path ?? s.workingDir };
    },
    terminalInput: async ({ id, data }) => ({ delivered: await ctx.control.with(session(ctx, id).id, (c) => c.input(data)) }),
    terminalResize: async ({ id, cols, rows }) => {
      const sid = session(ctx, id).id;
      // Kept for the next launch of this session (a resume, a queued worktree start).
      rememberTerminalSize(deps.home, sid, { cols, rows });
      return { delivered: await ctx.control.with(sid, (c) => c.resize(cols, rows)) };
    },
    searchOutput: ({ query, limit }) => searchOutput(deps.store, query, limit ?? 200),
    getConfig: () => configSummary(ctx),
    coordinationStatus: () => {
      const status = getCoordinationStatus(deps);
      return { ...status, daemonActivity: { ...status.daemonActivity } };
    },
  };
}
