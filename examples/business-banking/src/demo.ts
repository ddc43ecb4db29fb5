/** `pnpm demo`: runs the business-banking demo and exits 0 when every step turned out as expected. */
import { runDemo } from './run-demo.js';

try {
  const outcome = await runDemo();
  const ok = outcome.issueStatus === 201 && outcome.verifyStatus === 200 && outcome.verified && outcome.tamperedStatus === 422;
  console.log(ok ? 'Demo finished: the genuine credential verified and the tampered copy was refused.' : 'Demo finished with an unexpected outcome.');
  process.exitCode = ok ? 0 : 1;
} catch (error) {
  console.error('The demo failed:', error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
