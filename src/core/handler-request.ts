/**
 * The long-running handler's protocol, without the socket: one request line
 * in → a typed request or the error to answer with; a result or an error →
 * the response object. Also where the launcher pod's netns and cache dir are
 * resolved from a pid or a path, the same for the CLI's flags and a request's
 * fields.
 *
 * Protocol (newline-delimited JSON, one response line per request line):
 *   → {"id"?, "op": "setup"|"teardown", "vmi": {...}, "launcherPid"? | "netns"?, "cacheDir"?, "placeholder"?}
 *   ← {"id", "ok": true, "result": <what `virtnet handler <op>` prints>}
 *   ← {"id", "ok": false, "error": {...}, "invalid": <true where the CLI exits 2: nothing was touched>}
 */
import type { ErrorObject, ValidateFunction } from 'ajv';
import { VirtnetError, ValidationError, errMessage } from './errors.js';
import type { PlaceholderKind } from './net-state.js';
import type { VirtualMachineInstance } from './vmi.js';
import { validateVmi } from './vmi-parse.js';
import type { HandlerOp, HandlerRequestEnvelope } from './handler-request-schema.js';

export type { HandlerOp } from './handler-request-schema.js';
import validateEnvelopeSchema from '../generated/validate-handler-request.js';

/** KubeVirt's `util.VirtPrivateDir` as seen from inside the launcher pod: phase 1 writes the interface cache there, the launcher reads it. */
export const LAUNCHER_CACHE_DIR = '/var/run/kubevirt-private';

/** Where the launcher pod is, as given: a process of the pod, or its netns file. */
export interface HandlerTargetInput {
  launcherPid?: number;
  netns?: string;
  cacheDir?: string;
}

/** The launcher pod's netns (by pid wins over by path) and the cache dir phase 1 writes to. */
export type HandlerTarget = { launcherPid: number; cacheDir: string } | { netns: string; cacheDir: string };

/** How the fields are called where they came from, for the error messages. */
export interface TargetFieldNames {
  launcherPid: string;
  netns: string;
  cacheDir: string;
}

export const CLI_TARGET_FIELDS: TargetFieldNames = { launcherPid: '--launcher-pid', netns: '--netns', cacheDir: '--cache-dir' };
export const REQUEST_TARGET_FIELDS: TargetFieldNames = { launcherPid: '"launcherPid"', netns: '"netns"', cacheDir: '"cacheDir"' };

/**
 * The cache dir defaults to the launcher's own, reached through its root
 * (`/proc/<pid>/root/var/run/kubevirt-private`, as virt-handler reaches it);
 * a netns by path says nothing of the launcher's root, so it needs one given.
 */
export function resolveHandlerTarget(input: HandlerTargetInput, fields: TargetFieldNames = CLI_TARGET_FIELDS): HandlerTarget {
  if (input.launcherPid !== undefined) {
    return { launcherPid: input.launcherPid, cacheDir: input.cacheDir ?? `/proc/${input.launcherPid}/root${LAUNCHER_CACHE_DIR}` };
  }
  if (input.netns === undefined) {
    throw new VirtnetError('VIRTNET_VALIDATION', `failed to find the launcher pod: give ${fields.launcherPid} or ${fields.netns}`);
  }
  if (input.cacheDir === undefined) {
    throw new VirtnetError('VIRTNET_VALIDATION', `failed to find the cache directory: give ${fields.cacheDir} with ${fields.netns}`);
  }
  return { netns: input.netns, cacheDir: input.cacheDir };
}

export interface HandlerRequest {
  /** Echoed in the response; null when the client gave none. */
  id: string | number | null;
  op: HandlerOp;
  vmi: VirtualMachineInstance;
  target: HandlerTarget;
  /** Setup only; the server's default when absent. */
  placeholder?: PlaceholderKind | 'auto';
}

export type ParsedHandlerRequest = { ok: true; request: HandlerRequest } | { ok: false; id: string | number | null; error: VirtnetError };

/** The request envelope compiled at build time (scripts/validator-codegen.ts). */
const validateEnvelope = validateEnvelopeSchema as unknown as ValidateFunction;

/** One request line → the request, or the error to answer (always VIRTNET_VALIDATION: nothing was touched). */
export function parseHandlerRequest(line: string): ParsedHandlerRequest {
  let doc: unknown;
  try {
    doc = JSON.parse(line);
  } catch (err) {
    return { ok: false, id: null, error: new ValidationError('', `failed to parse the request as JSON: ${errMessage(err)}`, { cause: err }) };
  }
  const id = requestId(doc);
  if (!validateEnvelope(doc)) {
    const problems = (validateEnvelope.errors ?? []).map(describeEnvelopeError);
    const first = validateEnvelope.errors?.[0]?.instancePath ?? '';
    return { ok: false, id, error: new ValidationError(first, `failed to read the request: ${problems.join('; ')}`) };
  }
  const envelope = doc as HandlerRequestEnvelope;
  try {
    const vmi = validateVmi(envelope.vmi, 'vmi');
    const target = resolveHandlerTarget(envelope, REQUEST_TARGET_FIELDS);
    const request: HandlerRequest = { id, op: envelope.op, vmi, target };
    if (envelope.placeholder !== undefined) request.placeholder = envelope.placeholder;
    return { ok: true, request };
  } catch (err) {
    if (err instanceof VirtnetError) return { ok: false, id, error: err };
    throw err;
  }
}

/** Only the id of a request line (null when it has none or is not JSON), without checking the rest. */
export function requestIdOfLine(line: string): string | number | null {
  try {
    return requestId(JSON.parse(line));
  } catch {
    return null;
  }
}

/** The client's id when it has one of the allowed types, so even a bad request's answer can be matched. */
function requestId(doc: unknown): string | number | null {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return null;
  const id = (doc as { id?: unknown }).id;
  return typeof id === 'string' || (typeof id === 'number' && Number.isFinite(id)) ? id : null;
}

function describeEnvelopeError(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return `missing required field "${String(params.missingProperty)}"`;
    case 'additionalProperties':
      return `unknown field "${String(params.additionalProperty)}"`;
    case 'enum':
      return `${error.instancePath.slice(1)}: invalid value ${JSON.stringify(error.data)}: expected one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    default:
      return `${error.instancePath.slice(1) || 'request'}: invalid value ${JSON.stringify(error.data)}: ${error.message ?? error.keyword}`;
  }
}

export type HandlerResponse =
  | { id: string | number | null; ok: true; result: unknown }
  | { id: string | number | null; ok: false; error: Record<string, unknown>; invalid: boolean };

export function successResponse(id: string | number | null, result: unknown): HandlerResponse {
  return { id, ok: true, result };
}

/** `invalid` exactly where the CLI exits 2: a VIRTNET_VALIDATION error, raised before anything was touched. */
export function errorResponse(id: string | number | null, err: unknown): HandlerResponse {
  const isVirtnet = err instanceof VirtnetError;
  return {
    id,
    ok: false,
    error: isVirtnet ? err.toJSON() : { message: errMessage(err) },
    invalid: isVirtnet && err.code === 'VIRTNET_VALIDATION',
  };
}
