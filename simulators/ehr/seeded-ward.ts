import { seededRandom } from '../../core/random.ts';
import type { DrugLibrary } from '../contract/drug-library.ts';
import { generateOrders } from './order-generator.ts';
import { syntheticPatients } from './synthetic-patients.ts';
import { Ward } from './ward.ts';

/** What a seeded ward is made from. */
export interface SeededWardOptions {
  /** How many patients. */
  count: number;
  seed: number;
  /** Care areas to spread the patients over; default every care area of `library`. */
  careAreas?: readonly string[];
  /** The drug library the orders are drawn from. */
  library: DrugLibrary;
  /** When the orders are due (ISO 8601). */
  dueAt: string;
  /** Every n-th order names a drug the library lacks, as real orders sometimes do; 0 for none. */
  offLibraryEvery: number;
  /** Order ids start with this; default `ORD`. */
  orderPrefix?: string;
}

/**
 * The EHR's ward from a seed: synthetic patients (faker, seeded) and one infusion order each, drawn
 * from the library. The same options always give the same people, beds and orders (DESIGN: a run
 * takes a seed), so a lab run replays and its report compares with the last one.
 *
 * @example const ward = seededWard({ count: 12, seed: 7, library, dueAt, offLibraryEvery: 5 });
 */
export function seededWard(options: SeededWardOptions): Ward {
  const careAreas = options.careAreas ?? options.library.careAreas.map((area) => area.id);
  const patients = syntheticPatients({ count: options.count, seed: options.seed, careAreas });
  const orders = generateOrders(patients, options.library, {
    random: seededRandom(options.seed).fork('orders'),
    dueAt: options.dueAt,
    ...(options.orderPrefix ? { orderPrefix: options.orderPrefix } : {}),
    ...(options.offLibraryEvery > 0 ? { offLibraryEvery: options.offLibraryEvery } : {}),
  });
  return new Ward(patients, orders);
}
