/**
 * JSON Schema of one request to the long-running handler (`virtnet handler
 * serve`): the envelope around a VMI manifest. The manifest itself is only
 * required to be an object here; vmi-parse.ts checks it, as for the CLI.
 * scripts/generate-validators.ts compiles this into src/generated/.
 */

export const HANDLER_OPS = ['setup', 'teardown'] as const;
export type HandlerOp = (typeof HANDLER_OPS)[number];

/** The link type that keeps the pod NIC's name (src/phases/placeholder.ts). */
export const PLACEHOLDER_CHOICES = ['auto', 'dummy', 'ifb'] as const;

/**
 * PID_MAX_LIMIT on 64-bit Linux (include/linux/threads.h: 4 * 1024 * 1024):
 * no process id is larger, whatever kernel.pid_max says.
 */
export const PID_MAX_LIMIT = 4_194_304;

/** A request as it arrives, once the envelope is valid (the VMI not yet checked). */
export interface HandlerRequestEnvelope {
  id?: string | number;
  op: HandlerOp;
  vmi: Record<string, unknown>;
  launcherPid?: number;
  netns?: string;
  cacheDir?: string;
  placeholder?: (typeof PLACEHOLDER_CHOICES)[number];
}

export const handlerRequestSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'urn:virtnet:schema:handler-request',
  type: 'object',
  required: ['op', 'vmi'],
  additionalProperties: false,
  properties: {
    id: { type: ['string', 'number'] },
    op: { enum: [...HANDLER_OPS] },
    vmi: { type: 'object' },
    launcherPid: { type: 'integer', minimum: 1, maximum: PID_MAX_LIMIT },
    netns: { type: 'string', minLength: 1 },
    cacheDir: { type: 'string', minLength: 1 },
    placeholder: { enum: [...PLACEHOLDER_CHOICES] },
  },
} as const;
