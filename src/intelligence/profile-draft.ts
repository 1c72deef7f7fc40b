import type { ColumnProfile } from './model.ts';

/**
 * A column's profile as first read, with a note when its category list is known to be missing
 * values: the distinct count says "few", but the statistics or the sample did not see them all.
 */
export interface ProfileDraft {
  profile: ColumnProfile;
  incompleteCategories: boolean;
}

/** A profile that knows nothing: the column could not be read, or is never profiled. */
export function unknownProfile(): ColumnProfile {
  return {
    distinctCount: null,
    distinctAccuracy: 'estimated',
    nullCount: null,
    nullFraction: null,
    nullAccuracy: 'estimated',
    categories: [],
    samples: [],
    min: null,
    max: null,
    source: 'none',
  };
}
