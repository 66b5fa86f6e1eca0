import { createRoot } from 'react-dom/client';
import '@xterm/xterm/css/xterm.css';
import './styles.css';
import { App } from './App';
import { connect } from './api/connect';

const root = document.getElementById('root');
if (root) createRoot(root).render(<App connection={connect(window)} />);
