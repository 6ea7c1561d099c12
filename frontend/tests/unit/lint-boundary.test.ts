import { ESLint } from "eslint";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));
const eslint = new ESLint({ cwd: root });

async function boundaryErrors(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === "no-restricted-imports").map((m) => m.message);
}

describe("the public/admin boundary (eslint.config.mjs)", () => {
  it("fails the lint when a public module imports admin code", async () => {
    for (const source of ["@/lib/admin-api", "@/app/admin/anime/page", "@/components/admin/table", "../admin/x"]) {
      const errors = await boundaryErrors(
        `import x from "${source}";\nexport default x;\n`,
        "src/app/catalog/page.tsx",
      );
      expect(errors, source).toHaveLength(1);
    }
  }, 60_000);

  it("lets admin code import admin code and public code import public code", async () => {
    expect(
      await boundaryErrors(`import x from "@/lib/admin-api";\nexport default x;\n`, "src/app/admin/page.tsx"),
    ).toEqual([]);
    expect(
      await boundaryErrors(
        `import { getAnime } from "@/lib/public-api/server";\nexport default getAnime;\n`,
        "src/app/page.tsx",
      ),
    ).toEqual([]);
  }, 60_000);
});
