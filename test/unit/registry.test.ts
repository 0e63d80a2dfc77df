// The binding registry: default strategies, a caller's own container, unknown bindings.
import { Container } from 'inversify';
import t from 'tap';
import { BridgeBinding } from '../../bindings/bridge.js';
import type { PodNetworkInfraConfigurator } from '../../bindings/configurator.js';
import { BindingRegistry, POD_NETWORK_INFRA_CONFIGURATOR } from '../../src/phases/registry.js';

t.test('default registries resolve every binding, the same strategy each time', async (t) => {
  for (const kind of ['bridge', 'masquerade', 'passt', 'macvtap'] as const) {
    const strategy = new BindingRegistry().get(kind);
    t.equal(strategy.kind, kind);
    t.equal(new BindingRegistry().get(kind), strategy, `${kind}: resolved once per process`);
  }
});

t.test("a registry on the caller's container uses its bindings, not the default ones", async (t) => {
  const defaultBridge = new BindingRegistry().get('bridge');
  const own = new (class extends BridgeBinding {})();
  const container = new Container();
  container.bind<PodNetworkInfraConfigurator>(POD_NETWORK_INFRA_CONFIGURATOR).toConstantValue(own).whenNamed('bridge');
  const registry = new BindingRegistry(container);
  t.equal(registry.get('bridge'), own);
  t.not(registry.get('bridge'), defaultBridge, 'negative control: the two strategies differ');
  t.throws(() => registry.get('masquerade'), { code: 'VIRTNET_VALIDATION', message: /failed to find binding "masquerade"/ }, 'only what it binds');
  t.equal(new BindingRegistry().get('bridge'), defaultBridge, 'and the default registries are unaffected');
});
