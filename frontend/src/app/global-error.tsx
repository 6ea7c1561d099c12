"use client";

/** Last resort when the root layout itself failed: no providers, so both languages are shown. */
export default function GlobalError({ reset }: { error: Error; reset: () => void }) {
  return (
    <html lang="ru">
      <body style={{ fontFamily: "system-ui, sans-serif", textAlign: "center", padding: "4rem 1rem" }}>
        <h1>Что-то сломалось · Something broke</h1>
        <p>Попробуйте ещё раз · Please try again.</p>
        <button type="button" onClick={reset} style={{ padding: "0.5rem 1rem", marginTop: "1rem" }}>
          Повторить · Try again
        </button>
      </body>
    </html>
  );
}
