// A session in the delegation graph: task, id, state, handoffs from its lead, backlog, unread
// messages, and the result it reported (a delegate) or results waiting (a lead). Every label is
// at least 12 px (board.css), so at the default zoom (>= READABLE_ZOOM) it reads at >= 11 px.
import { Handle, Position, type Node, type NodeProps } from '@xyflow/react';
import type { GraphEdge, GraphNode } from '../../../../src-main/api/ops-board';
import { StateBadge } from '../../components/Sidebar';
import { NODE_H, NODE_W } from './graph-layout';

export interface SessionNodeData extends Record<string, unknown> {
  node: GraphNode;
  /** The edge from this session's lead (null for a lead or a standalone session). */
  fromLead: GraphEdge | null;
}

export type SessionNode = Node<SessionNodeData, 'session'>;

export const ROLE_LABEL: Record<GraphNode['role'], string> = {
  lead: 'Lead',
  delegate: 'Delegate',
  lead_and_delegate: 'Lead · delegate',
  standalone: 'Session',
};

export function nodeAriaLabel(n: GraphNode, fromLead: GraphEdge | null = null): string {
  const task = n.task.split('\n')[0] ?? n.task;
  const result = fromLead?.result ? `, reported ${fromLead.result.outcome} to ${fromLead.from}` : '';
  const results = n.unreadResults > 0 ? `, ${n.unreadResults} new ${n.unreadResults === 1 ? 'result' : 'results'} from delegates` : '';
  return `${ROLE_LABEL[n.role]} ${n.sessionId}: ${task} — ${n.state}, backlog ${n.handoffBacklog}, unread ${n.unreadCount}${result}${results}`;
}

export function GraphNodeCard({ data, selected }: NodeProps<SessionNode>) {
  const n = data.node;
  const edge = data.fromLead;
  const kind = n.attention === 'needs_input' && ['pending', 'running', 'idle', 'stale'].includes(n.state) ? 'needs_input' : n.state;
  const title = n.task.split('\n')[0] ?? n.task;
  return (
    <div className={`graph-node role-${n.role} ${selected ? 'selected' : ''} ${edge?.result ? `node-reported-${edge.result.outcome}` : ''}`} style={{ width: NODE_W, height: NODE_H }} title={`${n.task}\n\n${n.sessionId} · double-click or Enter opens the session`}>
      <Handle type="target" position={Position.Left} isConnectable={false} className="graph-handle" />
      <div className="graph-node-top">
        <span className="graph-role">{ROLE_LABEL[n.role]}</span>
        <StateBadge kind={kind} compact />
      </div>
      <div className="graph-task">{title}</div>
      <div className="graph-meta">
        <span className="mono graph-id">{n.sessionId}</span>
        {edge && (
          <span className={`chip ${edge.unread > 0 ? 'chip-warn' : ''}`} data-backlog={n.handoffBacklog} title={`${edge.handoffs} ${edge.handoffs === 1 ? 'handoff' : 'handoffs'} from ${edge.from}, ${n.handoffBacklog} not read yet`}>
            {n.handoffBacklog > 0 ? `${n.handoffBacklog} queued` : `${edge.handoffs} ${edge.handoffs === 1 ? 'task' : 'tasks'}`}
          </span>
        )}
        {!edge && n.handoffBacklog > 0 && (
          <span className="chip chip-warn" data-backlog={n.handoffBacklog} title="Unread task handoffs waiting for this session">
            {n.handoffBacklog} queued
          </span>
        )}
        {edge?.result && (
          <span className={`chip ${edge.result.outcome === 'failed' ? 'chip-bad' : 'chip-ok'}`} data-result={edge.result.outcome} title={`Reported to ${edge.from}: ${edge.result.summary}`}>
            {edge.result.outcome === 'failed' ? 'failed · reported' : 'result sent'}
          </span>
        )}
        {n.unreadResults > 0 && (
          <span className="chip chip-info" data-results={n.unreadResults} title="Delegates' results in this lead's inbox, not read yet">
            {n.unreadResults} {n.unreadResults === 1 ? 'result' : 'results'}
          </span>
        )}
        {n.unreadCount > n.handoffBacklog + n.unreadResults && (
          <span className="chip chip-info" data-unread={n.unreadCount} title={`${n.unreadCount} unread messages of any kind`}>
            {n.unreadCount - n.handoffBacklog - n.unreadResults} other
          </span>
        )}
        {n.atCapacity && (
          <span className="chip chip-bad" title="Has max_parallel_sessions delegates: new work is queued, not spawned">
            full
          </span>
        )}
      </div>
      <Handle type="source" position={Position.Right} isConnectable={false} className="graph-handle" />
    </div>
  );
}
