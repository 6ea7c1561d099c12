/** Errors of the admin API as the panel shows them: a message per form field (422 `details`) and one for the toast. */
import { ApiError, ApiUnavailableError } from "../public-api/errors";

export { ApiError, ApiUnavailableError };

export type FieldErrors = Record<string, string>;

/** `{"loc": ["body", "title"], "msg": …}` → `{title: msg}`; a list item (`["body", "genres", 2]`) → its list. */
export function fieldErrors(error: unknown): FieldErrors {
  if (!(error instanceof ApiError) || error.status !== 422) return {};
  const out: FieldErrors = {};
  for (const detail of error.details) {
    const loc = detail.loc.filter((part) => part !== "body" && part !== "query" && part !== "path");
    const field = loc.find((part): part is string => typeof part === "string") ?? "_";
    out[field] ??= detail.msg;
  }
  return out;
}
