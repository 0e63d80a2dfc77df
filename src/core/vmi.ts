/**
 * The subset of KubeVirt's `VirtualMachineInstance` (kubevirt.io/v1) that VM
 * networking reads. Field names are KubeVirt's, unchanged, so users hand us the
 * manifests they already write. Validation lives in vmi-schema.ts / parseVmi().
 */

export type BindingKind = 'bridge' | 'masquerade' | 'passt' | 'sriov' | 'macvtap';

export interface VmiPort {
  name?: string;
  port: number;
  /** `TCP` (default) or `UDP`, any case. */
  protocol?: string;
}

export interface VmiDhcpPrivateOption {
  option: number;
  value: string;
}

export interface VmiDhcpOptions {
  bootFileName?: string;
  tftpServerName?: string;
  ntpServers?: string[];
  privateOptions?: VmiDhcpPrivateOption[];
}

export interface VmiInterface {
  name: string;
  bridge?: Record<string, never>;
  masquerade?: Record<string, never>;
  passt?: Record<string, never>;
  passtBinding?: Record<string, never>;
  sriov?: Record<string, never>;
  macvtap?: Record<string, never>;
  /** Binding plugin by name (KubeVirt v1.1+); not implemented by virtnet. */
  binding?: { name: string };
  macAddress?: string;
  model?: string;
  bootOrder?: number;
  pciAddress?: string;
  acpiIndex?: number;
  ports?: VmiPort[];
  dhcpOptions?: VmiDhcpOptions;
  tag?: string;
  /** `up`, `down` or `absent` (HEAD). */
  state?: 'up' | 'down' | 'absent';
}

export interface VmiNetwork {
  name: string;
  pod?: { vmNetworkCIDR?: string; vmIPv6NetworkCIDR?: string };
  multus?: { networkName: string; default?: boolean };
}

export interface VmiCpu {
  sockets?: number;
  cores?: number;
  threads?: number;
}

export interface VirtualMachineInstance {
  apiVersion: string;
  kind: 'VirtualMachineInstance';
  metadata: {
    name: string;
    namespace?: string;
    uid: string;
    annotations?: Record<string, string>;
    [k: string]: unknown;
  };
  spec: {
    domain: {
      cpu?: VmiCpu;
      devices: {
        interfaces?: VmiInterface[];
        networkInterfaceMultiqueue?: boolean;
        [k: string]: unknown;
      };
      [k: string]: unknown;
    };
    networks?: VmiNetwork[];
    subdomain?: string;
    hostname?: string;
    [k: string]: unknown;
  };
  status?: {
    runtimeUser?: number;
    migrationTransport?: string;
    interfaces?: { name?: string; mac?: string; podInterfaceName?: string; queueCount?: number }[];
    [k: string]: unknown;
  };
}
