import { describe, expect, it } from 'vitest';
import { answerCode } from '../../../simulators/ehr/answer-code.ts';
import type { AcknowledgementPlan } from '../../../simulators/hl7/message/acknowledgement-plan.ts';
import { rule } from '../../../simulators/hl7/message/acknowledgement-plan.ts';

const enhanced = (accept: string, application: string): AcknowledgementPlan => ({
  mode: 'enhanced',
  accept: rule(accept),
  application: rule(application),
});
const original: AcknowledgementPlan = { mode: 'original', accept: rule('NE'), application: rule('AL') };
const outcomes = ['accepted', 'error', 'rejected'] as const;

describe('the code of the EHR answer (MSH-15/16)', () => {
  it.each([
    ['original mode', original, ['AA', 'AE', 'AR']],
    ['AL/NE, as IHE PCD sends', enhanced('AL', 'NE'), ['CA', 'CE', 'CR']],
    ['AL/AL', enhanced('AL', 'AL'), ['AA', 'AE', 'CR']],
    ['NE/AL', enhanced('NE', 'AL'), ['AA', 'AE', 'AR']],
    ['AL/ER', enhanced('AL', 'ER'), ['CA', 'AE', 'CR']],
  ] as const)('%s', (_name, plan, codes) => {
    expect(outcomes.map((outcome) => answerCode(plan, outcome))).toEqual(codes);
  });
});
