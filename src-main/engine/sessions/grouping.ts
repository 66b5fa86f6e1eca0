// Project and task-group labels (ECC2 §1.4): explicit values win, else derived from the folder and the task.
import { basename } from 'node:path';

export function normalizeGroupLabel(value: string | null | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

export function defaultProjectLabel(dir: string): string {
  return normalizeGroupLabel(basename(dir)) ?? 'workspace';
}

export function defaultTaskGroupLabel(task: string): string {
  return normalizeGroupLabel(task) ?? 'general';
}

export interface SessionGrouping {
  project?: string;
  taskGroup?: string;
}

export function resolveGrouping(grouping: SessionGrouping, dir: string, task: string): { project: string; taskGroup: string } {
  return {
    project: normalizeGroupLabel(grouping.project) ?? defaultProjectLabel(dir),
    taskGroup: normalizeGroupLabel(grouping.taskGroup) ?? defaultTaskGroupLabel(task),
  };
}
