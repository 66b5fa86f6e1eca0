export function App() {
  return (
    <main style={{ fontFamily: 'system-ui, sans-serif', padding: 32, color: '#e6e8ee', background: '#111318', minHeight: '100vh' }}>
      <h1 style={{ fontSize: 20, margin: 0 }}>Switchyard</h1>
      <p style={{ opacity: 0.7 }}>Sessions appear here once the session views land.</p>
    </main>
  );
}
