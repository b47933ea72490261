import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../core/clock.ts';
import { AdmissionTable, quarantineZone } from '../../../gateway/admission/admission-table.ts';

const newTable = (): AdmissionTable => new AdmissionTable('pump-network', new ManualClock(1_000));

describe('admission table', () => {
  it('classifies an unadmitted pump-network address as quarantine and an admitted one as pump-network', () => {
    const table = newTable();
    table.admit('127.10.0.57', 'PL00001');
    expect(table.classify('127.10.0.57', 'pump-network')).toBe('pump-network');
    expect(table.classify('127.10.0.58', 'pump-network')).toBe(quarantineZone);
    expect(table.classify(undefined, 'pump-network')).toBe(quarantineZone);
  });

  it('leaves addresses of other zones in their own zone', () => {
    expect(newTable().classify('127.40.0.9', 'enterprise')).toBe('enterprise');
  });

  it('moves an identity admitted again from a new address, and reports the old entry', () => {
    const table = newTable();
    table.admit('127.10.0.57', 'PL00001');
    const displaced = table.admit('127.10.0.60', 'PL00001');
    expect(displaced).toEqual([expect.objectContaining({ address: '127.10.0.57', identity: 'PL00001' })]);
    expect(table.isAdmitted('127.10.0.57')).toBe(false);
    expect(table.list()).toEqual([{ address: '127.10.0.60', identity: 'PL00001', since: 1_000 }]);
  });

  it('displaces the identity that held an address when another is admitted there', () => {
    const table = newTable();
    table.admit('127.10.0.57', 'PL00001');
    expect(table.admit('127.10.0.57', 'PL00002')).toEqual([expect.objectContaining({ identity: 'PL00001' })]);
    expect(table.evict('PL00001')).toBeUndefined();
    expect(table.entry('127.10.0.57')?.identity).toBe('PL00002');
  });

  it('reports nothing displaced when the same identity is admitted again at the same address', () => {
    const table = newTable();
    table.admit('127.10.0.57', 'PL00001');
    expect(table.admit('127.10.0.57', 'PL00001')).toEqual([]);
    expect(table.list()).toHaveLength(1);
  });

  it('evicts by address or by identity', () => {
    const table = newTable();
    table.admit('127.10.0.57', 'PL00001');
    table.admit('127.10.0.58', 'PL00002');
    expect(table.evict('127.10.0.57')?.identity).toBe('PL00001');
    expect(table.evict('PL00002')?.address).toBe('127.10.0.58');
    expect(table.list()).toEqual([]);
    expect(table.evict('PL00003')).toBeUndefined();
  });

  it('treats an IPv4-mapped IPv6 address as the same address', () => {
    const table = newTable();
    table.admit('::ffff:127.10.0.57', 'PL00001');
    expect(table.isAdmitted('127.10.0.57')).toBe(true);
    expect(table.classify('::ffff:127.10.0.57', 'pump-network')).toBe('pump-network');
  });
});
