// Serves the production build (`npm run start`), as `make dev` and the browser tests do.
//
//   node scripts/serve.mjs [-p PORT] [-H HOST]   serve .next/standalone/server.js on PORT (env PORT, default 3000)
//                                                and HOST (env HOSTNAME, default 127.0.0.1)
//   node scripts/serve.mjs --prepare             only put .next/static and public/ next to the standalone server
//                                                (the `postbuild` script: `npm run build` ends with it)
//
// `output: "standalone"` writes a self-contained server (server.js + the traced node_modules) but leaves the static
// assets out: they are copied into .next/standalone/.next/static and .next/standalone/public after every build.
// The copy is skipped when it already belongs to the current build (.next/BUILD_ID). SIGTERM, SIGINT and SIGHUP
// are passed on to the server, whose exit status becomes ours.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { cp, readFile, readdir, rename, rm, writeFile } from "node:fs/promises";
import { constants } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const standalone = join(root, ".next", "standalone");

function fail(message) {
  console.error(`serve.mjs: ${message}`);
  process.exit(1);
}

/** server.js is at the top of the standalone folder, or below it at the app's path when Next traced from a parent
 * folder (outputFileTracingRoot): look a few levels down, never into node_modules. */
async function findServer(dir = standalone, depth = 0) {
  if (existsSync(join(dir, "server.js"))) return join(dir, "server.js");
  if (depth >= 3) return undefined;
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (!entry.isDirectory() || entry.name === "node_modules" || entry.name.startsWith(".")) continue;
    const found = await findServer(join(dir, entry.name), depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** Replace `target` with a copy of `source` (or remove it when `source` is gone), through a temporary sibling so
 * that a server starting at the same moment never sees a half-copied folder. */
async function mirror(source, target) {
  const temporary = `${target}.tmp-${process.pid}`;
  await rm(temporary, { recursive: true, force: true });
  if (existsSync(source)) await cp(source, temporary, { recursive: true });
  await rm(target, { recursive: true, force: true });
  if (existsSync(temporary)) await rename(temporary, target);
}

async function prepare(serverDir) {
  const buildId = (await readFile(join(root, ".next", "BUILD_ID"), "utf8").catch(() => "")).trim();
  if (!buildId) fail("no production build in .next: run `npm run build` first");
  const marker = join(serverDir, ".next", "ani-assets-build-id");
  const current = (await readFile(marker, "utf8").catch(() => "")).trim();
  if (current === buildId && existsSync(join(serverDir, ".next", "static"))) return;
  await mirror(join(root, ".next", "static"), join(serverDir, ".next", "static"));
  await mirror(join(root, "public"), join(serverDir, "public"));
  await writeFile(marker, `${buildId}\n`);
  console.log(`serve.mjs: copied .next/static and public/ into ${relative(root, serverDir) || "."} (build ${buildId})`);
}

function option(flags, fallback) {
  const args = process.argv.slice(2);
  for (const [index, arg] of args.entries()) {
    for (const flag of flags) {
      if (arg === flag && args[index + 1] !== undefined) return args[index + 1];
      if (arg.startsWith(`${flag}=`)) return arg.slice(flag.length + 1);
    }
  }
  return fallback;
}

const server = await findServer();
if (!server)
  fail('no .next/standalone/server.js: run `npm run build` (next.config.ts must keep `output: "standalone"`)');
const serverDir = dirname(server);
await prepare(serverDir);
if (process.argv.includes("--prepare")) process.exit(0);

const port = option(["-p", "--port"], process.env.PORT || "3000");
const hostname = option(["-H", "--hostname"], process.env.HOSTNAME || "127.0.0.1");
const child = spawn(process.execPath, [server], {
  cwd: serverDir,
  stdio: "inherit",
  env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", PORT: port, HOSTNAME: hostname },
});
for (const signal of ["SIGTERM", "SIGINT", "SIGHUP"]) {
  process.on(signal, () => child.kill(signal));
}
child.on("exit", (code, signal) => {
  process.exit(code ?? 128 + (constants.signals[signal] ?? 1));
});
