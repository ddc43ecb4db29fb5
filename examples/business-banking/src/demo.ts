/** `pnpm demo`: runs the business-banking demo; exits 0 only when every outcome was the expected one. */
import { runDemo } from './run-demo.js';

try {
  const outcome = await runDemo();
  const failed = outcome.scenes.filter((s) => !s.ok);
  console.log(
    outcome.ok
      ? `Demo finished in ${(outcome.elapsedMs / 1000).toFixed(1)} s: every outcome was the expected one.`
      : `Demo finished with ${failed.length} unexpected outcome(s): ${failed.map((s) => s.scene).join('; ')}.`,
  );
  process.exitCode = outcome.ok ? 0 : 1;
} catch (error) {
  console.error('The demo failed:', error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
