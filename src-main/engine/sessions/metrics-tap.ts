// Turns an agent's output stream into stored metrics while the runner runs. Claude's headless
// stream-json carries tokens, cost, tool calls, written files and its own session id; the other
// built-in agents' headless streams go through their adapters (agents/registry.ts), and a configured
// runner is read as the built-in stream it declares (`output_format`). Interactive sessions report
// through hooks instead (agents/interactive.ts).
import { assessRisk, ClaudeStreamParser, redactSecrets } from '../metrics';
import type { ClaudeStreamEvent, ClaudeStreamSnapshot } from '../metrics';
import type { Session } from '../model';
import type { SessionDeps } from './deps';
import { denialsFromClaude } from './denials';
import { streamAdapterFor } from '../agents/registry';
import { outputStreamOf } from './output-stream';
import { launchModel } from '../agents/launch-model';
import { costMetrics, sessionCost } from '../agents/prices';
import { createEventTap } from './event-tap';
import { createMetricsWriter } from './metrics-writer';

export interface MetricsTap {
  push(chunk: Buffer): void;
  finish(): void;
}

const SUMMARY_LIMIT = 400;

function summarize(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  const redacted = redactSecrets(text ?? '');
  return redacted.length > SUMMARY_LIMIT ? `${redacted.slice(0, SUMMARY_LIMIT - 1)}…` : redacted;
}

export { outputStreamOf } from './output-stream';

export function createMetricsTap(deps: SessionDeps, session: Session): MetricsTap {
  const stream = outputStreamOf(deps.config, session);
  if (stream !== 'claude') {
    // Other agents: their registered stream adapter, if they have one (agents/registry.ts).
    const model = stream ? launchModel(stream, deps.store.getSessionProfile(session.id)?.model) : undefined;
    const adapter = stream ? streamAdapterFor(stream, 'headless', { workingDir: session.workingDir, model }) : null;
    return adapter ? createEventTap(deps, session, adapter) : { push: () => undefined, finish: () => undefined };
  }
  const { store, config } = deps;
  const parser = new ClaudeStreamParser();
  const profileModel = store.getSessionProfile(session.id)?.model ?? null;
  const metrics = (snap: ClaudeStreamSnapshot) => ({
    inputTokens: snap.inputTokens,
    outputTokens: snap.outputTokens,
    cacheReadTokens: snap.cacheReadTokens,
    cacheCreationTokens: snap.cacheCreationTokens,
    // Budgets count fresh tokens in and out; cache traffic is tracked on its own.
    tokensUsed: snap.inputTokens + snap.outputTokens,
    ...costMetrics(
      sessionCost({
        harness: 'claude',
        reportedUsd: snap.costUsd,
        // Claude reports its cost in the result; until then its tokens are priced at the model it named.
        model: snap.model ?? profileModel,
        tokens: { input: snap.inputTokens, output: snap.outputTokens, cacheRead: snap.cacheReadTokens, cacheWrite: snap.cacheCreationTokens },
        prices: config.model_prices,
      }),
    ),
    toolCalls: snap.toolCalls.length,
    filesChanged: snap.filesChanged.length,
  });
  const writer = createMetricsWriter(store, session.id, () => metrics(parser.snapshot()));

  const handle = (event: ClaudeStreamEvent) => {
    switch (event.kind) {
      case 'init':
        store.setHarnessSessionId(session.id, event.sessionId);
        break;
      case 'tool_call': {
        const input = summarize(event.call.input);
        store.insertToolLog({
          hookEventId: `claude:${event.call.id}`,
          sessionId: session.id,
          toolName: event.call.name,
          inputSummary: input,
          inputParamsJson: JSON.stringify(event.call.input),
          outputSummary: '',
          durationMs: 0,
          riskScore: assessRisk(event.call.name, input, config.risk_thresholds).score,
        });
        writer.markDirty();
        break;
      }
      case 'file':
        store.insertFileActivity({
          sessionId: session.id,
          action: event.event.action,
          path: event.event.path,
          summary: `${event.event.toolName} ${event.event.path}`,
        });
        writer.markDirty();
        break;
      case 'result':
        // The final answer becomes the commit message body; denied calls are kept for review.
        if (event.result.text) store.setSummary(session.id, event.result.text);
        store.recordDenials(session.id, denialsFromClaude(event.result.permissionDenials));
        writer.markDirty();
        break;
      case 'usage':
        writer.markDirty();
        break;
      default:
        break;
    }
  };

  return {
    push(chunk) {
      for (const event of parser.push(chunk)) handle(event);
      writer.maybeWrite();
    },
    finish() {
      for (const event of parser.end()) handle(event);
      writer.writeFinal();
    },
  };
}
