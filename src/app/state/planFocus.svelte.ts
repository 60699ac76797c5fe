/** The product whose plan details the Plan view shows (set from other views, e.g. an alert). */
class PlanFocus {
  sku = $state<string | null>(null);
}

export const planFocus = new PlanFocus();
