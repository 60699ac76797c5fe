import type { Component } from 'svelte';
import ForecastView from './ForecastView.svelte';
import PlanView from './PlanView.svelte';
import AlertsView from './AlertsView.svelte';
import WhatIfView from './WhatIfView.svelte';
import DataView from './DataView.svelte';
import ModelsView from './ModelsView.svelte';
import TextView from './TextView.svelte';

/**
 * The dashboard's views, in tab order. A new view is one entry here (and its own file), so
 * features do not have to edit the shell.
 */
export const VIEWS = [
  { id: 'forecasts', label: 'Forecasts', component: ForecastView },
  { id: 'plan', label: 'Plan', component: PlanView },
  { id: 'alerts', label: 'Alerts', component: AlertsView },
  { id: 'whatif', label: 'What-if', component: WhatIfView },
  { id: 'text', label: 'Text & reviews', component: TextView },
  { id: 'data', label: 'Data', component: DataView },
  { id: 'models', label: 'Models', component: ModelsView },
] as const satisfies readonly { id: string; label: string; component: Component }[];

export type ViewId = (typeof VIEWS)[number]['id'];
