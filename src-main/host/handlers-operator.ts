// Handlers of the operator views' operations (src-main/api/ops-operator.ts).
import type { operatorOperations } from '../api/ops-operator';
import type { HandlerContext, HandlersFor } from './handlers';

export function operatorHandlers(_ctx: HandlerContext): HandlersFor<keyof typeof operatorOperations> {
  return {};
}
