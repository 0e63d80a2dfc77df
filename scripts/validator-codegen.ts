/**
 * Build-time compilation of virtnet's JSON Schemas into standalone validator
 * modules (ajv's standalone code). At run time the launcher and the handler
 * then load neither ajv's compiler nor compile anything: importing the three
 * compiled validators costs about 1 MB of resident memory, where ajv compiling
 * them at start cost about 20 MB (bench/launcher-memory.ts).
 *
 * `npm run generate` writes them (scripts/generate-validators.ts);
 * test/unit/generated-validators.test.ts fails when a schema changed and
 * the committed modules were not regenerated.
 */
import Ajv2020Module, { type Options } from 'ajv/dist/2020.js';
import standaloneCodeModule from 'ajv/dist/standalone/index.js';
import { interfaceCacheRecordSchema } from '../cache/schema/interface-cache-record.js';
import { dhcpSettingsSchema } from '../src/core/dhcp-settings-schema.js';
import { handlerRequestSchema } from '../src/core/handler-request-schema.js';
import { vmiSchema } from '../src/core/vmi-schema.js';

export interface ValidatorModule {
  /** Written file, relative to the repository root. */
  file: string;
  /** Where the schema is defined, named in the file's header. */
  schemaSource: string;
  schema: object;
  options: Options;
  /** Annotation keywords the schema uses (ajv's strict mode refuses unknown ones). */
  vocabulary?: string[];
}

export const VALIDATOR_MODULES: readonly ValidatorModule[] = [
  {
    file: 'src/generated/validate-vmi.ts',
    schemaSource: 'src/core/vmi-schema.ts',
    schema: vmiSchema,
    // verbose: errors carry the failing value and its schema, which vmi-parse.ts quotes (and its `x-hint`).
    options: { allErrors: true, strict: true, verbose: true },
    vocabulary: ['x-hint'],
  },
  {
    file: 'src/generated/validate-interface-cache-record.ts',
    schemaSource: 'cache/schema/interface-cache-record.ts',
    schema: interfaceCacheRecordSchema,
    options: { allErrors: true, strict: true },
  },
  {
    file: 'src/generated/validate-dhcp-settings.ts',
    schemaSource: 'src/core/dhcp-settings-schema.ts',
    schema: dhcpSettingsSchema,
    options: { allErrors: true, strict: true },
  },
  {
    file: 'src/generated/validate-handler-request.ts',
    schemaSource: 'src/core/handler-request-schema.ts',
    schema: handlerRequestSchema,
    // verbose: errors carry the failing value, which handler-request.ts quotes; union types: `id` is a string or a number.
    options: { allErrors: true, strict: true, verbose: true, allowUnionTypes: true },
  },
];

const Ajv2020 = Ajv2020Module.default;
const standaloneCode = standaloneCodeModule.default;

/** ajv's ESM output still loads its run-time helpers with require(): `const func1 = require("ajv/dist/runtime/ucs2length").default;`. */
const RUNTIME_REQUIRE = /const (\w+) = require\("(ajv\/dist\/runtime\/\w+)"\)\.default;/g;

/** The module's full text: a header, imports of ajv's run-time helpers, the validator as default export. */
export function generateValidatorModule(module: ValidatorModule): string {
  const ajv = new Ajv2020({ ...module.options, code: { source: true, esm: true, lines: true } });
  if (module.vocabulary !== undefined) ajv.addVocabulary(module.vocabulary);
  const imports: string[] = [];
  const code = standaloneCode(ajv, ajv.compile(module.schema)).replace(RUNTIME_REQUIRE, (_match, name: string, path: string) => {
    imports.push(`import ${name}Module from '${path}.js';`);
    return `const ${name} = ${name}Module.default;`;
  });
  if (code.includes('require(')) {
    throw new Error(`failed to generate "${module.file}": ajv emitted a require() this generator does not know how to import`);
  }
  return [
    `// Generated from ${module.schemaSource} by scripts/generate-validators.ts (npm run generate). Do not edit.`,
    '// @ts-nocheck',
    ...imports,
    code,
    '',
  ].join('\n');
}
