// Boundary validation shared by every host: unknown names and bad input become typed errors.
import type { Result } from './errors';
import { describeIssues, fail, ok } from './errors';
import { events, isEventName } from './events';
import type { EventName, EventParsedParams } from './events';
import { isOperationName, operations } from './operations';
import type { OperationName, OperationParsedInput } from './operations';

export function parseOperationInput(op: unknown, input: unknown): Result<{ op: OperationName; input: OperationParsedInput<OperationName> }> {
  if (!isOperationName(op)) return fail('unknown_operation', `unknown operation "${String(op)}"; known: ${Object.keys(operations).join(', ')}`);
  const parsed = operations[op].input.safeParse(input);
  if (!parsed.success) return fail('invalid_input', `${op}: ${describeIssues(parsed.error)}`);
  return ok({ op, input: parsed.data as OperationParsedInput<OperationName> });
}

export function parseEventParams(event: unknown, params: unknown): Result<{ event: EventName; params: EventParsedParams<EventName> }> {
  if (!isEventName(event)) return fail('unknown_operation', `unknown event stream "${String(event)}"; known: ${Object.keys(events).join(', ')}`);
  const parsed = events[event].params.safeParse(params);
  if (!parsed.success) return fail('invalid_input', `${event}: ${describeIssues(parsed.error)}`);
  return ok({ event, params: parsed.data as EventParsedParams<EventName> });
}
