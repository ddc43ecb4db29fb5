/**
 * The business-banking pilot, first act: BC Registries issues a BusinessRegistrationCredential over
 * the W3C VC API, a bank verifies it, and a tampered copy is refused. Built only from the public
 * APIs of the TrustBridge packages; every step is an HTTP request to a service on 127.0.0.1.
 */
import { createServiceIssuer, createVcApiApp, startServer, type RunningServer } from '@trustbridge/server';

/** The sample business: a BC limited company as BC Registries would describe it. */
export const SAMPLE_BUSINESS = {
  id: 'https://www.bcregistry.ca/business/BC0871234',
  legalName: 'Okanagan Orchard Cooperative Ltd.',
  registrationNumber: 'BC0871234',
  businessNumber: '870123456BC0001',
  businessType: 'BC Limited Company',
  jurisdiction: 'CA-BC',
  registeredOn: '2014-03-18',
  businessStatus: 'ACTIVE',
} as const;

/** Term definitions for the demo credential (a stand-in until the vocabulary package ships its context). */
const BUSINESS_CONTEXT = {
  '@protected': true,
  BusinessRegistrationCredential: 'https://trustbridge.example/vocab#BusinessRegistrationCredential',
  legalName: 'https://trustbridge.example/vocab#legalName',
  registrationNumber: 'https://trustbridge.example/vocab#registrationNumber',
  businessNumber: 'https://trustbridge.example/vocab#businessNumber',
  businessType: 'https://trustbridge.example/vocab#businessType',
  jurisdiction: 'https://trustbridge.example/vocab#jurisdiction',
  registeredOn: 'https://trustbridge.example/vocab#registeredOn',
  businessStatus: 'https://trustbridge.example/vocab#businessStatus',
};

export interface DemoOutcome {
  issuerDid: string;
  issueStatus: number;
  verifyStatus: number;
  verified: boolean;
  checks: Array<{ id: string; status: string }>;
  tamperedStatus: number;
  tamperedCode: string;
  tamperedProblemCodes: string[];
}

export interface RunDemoOptions {
  /** Where the narration goes. Default `console.log`. */
  out?: (line: string) => void;
}

async function postJson(url: string, body: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

/** Runs the demo end to end and returns what happened. Servers are always stopped. */
export async function runDemo(options: RunDemoOptions = {}): Promise<DemoOutcome> {
  const say = options.out ?? ((line: string) => console.log(line));
  const bcRegistries = await createServiceIssuer({ method: 'key' });
  const servers: RunningServer[] = [];
  try {
    const registry = await startServer({ app: createVcApiApp({ issuer: bcRegistries }), host: '127.0.0.1', port: 0 });
    servers.push(registry);
    const bank = await startServer({ app: createVcApiApp(), host: '127.0.0.1', port: 0 });
    servers.push(bank);
    say(`BC Registries runs a VC API issuer at ${registry.url}; its DID is ${bcRegistries.id}.`);
    say(`The bank runs a VC API verifier at ${bank.url}.`);

    const credential = {
      '@context': ['https://www.w3.org/ns/credentials/v2', BUSINESS_CONTEXT],
      type: ['VerifiableCredential', 'BusinessRegistrationCredential'],
      issuer: bcRegistries.id,
      validFrom: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      credentialSubject: { ...SAMPLE_BUSINESS },
    };
    const issued = await postJson(`${registry.url}/credentials/issue`, { credential, options: { cryptosuite: 'eddsa-rdfc-2022' } });
    if (issued.status !== 201) throw new Error(`Issuing failed with HTTP ${issued.status}: ${issued.body?.code}`);
    const vc = issued.body.verifiableCredential;
    say(`BC Registries issued a BusinessRegistrationCredential (VC 2.0, ${vc.proof.cryptosuite}) for ${SAMPLE_BUSINESS.legalName}, registration ${SAMPLE_BUSINESS.registrationNumber}, status ${SAMPLE_BUSINESS.businessStatus} (HTTP ${issued.status}).`);

    const verified = await postJson(`${bank.url}/credentials/verify`, { verifiableCredential: vc });
    const checks = (verified.body.checks ?? []).map((c: { id: string; status: string }) => ({ id: c.id, status: c.status }));
    say(`The bank verified the credential: HTTP ${verified.status}, verified ${verified.body.verified === true}.`);
    say(`Checks: ${checks.map((c: { id: string; status: string }) => `${c.id} ${c.status}`).join(', ')}.`);

    const tampered = structuredClone(vc);
    tampered.credentialSubject.legalName = 'Okanagan Orchard Holdings Inc.';
    say(`Someone edits a copy so the legal name reads "${tampered.credentialSubject.legalName}" and sends it to the bank.`);
    const refused = await postJson(`${bank.url}/credentials/verify`, { verifiableCredential: tampered });
    const problemCodes: string[] = (refused.body.problems ?? []).map((p: { code: string }) => p.code);
    say(`The bank refused the tampered copy: HTTP ${refused.status}, ${refused.body.code} (${problemCodes.join(', ')}).`);

    return {
      issuerDid: bcRegistries.id,
      issueStatus: issued.status,
      verifyStatus: verified.status,
      verified: verified.body.verified === true,
      checks,
      tamperedStatus: refused.status,
      tamperedCode: refused.body.code,
      tamperedProblemCodes: problemCodes,
    };
  } finally {
    await Promise.all(servers.map((s) => s.close()));
    say('Both services stopped.');
  }
}
