// Stores what an agent's normalized event stream says while the runner runs: tokens, cost, tool
// calls (tool log with risk), written files (file activity, for conflict detection), the agent's
// own session id (for resume), its final answer (the commit message body) and denied calls.
import type { SessionEvent, StreamAdapter } from '../agents/events';
import { costMetrics, sessionCost } from '../agents/prices';
import { harnessFromAgentType } from '../harness/kinds';
import { assessRisk, redactSecrets } from '../metrics';
import type { Session } from '../model';
import type { SessionDeps } from './deps';
import { toolTarget } from './denials';
import type { MetricsTap } from './metrics-tap';
import { createMetricsWriter } from './metrics-writer';


interface Totals {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
  reasoning: number;
}

const zero = (): Totals => ({ input: 0, output: 0, cacheRead: 0, cacheWrite: 0, reasoning: 0 });

export function createEventTap(deps: SessionDeps, session: Session, adapter: StreamAdapter): MetricsTap {
  const { store, config } = deps;
  // Summed step counts plus the latest cumulative report (agents report one way or the other).
  const summed = zero();
  let latest: Totals | null = null;
  let costSum = 0;
  let costSeen = false;
  let costLatest: number | null = null;
  // The model the usage is priced at: the latest usage event's, else the session's profile model.
  let model: string | null = store.getSessionProfile(session.id)?.model ?? null;
  const harness = harnessFromAgentType(session.agentType);
  let toolCalls = 0;
  const files = new Set<string>();

  const totals = (): Totals => {
    if (!latest) return summed;
    return {
      input: Math.max(latest.input, summed.input),
      output: Math.max(latest.output, summed.output),
      cacheRead: Math.max(latest.cacheRead, summed.cacheRead),
      cacheWrite: Math.max(latest.cacheWrite, summed.cacheWrite),
      reasoning: Math.max(latest.reasoning, summed.reasoning),
    };
  };

  const writer = createMetricsWriter(store, session.id, () => {
    const t = totals();
    // The agent's own cost wins; tokens alone are priced (deps.config is read each time: a host
    // that reloaded model_prices prices the next write with them).
    const cost = sessionCost({
      harness,
      reportedUsd: costLatest ?? (costSeen ? costSum : null),
      model,
      tokens: { input: t.input, output: t.output + t.reasoning, cacheRead: t.cacheRead, cacheWrite: t.cacheWrite },
      prices: deps.config.model_prices,
    });
    return {
      inputTokens: t.input,
      outputTokens: t.output + t.reasoning,
      cacheReadTokens: t.cacheRead,
      cacheCreationTokens: t.cacheWrite,
      tokensUsed: t.input + t.output + t.reasoning,
      ...costMetrics(cost),
      toolCalls,
      filesChanged: files.size,
    };
  });

  const handle = (e: SessionEvent) => {
    switch (e.kind) {
      case 'session_id':
        if (store.getSession(session.id)?.harnessSessionId !== e.id) store.setHarnessSessionId(session.id, e.id);
        break;
      case 'tool_call': {
        toolCalls += 1;
        const summary = redactSecrets(e.target ?? toolTarget(e.tool, e.input));
        store.insertToolLog({
          hookEventId: `${session.agentType}:${e.id}`,
          sessionId: session.id,
          toolName: e.tool,
          inputSummary: summary,
          inputParamsJson: redactSecrets(JSON.stringify(e.input)),
          outputSummary: '',
          durationMs: 0,
          riskScore: assessRisk(e.tool, summary, config.risk_thresholds).score,
        });
        writer.markDirty();
        break;
      }
      case 'file':
        files.add(e.path);
        store.insertFileActivity({ sessionId: session.id, action: e.action, path: e.path, summary: `${e.tool} ${e.path}` });
        writer.markDirty();
        break;
      case 'usage': {
        const t = { input: e.input, output: e.output, cacheRead: e.cacheRead, cacheWrite: e.cacheWrite, reasoning: e.reasoning };
        if (e.cumulative) latest = t;
        else for (const k of Object.keys(summed) as (keyof Totals)[]) summed[k] += t[k];
        if (e.model) model = e.model;
        writer.markDirty();
        break;
      }
      case 'cost':
        costSeen = true;
        if (e.cumulative) costLatest = e.usd;
        else costSum += e.usd;
        writer.markDirty();
        break;
      case 'denied':
        store.recordDenials(session.id, [
          { toolName: e.tool, toolUseId: e.callId, inputJson: redactSecrets(JSON.stringify(e.input)), inputSummary: toolTarget(e.tool, e.input) },
        ]);
        break;
      case 'result':
        if (e.text) store.setSummary(session.id, e.text);
        writer.markDirty();
        break;
      default:
        break;
    }
  };

  return {
    push(chunk) {
      for (const e of adapter.push(chunk)) handle(e);
      writer.maybeWrite();
    },
    finish() {
      for (const e of adapter.end()) handle(e);
      writer.writeFinal();
    },
  };
}
