import type { Topology } from '../topology/topology.ts';

/**
 * The components that hold or act on patient care: the pumps, the pump server, the EHR and the
 * point-of-care workstations (the devices and clinical systems SP 1800-8 Vol B 4.2 segments away
 * from the enterprise network).
 */
export const clinicalComponents: readonly string[] = ['pump', 'pump-server', 'ehr', 'poc-workstation'];

/**
 * The clinical zones of `topology`: the zones that hold a clinical component. Derived from the
 * topology, so a trainer's topology that moves or renames zones keeps its clinical zones watched.
 *
 * @example clinicalZonesOf(readTopologyFile()) // pump-network, clinical-servers, clinical-systems
 */
export function clinicalZonesOf(topology: Topology): ReadonlySet<string> {
  return new Set(
    topology.components
      .filter((component) => clinicalComponents.includes(component.name))
      .map((component) => component.zone),
  );
}
