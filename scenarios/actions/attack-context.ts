import net from 'node:net';
import { PumplabError } from '../../core/errors.ts';
import type { LabUnderTest } from '../engine/lab-under-test.ts';
import type { AttackContext } from './action.ts';
import { emptyLoot } from './loot.ts';

/**
 * The context a scenario's steps share: the attacker sits on a spare address of `zone`, holds
 * nothing yet, and may touch only the lab. `assertInLab` is the one gate every action passes before
 * it dials: safe by construction, a training run can never scan or attack a real network.
 *
 * @example const context = createAttackContext(lab, 'enterprise'); await actionNamed('scan').run(context, params);
 */
export function createAttackContext(lab: LabUnderTest, zone: string): AttackContext {
  return {
    lab,
    attacker: { zone, address: lab.spareAddress(zone) },
    loot: emptyLoot(),
    assertInLab: (host) => assertLabAddress(lab, host),
  };
}

/**
 * Refuses any target that is not a literal address of the lab. A host name is refused too, never
 * resolved: DNS could send it anywhere, and the lab's endpoints are all addresses.
 *
 * @throws PumplabError when `host` is a name or an address outside the lab
 */
export function assertLabAddress(lab: Pick<LabUnderTest, 'inLab'>, host: string): void {
  if (net.isIP(host) !== 0 && lab.inLab(host)) return;
  throw new PumplabError('LAB_TARGET_OUTSIDE', `Refusing ${host}: attack actions only touch the lab.`, {
    host,
    problems: [`target ${host} is not an address of the lab`],
  });
}
