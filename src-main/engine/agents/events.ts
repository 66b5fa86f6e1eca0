// The normalized event stream of a session, whatever the agent: each agent's adapter turns the
// agent's own machine interface (a headless JSON stream, hooks, a transcript) into these events,
// and the rest of the engine (metrics, tool log, file activity, budgets, conflicts, status) reads
// only them. Claude's headless stream-json has its own parser (metrics/claude-stream.ts), which the
// metrics tap reads; agents/claude/stream.ts wraps it as an adapter for transcripts.
import type { FileAction } from '../model';

export type SessionEvent =
  /** The agent's own id for this conversation: what `resume` passes back to it. */
  | { kind: 'session_id'; id: string }
  /** The agent's session began (past any dialog it shows first): the runner's prompt watch stops. */
  | { kind: 'agent_started'; hook?: string }
  | { kind: 'turn_started' }
  | { kind: 'turn_ended' }
  /** Assistant text; `delta`: a piece that continues the previous text event (streamed answers). */
  | { kind: 'text'; text: string; delta?: boolean }
  /** A tool call; `target` is the file, command or URL it is about. */
  | { kind: 'tool_call'; id: string; tool: string; input: Record<string, unknown>; target: string | null }
  /** `output`: what the tool returned, as the agent's stream gives it (for transcripts), when it does. */
  | { kind: 'tool_result'; id: string; status: 'ok' | 'error' | 'denied'; output?: string }
  | { kind: 'file'; path: string; action: Extract<FileAction, 'create' | 'modify' | 'delete'>; tool: string; callId: string | null }
  /**
   * Token counts. `cumulative`: the totals so far (latest wins); otherwise one step's or turn's
   * counts, added up.
   */
  | {
      kind: 'usage';
      input: number;
      output: number;
      cacheRead: number;
      cacheWrite: number;
      reasoning: number;
      cumulative: boolean;
      /** The model that used them, when the agent says (pricing token-only agents needs it). */
      model?: string;
    }
  /** Cost in USD as the agent reports it (`cumulative` as for usage). */
  | { kind: 'cost'; usd: number; cumulative: boolean }
  /**
   * The agent waits for the user. `generic`: a reminder without detail (e.g. "Claude needs your
   * permission") that does not replace a more precise prompt already shown.
   */
  | { kind: 'needs_input'; prompt: string; generic?: boolean }
  /** A call the agent's permission rules refused. */
  | { kind: 'denied'; tool: string; input: Record<string, unknown>; callId: string | null }
  /** The run's final answer. */
  | { kind: 'result'; text: string | null; isError: boolean }
  | { kind: 'error'; message: string };

/** Turns an agent's output bytes into session events, incrementally. Non-JSON lines are skipped. */
export interface StreamAdapter {
  push(chunk: Buffer): SessionEvent[];
  end(): SessionEvent[];
}
