// The delegation graph: leads and their delegates (edges are task handoffs), with each session's
// state, handoff backlog and unread count; the coordination status and the selected lead's actions
// beside it. Click or Enter selects a node; double-click or "Open session" opens it.
import { Background, Controls, MarkerType, ReactFlow, ReactFlowProvider, applyNodeChanges, useNodesInitialized, useReactFlow, type Edge, type NodeChange } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { CoordinationStatus } from '../../../../src-main/api';
import type { DelegationGraph, GraphNode } from '../../../../src-main/api/ops-board';
import type { ViewProps } from '../types';
import { GraphNodeCard, nodeAriaLabel, type SessionNode } from './GraphNodeCard';
import { layoutGraph } from './graph-layout';
import { CoordinationPanel, LeadPanel } from './LeadPanel';
import './board.css';

const POLL_MS = 5000;
const nodeTypes = { session: GraphNodeCard };

function toFlowNodes(nodes: readonly GraphNode[], selectedId: string | null, aspect: number): SessionNode[] {
  const at = layoutGraph(
    nodes.map((n) => ({ id: n.sessionId, parentId: n.parentId })),
    aspect,
  );
  return nodes.map((n) => ({
    id: n.sessionId,
    type: 'session',
    position: at.get(n.sessionId) ?? { x: 0, y: 0 },
    data: { node: n },
    selected: n.sessionId === selectedId,
    ariaLabel: nodeAriaLabel(n),
    ariaRole: 'button',
    draggable: false,
    connectable: false,
  }));
}

function toFlowEdges(graph: DelegationGraph): Edge[] {
  return graph.edges.map((e) => ({
    id: `${e.from}->${e.to}`,
    source: e.from,
    target: e.to,
    label: e.unread > 0 ? `${e.handoffs} handoffs · ${e.unread} unread` : `${e.handoffs} handoff${e.handoffs === 1 ? '' : 's'}`,
    ariaLabel: `${e.from} handed ${e.handoffs} tasks to ${e.to}, ${e.unread} unread`,
    className: e.unread > 0 ? 'edge-unread' : '',
    markerEnd: { type: MarkerType.ArrowClosed },
    focusable: false,
    selectable: false,
  }));
}

interface CanvasProps {
  graph: DelegationGraph;
  selectedId: string | null;
  theme: 'dark' | 'light';
  /** Width / height of the canvas, which the layout packs toward. */
  aspect: number;
  onSelect: (id: string | null) => void;
  onOpenSession: (id: string) => void;
}

function GraphCanvas({ graph, selectedId, theme, aspect, onSelect, onOpenSession }: CanvasProps) {
  const [nodes, setNodes] = useState<SessionNode[]>([]);
  const edges = useMemo(() => toFlowEdges(graph), [graph]);
  const flow = useReactFlow();
  const idsKey = `${graph.nodes.map((n) => n.sessionId).join(',')}@${aspect.toFixed(1)}`;
  const lastKey = useRef('');

  useEffect(() => setNodes(toFlowNodes(graph.nodes, selectedId, aspect)), [graph, selectedId, aspect]);
  const measured = useNodesInitialized();
  // A new set of sessions re-fits the view once its nodes are measured (refreshes with the same
  // sessions keep the user's zoom and pan).
  useEffect(() => {
    if (!measured || lastKey.current === idsKey) return;
    lastKey.current = idsKey;
    void flow.fitView({ padding: 0.08, maxZoom: 1.1 });
  }, [measured, idsKey, flow]);

  const onNodesChange = useCallback(
    (changes: NodeChange<SessionNode>[]) => {
      setNodes((ns) => applyNodeChanges(changes, ns));
      for (const c of changes) {
        if (c.type !== 'select') continue;
        if (c.selected) onSelect(c.id);
      }
    },
    [onSelect],
  );

  return (
    <ReactFlow<SessionNode>
      nodes={nodes}
      edges={edges}
      nodeTypes={nodeTypes}
      onNodesChange={onNodesChange}
      onNodeDoubleClick={(_, node) => onOpenSession(node.id)}
      onPaneClick={() => onSelect(null)}
      colorMode={theme}
      nodesDraggable={false}
      nodesConnectable={false}
      edgesFocusable={false}
      elementsSelectable
      minZoom={0.15}
      maxZoom={1.6}
      fitView
      fitViewOptions={{ padding: 0.08, maxZoom: 1.1 }}
      aria-label="Delegation graph"
    >
      <Background gap={24} size={1} />
      <Controls showInteractive={false} aria-label="Zoom controls" />
    </ReactFlow>
  );
}

