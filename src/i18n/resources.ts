import type { Resource } from 'i18next';
import en_common from './locales/en/common.json';
import en_import from './locales/en/import.json';
import en_forecast from './locales/en/forecast.json';
import en_plan from './locales/en/plan.json';
import en_alerts from './locales/en/alerts.json';
import en_whatif from './locales/en/whatif.json';
import en_models from './locales/en/models.json';
import en_text from './locales/en/text.json';
import en_data from './locales/en/data.json';
import en_welcome from './locales/en/welcome.json';
import en_engine from './locales/en/engine.json';
import zh_common from './locales/zh/common.json';
import zh_import from './locales/zh/import.json';
import zh_forecast from './locales/zh/forecast.json';
import zh_plan from './locales/zh/plan.json';
import zh_alerts from './locales/zh/alerts.json';
import zh_whatif from './locales/zh/whatif.json';
import zh_models from './locales/zh/models.json';
import zh_text from './locales/zh/text.json';
import zh_data from './locales/zh/data.json';
import zh_welcome from './locales/zh/welcome.json';
import zh_engine from './locales/zh/engine.json';

/**
 * The message files, bundled (no fetch at run time: the app works offline and from any static
 * host; Vite, Vitest and tsx all import JSON). One namespace per room, so work on one room edits
 * only its own files. Every key must exist in every language: tests/unit/i18n/messages.test.ts.
 */
export const NAMESPACES = ['common', 'import', 'forecast', 'plan', 'alerts', 'whatif', 'models', 'text', 'data', 'welcome', 'engine'] as const;
export type Namespace = (typeof NAMESPACES)[number];

export const RESOURCES = {
  en: {
    common: en_common,
    import: en_import,
    forecast: en_forecast,
    plan: en_plan,
    alerts: en_alerts,
    whatif: en_whatif,
    models: en_models,
    text: en_text,
    data: en_data,
    welcome: en_welcome,
    engine: en_engine,
  },
  zh: {
    common: zh_common,
    import: zh_import,
    forecast: zh_forecast,
    plan: zh_plan,
    alerts: zh_alerts,
    whatif: zh_whatif,
    models: zh_models,
    text: zh_text,
    data: zh_data,
    welcome: zh_welcome,
    engine: zh_engine,
  },
} satisfies Resource;
