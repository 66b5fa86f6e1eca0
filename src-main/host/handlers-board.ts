// Handlers of the board views' operations (src-main/api/ops-board.ts).
import type { boardOperations } from '../api/ops-board';
import type { HandlerContext, HandlersFor } from './handlers';

export function boardHandlers(_ctx: HandlerContext): HandlersFor<keyof typeof boardOperations> {
  return {};
}
