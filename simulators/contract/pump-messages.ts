import { z } from 'zod';

/**
 * Payloads a pump publishes (JSON, UTF-8). Every one carries the envelope: the pump's serial, its
 * boot identifier and a sequence number that rises by one per message within a boot. The server
 * stores each (serial, boot, seq) once, so a QoS 1 redelivery or a resend after reconnect is never
 * counted twice (MQTT 3.1.1 4.3.2: QoS 1 is "at least once").
 */
const serial = z.string().regex(/^[A-Za-z0-9-]{1,32}$/);
const envelope = {
  serial,
  boot: z.string().regex(/^[0-9a-f]{8}$/),
  seq: z.number().int().nonnegative(),
  /** Lab-clock time the pump produced the message. */
  sentAt: z.iso.datetime(),
};

export const deliveryStates = [
  'standby',
  'programming',
  'infusing',
  'paused',
  'kvo',
  'complete',
  'alarm',
] as const;
export type DeliveryState = (typeof deliveryStates)[number];

export const alarmCodes = [
  'occlusion',
  'air-in-line',
  'battery-low',
  'communication-lost',
  'infusion-complete',
] as const;
export type AlarmCode = (typeof alarmCodes)[number];

/** The infusion a pump is running or last ran; patientId is PHI and travels only inside TLS. */
export const infusionSchema = z.object({
  infusionId: z.string().min(1).max(64),
  patientId: z.string().max(64).optional(),
  drugId: z.string(),
  drugName: z.string(),
  concentration: z.object({ amount: z.number().positive(), unit: z.string() }),
  /** mL/h. */
  rate: z.number().nonnegative(),
  doseRate: z.object({ value: z.number().nonnegative(), unit: z.string() }).optional(),
  /** Volume to be infused, mL. */
  vtbi: z.number().positive(),
  /** Volume infused so far, mL, integrated over the lab clock. */
  volumeInfused: z.number().nonnegative(),
  startedAt: z.iso.datetime().optional(),
});
export type Infusion = z.infer<typeof infusionSchema>;

export const statusSchema = z.object({
  ...envelope,
  model: z.string(),
  firmware: z.string(),
  libraryVersion: z.string().nullable(),
  careArea: z.string(),
  state: z.enum(deliveryStates),
  alarms: z.array(z.enum(alarmCodes)),
  batteryPercent: z.number().min(0).max(100),
  infusion: infusionSchema.nullable(),
});
export type StatusMessage = z.infer<typeof statusSchema>;

export const eventTypes = [
  'infusion-programmed',
  'infusion-started',
  'infusion-paused',
  'infusion-resumed',
  'infusion-stopped',
  'infusion-completed',
  'kvo-started',
  'alarm-raised',
  'alarm-cleared',
  'limit-override',
  'library-installed',
  'library-rejected',
  'firmware-installed',
  'firmware-rejected',
  'buffer-overflow',
] as const;
export type EventType = (typeof eventTypes)[number];

export const eventSchema = z.object({
  ...envelope,
  type: z.enum(eventTypes),
  state: z.enum(deliveryStates),
  infusion: infusionSchema.nullable(),
  alarm: z.enum(alarmCodes).optional(),
  /** Free detail: a rejection reason code, a version, a count of dropped messages. */
  detail: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
});
export type EventMessage = z.infer<typeof eventSchema>;

export const commandResultSchema = z.object({
  ...envelope,
  commandId: z.string().min(1).max(64),
  outcome: z.enum(['accepted', 'rejected']),
  /** A stable reason code when rejected, e.g. PUMP_HARD_LIMIT, PUMP_BUSY, PUMP_SIGNATURE_INVALID. */
  reason: z.string().optional(),
  /** What a soft-limit or dose check found, for the PCD-03 application acknowledgement. */
  detail: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
});
export type CommandResultMessage = z.infer<typeof commandResultSchema>;

export const presenceSchema = z.object({
  serial,
  online: z.boolean(),
  /** Absent in a last will: the broker publishes it when the pump is already gone. */
  at: z.iso.datetime().optional(),
});
export type PresenceMessage = z.infer<typeof presenceSchema>;
