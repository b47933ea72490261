import { describe, expect, it } from 'vitest';
import type { DecisionRecord } from '../../../../gateway/enforcement/decision-log.ts';
import { rogueDeviceJoined } from '../../../../scenarios/engine/impacts/rogue-device-joined.ts';
import { minute, runRecord, t0 } from '../run-record-fixture.ts';

const attacker = '127.40.0.200';
const brokerFlow = (verdict: 'allow' | 'deny', fromZone = 'pump-network'): DecisionRecord => ({
  at: t0 + 2 * minute,
  fromAddress: attacker,
  fromZone,
  toZone: 'clinical-servers',
  service: 'mqtt',
  verdict,
  rule: { policy: 'flat', number: 1, line: 9, why: 'flat' },
});

describe('rogue-device-joined', () => {
  it('finds a serial in the inventory that was not in the ward at the start', () => {
    const record = runRecord({ after: { inventory: ['PL00001', 'PL09999'] } });
    expect(rogueDeviceJoined(record)).toMatchObject({ observed: true, figures: { unknownSerials: 1 } });
  });

  it("finds an admission of the attacker's address", () => {
    const record = runRecord({
      after: {
        admissions: [
          {
            at: t0 + 2 * minute,
            address: attacker,
            zone: 'pump-network',
            verdict: 'admitted',
            reason: 'valid-device-certificate',
          },
        ],
      },
    });
    expect(rogueDeviceJoined(record).figures).toMatchObject({ admissions: 1 });
  });

  it('finds a broker session from the pump network only when the broker did not refuse it', () => {
    const allowed = runRecord({ after: { decisions: [brokerFlow('allow')] } });
    allowed.attacker.address = attacker;
    expect(rogueDeviceJoined(allowed).figures).toMatchObject({ brokerSessions: 1 });
    const refused = runRecord({
      after: {
        decisions: [brokerFlow('allow')],
        securityEvents: [
          {
            at: t0 + 2 * minute,
            origin: 'pump-server-broker',
            kind: 'tls-failure',
            code: 'BROKER_TLS_HANDSHAKE_FAILED',
            address: attacker,
            detail: 'no certificate',
          },
        ],
      },
    });
    expect(rogueDeviceJoined(refused)).toMatchObject({ observed: false, figures: { brokerSessions: 0 } });
  });

  it('is not observed when the gateway denied the device', () => {
    const record = runRecord({ after: { decisions: [brokerFlow('deny', 'quarantine')] } });
    expect(rogueDeviceJoined(record).observed).toBe(false);
  });
});
