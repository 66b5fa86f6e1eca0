// A session's output as people read it: a headless session's conversation (from its agent's
// stream), an interactive session's last screen when it ended full-screen, or "use the terminal".
// The engine's types (engine/transcript) are checked against these schemas in src-main/host, so a
// field added on one side fails to compile until the other has it.
import { z } from 'zod';

const sessionId = z.string().trim().min(1, 'a session id is required').max(200);

export const transcriptUsageSchema = z.object({ input: z.number(), output: z.number(), cacheRead: z.number(), cacheWrite: z.number(), reasoning: z.number() });

export const transcriptEntrySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('text'), text: z.string() }),
  z.object({
    kind: z.literal('tool'),
    id: z.string(),
    tool: z.string(),
    /** The file, command or URL the call was about. */
    target: z.string().nullable(),
    status: z.enum(['pending', 'ok', 'error', 'denied']),
    /** What the tool returned, as the agent's stream gives it (the UI abbreviates it). */
    output: z.string().nullable(),
  }),
  /** A line of output outside the agent's JSON stream (a warning). */
  z.object({ kind: z.literal('note'), text: z.string() }),
  z.object({ kind: z.literal('error'), message: z.string() }),
  z.object({
    kind: z.literal('result'),
    /** False: the run stopped before its final result; the figures are what it had used. */
    reported: z.boolean(),
    text: z.string().nullable(),
    isError: z.boolean(),
    usage: transcriptUsageSchema,
    /** USD as the agent reported it; null when it reports none. */
    costUsd: z.number().nullable(),
    toolCalls: z.number(),
    filesChanged: z.number(),
  }),
]);
export type TranscriptEntry = z.infer<typeof transcriptEntrySchema>;

export const lastScreenSchema = z.object({
  lines: z.array(z.string()),
  cols: z.number(),
  rows: z.number(),
  /** The log ends in the alternate screen (else the agent left it only when it exited). */
  stillInAltScreen: z.boolean(),
  /** Lines printed after it left the full screen. */
  after: z.array(z.string()),
});
export type LastScreen = z.infer<typeof lastScreenSchema>;

export const outputViewSchema = z.discriminatedUnion('kind', [
  /** `readBytes < logBytes`: only the start of a very large log was read. */
  z.object({ kind: z.literal('conversation'), entries: z.array(transcriptEntrySchema), logBytes: z.number(), readBytes: z.number() }),
  z.object({ kind: z.literal('screen'), screen: lastScreenSchema, logBytes: z.number() }),
  /** Nothing better than the terminal itself. */
  z.object({ kind: z.literal('terminal'), logBytes: z.number() }),
]);
export type OutputView = z.infer<typeof outputViewSchema>;

export const outputOperations = {
  /** How to show a session's output: its conversation, its last screen, or its terminal. */
  sessionOutputView: { input: z.strictObject({ id: sessionId }), output: outputViewSchema },
} as const;
