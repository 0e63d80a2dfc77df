import t from 'tap';
import { DHCP_SETTINGS_ANNOTATION, dhcpSettingsFor } from '../../src/core/dhcp-settings.js';
import { VmiValidationError, validateVmi } from '../../src/core/vmi-parse.js';

function manifest(annotation?: string): object {
  return {
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachineInstance',
    metadata: {
      name: 'vm',
      uid: '0c8f3d0e-5b7a-4c1e-9a55-3f1d2b6c7e80',
      ...(annotation !== undefined ? { annotations: { [DHCP_SETTINGS_ANNOTATION]: annotation } } : {}),
    },
    spec: {
      domain: { devices: { interfaces: [{ name: 'default', masquerade: {} }, { name: 'blue', bridge: {} }] } },
      networks: [{ name: 'default', pod: {} }, { name: 'blue', multus: { networkName: 'blue-net' } }],
    },
  };
}

function issuesOf(annotation: string): { path: string; message: string }[] {
  try {
    validateVmi(manifest(annotation), 'vmi.yaml');
  } catch (err) {
    if (err instanceof VmiValidationError) return [...err.issues];
    throw err;
  }
  return [];
}

const POINTER = '/metadata/annotations/virtnet.io~1dhcp';

t.test('settings per interface, {} for interfaces not named and without the annotation', async (t) => {
  const vmi = validateVmi(manifest('{"default": {"leaseSeconds": 3600}, "blue": {"disabled": true}}'), 'vmi.yaml');
  t.same(dhcpSettingsFor(vmi, 'default'), { leaseSeconds: 3600 });
  t.same(dhcpSettingsFor(vmi, 'blue'), { disabled: true });
  t.same(dhcpSettingsFor(validateVmi(manifest('{"blue": {"disabled": true}}'), 'vmi.yaml'), 'default'), {});
  t.same(dhcpSettingsFor(validateVmi(manifest(), 'vmi.yaml'), 'default'), {});
});

t.test('an annotation that is not JSON is refused at its JSON pointer', async (t) => {
  t.match(issuesOf('default: off'), [{ path: POINTER, message: /expected a JSON object/ }]);
});

t.test('unknown fields, wrong types and out-of-range leases are refused with their path', async (t) => {
  t.match(issuesOf('{"default": {"enabled": false}}'), [{ path: `${POINTER}/default`, message: /additional properties/ }]);
  t.match(issuesOf('{"default": {"disabled": "yes"}}'), [{ path: `${POINTER}/default/disabled`, message: /boolean/ }]);
  t.match(issuesOf('{"default": {"leaseSeconds": 10}}'), [{ path: `${POINTER}/default/leaseSeconds`, message: />= 60/ }]);
  t.match(issuesOf('{"default": {"leaseSeconds": 4294967295}}'), [{ path: `${POINTER}/default/leaseSeconds` }]);
  t.match(issuesOf('[]'), [{ path: POINTER, message: /object/ }]);
});

t.test('a name that is not an interface of the VMI is refused, so a typo cannot silently leave DHCP on', async (t) => {
  t.same(issuesOf('{"defualt": {"disabled": true}}'), [{ path: `${POINTER}/defualt`, message: 'invalid value: the VMI has no interface "defualt"' }]);
  t.same(issuesOf('{"default": {"disabled": true}}'), [], 'negative control: a real interface name passes');
});
