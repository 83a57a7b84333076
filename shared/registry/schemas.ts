/** Registry shapes (Permenkomdigi 3/2025 Pasal 16): the single source for validation, types and OpenAPI. */
import { z } from '@hono/zod-openapi'

const Code = z
  .string()
  .min(2)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'lowercase letters, digits, dot, dash, underscore')

export const InstansiKind = z.enum(['kementerian', 'lembaga', 'provinsi', 'kabupaten', 'kota'])

export const InstansiInput = z
  .object({
    code: Code.openapi({ example: 'kemendagri' }),
    name: z.string().min(2).max(256).openapi({ example: 'Kementerian Dalam Negeri' }),
    kind: InstansiKind,
    region: z.string().max(128).default(''),
    parent: z.string().max(64).default('').describe('Provinsi code of a kabupaten/kota'),
    public_status: z.boolean().default(false).describe('Opted in to the public status page /status/{code} (published APIs only)'),
  })
  .openapi('InstansiInput')
export type InstansiInput = z.infer<typeof InstansiInput>
export const Instansi = InstansiInput.extend({ created_at: z.string(), updated_at: z.string() }).openapi('Instansi')

export const UnitKerjaInput = z
  .object({
    instansi: Code,
    code: Code,
    name: z.string().min(2).max(256).openapi({ example: 'Dinas Komunikasi dan Informatika' }),
  })
  .openapi('UnitKerjaInput')
export type UnitKerjaInput = z.infer<typeof UnitKerjaInput>
export const UnitKerja = UnitKerjaInput.extend({ created_at: z.string(), updated_at: z.string() })

export const GatewayProduct = z.enum(['wso2', 'kong', 'apisix', 'nginx', 'envoy', 'other'])

export const GatewayInput = z
  .object({
    id: Code.optional().describe('Generated from instansi and name when omitted'),
    instansi: Code,
    name: z.string().min(2).max(256),
    product: GatewayProduct,
    is_spl: z.boolean().default(true).describe('This gateway is the instansi SPL (not a point-to-point proxy)'),
    splp_linked: z.boolean().default(false).describe('Connected to the national SPLP'),
    base_url: z.string().max(512).default(''),
  })
  .openapi('GatewayInput')
export type GatewayInput = z.infer<typeof GatewayInput>
export const Gateway = GatewayInput.extend({
  id: z.string(),
  token_prefix: z.string().describe('First characters of the ingest token, to recognise it'),
  created_at: z.string(),
  updated_at: z.string(),
}).openapi('Gateway')

export const AuthType = z.enum(['oauth2', 'oidc', 'jwt', 'api_key', 'mtls', 'basic', 'none'])
export const Lifecycle = z.enum(['created', 'published', 'deprecated', 'retired'])

export const ApiInput = z
  .object({
    id: Code.optional(),
    instansi: Code,
    unit_kerja: z.string().max(64).default(''),
    gateway_id: z.string().max(64).default(''),
    name: z.string().min(2).max(256).openapi({ example: 'Layanan Data Kependudukan' }),
    version: z.string().max(32).default('1.0.0'),
    base_path: z.string().min(1).max(512).regex(/^\//, 'must start with /').openapi({ example: '/kependudukan/v1' }),
    host: z.string().max(256).default(''),
    auth_type: AuthType.default('oauth2'),
    openapi: z.string().max(2_000_000).default('').describe('OpenAPI document (JSON or YAML text)'),
    published_via_spl: z.boolean().default(true),
    lifecycle: Lifecycle.default('published'),
    deprecated_at: z.string().datetime({ offset: true }).nullable().default(null),
    removal_at: z.string().datetime({ offset: true }).nullable().default(null),
    sla_availability: z.number().min(0).max(100).default(99.5).describe('Availability target, %'),
    sla_p95_ms: z.number().positive().max(600_000).default(1000).describe('p95 latency target, ms'),
    tags: z.array(z.string().max(64)).max(32).default([]),
  })
  .openapi('ApiInput')
export type ApiInput = z.infer<typeof ApiInput>
export const Api = ApiInput.extend({ id: z.string(), created_at: z.string(), updated_at: z.string() }).openapi('Api')

export const ConsumerInput = z
  .object({
    id: Code.optional(),
    name: z.string().min(2).max(256).openapi({ example: 'SIMPEG Pemprov Jawa Barat' }),
    instansi: Code.describe('The consuming instansi'),
    owner_unit: z.string().max(64).default(''),
    match_ids: z
      .array(z.string().min(1).max(256))
      .max(64)
      .default([])
      .describe('Consumer ids as gateways log them (Kong consumer, WSO2 application, API key name)'),
  })
  .openapi('ConsumerInput')
export type ConsumerInput = z.infer<typeof ConsumerInput>
export const Consumer = ConsumerInput.extend({ id: z.string(), created_at: z.string(), updated_at: z.string() }).openapi('Consumer')
