/**
 * Child process of the crash test: issues credentials (revocation + suspension entries) in a loop and
 * revokes every third one, printing a line after each commit, until the parent SIGKILLs it.
 * Usage: node --import tsx crash-child.ts <embedded|postgres> <dataDir|url> <issuer> <listSize>
 */
import { allocateStatusIndex, openEmbeddedStore, openPostgresStore, revokeCredential } from '../src/index.js';
import { seededRandom } from './helpers.js';

const [backend, location, issuer, listSize] = process.argv.slice(2) as [string, string, string, string];
const store = backend === 'embedded' ? await openEmbeddedStore({ dataDir: location }) : await openPostgresStore({ connectionString: location, max: 2 });
const random = seededRandom(`crash:${issuer}`);
const write = (line: string) => process.stdout.write(line + '\n');
write('ready');
for (let i = 0; ; i++) {
  const id = `urn:crash:${issuer}:${i}`;
  await allocateStatusIndex(
    store,
    { credential: { id, issuer, types: ['VerifiableCredential'] }, entries: [{ statusPurpose: 'revocation' }, { statusPurpose: 'suspension' }] },
    { listUrl: (l) => `https://issuer.example/status/${l}`, listSize: Number(listSize), fillThreshold: 1, random },
  );
  write(`issued ${id}`);
  if (i % 3 === 2) {
    const victim = `urn:crash:${issuer}:${i - 1}`;
    await revokeCredential(store, victim);
    write(`revoked ${victim}`);
  }
}
