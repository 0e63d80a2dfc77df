/**
 * nftables JSON (libnftables-json(5)) as typed data. A batch is the `nftables`
 * array of one `nft -j` invocation, applied atomically by the kernel. Built
 * only from typed values, never string concatenation, so nothing a manifest
 * says can inject syntax.
 */

export type NftFamily = 'ip' | 'ip6' | 'inet' | 'bridge';

/** One command object of the `nftables` array: `{ add: { table: {...} } }`, `{ flush: ... }`, ... */
export type NftCommand = Record<string, unknown>;

export interface NftBatch {
  /** Human label for errors and logs: `masquerade ipv4`. */
  label: string;
  family: NftFamily;
  commands: NftCommand[];
}
