import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

/** Admin code: the panel under src/app/admin, its components and its API client. */
const ADMIN_PATTERNS = [
  "@/app/admin",
  "@/app/admin/*",
  "@/components/admin",
  "@/components/admin/*",
  "@/lib/admin-api",
  "@/lib/admin-api/*",
  "**/admin/**",
  "**/admin-api",
  "**/admin-api/**",
];

const config = [
  {
    ignores: [
      ".next/**",
      "node_modules/**",
      "src/lib/api-types/**",
      "next-env.d.ts",
      "playwright-report/**",
      "test-results/**",
    ],
  },
  ...nextVitals,
  ...nextTs,
  {
    // The public site never depends on admin code (its bundle must not grow because of the panel).
    files: ["src/**/*.{ts,tsx}"],
    ignores: ["src/app/admin/**", "src/components/admin/**", "src/lib/admin-api/**", "src/lib/admin-api.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ADMIN_PATTERNS,
              message:
                "Public code must not import admin code (src/app/admin, src/components/admin, src/lib/admin-api).",
            },
          ],
        },
      ],
    },
  },
  {
    // Pages and components reach the services only through src/lib/public-api (admin: src/lib/admin-api).
    files: ["src/app/**/*.{ts,tsx}", "src/components/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-globals": [
        "error",
        { name: "fetch", message: "Call the services through src/lib/public-api (or src/lib/admin-api in the panel)." },
      ],
    },
  },
  {
    // Playwright fixtures receive a `use` callback: not React's `use` hook.
    files: ["tests/e2e/**/*.ts", "playwright.config.ts"],
    rules: { "react-hooks/rules-of-hooks": "off" },
  },
];

export default config;
