/**
 * nftables edge: one `nft -j` process per batch, spawned inside the target
 * netns (nft has no netns flag). The JSON goes as ONE argv element: under
 * Node `nft -j -f -` fails, because stdin is a socketpair and nft opens
 * /dev/stdin (ENXIO). Linux caps one argv string at 128 KiB (MAX_ARG_STRLEN),
 * ~1000 rules, far above any masquerade batch. The kernel applies a batch as
 * one transaction: if any command fails nothing changes.
 */
import { NftError, errMessage } from '../core/errors.js';
import type { NftBatch, NftFamily } from '../core/nft-types.js';
import type { NetnsHandle } from './netns.js';

const NFT = 'nft';
/** A hung nft (a kernel lock held elsewhere) must not hang phase 1 forever. */
const NFT_TIMEOUT_MS = 30_000;

/** Apply a batch atomically; throws NftError (stderr kept) when nft rejects any of it. */
export async function applyNftBatch(ns: NetnsHandle, batch: NftBatch): Promise<void> {
  const json = JSON.stringify({ nftables: [{ metainfo: { json_schema_version: 1 } }, ...batch.commands] });
  const { exitCode, stderr } = await runNft(ns, ['-j', json], `apply nft batch "${batch.label}"`);
  if (exitCode !== 0) {
    throw new NftError(`failed to apply nft batch "${batch.label}" in netns "${ns.path}": ${firstLine(stderr)}`, stderr);
  }
}

/**
 * The `nftables` array of `nft -j list table <family> <table>` (metainfo,
 * table, chains, rules with handles and counters), or null when the table does
 * not exist.
 */
export async function listRuleset(
  ns: NetnsHandle,
  family: NftFamily,
  table: string,
): Promise<Record<string, unknown>[] | null> {
  const { exitCode, stdout, stderr } = await runNft(ns, ['-j', 'list', 'table', family, table], `list nft table "${family} ${table}"`);
  if (exitCode !== 0) {
    if (isNoSuchObject(stderr)) return null;
    throw new NftError(`failed to list nft table "${family} ${table}" in netns "${ns.path}": ${firstLine(stderr)}`, stderr);
  }
  try {
    return (JSON.parse(stdout) as { nftables: Record<string, unknown>[] }).nftables;
  } catch (err) {
    throw new NftError(`failed to parse nft listing of "${family} ${table}": ${errMessage(err)}`, stderr, { cause: err });
  }
}

async function runNft(ns: NetnsHandle, args: string[], what: string): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  try {
    return await ns.exec(NFT, args, { reject: false, timeoutMs: NFT_TIMEOUT_MS });
  } catch (err) {
    // nft could not be spawned, was killed or timed out: no verdict from nft itself.
    throw new NftError(`failed to ${what} in netns "${ns.path}": ${errMessage(err)}`, '', { cause: err });
  }
}

/** nft reports a missing table as ENOENT: `Error: No such file or directory`. */
function isNoSuchObject(stderr: string): boolean {
  return /No such file or directory/.test(stderr);
}

/** nft's first `Error:` line; a JSON batch error has no source text to point at. */
function firstLine(stderr: string): string {
  const lines = stderr.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  return lines.find((l) => l.includes('Error:')) ?? lines[0] ?? 'no error output';
}
