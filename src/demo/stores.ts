import { dayOf, type Day } from './calendar.ts';
import { storeSeeds, type Region } from './vocabulary.ts';

export interface Store {
  storeId: number;
  name: string;
  city: string;
  state: string;
  country: string;
  region: Region;
  openedOn: Day;
  squareFeet: number;
}

export function makeStores(): Store[] {
  return storeSeeds.map((seed, index) => ({
    storeId: index + 1,
    name: seed.name,
    city: seed.city,
    state: seed.state,
    country: seed.country,
    region: seed.region,
    openedOn: dayOf(seed.openedOn),
    squareFeet: seed.squareFeet,
  }));
}

export function isOpen(store: Store, day: Day): boolean {
  return store.openedOn <= day;
}
