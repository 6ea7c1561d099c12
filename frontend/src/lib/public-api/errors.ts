/** The services' error envelope `{"error": {"code", "message", "trace_id", "details"?}}` as an exception. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retryAfterSeconds: number | null = null,
    readonly details: { loc: (string | number)[]; msg: string }[] = [],
  ) {
    super(message);
    this.name = "ApiError";
  }
}

/** Network failure or a response that is not the envelope: the caller shows a generic message. */
export class ApiUnavailableError extends Error {
  constructor(
    message: string,
    readonly status: number | null = null,
  ) {
    super(message);
    this.name = "ApiUnavailableError";
  }
}

function retryAfter(response: Response): number | null {
  const header = response.headers.get("retry-after");
  if (header === null) return null;
  const seconds = Number.parseInt(header, 10);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const date = Date.parse(header);
  return Number.isFinite(date) ? Math.max(0, Math.ceil((date - Date.now()) / 1000)) : null;
}

/** Build the error of a non-2xx response from its envelope. */
export async function errorFromResponse(response: Response): Promise<ApiError | ApiUnavailableError> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  const error = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } } | null)?.error;
  if (error && typeof error.code === "string" && typeof error.message === "string") {
    const details = Array.isArray(error.details) ? (error.details as { loc: (string | number)[]; msg: string }[]) : [];
    return new ApiError(response.status, error.code, error.message, retryAfter(response), details);
  }
  return new ApiUnavailableError(`HTTP ${response.status}`, response.status);
}

/** The viewer has no session (a 401 after the one refresh and retry). */
export class SignedOutError extends Error {
  constructor() {
    super("signed out");
    this.name = "SignedOutError";
  }
}

/** Which password rule a 422 names (auth's messages: too short, too long in bytes, on the common-password list). */
export function passwordProblem(
  error: ApiError,
  words: { passwordShort: string; passwordLong: string; passwordCommon: string },
): string {
  const text = error.details.map((detail) => detail.msg).join(" ") + " " + error.message;
  if (/common/i.test(text)) return words.passwordCommon;
  if (/72|long/i.test(text)) return words.passwordLong;
  return words.passwordShort;
}
