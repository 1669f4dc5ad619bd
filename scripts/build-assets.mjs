// Builds the front-end assets from npm packages into the core app's static folder, so that
// Django serves them locally (whitenoise) and no page depends on a CDN at run time.
import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const nhsuk = join(root, "node_modules", "nhsuk-frontend", "dist", "nhsuk");
const out = join(root, "src", "healthjustice", "core", "static", "build");

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const css = sass.compile(join(root, "frontend", "app.scss"), {
  loadPaths: [join(root, "node_modules")],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import", "global-builtin"],
});
writeFileSync(join(out, "app.css"), css.css);

cpSync(join(nhsuk, "nhsuk-frontend.min.js"), join(out, "nhsuk-frontend.min.js"));
cpSync(join(nhsuk, "assets", "images"), join(out, "images"), { recursive: true });
cpSync(join(root, "frontend", "app.js"), join(out, "app.js"));

console.log(`front-end assets built in ${out}`);
