// The validators in src/generated/ are the schemas compiled at build time; a schema edited without
// `npm run generate` would leave virtnet validating against the old one. This test regenerates each
// module in memory and compares it with the committed file.
import t from 'tap';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { VALIDATOR_MODULES, generateValidatorModule } from '../../scripts/validator-codegen.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

for (const module of VALIDATOR_MODULES) {
  t.test(`${module.file} is ${module.schemaSource} compiled`, async (t) => {
    const committed = readFileSync(`${ROOT}${module.file}`, 'utf8');
    t.ok(committed === generateValidatorModule(module), `up to date with its schema (run npm run generate if not)`);
  });
}

t.test('negative control: a changed schema yields a different module', async (t) => {
  const [first] = VALIDATOR_MODULES;
  const changed = { ...first!, schema: { ...first!.schema, title: 'changed' } };
  t.not(generateValidatorModule(changed), readFileSync(`${ROOT}${first!.file}`, 'utf8'));
});
