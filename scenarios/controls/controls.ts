/**
 * The defenses SP 1800-8 builds (Vol B section 4, the reference architecture), each one switch of
 * the running lab. A control names the real configuration it changes; `lab-settings.ts` turns a
 * set of controls into that configuration.
 */
export const controlIds = [
  'segmentation',
  'device-admission',
  'mutual-tls',
  'broker-authorization',
  'signed-libraries',
  'signed-firmware',
  'patched-firmware',
  'default-credentials-removed',
  'encryption-at-rest',
  'revocation-checks',
  'rate-limits',
  'monitoring',
] as const;
export type ControlId = (typeof controlIds)[number];

/** One defense, as a trainer reads it. */
export interface Control {
  id: ControlId;
  title: string;
  /** Where SP 1800-8 builds it. */
  reference: string;
  /** The configuration of the running lab it changes. */
  configures: string;
  /**
   * What it costs the hospital to run, in points on one scale (a student's budget, issue 7):
   * 1 a setting, 2 a project, 3 a programme with ongoing staff time.
   */
  cost: 1 | 2 | 3;
}

export const controls: readonly Control[] = [
  {
    id: 'segmentation',
    title: 'Network segmentation',
    reference: 'SP 1800-8 Vol B 4.2 (zones, firewall between them)',
    configures: 'the gateway enforces segmented.yaml instead of flat.yaml',
    cost: 2,
  },
  {
    id: 'device-admission',
    title: 'Device admission (802.1X/EAP-TLS-like)',
    reference: 'SP 1800-8 Vol B 4.4 (certificate-based network access)',
    configures: 'the gateway admits a pump-network address only after a valid, unrevoked device certificate',
    cost: 2,
  },
  {
    id: 'mutual-tls',
    title: 'Mutual TLS',
    reference: 'SP 1800-8 Vol B 4.5 (device and server authentication)',
    configures:
      'the broker, both HL7 listeners and the pump server REST API require a client certificate from the lab CA',
    cost: 2,
  },
  {
    id: 'broker-authorization',
    title: 'Broker topic authorization',
    reference: 'SP 1800-8 Vol B 4.5 (least privilege)',
    configures: 'the broker lets a pump publish only under its own serial and read only its own commands',
    cost: 1,
  },
  {
    id: 'signed-libraries',
    title: 'Signed drug libraries',
    reference: 'SP 1800-8 Vol B 4.6 (software and data integrity)',
    configures: 'every pump refuses a drug library without a valid lab code-signing signature',
    cost: 1,
  },
  {
    id: 'signed-firmware',
    title: 'Signed firmware',
    reference: 'SP 1800-8 Vol B 4.6 (software and data integrity)',
    configures: 'every pump refuses a firmware image without a valid lab code-signing signature',
    cost: 1,
  },
  {
    id: 'patched-firmware',
    title: 'Patched firmware',
    reference: 'SP 1800-8 Vol B 4.7 (vulnerability and patch management)',
    configures: 'every pump runs 4.2.1 instead of the ward mix of 2.4.0, 3.1.0 and 4.2.1',
    cost: 3,
  },
  {
    id: 'default-credentials-removed',
    title: 'Default credentials removed',
    reference: 'SP 1800-8 Vol B 4.3 (identity and access management)',
    configures: 'each maintenance console gets its own random login instead of the factory biomed/biomed',
    cost: 1,
  },
  {
    id: 'encryption-at-rest',
    title: 'Encryption at rest',
    reference: 'SP 1800-8 Vol B 4.5 (data protection)',
    configures: 'every pump seals its patient history and Wi-Fi key in its local store',
    cost: 1,
  },
  {
    id: 'revocation-checks',
    title: 'Certificate revocation checks',
    reference: 'SP 1800-8 Vol B 4.4 (PKI, CRL)',
    configures: 'the broker, the HL7 listeners and admission check client certificates against the CRLs',
    cost: 1,
  },
  {
    id: 'rate-limits',
    title: 'Connection rate limits',
    reference: 'SP 1800-8 Vol B 4.2 (firewall), availability',
    configures: 'the gateway refuses a source that opens connections faster than its rate allows',
    cost: 1,
  },
  {
    id: 'monitoring',
    title: 'Monitoring and anomaly detection',
    reference: 'SP 1800-8 Vol B 4.8 (security monitoring)',
    configures: 'the monitor watches gateway decisions and security events and raises alerts',
    cost: 3,
  },
];

/** The control with `id`. */
export const controlOf = (id: ControlId): Control => controls.find((control) => control.id === id)!;

/** Narrows a string to a control id. */
export const isControlId = (value: string): value is ControlId =>
  (controlIds as readonly string[]).includes(value);
