/**
 * The binding strategies, selected by binding kind through an inversify
 * container. Adding a binding = its file in bindings/ + one `bind` line here.
 * Constant values suffice: strategies are stateless and take no dependencies,
 * so no decorators or reflect-metadata are needed.
 */
import { Container } from 'inversify';
import { VirtnetError } from '../core/errors.js';
import type { BindingKind } from '../core/vmi.js';
import type { PodNetworkInfraConfigurator } from '../../bindings/configurator.js';
import { BridgeBinding } from '../../bindings/bridge.js';
import { MasqueradeBinding } from '../../bindings/masquerade.js';
import { PasstBinding } from '../../bindings/passt.js';
import { MacvtapBinding } from '../../bindings/macvtap.js';

export const POD_NETWORK_INFRA_CONFIGURATOR = Symbol.for('virtnet.PodNetworkInfraConfigurator');

export class BindingRegistry {
  readonly #container: Container;
  /**
   * Strategies already resolved: inversify plans every get() anew, and constants never change.
   * Registries on the default container (never rebound) share one map, so a handler that makes
   * a registry per VM resolves each binding once per process.
   */
  readonly #resolved: Map<BindingKind, PodNetworkInfraConfigurator>;

  constructor(container?: Container) {
    this.#container = container ?? sharedDefaultContainer();
    this.#resolved = container === undefined ? defaultResolved : new Map();
  }

  has(kind: BindingKind): boolean {
    return this.#resolved.has(kind) || this.#container.isBound(POD_NETWORK_INFRA_CONFIGURATOR, { name: kind });
  }

  get(kind: BindingKind): PodNetworkInfraConfigurator {
    const known = this.#resolved.get(kind);
    if (known !== undefined) return known;
    if (!this.has(kind)) {
      throw new VirtnetError('VIRTNET_VALIDATION', `failed to find binding "${kind}": not implemented by virtnet`);
    }
    const strategy = this.#container.get<PodNetworkInfraConfigurator>(POD_NETWORK_INFRA_CONFIGURATOR, { name: kind });
    this.#resolved.set(kind, strategy);
    return strategy;
  }
}

let defaultContainer: Container | undefined;
const defaultResolved = new Map<BindingKind, PodNetworkInfraConfigurator>();

/** Built once per process: the strategies are stateless, so every default registry can share them. */
function sharedDefaultContainer(): Container {
  defaultContainer ??= buildDefaultContainer();
  return defaultContainer;
}

function buildDefaultContainer(): Container {
  const container = new Container();
  const bind = (strategy: PodNetworkInfraConfigurator): void => {
    container.bind<PodNetworkInfraConfigurator>(POD_NETWORK_INFRA_CONFIGURATOR).toConstantValue(strategy).whenNamed(strategy.kind);
  };
  bind(new BridgeBinding());
  bind(new MasqueradeBinding());
  bind(new PasstBinding());
  bind(new MacvtapBinding());
  return container;
}
