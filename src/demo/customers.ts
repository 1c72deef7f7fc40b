import { dayOf, type Day } from './calendar.ts';
import { EmailBook, randomName } from './names.ts';
import { WeightedIndex, type SeededRandom } from './random.ts';
import type { Store } from './stores.ts';
import { customerEmailDomains, otherCustomerPlaces, type Place } from './vocabulary.ts';
import { lastTradingDay } from './window.ts';

export type Segment = 'Consumer' | 'Small Business' | 'Corporate';

export interface Customer {
  customerId: number;
  firstName: string;
  lastName: string;
  email: string;
  /** Some customers never gave one. */
  phone: string | null;
  /** A few addresses were never completed. */
  city: string | null;
  state: string;
  country: string;
  segment: Segment;
  signupDate: Day;
  marketingOptIn: boolean;
  /** The store they would walk into (not a column). */
  homeStoreId: number;
  /** How often they come back (not a column). */
  loyalty: number;
}

const firstSignupDay = dayOf('2021-01-01');

function homeStore(random: SeededRandom, place: Place, stores: readonly Store[]): Store {
  const sameCity = stores.find((store) => store.city === place.city && store.state === place.state);
  if (sameCity) return sameCity;
  const sameRegion = stores.filter((store) => store.region === place.region);
  return random.pick(sameRegion.length > 0 ? sameRegion : stores);
}

/** "+1-617-555-0142": the 555-01xx numbers are reserved for fiction. */
function phoneNumber(random: SeededRandom): string {
  return `+1-${random.int(201, 989)}-555-01${String(random.int(0, 99)).padStart(2, '0')}`;
}

/** Customers numbered in the order they signed up; sign-ups grow over time. */
export function makeCustomers(random: SeededRandom, stores: readonly Store[], count: number): Customer[] {
  const signupDays = Array.from(
    { length: lastTradingDay - firstSignupDay + 1 },
    (_, offset) => firstSignupDay + offset,
  );
  const signupWeights = new WeightedIndex(signupDays.map((_, offset) => 1 + offset / 365));
  const storePlaces: Place[] = stores.map((store) => ({
    city: store.city,
    state: store.state,
    country: store.country as Place['country'],
    region: store.region,
  }));
  const emails = new EmailBook();

  const customers = Array.from({ length: count }, (): Customer => {
    const name = randomName(random);
    const place = random.chance(0.72) ? random.pick(storePlaces) : random.pick(otherCustomerPlaces);
    return {
      customerId: 0,
      ...name,
      email: emails.address(name, random.pick(customerEmailDomains)),
      phone: random.chance(0.12) ? null : phoneNumber(random),
      city: random.chance(0.02) ? null : place.city,
      state: place.state,
      country: place.country,
      segment: random.weighted<Segment>([
        ['Consumer', 78],
        ['Small Business', 16],
        ['Corporate', 6],
      ]),
      signupDate: signupDays[signupWeights.draw(random)]!,
      marketingOptIn: random.chance(0.42),
      homeStoreId: homeStore(random, place, stores).storeId,
      loyalty: Math.exp(2.5 * random.next()),
    };
  });
  customers.sort((a, b) => a.signupDate - b.signupDate);
  for (const [index, customer] of customers.entries()) customer.customerId = index + 1;
  return customers;
}
