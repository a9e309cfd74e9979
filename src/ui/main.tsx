// The page entry: register the service worker (an update waits for the responder) and render the app.
/// <reference types="vite-plugin-pwa/vanillajs" />

import { render } from 'preact';
import { registerSW } from 'virtual:pwa-register';
import { App } from './App.tsx';
import './app.css';

const root = document.getElementById('app')!;
let updateReady = false;
const draw = () => render(<App updateReady={updateReady} onUpdate={() => void updateSW(true)} />, root);
const updateSW = registerSW({
  immediate: true,
  onNeedRefresh() {
    updateReady = true;
    draw();
  },
});
draw();
