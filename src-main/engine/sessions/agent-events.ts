// Stores normalized events that arrive one hook at a time (interactive sessions): each
// `switchyard hook-event` process applies its events straight to the database and keeps no state,
// so every figure is recomputed from what is stored (tool calls and files from their tables) or
// taken as the agent's own running total (usage and cost from its transcript, latest wins).
import type { SessionEvent } from '../agents/events';
import { costMetrics, sessionCost } from '../agents/prices';
import { harnessFromAgentType } from '../harness/kinds';
import { createEventBus } from '../events';
import { assessRisk, redactSecrets } from '../metrics';
import type { SessionDeps } from './deps';
import { toolTarget } from './denials';
import { markLaunchHandoffRead } from './launch-handoff';

const LIVE = new Set(['running', 'idle', 'stale']);

/** Applies one batch of events to the session; unknown or finished sessions only get their metrics. */
export function applyAgentEvents(deps: Pick<SessionDeps, 'store' | 'config'>, sessionId: string, agentEvents: readonly SessionEvent[]): void {
  const { store, config } = deps;
  const session = store.getSession(sessionId);
  if (!session || session.id !== sessionId || agentEvents.length === 0) return;
  const bus = createEventBus(store);
  let countersDirty = false;
  let metricsDirty = false;
  const metrics = { ...session.metrics };
  // A cost the agent reported (now or in an earlier batch) is kept; tokens alone are priced.
  let reportedUsd: number | null = session.metrics.costStatus === 'reported' ? session.metrics.costUsd : null;
  let model: string | null = null;

  const move = (to: 'running' | 'idle', reason: string) => {
    const now = store.getSession(sessionId);
    if (!now || !LIVE.has(now.state) || now.state === to) return;
    store.updateState(sessionId, to);
    bus.emit('session_state', { sessionId, from: now.state, to, reason });
  };
  const clearNeedsInput = () => {
    const now = store.getSession(sessionId);
    if (now?.attention === 'needs_input') {
      store.setAttention(sessionId, null);
      store.setStateReason(sessionId, null);
    }
  };

  for (const e of agentEvents) {
    switch (e.kind) {
      case 'session_id':
        if (store.getSession(sessionId)?.harnessSessionId !== e.id) store.setHarnessSessionId(sessionId, e.id);
        break;
      case 'agent_started': {
        bus.emit('agent_started', { sessionId, hook: e.hook ?? session.agentType });
        // The runner's "waiting at a prompt" flag (prompt-watch.ts) is over: the agent got past it.
        const now = store.getSession(sessionId);
        if (now?.attention === 'needs_input' && now.stateReason?.startsWith('waiting at a prompt before its session starts')) {
          store.setAttention(sessionId, null);
          store.setStateReason(sessionId, null);
        }
        break;
      }
      case 'turn_started':
        clearNeedsInput();
        move('running', 'the agent started a turn');
        break;
      case 'turn_ended':
        clearNeedsInput();
        move('idle', 'the agent finished its turn and waits for input');
        markLaunchHandoffRead(store, session);
        break;
      case 'needs_input':
        if (e.generic && store.getSession(sessionId)?.attention === 'needs_input') break;
        store.setAttention(sessionId, 'needs_input');
        store.setStateReason(sessionId, e.prompt);
        bus.emit('session_needs_input', { sessionId, message: e.prompt });
        break;
      case 'tool_call': {
        clearNeedsInput();
        const summary = redactSecrets(e.target ?? toolTarget(e.tool, e.input));
        store.insertToolLog({
          hookEventId: `${session.agentType}:${e.id}`,
          sessionId,
          toolName: e.tool,
          inputSummary: summary,
          inputParamsJson: redactSecrets(JSON.stringify(e.input)),
          outputSummary: '',
          durationMs: 0,
          riskScore: assessRisk(e.tool, summary, config.risk_thresholds).score,
        });
        countersDirty = true;
        break;
      }
      case 'file':
        store.insertFileActivity({ sessionId, action: e.action, path: e.path, summary: `${e.tool} ${e.path}` });
        countersDirty = true;
        break;
      case 'usage': {
        const add = !e.cumulative;
        const output = e.output + e.reasoning;
        metrics.inputTokens = add ? metrics.inputTokens + e.input : e.input;
        metrics.outputTokens = add ? metrics.outputTokens + output : output;
        metrics.cacheReadTokens = add ? metrics.cacheReadTokens + e.cacheRead : e.cacheRead;
        metrics.cacheCreationTokens = add ? metrics.cacheCreationTokens + e.cacheWrite : e.cacheWrite;
        metrics.tokensUsed = metrics.inputTokens + metrics.outputTokens;
        if (e.model) model = e.model;
        metricsDirty = true;
        break;
      }
      case 'cost':
        reportedUsd = e.cumulative ? e.usd : (reportedUsd ?? 0) + e.usd;
        metricsDirty = true;
        break;
      case 'denied':
        store.recordDenials(sessionId, [
          { toolName: e.tool, toolUseId: e.callId, inputJson: redactSecrets(JSON.stringify(e.input)), inputSummary: toolTarget(e.tool, e.input) },
        ]);
        break;
      case 'result':
        if (e.text?.trim()) store.setSummary(sessionId, e.text);
        break;
      default:
        break;
    }
  }
  if (metricsDirty) {
    const cost = sessionCost({
      harness: harnessFromAgentType(session.agentType),
      reportedUsd,
      model: model ?? store.getSessionProfile(sessionId)?.model ?? null,
      tokens: { input: metrics.inputTokens, output: metrics.outputTokens, cacheRead: metrics.cacheReadTokens, cacheWrite: metrics.cacheCreationTokens },
      prices: config.model_prices,
    });
    store.updateMetrics(sessionId, {
      inputTokens: metrics.inputTokens,
      outputTokens: metrics.outputTokens,
      cacheReadTokens: metrics.cacheReadTokens,
      cacheCreationTokens: metrics.cacheCreationTokens,
      tokensUsed: metrics.tokensUsed,
      ...costMetrics(cost),
    });
  }
  if (countersDirty) store.refreshToolCounters([sessionId]);
  if (metricsDirty || countersDirty) store.recordMetricsSamples([sessionId]);
}
