// Generates src/lib/api-types/*.ts from the services' committed OpenAPI documents (services/*/openapi.json).
//   node scripts/gen-api.mjs          write the files (run by `make openapi`)
//   node scripts/gen-api.mjs --check  exit 1 when a committed file differs from what would be generated
import { readFile, writeFile, mkdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import openapiTS, { astToString } from "openapi-typescript";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const services = { auth: "auth", write: "write-api", read: "read-api" };
const check = process.argv.includes("--check");
const outDir = join(root, "src/lib/api-types");
await mkdir(outDir, { recursive: true });

let stale = [];
for (const [name, service] of Object.entries(services)) {
  const source = join(root, "..", "services", service, "openapi.json");
  const schema = JSON.parse(await readFile(source, "utf8"));
  const ast = await openapiTS(schema, { alphabetize: true });
  const text =
    `// Generated from services/${service}/openapi.json by frontend/scripts/gen-api.mjs (\`make openapi\`). Do not edit.\n` +
    astToString(ast);
  const target = join(outDir, `${name}.ts`);
  if (check) {
    const current = await readFile(target, "utf8").catch(() => "");
    if (current !== text) stale.push(target);
  } else {
    await writeFile(target, text);
  }
}
if (stale.length) {
  console.error(`stale generated API types (run \`make openapi\`):\n  ${stale.join("\n  ")}`);
  process.exit(1);
}
