import type { LabDescription } from '../embedded/lab-description.ts';
import { formatTable } from './output.ts';

/** How fast lab time runs, in words. */
const clockWords = (speed: number): string =>
  speed === 1 ? 'real time' : `${speed}x real time (a lab hour every ${formatMinutes(60 / speed)})`;

const formatMinutes = (minutes: number): string =>
  minutes >= 1 ? `${Number(minutes.toFixed(1))} min` : `${Number((minutes * 60).toFixed(1))} s`;

/**
 * What `pumplab up` prints once the lab runs: where to reach it, what it runs and how to stop it.
 * @example process.stdout.write(describeRunningLab(lab.description))
 */
export function describeRunningLab(lab: LabDescription): string {
  const rows: [string, string][] = [
    ['MQTT', `${lab.mqtt.url}  (mutual TLS: present a lab certificate, trust the lab root)`],
    ['REST', `${lab.rest.url}/api/v1  (HTTPS, lab root)`],
    ['OpenAPI', lab.rest.openapi],
    ['HL7', `${lab.hl7.url}  (pump server: ADT in, PCD-03 orders in; MLLP over mutual TLS)`],
    ['EHR HL7', `${lab.ehr.hl7.url}  (PCD-01 observations and PCD-04 alarms in)`],
    ['EHR REST', `${lab.ehr.rest.url}/api/v1  (HTTPS, mutual TLS: census, charts, orders)`],
    ['EHR OpenAPI', lab.ehr.rest.openapi],
    ['POC', `${lab.pointOfCare.identity}  (point-of-care workstation: EHR REST, PCD-03 to the pump server)`],
    ['pumps', `${lab.pumps}, ${lab.infusing} infusing (seed ${lab.seed})`],
    ['clock', clockWords(lab.clockSpeed)],
    ['events', lab.eventStore],
  ];
  const table = formatTable(rows, [
    { header: 'SERVICE', value: ([name]) => name },
    { header: 'WHERE', value: ([, where]) => where },
  ]);
  const example = `curl --cacert ${lab.rootCertificate} ${lab.rest.url}/api/v1/pumps`;
  return `the lab is running\n\n${table}\n\nTry: ${example}\nStop with Ctrl-C (or SIGTERM).`;
}
