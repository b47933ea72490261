/**
 * The one catalogue of pumplab errors. Every error the lab raises carries a stable code from here;
 * tests assert codes, never message text. `hint` says what the user can do about it.
 */
export const errorCatalogue = {
  // Configuration and input
  INPUT_INVALID: { status: 400, hint: 'Check the value against the command help or the schema.' },
  INPUT_FILE_UNREADABLE: { status: 400, hint: 'Check the path and that you may read the file.' },
  // The lab (lab/embedded)
  LAB_PORT_IN_USE: {
    status: 409,
    hint: 'Stop what listens there, or pick another port (--mqtt-port, --rest-port; 0 picks a free one).',
  },
  // PKI store
  PKI_STORE_NOT_INITIALISED: { status: 404, hint: 'Run `pumplab pki init --dir DIR` first.' },
  PKI_STORE_ALREADY_INITIALISED: { status: 409, hint: 'Use the existing PKI, or choose another --dir.' },
  PKI_STORE_CORRUPT: {
    status: 500,
    hint: 'Restore the file from a backup or re-create the PKI in a new --dir.',
  },
  PKI_STORE_PERMISSIONS: {
    status: 500,
    hint: 'Private keys must be readable by their owner only (mode 0600).',
  },
  // PKI issuance and lookup
  PKI_UNKNOWN_SERIAL: { status: 404, hint: 'List certificates with `pumplab pki list`.' },
  PKI_UNKNOWN_NAME: { status: 404, hint: 'List certificates with `pumplab pki list`.' },
  PKI_DUPLICATE_NAME: { status: 409, hint: 'Pick another name, or renew the existing certificate.' },
  PKI_ALREADY_REVOKED: { status: 409, hint: 'A revoked certificate stays revoked; issue a new one.' },
  PKI_NOT_A_CA: { status: 400, hint: 'Only the lab CAs issue certificates and CRLs.' },
  // Certificate path validation (RFC 5280 section 6)
  PKI_CERT_UNTRUSTED: { status: 403, hint: 'The certificate does not chain to the lab root.' },
  PKI_CERT_EXPIRED: { status: 403, hint: 'Renew the certificate.' },
  PKI_CERT_NOT_YET_VALID: { status: 403, hint: 'Check the clocks, or wait until notBefore.' },
  PKI_CERT_REVOKED: { status: 403, hint: 'Issue a new certificate to the device.' },
  PKI_CERT_WRONG_USAGE: { status: 403, hint: 'The certificate lacks the key usage this purpose needs.' },
  PKI_CRL_INVALID: { status: 500, hint: 'Publish a fresh CRL with `pumplab pki crl`.' },
  // Code signing (CMS, RFC 5652)
  PKI_SIGNATURE_MALFORMED: { status: 400, hint: 'The signature file is not a DER or PEM CMS SignedData.' },
  PKI_SIGNATURE_INVALID: {
    status: 403,
    hint: 'The content was changed after signing, or the signature is forged.',
  },
  // REST API of the pump server (RFC 9457 problem details)
  REST_ROUTE_NOT_FOUND: { status: 404, hint: 'GET /api/v1/openapi.json lists every route.' },
  REST_METHOD_NOT_ALLOWED: { status: 405, hint: 'The Allow header lists the methods this route takes.' },
  REST_MALFORMED_JSON: { status: 400, hint: 'Send a well-formed JSON body.' },
  REST_BODY_TOO_LARGE: { status: 413, hint: 'Bodies are capped at 2 MiB.' },
  REST_UNSUPPORTED_MEDIA_TYPE: { status: 415, hint: 'Send the body as application/json.' },
  REST_PUMP_NOT_FOUND: { status: 404, hint: 'GET /api/v1/pumps lists the pumps the server knows.' },
  REST_INFUSION_NOT_FOUND: { status: 404, hint: 'Infusion ids come from the events of a pump.' },
  REST_INTERNAL: { status: 500, hint: 'The server logged the cause; retry, or report it.' },
  // Drug library management (SP 1800-8 Vol B: signed library distribution)
  LIBRARY_VERSION_EXISTS: {
    status: 409,
    hint: 'A library version is immutable once signed; raise the version.',
  },
  LIBRARY_UNKNOWN_VERSION: { status: 404, hint: 'GET /api/v1/drug-libraries lists the versions.' },
  LIBRARY_UNKNOWN_CARE_AREA: { status: 422, hint: 'Distribute only to a care area the library defines.' },
  LIBRARY_NO_PUMPS: { status: 409, hint: 'No pump in the inventory is in that care area.' },
  // Firmware images and rollouts
  FIRMWARE_IMAGE_INVALID: { status: 400, hint: 'Upload an image in the pumplab firmware format (PLFW).' },
  FIRMWARE_VERSION_EXISTS: { status: 409, hint: 'A firmware version is immutable once signed.' },
  FIRMWARE_UNKNOWN_VERSION: { status: 404, hint: 'GET /api/v1/firmware lists the uploaded versions.' },
  FIRMWARE_NO_TARGETS: { status: 409, hint: 'Name serials or a care area that has pumps.' },
  FIRMWARE_UNKNOWN_ROLLOUT: {
    status: 404,
    hint: 'Rollout ids come from POST /api/v1/firmware/{version}/rollouts.',
  },
  // MQTT broker of the pump server (MQTT 3.1.1; SP 1800-8 Vol B 4.5)
  BROKER_AUTH_DENIED: {
    status: 403,
    hint: 'Connect with a valid lab certificate; a pump uses its serial as client id.',
  },
  BROKER_PUBLISH_DENIED: {
    status: 403,
    hint: 'A pump publishes only under its own serial, on the contract topics.',
  },
  BROKER_SUBSCRIBE_DENIED: { status: 403, hint: 'A pump subscribes only to its own commands topic.' },
  BROKER_SCHEMA_REJECTED: { status: 400, hint: 'Validate the payload against docs/mqtt/schemas.' },
  BROKER_PAYLOAD_TOO_LARGE: { status: 413, hint: 'Pump messages are capped; see the broker limits.' },
  BROKER_MALFORMED_PACKET: { status: 400, hint: 'The client sent bytes that are not MQTT 3.1.1.' },
  BROKER_CONNECTION_LIMIT: { status: 503, hint: 'The broker is at its connection cap; retry with backoff.' },
  BROKER_TLS_HANDSHAKE_FAILED: {
    status: 403,
    hint: 'Check the client speaks TLS 1.2+ and trusts the lab root.',
  },
  BROKER_COMMAND_TIMEOUT: { status: 504, hint: 'The pump did not answer in time; check it is online.' },
  BROKER_CLOSED: { status: 503, hint: 'The pump server is stopping or not started.' },
  // Event store of the pump server (SQLite)
  STORE_OPEN_FAILED: {
    status: 500,
    hint: 'Check the state directory is writable and the database is not corrupt.',
  },
  STORE_WRITE_FAILED: { status: 500, hint: 'Check free disk space; the message was not acknowledged.' },
  // Infusion pump simulator: dose programming (drug library, "dose error reduction software")
  PUMP_NO_LIBRARY: { status: 409, hint: 'Install a drug library on the pump before programming it.' },
  PUMP_CARE_AREA_UNKNOWN: {
    status: 404,
    hint: "The installed library has no entry for the pump's care area.",
  },
  PUMP_DRUG_NOT_IN_LIBRARY: { status: 404, hint: "Order a drug from the library of the pump's care area." },
  PUMP_DOSE_UNSUPPORTED: {
    status: 400,
    hint: "Use the drug's dose unit or a convertible one (see doseUnits).",
  },
  PUMP_WEIGHT_REQUIRED: { status: 400, hint: 'Weight-based dose units need the patient weight (weightKg).' },
  PUMP_PROGRAM_INVALID: { status: 400, hint: 'Give a rate (mL/h) or a dose rate; if both, they must agree.' },
  PUMP_HARD_LIMIT: { status: 422, hint: 'A hard limit cannot be overridden; change the order.' },
  PUMP_SOFT_LIMIT: {
    status: 409,
    hint: 'Confirm the soft-limit override (confirmSoftLimit) or change the order.',
  },
  PUMP_RATE_OUT_OF_RANGE: { status: 400, hint: 'The rate is outside what the pump mechanism can deliver.' },
  // Infusion pump simulator: delivery state
  PUMP_INVALID_STATE: { status: 409, hint: 'The command does not apply in the current delivery state.' },
  PUMP_BUSY: {
    status: 409,
    hint: 'Wait until the infusion is stopped; a running infusion is never interrupted.',
  },
  PUMP_ALARM_ACTIVE: { status: 409, hint: 'Clear the occlusion or air-in-line alarm first.' },
  // Infusion pump simulator: drug libraries and firmware (signed packages)
  PUMP_LIBRARY_INVALID: { status: 400, hint: 'Send a library in the pumplab.drug-library/1 format.' },
  PUMP_SIGNATURE_REQUIRED: { status: 403, hint: 'This pump accepts only signed packages; sign it first.' },
  PUMP_SIGNATURE_INVALID: {
    status: 403,
    hint: 'Re-sign the exact bytes with the lab code-signing identity.',
  },
  PUMP_FIRMWARE_UNKNOWN: { status: 400, hint: 'Use a firmware version from the pump firmware catalog.' },
  PUMP_FIRMWARE_INVALID: { status: 400, hint: "Send a PLFW image built for this pump's model and version." },
  PUMP_FIRMWARE_DOWNGRADE: { status: 403, hint: 'This firmware refuses to roll back to an older version.' },
  // Infusion pump simulator: device internals
  PUMP_STORE_CORRUPT: {
    status: 500,
    hint: 'Erase the pump store, or restore the device secret that sealed it.',
  },
  PUMP_COMMAND_INVALID: { status: 400, hint: 'Validate the command against the commands schema.' },
  PUMP_COMMAND_FAILED: { status: 500, hint: 'The pump logged the cause; report it.' },
  // The EHR (simulators/ehr): patients, orders, ADT, chart
  EHR_NOT_STARTED: { status: 503, hint: 'Start the EHR (Ehr.start) before sending ADT or reading charts.' },
  EHR_ALREADY_STARTED: { status: 409, hint: 'Close the EHR before starting it again.' },
  EHR_PATIENT_NOT_FOUND: { status: 404, hint: 'GET /api/v1/patients lists the MRNs the EHR knows.' },
  EHR_PATIENT_NOT_ADMITTED: { status: 409, hint: 'Admit the patient first.' },
  EHR_PATIENT_ALREADY_ADMITTED: { status: 409, hint: 'Transfer or discharge the patient instead.' },
  EHR_ORDER_NOT_FOUND: { status: 404, hint: 'GET /api/v1/orders lists the orders.' },
  EHR_ORDER_TRANSITION_INVALID: {
    status: 409,
    hint: 'An order goes active → in-progress → completed; completed and discontinued are final.',
  },
  EHR_ADT_NOT_DELIVERED: {
    status: 502,
    hint: 'The pump server did not accept the ADT message; details.cause says why. Nothing was changed.',
  },
  EHR_CHART_WRITE_FAILED: {
    status: 500,
    hint: 'Check the state directory; the message was not acknowledged.',
  },
  // HL7 v2 messages (simulators/hl7/message; HL7 v2.6 chapter 2)
  HL7_MALFORMED: {
    status: 400,
    hint: 'The text is not an HL7 v2 message; ERR-2 names the segment and field.',
  },
  HL7_STRUCTURE_INVALID: {
    status: 400,
    hint: 'Check the segments and required fields against the message structure.',
  },
  HL7_TIMESTAMP_INVALID: { status: 400, hint: 'Write a DTM: YYYY[MM[DD[HH[MM[SS[.S+]]]]]][+/-ZZZZ].' },
  HL7_VALUE_INVALID: { status: 400, hint: 'A header value holds a delimiter or a line break; escape it.' },
  HL7_NEGATIVE_ACK: { status: 502, hint: 'The receiver refused the message; its ERR segments say why.' },
  HL7_ACK_TIMEOUT: { status: 504, hint: 'The receiver did not acknowledge in time; check it is up.' },
  // IHE PCD messages (simulators/hl7/pcd; IHE PCD TF-2)
  HL7_MESSAGE_TYPE_UNEXPECTED: { status: 400, hint: 'Send the message type this transaction uses (MSH-9).' },
  HL7_CONTENT_INVALID: { status: 422, hint: 'details.location (ERR-2) names the field that does not fit.' },
  // The pump server's HL7 side (simulators/pump-server/hl7; IHE PCD TF-2 3.3, Appendix B.3)
  HL7_UNKNOWN_PATIENT: { status: 404, hint: 'Admit the patient (ADT^A01) before ordering for them.' },
  HL7_PATIENT_NOT_ADMITTED: { status: 409, hint: 'The patient was discharged; admit them again (A01).' },
  HL7_UNKNOWN_PUMP: { status: 404, hint: 'Scan a pump the pump server lists in its inventory.' },
  HL7_PUMP_OFFLINE: { status: 503, hint: 'The pump is not connected to the pump server; check its network.' },
  HL7_CARE_AREA_MISMATCH: { status: 409, hint: "Use a pump of the patient's care area (PV1-3 unit)." },
  HL7_WEIGHT_MISMATCH: {
    status: 409,
    hint: 'The order and the ADT weight disagree; weigh the patient again.',
  },
  HL7_UNKNOWN_INFUSION: { status: 404, hint: 'Only an infusion accepted through PCD-03 can be confirmed.' },
  HL7_ORDER_FAILED: { status: 500, hint: 'The pump server logged the cause; the order may be resent.' },
  // MLLP transport (HL7 v2 Transport Specification: MLLP Release 2)
  MLLP_FRAME_TOO_LARGE: { status: 413, hint: 'Frames are capped (maxFrameBytes); split the message.' },
  MLLP_READ_TIMEOUT: { status: 408, hint: 'A frame was started but not finished in time.' },
  MLLP_GARBAGE: { status: 400, hint: 'Bytes outside a 0x0B ... 0x1C 0x0D frame are dropped.' },
  MLLP_CONNECTION_LIMIT: { status: 503, hint: 'The listener is at its connection cap; retry with backoff.' },
  MLLP_TLS_HANDSHAKE_FAILED: {
    status: 403,
    hint: 'Check the client speaks TLS 1.2+, trusts the lab root and presents a lab certificate.',
  },
  MLLP_CONNECTION_CLOSED: {
    status: 503,
    hint: 'The peer closed the connection; the client reconnects on send.',
  },
  // The gateway (gateway/; SP 1800-8 Vol B 4.2: network segmentation)
  GATEWAY_TOPOLOGY_INVALID: { status: 400, hint: 'details.problems lists each error as file:line:column.' },
  GATEWAY_POLICY_INVALID: { status: 400, hint: 'details.problems lists each error as file:line:column.' },
  GATEWAY_FLOW_DENIED: { status: 403, hint: 'The zone policy refuses this flow; query the decision log.' },
  GATEWAY_LISTEN_FAILED: { status: 409, hint: "Another process holds the gateway's address and port." },
  // Device admission at the gateway (gateway/admission: 802.1X with EAP-TLS, RFC 5216)
  GATEWAY_ADMISSION_UNREACHABLE: {
    status: 503,
    hint: 'Check the admission service is up, and that the device trusts the lab root and its name.',
  },
  GATEWAY_ADMISSION_TIMEOUT: { status: 504, hint: 'The admission service did not answer in time; retry.' },
  GATEWAY_ADMISSION_ANSWER_INVALID: {
    status: 502,
    hint: 'The admission service answered with something other than one JSON verdict line.',
  },
  // Point-of-care / BCMA workstation (simulators/poc)
  POC_BARCODE_INVALID: { status: 400, hint: 'Scan the wristband, medication label or pump label again.' },
  POC_WORKFLOW_STATE: { status: 409, hint: 'Scan wristband, medication, pump; then verify, send, confirm.' },
  POC_EHR_NOT_FOUND: { status: 404, hint: 'Check the wristband or label against the EHR.' },
  POC_EHR_REFUSED: { status: 409, hint: 'The EHR refused the request; its problem code says why.' },
  POC_EHR_UNAVAILABLE: { status: 503, hint: 'Check the EHR is up and reachable over TLS.' },
  POC_EHR_RESPONSE_INVALID: {
    status: 502,
    hint: 'The EHR answered with a body the workstation cannot read.',
  },
  // Scenarios, postures and the actions they run (scenarios/)
  SCENARIO_INVALID: { status: 400, hint: 'details.problems lists each error as file:line:column field.' },
  SCENARIO_UNKNOWN: { status: 404, hint: 'List the catalog with `pumplab scenario list`.' },
  POSTURE_INVALID: { status: 400, hint: 'details.problems lists each error as file:line:column field.' },
  POSTURE_UNKNOWN: {
    status: 404,
    hint: 'List the postures with `pumplab posture list`, or give a file path.',
  },
  SCENARIO_ACTION_UNKNOWN: { status: 400, hint: 'The action library is listed in docs/scenarios.md.' },
  SCENARIO_CELL_FAILED: {
    status: 500,
    hint: 'A scenario worker process died or answered garbage; rerun the cell with `pumplab scenario run`.',
  },
  LAB_TARGET_OUTSIDE: {
    status: 403,
    hint: 'Attack actions touch only the lab’s own addresses; host names are never resolved.',
  },
} as const satisfies Record<string, { status: number; hint: string }>;

export type ErrorCode = keyof typeof errorCatalogue;

/** An error with a stable catalogue code, an HTTP-like status, optional details and a cause. */
export class PumplabError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly hint: string;
  readonly details: Readonly<Record<string, unknown>>;

  /**
   * @example throw new PumplabError('PKI_UNKNOWN_SERIAL', `No certificate has serial ${serial}.`, { serial })
   */
  constructor(
    code: ErrorCode,
    message: string,
    details: Record<string, unknown> = {},
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'PumplabError';
    this.code = code;
    this.status = errorCatalogue[code].status;
    this.hint = errorCatalogue[code].hint;
    this.details = details;
  }

  /** A plain object for JSON output and problem+json bodies. */
  toJSON(): Record<string, unknown> {
    return { code: this.code, message: this.message, hint: this.hint, details: this.details };
  }
}

/** True when `error` is a PumplabError, optionally with the given code. */
export function isPumplabError(error: unknown, code?: ErrorCode): error is PumplabError {
  return error instanceof PumplabError && (code === undefined || error.code === code);
}
