// The typed client of the API contract. It only knows the ApiTransport interface, so the same
// code runs over the Electron bridge and over browser mode's WebSocket.
import type {
  ApiError,
  ApiTransport,
  EventName,
  EventParams,
  EventPayload,
  OperationInput,
  OperationName,
  OperationOutput,
  Result,
} from '../../../src-main/api';

export interface ApiClient {
  call<K extends OperationName>(op: K, input: OperationInput<K>): Promise<Result<OperationOutput<K>>>;
  subscribe<E extends EventName>(event: E, params: EventParams<E>, listener: (payload: EventPayload<E>) => void, onError?: (error: ApiError) => void): () => void;
}

export function createClient(transport: ApiTransport): ApiClient {
  return {
    call: (op, input) => transport.call(op, input) as Promise<Result<never>>,
    subscribe: (event, params, listener, onError) => transport.subscribe(event, params, listener as (payload: unknown) => void, onError),
  };
}

/** Unwraps a Result, throwing its error (for UI code that shows errors through one handler). */
export async function must<T>(pending: Promise<Result<T>>): Promise<T> {
  const result = await pending;
  if (!result.ok) throw new ApiCallError(result.error);
  return result.value;
}

export class ApiCallError extends Error {
  constructor(readonly error: ApiError) {
    super(error.message);
    this.name = 'ApiCallError';
  }
}
