import { listModels } from '../../bridge';
import {
  observeBacktests, observeForecastModel, observeForecastReport, type BacktestRecord, type ForecastReport,
} from '../../db';

/**
 * The forecast engine's report cards, kept current by liveQuery: the catalogue's summary, each
 * product's card, and the model the seller picked for the next run.
 */
class ForecastReports {
  report = $state.raw<ForecastReport | undefined>(undefined);
  cards = $state.raw<Map<string, BacktestRecord>>(new Map());
  model = $state('auto');
  /** Registered models (from the forecast worker's registry), for labels and the picker. */
  models = $state.raw<{ name: string; label: string; description: string }[]>([]);

  constructor() {
    listModels().then((models) => { this.models = models; }, (error) => console.error('listing models failed', error));
    observeForecastReport().subscribe({
      next: (report) => { this.report = report; },
      error: (error) => console.error('reading the forecast report failed', error),
    });
    observeBacktests().subscribe({
      next: (list) => { this.cards = new Map(list.map((card) => [card.sku, card])); },
      error: (error) => console.error('reading report cards failed', error),
    });
    observeForecastModel().subscribe({ next: (model) => { this.model = model; } });
  }
}

export const forecastReports = new ForecastReports();


/** A model's label from the registry, or its name while the list loads. */
export function modelLabel(name: string): string {
  return forecastReports.models.find((m) => m.name === name)?.label ?? name.replace(/_/g, ' ');
}
