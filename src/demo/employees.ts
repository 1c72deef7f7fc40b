import { dayOf, type Day } from './calendar.ts';
import { EmailBook, randomName } from './names.ts';
import type { SeededRandom } from './random.ts';
import type { Store } from './stores.ts';
import { staffEmailDomain, type Region } from './vocabulary.ts';
import { firstTradingDay, lastTradingDay } from './window.ts';

export type Role =
  | 'Chief Executive Officer'
  | 'Regional Manager'
  | 'Head of Customer Service'
  | 'Customer Service Agent'
  | 'E-commerce Manager'
  | 'Online Merchandiser'
  | 'Store Manager'
  | 'Assistant Manager'
  | 'Sales Associate'
  | 'Cashier'
  | 'Stock Associate';

export interface Employee {
  employeeId: number;
  firstName: string;
  lastName: string;
  email: string;
  /** Null for head-office staff. */
  storeId: number | null;
  role: Role;
  hireDate: Day;
  managerId: number | null;
  salaryCents: number;
}

/** Yearly salary range in dollars. */
const salaryRange: Record<Role, readonly [number, number]> = {
  'Chief Executive Officer': [235_000, 235_000],
  'Regional Manager': [112_000, 138_000],
  'Head of Customer Service': [78_000, 86_000],
  'Customer Service Agent': [38_000, 46_000],
  'E-commerce Manager': [98_000, 108_000],
  'Online Merchandiser': [56_000, 70_000],
  'Store Manager': [66_000, 84_000],
  'Assistant Manager': [50_000, 59_000],
  'Sales Associate': [32_000, 41_000],
  Cashier: [29_000, 34_000],
  'Stock Associate': [30_000, 36_000],
};

const regions: readonly Region[] = ['Northeast', 'South', 'Midwest', 'West', 'Canada'];

export function makeEmployees(random: SeededRandom, stores: readonly Store[]): Employee[] {
  const employees: Employee[] = [];
  const emails = new EmailBook();
  const hire = (role: Role, hireDate: Day, managerId: number | null, storeId: number | null = null): number => {
    const name = randomName(random);
    const [low, high] = salaryRange[role];
    employees.push({
      employeeId: employees.length + 1,
      ...name,
      email: emails.address(name, staffEmailDomain),
      storeId,
      role,
      hireDate,
      managerId,
      salaryCents: Math.round(random.int(low, high) / 500) * 500 * 100,
    });
    return employees.length;
  };
  const hiredBetween = (from: Day, to: Day) => random.int(from, Math.max(from, to));

  const ceo = hire('Chief Executive Officer', dayOf('2011-03-01'), null);
  const regionalManager = new Map(
    regions.map((region) => [
      region,
      hire('Regional Manager', hiredBetween(dayOf('2012-01-01'), dayOf('2021-12-31')), ceo),
    ]),
  );

  const customerService = hire('Head of Customer Service', dayOf('2016-02-15'), ceo);
  // The first agents start before the demo years, so phone orders always have someone to take them.
  for (let i = 0; i < 10; i += 1)
    hire(
      'Customer Service Agent',
      hiredBetween(dayOf('2017-01-01'), i < 3 ? firstTradingDay - 1 : lastTradingDay - 90),
      customerService,
    );
  const ecommerce = hire('E-commerce Manager', dayOf('2018-05-07'), ceo);
  for (let i = 0; i < 4; i += 1)
    hire('Online Merchandiser', hiredBetween(dayOf('2018-06-01'), lastTradingDay - 60), ecommerce);

  for (const store of stores) {
    const inStore = (role: Role, hireDate: Day, managerId: number) => hire(role, hireDate, managerId, store.storeId);
    const beforeOpening = store.openedOn - random.int(20, 60);
    const manager = inStore('Store Manager', beforeOpening, regionalManager.get(store.region)!);
    inStore('Assistant Manager', beforeOpening + random.int(0, 15), manager);
    const laterHire = () => hiredBetween(store.openedOn, lastTradingDay - 30);
    // Two associates and a cashier from the first day, so every open store can take a sale.
    for (let i = 0; i < 2; i += 1) inStore('Sales Associate', beforeOpening + random.int(5, 18), manager);
    inStore('Cashier', beforeOpening + random.int(5, 18), manager);
    for (let i = random.int(4, 7); i > 0; i -= 1) inStore('Sales Associate', laterHire(), manager);
    for (let i = random.int(1, 2); i > 0; i -= 1) inStore('Cashier', laterHire(), manager);
    for (let i = random.int(1, 2); i > 0; i -= 1) inStore('Stock Associate', laterHire(), manager);
  }
  return employees;
}

/** Who rings up sales in a store, and how many sales each role takes. */
export const sellingRoles: ReadonlyMap<Role, number> = new Map<Role, number>([
  ['Sales Associate', 6],
  ['Cashier', 4],
  ['Assistant Manager', 1.5],
  ['Store Manager', 0.5],
]);
