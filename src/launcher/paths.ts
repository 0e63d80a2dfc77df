/**
 * Paths in KubeVirt's virt-launcher pod, in a module of their own so the CLI
 * can show them as option defaults without loading the launcher.
 */

/** KubeVirt's virt-launcher writable run directory (`/var/run/kubevirt`, where libvirt's passt logs too). */
export const LAUNCHER_RUN_DIR = '/var/run/kubevirt';
