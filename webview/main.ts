// The detail webview's entry point, built by esbuild into dist/webview.js (+ webview.css): the
// elements and styles it uses, then the app on VS Code's bridge.
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import './styles.css';
import { startApp } from './app';
import { vscodeBridge } from './hostBridge';

const app = document.getElementById('app');
if (app) startApp(app, vscodeBridge());
