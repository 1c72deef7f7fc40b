import { dayOfMonth, isoTimestamp, monthOf, weekdayOf, yearOf, type Day } from './calendar.ts';
import { isOnSale, seasonalDemand, shopPriceCents, type Product } from './catalog.ts';
import type { Customer, Segment } from './customers.ts';
import { sellingRoles, type Employee } from './employees.ts';
import { WeightedIndex, type SeededRandom } from './random.ts';
import { isOpen, type Store } from './stores.ts';
import { firstTradingDay, lastTradingDay } from './window.ts';

type Channel = 'online' | 'in-store' | 'phone';
type OrderStatus = 'pending' | 'processing' | 'shipped' | 'delivered' | 'completed' | 'cancelled' | 'returned';
type PaymentMethod = 'card' | 'cash' | 'paypal' | 'gift_card' | 'mobile_wallet' | 'bank_transfer';
type PaymentStatus = 'captured' | 'pending' | 'failed' | 'refunded';

export interface Order {
  orderId: number;
  customerId: number;
  /** Null for online and phone orders. */
  storeId: number | null;
  /** Null for online orders, which nobody on staff takes. */
  employeeId: number | null;
  orderDate: Day;
  channel: Channel;
  status: OrderStatus;
  /** Null until shipped, and always for in-store sales. */
  shippedDate: Day | null;
  totalCents: number;
}

export interface OrderItem {
  orderId: number;
  lineNumber: number;
  productId: number;
  quantity: number;
  unitPriceCents: number;
  discountPercent: number;
}

export interface Payment {
  paymentId: number;
  orderId: number;
  /** Null for some 2023 in-store payments: the old tills did not record it. */
  method: PaymentMethod | null;
  amountCents: number;
  status: PaymentStatus;
  /** Null while pending. */
  paidAt: string | null;
}

export interface Sales {
  orders: Order[];
  orderItems: OrderItem[];
  payments: Payment[];
}

export interface Company {
  customers: readonly Customer[];
  stores: readonly Store[];
  employees: readonly Employee[];
  products: readonly Product[];
}

const monthDemand = [0.8, 0.78, 0.9, 1, 1.1, 1.12, 1.02, 0.97, 0.95, 1, 1.3, 1.55];

/** How busy a day is: growth, season, weekend, Black Friday. */
function demandOn(day: Day): number {
  const growth = 1 + (0.22 * (day - firstTradingDay)) / 365;
  const weekday = weekdayOf(day);
  const weekend = weekday === 6 ? 1.3 : weekday === 0 ? 1.15 : 0.92;
  const blackFriday = monthOf(day) === 11 && weekday === 5 && dayOfMonth(day) >= 22 && dayOfMonth(day) <= 28 ? 3 : 1;
  return growth * monthDemand[monthOf(day) - 1]! * weekend * blackFriday;
}

function isSaleWeek(day: Day): boolean {
  const month = monthOf(day);
  return (month === 11 && dayOfMonth(day) >= 22) || (month === 12 && dayOfMonth(day) <= 2);
}

/** Index of the first element of the sorted `values` greater than `limit`. */
function countAtMost(values: readonly number[], limit: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (values[middle]! <= limit) low = middle + 1;
    else high = middle;
  }
  return low;
}

const hourWeights: Record<Channel, readonly number[]> = {
  online: [2, 1, 1, 0.5, 0.5, 0.5, 1, 2, 3, 4, 4, 5, 6, 5, 5, 5, 5, 6, 7, 9, 10, 9, 6, 4],
  'in-store': [0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 5, 7, 9, 8, 6, 6, 7, 9, 8, 6, 3, 0, 0, 0],
  phone: [0, 0, 0, 0, 0, 0, 0, 0, 3, 6, 7, 7, 5, 6, 7, 6, 5, 4, 2, 1, 0, 0, 0, 0],
};

