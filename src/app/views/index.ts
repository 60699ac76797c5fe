import type { Component } from 'svelte';
import ForecastView from './ForecastView.svelte';
import PlanView from './PlanView.svelte';
import AlertsView from './AlertsView.svelte';
import WhatIfView from './WhatIfView.svelte';
import DataView from './DataView.svelte';
import ModelsView from './ModelsView.svelte';
import TextView from './TextView.svelte';
import { t } from '../../i18n';

/**
 * The dashboard's views, in tab order. A new view is one entry here (and its own file), so
 * features do not have to edit the shell. Labels are getters: read at render, in the current language.
 */
export const VIEWS = [
  { id: 'forecasts', get label() { return t('common:view.forecasts'); }, component: ForecastView },
  { id: 'plan', get label() { return t('common:view.plan'); }, component: PlanView },
  { id: 'alerts', get label() { return t('common:view.alerts'); }, component: AlertsView },
  { id: 'whatif', get label() { return t('common:view.whatif'); }, component: WhatIfView },
  { id: 'text', get label() { return t('common:view.text'); }, component: TextView },
  { id: 'data', get label() { return t('common:view.data'); }, component: DataView },
  { id: 'models', get label() { return t('common:view.models'); }, component: ModelsView },
] as const satisfies readonly { id: string; label: string; component: Component }[];

export type ViewId = (typeof VIEWS)[number]['id'];
