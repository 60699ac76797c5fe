import { lockConnectionsToOwnOrigin } from './app/privacy';
import { mount } from 'svelte';
import App from './app/App.svelte';
import './app/global.css';

lockConnectionsToOwnOrigin();
mount(App, { target: document.getElementById('app') as HTMLElement });
