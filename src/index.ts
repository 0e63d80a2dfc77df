/**
 * virtnet's public API: the phases, the bindings and the pure building blocks
 * (names, DHCP codecs, libvirt XML), usable without the CLI.
 */
export * from './core/errors.js';
export type { Logger, LogLevel } from './core/log.js';
export { jsonLinesLogger, silentLogger } from './core/log.js';
export type * from './core/vmi.js';
export type * from './core/net-state.js';
export type * from './core/nft-types.js';
export { parseVmi, validateVmi } from './core/vmi-parse.js';
export * as names from './core/names.js';
export * as ip from './core/ip.js';
export { parseResolvConf } from './core/resolv-conf.js';
export type * from './libvirt/domain-interface.js';
export { toInterfaceXml, toHostdevXml, modelType } from './libvirt/interface-xml.js';

export type { BindingContext, PodNicFacts, PodNetworkPlan, PodNetworkInfraConfigurator } from '../bindings/configurator.js';
export { BridgeBinding } from '../bindings/bridge.js';

export { InterfaceCache } from '../cache/interface-cache.js';
export type { InterfaceCacheRecord, SetupState } from '../cache/records.js';

export * as dhcpV4 from '../dhcp/v4/index.js';
export { DhcpV4Server } from '../dhcp/v4/server.js';

export { NetnsHandle } from './drivers/netns.js';
export { NetlinkDriver } from './drivers/netlink.js';
export { readNetState } from './drivers/read-state.js';
export { applyNetSpec } from './drivers/apply-spec.js';

export { BindingRegistry, POD_NETWORK_INFRA_CONFIGURATOR } from './phases/registry.js';
export { runPhase1, type Phase1Options, type Phase1InterfaceResult } from './phases/phase1.js';
export { runTeardown, type TeardownOptions, type TeardownResult } from './phases/teardown.js';
export { startPhase2, dhcpServerConfig, type Phase2Options, type LauncherNetwork } from './phases/phase2.js';
export { runHandlerOp, type HandlerOpOptions, type HandlerSetupResult, type HandlerTeardownResult } from './phases/handler-ops.js';
export { HandlerServer, type HandlerServerOptions } from './cli/handler-server.js';
export { HandlerClient } from './cli/handler-client.js';
export { parseHandlerRequest, type HandlerTarget } from './core/handler-request.js';
