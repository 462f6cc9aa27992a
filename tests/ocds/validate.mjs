// Validates an OCDS release package against the official OCDS 1.1.5 schemas, patched with
// every extension the package declares, the way ../shared/corpus/ocds/README.md describes:
//
//   1. the standard release schema (standard-1.1.5/release-schema.json);
//   2. each declared extension's release-schema.json, and each of its dependencies', applied
//      to it as a JSON Merge Patch (RFC 7386), dependencies before the extension;
//   3. the package against release-package-schema.json, its releases against the patched
//      release schema (JSON Schema draft 4: ajv with ajv-draft-04 and ajv-formats).
//
// On top of the schemas, what a schema alone cannot see:
//   - every `tag` is a code of the closed codelist standard-1.1.5/codelists/releaseTag.csv;
//   - every extension URL is one whose files are in the corpus (an unknown URL is an error:
//     nothing could be checked against it);
//   - every field is defined by the patched schema: a field that is not is an error, since
//     it belongs to no declared extension (e.g. a UK field without the UK extension);
//   - `version` is "1.1" (the schemas are 1.1.5), and (ocid, id) is unique per release.
//
//   node tests/ocds/validate.mjs [--corpus DIR] [FILE...]     (no FILE, or "-": stdin)
//
// DIR is the corpus root that holds ocds/ (default: $SCORECARD_CORPUS, else ../shared/corpus
// beside the checkout, as tests/support/corpus.h). Prints one line per error —
// `<file>\t<release id, or "package">\t<JSON pointer>\t<message>` — and for each file
// "<file>: <n> errors in <m> releases"; exits 0 when no package has an error, 1 when one has,
// 2 when it could not check (bad arguments, no corpus, a file unreadable or not JSON).
import Ajv04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

function fail(message) {
  console.error(`validate.mjs: ${message}`);
  process.exit(2);
}

function parseArgs(argv) {
  const out = { corpus: null, files: [] };
  for (let i = 0; i < argv.length; ++i) {
    if (argv[i] === '--corpus') {
      if (i + 1 >= argv.length) fail('--corpus needs a directory');
      out.corpus = argv[++i];
    } else if (argv[i] === '--help' || argv[i] === '-h') {
      console.log('usage: node tests/ocds/validate.mjs [--corpus DIR] [FILE... | -]');
      process.exit(0);
    } else {
      out.files.push(argv[i]);
    }
  }
  if (out.files.length === 0) out.files.push('-');
  return out;
}

const args = parseArgs(process.argv.slice(2));
const corpusRoot = args.corpus ?? process.env.SCORECARD_CORPUS ??
  path.resolve(here, '..', '..', '..', 'shared', 'corpus');
const ocdsDir = path.join(corpusRoot, 'ocds');
if (!fs.existsSync(path.join(ocdsDir, 'standard-1.1.5', 'release-schema.json')))
  fail(`no OCDS schemas in ${ocdsDir} (set SCORECARD_CORPUS or --corpus to the corpus root)`);

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    fail(`cannot read ${file}: ${e.message}`);
  }
}

// Every extension URL whose files the corpus holds (corpus/ocds/README.md), to its folder.
// The UK extension's dependencies are the exact URLs its extension.json names.
const raw = 'https://raw.githubusercontent.com';
const extensionFolders = new Map([
  [`${raw}/open-contracting-extensions/ocds_metrics_extension/1.1/extension.json`, 'metrics-1.1'],
  [`${raw}/open-contracting-extensions/ocds_performance_failures_extension/master/extension.json`,
   'performance_failures-master'],
  [`${raw}/cabinetoffice/ocds_uk_extension/main/extension.json`, 'uk-main'],
]);
for (const url of readJson(path.join(ocdsDir, 'uk-main', 'extension.json')).dependencies ?? []) {
  if (extensionFolders.has(url)) continue;
  const name = /\/ocds_([A-Za-z]+)_extension\//.exec(url)?.[1];
  if (name && fs.existsSync(path.join(ocdsDir, 'uk-deps', name, 'extension.json')))
    extensionFolders.set(url, path.join('uk-deps', name));
}

// RFC 7386: objects merge key by key, null removes, anything else replaces.
function mergePatch(target, patch) {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const out = target !== null && typeof target === 'object' && !Array.isArray(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = mergePatch(out[key], value);
  }
  return out;
}

const packageSchema = readJson(path.join(ocdsDir, 'standard-1.1.5', 'release-package-schema.json'));
const standardReleaseSchema = readJson(path.join(ocdsDir, 'standard-1.1.5', 'release-schema.json'));
// Release tags: the closed codelist itself, not only the schema's copy of it.
const tagCodes = new Set(fs.readFileSync(path.join(ocdsDir, 'standard-1.1.5', 'codelists', 'releaseTag.csv'), 'utf8')
  .split(/\r?\n/).slice(1).map((line) => line.split(',')[0]).filter(Boolean));

