import { boardViews } from './board';
import { operatorViews } from './operator';
import type { ViewDef } from './types';

export type { ViewDef, ViewProps } from './types';
export const extraViews: ViewDef[] = [...boardViews, ...operatorViews];
