/** Writes the compiled validators (see validator-codegen.ts). Run from the repository root: `npm run generate`. */
import { writeFileSync } from 'node:fs';
import { VALIDATOR_MODULES, generateValidatorModule } from './validator-codegen.js';

for (const module of VALIDATOR_MODULES) {
  writeFileSync(module.file, generateValidatorModule(module));
  process.stdout.write(`wrote ${module.file}\n`);
}