export function DelegationView({ client, theme, sessions, onOpenSession }: ViewProps) {
  const [graph, setGraph] = useState<DelegationGraph | null>(null);
  const [status, setStatus] = useState<CoordinationStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [teamsOnly, setTeamsOnly] = useState(false);
  const canvasRef = useRef<HTMLDivElement>(null);
  const [aspect, setAspect] = useState(16 / 9);
  useEffect(() => {
    const el = canvasRef.current;
    if (!el) return;
    const measure = () => el.clientHeight > 0 && setAspect(Math.round((el.clientWidth / el.clientHeight) * 10) / 10);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const refresh = useCallback(async () => {
    const [g, s] = await Promise.all([client.call('delegationGraph', {}), client.call('coordinationStatus', {})]);
    if (g.ok) {
      setGraph(g.value);
      setError(null);
    } else setError(g.error.message);
    if (s.ok) setStatus(s.value);
  }, [client]);

  useEffect(() => {
    void refresh();
    const t = setInterval(() => document.visibilityState === 'visible' && void refresh(), POLL_MS);
    return () => clearInterval(t);
  }, [refresh]);
  // New sessions and state changes show at once.
  const sessionKey = sessions.map((s) => `${s.id}:${s.state}`).join('|');
  useEffect(() => {
    const t = setTimeout(() => void refresh(), 800);
    return () => clearTimeout(t);
  }, [sessionKey, refresh]);

  const shown = useMemo<DelegationGraph | null>(() => {
    if (!graph || !teamsOnly) return graph;
    return { ...graph, nodes: graph.nodes.filter((n) => n.role !== 'standalone') };
  }, [graph, teamsOnly]);
  const selected = graph?.nodes.find((n) => n.sessionId === selectedId) ?? null;
  const leads = graph?.nodes.filter((n) => n.role === 'lead').length ?? 0;
  const delegates = graph?.nodes.filter((n) => n.role === 'delegate' || n.role === 'lead_and_delegate').length ?? 0;

  return (
    <main className="board-view graph-view" aria-label="Delegation">
      <header className="board-head">
        <h1 className="board-title">Delegation</h1>
        <span className="muted small">
          {graph ? `${leads} ${leads === 1 ? 'lead' : 'leads'} · ${delegates} ${delegates === 1 ? 'delegate' : 'delegates'} · ${graph.nodes.length} of ${graph.totalSessions} sessions` : 'Loading…'}
        </span>
        <span className="spacer" />
        <label className="check">
          <input type="checkbox" checked={teamsOnly} onChange={(e) => setTeamsOnly(e.target.checked)} />
          Teams only
        </label>
        <button type="button" className="btn btn-sm" onClick={() => void refresh()}>
          Refresh
        </button>
      </header>
      {error && (
        <p className="reason reason-bad board-note" role="alert">
          Could not load the delegation graph: {error}
        </p>
      )}
      <div className="graph-layout">
        <div className="graph-canvas" ref={canvasRef}>
          {shown && shown.nodes.length > 0 && (
            <ReactFlowProvider>
              <GraphCanvas graph={shown} selectedId={selectedId} theme={theme} aspect={aspect} onSelect={setSelectedId} onOpenSession={onOpenSession} />
            </ReactFlowProvider>
          )}
          {shown && shown.nodes.length === 0 && <p className="muted pad">No sessions{teamsOnly ? ' in a team' : ''} yet. A lead gets delegates when it hands work on (assign, delegate, or a template's steps).</p>}
        </div>
        <aside className="graph-side" aria-label="Coordination and lead actions">
          <CoordinationPanel status={status} />
          {selected ? (
            <LeadPanel
              key={selected.sessionId}
              client={client}
              node={selected}
              onOpenSession={onOpenSession}
              onChanged={() => void refresh()}
            />
          ) : (
            <section className="side-card">
              <p className="muted small">Select a session in the graph (click it, or Tab to it and press Enter) to assign it a task, drain its inbox or rebalance its team. Double-click opens the session.</p>
            </section>
          )}
        </aside>
      </div>
    </main>
  );
}
