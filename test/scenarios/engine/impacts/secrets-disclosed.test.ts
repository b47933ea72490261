import { describe, expect, it } from 'vitest';
import { secretsDisclosed } from '../../../../scenarios/engine/impacts/secrets-disclosed.ts';
import { runRecord } from '../run-record-fixture.ts';

describe('secrets-disclosed', () => {
  it('counts distinct Wi-Fi keys, logins and device credentials, a stolen pump once', () => {
    const record = runRecord();
    record.loot.secrets.push(
      { kind: 'wifi-psk', from: '127.10.0.10:2323' },
      { kind: 'wifi-psk', from: '127.10.0.10:2323' },
      { kind: 'wifi-psk', from: '127.10.0.11:2323' },
      { kind: 'device-key', from: 'PL00002' },
    );
    record.loot.credentials.push({ serial: 'PL00002', certificatePem: 'cert', keyPem: 'key' });
    const finding = secretsDisclosed(record);
    expect(finding).toMatchObject({
      observed: true,
      figures: { secrets: 3, wifiKeys: 2, logins: 0, deviceCredentials: 1 },
    });
    expect(finding.clinical).toBe('3 secrets the attacker can reuse: 2 Wi-Fi keys, 1 device credential.');
  });

  it('is not observed with empty loot', () => {
    expect(secretsDisclosed(runRecord())).toMatchObject({ observed: false, figures: { secrets: 0 } });
  });
});