// Checks one package; returns its errors ({release, pointer, message}) and release count.
function validate(pkg) {
  const errors = [];
  const report = (release, pointer, message) => errors.push({ release, pointer, message });
  if (pkg === null || typeof pkg !== 'object' || Array.isArray(pkg)) {
    report('package', '', 'the package is not a JSON object');
    return { errors, releases: 0 };
  }
  const releases = Array.isArray(pkg.releases) ? pkg.releases : [];
  const releaseName = (i) => {
    const id = releases[i]?.id;
    return typeof id === 'string' ? `release ${id}` : `release #${i}`;
  };

  // The extensions to apply, dependencies first, each once.
  const order = [];
  const seen = new Set();
  const visit = (url, pointer) => {
    if (seen.has(url)) return;
    seen.add(url);
    const folder = extensionFolders.get(url);
    if (!folder) {
      report('package', pointer, `unknown extension ${url}: not an extension whose schema is in ` +
             `${ocdsDir} (an extension is declared by the URL of its extension.json)`);
      return;
    }
    const meta = readJson(path.join(ocdsDir, folder, 'extension.json'));
    for (const dependency of meta.dependencies ?? []) visit(dependency, pointer);
    order.push(folder);
  };
  (Array.isArray(pkg.extensions) ? pkg.extensions : []).forEach((url, i) => visit(String(url), `/extensions/${i}`));
  let releaseSchema = standardReleaseSchema;
  for (const folder of order)
    releaseSchema = mergePatch(releaseSchema, readJson(path.join(ocdsDir, folder, 'release-schema.json')));

  // The package schema refers to the release schema by its id; the patched schema keeps
  // that id, so the package's releases are validated against the patched schema, once.
  // strict: false — OCDS schemas carry keywords of their own (codelist, openCodelist, …).
  const ajv = new Ajv04({ allErrors: true, strict: false, validateFormats: true });
  addFormats(ajv);
  ajv.addSchema(releaseSchema);
  const validatePackage = ajv.compile(packageSchema);
  if (!validatePackage(pkg)) {
    for (const e of validatePackage.errors) {
      const m = /^\/releases\/(\d+)(\/.*)?$/.exec(e.instancePath);
      const detail = e.params && Object.keys(e.params).length ? ` ${JSON.stringify(e.params)}` : '';
      if (m) report(releaseName(Number(m[1])), m[2] ?? '', `${e.message}${detail}`);
      else report('package', e.instancePath, `${e.message}${detail}`);
    }
  }
  if (pkg.version !== '1.1')
    report('package', '/version', `version is ${JSON.stringify(pkg.version)}; these are the OCDS 1.1 schemas`);

  // Fields the patched schema does not define (local $refs only: the schema is one document).
  const resolve = (schema) => {
    let s = schema;
    for (let hops = 0; s && typeof s.$ref === 'string' && s.$ref.startsWith('#/') && hops < 32; ++hops)
      s = s.$ref.slice(2).split('/').reduce((node, key) => node?.[key], releaseSchema);
    return s;
  };
  const undefinedFields = (value, schema, pointer, where) => {
    const s = resolve(schema);
    if (!s || value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      if (s.items && !Array.isArray(s.items))
        value.forEach((item, i) => undefinedFields(item, s.items, `${pointer}/${i}`, where));
      return;
    }
    for (const [key, child] of Object.entries(value)) {
      const at = `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      let sub = s.properties?.[key];
      if (!sub && s.patternProperties) {
        for (const [pattern, candidate] of Object.entries(s.patternProperties))
          if (new RegExp(pattern, 'u').test(key)) { sub = candidate; break; }
      }
      if (sub) undefinedFields(child, sub, at, where);
      else if (s.additionalProperties === undefined || s.additionalProperties === true)
        report(where, at, `field "${key}" is not in the OCDS schema patched with the declared ` +
               'extensions (an undeclared extension, or a field of our own)');
    }
  };

  const seenIds = new Map();
  releases.forEach((release, i) => {
    if (release === null || typeof release !== 'object') return;
    const where = releaseName(i);
    if (Array.isArray(release.tag)) {
      release.tag.forEach((tag, j) => {
        if (!tagCodes.has(tag))
          report(where, `/tag/${j}`, `${JSON.stringify(tag)} is not in the closed releaseTag codelist ` +
                 `(${[...tagCodes].join(', ')})`);
      });
    }
    const key = JSON.stringify([release.ocid, release.id]);
    if (seenIds.has(key))
      report(where, '/id', `release id ${JSON.stringify(release.id)} repeats within ocid ` +
             `${JSON.stringify(release.ocid)} (also release #${seenIds.get(key)})`);
    else seenIds.set(key, i);
    undefinedFields(release, releaseSchema, '', where);
  });
  undefinedFields(pkg, { ...packageSchema, properties: { ...packageSchema.properties, releases: true } }, '', 'package');
  return { errors, releases: releases.length };
}

let total = 0;
for (const file of args.files) {
  let text;
  try {
    text = fs.readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (e) {
    fail(`cannot read ${file}: ${e.message}`);
  }
  let pkg;
  try {
    pkg = JSON.parse(text);
  } catch (e) {
    fail(`${file}: not JSON: ${e.message}`);
  }
  const { errors, releases } = validate(pkg);
  const name = file === '-' ? 'stdin' : file;
  for (const e of errors) console.log(`${name}\t${e.release}\t${e.pointer || '/'}\t${e.message}`);
  console.log(`${name}: ${errors.length} errors in ${releases} releases`);
  total += errors.length;
}
if (args.files.length > 1) console.log(`${total} errors in ${args.files.length} packages`);
process.exitCode = total === 0 ? 0 : 1;
