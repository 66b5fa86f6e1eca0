export function App() {
  return <main>Switchyard</main>;
}
