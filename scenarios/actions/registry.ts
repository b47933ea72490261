import { PumplabError } from '../../core/errors.ts';
import type { Action } from './action.ts';
import { consoleSession } from './console-session.ts';
import { flood } from './flood.ts';
import { hl7ForgeObservation } from './hl7-forge-observation.ts';
import { hl7Order } from './hl7-order.ts';
import { joinPumpNetwork } from './join-pump-network.ts';
import { mediaLoad } from './media-load.ts';
import { mqttCommand } from './mqtt-command.ts';
import { mqttRogueDevice } from './mqtt-rogue-device.ts';
import { mqttSubscribe } from './mqtt-subscribe.ts';
import { mqttTakeover } from './mqtt-takeover.ts';
import { readFlashAction } from './read-flash.ts';
import { restPublishLibrary } from './rest-publish-library.ts';
import { scan } from './scan.ts';
import { stealDevice } from './steal-device.ts';
import { wardAlarm } from './ward-alarm.ts';

/** Every action a scenario step can name, in the order an attack usually runs them. */
const actions: readonly Action[] = [
  scan,
  consoleSession,
  mqttSubscribe,
  mqttCommand,
  mqttTakeover,
  mqttRogueDevice,
  hl7Order,
  hl7ForgeObservation,
  mediaLoad,
  stealDevice,
  readFlashAction,
  restPublishLibrary,
  joinPumpNetwork,
  flood,
  wardAlarm,
];

/** The action library by name: what a scenario step's `action:` refers to. */
export const actionRegistry: ReadonlyMap<string, Action> = new Map(
  actions.map((action) => [action.name, action]),
);

/**
 * The action called `name`. The catalog checks every step's action when it loads, so a run never
 * asks for an unknown one; if it does, that is an input error, not a step that failed.
 *
 * @example const action = actionNamed('scan'); const params = action.params.parse(step.with);
 * @throws PumplabError SCENARIO_ACTION_UNKNOWN when the library has no action of that name
 */
export function actionNamed(name: string): Action {
  const action = actionRegistry.get(name);
  if (action) return action;
  throw new PumplabError('SCENARIO_ACTION_UNKNOWN', `No action is called ${name}.`, {
    problems: [`action: unknown '${name}'; actions: ${[...actionRegistry.keys()].join(', ')}`],
  });
}
