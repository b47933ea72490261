/**
 * The EHR under test, run in its own process (`node --import tsx ehr-target.ts <stateDir>`): starts
 * the lab EHR with mutual TLS and CRL checks on (its defaults), admits every patient, and tells the
 * parent over IPC where its HL7 listener is and who is admitted; answers 'cpu' with its CPU time and
 * stops on any other message.
 */
import { Ehr } from '../../simulators/ehr/ehr.ts';
import { sampleDrugLibrary } from '../../simulators/pump/sample-drug-library.ts';
import type { Patient } from '../../simulators/ehr/patient.ts';

/** What the child tells its parent once it listens. */
export interface EhrTargetReady {
  port: number;
  patients: Pick<Patient, 'mrn' | 'family' | 'given' | 'location'>[];
}

const stateDir = process.argv[2];
if (stateDir === undefined) throw new Error('usage: ehr-target.ts <stateDir>');
const ehr = new Ehr({ stateDir, library: sampleDrugLibrary, patients: 50, seed: 4 });
const at = await ehr.start({ host: '127.0.0.1', hl7Port: 0, restPort: 0 });
for (const patient of ehr.patients()) await ehr.admit(patient.mrn);
const ready: EhrTargetReady = {
  port: at.hl7.port,
  patients: ehr.patients({ admitted: true }).map(({ mrn, family, given, location }) => ({
    mrn,
    family,
    given,
    location,
  })),
};
process.send?.(ready);
process.on('message', (message) => {
  // 'cpu': the listener's CPU time so far (µs), so the parent can report CPU per message, which
  // contention on a shared machine skews far less than wall-clock throughput.
  if (message === 'cpu') process.send?.({ cpu: process.cpuUsage() });
  else void ehr.close().then(() => process.exit(0));
});
