import type { InfusionOrder } from '../../../simulators/ehr/infusion-order.ts';
import type { Patient } from '../../../simulators/ehr/patient.ts';

/** When the orders are due; tests run the lab clock at `due + 10 min` unless they say otherwise. */
export const due = Date.UTC(2026, 0, 5, 8, 0, 0);
export const dueIso = new Date(due).toISOString();

export const patient: Patient = {
  mrn: 'MRN100004',
  family: 'Rivera',
  given: 'Ana',
  birthDate: '1958-03-14',
  sex: 'F',
  weightKg: 72.5,
  allergies: ['penicillin'],
  careArea: 'icu',
  location: { unit: 'ICU', room: '101', bed: 'A' },
  admitted: true,
};

/** Heparin by dose rate (units/h), 100 units/mL, from the sample drug library. */
export const heparinOrder: InfusionOrder = {
  orderId: 'ORD5000',
  mrn: patient.mrn,
  drugId: 'heparin',
  drugName: 'Heparin 25,000 units / 250 mL',
  dose: { kind: 'dose-rate', value: 1200, unit: 'units/h' },
  concentration: { amount: 100, unit: 'units' },
  vtbiMl: 250,
  route: 'IV',
  dueAt: dueIso,
  status: 'active',
};

/** Normal saline by rate (mL/h). */
export const salineOrder: InfusionOrder = {
  orderId: 'ORD5001',
  mrn: patient.mrn,
  drugId: 'normal-saline',
  drugName: 'Sodium chloride 0.9%',
  dose: { kind: 'rate', mlPerHour: 125 },
  concentration: { amount: 9, unit: 'mg' },
  vtbiMl: 1000,
  route: 'IV',
  dueAt: dueIso,
  status: 'active',
};

/** Propofol by a weight-based dose rate (mcg/kg/min): the weight OBX matters. */
export const propofolOrder: InfusionOrder = {
  orderId: 'ORD5002',
  mrn: patient.mrn,
  drugId: 'propofol',
  drugName: 'Propofol 10 mg/mL',
  dose: { kind: 'dose-rate', value: 25, unit: 'mcg/kg/min' },
  concentration: { amount: 10, unit: 'mg' },
  vtbiMl: 100,
  route: 'IV',
  dueAt: dueIso,
  status: 'active',
};

export const wristband = 'WB|MRN100004';
export const heparinLabel = 'RX|ORD5000|heparin|100 units/mL';
export const salineLabel = 'RX|ORD5001|normal-saline|9 mg/mL';
export const propofolLabel = 'RX|ORD5002|propofol|10 mg/mL';
export const pumpLabel = 'PUMP|PL00001';
