// The page entry: register the service worker (an update waits for the responder) and render the app.

import { render } from 'preact';
import { App } from './App.tsx';
import { registerServiceWorker } from './service-worker.ts';
import './app.css';

const root = document.getElementById('app')!;
let updateReady = false;
const draw = () => render(<App updateReady={updateReady} onUpdate={() => void updateSW(true)} />, root);
const updateSW = registerServiceWorker(() => {
  updateReady = true;
  draw();
});
draw();
