// npm run test:mutation [group ...]: runs Stryker once per group of stryker.config.mjs (all by
// default), then prints the mutation score of every mutated file from the JSON reports.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { groups } from '../stryker.config.mjs';

const chosen = process.argv.slice(2);
const names = chosen.length > 0 ? chosen : Object.keys(groups);
for (const name of names) {
  if (!groups[name]) {
    console.error(`Unknown group ${name}; groups: ${Object.keys(groups).join(', ')}`);
    process.exit(2);
  }
}

let failed = false;
for (const name of names) {
  console.log(`\n== mutation group ${name}: ${groups[name].mutate.join(' ')}`);
  const run = spawnSync('npx', ['stryker', 'run'], { stdio: 'inherit', env: { ...process.env, MUTATION_GROUP: name } });
  if (run.status !== 0) failed = true;
}

const DETECTED = new Set(['Killed', 'Timeout']);
const UNDETECTED = new Set(['Survived', 'NoCoverage']);
console.log('\nMutation score per file (killed + timed out) / (killed + timed out + survived + no coverage):');
for (const name of names) {
  const path = `reports/mutation/${name}.json`;
  if (!existsSync(path)) continue;
  const report = JSON.parse(readFileSync(path, 'utf8'));
  for (const [file, { mutants }] of Object.entries(report.files).sort()) {
    // A survivor that ran no test was not caught by a test: either the mutant stops the app from
    // building (every test file fails in beforeAll, which Stryker's Vitest runner reads as no test
    // run) or the run broke. Say so instead of letting it pass as a plain survivor.
    const unrun = mutants.filter((m) => m.status === 'Survived' && m.testsCompleted === 0);
    if (unrun.length > 0) {
      console.log(
        `  ${file}: ${unrun.length} survivors ran no test (the app did not build, or the run broke: rerun the group ${name})`,
      );
    }
    const detected = mutants.filter((m) => DETECTED.has(m.status)).length;
    const valid = detected + mutants.filter((m) => UNDETECTED.has(m.status)).length;
    const score = valid === 0 ? 100 : (100 * detected) / valid;
    console.log(
      `${score.toFixed(1).padStart(6)} %  ${String(detected).padStart(4)}/${String(valid).padEnd(4)} ${file}`,
    );
  }
}
process.exit(failed ? 1 : 0);
