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
  const network = lab.network.kind === 'zoned' ? `\n\n${describeZones(lab)}` : '';
  return `the lab is running\n\n${table}${network}\n\nTry: ${example(lab)}\nStop with Ctrl-C (or SIGTERM).`;
}

/** The zoned lab's gateway: where each zone's services are reached from other zones, and its API. */
function describeZones(lab: LabDescription): string {
  const { network } = lab;
  const rows: [string, string, string][] = (network.gateway ?? []).map((endpoint) => [
    endpoint.service,
    endpoint.zone,
    `${endpoint.host}:${endpoint.port}`,
  ]);
  const table = formatTable(rows, [
    { header: 'THROUGH THE GATEWAY', value: ([service]) => service },
    { header: 'ZONE', value: ([, zone]) => zone },
    { header: 'GATEWAY ENDPOINT', value: ([, , where]) => where },
  ]);
  const admission = network.admission
    ? `, admission on ${network.admission.host}:${network.admission.port}`
    : '';
  return [
    `zones: each component on its own address; policy ${network.policy ?? '?'}${admission}`,
    table,
    `gateway API: ${network.api?.url ?? '-'} (decisions, alerts, policy; live: ${network.api?.stream ?? '-'})`,
  ].join('\n');
}

/** A first command to try: in a zoned lab, from the biomed workstation's address through the gateway. */
function example(lab: LabDescription): string {
  const rest = lab.network.gateway?.find((endpoint) => endpoint.service === 'rest');
  if (lab.network.kind !== 'zoned' || !rest) {
    return `curl --cacert ${lab.rootCertificate} ${lab.rest.url}/api/v1/pumps`;
  }
  return (
    `curl --interface 127.50.0.10 --cacert ${lab.rootCertificate} ` +
    `--resolve pump-server:${rest.port}:${rest.host} https://pump-server:${rest.port}/api/v1/pumps`
  );
}
