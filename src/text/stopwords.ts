/** Function words that never name data: articles, pronouns, auxiliaries, prepositions, request verbs. */
export const stopWords: ReadonlySet<string> = new Set(
  `a an the of in on at to for from by with and or as is are was were be been being do does did has have had
  i me my we our you your it its they them their this that these those there here what which who whom whose
  when where how why all any some each every per please can could would should will shall may might must
  also just only very so than then into onto out about over under up down s 's such
  give show list return display get find tell want know need let like us he she his her him`
    .split(/\s+/)
    .filter(Boolean),
);
