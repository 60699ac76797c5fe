import type { ViewId } from '../views';

/** Which view is open and which product is selected, shared so any view can open a product. */
class Selection {
  view = $state<ViewId>('forecasts');
  sku = $state<string | null>(null);

  select(sku: string): void {
    this.sku = sku;
  }

  open(sku: string, view: ViewId): void {
    this.sku = sku;
    this.view = view;
  }
}

export const selection = new Selection();
