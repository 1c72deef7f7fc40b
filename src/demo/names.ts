import type { SeededRandom } from './random.ts';
import { firstNames, lastNames } from './vocabulary.ts';

export interface PersonName {
  firstName: string;
  lastName: string;
}

export function randomName(random: SeededRandom): PersonName {
  return { firstName: random.pick(firstNames), lastName: random.pick(lastNames) };
}

/** "Tomás O'Brien" → "tomas.obrien": ASCII letters only, as mail systems want. */
function mailbox({ firstName, lastName }: PersonName): string {
  const plain = (text: string) =>
    text
      .normalize('NFD')
      .replace(/[^A-Za-z]/g, '')
      .toLowerCase();
  return `${plain(firstName)}.${plain(lastName)}`;
}

/** Hands out e-mail addresses, numbering repeated names (jane.doe, jane.doe2, …) so each is unique. */
export class EmailBook {
  private readonly used = new Map<string, number>();

  address(name: PersonName, domain: string): string {
    const box = mailbox(name);
    const key = `${box}@${domain}`;
    const count = (this.used.get(key) ?? 0) + 1;
    this.used.set(key, count);
    return count === 1 ? key : `${box}${count}@${domain}`;
  }
}