export function makeSales(random: SeededRandom, company: Company, orderCount: number): Sales {
  const { customers, stores, employees, products } = company;
  const tradingDays = Array.from(
    { length: lastTradingDay - firstTradingDay + 1 },
    (_, offset) => firstTradingDay + offset,
  );
  const dayIndex = new WeightedIndex(tradingDays.map(demandOn));
  const orderDays = Array.from({ length: orderCount }, () => tradingDays[dayIndex.draw(random)]!).sort((a, b) => a - b);

  const signupDays = customers.map((customer) => customer.signupDate);
  const loyaltyIndex = new WeightedIndex(customers.map((customer) => customer.loyalty));
  const productIndexByMonth = Array.from(
    { length: 12 },
    (_, month) =>
      new WeightedIndex(products.map((product) => product.popularity * seasonalDemand(product.department, month + 1))),
  );
  const hourIndex = Object.fromEntries(
    Object.entries(hourWeights).map(([channel, weights]) => [channel, new WeightedIndex(weights)]),
  ) as Record<Channel, WeightedIndex>;
  const storeById = new Map(stores.map((store) => [store.storeId, store]));
  const sellersByStore = new Map<number, Employee[]>();
  for (const employee of employees)
    if (employee.storeId !== null && sellingRoles.has(employee.role))
      sellersByStore.set(employee.storeId, [...(sellersByStore.get(employee.storeId) ?? []), employee]);
  const phoneAgents = employees.filter((employee) => employee.role === 'Customer Service Agent');

  const chooseCustomer = (day: Day): Customer => {
    const signedUp = countAtMost(signupDays, day);
    const recent = countAtMost(signupDays, day - 30);
    // A share of orders are first purchases by people who signed up in the last month.
    if (signedUp > recent && random.chance(0.2)) return customers[random.int(recent, signedUp - 1)]!;
    return customers[loyaltyIndex.drawAmongFirst(random, signedUp)]!;
  };

  const chooseStore = (customer: Customer, day: Day): Store => {
    const home = storeById.get(customer.homeStoreId)!;
    if (isOpen(home, day) && random.chance(0.85)) return home;
    const open = stores.filter((store) => isOpen(store, day));
    const nearby = open.filter((store) => store.region === home.region);
    return random.pick(nearby.length > 0 && random.chance(0.7) ? nearby : open);
  };

  const chooseSeller = (storeId: number, day: Day): Employee => {
    const staff = sellersByStore.get(storeId)!.filter((employee) => employee.hireDate <= day);
    return random.weighted(staff.map((employee) => [employee, sellingRoles.get(employee.role)!] as const));
  };

  const chooseChannel = (day: Day): Channel => {
    const onlineShare = 0.46 + 0.05 * (yearOf(day) - 2023);
    return random.weighted<Channel>([
      ['online', onlineShare],
      ['phone', 0.05],
      ['in-store', 0.95 - onlineShare],
    ]);
  };

  const quantityFor = (segment: Segment): number => {
    switch (segment) {
      case 'Consumer':
        return random.weighted([
          [1, 72],
          [2, 20],
          [3, 5],
          [4, 3],
        ]);
      case 'Small Business':
        return random.weighted([
          [1, 40],
          [2, 25],
          [3, 15],
          [4, 10],
          [6, 6],
          [10, 4],
        ]);
      case 'Corporate':
        return random.pick([2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25]);
    }
  };

  const discountOn = (day: Day): number => {
    if (isSaleWeek(day))
      return random.weighted([
        [0, 45],
        [10, 20],
        [20, 25],
        [25, 10],
      ]);
    if (monthOf(day) === 12)
      return random.weighted([
        [0, 72],
        [10, 18],
        [15, 10],
      ]);
    return random.weighted([
      [0, 84],
      [5, 6],
      [10, 6],
      [15, 3],
      [20, 1],
    ]);
  };

  const priceFactor: Record<number, number> = { 2023: 0.94, 2024: 0.97, 2025: 1 };

  const orderLines = (orderId: number, customer: Customer, day: Day): OrderItem[] => {
    const lineCount = random.weighted([
      [1, 22],
      [2, 27],
      [3, 24],
      [4, 16],
      [5, 11],
    ]);
    const productIndex = productIndexByMonth[monthOf(day) - 1]!;
    const chosen = new Set<number>();
    const lines: OrderItem[] = [];
    for (let attempt = 0; lines.length < lineCount && attempt < 50; attempt += 1) {
      const product = products[productIndex.draw(random)]!;
      if (!isOnSale(product, day) || chosen.has(product.productId)) continue;
      chosen.add(product.productId);
      const quantity = quantityFor(customer.segment);
      const discount = discountOn(day);
      lines.push({
        orderId,
        lineNumber: lines.length + 1,
        productId: product.productId,
        quantity,
        unitPriceCents: shopPriceCents((product.priceCents / 100) * priceFactor[yearOf(day)]!),
        discountPercent: customer.segment === 'Corporate' && quantity >= 10 ? Math.max(discount, 10) : discount,
      });
    }
    return lines;
  };

  const fulfilment = (channel: Channel, day: Day): Pick<Order, 'status' | 'shippedDate'> => {
    if (channel === 'in-store') return { status: random.chance(0.04) ? 'returned' : 'completed', shippedDate: null };
    const age = lastTradingDay - day;
    const shipped = () => Math.min(day + random.int(1, 3), lastTradingDay);
    if (age <= 2) return { status: random.chance(0.55) ? 'pending' : 'processing', shippedDate: null };
    if (age <= 9) {
      const status = random.weighted<OrderStatus>([
        ['processing', 15],
        ['shipped', 55],
        ['delivered', 30],
      ]);
      return { status, shippedDate: status === 'processing' ? null : shipped() };
    }
    const status = random.weighted<OrderStatus>([
      ['delivered', 89.5],
      ['cancelled', 4.5],
      ['returned', 6],
    ]);
    return { status, shippedDate: status === 'cancelled' ? null : shipped() };
  };

  const paymentMethod = (channel: Channel, segment: Segment, day: Day): PaymentMethod | null => {
    if (channel === 'in-store') {
      if (yearOf(day) === 2023 && random.chance(0.01)) return null;
      return random.weighted<PaymentMethod>([
        ['card', 64],
        ['cash', 24],
        ['gift_card', 7],
        ['mobile_wallet', 5],
      ]);
    }
    if (segment === 'Corporate' && random.chance(0.45)) return 'bank_transfer';
    if (channel === 'phone')
      return random.weighted<PaymentMethod>([
        ['card', 88],
        ['bank_transfer', 12],
      ]);
    return random.weighted<PaymentMethod>([
      ['card', 58],
      ['paypal', 26],
      ['mobile_wallet', 9],
      ['gift_card', 5],
      ['bank_transfer', 2],
    ]);
  };

  const orders: Order[] = [];
  const orderItems: OrderItem[] = [];
  const payments: Payment[] = [];
  const pay = (order: Order, method: PaymentMethod | null, status: PaymentStatus, paidAt: string | null) =>
    payments.push({
      paymentId: payments.length + 1,
      orderId: order.orderId,
      method,
      amountCents: order.totalCents,
      status,
      paidAt,
    });

  orderDays.forEach((day, index) => {
    const orderId = index + 1;
    const customer = chooseCustomer(day);
    const channel = chooseChannel(day);
    const store = channel === 'in-store' ? chooseStore(customer, day) : null;
    const employee = store
      ? chooseSeller(store.storeId, day)
      : channel === 'phone'
        ? random.pick(phoneAgents.filter((agent) => agent.hireDate <= day))
        : null;
    const lines = orderLines(orderId, customer, day);
    // Rounded once, like round(sum(quantity * unit_price * (1 - discount)), 2) in SQL.
    const totalCents = Math.round(
      lines.reduce((sum, line) => sum + line.quantity * line.unitPriceCents * (100 - line.discountPercent), 0) / 100,
    );
    const order: Order = {
      orderId,
      customerId: customer.customerId,
      storeId: store?.storeId ?? null,
      employeeId: employee?.employeeId ?? null,
      orderDate: day,
      channel,
      ...fulfilment(channel, day),
      totalCents,
    };
    orders.push(order);
    orderItems.push(...lines);

    const second = hourIndex[channel].draw(random) * 3600 + random.int(0, 3599);
    const at = isoTimestamp(day, second);
    const method = paymentMethod(channel, customer.segment, day);
    switch (order.status) {
      case 'pending':
        pay(order, method, 'pending', null);
        break;
      case 'cancelled':
        if (random.chance(0.45)) pay(order, method, 'failed', at);
        else pay(order, method, 'refunded', at);
        break;
      case 'returned':
        pay(order, method, 'refunded', at);
        break;
      default:
        if (method === 'card' && random.chance(0.025))
          pay(order, 'card', 'failed', isoTimestamp(day, Math.max(0, second - random.int(60, 600))));
        pay(order, method, 'captured', at);
    }
  });
  return { orders, orderItems, payments };
}
