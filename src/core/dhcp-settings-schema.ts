/**
 * JSON Schema of the `virtnet.io/dhcp` annotation's value (dhcp-settings.ts).
 * Kept apart from the code that uses it: scripts/generate-validators.ts
 * compiles it into src/generated/ at build time.
 */
import { VMI_INTERFACE_NAME_MAX_LENGTH, VMI_INTERFACE_NAME_PATTERN } from './vmi-schema.js';

export interface InterfaceDhcpSettings {
  disabled?: boolean;
  /** 60 s to 2^32-2 s: shorter leases make guests renew too often, 2^32-1 means infinity in both protocols. */
  leaseSeconds?: number;
}

export const dhcpSettingsSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'urn:virtnet:schema:dhcp-settings',
  type: 'object',
  propertyNames: { pattern: VMI_INTERFACE_NAME_PATTERN, maxLength: VMI_INTERFACE_NAME_MAX_LENGTH },
  additionalProperties: {
    type: 'object',
    properties: {
      disabled: { type: 'boolean' },
      leaseSeconds: { type: 'integer', minimum: 60, maximum: 0xfffffffe },
    },
    additionalProperties: false,
  },
} as const;
