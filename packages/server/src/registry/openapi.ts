/**
 * The OpenAPI 3.1 description of the trust registry service (served at `GET /openapi.json`). Written
 * by hand from the routes in `registry-app.ts`; `test/registry-app.test.ts` checks every route is
 * listed. TRQP v2 shapes follow the ToIP schemas (PARC form).
 */

const problem = { description: 'RFC 9457 problem document', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } };
const json = (schema: object, description = 'OK') => ({ description, content: { 'application/json': { schema } } });
const body = (schema: object) => ({ required: true, content: { 'application/json': { schema } } });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const adminResponses = {
  '201': json(ref('ChangeResult'), 'Appended to history; a new snapshot was published'),
  '400': problem,
  '401': problem,
  '403': problem,
  '404': problem,
  '409': problem,
};

/**
 * The OpenAPI document for a registry app mounted at `basePath`.
 *
 * @example
 * ```ts
 * res.json(registryOpenApi({ basePath: '/registry', maxBatch: 100 }));
 * ```
 */
export function registryOpenApi(options: { basePath: string; maxBatch: number }): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: {
      title: 'TrustBridge trust registry',
      version: '0.1.0',
      description:
        'Pan-Canadian Trust Framework trust registry: evaluation with reasons and trust path, signed hash-chained snapshots for offline use, ToIP TRQP v2, and an authenticated admin API whose every change is appended to history.',
    },
    servers: [{ url: options.basePath }],
    tags: [{ name: 'evaluate' }, { name: 'trqp', description: 'ToIP Trust Registry Query Protocol v2' }, { name: 'read' }, { name: 'snapshots' }, { name: 'admin' }],
    paths: {
      '/evaluate': { post: { tags: ['evaluate'], summary: 'Evaluate one query', operationId: 'evaluate', requestBody: body(ref('TrustQuery')), responses: { '200': json(ref('Decision')), '400': problem } } },
      '/evaluate/batch': {
        post: {
          tags: ['evaluate'],
          summary: `Evaluate up to ${options.maxBatch} queries`,
          operationId: 'evaluateBatch',
          requestBody: body({ type: 'object', required: ['queries'], properties: { queries: { type: 'array', minItems: 1, maxItems: options.maxBatch, items: ref('TrustQuery') } } }),
          responses: { '200': json({ type: 'object', properties: { results: { type: 'array', items: ref('Decision') } } }), '400': problem },
        },
      },
      '/authorization': {
        post: {
          tags: ['trqp'],
          summary: 'TRQP v2: is entity_id authorized by authority_id for action on resource?',
          operationId: 'trqpAuthorization',
          requestBody: body(ref('TrqpRequest')),
          responses: { '200': json(ref('TrqpAuthorizationResponse')), '400': problem, '404': problem },
        },
      },
      '/recognition': {
        post: {
          tags: ['trqp'],
          summary: 'TRQP v2: does authority_id recognize the registry entity_id?',
          operationId: 'trqpRecognition',
          requestBody: body(ref('TrqpRequest')),
          responses: { '200': json(ref('TrqpRecognitionResponse')), '400': problem, '404': problem },
        },
      },
      '/entities': {
        get: {
          tags: ['read'],
          operationId: 'listEntities',
          parameters: [
            { name: 'registry', in: 'query', schema: { type: 'string' } },
            { name: 'role', in: 'query', schema: { enum: ['issuer', 'verifier', 'wallet', 'registry'] } },
            { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } },
            { name: 'offset', in: 'query', schema: { type: 'integer', minimum: 0, default: 0 } },
          ],
          responses: { '200': json({ type: 'object', properties: { total: { type: 'integer' }, entities: { type: 'array', items: { type: 'object' } } } }), '400': problem },
        },
      },
      '/entities/{id}': {
        get: {
          tags: ['read'],
          summary: 'An entity by any identifier form (DID, unqualified Indy DID, registry number, BN9, BN15), URL-encoded',
          operationId: 'getEntity',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '200': json({ type: 'object' }), '404': problem },
        },
      },
      '/credential-types': { get: { tags: ['read'], operationId: 'listCredentialTypes', responses: { '200': json({ type: 'object' }) } } },
      '/authorizations/{id}/history': {
        get: {
          tags: ['read'],
          summary: 'Status history and recorded changes of an authorization',
          operationId: 'authorizationHistory',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '200': json({ type: 'object' }), '404': problem },
        },
      },
      '/recognitions': { get: { tags: ['read'], operationId: 'listRecognitions', responses: { '200': json({ type: 'object' }) } } },
      '/snapshot': {
        get: {
          tags: ['snapshots'],
          summary: 'Latest signed snapshot (compact JWS, typ trust-registry-snapshot+jws)',
          operationId: 'getSnapshot',
          parameters: [{ name: 'registry', in: 'query', schema: { type: 'string' } }],
          responses: { '200': json(ref('SnapshotInfo')), '404': problem },
        },
      },
      '/snapshots/delta': {
        get: {
          tags: ['snapshots'],
          summary: 'Signed delta (typ trust-registry-delta+jws) from snapshot sequence `since` to the latest',
          operationId: 'getDelta',
          parameters: [
            { name: 'since', in: 'query', required: true, schema: { type: 'integer', minimum: 1 } },
            { name: 'registry', in: 'query', schema: { type: 'string' } },
          ],
          responses: { '200': json({ type: 'object', properties: { registry: { type: 'string' }, fromSequence: { type: 'integer' }, toSequence: { type: 'integer' }, delta: { type: ['string', 'null'] } } }), '400': problem, '404': problem },
        },
      },
      '/bundle': { get: { tags: ['snapshots'], summary: 'Latest snapshots of every hosted registry, for offline evaluation', operationId: 'getBundle', responses: { '200': json(ref('Bundle')) } } },
      '/admin/entities': {
        post: { tags: ['admin'], security: [{ bearer: [] }], operationId: 'addEntity', requestBody: body({ type: 'object', required: ['entity'], properties: { registry: { type: 'string' }, entity: { type: 'object' } } }), responses: adminResponses },
      },
      '/admin/authorizations': {
        post: { tags: ['admin'], security: [{ bearer: [] }], operationId: 'addAuthorization', requestBody: body({ type: 'object', required: ['authorization'], properties: { registry: { type: 'string' }, authorization: { type: 'object' } } }), responses: adminResponses },
      },
      '/admin/authorizations/{id}/status': {
        post: {
          tags: ['admin'],
          security: [{ bearer: [] }],
          summary: 'Append a status event: suspend, revoke (final), reactivate, or declare compromisedSince',
          operationId: 'changeAuthorizationStatus',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          requestBody: body({
            type: 'object',
            properties: { status: { enum: ['active', 'suspended', 'revoked'] }, at: { type: 'string', format: 'date-time' }, reason: { type: 'string' }, compromisedSince: { type: 'string', format: 'date-time' } },
          }),
          responses: adminResponses,
        },
      },
      '/admin/snapshots': {
        post: { tags: ['admin'], security: [{ bearer: [] }], summary: 'Re-publish: sequence + 1, new snapshot chained to the last', operationId: 'publishSnapshot', responses: adminResponses },
      },
      '/openapi.json': { get: { operationId: 'openapi', responses: { '200': json({ type: 'object' }) } } },
    },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: {
        Problem: {
          type: 'object',
          required: ['type', 'title', 'status', 'detail', 'code'],
          properties: {
            type: { type: 'string' },
            title: { type: 'string' },
            status: { type: 'integer' },
            detail: { type: 'string' },
            code: { type: 'string' },
            problems: { type: 'array', items: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' }, path: { type: 'string' } } } },
          },
        },
        TrustQuery: {
          type: 'object',
          required: ['entity', 'action'],
          additionalProperties: false,
          properties: {
            entity: { type: 'string' },
            action: { enum: ['issue', 'verify', 'hold', 'operate'] },
            credentialType: { type: 'string' },
            jurisdiction: { type: 'string', examples: ['CA-BC'] },
            minimumAssuranceLevel: { enum: [1, 2, 3, 4] },
            issuedAt: { type: 'string', format: 'date-time' },
            at: { type: 'string', format: 'date-time' },
            purpose: { type: 'string' },
            attributes: { type: 'array', items: { type: 'string' } },
            maxPathLength: { type: 'integer', minimum: 1, maximum: 16 },
          },
        },
        Decision: {
          type: 'object',
          required: ['decision', 'reasons', 'notices', 'path', 'snapshot', 'evaluatedAt'],
          properties: {
            decision: { enum: ['trusted', 'not-trusted', 'indeterminate'] },
            reasons: { type: 'array', items: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' } } } },
            notices: { type: 'array', items: { type: 'object' } },
            path: { type: 'array', items: { type: 'object', properties: { type: { enum: ['registry', 'recognition', 'authorization'] }, id: { type: 'string' } } } },
            entity: { type: 'string' },
            assuranceLevel: { enum: [1, 2, 3, 4] },
            governanceFramework: { type: 'object' },
            snapshot: { type: 'object', properties: { registry: { type: 'string' }, sequence: { type: 'integer' }, digest: { type: 'string' } } },
            snapshots: { type: 'array', items: { type: 'object' } },
            evaluatedAt: { type: 'string', format: 'date-time' },
          },
        },
        TrqpRequest: {
          type: 'object',
          required: ['entity_id', 'authority_id', 'action', 'resource'],
          properties: {
            entity_id: { type: 'string' },
            authority_id: { type: 'string' },
            action: { type: 'string' },
            resource: { type: 'string', description: 'A credential type, optionally `Type@CA-BC`' },
            context: { type: 'object', additionalProperties: { type: 'string' }, properties: { time: { type: 'string', format: 'date-time' } } },
          },
        },
        TrqpAuthorizationResponse: {
          type: 'object',
          required: ['entity_id', 'authority_id', 'action', 'resource', 'authorized', 'time_evaluated', 'message'],
          properties: {
            entity_id: { type: 'string' },
            authority_id: { type: 'string' },
            action: { type: 'string' },
            resource: { type: 'string' },
            authorized: { type: 'boolean' },
            time_requested: { type: 'string', format: 'date-time' },
            time_evaluated: { type: 'string', format: 'date-time' },
            message: { type: 'string' },
            context: { type: 'object', additionalProperties: { type: 'string' } },
            decision: ref('Decision'),
          },
        },
        TrqpRecognitionResponse: {
          type: 'object',
          required: ['entity_id', 'authority_id', 'action', 'resource', 'recognized', 'time_evaluated', 'message'],
          properties: {
            entity_id: { type: 'string' },
            authority_id: { type: 'string' },
            action: { type: 'string' },
            resource: { type: 'string' },
            recognized: { type: 'boolean' },
            time_requested: { type: 'string', format: 'date-time' },
            time_evaluated: { type: 'string', format: 'date-time' },
            message: { type: 'string' },
            context: { type: 'object', additionalProperties: { type: 'string' } },
          },
        },
        SnapshotInfo: {
          type: 'object',
          properties: {
            registry: { type: 'string' },
            sequence: { type: 'integer' },
            digest: { type: 'string' },
            stateDigest: { type: 'string' },
            issuedAt: { type: 'string', format: 'date-time' },
            nextUpdate: { type: 'string', format: 'date-time' },
            previous: { type: 'object', properties: { sequence: { type: 'integer' }, digest: { type: 'string' } } },
            jws: { type: 'string' },
          },
        },
        Bundle: { type: 'object', properties: { type: { const: 'TrustRegistryBundle' }, root: { type: 'string' }, createdAt: { type: 'string' }, snapshots: { type: 'array', items: { type: 'string' } } } },
        ChangeResult: { type: 'object', properties: { registry: { type: 'string' }, sequence: { type: 'integer' }, snapshot: { type: 'object' }, historySeq: { type: 'integer' } } },
      },
    },
  };
}
