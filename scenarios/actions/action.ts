import type { z } from 'zod';
import type { LabUnderTest } from '../engine/lab-under-test.ts';
import type { Loot } from './loot.ts';

/**
 * One real attack action a scenario step calls by name: a real client on a real socket (or the
 * lab's physical access), from the attacker's address. An action reports what it tried and what it
 * saw from the client's side; the engine decides the outcome from the lab's observations.
 */
export interface Action<Params extends z.ZodType = z.ZodType> {
  name: string;
  /** One line for the catalog reference. */
  summary: string;
  /** The step's `with:` block; a scenario file is validated against it when loaded. */
  params: Params;
  run(context: AttackContext, params: z.infer<Params>): Promise<StepReport>;
}

/** Where the attacker is and what it holds, shared by a scenario's steps in order. */
export interface AttackContext {
  lab: LabUnderTest;
  attacker: { zone: string; address: string };
  /** What the attacker obtained so far; later steps use it. */
  loot: Loot;
  /** Throws LAB_TARGET_OUTSIDE for an address outside the lab: no action can touch a real network. */
  assertInLab(host: string): void;
}

/** What the attacker's client saw. `blocked`: it tried and could not (the engine finds out why). */
export interface StepReport {
  status: 'done' | 'blocked';
  /** One sentence for the trainer, no patient data. */
  summary: string;
  /** What the client saw: error codes, TLS alerts, CONNACK codes, shell replies (never patient data). */
  evidence: ClientEvidence[];
}

export interface ClientEvidence {
  /** `socket`, `tls`, `mqtt`, `hl7`, `maintenance`, `media`, `https`, `admission`. */
  channel: string;
  /** A stable code: an errno (ECONNRESET), a TLS alert, `CONNACK-5`, an HL7 ACK code, a lab error code. */
  code: string;
  /** The target it concerns. */
  target?: string;
  line: string;
}
