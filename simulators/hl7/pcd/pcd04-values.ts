/**
 * Enumerated values of the [PCD-04] alert facets (IHE PCD TF-2 Rev 8.0 Table B.8.5-1 and Table
 * B.8.5-3, the ISO 60601-1-8 mapping).
 */

/** MDC_ATTR_EVENT_PHASE values (Table B.8.5-3). */
export const alertPhases = [
  'tpoint',
  'start',
  'start_only',
  'continue',
  'end',
  'present',
  'update',
  'escalate',
  'inactivate',
  'acknowledged',
] as const;
export type AlertPhase = (typeof alertPhases)[number];

/** MDC_ATTR_ALARM_STATE values (Table B.8.5-1 facet 4). */
export const alarmStates = ['inactive', 'active', 'latched'] as const;
export type AlarmState = (typeof alarmStates)[number];

/** MDC_ATTR_ALARM_INACTIVATION_STATE values (Table B.8.5-3). */
export const inactivationStates = [
  'enabled',
  'audio-paused',
  'audio-off',
  'alarm-paused',
  'alarm-off',
  'alert-acknowledged',
] as const;
export type InactivationState = (typeof inactivationStates)[number];

/** MDC_ATTR_ALARM_PRIORITY values (Table B.8.5-1 facet 6): high, medium, low, not indicated. */
export const alarmPriorities = ['PH', 'PM', 'PL', 'PN'] as const;
export type AlarmPriority = (typeof alarmPriorities)[number];

/** MDC_ATTR_ALERT_TYPE values (facet 7): physiological alarm, technical alarm, advisory. */
export const alertTypes = ['SP', 'ST', 'SA'] as const;
export type AlertType = (typeof alertTypes)[number];
