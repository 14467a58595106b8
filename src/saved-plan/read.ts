import { GroupformError } from '../errors.js';
import type { Plan } from '../model/types.js';
import { validatePlanJson } from '../render/json.js';

/** A saved plan's text (the JSON `plan --out` writes), checked against plan.schema.json; `file` names it in errors. */
export function parseSavedPlan(text: string, file: string): Plan {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new GroupformError('PLAN_UNREADABLE', `${file} is not a saved plan: ${(error as Error).message}`);
  }
  const checked = validatePlanJson(data);
  if (!checked.ok) {
    throw new GroupformError('PLAN_UNREADABLE', `${file} is not a valid saved plan:`, { list: checked.errors });
  }
  return checked.plan;
}
