import { describe, expect, it } from 'vitest';
import { isPumplabError } from '../../../core/errors.ts';
import { parseTopology, readTopologyFile } from '../../../gateway/topology/topology.ts';

/** The `file:line:column message` problems a bad topology is rejected with. */
function problemsOf(text: string): string[] {
  try {
    parseTopology(text, 'topology.yaml');
  } catch (error) {
    if (isPumplabError(error, 'GATEWAY_TOPOLOGY_INVALID')) return error.details['problems'] as string[];
    throw error;
  }
  throw new Error('the topology was accepted');
}

const zoneA = `version: 1
zones:
  - name: pump-network
    range: 127.10.0.0/16
    gateway: 127.10.0.1
`;

describe('the topology file', () => {
  it('ships the seven zones of the design, each component placed by its address', () => {
    const topology = readTopologyFile();
    expect(topology.zones.map((zone) => zone.name)).toEqual([
      'pump-network',
      'clinical-servers',
      'clinical-systems',
      'enterprise',
      'biomed',
      'remote-access',
      'outside',
    ]);
    expect(topology.zoneOf('127.10.0.5')).toBe('pump-network');
    expect(topology.zoneOf('::ffff:127.40.9.9')).toBe('enterprise');
    expect(topology.zoneOf('127.99.0.1')).toBe('unknown');
    expect(topology.service('mqtt')).toMatchObject({
      port: 8883,
      zone: 'clinical-servers',
      address: '127.20.0.10',
    });
  });

  it('rejects an unknown zone at its line and column', () => {
    const text = `${zoneA}components:\n  - name: pump\n    zone: pump-net\n    address: 127.10.0.10\nservices: []\n`;
    expect(problemsOf(text)).toEqual(["topology.yaml:8:11 unknown zone 'pump-net'"]);
  });

  it('rejects YAML syntax errors, wrong types and unknown keys where they are', () => {
    expect(problemsOf('version: 1\nzones: [\n')[0]).toMatch(/^topology\.yaml:3:1 /);
    const typed = `${zoneA.replace('gateway: 127.10.0.1', 'gateway: 42')}components: []\nservices: []\ncolour: red\n`;
    expect(problemsOf(typed).map((problem) => problem.split(' ')[0])).toEqual([
      'topology.yaml:5:14',
      'topology.yaml:8:1',
    ]);
  });

  it('rejects ranges outside 127/8, overlapping zones, and addresses outside their zone', () => {
    const text = `${zoneA}  - name: biomed
    range: 10.0.0.0/8
    gateway: 10.0.0.1
  - name: enterprise
    range: 127.10.128.0/17
    gateway: 127.10.128.1
components:
  - { name: laptop, zone: enterprise, address: 127.40.0.10 }
services:
  - { name: rdp, protocol: tcp, port: 3389, component: nobody }
`;
    expect(problemsOf(text)).toEqual([
      "topology.yaml:7:12 range '10.0.0.0/8' is not a CIDR in 127.0.0.0/8",
      "topology.yaml:10:12 range overlaps zone 'pump-network'",
      'topology.yaml:13:48 127.40.0.10 is outside 127.10.128.0/17',
      "topology.yaml:15:56 unknown component 'nobody'",
    ]);
  });
});
