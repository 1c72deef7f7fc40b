import { dayOf, type Day } from './calendar.ts';
import type { SeededRandom } from './random.ts';
import { categorySeeds, productLines } from './vocabulary.ts';
import { firstTradingDay, lastTradingDay } from './window.ts';

export interface Category {
  categoryId: number;
  name: string;
  department: string;
  description: string;
}

export interface Product {
  productId: number;
  sku: string;
  name: string;
  categoryId: number;
  department: string;
  priceCents: number;
  costCents: number;
  launchedOn: Day;
  discontinuedOn: Day | null;
  /** How often it sells relative to other products, before the season is applied. */
  popularity: number;
}

export function makeCategories(): Category[] {
  return categorySeeds.map((seed, index) => ({
    categoryId: index + 1,
    name: seed.name,
    department: seed.department,
    description: seed.description,
  }));
}

/** A shop price: whole dollars less a cent (44.99). */
export function shopPriceCents(dollars: number): number {
  return Math.max(1, Math.round(dollars)) * 100 - 1;
}

const earliestLaunch = dayOf('2018-01-01');

export function makeProducts(random: SeededRandom, categories: readonly Category[]): Product[] {
  const products: Product[] = [];
  categorySeeds.forEach((seed, categoryIndex) => {
    const category = categories[categoryIndex]!;
    const skuPrefix = `${category.department.slice(0, 3).toUpperCase()}-${String(category.categoryId).padStart(2, '0')}`;
    let skuNumber = 0;
    for (const [kind, typicalDollars] of seed.items) {
      for (const [line, priceFactor] of random.sample(productLines, random.int(4, 7))) {
        const priceCents = shopPriceCents(typicalDollars * priceFactor * (0.9 + random.next() * 0.2));
        const launchedOn = random.chance(0.75)
          ? random.int(earliestLaunch, firstTradingDay - 1)
          : random.int(firstTradingDay, lastTradingDay - 60);
        const earliestEnd = Math.max(launchedOn + 240, firstTradingDay + 120);
        const discontinuedOn =
          random.chance(0.1) && earliestEnd < lastTradingDay - 30 ? random.int(earliestEnd, lastTradingDay - 30) : null;
        skuNumber += 1;
        products.push({
          productId: products.length + 1,
          sku: `${skuPrefix}-${String(skuNumber).padStart(3, '0')}`,
          name: `${line} ${kind}`,
          categoryId: category.categoryId,
          department: category.department,
          priceCents,
          costCents: Math.round(priceCents * (0.42 + random.next() * 0.2)),
          launchedOn,
          discontinuedOn,
          // Cheap things sell more often than dear ones.
          popularity: Math.exp(2.2 * random.next()) / Math.sqrt(priceCents / 3000),
        });
      }
    }
  });
  return products;
}

export function isOnSale(product: Product, day: Day): boolean {
  return product.launchedOn <= day && (product.discontinuedOn === null || day < product.discontinuedOn);
}

/** How much a department sells in a month (1–12) relative to its yearly average. */
export function seasonalDemand(department: string, month: number): number {
  const outdoorSeason = month >= 4 && month <= 8;
  const giftSeason = month >= 11;
  switch (department) {
    case 'Outdoor':
    case 'Garden':
      return outdoorSeason ? 1.8 : month === 3 || month === 9 ? 1.1 : 0.5;
    case 'Kitchen':
    case 'Home':
      return giftSeason ? 1.4 : 1;
    default:
      return 1;
  }
}
